/* tests/runtime/closed_form.h — hand-coded models with closed-form
 * posteriors, implementing the model ABI (runtime/model.h), shared by the
 * tests of optimize / laplace / ADVI / Pathfinder.
 *
 *  - MVN: a correlated 3-d normal, mean MVN_MEAN, covariance MVN_COV
 *    (correlations 0.8, 0.5, 0.3 with scales 1, 2, 0.5).
 *  - NORMAL_NORMAL: y_i ~ normal(mu, 2), mu ~ normal(1, 3), ten y's.
 *  - BETA_BINOMIAL: k = 7 of n = 20 successes, p ~ beta(3, 2), on the
 *    logit scale u = logit(p); BM_JACOBIAN adds log p (1 - p).
 * Everything is static: include this header in one test file only.
 * Never: allocates except the workspace.
 */
#ifndef BM_TEST_CLOSED_FORM_H
#define BM_TEST_CLOSED_FORM_H
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "linalg.h"
#include "model.h"

enum { CF_MVN, CF_NORMAL_NORMAL, CF_BETA_BINOMIAL };

struct bm_model {
    int kind, d;
    double mean[3], prec[9];
};
struct bm_ws {
    long evals;
};

static const double MVN_MEAN[3] = {1.0, -2.0, 0.5};
static const double MVN_SD[3] = {1.0, 2.0, 0.5};
static const double MVN_CORR[9] = {1, 0.8, 0.5, 0.8, 1, 0.3, 0.5, 0.3, 1};

/* The covariance matrix of the MVN model. */
static void mvn_cov(double *cov) {
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) cov[i * 3 + j] = MVN_CORR[i * 3 + j] * MVN_SD[i] * MVN_SD[j];
}

static const double NN_Y[10] = {2.1, 0.4, 3.3, 1.8, -0.5, 2.9, 1.1, 4.0, 0.7, 2.2};
#define NN_SIGMA 2.0
#define NN_M0 1.0
#define NN_S0 3.0

/* Posterior of mu: mean and sd. */
static void nn_posterior(double *mean, double *sd) {
    double sum = 0;
    for (int i = 0; i < 10; i++) sum += NN_Y[i];
    double prec = 1 / (NN_S0 * NN_S0) + 10 / (NN_SIGMA * NN_SIGMA);
    *mean = (NN_M0 / (NN_S0 * NN_S0) + sum / (NN_SIGMA * NN_SIGMA)) / prec;
    *sd = 1 / sqrt(prec);
}

#define BB_A 3.0
#define BB_B 2.0
#define BB_K 7
#define BB_N 20

static int cf_dim(const bm_model *m) { return m->d; }
static bm_ws *cf_ws_create(const bm_model *m) { return calloc(1, sizeof(bm_ws)); }
static void cf_ws_destroy(bm_ws *ws) { free(ws); }

static void mvn_lp(const bm_model *m, const double *x, double *lp, double *grad) {
    double r[3], pr[3];
    for (int i = 0; i < 3; i++) r[i] = x[i] - m->mean[i];
    la_mat_vec(m->prec, 3, r, pr);
    *lp = -0.5 * la_dot(r, pr, 3);
    if (grad)
        for (int i = 0; i < 3; i++) grad[i] = -pr[i];
}

static void nn_lp(const double *x, double *lp, double *grad) {
    double mu = x[0], g = -(mu - NN_M0) / (NN_S0 * NN_S0);
    *lp = -0.5 * (mu - NN_M0) * (mu - NN_M0) / (NN_S0 * NN_S0);
    for (int i = 0; i < 10; i++) {
        *lp += -0.5 * (NN_Y[i] - mu) * (NN_Y[i] - mu) / (NN_SIGMA * NN_SIGMA);
        g += (NN_Y[i] - mu) / (NN_SIGMA * NN_SIGMA);
    }
    if (grad) grad[0] = g;
}

/* log p^(a+k-1) (1-p)^(b+n-k-1), plus log p (1-p) with the Jacobian. */
static void bb_lp(const double *x, unsigned flags, double *lp, double *grad) {
    double u = x[0], log_p = -log1p(exp(-u)), log_q = -log1p(exp(u)), p = exp(log_p);
    double a = BB_A + BB_K - 1, b = BB_B + BB_N - BB_K - 1;
    if (flags & BM_JACOBIAN) a += 1, b += 1;
    *lp = a * log_p + b * log_q;
    if (grad) grad[0] = a * (1 - p) - b * p;
}

static int cf_log_density(const bm_model *m, bm_ws *ws, const double *x, unsigned flags,
                          double *lp, double *grad, bm_error *err) {
    ws->evals++;
    if (m->kind == CF_MVN) mvn_lp(m, x, lp, grad);
    else if (m->kind == CF_NORMAL_NORMAL) nn_lp(x, lp, grad);
    else bb_lp(x, flags, lp, grad);
    return 0;
}

static const bm_model_def CF_DEF = {.abi_version = BM_ABI_VERSION, .name = "closed_form",
                                    .num_unconstrained = cf_dim, .ws_create = cf_ws_create,
                                    .ws_destroy = cf_ws_destroy, .log_density = cf_log_density};

/* The model of `kind` (MVN precision computed from MVN_COV). */
static bm_model cf_model(int kind) {
    bm_model m = {.kind = kind, .d = kind == CF_MVN ? 3 : 1};
    if (kind == CF_MVN) {
        double cov[9], l[9];
        mvn_cov(cov);
        la_cholesky(cov, 3, l);
        la_chol_inverse(l, 3, m.prec);
        memcpy(m.mean, MVN_MEAN, sizeof m.mean);
    }
    return m;
}

#endif
