/* tests/lang/test_parser.c — each construct parses into the expected shape.
 * In: source strings.  Out: cmocka assertions on the untyped AST from
 * parse_program() and on syntax-error messages.  Never: runs sema. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>
#include "frontend.h"

typedef struct {
    arena a;
    diag d;
    char *msgs;
    size_t len;
    program *p;
} pfix;

static pfix *parse_str(const char *src) {
    pfix *f = calloc(1, sizeof *f);
    f->d.out = open_memstream(&f->msgs, &f->len);
    f->p = parse_program("p.bmodel", src, &f->a, &f->d);
    fflush(f->d.out);
    return f;
}

static void pfix_free(pfix *f) {
    fclose(f->d.out);
    free(f->msgs);
    arena_free(&f->a);
    free(f);
}

static stmt *blk(pfix *f, block_kind b, int i) {
    assert_true(i < f->p->blocks[b].n);
    return f->p->blocks[b].items[i];
}

static expr *arg(const expr *e, int i) { return e->args.items[i]; }

static void test_empty_program(void **st) {
    (void)st;
    pfix *f = parse_str("");
    assert_non_null(f->p);
    for (int b = 0; b < BLK_COUNT; b++) assert_int_equal(f->p->present[b], 0);
    pfix_free(f);
}

static void test_all_blocks(void **st) {
    (void)st;
    pfix *f = parse_str("functions {} data {} transformed data {} parameters {}\n"
                        "transformed parameters {} model {} generated quantities {}");
    assert_non_null(f->p);
    for (int b = 0; b < BLK_COUNT; b++) assert_int_equal(f->p->present[b], 1);
    assert_int_equal(f->p->block_spans[BLK_TPARAMS].line, 2);
    assert_int_equal(f->p->block_spans[BLK_TPARAMS].col, 1);
    pfix_free(f);
}

static void test_declarations(void **st) {
    (void)st;
    pfix *f = parse_str("data {\n  int<lower=0> J;\n  array[J, 2] real<lower=0, upper=J + 1> y;\n"
                        "  vector<upper=3>[J] v;\n  array[3] vector[J] av;\n}");
    assert_non_null(f->p);
    decl *j = blk(f, BLK_DATA, 0)->decl;
    assert_string_equal(j->name, "J");
    assert_int_equal(j->type.base, TY_INT);
    assert_int_equal(j->lower->kind, EX_INT_LIT);
    assert_null(j->upper);
    assert_int_equal(j->name_span.line, 2);
    assert_int_equal(j->name_span.col, 16);
    assert_int_equal(j->block, BLK_DATA);
    assert_int_equal(j->is_local, 0);
    decl *y = blk(f, BLK_DATA, 1)->decl;
    assert_int_equal(y->type.base, TY_REAL);
    assert_int_equal(y->type.array_dims, 2);
    assert_int_equal(y->array_sizes.n, 2);
    assert_int_equal(y->upper->kind, EX_BINARY);
    assert_int_equal(y->upper->op, OP_ADD);
    assert_int_equal(y->index, 1);
    decl *v = blk(f, BLK_DATA, 2)->decl;
    assert_int_equal(v->type.base, TY_VECTOR);
    assert_string_equal(v->vec_size->name, "J");
    assert_non_null(v->upper);
    decl *av = blk(f, BLK_DATA, 3)->decl;
    assert_int_equal(av->type.base, TY_VECTOR);
    assert_int_equal(av->type.array_dims, 1);
    assert_int_equal(blk(f, BLK_DATA, 3)->span.col, 3);
    assert_int_equal(blk(f, BLK_DATA, 3)->span.end_col, 24);
    pfix_free(f);
}

static void test_bound_gt_closes(void **st) {
    (void)st;
    /* inside <...> a '>' closes the constraint; parenthesised it compares */
    pfix *f = parse_str("parameters { real<lower=(1 > 0), upper=2> x; }");
    assert_non_null(f->p);
    decl *x = blk(f, BLK_PARAMS, 0)->decl;
    assert_int_equal(x->lower->kind, EX_BINARY);
    assert_int_equal(x->lower->op, OP_GT);
    assert_int_equal(x->upper->ival, 2);
    pfix_free(f);
}

static void test_precedence(void **st) {
    (void)st;
    pfix *f = parse_str("model { x = -a + b * c / d < e || f && !g == h; }");
    assert_non_null(f->p);
    stmt *s = blk(f, BLK_MODEL, 0);
    assert_int_equal(s->kind, ST_ASSIGN);
    assert_int_equal(s->assign_op, OP_EQ);
    expr *e = s->rhs; /* (-a + ((b*c)/d) < e) || (f && ((!g) == h)) */
    assert_int_equal(e->op, OP_OR);
    assert_int_equal(e->lhs->op, OP_LT);
    expr *sum = e->lhs->lhs;
    assert_int_equal(sum->op, OP_ADD);
    assert_int_equal(sum->lhs->kind, EX_UNARY);
    assert_int_equal(sum->lhs->op, OP_NEG);
    assert_int_equal(sum->rhs->op, OP_DIV);
    assert_int_equal(sum->rhs->lhs->op, OP_MUL);
    expr *conj = e->rhs;
    assert_int_equal(conj->op, OP_AND);
    assert_int_equal(conj->rhs->op, OP_EQ);
    assert_int_equal(conj->rhs->lhs->op, OP_NOT);
    pfix_free(f);
}

