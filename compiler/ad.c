/* compiler/ad.c — reverse-mode AD by source transformation.
 *
 * In:  the density function's IR block, with activity flags.  Out: the body
 * of the C gradient function: a forward sweep and a reverse sweep.
 *  - fused statements (a `target +=`, or a loop whose body writes only
 *    variables declared inside it, whose active leaves are not assigned by
 *    any later statement) do value and adjoint accumulation at once in the
 *    forward sweep: nothing is pushed, nothing runs in the reverse sweep
 *    (inside a fused loop the same rule is applied per iteration);
 *  - any other assignment pushes the old value on the ws value stack in the
 *    forward sweep; the reverse sweep pops it back, takes the adjoint of the
 *    target element, zeroes it and adds adjoint * partial to every active
 *    leaf of the right-hand side (recomputed from the restored state);
 *  - for loops push their bounds after their body's pushes, while loops
 *    their iteration count; both run backwards in the reverse sweep;
 *  - a statement that writes only inactive variables whose values the
 *    reverse sweep never reads (see `needed`) runs as value-only code in
 *    the forward sweep and not at all in the reverse sweep: nothing is
 *    pushed for it (lower_ode.c's forward-sensitivity integration is such
 *    a statement: one while loop, however many steps it takes);
 *  - in a fused loop, the adjoint of each active scalar that the loop reads
 *    but does not write is accumulated in a C local and stored back after
 *    the loop: the same additions in the same order, but the C compiler no
 *    longer has to assume that the adjoint stores may change the values the
 *    loop reads (it keeps them in registers and can hoist what depends only
 *    on them, such as log(sigma)).
 * Never: allocates per evaluation beyond the first calls (the stacks grow
 * only until they reach the model's depth), or writes adjoints of inactive
 * variables.
 */
#include <stdlib.h>
#include "emit.h"

typedef struct {
    emitter *E;
    int nvars;
    unsigned char *needed; /* variables the reverse sweep reads */
} adctx;

/* ---- sets of variables ---------------------------------------------------- */

static unsigned char *set_new(const adctx *c) { return calloc((size_t)c->nvars + 1, 1); }

static void writes_of(const ir_block *b, unsigned char *set) {
    for (int i = 0; i < b->n; i++) {
        const ir_stmt *s = b->items[i];
        if (s->kind == IS_ASSIGN) set[s->var->id] = 1;
        writes_of(&s->body, set);
        writes_of(&s->els, set);
    }
}

/* Does e read an active variable that is in `set`? */
static int reads_any(const ir_expr *e, const unsigned char *set) {
    if (e->kind == IE_VAR && e->var->active && set[e->var->id]) return 1;
    for (int i = 0; i < e->nargs; i++)
        if (reads_any(e->args[i], set)) return 1;
    return 0;
}

static int block_reads_any(const ir_block *b, const unsigned char *set) {
    for (int i = 0; i < b->n; i++) {
        const ir_stmt *s = b->items[i];
        if (s->rhs && reads_any(s->rhs, set)) return 1;
        if (s->cond && reads_any(s->cond, set)) return 1;
        if (block_reads_any(&s->body, set) || block_reads_any(&s->els, set)) return 1;
    }
    return 0;
}

/* Marks in `set` the active variables that e reads. */
static void active_reads(const ir_expr *e, unsigned char *set) {
    if (e->kind == IE_VAR && e->var->active) set[e->var->id] = 1;
    for (int i = 0; i < e->nargs; i++) active_reads(e->args[i], set);
}

/* Marks in `set` every variable that e reads; returns 1 when one was new. */
static int mark_reads(const ir_expr *e, unsigned char *set) {
    int grew = 0;
    if (e->kind == IE_VAR && !set[e->var->id]) grew = set[e->var->id] = 1;
    for (int i = 0; i < e->nargs; i++) grew |= mark_reads(e->args[i], set);
    return grew;
}

static void block_active_reads(const ir_block *b, unsigned char *set) {
    for (int i = 0; i < b->n; i++) {
        const ir_stmt *s = b->items[i];
        for (int k = 0; k < s->nidx; k++) active_reads(s->idx[k], set);
        if (s->rhs) active_reads(s->rhs, set);
        if (s->cond) active_reads(s->cond, set);
        if (s->lo) active_reads(s->lo, set);
        if (s->hi) active_reads(s->hi, set);
        block_active_reads(&s->body, set);
        block_active_reads(&s->els, set);
    }
}

