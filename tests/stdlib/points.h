/* tests/stdlib/points.h — interior points of each function's domain, used by
 * the finite-difference and propto tests (test-only data).
 *
 * In:  nothing.  Out: test_points[], each a function name and its arguments
 * in catalog order (ints as whole numbers).  Points of one density are
 * consecutive; mixing the real arguments of any two of them stays valid.
 * Never: sits on a singularity or a domain edge (finite differences there
 * are meaningless).
 */
#ifndef TEST_STDLIB_POINTS_H
#define TEST_STDLIB_POINTS_H

typedef struct test_point { const char *fn; double x[4]; } test_point;

static const test_point test_points[] = {
    { "exp", { -2 } }, { "exp", { 0.3 } }, { "exp", { 3 } },
    { "log", { 0.2 } }, { "log", { 1.5 } }, { "log", { 30 } },
    { "sqrt", { 0.3 } }, { "sqrt", { 2 } }, { "sqrt", { 50 } },
    { "square", { -2 } }, { "square", { 0.5 } }, { "square", { 3 } },
    { "inv_logit", { -5 } }, { "inv_logit", { 0 } }, { "inv_logit", { 2.5 } },
    { "log1p", { -0.5 } }, { "log1p", { 0.1 } }, { "log1p", { 10 } },
    { "lgamma", { 0.3 } }, { "lgamma", { 1.5 } }, { "lgamma", { 7.2 } }, { "lgamma", { -0.5 } },
    { "log_inv_logit", { -30 } }, { "log_inv_logit", { -1 } }, { "log_inv_logit", { 0 } },
    { "log_inv_logit", { 4 } }, { "log_inv_logit", { 30 } },
    { "log1m_inv_logit", { -30 } }, { "log1m_inv_logit", { -1 } },
    { "log1m_inv_logit", { 0 } }, { "log1m_inv_logit", { 4 } }, { "log1m_inv_logit", { 30 } },
    { "log1m", { -3 } }, { "log1m", { 0.2 } }, { "log1m", { 0.9 } },
    { "fabs", { -2 } }, { "fabs", { 0.7 } }, { "fabs", { 3 } },
    { "expm1", { -1 } }, { "expm1", { 1e-3 } }, { "expm1", { 2 } },
    { "log_sum_exp", { 1, 2 } }, { "log_sum_exp", { -3, 4 } },
    { "log_sum_exp", { 0.5, 0.5 } }, { "log_sum_exp", { 10, -10 } },
    { "pow", { 2, 3 } }, { "pow", { 0.5, -1.5 } }, { "pow", { 3, 0.5 } }, { "pow", { 1.7, 2.2 } },
    { "digamma", { 0.3 } }, { "digamma", { 1.46 } }, { "digamma", { 5 } },
    { "digamma", { 30 } }, { "digamma", { -0.5 } },
    { "logit", { 0.1 } }, { "logit", { 0.5 } }, { "logit", { 0.9 } },
    { "inv", { -2 } }, { "inv", { 0.5 } }, { "inv", { 3 } },
    { "inv_sqrt", { 0.2 } }, { "inv_sqrt", { 1 } }, { "inv_sqrt", { 9 } },
    { "inv_square", { -2 } }, { "inv_square", { 0.3 } }, { "inv_square", { 4 } },

    { "normal", { 0.3, -0.2, 1.5 } }, { "normal", { -4, 2, 0.7 } }, { "normal", { 10, 9.5, 3 } },
    { "cauchy", { 0.3, -0.2, 1.5 } }, { "cauchy", { -4, 2, 0.7 } }, { "cauchy", { 10, 9.5, 3 } },
    { "student_t", { 0.3, 3, -0.2, 1.5 } }, { "student_t", { -4, 0.7, 2, 0.7 } },
    { "student_t", { 10, 25, 9.5, 3 } }, { "student_t", { 1, 300, 0.5, 2 } },
    { "exponential", { 0.5, 2 } }, { "exponential", { 3, 0.1 } }, { "exponential", { 1e-3, 7 } },
    { "gamma", { 1.2, 2, 3 } }, { "gamma", { 0.05, 0.5, 1 } }, { "gamma", { 8, 20, 2.5 } },
    { "beta", { 0.3, 2, 5 } }, { "beta", { 0.05, 0.5, 0.7 } }, { "beta", { 0.9, 3, 1 } },
    { "lognormal", { 1.2, 0.1, 0.5 } }, { "lognormal", { 0.05, -2, 1.5 } },
    { "lognormal", { 30, 3, 2 } },
    { "bernoulli_logit", { 1, 0.3 } }, { "bernoulli_logit", { 0, -2 } },
    { "bernoulli_logit", { 1, 5 } }, { "bernoulli_logit", { 0, 12 } },
    { "binomial", { 3, 10, 0.3 } }, { "binomial", { 0, 5, 0.2 } },
    { "binomial", { 5, 5, 0.7 } }, { "binomial", { 40, 100, 0.45 } },
    { "poisson_log", { 0, 0.5 } }, { "poisson_log", { 3, 1.2 } },
    { "poisson_log", { 10, 2.3 } }, { "poisson_log", { 100, 4.6 } },
    { "poisson_log", { 1000, 6.9 } },

    { "std_normal", { 0.3 } }, { "std_normal", { -1.7 } }, { "std_normal", { 2.5 } },
    { "double_exponential", { 0.3, -0.2, 1.5 } }, { "double_exponential", { -4, 2, 0.7 } },
    { "double_exponential", { 10, 9.5, 3 } },
    { "logistic", { 0.3, -0.2, 1.5 } }, { "logistic", { -4, 2, 0.7 } }, { "logistic", { 10, 9.5, 3 } },
    { "gumbel", { 0.3, -0.2, 1.5 } }, { "gumbel", { -4, 2, 0.7 } }, { "gumbel", { 10, 9.5, 3 } },
    { "skew_normal", { 0.3, -0.2, 1.5, 2 } }, { "skew_normal", { -1, 0.5, 0.7, -1.5 } },
    { "skew_normal", { 2, 1.5, 3, 0.5 } },
    { "exp_mod_normal", { 0.3, -0.2, 1.5, 2 } }, { "exp_mod_normal", { -1, 0.5, 0.7, 0.8 } },
    { "exp_mod_normal", { 2, 1.5, 3, 0.5 } },
    { "chi_square", { 0.5, 2 } }, { "chi_square", { 3, 5.5 } }, { "chi_square", { 1.2, 0.7 } },
    { "inv_chi_square", { 0.5, 2 } }, { "inv_chi_square", { 3, 5.5 } }, { "inv_chi_square", { 1.2, 0.7 } },
    { "scaled_inv_chi_square", { 0.5, 2, 1 } }, { "scaled_inv_chi_square", { 3, 5.5, 0.4 } },
    { "scaled_inv_chi_square", { 1.2, 0.7, 2 } },
    { "inv_gamma", { 0.5, 2, 1 } }, { "inv_gamma", { 3, 5.5, 0.4 } }, { "inv_gamma", { 1.2, 0.7, 2 } },
    { "weibull", { 0.5, 2, 1 } }, { "weibull", { 3, 5.5, 0.4 } }, { "weibull", { 1.2, 0.7, 2 } },
    { "frechet", { 0.5, 2, 1 } }, { "frechet", { 3, 5.5, 0.4 } }, { "frechet", { 1.2, 0.7, 2 } },
    { "rayleigh", { 0.5, 1 } }, { "rayleigh", { 3, 0.8 } }, { "rayleigh", { 1.2, 2 } },
    /* every y above every y_min (mu): mixed points stay in the support */
    { "pareto", { 1.5, 0.2, 2 } }, { "pareto", { 3, 1, 0.7 } }, { "pareto", { 10, 0.5, 3.5 } },
    { "pareto_type_2", { 1, -1, 1.5, 2 } }, { "pareto_type_2", { 3, 0.2, 0.7, 0.5 } },
    { "pareto_type_2", { 0.5, -3, 3, 4 } },
    { "beta_proportion", { 0.3, 0.4, 5 } }, { "beta_proportion", { 0.7, 0.2, 12 } },
    { "beta_proportion", { 0.05, 0.85, 2.5 } },
    { "von_mises", { 0.3, -0.2, 1.5 } }, { "von_mises", { -2, 1, 0.5 } }, { "von_mises", { 2.5, 2, 4 } },
    /* every y inside every [alpha, beta] */
    { "uniform", { 0.5, -1, 2 } }, { "uniform", { 1, 0, 3 } }, { "uniform", { 1.2, 0.2, 1.5 } },
    { "bernoulli", { 1, 0.3 } }, { "bernoulli", { 0, 0.6 } }, { "bernoulli", { 1, 0.9 } },
    { "binomial_logit", { 3, 10, 0.3 } }, { "binomial_logit", { 0, 5, -2 } },
    { "binomial_logit", { 40, 100, 1.5 } },
    { "beta_binomial", { 3, 10, 2, 5 } }, { "beta_binomial", { 0, 5, 0.5, 0.7 } },
    { "beta_binomial", { 40, 100, 3, 1 } },
    { "neg_binomial", { 0, 2, 0.5 } }, { "neg_binomial", { 3, 0.7, 1.5 } }, { "neg_binomial", { 12, 5, 0.3 } },
    { "neg_binomial_2", { 0, 2, 0.5 } }, { "neg_binomial_2", { 3, 0.7, 1.5 } },
    { "neg_binomial_2", { 12, 5, 10 } },
    { "neg_binomial_2_log", { 0, 0.5, 0.5 } }, { "neg_binomial_2_log", { 3, -0.7, 1.5 } },
    { "neg_binomial_2_log", { 12, 2, 10 } },
    { "poisson", { 0, 0.5 } }, { "poisson", { 3, 2.5 } }, { "poisson", { 15, 12 } },
    /* int-only: no partials; propto with nothing active gives 0 */
    { "discrete_range", { 2, 1, 6 } }, { "discrete_range", { 0, -3, 3 } }, { "discrete_range", { 5, 5, 5 } },
    { "hypergeometric", { 2, 5, 4, 6 } }, { "hypergeometric", { 0, 3, 2, 8 } },
    { "hypergeometric", { 4, 6, 5, 3 } },
};
#define N_TEST_POINTS ((int)(sizeof test_points / sizeof test_points[0]))

#endif