static void test_left_assoc_and_parens(void **st) {
    (void)st;
    pfix *f = parse_str("model { x = a - b - (c - d); }");
    expr *e = blk(f, BLK_MODEL, 0)->rhs;
    assert_int_equal(e->op, OP_SUB);
    assert_int_equal(e->lhs->op, OP_SUB);
    assert_string_equal(e->lhs->lhs->name, "a");
    assert_int_equal(e->rhs->op, OP_SUB);
    assert_string_equal(e->rhs->lhs->name, "c");
    pfix_free(f);
}

static void test_calls_and_indexing(void **st) {
    (void)st;
    pfix *f = parse_str("model { target += normal_lpdf(y[i, j] | mu[k][2], f()); }");
    assert_non_null(f->p);
    stmt *s = blk(f, BLK_MODEL, 0);
    assert_int_equal(s->kind, ST_TARGET);
    expr *c = s->rhs;
    assert_int_equal(c->kind, EX_CALL);
    assert_string_equal(c->name, "normal_lpdf");
    assert_int_equal(c->bar_call, 1);
    assert_int_equal(c->args.n, 3);
    assert_int_equal(arg(c, 0)->kind, EX_INDEX);
    assert_int_equal(arg(c, 0)->args.n, 2);
    expr *mu = arg(c, 1); /* mu[k][2] = index(index(mu, k), 2) */
    assert_int_equal(mu->kind, EX_INDEX);
    assert_int_equal(mu->lhs->kind, EX_INDEX);
    assert_string_equal(mu->lhs->lhs->name, "mu");
    assert_int_equal(arg(c, 2)->args.n, 0);
    assert_int_equal(arg(c, 2)->bar_call, 0);
    assert_int_equal(c->span.col, 19);
    pfix_free(f);
}

static void test_tilde(void **st) {
    (void)st;
    pfix *f = parse_str("model {\n  y ~ normal(theta, sigma);\n}");
    stmt *s = blk(f, BLK_MODEL, 0);
    assert_int_equal(s->kind, ST_TILDE);
    assert_string_equal(s->dist_name, "normal");
    assert_int_equal(s->dist_span.col, 7);
    assert_int_equal(s->dist_span.end_col, 12);
    assert_int_equal(s->args.n, 2);
    assert_string_equal(s->lhs->name, "y");
    assert_int_equal(s->span.line, 2);
    assert_int_equal(s->span.col, 3);
    assert_int_equal(s->span.end_col, 27);
    pfix_free(f);
}

static void test_compound_assign(void **st) {
    (void)st;
    pfix *f = parse_str("model { a += 1; a -= 1; a *= 2; a /= 2; a[1] = 0; }");
    op_kind want[] = {OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_EQ};
    for (int i = 0; i < 5; i++) assert_int_equal(blk(f, BLK_MODEL, i)->assign_op, want[i]);
    assert_int_equal(blk(f, BLK_MODEL, 4)->lhs->kind, EX_INDEX);
    pfix_free(f);
}

static void test_loops_and_locals(void **st) {
    (void)st;
    pfix *f = parse_str("model {\n  real m = 1;\n  for (i in 1:N) y[i] ~ normal(0, 1);\n"
                        "  plate (n in 1:N) { real z = n; y[n] ~ normal(z, 1); }\n  { real w; }\n}");
    assert_non_null(f->p);
    decl *m = blk(f, BLK_MODEL, 0)->decl;
    assert_int_equal(m->is_local, 1);
    assert_non_null(m->init);
    stmt *loop = blk(f, BLK_MODEL, 1);
    assert_int_equal(loop->kind, ST_FOR);
    assert_int_equal(loop->decl->kind, DECL_LOOP_VAR);
    assert_string_equal(loop->decl->name, "i");
    assert_int_equal(loop->body.n, 1);
    assert_int_equal(((stmt *)loop->body.items[0])->kind, ST_TILDE);
    stmt *plate = blk(f, BLK_MODEL, 2);
    assert_int_equal(plate->kind, ST_PLATE);
    assert_int_equal(plate->body.n, 2); /* block body stored as its list */
    assert_int_equal(((stmt *)plate->body.items[0])->decl->is_local, 1);
    stmt *b = blk(f, BLK_MODEL, 3);
    assert_int_equal(b->kind, ST_BLOCK);
    assert_int_equal(((stmt *)b->body.items[0])->decl->is_local, 1);
    pfix_free(f);
}

