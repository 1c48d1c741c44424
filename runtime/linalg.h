/* runtime/linalg.h — the small dense linear algebra of the point-estimate
 * and approximate methods (optimize, laplace, advi, pathfinder).
 *
 * In:  row-major n x n matrices and n-vectors of doubles.  Out: Cholesky
 * factors, solves, inverses, products.  Never: allocates (callers pass
 * scratch), prints, or touches global state.  Sizes are those of a model's
 * unconstrained parameters, so the O(n^3) methods are meant for n up to a
 * few hundred.
 */
#ifndef BM_LINALG_H
#define BM_LINALG_H

/* Lower Cholesky factor l of the symmetric positive definite a (l = a is
 * not allowed).  Non-zero when a is not numerically positive definite. */
int la_cholesky(const double *a, int n, double *l);

/* x := A^-1 x where A = L L' (l from la_cholesky). */
void la_chol_solve(const double *l, int n, double *x);

/* inv := A^-1 for A = L L'; inv is n x n (not l). */
void la_chol_inverse(const double *l, int n, double *inv);

/* out := L z for lower-triangular l (out != z). */
void la_lower_mul(const double *l, int n, const double *z, double *out);

/* log |det A| for A = L L'. */
double la_chol_logdet(const double *l, int n);

/* out := A x for a full n x n matrix (out != x). */
void la_mat_vec(const double *a, int n, const double *x, double *out);

double la_dot(const double *a, const double *b, int n);

/* Symmetrises a in place: a := (a + a') / 2. */
void la_symmetrize(double *a, int n);

#endif
