/* compiler/lower_multi.c — multivariate densities and GLMs as IR.
 *
 * In:  a sampling statement or `target += NAME_lpdf(...)` whose density is
 * one of: multi_normal, multi_normal_cholesky, multi_normal_prec,
 * multi_student_t, multi_student_t_cholesky, dirichlet, lkj_corr,
 * lkj_corr_cholesky, wishart, inv_wishart, wishart_cholesky,
 * inv_wishart_cholesky, categorical, categorical_logit,
 * multinomial, multinomial_logit, ordered_logistic, ordered_probit,
 * multi_gp, multi_gp_cholesky, normal_id_glm, bernoulli_logit_glm,
 * poisson_log_glm, neg_binomial_2_log_glm, ordered_logistic_glm,
 * categorical_logit_glm, gaussian_dlm_obs (its Kalman filter is in
 * lower_dlm.c); and (lw_fill_*) the multivariate and categorical
 * draws.
 * Out: `target +=` statements (with the loops and temporaries they need)
 * at `cur`; the log density is written out as arithmetic so ad.c derives
 * its gradient.  Constant terms that depend only on data are dropped under
 * `~` / _lupdf (the BM_PROPTO run-time flag), as Stan does.
 * Never: checks more than Stan does, or fewer of the argument conditions
 * that make the density undefined (a Cholesky factor of a matrix that is
 * not positive definite rejects the draw with the function's name).
 */
#include <math.h>
#include <string.h>
#include "lower_int.h"
#include "model.h"

#define LOG_2PI 1.8378770664093454836
#define LOG_PI 1.1447298858494001741

typedef struct {
    lctx *c;
    const char *name;
    const expr **a;   /* y, then the parameters */
    int n;
    int propto;
    const expr *at;   /* for locations */
    const expr *nu;   /* multi_student_t: degrees of freedom */
    ir_var *acc;      /* NULL: target */
} dens;

/* ---- terms -------------------------------------------------------------- */

static void term(dens *d, ir_expr *v) { lw_add_term(d->c, d->acc, v, d->at->span); }

/* A term that only data decide: dropped when the statement is
 * proportional and the run asks for it (BM_PROPTO). */
static void const_term(dens *d, ir_expr *v, int data_only) {
    if (!d->propto || !data_only) {
        term(d, v);
        return;
    }
    ir_stmt *s = lw_if(d->c, ir_flags(d->c->a, BM_PROPTO), d->at);
    ir_block *saved = d->c->cur;
    d->c->cur = &s->els;
    term(d, v);
    d->c->cur = saved;
}

/* ---- argument checks ------------------------------------------------------ */

/* Rejects unless x is finite (neither NaN nor infinite). */
static void check_finite(lctx *c, const expr *at, ir_expr *x, const char *msg) {
    ir_expr *finite = ir_bin(c->a, OP_LT, lw_call(c, "fabs", 1, x, NULL), R(c, HUGE_VAL));
    lw_reject_if(c, ir_bin(c->a, OP_EQ, finite, I(c, 0)), at, msg);
}

/* Rejects unless the cut points cut[1..n] are finite and strictly
 * increasing (Stan's check_ordered and check_finite; a NaN fails both). */
static void check_cuts(lctx *c, const expr *at, const expr *cut, ir_expr *n, const char *fname) {
    ir_block *sk;
    ir_expr *k = lw_loop(c, I(c, 1), n, &sk, at);
    check_finite(c, at, lw_el1(c, cut, k), arena_printf(c->a, "%s: a cut point is not finite", fname));
    lw_loop_end(c, sk);
    k = lw_loop(c, I(c, 2), n, &sk, at);
    ir_expr *up = ir_bin(c->a, OP_GT, lw_el1(c, cut, k), lw_el1(c, cut, sub(c, k, I(c, 1))));
    lw_reject_if(c, ir_bin(c->a, OP_EQ, up, I(c, 0)), at,
                 arena_printf(c->a, "%s: the cut points are not in increasing order", fname));
    lw_loop_end(c, sk);
}

/* Rejects unless the sizes a and b agree, naming the density. */
static void glm_size_check(dens *d, ir_expr *a, ir_expr *b, const char *what) {
    lw_reject_if(d->c, ir_bin(d->c->a, OP_NE, a, b), d->at,
                 arena_printf(d->c->a, "%s: size mismatch (%s)", d->name, what));
}

/* ---- observations -------------------------------------------------------- */

static int rank_of(lctx *c, const expr *e) {
    ir_expr *dims[MAXD];
    return lw_shape(c, e, dims);
}

/* Number of observations of an argument whose single observation has rank
 * `unit` (0 scalar, 1 vector); NULL when it is a single observation. */
static ir_expr *obs_count(lctx *c, const expr *e, int unit) {
    return rank_of(c, e) > unit ? lw_dim(c, e, 0) : NULL;
}

/* The number of observations across xs[0..n) (a single observation of
 * xs[i] has rank units[i]), with size checks between those that are
 * arrays. */
static ir_expr *n_obs(dens *d, const expr **xs, const int *units, int n) {
    ir_expr *r = NULL;
    for (int i = 0; i < n; i++) {
        ir_expr *m = obs_count(d->c, xs[i], units[i]);
        if (m && r) lw_size_check(d->c, xs[i], r, m, "vectorised arguments have different lengths");
        if (m && !r) r = m;
    }
    return r ? r : ir_int(d->c->a, 1);
}

/* Element k of observation n of a vector / array of vectors argument. */
static ir_expr *vec_el(lctx *c, const expr *x, ir_expr *n, ir_expr *k) {
    int r = rank_of(c, x);
    if (r == 0) return lw_scalar(c, x);
    if (r == 1) return lw_el1(c, x, k);
    return lw_el2(c, x, n, k);
}

/* Observation n of a scalar / 1-d argument. */
static ir_expr *sc_el(lctx *c, const expr *x, ir_expr *n) {
    return rank_of(c, x) == 0 ? lw_scalar(c, x) : lw_el1(c, x, n);
}

static ir_expr *n_times(lctx *c, ir_expr *n, ir_expr *x) { return mul(c, realv(c, n), x); }

/* sum_{i<=n} log L[i, i] of a temporary or an expression. */
static ir_var *log_diag_sum(dens *d, const expr *Le, ir_var *Lv, ir_expr *n) {
    lctx *c = d->c;
    ir_var *s = lw_temp(c, d->at, 0, 0, NULL);
    lw_set(c, s, NULL, R(c, 0), d->at);
    ir_block *sv;
    ir_expr *i = lw_loop(c, I(c, 1), n, &sv, d->at);
    ir_expr *lii = Lv ? lw_get(c, Lv, ix2(c, i, i)) : lw_el2(c, Le, i, i);
    lw_set(c, s, NULL, add(c, lw_get0(c, s), lg(c, lii)), d->at);
    lw_loop_end(c, sv);
    return s;
}

/* ---- multivariate normal and Student-t ------------------------------------------ */

/* q = |L^-1 (y_n - mu_n)|^2 for each observation; calls per_obs with it. */
typedef void (*per_obs_fn)(dens *d, ir_expr *q, ir_expr *K);

static void mahalanobis(dens *d, const expr *y, const expr *mu, tri L, ir_expr *K, ir_expr *N,
                        per_obs_fn per_obs) {
    lctx *c = d->c;
    ir_expr *dk[1] = {K};
    ir_var *r = lw_temp(c, d->at, 0, 1, dk), *z = lw_temp(c, d->at, 0, 1, dk);
    ir_var *q = lw_temp(c, d->at, 0, 0, NULL);
    ir_block *sn, *sk;
    ir_expr *n = lw_loop(c, I(c, 1), N, &sn, d->at);
    /* r, z and q belong to one observation: scoped to its loop, so that
     * ad.c fuses the loop (no pushes, nothing stored across observations) */
    r->scope = z->scope = q->scope = sn->items[sn->n - 1];
    ir_expr *k = lw_loop(c, I(c, 1), K, &sk, d->at);
    lw_set(c, r, ix1(c, k), sub(c, vec_el(c, y, n, k), vec_el(c, mu, n, k)), d->at);
    lw_loop_end(c, sk);
    lw_tri_solve_col(c, d->at, z, NULL, L, K, (rhs_src){NULL, r, 0});
    lw_set(c, q, NULL, R(c, 0), d->at);
    ir_expr *k2 = lw_loop(c, I(c, 1), K, &sk, d->at);
    lw_set(c, q, NULL, add(c, lw_get0(c, q), sq(c, lw_get(c, z, ix1(c, k2)))), d->at);
    lw_loop_end(c, sk);
    per_obs(d, lw_get0(c, q), K);
    lw_loop_end(c, sn);
}

static void normal_obs(dens *d, ir_expr *q, ir_expr *K) {
    (void)K;
    term(d, mul(d->c, R(d->c, -0.5), q));
}

static void student_obs(dens *d, ir_expr *q, ir_expr *K) {
    lctx *c = d->c;
    ir_expr *nu = lw_scalar(c, d->nu);
    ir_expr *half = mul(c, R(c, 0.5), add(c, nu, realv(c, K)));
    ir_expr *l1p = lw_call(c, "log1p", 1, dvd(c, q, nu), NULL);
    term(d, mul(c, R(c, -1), mul(c, half, l1p)));
}

/* The shared part of the four normal / Student-t forms: L is the Cholesky
 * factor (an argument or computed); nu NULL for the normal. */
