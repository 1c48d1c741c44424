/* runtime/nuts.c — the NUTS transition, as in Stan's base_nuts.
 *
 * In:  a nuts_sampler (model, step size, diagonal inverse metric, scratch)
 * and a chain state.  Out: the next state, chosen by multinomial sampling
 * along a doubling trajectory (biased progressive sampling at the top level,
 * uniform inside subtrees), stopped by the generalized no-U-turn criterion
 * (with Stan's extra checks across merged subtrees), a divergence
 * (H - H0 > 1000, or a rejected / non-finite point) or the max tree depth.
 * Never: I/O, allocation after nuts_create, global mutable state.
 */
#include "nuts.h"
#include "hamiltonian.h"
#include "hmc_static.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NUTS_MAX_DELTA_H 1000.0

typedef ham_point nuts_point;

/* Scratch of one build_tree recursion level. */
typedef struct {
    double *p_init_end, *p_sharp_init_end, *rho_init;
    double *p_final_beg, *p_sharp_final_beg, *rho_final, *rho_subtree;
    nuts_point z_propose_final;
} nuts_level;

/* Momenta at the two ends of the two halves of the trajectory. */
typedef struct {
    double *p_ff, *ps_ff, *p_fb, *ps_fb; /* forward half: its fwd / bck end */
    double *p_bf, *ps_bf, *p_bb, *ps_bb; /* backward half */
    double *rho, *rho_fwd, *rho_bck;
} nuts_ends;

struct nuts_sampler {
    ham_system ham;                /* model, metric, leapfrog */
    int n, max_depth;
    double eps;
    double static_int_time;        /* > 0: static HMC transitions instead of NUTS */
    nuts_point z, z_fwd, z_bck, z_sample, z_propose;
    nuts_ends e;
    double *rho_ext;
    nuts_level *levels;            /* [max_depth] */
    /* per transition */
    bm_rng *rng;
    double H0, sum_metro_prob;
    int n_leapfrog, divergent;
    double *block;                 /* every vector above lives here */
};

/* ---- small vector helpers ------------------------------------------------ */

static double dot(const double *a, const double *b, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

static void vcopy(double *dst, const double *src, int n) {
    memcpy(dst, src, (size_t)n * sizeof *dst);
}

static void vzero(double *v, int n) {
    memset(v, 0, (size_t)n * sizeof *v);
}

static double log_sum_exp(double a, double b) {
    if (a == -INFINITY) return b;
    if (b == -INFINITY) return a;
    double mx = a > b ? a : b;
    return mx + log1p(exp(-fabs(a - b)));
}

static void point_copy(nuts_point *dst, const nuts_point *src, int n) {
    vcopy(dst->q, src->q, n);
    vcopy(dst->p, src->p, n);
    vcopy(dst->g, src->g, n);
    dst->V = src->V;
}

/* ---- allocation ---------------------------------------------------------- */

static double *take(double **cursor, int n) {
    double *v = *cursor;
    *cursor += n;
    return v;
}

static void point_take(nuts_point *z, double **cur, int n) {
    z->q = take(cur, n);
    z->p = take(cur, n);
    z->g = take(cur, n);
    z->V = 0;
}

/* Number of length-n vectors nuts_create carves from its block. */
static size_t vectors_needed(int max_depth) {
    return 5 * 3 + 11 + 1 + (size_t)max_depth * (7 + 3);
}

static void carve(nuts_sampler *s) {
    double *cur = s->block;
    int n = s->n;
    point_take(&s->z, &cur, n);
    point_take(&s->z_fwd, &cur, n);
    point_take(&s->z_bck, &cur, n);
    point_take(&s->z_sample, &cur, n);
    point_take(&s->z_propose, &cur, n);
    double **ends[] = {&s->e.p_ff, &s->e.ps_ff, &s->e.p_fb, &s->e.ps_fb,
                       &s->e.p_bf, &s->e.ps_bf, &s->e.p_bb, &s->e.ps_bb,
                       &s->e.rho, &s->e.rho_fwd, &s->e.rho_bck};
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) *ends[i] = take(&cur, n);
    s->rho_ext = take(&cur, n);
    for (int d = 0; d < s->max_depth; d++) {
        nuts_level *L = &s->levels[d];
        double **v[] = {&L->p_init_end, &L->p_sharp_init_end, &L->rho_init,
                        &L->p_final_beg, &L->p_sharp_final_beg, &L->rho_final,
                        &L->rho_subtree};
        for (int i = 0; i < 7; i++) *v[i] = take(&cur, n);
        point_take(&L->z_propose_final, &cur, n);
    }
}

