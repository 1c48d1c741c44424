/* runtime/program.c — command-line parsing and data loading for model programs.
 *
 * In:  argv.  Out: bm_options; a bound model (bm_program_load).
 * Never: samples or writes output files (cmd_*.c do).
 */
#include "program.h"
#include "stancsv.h"
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *HELP =
    "usage: %s COMMAND [options] [name=value ...]\n"
    "\n"
    "commands:\n"
    "  sample       draw from the posterior with NUTS (adaptive HMC)\n"
    "  optimize     posterior mode or penalised maximum likelihood (L-BFGS,\n"
    "               BFGS, Newton); optionally Laplace draws at the mode\n"
    "  variational  ADVI: a normal approximation (meanfield or fullrank)\n"
    "  pathfinder   Pathfinder: normal approximations along L-BFGS paths,\n"
    "               combined by Pareto-smoothed importance resampling\n"
    "  generate     generated quantities for the draws of an earlier run\n"
    "  log-prob     log density and gradient at given points\n"
    "  diagnose     compare the gradient with central finite differences\n"
    "\n"
    "data:\n"
    "  --data FILE         a CSV file (header row names the variables; one\n"
    "                      column per vector or 1-d array; X.1 .. X.K for a\n"
    "                      matrix X) or a Stan JSON file (name ends in .json);\n"
    "                      may be repeated\n"
    "  name=value          a scalar data value, e.g. J=8\n"
    "\n"
    "sample options:\n"
    "  --chains N          number of chains (default 4), run in parallel\n"
    "  --threads N         OpenMP threads (default: one per core); the output\n"
    "                      does not depend on it\n"
    "  --warmup N          warmup iterations per chain (default 1000)\n"
    "  --draws N           sampling iterations per chain (default 1000)\n"
    "  --thin N            keep every N-th iteration (default 1)\n"
    "  --sig-figs N        significant digits of the values written to CSV\n"
    "                      files, 1..18 (default 6, as CmdStan; 17 keeps\n"
    "                      doubles exactly)\n"
    "  --save-warmup       also write the warmup iterations to the CSV files\n"
    "  --prior             sample the prior: leave out every observed-data\n"
    "                      sampling statement; Y_rep columns are then prior\n"
    "                      predictive draws\n"
    "  --seed N            random seed (default 1)\n"
    "  --adapt-delta X     target acceptance statistic, in (0,1) (default 0.8)\n"
    "  --max-depth N       maximum NUTS tree depth (default 10)\n"
    "  --init R            random inits uniform(-R, R) on the unconstrained\n"
    "                      scale (default 2)\n"
    "  --init FILE         initial values of parameters (constrained scale)\n"
    "                      from a JSON or CSV file, like --data; parameters\n"
    "                      not in the file get random inits\n"
    "  --metric M          diag (default), dense or unit: the shape of the\n"
    "                      adapted inverse metric (mass matrix)\n"
    "  --metric-file FILE  start from this inverse metric: a JSON file with\n"
    "                      \"inv_metric\" (and optionally \"stepsize\"), or a\n"
    "                      Stan CSV file from an earlier run (its adaptation\n"
    "                      block: step size and metric)\n"
    "  --stepsize X        initial step size (default 1)\n"
    "  --engine E          nuts (default) or static: static HMC with a fixed\n"
    "                      integration time\n"
    "  --int-time T        static HMC integration time (default 2 pi)\n"
    "  --no-adapt          no adaptation: warmup runs with the given step size\n"
    "                      and metric\n"
    "  --output DIR        write DIR/chain_1.csv ... (Stan CSV; default out)\n"
    "  --refresh N         progress every N iterations (default 100; shown\n"
    "                      only when stderr is a terminal; 0 = never)\n"
    "  --quiet             do not print the summary\n"
    "  --init-from-pathfinder  start the chains from Pathfinder draws (the\n"
    "                      pathfinder options below apply)\n"
    "\n"
    "optimize options (output DIR/optimize.csv: lp__, then the outputs):\n"
    "  --algorithm A       lbfgs (default), bfgs or newton\n"
    "  --jacobian          include the Jacobian of the constraining transforms:\n"
    "                      the posterior mode on the unconstrained scale (MAP);\n"
    "                      default: without it, the penalised maximum likelihood\n"
    "                      estimate, as CmdStan\n"
    "  --iter N            maximum iterations (default 2000)\n"
    "  --init R | FILE     as for sample (default 2)\n"
    "  --history N         L-BFGS history size (default 5)\n"
    "  --init-alpha X      first line-search step (default 0.001)\n"
    "  --tol-obj X         absolute change of the objective (default 1e-12)\n"
    "  --tol-rel-obj X     relative change of the objective, in units of machine\n"
    "                      epsilon (default 1e4)\n"
    "  --tol-grad X        gradient norm (default 1e-8)\n"
    "  --tol-rel-grad X    relative gradient g'H^-1g/|f|, in units of machine\n"
    "                      epsilon (default 1e7)\n"
    "  --tol-param X       parameter change (default 1e-8)\n"
    "  --laplace N         also write N draws from the normal approximation at the\n"
    "                      mode (Hessian by finite differences) to\n"
    "                      DIR/laplace.csv (log_p__, log_g__, outputs); implies\n"
    "                      --jacobian unless --no-jacobian is given\n"
    "  --seed N, --output DIR, --quiet  as for sample\n"
    "\n"
    "variational options (output DIR/variational.csv: lp__, log_p__, log_g__,\n"
    "outputs; the first row is the mean of the approximation):\n"
    "  --algorithm A       meanfield (default) or fullrank\n"
    "  --iter N            maximum iterations (default 10000)\n"
    "  --grad-samples N    draws per gradient estimate (default 1)\n"
    "  --elbo-samples N    draws per ELBO estimate (default 100)\n"
    "  --eta X             step size; default: chosen by a search over 100, 10,\n"
    "                      1, 0.1, 0.01 during --adapt-iter iterations each\n"
    "  --adapt-iter N      iterations per step-size candidate (default 50)\n"
    "  --no-adapt          no step-size search (uses --eta, default 1)\n"
    "  --tol-rel-obj X     stop when the mean or median relative ELBO change\n"
    "                      falls below X (default 0.01)\n"
    "  --eval-elbo N       estimate the ELBO every N iterations (default 100)\n"
    "  --output-draws N    draws from the approximation (default 1000)\n"
    "\n"
    "pathfinder options (output DIR/pathfinder.csv: lp_approx__, lp__, outputs):\n"
    "  --num-paths N       independent single-path runs (default 4)\n"
    "  --draws N           draws written (default 1000)\n"
    "  --history N         L-BFGS history size (default 5)\n"
    "  --iter N            maximum L-BFGS iterations per path (default 1000)\n"
    "  --num-elbo-draws N  draws per ELBO estimate along a path (default 25)\n"
    "  --no-psis-resample  keep every path's draws (num-paths x draws) instead\n"
    "                      of importance resampling them\n"
    "  --init-alpha, --tol-obj, --tol-rel-obj, --tol-grad, --tol-rel-grad,\n"
    "  --tol-param         L-BFGS settings, as for optimize\n"
    "\n"
    "generate options:\n"
    "  --fitted DIR        the run whose DIR/chain_K.csv draws to use; writes\n"
    "                      OUT/chain_K.csv with the same leading columns and the\n"
    "                      parameters, transformed parameters and generated\n"
    "                      quantities recomputed for each draw (OUT: --output,\n"
    "                      default DIR-out)\n"
    "\n"
    "log-prob options (output OUT/log_prob.csv and stdout: lp__, g.1 .. g.n):\n"
    "  --point FILE        parameter values (JSON or CSV, like --init FILE); with\n"
    "                      --unconstrained, a variable params_r holding one\n"
    "                      unconstrained vector, or one per row\n"
    "  --fitted DIR        every draw of DIR/chain_*.csv\n"
    "  --unconstrained     --point gives unconstrained values\n"
    "  --jacobian          include the Jacobian (default)\n"
    "  --no-jacobian       leave it out\n"
    "\n"
    "diagnose options:\n"
    "  --seed N            seed for the random point (default 1)\n"
    "  --init R            point drawn from uniform(-R, R) (default 2)\n"
    "  --epsilon X         finite-difference step (default 1e-6)\n"
    "  --error X           tolerance: fail when |grad - fd| > X * max(1, |fd|)\n"
    "                      + 64 |lp| DBL_EPSILON / epsilon (the second term is\n"
    "                      the rounding noise of the difference) (default 1e-6)\n"
    "\n"
    "exit status: 0 ok; 1 the algorithm failed (sampling, optimization ...) or\n"
    "diagnose found a mismatch;\n"
    "2 bad command line or bad data.\n";