static void mvn_like(dens *d, const expr *y, const expr *mu, tri L, const expr *nu) {
    lctx *c = d->c;
    ir_expr *K = L.e ? lw_dim(c, L.e, 0) : L.v->dims[0];
    int units[2] = {1, 1};
    const expr *ym[2] = {y, mu};
    ir_expr *N = n_obs(d, ym, units, 2);
    ir_expr *ky[MAXD];
    int ry = lw_shape(c, y, ky);
    if (ry) lw_size_check(c, d->at, ky[ry - 1], K, "the vector and the matrix differ in size");
    d->nu = nu;
    mahalanobis(d, y, mu, L, K, N, nu ? student_obs : normal_obs);
    ir_var *ld = log_diag_sum(d, L.e, L.v, K);
    term(d, n_times(c, N, mul(c, R(c, -1), lw_get0(c, ld))));
    if (!nu) {
        const_term(d, n_times(c, N, mul(c, realv(c, K), R(c, -0.5 * LOG_2PI))), 1);
        return;
    }
    ir_expr *v = lw_scalar(c, nu), *kr = realv(c, K);
    ir_expr *t = sub(c, lw_call(c, "lgamma", 1, mul(c, R(c, 0.5), add(c, v, kr)), NULL),
                     lw_call(c, "lgamma", 1, mul(c, R(c, 0.5), v), NULL));
    t = sub(c, t, mul(c, mul(c, R(c, 0.5), kr), add(c, lg(c, v), R(c, LOG_PI))));
    const_term(d, n_times(c, N, t), lw_ast_data_only(nu));
}

static void multi_normal_cholesky(dens *d) { mvn_like(d, d->a[0], d->a[1], (tri){d->a[2], NULL, 0}, NULL); }

static void multi_normal(dens *d) {
    ir_var *L = lw_cholesky(d->c, d->a[2], d->a[2]);
    mvn_like(d, d->a[0], d->a[1], (tri){NULL, L, 0}, NULL);
}

static void multi_student_t_cholesky(dens *d) {
    mvn_like(d, d->a[0], d->a[2], (tri){d->a[3], NULL, 0}, d->a[1]);
}

static void multi_student_t(dens *d) {
    ir_var *L = lw_cholesky(d->c, d->a[3], d->a[3]);
    mvn_like(d, d->a[0], d->a[2], (tri){NULL, L, 0}, d->a[1]);
}

/* multi_normal_prec(y | mu, Omega) = 0.5 log|Omega| - 0.5 r' Omega r. */
static void multi_normal_prec(dens *d) {
    lctx *c = d->c;
    const expr *y = d->a[0], *mu = d->a[1], *W = d->a[2];
    ir_expr *K = lw_dim(c, W, 0);
    int units[2] = {1, 1};
    ir_expr *N = n_obs(d, d->a, units, 2);
    ir_var *L = lw_cholesky(c, W, W);
    ir_var *ld = log_diag_sum(d, NULL, L, K);
    term(d, n_times(c, N, lw_get0(c, ld)));
    ir_block *sn, *si, *sj;
    ir_expr *n = lw_loop(c, I(c, 1), N, &sn, d->at);
    ir_expr *i = lw_loop(c, I(c, 1), K, &si, d->at);
    ir_expr *j = lw_loop(c, I(c, 1), K, &sj, d->at);
    ir_expr *ri = sub(c, vec_el(c, y, n, i), vec_el(c, mu, n, i));
    ir_expr *rj = sub(c, vec_el(c, y, n, j), vec_el(c, mu, n, j));
    term(d, mul(c, R(c, -0.5), mul(c, ri, mul(c, lw_el2(c, W, i, j), rj))));
    lw_loop_end(c, sj);
    lw_loop_end(c, si);
    lw_loop_end(c, sn);
    const_term(d, n_times(c, N, mul(c, realv(c, K), R(c, -0.5 * LOG_2PI))), 1);
}

/* ---- simplex and correlation densities --------------------------------------- */

static void dirichlet(dens *d) {
    lctx *c = d->c;
    const expr *th = d->a[0], *al = d->a[1];
    int units[2] = {1, 1};
    ir_expr *N = n_obs(d, d->a, units, 2), *K = lw_dim(c, th, rank_of(c, th) - 1);
    ir_var *s = lw_temp(c, d->at, 0, 0, NULL), *g = lw_temp(c, d->at, 0, 0, NULL);
    ir_block *sn, *sk;
    ir_expr *n = lw_loop(c, I(c, 1), N, &sn, d->at);
    lw_set(c, s, NULL, R(c, 0), d->at);
    lw_set(c, g, NULL, R(c, 0), d->at);
    ir_expr *k = lw_loop(c, I(c, 1), K, &sk, d->at);
    ir_expr *a = vec_el(c, al, n, k);
    lw_set(c, s, NULL, add(c, lw_get0(c, s), a), d->at);
    lw_set(c, g, NULL, add(c, lw_get0(c, g), lw_call(c, "lgamma", 1, a, NULL)), d->at);
    term(d, mul(c, sub(c, a, R(c, 1)), lg(c, vec_el(c, th, n, k))));
    lw_loop_end(c, sk);
    const_term(d, sub(c, lw_call(c, "lgamma", 1, lw_get0(c, s), NULL), lw_get0(c, g)),
               lw_ast_data_only(al));
    lw_loop_end(c, sn);
}

/* log of the LKJ normalising constant, -log c_K(eta) (Lewandowski,
 * Kurowicka & Joe 2009): c_K = prod_{i<K} 2^{(2 eta - 2 + K - i)(K - i)}
 * B(b_i, b_i)^{K - i}, b_i = eta + (K - i - 1) / 2. */
static void lkj_constant(dens *d, ir_expr *eta, ir_expr *K, int data_only) {
    lctx *c = d->c;
    ir_var *s = lw_temp(c, d->at, 0, 0, NULL);
    lw_set(c, s, NULL, R(c, 0), d->at);
    ir_block *si;
    ir_expr *i = lw_loop(c, I(c, 1), sub(c, K, I(c, 1)), &si, d->at);
    ir_expr *km = realv(c, sub(c, K, i));
    ir_expr *b = add(c, eta, mul(c, R(c, 0.5), sub(c, km, R(c, 1))));
    ir_expr *lbeta = sub(c, mul(c, R(c, 2), lw_call(c, "lgamma", 1, b, NULL)),
                         lw_call(c, "lgamma", 1, mul(c, R(c, 2), b), NULL));
    ir_expr *pw = mul(c, add(c, sub(c, mul(c, R(c, 2), eta), R(c, 2)), km), km);
    lw_set(c, s, NULL, sub(c, lw_get0(c, s), add(c, mul(c, pw, R(c, M_LN2)), mul(c, km, lbeta))), d->at);
    lw_loop_end(c, si);
    const_term(d, lw_get0(c, s), data_only);
}

static void lkj_corr_cholesky(dens *d) {
    lctx *c = d->c;
    const expr *L = d->a[0];
    ir_expr *K = lw_dim(c, L, 0), *eta = lw_scalar(c, d->a[1]);
    lw_check_square(c, L, L);
    ir_block *sk;
    ir_expr *k = lw_loop(c, I(c, 2), K, &sk, d->at);
    ir_expr *w = add(c, realv(c, sub(c, K, k)), sub(c, mul(c, R(c, 2), eta), R(c, 2)));
    term(d, mul(c, w, lg(c, lw_el2(c, L, k, k))));
    lw_loop_end(c, sk);
    lkj_constant(d, lw_scalar(c, d->a[1]), K, lw_ast_data_only(d->a[1]));
}

static void lkj_corr(dens *d) {
    lctx *c = d->c;
    ir_expr *K = lw_dim(c, d->a[0], 0);
    ir_var *L = lw_cholesky(c, d->a[0], d->a[0]);
    ir_var *ld = log_diag_sum(d, NULL, L, K);
    term(d, mul(c, sub(c, lw_scalar(c, d->a[1]), R(c, 1)), mul(c, R(c, 2), lw_get0(c, ld))));
    lkj_constant(d, lw_scalar(c, d->a[1]), K, lw_ast_data_only(d->a[1]));
}

/* ---- Wishart ----------------------------------------------------------------- */

/* log multivariate gamma: K(K-1)/4 log(pi) + sum_j lgamma(x + (1 - j)/2). */
static ir_expr *lmgamma(dens *d, ir_expr *K, ir_expr *x) {
    lctx *c = d->c;
    ir_var *s = lw_temp(c, d->at, 0, 0, NULL);
    ir_expr *kr = realv(c, K);
    lw_set(c, s, NULL, mul(c, mul(c, kr, sub(c, kr, R(c, 1))), R(c, 0.25 * LOG_PI)), d->at);
    ir_block *sj;
    ir_expr *j = lw_loop(c, I(c, 1), K, &sj, d->at);
    ir_expr *arg = add(c, x, mul(c, R(c, 0.5), realv(c, sub(c, I(c, 1), j))));
    lw_set(c, s, NULL, add(c, lw_get0(c, s), lw_call(c, "lgamma", 1, arg, NULL)), d->at);
    lw_loop_end(c, sj);
    return lw_get0(c, s);
}

