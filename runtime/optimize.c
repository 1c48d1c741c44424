/* runtime/optimize.c — L-BFGS, BFGS and Newton maximisation (see optimize.h).
 *
 * In:  an objective callback and a start.  Out: the maximiser and why the
 * search stopped.  Internally everything minimises F = -f with G = -grad f.
 * The line search finds a step satisfying the strong Wolfe conditions
 * (c1 = 1e-4, c2 = 0.9; Nocedal & Wright, Numerical Optimization, alg. 3.5
 * and 3.6, with safeguarded cubic interpolation).
 * Never: prints or allocates after setup.
 */
#include "optimize.h"
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "linalg.h"

#define WOLFE_C1 1e-4
#define WOLFE_C2 0.9
#define LS_MAX_STEPS 60

void bm_opt_config_default(bm_opt_config *c) {
    *c = (bm_opt_config){.algorithm = BM_OPT_LBFGS, .max_iter = 2000, .history = 5,
                         .init_alpha = 1e-3, .tol_obj = 1e-12, .tol_rel_obj = 1e4,
                         .tol_grad = 1e-8, .tol_rel_grad = 1e7, .tol_param = 1e-8};
}

const char *bm_opt_status_message(bm_opt_status s) {
    switch (s) {
    case BM_OPT_ABS_OBJ: return "Convergence detected: absolute change in objective function was below tolerance";
    case BM_OPT_REL_OBJ: return "Convergence detected: relative change in objective function was below tolerance";
    case BM_OPT_ABS_GRAD: return "Convergence detected: gradient norm is below tolerance";
    case BM_OPT_REL_GRAD: return "Convergence detected: relative gradient magnitude is below tolerance";
    case BM_OPT_ABS_PARAM: return "Convergence detected: absolute parameter change was below tolerance";
    case BM_OPT_MAX_ITER: return "Maximum number of iterations hit, may not be at an optimum";
    case BM_OPT_INIT_FAILED: return "the log density or its gradient is not finite at the initial point";
    case BM_OPT_LINE_SEARCH_FAILED: return "Line search failed to achieve a sufficient decrease, no more progress can be made";
    case BM_OPT_NO_MEMORY: return "out of memory";
    }
    return "?";
}

typedef struct {
    const bm_opt_config *c;
    const bm_opt_problem *p;
    int n;
    double *x, *g, F;         /* current point, G = -grad f, F = -f */
    double *xn, *gn, Fn;      /* line-search trial point */
    double *d;                /* search direction */
    double *S, *Y, *rho;      /* L-BFGS pairs, ring buffer of `history` */
    int npairs, newest;
    int bfgs_updates;         /* BFGS: updates applied to hinv */
    double *hinv;             /* BFGS inverse Hessian (n x n) */
    double *hess, *chol, *work; /* Newton */
    double *tmp;
    int evals;
    int steepest;             /* the direction is -G (no curvature information) */
} opt_state;

/* F and G at x; 0 when both are finite. */
static int eval(opt_state *s, const double *x, double *F, double *G) {
    double f = NAN;
    s->evals++;
    if (s->p->fn(s->p->ctx, x, &f, G) || !isfinite(f)) return 1;
    for (int i = 0; i < s->n; i++) {
        if (!isfinite(G[i])) return 1;
        G[i] = -G[i];
    }
    *F = -f;
    return 0;
}

/* ---- line search --------------------------------------------------------- */

typedef struct {
    double a, F, dphi;        /* step, phi(a), phi'(a); F = +inf when not evaluable */
} ls_point;

static ls_point try_step(opt_state *s, double a) {
    for (int i = 0; i < s->n; i++) s->xn[i] = s->x[i] + a * s->d[i];
    ls_point q = {a, INFINITY, NAN};
    if (eval(s, s->xn, &q.F, s->gn) == 0) q.dphi = la_dot(s->gn, s->d, s->n);
    else q.F = INFINITY;
    return q;
}

/* Minimiser of the cubic through lo and hi (values and slopes), kept inside
 * the middle 80% of the interval; bisection when the cubic is unusable. */
static double interpolate(ls_point lo, ls_point hi) {
    double mid = 0.5 * (lo.a + hi.a), w = hi.a - lo.a;
    if (!isfinite(hi.F) || !isfinite(hi.dphi)) return mid;
    double d1 = lo.dphi + hi.dphi - 3 * (lo.F - hi.F) / (lo.a - hi.a);
    double disc = d1 * d1 - lo.dphi * hi.dphi;
    if (!(disc >= 0)) return mid;
    double d2 = copysign(sqrt(disc), hi.a - lo.a);
    double a = hi.a - (hi.a - lo.a) * (hi.dphi + d2 - d1) / (hi.dphi - lo.dphi + 2 * d2);
    double amin = fmin(lo.a, hi.a) + 0.1 * fabs(w), amax = fmax(lo.a, hi.a) - 0.1 * fabs(w);
    return isfinite(a) && a >= amin && a <= amax ? a : mid;
}

