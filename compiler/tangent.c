/* compiler/tangent.c — forward-mode (tangent-linear) transform of IR blocks.
 *
 * In:  a block of IR statements (lower_ode.c: the inlined right-hand side of
 * an ODE), seed variables with their tangents, the number of directions.
 * Out: the statements again, in order, each assignment to a variable that
 * depends on a seed followed by the assignment of its tangent (a loop over
 * the directions): dx = sum_k dg/darg_k * d(arg_k) for x = g(args).  When
 * the assignment overwrites a value it reads (x = x * x), the tangent comes
 * first instead, so that both read the same values.
 * Never: builds a derivative rule of its own for a catalog function or an
 * intrinsic (IE_PARTIAL nodes ask emit_c.c for the catalog's partials),
 * differentiates int values, or gives stop() a tangent.
 */
#include "tangent.h"
#include "catalog.h"

/* ---- the map from variables to their tangents ----------------------------- */

void tan_seed(tan_ctx *t, ir_var *v, ir_var *dv) {
    if (t->n == t->cap) {
        int cap = t->cap ? 2 * t->cap : 32;
        ir_var **f = arena_alloc(t->a, sizeof *f * (size_t)cap);
        ir_var **d = arena_alloc(t->a, sizeof *d * (size_t)cap);
        for (int i = 0; i < t->n; i++) {
            f[i] = t->from[i];
            d[i] = t->to[i];
        }
        t->from = f;
        t->to = d;
        t->cap = cap;
    }
    t->from[t->n] = v;
    t->to[t->n++] = dv;
}

ir_var *tan_of(const tan_ctx *t, const ir_var *v) {
    for (int i = t->n - 1; i >= 0; i--)
        if (t->from[i] == v) return t->to[i];
    return NULL;
}

/* A new tangent variable for v: v's dimensions, then the directions. */
static ir_var *tan_new(tan_ctx *t, ir_var *v) {
    if (v->ndims >= IR_MAX_DIMS) {
        t->unsupported = "a variable with too many dimensions";
        return NULL;
    }
    ir_var *dv = ir_var_new(t->m, arena_printf(t->a, "__d_%s", v->name), IRV_LOCAL, 0,
                            v->ndims + 1);
    for (int k = 0; k < v->ndims; k++) dv->dims[k] = v->dims[k];
    dv->dims[v->ndims] = t->ndir_alloc;
    dv->scope = v->scope;
    tan_seed(t, v, dv);
    return dv;
}

/* ---- which variables get tangents --------------------------------------------- */

static int depends(const tan_ctx *t, const ir_expr *e) {
    if (e->is_int || e->kind == IE_STOP || e->kind == IE_PARTIAL) return 0;
    if (e->kind == IE_VAR) return tan_of(t, e->var) != NULL;
    for (int i = 0; i < e->nargs; i++)
        if (depends(t, e->args[i])) return 1;
    return 0;
}

/* One pass: a tangent for every real variable assigned from something that
 * depends on a seed.  Returns 1 when one was added. */
static int collect(tan_ctx *t, const ir_block *b) {
    int grew = 0;
    for (int i = 0; i < b->n; i++) {
        const ir_stmt *s = b->items[i];
        if (s->kind == IS_ASSIGN && !s->var->is_int && !tan_of(t, s->var) && depends(t, s->rhs)) {
            tan_new(t, s->var);
            grew = 1;
        }
        grew |= collect(t, &s->body);
        grew |= collect(t, &s->els);
    }
    return grew;
}

/* ---- tangents of expressions (NULL: zero) --------------------------------------- */

/* A primal value the tangent multiplies by (an operand, a quotient, a
 * partial): the same for every direction, so anything but a literal or a
 * variable read is computed once, into a scalar, before the loop over the
 * directions (t->pre). */
static ir_expr *coef(tan_ctx *t, ir_expr *x) {
    if (x->kind == IE_VAR && !t->checked) /* the primal statement checked its indices */
        return ir_read(t->a, x->var, x->nargs, x->args);
    if (x->kind == IE_INT || x->kind == IE_REAL || x->kind == IE_VAR || !t->pre) return x;
    ir_var *v = ir_var_new(t->m, arena_printf(t->a, "__c%d", (*t->nloop)++), IRV_LOCAL, x->is_int, 0);
    v->scope = t->scope;
    ir_push(t->a, t->pre, ir_assign(t->a, v, 0, NULL, x, x->span));
    return ir_read0(t->a, v);
}