/* trace(A^-1 B) with A = LA LA' given by its Cholesky temporary. */
static ir_expr *trace_solve(dens *d, ir_var *LA, const expr *B, ir_expr *K) {
    lctx *c = d->c;
    ir_expr *dd[2] = {K, K};
    ir_var *z = lw_temp(c, d->at, 0, 2, dd), *x = lw_temp(c, d->at, 0, 2, dd);
    lw_tri_solve(c, d->at, z, (tri){NULL, LA, 0}, (rhs_src){B, NULL, 0});
    lw_tri_solve(c, d->at, x, (tri){NULL, LA, 1}, (rhs_src){NULL, z, 0});
    ir_var *t = lw_temp(c, d->at, 0, 0, NULL);
    lw_set(c, t, NULL, R(c, 0), d->at);
    ir_block *si;
    ir_expr *i = lw_loop(c, I(c, 1), K, &si, d->at);
    lw_set(c, t, NULL, add(c, lw_get0(c, t), lw_get(c, x, ix2(c, i, i))), d->at);
    lw_loop_end(c, si);
    return lw_get0(c, t);
}

/* wishart(W | nu, S) and inv_wishart(W | nu, S). */
static void wishart_like(dens *d, int inverse) {
    lctx *c = d->c;
    const expr *W = d->a[0], *S = d->a[2];
    ir_expr *K = lw_dim(c, W, 0), *nu = lw_scalar(c, d->a[1]), *kr = realv(c, K);
    ir_var *LW = lw_cholesky(c, W, W), *LS = lw_cholesky(c, S, S);
    ir_expr *ldW = mul(c, R(c, 2), lw_get0(c, log_diag_sum(d, NULL, LW, K)));
    ir_expr *ldS = mul(c, R(c, 2), lw_get0(c, log_diag_sum(d, NULL, LS, K)));
    ir_expr *tr = inverse ? trace_solve(d, LW, S, K) : trace_solve(d, LS, W, K);
    ir_expr *half_nu = mul(c, R(c, 0.5), nu);
    if (inverse) {
        term(d, mul(c, mul(c, R(c, -0.5), add(c, add(c, nu, kr), R(c, 1))), ldW));
        term(d, mul(c, half_nu, ldS));
    } else {
        term(d, mul(c, mul(c, R(c, 0.5), sub(c, sub(c, nu, kr), R(c, 1))), ldW));
        term(d, mul(c, R(c, -1), mul(c, half_nu, ldS)));
    }
    term(d, mul(c, R(c, -0.5), tr));
    ir_expr *cst = add(c, mul(c, mul(c, half_nu, kr), R(c, M_LN2)), lmgamma(d, K, half_nu));
    const_term(d, mul(c, R(c, -1), cst), lw_ast_data_only(d->a[1]));
}

static void wishart(dens *d) { wishart_like(d, 0); }
static void inv_wishart(dens *d) { wishart_like(d, 1); }

/* Rejects unless nu > K - 1 (fname: the function, for the message). */
static void check_dof(lctx *c, const expr *at, ir_expr *nu, ir_expr *K, const char *fname) {
    lw_reject_if(c, ir_bin(c->a, OP_LE, nu, realv(c, sub(c, K, I(c, 1)))), at,
                 arena_printf(c->a, "%s: nu must be greater than K - 1", fname));
}

/* Rejects unless the K x K matrix L is a Cholesky factor: a positive
 * diagonal and, with `lower`, zeros above it (Stan's check_cholesky_factor;
 * without `lower` the upper triangle is ignored). */
static void check_chol_factor(lctx *c, const expr *at, const expr *L, ir_expr *K, const char *fname,
                              const char *what, int lower) {
    const char *msg = arena_printf(c->a, "%s: %s is not a Cholesky factor (%s)", fname, what,
                                   lower ? "lower triangular with a positive diagonal"
                                         : "the diagonal is not positive");
    ir_block *si, *sj;
    ir_expr *i = lw_loop(c, I(c, 1), K, &si, at);
    lw_reject_if(c, ir_bin(c->a, OP_LE, lw_el2(c, L, i, i), R(c, 0)), at, msg);
    if (lower) {
        ir_expr *j = lw_loop(c, add(c, i, I(c, 1)), K, &sj, at);
        lw_reject_if(c, ir_bin(c->a, OP_NE, lw_el2(c, L, i, j), R(c, 0)), at, msg);
        lw_loop_end(c, sj);
    }
    lw_loop_end(c, si);
}

/* The checks of the Cholesky-parameterised Wishart forms: L_S (and L_W
 * for the densities) square Cholesky factors of one size K (L_S only its
 * diagonal unless `lower`), nu > K - 1. */
static void check_wishart_cholesky(lctx *c, const expr *at, const char *fname, const expr *LW,
                                   ir_expr *nu, const expr *LS, ir_expr *K, int lower) {
    lw_check_square(c, at, LS);
    lw_size_check(c, at, lw_dim(c, LS, 0), K, "L_W and L_S differ in size");
    if (LW) lw_check_square(c, at, LW);
    check_dof(c, at, nu, K, fname);
    if (LW) check_chol_factor(c, at, LW, K, fname, "L_W", 1);
    check_chol_factor(c, at, LS, K, fname, "L_S", lower);
}

/* wishart_cholesky(L_W | nu, L_S) and inv_wishart_cholesky(L_W | nu, L_S):
 * the (inverse) Wishart density of W = L_W L_W' given S = L_S L_S', times
 * the Jacobian of L_W -> W, log|J| = K log 2 + sum_k (K - k + 1) log L_W[k, k]
 * (Stan's functions reference; Muirhead 2005, theorem 2.1.9).  With
 * log|W| = 2 sum_k log L_W[k, k] the L_W terms collect to
 *   sum_k (nu - k) log L_W[k, k]       (Wishart: (nu - K - 1) / 2 log|W|)
 *  -sum_k (nu + k) log L_W[k, k]       (inverse: -(nu + K + 1) / 2 log|W|),
 * the trace to |L_S^-1 L_W|_F^2 (tr(S^-1 W)) or |L_W^-1 L_S|_F^2 (tr(S W^-1)),
 * and the constants to K log 2 (1 - nu / 2) - log Gamma_K(nu / 2), the only
 * term that `~` / _lupdf drop (when nu is data; Stan keeps nu log|L_S|
 * whenever anything is a parameter). */
static void wishart_cholesky_like(dens *d, int inverse) {
    lctx *c = d->c;
    const expr *LW = d->a[0], *LS = d->a[2];
    ir_expr *K = lw_dim(c, LW, 0), *nu = lw_scalar(c, d->a[1]), *dd[2] = {K, K};
    check_wishart_cholesky(c, d->at, d->name, LW, nu, LS, K, 1);
    ir_var *Z = lw_temp(c, d->at, 0, 2, dd), *ss = lw_temp(c, d->at, 0, 0, NULL);
    lw_tri_solve(c, d->at, Z, (tri){inverse ? LW : LS, NULL, 0}, (rhs_src){inverse ? LS : LW, NULL, 0});
    lw_set(c, ss, NULL, R(c, 0), d->at);
    ir_block *si, *sj;
    ir_expr *i = lw_loop(c, I(c, 1), K, &si, d->at);
    ir_expr *j = lw_loop(c, I(c, 1), i, &sj, d->at);
    lw_set(c, ss, NULL, add(c, lw_get0(c, ss), sq(c, lw_get(c, Z, ix2(c, i, j)))), d->at);
    lw_loop_end(c, sj);
    lw_loop_end(c, si);
    term(d, mul(c, R(c, -0.5), lw_get0(c, ss)));
    ir_expr *k = lw_loop(c, I(c, 1), K, &si, d->at);
    ir_expr *w = inverse ? mul(c, R(c, -1), add(c, nu, realv(c, k))) : sub(c, nu, realv(c, k));
    term(d, mul(c, w, lg(c, lw_el2(c, LW, k, k))));
    lw_loop_end(c, si);
    ir_expr *ldS = lw_get0(c, log_diag_sum(d, LS, NULL, K));
    term(d, mul(c, inverse ? nu : mul(c, R(c, -1), nu), ldS)); /* kept under propto, as Stan */
    ir_expr *half_nu = mul(c, R(c, 0.5), nu);
    ir_expr *cst = mul(c, mul(c, realv(c, K), R(c, M_LN2)), sub(c, R(c, 1), half_nu));
    const_term(d, sub(c, cst, lmgamma(d, K, half_nu)), lw_ast_data_only(d->a[1]));
}

static void wishart_cholesky(dens *d) { wishart_cholesky_like(d, 0); }
static void inv_wishart_cholesky(dens *d) { wishart_cholesky_like(d, 1); }

/* ---- multivariate Gaussian processes ------------------------------------------- */

/* multi_gp(y | Sigma, w) = sum_i multi_normal(y[i] | 0, Sigma / w[i]) over
 * the K rows of the K x N matrix y (Stan's functions reference), with
 * Sigma = L L':
 *   -K N / 2 log(2 pi) - K sum_j log L[j, j] + N / 2 sum_i log w[i]
 *   - 1/2 sum_i w[i] |L^-1 y[i]'|^2.
 * L is the argument (multi_gp_cholesky) or the Cholesky factor of Sigma
 * (multi_gp: rejects a Sigma that is not symmetric positive definite).
 * Checks as Stan: sizes, y finite, w positive and finite; Sigma finite with
 * N > 0, or L a Cholesky factor.  `~` drops the terms of data only. */
