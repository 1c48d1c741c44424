/* compiler/ir.c — IR constructors, the text dump and the IR checker.
 *
 * In:  requests from lower.c; a finished module for ir_dump / ir_verify.
 * Out: arena-allocated nodes; text on a FILE; a count of invariant
 * violations.  Never: allocates outside the module's arena, or reports a
 * user error (a failed ir_verify is a compiler bug).
 */
#include "ir.h"
#include <string.h>
#include "catalog.h"

/* ---- constructors ------------------------------------------------------ */

ir_module *ir_module_new(arena *a, const char *name, const char *file) {
    ir_module *m = arena_alloc(a, sizeof *m);
    m->arena = a;
    m->name = name;
    m->file = file;
    for (int i = 0; i < IRF_COUNT; i++) m->fns[i].kind = (ir_fn_kind)i;
    return m;
}

/* Unique C identifier: the source name, with a numeric suffix if taken. */
static const char *unique_cname(ir_module *m, const char *name) {
    for (int k = 0;; k++) {
        const char *c = k ? arena_printf(m->arena, "%s_%d", name, k) : name;
        int taken = 0;
        for (int i = 0; i < m->nvars && !taken; i++)
            taken = strcmp(m->vars[i]->cname, c) == 0;
        if (!taken) return c;
    }
}

ir_var *ir_var_new(ir_module *m, const char *name, ir_role role, int is_int,
                   int ndims) {
    ir_var *v = arena_alloc(m->arena, sizeof *v);
    v->name = name;
    v->cname = unique_cname(m, name);
    v->role = role;
    v->is_int = is_int;
    v->ndims = ndims;
    if (m->nvars == m->cap) {
        int cap = m->cap ? 2 * m->cap : 32;
        ir_var **nv = arena_alloc(m->arena, sizeof *nv * (size_t)cap);
        if (m->nvars) memcpy(nv, m->vars, sizeof *nv * (size_t)m->nvars);
        m->vars = nv;
        m->cap = cap;
    }
    v->id = m->nvars;
    m->vars[m->nvars++] = v;
    return v;
}

static ir_expr *expr_new(arena *a, ir_expr_kind k, int is_int) {
    ir_expr *e = arena_alloc(a, sizeof *e);
    e->kind = k;
    e->is_int = is_int;
    return e;
}

ir_expr **ir_args(arena *a, int n) {
    return arena_alloc(a, sizeof(ir_expr *) * (size_t)(n ? n : 1));
}

ir_expr *ir_int(arena *a, long v) {
    ir_expr *e = expr_new(a, IE_INT, 1);
    e->ival = v;
    return e;
}

ir_expr *ir_real(arena *a, double v) {
    ir_expr *e = expr_new(a, IE_REAL, 0);
    e->rval = v;
    return e;
}

/* idx is copied (callers may pass stack arrays). */
ir_expr *ir_read(arena *a, ir_var *v, int nidx, ir_expr **idx) {
    ir_expr *e = expr_new(a, IE_VAR, v->is_int);
    e->var = v;
    e->nargs = nidx;
    e->args = ir_args(a, nidx);
    for (int i = 0; i < nidx; i++) e->args[i] = idx[i];
    return e;
}

ir_expr *ir_read0(arena *a, ir_var *v) { return ir_read(a, v, 0, NULL); }

ir_expr *ir_dim(arena *a, ir_var *v, int dim) {
    ir_expr *e = expr_new(a, IE_DIM, 1);
    e->var = v;
    e->ival = dim;
    return e;
}

ir_expr *ir_bin(arena *a, op_kind op, ir_expr *l, ir_expr *r) {
    int cmp = op >= OP_LT && op <= OP_OR;
    ir_expr *e = expr_new(a, IE_BIN, cmp || (l->is_int && r->is_int));
    e->op = op;
    e->nargs = 2;
    e->args = ir_args(a, 2);
    e->args[0] = l;
    e->args[1] = r;
    return e;
}

/* A node of one argument x. */
static ir_expr *unary_node(arena *a, ir_expr_kind kind, int is_int, ir_expr *x) {
    ir_expr *e = expr_new(a, kind, is_int);
    e->nargs = 1;
    e->args = ir_args(a, 1);
    e->args[0] = x;
    return e;
}

