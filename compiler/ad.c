/* compiler/ad.c — reverse-mode AD by source transformation.
 *
 * In:  the density function's IR block, with activity flags.  Out: the body
 * of the C gradient function: a forward sweep and a reverse sweep.
 *  - fused statements (a `target +=`, a loop whose body writes only
 *    variables declared inside it, or an if with an inactive condition whose
 *    branches hold only fusable statements; whose active leaves are not
 *    assigned by any later statement)
 *  - an if whose condition reads only flags, literals and data is
 *    "transparent": evaluated again in the reverse sweep, not pushed, and its
 *    branches are swept as part of the enclosing block; do value and adjoint accumulation at once in the
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
 *    but does not write (and of each element of a small container it reads
 *    only at literal indices) is accumulated in a C local and stored back
 *    after the loop: the same additions in the same order, but the C compiler no
 *    longer has to assume that the adjoint stores may change the values the
 *    loop reads (it keeps them in registers and can hoist what depends only
 *    on them, such as log(sigma)).
 * Never: allocates per evaluation beyond the first calls (the stacks grow
 * only until they reach the model's depth), or writes adjoints of inactive
 * variables.
 */
#include <stdlib.h>
#include <string.h>
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

/* Marks in `set` every variable that e reads. */
static void reads(const ir_expr *e, unsigned char *set) {
    if (e->kind == IE_VAR) set[e->var->id] = 1;
    for (int i = 0; i < e->nargs; i++) reads(e->args[i], set);
}

