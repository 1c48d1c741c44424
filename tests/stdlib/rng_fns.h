/* tests/stdlib/rng_fns.h — every _rng of bm_dist_rng.h in one calling shape
 * (test-only, static functions), shared by test_dist_rng.c (which samples
 * each) and test_catalog.c (which matches the catalog's FN_RNG entries).
 *
 * In:  nothing.  Out: d_NAME(p, rng): one draw with the parameters p[]
 * (ints as whole numbers) as a double, and rng_fns[]: name, arity and int
 * arguments of each.  Never: computes anything itself.
 */
#ifndef TEST_STDLIB_RNG_FNS_H
#define TEST_STDLIB_RNG_FNS_H

#include <string.h>

#include "bm_math.h"

typedef double (*draw_fn)(const double *p, bm_rng *rng);

#define D0(n) static double d_##n(const double *p, bm_rng *r) { (void)p; return bm_##n##_rng(r); }
#define D1(n) static double d_##n(const double *p, bm_rng *r) { return bm_##n##_rng(p[0], r); }
#define D2(n) static double d_##n(const double *p, bm_rng *r) { return bm_##n##_rng(p[0], p[1], r); }
#define D3(n) static double d_##n(const double *p, bm_rng *r) { return bm_##n##_rng(p[0], p[1], p[2], r); }
#define DI2(n) static double d_##n(const double *p, bm_rng *r) { return bm_##n##_rng((int)p[0], p[1], r); }
#define DI3(n) static double d_##n(const double *p, bm_rng *r) { return bm_##n##_rng((int)p[0], p[1], p[2], r); }
#define DII(n) static double d_##n(const double *p, bm_rng *r) { return bm_##n##_rng((int)p[0], (int)p[1], r); }
#define DIII(n) \
    static double d_##n(const double *p, bm_rng *r) { return bm_##n##_rng((int)p[0], (int)p[1], (int)p[2], r); }

D3(skew_double_exponential) D2(loglogistic)
D2(normal) D0(std_normal) D3(student_t) D2(cauchy) D2(double_exponential) D2(logistic) D2(gumbel)
D3(skew_normal) D3(exp_mod_normal) D2(lognormal) D1(chi_square) D1(inv_chi_square)
D2(scaled_inv_chi_square) D1(exponential) D2(gamma) D2(inv_gamma) D2(weibull) D2(frechet)
D1(rayleigh) D2(pareto) D3(pareto_type_2) D2(beta) D2(beta_proportion) D2(von_mises) D2(uniform)
D1(bernoulli) D1(bernoulli_logit) DI2(binomial) DI2(binomial_logit) DI3(beta_binomial) D3(beta_neg_binomial)
D1(poisson) D1(poisson_log) D2(neg_binomial) D2(neg_binomial_2) D2(neg_binomial_2_log)
DII(discrete_range) DIII(hypergeometric)

typedef struct rng_fn {
    const char *name;    /* without _rng */
    int nargs;
    unsigned int_args;   /* bit i: parameter i is an int */
    int discrete;        /* the draw is an int */
    draw_fn draw;
} rng_fn;

#define RC(n, k) { #n, k, 0, 0, d_##n }
#define RD(n, k, ints) { #n, k, ints, 1, d_##n }

static const rng_fn rng_fns[] = {
    RC(normal, 2), RC(std_normal, 0), RC(student_t, 3), RC(cauchy, 2), RC(double_exponential, 2),
    RC(logistic, 2), RC(gumbel, 2), RC(skew_normal, 3), RC(exp_mod_normal, 3), RC(lognormal, 2),
    RC(chi_square, 1), RC(inv_chi_square, 1), RC(scaled_inv_chi_square, 2), RC(exponential, 1),
    RC(gamma, 2), RC(inv_gamma, 2), RC(weibull, 2), RC(frechet, 2), RC(rayleigh, 1), RC(pareto, 2),
    RC(pareto_type_2, 3), RC(beta, 2), RC(beta_proportion, 2), RC(von_mises, 2), RC(uniform, 2),
    RC(skew_double_exponential, 3), RC(loglogistic, 2),
    RD(bernoulli, 1, 0), RD(bernoulli_logit, 1, 0), RD(binomial, 2, 1u), RD(binomial_logit, 2, 1u),
    RD(beta_binomial, 3, 1u), RD(beta_neg_binomial, 3, 0), RD(poisson, 1, 0), RD(poisson_log, 1, 0), RD(neg_binomial, 2, 0),
    RD(neg_binomial_2, 2, 0), RD(neg_binomial_2_log, 2, 0), RD(discrete_range, 2, 3u),
    RD(hypergeometric, 3, 7u),
};
#define N_RNG_FNS ((int)(sizeof rng_fns / sizeof rng_fns[0]))

#undef D0
#undef D1
#undef D2
#undef D3
#undef DI2
#undef DI3
#undef DII
#undef DIII
#undef RC
#undef RD

/* The entry named `name` (without _rng), or NULL. */
static inline const rng_fn *rng_fn_find(const char *name) {
    for (int i = 0; i < N_RNG_FNS; i++)
        if (strcmp(rng_fns[i].name, name) == 0) return &rng_fns[i];
    return NULL;
}

#endif
