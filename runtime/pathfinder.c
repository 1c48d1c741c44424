/* runtime/pathfinder.c — single- and multi-path Pathfinder (see
 * pathfinder.h), and bm_pathfinder_inits (program.h) for NUTS starts.
 *
 * In:  a target log density, starts, rngs.  Out: draws with lp_approx__
 * and lp__.  Never: prints or writes files.
 */
#include "pathfinder.h"
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "linalg.h"
#include "method_io.h"
#include "psis.h"

void bm_pathfinder_config_default(bm_pathfinder_config *c) {
    bm_opt_config_default(&c->lbfgs);
    c->lbfgs.max_iter = 1000;
    c->num_elbo_draws = 25;
    c->num_draws = 1000;
    c->num_out = 1000;
    c->psis_resample = 1;
}

void bm_pathfinder_out_free(bm_pathfinder_out *out) {
    free(out->draws);
    free(out->lp_approx);
    free(out->lp);
    memset(out, 0, sizeof *out);
}

static int out_alloc(bm_pathfinder_out *out, int n, int ndraws) {
    memset(out, 0, sizeof *out);
    out->n = n;
    out->ndraws = ndraws;
    out->khat = NAN;
    out->draws = calloc((size_t)ndraws * n + 1, sizeof(double));
    out->lp_approx = calloc((size_t)ndraws + 1, sizeof(double));
    out->lp = calloc((size_t)ndraws + 1, sizeof(double));
    return !out->draws || !out->lp_approx || !out->lp;
}

/* ---- the L-BFGS trajectory ---------------------------------------------- */

typedef struct {
    const bm_opt_problem *target;
    int n, len, cap;
    double *x, *g;        /* len x n: iterates and gradients of lp */
} trajectory;

static void record(void *vt, int iter, const double *x, double f, const double *grad) {
    trajectory *t = vt;
    if (t->len == t->cap) {
        int cap = t->cap ? 2 * t->cap : 64;
        double *nx = realloc(t->x, (size_t)cap * t->n * sizeof(double));
        if (nx) t->x = nx;
        double *ng = realloc(t->g, (size_t)cap * t->n * sizeof(double));
        if (ng) t->g = ng;
        if (!nx || !ng) return;
        t->cap = cap;
    }
    memcpy(t->x + (size_t)t->len * t->n, x, t->n * sizeof(double));
    memcpy(t->g + (size_t)t->len * t->n, grad, t->n * sizeof(double));
    t->len++;
}

static int traj_fn(void *vt, const double *x, double *f, double *grad) {
    trajectory *t = vt;
    return t->target->fn(t->target->ctx, x, f, grad);
}

/* ---- inverse Hessian estimates ------------------------------------------ */

typedef struct {
    int n, J, npairs, newest;
    double *S, *Y;        /* J x n ring of accepted pairs */
    double *diag;         /* the diagonal D (inverse Hessian) */
    double *H, *L, *hy;   /* n x n estimate, its Cholesky factor; scratch */
} hess_est;

/* Gilbert & Lemarechal (1989) update of the diagonal with pair (s, y). */
static void diag_update(hess_est *h, const double *s, const double *y) {
    int n = h->n;
    double a = 0, b = la_dot(y, s, n), c = 0;
    for (int i = 0; i < n; i++) {
        a += y[i] * h->diag[i] * y[i];
        c += s[i] * s[i] / h->diag[i];
    }
    for (int i = 0; i < n; i++) {
        double si = s[i] / h->diag[i];
        double d = b / (a / h->diag[i] + y[i] * y[i] - (a / c) * si * si);
        if (d > 0 && isfinite(d)) h->diag[i] = d;
    }
}

/* Accepts the step from iterate l-1 to l when its curvature is positive. */
static void add_pair(hess_est *h, const trajectory *t, int l) {
    int n = h->n, k = (h->newest + 1) % h->J;
    double *s = h->S + (size_t)k * n, *y = h->Y + (size_t)k * n;
    const double *x0 = t->x + (size_t)(l - 1) * n, *x1 = t->x + (size_t)l * n;
    const double *g0 = t->g + (size_t)(l - 1) * n, *g1 = t->g + (size_t)l * n;
    for (int i = 0; i < n; i++) {
        s[i] = x1[i] - x0[i];
        y[i] = g0[i] - g1[i];   /* gradient change of -lp */
    }
    if (!(la_dot(s, y, n) > DBL_EPSILON * la_dot(y, y, n))) return;
    diag_update(h, s, y);
    h->newest = k;
    if (h->npairs < h->J) h->npairs++;
}

