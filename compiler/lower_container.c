/* compiler/lower_container.c — container functions, products, reductions,
 * multi-indexing and literals, lowered to scalar IR.
 *
 * In:  typed AST expressions whose value is a whole vector / matrix / array
 * (or a reduction of one).  Out: either an element rule (element idx of
 * `head(v, n)` is `v[idx]`: no statements at all) or a *hoisted*
 * temporary: statements emitted before the statement that uses the value
 * compute it into a compiler variable (`__tmp`), and the expression then
 * reads that variable.  The statements are ordinary IR assignments, loops
 * and ifs, so ad.c differentiates them like user code (a matrix product
 * becomes a loop of multiply-adds; a Cholesky factor the textbook
 * algorithm).
 * Never: guesses: a form it does not know is reported "not supported yet".
 *
 * Hoisting happens in two ways.  lw_hoist, called by lower.c before each
 * statement, computes every hoistable sub-expression once, before the
 * statement (remembered by expression and `gen`, the statement number).
 * An expression met later without a remembered temporary (for example a
 * declared bound lowered inside a loop) is hoisted where it is met: at
 * `cur`, which lower.c keeps at the innermost block that consumes it.
 */
#include <math.h>
#include <string.h>
#include "lower_int.h"

static int call_is(const expr *e, const char *name, int nargs) {
    return e->kind == EX_CALL && !e->fun && strcmp(e->name, name) == 0 && e->args.n == nargs;
}

/* ---- reductions (scalar temporaries) ------------------------------------------ */

/* t = init (op) x_1 (op) x_2 ... over every element of the argument. */
static void fold(lctx *c, const expr *e, ir_var *t, long init, op_kind op) {
    lw_set(c, t, NULL, I(c, init), e);
    ir_expr *idx[MAXD];
    int nd;
    ir_block *saved = lw_each_el(c, arg(e, 0), idx, &nd);
    lw_set(c, t, NULL, ir_bin(c->a, op, lw_get0(c, t), lw_operand(c, arg(e, 0), idx, nd)), e);
    lw_loop_end(c, saved);
}

static void fill_sum(lctx *c, const expr *e, ir_var *t) { fold(c, e, t, 0, OP_ADD); }
static void fill_prod(lctx *c, const expr *e, ir_var *t) { fold(c, e, t, 1, OP_MUL); }

static void fill_mean(lctx *c, const expr *e, ir_var *t) {
    lw_reject_if(c, ir_bin(c->a, OP_LT, lw_count(c, arg(e, 0)), I(c, 1)), e,
              "mean: the argument has no elements");
    fill_sum(c, e, t);
    lw_set(c, t, NULL, dvd(c, lw_get0(c, t), realv(c, lw_count(c, arg(e, 0)))), e);
}

/* Sum of squared deviations from the mean into t; returns the count. */
static ir_expr *sum_sq_dev(lctx *c, const expr *e, ir_var *t) {
    const expr *x = arg(e, 0);
    ir_var *m = lw_temp(c, e, 0, 0, NULL);
    fill_mean(c, e, m);
    lw_set(c, t, NULL, R(c, 0), e);
    ir_expr *idx[MAXD];
    int nd;
    ir_block *saved = lw_each_el(c, x, idx, &nd);
    lw_set(c, t, NULL, add(c, lw_get0(c, t), sq(c, sub(c, lw_operand(c, x, idx, nd), lw_get0(c, m)))), e);
    lw_loop_end(c, saved);
    return lw_count(c, x);
}

static void fill_variance(lctx *c, const expr *e, ir_var *t) {
    ir_expr *n = sum_sq_dev(c, e, t);
    lw_reject_if(c, ir_bin(c->a, OP_LT, n, I(c, 2)), e, "variance: fewer than two elements");
    lw_set(c, t, NULL, dvd(c, lw_get0(c, t), realv(c, sub(c, n, I(c, 1)))), e);
}

static void fill_sd(lctx *c, const expr *e, ir_var *t) {
    fill_variance(c, e, t);
    lw_set(c, t, NULL, lw_sqrt(c, lw_get0(c, t)), e);
}

/* max / min of the elements: t = x[first]; if (x > t) t = x. */
/* The largest (better = OP_GT) or smallest element of x into t. */
/* The elements a reduction runs over: those of x, or, for log_mix,
 * log(theta[k]) + x[k] (x[row][k] when row is set: one vector of an array). */
typedef struct {
    const expr *x, *theta;
    ir_expr *row;
} el_src;

/* Loops over the elements of src at cur (restore with lw_loop_end); *v is
 * the element. */
static ir_block *each_src_el(lctx *c, const el_src *src, ir_expr **v) {
    ir_expr *idx[MAXD];
    int nd;
    ir_block *saved = lw_each_el(c, src->theta ? src->theta : src->x, idx, &nd);
    if (!src->theta) *v = lw_operand(c, src->x, idx, nd);
    else {
        ir_expr *x = src->row ? lw_el(c, src->x, ix2(c, src->row, idx[0]), 2) : lw_el1(c, src->x, idx[0]);
        *v = add(c, lg(c, lw_el1(c, src->theta, idx[0])), x);
    }
    return saved;
}

static void extreme_of(lctx *c, const expr *e, const el_src *src, ir_var *t, op_kind better) {
    if (t->is_int) lw_set(c, t, NULL, I(c, better == OP_GT ? -2147483647L : 2147483647L), e);
    else lw_set(c, t, NULL, R(c, better == OP_GT ? -HUGE_VAL : HUGE_VAL), e);
    ir_expr *v;
    ir_block *saved = each_src_el(c, src, &v);
    ir_stmt *s = lw_if(c, ir_bin(c->a, better, v, lw_get0(c, t)), e);
    ir_block *in = c->cur;
    c->cur = &s->body;
    lw_set(c, t, NULL, v, e);
    c->cur = in;
    lw_loop_end(c, saved);
}

static void fill_max(lctx *c, const expr *e, ir_var *t) { extreme_of(c, e, &(el_src){.x = arg(e, 0)}, t, OP_GT); }
static void fill_min(lctx *c, const expr *e, ir_var *t) { extreme_of(c, e, &(el_src){.x = arg(e, 0)}, t, OP_LT); }

/* t = log(sum exp(v)) over the elements of src: max m first, then
 * m + log(sum exp(v - m)); -inf when every element is -inf. */
static void log_sum_exp_of(lctx *c, const expr *e, const el_src *src, ir_var *t) {
    ir_var *m = lw_temp(c, e, 0, 0, NULL);
    extreme_of(c, e, src, m, OP_GT);
    ir_stmt *fin = lw_if(c, ir_bin(c->a, OP_EQ, lw_get0(c, m), R(c, -HUGE_VAL)), e);
    ir_block *saved0 = c->cur;
    c->cur = &fin->body;
    lw_set(c, t, NULL, R(c, -HUGE_VAL), e);
    c->cur = &fin->els;
    lw_set(c, t, NULL, R(c, 0), e);
    ir_expr *v;
    ir_block *saved = each_src_el(c, src, &v);
    lw_set(c, t, NULL, add(c, lw_get0(c, t), ex(c, sub(c, v, lw_get0(c, m)))), e);
    lw_loop_end(c, saved);
    lw_set(c, t, NULL, add(c, lw_get0(c, m), lg(c, lw_get0(c, t))), e);
    c->cur = saved0;
}

/* The log sum of exponentials of the elements of x. */
void lw_log_sum_exp_into(lctx *c, const expr *e, const expr *x, ir_var *t) {
    log_sum_exp_of(c, e, &(el_src){.x = x}, t);
}

static void fill_log_sum_exp(lctx *c, const expr *e, ir_var *t) { lw_log_sum_exp_into(c, e, arg(e, 0), t); }

/* log_mix(theta, lambda) = log sum_k theta_k exp(lambda_k); with an array
 * of vectors lambda, the sum of that over its vectors. */
static void fill_log_mix(lctx *c, const expr *e, ir_var *t) {
    const expr *theta = arg(e, 0), *lam = arg(e, 1);
    if (lam->type.array_dims == 0) {
        lw_size_check(c, e, lw_dim(c, theta, 0), lw_dim(c, lam, 0), "theta and lambda differ in length");
        log_sum_exp_of(c, e, &(el_src){.x = lam, .theta = theta}, t);
        return;
    }
    ir_var *one = lw_temp(c, e, 0, 0, NULL);
    lw_set(c, t, NULL, R(c, 0), e);
    ir_block *saved;
    ir_expr *n = lw_loop(c, I(c, 1), lw_dim(c, lam, 0), &saved, e);
    lw_size_check(c, e, lw_dim(c, theta, 0), lw_dim(c, lam, 1), "theta and lambda differ in length");
    log_sum_exp_of(c, e, &(el_src){.x = lam, .theta = theta, .row = n}, one);
    lw_set(c, t, NULL, add(c, lw_get0(c, t), lw_get0(c, one)), e);
    lw_loop_end(c, saved);
}

/* sum_i f(a[i], b[i]) over 1-d a, b; f: 0 product, 1 squared difference. */
static void pair_sum(lctx *c, const expr *e, ir_var *t, const expr *x, const expr *y, int f) {
    lw_set(c, t, NULL, R(c, 0), e);
    ir_block *saved;
    ir_expr *i = lw_loop(c, I(c, 1), lw_dim(c, x, 0), &saved, e);
    ir_expr *a = lw_el1(c, x, i), *b = lw_el1(c, y, i);
    lw_set(c, t, NULL, add(c, lw_get0(c, t), f ? sq(c, sub(c, a, b)) : mul(c, a, b)), e);
    lw_loop_end(c, saved);
}

static void fill_dot_product(lctx *c, const expr *e, ir_var *t) {
    lw_size_check(c, e, lw_dim(c, arg(e, 0), 0), lw_dim(c, arg(e, 1), 0), "the two vectors differ in length");
    pair_sum(c, e, t, arg(e, 0), arg(e, 1), 0);
}

static void fill_dot_self(lctx *c, const expr *e, ir_var *t) { pair_sum(c, e, t, arg(e, 0), arg(e, 0), 0); }

static void fill_squared_distance(lctx *c, const expr *e, ir_var *t) {
    lw_size_check(c, e, lw_dim(c, arg(e, 0), 0), lw_dim(c, arg(e, 1), 0), "the two vectors differ in length");
    pair_sum(c, e, t, arg(e, 0), arg(e, 1), 1);
}

static void fill_distance(lctx *c, const expr *e, ir_var *t) {
    fill_squared_distance(c, e, t);
    lw_set(c, t, NULL, lw_sqrt(c, lw_get0(c, t)), e);
}

static void fill_norm2(lctx *c, const expr *e, ir_var *t) {
    fill_dot_self(c, e, t);
    lw_set(c, t, NULL, lw_sqrt(c, lw_get0(c, t)), e);
}

static void fill_norm1(lctx *c, const expr *e, ir_var *t) {
    lw_set(c, t, NULL, R(c, 0), e);
    ir_block *saved;
    ir_expr *i = lw_loop(c, I(c, 1), lw_dim(c, arg(e, 0), 0), &saved, e);
    ir_expr *ab = lw_call(c, "fabs", 1, lw_el1(c, arg(e, 0), i), NULL);
    lw_set(c, t, NULL, add(c, lw_get0(c, t), ab), e);
    lw_loop_end(c, saved);
}

static void fill_trace(lctx *c, const expr *e, ir_var *t) {
    lw_set(c, t, NULL, R(c, 0), e);
    ir_block *saved;
    ir_expr *i = lw_loop(c, I(c, 1), lw_dim(c, arg(e, 0), 0), &saved, e);
    lw_set(c, t, NULL, add(c, lw_get0(c, t), lw_el2(c, arg(e, 0), i, i)), e);
    lw_loop_end(c, saved);
}

/* trace(B' A B) = sum_j sum_i B_ij (A B)_ij, A square, without forming A B. */
static void fill_trace_quad_form(lctx *c, const expr *e, ir_var *t) {
    const expr *A = arg(e, 0), *B = arg(e, 1);
    lw_check_square(c, e, A);
    lw_size_check(c, e, lw_dim(c, A, 1), lw_dim(c, B, 0), "columns of A differ from rows of B");
    ir_expr *n = lw_dim(c, A, 0);
    ir_var *ab = lw_temp(c, e, 0, 0, NULL);
    lw_set(c, t, NULL, R(c, 0), e);
    ir_block *sj, *si;
    ir_expr *j = lw_loop(c, I(c, 1), lw_is_mat(B) ? lw_dim(c, B, 1) : I(c, 1), &sj, e);
    ir_expr *i = lw_loop(c, I(c, 1), n, &si, e);
    lw_dot_into(c, e, ab, NULL, n, A, i, B, j);
    ir_expr *bij = lw_is_mat(B) ? lw_el2(c, B, i, j) : lw_el1(c, B, i);
    lw_set(c, t, NULL, add(c, lw_get0(c, t), mul(c, bij, lw_get0(c, ab))), e);
    lw_loop_end(c, si);
    lw_loop_end(c, sj);
}

/* ---- products ---------------------------------------------------------------- */

/* The inner dimension of x * y: columns of x (a matrix or row vector). */
static ir_expr *inner(lctx *c, const expr *x) { return lw_dim(c, x, lw_is_mat(x) ? 1 : 0); }

/* The operands of x * y or multiply(x, y). */
static const expr *prod_lhs(const expr *e) { return e->kind == EX_BINARY ? e->lhs : arg(e, 0); }
static const expr *prod_rhs(const expr *e) { return e->kind == EX_BINARY ? e->rhs : arg(e, 1); }

/* x * y where the result is a matrix, vector, row vector or scalar. */
static void fill_product(lctx *c, const expr *e, ir_var *t) {
    const expr *x = prod_lhs(e), *y = prod_rhs(e);
    ir_expr *n = inner(c, x);
    lw_size_check(c, e, n, lw_dim(c, y, 0), "columns of the left operand differ from rows of the right");
    if (t->ndims == 0) {
        lw_dot_into(c, e, t, NULL, n, x, I(c, 1), y, I(c, 1));
        return;
    }
    ir_block *s1, *s2;
    if (t->ndims == 2) {
        ir_expr *i = lw_loop(c, I(c, 1), t->dims[0], &s1, e);
        ir_expr *j = lw_loop(c, I(c, 1), t->dims[1], &s2, e);
        lw_dot_into(c, e, t, ix2(c, i, j), n, x, i, y, j);
        lw_loop_end(c, s2);
        lw_loop_end(c, s1);
        return;
    }
    ir_expr *i = lw_loop(c, I(c, 1), t->dims[0], &s1, e);
    if (lw_is_mat(x)) lw_dot_into(c, e, t, ix1(c, i), n, x, i, y, I(c, 1)); /* matrix * vector */
    else lw_dot_into(c, e, t, ix1(c, i), n, x, I(c, 1), y, i);            /* row_vector * matrix */
    lw_loop_end(c, s1);
}