static int armijo_fails(ls_point q, double F0, double dphi0) {
    return !(q.F <= F0 + WOLFE_C1 * q.a * dphi0);
}

/* Zoom between lo (satisfies Armijo) and hi; 0 with the accepted point in
 * xn/gn/Fn.  When the interval collapses, lo is accepted if it decreased F. */
static int zoom(opt_state *s, ls_point lo, ls_point hi, double F0, double dphi0) {
    for (int it = 0; it < LS_MAX_STEPS; it++) {
        double a = interpolate(lo, hi);
        if (fabs(hi.a - lo.a) <= 1e-16 * fmax(1.0, fabs(lo.a))) break;
        ls_point q = try_step(s, a);
        if (armijo_fails(q, F0, dphi0) || q.F >= lo.F) {
            hi = q;
            continue;
        }
        if (fabs(q.dphi) <= -WOLFE_C2 * dphi0) {
            s->Fn = q.F;
            return 0;
        }
        if (q.dphi * (hi.a - lo.a) >= 0) hi = lo;
        lo = q;
    }
    if (lo.a > 0 && lo.F < F0) {
        try_step(s, lo.a);
        s->Fn = lo.F;
        return 0;
    }
    return 1;
}

/* Strong-Wolfe step along s->d from alpha0; 0 with the point in xn/gn/Fn. */
static int line_search(opt_state *s, double alpha0) {
    double F0 = s->F, dphi0 = la_dot(s->g, s->d, s->n);
    if (!(dphi0 < 0)) return 1;
    ls_point prev = {0, F0, dphi0};
    double a = alpha0;
    for (int it = 0; it < LS_MAX_STEPS; it++) {
        ls_point q = try_step(s, a);
        if (armijo_fails(q, F0, dphi0) || (it > 0 && q.F >= prev.F))
            return zoom(s, prev, q, F0, dphi0);
        if (fabs(q.dphi) <= -WOLFE_C2 * dphi0) {
            s->Fn = q.F;
            return 0;
        }
        if (q.dphi >= 0) return zoom(s, q, prev, F0, dphi0);
        prev = q;
        a *= 3;
    }
    return 1;
}

/* ---- search directions --------------------------------------------------- */

static double *pair_s(opt_state *s, int k) { return s->S + (long)k * s->n; }
static double *pair_y(opt_state *s, int k) { return s->Y + (long)k * s->n; }

/* d = -H G by the L-BFGS two-loop recursion, H0 = (s'y / y'y) I. */
static void lbfgs_direction(opt_state *s) {
    int n = s->n, m = s->c->history;
    double alpha[64];
    for (int i = 0; i < n; i++) s->d[i] = -s->g[i];
    for (int j = 0; j < s->npairs; j++) {
        int k = (s->newest - j + m) % m;
        alpha[j] = s->rho[k] * la_dot(pair_s(s, k), s->d, n);
        for (int i = 0; i < n; i++) s->d[i] -= alpha[j] * pair_y(s, k)[i];
    }
    double *yn = pair_y(s, s->newest);
    double gamma = s->npairs ? 1.0 / (s->rho[s->newest] * la_dot(yn, yn, n)) : 1.0;
    for (int i = 0; i < n; i++) s->d[i] *= gamma;
    for (int j = s->npairs - 1; j >= 0; j--) {
        int k = (s->newest - j + m) % m;
        double beta = s->rho[k] * la_dot(pair_y(s, k), s->d, n);
        for (int i = 0; i < n; i++) s->d[i] += (alpha[j] - beta) * pair_s(s, k)[i];
    }
}

/* BFGS update of the dense inverse Hessian with the newest pair. */
static void bfgs_update(opt_state *s, const double *sv, const double *yv, double rho) {
    int n = s->n;
    double *h = s->hinv, *hy = s->tmp;
    if (s->bfgs_updates == 1) { /* first pair: scale the identity as L-BFGS does */
        double gamma = 1.0 / (rho * la_dot(yv, yv, n));
        for (int i = 0; i < n * n; i++) h[i] = (i % (n + 1) == 0) ? gamma : 0.0;
    }
    la_mat_vec(h, n, yv, hy);
    double yhy = la_dot(yv, hy, n);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            h[i * n + j] += -rho * (hy[i] * sv[j] + sv[i] * hy[j]) +
                            (rho * rho * yhy + rho) * sv[i] * sv[j];
    la_symmetrize(h, n);
}