ir_expr *ir_neg(arena *a, ir_expr *x) { return unary_node(a, IE_NEG, x->is_int, x); }

ir_expr *ir_intrin1(arena *a, ir_intrin f, ir_expr *x) {
    ir_expr *e = unary_node(a, IE_INTRIN, 0, x);
    e->intrin = f;
    return e;
}

ir_expr *ir_flags(arena *a, unsigned mask) {
    ir_expr *e = expr_new(a, IE_FLAGS, 1);
    e->ival = (long)mask;
    return e;
}

ir_expr *ir_sum(arena *a, ir_var *loop, ir_expr *lo, ir_expr *hi, ir_expr *body, ir_expr *init) {
    ir_expr *e = arena_alloc(a, sizeof *e);
    memset(e, 0, sizeof *e);
    e->kind = IE_SUM;
    e->var = loop;
    e->nargs = 4;
    e->args = ir_args(a, 4);
    e->args[0] = lo;
    e->args[1] = hi;
    e->args[2] = body;
    e->args[3] = init;
    return e;
}

ir_expr *ir_stop(arena *a, ir_expr *x) { return unary_node(a, IE_STOP, x->is_int, x); }

ir_expr *ir_partial(arena *a, const ir_expr *f, int k) {
    ir_expr *e = expr_new(a, IE_PARTIAL, 0);
    e->sig = f->kind == IE_INTRIN ? NULL : f->sig;
    e->intrin = f->intrin;
    e->nargs = f->nargs;
    e->args = f->args;
    e->ival = k;
    e->span = f->span;
    return e;
}

ir_expr *ir_gradient(arena *a) { return expr_new(a, IE_GRADIENT, 1); }

ir_expr *ir_rcall(arena *a, int sub, int is_int, int nargs, ir_expr **args) {
    ir_expr *e = expr_new(a, IE_RCALL, is_int);
    e->ival = sub;
    e->nargs = nargs;
    e->args = args;
    return e;
}

ir_stmt *ir_stmt_new(arena *a, ir_stmt_kind kind, src_span span) {
    ir_stmt *s = arena_alloc(a, sizeof *s);
    s->kind = kind;
    s->span = span;
    return s;
}

void ir_push(arena *a, ir_block *b, ir_stmt *s) {
    if (b->n == b->cap) {
        int cap = b->cap ? 2 * b->cap : 8;
        ir_stmt **ni = arena_alloc(a, sizeof *ni * (size_t)cap);
        if (b->n) memcpy(ni, b->items, sizeof *ni * (size_t)b->n);
        b->items = ni;
        b->cap = cap;
    }
    b->items[b->n++] = s;
}

ir_stmt *ir_assign(arena *a, ir_var *v, int nidx, ir_expr **idx, ir_expr *rhs,
                   src_span span) {
    ir_stmt *s = ir_stmt_new(a, IS_ASSIGN, span);
    s->var = v;
    s->nidx = nidx;
    s->idx = ir_args(a, nidx);
    for (int i = 0; i < nidx; i++) s->idx[i] = idx[i];
    s->rhs = rhs;
    return s;
}

ir_stmt *ir_target(arena *a, ir_expr *rhs, src_span span) {
    ir_stmt *s = ir_stmt_new(a, IS_TARGET, span);
    s->rhs = rhs;
    return s;
}

ir_stmt *ir_for(arena *a, ir_var *loop, ir_expr *lo, ir_expr *hi, src_span span) {
    ir_stmt *s = ir_stmt_new(a, IS_FOR, span);
    s->var = loop;
    s->lo = lo;
    s->hi = hi;
    return s;
}

/* ---- names ------------------------------------------------------------- */

void ir_unswitch_flag_guards(arena *a, ir_block *b) {
    for (int i = 0; i < b->n; i++) {
        ir_stmt *s = b->items[i];
        ir_unswitch_flag_guards(a, &s->body);
        ir_unswitch_flag_guards(a, &s->els);
        if (s->kind != IS_FOR || s->body.n != 1) continue;
        ir_stmt *g = s->body.items[0];
        if (g->kind != IS_IF || g->cond->kind != IE_FLAGS || g->body.n != 0) continue;
        s->body = g->els;
        g->els = (ir_block){0};
        ir_push(a, &g->els, s);
        b->items[i] = g;
    }
}