typedef struct {
    const expr *x;
    ir_expr *i, *j;
    int cross;
} gram_ctx;

/* x_ki x_kj (crossprod) or x_ik x_jk. */
static ir_expr *gram_term(lctx *c, const void *p, ir_expr *k) {
    const gram_ctx *g = p;
    ir_expr *a = g->cross ? lw_el2(c, g->x, k, g->i) : lw_el2(c, g->x, g->i, k);
    ir_expr *b = g->cross ? lw_el2(c, g->x, k, g->j) : lw_el2(c, g->x, g->j, k);
    return mul(c, a, b);
}

/* a' a (crossprod), a a' (tcrossprod), L L' using L's lower triangle. */
void lw_gram_into(lctx *c, const expr *e, ir_var *t, int cross, int lower) {
    const expr *x = arg(e, 0);
    ir_expr *n = lw_dim(c, x, cross ? 0 : 1);
    ir_block *s1, *s2;
    ir_expr *i = lw_loop(c, I(c, 1), t->dims[0], &s1, e);
    ir_expr *j = lw_loop(c, I(c, 1), t->dims[1], &s2, e);
    ir_expr **ti = ix2(c, i, j);
    ir_expr *hi = n;
    if (lower) {
        ir_var *mn = lw_temp(c, e, 1, 0, NULL);
        lw_set(c, mn, NULL, i, e);
        ir_stmt *s = lw_if(c, ir_bin(c->a, OP_LT, j, i), e);
        ir_block *in = c->cur;
        c->cur = &s->body;
        lw_set(c, mn, NULL, j, e);
        c->cur = in;
        hi = lw_get0(c, mn);
        /* columns beyond the rows of L are zero in its lower triangle */
    }
    gram_ctx g = {x, i, j, cross};
    lw_accumulate(c, e, t, ti, I(c, 1), hi, R(c, 0), 0, gram_term, &g);
    lw_loop_end(c, s2);
    lw_loop_end(c, s1);
}

static void fill_crossprod(lctx *c, const expr *e, ir_var *t) { lw_gram_into(c, e, t, 1, 0); }
static void fill_tcrossprod(lctx *c, const expr *e, ir_var *t) { lw_gram_into(c, e, t, 0, 0); }
static void fill_lower_tri_self_t(lctx *c, const expr *e, ir_var *t) { lw_gram_into(c, e, t, 0, 1); }

/* quad_form(A, v) = v' A v; quad_form(A, B) = B' A B (through AB = A B). */
static void fill_quad_form(lctx *c, const expr *e, ir_var *t) {
    const expr *A = arg(e, 0), *B = arg(e, 1);
    lw_check_square(c, e, A);
    lw_size_check(c, e, lw_dim(c, A, 1), lw_dim(c, B, 0), "the matrix and the vector/matrix");
    ir_block *s1, *s2, *s3;
    if (t->ndims == 0) {
        lw_set(c, t, NULL, R(c, 0), e);
        ir_expr *i = lw_loop(c, I(c, 1), lw_dim(c, B, 0), &s1, e);
        ir_expr *j = lw_loop(c, I(c, 1), lw_dim(c, B, 0), &s2, e);
        lw_set(c, t, NULL, add(c, lw_get0(c, t), mul(c, lw_el1(c, B, i), mul(c, lw_el2(c, A, i, j), lw_el1(c, B, j)))), e);
        lw_loop_end(c, s2);
        lw_loop_end(c, s1);
        return;
    }
    ir_expr *dd[2] = {lw_dim(c, A, 0), lw_dim(c, B, 1)};
    ir_var *ab = lw_temp(c, e, 0, 2, dd);
    ir_expr *k = lw_loop(c, I(c, 1), dd[0], &s1, e);
    ir_expr *j = lw_loop(c, I(c, 1), dd[1], &s2, e);
    lw_dot_into(c, e, ab, ix2(c, k, j), lw_dim(c, A, 1), A, k, B, j);
    lw_loop_end(c, s2);
    lw_loop_end(c, s1);
    ir_expr *i = lw_loop(c, I(c, 1), t->dims[0], &s1, e);
    ir_expr *j2 = lw_loop(c, I(c, 1), t->dims[1], &s2, e);
    ir_expr **ti = ix2(c, i, j2);
    lw_set(c, t, ti, R(c, 0), e);
    ir_expr *k2 = lw_loop(c, I(c, 1), dd[0], &s3, e);
    lw_set(c, t, ti, add(c, lw_get(c, t, ti), mul(c, lw_el2(c, B, k2, i), lw_get(c, ab, ix2(c, k2, j2)))), e);
    lw_loop_end(c, s3);
    lw_loop_end(c, s2);
    lw_loop_end(c, s1);
}

/* columns_dot_product(a, b)[j] = sum_i a[i,j] b[i,j]; rows_dot_product
 * sums along rows.  A vector is one column, a row vector one row. */
static void fill_dot_lines(lctx *c, const expr *e, ir_var *t, int by_rows, int self) {
    const expr *x = arg(e, 0), *y = self ? x : arg(e, 1);
    int mat = lw_is_mat(x);
    int along_len = !mat && by_rows == (x->type.base == TY_ROW_VECTOR); /* one sum */
    ir_block *s1, *s2;
    ir_expr *l = lw_loop(c, I(c, 1), t->dims[0], &s1, e);
    ir_expr **ti = ix1(c, l);
    if (!mat && !along_len) { /* one element per line */
        lw_set(c, t, ti, mul(c, lw_el1(c, x, l), lw_el1(c, y, l)), e);
        lw_loop_end(c, s1);
        return;
    }
    lw_set(c, t, ti, R(c, 0), e);
    ir_expr *n = mat ? lw_dim(c, x, by_rows ? 1 : 0) : lw_dim(c, x, 0);
    ir_expr *k = lw_loop(c, I(c, 1), n, &s2, e);
    ir_expr *a, *b;
    if (mat) {
        a = by_rows ? lw_el2(c, x, l, k) : lw_el2(c, x, k, l);
        b = by_rows ? lw_el2(c, y, l, k) : lw_el2(c, y, k, l);
    } else {
        a = lw_el1(c, x, k);
        b = lw_el1(c, y, k);
    }
    lw_set(c, t, ti, add(c, lw_get(c, t, ti), mul(c, a, b)), e);
    lw_loop_end(c, s2);
    lw_loop_end(c, s1);
}

static void fill_columns_dot_product(lctx *c, const expr *e, ir_var *t) { fill_dot_lines(c, e, t, 0, 0); }
static void fill_rows_dot_product(lctx *c, const expr *e, ir_var *t) { fill_dot_lines(c, e, t, 1, 0); }
static void fill_columns_dot_self(lctx *c, const expr *e, ir_var *t) { fill_dot_lines(c, e, t, 0, 1); }
static void fill_rows_dot_self(lctx *c, const expr *e, ir_var *t) { fill_dot_lines(c, e, t, 1, 1); }

/* ---- elementwise-with-context containers ------------------------------------- */

/* Copies x element by element into t (same shape), at offset `off` of
 * t's dimension `dim`. */
static void copy_into(lctx *c, const expr *e, ir_var *t, const expr *x, int dim, ir_expr *off) {
    ir_expr *idx[MAXD], *d[MAXD];
    int nd = lw_shape(c, x, d);
    if (nd == 0 && t->ndims == 0) {
        lw_set(c, t, NULL, lw_scalar(c, x), e);
        return;
    }
    if (nd == 0) { /* a scalar appended as one element */
        ir_expr **ti = ir_args(c->a, t->ndims);
        ti[0] = add(c, off, I(c, 1));
        lw_set(c, t, ti, lw_scalar(c, x), e);
        return;
    }
    ir_block *saved = c->cur;
    c->cur = lw_open_loops(c, d, nd, idx, 0, e->span);
    ir_expr **ti = ir_args(c->a, t->ndims);
    for (int k = 0; k < t->ndims; k++) ti[k] = k == dim ? add(c, idx[k], off) : idx[k];
    lw_set(c, t, ti, lw_el(c, x, idx, nd), e);
    c->cur = saved;
}

static int append_dim(const expr *e) {
    /* append_row stacks along rows; append_col along columns (the last
     * dimension: columns of a matrix, the only dimension of a row vector) */
    if (strcmp(e->name, "append_row") == 0 || strcmp(e->name, "append_array") == 0) return 0;
    return e->type.base == TY_MATRIX ? 1 : 0;
}

static ir_expr *len_along(lctx *c, const expr *x, int dim) {
    ir_expr *d[MAXD];
    int nd = lw_shape(c, x, d);
    return nd == 0 ? I(c, 1) : d[dim < nd ? dim : nd - 1];
}

/* A matrix operand of append_row / append_col seen as a matrix: a vector
 * is one column, a row vector one row. */
static void matrix_view_dims(lctx *c, const expr *x, ir_expr **d) {
    ir_expr *n = lw_dim(c, x, 0);
    if (x->type.base == TY_MATRIX) d[0] = n, d[1] = lw_dim(c, x, 1);
    else if (x->type.base == TY_ROW_VECTOR) d[0] = I(c, 1), d[1] = n;
    else d[0] = n, d[1] = I(c, 1);
}

static ir_expr *matrix_view_el(lctx *c, const expr *x, ir_expr *i, ir_expr *j) {
    if (x->type.base == TY_MATRIX) return lw_el2(c, x, i, j);
    return lw_el1(c, x, x->type.base == TY_ROW_VECTOR ? j : i);
}

/* A matrix result of append_row / append_col: both operands as matrices,
 * the other dimension checked equal, the second placed after the first. */
static void fill_append_matrix(lctx *c, const expr *e, ir_var *t, int dim) {
    ir_expr *da[2], *db[2];
    matrix_view_dims(c, arg(e, 0), da);
    matrix_view_dims(c, arg(e, 1), db);
    lw_size_check(c, e, da[1 - dim], db[1 - dim],
                  dim ? "the two operands have different numbers of rows"
                      : "the two operands have different numbers of columns");
    for (int part = 0; part < 2; part++) {
        const expr *x = arg(e, part);
        ir_expr **d = part ? db : da, *idx[2];
        ir_block *saved = c->cur;
        c->cur = lw_open_loops(c, d, 2, idx, 0, e->span);
        ir_expr **ti = ir_args(c->a, 2);
        ti[0] = idx[0], ti[1] = idx[1];
        if (part) ti[dim] = add(c, idx[dim], da[dim]);
        lw_set(c, t, ti, matrix_view_el(c, x, idx[0], idx[1]), e);
        c->cur = saved;
    }
}

static void fill_append(lctx *c, const expr *e, ir_var *t) {
    int dim = append_dim(e);
    if (e->type.base == TY_MATRIX && strcmp(e->name, "append_array")) {
        fill_append_matrix(c, e, t, dim);
        return;
    }
    if (!strcmp(e->name, "append_array")) { /* the elements must have one shape */
        ir_expr *dx[MAXD], *dy[MAXD];
        int nx = lw_shape(c, arg(e, 0), dx);
        lw_shape(c, arg(e, 1), dy);
        for (int k = 1; k < nx; k++)
            lw_size_check(c, e, dx[k], dy[k], "the elements of the two arrays differ in size");
    }
    copy_into(c, e, t, arg(e, 0), dim, I(c, 0));
    copy_into(c, e, t, arg(e, 1), dim, len_along(c, arg(e, 0), dim));
}

static void fill_cumulative_sum(lctx *c, const expr *e, ir_var *t) {
    copy_into(c, e, t, arg(e, 0), 0, I(c, 0));
    ir_block *saved;
    ir_expr *i = lw_loop(c, I(c, 2), t->dims[0], &saved, e);
    ir_expr *rest[MAXD];
    int inner_n = t->ndims - 1;
    ir_block *s2 = c->cur;
    ir_expr *d[MAXD];
    for (int k = 0; k < inner_n; k++) d[k] = t->dims[k + 1];
    c->cur = lw_open_loops(c, d, inner_n, rest, 0, e->span);
    ir_expr **ti = ixcat(c, i, rest, inner_n);
    lw_set(c, t, ti, add(c, lw_get(c, t, ti), lw_get(c, t, ixcat(c, sub(c, i, I(c, 1)), rest, inner_n))), e);
    c->cur = s2;
    lw_loop_end(c, saved);
}

static void fill_softmax_like(lctx *c, const expr *e, ir_var *t, int log_form) {
    ir_var *l = lw_temp(c, e, 0, 0, NULL);
    fill_log_sum_exp(c, e, l);
    ir_block *saved;
    ir_expr *i = lw_loop(c, I(c, 1), t->dims[0], &saved, e);
    ir_expr *z = sub(c, lw_el1(c, arg(e, 0), i), lw_get0(c, l));
    lw_set(c, t, ix1(c, i), log_form ? z : ex(c, z), e);
    lw_loop_end(c, saved);
}

static void fill_softmax(lctx *c, const expr *e, ir_var *t) { fill_softmax_like(c, e, t, 0); }
static void fill_log_softmax(lctx *c, const expr *e, ir_var *t) { fill_softmax_like(c, e, t, 1); }

static void zero_fill(lctx *c, const expr *e, ir_var *t) {
    ir_expr *idx[MAXD];
    ir_block *saved = c->cur;
    c->cur = lw_open_loops(c, t->dims, t->ndims, idx, 0, e->span);
    lw_set(c, t, idx, R(c, 0), e);
    c->cur = saved;
}

static void fill_diag_matrix(lctx *c, const expr *e, ir_var *t) {
    zero_fill(c, e, t);
    ir_block *saved;
    ir_expr *i = lw_loop(c, I(c, 1), t->dims[0], &saved, e);
    lw_set(c, t, ix2(c, i, i), lw_el1(c, arg(e, 0), i), e);
    lw_loop_end(c, saved);
}

static void fill_add_diag(lctx *c, const expr *e, ir_var *t) {
    copy_into(c, e, t, arg(e, 0), 0, I(c, 0));
    ir_block *saved;
    ir_expr *i = lw_loop(c, I(c, 1), t->dims[0], &saved, e);
    ir_expr **ti = ix2(c, i, i);
    lw_set(c, t, ti, add(c, lw_get(c, t, ti), lw_operand(c, arg(e, 1), ix1(c, i), 1)), e);
    lw_loop_end(c, saved);
}

