/* tests/runtime/test_nuts.c — NUTS + Stan warmup + chain runner against
 * hand-coded models that implement the model ABI (runtime/model.h):
 * d-dimensional standard normal, a 2-d Gaussian with correlation 0.99 and
 * scales 1 and 10, a normal that rejects part of space, models that never
 * initialise.  Posterior moments are checked within 4 Monte Carlo standard
 * errors, with the ESS estimated here (Geyer's initial monotone sequence). */
#include <math.h>
#include <omp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "chain.h"
#include "model.h"

/* ---- hand-coded models ------------------------------------------------------ */

struct bm_model {
    int d;
    double s1, s2, rho;      /* correlated Gaussian */
    double reject_above;     /* reject x[0] > this */
    const char *msg;         /* rejection message */
};
struct bm_ws {
    long evals;
};

static int m_dim(const bm_model *m) { return m->d; }
static bm_ws *m_ws_create(const bm_model *m) { return calloc(1, sizeof(bm_ws)); }
static void m_ws_destroy(bm_ws *ws) { free(ws); }

static int reject(bm_error *err, const char *msg) {
    snprintf(err->msg, sizeof err->msg, "%s", msg);
    return 1;
}

static int std_normal_lp(const bm_model *m, bm_ws *ws, const double *x, unsigned flags,
                         double *lp, double *grad, bm_error *err) {
    ws->evals++;
    if (x[0] > m->reject_above) return reject(err, m->msg);
    double s = 0;
    for (int i = 0; i < m->d; i++) {
        s += x[i] * x[i];
        if (grad) grad[i] = -x[i];
    }
    *lp = -0.5 * s;
    return 0;
}

/* Bivariate normal, sds s1, s2, correlation rho. */
static int corr_lp(const bm_model *m, bm_ws *ws, const double *x, unsigned flags,
                   double *lp, double *grad, bm_error *err) {
    double a = x[0] / m->s1, b = x[1] / m->s2, r = m->rho, c = 1 - r * r;
    *lp = -0.5 * (a * a - 2 * r * a * b + b * b) / c;
    if (grad) {
        grad[0] = -(a - r * b) / c / m->s1;
        grad[1] = -(b - r * a) / c / m->s2;
    }
    return 0;
}

static int always_reject_lp(const bm_model *m, bm_ws *ws, const double *x, unsigned flags,
                            double *lp, double *grad, bm_error *err) {
    return reject(err, m->msg);
}

static int nan_grad_lp(const bm_model *m, bm_ws *ws, const double *x, unsigned flags,
                       double *lp, double *grad, bm_error *err) {
    *lp = 0;
    if (grad)
        for (int i = 0; i < m->d; i++) grad[i] = NAN;
    return 0;
}

#define MODEL_DEF(fn)                                                               \
    {.abi_version = BM_ABI_VERSION, .name = #fn, .num_unconstrained = m_dim,        \
     .ws_create = m_ws_create, .ws_destroy = m_ws_destroy, .log_density = fn}

static const bm_model_def STD_NORMAL = MODEL_DEF(std_normal_lp);
static const bm_model_def CORR = MODEL_DEF(corr_lp);
static const bm_model_def ALWAYS_REJECT = MODEL_DEF(always_reject_lp);
static const bm_model_def NAN_GRAD = MODEL_DEF(nan_grad_lp);

/* ---- a draw collector ------------------------------------------------------- */

typedef struct {
    int n, cap, count, stop_at;
    double *theta;            /* [count][n] */
    bm_nuts_info *info;
    int *iter, *warm;
    int adapted_calls;
    double stepsize;
    double *inv_metric;
} collector;

static void col_init(collector *c, int n, int cap) {
    memset(c, 0, sizeof *c);
    c->n = n;
    c->cap = cap;
    c->stop_at = -1;
    c->theta = calloc((size_t)cap * (size_t)(n > 0 ? n : 1), sizeof(double));
    c->info = calloc((size_t)cap, sizeof *c->info);
    c->iter = calloc((size_t)cap, sizeof(int));
    c->warm = calloc((size_t)cap, sizeof(int));
    c->inv_metric = calloc((size_t)(n > 0 ? n * n : 1), sizeof(double));
}

static void col_free(collector *c) {
    free(c->theta);
    free(c->info);
    free(c->iter);
    free(c->warm);
    free(c->inv_metric);
}

