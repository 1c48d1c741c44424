/* compiler/lower_dlm.c — the Kalman filter of gaussian_dlm_obs, as IR.
 *
 * In:  the density's arguments y (r x T), F (n x r), G (n x n), V (r x r,
 * or the r-vector of its diagonal), W (n x n), m0 (n), C0 (n x n) of the
 * Gaussian dynamic linear model
 *     y_t ~ N(F' theta_t, V),  theta_t ~ N(G theta_(t-1), W),
 *     theta_0 ~ N(m0, C0)
 * (lower_multi.c's table calls lw_dlm_loglik and adds the constant).
 * Out: statements at `cur` computing, with m = m0 and C = C0, for each t
 *     a = G m,  R = G C G' + W,  f = F' a,  Q = F' R F + V,  e = y_t - f,
 *     log p(y_t | y_1..t-1) = -(log det Q + e' Q^-1 e) / 2 - r log(2 pi) / 2,
 *     m = a + R F Q^-1 e,  C = R - R F Q^-1 F' R (made exactly symmetric),
 * Q factored by the shared Cholesky builder (which rejects a Q that is not
 * symmetric positive definite); the sum of the non-constant parts goes into
 * a scalar temporary.  All of it is ordinary IR, differentiated by ad.c.
 * The diagonal-V form uses the same filter with V as a diagonal matrix
 * (Stan processes it one observation at a time; the likelihood is the same).
 * Never: accepts mismatched sizes, a G that is not square, a V, W or C0
 * that is not symmetric, or a negative element of a diagonal V.  W and C0
 * are not checked for positive semi-definiteness (Stan does): a Q that is
 * not positive definite still rejects.
 */
#include <math.h>
#include "lower_int.h"

/* A matrix operand: an argument (diag: a vector read as the diagonal
 * matrix), or a temporary (a vector temporary is one column); trans reads
 * its transpose. */
typedef struct {
    const expr *e;
    ir_var *v;
    int trans, diag;
} mref;

static mref arg_m(const expr *e) { return (mref){e, NULL, 0, 0}; }
static mref arg_t(const expr *e) { return (mref){e, NULL, 1, 0}; }
static mref tmp_m(ir_var *v) { return (mref){NULL, v, 0, 0}; }
static mref tmp_t(ir_var *v) { return (mref){NULL, v, 1, 0}; }

static ir_expr *mel(lctx *c, mref m, ir_expr *i, ir_expr *j) {
    if (m.trans) {
        ir_expr *x = i;
        i = j;
        j = x;
    }
    if (m.diag) return mul(c, realv(c, ir_bin(c->a, OP_EQ, i, j)), lw_el1(c, m.e, i));
    if (m.v) return m.v->ndims == 1 ? lw_get(c, m.v, ix1(c, i)) : lw_get(c, m.v, ix2(c, i, j));
    return lw_is_mat(m.e) ? lw_el2(c, m.e, i, j) : lw_el1(c, m.e, i);
}

/* Element (i, j) of the product of x and y (inner size k), as one IE_SUM. */
typedef struct {
    lctx *c;
    mref x, y;
    ir_expr *k;
} product;

static ir_expr *prod_el(const product *p, ir_expr *i, ir_expr *j) {
    lctx *c = p->c;
    ir_var *kv = lw_fresh_loop(c);
    ir_expr *k = ir_read0(c->a, kv);
    return ir_sum(c->a, kv, I(c, 1), p->k, mul(c, mel(c, p->x, i, k), mel(c, p->y, k, j)), R(c, 0));
}

/* t = x y (+ plus, when plus.e or plus.v is set), t a matrix or a vector
 * temporary; k the inner size. */
