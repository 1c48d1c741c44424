/* tests/stdlib/test_cdf.c — _cdf, _lcdf and _lccdf of bm_cdf.h against R's
 * p-functions, their partials against finite differences, and the tails.
 *
 * In:  reference/dist_values.h (make_dist_values.R: pnorm, pgamma, pbeta, pt,
 * ppois, ... with lower.tail / log.p; integrate() where R lacks the cdf).
 * Out: cmocka results.  Never: compares against numbers produced by stdlib.
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

/* Same infinity / NaN, or within relative tol (absolute 1e-300 near 0). */
static int close_enough(double got, double want, double tol) {
    if (isnan(want)) return isnan(got);
    if (isinf(want)) return got == want;
    double err = fabs(got - want);
    return err <= tol * fabs(want) || err <= 1e-300;
}

/* Relative tolerance: 1e-12 for closed forms; 1e-11 for the incomplete gamma
 * and beta families (series / continued fractions, lgamma prefactors of
 * large arguments), and where the reference is R's integrate() (skew_normal,
 * von_mises, exp_mod_normal, which also cancels in Phi - e^.. Phi, and
 * skew_double_exponential). */
static double cdf_tol(const char *fn) {
    static const char *const loose[] = {
        "gamma", "chi_square", "inv_gamma", "inv_chi_square", "scaled_inv_chi_square",
        "beta", "beta_proportion", "student_t", "poisson", "binomial", "neg_binomial",
        "neg_binomial_2", "beta_binomial", "exp_mod_normal", "skew_normal", "von_mises",
        "skew_double_exponential",
    };
    for (size_t i = 0; i < sizeof loose / sizeof loose[0]; i++)
        if (strcmp(fn, loose[i]) == 0) return 1e-11;
    return 1e-12;
}

static const char *kind_name(int k) {
    return k == K_CDF ? "cdf" : k == K_LCDF ? "lcdf" : "lccdf";
}

/* Every cdf row matches R. */
static void test_cdf_reference_values(void **state) {
    (void)state;
    int bad = 0, n = 0;
    for (int i = 0; i < N_REF; i++) {
        const dist_ref *r = &dist_refs[i];
        if (r->kind == K_LPDF) continue;
        const dist_fn *f = dist_fn_find(r->fn);
        assert_non_null(f);
        assert_non_null(f->cdf);
        double g[5];
        double v = f->cdf(r->args, r->kind, g), v0 = f->cdf(r->args, r->kind, NULL);
        n++;
        if (close_enough(v, r->expected, cdf_tol(r->fn)) && close_enough(v0, v, 0)) continue;
        printf("  %s_%s(%g, %g, %g, %g) = %.17g, R %.17g\n", r->fn, kind_name(r->kind),
               r->args[0], r->args[1], r->args[2], r->args[3], v, r->expected);
        bad++;
    }
    assert_true(n >= 300);
    assert_int_equal(bad, 0);
}

/* Every cdf of the table has at least 5 points of each kind. */
static void test_cdf_coverage(void **state) {
    (void)state;
    for (int i = 0; i < N_DIST_FNS; i++) {
        if (!dist_fns[i].cdf) continue;
        int n = 0;
        for (int k = 0; k < N_REF; k++)
            n += dist_refs[k].kind == K_LCCDF && strcmp(dist_refs[k].fn, dist_fns[i].name) == 0;
        if (n < 5) printf("  %s has %d cdf points\n", dist_fns[i].name, n);
        assert_true(n >= 5);
    }
}

/* Central difference of f's kind k in argument i (step 1e-6 relative); NaN when a step leaves
 * the domain or lands on a non-finite value. */
static double central_diff(const dist_fn *f, const double *x, int k, int i, double *h_out) {
    double xp[5], xm[5], h = 1e-6 * (x[i] != 0 ? fabs(x[i]) : 1);
    memcpy(xp, x, sizeof xp);
    memcpy(xm, x, sizeof xm);
    xp[i] += h;
    xm[i] -= h;
    volatile double step = xp[i] - xm[i];
    double a = f->cdf(xp, k, NULL), b = f->cdf(xm, k, NULL);
    *h_out = h;
    if (!isfinite(a) || !isfinite(b)) return NAN;
    return (a - b) / step;
}

/* Every partial of every cdf kind at every reference point with a finite
 * value, against central differences (tolerance 1e-6 relative plus the
 * rounding error of the difference). */
