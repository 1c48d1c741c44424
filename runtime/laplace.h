/* runtime/laplace.h — the Laplace approximation at a mode: a normal with
 * mean the mode and covariance the inverse of the negative Hessian of the
 * log density on the unconstrained scale (as CmdStan's laplace method).
 *
 * In:  an objective (the log density, usually with the Jacobian) and its
 * mode.  Out: the Cholesky factor of the covariance; draws with the
 * unnormalised log density of the approximation (log_g__ = -z'z / 2).
 * Never: evaluates the model's log density at the draws (the caller does,
 * for log_p__), prints, or writes files.
 */
#ifndef BM_LAPLACE_H
#define BM_LAPLACE_H
#include "model.h"
#include "optimize.h"
#include "rng.h"

/* chol_cov (n x n, lower) with chol_cov chol_cov' = (-H)^-1, H the
 * finite-difference Hessian of p->fn at mode.  Non-zero with a plain-words
 * message when the gradient fails near the mode or -H is not positive
 * definite (the point is not a strict local maximum). */
int bm_laplace_fit(const bm_opt_problem *p, const double *mode, double *chol_cov,
                   bm_error *err);

/* theta = mode + chol_cov z, z ~ N(0, I) (z: n scratch); returns log_g. */
double bm_laplace_draw(const double *mode, const double *chol_cov, int n, bm_rng *rng,
                       double *z, double *theta);

#endif
