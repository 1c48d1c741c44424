/* tests/fuzz/test_replay.c — replays kept fuzz inputs through the front end.
 *
 * In:  every regular file in tests/fuzz/corpus/ (crashers found by the
 *      fuzzer and fixed, plus hand-written hostile inputs), and the
 *      tests/lang/good and tests/lang/bad programs.
 * Out: cmocka results.  Each input goes through fuzz_check_bytes (the same
 *      check as the libFuzzer target): parse + check, error counts agree
 *      with results, format round trip, lowering and ir_verify.  Surviving
 *      is the assertion; a broken invariant aborts with the input's text.
 * Never: writes files; depends on the order files are listed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>
#include "fuzz/fuzz_check.h"

/* Directory of this source file's parent "tests" directory + sub. */
static void tests_dir(char *buf, size_t n, const char *sub) {
    char here[1024];
    snprintf(here, sizeof here, "%s", __FILE__);
    char *slash = strrchr(here, '/');
    if (slash) *slash = '\0'; else snprintf(here, sizeof here, ".");
    snprintf(buf, n, "%.900s/%s", here, sub);
}

/* Reads a whole file (malloc'd); *size gets its length; NULL on failure. */
static unsigned char *read_all(const char *path, size_t *size) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0, got;
    unsigned char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n < cap) continue;
        unsigned char *bigger = realloc(buf, cap *= 2);
        if (!bigger) free(buf);
        buf = bigger;
    }
    fclose(f);
    *size = n;
    return buf;
}

/* Runs every regular file of dir through the check; returns the count. */
static int replay_dir(const char *dir) {
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dp))) {
        char path[2048];
        struct stat st;
        snprintf(path, sizeof path, "%.1000s/%.1000s", dir, e->d_name);
        if (e->d_name[0] == '.' || stat(path, &st) != 0 || !S_ISREG(st.st_mode)) continue;
        size_t size = 0;
        unsigned char *data = read_all(path, &size);
        assert_non_null(data);
        fuzz_label = path;
        fuzz_check_bytes(data, size);
        free(data);
        n++;
    }
    closedir(dp);
    return n;
}

static void test_fuzz_corpus(void **st) {
    (void)st;
    char dir[1024];
    tests_dir(dir, sizeof dir, "corpus");
    assert_true(replay_dir(dir) >= 1);
}

static void test_good_programs(void **st) {
    (void)st;
    char dir[1024];
    tests_dir(dir, sizeof dir, "../lang/good");
    assert_true(replay_dir(dir) >= 1);
}

static void test_bad_programs(void **st) {
    (void)st;
    char dir[1024];
    tests_dir(dir, sizeof dir, "../lang/bad");
    assert_true(replay_dir(dir) >= 1);
}

/* The check itself must be able to fail: a program whose error count and
 * result disagree cannot be built from text, so check the pieces instead. */
static void test_text_stops_at_nul(void **st) {
    (void)st;
    const unsigned char bytes[] = "model { }\0garbage that would not parse";
    char *text = fuzz_text(bytes, sizeof bytes - 1);
    assert_string_equal(text, "model { }");
    free(text);
}

static void test_front_reports_errors(void **st) {
    (void)st;
    arena a = {0};
    diag d = {.out = fuzz_sink()};
    assert_null(fuzz_front("model { x ~ normal(0, 1); }", &a, &d));
    assert_true(d.errors > 0);
    arena_free(&a);
    arena b = {0};
    diag d2 = {.out = fuzz_sink()};
    assert_non_null(fuzz_front("parameters { real mu; } model { mu ~ normal(0, 1); }", &b, &d2));
    assert_int_equal(d2.errors, 0);
    arena_free(&b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_stops_at_nul),
        cmocka_unit_test(test_front_reports_errors),
        cmocka_unit_test(test_fuzz_corpus),
        cmocka_unit_test(test_good_programs),
        cmocka_unit_test(test_bad_programs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
