/* stdlib/bm_dist_disc.h — the remaining discrete log mass functions, with partials.
 *
 * In:  one scalar element of a mass-function call in the FN_LPMF convention of
 * catalog.h: int and real arguments in declared order, `propto`, the `active`
 * mask and one partial pointer per *real* argument (each may be NULL).
 * Out: the log mass and its partials (those of the full function).  With
 * propto a term is kept iff it depends on an active argument, split as in
 * Stan.  Invalid arguments give NaN; a count outside the support where Stan
 * returns log(0) gives -inf with partials 0.
 * Never: uses globals, errno, printf or malloc; aborts on bad input.
 *
 * Include bm_math.h rather than this file directly.
 */
#ifndef BM_DIST_DISC_H
#define BM_DIST_DISC_H

#include "bm_math.h"

/* A probability in [0, 1] (false for NaN). */
BM_FN int bm__prob_ok(double p) { return p >= 0 && p <= 1; }

/* log of the generalised binomial coefficient (n + r - 1 choose n) =
 * lgamma(n + r) - lgamma(n + 1) - lgamma(r), n >= 0, r > 0. */
BM_FN double bm__lchoose_nb(int n, double r) {
    if (n == 0) return 0.0;
    return bm__lgamma_diff(r, (double)n) - lgamma((double)n + 1.0);
}

/* bernoulli(n | theta) = log theta if n = 1, log(1 - theta) if n = 0.  NaN if
 * n is not 0 or 1, or theta outside [0, 1].  Args 0 n, 1 theta. */
BM_FN double bm_bernoulli_lpmf(int n, double theta, int propto, unsigned active,
                               double *dtheta) {
    if ((n != 0 && n != 1) || !bm__prob_ok(theta)) return bm__fail(dtheta, 0, 0, 0);
    double lp = 0.0;
    if (bm__keep(propto, active, 2)) lp = n ? log(theta) : log1p(-theta);
    bm__put(dtheta, n ? 1.0 / theta : -1.0 / (1.0 - theta));
    return lp;
}

/* binomial_logit(n | N, alpha) = lchoose(N, n) + n log_inv_logit(alpha)
 * + (N - n) log1m_inv_logit(alpha).  NaN if N < 0, n outside [0, N] or alpha
 * not finite.  Args 0 n, 1 N, 2 alpha. */
BM_FN double bm_binomial_logit_lpmf(int n, int N, double alpha, int propto,
                                    unsigned active, double *dalpha) {
    if (N < 0 || n < 0 || n > N || !isfinite(alpha)) return bm__fail(dalpha, 0, 0, 0);
    double k = (double)n, m = (double)(N - n), lp = 0.0;
    if (bm__keep(propto, active, 0)) lp += bm_lchoose(N, n);
    if (bm__keep(propto, active, 4))
        lp += (n ? k * bm_log_inv_logit(alpha) : 0.0)
              + (m != 0 ? m * bm_log1m_inv_logit(alpha) : 0.0);
    bm__put(dalpha, k * bm_inv_logit(-alpha) - m * bm_inv_logit(alpha));
    return lp;
}

/* beta_binomial(n | N, alpha, beta) = lchoose(N, n) + lbeta(n + alpha,
 * N - n + beta) - lbeta(alpha, beta).  n outside [0, N] gives -inf; NaN if
 * N < 0, alpha or beta <= 0 or not finite.  Args 0 n, 1 N, 2 alpha, 3 beta. */
BM_FN double bm_beta_binomial_lpmf(int n, int N, double alpha, double beta, int propto,
                                   unsigned active, double *dalpha, double *dbeta) {
    if (N < 0 || !bm__pos_ok(alpha) || !bm__pos_ok(beta))
        return bm__fail(dalpha, dbeta, 0, 0);
    if (n < 0 || n > N) return bm__zero_density(dalpha, dbeta, 0, 0);
    double k = (double)n, m = (double)(N - n), lp = 0.0;
    if (bm__keep(propto, active, 0)) lp += bm_lchoose(N, n);
    if (bm__keep(propto, active, 12))
        lp += bm_lbeta(k + alpha, m + beta) - bm_lbeta(alpha, beta);
    double c = bm_digamma(alpha + beta) - bm_digamma((double)N + alpha + beta);
    bm__put(dalpha, bm_digamma(k + alpha) - bm_digamma(alpha) + c);
    bm__put(dbeta, bm_digamma(m + beta) - bm_digamma(beta) + c);
    return lp;
}

