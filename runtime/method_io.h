/* runtime/method_io.h — what the optimize / variational / pathfinder /
 * generate / log-prob commands share: the output directory, the Stan CSV
 * config header, column names, starting points, one output row per draw,
 * and the model's log density as an objective.
 *
 * In:  a model definition, a bound model, parsed options.  Out: open CSV
 * writers with CmdStan's header lines, unconstrained starting points, rows.
 * Never: runs an algorithm or decides exit codes.
 */
#ifndef BM_METHOD_IO_H
#define BM_METHOD_IO_H
#include <stddef.h>
#include "model.h"
#include "program.h"
#include "rng.h"
#include "stancsv.h"

/* Seed streams used by the methods (disjoint from the sampler's chains). */
#define BM_STREAM_METHOD 0x200000000ull  /* the algorithm's own randomness */
#define BM_STREAM_INIT 0x300000000ull    /* random inits */
#define BM_STREAM_GQ 0x400000000ull      /* generated quantities */

/* mkdir -p; 0 or -1 (errno set). */
int bm_make_dirs(const char *path);

/* Creates o->output_dir (or `dir` when not NULL) and binds the data:
 * returns the model, or NULL after printing a message (exit 2). */
bm_model *bm_method_setup(const bm_model_def *def, const bm_options *o, const char *dir,
                          bm_data **data);

/* Opens DIR/FILE for a method and writes CmdStan's leading config lines
 * (versions, model, "method = NAME").  The caller writes its method's
 * lines, then calls bm_method_config_tail.  NULL after printing an error. */
bm_csv_writer *bm_method_csv_open(const bm_model_def *def, const char *dir, const char *file,
                                  const char *method, char *path_out, size_t path_size);
/* id, data, init, random seed and output lines. */
void bm_method_config_tail(bm_csv_writer *w, const bm_options *o, const char *path);

/* Leading columns then the outputs selected by flags (BM_WRITE_*); *ncols
 * gets the total.  Free with bm_output_names_free(names, *ncols). */
char **bm_method_columns(const bm_model_def *def, const bm_model *m, const char *const *lead,
                         int nlead, unsigned flags, int *ncols);

/* Starting point: --init FILE or uniform(-R, R) with R = --init radius,
 * retried (random inits only, up to 100 times) until the log density
 * (flags) and its gradient are finite.  `stream` picks the rng stream.
 * Returns 0; 1 with err when no finite point was found; 2 with err when
 * the init file is bad (missing, malformed, values outside the support). */
int bm_method_init(const bm_model_def *def, const bm_model *m, bm_ws *ws,
                   const bm_options *o, uint64_t stream, unsigned lp_flags, double *theta,
                   bm_error *err);

/* Writes lead[0..nlead) then write_array(theta, TPARAMS | GQ) as one row;
 * row has room for nlead + num_outputs values.  Non-zero with err when
 * write_array fails. */
int bm_method_write_draw(bm_csv_writer *w, const bm_model_def *def, const bm_model *m,
                         bm_ws *ws, bm_rng *rng, const double *theta, const double *lead,
                         int nlead, double *row, bm_error *err);

/* The model's log density as an objective for bm_optimize (bm_opt_fn). */
typedef struct {
    const bm_model_def *def;
    const bm_model *m;
    bm_ws *ws;
    unsigned flags;       /* BM_JACOBIAN, BM_PROPTO */
    bm_error err;         /* the last rejection */
} bm_lp_target;
int bm_lp_target_eval(void *target, const double *x, double *f, double *grad);

#endif
