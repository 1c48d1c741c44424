/* tests/lang/test_lexer.c — token kinds, values and spans from lexer.l.
 * In: small source strings.  Out: cmocka assertions on lex_tokens().
 * Never: depends on the parser's behaviour beyond token numbers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "parse.h"
#include "parser.h"

typedef struct {
    arena a;
    diag d;
    char *msgs;
    size_t msgs_len;
    parse_ctx pc;
    lex_token toks[64];
    int n;
} lexfix;

/* Tokenizes src into f (diagnostics captured in f->msgs). */
static void lex_run(lexfix *f, const char *src) {
    memset(f, 0, sizeof *f);
    f->d.out = open_memstream(&f->msgs, &f->msgs_len);
    f->d.source = src;
    f->pc = (parse_ctx){.a = &f->a, .d = &f->d, .file = "t.bmodel"};
    f->n = lex_tokens(&f->pc, src, strlen(src), f->toks, 64);
    fflush(f->d.out);
}

static void lex_done(lexfix *f) {
    fclose(f->d.out);
    free(f->msgs);
    arena_free(&f->a);
}

static void assert_span(const lex_token *t, int l, int c, int el, int ec) {
    assert_int_equal(t->span.line, l);
    assert_int_equal(t->span.col, c);
    assert_int_equal(t->span.end_line, el);
    assert_int_equal(t->span.end_col, ec);
}

static void test_keywords_and_idents(void **st) {
    (void)st;
    lexfix f;
    lex_run(&f, "data int real vector array foo_1 target");
    int want[] = {DATA, INT, REAL, VECTOR, ARRAY, IDENT, TARGET, YYEOF};
    assert_int_equal(f.n, 8);
    for (int i = 0; i < 8; i++) assert_int_equal(f.toks[i].kind, want[i]);
    assert_string_equal(f.toks[5].text, "foo_1");
    assert_span(&f.toks[5], 1, 28, 1, 32);
    lex_done(&f);
}

static void test_two_word_block_names(void **st) {
    (void)st;
    lexfix f;
    lex_run(&f, "transformed data\ntransformed\n  parameters generated quantities");
    assert_int_equal(f.toks[0].kind, TDATA);
    assert_int_equal(f.toks[1].kind, TPARAMS);
    assert_span(&f.toks[1], 2, 1, 3, 12);
    assert_int_equal(f.toks[2].kind, GQ);
    assert_span(&f.toks[2], 3, 14, 3, 33);
    lex_done(&f);
}

static void test_numbers(void **st) {
    (void)st;
    lexfix f;
    lex_run(&f, "42 1e-3 .5 2. 3.25E+2 7");
    assert_int_equal(f.toks[0].kind, INT_LIT);
    assert_int_equal(f.toks[0].ival, 42);
    assert_int_equal(f.toks[1].kind, REAL_LIT);
    assert_true(f.toks[1].rval == 1e-3);
    assert_int_equal(f.toks[2].kind, DOT_NUMERAL); /* `.5`: a real, or x.5 of a tuple */
    assert_string_equal(f.toks[2].text, ".5");
    assert_true(f.toks[3].rval == 2.0);
    assert_true(f.toks[4].rval == 325.0);
    assert_int_equal(f.toks[5].kind, INT_LIT);
    assert_span(&f.toks[4], 1, 15, 1, 21);
    lex_done(&f);
}

static void test_operators(void **st) {
    (void)st;
    lexfix f;
    lex_run(&f, "<= >= == != && || += -= *= /= < > = ! ~ | ; : ,");
    int want[] = {LE, GE, EQ, NE, AND, OR, PLUS_EQ, MINUS_EQ, TIMES_EQ, DIV_EQ,
                  '<', '>', '=', '!', '~', '|', ';', ':', ',', YYEOF};
    assert_int_equal(f.n, 20);
    for (int i = 0; i < 20; i++) assert_int_equal(f.toks[i].kind, want[i]);
    lex_done(&f);
}

static void test_stan_operators(void **st) {
    (void)st;
    lexfix f;
    lex_run(&f, ".*= ./= .* ./ .^ %/% % \\ ^ ' ? a.*b");
    int want[] = {ELT_TIMES_EQ, ELT_DIV_EQ, ELT_TIMES, ELT_DIV, ELT_POW, INT_DIV, '%', '\\',
                  '^', '\'', '?', IDENT, ELT_TIMES, IDENT, YYEOF};
    assert_int_equal(f.n, 15);
    for (int i = 0; i < 15; i++) assert_int_equal(f.toks[i].kind, want[i]);
    assert_span(&f.toks[5], 1, 18, 1, 20);
    lex_done(&f);
}

static void test_stan_keywords(void **st) {
    (void)st;
    lexfix f;
    lex_run(&f, "while if else break continue return print reject fatal_error profile "
                "void tuple complex complex_matrix simplex cholesky_factor_cov "
                "column_stochastic_matrix lower T");
    int want[] = {WHILE, IF, ELSE, BREAK, CONTINUE, RETURN, PRINT, REJECT_STMT, FATAL_ERROR,
                  PROFILE, VOID, TUPLE, COMPLEX, COMPLEX_MATRIX, SIMPLEX, CHOLESKY_FACTOR_COV,
                  COLUMN_STOCHASTIC_MATRIX, IDENT, IDENT, YYEOF};
    assert_int_equal(f.n, 20);
    for (int i = 0; i < 20; i++) assert_int_equal(f.toks[i].kind, want[i]);
    lex_done(&f);
}

