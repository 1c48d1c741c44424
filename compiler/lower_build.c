/* compiler/lower_build.c — builders the lowering files share.
 *
 * In:  an lctx positioned at a block (`cur`).  Out: IR statements there:
 * temporaries, loops, ifs, rejections, element reads of AST operands,
 * catalog calls, and the two numerical kernels several functions need
 * (a Cholesky factor and triangular solves), written as IR so that ad.c
 * differentiates them.
 * Never: decides what a source construct means (lower.c,
 * lower_container.c and lower_multi.c do).
 */
#include <math.h>
#include <string.h>
#include "lower_int.h"

/* Builders take the expression they lower for its location; NULL: none. */
static src_span span_of(const expr *at) { return at ? at->span : (src_span){0}; }

/* A call of the catalog's scalar implementation of `name`, or NULL. */
ir_expr *lw_call(lctx *c, const char *name, int n, ir_expr *x, ir_expr *y) {
    int cnt = 0;
    const fn_sig *s = catalog_lookup(name, &cnt);
    for (int i = 0; s && i < cnt; i++, s++) {
        if (s->kind != FN_MATH || s->nargs != n || !s->c_value || !s->c_grad) continue;
        ir_expr *r = ir_real(c->a, 0);
        r->kind = IE_CALL;
        r->sig = s;
        r->nargs = n;
        r->args = ir_args(c->a, n);
        r->args[0] = x;
        if (n > 1) r->args[1] = y;
        return r;
    }
    return NULL;
}


ir_expr *lw_sqrt(lctx *c, ir_expr *x) {
    ir_expr *r = lw_call(c, "sqrt", 1, x, NULL);
    return r ? r : ir_intrin1(c->a, II_EXP, mul(c, R(c, 0.5), lg(c, x)));
}

/* ---- statements ---------------------------------------------------------- */

/* A compiler temporary of the given shape.  In transformed data it lives
 * in the model and is allocated where it is made; elsewhere in the
 * workspace (allocated once, sized by layout()). */
/* See lower_int.h. */
void *lw_grow(lctx *c, void *items, int n, int *cap, size_t sz) {
    if (n < *cap) return items;
    int nc = *cap ? 2 * *cap : 16;
    void *ni = arena_alloc(c->a, sz * (size_t)nc);
    if (n) memcpy(ni, items, sz * (size_t)n);
    *cap = nc;
    return ni;
}

ir_var *lw_temp(lctx *c, const expr *at, int is_int, int nd, ir_expr **dims) {
    ir_role role = lw_temp_role(c);
    int tdata = role == IRV_TDATA;
    ir_var *t = ir_var_new(c->m, "__tmp", role, is_int, nd);
    if (role == IRV_FRAME && nd > 0)
        lw_unsupported(c, span_of(at), "containers in a recursive function");
    t->scope = c->cur_for;
    for (int k = 0; k < nd; k++) {
        t->dims[k] = dims[k];
        if (!lw_data_only(dims[k]))
            lw_unsupported(c, span_of(at), "a container whose size depends on a loop variable or a "
                                        "parameter here");
    }
    if (tdata) {
        ir_stmt *al = ir_stmt_new(c->a, IS_ALLOC, span_of(at));
        al->var = t;
        lw_emit(c, al);
    }
    return t;
}

void lw_set(lctx *c, ir_var *t, ir_expr **idx, ir_expr *val, const expr *at) {
    if (!idx && t->ndims) unreachable();
    if (!t->is_int) val = realv(c, val);
    lw_emit(c, ir_assign(c->a, t, t->ndims, idx, val, span_of(at)));
}

ir_expr *lw_get(lctx *c, ir_var *t, ir_expr **idx) { return ir_read(c->a, t, t->ndims, idx); }
ir_expr *lw_get0(lctx *c, ir_var *t) { return ir_read0(c->a, t); }

/* for (k in lo:hi) { ... }: opens the loop at cur, returns k; close with
 * lw_loop_end(c, saved). */
ir_expr *lw_loop(lctx *c, ir_expr *lo, ir_expr *hi, ir_block **saved, const expr *at) {
    ir_var *k = lw_fresh_loop(c);
    ir_stmt *f = ir_for(c->a, k, lo, hi, span_of(at));
    lw_emit(c, f);
    *saved = c->cur;
    c->cur = &f->body;
    return ir_read0(c->a, k);
}

