/* runtime/adapt.c — Stan's warmup adaptation (see adapt.h).
 *
 * In:  accept statistics and positions of warmup iterations.  Out: step
 * sizes (dual averaging) and diagonal inverse metrics (windowed Welford
 * variance, regularised towards 1e-3).  Never: I/O or model calls.
 */
#include "adapt.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- dual averaging ---------------------------------------------------- */

void adapt_stepsize_init(adapt_stepsize *a, double delta) {
    a->mu = log(10.0);
    a->delta = delta;
    a->gamma = 0.05;
    a->kappa = 0.75;
    a->t0 = 10;
    adapt_stepsize_restart(a);
}

void adapt_stepsize_set_mu(adapt_stepsize *a, double mu) { a->mu = mu; }

void adapt_stepsize_restart(adapt_stepsize *a) {
    a->counter = 0;
    a->s_bar = 0;
    a->x_bar = 0;
}

double adapt_stepsize_learn(adapt_stepsize *a, double accept_stat) {
    a->counter += 1;
    if (accept_stat > 1) accept_stat = 1;
    double eta = 1.0 / (a->counter + a->t0);
    a->s_bar = (1.0 - eta) * a->s_bar + eta * (a->delta - accept_stat);
    double x = a->mu - a->s_bar * sqrt(a->counter) / a->gamma;
    double x_eta = pow(a->counter, -a->kappa);
    a->x_bar = x_eta * x + (1 - x_eta) * a->x_bar;
    return exp(x);
}

double adapt_stepsize_final(const adapt_stepsize *a) { return exp(a->x_bar); }

/* ---- windows ----------------------------------------------------------- */

static void windows_restart(adapt_windows *w) {
    w->counter = 0;
    w->window_size = w->base_window;
    w->next_window = w->init_buffer + w->window_size - 1;
}

void adapt_windows_init(adapt_windows *w, long num_warmup, long init_buffer,
                        long term_buffer, long base_window) {
    memset(w, 0, sizeof *w);
    if (num_warmup < 20) return; /* Stan: no metric estimation */
    w->enabled = 1;
    w->num_warmup = num_warmup;
    if (init_buffer + base_window + term_buffer > num_warmup) {
        init_buffer = (long)(0.15 * num_warmup);
        term_buffer = (long)(0.10 * num_warmup);
        base_window = num_warmup - (init_buffer + term_buffer);
    }
    w->init_buffer = init_buffer;
    w->term_buffer = term_buffer;
    w->base_window = base_window;
    windows_restart(w);
}

int adapt_windows_in_window(const adapt_windows *w) {
    return w->enabled && w->counter >= w->init_buffer &&
           w->counter < w->num_warmup - w->term_buffer && w->counter != w->num_warmup;
}

int adapt_windows_at_end(const adapt_windows *w) {
    return w->enabled && w->counter == w->next_window && w->counter != w->num_warmup;
}

void adapt_windows_next(adapt_windows *w) {
    long last = w->num_warmup - w->term_buffer - 1;
    if (w->next_window == last) return;
    w->window_size *= 2;
    w->next_window = w->counter + w->window_size;
    if (w->next_window == last) return;
    if (w->next_window + 2 * w->window_size >= w->num_warmup - w->term_buffer)
        w->next_window = last;
}

/* ---- Welford ------------------------------------------------------------- */

/* Number of doubles in m2: n (variances) or n*n (covariances). */
static size_t welford_m2_size(const adapt_welford *e) {
    return e->dense ? (size_t)e->n * (size_t)e->n : (size_t)e->n;
}

static void welford_restart(adapt_welford *e) {
    e->count = 0;
    memset(e->mean, 0, (size_t)e->n * sizeof(double));
    memset(e->m2, 0, welford_m2_size(e) * sizeof(double));
}

/* Welford's update; the dense form accumulates the co-moment matrix
 * m2[i][j] += (q_i - old mean_i) (q_j - new mean_j). */
static void welford_add(adapt_welford *e, const double *q, double *delta) {
    e->count++;
    int n = e->n;
    for (int i = 0; i < n; i++) {
        delta[i] = q[i] - e->mean[i];
        e->mean[i] += delta[i] / (double)e->count;
    }
    if (!e->dense) {
        for (int i = 0; i < n; i++) e->m2[i] += delta[i] * (q[i] - e->mean[i]);
        return;
    }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            e->m2[(size_t)i * (size_t)n + (size_t)j] += delta[i] * (q[j] - e->mean[j]);
}

/* ---- metric -------------------------------------------------------------- */

int adapt_metric_init(adapt_metric *a, int n, long num_warmup, long init_buffer,
                      long term_buffer, long base_window) {
    return adapt_metric_init_dense(a, n, 0, num_warmup, init_buffer, term_buffer,
                                   base_window);
}

int adapt_metric_init_dense(adapt_metric *a, int n, int dense, long num_warmup,
                            long init_buffer, long term_buffer, long base_window) {
    adapt_windows_init(&a->windows, num_warmup, init_buffer, term_buffer, base_window);
    a->est.n = n;
    a->est.dense = dense;
    size_t len = (size_t)(n > 0 ? n : 1);
    a->est.mean = calloc(len, sizeof(double));
    a->est.delta = calloc(len, sizeof(double));
    a->est.m2 = calloc(dense ? len * len : len, sizeof(double));
    if (!a->est.mean || !a->est.m2 || !a->est.delta) {
        adapt_metric_free(a);
        return 1;
    }
    welford_restart(&a->est);
    return 0;
}

void adapt_metric_free(adapt_metric *a) {
    free(a->est.mean);
    free(a->est.m2);
    free(a->est.delta);
    a->est.mean = a->est.m2 = a->est.delta = NULL;
}

/* inv_metric <- regularised sample (co)variance of the window:
 * (k/(k+5)) S + 1e-3 (5/(k+5)) I, as Stan's diag_e and dense_e adaptation. */
static int metric_update(adapt_metric *a, double *inv_metric, bm_error *err) {
    double k = (double)a->est.count;
    int n = a->est.n;
    size_t size = welford_m2_size(&a->est);
    for (size_t e = 0; e < size; e++) {
        double cov = k > 1 ? a->est.m2[e] / (k - 1) : 0.0;
        int diagonal = !a->est.dense || e % (size_t)(n + 1) == 0;
        inv_metric[e] = (k / (k + 5.0)) * cov + (diagonal ? 1e-3 * (5.0 / (k + 5.0)) : 0.0);
        if (!isfinite(inv_metric[e])) {
            snprintf(err->msg, sizeof err->msg,
                     "numerical overflow in metric adaptation (unconstrained "
                     "parameter %d); this may indicate an improper posterior",
                     (int)(a->est.dense ? e / (size_t)n : e) + 1);
            return -1;
        }
    }
    return 1;
}

int adapt_metric_learn(adapt_metric *a, const double *q, double *inv_metric, bm_error *err) {
    adapt_windows *w = &a->windows;
    int rc = 0;
    if (adapt_windows_in_window(w)) welford_add(&a->est, q, a->est.delta);
    if (adapt_windows_at_end(w)) {
        adapt_windows_next(w);
        rc = metric_update(a, inv_metric, err);
        welford_restart(&a->est);
    }
    w->counter++;
    return rc;
}
