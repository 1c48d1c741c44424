/* compiler/lower_sparse.c — Stan's compressed sparse row (CSR) functions,
 * lowered to IR: csr_extract_w / _v / _u, csr_to_dense_matrix and
 * csr_matrix_times_vector (the product that brms writes for sparse design
 * matrices), and trace_gen_quad_form.
 *
 * In:  the call and the temporary that receives its result (lower_container.c's
 * hoisting table calls lw_fill_csr_* / lw_fill_trace_gen_quad_form; its shape
 * function asks lw_sparse_shape).  A CSR matrix is (w, v, u): the non-zero
 * values in row-major order, their 1-based column indices, and u[i] the
 * position in w of row i's first non-zero (u[m + 1] = size(w) + 1).
 * Out: statements at `cur`: Stan's argument checks (sizes, u increasing and
 * starting at 1, column indices in 1..n; each rejects with the function's
 * name), then loops.  csr_matrix_times_vector is a sum per row over its
 * non-zeros, ordinary IR, so ad.c differentiates it in w and b like user code.
 * Never: stores zeros (an element is a non-zero when it is != 0, as Stan);
 * sizes that depend on a matrix's values (csr_extract_*) need that matrix to be
 * data: elsewhere the compiler reports `not supported yet`.
 */
#include <string.h>
#include "lower_int.h"

static ir_expr *cmp(lctx *c, op_kind op, ir_expr *x, ir_expr *y) { return ir_bin(c->a, op, x, y); }

/* The number of non-zeros of the matrix argument, counted into an int
 * temporary (its read is the size of w and v). */
static ir_expr *count_nonzeros(lctx *c, const expr *e) {
    const expr *a = arg(e, 0);
    ir_var *n = lw_temp(c, e, 1, 0, NULL);
    lw_set(c, n, NULL, I(c, 0), e);
    ir_block *si, *sj;
    ir_expr *i = lw_loop(c, I(c, 1), lw_dim(c, a, 0), &si, e), *j = lw_loop(c, I(c, 1), lw_dim(c, a, 1), &sj, e);
    lw_set(c, n, NULL, add(c, lw_get0(c, n), cmp(c, OP_NE, lw_el2(c, a, i, j), R(c, 0))), e);
    lw_loop_end(c, sj);
    lw_loop_end(c, si);
    return lw_get0(c, n);
}

/* Walks the non-zeros of the matrix argument in row-major order: calls
 * put(k, i, j) for the k-th one (k counted from 1 in an int temporary), and
 * at_row(i, k) before row i's first (k: its position). */
typedef void (*nz_fn)(lctx *c, const expr *e, ir_var *t, ir_expr *k, ir_expr *i, ir_expr *j);

static void walk_nonzeros(lctx *c, const expr *e, ir_var *t, nz_fn put, nz_fn at_row) {
    const expr *a = arg(e, 0);
    ir_var *k = lw_temp(c, e, 1, 0, NULL);
    lw_set(c, k, NULL, I(c, 1), e);
    ir_block *si, *sj;
    ir_expr *i = lw_loop(c, I(c, 1), lw_dim(c, a, 0), &si, e);
    if (at_row) at_row(c, e, t, lw_get0(c, k), i, NULL);
    ir_expr *j = lw_loop(c, I(c, 1), lw_dim(c, a, 1), &sj, e);
    ir_stmt *nz = lw_if(c, cmp(c, OP_NE, lw_el2(c, a, i, j), R(c, 0)), e);
    ir_block *here = c->cur;
    c->cur = &nz->body;
    if (put) put(c, e, t, lw_get0(c, k), i, j);
    lw_set(c, k, NULL, add(c, lw_get0(c, k), I(c, 1)), e);
    c->cur = here;
    lw_loop_end(c, sj);
    lw_loop_end(c, si);
    if (at_row) at_row(c, e, t, lw_get0(c, k), add(c, lw_dim(c, a, 0), I(c, 1)), NULL);
}

static void put_value(lctx *c, const expr *e, ir_var *t, ir_expr *k, ir_expr *i, ir_expr *j) {
    lw_set(c, t, ix1(c, k), lw_el2(c, arg(e, 0), i, j), e);
}

static void put_column(lctx *c, const expr *e, ir_var *t, ir_expr *k, ir_expr *i, ir_expr *j) {
    (void)i;
    lw_set(c, t, ix1(c, k), j, e);
}

