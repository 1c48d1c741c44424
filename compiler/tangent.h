/* compiler/tangent.h — forward-mode (tangent-linear) transform of IR blocks.
 *
 * In:  a block of IR statements (an inlined function body), the variables
 * whose tangents are given (seeds), and the number of directions.  Out: the
 * same statements, each assignment to a variable that depends on a seed
 * with a loop over the directions that assigns its tangent.
 * Never: changes what the primal statements compute, or differentiates
 * through stop(), partials or int values.
 */
#ifndef BM_TANGENT_H
#define BM_TANGENT_H
#include "ir.h"

/* The tangent of a variable v[i1..ik] is a variable dv[i1..ik, m] with one
 * more (last) dimension: m = 1..ndir runs over the directions. */
typedef struct {
    ir_module *m;
    arena *a;
    ir_expr *ndir;        /* directions the loops run over (int; may be 0) */
    ir_expr *ndir_alloc;  /* size of the directions dimension (data only) */
    int *nloop;           /* counter for fresh loop variable names */
    ir_var **from, **to;  /* to[i] is the tangent of from[i] */
    int n, cap;
    const char *unsupported; /* set to what has no tangent rule, if met */
    ir_block *pre;        /* (internal) where coefficients are computed */
    int checked;          /* (internal) tangent reads check their indices */
    const struct ir_stmt *scope; /* (internal) their scope */
} tan_ctx;

/* Declares dv as the tangent of v (a seed: its values are set by the caller). */
void tan_seed(tan_ctx *t, ir_var *v, ir_var *dv);
/* The tangent of v, or NULL when v does not depend on any seed. */
ir_var *tan_of(const tan_ctx *t, const ir_var *v);
/* Appends to `out` the statements of `in` with their tangents: every real
 * variable assigned in `in` from something that depends on a seed gets a
 * tangent variable (made here, a workspace local with v's dimensions and
 * ndir_alloc), and each of its assignments x[idx] = g(args) comes with
 *   for (m in 1:ndir) dx[idx, m] = sum_k dg/darg_k * darg_k[.., m]
 * (after it; before it when it reads x).
 * Partials of calls and intrinsics are IE_PARTIAL nodes (emit_c.c computes
 * them with the catalog's _d functions). */
void tan_block(tan_ctx *t, const ir_block *in, ir_block *out);

#endif