/* Is loop statement `scope` equal to `loop` or nested in its body? */
static int scope_within(const ir_stmt *scope, const ir_stmt *loop) {
    if (scope == loop) return 1;
    for (int i = 0; i < loop->body.n; i++) {
        const ir_stmt *s = loop->body.items[i];
        if (s->kind == IS_FOR && scope_within(scope, s)) return 1;
    }
    return 0;
}

/* A loop can be fused when everything its body writes is declared inside
 * it (so nothing escapes an iteration) and no active value it reads is
 * overwritten by a later statement. */
static int loop_fusable(const adctx *c, const ir_stmt *s, const unsigned char *later) {
    unsigned char *w = set_new(c);
    writes_of(&s->body, w);
    int ok = 1;
    const ir_module *m = c->E->m;
    for (int i = 0; i < c->nvars && ok; i++)
        if (w[i]) ok = m->vars[i]->role == IRV_LOCAL && m->vars[i]->scope &&
                       scope_within(m->vars[i]->scope, s);
    free(w);
    return ok && !block_reads_any(&s->body, later);
}

static int fusable(const adctx *c, const ir_stmt *s, const unsigned char *later) {
    switch (s->kind) {
    case IS_CHECK: case IS_PRINT: return 1;
    case IS_TARGET: return !reads_any(s->rhs, later);
    case IS_FOR: return loop_fusable(c, s, later);
    default: return 0;
    }
}

/* ---- statements the reverse sweep does not need --------------------------------- */

/* The reverse sweep reads a variable when it recomputes an active
 * right-hand side (assignment or target) that reads it, or the index of an
 * assignment it replays: one to an active variable or to a needed one
 * (whose old value it pops back).  Loop bounds, iteration counts and
 * conditions come from the int stack.  Adds to c->needed; returns 1 when
 * it grew. */
static int needed_pass(adctx *c, const ir_block *b) {
    int grew = 0;
    for (int i = 0; i < b->n; i++) {
        const ir_stmt *s = b->items[i];
        if (s->rhs && s->rhs->active && (s->kind == IS_ASSIGN || s->kind == IS_TARGET))
            grew |= mark_reads(s->rhs, c->needed);
        if (s->kind == IS_ASSIGN && (s->var->active || c->needed[s->var->id]))
            for (int k = 0; k < s->nidx; k++) grew |= mark_reads(s->idx[k], c->needed);
        grew |= needed_pass(c, &s->body);
        grew |= needed_pass(c, &s->els);
    }
    return grew;
}

/* Runs s as value-only code and leaves it out of the reverse sweep: it
 * writes no active variable and none that the reverse sweep reads, so no
 * old value needs to come back. */
static int push_free(const adctx *c, const ir_stmt *s) {
    switch (s->kind) {
    case IS_ASSIGN: return !s->var->active && !c->needed[s->var->id];
    case IS_TARGET: return !s->rhs->active;
    case IS_FOR: case IS_WHILE: case IS_IF:
        for (int i = 0; i < s->body.n; i++)
            if (!push_free(c, s->body.items[i])) return 0;
        for (int i = 0; i < s->els.n; i++)
            if (!push_free(c, s->els.items[i])) return 0;
        return 1;
    default: return 1;
    }
}

/* ---- the sweeps ------------------------------------------------------------ */

static void fused_block(adctx *c, const ir_block *b);
static void fwd_stmt(adctx *c, const ir_stmt *s);
static void rev_stmt(adctx *c, const ir_stmt *s);

static void jac_open(emitter *E, const ir_stmt *s) {
    if (s->jacobian) fputs("if (flags & BM_JACOBIAN) {\n", E->o);
}

static void jac_close(emitter *E, const ir_stmt *s) {
    if (s->jacobian) fputs("}\n", E->o);
}

/* target += e with value and adjoints at once (adjoint of target is 1). */
static void target_fused(adctx *c, const ir_stmt *s) {
    emitter *E = c->E;
    E->ntab = 0;
    jac_open(E, s);
    E->partials = 1;
    int t = emit_expr(E, s->rhs);
    E->partials = 0;
    fprintf(E->o, "lp += t%d;\n", t);
    emit_backprop(E, s->rhs, "1.0");
    jac_close(E, s);
}

static void loop_head(adctx *c, const ir_stmt *s, int *lo, int *hi) {
    emitter *E = c->E;
    E->ntab = 0;
    *lo = emit_expr(E, s->lo);
    *hi = emit_expr(E, s->hi);
}

static void for_open(emitter *E, const ir_stmt *s, int lo, int hi) {
    const char *n = s->var->cname;
    fprintf(E->o, "for (long i_%s = t%d; i_%s <= t%d; i_%s++) {\n", n, lo, n, hi, n);
}

