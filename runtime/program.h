/* runtime/program.h — the model program's command line and its commands.
 *
 * In:  argv of a compiled model program.  Out: a parsed bm_options and the
 * commands `sample` (cmd_sample.c) and `diagnose` (cmd_diagnose.c).
 * Exit codes: 0 success, 1 a check failed (diagnose beyond tolerance) or
 * sampling failed, 2 bad command line or bad data.
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

#endif