static void on_adapted(void *ctx, double stepsize, const double *inv, int n, int dense) {
    collector *c = ctx;
    c->adapted_calls++;
    c->stepsize = stepsize;
    memcpy(c->inv_metric, inv, (size_t)(dense ? n * n : n) * sizeof *inv);
}

static int on_draw(void *ctx, int iter, int is_warmup, const double *theta,
                   const bm_nuts_info *info) {
    collector *c = ctx;
    assert_true(c->count < c->cap);
    memcpy(c->theta + (size_t)c->count * c->n, theta, (size_t)c->n * sizeof *theta);
    c->info[c->count] = *info;
    c->iter[c->count] = iter;
    c->warm[c->count] = is_warmup;
    c->count++;
    return c->stop_at >= 0 && iter >= c->stop_at;
}

static int run_chain(const bm_model_def *def, const bm_model *m, const bm_chain_config *cfg,
                     collector *c, bm_error *err) {
    bm_chain_callbacks cb = {.ctx = c, .adapted = on_adapted, .draw = on_draw};
    return bm_chain_run(def, m, cfg, &cb, err);
}

static void config(bm_chain_config *cfg, int warmup, int samples, uint64_t seed, int chain) {
    bm_chain_config_default(cfg);
    cfg->num_warmup = warmup;
    cfg->num_samples = samples;
    cfg->seed = seed;
    cfg->chain_id = chain;
}

/* ---- ESS (Geyer initial monotone sequence) ---------------------------------- */

static double autocorr(const double *x, int n, double mean, double var0, int lag) {
    double s = 0;
    for (int t = 0; t + lag < n; t++) s += (x[t] - mean) * (x[t + lag] - mean);
    return s / n / var0;
}

/* ESS of one chain's series x[0..n). */
static double ess_geyer(const double *x, int n) {
    double mean = 0, var0 = 0;
    for (int t = 0; t < n; t++) mean += x[t] / n;
    for (int t = 0; t < n; t++) var0 += (x[t] - mean) * (x[t] - mean) / n;
    if (var0 <= 0) return n;
    double tau = -1, prev = INFINITY;
    for (int k = 0; 2 * k + 1 < n; k++) {
        double p = autocorr(x, n, mean, var0, 2 * k) + autocorr(x, n, mean, var0, 2 * k + 1);
        if (p < 0) break;
        if (p > prev) p = prev;
        prev = p;
        tau += 2 * p;
    }
    double cap = n * log10((double)n);
    return tau > n / cap ? n / tau : cap;
}

/* Checks that the mean of f over all chains' draws is within 4 MCSE of want;
 * series[ch][t] is f at draw t of chain ch; ESS is the sum over chains. */
static double check_mean(double **series, int chains, int n, double want, const char *what) {
    double mean = 0, var = 0, ess = 0;
    int N = chains * n;
    for (int c = 0; c < chains; c++)
        for (int t = 0; t < n; t++) mean += series[c][t] / N;
    for (int c = 0; c < chains; c++)
        for (int t = 0; t < n; t++) var += (series[c][t] - mean) * (series[c][t] - mean) / (N - 1);
    for (int c = 0; c < chains; c++) ess += ess_geyer(series[c], n);
    double mcse = sqrt(var / ess);
#ifdef NUTS_TEST_VERBOSE
    fprintf(stderr, "%-8s mean %9.5f want %7.3f mcse %.4f ess %7.1f z %+.2f\n", what, mean,
            want, mcse, ess, (mean - want) / mcse);
#endif
    if (!(fabs(mean - want) < 4 * mcse))
        fail_msg("%s: mean %g, expected %g, 4 MCSE = %g (ess %g)", what, mean, want, 4 * mcse, ess);
    return ess / N;
}

/* series[c][t] = f(draw t of chain c) for the kept sampling draws. */
typedef double (*draw_fn)(const double *theta, const void *arg);

static double **make_series(collector *cols, int chains, int warmup, draw_fn f, const void *arg) {
    double **s = calloc((size_t)chains, sizeof *s);
    for (int c = 0; c < chains; c++) {
        int n = cols[c].count - warmup;
        s[c] = calloc((size_t)n, sizeof(double));
        for (int t = 0; t < n; t++) s[c][t] = f(cols[c].theta + (size_t)(warmup + t) * cols[c].n, arg);
    }
    return s;
}

