/* runtime/cmd_sample.c — `BIN sample`: run NUTS chains, write Stan CSV, summarise.
 *
 * In:  a model definition and parsed options.  Out: DIR/chain_K.csv for each
 * chain (CmdStan layout; each file appears under its final name only when
 * its chain finished), and the summary table on stdout.  Chains run in
 * parallel (OpenMP); each chain's randomness comes from its own streams of
 * the seed, so the output does not depend on the thread count.
 * Never: prints progress unless stderr is a terminal.
 */
#include <errno.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "advice.h"
#include "method_io.h"
#include "chain.h"
#include "names.h"
#include "program.h"
#include "rng.h"
#include "stancsv.h"
#include "summary.h"
#include "warm_start.h"

/* CmdStan's leading columns: NUTS, and static HMC (--engine static). */
#define N_NUTS_COLS 7
static const char *const NUTS_COLS[N_NUTS_COLS] = {
    "lp__", "accept_stat__", "stepsize__", "treedepth__",
    "n_leapfrog__", "divergent__", "energy__"};
#define N_STATIC_COLS 5
static const char *const STATIC_COLS[N_STATIC_COLS] = {
    "lp__", "accept_stat__", "stepsize__", "int_time__", "energy__"};

static int is_static(const bm_options *o) { return !strcmp(o->engine, "static"); }

/* The sampler columns of this run; returns their number. */
static int sampler_cols(const bm_options *o, const char *const **names) {
    *names = is_static(o) ? STATIC_COLS : NUTS_COLS;
    return is_static(o) ? N_STATIC_COLS : N_NUTS_COLS;
}

/* Fills the sampler columns of a CSV row from one transition. */
static int fill_sampler_cols(const bm_options *o, const bm_nuts_info *info, double *r) {
    r[0] = info->lp;
    r[1] = info->accept_stat;
    r[2] = info->stepsize;
    if (is_static(o)) {
        r[3] = o->int_time;
        r[4] = info->energy;
        return N_STATIC_COLS;
    }
    r[3] = info->treedepth;
    r[4] = info->n_leapfrog;
    r[5] = info->divergent;
    r[6] = info->energy;
    return N_NUTS_COLS;
}

/* GQ randomness uses a stream disjoint from the sampler's (stream = chain). */
#define GQ_STREAM_OFFSET 0x100000000ull

typedef struct {
    const bm_model_def *def;
    const bm_model *m;
    const bm_options *o;
    int chain;                 /* 1-based */
    bm_csv_writer *w;
    bm_ws *ws;
    bm_rng gq_rng;
    int nout;
    double *row;               /* sampler columns + outputs */
    double *summary_draws;     /* [col][chain][iter]: sampler columns, then outputs */
    const double *inv_metric;  /* from --metric-file, or NULL */
    const double *pathfinder_inits; /* --init-from-pathfinder: chains x n, or NULL */
    double stepsize;           /* initial step size */
    int kept;
    int divergent, depth_hits;
    long leapfrogs;            /* all iterations, warmup included */
    long rejections;           /* failed log density evaluations (all iterations) */
    char reject_msg[256];      /* the first one's message */
    double t_start, t_adapted, t_end;
    int failed;
    bm_error err;
} chain_ctx;

/* Post-warmup draws kept per chain: ceil(draws / thin). */
static int kept_draws(const bm_options *o) {
    return (o->draws + o->thin - 1) / o->thin;
}

static bm_metric_kind metric_kind(const bm_options *o) {
    if (!strcmp(o->metric, "dense")) return BM_METRIC_DENSE;
    if (!strcmp(o->metric, "unit")) return BM_METRIC_UNIT;
    return BM_METRIC_DIAG;
}