nuts_sampler *nuts_create(const bm_model_def *def, const bm_model *m, bm_ws *ws,
                          int max_depth) {
    return nuts_create_metric(def, m, ws, max_depth, BM_METRIC_DIAG);
}

nuts_sampler *nuts_create_metric(const bm_model_def *def, const bm_model *m, bm_ws *ws,
                                 int max_depth, bm_metric_kind kind) {
    if (max_depth < 1) return NULL;
    nuts_sampler *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    if (ham_init(&s->ham, def, m, ws, kind)) {
        free(s);
        return NULL;
    }
    s->n = s->ham.n;
    s->max_depth = max_depth;
    s->eps = 1.0;
    size_t len = vectors_needed(max_depth) * (size_t)(s->n > 0 ? s->n : 1);
    s->block = calloc(len, sizeof(double));
    s->levels = calloc((size_t)max_depth, sizeof *s->levels);
    if (!s->block || !s->levels) {
        nuts_destroy(s);
        return NULL;
    }
    carve(s);
    return s;
}

void nuts_destroy(nuts_sampler *s) {
    if (!s) return;
    ham_free(&s->ham);
    free(s->block);
    free(s->levels);
    free(s);
}

int nuts_dim(const nuts_sampler *s) { return s->n; }
double nuts_stepsize(const nuts_sampler *s) { return s->eps; }
void nuts_set_stepsize(nuts_sampler *s, double eps) { s->eps = eps; }
double *nuts_inv_metric(nuts_sampler *s) { return s->ham.inv_metric; }
ham_system *nuts_hamiltonian(nuts_sampler *s) { return &s->ham; }
int nuts_metric_changed(nuts_sampler *s, bm_error *err) { return ham_metric_changed(&s->ham, err); }

nuts_state *nuts_state_create(const nuts_sampler *s) {
    nuts_state *st = calloc(1, sizeof *st);
    size_t n = (size_t)(s->n > 0 ? s->n : 1);
    if (!st) return NULL;
    st->theta = calloc(n, sizeof(double));
    st->grad = calloc(n, sizeof(double));
    if (!st->theta || !st->grad) {
        nuts_state_destroy(st);
        return NULL;
    }
    return st;
}

void nuts_state_destroy(nuts_state *st) {
    if (!st) return;
    free(st->theta);
    free(st->grad);
    free(st);
}

/* ---- Hamiltonian (hamiltonian.c) ---------------------------------------- */

static double hamiltonian(const nuts_sampler *s, const nuts_point *z) {
    return ham_energy(&s->ham, z);
}

static void dtau_dp(const nuts_sampler *s, const double *p, double *out) {
    ham_dtau_dp(&s->ham, p, out);
}

/* ---- init ------------------------------------------------------------------ */

static int first_nonfinite(const double *v, int n) {
    for (int i = 0; i < n; i++)
        if (!isfinite(v[i])) return i;
    return -1;
}

