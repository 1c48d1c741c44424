/* compiler/lower_transform.c — the constrained types: simplex, unit_vector,
 * sum_to_zero_vector, ordered, positive_ordered, cholesky_factor_corr,
 * cholesky_factor_cov, corr_matrix, cov_matrix, row_ and
 * column_stochastic_matrix (and arrays of each).
 *
 * In:  a declared variable of one of those types (lower.c calls in here
 * from the layout, the density, write_array, unconstrain and the checks of
 * data / transformed data / transformed parameters / generated quantities).
 * Out: IR statements at `cur`: the transform from the element's free values
 * (a slice of theta) to its constrained value with `target +=` of log|J|
 * marked `jacobian`; its inverse; the checks that a value satisfies the
 * constraint; and the number of free values.  Everything is ordinary IR
 * (assignments, loops, ifs, temporaries), so ad.c differentiates it.
 * Never: reads the AST beyond the declaration, or emits C.
 *
 * Free values of one element are stored contiguously in theta; elements of
 * an array follow each other in row-major order of the array indices.
 * Transforms (K = the vector length / matrix size; y = free values):
 *  - sum_to_zero_vector[K] (K-1): x = V y with V the orthonormal Helmert
 *    basis of {x : sum x = 0} (column k: 1/sqrt(k(k+1)) in rows 1..k,
 *    -k/sqrt(k(k+1)) in row k+1), Stan's isometric transform; linear, no
 *    Jacobian term.  Inverse y = V' x.
 *  - simplex[K] (K-1): x = softmax(V y) (Stan's ILR transform);
 *    log|J| = log(K)/2 - K * log_sum_exp(V y).
 *  - unit_vector[K] (K): x = y / |y|; Stan's density term -|y|^2/2.
 *  - ordered[K] (K): x1 = y1, xk = x(k-1) + exp(yk); log|J| = sum_{k>1} yk.
 *    positive_ordered: x1 = exp(y1) as well; log|J| = sum yk.
 *  - cholesky_factor_corr[K] (K(K-1)/2, strictly lower, row-major):
 *    z = tanh(y), L[i,j] = z[i,j] sqrt(1 - sum_{k<j} L[i,k]^2),
 *    L[i,i] = sqrt(1 - sum_{k<i} L[i,k]^2); log|J| = sum_{i>j} log(1 - z^2)
 *    + log(1 - sum_{k<j} L[i,k]^2) / 2.
 *  - corr_matrix[K] (K(K-1)/2): L L' of the above; log|J| adds
 *    sum_i (K - i) log L[i,i].
 *  - cov_matrix[K] (K(K+1)/2, lower with diagonal, row-major): L[i,j] = y,
 *    L[i,i] = exp(y); S = L L'; log|J| = K log 2 + sum_i (K - i + 2) y[i,i].
 *  - cholesky_factor_cov[M, N] (N(N+1)/2 + (M-N)N): the first N rows as
 *    for cov_matrix, rows N+1..M free; log|J| = sum_i y[i,i].
 *  - row_stochastic_matrix[N, M] (N(M-1)): each row a simplex;
 *    column_stochastic_matrix[N, M] ((N-1)M): each column a simplex.
 */
#include <math.h>
#include "lower_int.h"

/* Elements v[ix...] with ix[at] (and ix[at+1] for a matrix) varying. */
typedef struct {
    ir_var *v;
    ir_expr *ix[IR_MAX_DIMS];
    int at;
} ref;

/* One variable being transformed or checked. */
typedef struct {
    lctx *c;
    const decl *d;
    ir_var *p;          /* the declared variable (its sizes) */
    ref x;              /* the current element's values: p or its mirror */
    int na;             /* array dimensions of p */
    ir_expr *n, *m;     /* element sizes: rows (vector length), cols */
    ir_expr *base;      /* 0-based theta position of the element's free values */
    int jacobian;       /* density: add log|J| */
    int strict;         /* unconstrain: boundary values have no free value */
    const char *text;   /* data: declaration text for bm_data_fail_elem */
} tx;

typedef struct {
    constraint_kind cons;
    const char *name;
    int matrix;
    ir_expr *(*free_size)(tx *t);     /* free values of one element */
    void (*constrain)(tx *t);
    void (*unconstrain)(tx *t);       /* values already checked */
    void (*check)(tx *t);
    void (*check_size)(tx *t);        /* declared sizes (create); may be NULL */
} transform;

/* ---- small IR builders ------------------------------------------------- */

static ir_expr *cmp(lctx *c, op_kind op, ir_expr *x, ir_expr *y) { return ir_bin(c->a, op, x, y); }
static ir_expr *dec(lctx *c, ir_expr *x) { return sub(c, x, I(c, 1)); }
static ir_expr *inc(lctx *c, ir_expr *x) { return add(c, x, I(c, 1)); }

static ir_expr *call1(lctx *c, const char *name, ir_expr *x) {
    ir_expr *r = lw_call(c, name, 1, x, NULL);
    if (!r) unreachable(); /* sqrt and fabs are in the catalog */
    return r;
}

static ir_expr *sqrt_(lctx *c, ir_expr *x) { return call1(c, "sqrt", realv(c, x)); }

static ir_expr *not_(lctx *c, ir_expr *x) {
    ir_expr *r = ir_neg(c->a, x);
    r->kind = IE_NOT;
    r->is_int = 1;
    return r;
}

/* |x - y| <= tol (false for NaN). */
static ir_expr *near(lctx *c, ir_expr *x, ir_expr *y, double tol) {
    return cmp(c, OP_LE, call1(c, "fabs", sub(c, x, y)), R(c, tol));
}

/* log(1 - tanh(y)^2) = log 4 + log_inv_logit(2y) + log1m_inv_logit(2y). */
static ir_expr *log1m_tanh_sq(lctx *c, ir_expr *y) {
    ir_expr *w1 = mul(c, R(c, 2), y), *w2 = mul(c, R(c, 2), y);
    return add(c, R(c, log(4.0)), add(c, ir_intrin1(c->a, II_LOG_INV_LOGIT, w1),
                                       ir_intrin1(c->a, II_LOG1M_INV_LOGIT, w2)));
}