static void test_block_level_vs_local(void **st) {
    (void)st;
    pfix *f = parse_str("transformed data { real a = 1; for (i in 1:2) { real b = i; } real c; }");
    assert_int_equal(blk(f, BLK_TDATA, 0)->decl->is_local, 0);
    assert_int_equal(blk(f, BLK_TDATA, 2)->decl->is_local, 0);
    assert_int_equal(blk(f, BLK_TDATA, 2)->decl->index, 1);
    stmt *loop = blk(f, BLK_TDATA, 1);
    assert_int_equal(((stmt *)loop->body.items[0])->decl->is_local, 1);
    assert_int_equal(((stmt *)loop->body.items[0])->decl->block, BLK_TDATA);
    pfix_free(f);
}

/* Syntax errors name what was expected and what was found. */
static void expect_syntax(const char *src, const char *where_what) {
    pfix *f = parse_str(src);
    assert_null(f->p);
    assert_int_equal(f->d.errors, 1);
    if (!strstr(f->msgs, where_what)) fail_msg("wanted '%s' in:\n%s", where_what, f->msgs);
    pfix_free(f);
}

static void test_syntax_errors(void **st) {
    (void)st;
    expect_syntax("model {\n  y ~ normal(mu sigma);\n}", "p.bmodel:2:17: error: expected ')' or ',', found 'sigma'");
    expect_syntax("model { x = 1 }", "1:15: error: expected ';', found '}'");
    expect_syntax("model { x = ; }", "1:13: error: expected an expression, found ';'");
    expect_syntax("model { }\ndata { }", "2:1: error: expected end of file or 'generated quantities', found 'data'");
    expect_syntax("model {", "1:8: error: expected a statement or a declaration, found end of file");
    expect_syntax("parameters { real<lower=0 s; }", "1:27: error: expected ',', found 's'");
}

static void test_caret_line(void **st) {
    (void)st;
    pfix *f = parse_str("model {\n  y ~ normal(mu sigma);\n}");
    assert_non_null(strstr(f->msgs, "    2 |   y ~ normal(mu sigma);\n"
                                    "      |                 ^~~~~\n"));
    pfix_free(f);
}

static void test_deep_nesting_refused(void **st) {
    (void)st;
    size_t n = 100000;
    char *src = malloc(n + 64);
    strcpy(src, "model { x = ");
    size_t k = strlen(src);
    for (size_t i = 0; i < n; i++) src[k++] = (i % 2) ? '1' : '-';
    strcpy(src + k, "; }");
    pfix *f = parse_str(src);
    assert_null(f->p);
    assert_true(f->d.errors >= 1);
    pfix_free(f);
    free(src);
}


/* ---- the whole language, checked through ast_dump ------------------------------ */

/* The dump of the program (caller frees), or fails with the messages. */
static char *dump_of(pfix *f) {
    if (!f->p) fail_msg("parse failed:\n%s", f->msgs);
    char *buf = NULL;
    size_t n = 0;
    FILE *out = open_memstream(&buf, &n);
    ast_dump(f->p, out);
    fclose(out);
    return buf;
}

/* Parses src and checks that every fragment appears in its dump. */
static void expect_dump(const char *src, const char *const *frags) {
    pfix *f = parse_str(src);
    char *dump = dump_of(f);
    for (int i = 0; frags[i]; i++)
        if (!strstr(dump, frags[i])) fail_msg("wanted '%s' in the dump of\n%s\n%s", frags[i], src, dump);
    free(dump);
    pfix_free(f);
}

/* The dump of the right-hand side of `x = <e>;` in a model block. */
static void expect_expr(const char *e, const char *want) {
    char src[512];
    snprintf(src, sizeof src, "model { x = %s; }", e);
    pfix *f = parse_str(src);
    char *dump = dump_of(f);
    char line[600];
    snprintf(line, sizeof line, "(= (var x) %s)", want);
    if (!strstr(dump, line)) fail_msg("'%s': wanted %s in\n%s", e, line, dump);
    free(dump);
    pfix_free(f);
}

static void test_expr_precedence_stan(void **st) {
    (void)st;
    expect_expr("-a^2", "(neg (^ (var a) (int 2)))");
    expect_expr("a^b^c", "(^ (var a) (^ (var b) (var c)))");
    expect_expr("2^-a", "(^ (int 2) (neg (var a)))");
    expect_expr("a .^ 2 .* b", "(.* (.^ (var a) (int 2)) (var b))");
    expect_expr("a ? b : c ? d : e", "(? (var a) (var b) (? (var c) (var d) (var e)))");
    expect_expr("a || b ? c : d", "(? (|| (var a) (var b)) (var c) (var d))");
    expect_expr("x'*y", "(* (transpose (var x)) (var y))");
    expect_expr("x[1]'", "(transpose (index (var x) (int 1)))");
    expect_expr("a * b \\ c", "(* (var a) (\\ (var b) (var c)))");
    expect_expr("a %/% b * c", "(* (%/% (var a) (var b)) (var c))");
    expect_expr("a % b / c", "(/ (% (var a) (var b)) (var c))");
    expect_expr("a ./ b - c", "(- (./ (var a) (var b)) (var c))");
    expect_expr("!a == b", "(== (! (var a)) (var b))");
    expect_expr("+a", "(plus (var a))");
    expect_expr("a < b == c > d", "(== (< (var a) (var b)) (> (var c) (var d)))");
}