static void free_series(double **s, int chains) {
    for (int c = 0; c < chains; c++) free(s[c]);
    free(s);
}

static double f_coord(const double *th, const void *arg) { return th[*(const int *)arg]; }
static double f_coord_sq(const double *th, const void *arg) {
    int i = *(const int *)arg;
    return th[i] * th[i];
}
static double f_cross(const double *th, const void *arg) { return th[0] * th[1]; }

/* Checks the moment; returns its ESS per draw. */
static double check_moment(collector *cols, int chains, int warmup, draw_fn f, const void *arg,
                           double want, const char *what) {
    double **s = make_series(cols, chains, warmup, f, arg);
    double r = check_mean(s, chains, cols[0].count - warmup, want, what);
    free_series(s, chains);
    return r;
}

/* ---- tests ------------------------------------------------------------------ */

#define CHAINS 4

static void run_chains_metric(const bm_model_def *def, const bm_model *m, collector *cols,
                              int warmup, int samples, uint64_t seed, bm_metric_kind kind) {
    for (int c = 0; c < CHAINS; c++) {
        bm_chain_config cfg;
        bm_error err;
        config(&cfg, warmup, samples, seed, c + 1);
        cfg.metric = kind;
        col_init(&cols[c], m->d, warmup + samples);
        assert_int_equal(run_chain(def, m, &cfg, &cols[c], &err), 0);
        assert_int_equal(cols[c].count, warmup + samples);
        assert_int_equal(cols[c].adapted_calls, 1);
    }
}

static void run_chains(const bm_model_def *def, const bm_model *m, collector *cols,
                       int warmup, int samples, uint64_t seed) {
    run_chains_metric(def, m, cols, warmup, samples, seed, BM_METRIC_DIAG);
}

static double mean_leapfrogs(const collector *c, int from) {
    double s = 0;
    for (int t = from; t < c->count; t++) s += c->info[t].n_leapfrog;
    return s / (c->count - from);
}

static void test_std_normal_100d(void **st) {
    (void)st;
    bm_model m = {.d = 100, .reject_above = INFINITY};
    collector cols[CHAINS];
    run_chains(&STD_NORMAL, &m, cols, 1000, 1000, 20240501);
    char what[64];
    double sq_ess_ratio = 0; /* ESS per draw of x^2, averaged over dimensions */
    for (int i = 0; i < m.d; i++) {
        snprintf(what, sizeof what, "x[%d]", i);
        check_moment(cols, CHAINS, 1000, f_coord, &i, 0.0, what);
        snprintf(what, sizeof what, "x[%d]^2", i);
        sq_ess_ratio += check_moment(cols, CHAINS, 1000, f_coord_sq, &i, 1.0, what) / m.d;
    }
    /* The last metric window has 500 draws; a variance estimate from them has
     * sd sqrt(var(x^2) / ess) = sqrt(2 / (500 * sq_ess_ratio)); allow 5 sd
     * per element (400 elements) plus the 5/505 shrinkage, and 5 sd / 10 for
     * the average over the 100 dimensions. */
    double var_sd = sqrt(2.0 / (500 * sq_ess_ratio));
    for (int c = 0; c < CHAINS; c++) {
#ifdef NUTS_TEST_VERBOSE
        double md = 0;
        for (int t = 1000; t < 2000; t++) md += cols[c].info[t].treedepth / 1000.0;
        fprintf(stderr, "chain %d: stepsize %g mean depth %g metric[0..2] %g %g %g\n", c,
                cols[c].stepsize, md, cols[c].inv_metric[0], cols[c].inv_metric[1],
                cols[c].inv_metric[2]);
#endif
        /* step size ~ d^(-1/4) scale for a unit-scale target at delta 0.8 */
        assert_true(cols[c].stepsize > 0.2 && cols[c].stepsize < 1.25);
        double avg = 0;
        for (int i = 0; i < m.d; i++) {
            assert_true(fabs(cols[c].inv_metric[i] - 1) < 5 * var_sd + 0.01);
            avg += cols[c].inv_metric[i] / m.d;
        }
        assert_true(fabs(avg - 1) < 0.5 * var_sd + 0.01);
        /* sampling draws report the adapted step size; accept stat near delta */
        /* a unit-scale normal U-turns after about half a period, pi / eps
         * ~ 8 steps (depth ~3); without the U-turn criterion it would hit 10 */
        double acc = 0, depth = 0;
        for (int t = 1000; t < 2000; t++) {
            depth += cols[c].info[t].treedepth / 1000.0;
            assert_true(cols[c].info[t].stepsize == cols[c].stepsize);
            assert_false(cols[c].info[t].divergent);
            acc += cols[c].info[t].accept_stat / 1000;
        }
        assert_true(acc > 0.7 && acc < 0.97);
        assert_true(depth > 2 && depth < 5);
        col_free(&cols[c]);
    }
}