/* The scalars whose adjoints fused loop s accumulates in C locals: active,
 * not theta, read in the loop and not written there. */
static unsigned char *loop_accumulators(const adctx *c, const ir_stmt *s) {
    unsigned char *acc = set_new(c), *w = set_new(c);
    block_active_reads(&s->body, acc);
    writes_of(&s->body, w);
    for (int i = 0; i < c->nvars; i++) {
        const ir_var *v = c->E->m->vars[i];
        if (w[i] || v->ndims != 0 || v->role == IRV_THETA) acc[i] = 0;
    }
    free(w);
    return acc;
}

/* Before / after the outermost fused loop: load the accumulators from the
 * adjoint arrays, and store them back. */
static void acc_move(adctx *c, const unsigned char *acc, int store) {
    for (int i = 0; i < c->nvars; i++) {
        if (!acc[i]) continue;
        const char *n = c->E->m->vars[i]->cname;
        if (store) fprintf(c->E->o, "w->a_%s[0] = acc_%s;\n", n, n);
        else fprintf(c->E->o, "double acc_%s = w->a_%s[0];\n", n, n);
    }
}

static void fused_loop(adctx *c, const ir_stmt *s) {
    emitter *E = c->E;
    int lo, hi;
    loop_head(c, s, &lo, &hi);
    unsigned char *acc = E->acc ? NULL : loop_accumulators(c, s);
    if (acc) acc_move(c, acc, 0);
    if (acc) E->acc = acc;
    for_open(E, s, lo, hi);
    fused_block(c, &s->body);
    fputs("}\n", E->o);
    if (!acc) return;
    E->acc = NULL;
    acc_move(c, acc, 1);
    free(acc);
}

static void fused_stmt(adctx *c, const ir_stmt *s) {
    emitter *E = c->E;
    fputs("{\n", E->o);
    if (s->kind == IS_TARGET) target_fused(c, s);
    else if (s->kind == IS_FOR) fused_loop(c, s);
    else {
        fputs("}\n", E->o);
        emit_stmt_value(E, s);
        return;
    }
    fputs("}\n", E->o);
}

/* Forward then reverse over one block, fusing what can be fused. */
static void fused_block(adctx *c, const ir_block *b) {
    unsigned char *later = set_new(c);
    char *fuse = calloc((size_t)b->n + 1, 1);
    for (int i = b->n - 1; i >= 0; i--) {
        fuse[i] = (char)fusable(c, b->items[i], later);
        ir_block one = {&b->items[i], 1, 1};
        writes_of(&one, later);
    }
    for (int i = 0; i < b->n; i++) {
        if (fuse[i]) fused_stmt(c, b->items[i]);
        else fwd_stmt(c, b->items[i]);
    }
    for (int i = b->n - 1; i >= 0; i--)
        if (!fuse[i]) rev_stmt(c, b->items[i]);
    free(fuse);
    free(later);
}

static void fwd_assign(adctx *c, const ir_stmt *s) {
    emitter *E = c->E;
    E->ntab = 0;
    int f = emit_index(E, s->var, s->nidx, s->idx, s->span);
    int t = emit_expr(E, s->rhs);
    fputs(s->var->is_int ? "bmg_ipush(w, " : "bmg_vpush(w, ", E->o);
    emit_store(E, s->var);
    fprintf(E->o, "[f%d]);\n", f);
    emit_store(E, s->var);
    fprintf(E->o, "[f%d] = t%d;\n", f, t);
}

static void fwd_stmt(adctx *c, const ir_stmt *s) {
    emitter *E = c->E;
    if (push_free(c, s)) {
        emit_stmt_value(E, s);
        return;
    }
    if (s->kind == IS_PRINT) {
        fputs("{\n", E->o);
        emit_print(E, s);
        fputs("}\n", E->o);
        return;
    }
    if (s->kind == IS_TARGET || s->kind == IS_CHECK) {
        emit_stmt_value(E, s);
        return;
    }
    fputs("{\n", E->o);
    if (s->kind == IS_ASSIGN) fwd_assign(c, s);
    else if (s->kind == IS_FOR) {
        int lo, hi;
        loop_head(c, s, &lo, &hi);
        for_open(E, s, lo, hi);
        for (int i = 0; i < s->body.n; i++) fwd_stmt(c, s->body.items[i]);
        /* the bounds go on top of the body's own pushes, so the reverse
         * sweep pops them first */
        fprintf(E->o, "}\nbmg_ipush(w, t%d);\nbmg_ipush(w, t%d);\n", lo, hi);
    } else if (s->kind == IS_WHILE) {
        /* the iteration count goes on top of the body's pushes */
        int n = E->tmp++;
        fprintf(E->o, "long n%d = 0;\nfor (;;) {\n", n);
        E->ntab = 0;
        int t = emit_expr(E, s->cond);
        fprintf(E->o, "if (!t%d) break;\n", t);
        for (int i = 0; i < s->body.n; i++) fwd_stmt(c, s->body.items[i]);
        fprintf(E->o, "n%d++;\n}\nbmg_ipush(w, n%d);\n", n, n);
    } else if (s->kind == IS_IF) {
        E->ntab = 0;
        int t = emit_expr(E, s->cond);
        /* the condition is pushed after the branch's own pushes, so the
         * reverse sweep pops it first and then replays that branch */
        fprintf(E->o, "if (t%d) {\n", t);
        for (int i = 0; i < s->body.n; i++) fwd_stmt(c, s->body.items[i]);
        fputs("} else {\n", E->o);
        for (int i = 0; i < s->els.n; i++) fwd_stmt(c, s->els.items[i]);
        fprintf(E->o, "}\nbmg_ipush(w, t%d);\n", t);
    }
    fputs("}\n", E->o);
}

