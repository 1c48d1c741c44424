/* stdlib/bm_dist_rng.h — random draws from every univariate distribution.
 *
 * In:  the distribution's parameters in Stan's order, then the generator:
 *     double bm_NAME_rng(params..., bm_rng *rng)   continuous
 *     int    bm_NAME_rng(params..., bm_rng *rng)   discrete
 * Out: one draw.  Invalid parameters (where the matching density gives NaN)
 * give NaN for continuous draws and BM_RNG_INVALID for discrete ones; the
 * caller reports the error.  Algorithms: gamma by Marsaglia & Tsang (2000), beta from two
 * gammas (log-space for small shapes), Poisson by inversion below mean 10 and
 * Hoermann's PTRS (1993) above, binomial by inversion below mean 10 and
 * Hoermann's BTRS (1993) above, von Mises by Best & Fisher (1979), the rest
 * by inversion or their textbook constructions.
 * Never: keeps state outside *rng, or calls anything but libm and rng.h.
 */
#ifndef BM_DIST_RNG_H
#define BM_DIST_RNG_H

#include "../runtime/rng.h"  /* the path from stdlib/, so no -I is needed */
#include "bm_math.h"
#include "bm_special.h"

/* A discrete draw for invalid parameters: -2^31, below the support of every
 * discrete distribution here (discrete_range refuses lower = -2^31). */
#define BM_RNG_INVALID (-2147483647 - 1)

/* ---- building blocks ---------------------------------------------------- */

/* Gamma(alpha, 1), alpha > 0: Marsaglia-Tsang; alpha < 1 through
 * Gamma(alpha + 1) U^(1/alpha). */
BM__FN_OUTLINE double bm__gamma1_rng(double alpha, bm_rng *rng) {
    double boost = 1.0;
    if (alpha < 1.0) {
        boost = pow(bm_rng_uniform(rng), 1.0 / alpha);
        alpha += 1.0;
    }
    double d = alpha - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double x = bm_rng_normal(rng), v = 1.0 + c * x;
        if (v <= 0) continue;
        v = v * v * v;
        double u = bm_rng_uniform(rng);
        if (log(u) < 0.5 * x * x + d - d * v + d * log(v)) return boost * d * v;
    }
}

/* log of a Gamma(alpha, 1) draw, accurate for tiny alpha (where the draw
 * itself underflows): log Gamma(alpha + 1) + log(U) / alpha. */
BM_FN double bm__log_gamma1_rng(double alpha, bm_rng *rng) {
    if (alpha >= 1.0) return log(bm__gamma1_rng(alpha, rng));
    return log(bm__gamma1_rng(alpha + 1.0, rng)) + log(bm_rng_uniform(rng)) / alpha;
}

/* Poisson(lambda) by inversion (sequential search), lambda < 10. */
BM__FN_OUTLINE int bm__poisson_inv_rng(double lambda, bm_rng *rng) {
    double p = exp(-lambda), s = p, u = bm_rng_uniform(rng);
    int k = 0;
    while (u > s && k < 1000) {
        k++;
        p *= lambda / k;
        s += p;
    }
    return k;
}

/* Poisson(lambda), lambda >= 10: Hoermann's transformed rejection (PTRS). */
BM__FN_OUTLINE int bm__poisson_ptrs_rng(double lambda, bm_rng *rng) {
    double slam = sqrt(lambda), loglam = log(lambda);
    double b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b;
    double invalpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2.0);
    for (;;) {
        double u = bm_rng_uniform(rng) - 0.5, v = bm_rng_uniform(rng);
        double us = 0.5 - fabs(u);
        double k = floor((2.0 * a / us + b) * u + lambda + 0.43);
        if (us >= 0.07 && v <= vr) return (int)k;
        if (k < 0 || (us < 0.013 && v > us)) continue;
        if (log(v) + log(invalpha) - log(a / (us * us) + b)
            <= -lambda + k * loglam - lgamma(k + 1.0))
            return (int)k;
    }
}

