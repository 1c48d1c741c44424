/* runtime/advi.c — ADVI, meanfield and fullrank (see advi.h).
 *
 * In:  a target log density, an rng, a start.  Out: the approximation.
 * The variational parameters live in one flat vector lam: mu (n) then
 * omega (n, meanfield) or L (n x n row-major, lower part used, fullrank),
 * so the step-size sequence applies elementwise to all of them.
 * Never: prints or writes files.
 */
#include "advi.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "linalg.h"

void bm_advi_config_default(bm_advi_config *c) {
    *c = (bm_advi_config){.iter = 10000, .grad_samples = 1, .elbo_samples = 100,
                          .adapt_iter = 50, .eval_elbo = 100, .tol_rel_obj = 0.01};
}

int bm_advi_approx_init(bm_advi_approx *q, int n, int fullrank) {
    q->n = n;
    q->fullrank = fullrank;
    q->mu = calloc((size_t)n + 1, sizeof(double));
    q->omega = calloc((size_t)n + 1, sizeof(double));
    q->L = calloc((size_t)n * n + 1, sizeof(double));
    if (!q->mu || !q->omega || !q->L) return 1;
    for (int i = 0; i < n; i++) q->L[i * n + i] = 1;
    return 0;
}

void bm_advi_approx_free(bm_advi_approx *q) {
    free(q->mu);
    free(q->omega);
    free(q->L);
}

typedef struct {
    const bm_advi_config *c;
    const bm_opt_problem *p;
    bm_rng *rng;
    int n, fullrank, dim;
    double *lam, *grad, *hist, *z, *zeta, *g;
    bm_error *err;
} advi_state;

static const double *scale_part(const advi_state *s, const double *lam) { return lam + s->n; }

/* zeta = mu + S z for the approximation in lam. */
static void transform(const advi_state *s, const double *lam, const double *z, double *zeta) {
    int n = s->n;
    const double *sc = scale_part(s, lam);
    if (s->fullrank) {
        la_lower_mul(sc, n, z, zeta);
    } else {
        for (int i = 0; i < n; i++) zeta[i] = exp(sc[i]) * z[i];
    }
    for (int i = 0; i < n; i++) zeta[i] += lam[i];
}

static double entropy(const advi_state *s, const double *lam) {
    int n = s->n;
    const double *sc = scale_part(s, lam);
    double h = 0.5 * n * (1.0 + log(2 * M_PI));
    for (int i = 0; i < n; i++) h += s->fullrank ? log(fabs(sc[i * n + i])) : sc[i];
    return h;
}

static void draw_z(advi_state *s) {
    for (int i = 0; i < s->n; i++) s->z[i] = bm_rng_normal(s->rng);
}

/* Monte Carlo ELBO; draws where the density fails are dropped (-inf when
 * all fail). */
static double elbo(advi_state *s, const double *lam) {
    double sum = 0;
    int kept = 0;
    for (int k = 0; k < s->c->elbo_samples; k++) {
        draw_z(s);
        transform(s, lam, s->z, s->zeta);
        double lp;
        if (s->p->fn(s->p->ctx, s->zeta, &lp, s->g) || !isfinite(lp)) continue;
        sum += lp;
        kept++;
    }
    return kept ? sum / kept + entropy(s, lam) : -INFINITY;
}

/* Adds the gradient contribution of one draw (s->z, gradient s->g). */
static void accumulate(advi_state *s, const double *lam) {
    int n = s->n;
    double *gs = s->grad + n;
    const double *sc = scale_part(s, lam);
    for (int i = 0; i < n; i++) s->grad[i] += s->g[i];
    if (!s->fullrank) {
        for (int i = 0; i < n; i++) gs[i] += s->g[i] * s->z[i] * exp(sc[i]);
        return;
    }
    for (int i = 0; i < n; i++)
        for (int j = 0; j <= i; j++) gs[i * n + j] += s->g[i] * s->z[j];
}

/* One draw z, zeta with the gradient of lp at zeta in s->g; a draw where
 * the density or gradient is not finite is replaced (up to 10 tries, so a
 * rare overflow in the far tail does not stop the run).  0 on success. */