void lw_loop_end(lctx *c, ir_block *saved) { c->cur = saved; }

/* if (cond) { ... } else { ... }: returns the statement; fill its blocks. */
ir_stmt *lw_if(lctx *c, ir_expr *cond, const expr *at) {
    ir_stmt *s = ir_stmt_new(c->a, IS_IF, span_of(at));
    s->cond = cond;
    lw_emit(c, s);
    return s;
}

void lw_reject_if(lctx *c, ir_expr *cond, const expr *at, const char *msg) {
    ir_stmt *s = ir_stmt_new(c->a, IS_CHECK, span_of(at));
    s->cond = cond;
    s->msg = msg;
    lw_emit(c, s);
}

/* ---- shapes and elements of arguments ----------------------------------------- */

ir_expr *lw_dim(lctx *c, const expr *e, int k) {
    ir_expr *d[MAXD];
    int n = lw_shape(c, e, d);
    return k < n ? d[k] : I(c, 1);
}

/* Number of elements of a container expression. */
ir_expr *lw_count(lctx *c, const expr *e) {
    ir_expr *d[MAXD];
    int n = lw_shape(c, e, d);
    ir_expr *r = I(c, 1);
    for (int k = 0; k < n; k++) r = k ? mul(c, r, d[k]) : d[k];
    return r;
}

ir_expr *lw_el1(lctx *c, const expr *e, ir_expr *i) { return lw_operand(c, e, ix1(c, i), 1); }
ir_expr *lw_el2(lctx *c, const expr *e, ir_expr *i, ir_expr *j) {
    return lw_operand(c, e, ix2(c, i, j), 2);
}

int lw_is_base(const expr *e, base_type b) { return e->type.base == b && e->type.array_dims == 0; }
int lw_is_mat(const expr *e) { return lw_is_base(e, TY_MATRIX); }

/* Loops over every element of e (row-major) at cur; restore with loop_end. */
ir_block *lw_each_el(lctx *c, const expr *e, ir_expr **idx, int *nd) {
    ir_expr *d[MAXD];
    *nd = lw_shape(c, e, d);
    ir_block *saved = c->cur;
    c->cur = lw_open_loops(c, d, *nd, idx, 0, e->span);
    return saved;
}

void lw_size_check(lctx *c, const expr *e, ir_expr *a, ir_expr *b, const char *what) {
    lw_reject_if(c, ir_bin(c->a, OP_NE, a, b), e,
              arena_printf(c->a, "%s: size mismatch (%s)", e->name ? e->name : "*", what));
}

void lw_check_square(lctx *c, const expr *e, const expr *m) {
    lw_size_check(c, e, lw_dim(c, m, 0), lw_dim(c, m, 1), "the matrix is not square");
}

/* t[idx] = sum_k a(k) * b(k) where a/b give the k-th factors. */
static ir_expr *row_of(lctx *c, const expr *x, ir_expr *i, ir_expr *k) {
    return lw_is_mat(x) ? lw_el2(c, x, i, k) : lw_el1(c, x, k);
}

static ir_expr *col_of(lctx *c, const expr *x, ir_expr *j, ir_expr *k) {
    return lw_is_mat(x) ? lw_el2(c, x, k, j) : lw_el1(c, x, k);
}

/* t[tidx] = init + term(lo) + ... + term(hi) (each term subtracted instead
 * when negate is set), in that order: one IE_SUM when building the term
 * emits no statements (x - y is x + -y exactly, so the bits are those of
 * the loop), else the loop of additions with the term's statements inside. */
void lw_accumulate(lctx *c, const expr *e, ir_var *t, ir_expr **tidx, ir_expr *lo, ir_expr *hi,
                   ir_expr *init, int negate, lw_term_fn term, const void *ctx) {
    ir_var *kv = lw_fresh_loop(c);
    ir_block *saved = c->cur, scratch = {0};
    c->cur = &scratch;
    ir_expr *x = term(c, ctx, ir_read0(c->a, kv));
    c->cur = saved;
    if (scratch.n == 0) {
        lw_set(c, t, tidx, ir_sum(c->a, kv, lo, hi, negate ? ir_neg(c->a, x) : x, init), e);
        return;
    }
    lw_set(c, t, tidx, init, e);
    ir_stmt *f = ir_for(c->a, kv, lo, hi, span_of(e));
    lw_emit(c, f);
    f->body = scratch;
    c->cur = &f->body;
    ir_expr *cur = lw_get(c, t, tidx);
    lw_set(c, t, tidx, negate ? sub(c, cur, x) : add(c, cur, x), e);
    c->cur = saved;
}