static void options_default(bm_options *o) {
    memset(o, 0, sizeof *o);
    o->chains = 4;
    o->warmup = 1000;
    o->draws = 1000;
    o->max_depth = 10;
    o->refresh = 100;
    o->adapt_delta = 0.8;
    o->init_radius = 2.0;
    o->thin = 1;
    o->sig_figs = 6;
    o->metric = "diag";
    o->stepsize = 1.0;
    o->engine = "nuts";
    o->int_time = 2 * M_PI;
    o->seed = 1;
    o->output_dir = "out";
    o->fd_epsilon = 1e-6;
    o->fd_error = 1e-6;
    o->jacobian = -1;
    o->history = 5;
    o->init_alpha = 1e-3;
    o->tol_obj = 1e-12;
    o->tol_rel_obj = NAN;
    o->tol_grad = 1e-8;
    o->tol_rel_grad = 1e7;
    o->tol_param = 1e-8;
    o->grad_samples = 1;
    o->elbo_samples = 100;
    o->adapt_iter = 50;
    o->eval_elbo = 100;
    o->output_draws = 1000;
    o->num_paths = 4;
    o->num_elbo_draws = 25;
    o->psis_resample = 1;
}

static int parse_long(const char *flag, const char *s, long lo, long hi, long *out) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || end == s || v < lo || v > hi) {
        fprintf(stderr, "error: %s expects an integer in [%ld, %ld], got '%s'\n",
                flag, lo, hi, s);
        return 2;
    }
    *out = v;
    return 0;
}