/* Binomial(N, p) by inversion, N p < 10, p <= 1/2. */
BM__FN_OUTLINE int bm__binomial_inv_rng(int N, double p, bm_rng *rng) {
    double q = 1.0 - p, s = p / q, a = (N + 1) * s, r = pow(q, N);
    double u = bm_rng_uniform(rng);
    int k = 0;
    while (u > r && k < N) {
        u -= r;
        k++;
        r *= a / k - s;
    }
    return k;
}

/* Binomial(N, p), N p >= 10, p <= 1/2: Hoermann's BTRS. */
BM__FN_OUTLINE int bm__binomial_btrs_rng(int N, double p, bm_rng *rng) {
    double q = 1.0 - p, spq = sqrt(N * p * q);
    double b = 1.15 + 2.53 * spq, a = -0.0873 + 0.0248 * b + 0.01 * p;
    double c = N * p + 0.5, vr = 0.92 - 4.2 / b;
    double alpha = (2.83 + 5.1 / b) * spq, lpq = log(p / q);
    double m = floor((N + 1) * p), h = lgamma(m + 1.0) + lgamma(N - m + 1.0);
    for (;;) {
        double u = bm_rng_uniform(rng) - 0.5, v = bm_rng_uniform(rng);
        double us = 0.5 - fabs(u), k = floor((2.0 * a / us + b) * u + c);
        if (k < 0 || k > N) continue;
        if (us >= 0.07 && v <= vr) return (int)k;
        v = log(v * alpha / (a / (us * us) + b));
        if (v <= h - lgamma(k + 1.0) - lgamma(N - k + 1.0) + (k - m) * lpq) return (int)k;
    }
}

/* ---- continuous --------------------------------------------------------- */

BM_FN double bm_normal_rng(double mu, double sigma, bm_rng *rng) {
    if (!bm__loc_ok(mu) || !bm__pos_ok(sigma)) return BM_NAN;
    return mu + sigma * bm_rng_normal(rng);
}
BM_FN double bm_std_normal_rng(bm_rng *rng) { return bm_rng_normal(rng); }

/* Student t: normal / sqrt(chi^2_nu / nu). */
BM_FN double bm_student_t_rng(double nu, double mu, double sigma, bm_rng *rng) {
    if (!bm__pos_ok(nu) || !bm__loc_ok(mu) || !bm__pos_ok(sigma)) return BM_NAN;
    double g = bm__gamma1_rng(0.5 * nu, rng);
    return mu + sigma * bm_rng_normal(rng) / sqrt(g / (0.5 * nu));
}
/* Cauchy: mu + sigma tan(pi (U - 1/2)). */
BM_FN double bm_cauchy_rng(double mu, double sigma, bm_rng *rng) {
    if (!bm__loc_ok(mu) || !bm__pos_ok(sigma)) return BM_NAN;
    return mu + sigma * tan(BM_PI * (bm_rng_uniform(rng) - 0.5));
}
/* Laplace: a random sign times an exponential. */
BM_FN double bm_double_exponential_rng(double mu, double sigma, bm_rng *rng) {
    if (!bm__loc_ok(mu) || !bm__pos_ok(sigma)) return BM_NAN;
    double e = bm_rng_exponential(rng);
    return bm_rng_uniform(rng) < 0.5 ? mu - sigma * e : mu + sigma * e;
}
BM_FN double bm_logistic_rng(double mu, double sigma, bm_rng *rng) {
    if (!bm__loc_ok(mu) || !bm__pos_ok(sigma)) return BM_NAN;
    double u = bm_rng_uniform(rng);
    return mu + sigma * (log(u) - log1p(-u));
}
BM_FN double bm_gumbel_rng(double mu, double beta, bm_rng *rng) {
    if (!bm__loc_ok(mu) || !bm__pos_ok(beta)) return BM_NAN;
    return mu - beta * log(bm_rng_exponential(rng));
}
/* Skew double exponential: with probability tau (the mass below mu)
 * mu - sigma / (2 (1 - tau)) E, else mu + sigma / (2 tau) E, E ~ exponential(1)
 * (the two exponential halves of the density). */
