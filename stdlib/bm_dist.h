/* stdlib/bm_dist.h — log densities and log mass functions with partials.
 *
 * In:  one scalar element of a (possibly vectorised) density call: the
 * arguments in declared order, `propto`, the `active` bit mask (bit i set when
 * argument i depends on parameters) and one partial pointer per real argument
 * (each may be NULL).  Out: the log density, and d(log density)/d(argument)
 * written through the non-NULL pointers.  The partials are always those of
 * the full density (propto = 0); propto only drops terms that do not depend
 * on any active argument, so the partials of active arguments are unchanged.
 * Never: uses globals, errno, printf or malloc; aborts on bad input.
 *
 * Conventions (stdlib/catalog.h; semantics of Stan's functions reference):
 *  - Arguments Stan rejects (throws on) give NaN, and NaN partials.
 *  - y outside the support where Stan returns log(0) gives -inf, partials 0.
 *  - With propto != 0, a term is kept iff it depends on an active argument;
 *    in particular the result is 0 when no argument is active.
 *  - Arguments are validated before the propto short cut, as in Stan.
 *  - normal and bernoulli_logit compute the log/exp of their parameters
 *    alone first, before any branch: in a loop over y with fixed parameters
 *    the C compiler then computes it once instead of per element (models
 *    are compiled with -fno-math-errno, which makes log/exp pure; where the
 *    term is not needed it is dropped or sunk into its branch).  Same
 *    values.  Not done in student_t and poisson_log: there it made gcc stop
 *    inlining the kernel and gained nothing (tests/bench/README.md).
 *
 * Include bm_math.h rather than this file directly (either works).
 */
#ifndef BM_DIST_H
#define BM_DIST_H

#include "bm_math.h"

/* ---- helpers ------------------------------------------------------------ */

/* True when a term depending on the arguments in bit mask `deps` must be
 * kept: always without propto, else only if one of them is active. */
BM_FN int bm__keep(int propto, unsigned active, unsigned deps) {
    return !propto || (active & deps) != 0;
}

/* Writes NaN to each non-NULL partial and returns NaN (invalid argument). */
BM_FN double bm__fail(double *a, double *b, double *c, double *d) {
    bm__put(a, BM_NAN);
    bm__put(b, BM_NAN);
    bm__put(c, BM_NAN);
    bm__put(d, BM_NAN);
    return BM_NAN;
}

/* Writes 0 to each non-NULL partial and returns -inf (outside the support). */
BM_FN double bm__zero_density(double *a, double *b, double *c, double *d) {
    bm__put(a, 0.0);
    bm__put(b, 0.0);
    bm__put(c, 0.0);
    bm__put(d, 0.0);
    return -BM_INF;
}

/* A location must be finite, a scale positive and finite. */
BM_FN int bm__loc_ok(double mu) { return isfinite(mu); }
BM_FN int bm__pos_ok(double s) { return s > 0 && isfinite(s); }

/* c * log(x), taken as 0 when c == 0 (so 0 * log 0 is 0, not NaN). */
BM_FN double bm__mul_log(double c, double x) { return c == 0 ? 0.0 : c * log(x); }

/* c * log(1 - x), taken as 0 when c == 0. */
BM_FN double bm__mul_log1m(double c, double x) { return c == 0 ? 0.0 : c * log1p(-x); }

/* c / x, taken as 0 when c == 0 (partials of the terms above). */
BM_FN double bm__div0(double c, double x) { return c == 0 ? 0.0 : c / x; }

/* ---- continuous densities ----------------------------------------------- */

/* normal(y | mu, sigma) = -log(2 pi)/2 - log sigma - z^2/2, z = (y-mu)/sigma.
 * NaN if y is NaN, mu not finite, sigma <= 0 or not finite.  Args 0 y, 1 mu,
 * 2 sigma. */
BM_FN double bm_normal_lpdf(double y, double mu, double sigma, int propto,
                            unsigned active, double *dy, double *dmu,
                            double *dsigma) {
    double log_sigma = log(sigma);  /* first: see the conventions above */
    if (isnan(y) || !bm__loc_ok(mu) || !bm__pos_ok(sigma))
        return bm__fail(dy, dmu, dsigma, 0);
    double z = (y - mu) / sigma, lp = 0.0;
    if (bm__keep(propto, active, 0)) lp -= BM_HALF_LOG_2PI;
    if (bm__keep(propto, active, 4)) lp -= log_sigma;
    if (bm__keep(propto, active, 7)) lp -= 0.5 * z * z;
    bm__put(dy, -z / sigma);
    bm__put(dmu, z / sigma);
    bm__put(dsigma, (z * z - 1.0) / sigma);
    return lp;
}

