/* tests/lang/test_corpus.c — the good/ and bad/ program corpora.
 * In: tests/lang/good/NAME.bmodel (each must parse with parse_program and
 * load with frontend_load with 0 errors and 0 warnings — unless its first
 * line is `// warns: fragment`, then warnings are expected and one contains
 * the fragment) and tests/lang/bad/NAME.bmodel (first lines
 * `// expect: L:C: fragment`, one or more; loading must fail with, for each,
 * a diagnostic at FILE:L:C containing the fragment; `// expect:
 * INC:L:C: fragment` names an included file INC, relative to bad/),
 * plus hostile inputs
 * written to a temp dir (NUL bytes, 1 MB line, ...).
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

/* Reads the whole file (malloc'd, NUL-terminated) or NULL. */
static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 >= cap) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* Syntax only: parse_program over the file's text. */
static load_result parse_only(const char *path) {
    arena a = {0};
    size_t len = 0;
    load_result r = {0};
    diag d = {.out = open_memstream(&r.msgs, &len)};
    char *text = slurp(path);
    program *p = text ? parse_program(path, text, &a, &d) : NULL;
    fclose(d.out);
    r.program_ok = p != NULL;
    r.errors = d.errors;
    r.warnings = d.warnings;
    free(text);
    arena_free(&a);
    return r;
}

/* frontend_load_opts (parse + sema), with or without the pedantic
 * modeling warnings. */
static load_result load_with(const char *path, int pedantic) {
    arena a = {0};
    size_t len = 0;
    load_result r = {0};
    diag d = {.out = open_memstream(&r.msgs, &len)};
    frontend_opts o = {.no_pedantic = !pedantic};
    program *p = frontend_load_opts(path, &o, &a, &d);
    fclose(d.out);
    r.program_ok = p != NULL;
    r.errors = d.errors;
    r.warnings = d.warnings;
    arena_free(&a);
    return r;
}

static load_result load(const char *path) { return load_with(path, 1); }

/* Good programs are checked without the pedantic warnings (test_pedantic
 * covers those): a good program may well leave a parameter without prior. */
static load_result check_only(const char *path) { return load_with(path, 0); }

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

/* The fragment after `// warns: ` on the first line, or "" when none. */
static void read_warns(const char *path, char *frag, size_t n) {
    FILE *f = fopen(path, "r");
    char line[512] = "";
    frag[0] = '\0';
    if (!f) return;
    if (!fgets(line, sizeof line, f)) line[0] = '\0';
    fclose(f);
    line[strcspn(line, "\r\n")] = '\0';
    const char *p = strstr(line, "// warns: ");
    if (p) snprintf(frag, n, "%s", p + strlen("// warns: "));
}

/* 1 when r is what a good program should give (see the header). */
static int good_result(const load_result *r, const char *warns) {
    if (!r->program_ok || r->errors) return 0;
    if (!warns[0]) return r->warnings == 0;
    return r->warnings > 0 && strstr(r->msgs, warns) != NULL;
}

/* Every good program through `check` (parse_only or load). */
static int run_good(load_result (*check)(const char *), const char *what) {
    char dir[1024], path[1024], **names, warns[400];
    snprintf(dir, sizeof dir, "%.1000s/good", corpus_dir(path, sizeof path));
    int n = list_models(dir, &names), bad = 0;
    assert_true(n >= 25);
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%.700s/%.300s", dir, names[i]);
        read_warns(path, warns, sizeof warns);
        load_result r = check(path);
        if (!good_result(&r, warns)) {
            print_error("%s (%s): %d errors, %d warnings\n%s", names[i], what, r.errors, r.warnings, r.msgs);
            bad++;
        }
        free(r.msgs);
    }
    free_names(names, n);
    return bad;
}

static void test_good_corpus_parses(void **st) {
    (void)st;
    assert_int_equal(run_good(parse_only, "parse"), 0);
}

static void test_good_corpus(void **st) {
    (void)st;
    assert_int_equal(run_good(check_only, "type check"), 0);
}

/* Reads the `// expect: [INC:]L:C: fragment` lines at the top of path into
 * loc[i] ("L:C" or "INC:L:C") / frag[i]; returns how many (0 = none or
 * malformed). */
enum { MAX_EXPECT = 8 };
static int read_expects(const char *path, char loc[][64], char frag[][400]) {
    FILE *f = fopen(path, "r");
    char line[512];
    int n = 0;
    if (!f) return 0;
    while (n < MAX_EXPECT && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        const char *p = strstr(line, "// expect: ");
        if (p != line) break;
        p += strlen("// expect: ");
        const char *colon = strchr(p, ':');
        if (colon && (*p < '0' || *p > '9')) colon = strchr(colon + 1, ':'); /* INC: */
        colon = colon ? strchr(colon + 1, ':') : NULL;
        if (!colon || colon[1] != ' ') {
            n = 0;
            break;
        }
        snprintf(loc[n], 64, "%.*s", (int)(colon - p), p);
        snprintf(frag[n], 400, "%s", colon + 2);
        n++;
    }
    fclose(f);
    return n;
}

/* The diagnostic line at path:loc (error) containing frag, and its caret;
 * a loc starting with a file name is relative to path's directory. */
static int has_error(const char *msgs, const char *path, const char *loc, const char *frag) {
    char want[2200];
    if (loc[0] >= '0' && loc[0] <= '9') {
        snprintf(want, sizeof want, "%.1000s:%.100s: error: ", path, loc);
    } else {
        const char *slash = strrchr(path, '/');
        int dirlen = slash ? (int)(slash - path) : 0;
        snprintf(want, sizeof want, "%.*s/%.100s: error: ", dirlen > 1000 ? 1000 : dirlen, path, loc);
    }
    for (const char *m = strstr(msgs, want); m; m = strstr(m + 1, want)) {
        const char *eol = strchr(m, '\n');
        size_t len = eol ? (size_t)(eol - m) : strlen(m);
        char *line = strndup(m, len);
        int ok = strstr(line, frag) != NULL;
        free(line);
        if (ok) return strstr(m, "^") != NULL;
    }
    return 0;
}

static void test_bad_corpus(void **st) {
    (void)st;
    char dir[1024], path[1024], **names;
    snprintf(dir, sizeof dir, "%.1000s/bad", corpus_dir(path, sizeof path));
    int n = list_models(dir, &names), bad = 0;
    assert_true(n >= 30);
    for (int i = 0; i < n; i++) {
        char loc[MAX_EXPECT][64], frag[MAX_EXPECT][400];
        snprintf(path, sizeof path, "%.700s/%.300s", dir, names[i]);
        int ne = read_expects(path, loc, frag);
        if (ne == 0) {
            print_error("%s: no '// expect: L:C: fragment' first line\n", names[i]);
            bad++;
            continue;
        }
        load_result r = load(path);
        int ok = !r.program_ok && r.errors > 0;
        for (int k = 0; k < ne && ok; k++) {
            if (has_error(r.msgs, path, loc[k], frag[k])) continue;
            print_error("%s: wanted '%s:%s: error: ...%s...', got:\n%s", names[i], path, loc[k],
                        frag[k], r.msgs);
            ok = 0;
        }
        if (!ok && r.program_ok) print_error("%s: loaded without errors\n", names[i]);
        bad += !ok;
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
        cmocka_unit_test(test_good_corpus_parses),
        cmocka_unit_test(test_good_corpus),
        cmocka_unit_test(test_bad_corpus),
        cmocka_unit_test(test_hostile_inputs),
        cmocka_unit_test(test_missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