static void test_literals(void **st) {
    (void)st;
    expect_expr("1e-3", "(real 0.001)");
    expect_expr("2E10", "(real 20000000000)");
    expect_expr(".5", "(real 0.5)");
    expect_expr("5.", "(real 5)");
    expect_expr("2i", "(imag 2)");
    expect_expr("1.5e3i", "(imag 1500)");
    expect_expr("{1, 2}", "(array (int 1) (int 2))");
    expect_expr("[1, 2]", "(rowvec (int 1) (int 2))");
    expect_expr("[[1, 2], [3, 4]]", "(rowvec (rowvec (int 1) (int 2)) (rowvec (int 3) (int 4)))");
    expect_expr("(1, 2.5)", "(tuple (int 1) (real 2.5))");
    expect_expr("t.2", "(get (var t) 2)");
    expect_expr("t.1.2", "(get (get (var t) 1) 2)");
    expect_expr("target()", "(call target)");
}

static void test_multi_index(void **st) {
    (void)st;
    expect_expr("v[:]", "(index (var v) (: () ()))");
    expect_expr("v[2:]", "(index (var v) (: (int 2) ()))");
    expect_expr("v[:3]", "(index (var v) (: () (int 3)))");
    expect_expr("v[2:3]", "(index (var v) (: (int 2) (int 3)))");
    expect_expr("m[ , 1]", "(index (var m) (: () ()) (int 1))");
    expect_expr("v[idx]", "(index (var v) (var idx))");
    expect_expr("v[c ? 1 : 2 : n]", "(index (var v) (: (? (var c) (int 1) (int 2)) (var n)))");
}

static void test_parens_marked(void **st) {
    (void)st;
    pfix *f = parse_str("model { x = (a + b) * c; }");
    expr *e = blk(f, BLK_MODEL, 0)->rhs;
    assert_int_equal(e->parens, 0);
    assert_int_equal(e->lhs->parens, 1);
    assert_int_equal(e->lhs->span.col, 13);
    assert_int_equal(e->rhs->parens, 0);
    pfix_free(f);
}

static void test_dangling_else(void **st) {
    (void)st;
    pfix *f = parse_str("model { if (a) if (b) x = 1; else x = 2; }");
    stmt *outer = blk(f, BLK_MODEL, 0);
    assert_int_equal(outer->kind, ST_IF);
    assert_null(outer->else_s);
    assert_int_equal(outer->then_s->kind, ST_IF);
    assert_non_null(outer->then_s->else_s);
    pfix_free(f);
}

static void test_statements(void **st) {
    (void)st;
    const char *frags[] = {
        "(while (var c)\n", "(break)", "(continue)", "(foreach x (var v)",
        "(for i (int 1) (var N)", "(.*= (var a) (var b))", "(./= (var a) (var b))",
        "(print (string \"a=\") (var a))", "(reject (string \"bad \\\"q\\\"\"))",
        "(fatal_error (string \"stop\"))", "(callstmt (call f (var a)))",
        "(profile \"lik\"", "(empty)", "(~ (var y) normal (int 0) (int 1) (T (int 0) ()))",
        "(~ (var y) normal (int 0) (int 1) (T () (int 1)))",
        "(~ (var y) normal (int 0) (int 1) (T (var L) (var U)))",
        "(= (get (var t) 1) (int 2))", "(= (index (var m) (int 1) (: () ())) (var r))", NULL};
    expect_dump("model {\n while (c) { break; continue; }\n for (x in v) a += x;\n"
                " for (i in 1:N) ;\n a .*= b; a ./= b;\n print(\"a=\", a); reject(\"bad \\\"q\\\"\");\n"
                " fatal_error(\"stop\"); f(a);\n profile(\"lik\") { a = 1; }\n ;\n"
                " y ~ normal(0, 1) T[0, ];\n y ~ normal(0, 1) T[, 1];\n y ~ normal(0, 1) T[L, U];\n"
                " t.1 = 2; m[1, :] = r;\n}", frags);
}

static void test_return_forms(void **st) {
    (void)st;
    const char *frags[] = {"(fun f void\n      (return))", "(fun g real (decl x real local)\n      (return (var x)))", NULL};
    expect_dump("functions { void f() { return; } real g(real x) { return x; } }", frags);
}