int nuts_init(nuts_sampler *s, const double *theta, nuts_state *st, bm_error *err) {
    double lp = 0;
    vcopy(st->theta, theta, s->n);
    const ham_system *h = &s->ham;
    if (h->def->log_density(h->m, h->ws, st->theta, h->flags, &lp, st->grad, err))
        return 1;
    if (!isfinite(lp)) {
        snprintf(err->msg, sizeof err->msg, "log density is %g", lp);
        return 1;
    }
    int bad = first_nonfinite(st->grad, s->n);
    if (bad >= 0) {
        snprintf(err->msg, sizeof err->msg,
                 "gradient of the log density is %g for unconstrained parameter %d",
                 st->grad[bad], bad + 1);
        return 1;
    }
    st->lp = lp;
    return 0;
}

static void point_from_state(nuts_sampler *s, nuts_point *z, const nuts_state *st) {
    vcopy(z->q, st->theta, s->n);
    vcopy(z->g, st->grad, s->n);
    z->V = -st->lp;
}

/* ---- the tree -------------------------------------------------------------- */

/* Generalized no-U-turn criterion between two ends with summed momentum rho. */
static int criterion(const nuts_sampler *s, const double *ps_minus, const double *ps_plus,
                     const double *rho) {
    return dot(ps_plus, rho, s->n) > 0 && dot(ps_minus, rho, s->n) > 0;
}

/* Leaf: one leapfrog step; updates weights, acceptance sum and divergence. */
static int build_leaf(nuts_sampler *s, nuts_point *z_propose, double *ps_beg,
                      double *ps_end, double *rho, double *p_beg, double *p_end,
                      double sign, double *log_sum_weight) {
    ham_leapfrog(&s->ham, &s->z, sign * s->eps);
    s->n_leapfrog++;
    double h = hamiltonian(s, &s->z);
    if (h - s->H0 > NUTS_MAX_DELTA_H) s->divergent = 1;
    *log_sum_weight = log_sum_exp(*log_sum_weight, s->H0 - h);
    s->sum_metro_prob += s->H0 - h > 0 ? 1.0 : exp(s->H0 - h);
    point_copy(z_propose, &s->z, s->n);
    dtau_dp(s, s->z.p, ps_beg);
    vcopy(ps_end, ps_beg, s->n);
    for (int i = 0; i < s->n; i++) rho[i] += s->z.p[i];
    vcopy(p_beg, s->z.p, s->n);
    vcopy(p_end, s->z.p, s->n);
    return !s->divergent;
}

/* U-turn checks of a merged subtree: across it, and across the junction of
 * its halves extended by one state on each side (Stan 2.20+). */
static int subtree_persists(nuts_sampler *s, const nuts_level *L, const double *ps_beg,
                            const double *ps_end) {
    int ok = criterion(s, ps_beg, ps_end, L->rho_subtree);
    for (int i = 0; i < s->n; i++) s->rho_ext[i] = L->rho_init[i] + L->p_final_beg[i];
    ok &= criterion(s, ps_beg, L->p_sharp_final_beg, s->rho_ext);
    for (int i = 0; i < s->n; i++) s->rho_ext[i] = L->rho_final[i] + L->p_init_end[i];
    ok &= criterion(s, L->p_sharp_init_end, ps_end, s->rho_ext);
    return ok;
}

/* Builds a subtree of 2^depth leapfrog steps in direction sign from s->z.
 * Returns 0 when it diverged or U-turned.  z_propose gets a state drawn
 * uniformly (by weight) from the subtree; rho accumulates its momenta. */