static void multi_gp_like(dens *d, int chol) {
    lctx *c = d->c;
    const expr *y = d->a[0], *S = d->a[1], *w = d->a[2];
    ir_expr *K = lw_dim(c, y, 0), *N = lw_dim(c, S, 0), *nd[1] = {N};
    expr at = *d->at;  /* y's location, the density's name for the messages */
    at.name = d->name;
    lw_check_square(c, &at, S);
    glm_size_check(d, lw_dim(c, w, 0), K, "the rows of y and w differ");
    glm_size_check(d, lw_dim(c, y, 1), N, "the columns of y and the rows of the kernel differ");
    ir_block *si, *sj;
    ir_expr *i = lw_loop(c, I(c, 1), K, &si, d->at);
    ir_expr *wi = lw_el1(c, w, i);
    lw_reject_if(c, ir_bin(c->a, OP_LE, wi, R(c, 0)), d->at,
                 arena_printf(c->a, "%s: a kernel scale w is not positive", d->name));
    check_finite(c, d->at, wi, arena_printf(c->a, "%s: a kernel scale w is not finite", d->name));
    ir_expr *j = lw_loop(c, I(c, 1), N, &sj, d->at);
    check_finite(c, d->at, lw_el2(c, y, i, j), arena_printf(c->a, "%s: y is not finite", d->name));
    lw_loop_end(c, sj);
    lw_loop_end(c, si);
    tri L;
    if (chol) {
        check_chol_factor(c, d->at, S, N, d->name, "L", 1);
        L = (tri){S, NULL, 0};
    } else {
        lw_reject_if(c, ir_bin(c->a, OP_LT, N, I(c, 1)), d->at,
                     arena_printf(c->a, "%s: the kernel has no rows", d->name));
        i = lw_loop(c, I(c, 1), N, &si, d->at);
        j = lw_loop(c, I(c, 1), N, &sj, d->at);
        check_finite(c, d->at, lw_el2(c, S, i, j), arena_printf(c->a, "%s: Sigma is not finite", d->name));
        lw_loop_end(c, sj);
        lw_loop_end(c, si);
        L = (tri){NULL, lw_cholesky(c, &at, S), 0};
    }
    int dS = lw_ast_data_only(S), dw = lw_ast_data_only(w);
    ir_expr *kr = realv(c, K), *nr = realv(c, N);
    const_term(d, mul(c, mul(c, kr, nr), R(c, -0.5 * LOG_2PI)), 1);
    ir_var *ld = log_diag_sum(d, L.e, L.v, N);
    const_term(d, mul(c, R(c, -1), mul(c, kr, lw_get0(c, ld))), dS);
    ir_var *r = lw_temp(c, d->at, 0, 1, nd), *z = lw_temp(c, d->at, 0, 1, nd);
    ir_var *q = lw_temp(c, d->at, 0, 0, NULL);
    i = lw_loop(c, I(c, 1), K, &si, d->at);
    r->scope = z->scope = q->scope = si->items[si->n - 1];  /* one row's: the loop fuses */
    const_term(d, mul(c, mul(c, R(c, 0.5), nr), lg(c, lw_el1(c, w, i))), dw);
    j = lw_loop(c, I(c, 1), N, &sj, d->at);
    lw_set(c, r, ix1(c, j), lw_el2(c, y, i, j), d->at);
    lw_loop_end(c, sj);
    lw_tri_solve_col(c, d->at, z, NULL, L, N, (rhs_src){NULL, r, 0});
    lw_set(c, q, NULL, R(c, 0), d->at);
    j = lw_loop(c, I(c, 1), N, &sj, d->at);
    lw_set(c, q, NULL, add(c, lw_get0(c, q), sq(c, lw_get(c, z, ix1(c, j)))), d->at);
    lw_loop_end(c, sj);
    const_term(d, mul(c, R(c, -0.5), mul(c, lw_el1(c, w, i), lw_get0(c, q))),
               dS && dw && lw_ast_data_only(y));
    lw_loop_end(c, si);
}

static void multi_gp(dens *d) { multi_gp_like(d, 0); }
static void multi_gp_cholesky(dens *d) { multi_gp_like(d, 1); }

/* ---- categorical and multinomial ------------------------------------------------ */

static ir_var *lse_of(dens *d, const expr *v) {
    ir_var *s = lw_temp(d->c, d->at, 0, 0, NULL);
    lw_log_sum_exp_into(d->c, d->at, v, s);
    return s;
}

static void categorical_like(dens *d, int logit) {
    lctx *c = d->c;
    const expr *y = d->a[0], *th = d->a[1];
    ir_expr *K = lw_dim(c, th, 0);
    ir_expr *N = rank_of(c, y) ? lw_dim(c, y, 0) : I(c, 1);
    ir_block *sn;
    ir_expr *n = lw_loop(c, I(c, 1), N, &sn, d->at);
    ir_expr *yn = sc_el(c, y, n);
    lw_reject_if(c, ir_bin(c->a, OP_OR, ir_bin(c->a, OP_LT, yn, I(c, 1)), ir_bin(c->a, OP_GT, yn, K)),
                 d->at, arena_printf(c->a, "%s: outcome out of range 1..K", d->name));
    ir_expr *v = lw_el1(c, th, sc_el(c, y, n));
    term(d, logit ? v : lg(c, v));
    lw_loop_end(c, sn);
    if (logit) term(d, n_times(c, N, mul(c, R(c, -1), lw_get0(c, lse_of(d, th)))));
}

static void categorical(dens *d) { categorical_like(d, 0); }
static void categorical_logit(dens *d) { categorical_like(d, 1); }

static void multinomial_like(dens *d, int logit) {
    lctx *c = d->c;
    const expr *y = d->a[0], *th = d->a[1];
    ir_expr *K = lw_dim(c, th, 0);
    lw_size_check(c, d->at, lw_dim(c, y, 0), K, "counts and probabilities differ in length");
    ir_var *lse = logit ? lse_of(d, th) : NULL;
    ir_var *tot = lw_temp(c, d->at, 1, 0, NULL), *g = lw_temp(c, d->at, 0, 0, NULL);
    lw_set(c, tot, NULL, I(c, 0), d->at);
    lw_set(c, g, NULL, R(c, 0), d->at);
    ir_block *sk;
    ir_expr *k = lw_loop(c, I(c, 1), K, &sk, d->at);
    ir_expr *yk = lw_el1(c, y, k), *tk = lw_el1(c, th, k);
    lw_reject_if(c, ir_bin(c->a, OP_LT, yk, I(c, 0)), d->at,
                 arena_printf(c->a, "%s: a count is negative", d->name));
    lw_set(c, tot, NULL, add(c, lw_get0(c, tot), yk), d->at);
    lw_set(c, g, NULL, add(c, lw_get0(c, g), lw_call(c, "lgamma", 1, realv(c, add(c, yk, I(c, 1))), NULL)), d->at);
    term(d, mul(c, realv(c, yk), logit ? sub(c, tk, lw_get0(c, lse)) : lg(c, tk)));
    lw_loop_end(c, sk);
    ir_expr *n1 = realv(c, add(c, lw_get0(c, tot), I(c, 1)));
    const_term(d, sub(c, lw_call(c, "lgamma", 1, n1, NULL), lw_get0(c, g)), 1);
}

static void multinomial(dens *d) { multinomial_like(d, 0); }
static void multinomial_logit(dens *d) { multinomial_like(d, 1); }

/* ---- ordinal regression ------------------------------------------------------------ */

/* P(y = k) = F(c_k - eta) - F(c_{k-1} - eta) with F logistic or normal. */
static ir_expr *ord_cdf(dens *d, ir_expr *x, int probit) {
    if (!probit) return ir_intrin1(d->c->a, II_INV_LOGIT, x);
    return lw_call(d->c, "Phi", 1, x, NULL);
}

static void ordered_like(dens *d, int probit) {
    lctx *c = d->c;
    const expr *y = d->a[0], *eta = d->a[1], *cut = d->a[2];
    int units[3] = {0, 0, 1};
    ir_expr *N = n_obs(d, d->a, units, 3);
    ir_expr *Km1 = lw_dim(c, cut, rank_of(c, cut) - 1);
    ir_block *sn, *sk;
    ir_expr *n = lw_loop(c, I(c, 1), N, &sn, d->at);
    ir_expr *k2 = lw_loop(c, I(c, 2), Km1, &sk, d->at);
    lw_reject_if(c, ir_bin(c->a, OP_LE, vec_el(c, cut, n, k2), vec_el(c, cut, n, sub(c, k2, I(c, 1)))),
                 d->at, arena_printf(c->a, "%s: the cut points are not in increasing order", d->name));
    lw_loop_end(c, sk);
    ir_expr *yn = sc_el(c, y, n), *en = sc_el(c, eta, n);
    lw_reject_if(c, ir_bin(c->a, OP_OR, ir_bin(c->a, OP_LT, yn, I(c, 1)),
                           ir_bin(c->a, OP_GT, yn, add(c, Km1, I(c, 1)))),
                 d->at, arena_printf(c->a, "%s: outcome out of range 1..K", d->name));
    ir_expr *hi = sub(c, vec_el(c, cut, n, yn), en);                 /* c_k - eta */
    ir_expr *lo = sub(c, vec_el(c, cut, n, sub(c, yn, I(c, 1))), en); /* c_{k-1} - eta */
    ir_expr *one = ord_cdf(d, hi, probit);
    if (!one) {
        lw_bad(c, d->at, "ordered_probit (needs Phi)");
        lw_loop_end(c, sn);
        return;
    }
    ir_stmt *first = lw_if(c, ir_bin(c->a, OP_EQ, yn, I(c, 1)), d->at);
    ir_block *in = c->cur;
    c->cur = &first->body;
    term(d, probit ? lg(c, one) : ir_intrin1(c->a, II_LOG_INV_LOGIT, hi));
    c->cur = &first->els;
    ir_stmt *last = lw_if(c, ir_bin(c->a, OP_EQ, yn, add(c, Km1, I(c, 1))), d->at);
    c->cur = &last->body;
    term(d, probit ? lg(c, sub(c, R(c, 1), ord_cdf(d, lo, probit)))
                   : ir_intrin1(c->a, II_LOG1M_INV_LOGIT, lo));
    c->cur = &last->els;
    term(d, lg(c, sub(c, ord_cdf(d, hi, probit), ord_cdf(d, lo, probit))));
    c->cur = in;
    lw_loop_end(c, sn);
}