static void test_imaginary_and_dot_numerals(void **st) {
    (void)st;
    lexfix f;
    lex_run(&f, "2i 1.5e3i .5i t.12 .5 x.1.2");
    assert_int_equal(f.toks[0].kind, IMAG_LIT);
    assert_true(f.toks[0].rval == 2.0);
    assert_true(f.toks[1].rval == 1500.0);
    assert_true(f.toks[2].rval == 0.5);
    assert_int_equal(f.toks[3].kind, IDENT);
    assert_int_equal(f.toks[4].kind, DOT_NUMERAL);
    assert_string_equal(f.toks[4].text, ".12");
    assert_int_equal(f.toks[5].kind, DOT_NUMERAL);
    assert_int_equal(f.toks[7].kind, DOT_NUMERAL);
    assert_int_equal(f.toks[8].kind, DOT_NUMERAL);
    assert_int_equal(f.toks[9].kind, YYEOF);
    lex_done(&f);
}

static void test_strings(void **st) {
    (void)st;
    lexfix f;
    lex_run(&f, "print(\"a \\\"b\\\" \\\\ c\")");
    assert_int_equal(f.toks[2].kind, STRING_LIT);
    assert_string_equal(f.toks[2].text, "a \"b\" \\ c");
    assert_span(&f.toks[2], 1, 7, 1, 20);
    lex_done(&f);
    lex_run(&f, "print(\"open\n)");
    assert_int_equal(f.toks[2].kind, LEX_ERROR);
    assert_non_null(strstr(f.msgs, "1:7: error: unterminated string"));
    lex_done(&f);
}

static void test_comments_skipped(void **st) {
    (void)st;
    lexfix f;
    lex_run(&f, "a // one\n/* three\n four */ b");
    assert_int_equal(f.n, 3);
    assert_string_equal(f.toks[1].text, "b");
    assert_span(&f.toks[1], 3, 10, 3, 10);
    assert_int_equal(f.d.errors, 0);
    lex_done(&f);
}

static void test_hash_comment_is_error(void **st) {
    (void)st;
    lexfix f;
    lex_run(&f, "a\n  # old comment\n# another\nb");
    assert_int_equal(f.n, 3); /* the comment is skipped after the error */
    assert_string_equal(f.toks[1].text, "b");
    assert_int_equal(f.d.errors, 1); /* once per file */
    assert_non_null(strstr(f.msgs, "t.bmodel:2:3: error: '#' comments are not Stan syntax any more; use '//'"));
    lex_done(&f);
}

static void test_include_needs_a_name(void **st) {
    (void)st;
    lexfix f;
    lex_run(&f, "a\n#include   \nb");
    assert_int_equal(f.toks[1].kind, LEX_ERROR);
    assert_non_null(strstr(f.msgs, "2:1: error: expected a file name after '#include'"));
    lex_done(&f);
}

static void test_unterminated_comment(void **st) {
    (void)st;
    lexfix f;
    lex_run(&f, "a\n  /* never closed\n\n");
    assert_int_equal(f.toks[f.n - 1].kind, LEX_ERROR);
    assert_int_equal(f.d.errors, 1);
    assert_non_null(strstr(f.msgs, "t.bmodel:2:3: error: unterminated comment"));
    lex_done(&f);
}

static void test_int_overflow(void **st) {
    (void)st;
    lexfix f;
    lex_run(&f, "x = 2147483648;");
    assert_int_equal(f.toks[2].kind, LEX_ERROR);
    assert_non_null(strstr(f.msgs, "1:5: error: integer literal is too large"));
    lex_done(&f);
    lex_run(&f, "2147483647");
    assert_int_equal(f.toks[0].kind, INT_LIT);
    assert_int_equal(f.toks[0].ival, 2147483647L);
    lex_done(&f);
}

static void test_bad_bytes(void **st) {
    (void)st;
    lexfix f;
    lex_run(&f, "a @");
    assert_int_equal(f.toks[1].kind, LEX_ERROR);
    assert_non_null(strstr(f.msgs, "1:3: error: unexpected character '@'"));
    lex_done(&f);
    lex_run(&f, "a \xff");
    assert_non_null(strstr(f.msgs, "non-ASCII byte 0xFF"));
    lex_done(&f);
}

static void test_nesting_cap(void **st) {
    (void)st;
    char src[PARSE_MAX_NEST + 8];
    memset(src, '(', PARSE_MAX_NEST + 1);
    src[PARSE_MAX_NEST + 1] = '\0';
    lexfix f;
    memset(&f, 0, sizeof f);
    f.d.out = open_memstream(&f.msgs, &f.msgs_len);
    f.pc = (parse_ctx){.a = &f.a, .d = &f.d, .file = "t.bmodel"};
    lex_token many[PARSE_MAX_NEST + 8];
    int n = lex_tokens(&f.pc, src, strlen(src), many, PARSE_MAX_NEST + 8);
    assert_int_equal(n, PARSE_MAX_NEST + 1);
    assert_int_equal(many[n - 1].kind, LEX_ERROR);
    assert_int_equal(many[n - 2].kind, '(');
    lex_done(&f);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keywords_and_idents),
        cmocka_unit_test(test_two_word_block_names),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_operators),
        cmocka_unit_test(test_stan_operators),
        cmocka_unit_test(test_stan_keywords),
        cmocka_unit_test(test_imaginary_and_dot_numerals),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_comments_skipped),
        cmocka_unit_test(test_hash_comment_is_error),
        cmocka_unit_test(test_include_needs_a_name),
        cmocka_unit_test(test_unterminated_comment),
        cmocka_unit_test(test_int_overflow),
        cmocka_unit_test(test_bad_bytes),
        cmocka_unit_test(test_nesting_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
