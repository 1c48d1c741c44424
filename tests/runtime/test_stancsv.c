/* tests/runtime/test_stancsv.c — Stan CSV writer/reader, output names, summary.
 *
 * In:  CmdStan's own files (tests/runtime/reference/cmdstan-sample-*.csv,
 * from CmdStanPy's public test data), draws generated here with a fixed
 * seed, a stand-in model definition for the names.  Out: cmocka checks:
 * the writer reproduces CmdStan's bernoulli file byte for byte from its
 * parts; the reader reads both CmdStan files and ours; names are
 * column-major; `bmc summary` reads chain files and applies the reference
 * rule (PASS and FAIL cases) with the right exit codes.
 * Never: writes outside its temporary folder.
 */
#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "diagnostics.h"
#include "names.h"
#include "stancsv.h"
#include "summary.h"

static char tmpdir[64];

static void ref_path(const char *name, char *buf, size_t size) {
    const char *f = __FILE__, *slash = strrchr(f, '/');
    snprintf(buf, size, "%.*sreference/%s", slash ? (int)(slash - f + 1) : 0, f, name);
}

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

static int exists(const char *path) {
    struct stat st;
    return stat(path, &st) == 0;
}

/* ---- writer ------------------------------------------------------------------ */

/* Rebuilds CmdStan's bernoulli output from its parts with our writer. */
static void test_writer_matches_cmdstan(void **state) {
    (void)state;
    char ref[512], out[256], part[300];
    ref_path("cmdstan-sample-bernoulli.csv", ref, sizeof ref);
    bm_stancsv in;
    bm_error err = {{0}};
    if (bm_stancsv_read(ref, &in, &err)) fail_msg("%s", err.msg);
    snprintf(out, sizeof out, "%s/bern.csv", tmpdir);
    snprintf(part, sizeof part, "%s.part", out);
    bm_csv_writer *w = bm_csv_open(out, &err);
    assert_non_null(w);
    assert_true(exists(part));
    assert_false(exists(out));
    /* the config comments, copied line by line */
    char *text = slurp(ref);
    for (char *line = strtok(text, "\n"); line && line[0] == '#'; line = strtok(NULL, "\n"))
        bm_csv_comment(w, "%s", line + 2);
    free(text);
    bm_csv_header(w, (const char *const *)in.names, in.ncols);
    bm_csv_adaptation(w, in.stepsize, in.inv_metric, in.n_inv_metric, 0);
    for (int i = 0; i < in.ndraws; i++) bm_csv_row(w, in.draws + (size_t)i * in.ncols, in.ncols);
    bm_csv_timing(w, in.warmup_s, in.sampling_s);
    assert_int_equal(bm_csv_close(w, 1, &err), 0);
    assert_false(exists(part));
    char *got = slurp(out), *want = slurp(ref);
    assert_string_equal(got, want);
    free(got);
    free(want);
    bm_stancsv_free(&in);
}

static void test_writer_failure_removes_part(void **state) {
    (void)state;
    char out[256], part[300];
    bm_error err = {{0}};
    snprintf(out, sizeof out, "%s/failed.csv", tmpdir);
    snprintf(part, sizeof part, "%s.part", out);
    bm_csv_writer *w = bm_csv_open(out, &err);
    bm_csv_comment(w, "x = %d", 1);
    assert_int_equal(bm_csv_close(w, 0, &err), 0);
    assert_false(exists(part));
    assert_false(exists(out));
    assert_null(bm_csv_open("/nonexistent/dir/x.csv", &err));
    assert_non_null(strstr(err.msg, "/nonexistent/dir/x.csv.part"));
    assert_non_null(strstr(err.msg, "No such file or directory"));
}

/* ---- reader ------------------------------------------------------------------ */