static void test_cdf_partials(void **state) {
    (void)state;
    int bad = 0, checked = 0;
    for (int r = 0; r < N_REF; r++) {
        const dist_ref *ref = &dist_refs[r];
        if (ref->kind == K_LPDF) continue;
        const dist_fn *f = dist_fn_find(ref->fn);
        double g[5] = { NAN, NAN, NAN, NAN, NAN }, x[5];
        memcpy(x, ref->args, sizeof x);
        double v = f->cdf(x, ref->kind, g);
        if (!isfinite(v)) continue;
        for (int i = 0; i < f->nargs; i++) {
            if (f->int_args >> i & 1u) continue;
            double h, fd = central_diff(f, x, ref->kind, i, &h);
            if (isnan(fd)) continue;
            double tol = 1e-6 * fmax(1.0, fabs(g[i])) + 1e-15 * fabs(v) / h;
            checked++;
            if (fabs(fd - g[i]) <= tol) continue;
            printf("  d %s_%s / d arg%d at (%g, %g, %g, %g): %.12g, fd %.12g\n", f->name,
                   kind_name(ref->kind), i, x[0], x[1], x[2], x[3], g[i], fd);
            bad++;
        }
    }
    assert_true(checked >= 500);
    assert_int_equal(bad, 0);
}

/* Far tails: finite and right where 1 - cdf underflows or rounds to 1. */
static void test_cdf_tails(void **state) {
    (void)state;
    double g[3];
    /* normal_lccdf(40 | 0, 1) = log Q(40) = -804.608442013754 (R: pnorm(40, lower=F, log=T)) */
    double v = bm_normal_lccdf(40, 0, 1, g, g + 1, g + 2);
    assert_true(fabs(v + 804.6084420137538) < 1e-10);
    /* d/dy = -phi/Q ~ -40.025 (the hazard) */
    assert_true(fabs(g[0] + 40.0249688) < 1e-6);
    assert_true(isfinite(bm_normal_lcdf(-1e3, 0, 1, g, g + 1, g + 2)));
    assert_true(bm_normal_cdf(-1e3, 0, 1, NULL, NULL, NULL) == 0.0);
    /* gamma, beta, student_t upper tails beyond 1 - 1e-16 */
    assert_true(bm_gamma_lccdf(200, 2, 1, NULL, NULL, NULL) < -190);
    assert_true(isfinite(bm_beta_lccdf(1 - 1e-12, 2, 3, NULL, NULL, NULL)));
    assert_true(bm_student_t_lccdf(1e10, 3, 0, 1, NULL, NULL, NULL, NULL) < -60);
    assert_true(isfinite(bm_cauchy_lccdf(1e300, 0, 1, NULL, NULL, NULL)));
    /* outside the support: exact 0 / 1 */
    assert_true(bm_exponential_cdf(0, 2, NULL, NULL) == 0.0);
    assert_true(bm_poisson_lcdf(-1, 2, g) == -INFINITY && g[0] == 0.0);
    assert_true(bm_binomial_lccdf(5, 5, 0.3, g) == -INFINITY);
    assert_true(isnan(bm_gamma_cdf(1, -1, 1, g, g + 1, g + 2)) && isnan(g[1]));
    assert_true(isnan(bm_normal_lcdf(0, 0, 0, NULL, NULL, NULL)));
    /* skew_double_exponential: Stan's checks (y not NaN, mu finite, sigma > 0,
     * 0 <= tau <= 1); infinite y is outside the support */
    assert_true(isnan(bm_skew_double_exponential_cdf(0, 0, 1, 1.5, g, g + 1, g + 2, NULL)) && isnan(g[2]));
    assert_true(isnan(bm_skew_double_exponential_lcdf(NAN, 0, 1, 0.5, NULL, NULL, NULL, NULL)));
    assert_true(isnan(bm_skew_double_exponential_lccdf(0, INFINITY, 1, 0.5, NULL, NULL, NULL, NULL)));
    assert_true(isnan(bm_skew_double_exponential_lcdf(0, 0, -1, 0.5, NULL, NULL, NULL, NULL)));
    assert_true(bm_skew_double_exponential_lcdf(-INFINITY, 0, 1, 0.5, g, g + 1, g + 2, NULL) == -INFINITY);
    assert_true(g[0] == 0.0 && g[1] == 0.0 && g[2] == 0.0);
    assert_true(bm_skew_double_exponential_cdf(INFINITY, 0, 1, 0.5, NULL, NULL, NULL, NULL) == 1.0);
    /* F(mu) = tau: the mass below mu */
    assert_true(fabs(bm_skew_double_exponential_cdf(0.7, 0.7, 2, 0.3, NULL, NULL, NULL, NULL) - 0.3) < 1e-15);
    /* loglogistic: y >= 0 (F(0) = 0), alpha and beta positive and finite */
    assert_true(bm_loglogistic_cdf(0, 1, 2, g, g + 1, g + 2) == 0.0 && g[1] == 0.0);
    assert_true(isnan(bm_loglogistic_lcdf(-1, 1, 2, NULL, NULL, NULL)));
    assert_true(isnan(bm_loglogistic_lccdf(1, 0, 2, NULL, NULL, NULL)));
    assert_true(isnan(bm_loglogistic_cdf(1, 1, INFINITY, NULL, NULL, NULL)));
    assert_true(fabs(bm_loglogistic_cdf(3, 3, 2.5, NULL, NULL, NULL) - 0.5) < 1e-15);  /* the median */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cdf_reference_values),
        cmocka_unit_test(test_cdf_coverage),
        cmocka_unit_test(test_cdf_partials),
        cmocka_unit_test(test_cdf_tails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