const char *ir_role_name(ir_role r) {
    static const char *const names[IRV_ROLE_COUNT] = {
        "data", "tdata", "theta", "param", "tparam", "local", "gq", "loop", "out", "in",
        "frame"};
    return (unsigned)r < IRV_ROLE_COUNT ? names[r] : "?";
}

const char *ir_intrin_name(ir_intrin f) {
    static const char *const names[II_COUNT] = {
        "exp", "log", "inv_logit", "log_inv_logit", "log1m_inv_logit", "logit"};
    return (unsigned)f < II_COUNT ? names[f] : "?";
}

static const char *op_text(op_kind op) {
    static const char *const t[] = {"+", "-", "*", "/", "<", "<=", ">", ">=",
                                    "==", "!=", "&&", "||", "-", "!", "+"};
    return (unsigned)op < sizeof t / sizeof t[0] ? t[op] : "?";
}

/* ---- dump ------------------------------------------------------------- */

static void dump_expr(const ir_expr *e, FILE *o);

static void dump_list(ir_expr *const *a, int n, FILE *o) {
    for (int i = 0; i < n; i++) {
        if (i) fputs(", ", o);
        dump_expr(a[i], o);
    }
}

static void dump_expr(const ir_expr *e, FILE *o) {
    switch (e->kind) {
    case IE_INT: fprintf(o, "%ld", e->ival); break;
    case IE_REAL: fprintf(o, "%.17g", e->rval); break;
    case IE_VAR:
        fputs(e->var->cname, o);
        if (e->nargs) { fputc('[', o); dump_list(e->args, e->nargs, o); fputc(']', o); }
        break;
    case IE_DIM: fprintf(o, "dim(%s,%ld)", e->var->cname, e->ival); break;
    case IE_NEG: fputs("(-", o); dump_expr(e->args[0], o); fputc(')', o); break;
    case IE_NOT: fputs("(!", o); dump_expr(e->args[0], o); fputc(')', o); break;
    case IE_BIN:
        fputc('(', o); dump_expr(e->args[0], o);
        fprintf(o, " %s ", op_text(e->op));
        dump_expr(e->args[1], o); fputc(')', o);
        break;
    case IE_INTRIN: fprintf(o, "%s(", ir_intrin_name(e->intrin)); dump_list(e->args, 1, o); fputc(')', o); break;
    case IE_CALL: fprintf(o, "%s(", e->sig->name); dump_list(e->args, e->nargs, o); fputc(')', o); break;
    case IE_DENS:
        fprintf(o, "%s_%s(", e->sig->name, e->propto ? "lupdf" : "lpdf");
        dump_list(e->args, e->nargs, o); fputc(')', o);
        break;
    case IE_FLAGS: fprintf(o, "flags(%ld)", e->ival); break;
    case IE_SUM:
        fprintf(o, "sum(%s in ", e->var->cname);
        dump_expr(e->args[0], o);
        fputc(':', o);
        dump_expr(e->args[1], o);
        fputs(", ", o);
        dump_expr(e->args[2], o);
        fputs(", from ", o);
        dump_expr(e->args[3], o);
        fputc(')', o);
        break;
    case IE_STOP: fputs("stop(", o); dump_expr(e->args[0], o); fputc(')', o); break;
    case IE_PARTIAL:
        fprintf(o, "d%ld:%s(", e->ival + 1, e->sig ? e->sig->name : ir_intrin_name(e->intrin));
        dump_list(e->args, e->nargs, o); fputc(')', o);
        break;
    case IE_GRADIENT: fputs("gradient()", o); break;
    case IE_RCALL: fprintf(o, "sub%ld(", e->ival); dump_list(e->args, e->nargs, o); fputc(')', o); break;
    }
    if (e->active && e->kind != IE_VAR) fputs("'", o);
}

static void indent(int d, FILE *o) { fprintf(o, "%*s", 2 * d, ""); }

static void dump_block(const ir_block *b, int d, FILE *o);