/* H = BFGS updates of diag(D) with the kept pairs, oldest first. */
static void form_inverse_hessian(hess_est *h) {
    int n = h->n;
    memset(h->H, 0, (size_t)n * n * sizeof(double));
    for (int i = 0; i < n; i++) h->H[i * n + i] = h->diag[i];
    for (int j = h->npairs - 1; j >= 0; j--) {
        int k = (h->newest - j + h->J) % h->J;
        const double *s = h->S + (size_t)k * n, *y = h->Y + (size_t)k * n;
        double rho = 1.0 / la_dot(s, y, n);
        la_mat_vec(h->H, n, y, h->hy);
        double yhy = la_dot(y, h->hy, n);
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++)
                h->H[a * n + b] += -rho * (h->hy[a] * s[b] + s[a] * h->hy[b]) +
                                   (rho * rho * yhy + rho) * s[a] * s[b];
    }
    la_symmetrize(h->H, n);
}

/* ---- the approximations along the path ---------------------------------- */

typedef struct {
    double *mu, *L;       /* mean and covariance Cholesky factor */
    double logdet;        /* log |L L'| */
} normal_approx;

/* Draw from N(mu, L L'): theta and its log density. */
static double draw_normal(const normal_approx *q, int n, bm_rng *rng, double *z,
                          double *theta) {
    for (int i = 0; i < n; i++) z[i] = bm_rng_normal(rng);
    la_lower_mul(q->L, n, z, theta);
    for (int i = 0; i < n; i++) theta[i] += q->mu[i];
    return -0.5 * la_dot(z, z, n) - 0.5 * n * log(2 * M_PI) - 0.5 * q->logdet;
}

static double target_lp(const bm_opt_problem *p, const double *theta, double *grad) {
    double lp;
    if (p->fn(p->ctx, theta, &lp, grad) || isnan(lp)) return -INFINITY;
    return lp;
}

/* Monte Carlo ELBO of q (-inf when a draw has no finite density). */
static double elbo(const bm_pathfinder_config *c, const bm_opt_problem *p,
                   const normal_approx *q, bm_rng *rng, double *z, double *theta,
                   double *grad) {
    double sum = 0;
    for (int k = 0; k < c->num_elbo_draws; k++) {
        double lq = draw_normal(q, p->n, rng, z, theta), lp = target_lp(p, theta, grad);
        if (!isfinite(lp)) return -INFINITY;
        sum += lp - lq;
    }
    return sum / c->num_elbo_draws;
}

typedef struct {
    int n;
    hess_est h;
    normal_approx cur, best;
    double *z, *theta, *grad;
} path_work;

static int work_alloc(path_work *w, int n, int J) {
    memset(w, 0, sizeof *w);
    size_t nn = (size_t)n * n + 1;
    w->n = n;
    w->h = (hess_est){.n = n, .J = J, .newest = J - 1};
    w->h.S = calloc((size_t)J * n + 1, sizeof(double));
    w->h.Y = calloc((size_t)J * n + 1, sizeof(double));
    w->h.diag = calloc(n + 1, sizeof(double));
    w->h.H = calloc(nn, sizeof(double));
    w->h.hy = calloc(n + 1, sizeof(double));
    w->cur.mu = calloc(n + 1, sizeof(double));
    w->cur.L = calloc(nn, sizeof(double));
    w->best.mu = calloc(n + 1, sizeof(double));
    w->best.L = calloc(nn, sizeof(double));
    w->z = calloc(n + 1, sizeof(double));
    w->theta = calloc(n + 1, sizeof(double));
    w->grad = calloc(n + 1, sizeof(double));
    for (int i = 0; w->h.diag && i < n; i++) w->h.diag[i] = 1;
    return !(w->h.S && w->h.Y && w->h.diag && w->h.H && w->h.hy && w->cur.mu && w->cur.L &&
             w->best.mu && w->best.L && w->z && w->theta && w->grad);
}

static void work_free(path_work *w) {
    free(w->h.S); free(w->h.Y); free(w->h.diag); free(w->h.H); free(w->h.hy);
    free(w->cur.mu); free(w->cur.L); free(w->best.mu); free(w->best.L);
    free(w->z); free(w->theta); free(w->grad);
}

/* The approximation at iterate l; 0 when H_l is positive definite. */
static int approx_at(path_work *w, const trajectory *t, int l) {
    int n = w->n;
    add_pair(&w->h, t, l);
    form_inverse_hessian(&w->h);
    if (la_cholesky(w->h.H, n, w->cur.L)) return 1;
    la_mat_vec(w->h.H, n, t->g + (size_t)l * n, w->cur.mu);
    for (int i = 0; i < n; i++) w->cur.mu[i] += t->x[(size_t)l * n + i];
    w->cur.logdet = la_chol_logdet(w->cur.L, n);
    return 0;
}

static void keep_best(path_work *w) {
    size_t n = (size_t)w->n;
    memcpy(w->best.mu, w->cur.mu, n * sizeof(double));
    memcpy(w->best.L, w->cur.L, n * n * sizeof(double));
    w->best.logdet = w->cur.logdet;
}