/* ---- linear algebra ------------------------------------------------------------ */

static void fill_cholesky(lctx *c, const expr *e, ir_var *t) { lw_cholesky_into(c, e, t, arg(e, 0)); }

static void fill_mdivide_left_tri_low(lctx *c, const expr *e, ir_var *t) {
    lw_check_square(c, e, arg(e, 0));
    lw_size_check(c, e, lw_dim(c, arg(e, 0), 0), t->dims[0], "the matrix and the right-hand side");
    lw_tri_solve(c, e, t, (tri){arg(e, 0), NULL, 0}, (rhs_src){arg(e, 1), NULL, 0});
}

/* mdivide_right_tri_low(B, L) = B L^-1: each row x of the result solves
 * x L = b, i.e. L' x' = b' (back substitution with L'). */
static void fill_mdivide_right_tri_low(lctx *c, const expr *e, ir_var *t) {
    const expr *B = arg(e, 0), *L = arg(e, 1);
    lw_check_square(c, e, L);
    ir_expr *n = lw_dim(c, L, 0);
    tri Lt = {L, NULL, 1};
    if (t->ndims == 1) {
        lw_tri_solve_col(c, e, t, NULL, Lt, n, (rhs_src){B, NULL, 0});
        return;
    }
    ir_var *row = lw_temp(c, e, 0, 1, &t->dims[1]), *bv = lw_temp(c, e, 0, 1, &t->dims[1]);
    ir_block *sr, *sj;
    ir_expr *r = lw_loop(c, I(c, 1), t->dims[0], &sr, e);
    ir_expr *j = lw_loop(c, I(c, 1), t->dims[1], &sj, e);
    lw_set(c, bv, ix1(c, j), lw_el2(c, B, r, j), e);
    lw_loop_end(c, sj);
    lw_tri_solve_col(c, e, row, NULL, Lt, n, (rhs_src){NULL, bv, 0});
    ir_expr *j2 = lw_loop(c, I(c, 1), t->dims[1], &sj, e);
    lw_set(c, t, ix2(c, r, j2), lw_get(c, row, ix1(c, j2)), e);
    lw_loop_end(c, sj);
    lw_loop_end(c, sr);
}

/* A^-1 B for symmetric positive-definite A: L = chol(A), z = L \ B,
 * x = L' \ z. */
static void spd_solve(lctx *c, const expr *e, ir_var *t, const expr *A, rhs_src b) {
    lw_cholesky_solve(c, e, lw_cholesky(c, e, A), t, b);
}

static void fill_mdivide_left_spd(lctx *c, const expr *e, ir_var *t) {
    spd_solve(c, e, t, arg(e, 0), (rhs_src){arg(e, 1), NULL, 0});
}

static void fill_inverse_spd(lctx *c, const expr *e, ir_var *t) {
    spd_solve(c, e, t, arg(e, 0), (rhs_src){NULL, NULL, 1});
}

static void fill_log_determinant_spd(lctx *c, const expr *e, ir_var *t) {
    ir_expr *n = lw_dim(c, arg(e, 0), 0);
    ir_var *L = lw_cholesky(c, e, arg(e, 0));
    lw_set(c, t, NULL, R(c, 0), e);
    ir_block *s;
    ir_expr *i = lw_loop(c, I(c, 1), n, &s, e);
    lw_set(c, t, NULL, add(c, lw_get0(c, t), mul(c, R(c, 2), lg(c, lw_get(c, L, ix2(c, i, i))))), e);
    lw_loop_end(c, s);
}

/* ---- general square matrices, through LU ------------------------------------ */

static void fill_determinant(lctx *c, const expr *e, ir_var *t) {
    lu_factor f = lw_lu(c, e, arg(e, 0));
    lw_set(c, t, NULL, lw_get0(c, f.sign), e);
    ir_block *s;
    ir_expr *i = lw_loop(c, I(c, 1), f.lu->dims[0], &s, e);
    lw_set(c, t, NULL, mul(c, lw_get0(c, t), lw_get(c, f.lu, ix2(c, i, i))), e);
    lw_loop_end(c, s);
}

static void fill_log_determinant(lctx *c, const expr *e, ir_var *t) {
    lu_factor f = lw_lu(c, e, arg(e, 0));
    lw_set(c, t, NULL, R(c, 0), e);
    ir_block *s;
    ir_expr *i = lw_loop(c, I(c, 1), f.lu->dims[0], &s, e);
    ir_expr *ab = lw_call(c, "fabs", 1, lw_get(c, f.lu, ix2(c, i, i)), NULL);
    lw_set(c, t, NULL, add(c, lw_get0(c, t), lg(c, ab)), e);
    lw_loop_end(c, s);
}

/* t = A^-1 B (B an expression, or the identity when B is NULL). */
static void lu_solve(lctx *c, const expr *e, ir_var *t, const expr *A, const expr *B) {
    lu_factor f = lw_lu(c, e, A);
    rhs_src b = {B, NULL, B == NULL};
    if (B) lw_size_check(c, e, f.lu->dims[0], lw_dim(c, B, 0), "the matrix and the right-hand side");
    if (t->ndims == 1) {
        lw_lu_solve_col(c, e, f, t, NULL, b);
        return;
    }
    ir_block *s;
    ir_expr *col = lw_loop(c, I(c, 1), t->dims[1], &s, e);
    lw_lu_solve_col(c, e, f, t, col, b);
    lw_loop_end(c, s);
}

static void fill_inverse(lctx *c, const expr *e, ir_var *t) { lu_solve(c, e, t, arg(e, 0), NULL); }

static const expr *ldiv_lhs(const expr *e) { return e->kind == EX_BINARY ? e->lhs : arg(e, 0); }
static const expr *ldiv_rhs(const expr *e) { return e->kind == EX_BINARY ? e->rhs : arg(e, 1); }

/* B A^-1 for symmetric positive-definite A: (A^-1 B')' since A = A'; one
 * row of B at a time (a row vector B is one row). */
static void fill_mdivide_right_spd(lctx *c, const expr *e, ir_var *t) {
    const expr *B = arg(e, 0), *A = arg(e, 1);
    ir_expr *n = lw_dim(c, A, 0);
    lw_size_check(c, e, lw_dim(c, B, lw_is_mat(B) ? 1 : 0), n, "columns of B and rows of A differ");
    ir_var *L = lw_cholesky(c, e, A);
    if (t->ndims == 1) {
        lw_cholesky_solve(c, e, L, t, (rhs_src){B, NULL, 0});
        return;
    }
    ir_var *row = lw_temp(c, e, 0, 1, &n), *bv = lw_temp(c, e, 0, 1, &n);
    ir_block *sr, *sj;
    ir_expr *r = lw_loop(c, I(c, 1), t->dims[0], &sr, e);
    ir_expr *j = lw_loop(c, I(c, 1), n, &sj, e);
    lw_set(c, bv, ix1(c, j), lw_el2(c, B, r, j), e);
    lw_loop_end(c, sj);
    lw_cholesky_solve(c, e, L, row, (rhs_src){NULL, bv, 0});
    ir_expr *j2 = lw_loop(c, I(c, 1), n, &sj, e);
    lw_set(c, t, ix2(c, r, j2), lw_get(c, row, ix1(c, j2)), e);
    lw_loop_end(c, sj);
    lw_loop_end(c, sr);
}

/* linspaced_int_array(n, lo, hi) as Stan (Eigen's integer LinSpaced):
 * n = 1 gives {hi}; when the range hi - lo + 1 has at least n values the
 * step is (hi - lo) / (n - 1) (integer division: hi is lowered until it
 * divides); else each value repeats, element i being lo + (i - 1) / d with
 * d = (n + hi - lo) / (hi - lo + 1).  All in ints: exact. */
static void fill_linspaced_int_array(lctx *c, const expr *e, ir_var *t) {
    ir_expr *n = lw_scalar(c, arg(e, 0)), *lo = lw_scalar(c, arg(e, 1)), *hi = lw_scalar(c, arg(e, 2));
    lw_reject_if(c, ir_bin(c->a, OP_LT, n, I(c, 0)), e, "linspaced_int_array: the size is negative");
    lw_reject_if(c, ir_bin(c->a, OP_LT, hi, lo), e, "linspaced_int_array: upper is less than lower");
    ir_expr *range = sub(c, hi, lo);
    ir_expr *more = ir_bin(c->a, OP_GT, n, I(c, 1));
    ir_expr *repeat = ir_bin(c->a, OP_AND, more, ir_bin(c->a, OP_LT, add(c, range, I(c, 1)), n));
    ir_expr *step = dvd(c, range, add(c, mul(c, more, sub(c, n, I(c, 1))), sub(c, I(c, 1), more)));
    ir_expr *div = dvd(c, add(c, n, range), add(c, range, I(c, 1)));
    ir_block *si;
    ir_expr *i = lw_loop(c, I(c, 1), n, &si, e);
    ir_expr *k = sub(c, i, I(c, 1));
    ir_expr *spaced = add(c, lo, add(c, mul(c, repeat, dvd(c, k, div)),
                                      mul(c, sub(c, I(c, 1), repeat), mul(c, k, step))));
    lw_set(c, t, ix1(c, i), add(c, mul(c, more, spaced), mul(c, sub(c, I(c, 1), more), hi)), e);
    lw_loop_end(c, si);
}

/* min(a, b) of ints, exactly: (a < b) a + (a >= b) b. */
ir_expr *lw_int_min(lctx *c, ir_expr *a, ir_expr *b) {
    ir_expr *lt = ir_bin(c->a, OP_LT, a, b);
    return add(c, mul(c, lt, a), mul(c, sub(c, I(c, 1), lt), b));
}

/* sum_p Q[p, i] * v[p] over the m rows (one IE_SUM). */
ir_expr *lw_col_dot(lctx *c, ir_var *Q, ir_expr *i, ir_var *v, ir_expr *m) {
    ir_var *pv = lw_fresh_loop(c);
    ir_expr *p = ir_read0(c->a, pv);
    return ir_sum(c->a, pv, I(c, 1), m, mul(c, lw_get(c, Q, ix2(c, p, i)), lw_get(c, v, ix1(c, p))), R(c, 0));
}

/* Thin QR of A (m x n), k = min(m, n): Q (m x k) with orthonormal columns
 * and R (k x n) upper triangular with a non-negative diagonal (Stan's sign
 * convention), by modified Gram-Schmidt with a second orthogonalisation
 * pass ("twice is enough"): column j of A loses its components along
 * q_1..q_{j-1} twice, the coefficients adding up in R[, j]. */
void lw_qr_thin(lctx *c, const expr *e, ir_var *Q, ir_var *Rt) {
    const expr *A = arg(e, 0);
    ir_expr *m = lw_dim(c, A, 0), *n = lw_dim(c, A, 1), *k = lw_int_min(c, m, n);
    ir_var *v = lw_temp(c, e, 0, 1, &m), *r = lw_temp(c, e, 0, 0, NULL);
    ir_block *s1, *s2, *s3;
    ir_expr *i = lw_loop(c, I(c, 1), k, &s1, e), *j = lw_loop(c, I(c, 1), n, &s2, e);
    lw_set(c, Rt, ix2(c, i, j), R(c, 0), e);
    lw_loop_end(c, s2);
    lw_loop_end(c, s1);
    j = lw_loop(c, I(c, 1), n, &s1, e);
    ir_expr *p = lw_loop(c, I(c, 1), m, &s2, e);
    lw_set(c, v, ix1(c, p), lw_el2(c, A, p, j), e);
    lw_loop_end(c, s2);
    lw_loop(c, I(c, 1), I(c, 2), &s2, e); /* two passes */
    i = lw_loop(c, I(c, 1), lw_int_min(c, sub(c, j, I(c, 1)), k), &s3, e);
    lw_set(c, r, NULL, lw_col_dot(c, Q, i, v, m), e);
    lw_set(c, Rt, ix2(c, i, j), add(c, lw_get(c, Rt, ix2(c, i, j)), lw_get0(c, r)), e);
    ir_block *s4;
    p = lw_loop(c, I(c, 1), m, &s4, e);
    lw_set(c, v, ix1(c, p), sub(c, lw_get(c, v, ix1(c, p)), mul(c, lw_get0(c, r), lw_get(c, Q, ix2(c, p, i)))), e);
    lw_loop_end(c, s4);
    lw_loop_end(c, s3);
    lw_loop_end(c, s2);
    ir_stmt *in_q = lw_if(c, ir_bin(c->a, OP_LE, j, k), e);
    ir_block *here = c->cur;
    c->cur = &in_q->body;
    ir_var *pv = lw_fresh_loop(c);
    ir_expr *pp = ir_read0(c->a, pv);
    lw_set(c, r, NULL, lw_sqrt(c, ir_sum(c->a, pv, I(c, 1), m, sq(c, lw_get(c, v, ix1(c, pp))), R(c, 0))), e);
    lw_set(c, Rt, ix2(c, j, j), lw_get0(c, r), e);
    p = lw_loop(c, I(c, 1), m, &s2, e);
    lw_set(c, Q, ix2(c, p, j), dvd(c, lw_get(c, v, ix1(c, p)), lw_get0(c, r)), e);
    lw_loop_end(c, s2);
    c->cur = here;
    lw_loop_end(c, s1);
}

static void fill_qr_thin_Q(lctx *c, const expr *e, ir_var *t) {
    ir_expr *dd[2] = {t->dims[1], lw_dim(c, arg(e, 0), 1)};
    lw_qr_thin(c, e, t, lw_temp(c, e, 0, 2, dd));
}

static void fill_qr_thin_R(lctx *c, const expr *e, ir_var *t) {
    ir_expr *dd[2] = {lw_dim(c, arg(e, 0), 0), t->dims[0]};
    lw_qr_thin(c, e, lw_temp(c, e, 0, 2, dd), t);
}

typedef struct {
    ir_var *A, *B;
    ir_expr *i, *j;
} mm_ctx;

static ir_expr *mm_term(lctx *c, const void *p, ir_expr *k) {
    const mm_ctx *m = p;
    return mul(c, lw_get(c, m->A, ix2(c, m->i, k)), lw_get(c, m->B, ix2(c, k, m->j)));
}

