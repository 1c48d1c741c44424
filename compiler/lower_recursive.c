/* compiler/lower_recursive.c — recursive user-defined functions.
 *
 * In:  a call of a function of the `functions` block that calls itself,
 * directly or through others (a cycle of the call graph, forward
 * declarations included).  Out: an IE_RCALL node (its value assigned to a
 * scalar temporary at `cur`) and, once per function, an ir_sub: the body
 * lowered into its own block, its arguments and locals IRV_FRAME scalars,
 * so that emit_c.c writes it as a C function that calls itself.  Calls of
 * other functions inside the body are inlined as usual (lower_fun.c).
 * Only scalar int and real arguments and results; in the density, a real
 * argument must not depend on the parameters: the call has no derivative
 * (activity.c treats it as a constant), so one that could need it is
 * reported, never silently cut off.
 * Never: lowers a body while another function is being lowered (the
 * bodies wait for lw_recursive_finish), or lowers one twice.
 */
#include <string.h>
#include "lower_int.h"

typedef struct {
    const fundef *f;     /* the definition */
    ir_sub *sub;
    int lowered;
} rec_fun;

struct rec_state {
    signed char *is_rec; /* per function of the program: 0 unknown, 1 yes, -1 no */
    rec_fun *funs;       /* functions called so far, in m->subs order */
    int n, cap;
};

/* ---- finding cycles -------------------------------------------------------- */

typedef struct {
    const program *p;
    const fundef *target;
    unsigned char *seen; /* per function: its body was walked */
    int found;
} call_walk;

static void walk_stmt(call_walk *w, const stmt *s);

static const fundef *definition(const fundef *f) { return f->definition ? f->definition : f; }

static int fun_index(const program *p, const fundef *f) {
    for (int i = 0; i < p->functions.n; i++)
        if (p->functions.items[i] == f) return i;
    return -1;
}

static void visit(call_walk *w, const fundef *callee) {
    const fundef *f = definition(callee);
    if (f == w->target) w->found = 1;
    int i = fun_index(w->p, f);
    if (w->found || i < 0 || w->seen[i]) return;
    w->seen[i] = 1;
    walk_stmt(w, f->body);
}

static void walk_expr(call_walk *w, const expr *e) {
    if (!e || w->found) return;
    if (e->fun) visit(w, e->fun); /* a call, or a function passed to reduce_sum / an ODE solver */
    walk_expr(w, e->lhs);
    walk_expr(w, e->rhs);
    walk_expr(w, e->cond);
    for (int i = 0; i < e->args.n; i++) walk_expr(w, e->args.items[i]);
}

static void walk_decl(call_walk *w, const decl *d) {
    if (!d) return;
    walk_expr(w, d->init);
    walk_expr(w, d->vec_size);
    walk_expr(w, d->vec_cols);
    for (int i = 0; i < d->array_sizes.n; i++) walk_expr(w, d->array_sizes.items[i]);
}

static void walk_stmt(call_walk *w, const stmt *s) {
    if (!s || w->found) return;
    if (s->fun) visit(w, s->fun);
    walk_decl(w, s->decl);
    walk_expr(w, s->lhs);
    walk_expr(w, s->rhs);
    walk_expr(w, s->cond);
    walk_expr(w, s->lo);
    walk_expr(w, s->hi);
    walk_expr(w, s->trunc_lo);
    walk_expr(w, s->trunc_hi);
    for (int i = 0; i < s->args.n; i++) walk_expr(w, s->args.items[i]);
    walk_stmt(w, s->then_s);
    walk_stmt(w, s->else_s);
    for (int i = 0; i < s->body.n; i++) walk_stmt(w, s->body.items[i]);
}

static struct rec_state *state(lctx *c) {
    if (c->rec) return c->rec;
    c->rec = arena_alloc(c->a, sizeof *c->rec);
    memset(c->rec, 0, sizeof *c->rec);
    int n = c->p->functions.n;
    c->rec->is_rec = arena_alloc(c->a, (size_t)(n ? n : 1));
    memset(c->rec->is_rec, 0, (size_t)(n ? n : 1));
    return c->rec;
}

int lw_is_recursive(lctx *c, const fundef *f) {
    f = definition(f);
    int i = fun_index(c->p, f);
    if (i < 0 || !f->body) return 0;
    struct rec_state *r = state(c);
    if (r->is_rec[i]) return r->is_rec[i] > 0;
    int n = c->p->functions.n;
    call_walk w = {c->p, f, arena_alloc(c->a, (size_t)n), 0};
    memset(w.seen, 0, (size_t)n);
    walk_stmt(&w, f->body);
    r->is_rec[i] = w.found ? 1 : -1;
    return w.found;
}

/* ---- calls ----------------------------------------------------------------- */

static int is_scalar(val_type t) { return t.array_dims == 0 && (t.base == TY_INT || t.base == TY_REAL); }

/* What of f's signature is not supported, or NULL. */
static const char *unsupported_signature(const fundef *f) {
    size_t len = strlen(f->name);
    if ((len > 3 && strcmp(f->name + len - 3, "_lp") == 0) ||
        (len > 4 && strcmp(f->name + len - 4, "_rng") == 0))
        return "recursive _lp and _rng functions";
    if (!is_scalar(f->ret) && f->ret.base != TY_VOID)
        return "recursive functions returning containers or tuples";
    for (int i = 0; i < f->params.n; i++)
        if (!is_scalar(((const decl *)f->params.items[i])->type))
            return "recursive functions with container or tuple arguments";
    return NULL;
}