static void dump_stmt(const ir_stmt *s, int d, FILE *o) {
    indent(d, o);
    switch (s->kind) {
    case IS_ASSIGN:
        fputs(s->var->cname, o);
        if (s->nidx) { fputc('[', o); dump_list(s->idx, s->nidx, o); fputc(']', o); }
        fputs(" = ", o); dump_expr(s->rhs, o); fputc('\n', o);
        break;
    case IS_TARGET:
        fputs(s->jacobian ? "target +=[jacobian] " : "target += ", o);
        dump_expr(s->rhs, o); fputc('\n', o);
        break;
    case IS_FOR:
        fprintf(o, "%s (%s in ", s->plate ? "plate" : "for", s->var->cname);
        dump_expr(s->lo, o); fputc(':', o); dump_expr(s->hi, o); fputs(")\n", o);
        dump_block(&s->body, d + 1, o);
        break;
    case IS_IF:
        fputs("if ", o); dump_expr(s->cond, o); fputc('\n', o);
        dump_block(&s->body, d + 1, o);
        if (s->els.n) { indent(d, o); fputs("else\n", o); dump_block(&s->els, d + 1, o); }
        break;
    case IS_WHILE:
        fputs("while ", o); dump_expr(s->cond, o); fputc('\n', o);
        dump_block(&s->body, d + 1, o);
        break;
    case IS_PRINT:
        fprintf(o, "print \"%s\"", s->msg ? s->msg : "");
        if (s->rhs) { fputc(' ', o); dump_expr(s->rhs, o); }
        fputs(s->plate ? " newline\n" : "\n", o);
        break;
    case IS_CHECK:
        fputs("check ", o); dump_expr(s->cond, o);
        fprintf(o, " \"%s\"\n", s->var ? s->what : s->msg);
        break;
    case IS_ALLOC: fprintf(o, "alloc %s\n", s->var->cname); break;
    case IS_BIND: fprintf(o, "bind %s  // %s\n", s->var->cname, s->msg); break;
    case IS_INFER: fprintf(o, "infer %s\n", s->var->cname); break;
    }
}

static void dump_block(const ir_block *b, int d, FILE *o) {
    for (int i = 0; i < b->n; i++) dump_stmt(b->items[i], d, o);
}

static void dump_var(const ir_var *v, FILE *o) {
    fprintf(o, "  %-6s %s %s", ir_role_name(v->role), v->is_int ? "int " : "real", v->cname);
    if (v->ndims) {
        fputc('[', o);
        dump_list(v->dims, v->ndims, o);
        fputc(']', o);
    }
    fputs(v->active ? "  active\n" : "\n", o);
}

void ir_dump(const ir_module *m, FILE *o) {
    static const char *const fn_names[IRF_COUNT] = {"tdata", "density", "write_array",
                                                    "unconstrain"};
    fprintf(o, "module %s\nvars:\n", m->name);
    for (int i = 0; i < m->nvars; i++) dump_var(m->vars[i], o);
    for (int f = 0; f < IRF_COUNT; f++) {
        fprintf(o, "fn %s:\n", fn_names[f]);
        dump_block(&m->fns[f].body, 1, o);
    }
    for (int i = 0; i < m->nsubs; i++) {
        const ir_sub *r = m->subs[i];
        fprintf(o, "fn sub%d %s(", i, r->name);
        for (int k = 0; k < r->nparams; k++) fprintf(o, "%s%s", k ? ", " : "", r->params[k]->cname);
        fprintf(o, ") -> %s:\n", r->result ? r->result->cname : "void");
        dump_block(&r->body, 1, o);
    }
}

/* ---- verify ------------------------------------------------------------ */

typedef struct {
    const ir_module *m;
    ir_fn_kind fn;
    FILE *out;
    int problems;
    const ir_var *loops[64]; /* loop variables in scope */
    int nloops;
    const ir_sub *sub;       /* checking a recursive function's body */
} vctx;

static void vfail(vctx *c, const char *what, const char *name) {
    c->problems++;
    if (c->out) fprintf(c->out, "ir_verify: %s: %s\n", what, name ? name : "");
}

static int loop_in_scope(const vctx *c, const ir_var *v) {
    for (int i = 0; i < c->nloops; i++)
        if (c->loops[i] == v) return 1;
    return 0;
}

static void verify_expr(vctx *c, const ir_expr *e);

static void verify_args(vctx *c, const ir_expr *e) {
    for (int i = 0; i < e->nargs; i++) {
        if (!e->args[i]) { vfail(c, "missing argument", e->var ? e->var->cname : e->sig ? e->sig->name : "?"); continue; }
        verify_expr(c, e->args[i]);
    }
}