static ir_expr *tan_expr(tan_ctx *t, const ir_expr *e, ir_expr *m);

static ir_expr *plus(tan_ctx *t, ir_expr *x, ir_expr *y) {
    return !x ? y : !y ? x : ir_bin(t->a, OP_ADD, x, y);
}

/* coef(p) * dx, or NULL when dx is zero. */
static ir_expr *times(tan_ctx *t, ir_expr *p, ir_expr *dx) {
    return dx ? ir_bin(t->a, OP_MUL, coef(t, p), dx) : NULL;
}

/* dv[idx, m]: its indices are range-checked as the primal read's are,
 * unless the primal statement already ran (t->checked 0). */
static ir_expr *tan_read(tan_ctx *t, const ir_expr *e, ir_expr *m) {
    ir_var *dv = tan_of(t, e->var);
    if (!dv) return NULL;
    ir_expr *idx[IR_MAX_DIMS + 1];
    for (int k = 0; k < e->nargs; k++) idx[k] = e->args[k];
    idx[e->nargs] = m;
    ir_expr *r = ir_read(t->a, dv, e->nargs + 1, idx);
    if (t->checked) r->span = e->span;
    return r;
}

/* (x op y)' for the four arithmetic operators; comparisons have none. */
static ir_expr *tan_bin(tan_ctx *t, const ir_expr *e, ir_expr *m) {
    ir_expr *x = e->args[0], *y = e->args[1];
    ir_expr *dx = tan_expr(t, x, m), *dy = tan_expr(t, y, m);
    if (!dx && !dy) return NULL;
    switch (e->op) {
    case OP_ADD: return plus(t, dx, dy);
    case OP_SUB:
        return dy ? (dx ? ir_bin(t->a, OP_SUB, dx, dy) : ir_neg(t->a, dy)) : dx;
    case OP_MUL: return plus(t, times(t, y, dx), times(t, x, dy));
    case OP_DIV: { /* (dx - (x / y) dy) / y */
        ir_expr *num = dy ? ir_bin(t->a, OP_MUL, coef(t, (ir_expr *)e), dy) : NULL;
        num = num ? (dx ? ir_bin(t->a, OP_SUB, dx, num) : ir_neg(t->a, num)) : dx;
        return ir_bin(t->a, OP_DIV, num, coef(t, y));
    }
    default: return NULL;
    }
}

/* sum_k d f / d arg_k * d arg_k over the real arguments of a call, a
 * density element or an intrinsic. */
static ir_expr *tan_call(tan_ctx *t, const ir_expr *e, ir_expr *m) {
    const fn_sig *sig = e->kind == IE_INTRIN ? NULL : e->sig;
    if (sig && sig->kind == FN_RNG) return NULL;
    ir_expr *sum = NULL;
    for (int k = 0; k < e->nargs; k++) {
        if (sig && sig->args[k] != ARG_REAL && sig->args[k] != ARG_REALS) continue;
        ir_expr *dk = tan_expr(t, e->args[k], m);
        if (!dk) continue;
        if (sig && sig->kind == FN_MATH && !sig->c_grad) {
            t->unsupported = arena_printf(t->a, "%s (it has no derivative) in an ODE right-hand side",
                                          sig->name);
            return NULL;
        }
        sum = plus(t, sum, times(t, ir_partial(t->a, e, k), dk));
    }
    return sum;
}

/* (init + sum_k term_k)' = init' + sum_k term_k': a sum of the same range.
 * Coefficients inside it depend on its index, so none is computed ahead. */
static ir_expr *tan_sum(tan_ctx *t, const ir_expr *e, ir_expr *m) {
    ir_block *pre = t->pre;
    t->pre = NULL;
    ir_expr *dterm = tan_expr(t, e->args[2], m);
    t->pre = pre;
    ir_expr *dinit = tan_expr(t, e->args[3], m);
    if (!dterm && !dinit) return NULL;
    return ir_sum(t->a, e->var, e->args[0], e->args[1], dterm ? dterm : ir_real(t->a, 0),
                  dinit ? dinit : ir_real(t->a, 0));
}

