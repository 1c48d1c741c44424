/* compiler/emit_fast.c — index proofs and the speculative fast path of the
 * density's loops.
 *
 * In:  IR statements of the density function, and the emitter's stack of
 * enclosing loops.  Out: (1) whether an index is in range by construction,
 * so emit_index may leave its check out; (2) around a loop of the density
 * that still has exits (a range check that could not be proven, the NaN
 * rejection of a density or CDF), C that runs the loop first without exits
 * and then, only if something may have failed, once more exactly as before:
 *
 *   { double chkN = 0;
 *     <the loop: every failing check adds NaN to chkN instead of returning;
 *      an index out of range reads element 1 instead>
 *     if (isnan(chkN)) { double lp = 0; <the loop, value only, every check
 *                         returning its error as before> } }
 *
 * A loop without exits is what gcc can vectorise; the additions into lp and
 * the adjoint accumulators happen in the same order, so the results are the
 * same bits.  When nothing fails, the loop did exactly what the checked loop
 * would have done.  When something may have failed (a NaN or infinite
 * density, an index out of range), the checked re-run stops at the same
 * first error with the same message; if it finds none (an infinite term is
 * not an error), the first run's results stand.
 * Never: takes the fast path for a loop that could misbehave when run past
 * an error: one that prints, checks (IS_CHECK), loops with while, divides
 * integers, converts a real result to an int, or writes through an index it
 * cannot prove in range.
 */
#include "catalog.h"
#include "emit.h"

/* ---- the loop stack --------------------------------------------------------- */

void emit_loop_push(emitter *E, const ir_stmt *s) {
    if (E->nloops < EMIT_MAX_LOOPS) E->loops[E->nloops] = s;
    E->nloops++;
}

void emit_loop_pop(emitter *E) { E->nloops--; }

/* ---- index proofs ------------------------------------------------------------ *
 * An index is in range by construction when it is a literal within a size
 * declared as a literal, or a loop variable running from a literal >= 1 up
 * to the size of that dimension (read with size()/dims, or the same fixed
 * expression of data the container was declared with). */

static int same_expr(const ir_expr *a, const ir_expr *b) {
    if (a->kind != b->kind || a->nargs != b->nargs || a->var != b->var) return 0;
    switch (a->kind) {
    case IE_INT: case IE_DIM: case IE_FLAGS: if (a->ival != b->ival) return 0; break;
    case IE_BIN: if (a->op != b->op) return 0; break;
    case IE_VAR: case IE_NEG: break;
    default: return 0;
    }
    for (int i = 0; i < a->nargs; i++)
        if (!same_expr(a->args[i], b->args[i])) return 0;
    return 1;
}

/* An int expression whose value cannot change after the data are bound:
 * literals, data scalars and dimension sizes, and sums/products of them. */
static int fixed_expr(const ir_expr *e) {
    switch (e->kind) {
    case IE_INT: case IE_DIM: return 1;
    case IE_VAR: return e->var->role == IRV_DATA && e->nargs == 0 && e->var->ndims == 0;
    case IE_BIN:
        return (e->op == OP_ADD || e->op == OP_SUB || e->op == OP_MUL) && fixed_expr(e->args[0]) &&
               fixed_expr(e->args[1]);
    default: return 0;
    }
}

/* Is `hi` the size of dimension k of v?  Either it reads that size, or it
 * is the fixed expression v was declared (and allocated or bound) with. */
static int is_dim_of(const ir_expr *hi, const ir_var *v, int k) {
    if (hi->kind == IE_DIM && hi->var == v && hi->ival == k) return 1;
    const ir_expr *d = v->dims[k];
    if (!d || !fixed_expr(d)) return 0;
    if (hi->kind == IE_DIM) {
        const ir_expr *hd = hi->var->dims[hi->ival];
        return hd && same_expr(hd, d);
    }
    return fixed_expr(hi) && same_expr(hi, d);
}

static const ir_stmt *loop_of(const ir_stmt *const *loops, int n, const ir_var *lv) {
    for (int i = (n < EMIT_MAX_LOOPS ? n : EMIT_MAX_LOOPS) - 1; i >= 0; i--)
        if (loops[i]->var == lv) return loops[i];
    return NULL;
}

static int proven_in(const ir_stmt *const *loops, int n, const ir_var *v, int k, const ir_expr *e) {
    if (v->role == IRV_THETA) return 0;
    if (e->kind == IE_INT) /* beta[2] of a vector[2] */
        return e->ival >= 1 && v->dims[k] && v->dims[k]->kind == IE_INT && e->ival <= v->dims[k]->ival;
    if (e->kind != IE_VAR || e->var->role != IRV_LOOP) return 0;
    const ir_stmt *l = loop_of(loops, n, e->var);
    return l && l->lo->kind == IE_INT && l->lo->ival >= 1 && is_dim_of(l->hi, v, k);
}