static int grad_draw(advi_state *s, const double *lam) {
    for (int attempt = 0; attempt < 10; attempt++) {
        draw_z(s);
        transform(s, lam, s->z, s->zeta);
        double lp;
        int ok = s->p->fn(s->p->ctx, s->zeta, &lp, s->g) == 0 && isfinite(lp);
        for (int i = 0; ok && i < s->n; i++) ok = isfinite(s->g[i]);
        if (ok) return 0;
    }
    snprintf(s->err->msg, sizeof s->err->msg,
             "the log density or its gradient is not finite at 10 successive draws of the "
             "approximation (the step size may be too large: try --eta 0.1 --no-adapt)");
    return 1;
}

/* Reparameterisation gradient of the ELBO at lam into s->grad. */
static int elbo_grad(advi_state *s, const double *lam) {
    int n = s->n, M = s->c->grad_samples;
    memset(s->grad, 0, (size_t)s->dim * sizeof(double));
    for (int k = 0; k < M; k++) {
        if (grad_draw(s, lam)) return 1;
        accumulate(s, lam);
    }
    for (int i = 0; i < s->dim; i++) s->grad[i] /= M;
    const double *sc = scale_part(s, lam);
    for (int i = 0; i < n; i++) {
        if (s->fullrank) s->grad[n + i * n + i] += 1.0 / sc[i * n + i];
        else s->grad[n + i] += 1.0;
    }
    return 0;
}

/* One adaptive step (t is 1-based within the current run). */
static void update(advi_state *s, double eta, int t) {
    double step = eta / sqrt((double)t);
    for (int i = 0; i < s->dim; i++) {
        double g2 = s->grad[i] * s->grad[i];
        s->hist[i] = t == 1 ? g2 : 0.9 * s->hist[i] + 0.1 * g2;
        s->lam[i] += step * s->grad[i] / (1.0 + sqrt(s->hist[i]));
    }
}

static void pack(advi_state *s, const bm_advi_approx *q) {
    int n = s->n;
    memcpy(s->lam, q->mu, n * sizeof(double));
    if (s->fullrank) memcpy(s->lam + n, q->L, (size_t)n * n * sizeof(double));
    else memcpy(s->lam + n, q->omega, n * sizeof(double));
}

static void unpack(const advi_state *s, bm_advi_approx *q) {
    int n = s->n;
    memcpy(q->mu, s->lam, n * sizeof(double));
    if (s->fullrank) memcpy(q->L, s->lam + n, (size_t)n * n * sizeof(double));
    else memcpy(q->omega, s->lam + n, n * sizeof(double));
}

/* adapt_iter steps with eta from the start q0; the ELBO after them (-inf
 * when a step failed or the ELBO is not finite). */
static double try_eta(advi_state *s, const bm_advi_approx *q0, double eta) {
    pack(s, q0);
    for (int t = 1; t <= s->c->adapt_iter; t++) {
        if (elbo_grad(s, s->lam)) return -INFINITY;
        update(s, eta, t);
    }
    double e = elbo(s, s->lam);
    return isfinite(e) ? e : -INFINITY;
}

/* Stan's eta search: 100, 10, 1, 0.1, 0.01 while the ELBO keeps improving
 * on the best so far (or the best is still no better than the start). */
