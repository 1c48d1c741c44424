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
    expect_syntax("model {", "error: expected '}' or ';', found end of file");
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