/* C = A B for square n x n temporaries (C distinct from A and B). */
void lw_matmul_vars(lctx *c, const expr *e, ir_var *C, ir_var *A, ir_var *B, ir_expr *n) {
    ir_block *si, *sj;
    ir_expr *i = lw_loop(c, I(c, 1), n, &si, e), *j = lw_loop(c, I(c, 1), n, &sj, e);
    mm_ctx m = {A, B, i, j};
    lw_accumulate(c, e, C, ix2(c, i, j), I(c, 1), n, R(c, 0), 0, mm_term, &m);
    lw_loop_end(c, sj);
    lw_loop_end(c, si);
}

/* dst = src, square n x n temporaries. */
void lw_copy_var(lctx *c, const expr *e, ir_var *dst, ir_var *src, ir_expr *n) {
    ir_block *si, *sj;
    ir_expr *i = lw_loop(c, I(c, 1), n, &si, e), *j = lw_loop(c, I(c, 1), n, &sj, e);
    lw_set(c, dst, ix2(c, i, j), lw_get(c, src, ix2(c, i, j)), e);
    lw_loop_end(c, sj);
    lw_loop_end(c, si);
}

/* A^n: t = I, then n times t = t A (through a second temporary). */
static void fill_matrix_power(lctx *c, const expr *e, ir_var *t) {
    const expr *A = arg(e, 0);
    lw_check_square(c, e, A);
    ir_expr *n = lw_scalar(c, arg(e, 1)), *m = t->dims[0];
    lw_reject_if(c, ir_bin(c->a, OP_LT, n, I(c, 0)), e, "matrix_power: the power is negative");
    ir_var *Av = lw_temp(c, e, 0, 2, t->dims), *w = lw_temp(c, e, 0, 2, t->dims);
    ir_block *si, *sj, *sp;
    ir_expr *i = lw_loop(c, I(c, 1), m, &si, e), *j = lw_loop(c, I(c, 1), m, &sj, e);
    lw_set(c, t, ix2(c, i, j), realv(c, ir_bin(c->a, OP_EQ, i, j)), e);
    lw_set(c, Av, ix2(c, i, j), lw_el2(c, A, i, j), e);
    lw_loop_end(c, sj);
    lw_loop_end(c, si);
    lw_loop(c, I(c, 1), n, &sp, e);
    lw_matmul_vars(c, e, w, t, Av, m);
    lw_copy_var(c, e, t, w, m);
    lw_loop_end(c, sp);
}

/* (L L')^-1 from the lower triangle of L: L^-1 by a triangular solve of
 * the identity, then L'^-1 of that. */
static void fill_chol2inv(lctx *c, const expr *e, ir_var *t) {
    const expr *L = arg(e, 0);
    lw_check_square(c, e, L);
    ir_var *z = lw_temp(c, e, 0, 2, t->dims);
    lw_tri_solve(c, e, z, (tri){L, NULL, 0}, (rhs_src){NULL, NULL, 1});
    lw_tri_solve(c, e, t, (tri){L, NULL, 1}, (rhs_src){NULL, z, 0});
}

static void fill_mdivide_left(lctx *c, const expr *e, ir_var *t) {
    lu_solve(c, e, t, ldiv_lhs(e), ldiv_rhs(e));
}

/* B / A = B A^-1 through the inverse (B a row vector or a matrix). */
static void fill_mdivide_right(lctx *c, const expr *e, ir_var *t) {
    const expr *B = ldiv_lhs(e), *A = ldiv_rhs(e);
    ir_expr *n = lw_dim(c, A, 0), *dd[2] = {n, n};
    ir_var *inv = lw_temp(c, e, 0, 2, dd);
    lu_solve(c, e, inv, A, NULL);
    lw_size_check(c, e, lw_dim(c, B, lw_is_mat(B) ? 1 : 0), n, "columns of B and rows of A differ");
    ir_block *s1, *s2, *s3;
    int mat = t->ndims == 2;
    ir_expr *i = mat ? lw_loop(c, I(c, 1), t->dims[0], &s1, e) : I(c, 1);
    ir_expr *j = lw_loop(c, I(c, 1), n, &s2, e);
    ir_expr **ti = mat ? ix2(c, i, j) : ix1(c, j);
    lw_set(c, t, ti, R(c, 0), e);
    ir_expr *k = lw_loop(c, I(c, 1), n, &s3, e);
    ir_expr *bik = mat ? lw_el2(c, B, i, k) : lw_el1(c, B, k);
    lw_set(c, t, ti, add(c, lw_get(c, t, ti), mul(c, bik, lw_get(c, inv, ix2(c, k, j)))), e);
    lw_loop_end(c, s3);
    lw_loop_end(c, s2);
    if (mat) lw_loop_end(c, s1);
}

/* ---- sorting ------------------------------------------------------------------ */

/* Insertion sort of t (1-d) in place, or of the index array idx by the
 * keys x[idx] when idx is given; desc flips the order.  Stable. */
static void insertion_sort(lctx *c, const expr *e, ir_var *t, const expr *x, int desc) {
    int by_index = t->is_int && x->type.base != TY_INT;
    ir_expr *n = t->dims[0];
    ir_var *tmp = lw_temp(c, e, t->is_int, 0, NULL);
    ir_block *si, *sj;
    ir_expr *i = lw_loop(c, I(c, 2), n, &si, e);
    ir_expr *jj = lw_loop(c, I(c, 0), sub(c, i, I(c, 2)), &sj, e);
    ir_expr *j = sub(c, i, jj); /* i, i-1, ..., 2 */
    ir_expr *a = lw_get(c, t, ix1(c, sub(c, j, I(c, 1)))), *b = lw_get(c, t, ix1(c, j));
    ir_expr *ka = by_index ? lw_el1(c, x, a) : a, *kb = by_index ? lw_el1(c, x, b) : b;
    ir_stmt *sw = lw_if(c, ir_bin(c->a, desc ? OP_LT : OP_GT, ka, kb), e);
    ir_block *in = c->cur;
    c->cur = &sw->body;
    lw_set(c, tmp, NULL, a, e);
    lw_set(c, t, ix1(c, sub(c, j, I(c, 1))), b, e);
    lw_set(c, t, ix1(c, j), lw_get0(c, tmp), e);
    c->cur = in;
    lw_loop_end(c, sj);
    lw_loop_end(c, si);
}

static void fill_sort(lctx *c, const expr *e, ir_var *t, int desc, int indices) {
    ir_block *s;
    ir_expr *i = lw_loop(c, I(c, 1), t->dims[0], &s, e);
    lw_set(c, t, ix1(c, i), indices ? i : lw_el1(c, arg(e, 0), i), e);
    lw_loop_end(c, s);
    insertion_sort(c, e, t, arg(e, 0), desc);
}

static void fill_sort_asc(lctx *c, const expr *e, ir_var *t) { fill_sort(c, e, t, 0, 0); }
static void fill_sort_desc(lctx *c, const expr *e, ir_var *t) { fill_sort(c, e, t, 1, 0); }
static void fill_sort_indices_asc(lctx *c, const expr *e, ir_var *t) { fill_sort(c, e, t, 0, 1); }
static void fill_sort_indices_desc(lctx *c, const expr *e, ir_var *t) { fill_sort(c, e, t, 1, 1); }

/* One sample quantile of the sorted N values (R's and Stan's type 7):
 * h = (N - 1) p + 1, lo = floor(h), x(lo) + (h - lo) (x(lo + 1) - x(lo)),
 * x(N) when lo = N; p outside [0, 1] (or NaN) rejects. */
static ir_expr *quantile_of(lctx *c, const expr *e, ir_var *sorted, ir_expr *p) {
    ir_expr *n = sorted->dims[0];
    lw_reject_if(c, ir_bin(c->a, OP_OR, ir_bin(c->a, OP_LT, p, R(c, 0)),
                           ir_bin(c->a, OP_OR, ir_bin(c->a, OP_GT, p, R(c, 1)), ir_bin(c->a, OP_NE, p, p))),
                 e, "quantile: p must be in [0, 1]");
    ir_var *h = lw_temp(c, e, 0, 0, NULL), *lo = lw_temp(c, e, 1, 0, NULL);
    lw_set(c, h, NULL, add(c, mul(c, realv(c, sub(c, n, I(c, 1))), p), R(c, 1)), e);
    lw_set(c, lo, NULL, I(c, 0), e);
    ir_block *s;
    ir_expr *k = lw_loop(c, I(c, 1), n, &s, e); /* lo = floor(h): the k <= h */
    lw_set(c, lo, NULL, add(c, lw_get0(c, lo), ir_bin(c->a, OP_LE, realv(c, k), lw_get0(c, h))), e);
    lw_loop_end(c, s);
    ir_expr *l = lw_get0(c, lo), *below = ir_bin(c->a, OP_LT, l, n);
    ir_expr *next = add(c, l, below); /* lo + 1, or N itself */
    ir_expr *xl = lw_get(c, sorted, ix1(c, l)), *xn = lw_get(c, sorted, ix1(c, next));
    return add(c, xl, mul(c, sub(c, lw_get0(c, h), realv(c, l)), sub(c, xn, xl)));
}

/* quantile(x, p) of data: x sorted once, then each p; an empty x or a NaN
 * in x rejects. */
static void fill_quantile(lctx *c, const expr *e, ir_var *t) {
    ir_expr *n = lw_dim(c, arg(e, 0), 0), *nd[1] = {n};
    lw_reject_if(c, ir_bin(c->a, OP_LT, n, I(c, 1)), e, "quantile: x is empty");
    ir_var *sorted = lw_temp(c, e, 0, 1, nd);
    fill_sort(c, e, sorted, 0, 0);
    ir_block *s;
    ir_expr *i = lw_loop(c, I(c, 1), n, &s, e);
    ir_expr *xi = lw_get(c, sorted, ix1(c, i));
    lw_reject_if(c, ir_bin(c->a, OP_NE, xi, xi), e, "quantile: x contains NaN");
    lw_loop_end(c, s);
    if (!t->ndims) {
        lw_set(c, t, NULL, quantile_of(c, e, sorted, lw_scalar(c, arg(e, 1))), e);
        return;
    }
    i = lw_loop(c, I(c, 1), t->dims[0], &s, e);
    lw_set(c, t, ix1(c, i), quantile_of(c, e, sorted, lw_el1(c, arg(e, 1), i)), e);
    lw_loop_end(c, s);
}

/* dims(x): the sizes of x's dimensions. */
static void fill_dims(lctx *c, const expr *e, ir_var *t) {
    ir_expr *d[MAXD];
    int nd = lw_shape(c, arg(e, 0), d);
    for (int k = 0; k < nd; k++) lw_set(c, t, ix1(c, I(c, k + 1)), d[k], e);
}

/* rank(v, s): how many elements are less than v[s]. */
static void fill_rank(lctx *c, const expr *e, ir_var *t) {
    const expr *v = arg(e, 0);
    ir_expr *s = lw_scalar(c, arg(e, 1));
    lw_reject_if(c, ir_bin(c->a, OP_OR, ir_bin(c->a, OP_LT, s, I(c, 1)), ir_bin(c->a, OP_GT, s, lw_dim(c, v, 0))),
                 e, "rank: index out of range");
    lw_set(c, t, NULL, I(c, 0), e);
    ir_block *sk;
    ir_expr *k = lw_loop(c, I(c, 1), lw_dim(c, v, 0), &sk, e);
    lw_set(c, t, NULL, add(c, lw_get0(c, t), ir_bin(c->a, OP_LT, lw_el1(c, v, k), lw_el1(c, v, s))), e);
    lw_loop_end(c, sk);
}

/* ---- symmetric eigendecomposition (cyclic Jacobi) ---------------------------- */

/* x[k, p], x[k, q] (or x[p, k], x[q, k] with rows) rotated by (cs, sn). */
static void rotate(lctx *c, const expr *e, ir_var *x, ir_expr *p, ir_expr *q, ir_var *cs,
                   ir_var *sn, int rows, ir_var *u, ir_var *v) {
    ir_block *sk;
    ir_expr *k = lw_loop(c, I(c, 1), x->dims[0], &sk, e);
    ir_expr **ip = rows ? ix2(c, p, k) : ix2(c, k, p), **iq = rows ? ix2(c, q, k) : ix2(c, k, q);
    lw_set(c, u, NULL, lw_get(c, x, ip), e);
    lw_set(c, v, NULL, lw_get(c, x, iq), e);
    ir_expr *C = lw_get0(c, cs), *S = lw_get0(c, sn), *U = lw_get0(c, u), *V = lw_get0(c, v);
    lw_set(c, x, ip, sub(c, mul(c, C, U), mul(c, S, V)), e);
    lw_set(c, x, iq, add(c, mul(c, S, U), mul(c, C, V)), e);
    lw_loop_end(c, sk);
}

/* One Jacobi rotation zeroing A[p, q] (when it is not already zero). */
static void jacobi_pair(lctx *c, const expr *e, ir_var *A, ir_var *V, ir_expr *p, ir_expr *q,
                        ir_var **w) {
    ir_expr *apq = lw_get(c, A, ix2(c, p, q));
    ir_stmt *nz = lw_if(c, ir_bin(c->a, OP_NE, apq, R(c, 0)), e);
    ir_block *in = c->cur;
    c->cur = &nz->body;
    ir_var *th = w[0], *t = w[1], *cs = w[2], *sn = w[3];
    lw_set(c, th, NULL, dvd(c, sub(c, lw_get(c, A, ix2(c, q, q)), lw_get(c, A, ix2(c, p, p))),
                           mul(c, R(c, 2), apq)), e);
    ir_expr *at = lw_call(c, "fabs", 1, lw_get0(c, th), NULL);
    lw_set(c, t, NULL, dvd(c, R(c, 1), add(c, at, lw_sqrt(c, add(c, sq(c, lw_get0(c, th)), R(c, 1))))), e);
    ir_stmt *neg = lw_if(c, ir_bin(c->a, OP_LT, lw_get0(c, th), R(c, 0)), e);
    ir_block *in2 = c->cur;
    c->cur = &neg->body;
    lw_set(c, t, NULL, mul(c, R(c, -1), lw_get0(c, t)), e);
    c->cur = in2;
    lw_set(c, cs, NULL, dvd(c, R(c, 1), lw_sqrt(c, add(c, sq(c, lw_get0(c, t)), R(c, 1)))), e);
    lw_set(c, sn, NULL, mul(c, lw_get0(c, t), lw_get0(c, cs)), e);
    rotate(c, e, A, p, q, cs, sn, 0, w[4], w[5]);
    rotate(c, e, A, p, q, cs, sn, 1, w[4], w[5]);
    rotate(c, e, V, p, q, cs, sn, 0, w[4], w[5]);
    c->cur = in;
}