static void test_read_cmdstan_bernoulli(void **state) {
    (void)state;
    char ref[512];
    ref_path("cmdstan-sample-bernoulli.csv", ref, sizeof ref);
    bm_stancsv s;
    bm_error err = {{0}};
    if (bm_stancsv_read(ref, &s, &err)) fail_msg("%s", err.msg);
    assert_int_equal(s.num_samples, 100);
    assert_int_equal(s.num_warmup, 1000);
    assert_int_equal(s.save_warmup, 0);
    assert_int_equal(s.max_depth, 11);
    assert_true(s.stepsize == 0.738376);
    assert_int_equal(s.n_inv_metric, 1);
    assert_true(s.inv_metric[0] == 0.524282);
    assert_int_equal(s.ncols, 8);
    assert_string_equal(s.names[0], "lp__");
    assert_string_equal(s.names[7], "theta");
    assert_int_equal(bm_stancsv_col(&s, "n_leapfrog__"), 4);
    assert_int_equal(bm_stancsv_col(&s, "nope"), -1);
    assert_int_equal(s.ndraws, 100);
    /* first row: -7.49727,1,0.738376,2,3,0,8.37774,0.419069; last theta 0.150163 */
    assert_true(s.draws[0] == -7.49727 && s.draws[3] == 2 && s.draws[7] == 0.419069);
    assert_true(s.draws[99 * 8 + 7] == 0.150163);
    assert_true(s.warmup_s == 0.014107 && s.sampling_s == 0.002773);
    bm_stancsv_free(&s);
}

static void test_read_cmdstan_multidim(void **state) {
    (void)state;
    char ref[512];
    ref_path("cmdstan-sample-multidim.csv", ref, sizeof ref);
    bm_stancsv s;
    bm_error err = {{0}};
    if (bm_stancsv_read(ref, &s, &err)) fail_msg("%s", err.msg);
    assert_int_equal(s.num_samples, 20);
    assert_int_equal(s.max_depth, 10);
    assert_int_equal(s.n_inv_metric, 2);
    assert_true(s.inv_metric[1] == 0.0622696);
    assert_int_equal(s.ncols, 70);
    assert_string_equal(s.names[7], "beta.1");
    assert_string_equal(s.names[9], "y_rep.1.1.1");
    assert_string_equal(s.names[10], "y_rep.2.1.1");
    assert_string_equal(s.names[14], "y_rep.1.2.1");
    assert_int_equal(s.ndraws, 20);
    assert_true(s.draws[19 * 70 + 69] == 43);
    bm_stancsv_free(&s);
}

