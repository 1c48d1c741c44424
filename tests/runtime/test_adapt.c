/* tests/runtime/test_adapt.c — runtime/adapt.h: Stan's window schedule,
 * dual averaging, and the regularised Welford metric.  Expected values come
 * from Stan's documented schedule (75 / 25, 50, 100, 200, 500 / 50 for 1000
 * warmup iterations; 15% / 75% / 10% when the defaults do not fit) and from
 * the formulas, recomputed independently here. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "adapt.h"

/* Iterations (0-based) at which a metric window ends. */
static int window_ends(long num_warmup, long *ends, int max) {
    adapt_metric a;
    double q[1] = {0}, inv[1] = {1};
    bm_error err;
    int k = 0;
    assert_int_equal(adapt_metric_init(&a, 1, num_warmup, 75, 50, 25), 0);
    for (long it = 0; it < num_warmup; it++) {
        q[0] = (double)(it % 7);
        int rc = adapt_metric_learn(&a, q, inv, &err);
        assert_true(rc >= 0);
        if (rc == 1 && k < max) ends[k++] = it;
    }
    adapt_metric_free(&a);
    return k;
}

static void test_schedule_default_1000(void **st) {
    (void)st;
    long ends[16];
    int k = window_ends(1000, ends, 16);
    long want[] = {99, 149, 249, 449, 949}; /* 75+25-1, +50, +100, +200, +500 */
    assert_int_equal(k, 5);
    for (int i = 0; i < 5; i++) assert_int_equal(ends[i], want[i]);
}

static void test_schedule_stretches_last_window(void **st) {
    (void)st;
    /* 75 + 25 + 50 + 100 = 250 <= 500 - 50 = 450; the next 200-window would end
     * at 449 exactly, so it is kept: windows end at 99, 149, 249, 449. */
    long ends[16];
    int k = window_ends(500, ends, 16);
    long want[] = {99, 149, 249, 449};
    assert_int_equal(k, 4);
    for (int i = 0; i < 4; i++) assert_int_equal(ends[i], want[i]);
    /* 300 warmup (last slow iteration 249): 99; then 149 (149 + 2*50 = 249
     * < 250, so not stretched); then the 100-window ends exactly at 249. */
    k = window_ends(300, ends, 16);
    assert_int_equal(k, 3);
    assert_int_equal(ends[0], 99);
    assert_int_equal(ends[1], 149);
    assert_int_equal(ends[2], 249);
}

static void test_schedule_small_warmup(void **st) {
    (void)st;
    long ends[16];
    /* 100 < 75 + 25 + 50: init 15, window 75, term 10 -> one window ends at 89 */
    int k = window_ends(100, ends, 16);
    assert_int_equal(k, 1);
    assert_int_equal(ends[0], 89);
    /* < 20 warmup iterations: no metric adaptation at all */
    assert_int_equal(window_ends(19, ends, 16), 0);
}

static void test_metric_is_regularised_variance(void **st) {
    (void)st;
    adapt_metric a;
    bm_error err;
    double inv[2] = {1, 1}, q[2];
    double xs[25][2];
    assert_int_equal(adapt_metric_init(&a, 2, 1000, 75, 50, 25), 0);
    for (int it = 0; it < 100; it++) {
        q[0] = sin(it * 1.3) * 3;
        q[1] = it * 0.01;
        if (it >= 75) memcpy(xs[it - 75], q, sizeof q);
        int rc = adapt_metric_learn(&a, q, inv, &err);
        assert_int_equal(rc, it == 99);
    }
    for (int j = 0; j < 2; j++) { /* two-pass variance of the 25 window draws */
        double m = 0, v = 0;
        for (int i = 0; i < 25; i++) m += xs[i][j] / 25;
        for (int i = 0; i < 25; i++) v += (xs[i][j] - m) * (xs[i][j] - m) / 24;
        double want = (25.0 / 30.0) * v + 1e-3 * (5.0 / 30.0);
        assert_true(fabs(inv[j] - want) < 1e-12 * (1 + want));
    }
    adapt_metric_free(&a);
}

static void test_metric_overflow_is_reported(void **st) {
    (void)st;
    adapt_metric a;
    bm_error err = {{0}};
    double inv[1] = {1}, q[1];
    assert_int_equal(adapt_metric_init(&a, 1, 1000, 75, 50, 25), 0);
    int rc = 0;
    for (int it = 0; it < 100 && rc == 0; it++) {
        q[0] = it % 2 ? 1e300 : -1e300;
        rc = adapt_metric_learn(&a, q, inv, &err);
    }
    assert_int_equal(rc, -1);
    assert_non_null(strstr(err.msg, "overflow"));
    adapt_metric_free(&a);
}

static void test_dual_averaging_first_step(void **st) {
    (void)st;
    adapt_stepsize a;
    adapt_stepsize_init(&a, 0.8);
    adapt_stepsize_set_mu(&a, log(10 * 0.5));
    double eps = adapt_stepsize_learn(&a, 0.3);
    /* t = 1: eta = 1/11, s_bar = (0.8-0.3)/11, x = mu - s_bar/0.05, x_bar = x */
    double x = log(5.0) - (0.5 / 11) / 0.05;
    assert_true(fabs(eps - exp(x)) < 1e-12 * exp(x));
    assert_true(fabs(adapt_stepsize_final(&a) - exp(x)) < 1e-12 * exp(x));
    /* accept_stat above 1 is capped at 1 */
    adapt_stepsize_restart(&a);
    double e1 = adapt_stepsize_learn(&a, 5.0);
    adapt_stepsize_restart(&a);
    double e2 = adapt_stepsize_learn(&a, 1.0);
    assert_true(e1 == e2);
}

static void test_dual_averaging_direction(void **st) {
    (void)st;
    adapt_stepsize hi, lo, on;
    adapt_stepsize_init(&hi, 0.8);
    adapt_stepsize_init(&lo, 0.8);
    adapt_stepsize_init(&on, 0.8);
    double ehi = 0, elo = 0, eon = 0;
    for (int i = 0; i < 200; i++) {
        ehi = adapt_stepsize_learn(&hi, 0.99);
        elo = adapt_stepsize_learn(&lo, 0.2);
        eon = adapt_stepsize_learn(&on, 0.8);
    }
    /* accepting too much grows the step beyond exp(mu) = 10, too little shrinks
     * it; exactly delta leaves it at exp(mu) */
    assert_true(ehi > 10 && adapt_stepsize_final(&hi) > 10);
    assert_true(elo < 10 && adapt_stepsize_final(&lo) < 10);
    assert_true(fabs(eon - 10) < 1e-9 && fabs(adapt_stepsize_final(&on) - 10) < 1e-9);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schedule_default_1000),
        cmocka_unit_test(test_schedule_stretches_last_window),
        cmocka_unit_test(test_schedule_small_warmup),
        cmocka_unit_test(test_metric_is_regularised_variance),
        cmocka_unit_test(test_metric_overflow_is_reported),
        cmocka_unit_test(test_dual_averaging_first_step),
        cmocka_unit_test(test_dual_averaging_direction),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
