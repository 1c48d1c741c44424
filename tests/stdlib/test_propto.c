/* tests/stdlib/test_propto.c — propto drops exactly the terms Stan drops.
 *
 * In:  the density points of points.h and hand-derived kept terms.  Out:
 * cmocka results.  Checks (1) value(propto, mask) - value(full) does not change
 * as the active arguments vary (only constants were dropped), (2) the value is
 * exactly 0 when nothing is active, (3) for chosen masks the value equals the
 * kept terms written out by hand from the Stan functions reference.
 * Never: derives an expected value from stdlib's own output.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <math.h>
#include <cmocka.h>

#include "stdlib/stdlib_fns.h"
#include "stdlib/points.h"

/* Point k's values for the arguments in `mask`, point base's for the rest. */
static void mix(const double *base, const double *k, unsigned mask, double *out) {
    for (int i = 0; i < 5; i++) out[i] = (mask >> i & 1u) ? k[i] : base[i];
}

/* For density f (points first..first+n-1) and active mask m: the dropped
 * amount is the same at every mixed point; 0 when m is empty. */
static int check_mask(const test_fn *f, int first, int n, unsigned m) {
    unsigned all = (1u << f->nargs) - 1u;
    const double *base = test_points[first].x;
    double drop0 = f->eval(base, 1, m, NULL) - f->eval(base, 0, all, NULL);
    if (m == 0 && f->eval(base, 1, 0, NULL) != 0.0) return 1;
    for (int k = 1; k < n; k++) {
        double x[5];
        mix(base, test_points[first + k].x, m, x);
        double full = f->eval(x, 0, all, NULL);
        double drop = f->eval(x, 1, m, NULL) - full;
        if (fabs(drop - drop0) <= 1e-11 * (1 + fabs(full) + fabs(drop0))) continue;
        printf("  %s mask %u point %d: dropped %.15g, at base %.15g\n", f->name, m, k, drop, drop0);
        return 1;
    }
    return 0;
}

static void test_propto_drops_only_constants(void **state) {
    (void)state;
    int bad = 0, densities = 0;
    for (int p = 0; p < N_TEST_POINTS;) {
        const test_fn *f = test_fn_find(test_points[p].fn);
        int n = 1;
        while (p + n < N_TEST_POINTS && strcmp(test_points[p + n].fn, f->name) == 0) n++;
        if (f->is_density) {
            unsigned real = test_fn_real_mask(f);
            for (unsigned m = 0; m <= real; m++)
                if ((m & ~real) == 0) bad += check_mask(f, p, n, m);
            densities++;
        }
        p += n;
    }
    assert_int_equal(densities, 41);
    assert_int_equal(bad, 0);
}

/* Nothing active and propto: exactly 0, even for int-only activity bits. */
static void test_nothing_active_is_zero(void **state) {
    (void)state;
    for (int p = 0; p < N_TEST_POINTS; p++) {
        const test_fn *f = test_fn_find(test_points[p].fn);
        if (!f->is_density) continue;
        assert_true(f->eval(test_points[p].x, 1, 0u, NULL) == 0.0);
        assert_true(f->eval(test_points[p].x, 1, f->int_args, NULL) == 0.0);
    }
}

#define CLOSE(a, b) assert_true(fabs((a) - (b)) <= 1e-13 * (1 + fabs(b)))

/* Kept terms written out by hand (Stan functions reference, `~` semantics). */
static void test_kept_terms_by_hand(void **state) {
    (void)state;
    double y = 1.3, mu = 0.4, s = 2.0, z = (y - mu) / s, nu = 3.5;
    CLOSE(bm_normal_lpdf(y, mu, s, 1, 1u, 0, 0, 0), -0.5 * z * z);
    CLOSE(bm_normal_lpdf(y, mu, s, 1, 4u, 0, 0, 0), -log(s) - 0.5 * z * z);
    CLOSE(bm_normal_lpdf(y, mu, s, 1, 2u, 0, 0, 0), -0.5 * z * z);
    CLOSE(bm_normal_lpdf(y, mu, s, 1, 7u, 0, 0, 0), -log(s) - 0.5 * z * z);
    CLOSE(bm_cauchy_lpdf(y, mu, s, 1, 2u, 0, 0, 0), -log1p(z * z));
    CLOSE(bm_cauchy_lpdf(y, mu, s, 1, 7u, 0, 0, 0), -log(s) - log1p(z * z));
    double tk = -(nu + 1) / 2 * log1p(z * z / nu);
    CLOSE(bm_student_t_lpdf(y, nu, mu, s, 1, 4u, 0, 0, 0, 0), tk);
    CLOSE(bm_student_t_lpdf(y, nu, mu, s, 1, 2u, 0, 0, 0, 0),
          lgamma((nu + 1) / 2) - lgamma(nu / 2) - 0.5 * log(nu) + tk);
    CLOSE(bm_student_t_lpdf(y, nu, mu, s, 1, 8u, 0, 0, 0, 0), -log(s) + tk);
    CLOSE(bm_exponential_lpdf(y, s, 1, 1u, 0, 0), -s * y);
    CLOSE(bm_exponential_lpdf(y, s, 1, 2u, 0, 0), log(s) - s * y);
    double a = 2.5, b = 1.5;
    CLOSE(bm_gamma_lpdf(y, a, b, 1, 1u, 0, 0, 0), (a - 1) * log(y) - b * y);
    CLOSE(bm_gamma_lpdf(y, a, b, 1, 2u, 0, 0, 0), -lgamma(a) + a * log(b) + (a - 1) * log(y));
    CLOSE(bm_gamma_lpdf(y, a, b, 1, 4u, 0, 0, 0), a * log(b) - b * y);
    double u = 0.35, lb = lgamma(a) + lgamma(b) - lgamma(a + b);
    CLOSE(bm_beta_lpdf(u, a, b, 1, 1u, 0, 0, 0), (a - 1) * log(u) + (b - 1) * log(1 - u));
    CLOSE(bm_beta_lpdf(u, a, b, 1, 2u, 0, 0, 0), -lb + (a - 1) * log(u));
    CLOSE(bm_beta_lpdf(u, a, b, 1, 4u, 0, 0, 0), -lb + (b - 1) * log(1 - u));
    double zl = (log(y) - mu) / s;
    CLOSE(bm_lognormal_lpdf(y, mu, s, 1, 1u, 0, 0, 0), -log(y) - 0.5 * zl * zl);
    CLOSE(bm_lognormal_lpdf(y, mu, s, 1, 2u, 0, 0, 0), -0.5 * zl * zl);
    CLOSE(bm_lognormal_lpdf(y, mu, s, 1, 4u, 0, 0, 0), -log(s) - 0.5 * zl * zl);
    CLOSE(bm_bernoulli_logit_lpmf(1, mu, 1, 2u, 0), log(1 / (1 + exp(-mu))));
    CLOSE(bm_binomial_lpmf(3, 8, 0.3, 1, 4u, 0), 3 * log(0.3) + 5 * log(0.7));
    CLOSE(bm_poisson_log_lpmf(4, mu, 1, 2u, 0), 4 * mu - exp(mu));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_propto_drops_only_constants),
        cmocka_unit_test(test_nothing_active_is_zero),
        cmocka_unit_test(test_kept_terms_by_hand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
