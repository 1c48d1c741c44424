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
    int gradient;       /* writing the gradient function (IE_GRADIENT is 1) */
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

/* The gradient function's body (ad.c). */
void ad_emit_gradient_body(emitter *E, const ir_block *body);

#endif
