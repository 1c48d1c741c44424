/* tests/stdlib/stdlib_fns.h — one uniform calling shape for every stdlib
 * function under test (test-only helper, static functions).
 *
 * In:  a function name: for math functions the C function without its bm_
 * prefix (the catalog name for most; const_pi for pi(), abs_int for abs of
 * an int, binomial_coefficient_log also for lchoose), for densities the
 * density name.  Out: a test_fn entry whose `eval` takes the arguments as an
 * array of doubles (ints as whole numbers), propto, the active mask and a
 * partials array (one slot per argument, int slots untouched, may be NULL),
 * and calls the real bm_ function; `value` calls the value-only function.
 * Functions without partials (int-valued, constants) have eval NULL.
 * Never: computes anything itself.
 */
#ifndef TEST_STDLIB_FNS_H
#define TEST_STDLIB_FNS_H

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "bm_math.h"
#include "stdlib/dist_lpdf_fns.h"

typedef double (*test_eval)(const double *x, int propto, unsigned active, double *g);
typedef double (*test_value)(const double *x);

typedef struct test_fn {
    const char *name;
    int is_density;
    int nargs;
    unsigned int_args;   /* bit i: argument i is an int */
    test_eval eval;      /* value and partials (NULL: no partials, e.g. trigamma) */
    test_value value;    /* value-only C function (math only) */
} test_fn;

#define G(i) (g ? g + (i) : NULL)

#define MATH1(n)                                                              \
    static double w_##n(const double *x, int p, unsigned a, double *g) {      \
        (void)p; (void)a; return bm_##n##_d(x[0], G(0)); }                    \
    static double v_##n(const double *x) { return bm_##n(x[0]); }
#define MATH2(n)                                                              \
    static double w_##n(const double *x, int p, unsigned a, double *g) {      \
        (void)p; (void)a; return bm_##n##_d(x[0], x[1], G(0), G(1)); }        \
    static double v_##n(const double *x) { return bm_##n(x[0], x[1]); }

#define MATH3(n)                                                              \
    static double w_##n(const double *x, int p, unsigned a, double *g) {      \
        (void)p; (void)a; return bm_##n##_d(x[0], x[1], x[2], G(0), G(1), G(2)); } \
    static double v_##n(const double *x) { return bm_##n(x[0], x[1], x[2]); }
#define MATH4(n)                                                              \
    static double w_##n(const double *x, int p, unsigned a, double *g) {      \
        (void)p; (void)a;                                                     \
        return bm_##n##_d(x[0], x[1], x[2], x[3], G(0), G(1), G(2), G(3)); }  \
    static double v_##n(const double *x) { return bm_##n(x[0], x[1], x[2], x[3]); }
/* (int, real) and (real, int) arguments: one partial, for the real one */
#define MATH_IR(n)                                                            \
    static double w_##n(const double *x, int p, unsigned a, double *g) {      \
        (void)p; (void)a; return bm_##n##_d((int)x[0], x[1], G(1)); }         \
    static double v_##n(const double *x) { return bm_##n((int)x[0], x[1]); }
#define MATH_RI(n)                                                            \
    static double w_##n(const double *x, int p, unsigned a, double *g) {      \
        (void)p; (void)a; return bm_##n##_d(x[0], (int)x[1], G(0)); }         \
    static double v_##n(const double *x) { return bm_##n(x[0], (int)x[1]); }
/* value only: int-valued functions and constants */
#define VAL_R1(n) static double v_##n(const double *x) { return bm_##n(x[0]); }
#define VAL_I1(n) static double v_##n(const double *x) { return bm_##n((int)x[0]); }
#define VAL_I2(n) static double v_##n(const double *x) { return bm_##n((int)x[0], (int)x[1]); }
#define VAL_0(n) static double v_##n(const double *x) { (void)x; return bm_##n(); }

MATH1(exp) MATH1(log) MATH1(sqrt) MATH1(square) MATH1(inv_logit) MATH1(log1p)
MATH1(lgamma) MATH1(log_inv_logit) MATH1(log1m_inv_logit) MATH1(log1m)
MATH1(fabs) MATH1(expm1) MATH2(log_sum_exp) MATH2(pow) MATH1(digamma)
MATH1(logit) MATH1(inv) MATH1(inv_sqrt) MATH1(inv_square)

