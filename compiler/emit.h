/* compiler/emit.h — the C emitter's internal interface (emit_c.c, ad.c).
 *
 * In:  an ir_module with activity flags.  Out: C text on a FILE.
 * emit_c.c owns expressions, variable access and the value-only statement
 * forms; ad.c owns the forward/reverse sweeps of the gradient function.
 * Never: used outside compiler/.
 */
#ifndef BM_EMIT_H
#define BM_EMIT_H
#include <stdio.h>
#include "ir.h"

typedef struct {
    const ir_expr *e;
    int t;
} emit_tmp;

#define EMIT_MAX_LOOPS 32

typedef struct {
    FILE *o;
    const ir_module *m;
    ir_fn_kind fn;
    int tmp;            /* next SSA temp number in this C function */
    int partials;       /* compute partials of active nodes (gradient code) */
    emit_tmp *tab;      /* expression -> temp, for the current statement */
    int ntab, captab;
    /* In a fused loop of the gradient (ad.c): acc[var id] set when the
     * scalar's adjoint is accumulated in the C local acc_<cname> instead of
     * w->a_<cname>[0]; NULL elsewhere. */
    const unsigned char *acc;
    /* ... and vals[var id] set when the scalar's value, which the loop
     * reads and does not write, was loaded into the C local val_<cname>
     * before it (the adjoint stores could alias it, so the C compiler
     * would reload it, and recompute log(sigma), every element). */
    const unsigned char *vals;
    /* The for statements around the code being emitted, innermost last
     * (emit_fast.c proves indices in range from their bounds). */
    const ir_stmt *loops[EMIT_MAX_LOOPS];
    int nloops;
    /* In the exit-free first run of a density loop (emit_fast.c): failing
     * checks add NaN to chk<chk> instead of returning.  no_fast: emitting
     * its checked re-run, or fast paths are off (emit_opts). */
    int fast, chk, no_fast;
    int gradient;       /* writing the gradient function (IE_GRADIENT is 1) */
    int in_sub;         /* writing a recursive function (its `depth` is in scope) */
} emitter;

/* Evaluates e into SSA temps; returns the temp number N of its value
 * (C local tN; IE_VAR reads also have the flat index in fN; active calls
 * with E->partials have tN_d0.. partials). */
int emit_expr(emitter *E, const ir_expr *e);

/* Adds seed * d e / d leaf to the adjoint of every active leaf of e (e
 * must have been emitted by emit_expr in the same C scope). */
void emit_backprop(emitter *E, const ir_expr *e, const char *seed);

/* Emits `const long fN = flat index` for var[idx] with range checks;
 * returns N. */
int emit_index(emitter *E, const ir_var *v, int nidx, ir_expr *const *idx, src_span at);

/* Print the C expression of the variable's storage / adjoint base pointer. */
void emit_store(emitter *E, const ir_var *v);
void emit_adj(emitter *E, const ir_var *v);

/* print statement (the same in value and gradient code). */
void emit_print(emitter *E, const ir_stmt *s);

/* Value-only statement (no pushes, no partials). */
void emit_stmt_value(emitter *E, const ir_stmt *s);

/* A "return fail(...)" with the statement's location appended. */
void emit_fail(emitter *E, src_span at, const char *fmt_prefix, const char *args);

/* emit_fast.c: the enclosing-loop stack (push when a C for loop over
 * s->var opens, pop when it closes). */
void emit_loop_push(emitter *E, const ir_stmt *s);
void emit_loop_pop(emitter *E);
/* Is index e of dimension k of v in range by construction (a loop variable
 * running from 1 up to that size)? */
int emit_index_proven(const emitter *E, const ir_var *v, int k, const ir_expr *e);
/* Around a loop statement of the density: opens its exit-free first run when
 * it has one (returns its number, else -1); close emits the checked re-run. */
int emit_fast_open(emitter *E, const ir_stmt *s);
void emit_fast_close(emitter *E, const ir_stmt *s, int chk);
/* In the first run: flag C condition cond (printf format on tN) instead of
 * returning an error. */
void emit_fast_flag(emitter *E, const char *cond, int t);

/* The gradient function's body (ad.c). */
void ad_emit_gradient_body(emitter *E, const ir_block *body);

#endif