/* Eigenvalues (ascending) into vals and eigenvectors (columns) into vecs
 * of symmetric S: sweeps of rotations until the off-diagonal part is below
 * 1e-30 of the matrix (at most 50 sweeps), then sorted. */
/* Eigen-decomposition of the symmetric matrix arg(e, 0), or of the
 * temporary Sv when given. */
void lw_eigen_sym(lctx *c, const expr *e, ir_var *Sv, ir_var *vals, ir_var *vecs) {
    const expr *S = arg(e, 0);
    if (!Sv) lw_check_square(c, e, S);
    ir_expr *n = Sv ? Sv->dims[0] : lw_dim(c, S, 0), *dd[2] = {n, n};
    ir_var *A = lw_temp(c, e, 0, 2, dd), *V = vecs ? vecs : lw_temp(c, e, 0, 2, dd);
    ir_var *w[6], *off = lw_temp(c, e, 0, 0, NULL), *tot = lw_temp(c, e, 0, 0, NULL);
    for (int i = 0; i < 6; i++) w[i] = lw_temp(c, e, 0, 0, NULL);
    ir_block *s1, *s2, *s3;
    ir_expr *i = lw_loop(c, I(c, 1), n, &s1, e), *j = lw_loop(c, I(c, 1), n, &s2, e);
    lw_set(c, A, ix2(c, i, j), Sv ? lw_get(c, Sv, ix2(c, i, j)) : lw_el2(c, S, i, j), e);
    lw_set(c, V, ix2(c, i, j), realv(c, ir_bin(c->a, OP_EQ, i, j)), e);
    lw_loop_end(c, s2);
    lw_loop_end(c, s1);
    lw_set(c, tot, NULL, R(c, 0), e);
    i = lw_loop(c, I(c, 1), n, &s1, e);
    j = lw_loop(c, I(c, 1), n, &s2, e);
    lw_set(c, tot, NULL, add(c, lw_get0(c, tot), sq(c, lw_get(c, A, ix2(c, i, j)))), e);
    lw_loop_end(c, s2);
    lw_loop_end(c, s1);
    lw_loop(c, I(c, 1), I(c, 50), &s1, e);
    lw_set(c, off, NULL, R(c, 0), e);
    i = lw_loop(c, I(c, 1), n, &s2, e);
    j = lw_loop(c, add(c, i, I(c, 1)), n, &s3, e);
    lw_set(c, off, NULL, add(c, lw_get0(c, off), sq(c, lw_get(c, A, ix2(c, i, j)))), e);
    lw_loop_end(c, s3);
    lw_loop_end(c, s2);
    ir_stmt *more = lw_if(c, ir_bin(c->a, OP_GT, lw_get0(c, off), mul(c, R(c, 1e-30), lw_get0(c, tot))), e);
    ir_block *in = c->cur;
    c->cur = &more->body;
    ir_expr *p = lw_loop(c, I(c, 1), sub(c, n, I(c, 1)), &s2, e);
    ir_expr *q = lw_loop(c, add(c, p, I(c, 1)), n, &s3, e);
    jacobi_pair(c, e, A, V, p, q, w);
    lw_loop_end(c, s3);
    lw_loop_end(c, s2);
    c->cur = in;
    lw_loop_end(c, s1);
    /* eigenvalues = diag(A); insertion sort ascending, columns of V along */
    i = lw_loop(c, I(c, 1), n, &s1, e);
    lw_set(c, vals, ix1(c, i), lw_get(c, A, ix2(c, i, i)), e);
    lw_loop_end(c, s1);
    ir_expr *ii = lw_loop(c, I(c, 2), n, &s1, e);
    ir_expr *jj = lw_loop(c, I(c, 0), sub(c, ii, I(c, 2)), &s2, e);
    ir_expr *k = sub(c, ii, jj), *km = sub(c, k, I(c, 1));
    ir_stmt *sw = lw_if(c, ir_bin(c->a, OP_GT, lw_get(c, vals, ix1(c, km)), lw_get(c, vals, ix1(c, k))), e);
    in = c->cur;
    c->cur = &sw->body;
    lw_set(c, w[0], NULL, lw_get(c, vals, ix1(c, km)), e);
    lw_set(c, vals, ix1(c, km), lw_get(c, vals, ix1(c, k)), e);
    lw_set(c, vals, ix1(c, k), lw_get0(c, w[0]), e);
    ir_expr *r = lw_loop(c, I(c, 1), n, &s3, e);
    lw_set(c, w[0], NULL, lw_get(c, V, ix2(c, r, km)), e);
    lw_set(c, V, ix2(c, r, km), lw_get(c, V, ix2(c, r, k)), e);
    lw_set(c, V, ix2(c, r, k), lw_get0(c, w[0]), e);
    lw_loop_end(c, s3);
    c->cur = in;
    lw_loop_end(c, s2);
    lw_loop_end(c, s1);
}

static void fill_eigenvalues_sym(lctx *c, const expr *e, ir_var *t) { lw_eigen_sym(c, e, NULL, t, NULL); }

static void fill_eigenvectors_sym(lctx *c, const expr *e, ir_var *t) {
    ir_expr *nd[1] = {t->dims[0]};
    lw_eigen_sym(c, e, NULL, lw_temp(c, e, 0, 1, nd), t);
}

/* ---- Gaussian-process covariances ------------------------------------------------ */

/* Squared distance between points i of x1 and j of x2 (reals or vectors). */
static ir_expr *gp_d2(lctx *c, const expr *e, const expr *x1, ir_expr *i, const expr *x2,
                      ir_expr *j) {
    if (x1->type.base != TY_VECTOR && x1->type.base != TY_ROW_VECTOR)
        return sq(c, sub(c, lw_el1(c, x1, i), lw_el1(c, x2, j)));
    ir_var *d = lw_temp(c, e, 0, 0, NULL);
    lw_set(c, d, NULL, R(c, 0), e);
    ir_block *s;
    ir_expr *k = lw_loop(c, I(c, 1), lw_dim(c, x1, 1), &s, e);
    lw_set(c, d, NULL, add(c, lw_get0(c, d), sq(c, sub(c, lw_el2(c, x1, i, k), lw_el2(c, x2, j, k)))), e);
    lw_loop_end(c, s);
    return lw_get0(c, d);
}

typedef enum { GP_EXP_QUAD, GP_MATERN32, GP_MATERN52, GP_EXPONENTIAL, GP_PERIODIC } gp_kind;

static ir_expr *gp_kernel(lctx *c, gp_kind k, ir_expr *d2, ir_expr *s2, ir_expr *rho, ir_expr *p) {
    if (k == GP_EXP_QUAD) return mul(c, s2, ex(c, dvd(c, mul(c, R(c, -0.5), d2), sq(c, rho))));
    ir_expr *d = lw_sqrt(c, d2);
    if (k == GP_EXPONENTIAL) return mul(c, s2, ex(c, dvd(c, sub(c, R(c, 0), d), rho)));
    if (k == GP_PERIODIC) {
        ir_expr *sn = lw_call(c, "sin", 1, dvd(c, mul(c, R(c, 3.14159265358979323846), d), p), NULL);
        if (!sn) return NULL;
        return mul(c, s2, ex(c, dvd(c, mul(c, R(c, -2), sq(c, sn)), sq(c, rho))));
    }
    double r = k == GP_MATERN32 ? 1.7320508075688772 : 2.2360679774997898;
    ir_expr *z = dvd(c, mul(c, R(c, r), d), rho);
    ir_expr *poly = add(c, R(c, 1), z);
    if (k == GP_MATERN52) poly = add(c, poly, dvd(c, sq(c, z), R(c, 3)));
    return mul(c, s2, mul(c, poly, ex(c, sub(c, R(c, 0), z))));
}

static void fill_gp(lctx *c, const expr *e, ir_var *t, gp_kind kind) {
    int two = e->args.n >= (kind == GP_PERIODIC ? 5 : 4);
    const expr *x1 = arg(e, 0), *x2 = two ? arg(e, 1) : x1;
    int a0 = two ? 2 : 1;
    ir_expr *s2 = sq(c, lw_scalar(c, arg(e, a0)));
    ir_expr *rho = lw_scalar(c, arg(e, a0 + 1));
    ir_expr *p = kind == GP_PERIODIC ? lw_scalar(c, arg(e, a0 + 2)) : NULL;
    ir_block *si, *sj;
    ir_expr *i = lw_loop(c, I(c, 1), t->dims[0], &si, e);
    ir_expr *j = lw_loop(c, I(c, 1), t->dims[1], &sj, e);
    ir_expr **ti = ix2(c, i, j);
    ir_block *in = c->cur;
    if (!two) { /* the diagonal is exactly the variance (no 0/0 from sqrt) */
        ir_stmt *s = lw_if(c, ir_bin(c->a, OP_EQ, i, j), e);
        c->cur = &s->body;
        lw_set(c, t, ti, s2, e);
        c->cur = &s->els;
    }
    ir_expr *k = gp_kernel(c, kind, gp_d2(c, e, x1, i, x2, j), s2, rho, p);
    if (!k) lw_bad(c, e, "gp_periodic_cov (needs sin)");
    else lw_set(c, t, ti, k, e);
    c->cur = in;
    lw_loop_end(c, sj);
    lw_loop_end(c, si);
}

/* gp_dot_prod_cov(x, sigma) or (x1, x2, sigma): sigma^2 + x1_i x2_j for
 * reals, sigma^2 + x1_i . x2_j for vectors. */
static void fill_gp_dot_prod(lctx *c, const expr *e, ir_var *t) {
    int two = e->args.n == 3;
    const expr *x1 = arg(e, 0), *x2 = two ? arg(e, 1) : x1;
    ir_expr *s2 = sq(c, lw_scalar(c, arg(e, two ? 2 : 1)));
    ir_block *si, *sj;
    ir_expr *i = lw_loop(c, I(c, 1), t->dims[0], &si, e);
    ir_expr *j = lw_loop(c, I(c, 1), t->dims[1], &sj, e);
    if (x1->type.base != TY_VECTOR && x1->type.base != TY_ROW_VECTOR) {
        lw_set(c, t, ix2(c, i, j), add(c, s2, mul(c, lw_el1(c, x1, i), lw_el1(c, x2, j))), e);
    } else {
        ir_var *d = lw_temp(c, e, 0, 0, NULL);
        lw_set(c, d, NULL, s2, e);
        ir_block *sk;
        ir_expr *k = lw_loop(c, I(c, 1), lw_dim(c, x1, 1), &sk, e);
        lw_set(c, d, NULL, add(c, lw_get0(c, d), mul(c, lw_el2(c, x1, i, k), lw_el2(c, x2, j, k))), e);
        lw_loop_end(c, sk);
        lw_set(c, t, ix2(c, i, j), lw_get0(c, d), e);
    }
    lw_loop_end(c, sj);
    lw_loop_end(c, si);
}

static void fill_gp_exp_quad(lctx *c, const expr *e, ir_var *t) { fill_gp(c, e, t, GP_EXP_QUAD); }
static void fill_gp_matern32(lctx *c, const expr *e, ir_var *t) { fill_gp(c, e, t, GP_MATERN32); }
static void fill_gp_matern52(lctx *c, const expr *e, ir_var *t) { fill_gp(c, e, t, GP_MATERN52); }
static void fill_gp_exponential(lctx *c, const expr *e, ir_var *t) { fill_gp(c, e, t, GP_EXPONENTIAL); }
static void fill_gp_periodic(lctx *c, const expr *e, ir_var *t) { fill_gp(c, e, t, GP_PERIODIC); }

/* ---- literals and the conditional operator ------------------------------------ */

static void fill_literal(lctx *c, const expr *e, ir_var *t) {
    for (int m = 0; m < e->args.n; m++) {
        const expr *x = arg(e, m);
        ir_expr *d[MAXD], *idx[MAXD];
        int nd = lw_shape(c, x, d);
        ir_block *saved = c->cur;
        c->cur = lw_open_loops(c, d, nd, idx, 0, e->span);
        lw_set(c, t, ixcat(c, I(c, m + 1), idx, nd), lw_operand(c, x, idx, nd), e);
        c->cur = saved;
    }
}

static void fill_ternary(lctx *c, const expr *e, ir_var *t) {
    ir_stmt *s = lw_if(c, lw_scalar(c, e->cond), e);
    ir_block *saved = c->cur;
    c->cur = &s->body;
    copy_into(c, e, t, e->lhs, 0, I(c, 0));
    c->cur = &s->els;
    copy_into(c, e, t, e->rhs, 0, I(c, 0));
    c->cur = saved;
}

/* ---- the table ---------------------------------------------------------------- */

typedef void (*fill_fn)(lctx *c, const expr *e, ir_var *t);

typedef struct {
    const char *name;
    int nargs;      /* -1: any */
    fill_fn fill;
} hoist_fn;