/* Stan's scalar math functions (bm_math_elem.h, bm_math_spec.h, bm_bessel.h) */
MATH1(floor) MATH1(ceil) MATH1(round) MATH1(trunc) MATH1(step) MATH1(abs)
MATH1(log2) MATH1(log10) MATH1(cbrt) MATH1(exp2) MATH1(log1p_exp) MATH1(log1m_exp)
MATH1(inv_cloglog) MATH1(sin) MATH1(cos) MATH1(tan) MATH1(asin) MATH1(acos) MATH1(atan)
MATH1(sinh) MATH1(cosh) MATH1(tanh) MATH1(asinh) MATH1(acosh) MATH1(atanh)
MATH1(Phi) MATH1(Phi_approx) MATH1(inv_Phi) MATH1(std_normal_log_qf) MATH1(erf)
MATH1(erfc) MATH1(inv_erfc) MATH1(tgamma) MATH1(trigamma) MATH1(lambert_w0)
MATH1(lambert_wm1)
MATH2(min) MATH2(max) MATH2(fmin) MATH2(fmax) MATH2(fdim) MATH2(fmod) MATH2(hypot)
MATH2(lmultiply) MATH2(log_diff_exp) MATH2(log_inv_logit_diff) MATH2(atan2)
MATH2(owens_t) MATH2(lbeta) MATH2(beta_function) MATH2(binomial_coefficient_log)
MATH2(log_falling_factorial) MATH2(log_rising_factorial) MATH2(gamma_p) MATH2(gamma_q)
MATH2(log_modified_bessel_first_kind) MATH2(hypergeometric_1F0)
MATH3(fma) MATH3(log_mix) MATH3(inc_beta) MATH3(inv_inc_beta)
MATH4(hypergeometric_2F1)
MATH_RI(ldexp) MATH_RI(falling_factorial) MATH_RI(rising_factorial)
MATH_IR(binary_log_loss) MATH_IR(lmgamma) MATH_IR(bessel_first_kind)
MATH_IR(bessel_second_kind) MATH_IR(modified_bessel_first_kind)
MATH_IR(modified_bessel_second_kind)
VAL_R1(int_step) VAL_R1(is_inf) VAL_R1(is_nan) VAL_R1(logical_negation) VAL_R1(to_int) VAL_I1(abs_int) VAL_I2(min_int)
VAL_I2(max_int) VAL_I2(choose)
VAL_0(const_pi) VAL_0(const_e) VAL_0(const_sqrt2) VAL_0(const_log2) VAL_0(const_log10)
VAL_0(const_not_a_number) VAL_0(const_positive_infinity) VAL_0(const_negative_infinity)
VAL_0(const_machine_precision)

static double w_normal(const double *x, int p, unsigned a, double *g) {
    return bm_normal_lpdf(x[0], x[1], x[2], p, a, G(0), G(1), G(2));
}
static double w_cauchy(const double *x, int p, unsigned a, double *g) {
    return bm_cauchy_lpdf(x[0], x[1], x[2], p, a, G(0), G(1), G(2));
}
static double w_student_t(const double *x, int p, unsigned a, double *g) {
    return bm_student_t_lpdf(x[0], x[1], x[2], x[3], p, a, G(0), G(1), G(2), G(3));
}
static double w_exponential(const double *x, int p, unsigned a, double *g) {
    return bm_exponential_lpdf(x[0], x[1], p, a, G(0), G(1));
}
static double w_gamma(const double *x, int p, unsigned a, double *g) {
    return bm_gamma_lpdf(x[0], x[1], x[2], p, a, G(0), G(1), G(2));
}
static double w_beta(const double *x, int p, unsigned a, double *g) {
    return bm_beta_lpdf(x[0], x[1], x[2], p, a, G(0), G(1), G(2));
}
static double w_lognormal(const double *x, int p, unsigned a, double *g) {
    return bm_lognormal_lpdf(x[0], x[1], x[2], p, a, G(0), G(1), G(2));
}
static double w_bernoulli_logit(const double *x, int p, unsigned a, double *g) {
    return bm_bernoulli_logit_lpmf((int)x[0], x[1], p, a, G(1));
}
static double w_binomial(const double *x, int p, unsigned a, double *g) {
    return bm_binomial_lpmf((int)x[0], (int)x[1], x[2], p, a, G(2));
}
static double w_poisson_log(const double *x, int p, unsigned a, double *g) {
    return bm_poisson_log_lpmf((int)x[0], x[1], p, a, G(1));
}

#define M1(n) { #n, 0, 1, 0, w_##n, v_##n }
#define M2(n) { #n, 0, 2, 0, w_##n, v_##n }
#define M3(n) { #n, 0, 3, 0, w_##n, v_##n }
#define M4(n) { #n, 0, 4, 0, w_##n, v_##n }
#define MIR(n) { #n, 0, 2, 1u, w_##n, v_##n }
#define MRI(n) { #n, 0, 2, 2u, w_##n, v_##n }
#define V(n, k, ints) { #n, 0, k, ints, NULL, v_##n }
#define D(n, k, ints) { #n, 1, k, ints, w_##n, NULL }
#define L(n, k, ints) { #n, 1, k, ints, l_##n, NULL }  /* dist_lpdf_fns.h */

