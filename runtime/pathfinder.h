/* runtime/pathfinder.h — Pathfinder variational inference (Zhang,
 * Carpenter, Gelman, Vehtari 2022).
 *
 * Single path: L-BFGS from a start, keeping the trajectory x_0..x_L and
 * gradients; at each x_l an inverse Hessian estimate H_l = the BFGS updates
 * of the last `history` accepted (s, y) pairs (s'y > eps |y|^2) applied to a
 * diagonal D_l (Gilbert & Lemarechal's diagonal update from the same
 * pairs), and the normal N(x_l + H_l grad_l, H_l); the one with the largest
 * Monte Carlo ELBO (num_elbo_draws draws) gives num_draws draws.
 * Multi-path: several single paths, their draws pooled and, optionally,
 * resampled with Pareto-smoothed importance weights lp - lp_approx.
 *
 * In:  the log density (with the Jacobian) as a bm_opt_problem, starts,
 * an rng.  Out: unconstrained draws with lp_approx__ (the normalised log
 * density of the chosen approximation) and lp__ (the target's log density).
 * Never: prints or writes files.  H_l is formed as a dense n x n matrix
 * (O(n^2 history) per iteration, O(n^3) Cholesky): meant for n up to a few
 * hundred.
 */
#ifndef BM_PATHFINDER_H
#define BM_PATHFINDER_H
#include <stdint.h>
#include "model.h"
#include "optimize.h"
#include "rng.h"

typedef struct {
    bm_opt_config lbfgs;   /* CmdStan defaults, max_iter 1000, history 5 */
    int num_elbo_draws;    /* 25 */
    int num_draws;         /* draws per path (1000) */
    int num_out;           /* multi-path: draws after resampling (1000) */
    int psis_resample;     /* 1 */
} bm_pathfinder_config;

void bm_pathfinder_config_default(bm_pathfinder_config *c);

typedef struct {
    int n, ndraws;
    double *draws;         /* ndraws x n */
    double *lp_approx, *lp;
    double khat;           /* multi-path PSIS k-hat (NAN when not resampled) */
    int paths_ok;
    double best_elbo;      /* single path: ELBO of the chosen approximation */
    int iterations;        /* single path: L-BFGS iterations */
} bm_pathfinder_out;

void bm_pathfinder_out_free(bm_pathfinder_out *out);

/* One path from `init`; out gets c->num_draws draws.  Non-zero with err
 * when L-BFGS could not start or no approximation had a finite ELBO. */
int bm_pathfinder_single(const bm_pathfinder_config *c, const bm_opt_problem *target,
                         const double *init, bm_rng *rng, bm_pathfinder_out *out,
                         bm_error *err);

/* num_paths paths from inits (num_paths x n), path k with rng stream
 * (seed, stream0 + k); out gets num_out resampled draws (or all pooled
 * draws without resampling).  Failed paths are skipped; non-zero with err
 * when all fail. */
int bm_pathfinder_multi(const bm_pathfinder_config *c, const bm_opt_problem *target,
                        int num_paths, const double *inits, uint64_t seed, uint64_t stream0,
                        bm_pathfinder_out *out, bm_error *err);

/* ---- glue for the model program (program.h options) ---- */
#include "program.h"

/* The pathfinder settings of parsed options. */
void bm_pathfinder_config_from_options(const bm_options *o, bm_pathfinder_config *c);

/* o->num_paths starting points (num_paths x n): --init FILE or random.
 * 0, or bm_method_init's code (1 no finite point, 2 bad file) with err. */
int bm_pathfinder_starts(const bm_model_def *def, const bm_model *m, bm_ws *ws,
                         const bm_options *o, double *inits, bm_error *err);
#endif