static void ordered_logistic(dens *d) { ordered_like(d, 0); }
static void ordered_probit(dens *d) { ordered_like(d, 1); }

/* ---- GLMs ---------------------------------------------------------------------- */

/* For each row n: eta = alpha_n + x[n] . beta; target += base(y_n | eta, extra). */
static void glm(dens *d, const char *base) {
    lctx *c = d->c;
    const expr *y = d->a[0], *x = d->a[1], *alpha = d->a[2], *beta = d->a[3];
    const expr *extra = d->n > 4 ? d->a[4] : NULL;
    ir_expr *N = lw_is_mat(x) ? lw_dim(c, x, 0) : I(c, 1);
    if (rank_of(c, y)) lw_size_check(c, d->at, lw_dim(c, y, 0), N, "y and the rows of x differ");
    ir_expr *K = lw_dim(c, beta, 0);
    lw_size_check(c, d->at, lw_dim(c, x, lw_is_mat(x) ? 1 : 0), K, "columns of x and beta differ");
    ir_var *eta = lw_temp(c, d->at, 0, 0, NULL);
    ir_block *sn;
    ir_expr *n = lw_loop(c, I(c, 1), N, &sn, d->at);
    lw_dot_into(c, d->at, eta, NULL, K, x, n, beta, I(c, 1));
    ir_expr *mu = add(c, sc_el(c, alpha, n), lw_get0(c, eta));
    ir_expr *args[3] = {sc_el(c, y, n), mu, extra ? sc_el(c, extra, n) : NULL};
    ir_expr *dn = lw_dens(c, base, d->propto, d->at->span, extra ? 3 : 2, args);
    if (!dn) lw_bad(c, d->at, arena_printf(c->a, "%s (needs %s)", d->name, base));
    else term(d, dn);
    lw_loop_end(c, sn);
}

static void normal_id_glm(dens *d) { glm(d, "normal"); }
static void bernoulli_logit_glm(dens *d) { glm(d, "bernoulli_logit"); }
static void poisson_log_glm(dens *d) { glm(d, "poisson_log"); }
static void neg_binomial_2_log_glm(dens *d) { glm(d, "neg_binomial_2_log"); }

/* The shared shape of the ordinal and categorical GLMs (Stan's
 * ordered_logistic_glm_lpmf / categorical_logit_glm_lpmf): x a matrix (one
 * row per observation) or a row_vector used for every observation, y an
 * int used for every observation or an array of ints, one per observation.
 * The number of observations: rows of x, or the size of y with a
 * row_vector x (size and y's size checked against the rows of x). */
static ir_expr *glm_rows(dens *d, const expr *y, const expr *x) {
    lctx *c = d->c;
    if (!lw_is_mat(x)) return rank_of(c, y) ? lw_dim(c, y, 0) : I(c, 1);
    ir_expr *N = lw_dim(c, x, 0);
    if (rank_of(c, y)) glm_size_check(d, lw_dim(c, y, 0), N, "y and the rows of x differ");
    return N;
}

/* eta = x[row] . beta into the scalar temporary eta. */
static void ord_glm_eta(dens *d, ir_var *eta, ir_expr *K, ir_expr *row) {
    lctx *c = d->c;
    const expr *x = d->a[1], *beta = d->a[2];
    lw_dot_into(c, d->at, eta, NULL, K, x, row, beta, I(c, 1));
    ir_stmt *any = lw_if(c, ir_bin(c->a, OP_GT, lw_dim(c, d->a[3], 0), I(c, 0)), d->at);
    ir_block *in = c->cur;
    c->cur = &any->body;
    check_finite(c, d->at, lw_get0(c, eta), arena_printf(c->a, "%s: x * beta is not finite", d->name));
    c->cur = in;
}

/* term(v) when `when` holds (at cur). */
static void term_if(dens *d, ir_expr *when, ir_expr *v, int data_only) {
    ir_stmt *s = lw_if(d->c, when, d->at);
    ir_block *in = d->c->cur;
    d->c->cur = &s->body;
    const_term(d, v, data_only);
    d->c->cur = in;
}

/* ordered_logistic_glm(y | x, beta, cuts) = sum_n ordered_logistic(y_n |
 * x_n . beta, cuts).  With K = size(cuts) + 1 classes, log P(y = k) is
 *   log_inv_logit(c_k - eta)           if k < K
 * + log1m_inv_logit(c_{k-1} - eta)     if k > 1
 * + log1m_exp(c_{k-1} - c_k)           if 1 < k < K
 * (inv_logit(a) - inv_logit(b) = inv_logit(a) inv_logit(-b) (1 - e^(b - a))),
 * accurate in both tails.  Checks as Stan: sizes, 1 <= y <= K, the cut
 * points finite and strictly increasing, x * beta finite; nothing is kept
 * under `~` when x, beta and cuts are all data. */
static void ordered_logistic_glm(dens *d) {
    lctx *c = d->c;
    const expr *y = d->a[0], *x = d->a[1], *beta = d->a[2], *cut = d->a[3];
    ir_expr *N = glm_rows(d, y, x), *K = lw_dim(c, beta, 0), *C = lw_dim(c, cut, 0);
    glm_size_check(d, lw_dim(c, x, lw_is_mat(x) ? 1 : 0), K, "columns of x and beta differ");
    check_cuts(c, d->at, cut, C, d->name);
    int data_only = lw_ast_data_only(x) && lw_ast_data_only(beta) && lw_ast_data_only(cut);
    ir_var *eta = lw_temp(c, d->at, 0, 0, NULL);
    if (!lw_is_mat(x)) ord_glm_eta(d, eta, K, I(c, 1));
    ir_block *sn;
    ir_expr *n = lw_loop(c, I(c, 1), N, &sn, d->at);
    if (lw_is_mat(x)) {
        eta->scope = sn->items[sn->n - 1];  /* one observation's: the loop fuses */
        ord_glm_eta(d, eta, K, n);
    }
    ir_expr *yn = sc_el(c, y, n), *e = lw_get0(c, eta), *Kc = add(c, C, I(c, 1));
    lw_reject_if(c, ir_bin(c->a, OP_OR, ir_bin(c->a, OP_LT, yn, I(c, 1)), ir_bin(c->a, OP_GT, yn, Kc)),
                 d->at, arena_printf(c->a, "%s: outcome out of range 1..K", d->name));
    ir_expr *hi = sub(c, lw_el1(c, cut, yn), e), *lo = sub(c, lw_el1(c, cut, sub(c, yn, I(c, 1))), e);
    ir_expr *below = ir_bin(c->a, OP_LT, yn, Kc), *above = ir_bin(c->a, OP_GT, yn, I(c, 1));
    term_if(d, below, ir_intrin1(c->a, II_LOG_INV_LOGIT, hi), data_only);
    term_if(d, above, ir_intrin1(c->a, II_LOG1M_INV_LOGIT, lo), data_only);
    ir_expr *gap = sub(c, lw_el1(c, cut, sub(c, yn, I(c, 1))), lw_el1(c, cut, yn));
    term_if(d, ir_bin(c->a, OP_AND, below, above), lw_call(c, "log1m_exp", 1, gap, NULL), data_only);
    lw_loop_end(c, sn);
}

/* lin[j] = alpha[j] + x[row] . beta[, j] for j = 1..C, and lse = log of
 * the sum of exp(lin) (the largest term taken out first).  scope: the loop
 * the scratch temporaries belong to (NULL: the current one). */
static void cat_glm_lin(dens *d, ir_var *lin, ir_var *lse, ir_expr *P, ir_expr *C, ir_expr *row,
                        const ir_stmt *scope) {
    lctx *c = d->c;
    const expr *x = d->a[1], *alpha = d->a[2], *beta = d->a[3];
    ir_var *dot = lw_temp(c, d->at, 0, 0, NULL), *m = lw_temp(c, d->at, 0, 0, NULL);
    if (scope) dot->scope = m->scope = scope;
    ir_block *sj;
    ir_expr *j = lw_loop(c, I(c, 1), C, &sj, d->at);
    lw_dot_into(c, d->at, dot, NULL, P, x, row, beta, j);
    lw_set(c, lin, ix1(c, j), add(c, lw_el1(c, alpha, j), lw_get0(c, dot)), d->at);
    lw_loop_end(c, sj);
    lw_set(c, m, NULL, lw_get(c, lin, ix1(c, I(c, 1))), d->at);
    j = lw_loop(c, I(c, 2), C, &sj, d->at);
    ir_stmt *big = lw_if(c, ir_bin(c->a, OP_GT, lw_get(c, lin, ix1(c, j)), lw_get0(c, m)), d->at);
    ir_block *in = c->cur;
    c->cur = &big->body;
    lw_set(c, m, NULL, lw_get(c, lin, ix1(c, j)), d->at);
    c->cur = in;
    lw_loop_end(c, sj);
    ir_var *kv = lw_fresh_loop(c);
    ir_expr *k = ir_read0(c->a, kv);
    ir_expr *sum = ir_sum(c->a, kv, I(c, 1), C, ex(c, sub(c, lw_get(c, lin, ix1(c, k)), lw_get0(c, m))), R(c, 0));
    lw_set(c, lse, NULL, add(c, lw_get0(c, m), lg(c, sum)), d->at);
}