static void put_row_start(lctx *c, const expr *e, ir_var *t, ir_expr *k, ir_expr *i, ir_expr *j) {
    (void)j;
    lw_set(c, t, ix1(c, i), k, e);
}

void lw_fill_csr_extract_w(lctx *c, const expr *e, ir_var *t) { walk_nonzeros(c, e, t, put_value, NULL); }
void lw_fill_csr_extract_v(lctx *c, const expr *e, ir_var *t) { walk_nonzeros(c, e, t, put_column, NULL); }
void lw_fill_csr_extract_u(lctx *c, const expr *e, ir_var *t) { walk_nonzeros(c, e, t, NULL, put_row_start); }

/* Stan's checks of a CSR triple (w, v, u) for an m x n matrix: m, n > 0,
 * size(u) = m + 1, u[1] = 1, u increasing, u[m + 1] - 1 = size(w) = size(v),
 * every v in 1..n. */
static void check_csr(lctx *c, const expr *e, ir_expr *m, ir_expr *n) {
    const expr *w = arg(e, 2), *v = arg(e, 3), *u = arg(e, 4);
    const char *f = e->name;
    lw_reject_if(c, cmp(c, OP_LE, m, I(c, 0)), e, arena_printf(c->a, "%s: m must be positive", f));
    lw_reject_if(c, cmp(c, OP_LE, n, I(c, 0)), e, arena_printf(c->a, "%s: n must be positive", f));
    lw_size_check(c, e, lw_dim(c, u, 0), add(c, m, I(c, 1)), "u must have m + 1 elements");
    lw_size_check(c, e, lw_dim(c, w, 0), lw_dim(c, v, 0), "w and v differ in size");
    lw_reject_if(c, cmp(c, OP_NE, lw_el1(c, u, I(c, 1)), I(c, 1)), e,
                 arena_printf(c->a, "%s: u[1] must be 1", f));
    lw_size_check(c, e, sub(c, lw_el1(c, u, add(c, m, I(c, 1))), I(c, 1)), lw_dim(c, w, 0),
                  "u[m + 1] - 1 must be the number of non-zeros, size(w)");
    ir_block *s;
    ir_expr *i = lw_loop(c, I(c, 1), m, &s, e);
    lw_reject_if(c, cmp(c, OP_LT, lw_el1(c, u, add(c, i, I(c, 1))), lw_el1(c, u, i)), e,
                 arena_printf(c->a, "%s: u must not decrease", f));
    lw_loop_end(c, s);
    ir_expr *k = lw_loop(c, I(c, 1), lw_dim(c, v, 0), &s, e);
    ir_expr *col = lw_el1(c, v, k);
    lw_reject_if(c, ir_bin(c->a, OP_OR, cmp(c, OP_LT, col, I(c, 1)), cmp(c, OP_GT, col, n)), e,
                 arena_printf(c->a, "%s: a column index in v is outside 1..n", f));
    lw_loop_end(c, s);
}

/* csr_to_dense_matrix(m, n, w, v, u): zeros, then each non-zero in place. */
void lw_fill_csr_to_dense_matrix(lctx *c, const expr *e, ir_var *t) {
    ir_expr *m = lw_scalar(c, arg(e, 0)), *n = lw_scalar(c, arg(e, 1));
    const expr *w = arg(e, 2), *v = arg(e, 3), *u = arg(e, 4);
    check_csr(c, e, m, n);
    ir_block *si, *sj;
    ir_expr *i = lw_loop(c, I(c, 1), m, &si, e), *j = lw_loop(c, I(c, 1), n, &sj, e);
    lw_set(c, t, ix2(c, i, j), R(c, 0), e);
    lw_loop_end(c, sj);
    lw_loop_end(c, si);
    i = lw_loop(c, I(c, 1), m, &si, e);
    ir_expr *k = lw_loop(c, lw_el1(c, u, i), sub(c, lw_el1(c, u, add(c, i, I(c, 1))), I(c, 1)), &sj, e);
    lw_set(c, t, ix2(c, i, lw_el1(c, v, k)), lw_el1(c, w, k), e);
    lw_loop_end(c, sj);
    lw_loop_end(c, si);
}