static int build_tree(nuts_sampler *s, int depth, nuts_point *z_propose, double *ps_beg,
                      double *ps_end, double *rho, double *p_beg, double *p_end,
                      double sign, double *log_sum_weight) {
    if (depth == 0)
        return build_leaf(s, z_propose, ps_beg, ps_end, rho, p_beg, p_end, sign,
                          log_sum_weight);
    nuts_level *L = &s->levels[depth];
    double lsw_init = -INFINITY, lsw_final = -INFINITY;
    vzero(L->rho_init, s->n);
    if (!build_tree(s, depth - 1, z_propose, ps_beg, L->p_sharp_init_end, L->rho_init,
                    p_beg, L->p_init_end, sign, &lsw_init))
        return 0;
    vzero(L->rho_final, s->n);
    if (!build_tree(s, depth - 1, &L->z_propose_final, L->p_sharp_final_beg, ps_end,
                    L->rho_final, L->p_final_beg, p_end, sign, &lsw_final))
        return 0;
    double lsw_subtree = log_sum_exp(lsw_init, lsw_final);
    *log_sum_weight = log_sum_exp(*log_sum_weight, lsw_subtree);
    if (lsw_final > lsw_subtree ||
        bm_rng_uniform(s->rng) < exp(lsw_final - lsw_subtree))
        point_copy(z_propose, &L->z_propose_final, s->n);
    for (int i = 0; i < s->n; i++) {
        L->rho_subtree[i] = L->rho_init[i] + L->rho_final[i];
        rho[i] += L->rho_subtree[i];
    }
    return subtree_persists(s, L, ps_beg, ps_end);
}

/* ---- the transition -------------------------------------------------------- */

/* Starts a trajectory at st with fresh momentum; all four ends at z. */
static void start_trajectory(nuts_sampler *s, const nuts_state *st) {
    int n = s->n;
    point_from_state(s, &s->z, st);
    ham_sample_momentum(&s->ham, s->rng, s->z.p);
    point_copy(&s->z_fwd, &s->z, n);
    point_copy(&s->z_bck, &s->z, n);
    point_copy(&s->z_sample, &s->z, n);
    point_copy(&s->z_propose, &s->z, n);
    nuts_ends *e = &s->e;
    vcopy(e->p_ff, s->z.p, n);
    dtau_dp(s, s->z.p, e->ps_ff);
    double *copies[] = {e->p_fb, e->p_bf, e->p_bb, e->rho};
    for (int i = 0; i < 4; i++) vcopy(copies[i], s->z.p, n);
    double *sharps[] = {e->ps_fb, e->ps_bf, e->ps_bb};
    for (int i = 0; i < 3; i++) vcopy(sharps[i], e->ps_ff, n);
    s->H0 = hamiltonian(s, &s->z);
    s->n_leapfrog = 0;
    s->sum_metro_prob = 0;
    s->divergent = 0;
}

/* Extends the trajectory by 2^depth steps in a random direction; the old
 * trajectory becomes the other half.  Returns the subtree's validity. */
static int extend(nuts_sampler *s, int depth, double *lsw_subtree) {
    nuts_ends *e = &s->e;
    int n = s->n;
    vzero(e->rho_fwd, n);
    vzero(e->rho_bck, n);
    int valid;
    if (bm_rng_uniform(s->rng) > 0.5) {
        point_copy(&s->z, &s->z_fwd, n);
        vcopy(e->rho_bck, e->rho, n);
        vcopy(e->p_bf, e->p_ff, n);
        vcopy(e->ps_bf, e->ps_ff, n);
        valid = build_tree(s, depth, &s->z_propose, e->ps_fb, e->ps_ff, e->rho_fwd,
                           e->p_fb, e->p_ff, 1.0, lsw_subtree);
        point_copy(&s->z_fwd, &s->z, n);
    } else {
        point_copy(&s->z, &s->z_bck, n);
        vcopy(e->rho_fwd, e->rho, n);
        vcopy(e->p_fb, e->p_bb, n);
        vcopy(e->ps_fb, e->ps_bb, n);
        valid = build_tree(s, depth, &s->z_propose, e->ps_bf, e->ps_bb, e->rho_bck,
                           e->p_bf, e->p_bb, -1.0, lsw_subtree);
        point_copy(&s->z_bck, &s->z, n);
    }
    return valid;
}

