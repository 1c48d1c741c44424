/* compiler/lower_hmm.c — hidden Markov models with discrete states:
 * hmm_marginal, hmm_hidden_state_prob and hmm_latent_rng, lowered to IR.
 *
 * In:  the call (log_omega: K x N matrix, log_omega[k, n] = log p(y_n |
 * state k); Gamma: K x K, Gamma[i, j] = P(state j at n + 1 | state i at n),
 * rows simplexes; rho: the K-simplex of the initial state) and the temporary
 * that receives the result (lower_container.c's hoisting table calls
 * lw_fill_hmm_*): a real, a K x N matrix, an array of N ints.
 * Out: statements at `cur`: the argument checks, then the scaled forward
 * algorithm
 *     alpha_1 ∝ rho .* omega_1,  alpha_n ∝ (Gamma' alpha_(n-1)) .* omega_n,
 * with omega_n = exp(log_omega[:, n] - max_k log_omega[k, n]), every
 * alpha_n normalised to sum 1 and the log of each normaliser (plus the max)
 * added to the log density: stable for any N.  hmm_hidden_state_prob adds
 * the scaled backward pass (beta_N = 1, beta_n ∝ Gamma (omega_(n+1) .*
 * beta_(n+1))) and normalises alpha .* beta column by column;
 * hmm_latent_rng samples backwards: z_N from alpha_N, then z_n with
 * probabilities ∝ alpha_n .* Gamma[:, z_(n+1)] (forward filtering, backward
 * sampling: a draw from the joint posterior of the states).  Everything is
 * ordinary IR, so ad.c differentiates hmm_marginal like user code.
 * Never: accepts a Gamma row or rho that is not a simplex within 1e-8
 * (Stan's tolerance), mismatched sizes, or a log_omega without columns:
 * the generated code rejects them with the function's name.
 */
#include <math.h>
#include "lower_int.h"

#define HMM_SIMPLEX_TOL 1e-8

typedef struct {
    const expr *e;               /* the call */
    const expr *lo, *Gam, *rho;  /* its arguments */
    ir_expr *K, *N;
} hmm;

static ir_expr *cmp(lctx *c, op_kind op, ir_expr *x, ir_expr *y) { return ir_bin(c->a, op, x, y); }
static ir_expr *fabs_(lctx *c, ir_expr *x) { return lw_call(c, "fabs", 1, x, NULL); }

static hmm hmm_of(lctx *c, const expr *e) {
    hmm h = {e, arg(e, 0), arg(e, 1), arg(e, 2), NULL, NULL};
    h.K = lw_dim(c, h.lo, 0);
    h.N = lw_dim(c, h.lo, 1);
    return h;
}

/* Rejects unless the K values x(k) are >= 0 and sum to 1 within the
 * tolerance; x reads element k of row `row` of Gamma, or of rho (row NULL). */
static void check_simplex(lctx *c, const hmm *h, ir_expr *row, const char *what) {
    ir_var *s = lw_temp(c, h->e, 0, 0, NULL);
    lw_set(c, s, NULL, R(c, 0), h->e);
    ir_block *sk;
    ir_expr *k = lw_loop(c, I(c, 1), h->K, &sk, h->e);
    ir_expr *x = row ? lw_el2(c, h->Gam, row, k) : lw_el1(c, h->rho, k);
    lw_reject_if(c, cmp(c, OP_LT, x, R(c, 0)), h->e,
                 arena_printf(c->a, "%s: %s is not a simplex (a negative element)", h->e->name, what));
    lw_set(c, s, NULL, add(c, lw_get0(c, s), x), h->e);
    lw_loop_end(c, sk);
    ir_expr *off = cmp(c, OP_GT, fabs_(c, sub(c, lw_get0(c, s), R(c, 1))), R(c, HMM_SIMPLEX_TOL));
    ir_expr *nan = cmp(c, OP_NE, lw_get0(c, s), lw_get0(c, s));
    lw_reject_if(c, ir_bin(c->a, OP_OR, off, nan), h->e,
                 arena_printf(c->a, "%s: %s is not a simplex (its elements do not sum to 1)", h->e->name, what));
}

/* Sizes (Gamma K x K, rho K, N >= 1) and the simplexes. */
static void check_args(lctx *c, const hmm *h) {
    lw_check_square(c, h->e, h->Gam);
    lw_size_check(c, h->e, lw_dim(c, h->Gam, 0), h->K, "rows of Gamma and of log_omega");
    lw_size_check(c, h->e, lw_dim(c, h->rho, 0), h->K, "size of rho and rows of log_omega");
    lw_reject_if(c, cmp(c, OP_LT, h->N, I(c, 1)), h->e,
                 arena_printf(c->a, "%s: log_omega has no columns", h->e->name));
    ir_block *si;
    ir_expr *i = lw_loop(c, I(c, 1), h->K, &si, h->e);
    check_simplex(c, h, i, "a row of Gamma");
    lw_loop_end(c, si);
    check_simplex(c, h, NULL, "rho");
}