static const hoist_fn hoist_table[] = {
    {"csr_extract_w", 1, lw_fill_csr_extract_w}, {"csr_extract_v", 1, lw_fill_csr_extract_v},
    {"csr_extract_u", 1, lw_fill_csr_extract_u}, {"csr_to_dense_matrix", 5, lw_fill_csr_to_dense_matrix},
    {"csr_matrix_times_vector", 6, lw_fill_csr_matrix_times_vector},
    {"trace_gen_quad_form", 3, lw_fill_trace_gen_quad_form},
    {"sum", 1, fill_sum}, {"prod", 1, fill_prod}, {"mean", 1, fill_mean},
    {"variance", 1, fill_variance}, {"sd", 1, fill_sd}, {"max", 1, fill_max},
    {"min", 1, fill_min}, {"log_sum_exp", 1, fill_log_sum_exp}, {"log_mix", 2, fill_log_mix},
    {"dot_product", 2, fill_dot_product}, {"dot_self", 1, fill_dot_self},
    {"squared_distance", 2, fill_squared_distance}, {"distance", 2, fill_distance},
    {"norm1", 1, fill_norm1}, {"norm2", 1, fill_norm2}, {"trace", 1, fill_trace},
    {"crossprod", 1, fill_crossprod}, {"tcrossprod", 1, fill_tcrossprod},
    {"multiply_lower_tri_self_transpose", 1, fill_lower_tri_self_t},
    {"quad_form", 2, fill_quad_form}, {"quad_form_sym", 2, fill_quad_form},
    {"columns_dot_product", 2, fill_columns_dot_product},
    {"rows_dot_product", 2, fill_rows_dot_product},
    {"columns_dot_self", 1, fill_columns_dot_self}, {"rows_dot_self", 1, fill_rows_dot_self},
    {"append_row", 2, fill_append}, {"append_col", 2, fill_append}, {"append_array", 2, fill_append},
    {"cumulative_sum", 1, fill_cumulative_sum}, {"softmax", 1, fill_softmax},
    {"log_softmax", 1, fill_log_softmax}, {"diag_matrix", 1, fill_diag_matrix},
    {"add_diag", 2, fill_add_diag}, {"cholesky_decompose", 1, fill_cholesky},
    {"mdivide_left_tri_low", 2, fill_mdivide_left_tri_low},
    {"mdivide_right_tri_low", 2, fill_mdivide_right_tri_low},
    {"mdivide_left_spd", 2, fill_mdivide_left_spd}, {"inverse_spd", 1, fill_inverse_spd},
    {"log_determinant_spd", 1, fill_log_determinant_spd},
    {"sort_asc", 1, fill_sort_asc}, {"sort_desc", 1, fill_sort_desc},
    {"sort_indices_asc", 1, fill_sort_indices_asc}, {"sort_indices_desc", 1, fill_sort_indices_desc},
    {"rank", 2, fill_rank}, {"dims", 1, fill_dims}, {"quantile", 2, fill_quantile},
    {"multi_normal_rng", 2, lw_fill_multi_normal_rng},
    {"multi_normal_cholesky_rng", 2, lw_fill_multi_normal_cholesky_rng},
    {"multi_student_t_rng", 3, lw_fill_multi_student_t_rng}, {"dirichlet_rng", 1, lw_fill_dirichlet_rng},
    {"categorical_rng", 1, lw_fill_categorical_rng}, {"categorical_logit_rng", 1, lw_fill_categorical_rng},
    {"multinomial_rng", 2, lw_fill_multinomial_rng}, {"multinomial_logit_rng", 2, lw_fill_multinomial_rng},
    {"ordered_logistic_rng", 2, lw_fill_ordered_logistic_rng},
    {"ordered_probit_rng", 2, lw_fill_ordered_probit_rng},
    {"wishart_rng", 2, lw_fill_wishart_rng}, {"inv_wishart_rng", 2, lw_fill_inv_wishart_rng},
    {"wishart_cholesky_rng", 2, lw_fill_wishart_cholesky_rng},
    {"inv_wishart_cholesky_rng", 2, lw_fill_inv_wishart_cholesky_rng},
    {"multi_student_t_cholesky_rng", 3, lw_fill_multi_student_t_cholesky_rng},
    {"lkj_corr_rng", 2, lw_fill_lkj_corr_rng}, {"lkj_corr_cholesky_rng", 2, lw_fill_lkj_corr_cholesky_rng},
    {"eigenvalues_sym", 1, fill_eigenvalues_sym}, {"eigenvectors_sym", 1, fill_eigenvectors_sym},
    {"determinant", 1, fill_determinant}, {"log_determinant", 1, fill_log_determinant},
    {"inverse", 1, fill_inverse}, {"mdivide_left", 2, fill_mdivide_left},
    {"mdivide_right", 2, fill_mdivide_right}, {"mdivide_right_spd", 2, fill_mdivide_right_spd},
    {"trace_quad_form", 2, fill_trace_quad_form}, {"cov_exp_quad", 3, fill_gp_exp_quad},
    {"chol2inv", 1, fill_chol2inv}, {"matrix_power", 2, fill_matrix_power},
    {"linspaced_int_array", 3, fill_linspaced_int_array},
    {"qr_thin_Q", 1, fill_qr_thin_Q}, {"qr_thin_R", 1, fill_qr_thin_R},
    {"singular_values", 1, lw_fill_singular_values}, {"gp_dot_prod_cov", -1, fill_gp_dot_prod},
    {"gp_exp_quad_cov", -1, fill_gp_exp_quad}, {"gp_matern32_cov", -1, fill_gp_matern32},
    {"gp_matern52_cov", -1, fill_gp_matern52}, {"gp_exponential_cov", -1, fill_gp_exponential},
    {"gp_periodic_cov", -1, fill_gp_periodic},
    {"hypergeometric_pFq", 3, lw_fill_hypergeometric_pFq},
    {"hypergeometric_3F2", 3, lw_fill_hypergeometric_3F2},
    {"hmm_marginal", 3, lw_fill_hmm_marginal}, {"hmm_latent_rng", 3, lw_fill_hmm_latent_rng},
    {"hmm_hidden_state_prob", 3, lw_fill_hmm_hidden_state_prob},
    {"matrix_exp", 1, lw_fill_matrix_exp}, {"matrix_exp_multiply", 2, lw_fill_matrix_exp_multiply},
    {"scale_matrix_exp_multiply", 3, lw_fill_scale_matrix_exp_multiply},
    {"qr_Q", 1, lw_fill_qr_Q}, {"qr_R", 1, lw_fill_qr_R}, {"svd_U", 1, lw_fill_svd_U},
    {"svd_V", 1, lw_fill_svd_V}, {"generalized_inverse", 1, lw_fill_generalized_inverse},
};

/* A density call that is not one scalar element: multivariate, or with a
 * container argument.  Its sum goes into a scalar temporary. */
static void fill_density(lctx *c, const expr *e, ir_var *t) {
    lw_set(c, t, NULL, R(c, 0), e);
    lw_density_into(c, e, t);
}

static const hoist_fn density_fn = {"_lpdf", -1, fill_density};
static const hoist_fn user_fn = {"user", -1, NULL}; /* inlined: lower_fun.c */
static const hoist_fn ode_fn = {"ode", -1, lw_ode}; /* lower_ode.c */
static const hoist_fn reduce_fn = {"reduce_sum", -1, NULL}; /* lower_fun.c */

static int is_reduce_sum(const expr *e) {
    return e->kind == EX_CALL && !e->fun && e->args.n >= 3 &&
           (!strcmp(e->name, "reduce_sum") || !strcmp(e->name, "reduce_sum_static"));
}

static int is_whole_density(lctx *c, const expr *e) {
    char base[128];
    int cdf = e->sig && e->sig->kind == FN_CDF;
    if (!cdf && !catalog_density_suffix(e->name, base, sizeof base)) return 0;
    if (cdf && !catalog_cdf_is_log(e->sig)) return 0;
    if (!cdf && lw_multi_density_name(base)) return 1;
    for (int i = 0; i < e->args.n; i++)
        if (lw_is_container(c, arg(e, i))) return 1;
    return 0;
}

static const hoist_fn *find_hoist_fn(const expr *e) {
    if (e->kind != EX_CALL || e->fun) return NULL;
    for (size_t i = 0; i < sizeof hoist_table / sizeof hoist_table[0]; i++) {
        const hoist_fn *h = &hoist_table[i];
        if (strcmp(h->name, e->name) == 0 && (h->nargs < 0 || h->nargs == e->args.n)) return h;
    }
    return NULL;
}

/* vector * row_vector: element (i, j) is a[i] * b[j] (no temporary). */
static int is_outer_product(const expr *e) {
    return e->kind == EX_BINARY && e->op == OP_MUL && lw_is_base(e->lhs, TY_VECTOR) &&
           lw_is_base(e->rhs, TY_ROW_VECTOR);
}

static int is_product(lctx *c, const expr *e) {
    if (e->kind != EX_BINARY || e->op != OP_MUL) return 0;
    if (!lw_is_container(c, e->lhs) || !lw_is_container(c, e->rhs)) return 0;
    return !is_outer_product(e);
}

static const hoist_fn product_fn = {"*", 2, fill_product};
static const hoist_fn ldiv_fn = {"\\", 2, fill_mdivide_left};
static const hoist_fn rdiv_fn = {"/", 2, fill_mdivide_right};
static const hoist_fn literal_fn = {"{}", -1, fill_literal};
static const hoist_fn ternary_fn = {"?:", 3, fill_ternary};

/* What computes e into a temporary, or NULL when e needs none. */
static const hoist_fn *hoist_rule(lctx *c, const expr *e) {
    if (lw_is_complex_any(e)) return NULL; /* lower_complex.c */
    switch (e->kind) {
    case EX_CALL:
        if (e->fun) return &user_fn;
        if (lw_is_ode(e)) return &ode_fn;
        if (is_reduce_sum(e)) return &reduce_fn;
        if (is_whole_density(c, e)) return &density_fn;
        if (call_is(e, "multiply", 2) && lw_is_container(c, arg(e, 0)) && lw_is_container(c, arg(e, 1)) &&
            !(lw_is_base(arg(e, 0), TY_VECTOR) && lw_is_base(arg(e, 1), TY_ROW_VECTOR)))
            return &product_fn;
        return find_hoist_fn(e);
    case EX_BINARY:
        if (e->op == OP_LDIV) return &ldiv_fn;
        if (e->op == OP_DIV && lw_is_mat(e->rhs) && lw_is_container(c, e->lhs)) return &rdiv_fn;
        return is_product(c, e) ? &product_fn : NULL;
    case EX_ARRAY_LIT: case EX_ROWVEC_LIT: return &literal_fn;
    case EX_TERNARY: return &ternary_fn;
    default: return NULL;
    }
}

/* ---- shapes of hoisted expressions ------------------------------------------------ */

static int shape_of_type(lctx *c, const expr *e, ir_expr **dims);
static void remember(lctx *c, const expr *e, ir_var *v);
static ir_var *remembered(lctx *c, const expr *e);
static ir_var *compute(lctx *c, const expr *e, const hoist_fn *h);

static int same_as(lctx *c, const expr *x, ir_expr **dims) { return lw_shape(c, x, dims); }

static int square_of(lctx *c, ir_expr *n, ir_expr **dims) {
    dims[0] = dims[1] = n;
    return 2;
}

/* ---- result shapes of the named calls ------------------------------------------ */

typedef int (*shape_fn)(lctx *c, const expr *e, ir_expr **dims);

static ir_expr *rows_of(lctx *c, const expr *e, int k) { return lw_dim(c, arg(e, k), 0); }
static ir_expr *cols_of(lctx *c, const expr *e, int k) { return lw_dim(c, arg(e, k), 1); }
static ir_expr *min_dim(lctx *c, const expr *e) { return lw_int_min(c, rows_of(c, e, 0), cols_of(c, e, 0)); }

static int like_arg0(lctx *c, const expr *e, ir_expr **dims) { return same_as(c, arg(e, 0), dims); }
static int like_arg1(lctx *c, const expr *e, ir_expr **dims) { return same_as(c, arg(e, 1), dims); }
static int square_rows0(lctx *c, const expr *e, ir_expr **dims) { return square_of(c, rows_of(c, e, 0), dims); }
static int square_cols0(lctx *c, const expr *e, ir_expr **dims) { return square_of(c, cols_of(c, e, 0), dims); }
static int square_cols1(lctx *c, const expr *e, ir_expr **dims) { return square_of(c, cols_of(c, e, 1), dims); }
static int square_arg0(lctx *c, const expr *e, ir_expr **dims) { return square_of(c, lw_scalar(c, arg(e, 0)), dims); }

static int vector_of(ir_expr *n, ir_expr **dims) {
    dims[0] = n;
    return 1;
}

static int matrix_of(ir_expr *m, ir_expr *n, ir_expr **dims) {
    dims[0] = m;
    dims[1] = n;
    return 2;
}

/* gp_*_cov(x1[, x2], ...): one row per point of x1, a column per point of x2. */
static int shape_gp(lctx *c, const expr *e, ir_expr **dims) {
    const char *n = e->name;
    int two = e->args.n >= (!strcmp(n, "gp_periodic_cov") ? 5 : !strcmp(n, "gp_dot_prod_cov") ? 3 : 4);
    return matrix_of(rows_of(c, e, 0), rows_of(c, e, two ? 1 : 0), dims);
}

static int shape_columns_dot(lctx *c, const expr *e, ir_expr **dims) {
    const expr *x = arg(e, 0);
    if (x->type.base == TY_VECTOR) return vector_of(I(c, 1), dims);
    return vector_of(lw_is_mat(x) ? cols_of(c, e, 0) : rows_of(c, e, 0), dims);
}

static int shape_rows_dot(lctx *c, const expr *e, ir_expr **dims) {
    return vector_of(arg(e, 0)->type.base == TY_ROW_VECTOR ? I(c, 1) : rows_of(c, e, 0), dims);
}

static int shape_append(lctx *c, const expr *e, ir_expr **dims) {
    int dim = append_dim(e);
    if (e->type.base == TY_MATRIX && strcmp(e->name, "append_array")) {
        ir_expr *da[2], *db[2];
        matrix_view_dims(c, arg(e, 0), da);
        matrix_view_dims(c, arg(e, 1), db);
        dims[1 - dim] = da[1 - dim];
        dims[dim] = add(c, da[dim], db[dim]);
        return 2;
    }
    const expr *big = lw_is_container(c, arg(e, 0)) ? arg(e, 0) : arg(e, 1);
    int nd = lw_shape(c, big, dims);
    dims[dim] = add(c, len_along(c, arg(e, 0), dim), len_along(c, arg(e, 1), dim));
    return nd;
}

static int shape_singular_values(lctx *c, const expr *e, ir_expr **dims) { return vector_of(min_dim(c, e), dims); }
/* thin QR: Q is m x k and R k x n, k = min(m, n) */
static int shape_qr_thin_Q(lctx *c, const expr *e, ir_expr **dims) { return matrix_of(rows_of(c, e, 0), min_dim(c, e), dims); }
static int shape_qr_thin_R(lctx *c, const expr *e, ir_expr **dims) { return matrix_of(min_dim(c, e), cols_of(c, e, 0), dims); }
/* U is m x k, V n x k */
static int shape_svd_U(lctx *c, const expr *e, ir_expr **dims) { return matrix_of(rows_of(c, e, 0), min_dim(c, e), dims); }
static int shape_svd_V(lctx *c, const expr *e, ir_expr **dims) { return matrix_of(cols_of(c, e, 0), min_dim(c, e), dims); }
static int shape_transposed(lctx *c, const expr *e, ir_expr **dims) { return matrix_of(cols_of(c, e, 0), rows_of(c, e, 0), dims); }
/* one state per column of log_omega */
static int shape_hmm_latent(lctx *c, const expr *e, ir_expr **dims) { return vector_of(cols_of(c, e, 0), dims); }
/* (t,) A, B: rows of A by columns of B */
static int shape_exp_multiply(lctx *c, const expr *e, ir_expr **dims) {
    int a0 = !strcmp(e->name, "scale_matrix_exp_multiply");
    return matrix_of(rows_of(c, e, a0), cols_of(c, e, a0 + 1), dims);
}
static int shape_count_arg0(lctx *c, const expr *e, ir_expr **dims) { return vector_of(lw_scalar(c, arg(e, 0)), dims); }
static int shape_rows0(lctx *c, const expr *e, ir_expr **dims) { return vector_of(rows_of(c, e, 0), dims); }
static int shape_dims(lctx *c, const expr *e, ir_expr **dims) {
    ir_expr *d[MAXD];
    return vector_of(I(c, lw_shape(c, arg(e, 0), d)), dims);
}

