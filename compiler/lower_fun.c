/* compiler/lower_fun.c — user-defined functions, inlined at each call.
 *
 * In:  a call of a function of the `functions` block (an expression, a
 * `~` statement with a user _lpdf/_lpmf, or a void call statement).
 * Out: the function's body lowered in place at `cur`: each argument bound
 * to the caller's variable (a plain variable), to its value (a scalar), or
 * to a copy (any other container); each declaration of the body gets fresh
 * IR variables; `return e` assigns e to a result temporary, which the
 * caller then reads.  Because the body becomes ordinary IR, ad.c
 * differentiates it like any other code, and an _lp function's
 * `target +=` adds to the caller's target.
 * A `return` before the end of the body sets a `returned` flag; the
 * statements after one that may return, and loop bodies that contain
 * one, run under `if (!returned)`.
 * Never: inlines a recursive function (lower_recursive.c calls it).
 */
#include <string.h>
#include "lower_int.h"

struct inline_frame {
    const fundef *f;
    ir_var *result;
    struct tup_ref *tuple_result; /* a tuple-valued function's result */
    int is_int;
    ir_var *returned;   /* int flag when a return can come before the end */
    struct inline_frame *up;
};
typedef struct inline_frame inline_frame;

/* ---- checks -------------------------------------------------------------- */

static int on_stack(const inline_frame *fr, const fundef *f) {
    for (; fr; fr = fr->up)
        if (fr->f == f) return 1;
    return 0;
}

/* A return is allowed only where the function ends: last statement of
 * the body, or last in both branches of a final if. */
static int returns_at_end(const stmt *s, int tail) {
    if (!s) return 1;
    switch (s->kind) {
    case ST_RETURN: return tail;
    case ST_BLOCK:
        for (int i = 0; i < s->body.n; i++)
            if (!returns_at_end(s->body.items[i], tail && i == s->body.n - 1)) return 0;
        return 1;
    case ST_IF: return returns_at_end(s->then_s, tail) && returns_at_end(s->else_s, tail);
    case ST_FOR: case ST_PLATE: case ST_WHILE: case ST_FOREACH: case ST_PROFILE:
        for (int i = 0; i < s->body.n; i++)
            if (!returns_at_end(s->body.items[i], 0)) return 0;
        return 1;
    default: return 1;
    }
}

static int may_return(const stmt *s) {
    if (!s) return 0;
    if (s->kind == ST_RETURN) return 1;
    if (may_return(s->then_s) || may_return(s->else_s)) return 1;
    for (int i = 0; i < s->body.n; i++)
        if (may_return(s->body.items[i])) return 1;
    return 0;
}

ir_block *lw_return_guard(lctx *c, const stmt *s) {
    if (!c->inl || !c->inl->returned || !may_return(s)) return NULL;
    ir_block *saved = c->cur;
    ir_stmt *g = lw_if(c, ir_bin(c->a, OP_EQ, lw_get0(c, c->inl->returned), ir_int(c->a, 0)), NULL);
    c->cur = &g->body;
    return saved;
}

/* In transformed data a temporary lives in the model and is allocated
 * where it is made: a result made at a return inside a branch that did not
 * run would be missing, so every later return allocates it again (its
 * value is about to be replaced). */
void lw_realloc_tdata(lctx *c, ir_var *v, src_span at) {
    if (v->role != IRV_TDATA) return;
    ir_stmt *al = ir_stmt_new(c->a, IS_ALLOC, at);
    al->var = v;
    lw_emit(c, al);
}

/* ---- fresh variables for each call ---------------------------------------------- */

static void forget_stmt(lctx *c, const stmt *s) {
    if (!s) return;
    if (s->decl) lw_forget(c, s->decl);
    forget_stmt(c, s->then_s);
    forget_stmt(c, s->else_s);
    for (int i = 0; i < s->body.n; i++) forget_stmt(c, s->body.items[i]);
}

/* ---- arguments --------------------------------------------------------------- */

