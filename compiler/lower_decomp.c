/* compiler/lower_decomp.c — the singular values and vectors
 * singular_values(A), svd_U(A), svd_V(A), the Moore-Penrose inverse
 * generalized_inverse(A) and the full QR factors qr_Q(A), qr_R(A), lowered
 * to IR.
 *
 * In:  the call (A is m x n, k = min(m, n)) and the matrix temporary that
 * receives its value (lower_container.c's hoisting table calls lw_fill_*).
 * Out: statements at `cur`; ordinary IR, so ad.c differentiates them.
 *  - qr_Q (m x m), qr_R (m x n): the thin factors of lower_container.c's
 *    lw_qr_thin (modified Gram-Schmidt twice, R's diagonal non-negative as
 *    in Stan), so Q[, 1:k] = qr_thin_Q(A) and R[1:k, ] = qr_thin_R(A); R's
 *    rows below k are zero, and when m > n Q's last m - n columns complete
 *    the basis (complete_col: a unit vector orthogonalised against the
 *    columns before it).  Those columns are an orthonormal basis of the
 *    complement of A's column space, but not necessarily the one Stan's
 *    Householder QR gives (it is not unique).
 *  - singular_values (k), svd_U (m x k), svd_V (n x k): the singular values
 *    are the square roots of the k largest eigenvalues of A'A (lw_eigen_sym,
 *    Jacobi), descending (squaring costs accuracy in the small ones: a
 *    relative error of about eps (s_max / s_j)^2); V's columns are the
 *    eigenvectors that go with them; column j of U is A v_j / s_j.  Sign convention: each column of V has its largest
 *    component (in absolute value, the first such) positive; U's column
 *    follows.  A singular value at most SVD_ZERO times the largest counts
 *    as zero (A'A cannot resolve smaller ones; see singular_values): its
 *    column of U completes the basis instead (complete_col).
 *  - generalized_inverse (n x m): V diag(1 / s) U' over the singular values
 *    that are not zero in that sense, i.e. the Moore-Penrose inverse for
 *    any rank (0 for a zero matrix).
 * Never: guarantees anything about the directions of repeated singular
 * values (any orthonormal basis of their space is an answer), or about the
 * gradient where the rank or the order of the values changes.
 */
#include <math.h>
#include "lower_int.h"

#define SVD_ZERO 1e-7

static ir_var *scalar(lctx *c, const expr *e, int is_int, ir_expr *v) {
    ir_var *t = lw_temp(c, e, is_int, 0, NULL);
    lw_set(c, t, NULL, v, e);
    return t;
}

/* if (cond) at cur: returns the block to restore after filling the body. */
static ir_block *open_if(lctx *c, const expr *e, ir_expr *cond) {
    ir_stmt *s = lw_if(c, cond, e);
    ir_block *in = c->cur;
    c->cur = &s->body;
    return in;
}

/* The unit vector e_b into v (m). */
static void unit_into(lctx *c, const expr *e, ir_var *v, ir_expr *b) {
    ir_block *sp;
    ir_expr *p = lw_loop(c, I(c, 1), v->dims[0], &sp, e);
    lw_set(c, v, ix1(c, p), realv(c, ir_bin(c->a, OP_EQ, p, b)), e);
    lw_loop_end(c, sp);
}

/* Column j of Q (m rows, columns 1..j-1 orthonormal) := a unit vector
 * orthogonal to them: e_b, b the first row of Q with the least norm in
 * those columns (so e_b has the largest residual, at least
 * sqrt((m - j + 1) / m)), made orthogonal by modified Gram-Schmidt twice
 * and normalised. */
static void complete_col(lctx *c, const expr *e, ir_var *Q, ir_expr *j) {
    ir_expr *m = Q->dims[0], *prev = sub(c, j, I(c, 1));
    ir_var *v = lw_temp(c, e, 0, 1, &m), *r = lw_temp(c, e, 0, 0, NULL);
    ir_var *best = scalar(c, e, 0, R(c, HUGE_VAL)), *b = scalar(c, e, 1, I(c, 1));
    ir_block *si, *sp, *sl;
    ir_expr *i = lw_loop(c, I(c, 1), m, &si, e);
    ir_var *lv = lw_fresh_loop(c);
    lw_set(c, r, NULL, ir_sum(c->a, lv, I(c, 1), prev, sq(c, lw_get(c, Q, ix2(c, i, ir_read0(c->a, lv)))), R(c, 0)), e);
    ir_block *in = open_if(c, e, ir_bin(c->a, OP_LT, lw_get0(c, r), lw_get0(c, best)));
    lw_set(c, best, NULL, lw_get0(c, r), e);
    lw_set(c, b, NULL, i, e);
    c->cur = in;
    lw_loop_end(c, si);
    unit_into(c, e, v, lw_get0(c, b));
    lw_loop(c, I(c, 1), I(c, 2), &sp, e); /* two passes */
    ir_expr *l = lw_loop(c, I(c, 1), prev, &sl, e);
    lw_set(c, r, NULL, lw_col_dot(c, Q, l, v, m), e);
    ir_block *sp2;
    ir_expr *p = lw_loop(c, I(c, 1), m, &sp2, e);
    lw_set(c, v, ix1(c, p), sub(c, lw_get(c, v, ix1(c, p)), mul(c, lw_get0(c, r), lw_get(c, Q, ix2(c, p, l)))), e);
    lw_loop_end(c, sp2);
    lw_loop_end(c, sl);
    lw_loop_end(c, sp);
    ir_var *pv = lw_fresh_loop(c);
    lw_set(c, r, NULL, lw_sqrt(c, ir_sum(c->a, pv, I(c, 1), m, sq(c, lw_get(c, v, ix1(c, ir_read0(c->a, pv)))), R(c, 0))), e);
    p = lw_loop(c, I(c, 1), m, &sp, e);
    lw_set(c, Q, ix2(c, p, j), dvd(c, lw_get(c, v, ix1(c, p)), lw_get0(c, r)), e);
    lw_loop_end(c, sp);
}

