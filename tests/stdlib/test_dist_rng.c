/* tests/stdlib/test_dist_rng.c — every _rng of bm_dist_rng.h against its
 * distribution: sample mean and variance within 5 standard errors of the
 * exact moments, Kolmogorov-Smirnov against the (R-checked) cdf for the
 * continuous ones, and a chi-square test against the mass function for the
 * common discrete ones.
 *
 * In:  fixed seeds; exact moments from the textbook formulas given per case.
 * Out: cmocka results.  Never: depends on the time or on an unseeded state.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <cmocka.h>

#include "bm_math.h"
#include "stdlib/rng_fns.h"

#define N_DRAWS 100000
#define EULER_GAMMA 0.57721566490153286

typedef double (*cdf_fn)(double y, const double *p);  /* continuous cdf, or pmf (discrete) */

typedef struct rng_case {
    const char *name;
    double p[3];
    draw_fn draw;
    double mean, var;  /* exact */
    cdf_fn cdf;        /* continuous: cdf for KS; discrete: pmf for chi-square; NULL: none */
    int discrete;
} rng_case;

/* von Mises: the draw is reported as cos(y - mu), whose moments are known. */
static double d_von_mises_cos(const double *p, bm_rng *r) {
    return cos(bm_von_mises_rng(p[0], p[1], r) - p[0]);
}

/* cdfs (continuous, for KS) and pmfs (discrete, for chi-square). */
static double c_normal(double y, const double *p) { return bm_normal_cdf(y, p[0], p[1], 0, 0, 0); }
static double c_student_t(double y, const double *p) { return bm_student_t_cdf(y, p[0], p[1], p[2], 0, 0, 0, 0); }
static double c_cauchy(double y, const double *p) { return bm_cauchy_cdf(y, p[0], p[1], 0, 0, 0); }
static double c_double_exponential(double y, const double *p) { return bm_double_exponential_cdf(y, p[0], p[1], 0, 0, 0); }
static double c_logistic(double y, const double *p) { return bm_logistic_cdf(y, p[0], p[1], 0, 0, 0); }
static double c_gumbel(double y, const double *p) { return bm_gumbel_cdf(y, p[0], p[1], 0, 0, 0); }
static double c_skew_normal(double y, const double *p) { return bm_skew_normal_cdf(y, p[0], p[1], p[2], 0, 0, 0, 0); }
static double c_von_mises(double y, const double *p) { return bm_von_mises_cdf(y, p[0], p[1], 0, 0, 0); }
static double c_exp_mod_normal(double y, const double *p) { return bm_exp_mod_normal_cdf(y, p[0], p[1], p[2], 0, 0, 0, 0); }
static double c_lognormal(double y, const double *p) { return bm_lognormal_cdf(y, p[0], p[1], 0, 0, 0); }
static double c_chi_square(double y, const double *p) { return bm_chi_square_cdf(y, p[0], 0, 0); }
static double c_inv_chi_square(double y, const double *p) { return bm_inv_chi_square_cdf(y, p[0], 0, 0); }
static double c_scaled_inv_chi_square(double y, const double *p) { return bm_scaled_inv_chi_square_cdf(y, p[0], p[1], 0, 0, 0); }
static double c_exponential(double y, const double *p) { return bm_exponential_cdf(y, p[0], 0, 0); }
static double c_gamma(double y, const double *p) { return bm_gamma_cdf(y, p[0], p[1], 0, 0, 0); }
static double c_inv_gamma(double y, const double *p) { return bm_inv_gamma_cdf(y, p[0], p[1], 0, 0, 0); }
static double c_weibull(double y, const double *p) { return bm_weibull_cdf(y, p[0], p[1], 0, 0, 0); }
static double c_frechet(double y, const double *p) { return bm_frechet_cdf(y, p[0], p[1], 0, 0, 0); }
static double c_rayleigh(double y, const double *p) { return bm_rayleigh_cdf(y, p[0], 0, 0); }
static double c_pareto(double y, const double *p) { return bm_pareto_cdf(y, p[0], p[1], 0, 0, 0); }
static double c_pareto_type_2(double y, const double *p) { return bm_pareto_type_2_cdf(y, p[0], p[1], p[2], 0, 0, 0, 0); }
static double c_beta(double y, const double *p) { return bm_beta_cdf(y, p[0], p[1], 0, 0, 0); }
static double c_beta_proportion(double y, const double *p) { return bm_beta_proportion_cdf(y, p[0], p[1], 0, 0, 0); }
static double c_uniform(double y, const double *p) { return bm_uniform_cdf(y, p[0], p[1], 0, 0, 0); }
static double c_skew_double_exponential(double y, const double *p) {
    return bm_skew_double_exponential_cdf(y, p[0], p[1], p[2], 0, 0, 0, 0);
}
static double c_loglogistic(double y, const double *p) { return bm_loglogistic_cdf(y, p[0], p[1], 0, 0, 0); }
static double m_poisson(double k, const double *p) { return exp(bm_poisson_lpmf((int)k, p[0], 0, 3u, 0)); }
static double m_binomial(double k, const double *p) { return exp(bm_binomial_lpmf((int)k, (int)p[0], p[1], 0, 7u, 0)); }
static double m_neg_binomial_2(double k, const double *p) { return exp(bm_neg_binomial_2_lpmf((int)k, p[0], p[1], 0, 7u, 0, 0)); }
static double m_beta_binomial(double k, const double *p) { return exp(bm_beta_binomial_lpmf((int)k, (int)p[0], p[1], p[2], 0, 15u, 0, 0)); }
static double m_beta_neg_binomial(double k, const double *p) { return exp(bm_beta_neg_binomial_lpmf((int)k, p[0], p[1], p[2], 0, 15u, 0, 0, 0)); }
static double m_neg_binomial(double k, const double *p) { return exp(bm_neg_binomial_lpmf((int)k, p[0], p[1], 0, 7u, 0, 0)); }