typedef struct {
    const expr *x, *y;
    ir_expr *i, *j;
} dot_ctx;

static ir_expr *dot_term(lctx *c, const void *p, ir_expr *k) {
    const dot_ctx *d = p;
    return mul(c, row_of(c, d->x, d->i, k), col_of(c, d->y, d->j, k));
}

/* t[idx] = sum(k in 1:n, x_ik * y_kj), added in order from 0. */
void lw_dot_into(lctx *c, const expr *e, ir_var *t, ir_expr **tidx, ir_expr *n,
                     const expr *x, ir_expr *i, const expr *y, ir_expr *j) {
    dot_ctx d = {x, y, i, j};
    lw_accumulate(c, e, t, tidx, I(c, 1), n, R(c, 0), 0, dot_term, &d);
}

/* Element (i, j) of the matrix to factor: an expression or a temporary. */
static ir_expr *mat_el(lctx *c, const expr *S, ir_var *Sv, ir_expr *i, ir_expr *j) {
    return Sv ? lw_get(c, Sv, ix2(c, i, j)) : lw_el2(c, S, i, j);
}

/* Rejects with msg unless the n x n matrix S (or the temporary Sv) is
 * symmetric: |S_uj - S_ju| <= 1e-8 (|S_uj| + 1) for u > j. */
void lw_check_symmetric(lctx *c, const expr *e, const expr *S, ir_var *Sv, ir_expr *n, const char *msg) {
    ir_block *sj, *su;
    ir_expr *j = lw_loop(c, I(c, 1), n, &sj, e);
    ir_expr *u = lw_loop(c, add(c, j, I(c, 1)), n, &su, e);
    ir_expr *a = mat_el(c, S, Sv, u, j), *b = mat_el(c, S, Sv, j, u);
    ir_expr *diff = lw_call(c, "fabs", 1, sub(c, a, b), NULL);
    ir_expr *scale = add(c, lw_call(c, "fabs", 1, mat_el(c, S, Sv, u, j), NULL), R(c, 1));
    lw_reject_if(c, ir_bin(c->a, OP_GT, diff, mul(c, R(c, 1e-8), scale)), e, msg);
    lw_loop_end(c, su);
    lw_loop_end(c, sj);
}

/* Lower Cholesky factor of symmetric positive-definite S (an expression,
 * or the temporary Sv) into t. */
static void cholesky_core(lctx *c, const expr *e, ir_var *t, const expr *S, ir_var *Sv) {
    if (!Sv) lw_check_square(c, e, S);
    ir_expr *n = t->dims[0];
    ir_var *s = lw_temp(c, e, 0, 0, NULL);
    /* symmetry: Stan rejects a matrix that is not symmetric */
    lw_check_symmetric(c, e, S, Sv, n,
                       arena_printf(c->a, "%s: the matrix is not symmetric", e->name ? e->name : "cholesky"));
    ir_block *sj, *si;
    ir_expr *j = lw_loop(c, I(c, 1), n, &sj, e);
    /* s = S_jj - sum_k L_jk^2 and below s = S_ij - sum_k L_ik L_jk: each one
     * IE_SUM of the negated terms (x - y is x + -y exactly), in order */
    ir_var *kv = lw_fresh_loop(c);
    ir_expr *k = ir_read0(c->a, kv);
    lw_set(c, s, NULL, ir_sum(c->a, kv, I(c, 1), sub(c, j, I(c, 1)),
                              ir_neg(c->a, sq(c, lw_get(c, t, ix2(c, j, k)))), mat_el(c, S, Sv, j, j)), e);
    lw_reject_if(c, ir_bin(c->a, OP_LE, lw_get0(c, s), R(c, 0)), e,
              arena_printf(c->a, "%s: the matrix is not positive definite",
                           e->name ? e->name : "cholesky_decompose"));
    lw_set(c, t, ix2(c, j, j), lw_sqrt(c, lw_get0(c, s)), e);
    ir_expr *i = lw_loop(c, add(c, j, I(c, 1)), n, &si, e);
    ir_var *kv2 = lw_fresh_loop(c);
    ir_expr *k2 = ir_read0(c->a, kv2);
    ir_expr *term = mul(c, lw_get(c, t, ix2(c, i, k2)), lw_get(c, t, ix2(c, j, k2)));
    lw_set(c, s, NULL, ir_sum(c->a, kv2, I(c, 1), sub(c, j, I(c, 1)), ir_neg(c->a, term), mat_el(c, S, Sv, i, j)), e);
    lw_set(c, t, ix2(c, i, j), dvd(c, lw_get0(c, s), lw_get(c, t, ix2(c, j, j))), e);
    lw_set(c, t, ix2(c, j, i), R(c, 0), e);
    lw_loop_end(c, si);
    lw_loop_end(c, sj);
}