/* tanh(y) = 2 inv_logit(2y) - 1. */
static ir_expr *tanh_(lctx *c, ir_expr *y) {
    return sub(c, mul(c, R(c, 2), ir_intrin1(c->a, II_INV_LOGIT, mul(c, R(c, 2), y))), R(c, 1));
}

/* atanh(z) = logit((1 + z) / 2) / 2. */
static ir_expr *atanh_(lctx *c, ir_expr *z) {
    return mul(c, R(c, 0.5), ir_intrin1(c->a, II_LOGIT, mul(c, R(c, 0.5), add(c, R(c, 1), z))));
}

/* ---- statements ---------------------------------------------------------- */

/* Every statement and check points at the declaration. */
static src_span at(const tx *t) { return t->d->span; }

/* The full index of r's element i (and j for a matrix). */
static ir_expr **rix(lctx *c, const ref *r, ir_expr *i, ir_expr *j) {
    ir_expr **ix = ir_args(c->a, r->v->ndims);
    for (int k = 0; k < r->v->ndims; k++) ix[k] = r->ix[k];
    ix[r->at] = i;
    if (j) ix[r->at + 1] = j;
    return ix;
}

/* r[i] / r[i, j], and the assignment r[i] (r[i, j]) = val. */
static ir_expr *get(lctx *c, const ref *r, ir_expr *i, ir_expr *j) {
    return ir_read(c->a, r->v, r->v->ndims, rix(c, r, i, j));
}

static void put(tx *t, const ref *r, ir_expr *i, ir_expr *j, ir_expr *val) {
    lw_emit(t->c, ir_assign(t->c->a, r->v, r->v->ndims, rix(t->c, r, i, j), realv(t->c, val), at(t)));
}

/* A temporary of shape dims[0..nd) (lw_temp wants an expression for its span). */
static ir_var *temp(tx *t, int nd, ir_expr **dims) {
    expr e = {.span = at(t)};
    return lw_temp(t->c, &e, 0, nd, dims);
}

/* A scalar temporary, its value and s = val. */
static ir_var *scalar(tx *t) { return temp(t, 0, NULL); }
static ir_expr *get0(tx *t, ir_var *s) { return ir_read0(t->c->a, s); }

static void put0(tx *t, ir_var *s, ir_expr *val) {
    lw_emit(t->c, ir_assign(t->c->a, s, 0, NULL, realv(t->c, val), at(t)));
}

/* A K x K temporary (or length-K when cols is NULL), as a ref. */
static ref temp_ref(tx *t, ir_expr *rows, ir_expr *cols) {
    ir_expr *dims[2] = {rows, cols};
    ref r = {temp(t, cols ? 2 : 1, dims), {NULL}, 0};
    return r;
}

/* theta[base + p + 1] (p 0-based). */
static ir_expr **theta_ix(tx *t, ir_expr *base, ir_expr *p) {
    ir_expr **ix = ir_args(t->c->a, 1);
    ix[0] = inc(t->c, add(t->c, base, p));
    return ix;
}

/* Free value p of the element whose free values start at base; free_put
 * writes it (unconstrain). */
static ir_expr *free_get(tx *t, ir_expr *base, ir_expr *p) {
    return ir_read(t->c->a, t->c->m->theta, 1, theta_ix(t, base, p));
}

static void free_put(tx *t, ir_expr *base, ir_expr *p, ir_expr *val) {
    lw_emit(t->c, ir_assign(t->c->a, t->c->m->theta, 1, theta_ix(t, base, p), realv(t->c, val), at(t)));
}

/* for (k in lo:hi) { ... }: returns k; close with loop_close(c, saved). */
static ir_expr *loop_open(tx *t, ir_expr *lo, ir_expr *hi, ir_block **saved) {
    lctx *c = t->c;
    ir_var *k = lw_fresh_loop(c);
    ir_stmt *f = ir_for(c->a, k, lo, hi, at(t));
    lw_emit(c, f);
    *saved = c->cur;
    c->cur = &f->body;
    return ir_read0(c->a, k);
}

/* Ends a loop or if opened with loop_open / if_open. */
static void loop_close(tx *t, ir_block *saved) { t->c->cur = saved; }

/* if (cond) { ... }: close with loop_close. */
static void if_open(tx *t, ir_expr *cond, ir_block **saved) {
    ir_stmt *s = ir_stmt_new(t->c->a, IS_IF, at(t));
    s->cond = cond;
    lw_emit(t->c, s);
    *saved = t->c->cur;
    t->c->cur = &s->body;
}

/* target += lj, marked jacobian (only in the density). */
static void jac(tx *t, ir_expr *lj) {
    if (!t->jacobian) return;
    ir_stmt *s = ir_target(t->c->a, lj, at(t));
    s->jacobian = 1;
    lw_emit(t->c, s);
}

static const transform *find(const decl *d);

/* Rejects unless ok: a data variable through bm_data_fail_elem at element
 * (i, j) of the current element (i NULL: its first), anything else with a
 * message naming the variable and what is wrong. */
static void require(tx *t, ir_expr *ok, ir_expr *i, ir_expr *j, const char *what) {
    lctx *c = t->c;
    const char *type = find(t->d)->name;
    ir_stmt *s = ir_stmt_new(c->a, IS_CHECK, at(t));
    s->cond = not_(c, ok);
    if (t->text) {
        ir_expr *one = I(c, 1);
        s->var = t->p;
        s->rhs = lw_flat_index(c, t->p, rix(c, &t->x, i ? i : one, t->m ? (j ? j : one) : NULL));
        s->msg = t->text;
        s->what = arena_printf(c->a, "%s (%s)", type, what);
    } else {
        const char *role = t->p->role == IRV_TDATA ? "transformed data variable" : "variable";
        s->msg = arena_printf(c->a, "%s '%s' is not a valid %s: %s", role, t->d->name, type, what);
    }
    lw_emit(c, s);
}