static void test_types_and_constraints(void **st) {
    (void)st;
    const char *frags[] = {
        "(decl z complex)", "(decl cv complex_vector (size (int 3)))",
        "(decl crv complex_row_vector (size (int 3)))",
        "(decl cm complex_matrix (size (int 2)) (cols (int 3)))",
        "(decl s vector (size (var K)) (constraint simplex))",
        "(decl u vector (size (var K)) (constraint unit_vector))",
        "(decl sz vector (size (var K)) (constraint sum_to_zero_vector))",
        "(decl o vector (size (var K)) (constraint ordered))",
        "(decl po vector (size (var K)) (constraint positive_ordered))",
        "(decl lc matrix (size (var K)) (constraint cholesky_factor_corr))",
        "(decl lv matrix (size (var K)) (constraint cholesky_factor_cov))",
        "(decl lv2 matrix (size (int 5)) (cols (var K)) (constraint cholesky_factor_cov))",
        "(decl cr matrix (size (var K)) (constraint corr_matrix))",
        "(decl cv2 matrix (size (var K)) (constraint cov_matrix))",
        "(decl rs matrix (size (int 2)) (cols (var K)) (constraint row_stochastic_matrix))",
        "(decl cs matrix (size (var K)) (cols (int 2)) (constraint column_stochastic_matrix))",
        "(decl a real (offset (var m)) (multiplier (int 2)))",
        "(decl b vector (size (var K)) (lower (int 0)))",
        "(decl c array[,] matrix (dims (int 2) (int 3)) (size (int 4)) (cols (int 4)) (lower (neg (int 1))) (upper (int 1)))",
        "(decl t tuple(real, array[] int) (decl _ real (lower (int 0))) (decl _ array[] int (dims (int 3))))",
        NULL};
    expect_dump("parameters {\n complex z; complex_vector[3] cv; complex_row_vector[3] crv;\n"
                " complex_matrix[2, 3] cm; simplex[K] s; unit_vector[K] u; sum_to_zero_vector[K] sz;\n"
                " ordered[K] o; positive_ordered[K] po; cholesky_factor_corr[K] lc;\n"
                " cholesky_factor_cov[K] lv; cholesky_factor_cov[5, K] lv2; corr_matrix[K] cr;\n"
                " cov_matrix[K] cv2; row_stochastic_matrix[2, K] rs; column_stochastic_matrix[K, 2] cs;\n"
                " real<offset=m, multiplier=2> a; vector<lower=0>[K] b;\n"
                " array[2, 3] matrix<lower=-1, upper=1>[4, 4] c;\n"
                " tuple(real<lower=0>, array[3] int) t;\n}", frags);
}

static void test_constraint_kinds_set(void **st) {
    (void)st;
    pfix *f = parse_str("parameters { simplex[3] s; cholesky_factor_cov[4, 3] L; real<offset=1> a; "
                        "real<upper=1> b; tuple(real, vector[2]) t; }");
    decl *s = blk(f, BLK_PARAMS, 0)->decl;
    assert_int_equal(s->cons, CON_SIMPLEX);
    assert_int_equal(s->type.base, TY_VECTOR);
    decl *l = blk(f, BLK_PARAMS, 1)->decl;
    assert_int_equal(l->cons, CON_CHOLESKY_COV);
    assert_int_equal(l->type.base, TY_MATRIX);
    assert_int_equal(l->vec_cols->ival, 3);
    assert_int_equal(blk(f, BLK_PARAMS, 2)->decl->cons, CON_AFFINE);
    assert_null(blk(f, BLK_PARAMS, 2)->decl->multiplier);
    assert_int_equal(blk(f, BLK_PARAMS, 3)->decl->cons, CON_BOUNDS);
    decl *t = blk(f, BLK_PARAMS, 4)->decl;
    assert_int_equal(t->type.base, TY_TUPLE);
    assert_int_equal(t->type.ntuple, 2);
    assert_int_equal(t->type.tuple[1].base, TY_VECTOR);
    assert_int_equal(t->tuple_elems.n, 2);
    assert_null(((decl *)t->tuple_elems.items[0])->name);
    pfix_free(f);
}

static void test_several_declarators(void **st) {
    (void)st;
    pfix *f = parse_str("data { int<lower=0> N, M; real a = 1, b; }");
    assert_int_equal(f->p->blocks[BLK_DATA].n, 4);
    assert_string_equal(blk(f, BLK_DATA, 1)->decl->name, "M");
    assert_non_null(blk(f, BLK_DATA, 1)->decl->lower);
    assert_int_equal(blk(f, BLK_DATA, 1)->decl->index, 1);
    assert_non_null(blk(f, BLK_DATA, 2)->decl->init);
    assert_null(blk(f, BLK_DATA, 3)->decl->init);
    pfix_free(f);
}

static void test_functions_block(void **st) {
    (void)st;
    pfix *f = parse_str("functions {\n  real foo_lpdf(real y, data array[] real x, array[,] vector m);\n"
                        "  real foo_lpdf(real y, data array[] real x, array[,] vector m) { return y; }\n"
                        "  void hello() { print(\"hi\"); }\n"
                        "  tuple(real, int) pair(tuple(array[] real, int) t) { return (1.0, 2); }\n}\n"
                        "model { target += foo_lpdf(1 | {1.0}, {[1]'}); }");
    assert_non_null(f->p);
    assert_int_equal(f->p->present[BLK_FUNCTIONS], 1);
    assert_int_equal(f->p->functions.n, 4);
    fundef *fwd = f->p->functions.items[0], *def = f->p->functions.items[1];
    assert_null(fwd->body);
    assert_non_null(def->body);
    assert_int_equal(def->body->kind, ST_BLOCK);
    assert_string_equal(def->name, "foo_lpdf");
    assert_int_equal(def->params.n, 3);
    decl *x = def->params.items[1], *m = def->params.items[2];
    assert_int_equal(x->kind, DECL_FUN_ARG);
    assert_int_equal(x->is_data_arg, 1);
    assert_int_equal(x->type.base, TY_REAL);
    assert_int_equal(x->type.array_dims, 1);
    assert_int_equal(m->type.base, TY_VECTOR);
    assert_int_equal(m->type.array_dims, 2);
    assert_int_equal(m->is_data_arg, 0);
    fundef *hello = f->p->functions.items[2];
    assert_int_equal(hello->ret.base, TY_VOID);
    fundef *pair = f->p->functions.items[3];
    assert_int_equal(pair->ret.base, TY_TUPLE);
    assert_int_equal(pair->ret.ntuple, 2);
    assert_int_equal(((decl *)pair->params.items[0])->type.tuple[0].array_dims, 1);
    assert_int_equal(f->p->blocks[BLK_FUNCTIONS].n, 0);
    pfix_free(f);
}

