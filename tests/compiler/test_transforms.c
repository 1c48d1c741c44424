/* tests/compiler/test_transforms.c — the constrained parameter types.
 *
 * In:  one small model per constrained type, compiled in-process and built
 * with tests/compiler/transform_driver.c (or gradcheck_driver.c).  Out:
 * cmocka results.  For every type: the free size; unconstrain(write_array(
 * theta)) == theta to 1e-10 at 5 random points; the log-Jacobian the
 * density adds equals log|det| of the numerically differentiated transform
 * (the constrained free coordinates against theta) to 1e-6 relative; invalid
 * values are refused by unconstrain with a message naming the variable.
 * Expected values come from the definitions (Stan reference manual), never
 * from our own output.
 * Never: depends on bin/bmc.  Run from the repo root (make test does).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "harness.h"

#define DRIVER "tests/compiler/transform_driver.c"

/* ---- free coordinates (output indices, first index fastest) ----------------- */

typedef struct {
    char s[4096];
    int n;
} sel;

static void sel_add(sel *q, long i) {
    size_t at = strlen(q->s);
    snprintf(q->s + at, sizeof q->s - at, "%s%ld", q->n ? "," : "", i);
    q->n++;
}

/* Elements (i, j) of an R x C matrix (0-based) with j <= i + diag - 1,
 * j < max_col: strictly lower (diag 0) or lower with the diagonal (diag 1). */
static void sel_lower(sel *q, long off, int R, int C, int diag) {
    for (int j = 0; j < C; j++)
        for (int i = 0; i < R; i++)
            if (diag ? j <= i : j < i) sel_add(q, off + i + (long)j * R);
}

/* Every element but the last of each vector / row / column. */
static void sel_drop_last(sel *q, long off, int R, int C, int by_rows) {
    for (int j = 0; j < C; j++)
        for (int i = 0; i < R; i++)
            if (by_rows ? j < C - 1 : i < R - 1) sel_add(q, off + i + (long)j * R);
}

static void sel_range(sel *q, long from, long to) {
    for (long i = from; i < to; i++) sel_add(q, i);
}

/* ---- running the driver ------------------------------------------------------- */

static double value_of(const run_result *r, const char *key) {
    char pat[64];
    snprintf(pat, sizeof pat, "\n%s ", key);
    const char *p = strstr(r->out, pat);
    if (!p) {
        fprintf(stderr, "missing '%s' in:\n%.4000s\n", key, r->out);
        fail();
    }
    return strtod(p + strlen(pat), NULL);
}

static void run_transform(const char *decl, const sel *q, run_result *r) {
    char src[512];
    snprintf(src, sizeof src, "parameters { %s; }\nmodel { }\n", decl);
    const char *args[2] = {"--sel", q ? q->s : ""};
    run_driver(src, DRIVER, r, args, q ? 2 : 0, 0);
    if (r->rc != 0) fprintf(stderr, "%s: %.4000s\n", decl, r->out);
    assert_int_equal(r->rc, 0);
}

/* Round trip to 1e-10 and log|J| to 1e-6 relative; prints the measured errors. */
static void check_transform(const char *decl, const sel *q, int n_free, int n_out) {
    static run_result r;
    run_transform(decl, q, &r);
    double rt = value_of(&r, "max_rt"), jac = value_of(&r, "max_jac");
    printf("%-36s free %3d  round trip %.2g  log|J| rel. error %.2g\n", decl, n_free, rt, jac);
    char want[64];
    snprintf(want, sizeof want, "n %d nout %d\n", n_free, n_out);
    if (!strstr(r.out, want)) fprintf(stderr, "%s: want '%s' in %.200s\n", decl, want, r.out);
    assert_non_null(strstr(r.out, want));
    assert_true(rt <= 1e-10);
    assert_true(jac <= 1e-6);
}

static void test_simplex(void **state) {
    (void)state;
    sel q = {{0}, 0};
    sel_range(&q, 0, 4);
    check_transform("simplex[5] p", &q, 4, 5);
}

static void test_ordered(void **state) {
    (void)state;
    sel q = {{0}, 0};
    sel_range(&q, 0, 4);
    check_transform("ordered[4] o", &q, 4, 4);
    check_transform("positive_ordered[4] o", &q, 4, 4);
}

static void test_cholesky_factor_corr(void **state) {
    (void)state;
    sel q = {{0}, 0};
    sel_lower(&q, 0, 4, 4, 0);
    check_transform("cholesky_factor_corr[4] L", &q, 6, 16);
}

static void test_corr_matrix(void **state) {
    (void)state;
    sel q = {{0}, 0};
    sel_lower(&q, 0, 4, 4, 0);
    check_transform("corr_matrix[4] C", &q, 6, 16);
}