/* A rejection of the density that is not about a declared value. */
static void reject_unless(tx *t, ir_expr *ok, const char *msg) {
    ir_stmt *s = ir_stmt_new(t->c->a, IS_CHECK, at(t));
    s->cond = not_(t->c, ok);
    s->msg = arena_printf(t->c->a, "%s '%s': %s", find(t->d)->name, t->d->name, msg);
    lw_emit(t->c, s);
}

/* A scalar temporary holding sum_k x[k] (or x[k]^2) over k = 1..n. */
static ir_var *line_sum(tx *t, const ref *x, ir_expr *n, int squares) {
    lctx *c = t->c;
    ir_var *s = scalar(t);
    put0(t, s, R(c, 0));
    ir_block *sv;
    ir_expr *k = loop_open(t, I(c, 1), n, &sv);
    ir_expr *xk = get(c, x, k, NULL);
    put0(t, s, add(c, get0(t, s), squares ? sq(c, xk) : xk));
    loop_close(t, sv);
    return s;
}

/* ---- sizes --------------------------------------------------------------- */

/* Free values of one element (t->n rows, t->m columns); k(k-1)/2. */
static ir_expr *tri_num(lctx *c, ir_expr *k) { return dvd(c, mul(c, k, dec(c, k)), I(c, 2)); }
static ir_expr *size_km1(tx *t) { return dec(t->c, t->n); }
static ir_expr *size_k(tx *t) { return t->n; }
static ir_expr *size_corr(tx *t) { return tri_num(t->c, t->n); }
static ir_expr *size_cov(tx *t) { return tri_num(t->c, inc(t->c, t->n)); }

static ir_expr *size_chol_cov(tx *t) {
    lctx *c = t->c;
    return add(c, tri_num(c, inc(c, t->m)), mul(c, sub(c, t->n, t->m), t->m));
}

static ir_expr *size_rows(tx *t) { return mul(t->c, t->n, dec(t->c, t->m)); }
static ir_expr *size_cols(tx *t) { return mul(t->c, dec(t->c, t->n), t->m); }

/* Checks of the declared sizes, run in create(): fails when `bad`. */
static void size_check(tx *t, ir_expr *bad, const char *what) {
    ir_stmt *s = ir_stmt_new(t->c->a, IS_CHECK, at(t));
    s->cond = bad;
    s->msg = arena_printf(t->c->a, "%s '%s' %s", find(t->d)->name, t->d->name, what);
    lw_emit(t->c, s);
}

static void at_least_one(tx *t) { size_check(t, cmp(t->c, OP_LT, t->n, I(t->c, 1)), "needs at least 1 element"); }
static void one_col(tx *t) { size_check(t, cmp(t->c, OP_LT, t->m, I(t->c, 1)), "needs at least 1 column"); }
static void one_row(tx *t) { size_check(t, cmp(t->c, OP_LT, t->n, I(t->c, 1)), "needs at least 1 row"); }

static void rows_ge_cols(tx *t) {
    size_check(t, cmp(t->c, OP_LT, t->n, t->m), "has fewer rows than columns");
}

/* ---- sum_to_zero_vector and simplex ------------------------------------------ */

/* z (length n) = V y, y the n-1 free values at fb:
 * z[k+1] = s_k - y_k sqrt(k/(k+1)), s_k = sum_{j>=k} y_j / sqrt(j(j+1)), z[1] = s_1. */
static void zero_sum_constrain_line(tx *t, const ref *z, ir_expr *n, ir_expr *fb) {
    lctx *c = t->c;
    ir_var *s = scalar(t);
    put0(t, s, R(c, 0));
    ir_block *sv;
    ir_expr *k = sub(c, n, loop_open(t, I(c, 1), dec(c, n), &sv)); /* n-1 down to 1 */
    ir_expr *kr = realv(c, k);
    ir_expr *y = free_get(t, fb, dec(c, k));
    put(t, z, inc(c, k), NULL, sub(c, get0(t, s), mul(c, y, sqrt_(c, dvd(c, kr, add(c, kr, R(c, 1)))))));
    put0(t, s, add(c, get0(t, s), dvd(c, free_get(t, fb, dec(c, k)),
                                      sqrt_(c, mul(c, kr, add(c, kr, R(c, 1)))))));
    loop_close(t, sv);
    put(t, z, I(c, 1), NULL, get0(t, s));
}

/* y = V' w for w[k] = f(x[k]) (x itself, or log x): y_k = (sum_{j<=k} w_j - k w_{k+1}) / sqrt(k(k+1)). */
static void zero_sum_free_line(tx *t, const ref *x, ir_expr *n, ir_expr *fb, int logs) {
    lctx *c = t->c;
    ir_var *s = scalar(t);
    put0(t, s, R(c, 0));
    ir_block *sv;
    ir_expr *k = loop_open(t, I(c, 1), dec(c, n), &sv);
    ir_expr *w = get(c, x, k, NULL), *w1 = get(c, x, inc(c, k), NULL);
    if (logs) w = lg(c, w), w1 = lg(c, w1);
    put0(t, s, add(c, get0(t, s), w));
    ir_expr *kr = realv(c, k);
    free_put(t, fb, dec(c, k), dvd(c, sub(c, get0(t, s), mul(c, kr, w1)),
                                   sqrt_(c, mul(c, kr, add(c, kr, R(c, 1))))));
    loop_close(t, sv);
}

static void zero_sum_constrain(tx *t) { zero_sum_constrain_line(t, &t->x, t->n, t->base); }
static void zero_sum_unconstrain(tx *t) { zero_sum_free_line(t, &t->x, t->n, t->base, 0); }

static void zero_sum_check(tx *t) {
    lctx *c = t->c;
    ir_var *s = line_sum(t, &t->x, t->n, 0);
    require(t, near(c, get0(t, s), R(c, 0), 1e-8), NULL, NULL, "its elements do not sum to 0 (within 1e-8)");
}