static void test_correlated_2d(void **st) {
    (void)st;
    bm_model m = {.d = 2, .s1 = 1, .s2 = 10, .rho = 0.99};
    collector cols[CHAINS];
    run_chains(&CORR, &m, cols, 1000, 1000, 777);
    int i0 = 0, i1 = 1;
    check_moment(cols, CHAINS, 1000, f_coord, &i0, 0.0, "x1");
    check_moment(cols, CHAINS, 1000, f_coord, &i1, 0.0, "x2");
    check_moment(cols, CHAINS, 1000, f_coord_sq, &i0, 1.0, "x1^2");
    check_moment(cols, CHAINS, 1000, f_coord_sq, &i1, 100.0, "x2^2");
    check_moment(cols, CHAINS, 1000, f_cross, NULL, 0.99 * 10, "x1*x2");
    for (int c = 0; c < CHAINS; c++) {
        /* the diagonal metric learns the marginal variances 1 and 100 */
        assert_true(cols[c].inv_metric[1] / cols[c].inv_metric[0] > 50);
        assert_true(cols[c].inv_metric[1] / cols[c].inv_metric[0] < 200);
        col_free(&cols[c]);
    }
}

/* A badly scaled, strongly correlated Gaussian (sds 0.01 and 100, rho
 * 0.99): the dense metric learns the covariance, so the trajectories become
 * short; moments stay inside the MCSE bands. */
static void test_dense_metric_badly_scaled(void **st) {
    (void)st;
    bm_model m = {.d = 2, .s1 = 0.01, .s2 = 100, .rho = 0.99};
    collector dense[CHAINS], diag[CHAINS];
    run_chains_metric(&CORR, &m, dense, 1000, 1000, 4242, BM_METRIC_DENSE);
    run_chains_metric(&CORR, &m, diag, 1000, 1000, 4242, BM_METRIC_DIAG);
    int i0 = 0, i1 = 1;
    check_moment(dense, CHAINS, 1000, f_coord, &i0, 0.0, "x1");
    check_moment(dense, CHAINS, 1000, f_coord, &i1, 0.0, "x2");
    check_moment(dense, CHAINS, 1000, f_coord_sq, &i0, 1e-4, "x1^2");
    check_moment(dense, CHAINS, 1000, f_coord_sq, &i1, 1e4, "x2^2");
    check_moment(dense, CHAINS, 1000, f_cross, NULL, 0.99 * 0.01 * 100, "x1*x2");
    for (int c = 0; c < CHAINS; c++) {
        const double *a = dense[c].inv_metric;
        double corr = a[1] / sqrt(a[0] * a[3]);
        assert_true(fabs(a[1] - a[2]) <= 1e-12 * fabs(a[1]));  /* symmetric */
        /* learned rho 0.99, less the 1e-3 * 5/(k+5) that Stan's regularisation
         * adds to the diagonal (about 10% of the 1e-4 variance of x1) */
        assert_true(corr > 0.9 && corr < 0.999);
        assert_true(a[3] / a[0] > 0.3e8 && a[3] / a[0] < 3e8);  /* variance ratio 1e8 */
        double lf_dense = mean_leapfrogs(&dense[c], 1000), lf_diag = mean_leapfrogs(&diag[c], 1000);
        fprintf(stderr, "chain %d: mean leapfrogs per draw: dense %.2f, diag %.2f\n", c + 1,
                lf_dense, lf_diag);
        assert_true(lf_dense < 0.6 * lf_diag);
        col_free(&dense[c]);
        col_free(&diag[c]);
    }
}

/* Static HMC (fixed integration time, Metropolis correction) on the
 * correlated Gaussian: moments inside the MCSE bands, L = floor(T / eps). */