static const test_fn test_fns[] = {
    M1(exp), M1(log), M1(sqrt), M1(square), M1(inv_logit), M1(log1p),
    M1(lgamma), M1(log_inv_logit), M1(log1m_inv_logit), M1(log1m), M1(fabs),
    M1(expm1), M2(log_sum_exp), M2(pow), M1(digamma), M1(logit), M1(inv),
    M1(inv_sqrt), M1(inv_square),
    M1(floor), M1(ceil), M1(round), M1(trunc), M1(step), M1(abs), M1(log2), M1(log10),
    M1(cbrt), M1(exp2), M1(log1p_exp), M1(log1m_exp), M1(inv_cloglog), M1(sin), M1(cos),
    M1(tan), M1(asin), M1(acos), M1(atan), M1(sinh), M1(cosh), M1(tanh), M1(asinh),
    M1(acosh), M1(atanh), M1(Phi), M1(Phi_approx), M1(inv_Phi), M1(std_normal_log_qf),
    M1(erf), M1(erfc), M1(inv_erfc), M1(tgamma), M1(trigamma), M1(lambert_w0),
    M1(lambert_wm1),
    M2(min), M2(max), M2(fmin), M2(fmax), M2(fdim), M2(fmod), M2(hypot), M2(lmultiply),
    M2(log_diff_exp), M2(log_inv_logit_diff), M2(atan2), M2(owens_t), M2(lbeta), M2(beta_function),
    M2(binomial_coefficient_log), M2(log_falling_factorial), M2(log_rising_factorial),
    M2(gamma_p), M2(gamma_q), M2(log_modified_bessel_first_kind), M2(hypergeometric_1F0),
    M3(fma), M3(log_mix), M3(inc_beta), M3(inv_inc_beta), M4(hypergeometric_2F1),
    MRI(ldexp), MRI(falling_factorial), MRI(rising_factorial),
    MIR(binary_log_loss), MIR(lmgamma), MIR(bessel_first_kind), MIR(bessel_second_kind),
    MIR(modified_bessel_first_kind), MIR(modified_bessel_second_kind),
    V(int_step, 1, 0), V(is_inf, 1, 0), V(is_nan, 1, 0), V(logical_negation, 1, 0), V(to_int, 1, 0), V(abs_int, 1, 1u),
    V(min_int, 2, 3u), V(max_int, 2, 3u), V(choose, 2, 3u),
    V(const_pi, 0, 0), V(const_e, 0, 0), V(const_sqrt2, 0, 0), V(const_log2, 0, 0),
    V(const_log10, 0, 0), V(const_not_a_number, 0, 0), V(const_positive_infinity, 0, 0),
    V(const_negative_infinity, 0, 0), V(const_machine_precision, 0, 0),
    D(normal, 3, 0), D(cauchy, 3, 0), D(student_t, 4, 0), D(exponential, 2, 0),
    D(gamma, 3, 0), D(beta, 3, 0), D(lognormal, 3, 0),
    D(bernoulli_logit, 2, 1u), D(binomial, 3, 3u), D(poisson_log, 2, 1u),
    L(std_normal, 1, 0), L(double_exponential, 3, 0), L(logistic, 3, 0), L(gumbel, 3, 0),
    L(skew_normal, 4, 0), L(exp_mod_normal, 4, 0), L(chi_square, 2, 0), L(inv_chi_square, 2, 0),
    L(scaled_inv_chi_square, 3, 0), L(inv_gamma, 3, 0), L(weibull, 3, 0), L(frechet, 3, 0),
    L(rayleigh, 2, 0), L(pareto, 3, 0), L(pareto_type_2, 4, 0), L(beta_proportion, 3, 0),
    L(von_mises, 3, 0), L(uniform, 3, 0), L(skew_double_exponential, 4, 0), L(loglogistic, 3, 0), L(wiener, 5, 0),
    L(bernoulli, 2, 1u), L(binomial_logit, 3, 3u), L(beta_binomial, 4, 3u), L(beta_neg_binomial, 4, 1u), L(neg_binomial, 3, 1u),
    L(neg_binomial_2, 3, 1u), L(neg_binomial_2_log, 3, 1u), L(poisson, 2, 1u),
    L(discrete_range, 3, 7u), L(hypergeometric, 4, 15u),
};
#define N_TEST_FNS ((int)(sizeof test_fns / sizeof test_fns[0]))

#undef M1
#undef M2
#undef M3
#undef M4
#undef MIR
#undef MRI
#undef V
#undef D
#undef L
#undef MATH1
#undef MATH2
#undef MATH3
#undef MATH4
#undef MATH_IR
#undef MATH_RI
#undef VAL_R1
#undef VAL_I1
#undef VAL_I2
#undef VAL_0

/* The entry named `name`, or NULL. */
static inline const test_fn *test_fn_find(const char *name) {
    for (int i = 0; i < N_TEST_FNS; i++)
        if (strcmp(test_fns[i].name, name) == 0) return &test_fns[i];
    return NULL;
}

/* The test entry of a catalog entry: math functions by their C function
 * (c_value without "bm_"), densities by name. */
static inline const test_fn *test_fn_of(int is_math, const char *name, const char *c_value) {
    if (is_math && c_value && !strncmp(c_value, "bm_", 3)) return test_fn_find(c_value + 3);
    return test_fn_find(name);
}

/* Evaluates f at x the way generated code calls it (all constants kept):
 * value and partials, or the value alone when f has no partials. */
static inline double test_fn_eval(const test_fn *f, const double *x, double *g) {
    if (!f->eval) return f->value(x);
    return f->eval(x, 0, (1u << f->nargs) - 1u, g);
}

/* Bit mask of the real (non-int) arguments of f. */
static inline unsigned test_fn_real_mask(const test_fn *f) {
    return ((1u << f->nargs) - 1u) & ~f->int_args;
}

#endif