static void write_config(bm_csv_writer *w, const bm_model_def *def,
                         const bm_options *o, int chain, const char *path) {
    bm_csv_comment(w, "stan_version_major = 2");
    bm_csv_comment(w, "stan_version_minor = 33");
    bm_csv_comment(w, "stan_version_patch = 0");
    bm_csv_comment(w, "bmodel_version = 0.1");
    bm_csv_comment(w, "model = %s_model", def->name);
    bm_csv_comment(w, "method = sample (Default)");
    bm_csv_comment(w, "  sample");
    bm_csv_comment(w, "    num_samples = %d", o->draws);
    bm_csv_comment(w, "    num_warmup = %d", o->warmup);
    bm_csv_comment(w, "    save_warmup = %d", o->save_warmup);
    if (o->prior) bm_csv_comment(w, "    prior = 1 (observed-data statements left out)");
    bm_csv_comment(w, "    thin = %d", o->thin);
    bm_csv_comment(w, "    adapt");
    bm_csv_comment(w, "      engaged = %d", !o->no_adapt);
    bm_csv_comment(w, "      gamma = 0.05 (Default)");
    bm_csv_comment(w, "      delta = %g", o->adapt_delta);
    bm_csv_comment(w, "      kappa = 0.75 (Default)");
    bm_csv_comment(w, "      t0 = 10 (Default)");
    bm_csv_comment(w, "      init_buffer = 75 (Default)");
    bm_csv_comment(w, "      term_buffer = 50 (Default)");
    bm_csv_comment(w, "      window = 25 (Default)");
    bm_csv_comment(w, "    algorithm = hmc (Default)");
    bm_csv_comment(w, "      hmc");
    if (is_static(o)) {
        bm_csv_comment(w, "        engine = static");
        bm_csv_comment(w, "          static");
        bm_csv_comment(w, "            int_time = %g", o->int_time);
    } else {
        bm_csv_comment(w, "        engine = nuts (Default)");
        bm_csv_comment(w, "          nuts");
        bm_csv_comment(w, "            max_depth = %d", o->max_depth);
    }
    bm_csv_comment(w, "        metric = %s_e", o->metric);
    if (o->metric_file) bm_csv_comment(w, "        metric_file = %s", o->metric_file);
    bm_csv_comment(w, "        stepsize = %g", o->stepsize);
    bm_csv_comment(w, "        stepsize_jitter = 0 (Default)");
    bm_csv_comment(w, "    num_chains = 1 (Default)");
    bm_csv_comment(w, "id = %d", chain);
    bm_csv_comment(w, "data");
    for (int i = 0; i < o->n_data_files; i++)
        bm_csv_comment(w, "  file = %s", o->data_files[i]);
    for (int i = 0; i < o->n_data_args; i++)
        bm_csv_comment(w, "  arg = %s", o->data_args[i]);
    if (o->init_file) bm_csv_comment(w, "init = %s", o->init_file);
    else bm_csv_comment(w, "init = %g", o->init_radius);
    bm_csv_comment(w, "random");
    bm_csv_comment(w, "  seed = %llu", (unsigned long long)o->seed);
    bm_csv_comment(w, "output");
    bm_csv_comment(w, "  file = %s", path);
    bm_csv_comment(w, "  refresh = %d", o->refresh);
}

static void on_adapted(void *vctx, double stepsize, const double *inv_metric, int n,
                       int dense) {
    chain_ctx *c = vctx;
    c->t_adapted = omp_get_wtime();
    bm_csv_adaptation(c->w, stepsize, inv_metric, n, dense);
}

static void report_progress(const chain_ctx *c, int iter) {
    const bm_options *o = c->o;
    int total = o->warmup + o->draws;
    if (o->refresh <= 0 || !isatty(2)) return;
    if ((iter + 1) % o->refresh && iter + 1 != total && iter != 0) return;
#pragma omp critical(bm_progress)
    fprintf(stderr, "Chain %d: Iteration %5d / %d [%3d%%]  (%s)\n", c->chain, iter + 1,
            total, (int)(100.0 * (iter + 1) / total),
            iter < o->warmup ? "Warmup" : "Sampling");
}

/* Keeps one post-warmup row (all columns) for the summary. */
static void store_draw(chain_ctx *c, const double *row) {
    long n = kept_draws(c->o), chains = c->o->chains;
    long at = (long)(c->chain - 1) * n + c->kept;
    const char *const *unused;
    for (int j = 0; j < sampler_cols(c->o, &unused) + c->nout; j++)
        c->summary_draws[j * chains * n + at] = row[j];
    c->kept++;
}

static int on_draw(void *vctx, int iter, int is_warmup, const double *theta,
                   const bm_nuts_info *info) {
    chain_ctx *c = vctx;
    report_progress(c, iter);
    c->leapfrogs += info->n_leapfrog;
    if (info->rejections > c->rejections && info->reject_msg && !c->rejections)
        snprintf(c->reject_msg, sizeof c->reject_msg, "%s", info->reject_msg);
    if (info->rejections > c->rejections) c->rejections = info->rejections;
    if (is_warmup && !c->o->save_warmup) return 0;
    if (!is_warmup && c->kept >= kept_draws(c->o)) return 0;
    double *r = c->row;
    int nsc = fill_sampler_cols(c->o, info, r);
    if (c->def->write_array(c->m, c->ws, theta, BM_WRITE_TPARAMS | BM_WRITE_GQ,
                            &c->gq_rng, r + nsc, &c->err))
        return 1;
    bm_csv_row(c->w, r, nsc + c->nout);
    if (is_warmup) return 0;
    c->divergent += info->divergent;
    c->depth_hits += info->treedepth >= c->o->max_depth;
    store_draw(c, r);
    return 0;
}