static void test_cov_matrix(void **state) {
    (void)state;
    sel q = {{0}, 0};
    sel_lower(&q, 0, 3, 3, 1);
    check_transform("cov_matrix[3] S", &q, 6, 9);
}

static void test_cholesky_factor_cov(void **state) {
    (void)state;
    sel q = {{0}, 0}, sq = {{0}, 0};
    sel_lower(&q, 0, 5, 2, 1); /* M = 5, N = 2: 3 + 3 * 2 free */
    check_transform("cholesky_factor_cov[5, 2] L", &q, 9, 10);
    sel_lower(&sq, 0, 3, 3, 1);
    check_transform("cholesky_factor_cov[3] L", &sq, 6, 9);
}

static void test_stochastic_matrices(void **state) {
    (void)state;
    sel rows = {{0}, 0}, cols = {{0}, 0};
    sel_drop_last(&rows, 0, 2, 4, 1);
    check_transform("row_stochastic_matrix[2, 4] P", &rows, 6, 8);
    sel_drop_last(&cols, 0, 3, 2, 0);
    check_transform("column_stochastic_matrix[3, 2] P", &cols, 4, 6);
}

/* Arrays: one element's free values after another (the array index of the
 * outputs runs fastest). */
static void test_arrays(void **state) {
    (void)state;
    sel q = {{0}, 0}, l = {{0}, 0};
    sel_drop_last(&q, 0, 2, 3, 1); /* outputs p[a, k] at a + 2 k */
    check_transform("array[2] simplex[3] p", &q, 4, 6);
    for (int i = 1; i < 3; i++)     /* L[a, i, j] at a + 2 i + 6 j */
        for (int j = 0; j < i; j++)
            for (int a = 0; a < 2; a++) sel_add(&l, a + 2 * i + 6 * j);
    check_transform("array[2] cholesky_factor_corr[3] L", &l, 6, 18);
}

/* sum_to_zero_vector is linear: Stan adds no Jacobian term, and the
 * transform is an isometry onto the zero-sum plane, so |det| of its first
 * K-1 coordinates is 1/sqrt(K) at every point. */
static void test_sum_to_zero(void **state) {
    (void)state;
    static run_result r;
    sel q = {{0}, 0};
    sel_range(&q, 0, 4);
    run_transform("sum_to_zero_vector[5] z", &q, &r);
    assert_non_null(strstr(r.out, "n 4 nout 5\n"));
    assert_true(value_of(&r, "max_rt") <= 1e-10);
    for (int p = 0; p < 5; p++) {
        assert_true(out_value(&r, "ljac", p) == 0);
        assert_true(fabs(out_value(&r, "ldet", p) + 0.5 * log(5)) < 1e-8);
        double sum = 0;
        char key[16];
        snprintf(key, sizeof key, "out %d", p);
        for (int i = 0; i < 5; i++) sum += out_value(&r, key, i);
        assert_true(fabs(sum) < 1e-12);
    }
    printf("sum_to_zero_vector[5] z: log|det| of 4 coordinates = -log(5)/2, Jacobian term 0\n");
}

/* unit_vector is not a bijection: the value has norm 1 and the density
 * term is Stan's -r^2/2, r the norm of the free vector. */
static void test_unit_vector(void **state) {
    (void)state;
    static run_result r;
    run_transform("unit_vector[4] u", NULL, &r);
    assert_non_null(strstr(r.out, "n 4 nout 4\n"));
    for (int p = 0; p < 5; p++) {
        char tk[16], ok[16];
        snprintf(tk, sizeof tk, "theta %d", p);
        snprintf(ok, sizeof ok, "out %d", p);
        double r2 = 0, n2 = 0;
        for (int i = 0; i < 4; i++) r2 += pow(out_value(&r, tk, i), 2);
        for (int i = 0; i < 4; i++) {
            double x = out_value(&r, ok, i);
            assert_true(fabs(x - out_value(&r, tk, i) / sqrt(r2)) < 1e-15);
            n2 += x * x;
        }
        assert_true(fabs(n2 - 1) < 1e-14);
        assert_true(fabs(out_value(&r, "ljac", p) + 0.5 * r2) < 1e-12);
    }
    printf("unit_vector[4] u: |x| = 1, x = y/|y|, density term -|y|^2/2\n");
}

/* ---- values the inverse refuses -------------------------------------------------- */