static int parse_double(const char *flag, const char *s, double lo, double hi,
                        double *out) {
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end || end == s || !(v > lo && v < hi)) {
        fprintf(stderr, "error: %s expects a number in (%g, %g), got '%s'\n",
                flag, lo, hi, s);
        return 2;
    }
    *out = v;
    return 0;
}

/* Integer flags: name, field, bounds. */
typedef struct {
    const char *flag;
    size_t offset;
    long lo, hi;
} int_flag;

static const int_flag INT_FLAGS[] = {
    {"--chains", offsetof(bm_options, chains), 1, 100000},
    {"--warmup", offsetof(bm_options, warmup), 0, 100000000},
    {"--draws", offsetof(bm_options, draws), 1, 100000000},
    {"--max-depth", offsetof(bm_options, max_depth), 1, 30},
    {"--refresh", offsetof(bm_options, refresh), 0, 100000000},
    {"--threads", offsetof(bm_options, threads), 1, 4096},
    {"--thin", offsetof(bm_options, thin), 1, 100000000},
    {"--sig-figs", offsetof(bm_options, sig_figs), 1, 18},
    {"--iter", offsetof(bm_options, iter), 1, 1000000000},
    {"--laplace", offsetof(bm_options, laplace_draws), 1, 100000000},
    {"--history", offsetof(bm_options, history), 1, 64},
    {"--grad-samples", offsetof(bm_options, grad_samples), 1, 1000000},
    {"--elbo-samples", offsetof(bm_options, elbo_samples), 1, 100000000},
    {"--adapt-iter", offsetof(bm_options, adapt_iter), 1, 1000000},
    {"--eval-elbo", offsetof(bm_options, eval_elbo), 1, 100000000},
    {"--output-draws", offsetof(bm_options, output_draws), 0, 100000000},
    {"--num-paths", offsetof(bm_options, num_paths), 1, 100000},
    {"--num-elbo-draws", offsetof(bm_options, num_elbo_draws), 1, 100000000},
};

typedef struct {
    const char *flag;
    size_t offset;
    double lo, hi;
} real_flag;