/* x (length n) = softmax(V y); log|J| = log(n)/2 - n log_sum_exp(V y). */
static void simplex_constrain_line(tx *t, const ref *x, ir_expr *n, ir_expr *fb) {
    lctx *c = t->c;
    ref z = temp_ref(t, n, NULL);
    zero_sum_constrain_line(t, &z, n, fb);
    ir_var *m = scalar(t), *acc = scalar(t);
    put0(t, m, get(c, &z, I(c, 1), NULL)); /* a shift for exp(); its derivative cancels */
    ir_block *sv, *si;
    ir_expr *k = loop_open(t, I(c, 2), n, &sv);
    if_open(t, cmp(c, OP_GT, get(c, &z, k, NULL), get0(t, m)), &si);
    put0(t, m, get(c, &z, k, NULL));
    loop_close(t, si);
    loop_close(t, sv);
    put0(t, acc, R(c, 0)); /* x = exp(z - m) / acc: one exp per element and sweep */
    k = loop_open(t, I(c, 1), n, &sv);
    put(t, x, k, NULL, ex(c, sub(c, get(c, &z, k, NULL), get0(t, m))));
    put0(t, acc, add(c, get0(t, acc), get(c, x, k, NULL)));
    loop_close(t, sv);
    k = loop_open(t, I(c, 1), n, &sv);
    put(t, x, k, NULL, dvd(c, get(c, x, k, NULL), get0(t, acc)));
    loop_close(t, sv);
    ir_expr *lse = add(c, get0(t, m), lg(c, get0(t, acc)));
    jac(t, sub(c, mul(c, R(c, 0.5), lg(c, realv(c, n))), mul(c, realv(c, n), lse)));
}

/* Elements >= 0 (> 0 when strict) summing to 1 within 1e-8. */
static void simplex_check_line(tx *t, const ref *x, ir_expr *n, ir_expr *li, ir_expr *lj) {
    lctx *c = t->c;
    ir_block *sv;
    ir_expr *k = loop_open(t, I(c, 1), n, &sv);
    ir_expr *xk = get(c, x, k, NULL);
    ir_expr *ei = li ? li : k, *ej = lj ? lj : li ? k : NULL; /* element (row, col) */
    if (t->strict)
        require(t, cmp(c, OP_GT, xk, R(c, 0)), ei, ej,
                "an element is not positive (0 is on the boundary: it has no unconstrained value)");
    else
        require(t, cmp(c, OP_GE, xk, R(c, 0)), ei, ej, "an element is negative");
    loop_close(t, sv);
    ir_var *s = line_sum(t, x, n, 0);
    require(t, near(c, get0(t, s), R(c, 1), 1e-8), li, lj, "its elements do not sum to 1 (within 1e-8)");
}

static void simplex_constrain(tx *t) { simplex_constrain_line(t, &t->x, t->n, t->base); }
static void simplex_unconstrain(tx *t) { zero_sum_free_line(t, &t->x, t->n, t->base, 1); }
static void simplex_check(tx *t) { simplex_check_line(t, &t->x, t->n, NULL, NULL); }

/* ---- stochastic matrices: a simplex per row / column ---------------------------- */

/* Line i of the matrix: row i (rows) or column i; its free values start at
 * base + (i-1) * (line length - 1). */
static ref stoch_line(tx *t, ir_expr *i, int rows) {
    ref r = t->x;
    if (rows) {
        r.ix[r.at] = i;
        r.at++;
    } else {
        r.ix[r.at + 1] = i;
    }
    return r;
}

static ir_expr *stoch_base(tx *t, ir_expr *i, ir_expr *len) {
    return add(t->c, t->base, mul(t->c, dec(t->c, i), dec(t->c, len)));
}

static void stoch_each(tx *t, int rows, int what) {
    ir_block *sv;
    ir_expr *count = rows ? t->n : t->m, *len = rows ? t->m : t->n;
    ir_expr *i = loop_open(t, I(t->c, 1), count, &sv);
    ref line = stoch_line(t, i, rows);
    if (what == 0) simplex_constrain_line(t, &line, len, stoch_base(t, i, len));
    else if (what == 1) zero_sum_free_line(t, &line, len, stoch_base(t, i, len), 1);
    else if (rows) simplex_check_line(t, &line, len, i, NULL);
    else simplex_check_line(t, &line, len, NULL, i);
    loop_close(t, sv);
}

static void row_stoch_constrain(tx *t) { stoch_each(t, 1, 0); }
static void row_stoch_unconstrain(tx *t) { stoch_each(t, 1, 1); }
static void row_stoch_check(tx *t) { stoch_each(t, 1, 2); }
static void col_stoch_constrain(tx *t) { stoch_each(t, 0, 0); }
static void col_stoch_unconstrain(tx *t) { stoch_each(t, 0, 1); }
static void col_stoch_check(tx *t) { stoch_each(t, 0, 2); }

/* ---- unit_vector --------------------------------------------------------------- */

/* x = y / |y|; Stan's density term -|y|^2 / 2 (a proper distribution for y). */
static void unit_constrain(tx *t) {
    lctx *c = t->c;
    ir_var *r2 = scalar(t), *r = scalar(t);
    put0(t, r2, R(c, 0));
    ir_block *sv;
    ir_expr *k = loop_open(t, I(c, 1), t->n, &sv);
    put0(t, r2, add(c, get0(t, r2), sq(c, free_get(t, t->base, dec(c, k)))));
    loop_close(t, sv);
    reject_unless(t, cmp(c, OP_GT, get0(t, r2), R(c, 0)), "the unconstrained vector has norm 0");
    jac(t, mul(c, R(c, -0.5), get0(t, r2)));
    put0(t, r, sqrt_(c, get0(t, r2)));
    k = loop_open(t, I(c, 1), t->n, &sv);
    put(t, &t->x, k, NULL, dvd(c, free_get(t, t->base, dec(c, k)), get0(t, r)));
    loop_close(t, sv);
}