/* The calls whose result is not shaped like their first argument. */
static const struct { const char *name; shape_fn shape; } shape_table[] = {
    {"crossprod", square_cols0}, {"quad_form", square_cols1}, {"quad_form_sym", square_cols1},
    {"tcrossprod", square_rows0}, {"multiply_lower_tri_self_transpose", square_rows0},
    {"cholesky_decompose", square_rows0}, {"inverse_spd", square_rows0}, {"inverse", square_rows0},
    {"eigenvectors_sym", square_rows0}, {"chol2inv", square_rows0}, {"matrix_power", square_rows0},
    {"matrix_exp", square_rows0}, {"qr_Q", square_rows0}, {"diag_matrix", square_rows0},
    {"cov_exp_quad", square_rows0},
    {"columns_dot_product", shape_columns_dot}, {"columns_dot_self", shape_columns_dot},
    {"rows_dot_product", shape_rows_dot}, {"rows_dot_self", shape_rows_dot},
    {"append_row", shape_append}, {"append_col", shape_append}, {"append_array", shape_append},
    {"mdivide_left_tri_low", like_arg1}, {"mdivide_left_spd", like_arg1}, {"mdivide_left", like_arg1},
    {"multi_student_t_rng", like_arg1}, {"multi_student_t_cholesky_rng", like_arg1},
    {"wishart_rng", like_arg1}, {"inv_wishart_rng", like_arg1}, {"wishart_cholesky_rng", like_arg1},
    {"inv_wishart_cholesky_rng", like_arg1}, {"quantile", like_arg1},
    {"lkj_corr_rng", square_arg0}, {"lkj_corr_cholesky_rng", square_arg0},
    {"singular_values", shape_singular_values}, {"qr_thin_Q", shape_qr_thin_Q},
    {"qr_thin_R", shape_qr_thin_R}, {"svd_U", shape_svd_U}, {"svd_V", shape_svd_V},
    {"generalized_inverse", shape_transposed}, {"hmm_latent_rng", shape_hmm_latent},
    {"matrix_exp_multiply", shape_exp_multiply}, {"scale_matrix_exp_multiply", shape_exp_multiply},
    {"linspaced_int_array", shape_count_arg0}, {"eigenvalues_sym", shape_rows0}, {"dims", shape_dims},
};

/* The shape of a named library call: its table rule, the GP covariances,
 * or (cumulative_sum, softmax, add_diag, mdivide_right, ...) its first
 * argument's. */
static int named_call_shape(lctx *c, const expr *e, ir_expr **dims) {
    if (!strncmp(e->name, "gp_", 3)) return shape_gp(c, e, dims);
    for (size_t i = 0; i < sizeof shape_table / sizeof shape_table[0]; i++)
        if (!strcmp(shape_table[i].name, e->name)) return shape_table[i].shape(c, e, dims);
    return like_arg0(c, e, dims);
}

/* A user function's result: the shape of what its inlined body returned. */
static int user_call_shape(lctx *c, const expr *e, ir_expr **dims) {
    if (e->type.base != TY_VECTOR && e->type.base != TY_ROW_VECTOR && e->type.base != TY_MATRIX &&
        e->type.array_dims == 0)
        return 0;
    ir_var *t = remembered(c, e);
    if (!t) {
        t = compute(c, e, &user_fn);
        remember(c, e, t);
    }
    for (int k = 0; k < t->ndims; k++) dims[k] = ir_dim(c->a, t, k);
    return t->ndims;
}

static int hoisted_shape(lctx *c, const expr *e, ir_expr **dims) {
    int sparse = e->kind == EX_CALL && !e->fun ? lw_sparse_shape(c, e, dims) : -1;
    if (sparse >= 0) return sparse;
    if (lw_is_ode(e)) return matrix_of(lw_dim(c, arg(e, 3), 0), lw_dim(c, arg(e, 1), 0), dims);
    if (e->kind == EX_CALL && e->fun) return user_call_shape(c, e, dims);
    if (e->kind == EX_BINARY && (e->op == OP_LDIV || e->op == OP_DIV))
        return same_as(c, e->op == OP_LDIV ? e->rhs : e->lhs, dims);
    if (e->kind == EX_BINARY || (e->kind == EX_CALL && !strcmp(e->name, "multiply")))
        return shape_of_type(c, e, dims);
    if (e->kind == EX_TERNARY) return same_as(c, e->lhs, dims);
    if (e->kind == EX_ARRAY_LIT || e->kind == EX_ROWVEC_LIT) {
        int nd = e->args.n ? lw_shape(c, arg(e, 0), dims + 1) : 0;
        dims[0] = I(c, e->args.n);
        return nd + 1;
    }
    if (e->type.base != TY_VECTOR && e->type.base != TY_ROW_VECTOR && e->type.base != TY_MATRIX &&
        e->type.array_dims == 0)
        return 0;
    return e->kind == EX_CALL ? named_call_shape(c, e, dims) : like_arg0(c, e, dims);
}

/* Shape of a product from the operand types. */
static int shape_of_type(lctx *c, const expr *e, ir_expr **dims) {
    const expr *x = prod_lhs(e), *y = prod_rhs(e);
    switch (e->type.base) {
    case TY_MATRIX:
        dims[0] = lw_dim(c, x, 0);
        dims[1] = lw_is_mat(y) ? lw_dim(c, y, 1) : lw_dim(c, y, 0);
        return 2;
    case TY_VECTOR: dims[0] = lw_dim(c, x, 0); return 1;
    case TY_ROW_VECTOR: dims[0] = lw_is_mat(y) ? lw_dim(c, y, 1) : lw_dim(c, y, 0); return 1;
    default: return 0;
    }
}

/* ---- hoisting ------------------------------------------------------------------- */

static void remember(lctx *c, const expr *e, ir_var *v) {
    if (c->nhoist == c->caphoist) {
        int cap = c->caphoist ? 2 * c->caphoist : 64;
        hoisted *nh = arena_alloc(c->a, sizeof *nh * (size_t)cap);
        if (c->nhoist) memcpy(nh, c->hoist, sizeof *nh * (size_t)c->nhoist);
        c->hoist = nh;
        c->caphoist = cap;
    }
    c->hoist[c->nhoist++] = (hoisted){e, v, c->fn, c->gen};
}

static ir_var *remembered(lctx *c, const expr *e) {
    for (int i = c->nhoist - 1; i >= 0; i--) {
        const hoisted *h = &c->hoist[i];
        if (h->gen != c->gen) return NULL; /* older statements' temporaries */
        if (h->e == e && h->fn == c->fn) return h->v;
    }
    return NULL;
}

static int is_int_valued(const expr *e) { return e->type.base == TY_INT; }

static ir_var *compute(lctx *c, const expr *e, const hoist_fn *h) {
    if (h == &user_fn || h == &reduce_fn) {
        ir_var *r = h == &user_fn ? lw_inline_call(c, e) : lw_reduce_sum(c, e);
        return r ? r : lw_temp(c, e, 0, 0, NULL); /* the error is reported */
    }
    ir_expr *dims[MAXD];
    int nd = hoisted_shape(c, e, dims);
    ir_var *t = lw_temp(c, e, is_int_valued(e), nd, dims);
    h->fill(c, e, t);
    return t;
}

/* c ? a : b computes a only when c holds and b only when it does not (as
 * Stan): their temporaries are filled inside an if on c, so a check in the
 * branch not taken (cholesky_decompose of a matrix that is not positive
 * definite) cannot reject. */
static void hoist_branches(lctx *c, const expr *e) {
    lw_hoist(c, e->cond);
    ir_stmt *s = lw_if(c, lw_scalar(c, e->cond), e);
    ir_block *saved = c->cur;
    c->cur = &s->body;
    lw_hoist(c, e->lhs);
    c->cur = &s->els;
    lw_hoist(c, e->rhs);
    c->cur = saved;
}

static void hoist_children(lctx *c, const expr *e) {
    if (e->kind == EX_TERNARY) {
        hoist_branches(c, e);
        return;
    }
    if (e->lhs) lw_hoist(c, e->lhs);
    if (e->rhs) lw_hoist(c, e->rhs);
    if (e->cond) lw_hoist(c, e->cond);
    if (e->kind == EX_STRING) return;
    for (int i = 0; i < e->args.n; i++)
        if (e->args.items[i]) lw_hoist(c, e->args.items[i]);
}

void lw_hoist(lctx *c, const expr *e) {
    if (!e) return;
    hoist_children(c, e);
    const hoist_fn *h = hoist_rule(c, e);
    if (h && !remembered(c, e)) remember(c, e, compute(c, e, h));
}

void lw_hoist_begin(lctx *c) { c->gen++; }

void lw_hoist_args(lctx *c, const expr *e) {
    if (e) hoist_children(c, e);
}

/* ---- element rules (no temporaries) -------------------------------------------- */

static int is_multi_index(lctx *c, const expr *e) {
    if (e->kind != EX_INDEX) return 0;
    if (e->lhs->kind != EX_VAR) return 1; /* indexing a computed value */
    for (int i = 0; i < e->args.n; i++) {
        const expr *ix = arg(e, i);
        if (ix->kind == EX_RANGE || lw_is_container(c, ix)) return 1;
    }
    return 0;
}

/* Size of index position k of a multi-index on a base with dims bd. */
static ir_expr *range_lo(lctx *c, const expr *ix) { return ix->lhs ? lw_scalar(c, ix->lhs) : I(c, 1); }
static ir_expr *range_hi(lctx *c, const expr *ix, ir_expr *full) {
    return ix->rhs ? lw_scalar(c, ix->rhs) : full;
}

static int multi_index_shape(lctx *c, const expr *e, ir_expr **dims) {
    ir_expr *bd[MAXD];
    int nb = lw_shape(c, e->lhs, bd), n = 0;
    for (int k = 0; k < nb; k++) {
        if (k >= e->args.n) { dims[n++] = bd[k]; continue; }
        const expr *ix = arg(e, k);
        if (ix->kind == EX_RANGE)
            dims[n++] = add(c, sub(c, range_hi(c, ix, bd[k]), range_lo(c, ix)), I(c, 1));
        else if (lw_is_container(c, ix)) dims[n++] = lw_dim(c, ix, 0);
    }
    return n;
}

static ir_expr *multi_index_el(lctx *c, const expr *e, ir_expr **idx, int nidx) {
    ir_expr *bd[MAXD], *full[MAXD];
    int nb = lw_shape(c, e->lhs, bd), p = 0;
    for (int k = 0; k < nb; k++) {
        if (k >= e->args.n) { full[k] = p < nidx ? idx[p++] : I(c, 1); continue; }
        const expr *ix = arg(e, k);
        if (ix->kind == EX_RANGE) full[k] = add(c, range_lo(c, ix), sub(c, idx[p++], I(c, 1)));
        else if (lw_is_container(c, ix)) full[k] = lw_el(c, ix, &idx[p++], 1);
        else full[k] = lw_scalar(c, ix);
    }
    return lw_el(c, e->lhs, full, nb);
}