void lw_cholesky_into(lctx *c, const expr *e, ir_var *t, const expr *S) { cholesky_core(c, e, t, S, NULL); }

ir_var *lw_cholesky_var(lctx *c, const expr *at, ir_var *S) {
    ir_expr *dd[2] = {S->dims[0], S->dims[0]};
    ir_var *L = lw_temp(c, at, 0, 2, dd);
    cholesky_core(c, at, L, NULL, S);
    return L;
}

static ir_expr *tri_el(lctx *c, tri L, ir_expr *i, ir_expr *j) {
    if (L.transposed) {
        ir_expr *x = i;
        i = j;
        j = x;
    }
    return L.e ? lw_el2(c, L.e, i, j) : lw_get(c, L.v, ix2(c, i, j));
}

static ir_expr *rhs_el(lctx *c, rhs_src b, ir_expr *i, ir_expr *col) {
    if (b.identity) return realv(c, ir_bin(c->a, OP_EQ, i, col));
    if (b.v) return col ? lw_get(c, b.v, ix2(c, i, col)) : lw_get(c, b.v, ix1(c, i));
    return col ? lw_el2(c, b.e, i, col) : lw_el1(c, b.e, i);
}

/* Column `col` of t (t itself when col is NULL) = L^-1 b. */
typedef struct {
    tri L;
    ir_var *t;
    ir_expr *col, *i;
} tri_ctx;

static ir_expr *tri_term(lctx *c, const void *p, ir_expr *k) {
    const tri_ctx *d = p;
    return mul(c, tri_el(c, d->L, d->i, k), lw_get(c, d->t, d->col ? ix2(c, k, d->col) : ix1(c, k)));
}

void lw_tri_solve_col(lctx *c, const expr *e, ir_var *t, ir_expr *col, tri L, ir_expr *n,
                          rhs_src b) {
    ir_block *si;
    ir_expr *ii = lw_loop(c, I(c, 1), n, &si, e);
    ir_expr *i = L.transposed ? sub(c, add(c, n, I(c, 1)), ii) : ii;
    ir_expr **ti = col ? ix2(c, i, col) : ix1(c, i);
    ir_expr *lo = L.transposed ? add(c, i, I(c, 1)) : I(c, 1);
    ir_expr *hi = L.transposed ? n : sub(c, i, I(c, 1));
    /* t_i = (b_i - sum_k L_ik t_k) / L_ii, subtracting in order */
    tri_ctx d = {L, t, col, i};
    lw_accumulate(c, e, t, ti, lo, hi, rhs_el(c, b, i, col), 1, tri_term, &d);
    lw_set(c, t, ti, dvd(c, lw_get(c, t, ti), tri_el(c, L, i, i)), e);
    lw_loop_end(c, si);
}

/* t = L^-1 B, column by column when t is a matrix. */
void lw_tri_solve(lctx *c, const expr *e, ir_var *t, tri L, rhs_src b) {
    ir_expr *n = t->dims[0];
    if (t->ndims == 1) {
        lw_tri_solve_col(c, e, t, NULL, L, n, b);
        return;
    }
    ir_block *sc;
    ir_expr *col = lw_loop(c, I(c, 1), t->dims[1], &sc, e);
    lw_tri_solve_col(c, e, t, col, L, n, b);
    lw_loop_end(c, sc);
}

ir_var *lw_cholesky(lctx *c, const expr *e, const expr *A) {
    ir_expr *dd[2] = {lw_dim(c, A, 0), lw_dim(c, A, 0)};
    ir_var *L = lw_temp(c, e, 0, 2, dd);
    lw_cholesky_into(c, e, L, A);
    return L;
}


/* ---- LU factorisation with partial pivoting -------------------------------- */