static void rev_assign(adctx *c, const ir_stmt *s) {
    emitter *E = c->E;
    E->ntab = 0;
    int f = emit_index(E, s->var, s->nidx, s->idx, s->span);
    emit_store(E, s->var);
    fprintf(E->o, "[f%d] = %s;\n", f, s->var->is_int ? "bmg_ipop(w)" : "bmg_vpop(w)");
    if (!s->var->active) return;
    int a = E->tmp++;
    fprintf(E->o, "const double a%d = ", a);
    emit_adj(E, s->var);
    fprintf(E->o, "[f%d];\n", f);
    emit_adj(E, s->var);
    fprintf(E->o, "[f%d] = 0;\n", f);
    if (!s->rhs->active) return;
    fprintf(E->o, "if (a%d != 0) {\n", a);
    E->partials = 1;
    emit_expr(E, s->rhs);
    E->partials = 0;
    char seed[32];
    snprintf(seed, sizeof seed, "a%d", a);
    emit_backprop(E, s->rhs, seed);
    fputs("}\n", E->o);
}

static void rev_target(adctx *c, const ir_stmt *s) {
    emitter *E = c->E;
    if (!s->rhs->active) return;
    E->ntab = 0;
    jac_open(E, s);
    E->partials = 1;
    emit_expr(E, s->rhs);
    E->partials = 0;
    emit_backprop(E, s->rhs, "1.0");
    jac_close(E, s);
}

static void rev_block(adctx *c, const ir_block *b) {
    for (int i = b->n - 1; i >= 0; i--) rev_stmt(c, b->items[i]);
}

static void rev_stmt(adctx *c, const ir_stmt *s) {
    emitter *E = c->E;
    if (s->kind == IS_CHECK || s->kind == IS_PRINT || push_free(c, s)) return;
    fputs("{\n", E->o);
    if (s->kind == IS_ASSIGN) rev_assign(c, s);
    else if (s->kind == IS_TARGET) rev_target(c, s);
    else if (s->kind == IS_FOR) {
        const char *n = s->var->cname;
        int t = E->tmp++;
        fprintf(E->o, "const long h%d = bmg_ipop(w);\nconst long l%d = bmg_ipop(w);\n", t, t);
        fprintf(E->o, "for (long i_%s = h%d; i_%s >= l%d; i_%s--) {\n", n, t, n, t, n);
        rev_block(c, &s->body);
        fputs("}\n", E->o);
    } else if (s->kind == IS_WHILE) {
        int t = E->tmp++;
        fprintf(E->o, "const long n%d = bmg_ipop(w);\nfor (long k%d = 0; k%d < n%d; k%d++) {\n",
                t, t, t, t, t);
        rev_block(c, &s->body);
        fputs("}\n", E->o);
    } else if (s->kind == IS_IF) {
        int t = E->tmp++;
        fprintf(E->o, "const long c%d = bmg_ipop(w);\nif (c%d) {\n", t, t);
        rev_block(c, &s->body);
        fputs("} else {\n", E->o);
        rev_block(c, &s->els);
        fputs("}\n", E->o);
    }
    fputs("}\n", E->o);
}

void ad_emit_gradient_body(emitter *E, const ir_block *body) {
    adctx c = {.E = E, .nvars = E->m->nvars};
    c.needed = set_new(&c);
    while (needed_pass(&c, body)) {
    }
    E->gradient = 1;
    fused_block(&c, body);
    E->gradient = 0;
    free(c.needed);
}