static const real_flag REAL_FLAGS[] = {
    {"--adapt-delta", offsetof(bm_options, adapt_delta), 0.0, 1.0},
    {"--stepsize", offsetof(bm_options, stepsize), 0.0, 1e7},
    {"--int-time", offsetof(bm_options, int_time), 0.0, 1e7},
    {"--epsilon", offsetof(bm_options, fd_epsilon), 0.0, 1.0},
    {"--error", offsetof(bm_options, fd_error), 0.0, 1e6},
    {"--init-alpha", offsetof(bm_options, init_alpha), 0.0, 1e7},
    {"--tol-obj", offsetof(bm_options, tol_obj), 0.0, 1e300},
    {"--tol-rel-obj", offsetof(bm_options, tol_rel_obj), 0.0, 1e300},
    {"--tol-grad", offsetof(bm_options, tol_grad), 0.0, 1e300},
    {"--tol-rel-grad", offsetof(bm_options, tol_rel_grad), 0.0, 1e300},
    {"--tol-param", offsetof(bm_options, tol_param), 0.0, 1e300},
    {"--eta", offsetof(bm_options, eta), 0.0, 1e7},
};

/* Flags without a value: name and the int field they set to `value`. */
typedef struct {
    const char *flag;
    size_t offset;
    int value;
} bool_flag;

static const bool_flag BOOL_FLAGS[] = {
    {"--quiet", offsetof(bm_options, quiet), 1},
    {"--save-warmup", offsetof(bm_options, save_warmup), 1},
    {"--prior", offsetof(bm_options, prior), 1},
    {"--no-adapt", offsetof(bm_options, no_adapt), 1},
    {"--jacobian", offsetof(bm_options, jacobian), 1},
    {"--no-jacobian", offsetof(bm_options, jacobian), 0},
    {"--unconstrained", offsetof(bm_options, unconstrained), 1},
    {"--init-from-pathfinder", offsetof(bm_options, init_from_pathfinder), 1},
    {"--no-psis-resample", offsetof(bm_options, psis_resample), 0},
};

/* Flags whose value is a string kept as given. */
typedef struct {
    const char *flag;
    size_t offset;
} string_flag;

static const string_flag STRING_FLAGS[] = {
    {"--metric-file", offsetof(bm_options, metric_file)},
    {"--algorithm", offsetof(bm_options, algorithm)},
    {"--fitted", offsetof(bm_options, fitted_dir)},
    {"--point", offsetof(bm_options, point_file)},
};

/* --init R (a radius: a number >= 0) or --init FILE (JSON or CSV values). */
static int parse_init(bm_options *o, const char *val) {
    char *end;
    errno = 0;
    double r = strtod(val, &end);
    if (end != val && *end == '\0') {
        if (errno || !(r >= 0) || !isfinite(r)) {
            fprintf(stderr, "error: --init expects a radius >= 0 or a file, got '%s'\n", val);
            return 2;
        }
        o->init_radius = r;
        o->init_file = NULL;
        return 0;
    }
    o->init_file = val;
    return 0;
}

/* Handles one flag that takes a value; returns 0 if handled, 2 on a bad
 * value, 1 if `flag` is not a valued flag. */
