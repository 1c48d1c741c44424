/* tests/runtime/test_advice.c — E-BFMI and the divergence report of
 * runtime/advice.c on synthetic draws whose answers are known in closed
 * form: for i.i.d. energies E-BFMI -> 2; for an AR(1) series with
 * coefficient r it -> 2 (1 - r). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "advice.h"
#include "rng.h"

#define N 20000

static void ar1(double *x, int n, double r, uint64_t seed) {
    bm_rng rng;
    bm_rng_seed(&rng, seed, 0);
    x[0] = bm_rng_normal(&rng);
    for (int i = 1; i < n; i++) x[i] = r * x[i - 1] + sqrt(1 - r * r) * bm_rng_normal(&rng);
}

static void test_ebfmi_known_values(void **st) {
    (void)st;
    double *x = malloc(N * sizeof *x);
    ar1(x, N, 0.0, 1);
    /* sd of the estimate is about 0.02 at N = 20000 */
    assert_true(fabs(bm_ebfmi(x, N) - 2.0) < 0.1);
    ar1(x, N, 0.9, 2);
    assert_true(fabs(bm_ebfmi(x, N) - 0.2) < 0.03);
    assert_true(isnan(bm_ebfmi(x, 2)));
    for (int i = 0; i < 10; i++) x[i] = 3.0;
    assert_true(isnan(bm_ebfmi(x, 10)));
    free(x);
}

/* Columns energy__, divergent__, mu, tau for 2 chains of n draws; chain 2
 * has sticky energies; divergences happen where tau is small. */
static char *advice_text(void) {
    enum { C = 2, n = 2000, NCOL = 4 };
    static const char *const names[NCOL] = {"energy__", "divergent__", "mu", "tau"};
    double *d = calloc((size_t)NCOL * C * n, sizeof *d);
    ar1(d, n, 0.0, 3);
    ar1(d + n, n, 0.95, 4);
    bm_rng rng;
    bm_rng_seed(&rng, 5, 0);
    for (int i = 0; i < C * n; i++) {
        double tau = exp(bm_rng_normal(&rng));
        d[2 * C * n + i] = bm_rng_normal(&rng);
        d[3 * C * n + i] = tau;
        d[1 * C * n + i] = tau < 0.3 && bm_rng_uniform(&rng) < 0.5;
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    bm_advice_print(f, d, NCOL, C, n, names);
    fclose(f);
    free(d);
    return buf;
}

static void test_advice_report(void **st) {
    (void)st;
    char *t = advice_text();
    print_message("%s", t);
    assert_non_null(strstr(t, "E-BFMI per chain:"));
    assert_non_null(strstr(t, "E-BFMI below 0.3 in chain 2:"));
    assert_null(strstr(t, "chain 1,"));
    assert_non_null(strstr(t, "tau is low"));
    assert_null(strstr(t, "mu is"));  /* mu is unrelated to the divergences */
    free(t);
}

/* A handful of divergences says nothing about where they concentrate. */
static void test_few_divergences_not_located(void **st) {
    (void)st;
    enum { n = 500, NCOL = 2 };
    static const char *const names[NCOL] = {"divergent__", "tau"};
    double d[NCOL * n] = {0};
    for (int i = 0; i < n; i++) d[n + i] = i;
    for (int i = 0; i < 9; i++) d[i] = 1;   /* 9 divergent draws, all at low tau */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    bm_advice_print(f, d, NCOL, 1, n, names);
    fclose(f);
    assert_null(strstr(buf, "concentrate"));
    free(buf);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ebfmi_known_values),
        cmocka_unit_test(test_advice_report),
        cmocka_unit_test(test_few_divergences_not_located),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
