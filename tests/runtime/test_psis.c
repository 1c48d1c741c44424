/* tests/runtime/test_psis.c — Pareto smoothed importance sampling
 * (runtime/psis.c): the generalized Pareto fit recovers known shapes, and
 * smoothing keeps the body, truncates at the largest raw weight and keeps
 * the tail's order.  (Agreement with R's loo package, k-hat included, is
 * checked in test_loo.c.)
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "psis.h"
#include "rng.h"

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* n sorted draws from GPD(k, sigma) by inversion. */
static double *gpd_sample(int n, double k, double sigma, uint64_t seed) {
    double *x = malloc((size_t)n * sizeof *x);
    bm_rng rng;
    bm_rng_seed(&rng, seed, 0);
    for (int i = 0; i < n; i++) x[i] = sigma * expm1(-k * log(bm_rng_uniform(&rng))) / k;
    qsort(x, (size_t)n, sizeof *x, cmp);
    return x;
}

static void test_gpd_fit_recovers_shape(void **st) {
    static const double KS[] = {0.2, 0.5, 0.9};
    for (int j = 0; j < 3; j++) {
        double *x = gpd_sample(5000, KS[j], 2.0, 100 + j), k, sigma;
        bm_gpd_fit(x, 5000, &k, &sigma);
        if (!(fabs(k - KS[j]) < 0.06)) fail_msg("k-hat %g for k = %g", k, KS[j]);
        if (!(fabs(sigma / 2.0 - 1) < 0.1)) fail_msg("sigma %g for 2 (k = %g)", sigma, KS[j]);
        free(x);
    }
}

static void test_smoothing_properties(void **st) {
    enum { S = 1000 };
    double raw[S], lw[S], sorted_raw[S];
    bm_rng rng;
    bm_rng_seed(&rng, 9, 0);
    /* log ratios of a t-like target to a normal proposal: heavy right tail */
    for (int s = 0; s < S; s++) {
        double z = bm_rng_normal(&rng);
        raw[s] = lw[s] = 0.4 * z * z + 3.0;
    }
    double k = bm_psis_smooth(lw, S, 1.0);
    assert_true(isfinite(k));
    int M = (int)ceil(fmin(0.2 * S, 3 * sqrt((double)S)));
    memcpy(sorted_raw, raw, sizeof raw);
    qsort(sorted_raw, S, sizeof *sorted_raw, cmp);
    double cutoff = sorted_raw[S - M - 1], maxraw = sorted_raw[S - 1];
    int changed = 0;
    for (int s = 0; s < S; s++) {
        assert_true(lw[s] <= maxraw + 1e-12);            /* truncated at the largest */
        if (raw[s] <= cutoff) assert_true(fabs(lw[s] - raw[s]) < 1e-12); /* body kept */
        else changed += fabs(lw[s] - raw[s]) > 1e-12, assert_true(lw[s] >= cutoff - 1e-12);
        for (int t = 0; t < S; t++)                       /* tail order kept */
            if (raw[s] > cutoff && raw[t] > cutoff && raw[s] < raw[t]) assert_true(lw[s] <= lw[t]);
    }
    assert_true(changed > M / 2);
}

static void test_short_tail_is_not_fitted(void **st) {
    double lw[20], raw[20];
    for (int s = 0; s < 20; s++) raw[s] = lw[s] = 0.1 * s;
    assert_true(isinf(bm_psis_smooth(lw, 20, 1.0)));  /* M = 4 < 5 */
    for (int s = 0; s < 20; s++) assert_true(fabs(lw[s] - raw[s]) < 1e-12);
}

static void test_log_sum_exp(void **st) {
    double x[3] = {1000, 1000, -INFINITY};
    assert_true(fabs(bm_log_sum_exp(x, 3) - (1000 + log(2.0))) < 1e-12);
    double y[2] = {-INFINITY, -INFINITY};
    assert_true(isinf(bm_log_sum_exp(y, 2)) && bm_log_sum_exp(y, 2) < 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gpd_fit_recovers_shape),
        cmocka_unit_test(test_smoothing_properties),
        cmocka_unit_test(test_short_tail_is_not_fitted),
        cmocka_unit_test(test_log_sum_exp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
