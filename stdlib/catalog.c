/* stdlib/catalog.c — the signature table of stdlib/catalog.h.
 *
 * In:  a function name as written in a model.  Out: its catalog entries
 * (argument kinds, result, C names of value and partials, one line of doc).
 * Never: holds mutable state or code beyond lookups; the C functions named
 * here live in bm_math.h and the headers it includes (bm_dist*.h, bm_cdf.h,
 * bm_dist_rng.h) and must keep the calling conventions documented in
 * catalog.h.
 */
#include "catalog.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define I ARG_INT
#define R ARG_REAL
#define I ARG_INT
#define RS ARG_REALS
#define IS ARG_INTS

/* real -> real math function NAME with c names bm_NAME / bm_NAME_d. */
#define MATH1(n, doc) { #n, FN_MATH, 1, { R }, 0, "bm_" #n, "bm_" #n "_d", doc, NULL }
#define MATH2(n, doc) { #n, FN_MATH, 2, { R, R }, 0, "bm_" #n, "bm_" #n "_d", doc, NULL }
#define MATH3(n, doc) { #n, FN_MATH, 3, { R, R, R }, 0, "bm_" #n, "bm_" #n "_d", doc, NULL }
/* real-valued NAME with int and real arguments ARGS, C names bm_C / bm_C_d. */
#define MATHA(n, c, k, doc, ...) { n, FN_MATH, k, { __VA_ARGS__ }, 0, "bm_" c, "bm_" c "_d", doc, NULL }
/* int-valued NAME (C function bm_C returning a whole double, NaN on a domain
 * error; no partials). */