/* ---- QR ------------------------------------------------------------------------ */

static ir_expr *rows_of(lctx *c, const expr *e) { return lw_dim(c, arg(e, 0), 0); }
static ir_expr *cols_of(lctx *c, const expr *e) { return lw_dim(c, arg(e, 0), 1); }
static ir_expr *min_dim(lctx *c, const expr *e) { return lw_int_min(c, rows_of(c, e), cols_of(c, e)); }

static ir_var *matrix(lctx *c, const expr *e, ir_expr *r, ir_expr *k) {
    ir_expr *dd[2] = {r, k};
    return lw_temp(c, e, 0, 2, dd);
}

void lw_fill_qr_Q(lctx *c, const expr *e, ir_var *t) {
    lw_qr_thin(c, e, t, matrix(c, e, min_dim(c, e), cols_of(c, e)));
    ir_block *sj;
    ir_expr *j = lw_loop(c, add(c, min_dim(c, e), I(c, 1)), rows_of(c, e), &sj, e);
    complete_col(c, e, t, j);
    lw_loop_end(c, sj);
}

void lw_fill_qr_R(lctx *c, const expr *e, ir_var *t) {
    lw_qr_thin(c, e, matrix(c, e, rows_of(c, e), min_dim(c, e)), t);
    ir_block *si, *sj;
    ir_expr *i = lw_loop(c, add(c, min_dim(c, e), I(c, 1)), rows_of(c, e), &si, e);
    ir_expr *j = lw_loop(c, I(c, 1), cols_of(c, e), &sj, e);
    lw_set(c, t, ix2(c, i, j), R(c, 0), e);
    lw_loop_end(c, sj);
    lw_loop_end(c, si);
}

/* ---- SVD ------------------------------------------------------------------------ */

typedef struct {
    ir_var *U, *s, *V; /* m x k, k, n x k */
} svd_parts;

/* s and V from the eigen-decomposition of A'A (descending). */
static void right_vectors(lctx *c, const expr *e, svd_parts *d) {
    ir_expr *n = cols_of(c, e);
    ir_var *G = matrix(c, e, n, n), *W = matrix(c, e, n, n), *ev = lw_temp(c, e, 0, 1, &n);
    lw_gram_into(c, e, G, 1, 0);
    lw_eigen_sym(c, e, G, ev, W);
    ir_block *sj, *si;
    ir_expr *j = lw_loop(c, I(c, 1), min_dim(c, e), &sj, e);
    ir_expr *col = add(c, sub(c, n, j), I(c, 1));
    ir_expr *v = lw_get(c, ev, ix1(c, col));
    lw_set(c, d->s, ix1(c, j), lw_sqrt(c, mul(c, realv(c, ir_bin(c->a, OP_GT, v, R(c, 0))), v)), e);
    ir_expr *i = lw_loop(c, I(c, 1), n, &si, e);
    lw_set(c, d->V, ix2(c, i, j), lw_get(c, W, ix2(c, i, col)), e);
    lw_loop_end(c, si);
    lw_loop_end(c, sj);
}

/* Each column of V: its first largest-magnitude component made positive. */
static void fix_signs(lctx *c, const expr *e, ir_var *V) {
    ir_expr *n = V->dims[0];
    ir_var *best = lw_temp(c, e, 0, 0, NULL), *b = lw_temp(c, e, 1, 0, NULL);
    ir_block *sj, *si;
    ir_expr *j = lw_loop(c, I(c, 1), V->dims[1], &sj, e);
    lw_set(c, best, NULL, R(c, -1), e);
    lw_set(c, b, NULL, I(c, 1), e);
    ir_expr *i = lw_loop(c, I(c, 1), n, &si, e);
    ir_expr *a = lw_call(c, "fabs", 1, lw_get(c, V, ix2(c, i, j)), NULL);
    ir_block *in = open_if(c, e, ir_bin(c->a, OP_GT, a, lw_get0(c, best)));
    lw_set(c, best, NULL, lw_call(c, "fabs", 1, lw_get(c, V, ix2(c, i, j)), NULL), e);
    lw_set(c, b, NULL, i, e);
    c->cur = in;
    lw_loop_end(c, si);
    in = open_if(c, e, ir_bin(c->a, OP_LT, lw_get(c, V, ix2(c, lw_get0(c, b), j)), R(c, 0)));
    i = lw_loop(c, I(c, 1), n, &si, e);
    lw_set(c, V, ix2(c, i, j), ir_neg(c->a, lw_get(c, V, ix2(c, i, j))), e);
    lw_loop_end(c, si);
    c->cur = in;
    lw_loop_end(c, sj);
}