static void test_static_hmc(void **st) {
    (void)st;
    bm_model m = {.d = 2, .s1 = 1, .s2 = 10, .rho = 0.9};
    collector cols[CHAINS];
    for (int c = 0; c < CHAINS; c++) {
        bm_chain_config cfg;
        bm_error err;
        config(&cfg, 1000, 2000, 31, c + 1);
        cfg.static_int_time = 3.0;
        col_init(&cols[c], 2, 3000);
        assert_int_equal(run_chain(&CORR, &m, &cfg, &cols[c], &err), 0);
        for (int t = 1000; t < 3000; t++) {
            const bm_nuts_info *in = &cols[c].info[t];
            assert_int_equal(in->treedepth, 0);
            int want = 3.0 / in->stepsize < 1 ? 1 : (int)(3.0 / in->stepsize);
            assert_int_equal(in->n_leapfrog, want);
        }
    }
    int i0 = 0, i1 = 1;
    check_moment(cols, CHAINS, 1000, f_coord, &i0, 0.0, "x1");
    check_moment(cols, CHAINS, 1000, f_coord_sq, &i0, 1.0, "x1^2");
    check_moment(cols, CHAINS, 1000, f_coord_sq, &i1, 100.0, "x2^2");
    check_moment(cols, CHAINS, 1000, f_cross, NULL, 0.9 * 10, "x1*x2");
    for (int c = 0; c < CHAINS; c++) col_free(&cols[c]);
}

/* Unit metric: never adapted (stays the identity); no adaptation at all
 * keeps the given step size. */
static void test_unit_metric_and_no_adapt(void **st) {
    (void)st;
    bm_model m = {.d = 3, .reject_above = INFINITY};
    collector c;
    bm_chain_config cfg;
    bm_error err;
    config(&cfg, 300, 300, 5, 1);
    cfg.metric = BM_METRIC_UNIT;
    col_init(&c, 3, 600);
    assert_int_equal(run_chain(&STD_NORMAL, &m, &cfg, &c, &err), 0);
    for (int i = 0; i < 3; i++) assert_true(c.inv_metric[i] == 1.0);
    col_free(&c);
    config(&cfg, 100, 100, 5, 1);
    cfg.adapt_engaged = 0;
    cfg.stepsize = 0.37;
    col_init(&c, 3, 200);
    assert_int_equal(run_chain(&STD_NORMAL, &m, &cfg, &c, &err), 0);
    assert_int_equal(c.adapted_calls, 0);
    for (int t = 0; t < c.count; t++) assert_true(c.info[t].stepsize == 0.37);
    col_free(&c);
}

/* A user init is used as given; an invalid one is an error, not retried. */
static void test_user_init(void **st) {
    (void)st;
    bm_model m = {.d = 2, .reject_above = 1.0, .msg = "x above 1"};
    double good[2] = {0.25, -0.5}, bad[2] = {3.0, 0.0};
    collector c;
    bm_chain_config cfg;
    bm_error err;
    config(&cfg, 0, 1, 5, 1);
    cfg.init_theta = bad;
    col_init(&c, 2, 10);
    assert_int_not_equal(run_chain(&STD_NORMAL, &m, &cfg, &c, &err), 0);
    assert_non_null(strstr(err.msg, "initial values given are not valid"));
    assert_non_null(strstr(err.msg, "x above 1"));
    col_free(&c);
    cfg.init_theta = good;
    cfg.max_depth = 1;
    col_init(&c, 2, 10);
    assert_int_equal(run_chain(&STD_NORMAL, &m, &cfg, &c, &err), 0);
    /* one tree-depth-1 transition moves at most two leapfrog steps away */
    assert_true(fabs(c.theta[0] - good[0]) < 3 && fabs(c.theta[1] - good[1]) < 3);
    col_free(&c);
}

static void run_small(int chain, collector *c) {
    bm_model m = {.d = 3, .reject_above = INFINITY};
    bm_chain_config cfg;
    bm_error err;
    config(&cfg, 150, 100, 99, chain);
    col_init(c, 3, 250);
    assert_int_equal(run_chain(&STD_NORMAL, &m, &cfg, c, &err), 0);
}

