/* tests/lang/test_sema.c — types, resolutions, signatures and block rules.
 * In: source strings run through parse_program + sema_check (the real
 * stdlib catalog).  Out: cmocka assertions on the annotated AST and on
 * diagnostics.  Never: checks code generation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "catalog.h"
#include "frontend.h"

typedef struct {
    arena a;
    diag d;
    char *msgs;
    size_t len;
    program *p;
    int errs;
} sfix;

static sfix *check(const char *src) {
    sfix *f = calloc(1, sizeof *f);
    f->d.out = open_memstream(&f->msgs, &f->len);
    f->p = parse_program("s.bmodel", src, &f->a, &f->d);
    assert_non_null(f->p);
    f->errs = sema_check(f->p, &f->d);
    fflush(f->d.out);
    return f;
}

static void sfix_free(sfix *f) {
    fclose(f->d.out);
    free(f->msgs);
    arena_free(&f->a);
    free(f);
}

static stmt *blk(sfix *f, block_kind b, int i) { return f->p->blocks[b].items[i]; }

static void assert_type(val_type t, base_type b, int dims) {
    assert_int_equal(t.base, b);
    assert_int_equal(t.array_dims, dims);
}

/* Type of the initializer of local `real/int/vector x = <expr>` number i. */
static val_type init_type(sfix *f, int i) { return blk(f, BLK_MODEL, i)->decl->init->type; }

static void test_eight_schools_resolves(void **st) {
    (void)st;
    sfix *f = check("data { int<lower=0> J; array[J] real y; array[J] real<lower=0> sigma; }\n"
                    "parameters { real mu; real<lower=0> tau; vector[J] theta_trans; }\n"
                    "transformed parameters { vector[J] theta;\n"
                    "  for (j in 1:J) theta[j] = theta_trans[j] * tau + mu; }\n"
                    "model { theta_trans ~ normal(0, 1); y ~ normal(theta, sigma); }");
    assert_int_equal(f->errs, 0);
    stmt *loop = blk(f, BLK_TPARAMS, 1);
    stmt *as = loop->body.items[0];
    assert_type(as->lhs->type, TY_REAL, 0);
    assert_ptr_equal(as->lhs->lhs->decl, blk(f, BLK_TPARAMS, 0)->decl);
    assert_ptr_equal(as->lhs->args.items[0] == NULL ? NULL : ((expr *)as->lhs->args.items[0])->decl,
                     loop->decl);
    stmt *t = blk(f, BLK_MODEL, 1);
    assert_non_null(t->sig);
    assert_string_equal(t->sig->name, "normal");
    assert_int_equal(t->sig->kind, FN_LPDF);
    assert_type(t->lhs->type, TY_REAL, 1);
    assert_ptr_equal(t->lhs->decl, blk(f, BLK_DATA, 1)->decl);
    sfix_free(f);
}

static void test_arith_types(void **st) {
    (void)st;
    sfix *f = check("parameters { real r; vector[3] v; }\nmodel {\n"
                    "  int i = 1 + 2 * 3;\n  real a = 1 + r;\n  vector[3] b = v + v;\n"
                    "  vector[3] c = v + r;\n  vector[3] d = r * v;\n  vector[3] e = v / 2;\n"
                    "  vector[3] g = v - v * 2.0;\n  int h = r < 1 && i >= 2 || !r;\n  real k = -r;\n}");
    assert_int_equal(f->errs, 0);
    assert_type(init_type(f, 0), TY_INT, 0);
    assert_type(init_type(f, 1), TY_REAL, 0);
    for (int i = 2; i <= 6; i++) assert_type(init_type(f, i), TY_VECTOR, 0);
    assert_type(init_type(f, 7), TY_INT, 0);
    assert_type(init_type(f, 8), TY_REAL, 0);
    sfix_free(f);
}

static void test_integer_division_warns(void **st) {
    (void)st;
    sfix *f = check("model {\n  int a = 7 / 2;\n  real b = 7.0 / 2;\n}");
    assert_int_equal(f->errs, 0);
    assert_int_equal(f->d.warnings, 1);
    assert_non_null(strstr(f->msgs, "s.bmodel:2:11: warning: integer division"));
    assert_type(init_type(f, 0), TY_INT, 0);
    assert_type(init_type(f, 1), TY_REAL, 0);
    sfix_free(f);
}

static void test_indexing_types(void **st) {
    (void)st;
    sfix *f = check("data { array[2, 3] real a; array[2] vector[3] av; vector[3] v; matrix[2, 2] m; }\n"
                    "model {\n  real x1 = a[1, 2];\n  array[3] real x2 = a[1];\n  vector[3] x3 = av[1];\n"
                    "  real x4 = av[1, 2];\n  real x5 = av[1][2];\n  real x6 = v[3];\n"
                    "  row_vector[2] x7 = m[1];\n  real x8 = m[1, 2];\n}");
    assert_int_equal(f->errs, 0);
    assert_type(init_type(f, 0), TY_REAL, 0);
    assert_type(init_type(f, 1), TY_REAL, 1);
    assert_type(init_type(f, 2), TY_VECTOR, 0);
    assert_type(init_type(f, 3), TY_REAL, 0);
    assert_type(init_type(f, 4), TY_REAL, 0);
    assert_type(init_type(f, 5), TY_REAL, 0);
    assert_type(init_type(f, 6), TY_ROW_VECTOR, 0);
    assert_type(init_type(f, 7), TY_REAL, 0);
    sfix_free(f);
}