int emit_index_proven(const emitter *E, const ir_var *v, int k, const ir_expr *e) {
    return proven_in(E->loops, E->nloops, v, k, e);
}

/* ---- eligibility --------------------------------------------------------------- */

typedef struct {
    const ir_stmt *loops[EMIT_MAX_LOOPS];
    int n;
    int exits; /* a check that can fail: a density, CDF or unproven index */
} walk;

static int expr_ok(walk *w, const ir_expr *e) {
    if (e->kind == IE_SUM) { /* its loop variable is in range in the body */
        if (w->n == EMIT_MAX_LOOPS || !expr_ok(w, e->args[0]) || !expr_ok(w, e->args[1]) ||
            !expr_ok(w, e->args[3]))
            return 0;
        ir_stmt as_loop = {.kind = IS_FOR, .var = e->var, .lo = e->args[0], .hi = e->args[1]};
        w->loops[w->n++] = &as_loop;
        int ok = expr_ok(w, e->args[2]);
        w->n--;
        return ok;
    }
    if (e->kind == IE_BIN && e->op == OP_DIV && e->is_int) return 0;
    if (e->kind == IE_CALL && (e->is_int || e->sig->kind == FN_RNG)) return 0;
    if (e->kind == IE_DENS || (e->kind == IE_CALL && e->sig->kind == FN_CDF)) w->exits = 1;
    if (e->kind == IE_VAR && e->var->role != IRV_LOOP)
        for (int k = 0; k < e->nargs; k++)
            if (!proven_in(w->loops, w->n, e->var, k, e->args[k])) w->exits = 1;
    for (int i = 0; i < e->nargs; i++)
        if (!expr_ok(w, e->args[i])) return 0;
    return 1;
}

static int block_ok(walk *w, const ir_block *b);

static int stmt_ok(walk *w, const ir_stmt *s) {
    switch (s->kind) {
    case IS_ASSIGN:
        for (int k = 0; k < s->nidx; k++)
            if (!proven_in(w->loops, w->n, s->var, k, s->idx[k]) || !expr_ok(w, s->idx[k])) return 0;
        return expr_ok(w, s->rhs);
    case IS_TARGET: return expr_ok(w, s->rhs);
    case IS_IF: return expr_ok(w, s->cond) && block_ok(w, &s->body) && block_ok(w, &s->els);
    case IS_FOR: {
        if (w->n == EMIT_MAX_LOOPS || !expr_ok(w, s->lo) || !expr_ok(w, s->hi)) return 0;
        w->loops[w->n++] = s;
        int ok = block_ok(w, &s->body);
        w->n--;
        return ok;
    }
    default: return 0;
    }
}

static int block_ok(walk *w, const ir_block *b) {
    for (int i = 0; i < b->n; i++)
        if (!stmt_ok(w, b->items[i])) return 0;
    return 1;
}

/* A loop of the density that has exits and none of the forbidden forms. */
static int wants_fast_path(const emitter *E, const ir_stmt *s) {
    if (E->fn != IRF_DENSITY || E->fast || E->no_fast || E->nloops > EMIT_MAX_LOOPS - 1) return 0;
    walk w = {.n = E->nloops};
    for (int i = 0; i < E->nloops; i++) w.loops[i] = E->loops[i];
    return stmt_ok(&w, s) && w.exits;
}

/* ---- emission ------------------------------------------------------------------- */

int emit_fast_open(emitter *E, const ir_stmt *s) {
    if (!wants_fast_path(E, s)) return -1;
    int c = E->tmp++;
    fprintf(E->o, "{\ndouble chk%d = 0;\n", c);
    E->fast = 1;
    E->chk = c;
    return c;
}

void emit_fast_close(emitter *E, const ir_stmt *s, int chk) {
    if (chk < 0) return;
    E->fast = 0;
    fprintf(E->o, "if (isnan(chk%d)) {\n/* something may have failed: the checked loop finds the "
                  "first error (lp is not added twice) */\ndouble lp = 0;\n(void)lp;\n", chk);
    int partials = E->partials;
    const unsigned char *acc = E->acc;
    E->partials = 0;
    E->acc = NULL;
    int no_fast = E->no_fast;
    E->no_fast = 1;
    emit_stmt_value(E, s);
    E->no_fast = no_fast;
    E->partials = partials;
    E->acc = acc;
    fputs("}\n}\n", E->o);
}

/* In the fast path: the C condition `cond` (on tN) adds NaN to the check
 * sum instead of returning. */
void emit_fast_flag(emitter *E, const char *cond, int t) {
    fprintf(E->o, "chk%d += (", E->chk);
    fprintf(E->o, cond, t);
    fputs(") ? NAN : 0.0;\n", E->o);
}