BM_FN double bm_skew_double_exponential_rng(double mu, double sigma, double tau, bm_rng *rng) {
    if (!bm__loc_ok(mu) || !bm__pos_ok(sigma) || !(tau >= 0 && tau <= 1)) return BM_NAN;
    int below = bm_rng_uniform(rng) < tau;
    double e = bm_rng_exponential(rng);
    return below ? mu - sigma * e / (2.0 * (1.0 - tau)) : mu + sigma * e / (2.0 * tau);
}
/* Skew normal: delta |U0| + sqrt(1 - delta^2) U1, delta = alpha/sqrt(1+alpha^2). */
BM_FN double bm_skew_normal_rng(double xi, double omega, double alpha, bm_rng *rng) {
    if (!bm__loc_ok(xi) || !bm__pos_ok(omega) || !isfinite(alpha)) return BM_NAN;
    double delta = alpha / sqrt(1.0 + alpha * alpha);
    double u0 = fabs(bm_rng_normal(rng)), u1 = bm_rng_normal(rng);
    return xi + omega * (delta * u0 + sqrt(1.0 - delta * delta) * u1);
}
BM_FN double bm_exp_mod_normal_rng(double mu, double sigma, double lambda, bm_rng *rng) {
    if (!bm__loc_ok(mu) || !bm__pos_ok(sigma) || !bm__pos_ok(lambda)) return BM_NAN;
    return mu + sigma * bm_rng_normal(rng) + bm_rng_exponential(rng) / lambda;
}
BM_FN double bm_lognormal_rng(double mu, double sigma, bm_rng *rng) {
    if (!bm__loc_ok(mu) || !bm__pos_ok(sigma)) return BM_NAN;
    return exp(mu + sigma * bm_rng_normal(rng));
}
BM_FN double bm_chi_square_rng(double nu, bm_rng *rng) {
    if (!bm__pos_ok(nu)) return BM_NAN;
    return 2.0 * bm__gamma1_rng(0.5 * nu, rng);
}
BM_FN double bm_inv_chi_square_rng(double nu, bm_rng *rng) {
    if (!bm__pos_ok(nu)) return BM_NAN;
    return 0.5 / bm__gamma1_rng(0.5 * nu, rng);
}
BM_FN double bm_scaled_inv_chi_square_rng(double nu, double s, bm_rng *rng) {
    if (!bm__pos_ok(nu) || !bm__pos_ok(s)) return BM_NAN;
    return 0.5 * nu * s * s / bm__gamma1_rng(0.5 * nu, rng);
}
BM_FN double bm_exponential_rng(double beta, bm_rng *rng) {
    if (!bm__pos_ok(beta)) return BM_NAN;
    return bm_rng_exponential(rng) / beta;
}
/* gamma(alpha, beta), beta a rate. */
BM_FN double bm_gamma_rng(double alpha, double beta, bm_rng *rng) {
    if (!bm__pos_ok(alpha) || !bm__pos_ok(beta)) return BM_NAN;
    return bm__gamma1_rng(alpha, rng) / beta;
}
BM_FN double bm_inv_gamma_rng(double alpha, double beta, bm_rng *rng) {
    if (!bm__pos_ok(alpha) || !bm__pos_ok(beta)) return BM_NAN;
    return beta / bm__gamma1_rng(alpha, rng);
}
BM_FN double bm_weibull_rng(double alpha, double sigma, bm_rng *rng) {
    if (!bm__pos_ok(alpha) || !bm__pos_ok(sigma)) return BM_NAN;
    return sigma * pow(bm_rng_exponential(rng), 1.0 / alpha);
}
BM_FN double bm_frechet_rng(double alpha, double sigma, bm_rng *rng) {
    if (!bm__pos_ok(alpha) || !bm__pos_ok(sigma)) return BM_NAN;
    return sigma * pow(bm_rng_exponential(rng), -1.0 / alpha);
}
/* Log-logistic: alpha (U / (1 - U))^(1/beta), the inverse of its cdf. */
BM_FN double bm_loglogistic_rng(double alpha, double beta, bm_rng *rng) {
    if (!bm__pos_ok(alpha) || !bm__pos_ok(beta)) return BM_NAN;
    double u = bm_rng_uniform(rng);
    return alpha * exp((log(u) - log1p(-u)) / beta);
}
BM_FN double bm_rayleigh_rng(double sigma, bm_rng *rng) {
    if (!bm__pos_ok(sigma)) return BM_NAN;
    return sigma * sqrt(2.0 * bm_rng_exponential(rng));
}
BM_FN double bm_pareto_rng(double ymin, double alpha, bm_rng *rng) {
    if (!bm__pos_ok(ymin) || !bm__pos_ok(alpha)) return BM_NAN;
    return ymin * exp(bm_rng_exponential(rng) / alpha);
}
BM_FN double bm_pareto_type_2_rng(double mu, double lambda, double alpha, bm_rng *rng) {
    if (!bm__loc_ok(mu) || !bm__pos_ok(lambda) || !bm__pos_ok(alpha)) return BM_NAN;
    return mu + lambda * expm1(bm_rng_exponential(rng) / alpha);
}
/* beta(a, b) = Ga / (Ga + Gb), taken in log space when a shape is below 1. */
BM_FN double bm_beta_rng(double a, double b, bm_rng *rng) {
    if (!bm__pos_ok(a) || !bm__pos_ok(b)) return BM_NAN;
    if (a >= 1.0 && b >= 1.0) {
        double x = bm__gamma1_rng(a, rng), y = bm__gamma1_rng(b, rng);
        return x / (x + y);
    }
    double lx = bm__log_gamma1_rng(a, rng), ly = bm__log_gamma1_rng(b, rng);
    return exp(lx - bm_log_sum_exp(lx, ly));
}
BM_FN double bm_beta_proportion_rng(double mu, double kappa, bm_rng *rng) {
    if (!(mu > 0 && mu < 1) || !bm__pos_ok(kappa)) return BM_NAN;
    return bm_beta_rng(mu * kappa, (1.0 - mu) * kappa, rng);
}
/* von Mises by Best & Fisher's wrapped-Cauchy rejection; like Stan the
 * result lies in [m - pi, m + pi] with m = fmod(mu, 2 pi); kappa below 1e-8
 * draws uniformly. */
