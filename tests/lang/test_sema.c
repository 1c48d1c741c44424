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

/* Parses src; NULL (and the test is skipped) when the parser does not accept
 * it yet, so tests of the whole language run as soon as the parser does. */
static sfix *check_new(const char *src) {
    sfix *f = calloc(1, sizeof *f);
    f->d.out = open_memstream(&f->msgs, &f->len);
    f->p = parse_program("s.bmodel", src, &f->a, &f->d);
    if (!f->p) {
        sfix_free(f);
        return NULL;
    }
    f->errs = sema_check(f->p, &f->d);
    fflush(f->d.out);
    return f;
}

/* Like expect_error, for syntax the parser may not accept yet: skipped
 * then (returns 0), checked otherwise (returns 1). */
static int expect_error_new(const char *src, const char *where, const char *what) {
    sfix *f = check_new(src);
    if (!f) return 0;
    if (f->errs < 1 || !strstr(f->msgs, where) || !strstr(f->msgs, what))
        fail_msg("wanted '%s' '%s' in:\n%s", where, what, f->msgs);
    sfix_free(f);
    return 1;
}

/* No errors (for syntax the parser may not accept yet). */
static int expect_ok_new(const char *src) {
    sfix *f = check_new(src);
    if (!f) return 0;
    if (f->errs) fail_msg("unexpected errors in:\n%s\n%s", src, f->msgs);
    sfix_free(f);
    return 1;
}

