/* runtime/hamiltonian.h — the Euclidean Hamiltonian system shared by NUTS
 * and static HMC: metric (unit, diagonal or dense), kinetic energy, momentum
 * draws and the leapfrog integrator.
 *
 * In:  a model (runtime/model.h ABI) with its workspace, a metric kind and
 * the inverse metric.  Out: potential V = -lp and its gradient at points,
 * energies, momenta p ~ N(0, M) with M = inverse metric^-1, leapfrog steps.
 * Never: I/O, global state, allocation after ham_init.
 */
#ifndef BM_HAMILTONIAN_H
#define BM_HAMILTONIAN_H

#include "model.h"
#include "rng.h"

typedef enum {
    BM_METRIC_UNIT,   /* identity; never adapted */
    BM_METRIC_DIAG,   /* diagonal inverse metric (length n) */
    BM_METRIC_DENSE,  /* dense inverse metric (n x n, row-major) */
} bm_metric_kind;

typedef struct {
    const bm_model_def *def;
    const bm_model *m;
    bm_ws *ws;
    int n;
    unsigned flags;       /* log_density flags: BM_JACOBIAN | BM_PROPTO */
    bm_metric_kind kind;
    double *inv_metric;   /* n (unit, diag) or n*n (dense) */
    double *chol;         /* dense: lower Cholesky factor L, inv_metric = L L' */
    double *tmp;          /* n scratch */
    bm_error err;         /* message of the last rejection */
    long rejections;      /* evaluations that failed (an invalid argument ...) */
    char first_reject[sizeof(((bm_error *)0)->msg)]; /* the first one's message */
} ham_system;

/* A phase-space point: position, momentum, gradient of lp, potential -lp. */
typedef struct {
    double *q, *p, *g;
    double V;
} ham_point;

/* Unit / identity metric to start with.  Non-zero when out of memory. */
int ham_init(ham_system *h, const bm_model_def *def, const bm_model *m, bm_ws *ws,
             bm_metric_kind kind);
void ham_free(ham_system *h);

/* Number of doubles in the inverse metric: n, or n*n for dense. */
int ham_metric_size(const ham_system *h);

/* Call after writing h->inv_metric: refactors a dense metric.  Non-zero
 * (with a message) when a dense inverse metric is not positive definite. */
int ham_metric_changed(ham_system *h, bm_error *err);

/* V and gradient at z->q.  A rejection or non-finite lp gives V = +inf and a
 * zero gradient. */
void ham_update_potential(ham_system *h, ham_point *z);

double ham_kinetic(const ham_system *h, const double *p);
/* H = V + kinetic, NaN read as +inf. */
double ham_energy(const ham_system *h, const ham_point *z);
/* d tau / d p = inverse metric * p. */
void ham_dtau_dp(const ham_system *h, const double *p, double *out);
/* p ~ N(0, M). */
void ham_sample_momentum(ham_system *h, bm_rng *rng, double *p);
/* One leapfrog step of signed size eps from z (z->g must be current). */
void ham_leapfrog(ham_system *h, ham_point *z, double eps);

/* Lower Cholesky factor of the symmetric n x n matrix a (row-major) into l.
 * Non-zero when a is not (numerically) positive definite. */
int ham_cholesky(const double *a, int n, double *l);

#endif