/* Swaps t[r1, j] and t[r2, j] for every column j (real t) using tmp. */
static void swap_rows(lctx *c, const expr *at, ir_var *t, ir_expr *r1, ir_expr *r2, ir_var *tmp) {
    ir_block *sj;
    ir_expr *j = lw_loop(c, I(c, 1), t->dims[1], &sj, at);
    lw_set(c, tmp, NULL, lw_get(c, t, ix2(c, r1, j)), at);
    lw_set(c, t, ix2(c, r1, j), lw_get(c, t, ix2(c, r2, j)), at);
    lw_set(c, t, ix2(c, r2, j), lw_get0(c, tmp), at);
    lw_loop_end(c, sj);
}

/* Picks the row p >= k with the largest |A[p, k]| into p; rejects a
 * singular matrix (a zero pivot column). */
static void choose_pivot(lctx *c, const expr *at, ir_var *A, ir_expr *k, ir_var *p, ir_var *best) {
    ir_expr *n = A->dims[0];
    lw_set(c, p, NULL, k, at);
    lw_set(c, best, NULL, lw_call(c, "fabs", 1, lw_get(c, A, ix2(c, k, k)), NULL), at);
    ir_block *si;
    ir_expr *i = lw_loop(c, add(c, k, I(c, 1)), n, &si, at);
    ir_expr *v = lw_call(c, "fabs", 1, lw_get(c, A, ix2(c, i, k)), NULL);
    ir_stmt *s = lw_if(c, ir_bin(c->a, OP_GT, v, lw_get0(c, best)), at);
    ir_block *in = c->cur;
    c->cur = &s->body;
    lw_set(c, best, NULL, v, at);
    lw_set(c, p, NULL, i, at);
    c->cur = in;
    lw_loop_end(c, si);
    lw_reject_if(c, ir_bin(c->a, OP_EQ, lw_get0(c, best), R(c, 0)), at,
                 arena_printf(c->a, "%s: the matrix is singular", at && at->name ? at->name : "LU"));
}

/* LU of the expression A, or of the square temporary Av when A is NULL. */
static lu_factor lu_core(lctx *c, const expr *at, const expr *A, ir_var *Av) {
    ir_expr *n = A ? lw_dim(c, A, 0) : Av->dims[0], *dd[2] = {n, n};
    lu_factor f = {lw_temp(c, at, 0, 2, dd), lw_temp(c, at, 1, 1, dd), lw_temp(c, at, 0, 0, NULL)};
    ir_var *p = lw_temp(c, at, 1, 0, NULL), *best = lw_temp(c, at, 0, 0, NULL);
    ir_var *tmp = lw_temp(c, at, 0, 0, NULL), *itmp = lw_temp(c, at, 1, 0, NULL);
    ir_block *s1, *s2, *s3;
    ir_expr *i = lw_loop(c, I(c, 1), n, &s1, at);
    ir_expr *j = lw_loop(c, I(c, 1), n, &s2, at);
    lw_set(c, f.lu, ix2(c, i, j), A ? lw_el2(c, A, i, j) : lw_get(c, Av, ix2(c, i, j)), at);
    lw_loop_end(c, s2);
    lw_set(c, f.perm, ix1(c, i), i, at);
    lw_loop_end(c, s1);
    lw_set(c, f.sign, NULL, R(c, 1), at);
    ir_expr *k = lw_loop(c, I(c, 1), n, &s1, at);
    choose_pivot(c, at, f.lu, k, p, best);
    ir_stmt *sw = lw_if(c, ir_bin(c->a, OP_NE, lw_get0(c, p), k), at);
    ir_block *in = c->cur;
    c->cur = &sw->body;
    swap_rows(c, at, f.lu, k, lw_get0(c, p), tmp);
    lw_set(c, itmp, NULL, lw_get(c, f.perm, ix1(c, k)), at);
    lw_set(c, f.perm, ix1(c, k), lw_get(c, f.perm, ix1(c, lw_get0(c, p))), at);
    lw_set(c, f.perm, ix1(c, lw_get0(c, p)), lw_get0(c, itmp), at);
    lw_set(c, f.sign, NULL, mul(c, R(c, -1), lw_get0(c, f.sign)), at);
    c->cur = in;
    ir_expr *r = lw_loop(c, add(c, k, I(c, 1)), n, &s2, at);
    ir_expr **rk = ix2(c, r, k);
    lw_set(c, f.lu, rk, dvd(c, lw_get(c, f.lu, rk), lw_get(c, f.lu, ix2(c, k, k))), at);
    ir_expr *q = lw_loop(c, add(c, k, I(c, 1)), n, &s3, at);
    ir_expr **rq = ix2(c, r, q);
    lw_set(c, f.lu, rq, sub(c, lw_get(c, f.lu, rq), mul(c, lw_get(c, f.lu, rk), lw_get(c, f.lu, ix2(c, k, q)))), at);
    lw_loop_end(c, s3);
    lw_loop_end(c, s2);
    lw_loop_end(c, s1);
    return f;
}