/* A singular value that counts as non-zero: s_j > SVD_ZERO s_1. */
static ir_expr *nonzero_sv(lctx *c, ir_var *s, ir_expr *j) {
    return ir_bin(c->a, OP_GT, lw_get(c, s, ix1(c, j)), mul(c, R(c, SVD_ZERO), lw_get(c, s, ix1(c, I(c, 1)))));
}

typedef struct {
    const expr *A;
    ir_var *V;
    ir_expr *p, *j;
} av_ctx;

static ir_expr *av_term(lctx *c, const void *q, ir_expr *i) {
    const av_ctx *a = q;
    return mul(c, realv(c, lw_el2(c, a->A, a->p, i)), lw_get(c, a->V, ix2(c, i, a->j)));
}

/* U[, j] = A v_j / s_j, or a completing column where s_j counts as zero. */
static void left_vectors(lctx *c, const expr *e, svd_parts *d) {
    ir_block *sj, *sp;
    ir_expr *j = lw_loop(c, I(c, 1), min_dim(c, e), &sj, e);
    ir_stmt *nz = lw_if(c, nonzero_sv(c, d->s, j), e);
    ir_block *in = c->cur;
    c->cur = &nz->body;
    ir_expr *p = lw_loop(c, I(c, 1), rows_of(c, e), &sp, e);
    av_ctx a = {arg(e, 0), d->V, p, j};
    lw_accumulate(c, e, d->U, ix2(c, p, j), I(c, 1), cols_of(c, e), R(c, 0), 0, av_term, &a);
    lw_set(c, d->U, ix2(c, p, j), dvd(c, lw_get(c, d->U, ix2(c, p, j)), lw_get(c, d->s, ix1(c, j))), e);
    lw_loop_end(c, sp);
    c->cur = &nz->els;
    complete_col(c, e, d->U, j);
    c->cur = in;
    lw_loop_end(c, sj);
}

/* The thin SVD of arg(e, 0); U or V may be given (the call's result). */
static svd_parts svd(lctx *c, const expr *e, ir_var *U, ir_var *V) {
    ir_expr *k = min_dim(c, e);
    svd_parts d = {U ? U : matrix(c, e, rows_of(c, e), k), lw_temp(c, e, 0, 1, &k),
                   V ? V : matrix(c, e, cols_of(c, e), k)};
    right_vectors(c, e, &d);
    fix_signs(c, e, d.V);
    left_vectors(c, e, &d);
    return d;
}

void lw_fill_singular_values(lctx *c, const expr *e, ir_var *t) {
    ir_expr *k = min_dim(c, e);
    svd_parts d = {NULL, t, matrix(c, e, cols_of(c, e), k)};
    right_vectors(c, e, &d);
}

void lw_fill_svd_U(lctx *c, const expr *e, ir_var *t) { svd(c, e, t, NULL); }
void lw_fill_svd_V(lctx *c, const expr *e, ir_var *t) { svd(c, e, NULL, t); }

/* A^+ = sum over the non-zero s_l of v_l u_l' / s_l. */
void lw_fill_generalized_inverse(lctx *c, const expr *e, ir_var *t) {
    svd_parts d = svd(c, e, NULL, NULL);
    ir_expr *k = min_dim(c, e);
    ir_var *inv = lw_temp(c, e, 0, 1, &k);
    ir_block *sl, *si, *sj;
    ir_expr *l = lw_loop(c, I(c, 1), k, &sl, e);
    lw_set(c, inv, ix1(c, l), R(c, 0), e);
    ir_block *in = open_if(c, e, nonzero_sv(c, d.s, l));
    lw_set(c, inv, ix1(c, l), dvd(c, R(c, 1), lw_get(c, d.s, ix1(c, l))), e);
    c->cur = in;
    lw_loop_end(c, sl);
    ir_expr *i = lw_loop(c, I(c, 1), cols_of(c, e), &si, e);
    ir_expr *j = lw_loop(c, I(c, 1), rows_of(c, e), &sj, e);
    ir_var *lv = lw_fresh_loop(c);
    ir_expr *q = ir_read0(c->a, lv);
    ir_expr *term = mul(c, mul(c, lw_get(c, d.V, ix2(c, i, q)), lw_get(c, inv, ix1(c, q))),
                        lw_get(c, d.U, ix2(c, j, q)));
    lw_set(c, t, ix2(c, i, j), ir_sum(c->a, lv, I(c, 1), k, term, R(c, 0)), e);
    lw_loop_end(c, sj);
    lw_loop_end(c, si);
}