static int parse_valued(bm_options *o, const char *flag, const char *val) {
    for (size_t i = 0; i < sizeof INT_FLAGS / sizeof *INT_FLAGS; i++) {
        if (strcmp(flag, INT_FLAGS[i].flag)) continue;
        long v;
        if (parse_long(flag, val, INT_FLAGS[i].lo, INT_FLAGS[i].hi, &v)) return 2;
        *(int *)((char *)o + INT_FLAGS[i].offset) = (int)v;
        return 0;
    }
    for (size_t i = 0; i < sizeof REAL_FLAGS / sizeof *REAL_FLAGS; i++) {
        if (strcmp(flag, REAL_FLAGS[i].flag)) continue;
        return parse_double(flag, val, REAL_FLAGS[i].lo, REAL_FLAGS[i].hi,
                            (double *)((char *)o + REAL_FLAGS[i].offset));
    }
    if (!strcmp(flag, "--seed")) {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(val, &end, 10);
        if (errno || *end || end == val || val[0] == '-') {
            fprintf(stderr, "error: --seed expects a non-negative integer, got '%s'\n", val);
            return 2;
        }
        o->seed = v;
        return 0;
    }
    if (!strcmp(flag, "--output")) {
        o->output_dir = val;
        o->output_given = 1;
        return 0;
    }
    for (size_t i = 0; i < sizeof STRING_FLAGS / sizeof *STRING_FLAGS; i++) {
        if (strcmp(flag, STRING_FLAGS[i].flag)) continue;
        *(const char **)((char *)o + STRING_FLAGS[i].offset) = val;
        return 0;
    }
    if (!strcmp(flag, "--init")) return parse_init(o, val);
    if (!strcmp(flag, "--engine")) {
        if (strcmp(val, "nuts") && strcmp(val, "static")) {
            fprintf(stderr, "error: --engine expects nuts or static, got '%s'\n", val);
            return 2;
        }
        o->engine = val;
        return 0;
    }
    if (!strcmp(flag, "--metric")) {
        if (strcmp(val, "diag") && strcmp(val, "dense") && strcmp(val, "unit")) {
            fprintf(stderr, "error: --metric expects diag, dense or unit, got '%s'\n", val);
            return 2;
        }
        o->metric = val;
        return 0;
    }
    if (!strcmp(flag, "--data")) {
        if (o->n_data_files == BM_MAX_DATA_FILES) {
            fprintf(stderr, "error: too many --data files (at most %d)\n", BM_MAX_DATA_FILES);
            return 2;
        }
        o->data_files[o->n_data_files++] = val;
        return 0;
    }
    return 1;
}

static int parse_arg(bm_options *o, int argc, char **argv, int *i) {
    const char *a = argv[*i];
    for (size_t k = 0; k < sizeof BOOL_FLAGS / sizeof *BOOL_FLAGS; k++) {
        if (strcmp(a, BOOL_FLAGS[k].flag)) continue;
        *(int *)((char *)o + BOOL_FLAGS[k].offset) = BOOL_FLAGS[k].value;
        return 0;
    }
    if (a[0] == '-' && a[1] == '-') {
        const char *eq = strchr(a, '=');
        char flag[64];
        const char *val;
        if (eq && (size_t)(eq - a) < sizeof flag) {
            memcpy(flag, a, (size_t)(eq - a));
            flag[eq - a] = '\0';
            val = eq + 1;
        } else {
            snprintf(flag, sizeof flag, "%s", a);
            if (*i + 1 >= argc) {
                fprintf(stderr, "error: %s needs a value (see --help)\n", a);
                return 2;
            }
            val = argv[++*i];
        }
        int rc = parse_valued(o, flag, val);
        if (rc == 1) fprintf(stderr, "error: unknown option '%s' (see --help)\n", flag);
        return rc ? 2 : 0;
    }
    if (strchr(a, '=') && a[0] != '=') {
        if (o->n_data_args == BM_MAX_DATA_FILES) {
            fprintf(stderr, "error: too many name=value arguments\n");
            return 2;
        }
        o->data_args[o->n_data_args++] = a;
        return 0;
    }
    fprintf(stderr, "error: unexpected argument '%s' (see --help)\n", a);
    return 2;
}

/* The commands and the function that runs each. */
typedef struct {
    const char *name;
    int (*run)(const bm_model_def *def, const bm_options *o);
} command;

static const command COMMANDS[] = {
    {"sample", bm_cmd_sample},           {"optimize", bm_cmd_optimize},
    {"variational", bm_cmd_variational}, {"pathfinder", bm_cmd_pathfinder},
    {"generate", bm_cmd_generate},       {"log-prob", bm_cmd_logprob},
    {"diagnose", bm_cmd_diagnose},
};

static const command *find_command(const char *name) {
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
        if (!strcmp(name, COMMANDS[i].name)) return &COMMANDS[i];
    return NULL;
}

static int is_cmd(const bm_options *o, const char *name) { return !strcmp(o->command, name); }

/* --algorithm: NULL -> the command's default; else one of `allowed`
 * (a NULL-terminated list).  2 with a message when not allowed. */
static int check_algorithm(bm_options *o, const char *const *allowed) {
    if (!allowed[0]) {
        if (!o->algorithm) return 0;
        fprintf(stderr, "error: --algorithm is an option of optimize and variational, "
                        "not of %s\n", o->command);
        return 2;
    }
    if (!o->algorithm) o->algorithm = allowed[0];
    for (int i = 0; allowed[i]; i++)
        if (!strcmp(o->algorithm, allowed[i])) return 0;
    fprintf(stderr, "error: %s --algorithm expects %s%s%s%s%s, got '%s'\n", o->command,
            allowed[0], allowed[2] ? ", " : " or ", allowed[1],
            allowed[2] ? " or " : "", allowed[2] ? allowed[2] : "", o->algorithm);
    return 2;
}