/* cauchy(y | mu, sigma) = -log pi - log sigma - log1p(z^2).
 * NaN if y is NaN, mu not finite, sigma <= 0 or not finite. */
BM_FN double bm_cauchy_lpdf(double y, double mu, double sigma, int propto,
                            unsigned active, double *dy, double *dmu,
                            double *dsigma) {
    if (isnan(y) || !bm__loc_ok(mu) || !bm__pos_ok(sigma))
        return bm__fail(dy, dmu, dsigma, 0);
    double d = y - mu, z = d / sigma, lp = 0.0;
    double den = sigma * sigma + d * d;
    if (bm__keep(propto, active, 0)) lp -= BM_LOG_PI;
    if (bm__keep(propto, active, 4)) lp -= log(sigma);
    if (bm__keep(propto, active, 7)) lp -= log1p(z * z);
    bm__put(dy, -2.0 * d / den);
    bm__put(dmu, 2.0 * d / den);
    bm__put(dsigma, (d * d - sigma * sigma) / (sigma * den));
    return lp;
}

/* Partial of student_t with respect to nu (r = z^2 / nu). */
BM_FN double bm__student_t_dnu(double nu, double r) {
    return 0.5 * (bm_digamma(0.5 * (nu + 1.0)) - bm_digamma(0.5 * nu))
           - 0.5 / nu - 0.5 * log1p(r) + 0.5 * (nu + 1.0) * r / (nu * (1.0 + r));
}

/* student_t(y | nu, mu, sigma) = lgamma((nu+1)/2) - lgamma(nu/2)
 * - log(nu pi)/2 - log sigma - (nu+1)/2 log1p(z^2/nu).  The lgamma difference
 * is taken without cancellation, so large nu stays accurate.  NaN if y is
 * NaN, nu or sigma <= 0 or not finite, mu not finite.  Args 0 y, 1 nu, 2 mu,
 * 3 sigma. */
BM_FN double bm_student_t_lpdf(double y, double nu, double mu, double sigma,
                               int propto, unsigned active, double *dy,
                               double *dnu, double *dmu, double *dsigma) {
    if (isnan(y) || !bm__pos_ok(nu) || !bm__loc_ok(mu) || !bm__pos_ok(sigma))
        return bm__fail(dy, dnu, dmu, dsigma);
    double d = y - mu, z = d / sigma, r = z * z / nu, lp = 0.0;
    if (bm__keep(propto, active, 0)) lp -= 0.5 * BM_LOG_PI;
    if (bm__keep(propto, active, 2))
        lp += bm__lgamma_diff(0.5 * nu, 0.5) - 0.5 * log(nu);
    if (bm__keep(propto, active, 8)) lp -= log(sigma);
    if (bm__keep(propto, active, 15)) lp -= 0.5 * (nu + 1.0) * log1p(r);
    double gy = -(nu + 1.0) * d / (nu * sigma * sigma + d * d);
    bm__put(dy, gy);
    bm__put(dmu, -gy);
    bm__put(dsigma, (-1.0 + (nu + 1.0) * r / (1.0 + r)) / sigma);
    if (dnu) *dnu = bm__student_t_dnu(nu, r);
    return lp;
}

/* exponential(y | beta) = log beta - beta y, beta a rate.  Stan rejects
 * y < 0 (check_nonnegative), so y < 0 or NaN gives NaN; also beta <= 0 or not
 * finite.  Args 0 y, 1 beta. */
BM_FN double bm_exponential_lpdf(double y, double beta, int propto,
                                 unsigned active, double *dy, double *dbeta) {
    if (!(y >= 0) || !bm__pos_ok(beta)) return bm__fail(dy, dbeta, 0, 0);
    double lp = 0.0;
    if (bm__keep(propto, active, 2)) lp += log(beta);
    if (bm__keep(propto, active, 3)) lp -= beta * y;
    bm__put(dy, -beta);
    bm__put(dbeta, 1.0 / beta - y);
    return lp;
}