/* beta_neg_binomial(n | r, alpha, beta): the failures n before r successes
 * when the success probability is beta(alpha, beta):
 *     lgamma(n + r) - lgamma(n + 1) - lgamma(r) + lbeta(n + beta, r + alpha)
 *     - lbeta(alpha, beta).
 * NaN unless r, alpha, beta > 0 finite; n < 0 gives -inf.  Args 0 n, 1 r,
 * 2 alpha, 3 beta. */
BM_FN double bm_beta_neg_binomial_lpmf(int n, double r, double alpha, double beta, int propto,
                                       unsigned active, double *dr, double *dalpha,
                                       double *dbeta) {
    if (!bm__pos_ok(r) || !bm__pos_ok(alpha) || !bm__pos_ok(beta))
        return bm__fail(dr, dalpha, dbeta, 0);
    if (n < 0) return bm__zero_density(dr, dalpha, dbeta, 0);
    double k = (double)n, lp = 0.0;
    if (bm__keep(propto, active, 0)) lp -= lgamma(k + 1.0);
    if (bm__keep(propto, active, 2)) lp += lgamma(k + r) - lgamma(r);
    if (bm__keep(propto, active, 14)) lp += bm_lbeta(k + beta, r + alpha);
    if (bm__keep(propto, active, 12)) lp -= bm_lbeta(alpha, beta);
    double all = bm_digamma(k + r + alpha + beta), ab = bm_digamma(alpha + beta);
    double ra = bm_digamma(r + alpha);
    bm__put(dr, bm_digamma(k + r) - bm_digamma(r) + ra - all);
    bm__put(dalpha, ra - all - bm_digamma(alpha) + ab);
    bm__put(dbeta, bm_digamma(k + beta) - all - bm_digamma(beta) + ab);
    return lp;
}

/* neg_binomial(n | alpha, beta) = lchoose(n + alpha - 1, n)
 * + alpha log(beta / (1 + beta)) - n log1p(beta), beta an inverse scale.
 * NaN if n < 0, alpha or beta <= 0 or not finite.  Args 0 n, 1 alpha,
 * 2 beta. */
BM_FN double bm_neg_binomial_lpmf(int n, double alpha, double beta, int propto,
                                  unsigned active, double *dalpha, double *dbeta) {
    if (n < 0 || !bm__pos_ok(alpha) || !bm__pos_ok(beta))
        return bm__fail(dalpha, dbeta, 0, 0);
    double k = (double)n, lb = log(beta) - log1p(beta), lp = 0.0;
    if (bm__keep(propto, active, 2)) lp += bm__lchoose_nb(n, alpha);
    if (bm__keep(propto, active, 6)) lp += alpha * lb;
    if (bm__keep(propto, active, 4)) lp -= k * log1p(beta);
    bm__put(dalpha, (n ? bm_digamma(k + alpha) - bm_digamma(alpha) : 0.0) + lb);
    bm__put(dbeta, alpha / beta - (alpha + k) / (1.0 + beta));
    return lp;
}

/* neg_binomial_2(n | mu, phi) = lchoose(n + phi - 1, n) + n log mu
 * - phi log1p(mu/phi) - n log(mu + phi): mean mu, variance mu + mu^2/phi.
 * NaN if n < 0, mu or phi <= 0 or not finite.  Args 0 n, 1 mu, 2 phi. */
BM_FN double bm_neg_binomial_2_lpmf(int n, double mu, double phi, int propto,
                                    unsigned active, double *dmu, double *dphi) {
    if (n < 0 || !bm__pos_ok(mu) || !bm__pos_ok(phi)) return bm__fail(dmu, dphi, 0, 0);
    double k = (double)n, mp = mu + phi, l1 = log1p(mu / phi), lp = 0.0;
    if (bm__keep(propto, active, 4)) lp += bm__lchoose_nb(n, phi);
    if (bm__keep(propto, active, 2)) lp += bm__mul_log(k, mu);
    if (bm__keep(propto, active, 6)) lp -= phi * l1 + bm__mul_log(k, mp);
    bm__put(dmu, k / mu - (k + phi) / mp);
    bm__put(dphi, (n ? bm_digamma(k + phi) - bm_digamma(phi) : 0.0) - l1
                  + (mu - k) / mp);
    return lp;
}

