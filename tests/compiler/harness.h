/* tests/compiler/harness.h — compile a model in-process and run a driver on it.
 *
 * In:  #included by the compiler tests (after cmocka.h).  Out: compile_ir
 * (front end + lowering + activity, with ir_verify between), run_driver
 * (emit C, build it with a driver file that #includes the model, run it
 * and capture its output) and out_value (reads "KEY WHICH value" lines).
 * Never: depends on bin/bmc or the model program's main.  Run from the repo
 * root (make test does).
 */
#ifndef BM_TEST_HARNESS_H
#define BM_TEST_HARNESS_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "frontend.h"
#include "lower.h"

typedef struct {
    char dir[64];
    char out[1 << 18];
    int rc;
    char diag[4096];
    int frontend_failed; /* the front end rejected the program */
} run_result;

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* When set, applied to the typed tree before lowering: builds constructs of
 * the new syntax from old syntax while the parser does not accept them. */
static void (*mutate_tree)(program *p);

/* Front end + lowering + activity; NULL with diagnostics in r->diag. */
static ir_module *compile_ir(const char *src, run_result *r, arena *a) {
    const char *path = arena_printf(a, "%s/m.bmodel", r->dir); /* the AST keeps it */
    write_file(path, src);
    FILE *df = tmpfile();
    diag d = {.out = df};
    program *p = frontend_load(path, a, &d);
    r->frontend_failed = p == NULL;
    if (p && mutate_tree) mutate_tree(p);
    ir_module *m = p ? lower_program(p, "m", a, &d) : NULL;
    if (m) {
        assert_int_equal(ir_verify(m, stderr), 0);
        ir_activity(m);
        assert_int_equal(ir_verify(m, stderr), 0);
    }
    rewind(df);
    size_t n = fread(r->diag, 1, sizeof r->diag - 1, df);
    r->diag[n] = 0;
    fclose(df);
    return m;
}

/* Compiles src with the driver (a .c file that #includes MODEL_C) and runs
 * it on args; fills r.  With may_skip, returns 0 (printing SKIP) when the
 * front end rejects src (syntax the parser does not accept yet); otherwise 1. */
static int run_driver(const char *src, const char *driver, run_result *r, const char *const *args,
                      int nargs, int may_skip) {
    strcpy(r->dir, "/tmp/bmc_test_XXXXXX");
    assert_non_null(mkdtemp(r->dir));
    arena a = {0};
    ir_module *m = compile_ir(src, r, &a);
    if (!m && may_skip && r->frontend_failed) {
        printf("SKIP (the front end does not accept this yet): %s", r->diag);
        arena_free(&a);
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf %s", r->dir);
        (void)!system(cmd);
        return 0;
    }
    if (!m) fprintf(stderr, "%s", r->diag);
    assert_non_null(m);
    char cpath[128], cmd[2048];
    snprintf(cpath, sizeof cpath, "%s/m.c", r->dir);
    FILE *f = fopen(cpath, "w");
    assert_int_equal(emit_c_module(m, f, NULL), 0);
    fclose(f);
    arena_free(&a);
    snprintf(cmd, sizeof cmd,
             "cc -std=c11 -O1 -D_GNU_SOURCE -Iruntime -Istdlib -Ilang -DMODEL_C='\"%s\"' "
             "%s -o %s/drv -lm",
             cpath, driver, r->dir);
    assert_int_equal(system(cmd), 0);
    int len = snprintf(cmd, sizeof cmd, "%s/drv", r->dir);
    for (int i = 0; i < nargs; i++) len += snprintf(cmd + len, sizeof cmd - (size_t)len, " '%s'", args[i]);
    FILE *p = popen(cmd, "r");
    size_t n = fread(r->out, 1, sizeof r->out - 1, p);
    r->out[n] = 0;
    int st = pclose(p);
    r->rc = WEXITSTATUS(st);
    snprintf(cmd, sizeof cmd, "rm -rf %s", r->dir);
    (void)!system(cmd);
    return 1;
}

static double out_value(const run_result *r, const char *key, long which) {
    char pat[64];
    snprintf(pat, sizeof pat, "\n%s %ld ", key, which);
    const char *p = NULL;
    if (!strncmp(r->out, pat + 1, strlen(pat + 1))) p = r->out - 1;
    else p = strstr(r->out, pat);
    if (!p) {
        fprintf(stderr, "missing '%s %ld' in:\n%s\n", key, which, r->out);
        fail();
    }
    return strtod(p + strlen(pat), NULL);
}

#endif