static void verify_read(vctx *c, const ir_expr *e) {
    if (e->nargs != e->var->ndims) vfail(c, "index count differs from ndims", e->var->cname);
    if (e->var->role == IRV_LOOP && !loop_in_scope(c, e->var))
        vfail(c, "loop variable read outside its loop", e->var->cname);
    if (e->is_int != e->var->is_int) vfail(c, "int/real mismatch in read", e->var->cname);
    for (int i = 0; i < e->nargs; i++)
        if (e->args[i] && !e->args[i]->is_int) vfail(c, "real index", e->var->cname);
}

/* A math call: its arity, int result and int arguments as the catalog says. */
static void verify_call(vctx *c, const ir_expr *e) {
    if (e->nargs != e->sig->nargs) vfail(c, "call arity differs from its signature", e->sig->name);
    if (e->is_int != (e->sig->returns_int != 0)) vfail(c, "int/real mismatch in call result", e->sig->name);
    for (int i = 0; i < e->nargs && i < e->sig->nargs; i++)
        if (e->sig->args[i] == ARG_INT && e->args[i] && !e->args[i]->is_int)
            vfail(c, "real passed as an int argument", e->sig->name);
}

/* A partial: of a real argument of something with partials, and (after
 * activity analysis) of inactive arguments only: the reverse sweep does not
 * differentiate a partial. */
static void verify_partial(vctx *c, const ir_expr *e) {
    const char *name = e->sig ? e->sig->name : ir_intrin_name(e->intrin);
    if (e->ival < 0 || e->ival >= e->nargs) { vfail(c, "partial of a missing argument", name); return; }
    if (e->sig && (e->sig->kind == FN_RNG || (e->sig->kind == FN_MATH && !e->sig->c_grad)))
        vfail(c, "partial of a function without partials", name);
    if (e->sig && e->ival < e->sig->nargs && e->sig->args[e->ival] != ARG_REAL &&
        e->sig->args[e->ival] != ARG_REALS)
        vfail(c, "partial with respect to an int argument", name);
    for (int i = 0; i < e->nargs; i++)
        if (e->args[i] && e->args[i]->active) vfail(c, "partial of active arguments", name);
}

static void verify_expr(vctx *c, const ir_expr *e) {
    if (!e) { vfail(c, "null expression", NULL); return; }
    if (e->kind == IE_VAR) verify_read(c, e);
    if (e->kind == IE_DIM && (e->ival < 0 || e->ival >= e->var->ndims))
        vfail(c, "dim out of range", e->var->cname);
    if ((e->kind == IE_CALL || e->kind == IE_DENS) && !e->sig)
        vfail(c, "call without signature", NULL);
    if (e->kind == IE_CALL && e->sig) verify_call(c, e);
    if ((e->kind == IE_BIN && e->nargs != 2) || ((e->kind == IE_NEG || e->kind == IE_INTRIN) && e->nargs != 1))
        vfail(c, "wrong operand count", NULL);
    if (e->kind == IE_DENS && e->is_int) vfail(c, "int density", e->sig->name);
    if (e->kind == IE_CALL && e->sig && e->sig->kind == FN_RNG && c->fn != IRF_TDATA &&
        c->fn != IRF_WRITE)
        vfail(c, "random draw outside create and write_array", e->sig->name);
    if (e->kind == IE_CALL && e->sig && catalog_is_density(e->sig))
        vfail(c, "density in a call node", e->sig->name);
    if (e->kind == IE_SUM) {
        if (e->nargs != 4 || !e->var || e->var->role != IRV_LOOP || e->is_int || e->args[3]->is_int ||
            !e->args[0]->is_int || !e->args[1]->is_int)
            vfail(c, "malformed sum", NULL);
        verify_expr(c, e->args[0]);
        verify_expr(c, e->args[1]);
        verify_expr(c, e->args[3]);
        if (c->nloops == 64) {
            vfail(c, "loops nested too deep", NULL);
            return;
        }
        c->loops[c->nloops++] = e->var;
        verify_expr(c, e->args[2]);
        c->nloops--;
        return;
    }
    if (e->kind == IE_STOP && e->nargs != 1) vfail(c, "wrong operand count", "stop");
    if (e->kind == IE_PARTIAL) verify_partial(c, e);
    if (e->kind == IE_RCALL && (e->ival < 0 || e->ival >= c->m->nsubs ||
                                e->nargs != c->m->subs[e->ival]->nparams || e->active))
        vfail(c, "malformed call of a recursive function", NULL);
    verify_args(c, e);
}

