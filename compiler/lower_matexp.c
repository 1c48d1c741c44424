/* compiler/lower_matexp.c — the matrix exponential: matrix_exp(A),
 * matrix_exp_multiply(A, B) = matrix_exp(A) B and
 * scale_matrix_exp_multiply(t, A, B) = matrix_exp(t A) B, lowered to IR.
 *
 * In:  the call and the matrix temporary that receives its value
 * (lower_container.c's hoisting table calls lw_fill_*).  Out: statements at
 * `cur` computing exp(X), X = A or t A (n x n), by scaling and squaring
 * with the diagonal Pade approximant of degree 13 (Higham 2005, "The
 * scaling and squaring method for the matrix exponential revisited"):
 *     s = the least s >= 0 with ||X||_1 / 2^s <= theta_13 = 5.3719...
 *     Y = X / 2^s (exact: a power of two),
 *     U = Y (Y6 (b13 Y6 + b11 Y4 + b9 Y2) + b7 Y6 + b5 Y4 + b3 Y2 + b1 I),
 *     V = Y6 (b12 Y6 + b10 Y4 + b8 Y2) + b6 Y6 + b4 Y4 + b2 Y2 + b0 I,
 *     r13(Y) = (V - U)^-1 (V + U)   (LU with partial pivoting),
 *     exp(X) = r13(Y)^(2^s)         (s squarings: a run-time loop bound),
 * with b_j = (26 - j)! 13! / (26! j! (13 - j)!), computed here from that
 * formula.  Degree 13 is used for every norm (Higham picks lower degrees
 * for small norms to save products; the answer is as accurate).  The
 * statements are ordinary IR, so ad.c differentiates them: the gradient is
 * that of the approximant, which approximates the Frechet derivative of the
 * exponential to the same order.
 * Never: loops forever: a matrix with an infinite or NaN element is
 * rejected (located, like a density's invalid argument) before the scaling
 * loop, as is a non-square A or a B whose rows differ from A's size.
 */
#include <math.h>
#include "lower_int.h"

#define PADE_M 13
#define THETA_13 5.371920351148152 /* Higham 2005, Table 2.3 */

/* A square n x n real temporary. */
static ir_var *square(lctx *c, const expr *e, ir_expr *n) {
    ir_expr *dd[2] = {n, n};
    return lw_temp(c, e, 0, 2, dd);
}

/* The Pade coefficients b_0..b_13 (b_0 = 1): b_j = b_(j-1) (m - j + 1) /
 * ((2m - j + 1) j); the common factor cancels in (V - U)^-1 (V + U). */
static void pade_coefficients(double *b) {
    b[0] = 1.0;
    for (int j = 1; j <= PADE_M; j++)
        b[j] = b[j - 1] * (PADE_M - j + 1) / ((double)(2 * PADE_M - j + 1) * j);
}

/* One term of a linear combination: coef * M (M NULL: the identity). */
typedef struct {
    double coef;
    ir_var *M;
} term;

/* out = sum of the nt terms, element by element (n x n). */
static void lincomb(lctx *c, const expr *e, ir_var *out, ir_expr *n, const term *t, int nt) {
    ir_block *si, *sj;
    ir_expr *i = lw_loop(c, I(c, 1), n, &si, e), *j = lw_loop(c, I(c, 1), n, &sj, e);
    ir_expr *v = R(c, 0);
    for (int k = 0; k < nt; k++) {
        ir_expr *x = t[k].M ? lw_get(c, t[k].M, ix2(c, i, j)) : realv(c, ir_bin(c->a, OP_EQ, i, j));
        v = add(c, v, mul(c, R(c, t[k].coef), x));
    }
    lw_set(c, out, ix2(c, i, j), v, e);
    lw_loop_end(c, sj);
    lw_loop_end(c, si);
}

/* X = factor * A (factor NULL: 1), A the argument expression. */
static void load_scaled(lctx *c, const expr *e, ir_var *X, const expr *A, ir_expr *factor) {
    ir_block *si, *sj;
    ir_expr *i = lw_loop(c, I(c, 1), X->dims[0], &si, e), *j = lw_loop(c, I(c, 1), X->dims[0], &sj, e);
    ir_expr *a = realv(c, lw_el2(c, A, i, j));
    lw_set(c, X, ix2(c, i, j), factor ? mul(c, factor, a) : a, e);
    lw_loop_end(c, sj);
    lw_loop_end(c, si);
}