/* categorical_logit_glm(y | x, alpha, beta) = sum_n categorical_logit(y_n |
 * alpha + (x_n beta)'), x_n the n-th row of x: lin[y_n] - log_sum_exp(lin).
 * Checks as Stan: sizes (alpha as long as the columns of beta, x's columns
 * as beta's rows), 1 <= y <= C unless there is only one class (then the log
 * probability is 0), and a finite result (else x, alpha or beta is not
 * finite).  Nothing is kept under `~` when x, alpha and beta are data. */
static void categorical_logit_glm(dens *d) {
    lctx *c = d->c;
    const expr *y = d->a[0], *x = d->a[1], *alpha = d->a[2], *beta = d->a[3];
    ir_expr *N = glm_rows(d, y, x), *P = lw_dim(c, x, lw_is_mat(x) ? 1 : 0), *C = lw_dim(c, beta, 1);
    glm_size_check(d, lw_dim(c, alpha, 0), C, "alpha and the columns of beta differ");
    glm_size_check(d, lw_dim(c, beta, 0), P, "columns of x and rows of beta differ");
    int data_only = lw_ast_data_only(x) && lw_ast_data_only(alpha) && lw_ast_data_only(beta);
    ir_expr *cd[1] = {C};
    ir_var *lin = lw_temp(c, d->at, 0, 1, cd), *lse = lw_temp(c, d->at, 0, 0, NULL);
    ir_stmt *many = lw_if(c, ir_bin(c->a, OP_GT, C, I(c, 1)), d->at);
    ir_block *in = c->cur;
    c->cur = &many->body;
    if (!lw_is_mat(x)) cat_glm_lin(d, lin, lse, P, C, I(c, 1), NULL);
    ir_block *sn;
    ir_expr *n = lw_loop(c, I(c, 1), N, &sn, d->at);
    if (lw_is_mat(x)) {
        lin->scope = lse->scope = sn->items[sn->n - 1];  /* one observation's: the loop fuses */
        cat_glm_lin(d, lin, lse, P, C, n, lin->scope);
    }
    ir_expr *yn = sc_el(c, y, n);
    lw_reject_if(c, ir_bin(c->a, OP_OR, ir_bin(c->a, OP_LT, yn, I(c, 1)), ir_bin(c->a, OP_GT, yn, C)),
                 d->at, arena_printf(c->a, "%s: outcome out of range 1..C", d->name));
    ir_expr *v = sub(c, lw_get(c, lin, ix1(c, yn)), lw_get0(c, lse));
    check_finite(c, d->at, v, arena_printf(c->a, "%s: x, alpha or beta is not finite", d->name));
    const_term(d, v, data_only);
    lw_loop_end(c, sn);
    c->cur = in;
}

/* ---- dynamic linear models ------------------------------------------------------- */

/* gaussian_dlm_obs(y | F, G, V, W, m0, C0): the Kalman filter of
 * lower_dlm.c, plus -r T log(2 pi) / 2 for y r x T. */
static void gaussian_dlm_obs(dens *d) {
    lctx *c = d->c;
    ir_var *ll = lw_dlm_loglik(c, d->at, d->name, d->a);
    term(d, lw_get0(c, ll));
    ir_expr *rT = mul(c, lw_dim(c, d->a[0], 0), lw_dim(c, d->a[0], 1));
    const_term(d, n_times(c, rT, R(c, -0.5 * LOG_2PI)), 1);
}

/* ---- the table ---------------------------------------------------------------- */

static const struct {
    const char *name;
    int nargs;          /* y included */
    void (*lower)(dens *d);
} multi_table[] = {
    {"multi_normal", 3, multi_normal}, {"multi_normal_cholesky", 3, multi_normal_cholesky},
    {"multi_normal_prec", 3, multi_normal_prec}, {"multi_student_t", 4, multi_student_t},
    {"multi_student_t_cholesky", 4, multi_student_t_cholesky}, {"dirichlet", 2, dirichlet},
    {"lkj_corr", 2, lkj_corr}, {"lkj_corr_cholesky", 2, lkj_corr_cholesky},
    {"wishart", 3, wishart}, {"inv_wishart", 3, inv_wishart},
    {"wishart_cholesky", 3, wishart_cholesky}, {"inv_wishart_cholesky", 3, inv_wishart_cholesky},
    {"categorical", 2, categorical}, {"categorical_logit", 2, categorical_logit},
    {"multinomial", 2, multinomial}, {"multinomial_logit", 2, multinomial_logit},
    {"ordered_logistic", 3, ordered_logistic}, {"ordered_probit", 3, ordered_probit},
    {"normal_id_glm", 5, normal_id_glm}, {"bernoulli_logit_glm", 4, bernoulli_logit_glm},
    {"poisson_log_glm", 4, poisson_log_glm}, {"neg_binomial_2_log_glm", 5, neg_binomial_2_log_glm},
    {"ordered_logistic_glm", 4, ordered_logistic_glm}, {"categorical_logit_glm", 4, categorical_logit_glm},
    {"multi_gp", 3, multi_gp}, {"multi_gp_cholesky", 3, multi_gp_cholesky},
    {"gaussian_dlm_obs", 7, gaussian_dlm_obs},
};

int lw_multi_density_name(const char *name) {
    for (size_t i = 0; i < sizeof multi_table / sizeof multi_table[0]; i++)
        if (!strcmp(multi_table[i].name, name)) return 1;
    return 0;
}

int lw_multi_density(lctx *c, const char *name, const expr **args, int n, int propto,
                     src_span span, ir_var *acc) {
    for (size_t i = 0; i < sizeof multi_table / sizeof multi_table[0]; i++) {
        if (strcmp(multi_table[i].name, name) != 0) continue;
        if (n != multi_table[i].nargs) {
            lw_unsupported(c, span, arena_printf(c->a, "this form of %s", name));
            return 1;
        }
        dens d = {c, name, args, n, propto, args[0], NULL, acc};
        multi_table[i].lower(&d);
        return 1;
    }
    return 0;
}

/* ---- multivariate random draws (generated quantities) ----------------------------- */

/* A draw of the catalog's scalar NAME_rng with up to two arguments. */
static ir_expr *rng(lctx *c, const char *name, int n, ir_expr *a, ir_expr *b) {
    int cnt = 0;
    const fn_sig *s = catalog_lookup(name, &cnt);
    if (!s || s->kind != FN_RNG || s->nargs != n) unreachable();
    ir_expr *r = ir_real(c->a, 0);
    r->kind = IE_CALL;
    r->sig = s;
    r->is_int = s->returns_int;
    r->nargs = n;
    r->args = ir_args(c->a, n > 0 ? n : 1);
    if (n > 0) r->args[0] = a;
    if (n > 1) r->args[1] = b;
    return r;
}

/* Element (i, j) of a matrix given as an expression or a temporary. */
static ir_expr *tri_get(lctx *c, tri L, ir_expr *i, ir_expr *j) {
    return L.e ? lw_el2(c, L.e, i, j) : lw_get(c, L.v, ix2(c, i, j));
}

/* One draw into t[row] (row NULL: t is the vector): mu[row] + scale * L z,
 * z standard normal (L an expression or a temporary). */
static void mvn_draw_one(lctx *c, const expr *e, ir_var *t, ir_expr *row, const expr *mu, tri L,
                         ir_expr *scale) {
    ir_expr *K = t->dims[t->ndims - 1], *kd[1] = {K};
    ir_var *z = lw_temp(c, e, 0, 1, kd);
    ir_block *s1, *s2;
    ir_expr *k = lw_loop(c, I(c, 1), K, &s1, e);
    lw_set(c, z, ix1(c, k), rng(c, "std_normal_rng", 0, NULL, NULL), e);
    lw_loop_end(c, s1);
    ir_expr *i = lw_loop(c, I(c, 1), K, &s1, e);
    ir_expr **ti = row ? ix2(c, row, i) : ix1(c, i);
    lw_set(c, t, ti, R(c, 0), e);
    ir_expr *j = lw_loop(c, I(c, 1), i, &s2, e);
    lw_set(c, t, ti, add(c, lw_get(c, t, ti), mul(c, tri_get(c, L, i, j), lw_get(c, z, ix1(c, j)))), e);
    lw_loop_end(c, s2);
    ir_expr *v = scale ? mul(c, scale, lw_get(c, t, ti)) : lw_get(c, t, ti);
    ir_expr *m = row ? lw_el(c, mu, ix2(c, row, i), 2) : lw_el1(c, mu, i);
    lw_set(c, t, ti, add(c, m, v), e);
    lw_loop_end(c, s1);
}

/* t = mu + scale * L z; with an array of locations mu, one draw for each
 * (t an array of vectors). */
static void mvn_draw(lctx *c, const expr *e, ir_var *t, const expr *mu, tri L, ir_expr *scale) {
    if (t->ndims == 1) {
        mvn_draw_one(c, e, t, NULL, mu, L, scale);
        return;
    }
    ir_block *sn;
    ir_expr *n = lw_loop(c, I(c, 1), t->dims[0], &sn, e);
    mvn_draw_one(c, e, t, n, mu, L, scale);
    lw_loop_end(c, sn);
}

void lw_fill_multi_normal_rng(lctx *c, const expr *e, ir_var *t) {
    mvn_draw(c, e, t, arg(e, 0), (tri){NULL, lw_cholesky(c, e, arg(e, 1)), 0}, NULL);
}