static void block_reads(const ir_block *b, unsigned char *set) {
    for (int i = 0; i < b->n; i++) {
        const ir_stmt *s = b->items[i];
        for (int k = 0; k < s->nidx; k++) reads(s->idx[k], set);
        const ir_expr *ex[4] = {s->rhs, s->cond, s->lo, s->hi};
        for (int k = 0; k < 4; k++)
            if (ex[k]) reads(ex[k], set);
        block_reads(&s->body, set);
        block_reads(&s->els, set);
    }
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

static int fusable(const adctx *c, const ir_stmt *s, const unsigned char *later);

/* An if is fused when its condition is inactive and every statement of both
 * branches is fusable on its own: then neither branch writes anything that
 * outlives it (the run-time guard `if (BM_PRIOR) else y ~ ...` around an
 * observed statement is the common case). */
static int branch_fusable(const adctx *c, const ir_block *b, const unsigned char *later) {
    for (int i = 0; i < b->n; i++)
        if (!fusable(c, b->items[i], later)) return 0;
    return 1;
}

static int fusable(const adctx *c, const ir_stmt *s, const unsigned char *later) {
    switch (s->kind) {
    case IS_CHECK: case IS_PRINT: return 1;
    case IS_TARGET: return !reads_any(s->rhs, later);
    case IS_FOR: return loop_fusable(c, s, later);
    case IS_IF:
        return !s->cond->active && branch_fusable(c, &s->body, later) &&
               branch_fusable(c, &s->els, later);
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
    emit_loop_push(E, s);
}

static void for_close(emitter *E) {
    emit_loop_pop(E);
    fputs("}\n", E->o);
}

/* Marks in `bad` every container whose elements e reads through an index
 * that is not a literal. */
static void variable_index_reads(const ir_expr *e, unsigned char *bad) {
    if (e->kind == IE_VAR)
        for (int k = 0; k < e->nargs; k++)
            if (e->args[k]->kind != IE_INT) bad[e->var->id] = 1;
    for (int i = 0; i < e->nargs; i++) variable_index_reads(e->args[i], bad);
}

static void block_variable_index_reads(const ir_block *b, unsigned char *bad) {
    for (int i = 0; i < b->n; i++) {
        const ir_stmt *s = b->items[i];
        for (int k = 0; k < s->nidx; k++) variable_index_reads(s->idx[k], bad);
        const ir_expr *ex[4] = {s->rhs, s->cond, s->lo, s->hi};
        for (int k = 0; k < 4; k++)
            if (ex[k]) variable_index_reads(ex[k], bad);
        block_variable_index_reads(&s->body, bad);
        block_variable_index_reads(&s->els, bad);
    }
}

/* The number of elements of v when every size is a literal (else 0). */
static long literal_size(const ir_var *v) {
    long n = 1;
    for (int k = 0; k < v->ndims; k++) {
        if (!v->dims[k] || v->dims[k]->kind != IE_INT) return 0;
        n *= v->dims[k]->ival;
    }
    return n;
}

/* The variables whose adjoints fused loop s accumulates in C locals:
 * active, not theta, read in the loop and not written there; a scalar, or
 * a container of at most ACC_MAX_ELEMENTS elements (sizes literals) that
 * the loop reads only at literal indices (beta[1] + beta[2] * x[n]): one
 * local per element, acc_<name>_<flat index>. */
#define ACC_MAX_ELEMENTS 16
static unsigned char *loop_accumulators(const adctx *c, const ir_stmt *s) {
    unsigned char *acc = set_new(c), *w = set_new(c), *bad = set_new(c);
    block_active_reads(&s->body, acc);
    writes_of(&s->body, w);
    block_variable_index_reads(&s->body, bad);
    for (int i = 0; i < c->nvars; i++) {
        const ir_var *v = c->E->m->vars[i];
        long n = literal_size(v);
        if (w[i] || v->role == IRV_THETA) acc[i] = 0;
        if (v->ndims && (bad[i] || n < 1 || n > ACC_MAX_ELEMENTS)) acc[i] = 0;
    }
    free(w);
    free(bad);
    return acc;
}

/* Before / after the outermost fused loop: load the accumulators from the
 * adjoint arrays, and store them back. */
static void acc_move(adctx *c, const unsigned char *acc, int store) {
    for (int i = 0; i < c->nvars; i++) {
        if (!acc[i]) continue;
        const ir_var *v = c->E->m->vars[i];
        const char *n = v->cname;
        if (!v->ndims) {
            if (store) fprintf(c->E->o, "w->a_%s[0] = acc_%s;\n", n, n);
            else fprintf(c->E->o, "double acc_%s = w->a_%s[0];\n", n, n);
            continue;
        }
        for (long k = 0; k < literal_size(v); k++) {
            if (store) fprintf(c->E->o, "w->a_%s[%ld] = acc_%s_%ld;\n", n, k, n, k);
            else fprintf(c->E->o, "double acc_%s_%ld = w->a_%s[%ld];\n", n, k, n, k);
        }
    }
}

/* The scalars fused loop s reads and does not write (not theta, not loop
 * variables): their values are loaded into C locals before the loop. */
static unsigned char *loop_invariant_scalars(const adctx *c, const ir_stmt *s) {
    unsigned char *r = set_new(c), *w = set_new(c);
    block_reads(&s->body, r);
    writes_of(&s->body, w);
    for (int i = 0; i < c->nvars; i++) {
        const ir_var *v = c->E->m->vars[i];
        if (w[i] || v->ndims != 0 || v->role == IRV_THETA || v->role == IRV_LOOP) r[i] = 0;
        if (r[i])
            fprintf(c->E->o, "const %s val_%s = %s->v_%s[0];\n", v->is_int ? "long" : "double",
                    v->cname, v->role == IRV_DATA || v->role == IRV_TDATA ? "m" : "w", v->cname);
    }
    free(w);
    return r;
}

static void fused_loop(adctx *c, const ir_stmt *s) {
    emitter *E = c->E;
    int chk = emit_fast_open(E, s);
    int lo, hi;
    loop_head(c, s, &lo, &hi);
    unsigned char *acc = E->acc ? NULL : loop_accumulators(c, s);
    unsigned char *vals = acc ? loop_invariant_scalars(c, s) : NULL;
    if (acc) acc_move(c, acc, 0);
    if (acc) E->acc = acc, E->vals = vals;
    for_open(E, s, lo, hi);
    fused_block(c, &s->body);
    for_close(E);
    if (acc) {
        E->acc = NULL;
        E->vals = NULL;
        acc_move(c, acc, 1);
        free(acc);
        free(vals);
    }
    emit_fast_close(E, s, chk);
}

static void fused_stmt(adctx *c, const ir_stmt *s);

static void fused_if(adctx *c, const ir_stmt *s) {
    emitter *E = c->E;
    E->ntab = 0;
    int t = emit_expr(E, s->cond);
    fprintf(E->o, "if (t%d) {\n", t);
    for (int i = 0; i < s->body.n; i++) fused_stmt(c, s->body.items[i]);
    fputs("} else {\n", E->o);
    for (int i = 0; i < s->els.n; i++) fused_stmt(c, s->els.items[i]);
    fputs("}\n", E->o);
}

static void fused_stmt(adctx *c, const ir_stmt *s) {
    emitter *E = c->E;
    fputs("{\n", E->o);
    if (s->kind == IS_TARGET) target_fused(c, s);
    else if (s->kind == IS_FOR) fused_loop(c, s);
    else if (s->kind == IS_IF) fused_if(c, s);
    else {
        fputs("}\n", E->o);
        emit_stmt_value(E, s);
        return;
    }
    fputs("}\n", E->o);
}

/* An if whose condition reads nothing the density writes (run-time flags,
 * literals, data) and is inactive: it can be evaluated again in the
 * reverse sweep instead of being pushed, so its branches take part in the
 * enclosing block's fusion as if they were in it (the --prior guard around
 * a multivariate observed statement, whose temporaries are assigned in the
 * branch, is the common case). */
static int fixed_cond(const ir_expr *e) {
    if (e->kind == IE_VAR && e->var->role != IRV_DATA && e->var->role != IRV_TDATA) return 0;
    for (int i = 0; i < e->nargs; i++)
        if (!fixed_cond(e->args[i])) return 0;
    return 1;
}

static int transparent_if(const ir_stmt *s) {
    return s->kind == IS_IF && !s->cond->active && fixed_cond(s->cond);
}

/* How each statement of b is swept, given the variables written after b
 * (`after`, may be NULL): fuse[i] 1 fused, 0 forward and reverse, 2 a
 * transparent if, whose branches see later_at[i]. */
typedef struct {
    char *fuse;
    unsigned char **later_at;
} block_plan;

static block_plan plan_block(adctx *c, const ir_block *b, const unsigned char *after) {
    block_plan p = {calloc((size_t)b->n + 1, 1), calloc((size_t)b->n + 1, sizeof(unsigned char *))};
    unsigned char *later = set_new(c);
    if (after) memcpy(later, after, (size_t)c->nvars + 1);
    for (int i = b->n - 1; i >= 0; i--) {
        if (transparent_if(b->items[i])) {
            p.fuse[i] = 2;
            p.later_at[i] = set_new(c);
            memcpy(p.later_at[i], later, (size_t)c->nvars + 1);
        } else {
            p.fuse[i] = (char)fusable(c, b->items[i], later);
        }
        ir_block one = {&b->items[i], 1, 1};
        writes_of(&one, later);
    }
    free(later);
    return p;
}

static void plan_free(block_plan *p, int n) {
    for (int i = 0; i < n; i++) free(p->later_at[i]);
    free(p->later_at);
    free(p->fuse);
}

static void block_fwd(adctx *c, const ir_block *b, const unsigned char *after);
static void block_rev(adctx *c, const ir_block *b, const unsigned char *after);

/* if (cond) { sweep(body) } else { sweep(els) }, cond evaluated afresh. */
static void transparent_branches(adctx *c, const ir_stmt *s, const unsigned char *later,
                                 void (*sweep)(adctx *, const ir_block *, const unsigned char *)) {
    emitter *E = c->E;
    fputs("{\n", E->o);
    E->ntab = 0;
    int t = emit_expr(E, s->cond);
    fprintf(E->o, "if (t%d) {\n", t);
    sweep(c, &s->body, later);
    fputs("} else {\n", E->o);
    sweep(c, &s->els, later);
    fputs("}\n}\n", E->o);
}

static void block_fwd(adctx *c, const ir_block *b, const unsigned char *after) {
    block_plan p = plan_block(c, b, after);
    for (int i = 0; i < b->n; i++) {
        if (p.fuse[i] == 2) transparent_branches(c, b->items[i], p.later_at[i], block_fwd);
        else if (p.fuse[i]) fused_stmt(c, b->items[i]);
        else fwd_stmt(c, b->items[i]);
    }
    plan_free(&p, b->n);
}

static void block_rev(adctx *c, const ir_block *b, const unsigned char *after) {
    block_plan p = plan_block(c, b, after);
    for (int i = b->n - 1; i >= 0; i--) {
        if (p.fuse[i] == 2) transparent_branches(c, b->items[i], p.later_at[i], block_rev);
        else if (!p.fuse[i]) rev_stmt(c, b->items[i]);
    }
    plan_free(&p, b->n);
}

/* Forward then reverse over one block, fusing what can be fused. */
static void fused_block(adctx *c, const ir_block *b) {
    block_fwd(c, b, NULL);
    block_rev(c, b, NULL);
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
        for_close(E);
        /* the bounds go on top of the body's own pushes, so the reverse
         * sweep pops them first */
        fprintf(E->o, "bmg_ipush(w, t%d);\nbmg_ipush(w, t%d);\n", lo, hi);
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
        emit_loop_push(E, s); /* the same bounds as the forward loop's */
        rev_block(c, &s->body);
        for_close(E);
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