static void test_calls_resolve(void **st) {
    (void)st;
    sfix *f = check("data { vector[3] v; array[3] int n; }\nparameters { real mu; }\nmodel {\n"
                    "  real a = exp(mu);\n  vector[3] b = exp(v);\n  real c = normal_lpdf(v | mu, 1);\n"
                    "  real d = poisson_log_lpmf(n | mu);\n  real e = log(2);\n}");
    assert_int_equal(f->errs, 0);
    expr *a = blk(f, BLK_MODEL, 0)->decl->init;
    assert_non_null(a->sig);
    assert_string_equal(a->sig->name, "exp");
    assert_type(a->type, TY_REAL, 0);
    assert_type(init_type(f, 1), TY_VECTOR, 0);
    expr *c = blk(f, BLK_MODEL, 2)->decl->init;
    assert_non_null(c->sig);
    assert_string_equal(c->sig->name, "normal");
    assert_type(c->type, TY_REAL, 0);
    expr *d = blk(f, BLK_MODEL, 3)->decl->init;
    assert_int_equal(d->sig->kind, FN_LPMF);
    sfix_free(f);
}

/* One error containing `what` (and `where`, "line:col"). */
static void expect_error(const char *src, const char *where, const char *what) {
    sfix *f = check(src);
    if (f->errs < 1 || !strstr(f->msgs, where) || !strstr(f->msgs, what))
        fail_msg("wanted '%s' '%s' in:\n%s", where, what, f->msgs);
    sfix_free(f);
}

static void test_scope_errors(void **st) {
    (void)st;
    expect_error("parameters { real mu; }\nmodel { mu ~ normal(nu, 1); }", "2:21:", "unknown variable 'nu'");
    expect_error("data { int N; }\nmodel { real N; }", "2:14:", "'N' is already declared at line 1");
    expect_error("model { for (i in 1:2) { } real x = i; }", "1:37:", "unknown variable 'i'");
    expect_error("model { real x = x; }", "1:18:", "unknown variable 'x'");
}

static void test_block_rules(void **st) {
    (void)st;
    expect_error("data {\n  real y;\n}\nmodel { y = 3; }", "4:9:",
                 "cannot assign to data variable 'y' (declared in data at line 2)");
    expect_error("parameters { real a; }\ngenerated quantities { a ~ normal(0, 1); }", "2:24:",
                 "only allowed in the model block");
    expect_error("parameters { int k; }", "1:14:", "must be real-valued");
    expect_error("transformed parameters { int k; }", "1:26:", "must be real-valued");
    expect_error("parameters { real a; }\ntransformed parameters { vector[2] v; }\n"
                 "model { v[1] = a; }", "3:9:", "cannot assign to transformed parameter 'v'");
    expect_error("model { for (i in 1:3) i = 2; }", "1:24:", "cannot assign to loop variable 'i'");
    expect_error("parameters { real a; real b = 1; }", "1:31:", "cannot have an initial value");
}

static void test_type_errors(void **st) {
    (void)st;
    expect_error("data { vector[3] v; }\nmodel { real x = v[1.0]; }", "2:20:", "index must be an int");
    expect_error("data { array[2] real y; }\nmodel { real x = y + 1; }", "2:18:",
                 "operator '+' cannot be applied to array[] real and int");
    expect_error("parameters { real a; }\nmodel { a ~ normal(0, 1, 2); }", "2:13:", "takes 2 arguments, found 3");
    expect_error("parameters { real a; }\nmodel { a ~ poisson_log(1); }", "2:9:", "argument 1 of 'poisson_log'");
    expect_error("model { real x = exp(1, 2); }", "1:18:", "'exp' takes 1 argument, found 2");
    expect_error("model { int k = 1.5; }", "1:17:", "cannot initialize 'k'");
    expect_error("model { real x = normal_lpmf(1 | 0, 1); }", "1:18:", "write normal_lpdf");
    expect_error("model { real x = poisson_log_lpdf(1 | 0); }", "1:18:", "write poisson_log_lpmf");
    expect_error("model { real x = nromal_lpdf(1 | 0, 1); }", "1:18:", "did you mean 'normal_lpdf'");
}

static void test_size_must_be_data(void **st) {
    (void)st;
    expect_error("parameters { real a; }\ntransformed parameters { vector[a > 0] v; }", "2:33:",
                 "size must be data");
    expect_error("data { real r; }\ntransformed data { vector[r] v; }", "2:27:", "size must be an int");
    sfix *f = check("data { int N; }\ntransformed data { int M = N; vector[M] v; }\n"
                    "parameters { vector[M] p; }\nmodel { vector[2 * M] w; }");
    assert_int_equal(f->errs, 0);
    sfix_free(f);
}

static void test_no_cascade(void **st) {
    (void)st;
    sfix *f = check("model { real x = exp(nope) + 1 * 2; }");
    assert_int_equal(f->errs, 1);
    sfix_free(f);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eight_schools_resolves),
        cmocka_unit_test(test_arith_types),
        cmocka_unit_test(test_integer_division_warns),
        cmocka_unit_test(test_indexing_types),
        cmocka_unit_test(test_calls_resolve),
        cmocka_unit_test(test_scope_errors),
        cmocka_unit_test(test_block_rules),
        cmocka_unit_test(test_type_errors),
        cmocka_unit_test(test_size_must_be_data),
        cmocka_unit_test(test_no_cascade),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