static int simple_value(const ir_expr *v) {
    return v->kind == IE_INT || v->kind == IE_REAL || v->kind == IE_DIM ||
           (v->kind == IE_VAR && (v->var->role == IRV_DATA || v->var->role == IRV_TDATA ||
                                  v->var->role == IRV_LOOP)) ||
           lw_data_only(v);
}

static void bind_arg(lctx *c, const decl *p, const expr *a) {
    if (p->type.base == TY_TUPLE) {
        lw_tuple_bind_arg(c, p, a);
        return;
    }
    ir_var *leaf = a->kind == EX_TUPLE_GET ? lw_tuple_leaf_var(c, a) : NULL;
    if (leaf && lw_tuple_outer_dims(c, leaf) == 0 && leaf->ndims == a->type.array_dims +
        (a->type.base == TY_VECTOR || a->type.base == TY_ROW_VECTOR) + 2 * (a->type.base == TY_MATRIX)) {
        lw_bind_var(c, p, leaf); /* a whole component: no copy */
        return;
    }
    if (a->kind == EX_VAR && a->decl && !lw_bound_value(c, a->decl)) {
        lw_bind_var(c, p, lw_var(c, a->decl)); /* arguments are read-only: no copy */
        return;
    }
    ir_expr *dims[MAXD], *idx[MAXD];
    int nd = lw_shape(c, a, dims);
    if (nd == 0) {
        ir_expr *v = lw_scalar(c, a);
        if (simple_value(v)) {
            lw_bind_value(c, p, v);
            return;
        }
    }
    ir_var *t = lw_temp(c, a, p->type.base == TY_INT, nd, dims);
    ir_block *saved = c->cur;
    c->cur = lw_open_loops(c, dims, nd, idx, 0, a->span);
    lw_set(c, t, nd ? idx : NULL, lw_el(c, a, idx, nd), a);
    c->cur = saved;
    lw_bind_var(c, p, t);
}

/* ---- the inliner ---------------------------------------------------------------- */

/* Binds parameter i to vars[i] or values[i] when given, else to args[i]. */
static ir_var *inline_bound(lctx *c, const fundef *called, const expr **args, ir_var **vars,
                            ir_expr **values, int n, const expr *at);

ir_var *lw_inline(lctx *c, const fundef *called, const expr **args, int n, const expr *at) {
    return inline_bound(c, called, args, NULL, NULL, n, at);
}

ir_var *lw_inline_vars(lctx *c, const fundef *called, ir_var **vars, int n, const expr *at) {
    return inline_bound(c, called, NULL, vars, NULL, n, at);
}

/* reduce_sum(f, x, grainsize, args...) is f(x, 1, size(x), args...): the
 * sum over slices equals the whole, so one inlined call computes it
 * (plates are this language's way to parallelise). */
ir_var *lw_reduce_sum(lctx *c, const expr *e) {
    const expr *fe = e->args.items[0], *x = e->args.items[1];
    if (!fe->fun) {
        lw_bad(c, e, "this reduce_sum function");
        return NULL;
    }
    int n = e->args.n;
    const expr **args = arena_alloc(c->a, sizeof *args * (size_t)n);
    ir_expr **values = arena_alloc(c->a, sizeof *values * (size_t)n);
    memset(values, 0, sizeof *values * (size_t)n);
    args[0] = x;
    values[1] = ir_int(c->a, 1);
    values[2] = lw_dim(c, x, 0);
    for (int i = 3; i < n; i++) args[i] = e->args.items[i];
    return inline_bound(c, fe->fun, args, NULL, values, n, e);
}

