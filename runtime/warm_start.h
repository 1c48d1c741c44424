/* runtime/warm_start.h — starting points from files: user inits and a
 * metric / step size from an earlier run.
 *
 * In:  a bound model; a JSON or CSV file of parameter values (constrained
 * scale, read with the data readers); a JSON file with "inv_metric" (and
 * optionally "stepsize") or a Stan CSV file with an adaptation block.
 * Out: an unconstrained starting point; an inverse metric and step size.
 * Never: changes the model; guesses silently (every mismatch is an error
 * naming the file and the variable).
 */
#ifndef BM_WARM_START_H
#define BM_WARM_START_H
#include "model.h"
#include "rng.h"

/* theta (length num_unconstrained) from the values in `path`.  Parameters
 * missing from the file are drawn uniform(-radius, radius) on the
 * unconstrained scale with rng.  Non-zero with err on a bad file, a size
 * mismatch or a value outside the parameter's support. */
int bm_init_from_file(const bm_model_def *def, const bm_model *m, bm_ws *ws,
                      const char *path, bm_rng *rng, double radius, double *theta,
                      bm_error *err);

/* Inverse metric (n values, or n*n when dense) and, when the file has one,
 * the step size (*stepsize is left alone otherwise).  A diagonal metric read
 * for a dense run becomes a diagonal matrix; a dense one read for a diagonal
 * run gives its diagonal. */
int bm_metric_from_file(const char *path, int n, int dense, double *inv_metric,
                        double *stepsize, bm_error *err);

#endif
