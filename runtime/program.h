/* runtime/program.h — the model program's command line and its commands.
 *
 * In:  argv of a compiled model program.  Out: a parsed bm_options and the
 * commands `sample` (cmd_sample.c), `diagnose` (cmd_diagnose.c), `optimize`
 * (cmd_optimize.c), `variational` (cmd_variational.c), `pathfinder`
 * (cmd_pathfinder.c), `generate` (cmd_generate.c), `log-prob`
 * (cmd_logprob.c).  Options a command does not set explicitly get that
 * command's CmdStan default after parsing (e.g. --iter: optimize 2000,
 * variational 10000, pathfinder 1000; --tol-rel-obj: optimize and
 * pathfinder 1e4, variational 0.01).
 * Exit codes: 0 success, 1 a check failed (diagnose beyond tolerance) or
 * the algorithm failed, 2 bad command line or bad data.
 */
#ifndef BM_PROGRAM_H
#define BM_PROGRAM_H
#include <stdint.h>
#include "model.h"
#include "data.h"

#define BM_MAX_DATA_FILES 32

typedef struct {
    const char *command;                 /* "sample" | "diagnose" */
    const char *data_files[BM_MAX_DATA_FILES];
    int n_data_files;
    const char *data_args[BM_MAX_DATA_FILES]; /* name=value */
    int n_data_args;
    int chains, warmup, draws, max_depth, refresh, threads;
    double adapt_delta, init_radius;
    int thin, save_warmup, no_adapt;
    int sig_figs;          /* significant digits of CSV values (default 6) */
    int prior;             /* sample --prior: leave out observed-data statements */
    const char *metric;                  /* "diag" (default), "dense", "unit" */
    const char *init_file;               /* --init FILE (JSON/CSV), or NULL */
    const char *metric_file;             /* --metric-file FILE, or NULL */
    double stepsize;                     /* --stepsize (initial), 1 */
    const char *engine;                  /* "nuts" (default) or "static" */
    double int_time;                     /* static HMC integration time, 2 pi */
    uint64_t seed;
    const char *output_dir;
    double fd_epsilon, fd_error;         /* diagnose */
    int quiet;
    int output_given;                    /* --output was on the command line */
    /* optimize / variational / pathfinder (per-command defaults) */
    const char *algorithm;               /* lbfgs|bfgs|newton; meanfield|fullrank */
    int jacobian;                        /* --jacobian 1, --no-jacobian 0 */
    int iter;                            /* iteration limit */
    int laplace_draws;                   /* optimize --laplace N (0: none) */
    int history;                         /* L-BFGS history (5) */
    double init_alpha, tol_obj, tol_rel_obj, tol_grad, tol_rel_grad, tol_param;
    int grad_samples, elbo_samples, adapt_iter, eval_elbo, output_draws;
    double eta;                          /* ADVI step size; 0 = adaptive search */
    int num_paths, num_elbo_draws;       /* pathfinder: 4, 25 */
    int psis_resample;                   /* pathfinder: 1 (--no-psis-resample: 0) */
    int init_from_pathfinder;            /* sample --init-from-pathfinder */
    /* generate / log-prob */
    const char *fitted_dir;              /* --fitted DIR */
    const char *point_file;              /* log-prob --point FILE */
    int unconstrained;                   /* log-prob --unconstrained */
} bm_options;

int bm_program_main(const bm_model_def *def, int argc, char **argv);

/* Parses argv into o; on error prints a message and returns 2; returns -1
 * when --help was printed (exit 0). */
int bm_options_parse(bm_options *o, int argc, char **argv, const char *prog);

/* Reads every data source and binds it to the model.  NULL (message
 * already printed to stderr) on failure. */
bm_model *bm_program_load(const bm_model_def *def, const bm_options *o,
                          bm_data **data_out);

int bm_cmd_sample(const bm_model_def *def, const bm_options *o);
int bm_cmd_diagnose(const bm_model_def *def, const bm_options *o);
int bm_cmd_optimize(const bm_model_def *def, const bm_options *o);
int bm_cmd_variational(const bm_model_def *def, const bm_options *o);
int bm_cmd_pathfinder(const bm_model_def *def, const bm_options *o);
int bm_cmd_generate(const bm_model_def *def, const bm_options *o);
int bm_cmd_logprob(const bm_model_def *def, const bm_options *o);

/* Multi-path Pathfinder (with the options' settings) started from random
 * inits, and `chains` of its PSIS-resampled draws as unconstrained starting
 * points for NUTS: theta_out is chains x num_unconstrained, row-major.
 * 0, or non-zero with err when every path failed.  (pathfinder.c) */
int bm_pathfinder_inits(const bm_model_def *def, const bm_model *m, const bm_options *o,
                        int chains, double *theta_out, bm_error *err);

#endif
