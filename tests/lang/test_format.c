/* tests/lang/test_format.c — the canonical pretty printer (lang/format.c).
 *
 * In:  every program of tests/lang/good/ and models/, plus syntax trees built
 *      here by hand (so precedence rules are tested whatever the parser
 *      accepts today).
 * Out: cmocka results.  For each corpus program that loads: the formatted
 *      text loads again, formatting it again gives the same bytes, and the
 *      two typed trees are equal (ast_dump text, and a structural
 *      comparison that ignores only spans, parentheses and resolved
 *      pointers).  Programs that do not load yet are listed as SKIP with
 *      the first diagnostic and counted; a program that loads and fails to
 *      round-trip fails the test.
 * Never: writes into the source tree (temporary files live in /tmp).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "frontend.h"

/* ---- helpers ---------------------------------------------------------------- */

static char *format_text(const program *p) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(format_program(p, f), 0);
    fclose(f);
    return buf;
}

static char *dump_text(const program *p) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ast_dump(p, f);
    fclose(f);
    return buf;
}

/* Loads path (with dir as include path); NULL with the first diagnostic
 * line in why. */
static program *load_quiet(const char *path, const char *dir, arena *a, char *why, size_t n) {
    char *msgs = NULL;
    size_t len = 0;
    diag d = {.out = open_memstream(&msgs, &len)};
    const char *dirs[1] = {dir};
    frontend_opts o = {.include_dirs = dirs, .n_include_dirs = dir ? 1 : 0};
    program *p = frontend_load_opts(path, &o, a, &d);
    fclose(d.out);
    if (!p || d.errors) {
        snprintf(why, n, "%.*s", (int)strcspn(msgs ? msgs : "", "\n"), msgs ? msgs : "");
        p = NULL;
    }
    free(msgs);
    return p;
}