/* csr_matrix_times_vector(m, n, w, v, u, b): row i is the sum over its
 * non-zeros k of w[k] b[v[k]]. */
void lw_fill_csr_matrix_times_vector(lctx *c, const expr *e, ir_var *t) {
    ir_expr *m = lw_scalar(c, arg(e, 0)), *n = lw_scalar(c, arg(e, 1));
    const expr *w = arg(e, 2), *v = arg(e, 3), *u = arg(e, 4), *b = arg(e, 5);
    check_csr(c, e, m, n);
    lw_size_check(c, e, lw_dim(c, b, 0), n, "b must have n elements");
    ir_block *si, *sk;
    ir_expr *i = lw_loop(c, I(c, 1), m, &si, e);
    lw_set(c, t, ix1(c, i), R(c, 0), e);
    ir_expr *k = lw_loop(c, lw_el1(c, u, i), sub(c, lw_el1(c, u, add(c, i, I(c, 1))), I(c, 1)), &sk, e);
    ir_expr *term = mul(c, lw_el1(c, w, k), lw_el1(c, b, lw_el1(c, v, k)));
    lw_set(c, t, ix1(c, i), add(c, lw_get(c, t, ix1(c, i)), term), e);
    lw_loop_end(c, sk);
    lw_loop_end(c, si);
}

/* trace_gen_quad_form(D, A, B) = trace(D B' A B), D k x k, A n x n, B n x k:
 * the sum over i, j of D[i, j] (B' A B)[j, i], with A B formed once. */
void lw_fill_trace_gen_quad_form(lctx *c, const expr *e, ir_var *t) {
    const expr *D = arg(e, 0), *A = arg(e, 1), *B = arg(e, 2);
    ir_expr *n = lw_dim(c, A, 0), *k = lw_dim(c, B, 1);
    lw_check_square(c, e, D);
    lw_check_square(c, e, A);
    lw_size_check(c, e, lw_dim(c, B, 0), n, "the rows of B and the size of A differ");
    lw_size_check(c, e, lw_dim(c, D, 0), k, "the columns of B and the size of D differ");
    ir_expr *dd[2] = {n, k};
    ir_var *AB = lw_temp(c, e, 0, 2, dd);
    ir_block *s1, *s2, *s3;
    ir_expr *p = lw_loop(c, I(c, 1), n, &s1, e), *q = lw_loop(c, I(c, 1), k, &s2, e);
    lw_dot_into(c, e, AB, ix2(c, p, q), n, A, p, B, q);
    lw_loop_end(c, s2);
    lw_loop_end(c, s1);
    lw_set(c, t, NULL, R(c, 0), e);
    ir_expr *i = lw_loop(c, I(c, 1), k, &s1, e), *j = lw_loop(c, I(c, 1), k, &s2, e);
    ir_expr *r = lw_loop(c, I(c, 1), n, &s3, e); /* (B' A B)[j, i] = sum_r B[r, j] AB[r, i] */
    ir_expr *term = mul(c, lw_el2(c, D, i, j), mul(c, lw_el2(c, B, r, j), lw_get(c, AB, ix2(c, r, i))));
    lw_set(c, t, NULL, add(c, lw_get0(c, t), term), e);
    lw_loop_end(c, s3);
    lw_loop_end(c, s2);
    lw_loop_end(c, s1);
}

/* The result shape of the calls above; -1 for any other call. */
int lw_sparse_shape(lctx *c, const expr *e, ir_expr **dims) {
    const char *n = e->name;
    if (!strcmp(n, "csr_extract_w") || !strcmp(n, "csr_extract_v")) {
        dims[0] = count_nonzeros(c, e);
        return 1;
    }
    if (!strcmp(n, "csr_extract_u")) {
        dims[0] = add(c, lw_dim(c, arg(e, 0), 0), I(c, 1));
        return 1;
    }
    if (!strcmp(n, "csr_to_dense_matrix")) {
        dims[0] = lw_scalar(c, arg(e, 0));
        dims[1] = lw_scalar(c, arg(e, 1));
        return 2;
    }
    if (!strcmp(n, "csr_matrix_times_vector")) {
        dims[0] = lw_scalar(c, arg(e, 0));
        return 1;
    }
    if (!strcmp(n, "trace_gen_quad_form")) return 0;
    return -1;
}
