/* runtime/advi.h — automatic differentiation variational inference (ADVI;
 * Kucukelbir et al. 2017, as Stan implements it): a normal approximation
 * on the unconstrained scale, meanfield (diagonal) or fullrank (Cholesky
 * factor), fitted by stochastic gradient ascent on the ELBO.
 *
 * Step sizes: eta / sqrt(t) / (1 + sqrt(s_t)) elementwise, s_1 = g^2,
 * s_t = 0.9 s_t-1 + 0.1 g^2 (Stan's adaptive sequence); eta chosen during
 * adaptation from 100, 10, 1, 0.1, 0.01 (adapt_iter iterations each; the
 * largest eta before the ELBO gets worse).  Stopping: every eval_elbo
 * iterations the relative ELBO change |(e_t - e_t-1) / e_t-1| goes into a
 * circular buffer of max(0.1 iter / eval_elbo, 2) values; stop when their
 * mean or median is below tol_rel_obj.  When the run with the adapted eta
 * fails (the density is not finite at the draws: divergence), it is
 * restarted with eta / 10, down to 0.01.
 *
 * In:  the log density with its gradient (with the Jacobian) as a
 * bm_opt_problem, an rng, the start (mu).  Out: the fitted approximation.
 * Never: prints, writes files, or evaluates generated quantities.
 */
#ifndef BM_ADVI_H
#define BM_ADVI_H
#include "model.h"
#include "optimize.h"
#include "rng.h"

typedef struct {
    int fullrank;
    int iter;           /* 10000 */
    int grad_samples;   /* 1 */
    int elbo_samples;   /* 100 */
    int adapt_iter;     /* 50 */
    int eval_elbo;      /* 100 */
    double eta;         /* 0: adaptive search */
    double tol_rel_obj; /* 0.01 */
} bm_advi_config;

void bm_advi_config_default(bm_advi_config *c);

typedef struct {
    int n, fullrank;
    double *mu;         /* n: the mean */
    double *omega;      /* meanfield: log standard deviations (n) */
    double *L;          /* fullrank: lower Cholesky factor (n x n) */
} bm_advi_approx;

/* mu = 0, omega = 0 / L = I.  Non-zero when out of memory. */
int bm_advi_approx_init(bm_advi_approx *q, int n, int fullrank);
void bm_advi_approx_free(bm_advi_approx *q);

typedef struct {
    double eta;         /* the step size used */
    int iterations;
    double elbo;        /* last estimate */
    int converged;      /* 1: the mean or median rule; 0: iteration limit */
    int diverging;      /* the relative change stayed above 0.5 late */
} bm_advi_result;

/* Fits q (q->mu holds the start).  0, or non-zero with err when every step
 * size failed or the gradient could not be evaluated. */
int bm_advi_fit(const bm_advi_config *c, const bm_opt_problem *target, bm_rng *rng,
                bm_advi_approx *q, bm_advi_result *res, bm_error *err);

/* theta = mu + sd * z (meanfield) or mu + L z; returns -z'z / 2 (the
 * unnormalised log density of the approximation, CmdStan's log_g__). */
double bm_advi_draw(const bm_advi_approx *q, bm_rng *rng, double *z, double *theta);

#endif