/* --init FILE: this chain's start (missing parameters random). */
static int chain_init_theta(chain_ctx *c, double *theta) {
    bm_rng rng;
    bm_rng_seed(&rng, c->o->seed, GQ_STREAM_OFFSET * 2 + (uint64_t)c->chain);
    return bm_init_from_file(c->def, c->m, c->ws, c->o->init_file, &rng, c->o->init_radius,
                             theta, &c->err);
}

static void run_one_chain(chain_ctx *c) {
    bm_chain_config cfg;
    bm_chain_config_default(&cfg);
    cfg.num_warmup = c->o->warmup;
    cfg.num_samples = c->o->draws;
    cfg.max_depth = c->o->max_depth;
    cfg.adapt_delta = c->o->adapt_delta;
    cfg.init_radius = c->o->init_radius;
    cfg.seed = c->o->seed;
    cfg.chain_id = c->chain;
    cfg.thin = c->o->thin;
    cfg.metric = metric_kind(c->o);
    cfg.adapt_engaged = !c->o->no_adapt;
    cfg.stepsize = c->stepsize;
    cfg.inv_metric = c->inv_metric;
    cfg.extra_flags = c->o->prior ? BM_PRIOR : 0;
    if (is_static(c->o)) cfg.static_int_time = c->o->int_time;
    bm_chain_callbacks cb = {.ctx = c, .adapted = on_adapted, .draw = on_draw};
    c->ws = c->def->ws_create(c->m);
    int n = c->def->num_unconstrained(c->m);
    double *theta = calloc((size_t)(n > 0 ? n : 1), sizeof *theta);
    bm_rng_seed(&c->gq_rng, c->o->seed, GQ_STREAM_OFFSET + (uint64_t)c->chain);
    c->t_start = c->t_adapted = omp_get_wtime();
    if (c->o->init_file && n > 0) {
        c->failed = !theta || chain_init_theta(c, theta);
        cfg.init_theta = theta;
    } else if (c->pathfinder_inits && n > 0) {
        cfg.init_theta = c->pathfinder_inits + (size_t)(c->chain - 1) * n;
    }
    if (!c->failed) c->failed = bm_chain_run(c->def, c->m, &cfg, &cb, &c->err);
    c->t_end = omp_get_wtime();
    free(theta);
    c->def->ws_destroy(c->ws);
}

/* Column names: sampler columns then the model's outputs. */
static char **column_names(const bm_model_def *def, const bm_model *m, const bm_options *o,
                           int *nout) {
    char **out_names;
    const char *const *sc;
    int nsc = sampler_cols(o, &sc);
    *nout = bm_output_names(def, m, BM_WRITE_TPARAMS | BM_WRITE_GQ, &out_names);
    char **all = calloc((size_t)(nsc + *nout), sizeof *all);
    for (int i = 0; i < nsc; i++) all[i] = strdup(sc[i]);
    for (int i = 0; i < *nout; i++) all[nsc + i] = out_names[i];
    free(out_names);
    return all;
}

static int open_writers(chain_ctx *ctx, const bm_options *o, const bm_model_def *def,
                        char **names, int ncols) {
    for (int k = 0; k < o->chains; k++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/chain_%d.csv", o->output_dir, k + 1);
        ctx[k].w = bm_csv_open(path, &ctx[k].err);
        if (!ctx[k].w) {
            fprintf(stderr, "error: %s\n", ctx[k].err.msg);
            return 1;
        }
        write_config(ctx[k].w, def, o, k + 1, path);
        bm_csv_header(ctx[k].w, (const char *const *)names, ncols);
    }
    return 0;
}

/* Closes every writer: renamed into place on success, removed otherwise. */
static int close_writers(chain_ctx *ctx, int nchains, int success) {
    int bad = 0;
    for (int k = 0; k < nchains; k++) {
        if (!ctx[k].w) continue;
        if (success)
            bm_csv_timing(ctx[k].w, ctx[k].t_adapted - ctx[k].t_start,
                          ctx[k].t_end - ctx[k].t_adapted);
        bm_error err;
        if (bm_csv_close(ctx[k].w, success, &err) && success) {
            fprintf(stderr, "error: %s\n", err.msg);
            bad = 1;
        }
    }
    return bad;
}