/* gamma(y | alpha, beta) = alpha log beta - lgamma(alpha) + (alpha-1) log y
 * - beta y, beta a rate.  Stan checks y only for NaN and returns log(0) for
 * y < 0, so y < 0 gives -inf; NaN y, alpha or beta <= 0 or not finite give
 * NaN.  At y = 0 with alpha = 1 the (alpha-1) log y term is 0.  Args 0 y,
 * 1 alpha, 2 beta. */
BM_FN double bm_gamma_lpdf(double y, double alpha, double beta, int propto,
                           unsigned active, double *dy, double *dalpha,
                           double *dbeta) {
    if (isnan(y) || !bm__pos_ok(alpha) || !bm__pos_ok(beta))
        return bm__fail(dy, dalpha, dbeta, 0);
    if (y < 0) return bm__zero_density(dy, dalpha, dbeta, 0);
    double lp = 0.0;
    if (bm__keep(propto, active, 2)) lp -= lgamma(alpha);
    if (bm__keep(propto, active, 6)) lp += alpha * log(beta);
    if (bm__keep(propto, active, 3)) lp += bm__mul_log(alpha - 1.0, y);
    if (bm__keep(propto, active, 5)) lp -= beta * y;
    bm__put(dy, bm__div0(alpha - 1.0, y) - beta);
    bm__put(dalpha, log(beta) + log(y) - bm_digamma(alpha));
    bm__put(dbeta, alpha / beta - y);
    return lp;
}

/* beta(y | a, b) = (a-1) log y + (b-1) log(1-y) - lbeta(a, b).  NaN if y is
 * outside [0, 1] or NaN (Stan's check_bounded), or a, b <= 0 or not finite.
 * At y = 0 (1) with a = 1 (b = 1) the matching log term is 0.  Args 0 y,
 * 1 a, 2 b. */
BM_FN double bm_beta_lpdf(double y, double a, double b, int propto,
                          unsigned active, double *dy, double *da, double *db) {
    if (!(y >= 0 && y <= 1) || !bm__pos_ok(a) || !bm__pos_ok(b))
        return bm__fail(dy, da, db, 0);
    double lp = 0.0;
    if (bm__keep(propto, active, 6)) lp -= bm_lbeta(a, b);
    if (bm__keep(propto, active, 3)) lp += bm__mul_log(a - 1.0, y);
    if (bm__keep(propto, active, 5)) lp += bm__mul_log1m(b - 1.0, y);
    double psab = bm_digamma(a + b);
    bm__put(dy, bm__div0(a - 1.0, y) - bm__div0(b - 1.0, 1.0 - y));
    bm__put(da, log(y) - bm_digamma(a) + psab);
    bm__put(db, log1p(-y) - bm_digamma(b) + psab);
    return lp;
}

/* lognormal(y | mu, sigma) = -log(2 pi)/2 - log sigma - log y - z^2/2,
 * z = (log y - mu)/sigma.  Stan rejects y < 0 (NaN here) and returns log(0)
 * at y = 0 (-inf here); NaN also for NaN y, mu not finite, sigma <= 0 or not
 * finite.  Args 0 y, 1 mu, 2 sigma. */
BM_FN double bm_lognormal_lpdf(double y, double mu, double sigma, int propto,
                               unsigned active, double *dy, double *dmu,
                               double *dsigma) {
    if (!(y >= 0) || !bm__loc_ok(mu) || !bm__pos_ok(sigma))
        return bm__fail(dy, dmu, dsigma, 0);
    if (y == 0) return bm__zero_density(dy, dmu, dsigma, 0);
    double ly = log(y), z = (ly - mu) / sigma, lp = 0.0;
    if (bm__keep(propto, active, 0)) lp -= BM_HALF_LOG_2PI;
    if (bm__keep(propto, active, 4)) lp -= log(sigma);
    if (bm__keep(propto, active, 1)) lp -= ly;
    if (bm__keep(propto, active, 7)) lp -= 0.5 * z * z;
    bm__put(dy, -(1.0 + z / sigma) / y);
    bm__put(dmu, z / sigma);
    bm__put(dsigma, (z * z - 1.0) / sigma);
    return lp;
}

/* ---- discrete mass functions -------------------------------------------- */

/* bernoulli_logit(n | alpha) = log inv_logit(alpha) if n = 1, else
 * log(1 - inv_logit(alpha)), both in the overflow-free log1p(exp(-|x|))
 * form.  NaN if n is not 0 or 1, or alpha is NaN.  Args 0 n, 1 alpha.
 * With s = +-alpha, e = exp(-|s|) and log1p(e) depend on alpha alone (so
 * they come first); from them, as bm_log_inv_logit and bm_inv_logit would
 * compute them: log_inv_logit(s) = -log1p(e) (s >= 0; as -0.0 - log1p(e))
 * or s - log1p(e), and inv_logit(-s) = e / (1 + e) (s > 0) or 1 / (1 + e). */
