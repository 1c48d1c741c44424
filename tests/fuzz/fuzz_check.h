/* tests/fuzz/fuzz_check.h — one front-end robustness check, shared by the
 * libFuzzer target (fuzz_frontend.c) and the corpus replay test
 * (test_replay.c).
 *
 * In:  arbitrary bytes.  Out: nothing when every invariant holds; when one
 *      is broken, a message on stderr and abort(), so that libFuzzer records
 *      the input as a crash and the replay test dies.  The invariants:
 *        - parse_program returns NULL iff it reported an error;
 *        - sema_check's result is > 0 iff it reported an error;
 *        - lower_program returns NULL iff it reported an error, and its IR
 *          passes ir_verify before and after activity analysis; the C
 *          emitter runs to the end;
 *        - a program that type-checks is formatted by format_program, and
 *          the formatted text parses and type-checks again, dumps to the
 *          same typed AST, and formats to the same text (idempotence).
 * Never: writes files (diagnostics and outputs go to /dev/null or memory),
 *      leaks an arena.  Header-only (static functions) because each test
 *      binary of the Makefile is built from a single source file.
 */
#ifndef BM_FUZZ_CHECK_H
#define BM_FUZZ_CHECK_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "frontend.h"
#include "lower.h"

#define FUZZ_PATH "fuzz.bmodel"

/* Where the current input came from (test_replay sets it; for messages). */
static const char *fuzz_label = "libFuzzer input";

/* A stream that swallows everything (diagnostics, IR dumps, C). */
static FILE *fuzz_sink(void) {
    static FILE *sink;
    if (!sink) sink = fopen("/dev/null", "w");
    if (!sink) {
        fprintf(stderr, "fuzz: cannot open /dev/null\n");
        abort();
    }
    return sink;
}

/* Reports a broken invariant with the text involved, then aborts. */
static _Noreturn void fuzz_fail(const char *what, const char *text) {
    fprintf(stderr, "fuzz: %s: invariant broken: %s\n--- text ---\n%s\n--- end ---\n",
            fuzz_label, what, text ? text : "(none)");
    abort();
}

/* The bytes up to the first NUL (frontend_load rejects NUL bytes, so only
 * the text before one ever reaches the parser), NUL-terminated; malloc'd. */
static char *fuzz_text(const unsigned char *data, size_t size) {
    const unsigned char *nul = memchr(data, 0, size);
    size_t n = nul ? (size_t)(nul - data) : size;
    char *text = malloc(n + 1);
    if (!text) abort();
    memcpy(text, data, n);
    text[n] = '\0';
    return text;
}

/* Parses and type-checks `text` into `a`; NULL when either stage reported
 * errors.  Checks that NULL results and error counts agree. */
static program *fuzz_front(const char *text, arena *a, diag *d) {
    static const frontend_opts opts = {0};
    program *p = parse_program(FUZZ_PATH, text, a, d);
    if ((p == NULL) != (d->errors > 0)) fuzz_fail("parse_program: NULL iff errors > 0", text);
    if (!p) return NULL;
    int errs = sema_check_opts(p, &opts, d);
    if ((errs > 0) != (d->errors > 0)) fuzz_fail("sema_check: result > 0 iff errors > 0", text);
    return errs > 0 ? NULL : p;
}

/* Lowers a typed program and runs the back end's passes as bmc does. */
static void fuzz_back(const program *p, arena *a, diag *d, const char *text) {
    int before = d->errors;
    ir_module *m = lower_program(p, "fuzz", a, d);
    if ((m == NULL) != (d->errors > before)) fuzz_fail("lower_program: NULL iff errors", text);
    if (!m) return;
    if (ir_verify(m, fuzz_sink()) != 0) fuzz_fail("ir_verify after lowering", text);
    ir_activity(m);
    if (ir_verify(m, fuzz_sink()) != 0) fuzz_fail("ir_verify after activity analysis", text);
    if (emit_c_module(m, fuzz_sink(), NULL) != 0) fuzz_fail("emit_c_module failed", text);
}

/* Formats p into a malloc'd string; NULL when the formatter wrote nothing
 * and reported failure (no formatter built in yet). */
static char *fuzz_format(const program *p, const char *text) {
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    if (!f) abort();
    int rc = format_program(p, f);
    fclose(f);
    if (rc != 0 && len == 0) {
        free(out);
        return NULL;
    }
    if (rc != 0) fuzz_fail("format_program failed on a memory stream", text);
    return out;
}

/* ast_dump of p into a malloc'd string. */
static char *fuzz_dump(const program *p) {
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    if (!f) abort();
    ast_dump(p, f);
    fclose(f);
    return out;
}

/* The formatted text must check again, to the same AST, and be a fixpoint. */
static void fuzz_round_trip(const program *p, const char *text) {
    char *formatted = fuzz_format(p, text);
    if (!formatted) return;
    arena a2 = {0};
    diag d2 = {.out = fuzz_sink()};
    program *p2 = fuzz_front(formatted, &a2, &d2);
    if (!p2) {
        arena a3 = {0};
        diag d3 = {.out = stderr};
        fuzz_front(formatted, &a3, &d3);  /* show why */
        fuzz_fail("the formatted program does not type-check", formatted);
    }
    char *dump1 = fuzz_dump(p), *dump2 = fuzz_dump(p2);
    if (strcmp(dump1, dump2) != 0) fuzz_fail("formatting changed the typed AST", formatted);
    char *again = fuzz_format(p2, formatted);
    if (!again || strcmp(again, formatted) != 0) fuzz_fail("formatting is not idempotent", formatted);
    free(again);
    free(dump1);
    free(dump2);
    free(formatted);
    arena_free(&a2);
}

/* The whole check on one input. */
static void fuzz_check_bytes(const unsigned char *data, size_t size) {
    char *text = fuzz_text(data, size);
    arena a = {0};
    diag d = {.out = fuzz_sink()};
    program *p = fuzz_front(text, &a, &d);
    if (p) {
        fuzz_round_trip(p, text);
        fuzz_back(p, &a, &d, text);
    }
    arena_free(&a);
    free(text);
}

#endif