BM_FN double bm_von_mises_rng(double mu, double kappa, bm_rng *rng) {
    if (!bm__loc_ok(mu) || !(kappa >= 0 && isfinite(kappa))) return BM_NAN;
    mu = fmod(mu, 2.0 * BM_PI);
    if (kappa < 1e-8) return mu + BM_PI * (2.0 * bm_rng_uniform(rng) - 1.0);
    double r = 1.0 + sqrt(1.0 + 4.0 * kappa * kappa);
    double rho = (r - sqrt(2.0 * r)) / (2.0 * kappa), s = (1.0 + rho * rho) / (2.0 * rho);
    for (;;) {
        double z = cos(BM_PI * bm_rng_uniform(rng)), w = (1.0 + s * z) / (s + z);
        double c = kappa * (s - w), u = bm_rng_uniform(rng);
        if (c * (2.0 - c) > u || log(c / u) + 1.0 >= c) {
            double th = acos(w);
            return bm_rng_uniform(rng) < 0.5 ? mu - th : mu + th;
        }
    }
}
BM_FN double bm_uniform_rng(double alpha, double beta, bm_rng *rng) {
    if (!isfinite(alpha) || !isfinite(beta) || !(beta > alpha)) return BM_NAN;
    return alpha + (beta - alpha) * bm_rng_uniform(rng);
}

/* ---- discrete ----------------------------------------------------------- */