/* Direct container functions: shape rule. -1: not one of them. */
static int direct_shape(lctx *c, const expr *e, ir_expr **dims) {
    if (e->kind == EX_UNARY && e->op == OP_TRANSPOSE) {
        int nd = lw_shape(c, e->lhs, dims);
        if (nd == 2) { ir_expr *t = dims[0]; dims[0] = dims[1]; dims[1] = t; }
        return nd;
    }
    if (e->kind == EX_BINARY && (e->op == OP_POW || e->op == OP_ELT_POW || e->op == OP_MOD ||
                                 e->op == OP_INT_DIV)) {
        int nd = lw_shape(c, e->lhs, dims);
        return nd ? nd : lw_shape(c, e->rhs, dims);
    }
    if (is_outer_product(e)) {
        dims[0] = lw_dim(c, e->lhs, 0);
        dims[1] = lw_dim(c, e->rhs, 0);
        return 2;
    }
    if (is_multi_index(c, e)) return multi_index_shape(c, e, dims);
    if (e->kind != EX_CALL || e->fun) return -1;
    const char *n = e->name;
    if (call_is(e, "transpose", 1)) {
        int nd = lw_shape(c, arg(e, 0), dims);
        if (nd == 2) { ir_expr *t = dims[0]; dims[0] = dims[1]; dims[1] = t; }
        return nd;
    }
    if (call_is(e, "rep_vector", 2) || call_is(e, "rep_row_vector", 2)) {
        dims[0] = lw_scalar(c, arg(e, 1));
        return 1;
    }
    if (call_is(e, "rep_matrix", 3)) {
        dims[0] = lw_scalar(c, arg(e, 1));
        dims[1] = lw_scalar(c, arg(e, 2));
        return 2;
    }
    if (call_is(e, "rep_matrix", 2)) {
        int col = arg(e, 0)->type.base == TY_VECTOR;
        dims[col ? 0 : 1] = lw_dim(c, arg(e, 0), 0);
        dims[col ? 1 : 0] = lw_scalar(c, arg(e, 1));
        return 2;
    }
    if (!strcmp(n, "rep_array") && e->args.n >= 2) {
        int k = e->args.n - 1;
        for (int i = 0; i < k; i++) dims[i] = lw_scalar(c, arg(e, i + 1));
        return k + lw_shape(c, arg(e, 0), dims + k);
    }
    if (call_is(e, "to_vector", 1) || call_is(e, "to_row_vector", 1) || call_is(e, "to_array_1d", 1)) {
        dims[0] = lw_count(c, arg(e, 0));
        return 1;
    }
    if (call_is(e, "to_matrix", 3)) {
        dims[0] = lw_scalar(c, arg(e, 1));
        dims[1] = lw_scalar(c, arg(e, 2));
        return 2;
    }
    if (call_is(e, "to_matrix", 1) || call_is(e, "to_array_2d", 1))
        return lw_shape(c, arg(e, 0), dims) == 2 ? 2 : -1;
    if (call_is(e, "head", 2) || call_is(e, "tail", 2)) {
        int nd = lw_shape(c, arg(e, 0), dims);
        dims[0] = lw_scalar(c, arg(e, 1));
        return nd;
    }
    if (call_is(e, "segment", 3)) {
        int nd = lw_shape(c, arg(e, 0), dims);
        dims[0] = lw_scalar(c, arg(e, 2));
        return nd;
    }
    if (call_is(e, "reverse", 1)) return lw_shape(c, arg(e, 0), dims);
    if (call_is(e, "diagonal", 1)) {
        dims[0] = lw_dim(c, arg(e, 0), 0);
        return 1;
    }
    if (call_is(e, "diag_pre_multiply", 2)) return lw_shape(c, arg(e, 1), dims);
    if (call_is(e, "diag_post_multiply", 2) || call_is(e, "quad_form_diag", 2))
        return lw_shape(c, arg(e, 0), dims);
    if ((!strcmp(n, "linspaced_vector") || !strcmp(n, "linspaced_row_vector") ||
         !strcmp(n, "linspaced_array")) && e->args.n == 3) {
        dims[0] = lw_scalar(c, arg(e, 0));
        return 1;
    }
    if ((!strcmp(n, "one_hot_vector") || !strcmp(n, "one_hot_row_vector") ||
         !strcmp(n, "one_hot_array") || !strcmp(n, "one_hot_int_array")) && e->args.n == 2) {
        dims[0] = lw_scalar(c, arg(e, 0));
        return 1;
    }
    if ((!strcmp(n, "zeros_vector") || !strcmp(n, "zeros_row_vector") || !strcmp(n, "zeros_array") ||
         !strcmp(n, "zeros_int_array") || !strcmp(n, "ones_vector") || !strcmp(n, "ones_row_vector") ||
         !strcmp(n, "ones_array") || !strcmp(n, "ones_int_array") || !strcmp(n, "uniform_simplex")) &&
        e->args.n == 1) {
        dims[0] = lw_scalar(c, arg(e, 0));
        return 1;
    }
    if (call_is(e, "identity_matrix", 1)) {
        dims[0] = dims[1] = lw_scalar(c, arg(e, 0));
        return 2;
    }
    if (call_is(e, "block", 5)) {
        dims[0] = lw_scalar(c, arg(e, 3));
        dims[1] = lw_scalar(c, arg(e, 4));
        return 2;
    }
    if (call_is(e, "sub_col", 4) || call_is(e, "sub_row", 4)) {
        dims[0] = lw_scalar(c, arg(e, 3));
        return 1;
    }
    if (call_is(e, "col", 2) || call_is(e, "row", 2)) {
        dims[0] = lw_dim(c, arg(e, 0), call_is(e, "col", 2) ? 0 : 1);
        return 1;
    }
    if (call_is(e, "symmetrize_from_lower_tri", 1)) return lw_shape(c, arg(e, 0), dims);
    if (call_is(e, "size", 1) || call_is(e, "num_elements", 1) || call_is(e, "rows", 1) ||
        call_is(e, "cols", 1))
        return 0;
    return -1;
}

/* Row-major position p (1-based) of a container with dims d -> indices. */
static void unflatten(lctx *c, ir_expr *p, ir_expr **d, int nd, ir_expr **out, int col_major) {
    ir_expr *z = sub(c, p, I(c, 1));
    for (int j = 0; j < nd; j++) {
        int k = col_major ? j : nd - 1 - j;
        ir_expr *q = dvd(c, z, d[k]);
        out[k] = add(c, sub(c, z, mul(c, q, d[k])), I(c, 1));
        z = q;
    }
}

/* Column-major for matrices (Stan's to_vector / to_array_1d of a matrix),
 * row-major for arrays. */
static ir_expr *flat_el(lctx *c, const expr *x, ir_expr *p) {
    ir_expr *d[MAXD], *ix[MAXD];
    int nd = lw_shape(c, x, d);
    unflatten(c, p, d, nd, ix, lw_is_mat(x));
    return lw_el(c, x, ix, nd);
}

static ir_expr *int_eq(lctx *c, ir_expr *a, ir_expr *b) { return ir_bin(c->a, OP_EQ, a, b); }

static ir_expr *direct_el(lctx *c, const expr *e, ir_expr **idx, int nidx) {
    if (e->kind == EX_UNARY && e->op == OP_TRANSPOSE) {
        if (nidx == 2) return lw_el(c, e->lhs, ix2(c, idx[1], idx[0]), 2);
        return lw_el(c, e->lhs, idx, nidx);
    }
    if (is_outer_product(e)) return mul(c, lw_el1(c, e->lhs, idx[0]), lw_el1(c, e->rhs, idx[1]));
    if (e->kind == EX_BINARY) {
        ir_expr *x = lw_operand(c, e->lhs, idx, nidx), *y = lw_operand(c, e->rhs, idx, nidx);
        if (e->op == OP_INT_DIV) return dvd(c, x, y);
        if (e->op == OP_MOD) return sub(c, x, mul(c, dvd(c, x, y), y));
        ir_expr *r = lw_call(c, "pow", 2, realv(c, x), realv(c, y));
        return r ? r : lw_bad(c, e, "the operator ^");
    }
    if (is_multi_index(c, e)) return multi_index_el(c, e, idx, nidx);
    const char *n = e->name;
    if (call_is(e, "transpose", 1)) {
        if (nidx == 2) return lw_el(c, arg(e, 0), ix2(c, idx[1], idx[0]), 2);
        return lw_el(c, arg(e, 0), idx, nidx);
    }
    if (!strncmp(n, "rep_", 4)) {
        if (call_is(e, "rep_matrix", 2)) {
            int col = arg(e, 0)->type.base == TY_VECTOR;
            return lw_el1(c, arg(e, 0), idx[col ? 0 : 1]);
        }
        int k = !strcmp(n, "rep_array") ? e->args.n - 1 : nidx;
        return lw_operand(c, arg(e, 0), idx + k, nidx - k);
    }
    if (!strncmp(n, "to_", 3)) {
        if (call_is(e, "to_matrix", 3)) { /* column-major fill */
            ir_expr *p = add(c, mul(c, sub(c, idx[1], I(c, 1)), lw_scalar(c, arg(e, 1))), idx[0]);
            return flat_el(c, arg(e, 0), p);
        }
        if (call_is(e, "to_matrix", 1) || call_is(e, "to_array_2d", 1)) return lw_el(c, arg(e, 0), idx, nidx);
        return flat_el(c, arg(e, 0), idx[0]);
    }
    if (!strcmp(n, "head")) return lw_el(c, arg(e, 0), idx, nidx);
    if (!strcmp(n, "tail") || !strcmp(n, "segment") || !strcmp(n, "reverse")) {
        ir_expr **j = ir_args(c->a, nidx);
        for (int k = 0; k < nidx; k++) j[k] = idx[k];
        ir_expr *len = lw_dim(c, arg(e, 0), 0);
        if (!strcmp(n, "tail")) j[0] = add(c, sub(c, len, lw_scalar(c, arg(e, 1))), idx[0]);
        else if (!strcmp(n, "segment")) j[0] = add(c, sub(c, lw_scalar(c, arg(e, 1)), I(c, 1)), idx[0]);
        else j[0] = sub(c, add(c, len, I(c, 1)), idx[0]);
        return lw_el(c, arg(e, 0), j, nidx);
    }
    if (!strcmp(n, "diagonal")) return lw_el2(c, arg(e, 0), idx[0], idx[0]);
    if (!strcmp(n, "diag_pre_multiply")) return mul(c, lw_el1(c, arg(e, 0), idx[0]), lw_el(c, arg(e, 1), idx, 2));
    if (!strcmp(n, "diag_post_multiply")) return mul(c, lw_el(c, arg(e, 0), idx, 2), lw_el1(c, arg(e, 1), idx[1]));
    if (!strcmp(n, "quad_form_diag"))
        return mul(c, lw_el(c, arg(e, 0), idx, 2), mul(c, lw_el1(c, arg(e, 1), idx[0]), lw_el1(c, arg(e, 1), idx[1])));
    if (!strncmp(n, "linspaced_", 10)) {
        ir_expr *cnt = lw_scalar(c, arg(e, 0)), *lo = realv(c, lw_scalar(c, arg(e, 1)));
        ir_expr *hi = realv(c, lw_scalar(c, arg(e, 2)));
        /* lo + (hi - lo) * (i - 1) / (n - 1); n == 1 gives hi */
        ir_expr *den = realv(c, sub(c, cnt, I(c, 1)));
        ir_expr *one = realv(c, int_eq(c, cnt, I(c, 1)));
        ir_expr *frac = dvd(c, realv(c, sub(c, idx[0], I(c, 1))), add(c, den, one));
        return add(c, lo, mul(c, sub(c, hi, lo), add(c, frac, one)));
    }
    if (!strncmp(n, "one_hot", 7)) {
        ir_expr *h = int_eq(c, idx[0], lw_scalar(c, arg(e, 1)));
        return !strcmp(n, "one_hot_int_array") ? h : realv(c, h);
    }
    if (!strcmp(n, "identity_matrix")) return realv(c, int_eq(c, idx[0], idx[1]));
    if (!strcmp(n, "block")) /* block(M, i, j, nrows, ncols)[r, s] = M[i + r - 1, j + s - 1] */
        return lw_el2(c, arg(e, 0), add(c, sub(c, lw_scalar(c, arg(e, 1)), I(c, 1)), idx[0]),
                      add(c, sub(c, lw_scalar(c, arg(e, 2)), I(c, 1)), idx[1]));
    if (!strcmp(n, "sub_col")) /* sub_col(M, i, j, n)[r] = M[i + r - 1, j] */
        return lw_el2(c, arg(e, 0), add(c, sub(c, lw_scalar(c, arg(e, 1)), I(c, 1)), idx[0]),
                      lw_scalar(c, arg(e, 2)));
    if (!strcmp(n, "sub_row")) /* sub_row(M, i, j, n)[s] = M[i, j + s - 1] */
        return lw_el2(c, arg(e, 0), lw_scalar(c, arg(e, 1)),
                      add(c, sub(c, lw_scalar(c, arg(e, 2)), I(c, 1)), idx[0]));
    if (!strcmp(n, "col")) return lw_el2(c, arg(e, 0), idx[0], lw_scalar(c, arg(e, 1)));
    if (!strcmp(n, "row")) return lw_el2(c, arg(e, 0), lw_scalar(c, arg(e, 1)), idx[0]);
    if (!strcmp(n, "symmetrize_from_lower_tri")) { /* M[max(i, j), min(i, j)], in exact ints */
        ir_expr *lower = ir_bin(c->a, OP_GE, idx[0], idx[1]), *upper = ir_bin(c->a, OP_LT, idx[0], idx[1]);
        ir_expr *r = add(c, mul(c, lower, idx[0]), mul(c, upper, idx[1]));
        ir_expr *s2 = add(c, mul(c, lower, idx[1]), mul(c, upper, idx[0]));
        return lw_el2(c, arg(e, 0), r, s2);
    }
    if (!strncmp(n, "zeros", 5)) return strstr(n, "int") ? I(c, 0) : R(c, 0);
    if (!strncmp(n, "ones", 4)) return strstr(n, "int") ? I(c, 1) : R(c, 1);
    if (!strcmp(n, "uniform_simplex")) return dvd(c, R(c, 1), realv(c, lw_scalar(c, arg(e, 0))));
    if (!strcmp(n, "size")) return lw_dim(c, arg(e, 0), 0);
    if (!strcmp(n, "num_elements")) return lw_count(c, arg(e, 0));
    if (!strcmp(n, "rows")) return arg(e, 0)->type.base == TY_ROW_VECTOR ? I(c, 1) : lw_dim(c, arg(e, 0), 0);
    if (!strcmp(n, "cols")) {
        base_type b = arg(e, 0)->type.base;
        return b == TY_MATRIX ? lw_dim(c, arg(e, 0), 1) : b == TY_ROW_VECTOR ? lw_dim(c, arg(e, 0), 0) : I(c, 1);
    }
    return NULL;
}

/* ---- the interface to lower.c ---------------------------------------------------- */

int lw_cshape(lctx *c, const expr *e, ir_expr **dims) {
    if (hoist_rule(c, e)) return hoisted_shape(c, e, dims);
    return direct_shape(c, e, dims);
}

ir_expr *lw_cel(lctx *c, const expr *e, ir_expr **idx, int nidx) {
    const hoist_fn *h = hoist_rule(c, e);
    if (h) {
        ir_var *t = remembered(c, e);
        if (!t) t = compute(c, e, h); /* met outside lw_hoist: computed here */
        if (t->ndims != nidx) return lw_bad(c, e, "this indexing of a computed container");
        return t->ndims ? lw_get(c, t, idx) : lw_get0(c, t);
    }
    if (direct_shape(c, e, (ir_expr *[MAXD]){0}) < 0) return NULL;
    return direct_el(c, e, idx, nidx);
}

/* ---- what this file lowers (for docs/functions.md) ----------------------------- */

static const char *const direct_names[] = {
    "transpose", "rep_vector", "rep_row_vector", "rep_matrix", "rep_array", "to_vector",
    "to_row_vector", "to_array_1d", "to_matrix", "to_array_2d", "head", "tail", "segment",
    "reverse", "diagonal", "diag_pre_multiply", "diag_post_multiply", "quad_form_diag",
    "linspaced_vector", "linspaced_row_vector", "linspaced_array", "one_hot_vector",
    "one_hot_row_vector", "one_hot_array", "one_hot_int_array", "zeros_vector",
    "zeros_row_vector", "zeros_array", "zeros_int_array", "ones_vector", "ones_row_vector",
    "ones_array", "ones_int_array", "uniform_simplex", "size", "num_elements", "rows", "cols",
    "identity_matrix", "reduce_sum", "reduce_sum_static", "block", "sub_col", "sub_row", "col",
    "row", "symmetrize_from_lower_tri", "multiply",
};

int lw_container_implements(const char *name) {
    for (size_t i = 0; i < sizeof hoist_table / sizeof hoist_table[0]; i++)
        if (!strcmp(hoist_table[i].name, name)) return 1;
    for (size_t i = 0; i < sizeof direct_names / sizeof direct_names[0]; i++)
        if (!strcmp(direct_names[i], name)) return 1;
    expr probe = {.kind = EX_CALL, .name = name};
    return lw_is_ode(&probe);
}
