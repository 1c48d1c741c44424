/* tests/stdlib/test_dist_values.c — the densities and mass functions of
 * bm_dist_cont.h / bm_dist_disc.h against R, and their edge behaviour.
 *
 * In:  reference/dist_values.h (make_dist_values.R: R's d-functions, or the
 * textbook density written in R where base R lacks one).  Out: cmocka
 * results.  Never: compares against numbers produced by stdlib itself.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <math.h>
#include <cmocka.h>

#include "stdlib/dist_fns.h"

#define N_REF ((int)(sizeof dist_refs / sizeof dist_refs[0]))

/* Same infinity / NaN, or within relative tol (absolute 1e-14 near 0). */
static int close_enough(double got, double want, double tol) {
    if (isnan(want)) return isnan(got);
    if (isinf(want)) return got == want;
    double err = fabs(got - want);
    return err <= tol * fabs(want) || err <= 1e-14;
}

/* Every lpdf/lpmf row matches R (1e-10: lgamma-based terms lose a few
 * digits to cancellation), with and without partial pointers. */
static void test_lpdf_reference_values(void **state) {
    (void)state;
    int bad = 0, n = 0;
    for (int i = 0; i < N_REF; i++) {
        const dist_ref *r = &dist_refs[i];
        if (r->kind != K_LPDF) continue;
        const dist_fn *f = dist_fn_find(r->fn);
        assert_non_null(f);
        assert_non_null(f->lpdf);
        double g[5], all = (double)((1u << f->nargs) - 1u);
        double v = f->lpdf(r->args, 0, (unsigned)all, g), v0 = f->lpdf(r->args, 0, (unsigned)all, NULL);
        n++;
        if (close_enough(v, r->expected, 1e-10) && close_enough(v0, v, 0)) continue;
        printf("  %s(%g, %g, %g, %g) = %.17g, R %.17g\n", r->fn, r->args[0], r->args[1],
               r->args[2], r->args[3], v, r->expected);
        bad++;
    }
    assert_true(n >= 100);
    assert_int_equal(bad, 0);
}

/* Every density of the table has at least 5 reference values. */
static void test_lpdf_coverage(void **state) {
    (void)state;
    for (int i = 0; i < N_DIST_FNS; i++) {
        if (!dist_fns[i].lpdf) continue;
        int n = 0;
        for (int k = 0; k < N_REF; k++)
            n += dist_refs[k].kind == K_LPDF && strcmp(dist_refs[k].fn, dist_fns[i].name) == 0;
        if (n < 5) printf("  %s has %d reference values\n", dist_fns[i].name, n);
        assert_true(n >= 5);
    }
}

typedef struct bad_case { const char *fn; double args[5]; } bad_case;

/* Arguments Stan rejects: value and every real partial NaN, in both modes. */
static const bad_case bad_cases[] = {
    { "std_normal", { NAN } },
    { "double_exponential", { 0, 0, 0 } }, { "double_exponential", { INFINITY, 0, 1 } },
    { "logistic", { 0, NAN, 1 } }, { "logistic", { 0, 0, -1 } },
    { "gumbel", { NAN, 0, 1 } }, { "gumbel", { 0, 0, 0 } },
    { "skew_normal", { 0, 0, 0, 1 } }, { "skew_normal", { 0, 0, 1, INFINITY } },
    { "exp_mod_normal", { 0, 0, 1, 0 } }, { "exp_mod_normal", { 0, 0, -1, 1 } },
    { "chi_square", { -1, 2 } }, { "chi_square", { 1, 0 } },
    { "inv_chi_square", { NAN, 2 } }, { "inv_chi_square", { 1, -2 } },
    { "scaled_inv_chi_square", { 1, 2, 0 } }, { "scaled_inv_chi_square", { 1, 0, 1 } },
    { "inv_gamma", { 1, 0, 1 } }, { "inv_gamma", { 1, 1, INFINITY } },
    { "weibull", { 1, 0, 1 } }, { "weibull", { INFINITY, 1, 1 } },
    { "frechet", { 0, 1, 1 } }, { "frechet", { 1, 1, 0 } },
    { "rayleigh", { -1, 1 } }, { "rayleigh", { 1, 0 } },
    { "pareto", { 2, 0, 1 } }, { "pareto", { 2, 1, -1 } },
    { "pareto_type_2", { -1, 0, 1, 1 } }, { "pareto_type_2", { 1, 0, 0, 1 } },
    { "beta_proportion", { 0.5, 0, 2 } }, { "beta_proportion", { 0.5, 1, 2 } },
    { "beta_proportion", { 1.5, 0.5, 2 } }, { "beta_proportion", { 0.5, 0.5, 0 } },
    { "von_mises", { 0, 0, -1 } }, { "von_mises", { INFINITY, 0, 1 } },
    { "uniform", { 0.5, 1, 0 } }, { "uniform", { 0.5, 1, 1 } }, { "uniform", { NAN, 0, 1 } },
    { "skew_double_exponential", { NAN, 0, 1, 0.5 } }, { "skew_double_exponential", { 0, INFINITY, 1, 0.5 } },
    { "skew_double_exponential", { 0, 0, 0, 0.5 } }, { "skew_double_exponential", { 0, 0, 1, -0.1 } },
    { "skew_double_exponential", { 0, 0, 1, 1.5 } }, { "skew_double_exponential", { 0, 0, 1, NAN } },
    { "loglogistic", { 0, 1, 1 } }, { "loglogistic", { -1, 1, 1 } }, { "loglogistic", { INFINITY, 1, 1 } },
    { "loglogistic", { 1, 0, 1 } }, { "loglogistic", { 1, 1, -2 } }, { "loglogistic", { 1, INFINITY, 1 } },
    { "bernoulli", { 2, 0.5 } }, { "bernoulli", { 1, 1.5 } },
    { "binomial_logit", { 6, 5, 0 } }, { "binomial_logit", { 2, 5, NAN } },
    { "beta_binomial", { 1, 5, 0, 1 } }, { "beta_binomial", { 1, -1, 1, 1 } },
    { "neg_binomial", { -1, 1, 1 } }, { "neg_binomial", { 1, 0, 1 } },
    { "neg_binomial_2", { 1, 0, 1 } }, { "neg_binomial_2", { 1, 1, -1 } },
    { "neg_binomial_2_log", { 1, INFINITY, 1 } }, { "neg_binomial_2_log", { 1, 0, 0 } },
    { "poisson", { -1, 1 } }, { "poisson", { 1, -1 } }, { "poisson", { 1, NAN } },
    { "discrete_range", { 1, 3, 2 } },
    { "hypergeometric", { 3, 5, 2, 6 } }, { "hypergeometric", { 1, 10, 2, 3 } },
};