lu_factor lw_lu(lctx *c, const expr *at, const expr *A) {
    lw_check_square(c, at, A);
    return lu_core(c, at, A, NULL);
}

lu_factor lw_lu_var(lctx *c, const expr *at, ir_var *A) { return lu_core(c, at, NULL, A); }

/* Column col of t (t itself when col is NULL) = A^-1 b with A = P' L U:
 * y = L^-1 (P b) (unit diagonal), then x = U^-1 y. */
void lw_lu_solve_col(lctx *c, const expr *at, lu_factor f, ir_var *t, ir_expr *col, rhs_src b) {
    ir_expr *n = f.lu->dims[0];
    ir_block *si, *sk;
    ir_expr *i = lw_loop(c, I(c, 1), n, &si, at);
    ir_expr **ti = col ? ix2(c, i, col) : ix1(c, i);
    ir_expr *pi = lw_get(c, f.perm, ix1(c, i));
    ir_expr *bi = b.identity ? realv(c, ir_bin(c->a, OP_EQ, pi, col))
                  : b.v ? (col ? lw_get(c, b.v, ix2(c, pi, col)) : lw_get(c, b.v, ix1(c, pi)))
                        : (col ? lw_el2(c, b.e, pi, col) : lw_el1(c, b.e, pi));
    lw_set(c, t, ti, bi, at);
    ir_expr *k = lw_loop(c, I(c, 1), sub(c, i, I(c, 1)), &sk, at);
    ir_expr **tk = col ? ix2(c, k, col) : ix1(c, k);
    lw_set(c, t, ti, sub(c, lw_get(c, t, ti), mul(c, lw_get(c, f.lu, ix2(c, i, k)), lw_get(c, t, tk))), at);
    lw_loop_end(c, sk);
    lw_loop_end(c, si);
    tri U = {NULL, f.lu, 0};
    ir_expr *ii = lw_loop(c, I(c, 1), n, &si, at);
    ir_expr *row = sub(c, add(c, n, I(c, 1)), ii);
    ir_expr **tr = col ? ix2(c, row, col) : ix1(c, row);
    ir_expr *k2 = lw_loop(c, add(c, row, I(c, 1)), n, &sk, at);
    ir_expr **tk2 = col ? ix2(c, k2, col) : ix1(c, k2);
    lw_set(c, t, tr, sub(c, lw_get(c, t, tr), mul(c, lw_get(c, U.v, ix2(c, row, k2)), lw_get(c, t, tk2))), at);
    lw_loop_end(c, sk);
    lw_set(c, t, tr, dvd(c, lw_get(c, t, tr), lw_get(c, U.v, ix2(c, row, row))), at);
    lw_loop_end(c, si);
}

/* ---- AST properties ------------------------------------------------------- */

int lw_ast_data_only(const expr *e) {
    if (!e) return 1;
    if (e->kind == EX_VAR && e->decl && e->decl->kind != DECL_LOOP_VAR &&
        e->decl->block != BLK_DATA && e->decl->block != BLK_TDATA)
        return 0;
    if (!lw_ast_data_only(e->lhs) || !lw_ast_data_only(e->rhs) || !lw_ast_data_only(e->cond)) return 0;
    for (int i = 0; i < e->args.n; i++)
        if (e->kind != EX_STRING && !lw_ast_data_only(e->args.items[i])) return 0;
    return 1;
}

/* t = (L L')^-1 b: z = L \ b, then t = L' \ z. */
void lw_cholesky_solve(lctx *c, const expr *at, ir_var *L, ir_var *t, rhs_src b) {
    ir_var *z = lw_temp(c, at, 0, t->ndims, t->dims);
    lw_tri_solve(c, at, z, (tri){NULL, L, 0}, b);
    lw_tri_solve(c, at, t, (tri){NULL, L, 1}, (rhs_src){NULL, z, 0});
}