static void write_text(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* ---- structural equality (spans, parens and resolved pointers aside) ------ */

static int type_eq(const val_type *a, const val_type *b) {
    if (a->base != b->base || a->array_dims != b->array_dims || a->ntuple != b->ntuple) return 0;
    for (int i = 0; i < a->ntuple; i++)
        if (!type_eq(&a->tuple[i], &b->tuple[i])) return 0;
    return 1;
}

static int str_eq(const char *a, const char *b) {
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int expr_eq(const expr *a, const expr *b);

static int list_eq(const ptr_vec *a, const ptr_vec *b, int (*eq)(const void *, const void *)) {
    if (a->n != b->n) return 0;
    for (int i = 0; i < a->n; i++)
        if (!eq(a->items[i], b->items[i])) return 0;
    return 1;
}

static int expr_eq_v(const void *a, const void *b) { return expr_eq(a, b); }

static int expr_eq(const expr *a, const expr *b) {
    if (!a || !b) return a == b;
    if (a->kind != b->kind || !type_eq(&a->type, &b->type)) return 0;
    if (a->ival != b->ival || !str_eq(a->name, b->name) || !str_eq(a->str, b->str)) return 0;
    if (memcmp(&a->rval, &b->rval, sizeof a->rval) != 0) return 0;
    if ((a->kind == EX_UNARY || a->kind == EX_BINARY) && a->op != b->op) return 0;
    if (a->bar_call != b->bar_call || (a->sig != b->sig) || (!a->fun != !b->fun)) return 0;
    if ((a->decl == NULL) != (b->decl == NULL)) return 0;
    return expr_eq(a->lhs, b->lhs) && expr_eq(a->rhs, b->rhs) && expr_eq(a->cond, b->cond) &&
           list_eq(&a->args, &b->args, expr_eq_v);
}

static int decl_eq(const decl *a, const decl *b);
static int decl_eq_v(const void *a, const void *b) { return decl_eq(a, b); }

static int decl_eq(const decl *a, const decl *b) {
    if (!a || !b) return a == b;
    return a->kind == b->kind && str_eq(a->name, b->name) && type_eq(&a->type, &b->type) &&
           a->block == b->block && a->is_local == b->is_local && a->cons == b->cons &&
           a->index == b->index && a->is_data_arg == b->is_data_arg &&
           list_eq(&a->array_sizes, &b->array_sizes, expr_eq_v) &&
           expr_eq(a->vec_size, b->vec_size) && expr_eq(a->vec_cols, b->vec_cols) &&
           expr_eq(a->lower, b->lower) && expr_eq(a->upper, b->upper) &&
           expr_eq(a->offset, b->offset) && expr_eq(a->multiplier, b->multiplier) &&
           list_eq(&a->tuple_elems, &b->tuple_elems, decl_eq_v) && expr_eq(a->init, b->init);
}

static int stmt_eq(const stmt *a, const stmt *b);
static int stmt_eq_v(const void *a, const void *b) { return stmt_eq(a, b); }

static int stmt_eq(const stmt *a, const stmt *b) {
    if (!a || !b) return a == b;
    return a->kind == b->kind && decl_eq(a->decl, b->decl) && expr_eq(a->lhs, b->lhs) &&
           expr_eq(a->rhs, b->rhs) && (a->kind != ST_ASSIGN || a->assign_op == b->assign_op) &&
           str_eq(a->dist_name, b->dist_name) && list_eq(&a->args, &b->args, expr_eq_v) &&
           a->sig == b->sig && a->truncated == b->truncated &&
           expr_eq(a->trunc_lo, b->trunc_lo) && expr_eq(a->trunc_hi, b->trunc_hi) &&
           expr_eq(a->cond, b->cond) && stmt_eq(a->then_s, b->then_s) &&
           stmt_eq(a->else_s, b->else_s) && str_eq(a->str, b->str) && expr_eq(a->lo, b->lo) &&
           expr_eq(a->hi, b->hi) && list_eq(&a->body, &b->body, stmt_eq_v);
}

static int fundef_eq(const void *va, const void *vb) {
    const fundef *a = va, *b = vb;
    return str_eq(a->name, b->name) && type_eq(&a->ret, &b->ret) && !a->body == !b->body &&
           list_eq(&a->params, &b->params, decl_eq_v) && stmt_eq(a->body, b->body);
}

static int program_eq(const program *a, const program *b) {
    if (!list_eq(&a->functions, &b->functions, fundef_eq)) return 0;
    for (int k = 0; k < BLK_COUNT; k++)
        if (a->present[k] != b->present[k] || !list_eq(&a->blocks[k], &b->blocks[k], stmt_eq_v))
            return 0;
    return 1;
}

/* ---- the corpora ------------------------------------------------------------------ */

static const char *src_root(char *buf, size_t n) { /* repo root from __FILE__ */
    snprintf(buf, n, "%s", __FILE__);
    char *t = strstr(buf, "tests/lang/test_format.c");
    if (t) *t = '\0'; else snprintf(buf, n, "./");
    if (!buf[0]) snprintf(buf, n, "./");
    return buf;
}

typedef struct { int checked, skipped, failed; } tally;

/* Round-trips one program; prints SKIP or FAIL lines. */
static void round_trip(const char *dir, const char *name, tally *t) {
    char path[2048], why[512] = "", tmp[] = "/tmp/bm_fmt_XXXXXX";
    snprintf(path, sizeof path, "%s/%s", dir, name);
    arena a = {0};
    program *p = load_quiet(path, dir, &a, why, sizeof why);
    if (!p) {
        printf("SKIP %s: %s\n", name, why);
        t->skipped++;
        arena_free(&a);
        return;
    }
    t->checked++;
    char *once = format_text(p);
    assert_non_null(mkdtemp(tmp));
    char fpath[128];
    snprintf(fpath, sizeof fpath, "%s/%s", tmp, name);
    write_text(fpath, once);
    program *q = load_quiet(fpath, dir, &a, why, sizeof why);
    const char *problem = NULL;
    char *twice = NULL, *d1 = NULL, *d2 = NULL;
    if (!q) problem = why;
    else {
        twice = format_text(q);
        d1 = dump_text(p);
        d2 = dump_text(q);
        if (strcmp(once, twice)) problem = "formatting is not idempotent";
        else if (strcmp(d1, d2)) problem = "ast_dump differs after formatting";
        else if (!program_eq(p, q)) problem = "the tree differs after formatting";
    }
    if (problem) {
        printf("FAIL %s: %s\n--- formatted:\n%s", name, problem, once);
        if (twice && strcmp(once, twice)) printf("--- formatted twice:\n%s", twice);
        t->failed++;
    }
    free(once), free(twice), free(d1), free(d2);
    remove(fpath);
    rmdir(tmp);
    arena_free(&a);
}

static void corpus_dir(const char *dir, tally *t) {
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    struct dirent *e;
    while ((e = readdir(dp))) {
        size_t l = strlen(e->d_name);
        if (l > 7 && !strcmp(e->d_name + l - 7, ".bmodel")) round_trip(dir, e->d_name, t);
    }
    closedir(dp);
}

static void test_corpus_round_trips(void **st) {
    (void)st;
    char root[1024], dir[1200];
    tally t = {0};
    src_root(root, sizeof root);
    snprintf(dir, sizeof dir, "%stests/lang/good", root);
    corpus_dir(dir, &t);
    snprintf(dir, sizeof dir, "%smodels", root);
    corpus_dir(dir, &t);
    printf("format round trip: %d programs checked, %d skipped (do not load yet), %d failed\n",
           t.checked, t.skipped, t.failed);
    assert_true(t.checked >= 20);
    assert_int_equal(t.failed, 0);
}

/* ---- hand-built trees: precedence and parentheses ------------------------------- */

static arena A;
static const src_span NOWHERE = {0};

static expr *var(const char *name) {
    expr *e = ast_expr_new(&A, EX_VAR, NOWHERE);
    e->name = name;
    return e;
}
static expr *num(long v) {
    expr *e = ast_expr_new(&A, EX_INT_LIT, NOWHERE);
    e->ival = v;
    return e;
}
static expr *real(double v) {
    expr *e = ast_expr_new(&A, EX_REAL_LIT, NOWHERE);
    e->rval = v;
    return e;
}
static expr *bin(op_kind op, expr *l, expr *r) {
    expr *e = ast_expr_new(&A, EX_BINARY, NOWHERE);
    e->op = op, e->lhs = l, e->rhs = r;
    return e;
}
static expr *un(op_kind op, expr *x) {
    expr *e = ast_expr_new(&A, EX_UNARY, NOWHERE);
    e->op = op, e->lhs = x;
    return e;
}
static expr *tern(expr *c, expr *a, expr *b) {
    expr *e = ast_expr_new(&A, EX_TERNARY, NOWHERE);
    e->cond = c, e->lhs = a, e->rhs = b;
    return e;
}
static expr *paren(expr *e) {
    e->parens = 1;
    return e;
}
static expr *range(expr *lo, expr *hi) {
    expr *e = ast_expr_new(&A, EX_RANGE, NOWHERE);
    e->lhs = lo, e->rhs = hi;
    return e;
}
static expr *index3(expr *base, expr *i, expr *j, expr *k) {
    expr *e = ast_expr_new(&A, EX_INDEX, NOWHERE);
    e->lhs = base;
    ptr_vec_push(&A, &e->args, i);
    ptr_vec_push(&A, &e->args, j);
    ptr_vec_push(&A, &e->args, k);
    return e;
}

static program *model_of(stmt *s) {
    program *p = arena_alloc(&A, sizeof *p);
    p->source = "";
    p->present[BLK_MODEL] = 1;
    ptr_vec_push(&A, &p->blocks[BLK_MODEL], s);
    return p;
}

/* The text `target += e;` formats to, between "+= " and ";". */
static void expect_expr(expr *e, const char *want) {
    stmt *s = ast_stmt_new(&A, ST_TARGET, NOWHERE);
    s->rhs = e;
    char *got = format_text(model_of(s));
    const char *b = strstr(got, "+= ");
    assert_non_null(b);
    b += 3;
    const char *end = strstr(b, ";\n");
    assert_non_null(end);
    if ((size_t)(end - b) != strlen(want) || strncmp(b, want, strlen(want))) {
        print_error("want '%s', got '%.*s'\n", want, (int)(end - b), b);
        fail();
    }
    free(got);
}

static void test_precedence(void **st) {
    (void)st;
    expr *a = var("a"), *b = var("b"), *c = var("c"), *d = var("d"), *e = var("e");
    expect_expr(un(OP_NEG, bin(OP_POW, a, num(2))), "-a ^ 2");
    expect_expr(bin(OP_POW, un(OP_NEG, a), num(2)), "(-a) ^ 2");
    expect_expr(bin(OP_SUB, a, bin(OP_SUB, b, c)), "a - (b - c)");
    expect_expr(bin(OP_SUB, bin(OP_SUB, a, b), c), "a - b - c");
    expect_expr(bin(OP_DIV, a, bin(OP_MUL, b, c)), "a / (b * c)");
    expect_expr(bin(OP_ADD, a, bin(OP_MUL, b, c)), "a + b * c");
    expect_expr(bin(OP_MUL, bin(OP_ADD, a, b), c), "(a + b) * c");
    expect_expr(tern(a, b, tern(c, d, e)), "a ? b : c ? d : e");
    expect_expr(tern(a, b, paren(tern(c, d, e))), "a ? b : (c ? d : e)");
    expect_expr(tern(tern(a, b, c), d, e), "(a ? b : c) ? d : e");
    expect_expr(bin(OP_MUL, un(OP_TRANSPOSE, a), b), "a' * b");
    expect_expr(un(OP_TRANSPOSE, bin(OP_ADD, a, b)), "(a + b)'");
    expect_expr(bin(OP_POW, a, bin(OP_POW, b, c)), "a ^ b ^ c");
    expect_expr(bin(OP_POW, bin(OP_POW, a, b), c), "(a ^ b) ^ c");
    expect_expr(bin(OP_POW, a, un(OP_NEG, b)), "a ^ (-b)");
    expect_expr(bin(OP_MUL, a, bin(OP_ELT_MUL, b, c)), "a * (b .* c)");
    expect_expr(bin(OP_ELT_MUL, bin(OP_MUL, a, b), c), "(a * b) .* c");
    expect_expr(bin(OP_MUL, bin(OP_DIV, a, b), bin(OP_MOD, c, d)), "a / b * (c % d)");
    expect_expr(bin(OP_LDIV, a, b), "a \\ b");
    expect_expr(bin(OP_INT_DIV, a, b), "a %/% b");
    expect_expr(bin(OP_ELT_POW, a, b), "a .^ b");
    expect_expr(un(OP_NEG, un(OP_NEG, a)), "-(-a)");
    expect_expr(bin(OP_SUB, a, un(OP_NEG, b)), "a - -b");
    expect_expr(bin(OP_OR, bin(OP_AND, a, b), c), "a && b || c");
    expect_expr(bin(OP_AND, bin(OP_OR, a, b), c), "(a || b) && c");
    expect_expr(bin(OP_LT, bin(OP_ADD, a, b), c), "a + b < c");
    expect_expr(bin(OP_EQ, bin(OP_LT, a, b), c), "a < b == c");
    expect_expr(un(OP_NOT, bin(OP_EQ, a, b)), "!(a == b)");
    expect_expr(paren(bin(OP_ADD, a, b)), "(a + b)");
    expect_expr(index3(un(OP_TRANSPOSE, a), range(num(2), NULL), range(NULL, num(3)), range(NULL, NULL)),
                "a'[2:, :3, :]");
    expect_expr(index3(bin(OP_ADD, a, b), range(bin(OP_ADD, c, num(1)), d), num(1), num(2)),
                "(a + b)[c + 1:d, 1, 2]");
}

static void test_literals(void **st) {
    (void)st;
    expect_expr(real(1.0), "1.0");
    expect_expr(real(0.1), "0.1");
    expect_expr(real(2.5), "2.5");
    expect_expr(real(1e-5), "1e-5");
    expect_expr(real(1e20), "1e20");
    expect_expr(real(1.0 / 3.0), "0.3333333333333333");
    expect_expr(real(123456789.0), "123456789.0");
    expect_expr(un(OP_NEG, real(0.5)), "-0.5");
    expect_expr(num(42), "42");
    /* every printed real reads back to the same double */
    double vals[] = {0.1, 1.0 / 3.0, 6.02214076e23, 5e-324, 1.7976931348623157e308, 100.0, 0.3};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        stmt *s = ast_stmt_new(&A, ST_TARGET, NOWHERE);
        s->rhs = real(vals[i]);
        char *got = format_text(model_of(s));
        const char *b = strstr(got, "+= ") + 3;
        assert_true(strtod(b, NULL) == vals[i]);
        const char *mark = strpbrk(b, ".e");
        assert_non_null(mark);
        assert_true(mark < strchr(b, ';'));
        free(got);
    }
    expr *s = ast_expr_new(&A, EX_STRING, NOWHERE);
    s->str = "say \"hi\" \\ now";
    expect_expr(s, "\"say \\\"hi\\\" \\\\ now\"");
}

/* ---- hand-built statements and declarations ------------------------------------- */

static decl *mkdecl(const char *name, base_type bt, int dims) {
    decl *d = ast_decl_new(&A, DECL_VAR, NOWHERE);
    d->name = name;
    d->type.base = bt;
    d->type.array_dims = dims;
    return d;
}

static stmt *decl_stmt(decl *d) {
    stmt *s = ast_stmt_new(&A, ST_DECL, NOWHERE);
    s->decl = d;
    return s;
}

static void expect_stmt(stmt *s, const char *want) {
    char *got = format_text(model_of(s));
    const char *body = got + strlen("model {\n");
    size_t n = strlen(body) - strlen("}\n");
    if (n != strlen(want) || strncmp(body, want, n)) {
        print_error("want:\n%s\ngot:\n%.*s\n", want, (int)n, body);
        fail();
    }
    free(got);
}

static void test_declarations(void **st) {
    (void)st;
    decl *y = mkdecl("y", TY_REAL, 2);
    y->old_array_syntax = 1;
    ptr_vec_push(&A, &y->array_sizes, var("N"));
    ptr_vec_push(&A, &y->array_sizes, num(3));
    y->cons = CON_BOUNDS;
    y->lower = num(0);
    y->upper = bin(OP_ADD, var("u"), num(1));
    expect_stmt(decl_stmt(y), "  array[N, 3] real<lower=0, upper=u + 1> y;\n");
    decl *z = mkdecl("z", TY_VECTOR, 0);
    z->cons = CON_AFFINE;
    z->offset = var("mu");
    z->multiplier = var("tau");
    z->vec_size = var("K");
    expect_stmt(decl_stmt(z), "  vector<offset=mu, multiplier=tau>[K] z;\n");
    decl *s = mkdecl("s", TY_VECTOR, 0);
    s->cons = CON_SIMPLEX;
    s->vec_size = var("K");
    expect_stmt(decl_stmt(s), "  simplex[K] s;\n");
    decl *l = mkdecl("L", TY_MATRIX, 0);
    l->cons = CON_CHOLESKY_COV;
    l->vec_size = var("M");
    l->vec_cols = var("N");
    expect_stmt(decl_stmt(l), "  cholesky_factor_cov[M, N] L;\n");
    decl *b = mkdecl("b", TY_REAL, 0);
    b->cons = CON_BOUNDS;
    b->lower = bin(OP_LT, var("a"), var("c")); /* a comparison inside <...> needs ( ) */
    expect_stmt(decl_stmt(b), "  real<lower=(a < c)> b;\n");
    decl *t = mkdecl("t", TY_TUPLE, 1);
    ptr_vec_push(&A, &t->array_sizes, num(2));
    decl *t1 = mkdecl("", TY_REAL, 0), *t2 = mkdecl("", TY_INT, 1);
    ptr_vec_push(&A, &t2->array_sizes, var("N"));
    ptr_vec_push(&A, &t->tuple_elems, t1);
    ptr_vec_push(&A, &t->tuple_elems, t2);
    expect_stmt(decl_stmt(t), "  array[2] tuple(real, array[N] int) t;\n");
}

static void test_statements(void **st) {
    (void)st;
    stmt *ifs = ast_stmt_new(&A, ST_IF, NOWHERE), *els = ast_stmt_new(&A, ST_IF, NOWHERE);
    stmt *blk = ast_stmt_new(&A, ST_BLOCK, NOWHERE), *brk = ast_stmt_new(&A, ST_BREAK, NOWHERE);
    stmt *pr = ast_stmt_new(&A, ST_PRINT, NOWHERE);
    expr *msg = ast_expr_new(&A, EX_STRING, NOWHERE);
    msg->str = "x=";
    ptr_vec_push(&A, &pr->args, msg);
    ptr_vec_push(&A, &pr->args, var("x"));
    ptr_vec_push(&A, &blk->body, pr);
    ifs->cond = bin(OP_GT, var("x"), num(0));
    ifs->then_s = blk;
    ifs->else_s = els;
    els->cond = var("y");
    els->then_s = brk;
    expect_stmt(ifs, "  if (x > 0) {\n    print(\"x=\", x);\n  } else if (y)\n    break;\n");
    stmt *t = ast_stmt_new(&A, ST_TILDE, NOWHERE);
    t->lhs = var("y");
    t->dist_name = "normal";
    ptr_vec_push(&A, &t->args, num(0));
    ptr_vec_push(&A, &t->args, num(1));
    t->truncated = 1;
    t->trunc_lo = num(0);
    expect_stmt(t, "  y ~ normal(0, 1) T[0,];\n");
    stmt *w = ast_stmt_new(&A, ST_WHILE, NOWHERE), *as = ast_stmt_new(&A, ST_ASSIGN, NOWHERE);
    as->lhs = var("x");
    as->rhs = num(2);
    as->assign_op = OP_ELT_DIV;
    w->cond = num(1);
    ptr_vec_push(&A, &w->body, as);
    expect_stmt(w, "  while (1) {\n    x ./= 2;\n  }\n");
}

static void test_functions(void **st) {
    (void)st;
    program *p = arena_alloc(&A, sizeof *p);
    p->source = "";
    p->present[BLK_FUNCTIONS] = 1;
    fundef *fwd = arena_alloc(&A, sizeof *fwd), *def = arena_alloc(&A, sizeof *def);
    decl *x = ast_decl_new(&A, DECL_FUN_ARG, NOWHERE), *v = ast_decl_new(&A, DECL_FUN_ARG, NOWHERE);
    x->name = "x", x->type.base = TY_REAL, x->is_data_arg = 1;
    v->name = "v", v->type.base = TY_VECTOR, v->type.array_dims = 2;
    fwd->name = def->name = "f";
    fwd->ret.base = def->ret.base = TY_REAL;
    ptr_vec_push(&A, &fwd->params, x);
    ptr_vec_push(&A, &fwd->params, v);
    def->params = fwd->params;
    stmt *body = ast_stmt_new(&A, ST_BLOCK, NOWHERE), *ret = ast_stmt_new(&A, ST_RETURN, NOWHERE);
    ret->rhs = var("x");
    ptr_vec_push(&A, &body->body, ret);
    def->body = body;
    ptr_vec_push(&A, &p->functions, fwd);
    ptr_vec_push(&A, &p->functions, def);
    char *got = format_text(p);
    assert_string_equal(got, "functions {\n  real f(data real x, array[,] vector v);\n\n"
                             "  real f(data real x, array[,] vector v) {\n    return x;\n  }\n}\n");
    free(got);
}

/* Comments stay where they were, relative to the statements. */
static void test_comments_kept(void **st) {
    (void)st;
    const char *src = "// head\nparameters {\n  real mu; // trailing\n  /* before\n     sigma */\n"
                      "  real<lower=0> sigma;\n  // at the end\n}\n\nmodel {\n"
                      "  mu ~ normal(0, 1);\n}\n// tail\n";
    char tmp[] = "/tmp/bm_fmtc_XXXXXX", path[64], why[256];
    assert_non_null(mkdtemp(tmp));
    snprintf(path, sizeof path, "%s/c.bmodel", tmp);
    write_text(path, src);
    arena a = {0};
    program *p = load_quiet(path, NULL, &a, why, sizeof why);
    if (!p) print_error("%s\n", why);
    assert_non_null(p);
    char *got = format_text(p);
    assert_string_equal(got, "// head\nparameters {\n  real mu; // trailing\n  /* before\n     sigma */\n"
                             "  real<lower=0> sigma;\n  // at the end\n}\n\nmodel {\n"
                             "  mu ~ normal(0, 1);\n}\n\n// tail\n");
    free(got);
    arena_free(&a);
    remove(path);
    rmdir(tmp);
}

static int teardown(void **st) {
    (void)st;
    arena_free(&A);
    return 0;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_precedence),
        cmocka_unit_test(test_literals),
        cmocka_unit_test(test_declarations),
        cmocka_unit_test(test_statements),
        cmocka_unit_test(test_functions),
        cmocka_unit_test(test_comments_kept),
        cmocka_unit_test(test_corpus_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