/* mx = max_k log_omega[k, n]. */
static void column_max(lctx *c, const hmm *h, ir_var *mx, ir_expr *n) {
    lw_set(c, mx, NULL, lw_el2(c, h->lo, I(c, 1), n), h->e);
    ir_block *sk;
    ir_expr *k = lw_loop(c, I(c, 2), h->K, &sk, h->e);
    lw_set(c, mx, NULL, lw_call(c, "fmax", 2, lw_get0(c, mx), lw_el2(c, h->lo, k, n)), h->e);
    lw_loop_end(c, sk);
}

/* omega[k, n] scaled by the column's max mx. */
static ir_expr *omega(lctx *c, const hmm *h, ir_expr *k, ir_expr *n, ir_var *mx) {
    return ex(c, sub(c, lw_el2(c, h->lo, k, n), lw_get0(c, mx)));
}

/* Column n of the K x N temporary t divided by its sum; s gets the sum. */
static void normalise_col(lctx *c, const hmm *h, ir_var *t, ir_expr *n, ir_var *s) {
    lw_set(c, s, NULL, R(c, 0), h->e);
    ir_block *sk;
    ir_expr *k = lw_loop(c, I(c, 1), h->K, &sk, h->e);
    lw_set(c, s, NULL, add(c, lw_get0(c, s), lw_get(c, t, ix2(c, k, n))), h->e);
    lw_loop_end(c, sk);
    k = lw_loop(c, I(c, 1), h->K, &sk, h->e);
    lw_set(c, t, ix2(c, k, n), dvd(c, lw_get(c, t, ix2(c, k, n)), lw_get0(c, s)), h->e);
    lw_loop_end(c, sk);
}

/* The predicted probability of state j at step n (before omega_n): rho[j]
 * for the first step, else sum_i alpha[i, n - 1] Gamma[i, j]. */
static ir_expr *predicted(lctx *c, const hmm *h, ir_var *alpha, ir_expr *j, ir_expr *n, int first) {
    if (first) return realv(c, lw_el1(c, h->rho, j));
    ir_var *iv = lw_fresh_loop(c);
    ir_expr *i = ir_read0(c->a, iv);
    ir_expr *term = mul(c, lw_get(c, alpha, ix2(c, i, sub(c, n, I(c, 1)))), lw_el2(c, h->Gam, i, j));
    return ir_sum(c->a, iv, I(c, 1), h->K, term, R(c, 0));
}

/* One forward step: alpha[:, n], normalised; lp += mx + log(sum). */
static void forward_step(lctx *c, const hmm *h, ir_var *alpha, ir_var *lp, ir_expr *n, int first) {
    ir_var *mx = lw_temp(c, h->e, 0, 0, NULL), *s = lw_temp(c, h->e, 0, 0, NULL);
    column_max(c, h, mx, n);
    ir_block *sj;
    ir_expr *j = lw_loop(c, I(c, 1), h->K, &sj, h->e);
    lw_set(c, alpha, ix2(c, j, n), mul(c, predicted(c, h, alpha, j, n, first), omega(c, h, j, n, mx)), h->e);
    lw_loop_end(c, sj);
    normalise_col(c, h, alpha, n, s);
    lw_set(c, lp, NULL, add(c, lw_get0(c, lp), add(c, lw_get0(c, mx), lg(c, lw_get0(c, s)))), h->e);
}

/* The checks, then the filtered probabilities alpha (K x N, each column
 * sums to 1); returns the log marginal density (a scalar temporary). */
static ir_var *forward(lctx *c, const hmm *h, ir_var **alpha_out) {
    check_args(c, h);
    ir_expr *dims[2] = {h->K, h->N};
    ir_var *alpha = lw_temp(c, h->e, 0, 2, dims), *lp = lw_temp(c, h->e, 0, 0, NULL);
    lw_set(c, lp, NULL, R(c, 0), h->e);
    forward_step(c, h, alpha, lp, I(c, 1), 1);
    ir_block *sn;
    ir_expr *n = lw_loop(c, I(c, 2), h->N, &sn, h->e);
    forward_step(c, h, alpha, lp, n, 0);
    lw_loop_end(c, sn);
    *alpha_out = alpha;
    return lp;
}

void lw_fill_hmm_marginal(lctx *c, const expr *e, ir_var *t) {
    hmm h = hmm_of(c, e);
    ir_var *alpha;
    ir_var *lp = forward(c, &h, &alpha);
    lw_set(c, t, NULL, lw_get0(c, lp), e);
}

/* beta (K x N): beta[:, N] = 1, beta[i, n] ∝ sum_j Gamma[i, j]
 * omega[j, n + 1] beta[j, n + 1], each column normalised. */
