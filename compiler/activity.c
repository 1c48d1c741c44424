/* compiler/activity.c — activity analysis.
 *
 * In:  a lowered ir_module.  Out: `active` set on every variable and
 * expression that depends on theta (the unconstrained parameters).  Data,
 * transformed data, loop indices and every int value stay inactive.
 * Whole-variable granularity: one active element makes the variable active.
 * stop(x), partials, gradient() and calls of recursive functions (whose
 * arguments lower_recursive.c keeps free of parameters) are never active (lower_ode.c runs its
 * forward-sensitivity integration on stopped inputs, so none of it is).
 * Never: changes the IR's meaning.
 */
#include "lower.h"

/* Marks e (recursively) and returns whether it is active. */
static int mark_expr(ir_expr *e) {
    int any = 0;
    for (int i = 0; i < e->nargs; i++) {
        int a = mark_expr(e->args[i]);
        if (e->kind != IE_VAR) any |= a; /* indices are ints, never active */
    }
    if (e->kind == IE_VAR) any = e->var->active;
    if (e->kind == IE_DIM || e->kind == IE_FLAGS || e->kind == IE_STOP || e->kind == IE_PARTIAL ||
        e->kind == IE_GRADIENT || e->kind == IE_RCALL)
        any = 0; /* no derivative flows through these */
    e->active = any && !e->is_int;
    return e->active;
}

/* One pass over a block; returns 1 if some variable became active. */
static int mark_block(ir_block *b) {
    int changed = 0;
    for (int i = 0; i < b->n; i++) {
        ir_stmt *s = b->items[i];
        if (s->rhs && mark_expr(s->rhs) && s->kind == IS_ASSIGN && !s->var->active &&
            !s->var->is_int) {
            s->var->active = 1;
            changed = 1;
        }
        if (s->cond) mark_expr(s->cond);
        if (s->lo) mark_expr(s->lo);
        if (s->hi) mark_expr(s->hi);
        for (int k = 0; k < s->nidx; k++) mark_expr(s->idx[k]);
        changed |= mark_block(&s->body);
        changed |= mark_block(&s->els);
    }
    return changed;
}

void ir_activity(ir_module *m) {
    m->theta->active = 1;
    while (mark_block(&m->fns[IRF_DENSITY].body)) {
    }
    /* write_array and unconstrain are value-only: no flags needed there */
}