static void mat_mul(lctx *c, const expr *at, ir_var *t, mref x, mref y, ir_expr *k, mref plus) {
    product p = {c, x, y, k};
    ir_block *si, *sj = NULL;
    ir_expr *i = lw_loop(c, I(c, 1), t->dims[0], &si, at), *j = I(c, 1);
    if (t->ndims == 2) j = lw_loop(c, I(c, 1), t->dims[1], &sj, at);
    ir_expr *v = prod_el(&p, i, j);
    if (plus.e || plus.v) v = add(c, v, mel(c, plus, i, j));
    lw_set(c, t, t->ndims == 2 ? ix2(c, i, j) : ix1(c, i), v, at);
    if (sj) lw_loop_end(c, sj);
    lw_loop_end(c, si);
}

static ir_var *temp2(lctx *c, const expr *at, ir_expr *a, ir_expr *b) {
    ir_expr *d[2] = {a, b};
    return lw_temp(c, at, 0, 2, d);
}

static ir_var *temp1(lctx *c, const expr *at, ir_expr *a) {
    ir_expr *d[1] = {a};
    return lw_temp(c, at, 0, 1, d);
}

static void check_symmetric(lctx *c, const expr *at, const char *name, const expr *m, const char *what) {
    lw_check_symmetric(c, at, m, NULL, lw_dim(c, m, 0), arena_printf(c->a, "%s: %s is not symmetric", name, what));
}

static void size_is(lctx *c, const expr *at, const char *name, ir_expr *a, ir_expr *b, const char *what) {
    lw_reject_if(c, ir_bin(c->a, OP_NE, a, b), at, arena_printf(c->a, "%s: size mismatch (%s)", name, what));
}

/* Stan's size checks, symmetry of V, W and C0, a diagonal V >= 0. */
static void check_args(lctx *c, const expr *at, const char *name, const expr **a, ir_expr *r, ir_expr *n) {
    const expr *F = a[1], *G = a[2], *V = a[3], *W = a[4], *m0 = a[5], *C0 = a[6];
    size_is(c, at, name, lw_dim(c, F, 1), r, "columns of F and rows of y");
    size_is(c, at, name, lw_dim(c, F, 0), n, "rows of F and rows of G");
    size_is(c, at, name, lw_dim(c, G, 1), n, "G is not square");
    size_is(c, at, name, lw_dim(c, V, 0), r, "rows of V and rows of y");
    size_is(c, at, name, lw_dim(c, W, 0), n, "rows of W and rows of G");
    size_is(c, at, name, lw_dim(c, W, 1), n, "W is not square");
    size_is(c, at, name, lw_dim(c, m0, 0), n, "size of m0 and rows of G");
    size_is(c, at, name, lw_dim(c, C0, 0), n, "rows of C0 and rows of G");
    size_is(c, at, name, lw_dim(c, C0, 1), n, "C0 is not square");
    if (lw_is_mat(V)) {
        size_is(c, at, name, lw_dim(c, V, 1), r, "V is not square");
        check_symmetric(c, at, name, V, "V");
    } else {
        ir_block *sp;
        ir_expr *p = lw_loop(c, I(c, 1), r, &sp, at);
        lw_reject_if(c, ir_bin(c->a, OP_LT, lw_el1(c, V, p), R(c, 0)), at,
                     arena_printf(c->a, "%s: V has a negative element", name));
        lw_loop_end(c, sp);
    }
    check_symmetric(c, at, name, W, "W");
    check_symmetric(c, at, name, C0, "C0");
}

/* The filter's state and work space. */
typedef struct {
    ir_var *m, *C;        /* state mean and covariance */
    ir_var *a, *GC, *R;   /* prediction */
    ir_var *RFt, *Q, *e;  /* F' R (r x n), innovation covariance and residual */
    ir_var *B, *z, *ll;   /* Q^-1 F' R, L^-1 e, the log likelihood */
} kalman;

