/* tests/stdlib/test_partials.c — every partial derivative of every stdlib
 * function against central finite differences.
 *
 * In:  the points of points.h.  Out: cmocka results.  For densities, also
 * with propto = 1 under every active mask: the partial of each active
 * argument must be the derivative of the value actually returned.
 * Never: compares a partial with another analytic formula.
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

/* Central difference of f in argument i at x (step 1e-6 relative). */
static double central_diff(const test_fn *f, const double *x, int i, int propto,
                           unsigned active) {
    double xp[5], xm[5];
    double h = 1e-6 * (fabs(x[i]) > 1 ? fabs(x[i]) : 1);
    memcpy(xp, x, sizeof xp);
    memcpy(xm, x, sizeof xm);
    xp[i] += h;
    xm[i] -= h;
    volatile double step = xp[i] - xm[i];  /* the step actually taken */
    return (f->eval(xp, propto, active, NULL) - f->eval(xm, propto, active, NULL)) / step;
}

/* Compares the partials in `want_mask` of f at x with finite differences;
 * returns the number of mismatches (printed). */
static int check_partials(const test_fn *f, const double *x, int propto,
                          unsigned active, unsigned want_mask) {
    double g[5] = { NAN, NAN, NAN, NAN, NAN }, xx[5] = { 0, 0, 0, 0, 0 };
    int bad = 0;
    memcpy(xx, x, sizeof xx);
    f->eval(xx, propto, active, g);
    for (int i = 0; i < f->nargs; i++) {
        if (!(want_mask >> i & 1u)) continue;
        double fd = central_diff(f, xx, i, propto, active);
        if (fabs(fd - g[i]) <= 1e-6 * fmax(1.0, fabs(g[i]))) continue;
        printf("  d %s / d arg%d at (%g, %g, %g, %g) propto=%d active=%u: %.12g, fd %.12g\n",
               f->name, i, xx[0], xx[1], xx[2], xx[3], propto, active, g[i], fd);
        bad++;
    }
    return bad;
}

/* All partials, all constants kept. */
static void test_partials_full(void **state) {
    (void)state;
    int bad = 0, checked = 0;
    for (int p = 0; p < N_TEST_POINTS; p++) {
        const test_fn *f = test_fn_find(test_points[p].fn);
        assert_non_null(f);
        unsigned all = (1u << f->nargs) - 1u;
        bad += check_partials(f, test_points[p].x, 0, all, test_fn_real_mask(f));
        checked++;
    }
    assert_true(checked >= 3 * 19);
    assert_int_equal(bad, 0);
}

/* Each tested function with partials has at least 3 points. */
static void test_every_function_has_points(void **state) {
    (void)state;
    for (int i = 0; i < N_TEST_FNS; i++) {
        int n = 0;
        if (!test_fns[i].eval) continue;
        for (int p = 0; p < N_TEST_POINTS; p++)
            n += strcmp(test_points[p].fn, test_fns[i].name) == 0;
        if (n < 3) printf("  %s has %d points\n", test_fns[i].name, n);
        assert_true(n >= 3);
    }
}

/* Densities with propto = 1: for every non-empty active mask, the partials
 * of the active arguments are the derivatives of the returned value. */
static void test_partials_propto(void **state) {
    (void)state;
    int bad = 0;
    for (int p = 0; p < N_TEST_POINTS; p++) {
        const test_fn *f = test_fn_find(test_points[p].fn);
        if (!f->is_density) continue;
        unsigned real = test_fn_real_mask(f);
        for (unsigned m = 1; m <= real; m++)
            if ((m & ~real) == 0) bad += check_partials(f, test_points[p].x, 1, m, m);
    }
    assert_int_equal(bad, 0);
}

/* trigamma (digamma's partial) against differences of digamma. */
static void test_trigamma_is_digamma_derivative(void **state) {
    (void)state;
    static const double xs[] = { 0.2, 1, 2.5, 9.9, 10.1, 40, -0.3, -1.7 };
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        double x = xs[i], h = 1e-6 * fmax(1.0, fabs(x));
        double fd = (bm_digamma(x + h) - bm_digamma(x - h)) / (2 * h);
        double t = bm_trigamma(x);
        if (fabs(fd - t) > 1e-6 * fmax(1.0, fabs(t))) printf("  x=%g %g %g\n", x, t, fd);
        assert_true(fabs(fd - t) <= 1e-6 * fmax(1.0, fabs(t)));
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_function_has_points),
        cmocka_unit_test(test_partials_full),
        cmocka_unit_test(test_partials_propto),
        cmocka_unit_test(test_trigamma_is_digamma_derivative),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