/* neg_binomial_2_log(n | eta, phi) = neg_binomial_2(n | exp(eta), phi), as
 * lchoose(n + phi - 1, n) + n eta + phi log phi - (n + phi) log(e^eta + phi),
 * the last log taken as log_sum_exp(eta, log phi).  NaN if n < 0, eta not
 * finite, phi <= 0 or not finite.  Args 0 n, 1 eta, 2 phi. */
BM_FN double bm_neg_binomial_2_log_lpmf(int n, double eta, double phi, int propto,
                                        unsigned active, double *deta, double *dphi) {
    if (n < 0 || !isfinite(eta) || !bm__pos_ok(phi)) return bm__fail(deta, dphi, 0, 0);
    double k = (double)n, lphi = log(phi), lse = bm_log_sum_exp(eta, lphi), lp = 0.0;
    double w = bm_inv_logit(eta - lphi);  /* mu / (mu + phi) */
    if (bm__keep(propto, active, 4)) lp += bm__lchoose_nb(n, phi) + phi * lphi;
    if (bm__keep(propto, active, 2)) lp += k * eta;
    if (bm__keep(propto, active, 6)) lp -= (k + phi) * lse;
    bm__put(deta, k - (k + phi) * w);
    bm__put(dphi, (n ? bm_digamma(k + phi) - bm_digamma(phi) : 0.0) + lphi - lse
                  + w - k * bm_inv_logit(lphi - eta) / phi);
    return lp;
}

/* poisson(n | lambda) = n log lambda - lambda - lgamma(n + 1).  lambda = 0
 * gives 0 for n = 0 and -inf otherwise; lambda = inf gives -inf.  NaN if
 * n < 0, lambda < 0 or NaN.  Args 0 n, 1 lambda. */
BM_FN double bm_poisson_lpmf(int n, double lambda, int propto, unsigned active,
                             double *dlambda) {
    if (n < 0 || !(lambda >= 0)) return bm__fail(dlambda, 0, 0, 0);
    if (lambda == BM_INF || (lambda == 0 && n > 0))
        return bm__zero_density(dlambda, 0, 0, 0);
    double k = (double)n, lp = 0.0;
    int keep_c = bm__keep(propto, active, 0), keep_l = bm__keep(propto, active, 2);
    bm__put(dlambda, bm__div0(k, lambda) - 1.0);
    if (keep_c && keep_l && n >= 10) return bm__poisson_log_full(k, log(lambda));
    if (keep_c) lp -= lgamma(k + 1.0);
    if (keep_l) lp += bm__mul_log(k, lambda) - lambda;
    return lp;
}

/* discrete_range(y | lower, upper) = -log(upper - lower + 1) on
 * [lower, upper], -inf outside.  NaN if lower > upper.  No real arguments:
 * with propto the value is 0.  Args 0 y, 1 lower, 2 upper. */
BM_FN double bm_discrete_range_lpmf(int y, int lower, int upper, int propto,
                                    unsigned active) {
    if (lower > upper) return BM_NAN;
    if (y < lower || y > upper) return -BM_INF;
    if (!bm__keep(propto, active, 0)) return 0.0;
    return -log((double)upper - (double)lower + 1.0);
}

/* hypergeometric(n | N, a, b) = lchoose(a, n) + lchoose(b, N - n)
 * - lchoose(a + b, N): n successes in N draws without replacement from a
 * successes and b failures.  NaN unless 0 <= N <= a + b, a, b >= 0 and
 * max(0, N - b) <= n <= min(a, N) (Stan's checks).  No real arguments.
 * Args 0 n, 1 N, 2 a, 3 b. */
BM_FN double bm_hypergeometric_lpmf(int n, int N, int a, int b, int propto,
                                    unsigned active) {
    int lo = N - b > 0 ? N - b : 0, hi = a < N ? a : N;
    if (a < 0 || b < 0 || N < 0 || N > a + b || n < lo || n > hi) return BM_NAN;
    if (!bm__keep(propto, active, 0)) return 0.0;
    return bm_lchoose(a, n) + bm_lchoose(b, N - n) - bm_lchoose(a + b, N);
}

#endif