static void expect_refused(const char *decl, const char *set, const char *want) {
    static run_result r;
    char src[512];
    snprintf(src, sizeof src, "parameters { %s; }\nmodel { }\n", decl);
    const char *args[2] = {"--set", set};
    run_driver(src, DRIVER, &r, args, 2, 0);
    const char *got = strstr(r.out, "UNCONSTRAIN_FAIL ");
    if (!got || !strstr(got, want)) fprintf(stderr, "%s with %s: want '%s', got:\n%s\n", decl, set, want, r.out);
    assert_non_null(got);
    assert_non_null(strstr(got, want));
    assert_non_null(strstr(got, "m.bmodel:1:"));
}

static void expect_accepted(const char *decl, const char *set) {
    static run_result r;
    char src[512];
    snprintf(src, sizeof src, "parameters { %s; }\nmodel { }\n", decl);
    const char *args[2] = {"--set", set};
    run_driver(src, DRIVER, &r, args, 2, 0);
    if (!strstr(r.out, "UNCONSTRAIN_OK")) fprintf(stderr, "%s with %s:\n%s\n", decl, set, r.out);
    assert_non_null(strstr(r.out, "UNCONSTRAIN_OK"));
}

static void test_unconstrain_refuses(void **state) {
    (void)state;
    expect_accepted("simplex[3] p", "0=0.2,1=0.3,2=0.5");
    expect_refused("simplex[3] p", "0=0.2,1=0.3,2=0.6",
                   "variable 'p' is not a valid simplex: its elements do not sum to 1");
    expect_refused("simplex[3] p", "0=-0.2,1=0.7,2=0.5", "variable 'p' is not a valid simplex: an element");
    expect_refused("simplex[3] p", "0=0,1=0.5,2=0.5", "has no unconstrained value");
    expect_refused("array[2] simplex[2] p", "0=0.5,2=0.5,1=0.5,3=0.6", "'p' is not a valid simplex");
    expect_refused("sum_to_zero_vector[3] z", "0=1,1=1,2=-1", "'z' is not a valid sum_to_zero_vector");
    expect_refused("unit_vector[3] u", "0=1,1=1,2=0", "'u' is not a valid unit_vector");
    expect_accepted("unit_vector[3] u", "0=0.6,1=0,2=0.8");
    expect_refused("ordered[3] o", "0=0,1=1,2=1", "'o' is not a valid ordered: its elements are not strictly");
    expect_accepted("ordered[3] o", "0=-1,1=0,2=1");
    expect_refused("positive_ordered[3] o", "0=0,1=1,2=2", "first element is not positive");
    expect_refused("cholesky_factor_corr[2] L", "0=1,1=0.6,2=0.1,3=0.8", "above the diagonal is not 0");
    expect_refused("cholesky_factor_corr[2] L", "0=1,1=0.6,2=0,3=0.7", "a row does not have unit length");
    expect_refused("cholesky_factor_corr[2] L", "0=1,1=0.6,2=0,3=-0.8", "a diagonal element is not positive");
    expect_accepted("cholesky_factor_corr[2] L", "0=1,1=0.6,2=0,3=0.8");
    expect_refused("corr_matrix[2] C", "0=1,1=0.5,2=0.4,3=1", "'C' is not a valid corr_matrix: it is not symmetric");
    expect_refused("corr_matrix[2] C", "0=1.1,1=0.5,2=0.5,3=1", "a diagonal element differs from 1");
    expect_refused("corr_matrix[2] C", "0=1,1=1,2=1,3=1", "it is not positive definite");
    expect_accepted("corr_matrix[2] C", "0=1,1=-0.3,2=-0.3,3=1");
    expect_refused("cov_matrix[2] S", "0=1,1=2,2=2,3=1", "'S' is not a valid cov_matrix: it is not positive definite");
    expect_refused("cov_matrix[2] S", "0=1,1=0.2,2=0.3,3=1", "it is not symmetric");
    expect_accepted("cov_matrix[2] S", "0=2,1=0.3,2=0.3,3=1");
    expect_refused("cholesky_factor_cov[3, 2] L", "0=-1", "a diagonal element is not positive");
    expect_refused("cholesky_factor_cov[3, 2] L", "3=0.5", "above the diagonal is not 0");
    expect_refused("row_stochastic_matrix[2, 2] P", "0=0.5,2=0.6", "'P' is not a valid row_stochastic_matrix");
    expect_refused("column_stochastic_matrix[2, 2] P", "0=0.5,1=0.6", "is not a valid column_stochastic_matrix");
}

/* ---- sizes, data and transformed parameters ----------------------------------------- */