/* One step t: predict, add the log density of y_t, update. */
static void kalman_step(lctx *c, const expr *at, const expr **a, kalman *k, ir_expr *t, ir_expr *r,
                        ir_expr *n) {
    const expr *y = a[0], *F = a[1], *G = a[2], *V = a[3], *W = a[4];
    mref none = {0};
    mat_mul(c, at, k->a, arg_m(G), tmp_m(k->m), n, none);
    mat_mul(c, at, k->GC, arg_m(G), tmp_m(k->C), n, none);
    mat_mul(c, at, k->R, tmp_m(k->GC), arg_t(G), n, arg_m(W));
    mat_mul(c, at, k->RFt, arg_t(F), tmp_m(k->R), n, none);
    mref Vm = {V, NULL, 0, !lw_is_mat(V)};
    mat_mul(c, at, k->Q, tmp_m(k->RFt), arg_m(F), n, Vm);
    ir_var *L = lw_cholesky_var(c, at, k->Q);
    /* e = y_t - F' a */
    product fa = {c, arg_t(F), tmp_m(k->a), n};
    ir_block *sp;
    ir_expr *p = lw_loop(c, I(c, 1), r, &sp, at);
    lw_set(c, k->e, ix1(c, p), sub(c, lw_el2(c, y, p, t), prod_el(&fa, p, I(c, 1))), at);
    lw_loop_end(c, sp);
    lw_tri_solve(c, at, k->z, (tri){NULL, L, 0}, (rhs_src){NULL, k->e, 0});
    p = lw_loop(c, I(c, 1), r, &sp, at);
    ir_expr *q = add(c, mul(c, R(c, 2), lg(c, lw_get(c, L, ix2(c, p, p)))), sq(c, lw_get(c, k->z, ix1(c, p))));
    lw_set(c, k->ll, NULL, sub(c, lw_get0(c, k->ll), mul(c, R(c, 0.5), q)), at);
    lw_loop_end(c, sp);
    /* update: B = Q^-1 F' R; m = a + B' e; C = R - (F' R)' B, symmetric */
    lw_cholesky_solve(c, at, L, k->B, (rhs_src){NULL, k->RFt, 0});
    mat_mul(c, at, k->m, tmp_t(k->B), tmp_m(k->e), r, tmp_m(k->a));
    product rb = {c, tmp_t(k->RFt), tmp_m(k->B), r};
    ir_block *si, *sj;
    ir_expr *i = lw_loop(c, I(c, 1), n, &si, at);
    ir_expr *j = lw_loop(c, I(c, 1), i, &sj, at);
    lw_set(c, k->C, ix2(c, i, j), sub(c, lw_get(c, k->R, ix2(c, i, j)), prod_el(&rb, i, j)), at);
    lw_set(c, k->C, ix2(c, j, i), lw_get(c, k->C, ix2(c, i, j)), at);
    lw_loop_end(c, sj);
    lw_loop_end(c, si);
}

ir_var *lw_dlm_loglik(lctx *c, const expr *at, const char *name, const expr **a) {
    ir_expr *r = lw_dim(c, a[0], 0), *T = lw_dim(c, a[0], 1), *n = lw_dim(c, a[2], 0);
    check_args(c, at, name, a, r, n);
    kalman k = {temp1(c, at, n), temp2(c, at, n, n), temp1(c, at, n), temp2(c, at, n, n),
                temp2(c, at, n, n), temp2(c, at, r, n), temp2(c, at, r, r), temp1(c, at, r),
                temp2(c, at, r, n), temp1(c, at, r), lw_temp(c, at, 0, 0, NULL)};
    ir_block *s1, *s2;
    ir_expr *i = lw_loop(c, I(c, 1), n, &s1, at);
    lw_set(c, k.m, ix1(c, i), lw_el1(c, a[5], i), at);
    ir_expr *j = lw_loop(c, I(c, 1), n, &s2, at);
    lw_set(c, k.C, ix2(c, i, j), lw_el2(c, a[6], i, j), at);
    lw_loop_end(c, s2);
    lw_loop_end(c, s1);
    lw_set(c, k.ll, NULL, R(c, 0), at);
    ir_expr *t = lw_loop(c, I(c, 1), T, &s1, at);
    kalman_step(c, at, a, &k, t, r, n);
    lw_loop_end(c, s1);
    return k.ll;
}