static int adapt_eta(advi_state *s, const bm_advi_approx *q0, double *eta_out) {
    static const double ETAS[] = {100, 10, 1, 0.1, 0.01};
    int neta = (int)(sizeof ETAS / sizeof *ETAS);
    pack(s, q0);
    double elbo_init = elbo(s, s->lam), best = -INFINITY, best_eta = 0;
    for (int k = 0; k < neta; k++) {
        double e = try_eta(s, q0, ETAS[k]);
        if (e < best && best > elbo_init) break;
        if (k < neta - 1 || e > elbo_init) {
            best = e;
            best_eta = ETAS[k];
        }
    }
    if (!(best_eta > 0) || !(best > elbo_init)) {
        snprintf(s->err->msg, sizeof s->err->msg,
                 "all step sizes (100, 10, 1, 0.1, 0.01) failed to improve the ELBO: the model "
                 "may be severely ill-conditioned or misspecified; try --eta with a small "
                 "value and --no-adapt, or reparameterise");
        return 1;
    }
    *eta_out = best_eta;
    return 0;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(const double *v, int n, double *scratch) {
    memcpy(scratch, v, (size_t)n * sizeof *v);
    qsort(scratch, (size_t)n, sizeof *scratch, cmp_double);
    return n % 2 ? scratch[n / 2] : 0.5 * (scratch[n / 2 - 1] + scratch[n / 2]);
}

/* Stochastic gradient ascent from q0 with step size eta. */
static int ascend(advi_state *s, const bm_advi_approx *q0, double eta, bm_advi_result *res) {
    const bm_advi_config *c = s->c;
    int cb_size = (int)fmax(0.1 * c->iter / c->eval_elbo, 2.0), cb_n = 0, cb_next = 0;
    double *cb = calloc((size_t)cb_size, sizeof *cb), *scratch = calloc((size_t)cb_size, sizeof *cb);
    double elbo_prev = -INFINITY;
    int rc = !cb || !scratch;
    pack(s, q0);
    for (int t = 1; t <= c->iter && !rc; t++) {
        if ((rc = elbo_grad(s, s->lam))) break;
        update(s, eta, t);
        res->iterations = t;
        if (t % c->eval_elbo) continue;
        double e = elbo(s, s->lam);
        res->elbo = e;
        double rel = isfinite(elbo_prev) ? fabs((e - elbo_prev) / elbo_prev) : 1.0;
        elbo_prev = e;
        cb[cb_next] = rel;
        cb_next = (cb_next + 1) % cb_size;
        if (cb_n < cb_size) cb_n++;
        double mean = 0;
        for (int i = 0; i < cb_n; i++) mean += cb[i] / cb_n;
        double med = median(cb, cb_n, scratch);
        if (mean < c->tol_rel_obj || med < c->tol_rel_obj) {
            res->converged = 1;
            break;
        }
        if (t > 10 * c->eval_elbo && (med > 0.5 || mean > 0.5)) res->diverging = 1;
    }
    free(cb);
    free(scratch);
    return rc;
}

int bm_advi_fit(const bm_advi_config *c, const bm_opt_problem *target, bm_rng *rng,
                bm_advi_approx *q, bm_advi_result *res, bm_error *err) {
    int n = target->n;
    advi_state s = {.c = c, .p = target, .rng = rng, .n = n, .fullrank = q->fullrank,
                    .dim = n + (q->fullrank ? n * n : n), .err = err};
    memset(res, 0, sizeof *res);
    s.lam = calloc((size_t)s.dim + 1, sizeof(double));
    s.grad = calloc((size_t)s.dim + 1, sizeof(double));
    s.hist = calloc((size_t)s.dim + 1, sizeof(double));
    s.z = calloc((size_t)n + 1, sizeof(double));
    s.zeta = calloc((size_t)n + 1, sizeof(double));
    s.g = calloc((size_t)n + 1, sizeof(double));
    int rc = !s.lam || !s.grad || !s.hist || !s.z || !s.zeta || !s.g;
    if (rc) snprintf(err->msg, sizeof err->msg, "out of memory");
    double eta = c->eta;
    if (!rc && !(eta > 0)) rc = adapt_eta(&s, q, &eta);
    if (!rc) rc = ascend(&s, q, eta, res);
    /* A run that diverges with the adapted eta is retried with eta / 10
     * (down to 0.01), a fallback Stan does not have. */
    int adaptive = !(c->eta > 0);
    while (rc && adaptive && eta > 0.011) {
        eta /= 10;
        memset(res, 0, sizeof *res);
        rc = ascend(&s, q, eta, res);
    }
    res->eta = eta;
    if (!rc) unpack(&s, q);
    free(s.lam); free(s.grad); free(s.hist); free(s.z); free(s.zeta); free(s.g);
    return rc;
}

double bm_advi_draw(const bm_advi_approx *q, bm_rng *rng, double *z, double *theta) {
    int n = q->n;
    for (int i = 0; i < n; i++) z[i] = bm_rng_normal(rng);
    if (q->fullrank) la_lower_mul(q->L, n, z, theta);
    else for (int i = 0; i < n; i++) theta[i] = exp(q->omega[i]) * z[i];
    for (int i = 0; i < n; i++) theta[i] += q->mu[i];
    return -0.5 * la_dot(z, z, n);
}
