/* tests/runtime/test_loo.c — PSIS-LOO, WAIC and model comparison
 * (runtime/loo.c, runtime/psis.c) against R's loo package.
 *
 * In:  tests/runtime/reference/loo_{normal,student}_ll.csv (400 x 20
 * log-likelihood matrices) and loo_*_expected.csv, loo_compare_expected.csv
 * (values from loo 2.5.1 on R 4.2.2; see make_loo_reference.R for how they
 * were made).  Checks every estimate and SE to 1e-6 relative, pointwise
 * elpd_loo / p_loo and Pareto k (k to 1e-4), the k table, the comparison,
 * and reading log_lik.* columns from Stan CSV files.
 * Never: regenerates the reference values.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <cmocka.h>
#include "loo.h"

static void ref_path(const char *file, char *buf, size_t size) {
    const char *f = __FILE__, *slash = strrchr(f, '/');
    snprintf(buf, size, "%.*sreference/%s", slash ? (int)(slash - f + 1) : 0, f, file);
}

/* The S x N matrix of loo_NAME_ll.csv. */
static double *load_ll(const char *name, int S, int N) {
    char file[128], path[700];
    snprintf(file, sizeof file, "loo_%s_ll.csv", name);
    ref_path(file, path, sizeof path);
    FILE *f = fopen(path, "r");
    if (!f) fail_msg("cannot open %s", path);
    double *ll = malloc((size_t)S * N * sizeof *ll);
    for (long i = 0; i < (long)S * N; i++)
        if (fscanf(f, " %lf ,", &ll[i]) != 1) fail_msg("%s: bad value %ld", path, i);
    fclose(f);
    return ll;
}

/* Value of `key` in a key,value file. */
static double expected(const char *file, const char *key) {
    char path[700], line[256];
    ref_path(file, path, sizeof path);
    FILE *f = fopen(path, "r");
    if (!f) fail_msg("cannot open %s", path);
    size_t klen = strlen(key);
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, key, klen) && line[klen] == ',') {
            fclose(f);
            return strtod(line + klen + 1, NULL);
        }
    }
    fclose(f);
    fail_msg("%s: no key %s", path, key);
    return NAN;
}

static void near(double got, double want, double rel, const char *what) {
    if (!(fabs(got - want) <= rel * fmax(fabs(want), 1e-3)))
        fail_msg("%s: got %.12g, R's loo gives %.12g", what, got, want);
}

static void check_case(const char *name, bm_loo_result *r) {
    char file[128], key[64];
    snprintf(file, sizeof file, "loo_%s_expected.csv", name);
    int S = (int)expected(file, "S"), N = (int)expected(file, "N");
    double *ll = load_ll(name, S, N);
    assert_int_equal(bm_loo_compute(ll, S, N, r), 0);
    free(ll);
    const struct { const char *key; double got; } est[] = {
        {"elpd_loo", r->loo.elpd},   {"se_elpd_loo", r->loo.se_elpd}, {"p_loo", r->loo.p},
        {"se_p_loo", r->loo.se_p},   {"looic", r->loo.ic},            {"se_looic", r->loo.se_ic},
        {"elpd_waic", r->waic.elpd}, {"se_elpd_waic", r->waic.se_elpd}, {"p_waic", r->waic.p},
        {"se_p_waic", r->waic.se_p}, {"waic", r->waic.ic},            {"se_waic", r->waic.se_ic},
    };
    for (size_t i = 0; i < sizeof est / sizeof *est; i++)
        near(est[i].got, expected(file, est[i].key), 1e-6, est[i].key);
    for (int i = 0; i < N; i++) {
        snprintf(key, sizeof key, "elpd_loo.%d", i + 1);
        near(r->elpd_loo_i[i], expected(file, key), 1e-6, key);
        snprintf(key, sizeof key, "p_loo.%d", i + 1);
        near(r->p_loo_i[i], expected(file, key), 1e-5, key);
        snprintf(key, sizeof key, "pareto_k.%d", i + 1);
        if (!(fabs(r->pareto_k[i] - expected(file, key)) < 1e-4))
            fail_msg("%s: got %.8g, R's loo gives %.8g", key, r->pareto_k[i], expected(file, key));
    }
}

static void test_normal_matches_r(void **st) {
    bm_loo_result r;
    check_case("normal", &r);
    /* S = 400: good means k <= 1 - 1/log10(400) = 0.616; the outlier is bad */
    assert_true(fabs(r.k_good - (1 - 1 / log10(400.0))) < 1e-12);
    assert_int_equal(r.k_counts[0] + r.k_counts[1] + r.k_counts[2], 20);
    assert_true(r.pareto_k[19] > r.k_good);
    assert_true(r.k_counts[1] >= 1);
    bm_loo_free(&r);
}