static ir_var *inline_bound(lctx *c, const fundef *called, const expr **args, ir_var **vars,
                            ir_expr **values, int n, const expr *at) {
    const fundef *f = called->definition ? called->definition : called;
    if (!f->body) {
        lw_bad(c, at, arena_printf(c->a, "function %s without a definition", f->name));
        return NULL;
    }
    if (n != f->params.n) {
        lw_bad(c, at, "this call form");
        return NULL;
    }
    if (lw_is_recursive(c, f)) return lw_recursive_call(c, f, args, vars, values, n, at);
    if (on_stack(c->inl, f)) { /* never: lw_is_recursive found it */
        lw_bad(c, at, arena_printf(c->a, "recursive functions (%s)", f->name));
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        const decl *p = f->params.items[i];
        lw_forget(c, p);
        if (vars && p->type.base == TY_TUPLE) lw_bad(c, at, "a tuple argument here");
        else if (vars) lw_bind_var(c, p, vars[i]);
        else if (values && values[i]) lw_bind_value(c, p, values[i]);
        else bind_arg(c, p, args[i]);
    }
    return lw_fun_body(c, f, at);
}

ir_var *lw_fun_body(lctx *c, const fundef *f, const expr *at) {
    forget_stmt(c, f->body);
    inline_frame fr = {f, NULL, NULL, f->ret.base == TY_INT && f->ret.array_dims == 0, NULL, c->inl};
    if (!returns_at_end(f->body, 1)) {
        fr.returned = lw_temp(c, at, 1, 0, NULL);
        lw_set(c, fr.returned, NULL, ir_int(c->a, 0), at);
    }
    c->inl = &fr;
    const ir_stmt *saved_for = c->cur_for;
    /* the caller's statement keeps its hoisted temporaries: the body's
     * statements are numbered (and remembered) as if they were not there */
    int saved_gen = c->gen, saved_nhoist = c->nhoist;
    lw_stmts(c, &f->body->body);
    c->gen = saved_gen;
    c->nhoist = saved_nhoist;
    c->cur_for = saved_for;
    c->inl = fr.up;
    if (f->ret.base == TY_TUPLE) {
        if (!fr.tuple_result)
            lw_bad(c, at, arena_printf(c->a, "function %s ended without returning a value", f->name));
        lw_tuple_call_done(c, at, fr.tuple_result);
        return NULL;
    }
    if (!fr.result && f->ret.base != TY_VOID)
        lw_bad(c, at, arena_printf(c->a, "function %s ended without returning a value", f->name));
    return fr.result;
}

ir_var *lw_inline_call(lctx *c, const expr *call) {
    return lw_inline(c, call->fun, (const expr **)call->args.items, call->args.n, call);
}

/* return e;  (only where the function ends) */
void lw_return(lctx *c, const stmt *s) {
    inline_frame *fr = c->inl;
    if (!fr) {
        lw_unsupported(c, s->span, "return outside a function");
        return;
    }
    if (fr->returned) lw_set(c, fr->returned, NULL, ir_int(c->a, 1), s->rhs ? s->rhs : NULL);
    if (!s->rhs) return;
    if (s->rhs->type.base == TY_TUPLE) {
        fr->tuple_result = lw_tuple_return(c, fr->tuple_result, s->rhs, s->span);
        return;
    }
    ir_expr *dims[MAXD], *idx[MAXD];
    int nd = lw_shape(c, s->rhs, dims);
    if (!fr->result) fr->result = lw_temp(c, s->rhs, fr->is_int, nd, dims);
    else if (fr->result->ndims != nd) {
        lw_unsupported(c, s->span, "returns of different shapes");
        return;
    } else {
        lw_realloc_tdata(c, fr->result, s->span);
    }
    for (int k = 0; k < nd; k++)
        lw_size_check(c, s->rhs, fr->result->dims[k], dims[k], "returns of different sizes");
    ir_block *saved = c->cur;
    c->cur = lw_open_loops(c, dims, nd, idx, 0, s->span);
    lw_set(c, fr->result, nd ? idx : NULL, lw_el(c, s->rhs, idx, nd), s->rhs);
    c->cur = saved;
}

/* f(args); as a statement (a void function, or a value thrown away). */
void lw_call_stmt(lctx *c, const stmt *s) {
    const expr *e = s->rhs;
    if (!e || e->kind != EX_CALL || !e->fun) {
        lw_unsupported(c, s->span, "function calls as statements");
        return;
    }
    lw_inline_call(c, e);
}