/* Keeps the step (s, y) when it has positive curvature. */
static void remember_pair(opt_state *s) {
    int n = s->n, m = s->c->history;
    int k = (s->newest + 1) % m;
    double *sv = pair_s(s, k), *yv = pair_y(s, k);
    for (int i = 0; i < n; i++) {
        sv[i] = s->xn[i] - s->x[i];
        yv[i] = s->gn[i] - s->g[i];
    }
    double sy = la_dot(sv, yv, n);
    if (!(sy > DBL_EPSILON * la_dot(yv, yv, n))) return;
    s->rho[k] = 1.0 / sy;
    s->newest = k;
    if (s->npairs < m) s->npairs++;
    if (s->c->algorithm == BM_OPT_BFGS) {
        s->bfgs_updates++;
        bfgs_update(s, sv, yv, s->rho[k]);
    }
}

static int hess_eval(void *vs, const double *x, double *f, double *grad) {
    opt_state *s = vs;
    return s->p->fn(s->p->ctx, x, f, grad);
}

/* Newton direction: d = -(H + tau I)^-1 G with the smallest tau >= 0 (from
 * a doubling sequence) that makes the Hessian of F positive definite. */
static int newton_direction(opt_state *s) {
    int n = s->n;
    bm_opt_problem hp = {.n = n, .fn = hess_eval, .ctx = s};
    if (bm_hessian_fd(&hp, s->x, 1e-5, s->hess, s->work)) return 1;
    for (int i = 0; i < n * n; i++) s->hess[i] = -s->hess[i];
    double scale = 0;
    for (int i = 0; i < n; i++) scale = fmax(scale, fabs(s->hess[i * n + i]));
    double prev = 0, tau = 0, tau_min = 1e-8 * fmax(scale, 1);
    for (; tau < 1e10 * fmax(scale, 1); prev = tau, tau = tau ? tau * 4 : tau_min) {
        for (int i = 0; i < n; i++) s->hess[i * n + i] += tau - prev;
        if (la_cholesky(s->hess, n, s->chol)) continue;
        for (int i = 0; i < n; i++) s->d[i] = -s->g[i];
        la_chol_solve(s->chol, n, s->d);
        return 0;
    }
    return 1;
}

/* Sets s->d; steepest descent when there is no curvature information yet. */
static void direction(opt_state *s) {
    s->steepest = 0;
    if (s->c->algorithm == BM_OPT_NEWTON && newton_direction(s) == 0) return;
    if (s->c->algorithm == BM_OPT_LBFGS && s->npairs) {
        lbfgs_direction(s);
    } else if (s->c->algorithm == BM_OPT_BFGS && s->bfgs_updates) {
        la_mat_vec(s->hinv, s->n, s->g, s->d);
        for (int i = 0; i < s->n; i++) s->d[i] = -s->d[i];
    } else {
        for (int i = 0; i < s->n; i++) s->d[i] = -s->g[i];
        s->steepest = 1;
    }
    if (!(la_dot(s->d, s->g, s->n) < 0)) {
        for (int i = 0; i < s->n; i++) s->d[i] = -s->g[i];
        s->steepest = 1;
    }
}

/* ---- driver -------------------------------------------------------------- */

static int state_alloc(opt_state *s, const bm_opt_config *c, const bm_opt_problem *p,
                       double *x) {
    int n = p->n, m = c->history > 0 ? c->history : 1;
    memset(s, 0, sizeof *s);
    s->c = c;
    s->p = p;
    s->n = n;
    s->x = x;
    size_t nn = (size_t)n * n + 1;
    s->g = calloc(n + 1, sizeof(double));
    s->xn = calloc(n + 1, sizeof(double));
    s->gn = calloc(n + 1, sizeof(double));
    s->d = calloc(n + 1, sizeof(double));
    s->tmp = calloc(n + 1, sizeof(double));
    s->S = calloc((size_t)m * n + 1, sizeof(double));
    s->Y = calloc((size_t)m * n + 1, sizeof(double));
    s->rho = calloc(m, sizeof(double));
    s->hinv = calloc(nn, sizeof(double));
    s->hess = calloc(nn, sizeof(double));
    s->chol = calloc(nn, sizeof(double));
    s->work = calloc(3 * (size_t)n + 1, sizeof(double));
    return !(s->g && s->xn && s->gn && s->d && s->tmp && s->S && s->Y && s->rho && s->hinv &&
             s->hess && s->chol && s->work);
}

static void state_free(opt_state *s) {
    free(s->g); free(s->xn); free(s->gn); free(s->d); free(s->tmp);
    free(s->S); free(s->Y); free(s->rho); free(s->hinv); free(s->hess);
    free(s->chol); free(s->work);
}

