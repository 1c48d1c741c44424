/* runtime/nuts.h — one NUTS transition (Stan's base_nuts, diagonal metric).
 *
 * In:  a model (runtime/model.h ABI) and its workspace, a current state
 * (theta, gradient, lp), an rng.  Out: the next state and a bm_nuts_info.
 * Shape as in BlackJAX: the kernel (step size, inverse metric, max depth and
 * scratch) lives in a nuts_sampler; the chain state is the caller's
 * nuts_state, updated in place by nuts_step.  Never: I/O, global state,
 * allocation inside nuts_step (all scratch comes from nuts_create).
 */
#ifndef BM_NUTS_H
#define BM_NUTS_H

#include "chain.h"
#include "hamiltonian.h"
#include "model.h"
#include "rng.h"

/* A chain state: position, gradient of lp at it, lp (finite). */
typedef struct {
    double *theta;
    double *grad;
    double lp;
} nuts_state;

typedef struct nuts_sampler nuts_sampler;

/* Creates a sampler for n = num_unconstrained(m) with step size 1, unit
 * inverse metric and the given max tree depth (>= 1).  ws is borrowed (the
 * caller destroys it after the sampler).  NULL when out of memory.
 * nuts_create uses a diagonal metric; nuts_create_metric any kind. */
nuts_sampler *nuts_create(const bm_model_def *def, const bm_model *m, bm_ws *ws,
                          int max_depth);
nuts_sampler *nuts_create_metric(const bm_model_def *def, const bm_model *m, bm_ws *ws,
                                 int max_depth, bm_metric_kind kind);
void nuts_destroy(nuts_sampler *s);

int nuts_dim(const nuts_sampler *s);
double nuts_stepsize(const nuts_sampler *s);
void nuts_set_stepsize(nuts_sampler *s, double eps);
/* The inverse metric (length n, or n*n row-major for a dense metric); the
 * caller may overwrite it in place and must then call nuts_metric_changed
 * (non-zero with a message when a dense metric is not positive definite). */
double *nuts_inv_metric(nuts_sampler *s);
int nuts_metric_changed(nuts_sampler *s, bm_error *err);
/* The underlying Hamiltonian system (metric kind, dimension). */
ham_system *nuts_hamiltonian(nuts_sampler *s);

/* Allocates a state of dimension nuts_dim(s) (NULL on out of memory). */
nuts_state *nuts_state_create(const nuts_sampler *s);
void nuts_state_destroy(nuts_state *st);

/* Sets st to theta: evaluates lp and gradient.  0 if the model accepts theta
 * and lp and every gradient entry are finite; otherwise non-zero with the
 * reason in err (the model's own message when it rejected). */
int nuts_init(nuts_sampler *s, const double *theta, nuts_state *st, bm_error *err);

/* int_time > 0 switches nuts_step to static HMC with that integration
 * time (Stan's --engine static); 0 switches back to NUTS. */
void nuts_set_static(nuts_sampler *s, double int_time);
/* ORs flags (e.g. BM_PRIOR) into those of every log density evaluation. */
void nuts_add_flags(nuts_sampler *s, unsigned flags);

/* One NUTS transition from st (which must come from nuts_init or nuts_step);
 * st becomes the selected state and info describes the transition. */
void nuts_step(nuts_sampler *s, bm_rng *rng, nuts_state *st, bm_nuts_info *info);

/* Stan's init_stepsize heuristic from st: doubles or halves the step size
 * until the one-leapfrog acceptance crosses 0.8.  st is unchanged.  Non-zero
 * with a message when the step size runs off to > 1e7 or to 0. */
int nuts_init_stepsize(nuts_sampler *s, bm_rng *rng, const nuts_state *st, bm_error *err);

#endif