static void test_student_matches_r(void **st) {
    bm_loo_result r;
    check_case("student", &r);
    bm_loo_free(&r);
}

static void test_compare_matches_r(void **st) {
    bm_loo_result a, b;
    check_case("normal", &a);
    check_case("student", &b);
    double diff, se;
    assert_int_equal(bm_loo_diff(&a, &b, &diff, &se), 0);
    near(diff, expected("loo_compare_expected.csv", "normal"), 1e-6, "elpd_diff");
    char path[700], line[256];
    ref_path("loo_compare_expected.csv", path, sizeof path);
    FILE *f = fopen(path, "r");
    double want_se = NAN;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "normal,", 7)) want_se = strtod(strchr(line + 7, ',') + 1, NULL);
    if (f) fclose(f);
    near(se, want_se, 1e-6, "se_diff");
    bm_loo_free(&a);
    bm_loo_free(&b);
    a.N = 3;
    b.N = 4;
    assert_int_not_equal(bm_loo_diff(&a, &b, &diff, &se), 0);
}

/* bm_loo_main with its tables sent to /dev/null; returns its exit code. */
static int quiet_loo_main(int argc, char **argv) {
    fflush(stdout);
    int saved = dup(1), null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    int rc = bm_loo_main(argc, argv);
    fflush(stdout);
    dup2(saved, 1);
    close(null);
    close(saved);
    return rc;
}

/* A Stan CSV with sampler columns, a parameter and log_lik.1..3, two chains. */
static void write_chain(const char *dir, int chain, const double *ll, int S) {
    char path[600];
    snprintf(path, sizeof path, "%s/chain_%d.csv", dir, chain);
    FILE *f = fopen(path, "w");
    fprintf(f, "# method = sample (Default)\nlp__,accept_stat__,mu,log_lik.1,log_lik.2,log_lik.3\n");
    for (int s = 0; s < S; s++)
        fprintf(f, "-1,0.9,0.5,%.17g,%.17g,%.17g\n", ll[s * 3], ll[s * 3 + 1], ll[s * 3 + 2]);
    fclose(f);
}

static void test_read_dir(void **st) {
    char dir[] = "/tmp/bm_test_loo_XXXXXX";
    assert_non_null(mkdtemp(dir));
    double ll[12];
    for (int i = 0; i < 12; i++) ll[i] = -1.0 - 0.1 * i;
    write_chain(dir, 1, ll, 2);
    write_chain(dir, 2, ll + 6, 2);
    double *got;
    int S, N;
    bm_error err;
    assert_int_equal(bm_loo_read_dir(dir, &got, &S, &N, &err), 0);
    assert_int_equal(S, 4);
    assert_int_equal(N, 3);
    for (int i = 0; i < 12; i++) assert_true(got[i] == ll[i]);
    free(got);
    /* `bmc loo DIR` and `--compare` with a model of other size */
    char other[] = "/tmp/bm_test_loo2_XXXXXX", path[600];
    assert_non_null(mkdtemp(other));
    snprintf(path, sizeof path, "%s/chain_1.csv", other);
    FILE *f = fopen(path, "w");
    fprintf(f, "lp__,log_lik.1\n-1,-0.5\n-1,-0.7\n-1,-0.6\n");
    fclose(f);
    char *ok_argv[] = {"loo", dir, NULL}, *cmp_argv[] = {"loo", dir, "--compare", other, NULL};
    char *bad_argv[] = {"loo", "/nonexistent/dir", NULL}, *none_argv[] = {"loo", NULL};
    assert_int_equal(quiet_loo_main(2, ok_argv), 0);
    assert_int_equal(quiet_loo_main(4, cmp_argv), 2);
    assert_int_equal(quiet_loo_main(2, bad_argv), 2);
    assert_int_equal(quiet_loo_main(1, none_argv), 2);
    remove(path);
    rmdir(other);
    snprintf(path, sizeof path, "%s/chain_1.csv", dir);
    remove(path);
    assert_int_not_equal(bm_loo_read_dir(dir, &got, &S, &N, &err), 0);
    assert_non_null(strstr(err.msg, "chain_1.csv"));
    snprintf(path, sizeof path, "%s/chain_2.csv", dir);
    remove(path);
    rmdir(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normal_matches_r),
        cmocka_unit_test(test_student_matches_r),
        cmocka_unit_test(test_compare_matches_r),
        cmocka_unit_test(test_read_dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