BM_FN double bm_bernoulli_logit_lpmf(int n, double alpha, int propto,
                                     unsigned active, double *dalpha) {
    double e = exp(-fabs(alpha)), l1pe = log1p(e);
    if ((n != 0 && n != 1) || isnan(alpha)) return bm__fail(dalpha, 0, 0, 0);
    /* s = +-alpha by an exact product and selects of operands, not branches:
     * n is random from one element to the next, a branch on it mispredicts. */
    double sign = (double)(2 * n - 1), s = sign * alpha;  /* lp = log_inv_logit(s) */
    double lp = bm__keep(propto, active, 2) ? (s >= 0 ? -0.0 : s) - l1pe : 0.0;
    double q = (s > 0 ? e : 1.0) / (1.0 + e);  /* inv_logit(-s) */
    if (dalpha) *dalpha = sign * q;             /* n - inv_logit(alpha) */
    return lp;
}

/* binomial(n | N, theta) = lchoose(N, n) + n log theta + (N-n) log(1-theta);
 * terms with a zero count are 0, so theta = 0 (1) with n = 0 (N) gives
 * lchoose.  NaN if N < 0, n outside [0, N], theta outside [0, 1] or NaN.
 * Args 0 n, 1 N, 2 theta. */
BM_FN double bm_binomial_lpmf(int n, int N, double theta, int propto,
                              unsigned active, double *dtheta) {
    if (N < 0 || n < 0 || n > N || !(theta >= 0 && theta <= 1))
        return bm__fail(dtheta, 0, 0, 0);
    double lp = 0.0, k = (double)n, m = (double)(N - n);
    if (bm__keep(propto, active, 0)) lp += bm_lchoose(N, n);
    if (bm__keep(propto, active, 4))
        lp += bm__mul_log(k, theta) + bm__mul_log1m(m, theta);
    bm__put(dtheta, bm__div0(k, theta) - bm__div0(m, 1.0 - theta));
    return lp;
}

/* expm1(t) - t, accurate for small |t| too. */
BM_FN double bm__expm1_minus(double t) {
    if (fabs(t) > 1e-2) return expm1(t) - t;
    return t * t * (1.0 / 2 + t * (1.0 / 6 + t * (1.0 / 24 + t * (1.0 / 120
           + t * (1.0 / 720 + t / 5040)))));
}

/* The full poisson_log log mass for n >= 10: with t = alpha - log n it is
 * -n (expm1(t) - t) - log(2 pi n)/2 - stirling_corr(n), which avoids the
 * cancellation between n alpha, exp(alpha) and lgamma(n+1) for large n. */
BM_FN double bm__poisson_log_full(double k, double alpha) {
    double t = alpha - log(k);
    return -k * bm__expm1_minus(t) - 0.5 * log(k) - BM_HALF_LOG_2PI
           - bm__stirling_corr(k);
}

/* poisson_log(n | alpha) = n alpha - exp(alpha) - lgamma(n+1), the Poisson
 * with log rate alpha, accurate also for large n and alpha.  Like Stan:
 * alpha = +inf gives -inf, alpha = -inf gives -inf for n > 0 and 0 for n = 0.
 * NaN if n < 0 or alpha is NaN.  Args 0 n, 1 alpha. */
BM_FN double bm_poisson_log_lpmf(int n, double alpha, int propto,
                                 unsigned active, double *dalpha) {
    if (n < 0 || isnan(alpha)) return bm__fail(dalpha, 0, 0, 0);
    if (alpha == BM_INF || (alpha == -BM_INF && n > 0))
        return bm__zero_density(dalpha, 0, 0, 0);
    double lp = 0.0, k = (double)n;
    int keep_c = bm__keep(propto, active, 0), keep_a = bm__keep(propto, active, 2);
    bm__put(dalpha, k - exp(alpha));
    if (keep_c && keep_a && n >= 10) return bm__poisson_log_full(k, alpha);
    if (keep_c) lp -= lgamma(k + 1.0);
    if (keep_a) lp += (n ? k * alpha : 0.0) - exp(alpha);
    return lp;
}

#endif