/* Proposals rejected because the log density failed, with the first
 * message (which names the function, its arguments and their values). */
static void print_rejections(const chain_ctx *ctx, const bm_options *o) {
    long total = 0;
    int first = -1;
    for (int k = 0; k < o->chains; k++) {
        total += ctx[k].rejections;
        if (first < 0 && ctx[k].rejections) first = k;
    }
    if (!total) return;
    printf("\nRejected proposals: %ld (the log density could not be evaluated there). The first, in "
           "chain %d:\n  %s\nA few early in warmup are harmless; many mean the model lets a "
           "parameter reach values where a function is undefined: constrain it (e.g. <lower=0>).\n",
           total, first + 1, ctx[first].reject_msg);
}

/* Leaves the automatic pointwise outputs (log_lik.*, y_rep.*: one column
 * per observation) out of the console summary: moves the draws of the
 * other columns to the front of the summary buffer ([col][chain][iter]) and
 * their names into kept.  Returns the number of columns left out. */
static int drop_pointwise(chain_ctx *ctx, int nsc, int nout, const char *const *names,
                          const char **kept) {
    unsigned char *mark = calloc((size_t)nout + 1, 1);
    if (!mark || bm_pointwise_columns(ctx[0].def, ctx[0].m, mark) == 0) {
        free(mark);
        for (int j = 0; j < nsc + nout; j++) kept[j] = names[j];
        return 0;
    }
    size_t block = (size_t)ctx[0].o->chains * (size_t)kept_draws(ctx[0].o);
    double *d = ctx[0].summary_draws;
    int k = 0;
    for (int j = 0; j < nsc + nout; j++) {
        if (j >= nsc && mark[j - nsc]) continue;
        if (k != j) memmove(d + (size_t)k * block, d + (size_t)j * block, block * sizeof *d);
        kept[k++] = names[j];
    }
    free(mark);
    return nsc + nout - k;
}

static void print_summary(chain_ctx *ctx, const bm_options *o, char **names, int nout,
                          double elapsed) {
    const char *const *sc;
    int ncol = sampler_cols(o, &sc) + nout, div = 0, hits = 0, n = kept_draws(o);
    long leapfrogs = 0;
    double chain_seconds = 0;
    const char *const *snames = (const char *const *)names;
    for (int k = 0; k < o->chains; k++) {
        div += ctx[k].divergent;
        hits += ctx[k].depth_hits;
        leapfrogs += ctx[k].leapfrogs;
        chain_seconds += ctx[k].t_end - ctx[k].t_start;
    }
    const char **kept = calloc((size_t)ncol + 1, sizeof *kept);
    int hidden = kept ? drop_pointwise(ctx, ncol - nout, nout, snames, kept) : 0;
    if (kept) snames = kept;
    ncol -= hidden;
    bm_summary_row *rows = calloc((size_t)ncol, sizeof *rows);
    bm_summarize(ctx[0].summary_draws, ncol, o->chains, n, snames, rows);
    printf("\n%d chains x %d draws (after %d warmup) in %.2f s; output in %s/\n\n",
           o->chains, n, o->warmup, elapsed, o->output_dir);
    if (hidden)
        printf("(%d columns of the automatic log_lik and replicated data are in the CSV files, not "
               "below; `bmc summary %s` shows every column, `bmc loo %s` uses log_lik)\n\n",
               hidden, o->output_dir, o->output_dir);
    bm_summary_print(stdout, rows, ncol, o->chains, n, div, hits, o->max_depth);
    bm_advice_print(stdout, ctx[0].summary_draws, ncol, o->chains, n, snames);
    print_rejections(ctx, o);
    printf("\n%ld gradient evaluations, %.0f ns each (chain time / leapfrog steps)\n",
           leapfrogs, leapfrogs ? 1e9 * chain_seconds / leapfrogs : 0.0);
    free(rows);
    free(kept);
}

/* --init FILE is checked once before any chain starts (exit 2 when bad). */
static int check_init_file(const bm_model_def *def, const bm_model *m, const bm_options *o) {
    chain_ctx probe = {.def = def, .m = m, .o = o, .chain = 1};
    int n = def->num_unconstrained(m), rc = 0;
    double *theta = calloc((size_t)(n > 0 ? n : 1), sizeof *theta);
    probe.ws = def->ws_create(m);
    if (!theta || !probe.ws || chain_init_theta(&probe, theta)) {
        fprintf(stderr, "error: %s\n", theta && probe.ws ? probe.err.msg : "out of memory");
        rc = 2;
    }
    if (probe.ws) def->ws_destroy(probe.ws);
    free(theta);
    return rc;
}