void lw_fill_multi_normal_cholesky_rng(lctx *c, const expr *e, ir_var *t) {
    mvn_draw(c, e, t, arg(e, 0), (tri){arg(e, 1), NULL, 0}, NULL);
}

/* multi_student_t: mu + sqrt(nu / chi2_nu) L z. */
static void student_draw(lctx *c, const expr *e, ir_var *t, tri L) {
    ir_expr *nu = realv(c, lw_scalar(c, arg(e, 0)));
    ir_var *w = lw_temp(c, e, 0, 0, NULL);
    lw_set(c, w, NULL, lw_sqrt(c, dvd(c, nu, rng(c, "chi_square_rng", 1, nu, NULL))), e);
    mvn_draw(c, e, t, arg(e, 1), L, lw_get0(c, w));
}

void lw_fill_multi_student_t_rng(lctx *c, const expr *e, ir_var *t) {
    student_draw(c, e, t, (tri){NULL, lw_cholesky(c, e, arg(e, 2)), 0});
}

/* multi_student_t_cholesky_rng(nu, mu, L); checks as Stan: nu > 0, mu as
 * long as L, L a Cholesky factor. */
void lw_fill_multi_student_t_cholesky_rng(lctx *c, const expr *e, ir_var *t) {
    const expr *L = arg(e, 2);
    ir_expr *K = lw_dim(c, L, 0);
    lw_reject_if(c, ir_bin(c->a, OP_LE, lw_scalar(c, arg(e, 0)), R(c, 0)), e,
                 arena_printf(c->a, "%s: nu must be positive", e->name));
    lw_check_square(c, e, L);
    lw_size_check(c, e, lw_dim(c, arg(e, 1), 0), K, "mu and L differ in size");
    check_chol_factor(c, e, L, K, e->name, "L", 1);
    student_draw(c, e, t, (tri){L, NULL, 0});
}

/* dirichlet: independent gamma(alpha_k, 1) draws, normalised. */
void lw_fill_dirichlet_rng(lctx *c, const expr *e, ir_var *t) {
    ir_var *s = lw_temp(c, e, 0, 0, NULL);
    lw_set(c, s, NULL, R(c, 0), e);
    ir_block *sk;
    ir_expr *k = lw_loop(c, I(c, 1), t->dims[0], &sk, e);
    lw_set(c, t, ix1(c, k), rng(c, "gamma_rng", 2, lw_el1(c, arg(e, 0), k), R(c, 1)), e);
    lw_set(c, s, NULL, add(c, lw_get0(c, s), lw_get(c, t, ix1(c, k))), e);
    lw_loop_end(c, sk);
    k = lw_loop(c, I(c, 1), t->dims[0], &sk, e);
    lw_set(c, t, ix1(c, k), dvd(c, lw_get(c, t, ix1(c, k)), lw_get0(c, s)), e);
    lw_loop_end(c, sk);
}

/* One categorical draw from probabilities p (a temporary, K long) into the
 * int scalar out: the first k whose cumulative probability exceeds u. */
void lw_categorical_draw(lctx *c, const expr *e, ir_var *p, ir_var *out) {
    ir_expr *K = p->dims[0];
    ir_var *u = lw_temp(c, e, 0, 0, NULL), *cum = lw_temp(c, e, 0, 0, NULL);
    lw_set(c, u, NULL, rng(c, "uniform_rng", 2, R(c, 0), R(c, 1)), e);
    lw_set(c, cum, NULL, R(c, 0), e);
    lw_set(c, out, NULL, K, e);
    ir_block *sk;
    ir_expr *k = lw_loop(c, I(c, 1), K, &sk, e);
    ir_var *prev = lw_temp(c, e, 0, 0, NULL);
    lw_set(c, prev, NULL, lw_get0(c, cum), e);
    lw_set(c, cum, NULL, add(c, lw_get0(c, prev), lw_get(c, p, ix1(c, k))), e);
    ir_expr *hit = ir_bin(c->a, OP_AND, ir_bin(c->a, OP_LT, lw_get0(c, u), lw_get0(c, cum)),
                          ir_bin(c->a, OP_GE, lw_get0(c, u), lw_get0(c, prev)));
    ir_stmt *f = lw_if(c, hit, e);
    ir_block *in = c->cur;
    c->cur = &f->body;
    lw_set(c, out, NULL, k, e);
    c->cur = in;
    lw_loop_end(c, sk);
}

/* p = theta, or softmax(theta) for the _logit forms, checked. */
static ir_var *probabilities(lctx *c, const expr *e, const expr *theta, int logit) {
    ir_expr *K = lw_dim(c, theta, 0), *kd[1] = {K};
    ir_var *p = lw_temp(c, e, 0, 1, kd);
    ir_var *m = NULL;
    if (logit) {
        dens d = {c, e->name, NULL, 0, 0, e, NULL, NULL};
        m = lse_of(&d, theta);
    }
    ir_block *sk;
    ir_expr *k = lw_loop(c, I(c, 1), K, &sk, e);
    ir_expr *v = lw_el1(c, theta, k);
    lw_set(c, p, ix1(c, k), logit ? ex(c, sub(c, v, lw_get0(c, m))) : v, e);
    if (!logit)
        lw_reject_if(c, ir_bin(c->a, OP_LT, v, R(c, 0)), e,
                     arena_printf(c->a, "%s: a probability is negative", e->name));
    lw_loop_end(c, sk);
    return p;
}

void lw_fill_categorical_rng(lctx *c, const expr *e, ir_var *t) {
    lw_categorical_draw(c, e, probabilities(c, e, arg(e, 0), !strcmp(e->name, "categorical_logit_rng")), t);
}

void lw_fill_multinomial_rng(lctx *c, const expr *e, ir_var *t) {
    ir_var *p = probabilities(c, e, arg(e, 0), !strcmp(e->name, "multinomial_logit_rng"));
    ir_var *k = lw_temp(c, e, 1, 0, NULL);
    ir_block *s;
    ir_expr *j = lw_loop(c, I(c, 1), t->dims[0], &s, e);
    lw_set(c, t, ix1(c, j), I(c, 0), e);
    lw_loop_end(c, s);
    lw_loop(c, I(c, 1), lw_scalar(c, arg(e, 1)), &s, e);
    lw_categorical_draw(c, e, p, k);
    ir_expr **tk = ix1(c, lw_get0(c, k));
    lw_set(c, t, tk, add(c, lw_get(c, t, tk), I(c, 1)), e);
    lw_loop_end(c, s);
}

/* ordered_logistic_rng(eta, c) and ordered_probit_rng(eta, c): P(y = k) =
 * F(c_k - eta) - F(c_{k-1} - eta) with F the logistic or standard normal
 * cdf (c_0 = -inf, c_K = +inf), then a categorical draw.  Checks as Stan:
 * eta finite, at least one cut point, the cut points finite and ordered. */
static void ordered_draw(lctx *c, const expr *e, ir_var *t, int probit) {
    ir_expr *eta = lw_scalar(c, arg(e, 0));
    const expr *cut = arg(e, 1);
    ir_expr *C = lw_dim(c, cut, 0), *K = add(c, C, I(c, 1)), *kd[1] = {K};
    check_finite(c, e, eta, arena_printf(c->a, "%s: eta is not finite", e->name));
    lw_reject_if(c, ir_bin(c->a, OP_LT, C, I(c, 1)), e,
                 arena_printf(c->a, "%s: there are no cut points", e->name));
    check_cuts(c, e, cut, C, e->name);
    ir_var *p = lw_temp(c, e, 0, 1, kd);
    ir_block *sk;
    ir_expr *k = lw_loop(c, I(c, 1), K, &sk, e);
    ir_expr *hx = sub(c, lw_el1(c, cut, k), eta), *lx = sub(c, lw_el1(c, cut, sub(c, k, I(c, 1))), eta);
    ir_expr *hi = probit ? lw_call(c, "Phi", 1, hx, NULL) : ir_intrin1(c->a, II_INV_LOGIT, hx);
    ir_expr *lo = probit ? lw_call(c, "Phi", 1, lx, NULL) : ir_intrin1(c->a, II_INV_LOGIT, lx);
    ir_stmt *first = lw_if(c, ir_bin(c->a, OP_EQ, k, I(c, 1)), e);
    ir_block *in = c->cur;
    c->cur = &first->body;
    lw_set(c, p, ix1(c, k), hi, e);
    c->cur = &first->els;
    ir_stmt *last = lw_if(c, ir_bin(c->a, OP_EQ, k, K), e);
    c->cur = &last->body;
    lw_set(c, p, ix1(c, k), sub(c, R(c, 1), lo), e);
    c->cur = &last->els;
    lw_set(c, p, ix1(c, k), sub(c, hi, lo), e);
    c->cur = in;
    lw_loop_end(c, sk);
    lw_categorical_draw(c, e, p, t);
}

void lw_fill_ordered_logistic_rng(lctx *c, const expr *e, ir_var *t) { ordered_draw(c, e, t, 0); }
void lw_fill_ordered_probit_rng(lctx *c, const expr *e, ir_var *t) { ordered_draw(c, e, t, 1); }

/* A Bartlett factor (K x K, lower triangular) of a Wishart(nu, I) draw
 * X = A A': A_ij ~ N(0, 1) below the diagonal and A_ii = sqrt(chi2(df_i)),
 * df_i = nu - i + 1.  With `reversed`, df_i = nu - K + i: then A' A is the
 * Wishart(nu, I) draw (A' is the Bartlett factor of the reversed
 * coordinates), so A^-1 is the lower Cholesky factor of its inverse. */