static int role_writable(ir_fn_kind f, ir_role r) {
    switch (f) {
    case IRF_TDATA: return r == IRV_TDATA;
    case IRF_DENSITY: return r == IRV_PARAM || r == IRV_TPARAM || r == IRV_LOCAL;
    case IRF_WRITE: return r == IRV_PARAM || r == IRV_TPARAM || r == IRV_LOCAL || r == IRV_GQ || r == IRV_OUT;
    case IRF_UNCONSTRAIN: return r == IRV_THETA || r == IRV_LOCAL;
    default: return 0;
    }
}

static void verify_block(vctx *c, const ir_block *b);

static void verify_stmt(vctx *c, const ir_stmt *s) {
    switch (s->kind) {
    case IS_ASSIGN:
        if (s->nidx != s->var->ndims) vfail(c, "assignment index count", s->var->cname);
        if (c->sub ? s->var->role != IRV_FRAME : !role_writable(c->fn, s->var->role))
            vfail(c, "variable not writable here", s->var->cname);
        if (s->var->is_int && !s->rhs->is_int) vfail(c, "real assigned to int", s->var->cname);
        for (int i = 0; i < s->nidx; i++) verify_expr(c, s->idx[i]);
        verify_expr(c, s->rhs);
        break;
    case IS_TARGET:
        if (c->fn != IRF_DENSITY || c->sub) vfail(c, "target += outside the density", NULL);
        verify_expr(c, s->rhs);
        break;
    case IS_FOR:
        if (s->var->role != IRV_LOOP || !s->var->is_int) vfail(c, "bad loop variable", s->var->cname);
        verify_expr(c, s->lo);
        verify_expr(c, s->hi);
        if (c->nloops == 64) { vfail(c, "loops nested too deep", NULL); return; }
        c->loops[c->nloops++] = s->var;
        verify_block(c, &s->body);
        c->nloops--;
        break;
    case IS_IF:
        verify_expr(c, s->cond);
        verify_block(c, &s->body);
        verify_block(c, &s->els);
        break;
    case IS_WHILE:
        verify_expr(c, s->cond);
        verify_block(c, &s->body);
        break;
    case IS_PRINT:
        if (s->rhs) verify_expr(c, s->rhs);
        break;
    case IS_CHECK:
        verify_expr(c, s->cond);
        if (s->var && !s->rhs) vfail(c, "data check without element", s->var->cname);
        if (!s->var && !s->msg) vfail(c, "check without message", NULL);
        break;
    case IS_ALLOC: case IS_BIND: case IS_INFER:
        if (c->fn != IRF_TDATA) vfail(c, "binding outside create", s->var->cname);
        break;
    }
}

static void verify_block(vctx *c, const ir_block *b) {
    for (int i = 0; i < b->n; i++) {
        if (!b->items[i]) { vfail(c, "null statement", NULL); continue; }
        verify_stmt(c, b->items[i]);
    }
}

int ir_verify(const ir_module *m, FILE *out) {
    vctx c = {.m = m, .out = out};
    for (int i = 0; i < m->nvars; i++) {
        const ir_var *v = m->vars[i];
        if (v->id != i) vfail(&c, "variable id", v->cname);
        if (v->ndims < 0 || v->ndims > IR_MAX_DIMS) vfail(&c, "ndims", v->cname);
        if (v->active && v->is_int) vfail(&c, "active int variable", v->cname);
        for (int k = 0; k < v->ndims; k++)
            if (!v->dims[k] || !v->dims[k]->is_int) vfail(&c, "bad dimension", v->cname);
    }
    for (int f = 0; f < IRF_COUNT; f++) {
        c.fn = (ir_fn_kind)f;
        verify_block(&c, &m->fns[f].body);
    }
    c.fn = IRF_DENSITY; /* no draws in a recursive function */
    for (int i = 0; i < m->nsubs; i++) {
        c.sub = m->subs[i];
        verify_block(&c, &c.sub->body);
    }
    return c.problems;
}