/* Per-command defaults for options left unset, and consistency checks. */
static int resolve_defaults(bm_options *o) {
    static const char *const OPT_ALGS[] = {"lbfgs", "bfgs", "newton", NULL};
    static const char *const VI_ALGS[] = {"meanfield", "fullrank", NULL, NULL};
    static const char *const NONE[] = {NULL};
    int vi = is_cmd(o, "variational"), opt = is_cmd(o, "optimize");
    if (check_algorithm(o, opt ? OPT_ALGS : vi ? VI_ALGS : NONE)) return 2;
    if (isnan(o->tol_rel_obj)) o->tol_rel_obj = vi ? 0.01 : 1e4;
    if (o->iter == 0) o->iter = opt ? 2000 : vi ? 10000 : 1000;
    if (o->jacobian < 0) o->jacobian = opt ? o->laplace_draws > 0 : 1;
    if (vi && o->eta == 0 && o->no_adapt) o->eta = 1.0;
    if (o->laplace_draws && !opt) {
        fprintf(stderr, "error: --laplace is an option of optimize\n");
        return 2;
    }
    if (is_cmd(o, "generate") && !o->fitted_dir) {
        fprintf(stderr, "error: generate needs --fitted DIR (the run whose draws to use)\n");
        return 2;
    }
    if (is_cmd(o, "log-prob") && !o->point_file == !o->fitted_dir) {
        fprintf(stderr, "error: log-prob needs exactly one of --point FILE and --fitted DIR\n");
        return 2;
    }
    if (o->unconstrained && o->fitted_dir) {
        fprintf(stderr, "error: --unconstrained applies to --point FILE, not to --fitted DIR\n");
        return 2;
    }
    return 0;
}

int bm_options_parse(bm_options *o, int argc, char **argv, const char *prog) {
    options_default(o);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h") ||
            !strcmp(argv[i], "help")) {
            printf(HELP, prog);
            return -1;
        }
    }
    if (argc < 2) {
        fprintf(stderr, HELP, prog);
        return 2;
    }
    o->command = argv[1];
    if (!find_command(o->command)) {
        fprintf(stderr, "error: unknown command '%s'; expected one of sample, optimize, "
                        "variational, pathfinder, generate, log-prob, diagnose (see --help)\n",
                o->command);
        return 2;
    }
    for (int i = 2; i < argc; i++)
        if (parse_arg(o, argc, argv, &i)) return 2;
    return resolve_defaults(o);
}

bm_model *bm_program_load(const bm_model_def *def, const bm_options *o,
                          bm_data **data_out) {
    bm_error err = {{0}};
    bm_data *d = bm_data_new();
    int failed = 0;
    for (int i = 0; i < o->n_data_files && !failed; i++)
        failed = bm_data_read_file(d, o->data_files[i], &err);
    for (int i = 0; i < o->n_data_args && !failed; i++)
        failed = bm_data_read_arg(d, o->data_args[i], &err);
    bm_model *m = failed ? NULL
                  : def->create_seeded ? def->create_seeded(d, (unsigned long long)o->seed, &err)
                                       : def->create(d, &err);
    if (!m) {
        fprintf(stderr, "error: %s\n", err.msg);
        bm_data_free(d);
        return NULL;
    }
    *data_out = d;
    return m;
}

int bm_program_main(const bm_model_def *def, int argc, char **argv) {
    bm_options o;
    int rc = bm_options_parse(&o, argc, argv, argv[0]);
    if (rc) return rc < 0 ? 0 : rc;
    if (def->abi_version != BM_ABI_VERSION) {
        fprintf(stderr, "error: model built for ABI %d, runtime is ABI %d; recompile the model\n",
                def->abi_version, BM_ABI_VERSION);
        return 2;
    }
    bm_csv_set_sig_figs(o.sig_figs);
    return find_command(o.command)->run(def, &o);
}