/* Scans the trajectory; 0 when some approximation had a finite ELBO. */
static int choose_approx(const bm_pathfinder_config *c, const bm_opt_problem *p,
                         const trajectory *t, bm_rng *rng, path_work *w, double *best_elbo) {
    *best_elbo = -INFINITY;
    for (int l = 1; l < t->len; l++) {
        if (approx_at(w, t, l)) continue;
        double e = elbo(c, p, &w->cur, rng, w->z, w->theta, w->grad);
        if (e > *best_elbo) {
            *best_elbo = e;
            keep_best(w);
        }
    }
    return !isfinite(*best_elbo);
}

static int run_lbfgs(const bm_pathfinder_config *c, const bm_opt_problem *target,
                     const double *init, trajectory *t, bm_error *err) {
    int n = target->n;
    double *x = malloc((size_t)(n + 1) * sizeof *x);
    if (!x) return 1;
    memcpy(x, init, n * sizeof *x);
    bm_opt_problem p = {.n = n, .fn = traj_fn, .ctx = t, .on_iter = record};
    bm_opt_result res;
    bm_opt_config lc = c->lbfgs;
    lc.algorithm = BM_OPT_LBFGS;
    int rc = bm_optimize(&lc, &p, x, &res);
    free(x);
    if (rc && res.status == BM_OPT_INIT_FAILED) {
        snprintf(err->msg, sizeof err->msg, "L-BFGS: %s", bm_opt_status_message(res.status));
        return 1;
    }
    if (t->len < 2) {
        snprintf(err->msg, sizeof err->msg, "L-BFGS made no progress from the start (%s)",
                 bm_opt_status_message(res.status));
        return 1;
    }
    return 0;
}

int bm_pathfinder_single(const bm_pathfinder_config *c, const bm_opt_problem *target,
                         const double *init, bm_rng *rng, bm_pathfinder_out *out,
                         bm_error *err) {
    int n = target->n, rc;
    trajectory t = {.target = target, .n = n};
    path_work w;
    memset(out, 0, sizeof *out);
    if (work_alloc(&w, n, c->lbfgs.history) || out_alloc(out, n, c->num_draws)) {
        snprintf(err->msg, sizeof err->msg, "out of memory");
        rc = 1;
    } else {
        rc = run_lbfgs(c, target, init, &t, err);
    }
    if (!rc && (rc = choose_approx(c, target, &t, rng, &w, &out->best_elbo)))
        snprintf(err->msg, sizeof err->msg, "no normal approximation along the L-BFGS path "
                 "had a finite ELBO (the log density fails at its draws)");
    out->iterations = t.len - 1;
    for (int d = 0; !rc && d < c->num_draws; d++) {
        double *theta = out->draws + (size_t)d * n;
        out->lp_approx[d] = draw_normal(&w.best, n, rng, w.z, theta);
        out->lp[d] = target_lp(target, theta, w.grad);
    }
    work_free(&w);
    free(t.x);
    free(t.g);
    return rc;
}

/* ---- multi-path --------------------------------------------------------- */

/* Multinomial resampling of `want` draws with probabilities exp(lw). */
static void resample(const bm_pathfinder_out *pool, const double *lw, int want, bm_rng *rng,
                     bm_pathfinder_out *out) {
    int n = pool->n, S = pool->ndraws;
    for (int d = 0; d < want; d++) {
        double u = bm_rng_uniform(rng), cum = 0;
        int pick = S - 1;
        for (int i = 0; i < S; i++) {
            cum += exp(lw[i]);
            if (u < cum) {
                pick = i;
                break;
            }
        }
        memcpy(out->draws + (size_t)d * n, pool->draws + (size_t)pick * n, n * sizeof(double));
        out->lp_approx[d] = pool->lp_approx[pick];
        out->lp[d] = pool->lp[pick];
    }
}

/* PSIS weights of the pooled draws, normalised; returns k-hat. */
static double psis_weights(const bm_pathfinder_out *pool, double *lw) {
    for (int i = 0; i < pool->ndraws; i++) {
        lw[i] = pool->lp[i] - pool->lp_approx[i];
        if (isnan(lw[i])) lw[i] = -INFINITY;
    }
    double k = bm_psis_smooth(lw, pool->ndraws, 1.0);
    double lse = bm_log_sum_exp(lw, pool->ndraws);
    for (int i = 0; i < pool->ndraws; i++) lw[i] -= lse;
    return k;
}

/* Appends path draws to pool (sized for all paths). */
static void pool_add(bm_pathfinder_out *pool, const bm_pathfinder_out *one) {
    int n = pool->n, at = pool->ndraws;
    memcpy(pool->draws + (size_t)at * n, one->draws, (size_t)one->ndraws * n * sizeof(double));
    memcpy(pool->lp_approx + at, one->lp_approx, (size_t)one->ndraws * sizeof(double));
    memcpy(pool->lp + at, one->lp, (size_t)one->ndraws * sizeof(double));
    pool->ndraws += one->ndraws;
}