static void unit_unconstrain(tx *t) {
    ir_block *sv;
    ir_expr *k = loop_open(t, I(t->c, 1), t->n, &sv);
    free_put(t, t->base, dec(t->c, k), get(t->c, &t->x, k, NULL));
    loop_close(t, sv);
}

static void unit_check(tx *t) {
    lctx *c = t->c;
    ir_var *s = line_sum(t, &t->x, t->n, 1);
    require(t, near(c, get0(t, s), R(c, 1), 1e-8), NULL, NULL,
            "its squared norm differs from 1 by more than 1e-8");
}

/* ---- ordered, positive_ordered --------------------------------------------------- */

static void ordered_constrain_impl(tx *t, int positive) {
    lctx *c = t->c;
    ir_block *si, *sv;
    if_open(t, cmp(c, OP_GT, t->n, I(c, 0)), &si);
    ir_expr *y1 = free_get(t, t->base, I(c, 0));
    put(t, &t->x, I(c, 1), NULL, positive ? ex(c, y1) : y1);
    if (positive) jac(t, free_get(t, t->base, I(c, 0)));
    ir_expr *k = loop_open(t, I(c, 2), t->n, &sv);
    put(t, &t->x, k, NULL, add(c, get(c, &t->x, dec(c, k), NULL), ex(c, free_get(t, t->base, dec(c, k)))));
    jac(t, free_get(t, t->base, dec(c, k)));
    loop_close(t, sv);
    loop_close(t, si);
}

static void ordered_unconstrain_impl(tx *t, int positive) {
    lctx *c = t->c;
    ir_block *si, *sv;
    if_open(t, cmp(c, OP_GT, t->n, I(c, 0)), &si);
    ir_expr *x1 = get(c, &t->x, I(c, 1), NULL);
    free_put(t, t->base, I(c, 0), positive ? lg(c, x1) : x1);
    ir_expr *k = loop_open(t, I(c, 2), t->n, &sv);
    free_put(t, t->base, dec(c, k), lg(c, sub(c, get(c, &t->x, k, NULL), get(c, &t->x, dec(c, k), NULL))));
    loop_close(t, sv);
    loop_close(t, si);
}

static void ordered_check_impl(tx *t, int positive) {
    lctx *c = t->c;
    ir_block *si, *sv;
    if (positive) {
        if_open(t, cmp(c, OP_GT, t->n, I(c, 0)), &si);
        require(t, cmp(c, OP_GT, get(c, &t->x, I(c, 1), NULL), R(c, 0)), NULL, NULL,
                "its first element is not positive");
        loop_close(t, si);
    }
    ir_expr *k = loop_open(t, I(c, 2), t->n, &sv);
    require(t, cmp(c, OP_GT, get(c, &t->x, k, NULL), get(c, &t->x, dec(c, k), NULL)), k, NULL,
            "its elements are not strictly increasing");
    loop_close(t, sv);
}

static void ordered_constrain(tx *t) { ordered_constrain_impl(t, 0); }
static void ordered_unconstrain(tx *t) { ordered_unconstrain_impl(t, 0); }
static void ordered_check(tx *t) { ordered_check_impl(t, 0); }
static void pos_ordered_constrain(tx *t) { ordered_constrain_impl(t, 1); }
static void pos_ordered_unconstrain(tx *t) { ordered_unconstrain_impl(t, 1); }
static void pos_ordered_check(tx *t) { ordered_check_impl(t, 1); }

/* ---- Cholesky factors of correlation matrices, correlation matrices -------------- */

/* Position of strictly-lower (i, j) among the free values (row-major). */
static ir_expr *pos_strict(lctx *c, ir_expr *i, ir_expr *j) {
    return add(c, dvd(c, mul(c, dec(c, i), sub(c, i, I(c, 2))), I(c, 2)), dec(c, j));
}

/* Position of lower (i, j), diagonal included (row-major). */
static ir_expr *pos_lower(lctx *c, ir_expr *i, ir_expr *j) {
    return add(c, dvd(c, mul(c, i, dec(c, i)), I(c, 2)), dec(c, j));
}

/* L (n x n) from the free values at base.  lr = log(1 - sum_{k<j} L[i,k]^2)
 * is carried along the row, so rows stay exact even when |z| is near 1.
 * corr: also the log|J| of L -> L L' (sum_i (n - i) log L[i,i]); upper:
 * write the zeros above the diagonal. */
static void chol_corr_constrain_into(tx *t, const ref *L, ir_expr *n, int corr, int upper) {
    lctx *c = t->c;
    ir_var *lr = scalar(t);
    ir_block *si, *sj;
    ir_expr *i = loop_open(t, I(c, 1), n, &si);
    put0(t, lr, R(c, 0));
    ir_expr *j = loop_open(t, I(c, 1), dec(c, i), &sj);
    ir_expr *p = pos_strict(c, i, j);
    put(t, L, i, j, mul(c, tanh_(c, free_get(t, t->base, p)), ex(c, mul(c, R(c, 0.5), get0(t, lr)))));
    jac(t, add(c, log1m_tanh_sq(c, free_get(t, t->base, p)), mul(c, R(c, 0.5), get0(t, lr))));
    put0(t, lr, add(c, get0(t, lr), log1m_tanh_sq(c, free_get(t, t->base, p))));
    loop_close(t, sj);
    put(t, L, i, i, ex(c, mul(c, R(c, 0.5), get0(t, lr))));
    if (corr) jac(t, mul(c, realv(c, sub(c, n, i)), mul(c, R(c, 0.5), get0(t, lr))));
    if (upper) {
        j = loop_open(t, inc(c, i), n, &sj);
        put(t, L, i, j, R(c, 0));
        loop_close(t, sj);
    }
    loop_close(t, si);
}

/* Free values from a lower-triangular L with positive diagonal: z[i,j] =
 * L[i,j] / sqrt(sum_{k>=j} L[i,k]^2) (rows normalised, so |z| < 1), y = atanh(z). */