/* ||X||_1 = max_j sum_i |X[i, j]| into the scalar temporary nrm. */
static void norm1_into(lctx *c, const expr *e, ir_var *X, ir_var *nrm) {
    ir_expr *n = X->dims[0];
    ir_var *col = lw_temp(c, e, 0, 0, NULL);
    lw_set(c, nrm, NULL, R(c, 0), e);
    ir_block *sj;
    ir_expr *j = lw_loop(c, I(c, 1), n, &sj, e);
    ir_var *iv = lw_fresh_loop(c);
    ir_expr *xij = lw_get(c, X, ix2(c, ir_read0(c->a, iv), j));
    lw_set(c, col, NULL, ir_sum(c->a, iv, I(c, 1), n, lw_call(c, "fabs", 1, xij, NULL), R(c, 0)), e);
    ir_stmt *big = lw_if(c, ir_bin(c->a, OP_GT, lw_get0(c, col), lw_get0(c, nrm)), e);
    ir_block *in = c->cur;
    c->cur = &big->body;
    lw_set(c, nrm, NULL, lw_get0(c, col), e);
    c->cur = in;
    lw_loop_end(c, sj);
}

/* The number of squarings s into the int temporary s, and X scaled by
 * 2^-s in place: while (nrm > theta_13) halve; rejects a non-finite X. */
static void scale_down(lctx *c, const expr *e, ir_var *X, ir_var *s) {
    ir_var *nrm = lw_temp(c, e, 0, 0, NULL), *f = lw_temp(c, e, 0, 0, NULL);
    norm1_into(c, e, X, nrm);
    lw_reject_if(c, ir_bin(c->a, OP_EQ, ir_bin(c->a, OP_LT, lw_get0(c, nrm), R(c, HUGE_VAL)), I(c, 0)), e,
                 arena_printf(c->a, "%s: the matrix has an infinite or NaN element", e->name));
    lw_set(c, s, NULL, I(c, 0), e);
    lw_set(c, f, NULL, R(c, 1), e);
    ir_stmt *w = ir_stmt_new(c->a, IS_WHILE, e->span);
    w->cond = ir_bin(c->a, OP_GT, lw_get0(c, nrm), R(c, THETA_13));
    lw_emit(c, w);
    ir_block *saved = c->cur;
    const ir_stmt *saved_for = c->cur_for;
    c->cur = &w->body;
    c->cur_for = NULL;
    lw_set(c, nrm, NULL, mul(c, R(c, 0.5), lw_get0(c, nrm)), e);
    lw_set(c, f, NULL, mul(c, R(c, 0.5), lw_get0(c, f)), e);
    lw_set(c, s, NULL, add(c, lw_get0(c, s), I(c, 1)), e);
    c->cur = saved;
    c->cur_for = saved_for;
    ir_block *si, *sj;
    ir_expr *n = X->dims[0];
    ir_expr *i = lw_loop(c, I(c, 1), n, &si, e), *j = lw_loop(c, I(c, 1), n, &sj, e);
    lw_set(c, X, ix2(c, i, j), mul(c, lw_get0(c, f), lw_get(c, X, ix2(c, i, j))), e);
    lw_loop_end(c, sj);
    lw_loop_end(c, si);
}