static const char *write_text(const char *name, const char *text) {
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_read_warmup_and_errors(void **state) {
    (void)state;
    bm_stancsv s;
    bm_error err = {{0}};
    const char *p = write_text("w.csv", "# num_warmup = 3\n# save_warmup = true\n# thin = 1\n"
                                        "lp__,x\n1,10\n2,20\n3,30\n4,40\n5,50\n");
    if (bm_stancsv_read(p, &s, &err)) fail_msg("%s", err.msg);
    assert_int_equal(s.save_warmup, 1);
    assert_int_equal(s.ndraws, 2);
    assert_true(s.draws[0] == 4 && s.draws[3] == 50);
    bm_stancsv_free(&s);
    p = write_text("bad1.csv", "lp__,x\n1,2\n3,abc\n");
    assert_int_not_equal(bm_stancsv_read(p, &s, &err), 0);
    assert_non_null(strstr(err.msg, "bad1.csv:3: 'abc' is not a number"));
    p = write_text("bad2.csv", "lp__,x\n1,2,3\n");
    assert_int_not_equal(bm_stancsv_read(p, &s, &err), 0);
    assert_non_null(strstr(err.msg, "bad2.csv:2: row has 3 values"));
    p = write_text("bad3.csv", "# only comments\n");
    assert_int_not_equal(bm_stancsv_read(p, &s, &err), 0);
    assert_non_null(strstr(err.msg, "no column names"));
    assert_int_not_equal(bm_stancsv_read("/nonexistent.csv", &s, &err), 0);
    assert_non_null(strstr(err.msg, "No such file"));
}

/* ---- names (a stand-in model) ------------------------------------------------- */

static const bm_var_info VARS[] = {
    {"mu", BM_VAR_PARAM, 0, 0, {0}, 0},
    {"theta", BM_VAR_PARAM, 0, 2, {2, 3}, 0},
    {"z", BM_VAR_TPARAM, 0, 1, {2}, 0},
    {"y_rep", BM_VAR_GQ, 1, 3, {2, 1, 2}, 0},
};

static int fake_num_vars(const bm_model *m) {
    (void)m;
    return 4;
}

static void fake_var_info(const bm_model *m, int i, bm_var_info *out) {
    (void)m;
    *out = VARS[i];
}

static void test_names(void **state) {
    (void)state;
    bm_model_def def = {.num_vars = fake_num_vars, .var_info = fake_var_info};
    char **names;
    int n = bm_output_names(&def, NULL, 0, &names);
    const char *want[] = {"mu", "theta.1.1", "theta.2.1", "theta.1.2", "theta.2.2",
                          "theta.1.3", "theta.2.3", "z.1", "z.2", "y_rep.1.1.1",
                          "y_rep.2.1.1", "y_rep.1.1.2", "y_rep.2.1.2"};
    assert_int_equal(n, 7);
    for (int i = 0; i < n; i++) assert_string_equal(names[i], want[i]);
    bm_output_names_free(names, n);
    n = bm_output_names(&def, NULL, BM_WRITE_GQ, &names);
    assert_int_equal(n, 11);
    assert_string_equal(names[7], "y_rep.1.1.1");
    bm_output_names_free(names, n);
    n = bm_output_names(&def, NULL, BM_WRITE_TPARAMS | BM_WRITE_GQ, &names);
    assert_int_equal(n, 13);
    for (int i = 0; i < n; i++) assert_string_equal(names[i], want[i]);
    bm_output_names_free(names, n);
}

/* Tuples, one output variable per leaf (compiler/lower_tuple.c): p =
 * tuple(real, vector[2]); x = array[2] tuple(real, array[2] tuple(real,
 * vector[2])), whose leaves interleave; then mu. */
static const bm_var_info TVARS[] = {
    {"p:1", BM_VAR_PARAM, 0, 0, {0}, 0},
    {"p:2", BM_VAR_PARAM, 0, 1, {2}, 0},
    {"x[]:1", BM_VAR_GQ, 0, 1, {2}, 0},
    {"x[]:2[]:1", BM_VAR_GQ, 0, 2, {2, 2}, 0},
    {"x[]:2[]:2", BM_VAR_GQ, 0, 3, {2, 2, 2}, 0},
    {"mu", BM_VAR_GQ, 0, 0, {0}, 0},
};

static int tuple_num_vars(const bm_model *m) {
    (void)m;
    return 6;
}

static void tuple_var_info(const bm_model *m, int i, bm_var_info *out) {
    (void)m;
    *out = TVARS[i];
}

static void test_tuple_names(void **state) {
    (void)state;
    bm_model_def def = {.num_vars = tuple_num_vars, .var_info = tuple_var_info};
    char **names;
    int n = bm_output_names(&def, NULL, BM_WRITE_GQ, &names);
    const char *want[] = {
        "p:1", "p:2.1", "p:2.2",
        "x.1:1", "x.1:2.1:1", "x.1:2.1:2.1", "x.1:2.1:2.2", "x.1:2.2:1", "x.1:2.2:2.1", "x.1:2.2:2.2",
        "x.2:1", "x.2:2.1:1", "x.2:2.1:2.1", "x.2:2.1:2.2", "x.2:2.2:1", "x.2:2.2:2.1", "x.2:2.2:2.2",
        "mu"};
    assert_int_equal(n, 18);
    for (int i = 0; i < n; i++) assert_string_equal(names[i], want[i]);
    bm_output_names_free(names, n);
    /* the columns of each element (first index fastest) of x[]:2[]:2 (dims 2, 2, 2) */
    long cols[8];
    assert_int_equal(bm_output_columns(&def, NULL, BM_WRITE_GQ, 4, cols), 8);
    const long want_cols[] = {5, 12, 8, 15, 6, 13, 9, 16};
    for (int i = 0; i < 8; i++) assert_int_equal(cols[i], want_cols[i]);
    assert_int_equal(bm_output_columns(&def, NULL, BM_WRITE_GQ, 1, cols), 2);
    assert_true(cols[0] == 1 && cols[1] == 2);
    assert_int_equal(bm_output_columns(&def, NULL, 0, 2, cols), -1); /* not selected */
    char buf[64];
    bm_output_data_name("x[]:2[,]:1", buf, sizeof buf);
    assert_string_equal(buf, "x:2:1");
    bm_output_data_name("p:2", buf, sizeof buf);
    assert_string_equal(buf, "p:2");
}

/* ---- summary ------------------------------------------------------------------ */

/* splitmix64 -> uniform -> Box-Muller: a fixed-seed normal stream. */
static double unif(uint64_t *s) {
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return ((z >> 11) + 0.5) / 9007199254740992.0;
}

static double normal(uint64_t *s) {
    double u = unif(s), v = unif(s);
    return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

#define SUM_N 1000
/* Writes chain_K.csv (K = 1, 2, 10) with lp__, the sampler columns, mu ~
 * N(1, 2) and theta.1 ~ N(-3, 0.5); one divergence in chain 2. */
static void write_chains(const char *dir) {
    const char *names[] = {"lp__", "accept_stat__", "stepsize__", "treedepth__",
                           "n_leapfrog__", "divergent__", "energy__", "mu", "theta.1"};
    const int ids[3] = {1, 2, 10};
    uint64_t seed = 12345;
    mkdir(dir, 0777);
    for (int k = 0; k < 3; k++) {
        char path[300];
        bm_error err;
        snprintf(path, sizeof path, "%s/chain_%d.csv", dir, ids[k]);
        bm_csv_writer *w = bm_csv_open(path, &err);
        bm_csv_comment(w, "            max_depth = 10");
        bm_csv_header(w, names, 9);
        for (int i = 0; i < SUM_N; i++) {
            double mu = 1 + 2 * normal(&seed), th = -3 + 0.5 * normal(&seed);
            double row[9] = {-mu * mu, 0.9, 0.5, i == 7 ? 10 : 3, 7, k == 1 && i == 5, 1, mu, th};
            bm_csv_row(w, row, 9);
        }
        bm_csv_close(w, 1, &err);
    }
}

/* Runs bm_summary_main with stdout captured into *out (malloc'd). */
static int run_summary(int argc, char **argv, char **out) {
    char path[300];
    snprintf(path, sizeof path, "%s/stdout.txt", tmpdir);
    fflush(stdout);
    int saved = dup(1), fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    close(fd);
    int rc = bm_summary_main(argc, argv);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    *out = slurp(path);
    return rc;
}

static void test_summarize_rows(void **state) {
    (void)state;
    enum { C = 2, N = 300 };
    static double draws[2 * C * N];
    uint64_t seed = 7;
    for (int i = 0; i < 2 * C * N; i++) draws[i] = (i < C * N ? 5 : 0) + normal(&seed);
    const char *names[] = {"a", "b"};
    bm_summary_row rows[2];
    bm_summarize(draws, 2, C, N, names, rows);
    assert_string_equal(rows[1].name, "b");
    const double *b = draws + C * N;
    assert_true(rows[1].mean == bm_mean(b, C * N));
    assert_true(rows[1].sd == bm_sd(b, C * N));
    assert_true(rows[1].q95 == bm_quantile(b, C * N, 0.95));
    assert_true(rows[1].ess_bulk == bm_ess_bulk(b, C, N));
    assert_true(rows[1].ess_tail == bm_ess_tail(b, C, N));
    assert_true(rows[1].rhat == bm_rhat(b, C, N));
    assert_true(rows[1].mcse == bm_mcse_mean(b, C, N));
    assert_true(fabs(rows[0].mean - 5) < 0.2);
}

static void test_summary_main_reference(void **state) {
    (void)state;
    char dir[200], ref[300], out2[300];
    snprintf(dir, sizeof dir, "%s/run", tmpdir);
    write_chains(dir);
    snprintf(ref, sizeof ref, "%s/ref_pass.csv", tmpdir);
    FILE *f = fopen(ref, "w");
    fputs("variable,mean,sd,q05,q50,q95,n_draws\nmu,1,2,0,0,0,10000\ntheta[1],-3,0.5,0,0,0,10000\n", f);
    fclose(f);
    char *out;
    char *argv1[] = {"summary", dir, "--reference", ref};
    int rc = run_summary(4, argv1, &out);
    if (rc != 0) fail_msg("rc %d, output:\n%s", rc, out);
    assert_non_null(strstr(out, "3 chains x 1000 draws"));
    assert_non_null(strstr(out, "ESS_bulk"));
    assert_non_null(strstr(out, "Divergences: 1 of 3000 draws (0.0%)"));
    assert_non_null(strstr(out, "Max treedepth hits: 3 of 3000 draws"));
    assert_non_null(strstr(out, "PASS mu: mean"));
    assert_non_null(strstr(out, "PASS theta[1]: mean"));
    assert_non_null(strstr(out, "2 of 2 variables pass"));
    assert_null(strstr(out, "accept_stat__"));
    assert_true(strstr(out, " lp__ ") < strstr(out, " mu "));
    free(out);
    /* mean off by far more than 4 MC standard errors; sd off by 25% */
    snprintf(out2, sizeof out2, "%s/ref_fail.csv", tmpdir);
    f = fopen(out2, "w");
    fputs("variable,mean,sd,q05,q50,q95,n_draws\nmu,1.5,2,0,0,0,10000\ntheta[1],-3,0.4,0,0,0,10000\nsigma,1,1,0,0,0,1\n", f);
    fclose(f);
    char *argv2[] = {"summary", dir, "--reference", out2};
    rc = run_summary(4, argv2, &out);
    assert_int_equal(rc, 1);
    assert_non_null(strstr(out, "FAIL mu: mean"));
    assert_non_null(strstr(out, "FAIL theta[1]: mean"));
    assert_non_null(strstr(out, "off by more than 10%"));
    assert_non_null(strstr(out, "FAIL sigma: not among the sampled variables"));
    assert_non_null(strstr(out, "0 of 3 variables pass"));
    free(out);
}

static void test_summary_main_errors(void **state) {
    (void)state;
    char *out, empty[200], odd[200];
    char *a1[] = {"summary"};
    assert_int_equal(run_summary(1, a1, &out), 2);
    free(out);
    char *a2[] = {"summary", "/nonexistent/dir"};
    assert_int_equal(run_summary(2, a2, &out), 2);
    free(out);
    snprintf(empty, sizeof empty, "%s/empty", tmpdir);
    mkdir(empty, 0777);
    char *a3[] = {"summary", empty};
    assert_int_equal(run_summary(2, a3, &out), 2);
    free(out);
    snprintf(odd, sizeof odd, "%s/odd", tmpdir);
    mkdir(odd, 0777);
    char p[300];
    snprintf(p, sizeof p, "%s/chain_1.csv", odd);
    FILE *f = fopen(p, "w");
    fputs("lp__,a\n1,2\n2,3\n3,4\n4,5\n", f);
    fclose(f);
    snprintf(p, sizeof p, "%s/chain_2.csv", odd);
    f = fopen(p, "w");
    fputs("lp__,b\n1,2\n2,3\n3,4\n4,5\n", f);
    fclose(f);
    char *a4[] = {"summary", odd};
    assert_int_equal(run_summary(2, a4, &out), 2);
    free(out);
    char *a5[] = {"summary", odd, "--bogus"};
    assert_int_equal(run_summary(3, a5, &out), 2);
    free(out);
}

static int setup(void **state) {
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/bm_test_stancsv_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_writer_matches_cmdstan),
        cmocka_unit_test(test_writer_failure_removes_part),
        cmocka_unit_test(test_read_cmdstan_bernoulli),
        cmocka_unit_test(test_read_cmdstan_multidim),
        cmocka_unit_test(test_read_warmup_and_errors),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_tuple_names),
        cmocka_unit_test(test_summarize_rows),
        cmocka_unit_test(test_summary_main_reference),
        cmocka_unit_test(test_summary_main_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