/* U-turn checks of the whole trajectory after a merge. */
static int trajectory_persists(nuts_sampler *s) {
    nuts_ends *e = &s->e;
    int n = s->n;
    for (int i = 0; i < n; i++) e->rho[i] = e->rho_bck[i] + e->rho_fwd[i];
    int ok = criterion(s, e->ps_bb, e->ps_ff, e->rho);
    for (int i = 0; i < n; i++) s->rho_ext[i] = e->rho_bck[i] + e->p_fb[i];
    ok &= criterion(s, e->ps_bb, e->ps_fb, s->rho_ext);
    for (int i = 0; i < n; i++) s->rho_ext[i] = e->rho_fwd[i] + e->p_bf[i];
    ok &= criterion(s, e->ps_bf, e->ps_ff, s->rho_ext);
    return ok;
}

void nuts_set_static(nuts_sampler *s, double int_time) { s->static_int_time = int_time; }

void nuts_add_flags(nuts_sampler *s, unsigned flags) { s->ham.flags |= flags; }

void nuts_step(nuts_sampler *s, bm_rng *rng, nuts_state *st, bm_nuts_info *info) {
    s->rng = rng;
    if (s->static_int_time > 0) {
        hmc_static_transition(&s->ham, &s->z, s->eps, s->static_int_time, rng, st->theta,
                              st->grad, &st->lp, info);
        return;
    }
    start_trajectory(s, st);
    double log_sum_weight = 0;
    int depth = 0;
    while (depth < s->max_depth) {
        double lsw_subtree = -INFINITY;
        if (!extend(s, depth, &lsw_subtree)) break;
        depth++;
        if (lsw_subtree > log_sum_weight ||
            bm_rng_uniform(rng) < exp(lsw_subtree - log_sum_weight))
            point_copy(&s->z_sample, &s->z_propose, s->n);
        log_sum_weight = log_sum_exp(log_sum_weight, lsw_subtree);
        if (!trajectory_persists(s)) break;
    }
    vcopy(st->theta, s->z_sample.q, s->n);
    vcopy(st->grad, s->z_sample.g, s->n);
    st->lp = -s->z_sample.V;
    info->lp = st->lp;
    info->accept_stat = s->n_leapfrog > 0 ? s->sum_metro_prob / s->n_leapfrog : 0.0;
    info->stepsize = s->eps;
    info->treedepth = depth;
    info->n_leapfrog = s->n_leapfrog;
    info->divergent = s->divergent;
    info->energy = hamiltonian(s, &s->z_sample);
    info->rejections = s->ham.rejections;
    info->reject_msg = s->ham.rejections ? s->ham.first_reject : NULL;
}

/* ---- step size heuristic --------------------------------------------------- */

/* H0 - H after one leapfrog step of size eps from st with fresh momentum. */
static double one_step_delta_h(nuts_sampler *s, const nuts_state *st) {
    point_from_state(s, &s->z, st);
    ham_sample_momentum(&s->ham, s->rng, s->z.p);
    double h0 = hamiltonian(s, &s->z);
    ham_leapfrog(&s->ham, &s->z, s->eps);
    return h0 - hamiltonian(s, &s->z);
}

int nuts_init_stepsize(nuts_sampler *s, bm_rng *rng, const nuts_state *st, bm_error *err) {
    const double log08 = log(0.8);
    s->rng = rng;
    if (s->eps == 0 || s->eps > 1e7 || isnan(s->eps)) return 0;
    int direction = one_step_delta_h(s, st) > log08 ? 1 : -1;
    for (;;) {
        double dh = one_step_delta_h(s, st);
        if (direction == 1 && !(dh > log08)) break;
        if (direction == -1 && !(dh < log08)) break;
        s->eps = direction == 1 ? 2 * s->eps : 0.5 * s->eps;
        if (s->eps > 1e7) {
            snprintf(err->msg, sizeof err->msg,
                     "posterior is improper (step size search ran past 1e7); "
                     "please check your model");
            return 1;
        }
        if (s->eps == 0) {
            snprintf(err->msg, sizeof err->msg,
                     "no acceptably small step size could be found; "
                     "perhaps the posterior is not continuous?");
            return 1;
        }
    }
    return 0;
}