static void chol_corr_free_from(tx *t, const ref *L, ir_expr *n) {
    lctx *c = t->c;
    ir_var *rem = scalar(t);
    ir_block *si, *sj;
    ir_expr *i = loop_open(t, I(c, 2), n, &si);
    put0(t, rem, R(c, 0));
    ir_expr *k = loop_open(t, I(c, 1), i, &sj);
    put0(t, rem, add(c, get0(t, rem), sq(c, get(c, L, i, k))));
    loop_close(t, sj);
    ir_expr *j = loop_open(t, I(c, 1), dec(c, i), &sj);
    ir_expr *z = dvd(c, get(c, L, i, j), sqrt_(c, get0(t, rem)));
    free_put(t, t->base, pos_strict(c, i, j), atanh_(c, z));
    put0(t, rem, sub(c, get0(t, rem), sq(c, get(c, L, i, j))));
    loop_close(t, sj);
    loop_close(t, si);
}

/* Lower triangular: the elements above the diagonal of rows 1..min(n, m) are 0. */
static void check_upper_zero(tx *t, ir_expr *rows, ir_expr *cols) {
    lctx *c = t->c;
    ir_block *si, *sj;
    ir_expr *i = loop_open(t, I(c, 1), rows, &si);
    ir_expr *j = loop_open(t, inc(c, i), cols, &sj);
    require(t, cmp(c, OP_EQ, get(c, &t->x, i, j), R(c, 0)), i, j, "an element above the diagonal is not 0");
    loop_close(t, sj);
    loop_close(t, si);
}

static void check_diag_positive(tx *t, ir_expr *count) {
    lctx *c = t->c;
    ir_block *si;
    ir_expr *i = loop_open(t, I(c, 1), count, &si);
    require(t, cmp(c, OP_GT, get(c, &t->x, i, i), R(c, 0)), i, i, "a diagonal element is not positive");
    loop_close(t, si);
}

static void chol_corr_constrain(tx *t) { chol_corr_constrain_into(t, &t->x, t->n, 0, 1); }
static void chol_corr_unconstrain(tx *t) { chol_corr_free_from(t, &t->x, t->n); }

static void chol_corr_check(tx *t) {
    lctx *c = t->c;
    check_upper_zero(t, t->n, t->n);
    check_diag_positive(t, t->n);
    ir_var *s = scalar(t);
    ir_block *si, *sk;
    ir_expr *i = loop_open(t, I(c, 1), t->n, &si);
    put0(t, s, R(c, 0));
    ir_expr *k = loop_open(t, I(c, 1), i, &sk);
    put0(t, s, add(c, get0(t, s), sq(c, get(c, &t->x, i, k))));
    loop_close(t, sk);
    require(t, near(c, get0(t, s), R(c, 1), 1e-8), i, I(c, 1),
            "a row does not have unit length (within 1e-8)");
    loop_close(t, si);
}

/* S = L L' for the lower triangle, mirrored above (diagonal: unit when unit_diag). */
static void gram_lower(tx *t, const ref *L, ir_expr *n, int unit_diag) {
    lctx *c = t->c;
    ir_block *si, *sj, *sk;
    ir_expr *i = loop_open(t, I(c, 1), n, &si);
    ir_expr *j = loop_open(t, I(c, 1), dec(c, i), &sj);
    put(t, &t->x, i, j, mul(c, get(c, L, i, I(c, 1)), get(c, L, j, I(c, 1))));
    ir_expr *k = loop_open(t, I(c, 2), j, &sk);
    put(t, &t->x, i, j, add(c, get(c, &t->x, i, j), mul(c, get(c, L, i, k), get(c, L, j, k))));
    loop_close(t, sk);
    put(t, &t->x, j, i, get(c, &t->x, i, j));
    loop_close(t, sj);
    if (unit_diag) {
        put(t, &t->x, i, i, R(c, 1)); /* L's rows have unit length */
    } else {
        put(t, &t->x, i, i, R(c, 0));
        k = loop_open(t, I(c, 1), i, &sk);
        put(t, &t->x, i, i, add(c, get(c, &t->x, i, i), sq(c, get(c, L, i, k))));
        loop_close(t, sk);
    }
    loop_close(t, si);
}

static void corr_constrain(tx *t) {
    ref L = temp_ref(t, t->n, t->n);
    chol_corr_constrain_into(t, &L, t->n, 1, 0);
    gram_lower(t, &L, t->n, 1);
}

/* Lower Cholesky factor of the current (symmetric) element into a
 * temporary; rejects when it is not positive definite. */
static ref cholesky_of(tx *t) {
    lctx *c = t->c;
    ref L = temp_ref(t, t->n, t->n);
    ir_var *acc = scalar(t);
    ir_block *sj, *si, *sk;
    ir_expr *j = loop_open(t, I(c, 1), t->n, &sj);
    put0(t, acc, get(c, &t->x, j, j));
    ir_expr *k = loop_open(t, I(c, 1), dec(c, j), &sk);
    put0(t, acc, sub(c, get0(t, acc), sq(c, get(c, &L, j, k))));
    loop_close(t, sk);
    require(t, cmp(c, OP_GT, get0(t, acc), R(c, 0)), j, j, "it is not positive definite");
    put(t, &L, j, j, sqrt_(c, get0(t, acc)));
    ir_expr *i = loop_open(t, inc(c, j), t->n, &si);
    put0(t, acc, get(c, &t->x, i, j));
    k = loop_open(t, I(c, 1), dec(c, j), &sk);
    put0(t, acc, sub(c, get0(t, acc), mul(c, get(c, &L, i, k), get(c, &L, j, k))));
    loop_close(t, sk);
    put(t, &L, i, j, dvd(c, get0(t, acc), get(c, &L, j, j)));
    loop_close(t, si);
    loop_close(t, sj);
    return L;
}