static void test_old_array_syntax_warns(void **st) {
    (void)st;
    pfix *f = parse_str("functions { real s(real[] x, real[,] m) { return 0; } }\n"
                        "data {\n  int N;\n  real y[N];\n  int<lower=0> n[N, 2];\n  vector[3] b[N];\n}");
    assert_non_null(f->p);
    assert_int_equal(f->d.errors, 0);
    assert_int_equal(f->d.warnings, 5);
    decl *y = blk(f, BLK_DATA, 1)->decl;
    assert_int_equal(y->old_array_syntax, 1);
    assert_int_equal(y->type.array_dims, 1);
    decl *n = blk(f, BLK_DATA, 2)->decl;
    assert_int_equal(n->type.array_dims, 2);
    assert_non_null(n->lower);
    decl *arg = ((fundef *)f->p->functions.items[0])->params.items[1];
    assert_int_equal(arg->type.array_dims, 2);
    assert_int_equal(arg->old_array_syntax, 1);
    const char *want[] = {"p.bmodel:4:8: warning: this array syntax was removed in Stan 2.33; "
                          "use 'array[N] real y' [-Wdeprecated]",
                          "use 'array[N, 2] int<lower=0> n'", "use 'array[N] vector[3] b'",
                          "write the type as 'array[] real'", "write the type as 'array[,] real'", NULL};
    for (int i = 0; want[i]; i++)
        if (!strstr(f->msgs, want[i])) fail_msg("wanted '%s' in:\n%s", want[i], f->msgs);
    pfix_free(f);
}

static void test_removed_syntax(void **st) {
    (void)st;
    expect_syntax("model {\n  x <- 1;\n}", "2:5: error: the '<-' assignment was removed from Stan; use '=' instead");
    expect_syntax("model { increment_log_prob(normal_log(y, 0, 1)); }",
                  "1:9: error: increment_log_prob(...) was removed from Stan; use 'target += ...;'");
    expect_syntax("model {\n  # old\n}", "2:3: error: '#' comments are not Stan syntax any more; use '//'");
    expect_syntax("model { x + 1; }", "1:9: error: an expression on its own is not a statement");
    expect_syntax("model { f(x) = 1; }", "1:9: error: the left side of an assignment must be a variable");
    expect_syntax("model { y ~ normal(0, 1) U[0, 1]; }", "1:26: error: expected ';', found 'U' (a truncation is written T[lower, upper])");
    expect_syntax("parameters { real<lower=0, offset=1> x; }", "a constraint has either lower/upper or offset/multiplier");
    expect_syntax("parameters { int<offset=1> x; }", "an int cannot have an offset or multiplier");
    expect_syntax("model { x = t.0; }", "1:14: error: tuple component numbers start at 1");
    expect_syntax("model { x = \"s\"; }", "1:13: error: expected an expression, found '\"s\"'");
    expect_syntax("model { print(\"abc); }", "1:15: error: unterminated string");
}

/* Several independent errors are all reported; the parse still fails. */
static void test_recovery_reports_several(void **st) {
    (void)st;
    pfix *f = parse_str("data {\n  int N\n}\nparameters {\n  real mu\n  real sigma;\n}\n"
                        "model {\n  mu ~ normal(0 1);\n  sigma ~ normal(0, 1);\n  y = ;\n}\n");
    assert_null(f->p);
    assert_int_equal(f->d.errors, 4);
    const char *want[] = {"p.bmodel:3:1: error: expected ';' or ',', found '}'",
                          "p.bmodel:6:3: error: expected ';' or ',', found 'real'",
                          "p.bmodel:9:17: error: expected ')' or ',', found '1'",
                          "p.bmodel:11:7: error: expected an expression, found ';'", NULL};
    for (int i = 0; want[i]; i++)
        if (!strstr(f->msgs, want[i])) fail_msg("wanted '%s' in:\n%s", want[i], f->msgs);
    pfix_free(f);
}

