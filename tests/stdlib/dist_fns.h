/* tests/stdlib/dist_fns.h — one calling shape for the distributions of
 * bm_dist_cont.h, bm_dist_disc.h and bm_cdf.h (test-only, static functions).
 *
 * In:  a distribution name.  Out: a dist_fn entry: `lpdf` takes the arguments
 * as doubles (ints as whole numbers), propto, the active mask and one partial
 * slot per argument (int slots untouched); `cdf` takes the arguments, a kind
 * (K_CDF, K_LCDF, K_LCCDF of dist_values.h) and the partial slots.
 * Never: computes anything itself.
 */
#ifndef TEST_STDLIB_DIST_FNS_H
#define TEST_STDLIB_DIST_FNS_H

#include <math.h>
#include <string.h>

#include "bm_math.h"
#include "stdlib/reference/dist_values.h"
#include "stdlib/dist_lpdf_fns.h"

typedef double (*dist_lpdf)(const double *x, int propto, unsigned active, double *g);
typedef double (*dist_cdf)(const double *x, int kind, double *g);

typedef struct dist_fn {
    const char *name;
    int nargs;
    unsigned int_args;  /* bit i: argument i is an int */
    dist_lpdf lpdf;     /* NULL: no density in this table */
    dist_cdf cdf;       /* NULL: no cdf */
} dist_fn;

#define G(i) (g ? g + (i) : NULL)
#define I(i) ((int)x[i])

#define CDF(n, CALL) \
    static double c_##n(const double *x, int k, double *g) { (void)g; \
        return k == K_CDF ? bm_##n##_cdf CALL : k == K_LCDF ? bm_##n##_lcdf CALL : bm_##n##_lccdf CALL; }

CDF(normal, (x[0], x[1], x[2], G(0), G(1), G(2)))
CDF(std_normal, (x[0], G(0)))
CDF(lognormal, (x[0], x[1], x[2], G(0), G(1), G(2)))
CDF(cauchy, (x[0], x[1], x[2], G(0), G(1), G(2)))
CDF(logistic, (x[0], x[1], x[2], G(0), G(1), G(2)))
CDF(double_exponential, (x[0], x[1], x[2], G(0), G(1), G(2)))
CDF(gumbel, (x[0], x[1], x[2], G(0), G(1), G(2)))
CDF(exponential, (x[0], x[1], G(0), G(1)))
CDF(weibull, (x[0], x[1], x[2], G(0), G(1), G(2)))
CDF(frechet, (x[0], x[1], x[2], G(0), G(1), G(2)))
CDF(loglogistic, (x[0], x[1], x[2], G(0), G(1), G(2)))
CDF(rayleigh, (x[0], x[1], G(0), G(1)))
CDF(pareto, (x[0], x[1], x[2], G(0), G(1), G(2)))
CDF(pareto_type_2, (x[0], x[1], x[2], x[3], G(0), G(1), G(2), G(3)))
CDF(uniform, (x[0], x[1], x[2], G(0), G(1), G(2)))
CDF(gamma, (x[0], x[1], x[2], G(0), G(1), G(2)))
CDF(chi_square, (x[0], x[1], G(0), G(1)))
CDF(inv_gamma, (x[0], x[1], x[2], G(0), G(1), G(2)))
CDF(inv_chi_square, (x[0], x[1], G(0), G(1)))
CDF(scaled_inv_chi_square, (x[0], x[1], x[2], G(0), G(1), G(2)))
CDF(beta, (x[0], x[1], x[2], G(0), G(1), G(2)))
CDF(beta_proportion, (x[0], x[1], x[2], G(0), G(1), G(2)))
CDF(student_t, (x[0], x[1], x[2], x[3], G(0), G(1), G(2), G(3)))
CDF(skew_normal, (x[0], x[1], x[2], x[3], G(0), G(1), G(2), G(3)))
CDF(von_mises, (x[0], x[1], x[2], G(0), G(1), G(2)))
CDF(exp_mod_normal, (x[0], x[1], x[2], x[3], G(0), G(1), G(2), G(3)))
CDF(skew_double_exponential, (x[0], x[1], x[2], x[3], G(0), G(1), G(2), G(3)))
CDF(poisson, (I(0), x[1], G(1)))
CDF(binomial, (I(0), I(1), x[2], G(2)))
CDF(neg_binomial_2, (I(0), x[1], x[2], G(1), G(2)))
CDF(neg_binomial, (I(0), x[1], x[2], G(1), G(2)))
CDF(bernoulli, (I(0), x[1], G(1)))
CDF(beta_binomial, (I(0), I(1), x[2], x[3], G(2), G(3)))
CDF(discrete_range, (I(0), I(1), I(2)))

#define BOTH(n, k, ints) { #n, k, ints, l_##n, c_##n }
#define ONLY_L(n, k, ints) { #n, k, ints, l_##n, NULL }
#define ONLY_C(n, k, ints) { #n, k, ints, NULL, c_##n }

static const dist_fn dist_fns[] = {
    BOTH(std_normal, 1, 0), BOTH(double_exponential, 3, 0), BOTH(logistic, 3, 0),
    BOTH(gumbel, 3, 0), BOTH(skew_normal, 4, 0), BOTH(exp_mod_normal, 4, 0),
    BOTH(chi_square, 2, 0), BOTH(inv_chi_square, 2, 0), BOTH(scaled_inv_chi_square, 3, 0),
    BOTH(inv_gamma, 3, 0), BOTH(weibull, 3, 0), BOTH(frechet, 3, 0), BOTH(rayleigh, 2, 0),
    BOTH(pareto, 3, 0), BOTH(pareto_type_2, 4, 0), BOTH(beta_proportion, 3, 0),
    BOTH(von_mises, 3, 0), BOTH(uniform, 3, 0), BOTH(skew_double_exponential, 4, 0),
    BOTH(loglogistic, 3, 0), ONLY_L(wiener, 5, 0),
    BOTH(bernoulli, 2, 1u), ONLY_L(binomial_logit, 3, 3u), BOTH(beta_binomial, 4, 3u), ONLY_L(beta_neg_binomial, 4, 1u),
    BOTH(neg_binomial, 3, 1u), BOTH(neg_binomial_2, 3, 1u), ONLY_L(neg_binomial_2_log, 3, 1u),
    BOTH(poisson, 2, 1u), BOTH(discrete_range, 3, 7u), ONLY_L(hypergeometric, 4, 15u),
    ONLY_C(normal, 3, 0), ONLY_C(lognormal, 3, 0), ONLY_C(cauchy, 3, 0),
    ONLY_C(exponential, 2, 0), ONLY_C(gamma, 3, 0), ONLY_C(beta, 3, 0),
    ONLY_C(student_t, 4, 0), ONLY_C(binomial, 3, 3u),
};
#define N_DIST_FNS ((int)(sizeof dist_fns / sizeof dist_fns[0]))

#undef BOTH
#undef ONLY_L
#undef ONLY_C
#undef CDF

/* The entry named `name`, or NULL. */
static inline const dist_fn *dist_fn_find(const char *name) {
    for (int i = 0; i < N_DIST_FNS; i++)
        if (strcmp(dist_fns[i].name, name) == 0) return &dist_fns[i];
    return NULL;
}

/* Bit mask of the real (non-int) arguments of f. */
static inline unsigned dist_fn_real_mask(const dist_fn *f) {
    return ((1u << f->nargs) - 1u) & ~f->int_args;
}

#endif