static void check_symmetric(tx *t) {
    lctx *c = t->c;
    ir_block *si, *sj;
    ir_expr *i = loop_open(t, I(c, 1), t->n, &si);
    ir_expr *j = loop_open(t, I(c, 1), dec(c, i), &sj);
    require(t, near(c, get(c, &t->x, i, j), get(c, &t->x, j, i), 1e-8), i, j,
            "it is not symmetric (within 1e-8)");
    loop_close(t, sj);
    loop_close(t, si);
}

static void corr_check(tx *t) {
    lctx *c = t->c;
    check_symmetric(t);
    ir_block *si;
    ir_expr *i = loop_open(t, I(c, 1), t->n, &si);
    require(t, near(c, get(c, &t->x, i, i), R(c, 1), 1e-8), i, i,
            "a diagonal element differs from 1 by more than 1e-8");
    loop_close(t, si);
    cholesky_of(t);
}

static void corr_unconstrain(tx *t) {
    ref L = cholesky_of(t);
    chol_corr_free_from(t, &L, t->n);
}

/* ---- covariance matrices and their Cholesky factors ------------------------------ */

/* S = L L' with L[i,j] = y (j < i), L[i,i] = exp(y), read from theta. */
static void cov_constrain(tx *t) {
    lctx *c = t->c;
    ir_block *si, *sj, *sk;
    ir_expr *i = loop_open(t, I(c, 1), t->n, &si);
    ir_expr *j = loop_open(t, I(c, 1), dec(c, i), &sj);
    put(t, &t->x, i, j, mul(c, free_get(t, t->base, pos_lower(c, i, j)),
                            ex(c, free_get(t, t->base, pos_lower(c, j, j)))));
    ir_expr *k = loop_open(t, I(c, 1), dec(c, j), &sk);
    put(t, &t->x, i, j, add(c, get(c, &t->x, i, j), mul(c, free_get(t, t->base, pos_lower(c, i, k)),
                                                        free_get(t, t->base, pos_lower(c, j, k)))));
    loop_close(t, sk);
    put(t, &t->x, j, i, get(c, &t->x, i, j));
    loop_close(t, sj);
    put(t, &t->x, i, i, ex(c, mul(c, R(c, 2), free_get(t, t->base, pos_lower(c, i, i)))));
    k = loop_open(t, I(c, 1), dec(c, i), &sk);
    put(t, &t->x, i, i, add(c, get(c, &t->x, i, i), sq(c, free_get(t, t->base, pos_lower(c, i, k)))));
    loop_close(t, sk);
    ir_expr *w = realv(c, add(c, sub(c, t->n, i), I(c, 2)));
    jac(t, add(c, R(c, log(2.0)), mul(c, w, free_get(t, t->base, pos_lower(c, i, i)))));
    loop_close(t, si);
}

static void cov_check(tx *t) {
    check_symmetric(t);
    cholesky_of(t);
}

/* Free values of a lower-trapezoidal L (rows 1..n, columns 1..min(i, m)). */
static void lower_free_from(tx *t, const ref *L, ir_expr *n, ir_expr *m) {
    lctx *c = t->c;
    ir_block *si, *sj, *sd;
    ir_expr *i = loop_open(t, I(c, 1), n, &si);
    ir_expr *p0 = pos_lower(c, i, I(c, 1)); /* rows 1..m */
    ir_expr *q0 = add(c, tri_num(c, inc(c, m)), mul(c, sub(c, i, inc(c, m)), m)); /* rows m+1.. */
    ir_expr *full = cmp(c, OP_GT, i, m);
    /* first free position of row i: rows <= m hold i values, later rows m */
    ir_expr *row0 = add(c, mul(c, full, q0), mul(c, not_(c, full), p0));
    ir_expr *j = loop_open(t, I(c, 1), dec(c, i), &sj);
    if_open(t, cmp(c, OP_LE, j, m), &sd);
    free_put(t, t->base, add(c, row0, dec(c, j)), get(c, L, i, j));
    loop_close(t, sd);
    loop_close(t, sj);
    if_open(t, cmp(c, OP_LE, i, m), &sd);
    free_put(t, t->base, add(c, row0, dec(c, i)), lg(c, get(c, L, i, i)));
    loop_close(t, sd);
    loop_close(t, si);
}

static void cov_unconstrain(tx *t) {
    ref L = cholesky_of(t);
    lower_free_from(t, &L, t->n, t->n);
}

/* cholesky_factor_cov[M, N]: rows 1..N lower triangular with exp diagonal,
 * rows N+1..M free. */
static void chol_cov_constrain(tx *t) {
    lctx *c = t->c;
    ir_block *si, *sj;
    ir_expr *i = loop_open(t, I(c, 1), t->m, &si);
    ir_expr *j = loop_open(t, I(c, 1), dec(c, i), &sj);
    put(t, &t->x, i, j, free_get(t, t->base, pos_lower(c, i, j)));
    loop_close(t, sj);
    put(t, &t->x, i, i, ex(c, free_get(t, t->base, pos_lower(c, i, i))));
    jac(t, free_get(t, t->base, pos_lower(c, i, i)));
    j = loop_open(t, inc(c, i), t->m, &sj);
    put(t, &t->x, i, j, R(c, 0));
    loop_close(t, sj);
    loop_close(t, si);
    i = loop_open(t, inc(c, t->m), t->n, &si);
    j = loop_open(t, I(c, 1), t->m, &sj);
    ir_expr *p = add(c, tri_num(c, inc(c, t->m)), add(c, mul(c, sub(c, i, inc(c, t->m)), t->m), dec(c, j)));
    put(t, &t->x, i, j, free_get(t, t->base, p));
    loop_close(t, sj);
    loop_close(t, si);
}

static void chol_cov_unconstrain(tx *t) { lower_free_from(t, &t->x, t->n, t->m); }

static void chol_cov_check(tx *t) {
    check_upper_zero(t, t->m, t->m);
    check_diag_positive(t, t->m);
}

/* ---- the table ------------------------------------------------------------------- */