int bm_pathfinder_multi(const bm_pathfinder_config *c, const bm_opt_problem *target,
                        int num_paths, const double *inits, uint64_t seed, uint64_t stream0,
                        bm_pathfinder_out *out, bm_error *err) {
    int n = target->n;
    bm_pathfinder_out pool;
    if (out_alloc(&pool, n, num_paths * c->num_draws)) {
        snprintf(err->msg, sizeof err->msg, "out of memory");
        bm_pathfinder_out_free(&pool);
        return 1;
    }
    pool.ndraws = 0;
    for (int k = 0; k < num_paths; k++) {
        bm_rng rng;
        bm_rng_seed(&rng, seed, stream0 + (uint64_t)k);
        bm_pathfinder_out one;
        if (bm_pathfinder_single(c, target, inits + (size_t)k * n, &rng, &one, err) == 0) {
            pool_add(&pool, &one);
            pool.paths_ok++;
        }
        bm_pathfinder_out_free(&one);
    }
    if (!pool.paths_ok) {
        bm_pathfinder_out_free(&pool);
        return 1;
    }
    if (!c->psis_resample) {
        *out = pool;
        return 0;
    }
    double *lw = malloc((size_t)pool.ndraws * sizeof *lw);
    int rc = !lw || out_alloc(out, n, c->num_out);
    if (rc) {
        snprintf(err->msg, sizeof err->msg, "out of memory");
    } else {
        bm_rng rng;
        bm_rng_seed(&rng, seed, stream0 + (uint64_t)num_paths);
        out->khat = psis_weights(&pool, lw);
        out->paths_ok = pool.paths_ok;
        resample(&pool, lw, c->num_out, &rng, out);
    }
    free(lw);
    bm_pathfinder_out_free(&pool);
    return rc;
}

/* ---- starting points for NUTS ------------------------------------------ */

void bm_pathfinder_config_from_options(const bm_options *o, bm_pathfinder_config *c) {
    bm_pathfinder_config_default(c);
    c->lbfgs.max_iter = o->iter;
    c->lbfgs.history = o->history;
    c->lbfgs.init_alpha = o->init_alpha;
    c->lbfgs.tol_obj = o->tol_obj;
    c->lbfgs.tol_rel_obj = o->tol_rel_obj;
    c->lbfgs.tol_grad = o->tol_grad;
    c->lbfgs.tol_rel_grad = o->tol_rel_grad;
    c->lbfgs.tol_param = o->tol_param;
    c->num_elbo_draws = o->num_elbo_draws;
    c->num_draws = o->draws;
    c->num_out = o->draws;
    c->psis_resample = o->psis_resample;
}

/* Random (or --init FILE) starts for every path; 0 or the init error code. */
int bm_pathfinder_starts(const bm_model_def *def, const bm_model *m, bm_ws *ws,
                         const bm_options *o, double *inits, bm_error *err) {
    int n = def->num_unconstrained(m);
    for (int k = 0; k < o->num_paths; k++) {
        int rc = bm_method_init(def, m, ws, o, 0x1000 + (uint64_t)k, BM_JACOBIAN,
                                inits + (size_t)k * n, err);
        if (rc) return rc;
    }
    return 0;
}

int bm_pathfinder_inits(const bm_model_def *def, const bm_model *m, const bm_options *o,
                        int chains, double *theta_out, bm_error *err) {
    int n = def->num_unconstrained(m);
    bm_ws *ws = def->ws_create(m);
    double *inits = calloc((size_t)o->num_paths * n + 1, sizeof *inits);
    bm_pathfinder_config c;
    bm_pathfinder_config_from_options(o, &c);
    c.num_out = chains;
    c.psis_resample = 1;
    bm_lp_target t = {def, m, ws, BM_JACOBIAN, {{0}}};
    bm_opt_problem p = {.n = n, .fn = bm_lp_target_eval, .ctx = &t};
    bm_pathfinder_out out = {0};
    int rc = !ws || !inits;
    if (rc) snprintf(err->msg, sizeof err->msg, "out of memory");
    if (!rc) rc = bm_pathfinder_starts(def, m, ws, o, inits, err);
    if (!rc) rc = bm_pathfinder_multi(&c, &p, o->num_paths, inits, o->seed, BM_STREAM_METHOD,
                                      &out, err);
    if (!rc) memcpy(theta_out, out.draws, (size_t)chains * n * sizeof(double));
    bm_pathfinder_out_free(&out);
    free(inits);
    if (ws) def->ws_destroy(ws);
    return rc;
}