static const double SN_DELTA = 0.94868329805051379;  /* 3 / sqrt(10) */
/* I1(2) / I0(2) = besselI(2, 1) / besselI(2, 0) in R */
static const double VM_A = 0.69777465796400798;

static double sq(double x) { return x * x; }

/* skew_double_exponential(mu, sigma, tau): mu - L with probability tau,
 * mu + R otherwise, L ~ exponential(rate 2 (1 - tau) / sigma), R ~
 * exponential(rate 2 tau / sigma); its mean and variance from those. */
static void sde_moments(double mu, double sigma, double tau, double *mean, double *var) {
    double l = sigma / (2 * (1 - tau)), r = sigma / (2 * tau);
    double m1 = -tau * l + (1 - tau) * r, m2 = tau * 2 * l * l + (1 - tau) * 2 * r * r;
    *mean = mu + m1;
    *var = m2 - m1 * m1;
}

/* loglogistic(alpha, beta), beta > 2: mean alpha b / sin b, variance
 * alpha^2 (2b / sin 2b - b^2 / sin^2 b), b = pi / beta. */
static void loglogistic_moments(double alpha, double beta, double *mean, double *var) {
    double b = 3.14159265358979324 / beta;
    *mean = alpha * b / sin(b);
    *var = alpha * alpha * (2 * b / sin(2 * b) - b * b / sq(sin(b)));
}

static rng_case cases[64];
static int n_cases;

static void add(const char *name, double p0, double p1, double p2, draw_fn d, double mean,
                double var, cdf_fn c, int discrete) {
    rng_case k = { name, { p0, p1, p2 }, d, mean, var, c, discrete };
    cases[n_cases++] = k;
}