static ir_var *backward(lctx *c, const hmm *h) {
    ir_expr *dims[2] = {h->K, h->N};
    ir_var *beta = lw_temp(c, h->e, 0, 2, dims);
    ir_var *mx = lw_temp(c, h->e, 0, 0, NULL), *s = lw_temp(c, h->e, 0, 0, NULL);
    ir_block *sk, *sm;
    ir_expr *k = lw_loop(c, I(c, 1), h->K, &sk, h->e);
    lw_set(c, beta, ix2(c, k, h->N), R(c, 1), h->e);
    lw_loop_end(c, sk);
    ir_expr *m = lw_loop(c, I(c, 1), sub(c, h->N, I(c, 1)), &sm, h->e);
    ir_expr *n = sub(c, h->N, m), *next = add(c, n, I(c, 1));
    column_max(c, h, mx, next);
    ir_expr *i = lw_loop(c, I(c, 1), h->K, &sk, h->e);
    ir_var *jv = lw_fresh_loop(c);
    ir_expr *j = ir_read0(c->a, jv);
    ir_expr *term = mul(c, lw_el2(c, h->Gam, i, j),
                        mul(c, omega(c, h, j, next, mx), lw_get(c, beta, ix2(c, j, next))));
    lw_set(c, beta, ix2(c, i, n), ir_sum(c->a, jv, I(c, 1), h->K, term, R(c, 0)), h->e);
    lw_loop_end(c, sk);
    normalise_col(c, h, beta, n, s);
    lw_loop_end(c, sm);
    return beta;
}

/* t[k, n] = alpha[k, n] beta[k, n], normalised column by column. */
void lw_fill_hmm_hidden_state_prob(lctx *c, const expr *e, ir_var *t) {
    hmm h = hmm_of(c, e);
    ir_var *alpha;
    forward(c, &h, &alpha);
    ir_var *beta = backward(c, &h), *s = lw_temp(c, e, 0, 0, NULL);
    ir_block *sn, *sk;
    ir_expr *n = lw_loop(c, I(c, 1), h.N, &sn, e);
    ir_expr *k = lw_loop(c, I(c, 1), h.K, &sk, e);
    lw_set(c, t, ix2(c, k, n), mul(c, lw_get(c, alpha, ix2(c, k, n)), lw_get(c, beta, ix2(c, k, n))), e);
    lw_loop_end(c, sk);
    normalise_col(c, &h, t, n, s);
    lw_loop_end(c, sn);
}

/* p[i] ∝ alpha[i, n] (Gamma[i, next] when next is not NULL), normalised;
 * then one categorical draw from p into t[n]. */
static void draw_state(lctx *c, const hmm *h, ir_var *alpha, ir_var *p, ir_var *z, ir_var *t,
                       ir_expr *n, ir_expr *next) {
    ir_var *s = lw_temp(c, h->e, 0, 0, NULL);
    lw_set(c, s, NULL, R(c, 0), h->e);
    ir_block *si;
    ir_expr *i = lw_loop(c, I(c, 1), h->K, &si, h->e);
    ir_expr *a = lw_get(c, alpha, ix2(c, i, n));
    lw_set(c, p, ix1(c, i), next ? mul(c, a, lw_el2(c, h->Gam, i, next)) : a, h->e);
    lw_set(c, s, NULL, add(c, lw_get0(c, s), lw_get(c, p, ix1(c, i))), h->e);
    lw_loop_end(c, si);
    i = lw_loop(c, I(c, 1), h->K, &si, h->e);
    lw_set(c, p, ix1(c, i), dvd(c, lw_get(c, p, ix1(c, i)), lw_get0(c, s)), h->e);
    lw_loop_end(c, si);
    lw_categorical_draw(c, h->e, p, z);
    lw_set(c, t, ix1(c, n), lw_get0(c, z), h->e);
}

/* Forward filtering, backward sampling into the int array t (N long). */
void lw_fill_hmm_latent_rng(lctx *c, const expr *e, ir_var *t) {
    hmm h = hmm_of(c, e);
    ir_var *alpha;
    forward(c, &h, &alpha);
    ir_expr *kd[1] = {h.K};
    ir_var *p = lw_temp(c, e, 0, 1, kd), *z = lw_temp(c, e, 1, 0, NULL);
    draw_state(c, &h, alpha, p, z, t, h.N, NULL);
    ir_block *sm;
    ir_expr *m = lw_loop(c, I(c, 1), sub(c, h.N, I(c, 1)), &sm, e);
    ir_expr *n = sub(c, h.N, m);
    draw_state(c, &h, alpha, p, z, t, n, lw_get(c, t, ix1(c, add(c, n, I(c, 1)))));
    lw_loop_end(c, sm);
}