static void test_recovery_in_functions(void **st) {
    (void)st;
    pfix *f = parse_str("functions {\n  real f(real x y) { return x; }\n  real g(real x) { return x +; }\n}\n"
                        "model {\n  x = ;\n}\n");
    assert_null(f->p);
    assert_int_equal(f->d.errors, 3);
    assert_non_null(strstr(f->msgs, "p.bmodel:2:17: error: expected ')' or ',', found 'y'"));
    assert_non_null(strstr(f->msgs, "p.bmodel:3:30: error: expected an expression, found ';'"));
    assert_non_null(strstr(f->msgs, "p.bmodel:6:7: error: expected an expression, found ';'"));
    pfix_free(f);
}

/* An echo of an error on the same line is counted, not shown. */
static void test_recovery_echo_hidden(void **st) {
    (void)st;
    pfix *f = parse_str("transformed data {\n  real s = 0;\n  for (i = 1; i < 10; i += 1) s += i;\n}\n");
    assert_null(f->p);
    assert_non_null(strstr(f->msgs, "p.bmodel:3:10: error: expected 'in', found '='"));
    assert_null(strstr(f->msgs, "p.bmodel:3:15"));
    assert_null(strstr(f->msgs, "not a statement"));
    pfix_free(f);
}

static void test_recovery_capped(void **st) {
    (void)st;
    char src[4096] = "model {\n";
    for (int i = 0; i < 40; i++) strcat(src, "  x = ;\n");
    strcat(src, "}\n");
    pfix *f = parse_str(src);
    assert_null(f->p);
    assert_int_equal(f->d.errors, 21);
    assert_non_null(strstr(f->msgs, "too many syntax errors"));
    pfix_free(f);
}

static void test_lexer_error_then_recovery(void **st) {
    (void)st;
    pfix *f = parse_str("model {\n  x = 1 @ 2;\n  y = ;\n}");
    assert_null(f->p);
    assert_int_equal(f->d.errors, 2);
    assert_non_null(strstr(f->msgs, "2:9: error: unexpected character '@'"));
    assert_non_null(strstr(f->msgs, "3:7: error: expected an expression"));
    pfix_free(f);
}

/* ---- #include ---------------------------------------------------------------- */

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* A fresh temp dir with sub/ and lib/. */
static void make_tree(char *dir) {
    strcpy(dir, "/tmp/bm_inc_XXXXXX");
    assert_non_null(mkdtemp(dir));
    char p[256];
    snprintf(p, sizeof p, "%s/sub", dir);
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/lib", dir);
    mkdir(p, 0700);
}

