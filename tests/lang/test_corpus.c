/* tests/lang/test_corpus.c — the good/ and bad/ program corpora.
 * In: tests/lang/good/NAME.bmodel (each must load with 0 errors) and
 * tests/lang/bad/NAME.bmodel (first line `// expect: L:C: fragment`; loading
 * must fail with a diagnostic at FILE:L:C containing the fragment), plus
 * hostile inputs written to a temp dir (NUL bytes, 1 MB line, ...).
 * Out: cmocka results.  Never: depends on the order files are listed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "frontend.h"

/* Directory of this source file (the corpora sit beside it). */
static const char *corpus_dir(char *buf, size_t n) {
    snprintf(buf, n, "%s", __FILE__);
    char *slash = strrchr(buf, '/');
    if (slash) *slash = '\0'; else snprintf(buf, n, ".");
    return buf;
}

typedef struct {
    int program_ok, errors, warnings;
    char *msgs;
} load_result;

static load_result load(const char *path) {
    arena a = {0};
    size_t len = 0;
    load_result r = {0};
    diag d = {.out = open_memstream(&r.msgs, &len)};
    program *p = frontend_load(path, &a, &d);
    fclose(d.out);
    r.program_ok = p != NULL;
    r.errors = d.errors;
    r.warnings = d.warnings;
    arena_free(&a);
    return r;
}

/* Lists *.bmodel in dir; returns count, names in out (malloc'd). */
static int list_models(const char *dir, char ***out) {
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    int n = 0, cap = 0;
    char **names = NULL;
    struct dirent *e;
    while ((e = readdir(dp))) {
        size_t l = strlen(e->d_name);
        if (l < 8 || strcmp(e->d_name + l - 7, ".bmodel")) continue;
        if (n == cap) names = realloc(names, (size_t)(cap = cap ? 2 * cap : 64) * sizeof *names);
        names[n++] = strdup(e->d_name);
    }
    closedir(dp);
    *out = names;
    return n;
}

static void free_names(char **names, int n) {
    for (int i = 0; i < n; i++) free(names[i]);
    free(names);
}

static void test_good_corpus(void **st) {
    (void)st;
    char dir[1024], path[1024], **names;
    snprintf(dir, sizeof dir, "%.1000s/good", corpus_dir(path, sizeof path));
    int n = list_models(dir, &names), bad = 0;
    assert_true(n >= 25);
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%.700s/%.300s", dir, names[i]);
        load_result r = load(path);
        if (!r.program_ok || r.errors || r.warnings) {
            print_error("%s: %d errors, %d warnings\n%s", names[i], r.errors, r.warnings, r.msgs);
            bad++;
        }
        free(r.msgs);
    }
    free_names(names, n);
    assert_int_equal(bad, 0);
}

/* Reads "// expect: L:C: fragment" from the first line of path. */
static int read_expect(const char *path, char *loc, size_t nloc, char *frag, size_t nfrag) {
    FILE *f = fopen(path, "r");
    char line[512] = "";
    if (!f) return 0;
    if (!fgets(line, sizeof line, f)) line[0] = '\0';
    fclose(f);
    line[strcspn(line, "\r\n")] = '\0';
    const char *p = strstr(line, "// expect: ");
    if (!p) return 0;
    p += strlen("// expect: ");
    const char *colon = strchr(p, ':');
    colon = colon ? strchr(colon + 1, ':') : NULL;
    if (!colon || colon[1] != ' ') return 0;
    snprintf(loc, nloc, "%.*s", (int)(colon - p), p);
    snprintf(frag, nfrag, "%s", colon + 2);
    return 1;
}

static void test_bad_corpus(void **st) {
    (void)st;
    char dir[1024], path[1024], **names;
    snprintf(dir, sizeof dir, "%.1000s/bad", corpus_dir(path, sizeof path));
    int n = list_models(dir, &names), bad = 0;
    assert_true(n >= 30);
    for (int i = 0; i < n; i++) {
        char loc[64], frag[400], want[1200];
        snprintf(path, sizeof path, "%.700s/%.300s", dir, names[i]);
        if (!read_expect(path, loc, sizeof loc, frag, sizeof frag)) {
            print_error("%s: no '// expect: L:C: fragment' first line\n", names[i]);
            bad++;
            continue;
        }
        load_result r = load(path);
        snprintf(want, sizeof want, "%s:%s: error: ", path, loc);
        if (r.program_ok || r.errors == 0 || !strstr(r.msgs, want) || !strstr(r.msgs, frag) ||
            !strstr(r.msgs, "^")) {
            print_error("%s: wanted '%s' and '%s', got:\n%s", names[i], want, frag, r.msgs);
            bad++;
        }
        free(r.msgs);
    }
    free_names(names, n);
    assert_int_equal(bad, 0);
}

/* Writes bytes to a temp file and loads it. */
static load_result load_bytes(const char *bytes, size_t n) {
    char path[] = "/tmp/bm_corpus_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, bytes, n), (ssize_t)n);
    close(fd);
    load_result r = load(path);
    unlink(path);
    return r;
}

static void test_hostile_inputs(void **st) {
    (void)st;
    load_result r = load_bytes("", 0);
    assert_true(r.program_ok);
    free(r.msgs);
    r = load_bytes("model { real x = 1;\0 }", 22);
    assert_false(r.program_ok);
    assert_non_null(strstr(r.msgs, ":1:20: error: the file contains a NUL byte"));
    free(r.msgs);
    r = load_bytes("model { real \xc3\x28 = 1; }", 22);
    assert_false(r.program_ok);
    assert_non_null(strstr(r.msgs, "1:14: error: unexpected non-ASCII byte 0xC3"));
    free(r.msgs);
    size_t big = 1 << 20;
    char *line = malloc(big + 32);
    memcpy(line, "model { real x = 1", 18);
    for (size_t i = 18; i < big; i += 2) memcpy(line + i, "+1", 2);
    memcpy(line + big, "; }\n", 4);
    r = load_bytes(line, big + 4);
    assert_false(r.program_ok); /* too deep a tree; reported, not crashed */
    assert_non_null(strstr(r.msgs, "nested too deeply"));
    free(r.msgs);
    memset(line, ' ', big);
    memcpy(line + big - 10, "model { }\n", 10);
    r = load_bytes(line, big);
    assert_true(r.program_ok);
    free(r.msgs);
    free(line);
}

static void test_missing_file(void **st) {
    (void)st;
    load_result r = load("/nonexistent/dir/x.bmodel");
    assert_false(r.program_ok);
    assert_non_null(strstr(r.msgs, "cannot open /nonexistent/dir/x.bmodel: "));
    free(r.msgs);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_corpus),
        cmocka_unit_test(test_bad_corpus),
        cmocka_unit_test(test_hostile_inputs),
        cmocka_unit_test(test_missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