BM_FN int bm_bernoulli_rng(double theta, bm_rng *rng) {
    if (!(theta >= 0 && theta <= 1)) return BM_RNG_INVALID;
    return bm_rng_uniform(rng) < theta;
}
BM_FN int bm_bernoulli_logit_rng(double alpha, bm_rng *rng) {
    if (isnan(alpha)) return BM_RNG_INVALID;
    return bm_rng_uniform(rng) < bm_inv_logit(alpha);
}
BM_FN int bm_binomial_rng(int N, double theta, bm_rng *rng) {
    if (N < 0 || !(theta >= 0 && theta <= 1)) return BM_RNG_INVALID;
    double p = theta <= 0.5 ? theta : 1.0 - theta;
    int k = N * p < 10.0 ? bm__binomial_inv_rng(N, p, rng) : bm__binomial_btrs_rng(N, p, rng);
    return theta <= 0.5 ? k : N - k;
}
BM_FN int bm_binomial_logit_rng(int N, double alpha, bm_rng *rng) {
    if (!isfinite(alpha)) return BM_RNG_INVALID;
    return bm_binomial_rng(N, bm_inv_logit(alpha), rng);
}
BM_FN int bm_beta_binomial_rng(int N, double alpha, double beta, bm_rng *rng) {
    if (N < 0 || !bm__pos_ok(alpha) || !bm__pos_ok(beta)) return BM_RNG_INVALID;
    return bm_binomial_rng(N, bm_beta_rng(alpha, beta, rng), rng);
}
/* Poisson(lambda); BM_RNG_INVALID also for lambda >= 2^30 (Stan's limit, the
 * draw would not fit an int). */
BM_FN int bm_poisson_rng(double lambda, bm_rng *rng) {
    if (!(lambda >= 0) || !(lambda < 1073741824.0)) return BM_RNG_INVALID;
    if (lambda == 0) return 0;
    return lambda < 10.0 ? bm__poisson_inv_rng(lambda, rng) : bm__poisson_ptrs_rng(lambda, rng);
}
BM_FN int bm_poisson_log_rng(double alpha, bm_rng *rng) {
    if (isnan(alpha)) return BM_RNG_INVALID;
    return bm_poisson_rng(exp(alpha), rng);
}
/* neg_binomial(alpha, beta): Poisson with a Gamma(alpha, beta) rate. */
BM_FN int bm_neg_binomial_rng(double alpha, double beta, bm_rng *rng) {
    if (!bm__pos_ok(alpha) || !bm__pos_ok(beta)) return BM_RNG_INVALID;
    return bm_poisson_rng(bm__gamma1_rng(alpha, rng) / beta, rng);
}
/* beta_neg_binomial(r, alpha, beta): p ~ beta(alpha, beta), then the failures
 * before r successes: Poisson with a Gamma(r, p / (1 - p)) rate. */
BM_FN int bm_beta_neg_binomial_rng(double r, double alpha, double beta, bm_rng *rng) {
    if (!bm__pos_ok(r) || !bm__pos_ok(alpha) || !bm__pos_ok(beta)) return BM_RNG_INVALID;
    double p = bm_beta_rng(alpha, beta, rng);
    return bm_poisson_rng(bm__gamma1_rng(r, rng) * ((1.0 - p) / p), rng);
}
/* neg_binomial_2(mu, phi): Poisson with a Gamma(phi, phi/mu) rate. */
BM_FN int bm_neg_binomial_2_rng(double mu, double phi, bm_rng *rng) {
    if (!bm__pos_ok(mu) || !bm__pos_ok(phi)) return BM_RNG_INVALID;
    return bm_poisson_rng(bm__gamma1_rng(phi, rng) * (mu / phi), rng);
}
BM_FN int bm_neg_binomial_2_log_rng(double eta, double phi, bm_rng *rng) {
    if (!isfinite(eta)) return BM_RNG_INVALID;
    return bm_neg_binomial_2_rng(exp(eta), phi, rng);
}
BM_FN int bm_discrete_range_rng(int lower, int upper, bm_rng *rng) {
    if (lower > upper || lower == BM_RNG_INVALID) return BM_RNG_INVALID;
    double w = (double)upper - lower + 1.0;
    int k = (int)floor(w * bm_rng_uniform(rng));
    return lower + (k < w ? k : (int)w - 1);
}
/* hypergeometric(N, a, b): N draws without replacement from a successes and
 * b failures, one draw at a time (O(N)). */
BM_FN int bm_hypergeometric_rng(int N, int a, int b, bm_rng *rng) {
    if (a < 0 || b < 0 || N < 0 || N > a + b) return BM_RNG_INVALID;
    int k = 0;
    for (int i = 0; i < N; i++) {
        if (bm_rng_uniform(rng) * (a + b - i) < a - k) k++;
    }
    return k;
}

#endif