static void rm_tree(const char *dir) {
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* Parses the file at path (reading it first) with parse_program. */
static pfix *parse_path(const char *path) {
    FILE *in = fopen(path, "r");
    assert_non_null(in);
    static char text[8192];
    size_t n = fread(text, 1, sizeof text - 1, in);
    text[n] = '\0';
    fclose(in);
    pfix *f = calloc(1, sizeof *f);
    f->d.out = open_memstream(&f->msgs, &f->len);
    char *t = arena_strdup(&f->a, text), *pth = arena_strdup(&f->a, path);
    f->p = parse_program(pth, t, &f->a, &f->d);
    fflush(f->d.out);
    return f;
}

static void test_include_spliced(void **st) {
    (void)st;
    char dir[64], p[256], main_path[256];
    make_tree(dir);
    snprintf(p, sizeof p, "%s/sub/f.stan", dir);
    write_file(p, "real sq(real x) {\n  return x * x;\n}\n#include g.stan\n");
    snprintf(p, sizeof p, "%s/sub/g.stan", dir);
    write_file(p, "real cube(real x) { return x ^ 3; }\n");
    snprintf(main_path, sizeof main_path, "%s/main.stan", dir);
    write_file(main_path, "functions {\n#include \"sub/f.stan\"\n}\nmodel {\n  real z = sq(2.0);\n}\n");
    pfix *f = parse_path(main_path);
    if (!f->p) fail_msg("%s", f->msgs);
    assert_int_equal(f->p->functions.n, 2);
    fundef *sq = f->p->functions.items[0], *cube = f->p->functions.items[1];
    assert_non_null(strstr(sq->span.file, "sub/f.stan"));
    assert_int_equal(sq->span.line, 1);
    assert_non_null(strstr(cube->span.file, "sub/g.stan"));
    stmt *z = blk(f, BLK_MODEL, 0);
    assert_string_equal(z->span.file, f->p->file);
    assert_int_equal(z->span.line, 5); /* the includer's own line numbers */
    assert_int_equal(z->span.col, 3);
    pfix_free(f);
    rm_tree(dir);
}

static void test_include_error_excerpt(void **st) {
    (void)st;
    char dir[64], p[256], main_path[256];
    make_tree(dir);
    snprintf(p, sizeof p, "%s/sub/bad.stan", dir);
    write_file(p, "// first\nreal f(real x) { return x }\n");
    snprintf(main_path, sizeof main_path, "%s/main.stan", dir);
    write_file(main_path, "functions {\n  #include <sub/bad.stan>\n}\nmodel {\n  x = ;\n}\n");
    pfix *f = parse_path(main_path);
    assert_null(f->p);
    char want[512];
    snprintf(want, sizeof want, "%s/sub/bad.stan:2:27: error: expected ';', found '}'\n"
                                "    2 | real f(real x) { return x }\n", dir);
    if (!strstr(f->msgs, want)) fail_msg("wanted '%s' in:\n%s", want, f->msgs);
    snprintf(want, sizeof want, "%s/main.stan:5:7: error: expected an expression", dir);
    if (!strstr(f->msgs, want)) fail_msg("wanted '%s' in:\n%s", want, f->msgs);
    pfix_free(f);
    rm_tree(dir);
}

static void test_include_missing_and_cycle(void **st) {
    (void)st;
    char dir[64], p[256], main_path[256];
    make_tree(dir);
    snprintf(main_path, sizeof main_path, "%s/main.stan", dir);
    write_file(main_path, "model {\n#include nope.stan\n}\n");
    pfix *f = parse_path(main_path);
    assert_null(f->p);
    assert_non_null(strstr(f->msgs, "main.stan:2:1: error: cannot find the included file 'nope.stan'"));
    pfix_free(f);
    snprintf(p, sizeof p, "%s/sub/a.stan", dir);
    write_file(p, "real a = 1;\n#include \"b.stan\"\n");
    snprintf(p, sizeof p, "%s/sub/b.stan", dir);
    write_file(p, "#include \"../main.stan\"\n");
    write_file(main_path, "model {\n#include \"sub/a.stan\"\n}\n");
    f = parse_path(main_path);
    assert_null(f->p);
    if (!strstr(f->msgs, "sub/b.stan:1:1: error: #include cycle: '../main.stan' is already being read"))
        fail_msg("%s", f->msgs);
    pfix_free(f);
    write_file(p, "#include \"b.stan\"\n"); /* includes itself */
    f = parse_path(main_path);
    assert_null(f->p);
    assert_non_null(strstr(f->msgs, "sub/b.stan:1:1: error: #include cycle: 'b.stan'"));
    pfix_free(f);
    rm_tree(dir);
}

static void test_include_search_path(void **st) {
    (void)st;
    char dir[64], p[256], main_path[256], lib[128];
    make_tree(dir);
    snprintf(p, sizeof p, "%s/lib/prior.stan", dir);
    write_file(p, "mu ~ normal(0, 1);\n");
    snprintf(main_path, sizeof main_path, "%s/main.stan", dir);
    write_file(main_path, "parameters {\n  real mu;\n}\nmodel {\n  #include \"prior.stan\"\n}\n");
    snprintf(lib, sizeof lib, "%s/lib", dir);
    const char *dirs[] = {lib};
    frontend_opts o = {.include_dirs = dirs, .n_include_dirs = 1, .no_pedantic = 1};
    arena a = {0};
    char *msgs = NULL;
    size_t len = 0;
    diag d = {.out = open_memstream(&msgs, &len)};
    program *prog = frontend_load_opts(main_path, &o, &a, &d);
    fclose(d.out);
    if (!prog) fail_msg("%s", msgs);
    assert_int_equal(prog->blocks[BLK_MODEL].n, 1);
    stmt *s = prog->blocks[BLK_MODEL].items[0];
    assert_int_equal(s->kind, ST_TILDE);
    assert_non_null(strstr(s->span.file, "lib/prior.stan"));
    free(msgs);
    arena_free(&a);
    rm_tree(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_program),
        cmocka_unit_test(test_all_blocks),
        cmocka_unit_test(test_declarations),
        cmocka_unit_test(test_bound_gt_closes),
        cmocka_unit_test(test_precedence),
        cmocka_unit_test(test_left_assoc_and_parens),
        cmocka_unit_test(test_calls_and_indexing),
        cmocka_unit_test(test_tilde),
        cmocka_unit_test(test_compound_assign),
        cmocka_unit_test(test_loops_and_locals),
        cmocka_unit_test(test_block_level_vs_local),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_caret_line),
        cmocka_unit_test(test_deep_nesting_refused),
        cmocka_unit_test(test_expr_precedence_stan),
        cmocka_unit_test(test_literals),
        cmocka_unit_test(test_multi_index),
        cmocka_unit_test(test_parens_marked),
        cmocka_unit_test(test_dangling_else),
        cmocka_unit_test(test_statements),
        cmocka_unit_test(test_return_forms),
        cmocka_unit_test(test_types_and_constraints),
        cmocka_unit_test(test_constraint_kinds_set),
        cmocka_unit_test(test_several_declarators),
        cmocka_unit_test(test_functions_block),
        cmocka_unit_test(test_old_array_syntax_warns),
        cmocka_unit_test(test_removed_syntax),
        cmocka_unit_test(test_recovery_reports_several),
        cmocka_unit_test(test_recovery_in_functions),
        cmocka_unit_test(test_recovery_echo_hidden),
        cmocka_unit_test(test_recovery_capped),
        cmocka_unit_test(test_lexer_error_then_recovery),
        cmocka_unit_test(test_include_spliced),
        cmocka_unit_test(test_include_error_excerpt),
        cmocka_unit_test(test_include_missing_and_cycle),
        cmocka_unit_test(test_include_search_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