/* The cases with their exact moments (textbook formulas). */
static int setup(void **state) {
    (void)state;
    const double pi = 3.14159265358979324;
    n_cases = 0;
    add("normal", 1, 2, 0, d_normal, 1, 4, c_normal, 0);
    add("std_normal", 0, 0, 0, d_std_normal, 0, 1, NULL, 0);
    add("student_t", 10, 1, 2, d_student_t, 1, 4 * 10.0 / 8, c_student_t, 0);
    add("student_t", 2.5, 0, 1, d_student_t, NAN, NAN, c_student_t, 0);
    add("cauchy", 1, 2, 0, d_cauchy, NAN, NAN, c_cauchy, 0);
    add("double_exponential", 1, 2, 0, d_double_exponential, 1, 8, c_double_exponential, 0);
    add("logistic", 1, 2, 0, d_logistic, 1, 4 * pi * pi / 3, c_logistic, 0);
    add("gumbel", 1, 2, 0, d_gumbel, 1 + 2 * EULER_GAMMA, pi * pi * 4 / 6, c_gumbel, 0);
    add("skew_normal", 1, 2, 3, d_skew_normal, 1 + 2 * SN_DELTA * sqrt(2 / pi),
        4 * (1 - 2 * SN_DELTA * SN_DELTA / pi), c_skew_normal, 0);
    add("exp_mod_normal", 1, 2, 0.5, d_exp_mod_normal, 3, 8, c_exp_mod_normal, 0);
    add("lognormal", 0.2, 0.5, 0, d_lognormal, exp(0.2 + 0.125),
        (exp(0.25) - 1) * exp(0.4 + 0.25), c_lognormal, 0);
    add("chi_square", 5, 0, 0, d_chi_square, 5, 10, c_chi_square, 0);
    add("inv_chi_square", 12, 0, 0, d_inv_chi_square, 0.1, 2.0 / (100 * 8), c_inv_chi_square, 0);
    add("scaled_inv_chi_square", 12, 2, 0, d_scaled_inv_chi_square, 4.8,
        2.0 * 144 * 16 / (100 * 8), c_scaled_inv_chi_square, 0);
    add("exponential", 2, 0, 0, d_exponential, 0.5, 0.25, c_exponential, 0);
    add("gamma", 2.5, 1.5, 0, d_gamma, 2.5 / 1.5, 2.5 / 2.25, c_gamma, 0);
    add("gamma", 0.3, 2, 0, d_gamma, 0.15, 0.075, c_gamma, 0);
    add("gamma", 40, 0.5, 0, d_gamma, 80, 160, c_gamma, 0);
    add("inv_gamma", 6, 2, 0, d_inv_gamma, 0.4, 0.04, c_inv_gamma, 0);
    add("weibull", 1.5, 2, 0, d_weibull, 2 * tgamma(1 + 1 / 1.5),
        4 * (tgamma(1 + 2 / 1.5) - sq(tgamma(1 + 1 / 1.5))), c_weibull, 0);
    add("frechet", 6, 2, 0, d_frechet, 2 * tgamma(1 - 1 / 6.0),
        4 * (tgamma(1 - 2 / 6.0) - sq(tgamma(1 - 1 / 6.0))), c_frechet, 0);
    add("rayleigh", 2, 0, 0, d_rayleigh, 2 * sqrt(pi / 2), (4 - pi) / 2 * 4, c_rayleigh, 0);
    add("pareto", 1, 6, 0, d_pareto, 1.2, 0.06, c_pareto, 0);
    add("pareto_type_2", 1, 2, 6, d_pareto_type_2, 1.4, 0.24, c_pareto_type_2, 0);
    add("beta", 2, 5, 0, d_beta, 2.0 / 7, 10.0 / (49 * 8), c_beta, 0);
    add("beta", 0.3, 0.4, 0, d_beta, 0.3 / 0.7, 0.12 / (0.49 * 1.7), c_beta, 0);
    add("beta_proportion", 0.3, 10, 0, d_beta_proportion, 0.3, 21.0 / (100 * 11), c_beta_proportion, 0);
    add("von_mises", 0.5, 2, 0, d_von_mises_cos, VM_A, 1 - VM_A / 2 - VM_A * VM_A, NULL, 0);
    add("von_mises", 0, 3.5, 0, d_von_mises, NAN, NAN, c_von_mises, 0);
    add("uniform", -1, 3, 0, d_uniform, 1, 16.0 / 12, c_uniform, 0);
    double m, v;
    sde_moments(1, 2, 0.3, &m, &v);
    add("skew_double_exponential", 1, 2, 0.3, d_skew_double_exponential, m, v, c_skew_double_exponential, 0);
    sde_moments(-2, 0.5, 0.85, &m, &v);
    add("skew_double_exponential", -2, 0.5, 0.85, d_skew_double_exponential, m, v, c_skew_double_exponential, 0);
    loglogistic_moments(2, 8, &m, &v);
    add("loglogistic", 2, 8, 0, d_loglogistic, m, v, c_loglogistic, 0);
    add("loglogistic", 0.5, 1.5, 0, d_loglogistic, NAN, NAN, c_loglogistic, 0);
    add("bernoulli", 0.3, 0, 0, d_bernoulli, 0.3, 0.21, NULL, 1);
    double pl = 1 / (1 + exp(-0.4));
    add("bernoulli_logit", 0.4, 0, 0, d_bernoulli_logit, pl, pl * (1 - pl), NULL, 1);
    add("binomial", 20, 0.3, 0, d_binomial, 6, 4.2, m_binomial, 1);
    add("binomial", 1000, 0.4, 0, d_binomial, 400, 240, m_binomial, 1);
    add("binomial", 100, 0.9, 0, d_binomial, 90, 9, m_binomial, 1);
    double pb = 1 / (1 + exp(0.5));
    add("binomial_logit", 50, -0.5, 0, d_binomial_logit, 50 * pb, 50 * pb * (1 - pb), NULL, 1);
    add("beta_binomial", 20, 2, 3, d_beta_binomial, 8, 20, m_beta_binomial, 1);
    /* beta_neg_binomial(r, a, b): mean r b / (a - 1), variance
     * r b (r + a - 1) (b + a - 1) / ((a - 2) (a - 1)^2), finite for a > 2 */
    add("beta_neg_binomial", 3, 6, 4, d_beta_neg_binomial, 3.0 * 4 / 5, 3.0 * 4 * 8 * 9 / (4 * 25.0), m_beta_neg_binomial, 1);
    add("poisson", 3.5, 0, 0, d_poisson, 3.5, 3.5, m_poisson, 1);
    add("poisson", 250, 0, 0, d_poisson, 250, 250, m_poisson, 1);
    add("poisson_log", log(40.0), 0, 0, d_poisson_log, 40, 40, NULL, 1);
    add("neg_binomial", 3, 0.5, 0, d_neg_binomial, 6, 18, m_neg_binomial, 1);
    add("neg_binomial_2", 7, 2.5, 0, d_neg_binomial_2, 7, 7 + 49 / 2.5, m_neg_binomial_2, 1);
    add("neg_binomial_2", 300, 40, 0, d_neg_binomial_2, 300, 300 + 90000 / 40.0, m_neg_binomial_2, 1);
    add("neg_binomial_2_log", log(7.0), 2.5, 0, d_neg_binomial_2_log, 7, 7 + 49 / 2.5, NULL, 1);
    add("discrete_range", -2, 5, 0, d_discrete_range, 1.5, 63.0 / 12, NULL, 1);
    add("hypergeometric", 10, 15, 25, d_hypergeometric, 3.75,
        10 * 0.375 * 0.625 * 30 / 39, NULL, 1);
    return 0;
}