#define MATHI(n, c, k, doc, ...) { n, FN_MATH, k, { __VA_ARGS__ }, 1, "bm_" c, NULL, doc, NULL }
/* constant NAME() with C function bm_const_NAME. */
#define CONST(n, doc) { #n, FN_MATH, 0, { R }, 0, "bm_const_" #n, NULL, doc, NULL }
/* density NAME with c name bm_NAME_lpdf / bm_NAME_lpmf. */
#define LPDF(n, k, doc, ...) { #n, FN_LPDF, k, { __VA_ARGS__ }, 0, "bm_" #n "_lpdf", NULL, doc, NULL }
#define LPMF(n, k, doc, ...) { #n, FN_LPMF, k, { __VA_ARGS__ }, 0, "bm_" #n "_lpmf", NULL, doc, NULL }
/* NAME_cdf, NAME_lcdf, NAME_lccdf with the density's arguments (bm_cdf.h). */
#define CDF1(n, sfx, k, doc, ...) { #n sfx, FN_CDF, k, { __VA_ARGS__ }, 0, "bm_" #n sfx, NULL, doc, NULL }
#define CDFS(n, k, ...)                                                          \
    CDF1(n, "_cdf", k, "cumulative distribution function of " #n "; the product over elements", \
         __VA_ARGS__),                                                           \
    CDF1(n, "_lcdf", k, "log CDF of " #n "; the sum over elements", __VA_ARGS__), \
    CDF1(n, "_lccdf", k, "log complementary CDF of " #n "; the sum over elements", __VA_ARGS__)
/* NAME_rng with k parameters (bm_dist_rng.h); ri: the draw is an int. */
#define RNG(n, k, ri, ...)                                                        \
    { #n "_rng", FN_RNG, k, { __VA_ARGS__ }, ri, "bm_" #n "_rng", NULL,          \
      "a draw from " #n "; an array for vectorised arguments", NULL }

static const fn_sig catalog_table[] = {
    MATH1(exp, "e to the power x"),
    MATH1(log, "natural logarithm; NaN for x < 0"),
    MATH1(sqrt, "square root; NaN for x < 0"),
    MATH1(square, "x squared"),
    MATH1(inv_logit, "logistic sigmoid 1 / (1 + exp(-x))"),
    MATH1(log1p, "log(1 + x), accurate near 0"),
    MATH1(lgamma, "log of the absolute value of the gamma function"),
    MATH1(log_inv_logit, "log(inv_logit(x)), stable for large abs(x)"),
    MATH1(log1m_inv_logit, "log(1 - inv_logit(x)), stable for large abs(x)"),
    MATH1(log1m, "log(1 - x), accurate near 0; NaN for x > 1"),
    MATH1(fabs, "absolute value"),
    MATH1(expm1, "exp(x) - 1, accurate near 0"),
    MATH2(log_sum_exp, "log(exp(x) + exp(y)) without overflow"),
    MATH2(pow, "x to the power y"),
    MATH1(digamma, "digamma function, the derivative of lgamma"),
    MATH1(logit, "log(x / (1 - x)); NaN outside [0, 1]"),
    MATH1(inv, "1 / x"),
    MATH1(inv_sqrt, "1 / sqrt(x)"),
    MATH1(inv_square, "1 / x^2"),
    /* constants */
    CONST(pi, "pi"), CONST(e, "Euler's number e"), CONST(sqrt2, "square root of 2"),
    CONST(log2, "log(2)"), MATH1(log2, "base-2 logarithm; NaN for x < 0"),
    CONST(log10, "log(10)"), MATH1(log10, "base-10 logarithm; NaN for x < 0"),
    CONST(not_a_number, "NaN"), CONST(positive_infinity, "+infinity"),
    CONST(negative_infinity, "-infinity"),
    CONST(machine_precision, "machine epsilon, the smallest x with 1 + x != 1 (2^-52)"),
    /* rounding, steps and bounds (partials 0, or 1 for the argument chosen) */
    MATH1(floor, "largest integer <= x, as a real"), MATH1(ceil, "smallest integer >= x, as a real"),
    MATH1(round, "nearest integer, halves away from zero, as a real"),
    MATH1(trunc, "integer part (toward zero), as a real"),
    MATH1(step, "0 for x < 0, else 1 (so 1 at 0 and at NaN)"),
    MATHI("int_step", "int_step", 1, "1 for x > 0, else 0 (also for NaN); takes an int or a real", R),
    MATHI("is_inf", "is_inf", 1, "1 when x is +-infinity, else 0", R),
    MATHI("is_nan", "is_nan", 1, "1 when x is NaN, else 0", R),
    MATHI("logical_negation", "logical_negation", 1, "!x: 1 when x is 0, else 0 (also for NaN)", R),
    { "to_int", FN_MATH, 1, { R }, 1, "bm_to_int", NULL,
      "truncation toward zero to an int; rejects NaN, infinities and values outside the int range",
      "(data real) => int" },
    MATHI("abs", "abs_int", 1, "absolute value of an int", I),
    MATH1(abs, "absolute value; partial sign(x), 0 at 0"),
    MATHI("min", "min_int", 2, "the smaller int", I, I),
    MATH2(min, "the smaller of x and y; NaN if either is NaN"),
    MATHI("max", "max_int", 2, "the larger int", I, I),
    MATH2(max, "the larger of x and y; NaN if either is NaN"),
    MATH2(fmin, "the smaller of x and y, ignoring one NaN (C fmin)"),
    MATH2(fmax, "the larger of x and y, ignoring one NaN (C fmax)"),
    MATH2(fdim, "positive difference: x - y if x > y, else 0"),
    MATH2(fmod, "remainder x - trunc(x / y) y, the sign of x; NaN for y = 0"),
    /* powers, logarithms and composed forms */
    MATH1(cbrt, "cube root"), MATH1(exp2, "2 to the power x"),
    MATHA("ldexp", "ldexp", 2, "x * 2^n for an int n", R, I),
    MATH2(hypot, "sqrt(x^2 + y^2) without overflow"),
    MATH3(fma, "x * y + z with a single rounding"),
    MATHA("lmultiply", "lmultiply", 2, "x * log(y), 0 when x and y are both 0", R, R),
    MATHA("multiply_log", "lmultiply", 2, "x * log(y), 0 when x and y are both 0 (old name of lmultiply)", R, R),
    MATH1(log1p_exp, "log(1 + exp(x)) without overflow"),
    MATH1(log1m_exp, "log(1 - exp(x)) for x <= 0; NaN for x > 0"),
    MATH2(log_diff_exp, "log(exp(x) - exp(y)); -inf for x = y, NaN for x < y"),
    MATH3(log_mix, "log(theta exp(a) + (1 - theta) exp(b)), theta in [0, 1]"),
    MATH2(log_inv_logit_diff, "log(inv_logit(x) - inv_logit(y)), x >= y"),
    MATH1(inv_cloglog, "1 - exp(-exp(x)), the inverse complementary log-log link"),
    /* trigonometric and hyperbolic */
    MATH1(sin, "sine"), MATH1(cos, "cosine"), MATH1(tan, "tangent"),
    MATH1(asin, "arc sine; NaN outside [-1, 1]"), MATH1(acos, "arc cosine; NaN outside [-1, 1]"),
    MATH1(atan, "arc tangent"), MATH2(atan2, "angle of the point (x, y): atan2(y, x) in (-pi, pi]"),
    MATH1(sinh, "hyperbolic sine"), MATH1(cosh, "hyperbolic cosine"), MATH1(tanh, "hyperbolic tangent"),
    MATH1(asinh, "inverse hyperbolic sine"), MATH1(acosh, "inverse hyperbolic cosine; NaN for x < 1"),
    MATH1(atanh, "inverse hyperbolic tangent; NaN outside [-1, 1]"),
    /* the normal distribution and error functions */
    MATH1(Phi, "standard normal cumulative distribution function"),
    MATH1(Phi_approx, "logistic approximation inv_logit(0.07056 x^3 + 1.5976 x) of Phi"),
    MATH1(inv_Phi, "standard normal quantile: Phi(x) = p, p in [0, 1]"),
    MATH1(std_normal_log_qf, "standard normal quantile of a log probability lp <= 0"),
    MATHA("std_normal_qf", "inv_Phi", 1, "standard normal quantile: the same function as inv_Phi", R),
    MATH1(erf, "error function"), MATH1(erfc, "complementary error function 1 - erf(x)"),
    MATH1(inv_erfc, "inverse of erfc, for x in [0, 2]"),
    MATHA("binary_log_loss", "binary_log_loss", 2,
          "-log(y_hat) if y = 1, -log(1 - y_hat) if y = 0; y in {0, 1}, y_hat in [0, 1]", I, R),
    MATH2(owens_t, "Owen's T function T(h, a)"),
    /* gamma, beta and combinatorial functions */
    MATH1(tgamma, "gamma function; NaN at 0 and the negative integers"),
    MATH1(trigamma, "trigamma function, the derivative of digamma"),
    MATH2(lbeta, "log of the beta function, a, b >= 0"),
    MATHA("lchoose", "binomial_coefficient_log", 2,
          "log of the generalised binomial coefficient, n >= -1, -1 <= k <= n + 1", R, R),
    MATHA("binomial_coefficient_log", "binomial_coefficient_log", 2,
          "log of the generalised binomial coefficient (old name of lchoose)", R, R),
    MATHI("choose", "choose", 2, "n choose k for 0 <= k (0 for k > n); rejects beyond the int range", I, I),
    MATHA("lmgamma", "lmgamma", 2, "log of the multivariate gamma function Gamma_k(x)", I, R),
    MATHA("falling_factorial", "falling_factorial", 2, "x (x-1) ... (x-n+1) for an int n >= 0", R, I),
    MATHA("rising_factorial", "rising_factorial", 2, "x (x+1) ... (x+n-1) for an int n >= 0", R, I),
    MATH2(log_falling_factorial, "lgamma(x+1) - lgamma(x-n+1), x > 0"),
    MATH2(log_rising_factorial, "lgamma(x+n) - lgamma(x), x > 0"),
    MATH2(gamma_p, "regularised lower incomplete gamma P(a, x), a > 0, x >= 0"),
    MATH2(gamma_q, "regularised upper incomplete gamma Q(a, x) = 1 - P(a, x)"),
    MATH3(inc_beta, "regularised incomplete beta I_x(a, b), a, b > 0, x in [0, 1]"),
    MATH3(inv_inc_beta, "x with inc_beta(a, b, x) = p, p in [0, 1]"),
    /* Bessel functions and Lambert W */
    MATHA("bessel_first_kind", "bessel_first_kind", 2, "Bessel function J_n(x) of int order n", I, R),
    MATHA("bessel_second_kind", "bessel_second_kind", 2, "Bessel function Y_n(x) of int order n, x > 0", I, R),
    MATHA("modified_bessel_first_kind", "modified_bessel_first_kind", 2,
          "modified Bessel function I_n(z) of int order n", I, R),
    MATHA("modified_bessel_second_kind", "modified_bessel_second_kind", 2,
          "modified Bessel function K_n(z) of int order n, z > 0", I, R),
    MATH2(log_modified_bessel_first_kind, "log I_v(z) for a real order v >= -1, z >= 0"),
    MATH2(hypergeometric_1F0, "hypergeometric 1F0(a;;z) = (1 - z)^(-a), abs(z) < 1"),
    MATHA("hypergeometric_2F1", "hypergeometric_2F1", 4,
          "Gauss hypergeometric 2F1(a1, a2; b1; z): z < 1, z = 1 with b1 > a1 + a2, or any z when "
          "a1 or a2 is a non-positive integer", R, R, R, R),
    MATH1(lambert_w0, "Lambert W, principal branch: w e^w = x, x >= -1/e"),
    MATH1(lambert_wm1, "Lambert W, lower branch: w e^w = x, -1/e <= x < 0"),
    /* ---- continuous distributions: density, CDFs, RNG ---- */
    LPDF(normal, 3, "normal(y | mu, sigma): location mu, scale sigma > 0", RS, RS, RS),
    CDFS(normal, 3, RS, RS, RS), RNG(normal, 2, 0, RS, RS),
    LPDF(std_normal, 1, "std_normal(y): normal(y | 0, 1)", RS),
    CDFS(std_normal, 1, RS),
    { "std_normal_rng", FN_RNG, 0, { R }, 0, "bm_std_normal_rng", NULL, "a standard normal draw", NULL },
    LPDF(cauchy, 3, "cauchy(y | mu, sigma): location mu, scale sigma > 0", RS, RS, RS),
    CDFS(cauchy, 3, RS, RS, RS), RNG(cauchy, 2, 0, RS, RS),
    LPDF(student_t, 4, "student_t(y | nu, mu, sigma): degrees of freedom nu > 0, location mu, scale sigma > 0",
         RS, RS, RS, RS),
    CDFS(student_t, 4, RS, RS, RS, RS), RNG(student_t, 3, 0, RS, RS, RS),
    LPDF(exponential, 2, "exponential(y | beta): rate beta > 0, y >= 0", RS, RS),
    CDFS(exponential, 2, RS, RS), RNG(exponential, 1, 0, RS),
    LPDF(gamma, 3, "gamma(y | alpha, beta): shape alpha > 0, rate beta > 0, y >= 0", RS, RS, RS),
    CDFS(gamma, 3, RS, RS, RS), RNG(gamma, 2, 0, RS, RS),
    LPDF(beta, 3, "beta(y | a, b): shapes a, b > 0, 0 <= y <= 1", RS, RS, RS),
    MATHA("beta", "beta_function", 2, "the beta function B(a, b), a, b >= 0", R, R), /* same name */
    CDFS(beta, 3, RS, RS, RS), RNG(beta, 2, 0, RS, RS),
    LPDF(lognormal, 3, "lognormal(y | mu, sigma): log y ~ normal(mu, sigma), y >= 0", RS, RS, RS),
    CDFS(lognormal, 3, RS, RS, RS), RNG(lognormal, 2, 0, RS, RS),
    LPDF(double_exponential, 3, "double_exponential(y | mu, sigma): Laplace, location mu, scale sigma > 0",
         RS, RS, RS),
    CDFS(double_exponential, 3, RS, RS, RS), RNG(double_exponential, 2, 0, RS, RS),
    LPDF(logistic, 3, "logistic(y | mu, sigma): location mu, scale sigma > 0", RS, RS, RS),
    CDFS(logistic, 3, RS, RS, RS), RNG(logistic, 2, 0, RS, RS),
    LPDF(gumbel, 3, "gumbel(y | mu, beta): location mu, scale beta > 0", RS, RS, RS),
    CDFS(gumbel, 3, RS, RS, RS), RNG(gumbel, 2, 0, RS, RS),
    LPDF(skew_normal, 4, "skew_normal(y | xi, omega, alpha): location xi, scale omega > 0, shape alpha",
         RS, RS, RS, RS),
    CDFS(skew_normal, 4, RS, RS, RS, RS), RNG(skew_normal, 3, 0, RS, RS, RS),
    LPDF(skew_double_exponential, 4, "skew_double_exponential(y | mu, sigma, tau): location mu, scale sigma > 0, "
         "skewness 0 <= tau <= 1 (the mass below mu)", RS, RS, RS, RS),
    CDFS(skew_double_exponential, 4, RS, RS, RS, RS), RNG(skew_double_exponential, 3, 0, RS, RS, RS),
    LPDF(wiener, 5, "wiener(y | alpha, tau, beta, delta): first passage time y > tau at the upper barrier; "
         "boundary separation alpha > 0, non-decision time tau > 0, a-priori bias 0 < beta < 1, drift delta",
         RS, RS, RS, RS, RS),
    LPDF(exp_mod_normal, 4, "exp_mod_normal(y | mu, sigma, lambda): normal(mu, sigma) plus exponential(lambda)",
         RS, RS, RS, RS),
    CDFS(exp_mod_normal, 4, RS, RS, RS, RS), RNG(exp_mod_normal, 3, 0, RS, RS, RS),
    LPDF(chi_square, 2, "chi_square(y | nu): degrees of freedom nu > 0, y >= 0", RS, RS),
    CDFS(chi_square, 2, RS, RS), RNG(chi_square, 1, 0, RS),
    LPDF(inv_chi_square, 2, "inv_chi_square(y | nu): degrees of freedom nu > 0, y > 0", RS, RS),
    CDFS(inv_chi_square, 2, RS, RS), RNG(inv_chi_square, 1, 0, RS),
    LPDF(scaled_inv_chi_square, 3, "scaled_inv_chi_square(y | nu, sigma): nu > 0, scale sigma > 0, y > 0",
         RS, RS, RS),
    CDFS(scaled_inv_chi_square, 3, RS, RS, RS), RNG(scaled_inv_chi_square, 2, 0, RS, RS),
    LPDF(inv_gamma, 3, "inv_gamma(y | alpha, beta): shape alpha > 0, scale beta > 0, y > 0", RS, RS, RS),
    CDFS(inv_gamma, 3, RS, RS, RS), RNG(inv_gamma, 2, 0, RS, RS),
    LPDF(weibull, 3, "weibull(y | alpha, sigma): shape alpha > 0, scale sigma > 0, y >= 0", RS, RS, RS),
    CDFS(weibull, 3, RS, RS, RS), RNG(weibull, 2, 0, RS, RS),
    LPDF(frechet, 3, "frechet(y | alpha, sigma): shape alpha > 0, scale sigma > 0, y > 0", RS, RS, RS),
    CDFS(frechet, 3, RS, RS, RS), RNG(frechet, 2, 0, RS, RS),
    LPDF(loglogistic, 3, "loglogistic(y | alpha, beta): scale alpha > 0, shape beta > 0, y > 0", RS, RS, RS),
    CDF1(loglogistic, "_cdf", 3, "cumulative distribution function of loglogistic; the product over elements",
         RS, RS, RS),
    CDF1(loglogistic, "_lcdf", 3, "log CDF of loglogistic; the sum over elements (not in Stan, which has only "
         "loglogistic_cdf)", RS, RS, RS),
    CDF1(loglogistic, "_lccdf", 3, "log complementary CDF of loglogistic; the sum over elements (not in Stan)",
         RS, RS, RS),
    RNG(loglogistic, 2, 0, RS, RS),
    LPDF(rayleigh, 2, "rayleigh(y | sigma): scale sigma > 0, y >= 0", RS, RS),
    CDFS(rayleigh, 2, RS, RS), RNG(rayleigh, 1, 0, RS),
    LPDF(pareto, 3, "pareto(y | y_min, alpha): minimum y_min > 0, shape alpha > 0", RS, RS, RS),
    CDFS(pareto, 3, RS, RS, RS), RNG(pareto, 2, 0, RS, RS),
    LPDF(pareto_type_2, 4, "pareto_type_2(y | mu, lambda, alpha): location mu, scale lambda > 0, shape alpha > 0, y >= mu",
         RS, RS, RS, RS),
    CDFS(pareto_type_2, 4, RS, RS, RS, RS), RNG(pareto_type_2, 3, 0, RS, RS, RS),
    LPDF(beta_proportion, 3, "beta_proportion(y | mu, kappa): mean 0 < mu < 1, precision kappa > 0", RS, RS, RS),
    CDFS(beta_proportion, 3, RS, RS, RS), RNG(beta_proportion, 2, 0, RS, RS),
    LPDF(von_mises, 3, "von_mises(y | mu, kappa): location mu, concentration kappa >= 0; CDFs on [-pi, pi]",
         RS, RS, RS),
    CDFS(von_mises, 3, RS, RS, RS), RNG(von_mises, 2, 0, RS, RS),
    LPDF(uniform, 3, "uniform(y | alpha, beta): alpha < beta; -inf outside [alpha, beta]", RS, RS, RS),
    CDFS(uniform, 3, RS, RS, RS), RNG(uniform, 2, 0, RS, RS),
    /* ---- discrete distributions: mass function, CDFs, RNG ---- */
    LPMF(bernoulli_logit, 2, "bernoulli_logit(n | alpha): n in {0, 1}, P(n = 1) = inv_logit(alpha)", IS, RS),
    RNG(bernoulli_logit, 1, 1, RS),
    LPMF(bernoulli, 2, "bernoulli(n | theta): n in {0, 1}, P(n = 1) = theta", IS, RS),
    CDFS(bernoulli, 2, IS, RS), RNG(bernoulli, 1, 1, RS),
    LPMF(binomial, 3, "binomial(n | N, theta): n successes in N trials, 0 <= theta <= 1", IS, IS, RS),
    CDFS(binomial, 3, IS, IS, RS), RNG(binomial, 2, 1, IS, RS),
    LPMF(binomial_logit, 3, "binomial_logit(n | N, alpha): binomial(n | N, inv_logit(alpha))", IS, IS, RS),
    RNG(binomial_logit, 2, 1, IS, RS),
    LPMF(beta_binomial, 4, "beta_binomial(n | N, alpha, beta): binomial with a beta(alpha, beta) probability",
         IS, IS, RS, RS),
    CDFS(beta_binomial, 4, IS, IS, RS, RS), RNG(beta_binomial, 3, 1, IS, RS, RS),
    LPMF(beta_neg_binomial, 4, "beta_neg_binomial(n | r, alpha, beta): failures before r > 0 successes, "
         "the success probability beta(alpha > 0, beta > 0)", IS, RS, RS, RS),
    RNG(beta_neg_binomial, 3, 1, RS, RS, RS),
    LPMF(neg_binomial, 3, "neg_binomial(n | alpha, beta): shape alpha > 0, inverse scale beta > 0", IS, RS, RS),
    CDFS(neg_binomial, 3, IS, RS, RS), RNG(neg_binomial, 2, 1, RS, RS),
    LPMF(neg_binomial_2, 3, "neg_binomial_2(n | mu, phi): mean mu > 0, variance mu + mu^2 / phi", IS, RS, RS),
    CDFS(neg_binomial_2, 3, IS, RS, RS), RNG(neg_binomial_2, 2, 1, RS, RS),
    LPMF(neg_binomial_2_log, 3, "neg_binomial_2_log(n | eta, phi): neg_binomial_2(n | exp(eta), phi)",
         IS, RS, RS),
    RNG(neg_binomial_2_log, 2, 1, RS, RS),
    LPMF(poisson, 2, "poisson(n | lambda): rate lambda >= 0", IS, RS),
    CDFS(poisson, 2, IS, RS), RNG(poisson, 1, 1, RS),
    LPMF(poisson_log, 2, "poisson_log(n | alpha): Poisson with rate exp(alpha), n >= 0", IS, RS),
    RNG(poisson_log, 1, 1, RS),
    LPMF(discrete_range, 3, "discrete_range(y | lower, upper): uniform on the ints lower..upper", IS, IS, IS),
    CDFS(discrete_range, 3, IS, IS, IS), RNG(discrete_range, 2, 1, IS, IS),
    LPMF(hypergeometric, 4, "hypergeometric(n | N, a, b): n successes in N draws without replacement "
         "from a successes and b failures", I, I, I, I),
    RNG(hypergeometric, 3, 1, I, I, I),
};

#define CATALOG_N ((int)(sizeof catalog_table / sizeof catalog_table[0]))

/* ---- type-only entries (c_value NULL): checked, not implemented yet ---- */

#define SIG(n, k, na, stan, doc) { n, k, na, { R }, 0, NULL, NULL, doc, stan }
#define FUN(n, na, stan, doc) SIG(n, FN_MATH, na, stan, doc)
/* Elementwise real functions: the scalar form plus every container. */
#define EW1(n, doc) FUN(#n, 1, "(T) => T", doc)
#define EW2(n, doc) FUN(#n, 2, "(T, T) => T", doc)
/* Complex functions: the scalar form and, elementwise, each complex container. */
#define CX1(n, doc)                                                                          \
    FUN(#n, 1, "(complex) => complex", doc),                                                 \
    FUN(#n, 1, "(complex_vector) => complex_vector", doc ", elementwise"),                   \
    FUN(#n, 1, "(complex_row_vector) => complex_row_vector", doc ", elementwise"),           \
    FUN(#n, 1, "(complex_matrix) => complex_matrix", doc ", elementwise")
/* Type-only CDF and RNG entries (their Stan signature given in full). */
#define CDF_T(n, na, stan, doc) SIG(n, FN_CDF, na, stan, doc)
#define RNG_T(n, na, stan, doc) SIG(n, FN_RNG, na, stan, doc)
#define DENS(n, na, stan, doc) SIG(#n, FN_LPDF, na, stan, doc)
#define MASS(n, na, stan, doc) SIG(#n, FN_LPMF, na, stan, doc)
/* Reductions over any 1-d real container or a matrix. */
#define RED(n, doc)                                                              \
    FUN(#n, 1, "(array[] real) => real", doc), FUN(#n, 1, "(vector) => real", doc), \
    FUN(#n, 1, "(row_vector) => real", doc), FUN(#n, 1, "(matrix) => real", doc)

static const fn_sig catalog_typed[] = {
    /* vectorised forms of the implemented scalar functions */
    EW1(exp, "e to the power x, elementwise"), EW1(log, "natural logarithm, elementwise"),
    EW1(sqrt, "square root, elementwise"), EW1(square, "x squared, elementwise"),
    EW1(inv_logit, "logistic sigmoid, elementwise"), EW1(log1p, "log(1 + x), elementwise"),
    EW1(lgamma, "log gamma, elementwise"), EW1(log_inv_logit, "log(inv_logit(x)), elementwise"),
    EW1(log1m_inv_logit, "log(1 - inv_logit(x)), elementwise"), EW1(log1m, "log(1 - x), elementwise"),
    EW1(fabs, "absolute value, elementwise"), EW1(expm1, "exp(x) - 1, elementwise"),
    EW1(digamma, "digamma, elementwise"), EW1(logit, "log(x / (1 - x)), elementwise"),
    EW1(inv, "1 / x, elementwise"), EW1(inv_sqrt, "1 / sqrt(x), elementwise"),
    EW1(inv_square, "1 / x^2, elementwise"), EW2(pow, "x to the power y, elementwise"),
    FUN("log_sum_exp", 1, "(array[] real) => real", "log of the sum of exponentials"),
    FUN("log_sum_exp", 1, "(vector) => real", "log of the sum of exponentials"),
    FUN("log_sum_exp", 1, "(row_vector) => real", "log of the sum of exponentials"),
    FUN("log_sum_exp", 1, "(matrix) => real", "log of the sum of exponentials"),
    EW1(cbrt, "cube root, elementwise"), EW1(exp2, "2 to the power x, elementwise"),
    EW1(log2, "base-2 logarithm, elementwise"), EW1(log10, "base-10 logarithm, elementwise"),
    EW1(sin, "sine, elementwise"), EW1(cos, "cosine, elementwise"), EW1(tan, "tangent, elementwise"),
    EW1(asin, "arc sine, elementwise"), EW1(acos, "arc cosine, elementwise"),
    EW1(atan, "arc tangent, elementwise"), EW1(sinh, "hyperbolic sine, elementwise"),
    EW1(cosh, "hyperbolic cosine, elementwise"), EW1(tanh, "hyperbolic tangent, elementwise"),
    EW1(asinh, "inverse hyperbolic sine, elementwise"), EW1(acosh, "inverse hyperbolic cosine, elementwise"),
    EW1(atanh, "inverse hyperbolic tangent, elementwise"), EW1(erf, "error function, elementwise"),
    EW1(erfc, "complementary error function, elementwise"), EW1(Phi, "standard normal CDF, elementwise"),
    EW1(Phi_approx, "logistic approximation of Phi, elementwise"),
    EW1(inv_Phi, "standard normal quantile, elementwise"),
    EW1(std_normal_log_qf, "standard normal quantile of log p, elementwise"),
    EW1(std_normal_qf, "standard normal quantile, elementwise"),
    EW1(tgamma, "gamma function, elementwise"), EW1(trigamma, "trigamma function, elementwise"),
    EW1(log1p_exp, "log(1 + exp(x)), elementwise"), EW1(log1m_exp, "log(1 - exp(x)), elementwise"),
    EW1(inv_cloglog, "1 - exp(-exp(x)), elementwise"), EW1(inv_erfc, "inverse of erfc, elementwise"),
    EW1(lambert_w0, "Lambert W, principal branch, elementwise"),
    EW1(lambert_wm1, "Lambert W, branch -1, elementwise"),
    EW1(floor, "round down, elementwise"), EW1(ceil, "round up, elementwise"),
    EW1(round, "round to nearest, elementwise"), EW1(trunc, "round toward zero, elementwise"),
    EW1(abs, "absolute value, elementwise"),
    EW2(fmin, "the smaller of x and y, elementwise"), EW2(fmax, "the larger of x and y, elementwise"),
    EW2(fdim, "positive difference, elementwise"), EW2(fmod, "floating-point remainder, elementwise"),
    EW2(hypot, "sqrt(x^2 + y^2), elementwise"), EW2(atan2, "atan2(y, x), elementwise"),
    EW2(lbeta, "log of the beta function, elementwise"), EW2(beta, "the beta function, elementwise"),
    EW2(lchoose, "log of the binomial coefficient, elementwise"),
    EW2(binomial_coefficient_log, "log of the binomial coefficient, elementwise"),
    EW2(log_diff_exp, "log(exp(x) - exp(y)), elementwise"),
    EW2(log_inv_logit_diff, "log(inv_logit(x) - inv_logit(y)), elementwise"),
    EW2(gamma_p, "regularised lower incomplete gamma, elementwise"),
    EW2(gamma_q, "regularised upper incomplete gamma, elementwise"),
    EW2(owens_t, "Owen's T function, elementwise"), EW2(lmultiply, "x * log(y), elementwise"),
    EW2(multiply_log, "x * log(y), elementwise"),
    EW2(log_falling_factorial, "log of the falling factorial, elementwise"),
    EW2(log_rising_factorial, "log of the rising factorial, elementwise"),
    EW2(log_modified_bessel_first_kind, "log of the modified Bessel function I, elementwise"),
    /* scalar math without an implementation yet */
    FUN("abs", 1, "(complex) => real", "modulus of a complex number"),
    FUN("to_int", 1, "(data array[] real) => array[] int", "truncation toward zero to ints, elementwise"),
    FUN("to_int", 1, "(data array[,] real) => array[,] int", "truncation toward zero to ints, elementwise"),
    FUN("to_int", 1, "(data array[,,] real) => array[,,] int", "truncation toward zero to ints, elementwise"),
    FUN("min", 1, "(array[] int) => int", "smallest element"), RED(min, "smallest element"),
    FUN("max", 1, "(array[] int) => int", "largest element"), RED(max, "largest element"),
    FUN("log_mix", 2, "(vector, vector) => real", "log of a mixture of densities with weights theta"),
    FUN("log_mix", 2, "(vector, array[] vector) => real", "log of a mixture, vectorised"),
    /* hypergeometric series: lowered to IR loops (compiler/lower_hyper.c) */
    FUN("hypergeometric_3F2", 3, "(vector, vector, real) => real",
        "generalized hypergeometric 3F2(a; b; z), size(a) = 3, size(b) = 2: abs(z) < 1, z = +-1 with "
        "sum(b) > sum(a), or a non-positive integer in a"),
    FUN("hypergeometric_pFq", 3, "(vector, vector, real) => real",
        "generalized hypergeometric pFq(a; b; z), p = size(a), q = size(b): p <= q, p = q + 1 with "
        "abs(z) < 1 or z = +-1 and sum(b) > sum(a), or a non-positive integer in a"),
    /* complex */
    FUN("to_complex", 0, "() => complex", "0 + 0i"), FUN("to_complex", 1, "(real) => complex", "re + 0i"),
    FUN("to_complex", 2, "(real, real) => complex", "re + im i"),
    FUN("get_real", 1, "(complex) => real", "real part"), FUN("get_imag", 1, "(complex) => real", "imaginary part"),
    FUN("arg", 1, "(complex) => real", "phase angle"), FUN("norm", 1, "(complex) => real", "squared modulus"),
    CX1(conj, "complex conjugate"), CX1(proj, "projection onto the Riemann sphere"),
    FUN("polar", 2, "(real, real) => complex", "complex number from modulus and phase"),
    /* complex elementary functions (principal branches; compiler/lower_complex.c) */
    CX1(exp, "complex exponential"), CX1(log, "complex natural logarithm, principal branch"),
    CX1(log10, "complex base-10 logarithm, principal branch"),
    CX1(sqrt, "complex square root, principal branch"),
    FUN("pow", 2, "(complex, complex) => complex", "z to the power w: exp(w log z)"),
    FUN("pow", 2, "(complex, real) => complex", "z to the power x: exp(x log z)"),
    FUN("pow", 2, "(real, complex) => complex", "x to the power w: exp(w log x)"),
    CX1(sin, "complex sine"), CX1(cos, "complex cosine"), CX1(tan, "complex tangent"),
    CX1(sinh, "complex hyperbolic sine"), CX1(cosh, "complex hyperbolic cosine"),
    CX1(tanh, "complex hyperbolic tangent"), CX1(asin, "complex arc sine, principal branch"),
    CX1(acos, "complex arc cosine, principal branch"), CX1(atan, "complex arc tangent, principal branch"),
    CX1(asinh, "complex inverse hyperbolic sine"), CX1(acosh, "complex inverse hyperbolic cosine"),
    CX1(atanh, "complex inverse hyperbolic tangent"),
    /* complex containers, elementwise (compiler/lower_complex.c) */
    FUN("abs", 1, "(complex_vector) => vector", "moduli, elementwise"),
    FUN("abs", 1, "(complex_row_vector) => row_vector", "moduli, elementwise"),
    FUN("abs", 1, "(complex_matrix) => matrix", "moduli, elementwise"),
    FUN("arg", 1, "(complex_vector) => vector", "phase angles, elementwise"),
    FUN("arg", 1, "(complex_row_vector) => row_vector", "phase angles, elementwise"),
    FUN("arg", 1, "(complex_matrix) => matrix", "phase angles, elementwise"),
    FUN("norm", 1, "(complex_vector) => vector", "squared moduli, elementwise"),
    FUN("norm", 1, "(complex_row_vector) => row_vector", "squared moduli, elementwise"),
    FUN("norm", 1, "(complex_matrix) => matrix", "squared moduli, elementwise"),
    FUN("get_real", 1, "(complex_vector) => vector", "real parts"),
    FUN("get_real", 1, "(complex_row_vector) => row_vector", "real parts"),
    FUN("get_real", 1, "(complex_matrix) => matrix", "real parts"),
    FUN("get_imag", 1, "(complex_vector) => vector", "imaginary parts"),
    FUN("get_imag", 1, "(complex_row_vector) => row_vector", "imaginary parts"),
    FUN("get_imag", 1, "(complex_matrix) => matrix", "imaginary parts"),
    FUN("to_complex", 2, "(vector, vector) => complex_vector", "re + im i, elementwise"),
    FUN("to_complex", 2, "(row_vector, row_vector) => complex_row_vector", "re + im i, elementwise"),
    FUN("to_complex", 2, "(matrix, matrix) => complex_matrix", "re + im i, elementwise"),
    FUN("fft", 1, "(complex_vector) => complex_vector",
        "discrete Fourier transform, y_k = sum_j x_j exp(-2 pi i (j-1)(k-1) / N); computed directly, O(N^2)"),
    FUN("inv_fft", 1, "(complex_vector) => complex_vector",
        "inverse discrete Fourier transform (1/N) sum_j y_j exp(2 pi i (j-1)(k-1) / N); O(N^2)"),
    FUN("fft2", 1, "(complex_matrix) => complex_matrix",
        "2-d discrete Fourier transform: fft of every column, then of every row; O(MN(M + N))"),
    FUN("inv_fft2", 1, "(complex_matrix) => complex_matrix", "inverse of fft2; O(MN(M + N))"),
    /* reductions */
    FUN("sum", 1, "(array[] int) => int", "sum of the elements"), RED(sum, "sum of the elements"),
    FUN("sum", 1, "(complex_vector) => complex", "sum of the elements"),
    FUN("prod", 1, "(array[] int) => int", "product of the elements"), RED(prod, "product of the elements"),
    RED(mean, "mean of the elements"), RED(variance, "sample variance"), RED(sd, "sample standard deviation"),
    FUN("norm1", 1, "(vector) => real", "L1 norm"), FUN("norm1", 1, "(row_vector) => real", "L1 norm"),
    FUN("norm1", 1, "(array[] real) => real", "L1 norm"),
    FUN("norm2", 1, "(vector) => real", "Euclidean norm"), FUN("norm2", 1, "(row_vector) => real", "Euclidean norm"),
    FUN("norm2", 1, "(array[] real) => real", "Euclidean norm"),
    /* sizes */
    FUN("size", 1, "(any) => int", "number of elements (arrays: outermost)"),
    FUN("num_elements", 1, "(any) => int", "total number of elements"),
    FUN("dims", 1, "(any) => array[] int", "the dimensions"),
    FUN("rows", 1, "(vector) => int", "number of rows"), FUN("rows", 1, "(row_vector) => int", "1"),
    FUN("rows", 1, "(matrix) => int", "number of rows"), FUN("cols", 1, "(vector) => int", "1"),
    FUN("cols", 1, "(row_vector) => int", "number of columns"), FUN("cols", 1, "(matrix) => int", "number of columns"),
    /* constructors */
    FUN("rep_array", 2, "(any, int) => array[] I1", "array of n copies"),
    FUN("rep_array", 3, "(any, int, int) => array[,] I1", "m by n array of copies"),
    FUN("rep_array", 4, "(any, int, int, int) => array[,,] I1", "3-d array of copies"),
    FUN("rep_vector", 2, "(real, int) => vector", "vector of n copies"),
    FUN("rep_row_vector", 2, "(real, int) => row_vector", "row vector of n copies"),
    FUN("rep_matrix", 3, "(real, int, int) => matrix", "m by n matrix of copies"),
    FUN("rep_matrix", 2, "(vector, int) => matrix", "n copies of a column"),
    FUN("rep_matrix", 2, "(row_vector, int) => matrix", "n copies of a row"),
    FUN("linspaced_vector", 3, "(int, real, real) => vector", "n evenly spaced values"),
    FUN("linspaced_row_vector", 3, "(int, real, real) => row_vector", "n evenly spaced values"),
    FUN("linspaced_array", 3, "(int, real, real) => array[] real", "n evenly spaced values"),
    FUN("linspaced_int_array", 3, "(int, int, int) => array[] int", "n evenly spaced ints"),
    FUN("one_hot_vector", 2, "(int, int) => vector", "unit vector e_k of size n"),
    FUN("one_hot_row_vector", 2, "(int, int) => row_vector", "unit row vector"),
    FUN("one_hot_array", 2, "(int, int) => array[] real", "unit array"),
    FUN("one_hot_int_array", 2, "(int, int) => array[] int", "unit int array"),
    FUN("zeros_vector", 1, "(int) => vector", "vector of zeros"),
    FUN("zeros_row_vector", 1, "(int) => row_vector", "row vector of zeros"),
    FUN("zeros_array", 1, "(int) => array[] real", "array of zeros"),
    FUN("zeros_int_array", 1, "(int) => array[] int", "int array of zeros"),
    FUN("ones_vector", 1, "(int) => vector", "vector of ones"),
    FUN("ones_row_vector", 1, "(int) => row_vector", "row vector of ones"),
    FUN("ones_array", 1, "(int) => array[] real", "array of ones"),
    FUN("ones_int_array", 1, "(int) => array[] int", "int array of ones"),
    FUN("uniform_simplex", 1, "(int) => vector", "the simplex with equal entries"),
    FUN("identity_matrix", 1, "(int) => matrix", "n by n identity"),
    FUN("diag_matrix", 1, "(vector) => matrix", "diagonal matrix from a vector"),
    /* slicing and reordering */
    FUN("segment", 3, "(vector, int, int) => vector", "n elements from position i"),
    FUN("segment", 3, "(row_vector, int, int) => row_vector", "n elements from position i"),
    FUN("segment", 3, "(any, int, int) => I1", "n elements of an array from position i"),
    FUN("head", 2, "(vector, int) => vector", "first n elements"),
    FUN("head", 2, "(row_vector, int) => row_vector", "first n elements"),
    FUN("head", 2, "(any, int) => I1", "first n elements of an array"),
    FUN("tail", 2, "(vector, int) => vector", "last n elements"),
    FUN("tail", 2, "(row_vector, int) => row_vector", "last n elements"),
    FUN("tail", 2, "(any, int) => I1", "last n elements of an array"),
    FUN("reverse", 1, "(any) => I1", "elements in reverse order"),
    FUN("sort_asc", 1, "(vector) => vector", "sorted ascending"), FUN("sort_asc", 1, "(row_vector) => row_vector", "sorted ascending"),
    FUN("sort_asc", 1, "(array[] real) => array[] real", "sorted ascending"),
    FUN("sort_asc", 1, "(array[] int) => array[] int", "sorted ascending"),
    FUN("sort_desc", 1, "(vector) => vector", "sorted descending"), FUN("sort_desc", 1, "(row_vector) => row_vector", "sorted descending"),
    FUN("sort_desc", 1, "(array[] real) => array[] real", "sorted descending"),
    FUN("sort_desc", 1, "(array[] int) => array[] int", "sorted descending"),
    FUN("sort_indices_asc", 1, "(vector) => array[] int", "permutation sorting ascending"),
    FUN("sort_indices_asc", 1, "(row_vector) => array[] int", "permutation sorting ascending"),
    FUN("sort_indices_asc", 1, "(array[] real) => array[] int", "permutation sorting ascending"),
    FUN("sort_indices_desc", 1, "(vector) => array[] int", "permutation sorting descending"),
    FUN("sort_indices_desc", 1, "(row_vector) => array[] int", "permutation sorting descending"),
    FUN("sort_indices_desc", 1, "(array[] real) => array[] int", "permutation sorting descending"),
    FUN("rank", 2, "(vector, int) => int", "number of elements less than element s"),
    FUN("rank", 2, "(array[] real, int) => int", "number of elements less than element s"),
    FUN("rank", 2, "(array[] int, int) => int", "number of elements less than element s"),
    FUN("cumulative_sum", 1, "(vector) => vector", "running sums"),
    FUN("cumulative_sum", 1, "(row_vector) => row_vector", "running sums"),
    FUN("cumulative_sum", 1, "(array[] real) => array[] real", "running sums"),
    FUN("cumulative_sum", 1, "(array[] int) => array[] int", "running sums"),
    FUN("append_row", 2, "(matrix, matrix) => matrix", "stack vertically"),
    FUN("append_row", 2, "(row_vector, matrix) => matrix", "stack vertically"),
    FUN("append_row", 2, "(matrix, row_vector) => matrix", "stack vertically"),
    FUN("append_row", 2, "(row_vector, row_vector) => matrix", "stack vertically"),
    FUN("append_row", 2, "(vector, vector) => vector", "concatenate"),
    FUN("append_row", 2, "(real, vector) => vector", "prepend a value"),
    FUN("append_row", 2, "(vector, real) => vector", "append a value"),
    FUN("append_col", 2, "(matrix, matrix) => matrix", "stack horizontally"),
    FUN("append_col", 2, "(vector, matrix) => matrix", "stack horizontally"),
    FUN("append_col", 2, "(matrix, vector) => matrix", "stack horizontally"),
    FUN("append_col", 2, "(vector, vector) => matrix", "stack horizontally"),
    FUN("append_col", 2, "(row_vector, row_vector) => row_vector", "concatenate"),
    FUN("append_col", 2, "(real, row_vector) => row_vector", "prepend a value"),
    FUN("append_col", 2, "(row_vector, real) => row_vector", "append a value"),
    FUN("append_array", 2, "(any, any) => I1", "concatenate two arrays of the same type"),
    /* conversions */
    FUN("to_vector", 1, "(vector) => vector", "as a column vector"), FUN("to_vector", 1, "(row_vector) => vector", "as a column vector"),
    FUN("to_vector", 1, "(matrix) => vector", "column-major elements"),
    FUN("to_vector", 1, "(array[] real) => vector", "as a column vector"),
    FUN("to_row_vector", 1, "(vector) => row_vector", "as a row vector"), FUN("to_row_vector", 1, "(row_vector) => row_vector", "as a row vector"),
    FUN("to_row_vector", 1, "(matrix) => row_vector", "column-major elements"),
    FUN("to_row_vector", 1, "(array[] real) => row_vector", "as a row vector"),
    FUN("to_matrix", 1, "(matrix) => matrix", "as a matrix"), FUN("to_matrix", 1, "(vector) => matrix", "one column"),
    FUN("to_matrix", 1, "(row_vector) => matrix", "one row"), FUN("to_matrix", 1, "(array[,] real) => matrix", "from a 2-d array"),
    FUN("to_matrix", 3, "(vector, int, int) => matrix", "m by n, column-major"),
    FUN("to_matrix", 3, "(row_vector, int, int) => matrix", "m by n, column-major"),
    FUN("to_matrix", 3, "(matrix, int, int) => matrix", "m by n, column-major"),
    FUN("to_matrix", 3, "(array[] real, int, int) => matrix", "m by n, column-major"),
    FUN("to_matrix", 4, "(array[] real, int, int, int) => matrix", "m by n, row-major when the flag is 0"),
    FUN("to_array_1d", 1, "(vector) => array[] real", "elements as an array"),
    FUN("to_array_1d", 1, "(row_vector) => array[] real", "elements as an array"),
    FUN("to_array_1d", 1, "(matrix) => array[] real", "column-major elements"),
    FUN("to_array_1d", 1, "(array[] int) => array[] int", "row-major elements"),
    FUN("to_array_1d", 1, "(array[,] int) => array[] int", "row-major elements"),
    FUN("to_array_1d", 1, "(array[] real) => array[] real", "row-major elements"),
    FUN("to_array_1d", 1, "(array[,] real) => array[] real", "row-major elements"),
    FUN("to_array_1d", 1, "(array[,,] real) => array[] real", "row-major elements"),
    FUN("to_array_2d", 1, "(matrix) => array[,] real", "as a 2-d array"),
    /* linear algebra */
    FUN("dot_product", 2, "(vector, vector) => real", "sum of elementwise products"),
    FUN("dot_product", 2, "(row_vector, row_vector) => real", "sum of elementwise products"),
    FUN("dot_product", 2, "(vector, row_vector) => real", "sum of elementwise products"),
    FUN("dot_product", 2, "(row_vector, vector) => real", "sum of elementwise products"),
    FUN("dot_product", 2, "(array[] real, array[] real) => real", "sum of elementwise products"),
    FUN("columns_dot_product", 2, "(matrix, matrix) => row_vector", "dot product of each column"),
    FUN("columns_dot_product", 2, "(vector, vector) => row_vector", "dot product of each column"),
    FUN("rows_dot_product", 2, "(matrix, matrix) => vector", "dot product of each row"),
    FUN("rows_dot_product", 2, "(vector, vector) => vector", "dot product of each row"),
    FUN("dot_self", 1, "(vector) => real", "sum of squares"), FUN("dot_self", 1, "(row_vector) => real", "sum of squares"),
    FUN("columns_dot_self", 1, "(matrix) => row_vector", "sum of squares of each column"),
    FUN("rows_dot_self", 1, "(matrix) => vector", "sum of squares of each row"),
    FUN("squared_distance", 2, "(vector, vector) => real", "squared Euclidean distance"),
    FUN("squared_distance", 2, "(row_vector, row_vector) => real", "squared Euclidean distance"),
    FUN("distance", 2, "(vector, vector) => real", "Euclidean distance"),
    FUN("distance", 2, "(row_vector, row_vector) => real", "Euclidean distance"),
    FUN("quad_form", 2, "(matrix, matrix) => matrix", "B' A B"), FUN("quad_form", 2, "(matrix, vector) => real", "v' A v"),
    FUN("quad_form_sym", 2, "(matrix, matrix) => matrix", "B' A B for symmetric A"),
    FUN("quad_form_sym", 2, "(matrix, vector) => real", "v' A v for symmetric A"),
    FUN("quad_form_diag", 2, "(matrix, vector) => matrix", "diag(v) A diag(v)"),
    FUN("trace_quad_form", 2, "(matrix, matrix) => real", "trace(B' A B)"),
    FUN("diag_pre_multiply", 2, "(vector, matrix) => matrix", "diag(v) * m"),
    FUN("diag_pre_multiply", 2, "(row_vector, matrix) => matrix", "diag(v) * m"),
    FUN("diag_post_multiply", 2, "(matrix, vector) => matrix", "m * diag(v)"),
    FUN("diag_post_multiply", 2, "(matrix, row_vector) => matrix", "m * diag(v)"),
    FUN("diagonal", 1, "(matrix) => vector", "the diagonal"),
    FUN("add_diag", 2, "(matrix, real) => matrix", "m plus d on the diagonal"),
    FUN("add_diag", 2, "(matrix, vector) => matrix", "m plus v on the diagonal"),
    FUN("crossprod", 1, "(matrix) => matrix", "m' m"), FUN("tcrossprod", 1, "(matrix) => matrix", "m m'"),
    FUN("multiply_lower_tri_self_transpose", 1, "(matrix) => matrix", "L L' for the lower triangle L"),
    FUN("cholesky_decompose", 1, "(matrix) => matrix", "lower Cholesky factor of a symmetric positive-definite matrix"),
    FUN("mdivide_left", 2, "(matrix, vector) => vector", "A \\ b"), FUN("mdivide_left", 2, "(matrix, matrix) => matrix", "A \\ B"),
    FUN("mdivide_right", 2, "(row_vector, matrix) => row_vector", "b / A"), FUN("mdivide_right", 2, "(matrix, matrix) => matrix", "B / A"),
    FUN("mdivide_left_tri_low", 2, "(matrix, vector) => vector", "solve with the lower triangle of A"),
    FUN("mdivide_left_tri_low", 2, "(matrix, matrix) => matrix", "solve with the lower triangle of A"),
    FUN("mdivide_right_tri_low", 2, "(row_vector, matrix) => row_vector", "solve with the lower triangle of A"),
    FUN("mdivide_right_tri_low", 2, "(matrix, matrix) => matrix", "solve with the lower triangle of A"),
    FUN("mdivide_left_spd", 2, "(matrix, vector) => vector", "solve with a symmetric positive-definite A"),
    FUN("mdivide_left_spd", 2, "(matrix, matrix) => matrix", "solve with a symmetric positive-definite A"),
    FUN("mdivide_right_spd", 2, "(row_vector, matrix) => row_vector", "solve with a symmetric positive-definite A"),
    FUN("mdivide_right_spd", 2, "(matrix, matrix) => matrix", "solve with a symmetric positive-definite A"),
    FUN("inverse", 1, "(matrix) => matrix", "matrix inverse"), FUN("inverse_spd", 1, "(matrix) => matrix", "inverse of a symmetric positive-definite matrix"),
    FUN("chol2inv", 1, "(matrix) => matrix", "inverse from a Cholesky factor"),
    FUN("log_determinant", 1, "(matrix) => real", "log of the absolute determinant"),
    FUN("log_determinant_spd", 1, "(matrix) => real", "log determinant of a symmetric positive-definite matrix"),
    FUN("determinant", 1, "(matrix) => real", "determinant"), FUN("trace", 1, "(matrix) => real", "trace"),
    FUN("eigenvalues_sym", 1, "(matrix) => vector", "eigenvalues of a symmetric matrix, ascending"),
    FUN("eigenvectors_sym", 1, "(matrix) => matrix", "eigenvectors of a symmetric matrix"),
    FUN("singular_values", 1, "(matrix) => vector", "singular values, descending"),
    FUN("quantile", 2, "(data vector, data real) => real", "sample quantile (type 7, as R's default)"),
    FUN("quantile", 2, "(data row_vector, data real) => real", "sample quantile (type 7)"),
    FUN("quantile", 2, "(data array[] real, data real) => real", "sample quantile (type 7)"),
    FUN("quantile", 2, "(data vector, data vector) => vector", "sample quantiles (type 7), one per p"),
    FUN("quantile", 2, "(data row_vector, data row_vector) => row_vector", "sample quantiles (type 7), one per p"),
    FUN("quantile", 2, "(data array[] real, data array[] real) => array[] real",
        "sample quantiles (type 7), one per p"),
    FUN("trace_gen_quad_form", 3, "(matrix, matrix, matrix) => real", "trace(D * B' * A * B)"),
    FUN("csr_extract_w", 1, "(matrix) => vector", "the non-zero values of a matrix, row by row (CSR)"),
    FUN("csr_extract_v", 1, "(matrix) => array[] int", "the column indices of csr_extract_w's values"),
    FUN("csr_extract_u", 1, "(matrix) => array[] int", "where each row's non-zeros start in w (m + 1 values)"),
    FUN("csr_to_dense_matrix", 5, "(int, int, vector, array[] int, array[] int) => matrix",
        "the m x n matrix of the CSR triple (w, v, u)"),
    FUN("csr_matrix_times_vector", 6, "(int, int, vector, array[] int, array[] int, vector) => vector",
        "the CSR matrix (w, v, u) times the vector b"),
    FUN("qr_thin_Q", 1, "(matrix) => matrix", "thin QR: orthogonal factor"),
    FUN("qr_thin_R", 1, "(matrix) => matrix", "thin QR: upper triangular factor"),
    FUN("qr_Q", 1, "(matrix) => matrix", "full QR: orthogonal factor (m x m); R's diagonal non-negative"),
    FUN("qr_R", 1, "(matrix) => matrix", "full QR: upper trapezoidal factor (m x n), non-negative diagonal"),
    FUN("svd_U", 1, "(matrix) => matrix", "left singular vectors (m x min(m, n)), in the order of singular_values"),
    FUN("svd_V", 1, "(matrix) => matrix", "right singular vectors (n x min(m, n)); each column's largest component positive"),
    FUN("generalized_inverse", 1, "(matrix) => matrix", "Moore-Penrose inverse, through the SVD (singular values below 1e-7 of the largest count as zero)"),
    FUN("matrix_exp", 1, "(matrix) => matrix", "matrix exponential (scaling and squaring, Pade degree 13)"),
    FUN("matrix_exp_multiply", 2, "(matrix, matrix) => matrix", "matrix_exp(A) * B"),
    FUN("scale_matrix_exp_multiply", 3, "(real, matrix, matrix) => matrix", "matrix_exp(t * A) * B"),
    FUN("matrix_power", 2, "(matrix, int) => matrix", "integer matrix power"),
    FUN("symmetrize_from_lower_tri", 1, "(matrix) => matrix", "copy the lower triangle above"),
    FUN("softmax", 1, "(vector) => vector", "exp(v) / sum(exp(v))"),
    FUN("log_softmax", 1, "(vector) => vector", "v - log_sum_exp(v)"),
    FUN("block", 5, "(matrix, int, int, int, int) => matrix", "sub-matrix from (i, j) of size n_rows by n_cols"),
    FUN("sub_col", 4, "(matrix, int, int, int) => vector", "part of a column"),
    FUN("sub_row", 4, "(matrix, int, int, int) => row_vector", "part of a row"),
    FUN("col", 2, "(matrix, int) => vector", "column j"), FUN("row", 2, "(matrix, int) => row_vector", "row i"),
    FUN("transpose", 1, "(matrix) => matrix", "m'"), FUN("transpose", 1, "(vector) => row_vector", "v'"),
    FUN("transpose", 1, "(row_vector) => vector", "v'"),
    FUN("multiply", 2, "(matrix, matrix) => matrix", "matrix product"), FUN("multiply", 2, "(matrix, vector) => vector", "matrix product"),
    FUN("multiply", 2, "(row_vector, matrix) => row_vector", "matrix product"),
    FUN("multiply", 2, "(row_vector, vector) => real", "dot product"),
    FUN("multiply", 2, "(real, matrix) => matrix", "scaling"), FUN("multiply", 2, "(matrix, real) => matrix", "scaling"),
    /* Gaussian-process covariances */
    FUN("gp_exp_quad_cov", 3, "(array[] real, real, real) => matrix", "squared-exponential covariance (x, sigma, length_scale)"),
    FUN("gp_exp_quad_cov", 4, "(array[] real, array[] real, real, real) => matrix", "cross covariance"),
    FUN("gp_exp_quad_cov", 3, "(array[] vector, real, real) => matrix", "squared-exponential covariance of vectors"),
    FUN("gp_exp_quad_cov", 3, "(array[] vector, real, array[] real) => matrix", "automatic relevance determination"),
    FUN("gp_exp_quad_cov", 4, "(array[] vector, array[] vector, real, real) => matrix", "cross covariance of vectors"),
    FUN("cov_exp_quad", 3, "(array[] real, real, real) => matrix", "old name of gp_exp_quad_cov"),
    FUN("cov_exp_quad", 3, "(array[] vector, real, real) => matrix", "old name of gp_exp_quad_cov"),
    FUN("gp_matern32_cov", 3, "(array[] real, real, real) => matrix", "Matern 3/2 covariance"),
    FUN("gp_matern32_cov", 3, "(array[] vector, real, real) => matrix", "Matern 3/2 covariance"),
    FUN("gp_matern52_cov", 3, "(array[] real, real, real) => matrix", "Matern 5/2 covariance"),
    FUN("gp_matern52_cov", 3, "(array[] vector, real, real) => matrix", "Matern 5/2 covariance"),
    FUN("gp_exponential_cov", 3, "(array[] real, real, real) => matrix", "exponential covariance"),
    FUN("gp_exponential_cov", 3, "(array[] vector, real, real) => matrix", "exponential covariance"),
    FUN("gp_periodic_cov", 4, "(array[] real, real, real, real) => matrix", "periodic covariance (x, sigma, l, p)"),
    FUN("gp_dot_prod_cov", 2, "(array[] real, real) => matrix", "dot-product covariance sigma^2 + x_i x_j"),
    FUN("gp_dot_prod_cov", 3, "(array[] real, array[] real, real) => matrix", "dot-product cross covariance"),
    FUN("gp_dot_prod_cov", 2, "(array[] vector, real) => matrix", "dot-product covariance sigma^2 + x_i . x_j of vectors"),
    FUN("gp_dot_prod_cov", 3, "(array[] vector, array[] vector, real) => matrix", "dot-product cross covariance of vectors"),
    /* continuous distributions without an implementation yet */
    /* discrete distributions (binomial_logit has no CDFs in Stan) */
    MASS(categorical, 2, "(ints | vector) => real", "categorical(y | theta), theta a simplex"),
    RNG_T("categorical_rng", 1, "(vector) => int", "a draw from categorical"),
    MASS(categorical_logit, 2, "(ints | vector) => real", "categorical(y | softmax(beta))"),
    RNG_T("categorical_logit_rng", 1, "(vector) => int", "a draw from categorical_logit"),
    MASS(ordered_logistic, 3, "(int | real, vector) => real", "ordered_logistic(k | eta, c)"),
    MASS(ordered_logistic, 3, "(array[] int | vector, vector) => real", "ordered_logistic, vectorised"),
    MASS(ordered_logistic, 3, "(array[] int | vector, array[] vector) => real", "ordered_logistic, vectorised"),
    RNG_T("ordered_logistic_rng", 2, "(real, vector) => int", "a draw from ordered_logistic"),
    MASS(ordered_probit, 3, "(int | real, vector) => real", "ordered_probit(k | eta, c)"),
    MASS(ordered_probit, 3, "(array[] int | vector, vector) => real", "ordered_probit, vectorised"),
    MASS(ordered_probit, 3, "(array[] int | real, vector) => real", "ordered_probit, vectorised"),
    RNG_T("ordered_probit_rng", 2, "(real, vector) => int", "a draw from ordered_probit"),
    MASS(multinomial, 2, "(array[] int | vector) => real", "multinomial(y | theta)"),
    RNG_T("multinomial_rng", 2, "(vector, int) => array[] int", "a draw from multinomial"),
    MASS(multinomial_logit, 2, "(array[] int | vector) => real", "multinomial(y | softmax(gamma))"),
    RNG_T("multinomial_logit_rng", 2, "(vector, int) => array[] int", "a draw from multinomial_logit"),
    /* multivariate distributions */
    DENS(multi_normal, 3, "(vectors | vectors, matrix) => real", "multi_normal(y | mu, Sigma)"),
    RNG_T("multi_normal_rng", 2, "(vector, matrix) => vector", "a draw from multi_normal"),
    RNG_T("multi_normal_rng", 2, "(array[] vector, matrix) => array[] vector", "draws from multi_normal"),
    DENS(multi_normal_cholesky, 3, "(vectors | vectors, matrix) => real", "multi_normal_cholesky(y | mu, L)"),
    RNG_T("multi_normal_cholesky_rng", 2, "(vector, matrix) => vector", "a draw from multi_normal_cholesky"),
    RNG_T("multi_normal_cholesky_rng", 2, "(array[] vector, matrix) => array[] vector", "draws from multi_normal_cholesky"),
    DENS(multi_normal_prec, 3, "(vectors | vectors, matrix) => real", "multi_normal_prec(y | mu, Omega)"),
    DENS(multi_student_t, 4, "(vectors | real, vectors, matrix) => real", "multi_student_t(y | nu, mu, Sigma)"),
    RNG_T("multi_student_t_rng", 3, "(real, vector, matrix) => vector", "a draw from multi_student_t"),
    DENS(multi_student_t_cholesky, 4, "(vectors | real, vectors, matrix) => real", "multi_student_t_cholesky(y | nu, mu, L)"),
    RNG_T("multi_student_t_cholesky_rng", 3, "(real, vector, matrix) => vector", "a draw from multi_student_t_cholesky"),
    DENS(multi_gp, 3, "(matrix | matrix, vector) => real", "multi_gp(y | Sigma, w)"),
    DENS(multi_gp_cholesky, 3, "(matrix | matrix, vector) => real", "multi_gp_cholesky(y | L, w)"),
    DENS(dirichlet, 2, "(vectors | vectors) => real", "dirichlet(theta | alpha)"),
    RNG_T("dirichlet_rng", 1, "(vector) => vector", "a draw from dirichlet"),
    DENS(lkj_corr, 2, "(matrix | real) => real", "lkj_corr(Omega | eta)"),
    RNG_T("lkj_corr_rng", 2, "(int, real) => matrix", "a draw from lkj_corr"),
    DENS(lkj_corr_cholesky, 2, "(matrix | real) => real", "lkj_corr_cholesky(L | eta)"),
    RNG_T("lkj_corr_cholesky_rng", 2, "(int, real) => matrix", "a draw from lkj_corr_cholesky"),
    DENS(wishart, 3, "(matrix | real, matrix) => real", "wishart(W | nu, Sigma)"),
    RNG_T("wishart_rng", 2, "(real, matrix) => matrix", "a draw from wishart"),
    DENS(wishart_cholesky, 3, "(matrix | real, matrix) => real", "wishart_cholesky(L_W | nu, L_S)"),
    RNG_T("wishart_cholesky_rng", 2, "(real, matrix) => matrix", "the Cholesky factor of a draw from wishart"),
    DENS(inv_wishart, 3, "(matrix | real, matrix) => real", "inv_wishart(W | nu, Sigma)"),
    RNG_T("inv_wishart_rng", 2, "(real, matrix) => matrix", "a draw from inv_wishart"),
    DENS(inv_wishart_cholesky, 3, "(matrix | real, matrix) => real", "inv_wishart_cholesky(L_W | nu, L_S)"),
    RNG_T("inv_wishart_cholesky_rng", 2, "(real, matrix) => matrix", "the Cholesky factor of a draw from inv_wishart"),
    DENS(gaussian_dlm_obs, 7, "(matrix | matrix, matrix, matrix, matrix, vector, matrix) => real",
         "gaussian_dlm_obs(y | F, G, V, W, m0, C0): y_t ~ N(F' theta_t, V), theta_t ~ N(G theta_(t-1), W), "
         "theta_0 ~ N(m0, C0), y r x T; the Kalman filter (compiler/lower_dlm.c)"),
    DENS(gaussian_dlm_obs, 7, "(matrix | matrix, matrix, vector, matrix, vector, matrix) => real",
         "gaussian_dlm_obs with V the vector of the diagonal of the observation covariance"),
    /* hidden Markov models: lowered to IR (compiler/lower_hmm.c) */
    FUN("hmm_marginal", 3, "(matrix, matrix, vector) => real",
        "hmm_marginal(log_omega, Gamma, rho): log density of an HMM by the forward algorithm; "
        "log_omega[k, n] = log p(y_n | state k), Gamma rows and rho simplexes"),
    FUN("hmm_hidden_state_prob", 3, "(matrix, matrix, vector) => matrix",
        "K x N marginal posterior probabilities of the hidden states (forward-backward)"),
    RNG_T("hmm_latent_rng", 3, "(matrix, matrix, vector) => array[] int",
          "a draw of the N hidden states from their joint posterior (forward filtering, backward sampling)"),
    /* generalised linear models */
    DENS(normal_id_glm, 5, "(vector | matrix, reals, vector, reals) => real", "normal_id_glm(y | x, alpha, beta, sigma)"),
    DENS(normal_id_glm, 5, "(real | matrix, reals, vector, reals) => real", "normal_id_glm(y | x, alpha, beta, sigma)"),
    MASS(bernoulli_logit_glm, 4, "(ints | matrix, reals, vector) => real", "bernoulli_logit_glm(y | x, alpha, beta)"),
    MASS(bernoulli_logit_glm, 4, "(ints | row_vector, reals, vector) => real", "bernoulli_logit_glm(y | x, alpha, beta)"),
    MASS(poisson_log_glm, 4, "(ints | matrix, reals, vector) => real", "poisson_log_glm(y | x, alpha, beta)"),
    MASS(poisson_log_glm, 4, "(ints | row_vector, reals, vector) => real", "poisson_log_glm(y | x, alpha, beta)"),
    MASS(neg_binomial_2_log_glm, 5, "(ints | matrix, reals, vector, reals) => real", "neg_binomial_2_log_glm(y | x, alpha, beta, phi)"),
    MASS(ordered_logistic_glm, 4, "(ints | matrix, vector, vector) => real",
         "ordered_logistic_glm(y | x, beta, cuts): ordered_logistic(y[n] | x[n] * beta, cuts)"),
    MASS(ordered_logistic_glm, 4, "(ints | row_vector, vector, vector) => real",
         "ordered_logistic_glm with one row x for every y"),
    MASS(categorical_logit_glm, 4, "(ints | matrix, vector, matrix) => real",
         "categorical_logit_glm(y | x, alpha, beta): categorical_logit(y[n] | alpha + (x[n] * beta)')"),
    MASS(categorical_logit_glm, 4, "(ints | row_vector, vector, matrix) => real",
         "categorical_logit_glm with one row x for every y"),
};

#define TYPED_N ((int)(sizeof catalog_typed / sizeof catalog_typed[0]))

/* See catalog.h.  Overloads are consecutive, so the first match starts the
 * run and the run's length is the count. */
const fn_sig *catalog_lookup(const char *name, int *count) {
    int i = 0, n = 0;
    if (count) *count = 0;
    if (!name) return NULL;
    while (i < CATALOG_N && strcmp(catalog_table[i].name, name) != 0) i++;
    while (i + n < CATALOG_N && strcmp(catalog_table[i + n].name, name) == 0) n++;
    if (count) *count = n;
    return n ? &catalog_table[i] : NULL;
}

/* True when `name` ends in `suffix`. */
static int catalog_ends_with(const char *name, size_t len, const char *suffix) {
    size_t k = strlen(suffix);
    return len > k && strcmp(name + len - k, suffix) == 0;
}

/* See catalog.h.  base gets at most n-1 characters plus the terminator; when
 * the base does not fit, returns NULL (and base is left empty). */
const char *catalog_density_suffix(const char *name, char *base, int n) {
    static const char *const suffixes[] = { "_lpdf", "_lupdf", "_lpmf", "_lupmf" };
    size_t len = name ? strlen(name) : 0;
    if (base && n > 0) base[0] = '\0';
    for (int i = 0; i < 4; i++) {
        if (!catalog_ends_with(name, len, suffixes[i])) continue;
        size_t blen = len - strlen(suffixes[i]);
        if (!base || n <= 0 || blen >= (size_t)n) return NULL;
        memcpy(base, name, blen);
        base[blen] = '\0';
        return suffixes[i];
    }
    return NULL;
}

/* See catalog.h. */
int catalog_is_density(const fn_sig *s) {
    return s && (s->kind == FN_LPDF || s->kind == FN_LPMF);
}

/* See catalog.h: the suffix decides (_lcdf and _lccdf are logs, _cdf not). */
int catalog_cdf_is_log(const fn_sig *s) {
    if (!s || s->kind != FN_CDF) return 0;
    size_t len = strlen(s->name);
    return catalog_ends_with(s->name, len, "_lcdf") || catalog_ends_with(s->name, len, "_lccdf");
}

/* See catalog.h. */
int catalog_size(void) { return CATALOG_N; }

/* See catalog.h; NULL when i is out of range. */
const fn_sig *catalog_at(int i) {
    return i >= 0 && i < CATALOG_N ? &catalog_table[i] : NULL;
}

/* See catalog.h. */
int catalog_all_size(void) { return CATALOG_N + TYPED_N; }

/* See catalog.h; NULL when i is out of range. */
const fn_sig *catalog_all_at(int i) {
    if (i >= 0 && i < CATALOG_N) return &catalog_table[i];
    if (i >= CATALOG_N && i < CATALOG_N + TYPED_N) return &catalog_typed[i - CATALOG_N];
    return NULL;
}

/* Entries named `name` whose kind passes `want` (1 math, 0 densities, -1
 * both), implemented ones first; see catalog.h. */
static int catalog_find_where(const char *name, int want, const fn_sig **out, int max) {
    int n = 0;
    for (int i = 0; name && i < catalog_all_size(); i++) {
        const fn_sig *s = catalog_all_at(i);
        if (strcmp(s->name, name) != 0) continue;
        if (want >= 0 && (!catalog_is_density(s)) != want) continue;
        if (n < max) out[n] = s;
        n++;
    }
    return n;
}

/* See catalog.h. */
int catalog_find(const char *name, const fn_sig **out, int max) {
    return catalog_find_where(name, -1, out, max);
}

/* See catalog.h. */
int catalog_find_kind(const char *name, int math, const fn_sig **out, int max) {
    return catalog_find_where(name, math != 0, out, max);
}

/* True when s is an implemented real-valued function of real arguments. */
static int catalog_real_impl(const fn_sig *s, int returns_int) {
    if (s->kind != FN_MATH || s->returns_int != returns_int || !s->c_value) return 0;
    for (int i = 0; i < s->nargs; i++)
        if (s->args[i] != ARG_REAL) return 0;
    return 1;
}

/* See catalog.h. */
const fn_sig *catalog_elementwise_impl(const fn_sig *s) {
    if (!s || s->c_value || s->kind != FN_MATH || !s->stan) return NULL;
    int to_ints = strstr(s->stan, "] real) => array[") && strstr(s->stan, "] int");
    if (!strstr(s->stan, "=> T") && !to_ints) return NULL;
    int n = 0;
    const fn_sig *impl = catalog_lookup(s->name, &n);
    for (int i = 0; impl && i < n; i++)
        if (impl[i].nargs == s->nargs && catalog_real_impl(&impl[i], to_ints)) return &impl[i];
    return NULL;
}

static const char *catalog_kind_word(arg_kind k) {
    switch (k) {
    case ARG_INT: return "int";
    case ARG_REAL: return "real";
    case ARG_INTS: return "ints";
    case ARG_REALS: return "reals";
    }
    return "?";
}

/* The result word of a derived signature: an _rng with a vectorisable
 * argument returns R / RI (an array for container arguments). */
static const char *catalog_result_word(const fn_sig *s) {
    int vec = 0;
    for (int i = 0; i < s->nargs; i++) vec |= s->args[i] == ARG_REALS || s->args[i] == ARG_INTS;
    if (s->kind == FN_RNG && vec) return s->returns_int ? "RI" : "R";
    return s->returns_int ? "int" : "real";
}

/* See catalog.h.  '|' follows the first argument of densities and CDFs. */
const char *catalog_signature(const fn_sig *s, char *buf, int n) {
    if (n <= 0) return buf;
    if (s->stan) {
        snprintf(buf, (size_t)n, "%s", s->stan);
        return buf;
    }
    int bar = catalog_is_density(s) || s->kind == FN_CDF;
    int used = snprintf(buf, (size_t)n, "(");
    for (int i = 0; i < s->nargs && used < n; i++) {
        const char *sep = i == 0 ? "" : (i == 1 && bar) ? " | " : ", ";
        used += snprintf(buf + used, (size_t)(n - used), "%s%s", sep, catalog_kind_word(s->args[i]));
    }
    if (used < n) snprintf(buf + used, (size_t)(n - used), ") => %s", catalog_result_word(s));
    return buf;
}
