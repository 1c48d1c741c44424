/* runtime/chain.c — runs one NUTS chain the way CmdStan's adaptive sampler does.
 *
 * In:  a model with data bound, a bm_chain_config, callbacks.  Out: random
 * inits (uniform(-R, R) on the unconstrained scale, up to 100 tries) or the
 * user's, Stan's warmup (init_stepsize, dual averaging, windowed diagonal or
 * dense metric; none with adapt_engaged = 0), then
 * sampling; every kept iteration goes to cb->draw.  Randomness comes only
 * from rng stream chain_id of the seed.  Never: writes to stdout/stderr,
 * shares mutable state with other chains.
 */
#include "chain.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "adapt.h"
#include "nuts.h"
#include "rng.h"

#define CHAIN_INIT_TRIES 100
#define CHAIN_INIT_BUFFER 75
#define CHAIN_TERM_BUFFER 50
#define CHAIN_BASE_WINDOW 25

void bm_chain_config_default(bm_chain_config *c) {
    c->num_warmup = 1000;
    c->num_samples = 1000;
    c->max_depth = 10;
    c->adapt_delta = 0.8;
    c->init_radius = 2.0;
    c->stepsize = 1.0;
    c->thin = 1;
    c->seed = 0;
    c->chain_id = 1;
    c->metric = BM_METRIC_DIAG;
    c->adapt_engaged = 1;
    c->init_theta = NULL;
    c->inv_metric = NULL;
    c->static_int_time = 0;
}

/* Everything one run owns. */
typedef struct {
    const bm_model_def *def;
    const bm_model *m;
    const bm_chain_config *cfg;
    const bm_chain_callbacks *cb;
    bm_error *err;
    bm_rng rng;
    bm_ws *ws;
    nuts_sampler *nuts;
    nuts_state *state;
    double *theta0;
    adapt_stepsize step;
    adapt_metric metric;
    int metric_ready;
    int n;
} chain_run;

static int fail(bm_error *err, const char *msg) {
    snprintf(err->msg, sizeof err->msg, "%s", msg);
    return 1;
}

/* Checks cfg; non-zero with a message naming the bad setting. */
static int check_config(const bm_chain_config *c, bm_error *err) {
    if (c->num_warmup < 0) return fail(err, "num_warmup must be >= 0");
    if (c->num_samples < 0) return fail(err, "num_samples must be >= 0");
    if (c->max_depth < 1) return fail(err, "max_depth must be >= 1");
    if (c->thin < 1) return fail(err, "thin must be >= 1");
    if (!(c->adapt_delta > 0 && c->adapt_delta < 1))
        return fail(err, "adapt_delta must be in (0, 1)");
    if (!(c->init_radius >= 0) || !isfinite(c->init_radius))
        return fail(err, "init_radius must be a finite number >= 0");
    if (!(c->stepsize > 0) || !isfinite(c->stepsize))
        return fail(err, "stepsize must be a finite number > 0");
    if (!(c->static_int_time >= 0) || !isfinite(c->static_int_time))
        return fail(err, "int_time must be a finite number > 0");
    return 0;
}

/* The user's init must work as given (as in CmdStan). */
static int user_init(chain_run *r) {
    bm_error e = {{0}};
    memcpy(r->theta0, r->cfg->init_theta, (size_t)r->n * sizeof(double));
    if (nuts_init(r->nuts, r->theta0, r->state, &e) == 0) return 0;
    snprintf(r->err->msg, sizeof r->err->msg,
             "the initial values given are not valid: %.900s",
             e.msg[0] ? e.msg : "log density or gradient not finite");
    return 1;
}

/* Random inits until the log density and gradient are finite. */
static int find_init(chain_run *r) {
    if (r->cfg->init_theta) return user_init(r);
    bm_error last = {{0}};
    double R = r->cfg->init_radius;
    for (int t = 0; t < CHAIN_INIT_TRIES; t++) {
        for (int i = 0; i < r->n; i++) r->theta0[i] = R * (2 * bm_rng_uniform(&r->rng) - 1);
        last.msg[0] = '\0';
        if (nuts_init(r->nuts, r->theta0, r->state, &last) == 0) return 0;
    }
    snprintf(r->err->msg, sizeof r->err->msg,
             "could not find a valid initial value in %d tries: last error: %.900s",
             CHAIN_INIT_TRIES, last.msg[0] ? last.msg : "(no message)");
    return 1;
}

static int emit(chain_run *r, int iter, int is_warmup, const bm_nuts_info *info) {
    if (!r->cb || !r->cb->draw) return 0;
    if (r->cb->draw(r->cb->ctx, iter, is_warmup, r->state->theta, info) == 0) return 0;
    if (!r->err->msg[0]) fail(r->err, "sampling stopped by the draw callback");
    return 1;
}

/* Stan's adapt_diag_e_nuts::transition: learn step size, then metric; on a
 * metric update re-run init_stepsize and restart dual averaging. */
static int adapt_after(chain_run *r, const bm_nuts_info *info) {
    nuts_set_stepsize(r->nuts, adapt_stepsize_learn(&r->step, info->accept_stat));
    if (r->cfg->metric == BM_METRIC_UNIT) return 0;
    int upd = adapt_metric_learn(&r->metric, r->state->theta, nuts_inv_metric(r->nuts), r->err);
    if (upd < 0) return 1;
    if (upd == 0) return 0;
    if (nuts_metric_changed(r->nuts, r->err)) return 1;
    if (nuts_init_stepsize(r->nuts, &r->rng, r->state, r->err)) return 1;
    adapt_stepsize_set_mu(&r->step, log(10 * nuts_stepsize(r->nuts)));
    adapt_stepsize_restart(&r->step);
    return 0;
}