/* out = r13(Y) for ||Y||_1 <= theta_13 (Y is kept). */
static void pade13(lctx *c, const expr *e, ir_var *Y, ir_var *out) {
    ir_expr *n = Y->dims[0];
    double b[PADE_M + 1];
    pade_coefficients(b);
    ir_var *Y2 = square(c, e, n), *Y4 = square(c, e, n), *Y6 = square(c, e, n);
    ir_var *W = square(c, e, n), *T = square(c, e, n), *U = square(c, e, n), *V = square(c, e, n);
    lw_matmul_vars(c, e, Y2, Y, Y, n);
    lw_matmul_vars(c, e, Y4, Y2, Y2, n);
    lw_matmul_vars(c, e, Y6, Y4, Y2, n);
    lincomb(c, e, W, n, (term[]){{b[13], Y6}, {b[11], Y4}, {b[9], Y2}}, 3);
    lw_matmul_vars(c, e, T, Y6, W, n);
    lincomb(c, e, W, n, (term[]){{1, T}, {b[7], Y6}, {b[5], Y4}, {b[3], Y2}, {b[1], NULL}}, 5);
    lw_matmul_vars(c, e, U, Y, W, n);
    lincomb(c, e, W, n, (term[]){{b[12], Y6}, {b[10], Y4}, {b[8], Y2}}, 3);
    lw_matmul_vars(c, e, T, Y6, W, n);
    lincomb(c, e, V, n, (term[]){{1, T}, {b[6], Y6}, {b[4], Y4}, {b[2], Y2}, {b[0], NULL}}, 5);
    lincomb(c, e, W, n, (term[]){{1, V}, {-1, U}}, 2);   /* V - U */
    lincomb(c, e, T, n, (term[]){{1, V}, {1, U}}, 2);    /* V + U */
    lu_factor f = lw_lu_var(c, e, W);
    ir_block *sc;
    ir_expr *col = lw_loop(c, I(c, 1), n, &sc, e);
    lw_lu_solve_col(c, e, f, out, col, (rhs_src){NULL, T, 0});
    lw_loop_end(c, sc);
}

/* out = exp(factor * A) (n x n; factor NULL: 1). */
static void matrix_exp_into(lctx *c, const expr *e, const expr *A, ir_expr *factor, ir_var *out) {
    lw_check_square(c, e, A);
    ir_expr *n = lw_dim(c, A, 0);
    ir_var *Y = square(c, e, n), *W = square(c, e, n), *s = lw_temp(c, e, 1, 0, NULL);
    load_scaled(c, e, Y, A, factor);
    scale_down(c, e, Y, s);
    pade13(c, e, Y, out);
    ir_block *sk;
    lw_loop(c, I(c, 1), lw_get0(c, s), &sk, e);
    lw_matmul_vars(c, e, W, out, out, n);
    lw_copy_var(c, e, out, W, n);
    lw_loop_end(c, sk);
}

typedef struct {
    ir_var *E;
    const expr *B;
    ir_expr *i, *j;
} eb_ctx;

static ir_expr *eb_term(lctx *c, const void *p, ir_expr *k) {
    const eb_ctx *m = p;
    return mul(c, lw_get(c, m->E, ix2(c, m->i, k)), realv(c, lw_el2(c, m->B, k, m->j)));
}

/* t = exp(factor * A) B. */
static void exp_multiply(lctx *c, const expr *e, ir_var *t, const expr *A, ir_expr *factor, const expr *B) {
    ir_expr *n = lw_dim(c, A, 0);
    lw_size_check(c, e, lw_dim(c, B, 0), n, "rows of B and the size of A differ");
    ir_var *E = square(c, e, n);
    matrix_exp_into(c, e, A, factor, E);
    ir_block *si, *sj;
    ir_expr *i = lw_loop(c, I(c, 1), n, &si, e), *j = lw_loop(c, I(c, 1), t->dims[1], &sj, e);
    eb_ctx m = {E, B, i, j};
    lw_accumulate(c, e, t, ix2(c, i, j), I(c, 1), n, R(c, 0), 0, eb_term, &m);
    lw_loop_end(c, sj);
    lw_loop_end(c, si);
}

void lw_fill_matrix_exp(lctx *c, const expr *e, ir_var *t) { matrix_exp_into(c, e, arg(e, 0), NULL, t); }

void lw_fill_matrix_exp_multiply(lctx *c, const expr *e, ir_var *t) {
    exp_multiply(c, e, t, arg(e, 0), NULL, arg(e, 1));
}

void lw_fill_scale_matrix_exp_multiply(lctx *c, const expr *e, ir_var *t) {
    ir_var *f = lw_temp(c, e, 0, 0, NULL);
    lw_set(c, f, NULL, realv(c, lw_scalar(c, arg(e, 0))), e);
    exp_multiply(c, e, t, arg(e, 1), lw_get0(c, f), arg(e, 2));
}