static double draws[N_DRAWS];

/* Fills draws[] for case c with a seed of its own. */
static void sample(const rng_case *c, uint64_t seed) {
    bm_rng r;
    bm_rng_seed(&r, 20261123u + seed, 7u);
    for (int i = 0; i < N_DRAWS; i++) draws[i] = c->draw(c->p, &r);
}

/* Mean and variance within 5 standard errors (SE of the variance from the
 * sample fourth central moment). */
static int check_moments(const rng_case *c) {
    double n = N_DRAWS, m = 0, v = 0, m4 = 0;
    for (int i = 0; i < N_DRAWS; i++) m += draws[i];
    m /= n;
    for (int i = 0; i < N_DRAWS; i++) {
        double d = draws[i] - m;
        v += d * d;
        m4 += d * d * d * d;
    }
    v /= n - 1;
    m4 /= n;
    double se_m = sqrt(c->var / n), se_v = sqrt(fmax(m4 - c->var * c->var, 0) / n);
    int ok = fabs(m - c->mean) <= 5 * se_m && fabs(v - c->var) <= 5 * se_v;
    if (!ok) printf("  %s(%g, %g, %g): mean %g (exact %g, se %g), var %g (exact %g, se %g)\n",
                    c->name, c->p[0], c->p[1], c->p[2], m, c->mean, se_m, v, c->var, se_v);
    return ok;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Kolmogorov-Smirnov p-value (asymptotic, with Stephens' correction). */
static double ks_pvalue(double d, double n) {
    double l = (sqrt(n) + 0.12 + 0.11 / sqrt(n)) * d, s = 0;
    for (int k = 1; k < 100; k++) s += (k % 2 ? 2 : -2) * exp(-2.0 * k * k * l * l);
    return l < 0.2 ? 1.0 : fmin(1.0, fmax(0.0, s));
}

static double ks_test(const rng_case *c) {
    qsort(draws, N_DRAWS, sizeof draws[0], cmp_double);
    double d = 0, n = N_DRAWS;
    for (int i = 0; i < N_DRAWS; i++) {
        double f = c->cdf(draws[i], c->p);
        d = fmax(d, fmax(f - i / n, (i + 1) / n - f));
    }
    return ks_pvalue(d, n);
}

/* Chi-square over the values 0..K with expected counts >= 5 (the rest of
 * each tail pooled into its end bin); p-value from bm_chi_square_lccdf. */
static double chisq_test(const rng_case *c) {
    enum { MAXK = 4096 };
    static double obs[MAXK], expct[MAXK];
    int lo = -1, hi = -1;
    for (int k = 0; k < MAXK; k++) {
        expct[k] = N_DRAWS * c->cdf(k, c->p);
        obs[k] = 0;
        if (expct[k] >= 5) { if (lo < 0) lo = k; hi = k; }
    }
    for (int i = 0; i < N_DRAWS; i++) {
        int k = (int)draws[i];
        obs[k < lo ? lo : k > hi ? hi : k] += 1;
    }
    double below = 0, above = 0;
    for (int k = 0; k < lo; k++) below += expct[k];
    for (int k = 0; k <= hi; k++) above += expct[k];
    expct[lo] += below;
    expct[hi] += N_DRAWS - above;  /* everything beyond hi */
    double stat = 0;
    for (int k = lo; k <= hi; k++) stat += sq(obs[k] - expct[k]) / expct[k];
    return exp(bm_chi_square_lccdf(stat, hi - lo, NULL, NULL));
}

static void test_moments(void **state) {
    (void)state;
    int bad = 0, n = 0;
    for (int i = 0; i < n_cases; i++) {
        if (isnan(cases[i].mean)) continue;
        sample(&cases[i], (uint64_t)i);
        bad += !check_moments(&cases[i]);
        n++;
    }
    assert_true(n >= 40);
    assert_int_equal(bad, 0);
}

static void test_goodness_of_fit(void **state) {
    (void)state;
    int bad = 0, n = 0;
    for (int i = 0; i < n_cases; i++) {
        const rng_case *c = &cases[i];
        if (!c->cdf) continue;
        sample(c, 1000u + (uint64_t)i);
        double p = c->discrete ? chisq_test(c) : ks_test(c);
        n++;
        if (p > 0.001) continue;
        printf("  %s(%g, %g, %g): %s p = %g\n", c->name, c->p[0], c->p[1], c->p[2],
               c->discrete ? "chi-square" : "KS", p);
        bad++;
    }
    assert_true(n >= 30);
    assert_int_equal(bad, 0);
}

/* The goodness-of-fit tests can fail: a shifted sample is rejected. */
static void test_goodness_of_fit_detects_a_wrong_sampler(void **state) {
    (void)state;
    rng_case c = { "normal", { 1.05, 2, 0 }, d_normal, 0, 0, c_normal, 0 };
    sample(&c, 99u);
    c.p[0] = 1.0;
    assert_true(ks_test(&c) < 1e-6);
    rng_case d = { "poisson", { 3.6, 0, 0 }, d_poisson, 0, 0, m_poisson, 1 };
    sample(&d, 98u);
    d.p[0] = 3.5;
    assert_true(chisq_test(&d) < 1e-6);
}

/* Every _rng of bm_dist_rng.h (rng_fns.h) is sampled by some case here
 * (moments, or the cdf for cauchy). */
static void test_every_rng_has_a_case(void **state) {
    (void)state;
    for (int i = 0; i < N_RNG_FNS; i++) {
        int found = 0;
        for (int k = 0; k < n_cases; k++)
            found |= strcmp(cases[k].name, rng_fns[i].name) == 0;
        if (!found) fail_msg("no test case for %s_rng", rng_fns[i].name);
    }
}

/* von_mises_rng draws lie in [m - pi, m + pi], m = fmod(mu, 2 pi) (Stan). */
static void test_von_mises_range(void **state) {
    (void)state;
    bm_rng r;
    bm_rng_seed(&r, 5, 5);
    double m = 0.4, lo = m - 3.14159265358979324, hi = m + 3.14159265358979324;
    for (int i = 0; i < 10000; i++) {
        double y = bm_von_mises_rng(2 * 3.14159265358979324 + m, 0.8, &r);
        assert_true(y >= lo - 1e-12 && y <= hi + 1e-12);
    }
}

/* Invalid parameters: NaN (continuous) or BM_RNG_INVALID (discrete). */
static void test_invalid_parameters(void **state) {
    (void)state;
    bm_rng r;
    bm_rng_seed(&r, 1, 1);
    assert_true(isnan(bm_normal_rng(0, -1, &r)));
    assert_true(isnan(bm_gamma_rng(0, 1, &r)));
    assert_true(isnan(bm_beta_rng(1, NAN, &r)));
    assert_true(isnan(bm_uniform_rng(1, 0, &r)));
    assert_true(isnan(bm_skew_double_exponential_rng(0, 1, 1.5, &r)));
    assert_true(isnan(bm_skew_double_exponential_rng(0, 0, 0.5, &r)));
    assert_true(isnan(bm_skew_double_exponential_rng(INFINITY, 1, 0.5, &r)));
    assert_true(isnan(bm_loglogistic_rng(0, 2, &r)));
    assert_true(isnan(bm_loglogistic_rng(1, -2, &r)));
    assert_int_equal(bm_poisson_rng(-1, &r), BM_RNG_INVALID);
    assert_int_equal(bm_binomial_rng(5, 1.5, &r), BM_RNG_INVALID);
    assert_int_equal(bm_neg_binomial_2_rng(1, 0, &r), BM_RNG_INVALID);
    assert_int_equal(bm_hypergeometric_rng(10, 2, 3, &r), BM_RNG_INVALID);
    assert_int_equal(bm_poisson_rng(0, &r), 0);
    /* discrete_range draws may be negative: only the sentinel means invalid */
    assert_int_equal(bm_discrete_range_rng(3, 2, &r), BM_RNG_INVALID);
    assert_int_equal(bm_discrete_range_rng(-1, -1, &r), -1);
    assert_int_equal(bm_discrete_range_rng(BM_RNG_INVALID, 0, &r), BM_RNG_INVALID);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_moments),
        cmocka_unit_test(test_goodness_of_fit),
        cmocka_unit_test(test_goodness_of_fit_detects_a_wrong_sampler),
        cmocka_unit_test(test_von_mises_range),
        cmocka_unit_test(test_invalid_parameters),
        cmocka_unit_test(test_every_rng_has_a_case),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
