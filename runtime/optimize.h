/* runtime/optimize.h — maximisation of a smooth function: L-BFGS, BFGS and
 * Newton with a Wolfe line search, and the finite-difference Hessian.
 *
 * In:  an objective f(x) with its gradient (a callback; for models, the log
 * density on the unconstrained scale), a start point, a config with
 * CmdStan's tolerances.  Out: the maximiser in x, the reason it stopped,
 * and (optionally) every iterate through a callback (Pathfinder uses the
 * trajectory).  Never: prints, or knows about models or files.
 *
 * Stopping rules (Stan's BFGS minimiser, on F = -f): |F_k - F_k-1| <
 * tol_obj; ||g|| < tol_grad; ||x_k - x_k-1|| < tol_param; the iteration
 * limit; |F_k - F_k-1| / max(|F_k|, |F_k-1|, 1) < tol_rel_obj * eps;
 * g' H^-1 g / max(|F_k|, 1) < tol_rel_grad * eps (eps = machine epsilon,
 * H^-1 the current inverse Hessian estimate).
 */
#ifndef BM_OPTIMIZE_H
#define BM_OPTIMIZE_H

typedef enum { BM_OPT_LBFGS, BM_OPT_BFGS, BM_OPT_NEWTON } bm_opt_algorithm;

typedef struct {
    bm_opt_algorithm algorithm; /* L-BFGS */
    int max_iter;               /* 2000 */
    int history;                /* 5: L-BFGS update pairs kept */
    double init_alpha;          /* 0.001: first line-search step */
    double tol_obj;             /* 1e-12 */
    double tol_rel_obj;         /* 1e4 */
    double tol_grad;            /* 1e-8 */
    double tol_rel_grad;        /* 1e7 */
    double tol_param;           /* 1e-8 */
} bm_opt_config;

void bm_opt_config_default(bm_opt_config *c);

/* The function to MAXIMISE: sets *f and grad (length n) at x; returns
 * non-zero (or a non-finite *f) where f cannot be evaluated. */
typedef int (*bm_opt_fn)(void *ctx, const double *x, double *f, double *grad);

typedef struct {
    int n;
    bm_opt_fn fn;
    void *ctx;
    /* Optional: after each iteration, the accepted point (iter 0 = start). */
    void (*on_iter)(void *ctx, int iter, const double *x, double f, const double *grad);
} bm_opt_problem;

typedef enum {
    BM_OPT_ABS_OBJ, BM_OPT_REL_OBJ, BM_OPT_ABS_GRAD, BM_OPT_REL_GRAD, BM_OPT_ABS_PARAM,
    BM_OPT_MAX_ITER,
    BM_OPT_INIT_FAILED = -1,     /* f or its gradient not finite at the start */
    BM_OPT_LINE_SEARCH_FAILED = -2,
    BM_OPT_NO_MEMORY = -3,
} bm_opt_status;

typedef struct {
    bm_opt_status status;   /* >= 0: a stopping rule; < 0: failure */
    int iterations;
    int evaluations;        /* calls of fn */
    double f;               /* f at x */
} bm_opt_result;

/* Maximises from x (overwritten with the best point found).  Returns 0 when
 * status >= 0 (converged or the iteration limit), 1 on failure. */
int bm_optimize(const bm_opt_config *c, const bm_opt_problem *p, double *x,
                bm_opt_result *res);

/* CmdStan's words for a status ("Convergence detected: ..."). */
const char *bm_opt_status_message(bm_opt_status s);

/* Hessian of f at x (n x n, row-major, symmetrised) by central differences
 * of the gradient with step h * max(1, |x_j|).  work: 3n doubles.  Non-zero
 * when the gradient cannot be evaluated near x. */
int bm_hessian_fd(const bm_opt_problem *p, const double *x, double h, double *hess,
                  double *work);

#endif
