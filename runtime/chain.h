/* runtime/chain.h — run one NUTS chain: init, Stan warmup, sampling.
 *
 * In:  a model (runtime/model.h ABI) with data bound, a config, callbacks.
 * Out: every kept iteration through cb->draw, the adapted step size and
 * inverse metric through cb->adapted.  Never: writes to stdout/stderr or
 * touches shared mutable state (chains may run in parallel; chain k's draws
 * depend only on (seed, chain_id)).
 */
#ifndef BM_CHAIN_H
#define BM_CHAIN_H

#include <stdint.h>
#include "hamiltonian.h"
#include "model.h"

typedef struct {
    int num_warmup;        /* 1000 */
    int num_samples;       /* 1000 */
    int max_depth;         /* 10 */
    double adapt_delta;    /* 0.8 */
    double init_radius;    /* 2 */
    double stepsize;       /* initial, 1 */
    int thin;              /* 1 */
    uint64_t seed;
    int chain_id;          /* 1-based; chain k uses rng stream k */
    bm_metric_kind metric; /* BM_METRIC_DIAG */
    int adapt_engaged;     /* 1: adapt step size (and metric unless unit) in warmup */
    const double *init_theta; /* unconstrained start (n), or NULL for random inits */
    const double *inv_metric; /* initial inverse metric (n, or n*n dense), or NULL = identity */
    double static_int_time;   /* > 0: static HMC with this integration time, not NUTS */
    unsigned extra_flags;     /* added to the log density flags (BM_PRIOR) */
} bm_chain_config;

/* Fills c with CmdStan's defaults (seed 0, chain_id 1). */
void bm_chain_config_default(bm_chain_config *c);

typedef struct {
    double lp, accept_stat, stepsize;
    int treedepth, n_leapfrog, divergent;
    double energy;
    long rejections;        /* so far in this chain: proposals whose log density
                               failed (e.g. a function's invalid argument) */
    const char *reject_msg; /* the first such failure's message, or NULL */
} bm_nuts_info;

typedef struct {
    void *ctx;
    /* after the last warmup iteration: adapted step size and inverse metric
     * (length n, or n*n row-major when dense) */
    void (*adapted)(void *ctx, double stepsize, const double *inv_metric, int n, int dense);
    /* every kept iteration, warmup included (is_warmup); theta is the unconstrained point; return non-zero to abort */
    int (*draw)(void *ctx, int iter, int is_warmup, const double *theta, const bm_nuts_info *info);
} bm_chain_callbacks;

/* Runs one chain to completion. 0 on success; non-zero with err (e.g. no valid init). Allocates its own ws via def->ws_create. Writes nothing to stdout/stderr.
 * iter passed to cb->draw is 0-based over warmup then sampling
 * (0 .. num_warmup+num_samples-1); with thin > 1 only iterations whose index
 * within their phase is a multiple of thin are passed.  Either callback may
 * be NULL.  A non-zero return from cb->draw stops the chain; bm_chain_run
 * then returns non-zero and leaves err untouched if the callback set it. */
int bm_chain_run(const bm_model_def *def, const bm_model *m, const bm_chain_config *cfg,
                 const bm_chain_callbacks *cb, bm_error *err);

#endif