/* --init-from-pathfinder: one Pathfinder draw per chain as its start. */
static int pathfinder_start(const bm_model_def *def, const bm_model *m, const bm_options *o,
                            double **inits) {
    int n = def->num_unconstrained(m);
    bm_error err = {{0}};
    *inits = calloc((size_t)o->chains * (size_t)n, sizeof **inits);
    if (*inits && bm_pathfinder_inits(def, m, o, o->chains, *inits, &err) == 0) return 0;
    fprintf(stderr, "error: --init-from-pathfinder: %s\n", *inits ? err.msg : "out of memory");
    free(*inits);
    *inits = NULL;
    return 1;
}

/* --metric-file: the starting inverse metric (and step size) for all chains. */
static double *load_metric(const bm_model_def *def, const bm_model *m, const bm_options *o,
                           double *stepsize) {
    int n = def->num_unconstrained(m), dense = metric_kind(o) == BM_METRIC_DENSE;
    double *inv = calloc(dense ? (size_t)n * n + 1 : (size_t)n + 1, sizeof *inv);
    bm_error err = {{0}};
    if (inv && bm_metric_from_file(o->metric_file, n, dense, inv, stepsize, &err) == 0)
        return inv;
    fprintf(stderr, "error: %s\n", inv ? err.msg : "out of memory");
    free(inv);
    return NULL;
}

static int sample_all(const bm_model_def *def, const bm_model *m, const bm_options *o) {
    int nout, rc = 0;
    char **names = column_names(def, m, o, &nout);
    const char *const *sc;
    int ncols = sampler_cols(o, &sc) + nout;
    double *draws = calloc((size_t)ncols * o->chains * kept_draws(o), sizeof *draws);
    chain_ctx *ctx = calloc((size_t)o->chains, sizeof *ctx);
    double stepsize = o->stepsize, *inv_metric = NULL;
    if (o->metric_file && !(inv_metric = load_metric(def, m, o, &stepsize))) rc = 2;
    if (!rc && o->init_file && def->num_unconstrained(m) > 0) rc = check_init_file(def, m, o);
    double *pf_inits = NULL;
    if (!rc && o->init_from_pathfinder && !o->init_file && def->num_unconstrained(m) > 0)
        rc = pathfinder_start(def, m, o, &pf_inits);
    for (int k = 0; k < o->chains; k++) {
        ctx[k] = (chain_ctx){.def = def, .m = m, .o = o, .chain = k + 1, .nout = nout,
                             .summary_draws = draws, .inv_metric = inv_metric,
                             .pathfinder_inits = pf_inits,
                             .stepsize = stepsize};
        ctx[k].row = calloc((size_t)ncols, sizeof(double));
    }
    double t0 = omp_get_wtime();
    if (rc || open_writers(ctx, o, def, names, ncols)) {
        rc = 2;
    } else {
        if (o->threads > 0) omp_set_num_threads(o->threads);
#pragma omp parallel for schedule(dynamic, 1)
        for (int k = 0; k < o->chains; k++) run_one_chain(&ctx[k]);
        for (int k = 0; k < o->chains; k++) {
            if (!ctx[k].failed) continue;
            fprintf(stderr, "error: chain %d: %s\n", k + 1, ctx[k].err.msg);
            rc = 1;
        }
    }
    if (close_writers(ctx, o->chains, rc == 0)) rc = 1;
    if (rc == 0 && !o->quiet) print_summary(ctx, o, names, nout, omp_get_wtime() - t0);
    for (int k = 0; k < o->chains; k++) free(ctx[k].row);
    for (int i = 0; i < ncols; i++) free(names[i]);
    free(names);
    free(ctx);
    free(draws);
    free(inv_metric);
    free(pf_inits);
    return rc;
}

int bm_cmd_sample(const bm_model_def *def, const bm_options *o) {
    if (bm_make_dirs(o->output_dir)) {
        fprintf(stderr, "error: cannot create output directory '%s': %s\n",
                o->output_dir, strerror(errno));
        return 2;
    }
    bm_data *data;
    bm_model *m = bm_program_load(def, o, &data);
    if (!m) return 2;
    int rc = sample_all(def, m, o);
    def->destroy(m);
    bm_data_free(data);
    return rc;
}