static void report_iter(opt_state *s, int iter) {
    if (!s->p->on_iter) return;
    for (int i = 0; i < s->n; i++) s->tmp[i] = -s->g[i];
    s->p->on_iter(s->p->ctx, iter, s->x, -s->F, s->tmp);
}

/* Which stopping rule holds after a step from (Fprev, step length dx). */
static int stop_rule(opt_state *s, double Fprev, double dx, int iter) {
    const bm_opt_config *c = s->c;
    double dF = fabs(Fprev - s->F), eps = DBL_EPSILON;
    if (dF < c->tol_obj) return BM_OPT_ABS_OBJ;
    if (sqrt(la_dot(s->g, s->g, s->n)) < c->tol_grad) return BM_OPT_ABS_GRAD;
    if (dx < c->tol_param) return BM_OPT_ABS_PARAM;
    if (iter >= c->max_iter) return BM_OPT_MAX_ITER;
    if (dF / fmax(fabs(Fprev), fmax(fabs(s->F), 1.0)) < c->tol_rel_obj * eps)
        return BM_OPT_REL_OBJ;
    double ghg = -la_dot(s->g, s->d, s->n);
    if (!s->steepest && ghg / fmax(fabs(s->F), 1.0) < c->tol_rel_grad * eps)
        return BM_OPT_REL_GRAD;
    return -100;
}

/* One iteration: line search (retrying once along -G from a small step
 * when the quasi-Newton direction fails), then the move.  0 on success. */
static int step(opt_state *s, int first) {
    double alpha0 = s->steepest && s->c->algorithm != BM_OPT_NEWTON ? s->c->init_alpha : 1.0;
    if (first && s->c->algorithm != BM_OPT_NEWTON) alpha0 = s->c->init_alpha;
    if (line_search(s, alpha0) == 0) return 0;
    if (s->steepest) return 1;
    s->npairs = s->bfgs_updates = 0;
    for (int i = 0; i < s->n; i++) s->d[i] = -s->g[i];
    s->steepest = 1;
    return line_search(s, s->c->init_alpha);
}

static int run(opt_state *s, bm_opt_result *res) {
    int n = s->n;
    if (eval(s, s->x, &s->F, s->g)) return BM_OPT_INIT_FAILED;
    report_iter(s, 0);
    if (n == 0) return BM_OPT_ABS_GRAD;  /* nothing to optimise */
    if (s->c->max_iter <= 0) return BM_OPT_MAX_ITER;
    direction(s);
    for (int iter = 1;; iter++) {
        if (step(s, iter == 1)) return BM_OPT_LINE_SEARCH_FAILED;
        remember_pair(s);
        double Fprev = s->F, dx2 = 0;
        for (int i = 0; i < n; i++) dx2 += (s->xn[i] - s->x[i]) * (s->xn[i] - s->x[i]);
        memcpy(s->x, s->xn, n * sizeof(double));
        memcpy(s->g, s->gn, n * sizeof(double));
        s->F = s->Fn;
        res->iterations = iter;
        report_iter(s, iter);
        direction(s);
        int rule = stop_rule(s, Fprev, sqrt(dx2), iter);
        if (rule != -100) return rule;
    }
}

int bm_optimize(const bm_opt_config *c, const bm_opt_problem *p, double *x,
                bm_opt_result *res) {
    opt_state s;
    memset(res, 0, sizeof *res);
    if (c->history > 64 || state_alloc(&s, c, p, x)) {
        res->status = BM_OPT_NO_MEMORY;
        if (c->history <= 64) state_free(&s);
        return 1;
    }
    res->status = run(&s, res);
    res->f = -s.F;
    res->evaluations = s.evals;
    state_free(&s);
    return res->status < 0;
}

int bm_hessian_fd(const bm_opt_problem *p, const double *x, double h, double *hess,
                  double *work) {
    int n = p->n;
    double *xp = work, *gp = work + n, *gm = work + 2 * n, f;
    memcpy(xp, x, n * sizeof(double));
    for (int j = 0; j < n; j++) {
        double hj = h * fmax(1.0, fabs(x[j]));
        xp[j] = x[j] + hj;
        int bad = p->fn(p->ctx, xp, &f, gp);
        xp[j] = x[j] - hj;
        bad |= p->fn(p->ctx, xp, &f, gm);
        xp[j] = x[j];
        if (bad) return 1;
        for (int i = 0; i < n; i++) {
            hess[i * n + j] = (gp[i] - gm[i]) / (2 * hj);
            if (!isfinite(hess[i * n + j])) return 1;
        }
    }
    la_symmetrize(hess, n);
    return 0;
}