/* Field by field: bm_nuts_info has padding bytes that memcmp would read. */
static int same_info(const bm_nuts_info *a, const bm_nuts_info *b) {
    return !memcmp(&a->lp, &b->lp, sizeof a->lp) &&
           !memcmp(&a->accept_stat, &b->accept_stat, sizeof a->accept_stat) &&
           !memcmp(&a->stepsize, &b->stepsize, sizeof a->stepsize) &&
           !memcmp(&a->energy, &b->energy, sizeof a->energy) &&
           a->treedepth == b->treedepth && a->n_leapfrog == b->n_leapfrog &&
           a->divergent == b->divergent;
}

static int same_draws(const collector *a, const collector *b) {
    if (a->count != b->count ||
        memcmp(a->theta, b->theta, (size_t)a->count * a->n * sizeof(double)))
        return 0;
    for (int t = 0; t < a->count; t++)
        if (!same_info(&a->info[t], &b->info[t])) return 0;
    return 1;
}

static void test_reproducible_and_streams(void **st) {
    (void)st;
    collector a, b, c;
    run_small(1, &a);
    run_small(1, &b);
    run_small(2, &c);
    assert_true(same_draws(&a, &b));
    assert_false(same_draws(&a, &c));
    for (int t = 0; t < a.count; t++) /* no draw of chain 2 equals chain 1's */
        assert_false(a.theta[3 * t] == c.theta[3 * t]);
    col_free(&a);
    col_free(&b);
    col_free(&c);
}

/* Chains run in parallel threads give the same draws as run one by one. */
static void test_parallel_same_as_serial(void **st) {
    (void)st;
    collector ser[3], par[3];
    for (int k = 0; k < 3; k++) run_small(k + 1, &ser[k]);
#pragma omp parallel for num_threads(3)
    for (int k = 0; k < 3; k++) run_small(k + 1, &par[k]);
    for (int k = 0; k < 3; k++) {
        assert_true(same_draws(&ser[k], &par[k]));
        col_free(&ser[k]);
        col_free(&par[k]);
    }
}

static void test_init_failure_message(void **st) {
    (void)st;
    bm_model m = {.d = 2, .msg = "normal_lpdf: Scale parameter is -1, but must be positive!"};
    bm_chain_config cfg;
    bm_error err;
    collector c;
    config(&cfg, 10, 10, 1, 1);
    col_init(&c, 2, 20);
    assert_int_not_equal(run_chain(&ALWAYS_REJECT, &m, &cfg, &c, &err), 0);
    assert_string_equal(err.msg,
                        "could not find a valid initial value in 100 tries: last error: "
                        "normal_lpdf: Scale parameter is -1, but must be positive!");
    assert_int_equal(c.count, 0);
    m.msg = NULL;
    assert_int_not_equal(run_chain(&NAN_GRAD, &m, &cfg, &c, &err), 0);
    assert_non_null(strstr(err.msg, "could not find a valid initial value in 100 tries"));
    assert_non_null(strstr(err.msg, "gradient"));
    col_free(&c);
}

/* Rejections (zero density for x[0] > 1) are divergences; no selected state
 * ever lies in the rejected region. */
static void test_rejection_is_divergence(void **st) {
    (void)st;
    bm_model m = {.d = 1, .reject_above = 1.0, .msg = "x > 1"};
    bm_chain_config cfg;
    bm_error err;
    collector c;
    config(&cfg, 300, 500, 5, 1);
    cfg.init_radius = 0.5;
    col_init(&c, 1, 800);
    assert_int_equal(run_chain(&STD_NORMAL, &m, &cfg, &c, &err), 0);
    int div = 0;
    for (int t = 0; t < c.count; t++) {
        assert_true(c.theta[t] <= 1.0);
        assert_true(isfinite(c.info[t].lp) && isfinite(c.info[t].energy));
        div += c.info[t].divergent;
    }
    assert_true(div > 0);
    col_free(&c);
}

/* Tiny fixed step, no warmup: no U-turn within 2^3 - 1 steps, so every
 * transition reaches the depth limit with exactly 7 leapfrog steps. */