/* The index of f's ir_sub, made on its first call (-1: not supported). */
static int sub_of(lctx *c, const fundef *f, const expr *at) {
    struct rec_state *r = state(c);
    for (int i = 0; i < r->n; i++)
        if (r->funs[i].f == f) return r->funs[i].sub ? i : -1;
    const char *why = unsupported_signature(f);
    if (why) lw_unsupported(c, at->span, arena_printf(c->a, "%s (%s)", why, f->name));
    int cap = r->cap; /* the two arrays grow together */
    r->funs = lw_grow(c, r->funs, r->n, &r->cap, sizeof *r->funs);
    c->m->subs = lw_grow(c, c->m->subs, r->n, &cap, sizeof *c->m->subs);
    ir_sub *s = NULL;
    if (!why) {
        s = arena_alloc(c->a, sizeof *s);
        memset(s, 0, sizeof *s);
        s->name = f->name;
        s->span = f->name_span;
        s->nparams = f->params.n;
        s->is_int = f->ret.base != TY_REAL; /* a void function returns int 0 */
    }
    r->funs[r->n] = (rec_fun){f, s, 0};
    c->m->subs[r->n] = s;
    c->m->nsubs = ++r->n;
    return s ? r->n - 1 : -1;
}

/* e cannot depend on the parameters: ints never do (they are never
 * active), and every real it reads is data, transformed data or a
 * recursive function's own argument or local. */
static int parameter_free(const ir_expr *e) {
    if (e->is_int) return 1;
    if (e->kind == IE_VAR)
        return e->var->role == IRV_DATA || e->var->role == IRV_TDATA || e->var->role == IRV_FRAME;
    for (int i = 0; i < e->nargs; i++)
        if (!parameter_free(e->args[i])) return 0;
    return 1;
}

/* Argument i of a call: args[i], else vars[i], else values[i]. */
static ir_expr *argument(lctx *c, const expr **args, ir_var **vars, ir_expr **values, int i,
                         const expr *at) {
    if (args && args[i]) {
        ir_expr *dims[MAXD];
        if (lw_shape(c, args[i], dims) != 0) return lw_bad(c, at, "a container argument here");
        return lw_scalar(c, args[i]);
    }
    if (vars && vars[i]) return vars[i]->ndims ? lw_bad(c, at, "a container argument here")
                                               : ir_read0(c->a, vars[i]);
    return values[i];
}

ir_var *lw_recursive_call(lctx *c, const fundef *f, const expr **args, ir_var **vars,
                          ir_expr **values, int n, const expr *at) {
    int k = sub_of(c, f, at);
    if (k < 0) return NULL;
    ir_expr **argv = ir_args(c->a, n);
    int bad = 0;
    for (int i = 0; i < n; i++) {
        const decl *p = f->params.items[i];
        argv[i] = argument(c, args, vars, values, i, at);
        if (p->type.base == TY_REAL) argv[i] = realv(c, argv[i]);
        bad |= c->fn == IRF_DENSITY && !parameter_free(argv[i]);
    }
    if (bad) {
        lw_unsupported(c, at->span,
                       arena_printf(c->a, "recursive functions with parameter arguments (%s)", f->name));
        return NULL;
    }
    ir_sub *s = c->m->subs[k];
    ir_expr *call = ir_rcall(c->a, k, s->is_int, n, argv);
    call->span = at->span;
    ir_var *t = lw_temp(c, at, s->is_int, 0, NULL);
    lw_set(c, t, NULL, call, at);
    return f->ret.base == TY_VOID ? NULL : t;
}

/* ---- bodies ---------------------------------------------------------------- */

/* f's body into s->body, with a fresh lowering state: no inlined callers,
 * no loops, no pointwise pass, no target. */
static void lower_body(lctx *c, const fundef *f, ir_sub *s) {
    lctx saved = *c;
    c->fn = IRF_DENSITY;
    c->in_sub = s;
    c->cur = &s->body;
    c->inl = NULL;
    c->cur_for = NULL;
    c->broadcast = 0;
    c->pw = NULL;
    c->pointwise = 0;
    c->target_acc = c->target_sum = NULL;
    c->jump_brk = c->jump_cont = NULL;
    s->var_lo = c->m->nvars;
    s->params = arena_alloc(c->a, sizeof *s->params * (size_t)(s->nparams ? s->nparams : 1));
    for (int i = 0; i < s->nparams; i++) {
        const decl *p = f->params.items[i];
        lw_forget(c, p);
        s->params[i] = ir_var_new(c->m, p->name, IRV_FRAME, p->type.base == TY_INT, 0);
        s->params[i]->src = p;
        lw_bind_var(c, p, s->params[i]);
    }
    expr at = {.span = f->name_span};
    s->result = lw_fun_body(c, f, &at);
    if (f->ret.base == TY_VOID) s->result = NULL;
    s->var_hi = c->m->nvars;
    for (int i = 0; i < s->nparams; i++) lw_forget(c, f->params.items[i]);
    /* keep what grew (bindings, hoisted temporaries, counters, tuples) */
    saved.map = c->map;
    saved.nmap = c->nmap;
    saved.cap = c->cap;
    saved.hoist = c->hoist;
    saved.nhoist = c->nhoist;
    saved.caphoist = c->caphoist;
    saved.gen = c->gen;
    saved.nloop = c->nloop;
    saved.tup = c->tup;
    saved.rec = c->rec;
    *c = saved;
}

void lw_recursive_finish(lctx *c) {
    struct rec_state *r = c->rec;
    for (int i = 0; r && i < r->n; i++) { /* r->n grows as bodies call others */
        if (r->funs[i].lowered || !r->funs[i].sub) continue;
        r->funs[i].lowered = 1;
        lower_body(c, r->funs[i].f, r->funs[i].sub);
    }
}