static ir_var *bartlett(lctx *c, const expr *e, ir_expr *K, int reversed) {
    ir_expr *dd[2] = {K, K}, *nu = realv(c, lw_scalar(c, arg(e, 0)));
    ir_var *A = lw_temp(c, e, 0, 2, dd);
    ir_block *s1, *s2;
    ir_expr *i = lw_loop(c, I(c, 1), K, &s1, e);
    ir_expr *j = lw_loop(c, I(c, 1), K, &s2, e);
    lw_set(c, A, ix2(c, i, j), R(c, 0), e);
    lw_loop_end(c, s2);
    ir_expr *df = reversed ? add(c, sub(c, nu, realv(c, K)), realv(c, i))
                           : add(c, sub(c, nu, realv(c, i)), R(c, 1));
    lw_set(c, A, ix2(c, i, i), lw_sqrt(c, rng(c, "chi_square_rng", 1, df, NULL)), e);
    j = lw_loop(c, I(c, 1), sub(c, i, I(c, 1)), &s2, e);
    lw_set(c, A, ix2(c, i, j), rng(c, "std_normal_rng", 0, NULL, NULL), e);
    lw_loop_end(c, s2);
    lw_loop_end(c, s1);
    return A;
}

/* t = L A for lower triangular K x K matrices (L an expression or
 * temporary): t[i, j] = sum_{j <= k <= i} L[i, k] A[k, j], reading only the
 * lower triangles. */
static void lower_mul_into(lctx *c, const expr *e, ir_var *t, tri L, ir_var *A) {
    ir_expr *K = t->dims[0];
    ir_block *s1, *s2, *s3;
    ir_expr *i = lw_loop(c, I(c, 1), K, &s1, e);
    ir_expr *j = lw_loop(c, I(c, 1), K, &s2, e);
    ir_expr **ij = ix2(c, i, j);
    lw_set(c, t, ij, R(c, 0), e);
    ir_expr *k = lw_loop(c, j, i, &s3, e);
    lw_set(c, t, ij, add(c, lw_get(c, t, ij), mul(c, tri_get(c, L, i, k), lw_get(c, A, ix2(c, k, j)))), e);
    lw_loop_end(c, s3);
    lw_loop_end(c, s2);
    lw_loop_end(c, s1);
}

/* t = M M' for a K x K temporary M (diagonal set to exactly 1 when `unit`). */
static void self_outer_into(lctx *c, const expr *e, ir_var *t, ir_var *M, int unit) {
    ir_expr *K = t->dims[0];
    ir_block *s1, *s2, *s3;
    ir_expr *i = lw_loop(c, I(c, 1), K, &s1, e);
    ir_expr *j = lw_loop(c, I(c, 1), K, &s2, e);
    ir_expr **ij = ix2(c, i, j);
    lw_set(c, t, ij, R(c, 0), e);
    ir_expr *k = lw_loop(c, I(c, 1), K, &s3, e);
    lw_set(c, t, ij, add(c, lw_get(c, t, ij), mul(c, lw_get(c, M, ix2(c, i, k)), lw_get(c, M, ix2(c, j, k)))), e);
    lw_loop_end(c, s3);
    lw_loop_end(c, s2);
    if (unit) lw_set(c, t, ix2(c, i, i), R(c, 1), e);
    lw_loop_end(c, s1);
}

/* wishart_rng(nu, S) by Bartlett's decomposition: S = L L', W = (L A)(L A)'.
 * inv_wishart_rng(nu, S) = inverse of a wishart_rng(nu, S^-1) draw. */
static void wishart_draw(lctx *c, const expr *e, ir_var *t, ir_var *L) {
    ir_expr *K = t->dims[0], *dd[2] = {K, K};
    ir_var *A = bartlett(c, e, K, 0), *LA = lw_temp(c, e, 0, 2, dd);
    lower_mul_into(c, e, LA, (tri){NULL, L, 0}, A);
    self_outer_into(c, e, t, LA, 0);
}

void lw_fill_wishart_rng(lctx *c, const expr *e, ir_var *t) {
    wishart_draw(c, e, t, lw_cholesky(c, e, arg(e, 1)));
}

void lw_fill_inv_wishart_rng(lctx *c, const expr *e, ir_var *t) {
    ir_expr *K = t->dims[0], *dd[2] = {K, K};
    ir_var *Sinv = lw_temp(c, e, 0, 2, dd), *W = lw_temp(c, e, 0, 2, dd);
    lw_cholesky_solve(c, e, lw_cholesky(c, e, arg(e, 1)), Sinv, (rhs_src){NULL, NULL, 1});
    wishart_draw(c, e, W, lw_cholesky_var(c, e, Sinv));
    lw_cholesky_solve(c, e, lw_cholesky_var(c, e, W), t, (rhs_src){NULL, NULL, 1});
}

/* wishart_cholesky_rng(nu, L_S): L_S A, the Cholesky factor of the Wishart
 * draw (L_S A)(L_S A)' (a product of lower triangular factors with positive
 * diagonals).  Checks as Stan: L_S a Cholesky factor, nu > K - 1. */
void lw_fill_wishart_cholesky_rng(lctx *c, const expr *e, ir_var *t) {
    ir_expr *K = t->dims[0];
    check_wishart_cholesky(c, e, e->name, NULL, lw_scalar(c, arg(e, 0)), arg(e, 1), K, 1);
    lower_mul_into(c, e, t, (tri){arg(e, 1), NULL, 0}, bartlett(c, e, K, 0));
}

/* inv_wishart_cholesky_rng(nu, L_S): W ~ inv_wishart(nu, S) when
 * W^-1 = L_S^-T X L_S^-1 with X ~ wishart(nu, I).  With X = A' A (A the
 * reversed Bartlett factor) W = (L_S A^-1)(L_S A^-1)', and L_S A^-1 is
 * lower triangular with a positive diagonal: the Cholesky factor.  (Stan
 * Math until its December 2023 fix returned A^-1 L_S, which is not a draw
 * from this distribution: stan-dev/math#2963.)  Checks as Stan: nu > K - 1
 * and a positive diagonal of L_S, whose upper triangle is ignored. */
void lw_fill_inv_wishart_cholesky_rng(lctx *c, const expr *e, ir_var *t) {
    ir_expr *K = t->dims[0], *dd[2] = {K, K};
    check_wishart_cholesky(c, e, e->name, NULL, lw_scalar(c, arg(e, 0)), arg(e, 1), K, 0);
    ir_var *A = bartlett(c, e, K, 1), *Ainv = lw_temp(c, e, 0, 2, dd);
    lw_tri_solve(c, e, Ainv, (tri){NULL, A, 0}, (rhs_src){NULL, NULL, 1});
    lower_mul_into(c, e, t, (tri){arg(e, 1), NULL, 0}, Ainv);
}

/* lkj_corr_cholesky_rng(K, eta) by the C-vine (Lewandowski, Kurowicka & Joe
 * 2009, as Stan): the partial correlation of variables i < j given
 * 1..i-1 is 2 Beta(b_i, b_i) - 1 with b_i = eta + (K - 1 - i) / 2, all
 * independent; row j of the Cholesky factor is
 *   L[j, i] = z_ij sqrt(prod_{k<i} (1 - z_kj^2)),  L[j, j] = sqrt(prod_{k<j} (1 - z_kj^2)). */
void lw_fill_lkj_corr_cholesky_rng(lctx *c, const expr *e, ir_var *t) {
    ir_expr *K = t->dims[0], *eta = realv(c, lw_scalar(c, arg(e, 1)));
    lw_reject_if(c, ir_bin(c->a, OP_LE, eta, R(c, 0)), e,
                 arena_printf(c->a, "%s: eta must be positive", e->name));
    ir_var *rest = lw_temp(c, e, 0, 0, NULL), *z = lw_temp(c, e, 0, 0, NULL);
    ir_block *sj, *si;
    ir_expr *j = lw_loop(c, I(c, 1), K, &sj, e);
    ir_expr *i = lw_loop(c, I(c, 1), K, &si, e);
    lw_set(c, t, ix2(c, j, i), R(c, 0), e);
    lw_loop_end(c, si);
    lw_set(c, rest, NULL, R(c, 1), e);
    i = lw_loop(c, I(c, 1), sub(c, j, I(c, 1)), &si, e);
    ir_expr *b = add(c, eta, mul(c, R(c, 0.5), realv(c, sub(c, sub(c, K, I(c, 1)), i))));
    lw_set(c, z, NULL, sub(c, mul(c, R(c, 2), rng(c, "beta_rng", 2, b, b)), R(c, 1)), e);
    lw_set(c, t, ix2(c, j, i), mul(c, lw_get0(c, z), lw_sqrt(c, lw_get0(c, rest))), e);
    lw_set(c, rest, NULL, mul(c, lw_get0(c, rest), sub(c, R(c, 1), sq(c, lw_get0(c, z)))), e);
    lw_loop_end(c, si);
    lw_set(c, t, ix2(c, j, j), lw_sqrt(c, lw_get0(c, rest)), e);
    lw_loop_end(c, sj);
}

/* lkj_corr_rng(K, eta) = L L' for L = lkj_corr_cholesky_rng(K, eta). */
void lw_fill_lkj_corr_rng(lctx *c, const expr *e, ir_var *t) {
    ir_var *L = lw_temp(c, e, 0, 2, t->dims);
    lw_fill_lkj_corr_cholesky_rng(c, e, L);
    self_outer_into(c, e, t, L, 1);
}
