/* tests/stdlib/dist_lpdf_fns.h — the densities and mass functions of
 * bm_dist_cont.h and bm_dist_disc.h in one calling shape (test-only, static
 * functions), shared by dist_fns.h and stdlib_fns.h.
 *
 * In:  nothing.  Out: l_NAME(x, propto, active, g) for each distribution:
 * the arguments as doubles (ints as whole numbers), propto, the active mask
 * and one partial slot per argument (int slots untouched).
 * Never: computes anything itself.
 */
#ifndef TEST_STDLIB_DIST_LPDF_FNS_H
#define TEST_STDLIB_DIST_LPDF_FNS_H

#include "bm_math.h"

#define G_(i) (g ? g + (i) : NULL)
#define I_(i) ((int)x[i])
#define LPDF(n, CALL) \
    static double l_##n(const double *x, int p, unsigned a, double *g) { return bm_##n##_lpdf CALL; }
#define LPMF(n, CALL) \
    static double l_##n(const double *x, int p, unsigned a, double *g) { (void)g; return bm_##n##_lpmf CALL; }
LPDF(std_normal, (x[0], p, a, G_(0)))
LPDF(double_exponential, (x[0], x[1], x[2], p, a, G_(0), G_(1), G_(2)))
LPDF(logistic, (x[0], x[1], x[2], p, a, G_(0), G_(1), G_(2)))
LPDF(gumbel, (x[0], x[1], x[2], p, a, G_(0), G_(1), G_(2)))
LPDF(skew_normal, (x[0], x[1], x[2], x[3], p, a, G_(0), G_(1), G_(2), G_(3)))
LPDF(exp_mod_normal, (x[0], x[1], x[2], x[3], p, a, G_(0), G_(1), G_(2), G_(3)))
LPDF(skew_double_exponential, (x[0], x[1], x[2], x[3], p, a, G_(0), G_(1), G_(2), G_(3)))
LPDF(chi_square, (x[0], x[1], p, a, G_(0), G_(1)))
LPDF(inv_chi_square, (x[0], x[1], p, a, G_(0), G_(1)))
LPDF(scaled_inv_chi_square, (x[0], x[1], x[2], p, a, G_(0), G_(1), G_(2)))
LPDF(inv_gamma, (x[0], x[1], x[2], p, a, G_(0), G_(1), G_(2)))
LPDF(weibull, (x[0], x[1], x[2], p, a, G_(0), G_(1), G_(2)))
LPDF(frechet, (x[0], x[1], x[2], p, a, G_(0), G_(1), G_(2)))
LPDF(loglogistic, (x[0], x[1], x[2], p, a, G_(0), G_(1), G_(2)))
LPDF(rayleigh, (x[0], x[1], p, a, G_(0), G_(1)))
LPDF(pareto, (x[0], x[1], x[2], p, a, G_(0), G_(1), G_(2)))
LPDF(pareto_type_2, (x[0], x[1], x[2], x[3], p, a, G_(0), G_(1), G_(2), G_(3)))
LPDF(beta_proportion, (x[0], x[1], x[2], p, a, G_(0), G_(1), G_(2)))
LPDF(von_mises, (x[0], x[1], x[2], p, a, G_(0), G_(1), G_(2)))
LPDF(uniform, (x[0], x[1], x[2], p, a, G_(0), G_(1), G_(2)))
LPDF(wiener, (x[0], x[1], x[2], x[3], x[4], p, a, G_(0), G_(1), G_(2), G_(3), G_(4)))
LPMF(bernoulli, (I_(0), x[1], p, a, G_(1)))
LPMF(binomial_logit, (I_(0), I_(1), x[2], p, a, G_(2)))
LPMF(beta_binomial, (I_(0), I_(1), x[2], x[3], p, a, G_(2), G_(3)))
LPMF(beta_neg_binomial, (I_(0), x[1], x[2], x[3], p, a, G_(1), G_(2), G_(3)))
LPMF(neg_binomial, (I_(0), x[1], x[2], p, a, G_(1), G_(2)))
LPMF(neg_binomial_2, (I_(0), x[1], x[2], p, a, G_(1), G_(2)))
LPMF(neg_binomial_2_log, (I_(0), x[1], x[2], p, a, G_(1), G_(2)))
LPMF(poisson, (I_(0), x[1], p, a, G_(1)))
LPMF(discrete_range, (I_(0), I_(1), I_(2), p, a))
LPMF(hypergeometric, (I_(0), I_(1), I_(2), I_(3), p, a))

#undef LPDF
#undef LPMF
#undef G_
#undef I_

#endif