static const transform transforms[] = {
    {CON_SIMPLEX, "simplex", 0, size_km1, simplex_constrain, simplex_unconstrain, simplex_check,
     at_least_one},
    {CON_UNIT_VECTOR, "unit_vector", 0, size_k, unit_constrain, unit_unconstrain, unit_check, NULL},
    {CON_SUM_TO_ZERO, "sum_to_zero_vector", 0, size_km1, zero_sum_constrain, zero_sum_unconstrain,
     zero_sum_check, at_least_one},
    {CON_ORDERED, "ordered", 0, size_k, ordered_constrain, ordered_unconstrain, ordered_check, NULL},
    {CON_POSITIVE_ORDERED, "positive_ordered", 0, size_k, pos_ordered_constrain,
     pos_ordered_unconstrain, pos_ordered_check, NULL},
    {CON_CHOLESKY_CORR, "cholesky_factor_corr", 1, size_corr, chol_corr_constrain,
     chol_corr_unconstrain, chol_corr_check, NULL},
    {CON_CHOLESKY_COV, "cholesky_factor_cov", 1, size_chol_cov, chol_cov_constrain,
     chol_cov_unconstrain, chol_cov_check, rows_ge_cols},
    {CON_CORR_MATRIX, "corr_matrix", 1, size_corr, corr_constrain, corr_unconstrain, corr_check, NULL},
    {CON_COV_MATRIX, "cov_matrix", 1, size_cov, cov_constrain, cov_unconstrain, cov_check, NULL},
    {CON_ROW_STOCHASTIC, "row_stochastic_matrix", 1, size_rows, row_stoch_constrain,
     row_stoch_unconstrain, row_stoch_check, one_col},
    {CON_COLUMN_STOCHASTIC, "column_stochastic_matrix", 1, size_cols, col_stoch_constrain,
     col_stoch_unconstrain, col_stoch_check, one_row},
};

static const transform *find(const decl *d) {
    for (size_t i = 0; i < sizeof transforms / sizeof transforms[0]; i++)
        if (transforms[i].cons == d->cons) return &transforms[i];
    return NULL;
}

/* ---- driving: elements of arrays ------------------------------------------------- */

/* The context for p (a declared variable) whose values are in vals. */
static tx tx_new(lctx *c, ir_var *p, ir_var *vals) {
    const transform *tf = find(p->src);
    tx t = {.c = c, .d = p->src, .p = p};
    t.na = p->ndims - (tf->matrix ? 2 : 1);
    t.n = ir_dim(c->a, p, t.na);
    t.m = tf->matrix ? ir_dim(c->a, p, t.na + 1) : NULL;
    t.x.v = vals;
    t.x.at = t.na;
    return t;
}

/* Runs fn once per array element (row-major), with t->x.ix and t->base
 * (off + element number * free size; off NULL: no theta) set. */
static void each_element(tx *t, ir_expr *off, void (*fn)(tx *)) {
    lctx *c = t->c;
    ir_expr *dims[IR_MAX_DIMS], *idx[IR_MAX_DIMS];
    for (int k = 0; k < t->na; k++) dims[k] = ir_dim(c->a, t->p, k);
    ir_block *saved = c->cur;
    c->cur = lw_open_loops(c, dims, t->na, idx, 0, at(t));
    ir_expr *flat = NULL;
    for (int k = 0; k < t->na; k++) {
        t->x.ix[k] = idx[k];
        flat = flat ? add(c, mul(c, flat, dims[k]), dec(c, idx[k])) : dec(c, idx[k]);
    }
    t->base = off;
    if (off && flat) t->base = add(c, off, mul(c, flat, find(t->d)->free_size(t)));
    fn(t);
    c->cur = saved;
}

/* ---- the interface to lower.c ------------------------------------------------------ */

int lw_is_typed(const decl *d) { return d && find(d) != NULL; }

/* Free values of v (all its elements); emits the size checks at cur. */
ir_expr *lw_typed_free_size(lctx *c, ir_var *v) {
    tx t = tx_new(c, v, v);
    const transform *tf = find(v->src);
    if (tf->check_size) tf->check_size(&t);
    ir_expr *n = tf->free_size(&t);
    for (int k = 0; k < t.na; k++) n = mul(c, ir_dim(c->a, v, k), n);
    return n;
}

/* v from theta (free values at off), log|J| when jacobian. */
void lw_typed_constrain(lctx *c, ir_var *v, ir_expr *off, int jacobian) {
    tx t = tx_new(c, v, v);
    t.jacobian = jacobian;
    each_element(&t, off, find(v->src)->constrain);
}

/* Copies the input (write_array order: first index fastest) into a mirror
 * of v, checks it and writes the free values. */
void lw_typed_unconstrain(lctx *c, ir_var *v, ir_expr *off) {
    ir_expr *dims[IR_MAX_DIMS], *idx[IR_MAX_DIMS];
    lw_var_dims(c, v, dims);
    expr e = {.span = v->src->span};
    ir_var *mirror = lw_temp(c, &e, 0, v->ndims, dims);
    ir_block *saved = c->cur;
    c->cur = lw_open_loops(c, dims, v->ndims, idx, 1, v->src->span);
    ir_expr **ii = ir_args(c->a, 1);
    ii[0] = inc(c, ir_read0(c->a, c->opos));
    lw_emit(c, ir_assign(c->a, mirror, v->ndims, idx, ir_read(c->a, c->m->in, 1, ii), v->src->span));
    lw_emit(c, ir_assign(c->a, c->opos, 0, NULL, inc(c, ir_read0(c->a, c->opos)), v->src->span));
    c->cur = saved;
    tx t = tx_new(c, v, mirror);
    t.strict = 1;
    each_element(&t, NULL, find(v->src)->check);
    each_element(&t, off, find(v->src)->unconstrain);
}

/* Checks v's value (data: messages located by bm_data_fail_elem). */
void lw_typed_check(lctx *c, ir_var *v, const char *decl_text) {
    tx t = tx_new(c, v, v);
    if (v->role == IRV_DATA) t.text = decl_text;
    each_element(&t, NULL, find(v->src)->check);
}
