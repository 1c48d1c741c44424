/* runtime/laplace.c — normal approximation at a mode (see laplace.h).
 *
 * In:  an objective and its mode.  Out: covariance factor, draws.
 * Never: prints or writes files.
 */
#include "laplace.h"
#include <stdio.h>
#include <stdlib.h>
#include "linalg.h"

int bm_laplace_fit(const bm_opt_problem *p, const double *mode, double *chol_cov,
                   bm_error *err) {
    int n = p->n, rc = 1;
    size_t nn = (size_t)n * n + 1;
    double *h = calloc(nn, sizeof *h), *l = calloc(nn, sizeof *l);
    double *work = calloc(3 * (size_t)n + 1, sizeof *work);
    if (!h || !l || !work) {
        snprintf(err->msg, sizeof err->msg, "out of memory");
    } else if (bm_hessian_fd(p, mode, 1e-5, h, work)) {
        snprintf(err->msg, sizeof err->msg,
                 "the gradient cannot be evaluated next to the mode, so the Hessian "
                 "(and the Laplace approximation) is not available");
    } else {
        for (size_t i = 0; i < (size_t)n * n; i++) h[i] = -h[i];
        if (la_cholesky(h, n, l)) {
            snprintf(err->msg, sizeof err->msg,
                     "the Hessian at the mode is not negative definite: the point is not a "
                     "strict local maximum (a flat or improper direction?), so there is no "
                     "Laplace approximation");
        } else {
            la_chol_inverse(l, n, h);
            rc = la_cholesky(h, n, chol_cov);
            if (rc) snprintf(err->msg, sizeof err->msg, "the covariance is numerically singular");
        }
    }
    free(h);
    free(l);
    free(work);
    return rc;
}

double bm_laplace_draw(const double *mode, const double *chol_cov, int n, bm_rng *rng,
                       double *z, double *theta) {
    for (int i = 0; i < n; i++) z[i] = bm_rng_normal(rng);
    la_lower_mul(chol_cov, n, z, theta);
    for (int i = 0; i < n; i++) theta[i] += mode[i];
    return -0.5 * la_dot(z, z, n);
}