static void expect_ok(const char *src) {
    sfix *f = check(src);
    if (f->errs) fail_msg("unexpected errors in:\n%s\n%s", src, f->msgs);
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


/* ---- the catalog's Stan signatures ---------------------------------------- */

static void test_catalog_signatures(void **st) {
    (void)st;
    sfix *f = check("data { int N; vector[N] y; matrix[N, 3] X; array[N] int k; }\n"
                    "transformed data {\n  vector[3] z = rep_vector(0, 3);\n  int n = size(k);\n"
                    "  array[N] real d = normal_rng(y, 1);\n  real e = normal_rng(0, 1);\n"
                    "  array[N] int c = poisson_rng(y);\n  matrix[3, 3] I = identity_matrix(3);\n"
                    "  real s = sum(y) + mean(y) + dot_product(y, y);\n  int t = sum(k);\n"
                    "  row_vector[3] r = columns_dot_self(X);\n  matrix[3, 3] g = crossprod(X);\n}\n"
                    "parameters { vector[3] beta; real<lower=0> sigma; }\n"
                    "model {\n  beta ~ multi_normal(z, I);\n  sigma ~ weibull(2, 1);\n"
                    "  y ~ normal_id_glm(X, 0, beta, sigma);\n  k ~ poisson_log(X * beta);\n}");
    assert_int_equal(f->errs, 0);
    ptr_vec *td = &f->p->blocks[BLK_TDATA];
    assert_type(((stmt *)td->items[0])->decl->init->type, TY_VECTOR, 0);
    assert_type(((stmt *)td->items[1])->decl->init->type, TY_INT, 0);
    assert_type(((stmt *)td->items[2])->decl->init->type, TY_REAL, 1);
    assert_type(((stmt *)td->items[3])->decl->init->type, TY_REAL, 0);
    assert_type(((stmt *)td->items[4])->decl->init->type, TY_INT, 1);
    assert_type(((stmt *)td->items[5])->decl->init->type, TY_MATRIX, 0);
    assert_type(((stmt *)td->items[7])->decl->init->type, TY_INT, 0);
    assert_type(((stmt *)td->items[8])->decl->init->type, TY_ROW_VECTOR, 0);
    stmt *mn = blk(f, BLK_MODEL, 0);
    assert_non_null(mn->sig);
    assert_string_equal(mn->sig->name, "multi_normal");
    assert_null(mn->sig->c_value); /* type-checks; not implemented yet */
    stmt *pl = blk(f, BLK_MODEL, 3);
    assert_non_null(pl->sig);
    assert_non_null(pl->sig->c_value); /* the implemented poisson_log */
    sfix_free(f);
}

static void test_signature_errors(void **st) {
    (void)st;
    expect_error("data { vector[3] v; matrix[3, 3] m; }\nmodel { real x = dot_product(v, m); }", "2:18:",
                 "no signature of 'dot_product' accepts (vector, matrix); the candidates are (vector, vector) => real");
    expect_error("model { vector[3] v = rep_vector(1); }", "1:23:", "'rep_vector' takes 2 arguments, found 1");
    expect_error("data { vector[3] v; matrix[3, 3] m; }\nmodel { real x = normal_lpdf(v | m, 1); }", "2:34:",
                 "'normal_lpdf' expects (reals | reals, reals) but got (vector | matrix, int)");
    expect_error("parameters { real a; }\nmodel { a ~ normal(0, 1, 2); }", "2:13:", "takes 2 arguments, found 3");
    expect_error("parameters { real mu; }\nmodel { int k = to_int(mu); }", "2:24:", "must be data-only");
    expect_error("model { real x = normal(0, 1); }", "1:18:", "'normal' is a distribution");
}

static void test_rng_and_lupdf_context(void **st) {
    (void)st;
    expect_error("parameters { real mu; }\nmodel { real x = normal_rng(0, 1); }", "2:18:",
                 "random number generators ('normal_rng') are only allowed in transformed data, generated quantities");
    expect_error("parameters { real mu; }\ntransformed parameters { real t = normal_rng(mu, 1); }", "2:35:",
                 "only allowed in transformed data");
    expect_error("parameters { real mu; }\ngenerated quantities { real x = normal_lupdf(mu | 0, 1); }", "2:33:",
                 "only allowed in the model block");
    expect_error_new("parameters { real mu; }\ngenerated quantities { real x = target(); }", "2:33:",
                 "target() is only allowed");
    expect_ok("parameters { real mu; }\nmodel { mu ~ normal(0, 1); }\n"
              "generated quantities { real x = normal_rng(mu, 1); real l = normal_lpdf(x | mu, 1); }");
    /* a density of the outcome alone has no '|' */
    expect_ok("parameters { real mu; }\nmodel { target += std_normal_lpdf(mu); mu ~ std_normal(); }");
}

/* ---- plates ----------------------------------------------------------------- */

static void test_plate_rules(void **st) {
    (void)st;
    expect_error("data { int N; vector[N] y; }\nparameters { real mu; }\nmodel {\n  real acc = 0;\n"
                 "  plate (n in 1:N) {\n    acc = acc + y[n];\n  }\n}", "6:5:",
                 "iterations of a plate must be independent: this assignment writes 'acc', which is shared by every "
                 "iteration of the plate over 'n'; declare it inside the plate or index it by 'n'");
    expect_error("data { int N; vector[N] y; }\nmodel {\n  vector[N] m;\n  plate (n in 1:N) m[1] = y[n];\n}",
                 "4:20:", "writes 'm'");
    expect_error("data { int N; }\nmodel {\n  array[N, N] real m;\n  plate (i in 1:N) for (j in 1:N) m[j, i] = 1;\n}",
                 "4:35:", "index it by 'i'");
    expect_ok("data { int N; vector[N] y; }\nparameters { real mu; }\nmodel {\n  vector[N] m;\n"
              "  array[N, N] real a;\n  plate (n in 1:N) {\n    real local = y[n] * 2;\n    local = local + 1;\n"
              "    m[n] = local;\n    for (j in 1:N) a[n, j] = j;\n    plate (k in 1:N) a[n, k] = k;\n"
              "    target += normal_lpdf(y[n] | mu, 1);\n    y[n] ~ normal(mu, 1);\n  }\n}");
}

static void test_plate_jumps(void **st) {
    (void)st;
    expect_error_new("data { int N; }\nmodel {\n  plate (n in 1:N) {\n    break;\n  }\n}", "4:5:",
                     "'break' is not allowed in a plate");
    expect_ok_new("data { int N; }\nmodel {\n  plate (n in 1:N) {\n    for (j in 1:N) { if (j > 2) break; }\n  }\n}");
}

/* ---- several errors, suggestions ---------------------------------------------- */

static void test_several_errors(void **st) {
    (void)st;
    sfix *f = check("parameters { real sigma; }\nmodel {\n  real a = sigmaa;\n  real b = expp(1);\n"
                    "  sigma ~ nromal(0, 1);\n  real c = exp(1) + 1;\n}");
    assert_int_equal(f->errs, 3);
    assert_non_null(strstr(f->msgs, "s.bmodel:3:12: error: unknown variable 'sigmaa'; did you mean 'sigma'?"));
    assert_non_null(strstr(f->msgs, "s.bmodel:4:12: error: unknown function 'expp'; did you mean 'exp'?"));
    assert_non_null(strstr(f->msgs, "s.bmodel:5:11: error: unknown distribution 'nromal'; did you mean 'normal'?"));
    sfix_free(f);
}

static void test_declaration_rules(void **st) {
    (void)st;
    expect_error("data { int N; matrix[N, N] m; }\nparameters { vector<lower=m>[N] v; }", "2:27:",
                 "a lower bound of vector must be a real, an int or a vector, found matrix");
    expect_error("data { int N; }\nparameters { int<lower=0> k; }", "2:14:", "parameters must be real-valued");
    expect_error("model { real<lower=0> x; }", "1:9:", "local variables cannot have constraints");
    expect_error("data { real r; }\nparameters { int<lower=r> k; }", "2:24:", "a lower bound on an int must be an int");
    expect_ok("data { int N; vector[N] lo; }\nparameters { vector<lower=lo>[N] v; }\nmodel { v ~ normal(0, 1); }");
    expect_ok_new("data { int N; vector[N] lo; }\nparameters { real<offset=1, multiplier=2> a; }\n"
                  "model { a ~ normal(1, 2); }");
    expect_error_new("parameters { vector<offset=1, multiplier=2>[2] a; simplex[3] s; }\n"
                     "model { a ~ normal(1, 2); s ~ dirichlet(rep_vector(1, 3)); }\n"
                     "generated quantities { int<offset=1> k = 1; }", "3:24:", "offset/multiplier need a real");
}

static void test_assignment_types(void **st) {
    (void)st;
    expect_error("data { vector[3] v; }\nmodel { real x; x = v; }", "2:21:",
                 "cannot assign a value of type vector to 'x' of type real");
    expect_error("data { vector[3] v; }\nmodel { real x = 0; x += v; }", "2:26:",
                 "cannot assign a value of type vector to 'x' of type real");
    expect_ok("data { vector[3] v; }\nmodel { vector[3] x = v; real r = 1; x += r; x -= v; x *= 2; r += 1; }");
}

/* ---- the whole language (runs once the parser accepts it) -------------------- */

static void test_operators_full(void **st) {
    (void)st;
    sfix *f = check_new("data { vector[3] v; row_vector[3] r; matrix[3, 3] m; int i; }\nmodel {\n"
                        "  real a = r * v;\n  matrix[3, 3] b = v * r;\n  row_vector[3] c = v';\n"
                        "  vector[3] d = v .* v;\n  vector[3] e = v ./ v;\n  vector[3] g = m \\ v;\n"
                        "  int h = i % 2;\n  int k = i %/% 2;\n  real p = 2 ^ 3;\n  vector[3] q = v .^ 2;\n"
                        "  real t = i > 1 ? 1.5 : 2;\n  row_vector[3] u = r / m;\n  complex z = 1 + 2i;\n}");
    if (!f) skip();
    assert_int_equal(f->errs, 0);
    assert_type(init_type(f, 0), TY_REAL, 0);
    assert_type(init_type(f, 1), TY_MATRIX, 0);
    assert_type(init_type(f, 2), TY_ROW_VECTOR, 0);
    assert_type(init_type(f, 5), TY_VECTOR, 0);
    assert_type(init_type(f, 6), TY_INT, 0);
    assert_type(init_type(f, 8), TY_REAL, 0);
    assert_type(init_type(f, 10), TY_REAL, 0);
    assert_type(init_type(f, 12), TY_COMPLEX, 0);
    sfix_free(f);
    expect_error_new("data { real x; }\nmodel { real y = x % 2; }", "2:18:", "operator '%' cannot be applied to real and int");
    expect_error_new("data { vector[3] v; }\nmodel { vector[3] w = v * v; }", "2:23:", "write '.*'");
}

static void test_indexing_full(void **st) {
    (void)st;
    sfix *f = check_new("data { matrix[3, 3] m; array[4] vector[3] av; array[2] int ii; vector[3] v; }\nmodel {\n"
                        "  matrix[2, 3] a = m[ii];\n  vector[3] b = m[:, 1];\n  row_vector[2] c = m[1, 2:3];\n"
                        "  array[2] vector[3] d = av[ii];\n  vector[2] e = v[2:];\n  array[4] real g = av[:, 1];\n"
                        "  matrix[3, 3] h = m[:, :];\n}");
    if (!f) skip();
    assert_int_equal(f->errs, 0);
    assert_type(init_type(f, 0), TY_MATRIX, 0);
    assert_type(init_type(f, 1), TY_VECTOR, 0);
    assert_type(init_type(f, 2), TY_ROW_VECTOR, 0);
    assert_type(init_type(f, 3), TY_VECTOR, 1);
    assert_type(init_type(f, 4), TY_VECTOR, 0);
    assert_type(init_type(f, 5), TY_REAL, 1);
    assert_type(init_type(f, 6), TY_MATRIX, 0);
    sfix_free(f);
}

static void test_literals_full(void **st) {
    (void)st;
    sfix *f = check_new("model {\n  array[3] real a = {1, 2.5, 3};\n  array[2] int b = {1, 2};\n"
                        "  row_vector[2] c = [1, 2];\n  matrix[2, 2] d = [[1, 2], [3, 4]];\n"
                        "  array[2, 2] real e = {{1, 2}, {3.0, 4}};\n  tuple(real, int) t = (1.5, 2);\n  real x = t.1;\n}");
    if (!f) skip();
    assert_int_equal(f->errs, 0);
    assert_type(init_type(f, 0), TY_REAL, 1);
    assert_type(init_type(f, 1), TY_INT, 1);
    assert_type(init_type(f, 2), TY_ROW_VECTOR, 0);
    assert_type(init_type(f, 3), TY_MATRIX, 0);
    assert_type(init_type(f, 4), TY_REAL, 2);
    assert_type(init_type(f, 6), TY_REAL, 0);
    sfix_free(f);
    expect_error_new("model { array[2] int b = {1, 2.5}; }", "1:26:", "cannot initialize 'b' of type array[] int");
    expect_error_new("model { real x = \"hello\"; }", "1:18:", "a string can only be an argument of print");
}

static void test_functions_full(void **st) {
    (void)st;
    sfix *f = check_new("functions {\n  real twice(real x);\n  real twice(real x) { return 2 * x; }\n"
                        "  vector twice(vector x) { return 2 * x; }\n"
                        "  int fact(int n) { if (n <= 1) return 1; else return n * fact(n - 1); }\n"
                        "  real foo_lpdf(real y, real mu) { return normal_lpdf(y | mu, 1); }\n"
                        "  void hello() { print(\"hi\"); }\n}\n"
                        "data { vector[3] v; }\nparameters { real mu; }\n"
                        "model {\n  real a = twice(mu);\n  vector[3] b = twice(v);\n  int c = fact(3);\n"
                        "  mu ~ foo(0);\n  target += foo_lpdf(mu | 1);\n  target += foo_lupdf(mu | 1);\n  hello();\n}");
    if (!f) skip();
    assert_int_equal(f->errs, 0);
    fundef *decl_only = f->p->functions.items[0], *def = f->p->functions.items[1];
    assert_ptr_equal(decl_only->definition, def);
    expr *a = blk(f, BLK_MODEL, 0)->decl->init;
    assert_ptr_equal(a->fun, def);
    assert_type(init_type(f, 1), TY_VECTOR, 0);
    assert_ptr_equal(init_type(f, 1).base, TY_VECTOR);
    stmt *t = blk(f, BLK_MODEL, 3);
    assert_non_null(t->fun);
    assert_string_equal(t->fun->name, "foo_lpdf");
    sfix_free(f);
}

static void test_function_errors_full(void **st) {
    (void)st;
    if (!expect_error_new("functions { real f(real x); }\nmodel { }", "1:18:", "'f' is declared but never defined")) skip();
    expect_error_new("functions { real f(real x) { if (x > 0) return 1; } }\nmodel { }", "1:18:",
                     "control can reach the end of its body without a return statement");
    expect_error_new("functions { void f(real x) { return x; } }\nmodel { }", "1:37:", "write 'return;' without a value");
    expect_error_new("functions { real f(real x) { x = 1; return x; } }\nmodel { }", "1:30:", "cannot assign to function argument 'x'");
    expect_error_new("functions { real foo_lpdf(int y) { return 0; } }\nmodel { }", "1:27:",
                     "the first argument of a _lpdf function must be real-valued");
    expect_error_new("functions { real foo_lpmf(real y) { return 0; } }\nmodel { }", "1:27:",
                     "the first argument of a _lpmf function must be an int");
    expect_error_new("functions { real f(real x) { return x; } }\nmodel { real y = f(1, 2); }", "2:18:",
                     "'f' takes 1 argument, found 2");
    expect_error_new("functions { real f(real x) { return x; } }\ndata { vector[2] v; }\nmodel { real y = f(v); }",
                     "3:20:", "argument 1 of 'f' must be real, found vector");
    expect_error_new("functions { real f(data real x) { return x; } }\nparameters { real mu; }\nmodel { real y = f(mu); }",
                     "3:20:", "is declared 'data'");
    expect_error_new("functions { real g_lp(real x) { target += x; return x; } }\nparameters { real mu; }\n"
                     "generated quantities { real y = g_lp(mu); }", "3:33:", "can only be called in the model block");
    expect_error_new("functions { real g(real x) { target += x; return x; } }\nmodel { }", "1:30:",
                     "functions whose names end in _lp");
    expect_error_new("functions { real f(real x) { return x; } }\nmodel { f(1); }", "2:9:", "is not used");
    expect_error_new("functions { real foo_lpdf(real y, real mu) { return 0; } }\nparameters { real mu; }\n"
                     "model { target += foo_lpdf(mu, 1); }", "3:19:", "with '|' after the first argument");
}

static void test_control_flow_full(void **st) {
    (void)st;
    if (!expect_error_new("model { break; }", "1:9:", "'break' is only allowed inside a loop")) skip();
    expect_error_new("model { return 1; }", "1:9:", "'return' is only allowed inside a function");
    expect_error_new("data { vector[2] v; }\nmodel { if (v) { } }", "2:13:", "the condition of 'if' must be an int or real");
    expect_error_new("data { vector[2] v; }\nmodel { while (v) { } }", "2:16:", "the condition of 'while'");
    expect_error_new("data { array[3] vector[2] a; }\nmodel { for (x in a) { real y = x; } }", "2:33:",
                     "cannot initialize 'y' of type real with a value of type vector");
    expect_error_new("model { for (i in 1:3) { i = 2; } }", "1:26:", "cannot assign to loop variable 'i'");
    expect_ok_new("data { array[3] vector[2] a; matrix[2, 2] m; }\nmodel {\n  for (x in a) { vector[2] y = x; }\n"
                  "  for (z in m) { real w = z; }\n  int i = 0;\n  while (i < 3) { i += 1; if (i == 2) continue; }\n"
                  "  print(\"i = \", i);\n  if (i > 5) reject(\"too big: \", i);\n}");
    expect_ok_new("parameters { real mu; }\nmodel { mu ~ normal(0, 1) T[0, ]; }");
    expect_error_new("parameters { vector[2] mu; }\nmodel { mu ~ normal(0, 1) T[0, ]; }", "2:9:",
                     "truncation T[...] needs a univariate outcome");
}

static void test_higher_order_full(void **st) {
    (void)st;
    sfix *f = check_new("functions {\n  vector rhs(real t, vector y, real k) { return -k * y; }\n"
                        "  real part(array[] real s, int a, int b, real mu) { return normal_lpdf(s | mu, 1); }\n}\n"
                        "data { int T; array[T] real ts; vector[2] y0; array[10] real x; }\n"
                        "parameters { real<lower=0> k; real mu; }\nmodel {\n"
                        "  array[T] vector[2] y = ode_rk45(rhs, y0, 0.0, ts, k);\n"
                        "  target += reduce_sum(part, x, 1, mu);\n}");
    if (!f) skip();
    assert_int_equal(f->errs, 0);
    assert_type(init_type(f, 0), TY_VECTOR, 1);
    sfix_free(f);
    expect_error_new("functions {\n  real rhs(real t, vector y) { return 0; }\n}\n"
                     "data { int T; array[T] real ts; vector[2] y0; }\n"
                     "model { array[T] vector[2] y = ode_bdf(rhs, y0, 0.0, ts); }",
                     "5:40:", "'rhs' is used by 'ode_bdf', so it must return vector, not real");
    expect_error_new("functions {\n  vector rhs(real t, vector y) { return y; }\n}\n"
                     "data { int T; array[T] real ts; vector[2] y0; }\n"
                     "model { array[T] vector[2] y = ode_rk45(rhs, y0, 0.0, 1.0); }",
                     "5:55:", "argument 4 of 'ode_rk45' must be array[] real, found real");
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
        cmocka_unit_test(test_catalog_signatures),
        cmocka_unit_test(test_signature_errors),
        cmocka_unit_test(test_rng_and_lupdf_context),
        cmocka_unit_test(test_plate_rules),
        cmocka_unit_test(test_plate_jumps),
        cmocka_unit_test(test_several_errors),
        cmocka_unit_test(test_declaration_rules),
        cmocka_unit_test(test_assignment_types),
        cmocka_unit_test(test_operators_full),
        cmocka_unit_test(test_indexing_full),
        cmocka_unit_test(test_literals_full),
        cmocka_unit_test(test_functions_full),
        cmocka_unit_test(test_function_errors_full),
        cmocka_unit_test(test_control_flow_full),
        cmocka_unit_test(test_higher_order_full),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