static void test_declared_sizes_checked(void **state) {
    (void)state;
    static run_result r;
    const char *k0[] = {"K=0"};
    run_driver("data { int K; }\nparameters { simplex[K] p; }\nmodel { }\n", DRIVER, &r, k0, 1, 0);
    assert_int_equal(r.rc, 3);
    assert_non_null(strstr(r.out, "simplex 'p' needs at least 1 element"));
    run_driver("parameters { cholesky_factor_cov[2, 3] L; }\nmodel { }\n", DRIVER, &r, NULL, 0, 0);
    assert_int_equal(r.rc, 3);
    assert_non_null(strstr(r.out, "cholesky_factor_cov 'L' has fewer rows than columns"));
}

static void test_data_checked(void **state) {
    (void)state;
    static run_result r;
    const char *bad[] = {"K=3", "p=0.2,0.3,0.4"}, *good[] = {"K=3", "p=0.2,0.3,0.5"};
    const char *src = "data { int K; simplex[K] p; }\nparameters { real x; }\nmodel { x ~ normal(0, 1); }\n";
    run_driver(src, DRIVER, &r, bad, 2, 0);
    assert_int_equal(r.rc, 3);
    assert_non_null(strstr(r.out, "simplex[K] p"));
    assert_non_null(strstr(r.out, "violates simplex (its elements do not sum to 1"));
    run_driver(src, DRIVER, &r, good, 2, 0);
    assert_int_equal(r.rc, 0);
}

/* A transformed parameter of a constrained type is checked in the density. */
static void test_tparams_checked(void **state) {
    (void)state;
    static run_result r;
    run_driver("parameters { vector<lower=0>[3] a; }\n"
               "transformed parameters { simplex[3] q = a / sum(a); }\n"
               "model { a ~ exponential(1); target += normal_lpdf(q | 0, 1); }\n",
               "tests/compiler/gradcheck_driver.c", &r, NULL, 0, 0);
    if (r.rc) fprintf(stderr, "%s\n", r.out);
    assert_int_equal(r.rc, 0);
    run_driver("parameters { vector<lower=0>[3] a; }\n"
               "transformed parameters { simplex[3] q = a; }\n"
               "model { a ~ exponential(1); }\n",
               "tests/compiler/gradcheck_driver.c", &r, NULL, 0, 0);
    assert_non_null(strstr(r.out, "REJECT variable 'q' is not a valid simplex"));
}

/* Gradients of every type together under all four flag combinations, no
 * allocation after the first calls, and the round trip (gradcheck_driver;
 * unit_vector is left out: it does not round-trip, tests/e2e diagnoses it). */
static void test_all_types_gradient(void **state) {
    (void)state;
    static run_result r;
    run_driver("parameters { simplex[4] p; array[2] simplex[3] q;\n"
               "  sum_to_zero_vector[4] z; ordered[3] o; positive_ordered[3] po;\n"
               "  cholesky_factor_corr[3] Lc; cholesky_factor_cov[4, 2] Lv; corr_matrix[3] C;\n"
               "  cov_matrix[3] S; row_stochastic_matrix[2, 3] R; column_stochastic_matrix[2, 3] Q; }\n"
               "model { target += normal_lpdf(p | 0.3, 1); target += normal_lpdf(q[2] | 0.5, 0.2);\n"
               "  z ~ normal(0, 1); o ~ normal(0, 2); po ~ normal(1, 2);\n"
               "  target += normal_lpdf(to_vector(Lc) | 0.1, 1); target += normal_lpdf(to_vector(Lv) | 0, 2);\n"
               "  target += normal_lpdf(to_vector(C) | 0.2, 1); target += normal_lpdf(to_vector(S) | 0, 3);\n"
               "  target += normal_lpdf(to_vector(R) | 0.4, 1); target += normal_lpdf(to_vector(Q) | 0.1, 1); }\n",
               "tests/compiler/gradcheck_driver.c", &r, NULL, 0, 0);
    if (r.rc) fprintf(stderr, "%s\n", r.out);
    assert_int_equal(r.rc, 0);
    assert_non_null(strstr(r.out, "\nOK"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simplex),
        cmocka_unit_test(test_sum_to_zero),
        cmocka_unit_test(test_unit_vector),
        cmocka_unit_test(test_ordered),
        cmocka_unit_test(test_cholesky_factor_corr),
        cmocka_unit_test(test_corr_matrix),
        cmocka_unit_test(test_cov_matrix),
        cmocka_unit_test(test_cholesky_factor_cov),
        cmocka_unit_test(test_stochastic_matrices),
        cmocka_unit_test(test_arrays),
        cmocka_unit_test(test_unconstrain_refuses),
        cmocka_unit_test(test_declared_sizes_checked),
        cmocka_unit_test(test_data_checked),
        cmocka_unit_test(test_tparams_checked),
        cmocka_unit_test(test_all_types_gradient),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