/* Warmup without adaptation (adapt_engaged = 0): plain transitions. */
static int run_warmup_fixed(chain_run *r) {
    const bm_chain_config *c = r->cfg;
    for (int it = 0; it < c->num_warmup; it++) {
        bm_nuts_info info;
        nuts_step(r->nuts, &r->rng, r->state, &info);
        if (it % c->thin == 0 && emit(r, it, 1, &info)) return 1;
    }
    return 0;
}

static int run_warmup(chain_run *r) {
    const bm_chain_config *c = r->cfg;
    if (c->num_warmup == 0) return 0;
    if (!c->adapt_engaged) return run_warmup_fixed(r);
    adapt_stepsize_init(&r->step, c->adapt_delta);
    adapt_stepsize_set_mu(&r->step, log(10 * c->stepsize));
    if (adapt_metric_init_dense(&r->metric, r->n, c->metric == BM_METRIC_DENSE,
                                c->num_warmup, CHAIN_INIT_BUFFER, CHAIN_TERM_BUFFER,
                                CHAIN_BASE_WINDOW))
        return fail(r->err, "out of memory");
    r->metric_ready = 1;
    if (nuts_init_stepsize(r->nuts, &r->rng, r->state, r->err)) return 1;
    for (int it = 0; it < c->num_warmup; it++) {
        bm_nuts_info info;
        nuts_step(r->nuts, &r->rng, r->state, &info);
        if (adapt_after(r, &info)) return 1;
        if (it % c->thin == 0 && emit(r, it, 1, &info)) return 1;
    }
    nuts_set_stepsize(r->nuts, adapt_stepsize_final(&r->step));
    if (r->cb && r->cb->adapted)
        r->cb->adapted(r->cb->ctx, nuts_stepsize(r->nuts), nuts_inv_metric(r->nuts), r->n,
                       r->cfg->metric == BM_METRIC_DENSE);
    return 0;
}

static int run_sampling(chain_run *r) {
    const bm_chain_config *c = r->cfg;
    for (int it = 0; it < c->num_samples; it++) {
        bm_nuts_info info;
        nuts_step(r->nuts, &r->rng, r->state, &info);
        if (it % c->thin == 0 && emit(r, c->num_warmup + it, 0, &info)) return 1;
    }
    return 0;
}

/* A model without parameters: nothing to sample; every iteration reports
 * the (constant) lp at the empty point, like Stan's fixed_param sampler. */
static int run_fixed(chain_run *r) {
    const bm_chain_config *c = r->cfg;
    bm_nuts_info info = {0};
    int total = c->num_warmup + c->num_samples;
    for (int it = 0; it < total; it++) {
        int warm = it < c->num_warmup;
        int phase_it = warm ? it : it - c->num_warmup;
        if (phase_it % c->thin == 0 && emit(r, it, warm, &info)) return 1;
    }
    return 0;
}

static int chain_setup(chain_run *r) {
    r->n = r->def->num_unconstrained(r->m);
    bm_rng_seed(&r->rng, r->cfg->seed, (uint64_t)r->cfg->chain_id);
    r->ws = r->def->ws_create(r->m);
    if (!r->ws) return fail(r->err, "could not create the model workspace");
    r->nuts = nuts_create_metric(r->def, r->m, r->ws, r->cfg->max_depth, r->cfg->metric);
    if (r->nuts) nuts_add_flags(r->nuts, r->cfg->extra_flags);
    r->state = r->nuts ? nuts_state_create(r->nuts) : NULL;
    r->theta0 = calloc((size_t)(r->n > 0 ? r->n : 1), sizeof(double));
    if (!r->nuts || !r->state || !r->theta0) return fail(r->err, "out of memory");
    nuts_set_stepsize(r->nuts, r->cfg->stepsize);
    nuts_set_static(r->nuts, r->cfg->static_int_time);
    if (r->cfg->inv_metric && r->cfg->metric != BM_METRIC_UNIT) {
        ham_system *h = nuts_hamiltonian(r->nuts);
        memcpy(h->inv_metric, r->cfg->inv_metric, (size_t)ham_metric_size(h) * sizeof(double));
        if (nuts_metric_changed(r->nuts, r->err)) return 1;
    }
    return 0;
}

static void chain_teardown(chain_run *r) {
    if (r->metric_ready) adapt_metric_free(&r->metric);
    nuts_state_destroy(r->state);
    nuts_destroy(r->nuts);
    free(r->theta0);
    if (r->ws) r->def->ws_destroy(r->ws);
}

int bm_chain_run(const bm_model_def *def, const bm_model *m, const bm_chain_config *cfg,
                 const bm_chain_callbacks *cb, bm_error *err) {
    err->msg[0] = '\0';
    if (check_config(cfg, err)) return 1;
    chain_run r = {.def = def, .m = m, .cfg = cfg, .cb = cb, .err = err};
    int rc = chain_setup(&r);
    if (!rc && r.n == 0) rc = run_fixed(&r);
    else if (!rc) {
        rc = find_init(&r);
        if (!rc) rc = run_warmup(&r);
        if (!rc) rc = run_sampling(&r);
    }
    chain_teardown(&r);
    return rc;
}
