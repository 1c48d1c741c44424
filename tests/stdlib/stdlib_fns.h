/* tests/stdlib/stdlib_fns.h — one uniform calling shape for every stdlib
 * function under test (test-only helper, static functions).
 *
 * In:  a function name.  Out: a test_fn entry whose `eval` takes the
 * arguments as an array of doubles (ints as whole numbers), propto, the active
 * mask and a partials array (one slot per argument, may be NULL), and calls
 * the real bm_ function.  Never: computes anything itself.
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

MATH1(exp) MATH1(log) MATH1(sqrt) MATH1(square) MATH1(inv_logit) MATH1(log1p)
MATH1(lgamma) MATH1(log_inv_logit) MATH1(log1m_inv_logit) MATH1(log1m)
MATH1(fabs) MATH1(expm1) MATH2(log_sum_exp) MATH2(pow) MATH1(digamma)
MATH1(logit) MATH1(inv) MATH1(inv_sqrt) MATH1(inv_square)

static double v_trigamma(const double *x) { return bm_trigamma(x[0]); }

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
#define D(n, k, ints) { #n, 1, k, ints, w_##n, NULL }
#define L(n, k, ints) { #n, 1, k, ints, l_##n, NULL }  /* dist_lpdf_fns.h */

static const test_fn test_fns[] = {
    M1(exp), M1(log), M1(sqrt), M1(square), M1(inv_logit), M1(log1p),
    M1(lgamma), M1(log_inv_logit), M1(log1m_inv_logit), M1(log1m), M1(fabs),
    M1(expm1), M2(log_sum_exp), M2(pow), M1(digamma), M1(logit), M1(inv),
    M1(inv_sqrt), M1(inv_square),
    { "trigamma", 0, 1, 0, NULL, v_trigamma },
    D(normal, 3, 0), D(cauchy, 3, 0), D(student_t, 4, 0), D(exponential, 2, 0),
    D(gamma, 3, 0), D(beta, 3, 0), D(lognormal, 3, 0),
    D(bernoulli_logit, 2, 1u), D(binomial, 3, 3u), D(poisson_log, 2, 1u),
    L(std_normal, 1, 0), L(double_exponential, 3, 0), L(logistic, 3, 0), L(gumbel, 3, 0),
    L(skew_normal, 4, 0), L(exp_mod_normal, 4, 0), L(chi_square, 2, 0), L(inv_chi_square, 2, 0),
    L(scaled_inv_chi_square, 3, 0), L(inv_gamma, 3, 0), L(weibull, 3, 0), L(frechet, 3, 0),
    L(rayleigh, 2, 0), L(pareto, 3, 0), L(pareto_type_2, 4, 0), L(beta_proportion, 3, 0),
    L(von_mises, 3, 0), L(uniform, 3, 0),
    L(bernoulli, 2, 1u), L(binomial_logit, 3, 3u), L(beta_binomial, 4, 3u), L(neg_binomial, 3, 1u),
    L(neg_binomial_2, 3, 1u), L(neg_binomial_2_log, 3, 1u), L(poisson, 2, 1u),
    L(discrete_range, 3, 7u), L(hypergeometric, 4, 15u),
};
#define N_TEST_FNS ((int)(sizeof test_fns / sizeof test_fns[0]))

#undef M1
#undef M2
#undef D
#undef L
#undef MATH1
#undef MATH2

/* The entry named `name`, or NULL. */
static inline const test_fn *test_fn_find(const char *name) {
    for (int i = 0; i < N_TEST_FNS; i++)
        if (strcmp(test_fns[i].name, name) == 0) return &test_fns[i];
    return NULL;
}

/* Bit mask of the real (non-int) arguments of f. */
static inline unsigned test_fn_real_mask(const test_fn *f) {
    return ((1u << f->nargs) - 1u) & ~f->int_args;
}

#endif
