/* tests/runtime/test_diagnostics.c — R-hat, ESS, MCSE, quantiles vs R's posterior.
 *
 * In:  tests/runtime/reference/diag_*.txt (draws) and diag_reference.csv
 * (values computed by posterior 1.4.0, see make_diag_reference.R).
 * Out: cmocka checks, relative tolerance 1e-11 (the implementations differ
 * only in FFT rounding) and 1e-12 for moments and quantiles.
 * Never: regenerates the reference values.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "diagnostics.h"

#define NREF 10
static const char *const REF_COLS[NREF] = {"rhat", "ess_bulk", "ess_tail", "mcse_mean", "ess_mean",
                                           "mean", "sd", "q5", "q50", "q95"};

static void ref_dir(char *buf, size_t size) {
    const char *f = __FILE__, *slash = strrchr(f, '/');
    snprintf(buf, size, "%.*sreference", slash ? (int)(slash - f + 1) : 0, f);
}

/* Loads diag_<name>.txt: "# chains n" then chains*n values. */
static double *load_draws(const char *name, int *chains, int *n) {
    char dir[512], path[700];
    ref_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/diag_%s.txt", dir, name);
    FILE *f = fopen(path, "r");
    if (!f) fail_msg("cannot open %s", path);
    if (fscanf(f, "# %d %d", chains, n) != 2) fail_msg("bad header in %s", path);
    long m = (long)*chains * *n;
    double *x = malloc((size_t)m * sizeof *x);
    for (long i = 0; i < m; i++)
        if (fscanf(f, "%lf", &x[i]) != 1) fail_msg("short file %s", path);
    fclose(f);
    return x;
}

static void check_close(const char *what, const char *cs, double got, double want, double rtol) {
    if (fabs(got - want) <= rtol * fabs(want)) return;
    fail_msg("%s %s: got %.17g, posterior %.17g (rel err %.3g)", cs, what, got, want,
             fabs(got - want) / fabs(want));
}

static void check_case(const char *cs, const double *ref) {
    int chains, n;
    double *x = load_draws(cs, &chains, &n);
    long m = (long)chains * n;
    double got[NREF] = {bm_rhat(x, chains, n), bm_ess_bulk(x, chains, n),
                        bm_ess_tail(x, chains, n), bm_mcse_mean(x, chains, n),
                        bm_ess_mean(x, chains, n), bm_mean(x, m), bm_sd(x, m),
                        bm_quantile(x, m, 0.05), bm_quantile(x, m, 0.5),
                        bm_quantile(x, m, 0.95)};
    for (int k = 0; k < NREF; k++) check_close(REF_COLS[k], cs, got[k], ref[k], k < 5 ? 1e-11 : 1e-12);
    free(x);
}

static void test_against_posterior(void **state) {
    (void)state;
    char dir[512], path[700], line[2048];
    ref_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/diag_reference.csv", dir);
    FILE *f = fopen(path, "r");
    if (!f) fail_msg("cannot open %s", path);
    int cases = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || !strncmp(line, "case,", 5)) continue;
        char *name = strtok(line, ",");
        double ref[NREF];
        for (int k = 0; k < NREF; k++) ref[k] = strtod(strtok(NULL, ","), NULL);
        check_case(name, ref);
        cases++;
    }
    fclose(f);
    assert_int_equal(cases, 6);
}

static void test_qnorm(void **state) {
    (void)state;
    /* qnorm(p) in R 4.2.2 */
    const double p[] = {1e-300, 1e-10, 0.001, 0.02425, 0.05, 0.3, 0.5, 0.8, 0.975, 1 - 1e-12};
    const double q[] = {-37.047096299361201, -6.3613409024040557, -3.0902323061678132,
                        -1.9729610513118845, -1.6448536269514726, -0.52440051270804067, 0,
                        0.84162123357291441, 1.9599639845400536, 7.0344869100478356};
    for (int i = 0; i < 10; i++) check_close("qnorm", "", bm_qnorm(p[i]), q[i], 1e-14);
    assert_true(isinf(bm_qnorm(0)) && bm_qnorm(0) < 0);
    assert_true(isnan(bm_qnorm(1.5)));
}

static void test_degenerate(void **state) {
    (void)state;
    double x[40];
    for (int i = 0; i < 40; i++) x[i] = 3.0;
    assert_true(isnan(bm_rhat(x, 4, 10)));
    assert_true(isnan(bm_ess_bulk(x, 4, 10)));
    assert_true(isnan(bm_ess_tail(x, 4, 10)));
    x[7] = NAN;
    assert_true(isnan(bm_ess_mean(x, 4, 10)));
    assert_true(isnan(bm_ess_bulk(x, 2, 2)));   /* fewer than 3 per split chain */
    double y[] = {1, 2, 3, 4};
    assert_true(bm_quantile(y, 4, 0.5) == 2.5);
    assert_true(bm_quantile(y, 4, 0.05) == 1.15);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_qnorm),
        cmocka_unit_test(test_against_posterior),
        cmocka_unit_test(test_degenerate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
