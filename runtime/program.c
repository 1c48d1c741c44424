/* runtime/program.c — command-line parsing and data loading for model programs.
 *
 * In:  argv.  Out: bm_options; a bound model (bm_program_load).
 * Never: samples or writes output files (cmd_*.c do).
 */
#include "program.h"
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
    "  sample     draw from the posterior with NUTS (adaptive HMC)\n"
    "  diagnose   compare the gradient with central finite differences\n"
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
    "  --save-warmup       also write the warmup iterations to the CSV files\n"
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
    "\n"
    "diagnose options:\n"
    "  --seed N            seed for the random point (default 1)\n"
    "  --init R            point drawn from uniform(-R, R) (default 2)\n"
    "  --epsilon X         finite-difference step (default 1e-6)\n"
    "  --error X           tolerance: fail when |grad - fd| > X * max(1, |fd|)\n"
    "                      + 64 |lp| DBL_EPSILON / epsilon (the second term is\n"
    "                      the rounding noise of the difference) (default 1e-6)\n"
    "\n"
    "exit status: 0 ok; 1 sampling failed or diagnose found a mismatch;\n"
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
    o->metric = "diag";
    o->stepsize = 1.0;
    o->engine = "nuts";
    o->int_time = 2 * M_PI;
    o->seed = 1;
    o->output_dir = "out";
    o->fd_epsilon = 1e-6;
    o->fd_error = 1e-6;
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
    if (!strcmp(flag, "--metric-file")) {
        o->metric_file = val;
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
    if (!strcmp(a, "--quiet")) {
        o->quiet = 1;
        return 0;
    }
    if (!strcmp(a, "--save-warmup")) {
        o->save_warmup = 1;
        return 0;
    }
    if (!strcmp(a, "--no-adapt")) {
        o->no_adapt = 1;
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
    if (strcmp(o->command, "sample") && strcmp(o->command, "diagnose")) {
        fprintf(stderr, "error: unknown command '%s'; expected 'sample' or 'diagnose' (see --help)\n",
                o->command);
        return 2;
    }
    for (int i = 2; i < argc; i++)
        if (parse_arg(o, argc, argv, &i)) return 2;
    return 0;
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
    bm_model *m = failed ? NULL : def->create(d, &err);
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
    if (!strcmp(o.command, "sample")) return bm_cmd_sample(def, &o);
    return bm_cmd_diagnose(def, &o);
}
