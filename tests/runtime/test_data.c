/* tests/runtime/test_data.c — data readers (CSV, JSON, name=value) and bind checks.
 *
 * In:  small data files written to a temporary folder.  Out: cmocka checks
 * on shapes, values (row-major), integer flags, and the exact located error
 * messages of runtime/data_read.c and runtime/data_bind.c.
 * Never: depends on files outside its temporary folder.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "data.h"

static char tmpdir[64];

/* Writes text to tmpdir/name and returns the path (static buffer rotation). */
static const char *write_file(const char *name, const char *text) {
    static char paths[8][256];
    static int k;
    char *p = paths[k++ % 8];
    snprintf(p, 256, "%s/%s", tmpdir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return p;
}

/* Reads one file into a fresh bag; returns the bag or NULL with err. */
static bm_data *read_one(const char *name, const char *text, bm_error *err) {
    bm_data *d = bm_data_new();
    if (bm_data_read_file(d, write_file(name, text), err)) {
        bm_data_free(d);
        return NULL;
    }
    return d;
}

/* Asserts that reading fails with a message containing every fragment,
 * each given with %s standing for tmpdir. */
static void expect_read_error(const char *name, const char *text, const char *frag) {
    bm_error err = {{0}};
    bm_data *d = read_one(name, text, &err);
    assert_null(d);
    char want[512];
    snprintf(want, sizeof want, frag, tmpdir);
    if (!strstr(err.msg, want)) fail_msg("message '%s' lacks '%s'", err.msg, want);
}

static void test_csv_columns(void **state) {
    (void)state;
    bm_error err = {{0}};
    bm_data *d = read_one("a.csv",
                          "# a comment\n\"y\",X.1,X.2,z\n1,2.5,3,7\n# inside\n4,5,6e1,\n-2,inf,nan,\n",
                          &err);
    assert_non_null(d);
    assert_int_equal(d->n, 3);
    const bm_data_var *y = bm_data_find(d, "y"), *X = bm_data_find(d, "X"), *z = bm_data_find(d, "z");
    assert_non_null(y);
    assert_int_equal(y->ndims, 1);
    assert_int_equal(y->dims[0], 3);
    assert_true(y->all_int);
    assert_int_equal(y->source, BM_SRC_CSV);
    assert_int_equal(y->first_col, 1);
    assert_string_equal(y->column, "y");
    assert_true(y->values[2] == -2.0);
    assert_int_equal(X->ndims, 2);
    assert_int_equal(X->dims[0], 3);
    assert_int_equal(X->dims[1], 2);
    assert_int_equal(X->n, 6);
    assert_false(X->all_int);
    double want[] = {2.5, 3, 5, 60};  /* row-major: X[1,1], X[1,2], X[2,1], X[2,2] */
    for (int i = 0; i < 4; i++) assert_true(X->values[i] == want[i]);
    assert_true(isinf(X->values[4]) && X->values[4] > 0);
    assert_true(isnan(X->values[5]));
    assert_int_equal(z->dims[0], 1);
    assert_true(z->values[0] == 7);
    assert_null(bm_data_find(d, "w"));
    bm_data_free(d);
}

static void test_csv_three_dims_and_ragged(void **state) {
    (void)state;
    bm_error err = {{0}};
    /* A.i.j: A[row, i, j]; columns in any order; b shorter than a */
    bm_data *d = read_one("b.csv", "a,A.1.1,A.2.1,A.1.2,A.2.2,b\r\n1,11,21,12,22,5\r\n2,111,121,112,122,\r\n",
                          &err);
    assert_non_null(d);
    const bm_data_var *A = bm_data_find(d, "A"), *b = bm_data_find(d, "b");
    assert_int_equal(A->ndims, 3);
    assert_int_equal(A->dims[1], 2);
    assert_int_equal(A->dims[2], 2);
    double want[] = {11, 12, 21, 22, 111, 112, 121, 122};
    for (int i = 0; i < 8; i++) assert_true(A->values[i] == want[i]);
    assert_int_equal(b->dims[0], 1);
    assert_int_equal(bm_data_find(d, "a")->dims[0], 2);
    bm_data_free(d);
}

static void test_csv_errors(void **state) {
    (void)state;
    expect_read_error("e1.csv", "y,sigma\n28,15\n8,abc\n",
                      "%s/e1.csv:3: column 'sigma' (column 2): 'abc' is not a number");
    expect_read_error("e2.csv", "y,sigma\n28,15\n8,1,3\n",
                      "%s/e2.csv:3: this row has 3 cells, but the header has 2 columns");
    expect_read_error("e3.csv", "y,z\n1,2\n2,\n3,4\n",
                      "%s/e3.csv:4: column 'z' (column 2): value '4' after the column ended with an empty cell on line 3");
    expect_read_error("e4.csv", "", "%s/e4.csv: the file is empty");
    expect_read_error("e5.csv", "# only a comment\n\n", "%s/e5.csv: the file is empty");
    expect_read_error("e6.csv", "y,x,y\n1,2,3\n", "%s/e6.csv:1: column 'y' (column 3) repeats column 1");
    expect_read_error("e7.csv", "X.1,X.3\n1,2\n", "%s/e7.csv:1: column 'X.2' is missing");
    expect_read_error("e8.csv", "X.1,X.2\n1,2\n3,\n",
                      "%s/e8.csv: column 'X.2' (column 2) has 1 values, but column 'X.1' (column 1) has 2");
    expect_read_error("e9.csv", "y,X.0\n1,2\n", "%s/e9.csv:1: column 'X.0' (column 2): indices start at 1");
    expect_read_error("e10.csv", "y,,z\n1,2,3\n", "%s/e10.csv:1: column 2 has an empty name");
    expect_read_error("e11.csv", "y\n1x\n", "'1x' is not a number");
    expect_read_error("e12.csv", "y\n0x10\n", "'0x10' is not a number");
}

static void test_missing_file(void **state) {
    (void)state;
    bm_data *d = bm_data_new();
    bm_error err = {{0}};
    assert_int_not_equal(bm_data_read_file(d, "/nonexistent/nope.csv", &err), 0);
    assert_non_null(strstr(err.msg, "/nonexistent/nope.csv"));
    assert_non_null(strstr(err.msg, "No such file or directory"));
    bm_data_free(d);
}

static void test_json_good(void **state) {
    (void)state;
    bm_error err = {{0}};
    bm_data *d = read_one("g.json",
                          "{\n  \"J\": 3,\n  \"x\": [[1, 2.5, 3], [4, 5, 6]],\n  \"e\": [],\n"
                          "  \"s\": -1.5e2, \"inf\": [\"Infinity\", -Infinity, NaN, \"-inf\"],\n"
                          "  \"ee\": [[], []]\n}\n",
                          &err);
    if (!d) fail_msg("%s", err.msg);
    const bm_data_var *J = bm_data_find(d, "J"), *x = bm_data_find(d, "x");
    assert_int_equal(J->ndims, 0);
    assert_int_equal(J->n, 1);
    assert_true(J->all_int);
    assert_int_equal(J->source, BM_SRC_JSON);
    assert_int_equal(x->ndims, 2);
    assert_int_equal(x->dims[0], 2);
    assert_int_equal(x->dims[1], 3);
    assert_false(x->all_int);
    for (int i = 0; i < 6; i++) assert_true(x->values[i] == (i == 1 ? 2.5 : i + 1));
    assert_int_equal(bm_data_find(d, "e")->ndims, 1);
    assert_int_equal(bm_data_find(d, "e")->n, 0);
    assert_true(bm_data_find(d, "s")->values[0] == -150);
    const bm_data_var *inf = bm_data_find(d, "inf");
    assert_true(isinf(inf->values[0]) && inf->values[0] > 0);
    assert_true(isinf(inf->values[1]) && inf->values[1] < 0);
    assert_true(isnan(inf->values[2]));
    assert_true(isinf(inf->values[3]) && inf->values[3] < 0);
    const bm_data_var *ee = bm_data_find(d, "ee");
    assert_int_equal(ee->ndims, 2);
    assert_int_equal(ee->dims[0], 2);
    assert_int_equal(ee->dims[1], 0);
    bm_data_free(d);
}

static void test_json_errors(void **state) {
    (void)state;
    expect_read_error("j1.json", "{\"x\": [[1, 2],\n  [3]]}",
                      "%s/j1.json:2:3: 'x': this array has 1 elements, but an earlier one at the same depth has 2");
    expect_read_error("j2.json", "{\"x\": [1, [2]]}", "%s/j2.json:1:11: 'x': an array where a number was expected");
    expect_read_error("j3.json", "{\"x\": [[1], 2]}", "%s/j3.json:1:13: 'x': a number where an array was expected");
    expect_read_error("j4.json", "{\"x\": true}", "%s/j4.json:1:7: 'x': 'true' is not a number");
    expect_read_error("j5.json", "{\"x\": {\"a\": 1}}",
                      "%s/j5.json:1:8: 'x': tuple components are numbered \"1\", \"2\", ...; found \"a\"");
    expect_read_error("j6.json", "{\"x\": 1,\n \"x\": 2}", "%s/j6.json:2:2: variable 'x' appears twice in this file");
    expect_read_error("j7.json", "{\"x\": 1} 3", "%s/j7.json:1:10: unexpected text after the closing '}'");
    expect_read_error("j8.json", "{\"x\": [1, 2}", "%s/j8.json:1:12: expected ']' to close the array but found '}'");
    expect_read_error("j9.json", "  \n", "%s/j9.json: the file is empty");
    expect_read_error("j10.json", "[1]", "%s/j10.json:1:1: expected '{' at the start");
    expect_read_error("j11.json", "{\"x\": \"abc\"}", "%s/j11.json:1:7: 'x': string \"abc\" is not a number");
    expect_read_error("j12.json", "{\"x\": 1", "%s/j12.json:1:8: expected '}' after a variable's value but found the end of the file");
}

/* Tuples: {"1": ..., "2": ...}; arrays of tuples; a tuple in a tuple.
 * Component K of x is the variable x:K, with the dims of the arrays of
 * tuples around it first. */
static void test_json_tuples(void **state) {
    (void)state;
    bm_error err = {{0}};
    bm_data *d = read_one("t.json",
                          "{\"p\": {\"2\": [1, 2, 3], \"1\": 2.5},\n"
                          " \"a\": [{\"1\": 1, \"2\": {\"1\": 0.5, \"2\": [1, 2]}},\n"
                          "       {\"1\": 2, \"2\": {\"1\": 1.5, \"2\": [3, 4]}}],\n"
                          " \"m\": [[{\"1\": 1, \"2\": 2}], [{\"1\": 3, \"2\": 4}]], \"e\": []}\n",
                          &err);
    if (!d) fail_msg("%s", err.msg);
    const bm_data_var *p1 = bm_data_find(d, "p:1"), *p2 = bm_data_find(d, "p:2");
    assert_non_null(p1);
    assert_non_null(p2);
    assert_null(bm_data_find(d, "p"));
    assert_int_equal(p1->ndims, 0);
    assert_true(p1->values[0] == 2.5 && !p1->all_int);
    assert_int_equal(p2->ndims, 1);
    assert_int_equal(p2->dims[0], 3);
    assert_true(p2->all_int && p2->values[2] == 3);
    const bm_data_var *a1 = bm_data_find(d, "a:1"), *a21 = bm_data_find(d, "a:2:1"),
                      *a22 = bm_data_find(d, "a:2:2");
    assert_int_equal(a1->ndims, 1);
    assert_int_equal(a1->dims[0], 2);
    assert_int_equal(a21->ndims, 1);
    assert_true(a21->values[1] == 1.5);
    assert_int_equal(a22->ndims, 2);
    assert_int_equal(a22->dims[0], 2);
    assert_int_equal(a22->dims[1], 2);
    for (int i = 0; i < 4; i++) assert_true(a22->values[i] == i + 1);
    const bm_data_var *m2 = bm_data_find(d, "m:2");
    assert_int_equal(m2->ndims, 2);
    assert_int_equal(m2->dims[0], 2);
    assert_int_equal(m2->dims[1], 1);
    assert_true(m2->values[0] == 2 && m2->values[1] == 4);
    assert_int_equal(bm_data_find(d, "e")->n, 0); /* no tuples: an empty array */
    bm_data_free(d);
    expect_read_error("t1.json", "{\"x\": {\"1\": 1}}",
                      "%s/t1.json:1:7: 'x': a tuple has at least two components");
    expect_read_error("t2.json", "{\"x\": {\"1\": 1, \"3\": 2}}",
                      "%s/t2.json:1:7: 'x': tuple component \"2\" is missing");
    expect_read_error("t3.json", "{\"x\": [{\"1\": 1, \"2\": 2}, {\"1\": 1}]}",
                      "%s/t3.json:1:26: 'x': tuple component \"2\" is missing (the first tuple has it)");
    expect_read_error("t4.json", "{\"x\": [{\"1\": 1, \"2\": 2}, {\"1\": 1, \"2\": 2, \"3\": 3}]}",
                      "%s/t4.json:1:43: 'x': this tuple has a component \"3\", but the first one has 2 components");
    expect_read_error("t5.json", "{\"x\": [{\"1\": 1, \"2\": 2}, 3]}",
                      "%s/t5.json:1:26: 'x': a number where a tuple (a JSON object) was expected");
    expect_read_error("t6.json", "{\"x\": [{\"1\": 1, \"2\": [1]}, {\"1\": 1, \"2\": [1, 2]}]}",
                      "%s/t6.json:1:42: 'x:2': this array has 2 elements, but an earlier one");
    expect_read_error("t7.json", "{\"x\": {\"1\": 1, \"1\": 2}}",
                      "%s/t7.json:1:16: 'x': tuple component \"1\" appears twice");
}

static void test_args_and_duplicates(void **state) {
    (void)state;
    bm_data *d = bm_data_new();
    bm_error err = {{0}};
    assert_int_equal(bm_data_read_arg(d, "J=8", &err), 0);
    assert_int_equal(bm_data_read_arg(d, "tau=2.5", &err), 0);
    const bm_data_var *J = bm_data_find(d, "J"), *tau = bm_data_find(d, "tau");
    assert_int_equal(J->source, BM_SRC_ARG);
    assert_int_equal(J->ndims, 0);
    assert_true(J->all_int && J->values[0] == 8);
    assert_false(tau->all_int);
    assert_int_not_equal(bm_data_read_arg(d, "K=abc", &err), 0);
    assert_string_equal(err.msg, "command line argument 'K=abc': 'abc' is not a number");
    assert_int_not_equal(bm_data_read_arg(d, "8=1", &err), 0);
    assert_non_null(strstr(err.msg, "expected name=value"));
    assert_int_not_equal(bm_data_read_arg(d, "J=9", &err), 0);
    assert_string_equal(err.msg, "variable 'J' is given twice: on the command line and on the command line");
    const char *p = write_file("dup.csv", "y,J\n1,2\n");
    assert_int_not_equal(bm_data_read_file(d, p, &err), 0);
    char want[400];
    snprintf(want, sizeof want, "variable 'J' is given twice: on the command line and in %s (column 2)", p);
    assert_string_equal(err.msg, want);
    bm_data_free(d);
}

/* ---- bind helpers ---------------------------------------------------------- */

static const char *ES = "y,sigma\n28,15\n8,10\n-3,16\n7,11\n-1,9\n1,11\n18,10\n";

static void test_expect_messages(void **state) {
    (void)state;
    bm_error err = {{0}};
    bm_data *d = read_one("es.csv", ES, &err);
    assert_non_null(d);
    bm_data_read_arg(d, "J=8", &err);
    const bm_data_var *v;
    long dims[1] = {8};
    assert_int_not_equal(bm_data_expect(d, "sigma", "array[J] real<lower=0> sigma", 0, 1, dims, &v, &err), 0);
    char want[600];
    snprintf(want, sizeof want, "%s/es.csv: column 'sigma': variable sigma has 7 values, but its declaration 'array[J] real<lower=0> sigma' needs J = 8", tmpdir);
    assert_string_equal(err.msg, want);
    assert_int_not_equal(bm_data_expect(d, "theta", "vector[N] theta", 0, 1, dims, &v, &err), 0);
    assert_string_equal(err.msg, "variable 'theta' not found in the data (declared as 'vector[N] theta'); given: y, sigma, J");
    dims[0] = 7;
    assert_int_equal(bm_data_expect(d, "sigma", "array[J] real<lower=0> sigma", 0, 1, dims, &v, &err), 0);
    assert_ptr_equal(v, bm_data_find(d, "sigma"));
    assert_int_equal(bm_data_expect(d, "y", "array[7] int y", 1, 1, dims, &v, &err), 0);
    assert_int_equal(bm_data_expect(d, "J", "int J", 1, 0, NULL, &v, &err), 0);
    /* a 1-row column is a scalar; a 7-row column is not */
    long two[2] = {7, 2};
    assert_int_not_equal(bm_data_expect(d, "y", "matrix[7, 2] y", 0, 2, two, &v, &err), 0);
    assert_non_null(strstr(err.msg, "variable y has 1 dimension [7], but its declaration 'matrix[7, 2] y' needs 2"));
    assert_non_null(strstr(err.msg, "X.1 ... X.K"));
    assert_int_not_equal(bm_data_expect(d, "y", "real y", 0, 0, NULL, &v, &err), 0);
    assert_non_null(strstr(err.msg, "variable y has 7 values, but its declaration 'real y' needs a single value"));
    /* a scalar for an array */
    dims[0] = 1;
    assert_int_not_equal(bm_data_expect(d, "J", "array[1] int J", 1, 1, dims, &v, &err), 0);
    assert_string_equal(err.msg, "command line: variable J is a single value, but its declaration 'array[1] int J' needs an array with 1 dimension");
    /* missing but empty */
    dims[0] = 0;
    assert_int_equal(bm_data_expect(d, "none", "vector[0] none", 0, 1, dims, &v, &err), 0);
    assert_null(v);
    bm_data_free(d);
}

static void test_expect_int(void **state) {
    (void)state;
    bm_error err = {{0}};
    bm_data *d = read_one("data.csv", "# x\nm,n\n1,1\n2,2\n3,2.5\n", &err);
    assert_non_null(d);
    long dims[1] = {3};
    const bm_data_var *v;
    assert_int_not_equal(bm_data_expect(d, "n", "array[N] int n", 1, 1, dims, &v, &err), 0);
    char want[600];
    snprintf(want, sizeof want, "%s/data.csv:5 (row 3), column 'n' (column 2): variable n is declared int ('array[N] int n') but the value is 2.5", tmpdir);
    assert_string_equal(err.msg, want);
    bm_data_read_arg(d, "K=2.0", &err);
    assert_int_not_equal(bm_data_expect(d, "K", "int K", 1, 0, NULL, &v, &err), 0);
    assert_string_equal(err.msg, "command line: K: variable K is declared int ('int K') but the value is 2.0");
    bm_data_read_arg(d, "L=3000000000", &err);
    assert_int_not_equal(bm_data_expect(d, "L", "int L", 1, 0, NULL, &v, &err), 0);
    assert_string_equal(err.msg, "command line: L: variable L is declared int ('int L') but the value 3000000000 is outside the int range (-2147483647 to 2147483647)");
    bm_data_read_arg(d, "M=-2147483647", &err);
    assert_int_equal(bm_data_expect(d, "M", "int M", 1, 0, NULL, &v, &err), 0);
    bm_data_free(d);
    d = read_one("i.json", "{\"n\": [[1, 2], [3, 4.5]]}", &err);
    long two[2] = {2, 2};
    assert_int_not_equal(bm_data_expect(d, "n", "array[2, 2] int n", 1, 2, two, &v, &err), 0);
    snprintf(want, sizeof want, "%s/i.json: n[2,2]: variable n is declared int ('array[2, 2] int n') but the value is 4.5", tmpdir);
    assert_string_equal(err.msg, want);
    two[1] = 3;
    assert_int_not_equal(bm_data_expect(d, "n", "array[N, K] int n", 1, 2, two, &v, &err), 0);
    snprintf(want, sizeof want, "%s/i.json: variable n has dimensions [2, 2], but its declaration 'array[N, K] int n' needs K = 3 in dimension 2", tmpdir);
    assert_string_equal(err.msg, want);
    bm_data_free(d);
}

static void test_fail_elem(void **state) {
    (void)state;
    bm_error err = {{0}};
    bm_data *d = read_one("fe.csv", "y,z,sigma\n28,0,15\n8,0,10\n-3,0,-1\n", &err);
    assert_non_null(d);
    const bm_data_var *s = bm_data_find(d, "sigma");
    assert_int_not_equal(bm_data_fail_elem(s, 2, "array[J] real<lower=0> sigma", "lower=0", &err), 0);
    char want[600];
    snprintf(want, sizeof want, "%s/fe.csv:4 (row 3), column 'sigma' (column 3): value -1 violates lower=0 in declaration 'array[J] real<lower=0> sigma'", tmpdir);
    assert_string_equal(err.msg, want);
    bm_data_free(d);
    d = read_one("m.csv", "X.1,X.2\n1,2\n# c\n3,-4\n", &err);
    s = bm_data_find(d, "X");
    bm_data_fail_elem(s, 3, "matrix<lower=0>[N, 2] X", "lower=0", &err);
    snprintf(want, sizeof want, "%s/m.csv:4 (row 2), column 'X.2' (column 2): value -4 violates lower=0 in declaration 'matrix<lower=0>[N, 2] X'", tmpdir);
    assert_string_equal(err.msg, want);
    bm_data_free(d);
    d = read_one("fe.json", "{\"sigma\": [15, 10, -1], \"M\": [[1, 2], [3, 4]]}", &err);
    bm_data_fail_elem(bm_data_find(d, "sigma"), 2, "array[J] real<lower=0> sigma", "lower=0", &err);
    snprintf(want, sizeof want, "%s/fe.json: sigma[3]: value -1 violates lower=0 in declaration 'array[J] real<lower=0> sigma'", tmpdir);
    assert_string_equal(err.msg, want);
    bm_data_fail_elem(bm_data_find(d, "M"), 2, "matrix<upper=2>[2, 2] M", "upper=2", &err);
    snprintf(want, sizeof want, "%s/fe.json: M[2,1]: value 3 violates upper=2 in declaration 'matrix<upper=2>[2, 2] M'", tmpdir);
    assert_string_equal(err.msg, want);
    bm_data_free(d);
}

static void test_infer_size(void **state) {
    (void)state;
    bm_error err = {{0}};
    bm_data *d = read_one("inf.csv", "y,X.1,X.2,X.3\n1,2,3,4\n5,6,7,8\n", &err);
    long out = -1;
    bm_size_source c1[] = {{"w", 0}, {"X", 1}, {"y", 0}};
    assert_int_equal(bm_data_infer_size(d, "K", "int<lower=0> K", c1, 3, &out, &err), 0);
    assert_int_equal(out, 3);
    bm_size_source c2[] = {{"y", 0}};
    assert_int_equal(bm_data_infer_size(d, "N", "int N", c2, 1, &out, &err), 0);
    assert_int_equal(out, 2);
    bm_size_source c3[] = {{"u", 0}, {"v", 1}};
    assert_int_not_equal(bm_data_infer_size(d, "J", "int<lower=0> J", c3, 2, &out, &err), 0);
    assert_string_equal(err.msg, "variable 'J' not found in the data (declared as 'int<lower=0> J') and it cannot be inferred: none of u, v is given; give it as J=VALUE");
    bm_data_free(d);
}

static int setup(void **state) {
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/bm_test_data_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_columns),
        cmocka_unit_test(test_csv_three_dims_and_ragged),
        cmocka_unit_test(test_csv_errors),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_json_good),
        cmocka_unit_test(test_json_errors),
        cmocka_unit_test(test_json_tuples),
        cmocka_unit_test(test_args_and_duplicates),
        cmocka_unit_test(test_expect_messages),
        cmocka_unit_test(test_expect_int),
        cmocka_unit_test(test_fail_elem),
        cmocka_unit_test(test_infer_size),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