static ir_expr *tan_expr(tan_ctx *t, const ir_expr *e, ir_expr *m) {
    if (e->is_int) return NULL;
    switch (e->kind) {
    case IE_VAR: return tan_read(t, e, m);
    case IE_NEG: {
        ir_expr *d = tan_expr(t, e->args[0], m);
        return d ? ir_neg(t->a, d) : NULL;
    }
    case IE_BIN: return tan_bin(t, e, m);
    case IE_INTRIN: case IE_CALL: case IE_DENS: return tan_call(t, e, m);
    case IE_SUM: return tan_sum(t, e, m);
    default: return NULL; /* literals, stop(), partials */
    }
}

/* ---- statements ------------------------------------------------------------------ */

static int reads_var(const ir_expr *e, const ir_var *v) {
    if (e->kind == IE_VAR && e->var == v) return 1;
    for (int i = 0; i < e->nargs; i++)
        if (reads_var(e->args[i], v)) return 1;
    return 0;
}

/* Does s read the variable it assigns (x = x * x)?  Then its tangent must
 * run first, on the values before the assignment. */
static int self_dependent(const ir_stmt *s) {
    for (int k = 0; k < s->nidx; k++)
        if (reads_var(s->idx[k], s->var)) return 1;
    return reads_var(s->rhs, s->var);
}

/* s with its tangent: if (ndir > 0) { coefficients; for (m in 1:ndir)
 * dx[idx, m] = tangent of s's right-hand side }, nothing where no
 * direction runs.  The tangent follows s, which has checked every index it
 * reuses, unless s is self-dependent: then it comes first, with checks. */
static void tan_assign(tan_ctx *t, const ir_stmt *s, ir_var *dx, ir_block *out) {
    int first = self_dependent(s);
    if (!first) ir_push(t->a, out, (ir_stmt *)s);
    ir_stmt *g = ir_stmt_new(t->a, IS_IF, s->span);
    g->cond = ir_bin(t->a, OP_GT, t->ndir, ir_int(t->a, 0));
    ir_var *loop = ir_var_new(t->m, arena_printf(t->a, "__m%d", (*t->nloop)++), IRV_LOOP, 1, 0);
    ir_stmt *f = ir_for(t->a, loop, ir_int(t->a, 1), t->ndir, s->span);
    ir_expr *m = ir_read0(t->a, loop);
    t->pre = &g->body;
    t->scope = dx->scope;
    t->checked = first;
    ir_expr *d = tan_expr(t, s->rhs, m);
    t->pre = NULL;
    ir_expr *idx[IR_MAX_DIMS + 1];
    for (int k = 0; k < s->nidx; k++) idx[k] = s->idx[k];
    idx[s->nidx] = m;
    ir_push(t->a, &f->body, ir_assign(t->a, dx, s->nidx + 1, idx, d ? d : ir_real(t->a, 0),
                                      first ? s->span : (src_span){0}));
    ir_push(t->a, &g->body, f);
    ir_push(t->a, out, g);
    if (first) ir_push(t->a, out, (ir_stmt *)s);
}

static void tan_stmts(tan_ctx *t, const ir_block *in, ir_block *out) {
    for (int i = 0; i < in->n; i++) {
        const ir_stmt *s = in->items[i];
        if (s->kind == IS_ASSIGN) {
            ir_var *dx = s->var->is_int ? NULL : tan_of(t, s->var);
            if (dx) tan_assign(t, s, dx, out);
            else ir_push(t->a, out, (ir_stmt *)s);
            continue;
        }
        if (!s->body.n && !s->els.n) {
            ir_push(t->a, out, (ir_stmt *)s);
            continue;
        }
        ir_stmt *c = ir_stmt_new(t->a, s->kind, s->span);
        *c = *s;
        c->body = (ir_block){0};
        c->els = (ir_block){0};
        tan_stmts(t, &s->body, &c->body);
        tan_stmts(t, &s->els, &c->els);
        ir_push(t->a, out, c);
    }
}

void tan_block(tan_ctx *t, const ir_block *in, ir_block *out) {
    while (collect(t, in)) {
    }
    tan_stmts(t, in, out);
}