static void test_invalid_arguments_give_nan(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const dist_fn *f = dist_fn_find(bad_cases[i].fn);
        assert_non_null(f);
        double g[5] = { 0, 0, 0, 0, 0 };
        unsigned all = (1u << f->nargs) - 1u;
        double v = f->lpdf(bad_cases[i].args, 0, all, g);
        double vp = f->lpdf(bad_cases[i].args, 1, all, NULL);
        if (!isnan(v) || !isnan(vp)) printf("  %s case %zu: %g %g\n", f->name, i, v, vp);
        assert_true(isnan(v) && isnan(vp));
        for (int k = 0; k < f->nargs; k++)
            if (!(f->int_args >> k & 1u)) assert_true(isnan(g[k]));
    }
}

/* Outside the support where Stan returns log(0): -inf with partials 0. */
static void test_zero_density_gives_minus_inf(void **state) {
    (void)state;
    static const bad_case cases[] = {
        { "inv_chi_square", { 0, 2 } }, { "scaled_inv_chi_square", { -1, 2, 1 } },
        { "inv_gamma", { -1, 1, 1 } }, { "weibull", { -1, 1, 1 } }, { "rayleigh", { 0, 1 } },
        { "pareto", { 0.5, 1, 1 } }, { "uniform", { 2, 0, 1 } },
        { "beta_binomial", { 6, 5, 1, 1 } }, { "poisson", { 1, 0 } },
        { "poisson", { 1, INFINITY } }, { "discrete_range", { 0, 1, 3 } },
        /* tau = 0 or 1: the density is 0 everywhere; y infinite */
        { "skew_double_exponential", { 0.5, 0, 1, 0 } }, { "skew_double_exponential", { -0.5, 0, 1, 1 } },
        { "skew_double_exponential", { INFINITY, 0, 1, 0.5 } },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const dist_fn *f = dist_fn_find(cases[i].fn);
        double g[5] = { 1, 1, 1, 1, 1 };
        double v = f->lpdf(cases[i].args, 0, 15u, g);
        if (v != -INFINITY) printf("  %s case %zu: %g\n", f->name, i, v);
        assert_true(v == -INFINITY);
        for (int k = 0; k < f->nargs; k++)
            if (!(f->int_args >> k & 1u)) assert_true(g[k] == 0.0);
    }
}

/* Far tails stay finite and right. */
static void test_stable_tails(void **state) {
    (void)state;
    double g;
    /* skew_normal far in the thin tail: log 2 - log(2 pi)/2 - z^2/2 + log Phi(-alpha |z|) */
    double v = bm_skew_normal_lpdf(-30, 0, 1, 5, 0, 15u, NULL, NULL, NULL, &g);
    assert_true(isfinite(v) && v < -11000 && isfinite(g));
    /* neg_binomial_2 with huge phi approaches poisson */
    double nb = bm_neg_binomial_2_lpmf(7, 3.0, 1e12, 0, 6u, NULL, NULL);
    double po = bm_poisson_lpmf(7, 3.0, 0, 2u, NULL);
    assert_true(fabs(nb - po) < 1e-9);
    /* von_mises with huge kappa: finite */
    assert_true(isfinite(bm_von_mises_lpdf(0.01, 0, 1e6, 0, 7u, NULL, NULL, &g)));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lpdf_reference_values),
        cmocka_unit_test(test_lpdf_coverage),
        cmocka_unit_test(test_invalid_arguments_give_nan),
        cmocka_unit_test(test_zero_density_gives_minus_inf),
        cmocka_unit_test(test_stable_tails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
