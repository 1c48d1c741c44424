/* runtime/hamiltonian.c — metric, energies, momenta and leapfrog (see
 * hamiltonian.h).  Dense metric as Stan's dense_e_metric: with the inverse
 * metric A = L L', momenta are p = L'^-1 u with u ~ N(0, I), so that
 * Cov(p) = A^-1 = M, and the kinetic energy is p' A p / 2.
 * Never: I/O, global state, allocation after ham_init.
 */
#include "hamiltonian.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ham_metric_size(const ham_system *h) {
    return h->kind == BM_METRIC_DENSE ? h->n * h->n : h->n;
}

/* Writes the identity into the inverse metric (and its factor). */
static void set_identity(ham_system *h) {
    int n = h->n;
    if (h->kind != BM_METRIC_DENSE) {
        for (int i = 0; i < n; i++) h->inv_metric[i] = 1.0;
        return;
    }
    memset(h->inv_metric, 0, (size_t)n * (size_t)n * sizeof(double));
    for (int i = 0; i < n; i++) h->inv_metric[i * n + i] = 1.0;
    memcpy(h->chol, h->inv_metric, (size_t)n * (size_t)n * sizeof(double));
}

int ham_init(ham_system *h, const bm_model_def *def, const bm_model *m, bm_ws *ws,
             bm_metric_kind kind) {
    memset(h, 0, sizeof *h);
    h->def = def;
    h->m = m;
    h->ws = ws;
    h->n = def->num_unconstrained(m);
    h->flags = BM_JACOBIAN | BM_PROPTO;
    h->kind = kind;
    size_t n = (size_t)(h->n > 0 ? h->n : 1);
    size_t size = kind == BM_METRIC_DENSE ? n * n : n;
    h->inv_metric = calloc(size, sizeof(double));
    h->chol = kind == BM_METRIC_DENSE ? calloc(size, sizeof(double)) : NULL;
    h->tmp = calloc(n, sizeof(double));
    if (!h->inv_metric || !h->tmp || (kind == BM_METRIC_DENSE && !h->chol)) {
        ham_free(h);
        return 1;
    }
    set_identity(h);
    return 0;
}

void ham_free(ham_system *h) {
    free(h->inv_metric);
    free(h->chol);
    free(h->tmp);
    h->inv_metric = h->chol = h->tmp = NULL;
}

int ham_cholesky(const double *a, int n, double *l) {
    memset(l, 0, (size_t)n * (size_t)n * sizeof(double));
    for (int j = 0; j < n; j++) {
        double d = a[j * n + j];
        for (int k = 0; k < j; k++) d -= l[j * n + k] * l[j * n + k];
        if (!(d > 0) || !isfinite(d)) return 1;
        double ljj = sqrt(d);
        l[j * n + j] = ljj;
        for (int i = j + 1; i < n; i++) {
            double s = a[i * n + j];
            for (int k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
            l[i * n + j] = s / ljj;
        }
    }
    return 0;
}

int ham_metric_changed(ham_system *h, bm_error *err) {
    if (h->kind != BM_METRIC_DENSE) return 0;
    if (ham_cholesky(h->inv_metric, h->n, h->chol) == 0) return 0;
    snprintf(err->msg, sizeof err->msg,
             "the dense inverse metric is not positive definite");
    return 1;
}

void ham_update_potential(ham_system *h, ham_point *z) {
    double lp = 0;
    int rc = h->def->log_density(h->m, h->ws, z->q, h->flags, &lp, z->g, &h->err);
    if (rc != 0 && h->rejections++ == 0)
        snprintf(h->first_reject, sizeof h->first_reject, "%s", h->err.msg);
    if (rc != 0 || isnan(lp) || lp == INFINITY) {
        z->V = INFINITY;
        memset(z->g, 0, (size_t)h->n * sizeof(double));
        return;
    }
    z->V = -lp;
}

void ham_dtau_dp(const ham_system *h, const double *p, double *out) {
    int n = h->n;
    if (h->kind == BM_METRIC_UNIT) {
        memcpy(out, p, (size_t)n * sizeof(double));
    } else if (h->kind == BM_METRIC_DIAG) {
        for (int i = 0; i < n; i++) out[i] = h->inv_metric[i] * p[i];
    } else {
        for (int i = 0; i < n; i++) {
            const double *row = h->inv_metric + (size_t)i * (size_t)n;
            double s = 0;
            for (int j = 0; j < n; j++) s += row[j] * p[j];
            out[i] = s;
        }
    }
}

double ham_kinetic(const ham_system *h, const double *p) {
    double t = 0;
    if (h->kind == BM_METRIC_DENSE) {
        ham_dtau_dp(h, p, h->tmp);
        for (int i = 0; i < h->n; i++) t += p[i] * h->tmp[i];
    } else if (h->kind == BM_METRIC_DIAG) {
        for (int i = 0; i < h->n; i++) t += h->inv_metric[i] * p[i] * p[i];
    } else {
        for (int i = 0; i < h->n; i++) t += p[i] * p[i];
    }
    return 0.5 * t;
}

double ham_energy(const ham_system *h, const ham_point *z) {
    double e = z->V + ham_kinetic(h, z->p);
    return isnan(e) ? INFINITY : e;
}

void ham_sample_momentum(ham_system *h, bm_rng *rng, double *p) {
    int n = h->n;
    if (h->kind != BM_METRIC_DENSE) {
        for (int i = 0; i < n; i++) {
            double u = bm_rng_normal(rng);
            p[i] = h->kind == BM_METRIC_UNIT ? u : u / sqrt(h->inv_metric[i]);
        }
        return;
    }
    for (int i = 0; i < n; i++) h->tmp[i] = bm_rng_normal(rng);
    /* back substitution: L' p = u */
    for (int i = n - 1; i >= 0; i--) {
        double s = h->tmp[i];
        for (int k = i + 1; k < n; k++) s -= h->chol[k * n + i] * p[k];
        p[i] = s / h->chol[i * n + i];
    }
}

void ham_leapfrog(ham_system *h, ham_point *z, double eps) {
    int n = h->n;
    for (int i = 0; i < n; i++) z->p[i] += 0.5 * eps * z->g[i];
    ham_dtau_dp(h, z->p, h->tmp);
    for (int i = 0; i < n; i++) z->q[i] += eps * h->tmp[i];
    ham_update_potential(h, z);
    for (int i = 0; i < n; i++) z->p[i] += 0.5 * eps * z->g[i];
}