static void test_max_depth_and_no_warmup(void **st) {
    (void)st;
    bm_model m = {.d = 10, .reject_above = INFINITY};
    bm_chain_config cfg;
    bm_error err;
    collector c;
    config(&cfg, 0, 50, 3, 1);
    cfg.max_depth = 3;
    cfg.stepsize = 0.01;
    col_init(&c, 10, 50);
    assert_int_equal(run_chain(&STD_NORMAL, &m, &cfg, &c, &err), 0);
    assert_int_equal(c.count, 50);
    assert_int_equal(c.adapted_calls, 0);
    for (int t = 0; t < 50; t++) {
        assert_int_equal(c.info[t].treedepth, 3);
        assert_int_equal(c.info[t].n_leapfrog, 7);
        assert_true(c.info[t].stepsize == 0.01);
        assert_true(c.info[t].accept_stat > 0.99 && c.info[t].accept_stat <= 1.0);
        assert_int_equal(c.iter[t], t);
        assert_false(c.warm[t]);
        /* lp is the log density of the reported point */
        double s = 0;
        for (int i = 0; i < 10; i++) s += c.theta[t * 10 + i] * c.theta[t * 10 + i];
        assert_true(fabs(c.info[t].lp + 0.5 * s) < 1e-12 * (1 + s));
        assert_true(c.info[t].energy >= -c.info[t].lp);
    }
    col_free(&c);
}

static void test_thin_and_iteration_numbers(void **st) {
    (void)st;
    bm_model m = {.d = 2, .reject_above = INFINITY};
    bm_chain_config cfg;
    bm_error err;
    collector c;
    config(&cfg, 10, 10, 8, 1);
    cfg.thin = 3;
    col_init(&c, 2, 20);
    assert_int_equal(run_chain(&STD_NORMAL, &m, &cfg, &c, &err), 0);
    int want_iter[] = {0, 3, 6, 9, 10, 13, 16, 19};
    assert_int_equal(c.count, 8);
    for (int t = 0; t < 8; t++) {
        assert_int_equal(c.iter[t], want_iter[t]);
        assert_int_equal(c.warm[t], t < 4);
    }
    assert_int_equal(c.adapted_calls, 1);
    col_free(&c);
}

static void test_callback_abort(void **st) {
    (void)st;
    bm_model m = {.d = 2, .reject_above = INFINITY};
    bm_chain_config cfg;
    bm_error err;
    collector c;
    config(&cfg, 10, 10, 8, 1);
    col_init(&c, 2, 20);
    c.stop_at = 5;
    assert_int_not_equal(run_chain(&STD_NORMAL, &m, &cfg, &c, &err), 0);
    assert_int_equal(c.count, 6);
    assert_true(err.msg[0] != '\0');
    col_free(&c);
}

static void test_bad_config(void **st) {
    (void)st;
    bm_model m = {.d = 2, .reject_above = INFINITY};
    bm_chain_config cfg;
    bm_error err;
    collector c;
    col_init(&c, 2, 20);
    config(&cfg, 10, 10, 8, 1);
    cfg.adapt_delta = 1.5;
    assert_int_not_equal(run_chain(&STD_NORMAL, &m, &cfg, &c, &err), 0);
    assert_non_null(strstr(err.msg, "adapt_delta"));
    config(&cfg, 10, 10, 8, 1);
    cfg.max_depth = 0;
    assert_int_not_equal(run_chain(&STD_NORMAL, &m, &cfg, &c, &err), 0);
    assert_non_null(strstr(err.msg, "max_depth"));
    assert_int_equal(c.count, 0);
    col_free(&c);
}

static void test_no_parameters(void **st) {
    (void)st;
    bm_model m = {.d = 0, .reject_above = INFINITY};
    bm_chain_config cfg;
    bm_error err;
    collector c;
    config(&cfg, 5, 7, 8, 1);
    col_init(&c, 0, 12);
    assert_int_equal(run_chain(&STD_NORMAL, &m, &cfg, &c, &err), 0);
    assert_int_equal(c.count, 12);
    col_free(&c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_std_normal_100d),
        cmocka_unit_test(test_correlated_2d),
        cmocka_unit_test(test_dense_metric_badly_scaled),
        cmocka_unit_test(test_unit_metric_and_no_adapt),
        cmocka_unit_test(test_static_hmc),
        cmocka_unit_test(test_user_init),
        cmocka_unit_test(test_reproducible_and_streams),
        cmocka_unit_test(test_parallel_same_as_serial),
        cmocka_unit_test(test_init_failure_message),
        cmocka_unit_test(test_rejection_is_divergence),
        cmocka_unit_test(test_max_depth_and_no_warmup),
        cmocka_unit_test(test_thin_and_iteration_numbers),
        cmocka_unit_test(test_callback_abort),
        cmocka_unit_test(test_bad_config),
        cmocka_unit_test(test_no_parameters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
