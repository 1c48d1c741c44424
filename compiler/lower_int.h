/* compiler/lower_int.h — what the lowering files share (lower.c,
 * lower_container.c, lower_multi.c, lower_transform.c).
 *
 * In:  the typed AST being lowered.  Out: IR statements appended to the
 * block `cur` of the function being built.  Never: used outside the
 * lower*.c files (lower.h is the public interface).
 */
#ifndef BM_LOWER_INT_H
#define BM_LOWER_INT_H
#include "catalog.h"
#include "ir.h"
#include "lower.h"

typedef struct {
    const decl *d;
    ir_var *v;
    ir_expr *value;      /* an inlined function's scalar argument: its value */
} var_map;

/* An expression computed into a temporary before the statement that uses
 * it (see lower_container.c, "hoisting"). */
typedef struct {
    const expr *e;
    ir_var *v;
    ir_fn_kind fn;
    int gen;             /* the statement it was computed for */
} hoisted;

struct inline_frame; /* lower_fun.c */
struct pw_state;     /* lower_pointwise.c */
struct tup_state;    /* lower_tuple.c */
struct tup_ref;      /* lower_tuple.c: a place holding a tuple */
struct rec_state;    /* lower_recursive.c */
struct cx_state;     /* lower_complex.c */

typedef struct {
    const program *p;
    ir_module *m;
    arena *a;
    diag *dg;
    var_map *map;
    int nmap, cap;
    ir_block *cur;       /* where statements go */
    ir_fn_kind fn;
    int nloop;           /* counter for compiler loop variables */
    ir_var *opos;        /* write_array / unconstrain position counter */
    const ir_stmt *cur_for; /* innermost source loop being lowered */
    int broadcast;       /* > 0: lowering a scalar that is reused for every
                            element of a container (an _rng there would draw
                            once per element instead of once) */
    hoisted *hoist;      /* temporaries of the current function */
    int nhoist, caphoist;
    int gen;             /* statement number (lw_hoist_begin) */
    struct inline_frame *inl; /* functions being inlined, innermost first */
    struct pw_state *pw; /* pointwise outputs (NULL: none, or opted out) */
    int pointwise;       /* lowering the model block again for log_lik / _rep */
    ir_var *target_acc;  /* not NULL: `target +=` adds to this scalar instead */
    ir_var *target_sum;  /* the density's running total when target() is read
                            (every `target +=` adds to it; NULL: not kept) */
    int no_pointwise;    /* bmc --no-pointwise */
    ir_var *jump_brk, *jump_cont; /* the innermost loop's break / continue
                                     flags (lower_jump.c), NULL: none */
    struct tup_state *tup; /* tuples: trees, bindings, results (lower_tuple.c) */
    struct rec_state *rec; /* recursive functions (lower_recursive.c) */
    ir_sub *in_sub;      /* not NULL: lowering this recursive function's body */
    struct cx_state *cx; /* complex variables: their pairs (lower_complex.c) */
} lctx;

/* lower_jump.c: a loop's break / continue flags. */
typedef struct {
    ir_var *brk, *cont, *saved_brk, *saved_cont;
} lw_jumps;

/* lower.c */
/* Declarations of inlined functions are rebound at each call: to a
 * variable, to a scalar value, or forgotten (a fresh variable next time). */
void lw_bind_var(lctx *c, const decl *d, ir_var *v);
void lw_bind_value(lctx *c, const decl *d, ir_expr *value);
void lw_forget(lctx *c, const decl *d);
ir_expr *lw_bound_value(lctx *c, const decl *d);
void lw_stmts(lctx *c, const ptr_vec *body);
void lw_unsupported(lctx *c, src_span at, const char *what);
void lw_emit(lctx *c, ir_stmt *s);
ir_var *lw_var(lctx *c, const decl *d);
ir_var *lw_fresh_loop(lctx *c);
/* The role of d's IR variables; d's own sizes (array sizes, then vector /
 * matrix sizes) into dims, returning their number. */
ir_role lw_role_of(lctx *c, const decl *d);
/* The role of a compiler temporary or a function's local here. */
ir_role lw_temp_role(lctx *c);
/* What the back end cannot lower in declaration d ("complex numbers"), or NULL. */
const char *lw_unsupported_decl(const decl *d);
int lw_decl_dims(lctx *c, const decl *d, ir_expr **dims);
int lw_data_only(const ir_expr *e);
/* Container rank of e (0: scalar) and its sizes into dims. */
int lw_shape(lctx *c, const expr *e, ir_expr **dims);
int lw_is_container(lctx *c, const expr *e);
/* Element idx[0..nidx) of e; lw_operand broadcasts scalars. */
ir_expr *lw_el(lctx *c, const expr *e, ir_expr **idx, int nidx);
ir_expr *lw_operand(lctx *c, const expr *e, ir_expr **idx, int nidx);
ir_expr *lw_scalar(lctx *c, const expr *e);
ir_expr *lw_bad(lctx *c, const expr *e, const char *what);
ir_block *lw_open_loops(lctx *c, ir_expr **dims, int n, ir_expr **idx, int col_major,
                        src_span span);
void lw_var_dims(lctx *c, ir_var *v, ir_expr **dims);
ir_expr *lw_flat_index(lctx *c, ir_var *v, ir_expr **idx);
/* One scalar element of the implemented catalog density `name` with these
 * nargs arguments, or NULL when there is none. */
/* target += v, or acc = acc + v when acc is not NULL. */
void lw_add_term(lctx *c, ir_var *acc, ir_expr *v, src_span span);
/* acc += the (vectorised or multivariate) density call `call`. */
void lw_density_into(lctx *c, const expr *call, ir_var *acc);
ir_expr *lw_dens(lctx *c, const char *name, int propto, src_span span, int nargs,
                 ir_expr **args);


/* ---- IR builders (lower_build.c; small ones inline here) ------------------ */

#define MAXD (IR_MAX_DIMS * 2)

static inline ir_expr *I(lctx *c, long v) { return ir_int(c->a, v); }
static inline ir_expr *R(lctx *c, double v) { return ir_real(c->a, v); }
static inline ir_expr *add(lctx *c, ir_expr *x, ir_expr *y) { return ir_bin(c->a, OP_ADD, x, y); }
static inline ir_expr *sub(lctx *c, ir_expr *x, ir_expr *y) { return ir_bin(c->a, OP_SUB, x, y); }
static inline ir_expr *mul(lctx *c, ir_expr *x, ir_expr *y) { return ir_bin(c->a, OP_MUL, x, y); }
static inline ir_expr *dvd(lctx *c, ir_expr *x, ir_expr *y) { return ir_bin(c->a, OP_DIV, x, y); }
static inline ir_expr *realv(lctx *c, ir_expr *x) { return x->is_int ? mul(c, x, R(c, 1.0)) : x; }
static inline ir_expr *sq(lctx *c, ir_expr *x) { return mul(c, x, x); }

static inline ir_expr **ix1(lctx *c, ir_expr *i) {
    ir_expr **r = ir_args(c->a, 1);
    r[0] = i;
    return r;
}

static inline ir_expr **ix2(lctx *c, ir_expr *i, ir_expr *j) {
    ir_expr **r = ir_args(c->a, 2);
    r[0] = i;
    r[1] = j;
    return r;
}

static inline ir_expr **ixcat(lctx *c, ir_expr *first, ir_expr **rest, int n) {
    ir_expr **r = ir_args(c->a, n + 1);
    r[0] = first;
    for (int i = 0; i < n; i++) r[i + 1] = rest[i];
    return r;
}

static inline ir_expr *ex(lctx *c, ir_expr *x) { return ir_intrin1(c->a, II_EXP, x); }
static inline ir_expr *lg(lctx *c, ir_expr *x) { return ir_intrin1(c->a, II_LOG, x); }
static inline const expr *arg(const expr *e, int i) { return e->args.items[i]; }

/* Triangular solves.  The matrix is an expression or a temporary; with
 * `transposed` the solve uses L' (upper triangular, back substitution). */
typedef struct {
    const expr *e;
    ir_var *v;
    int transposed;
} tri;

/* The right-hand side: an expression, a temporary, or the identity. */
typedef struct {
    const expr *e;
    ir_var *v;
    int identity;
} rhs_src;

/* A call of the catalog's scalar implementation of name (n = 1 or 2 args), or NULL. */
ir_expr *lw_call(lctx *c, const char *name, int n, ir_expr *x, ir_expr *y);
ir_expr *lw_sqrt(lctx *c, ir_expr *x);
/* A compiler temporary of the given shape (sizes must be data-only). */
/* An arena array of n items of size sz, grown (doubled, copied) to hold one
 * more: returns it, updating *cap. */
void *lw_grow(lctx *c, void *items, int n, int *cap, size_t sz);
ir_var *lw_temp(lctx *c, const expr *at, int is_int, int nd, ir_expr **dims);
/* t[idx] = val (ints promoted for real t); get/get0 read t[idx] / scalar t. */
void lw_set(lctx *c, ir_var *t, ir_expr **idx, ir_expr *val, const expr *at);
ir_expr *lw_get(lctx *c, ir_var *t, ir_expr **idx);
ir_expr *lw_get0(lctx *c, ir_var *t);
/* for (k in lo:hi) at cur: returns k and moves cur into the body;
 * lw_loop_end(c, saved) moves back. */
ir_expr *lw_loop(lctx *c, ir_expr *lo, ir_expr *hi, ir_block **saved, const expr *at);
void lw_loop_end(lctx *c, ir_block *saved);
/* if (cond) at cur; fill ->body / ->els by moving cur there. */
ir_stmt *lw_if(lctx *c, ir_expr *cond, const expr *at);
/* Rejects (model block) or fails (transformed data) with msg when cond holds. */
void lw_reject_if(lctx *c, ir_expr *cond, const expr *at, const char *msg);
/* Size k of e (1 beyond its rank); lw_count: number of elements. */
ir_expr *lw_dim(lctx *c, const expr *e, int k);
ir_expr *lw_count(lctx *c, const expr *e);
/* Element i / (i, j) of an operand (scalars broadcast). */
ir_expr *lw_el1(lctx *c, const expr *e, ir_expr *i);
ir_expr *lw_el2(lctx *c, const expr *e, ir_expr *i, ir_expr *j);
/* e is exactly this non-array type. */
int lw_is_base(const expr *e, base_type b);
int lw_is_mat(const expr *e);
/* Loops over every element of e at cur (row-major); returns the block to restore. */
ir_block *lw_each_el(lctx *c, const expr *e, ir_expr **idx, int *nd);
/* Rejects when a != b, naming the function of e and `what`. */
void lw_size_check(lctx *c, const expr *e, ir_expr *a, ir_expr *b, const char *what);
void lw_check_square(lctx *c, const expr *e, const expr *m);
/* t[tidx] = sum_{k<=n} x(i, k) * y(k, j), rows/columns of matrices or vectors. */
/* A term of lw_accumulate for index k (ctx: the caller's data). */
typedef ir_expr *(*lw_term_fn)(lctx *c, const void *ctx, ir_expr *k);
void lw_accumulate(lctx *c, const expr *e, ir_var *t, ir_expr **tidx, ir_expr *lo, ir_expr *hi,
                   ir_expr *init, int negate, lw_term_fn term, const void *ctx);
void lw_dot_into(lctx *c, const expr *e, ir_var *t, ir_expr **tidx, ir_expr *n, const expr *x, ir_expr *i, const expr *y, ir_expr *j);
/* Rejects with msg unless the n x n matrix S (or, S NULL, the temporary Sv)
 * is symmetric within 1e-8 relative. */
void lw_check_symmetric(lctx *c, const expr *e, const expr *S, ir_var *Sv, ir_expr *n, const char *msg);
/* Lower Cholesky factor of symmetric positive-definite S into t (checks both). */
void lw_cholesky_into(lctx *c, const expr *e, ir_var *t, const expr *S);
/* Column col of t (t itself when col is NULL) = L^-1 b; lw_tri_solve: all columns. */
void lw_tri_solve_col(lctx *c, const expr *e, ir_var *t, ir_expr *col, tri L, ir_expr *n, rhs_src b);
void lw_tri_solve(lctx *c, const expr *e, ir_var *t, tri L, rhs_src b);
/* A new temporary holding the Cholesky factor of A. */
ir_var *lw_cholesky(lctx *c, const expr *e, const expr *A);
/* The same for a square temporary S. */
ir_var *lw_cholesky_var(lctx *c, const expr *at, ir_var *S);
/* t = (L L')^-1 b for a Cholesky factor L (b the identity: the inverse). */
void lw_cholesky_solve(lctx *c, const expr *at, ir_var *L, ir_var *t, rhs_src b);

/* LU factorisation with partial pivoting of square A (copied): lu holds L
 * (unit lower, below the diagonal) and U; perm the row order; sign the
 * permutation's sign.  lw_lu_solve_col: column col of t (t itself when col
 * is NULL) = A^-1 b. */
typedef struct {
    ir_var *lu, *perm, *sign;
} lu_factor;
lu_factor lw_lu(lctx *c, const expr *at, const expr *A);
/* The same for a square temporary A (not changed). */
lu_factor lw_lu_var(lctx *c, const expr *at, ir_var *A);
void lw_lu_solve_col(lctx *c, const expr *at, lu_factor f, ir_var *t, ir_expr *col, rhs_src b);

/* lower_container.c: container functions, products, reductions, indexing
 * forms and literals.
 *  - lw_hoist: computes every sub-expression of e that needs statements
 *    (a reduction, a product, a literal, ...) into a temporary, emitted at
 *    `cur`; call it before lowering any expression of a statement.
 *  - lw_cshape / lw_cel: shape and element of a container function call or
 *    of a hoisted expression; -1 / NULL when e is neither. */
void lw_hoist_begin(lctx *c);
/* A container function, linear-algebra function, ODE solver or reduce_sum
 * that this file lowers (by name). */
int lw_container_implements(const char *name);
/* log_sum_exp of the elements of x into the scalar temporary t. */
void lw_log_sum_exp_into(lctx *c, const expr *e, const expr *x, ir_var *t);
void lw_hoist(lctx *c, const expr *e);
void lw_hoist_args(lctx *c, const expr *e);   /* e's sub-expressions only */
int lw_cshape(lctx *c, const expr *e, ir_expr **dims);
ir_expr *lw_cel(lctx *c, const expr *e, ir_expr **idx, int nidx);
/* Shared kernels of lower_container.c (lower_matexp.c and lower_decomp.c
 * build on them):
 *  - lw_int_min: min(a, b) of ints, exactly;
 *  - lw_col_dot: sum_p Q[p, i] v[p] over p in 1:m;
 *  - lw_gram_into: t = A'A (cross) or A A' of the call's first argument;
 *  - lw_qr_thin: thin QR of the call's first argument A (m x n, k = min(m,
 *    n)) into Q[, 1:k] and R[1:k, ] (wider Q / taller R left as they are);
 *  - lw_matmul_vars / lw_copy_var: C = A B, dst = src (n x n temporaries);
 *  - lw_eigen_sym: eigenvalues (ascending) and eigenvectors (columns) of the
 *    symmetric call argument, or of the temporary Sv when not NULL. */
ir_expr *lw_int_min(lctx *c, ir_expr *a, ir_expr *b);
ir_expr *lw_col_dot(lctx *c, ir_var *Q, ir_expr *i, ir_var *v, ir_expr *m);
void lw_gram_into(lctx *c, const expr *e, ir_var *t, int cross, int lower);
void lw_qr_thin(lctx *c, const expr *e, ir_var *Q, ir_var *Rt);
void lw_matmul_vars(lctx *c, const expr *e, ir_var *C, ir_var *A, ir_var *B, ir_expr *n);
void lw_copy_var(lctx *c, const expr *e, ir_var *dst, ir_var *src, ir_expr *n);
void lw_eigen_sym(lctx *c, const expr *e, ir_var *Sv, ir_var *vals, ir_var *vecs);

/* lower_transform.c: the constrained types (simplex, ordered, Cholesky
 * factors, ...; not bounds or offset/multiplier).
 *  - lw_typed_free_size: the number of free (unconstrained) values of v,
 *    an expression over its sizes; emits the checks of the declared sizes
 *    at cur (call it in the tdata function, after v is allocated);
 *  - lw_typed_constrain: v from theta at offset `off`, with log|J| as
 *    `target +=` marked jacobian when `jacobian`;
 *  - lw_typed_unconstrain: the input vector at position opos (advanced
 *    past v) checked and inverted into theta at `off`;
 *  - lw_typed_check: checks v's value (decl_text: for data messages). */
int lw_is_typed(const decl *d);
ir_expr *lw_typed_free_size(lctx *c, ir_var *v);
void lw_typed_constrain(lctx *c, ir_var *v, ir_expr *off, int jacobian);
void lw_typed_unconstrain(lctx *c, ir_var *v, ir_expr *off);
void lw_typed_check(lctx *c, ir_var *v, const char *decl_text);

/* lower_fun.c: user-defined functions, inlined.  lw_inline returns the
 * temporary holding the result (NULL for void functions or on error). */
ir_var *lw_inline(lctx *c, const fundef *f, const expr **args, int n, const expr *at);
ir_var *lw_inline_call(lctx *c, const expr *call);
/* The same with every argument already in an IR variable. */
ir_var *lw_inline_vars(lctx *c, const fundef *f, ir_var **vars, int n, const expr *at);
/* reduce_sum / reduce_sum_static: f(x, 1, size(x), args...) inlined. */
ir_var *lw_reduce_sum(lctx *c, const expr *e);
/* f's body lowered at cur, its parameters already bound (lower_recursive.c
 * binds them to a recursive function's frame); returns the result
 * temporary (NULL for void functions or on error). */
ir_var *lw_fun_body(lctx *c, const fundef *f, const expr *at);

/* lower_recursive.c: user functions in a recursion cycle, each lowered once
 * into an ir_sub (a C function of its own) and called through IE_RCALL.
 *  - lw_is_recursive: f (a definition) calls itself, directly or not;
 *  - lw_recursive_call: the call of f at cur, its result in a new scalar
 *    temporary (an int 0 for a void f); arguments as for inline_bound
 *    (args[i], else vars[i], else values[i]); reports what is not
 *    supported (container or, in the density, parameter arguments);
 *  - lw_recursive_finish: lowers the bodies of the functions called so far
 *    (and those they call), at the end of lowering. */
int lw_is_recursive(lctx *c, const fundef *f);
ir_var *lw_recursive_call(lctx *c, const fundef *f, const expr **args, ir_var **vars,
                          ir_expr **values, int n, const expr *at);
void lw_recursive_finish(lctx *c);

/* lower_ode.c: ode_rk45/bdf/adams/ckrk (and _tol) and integrate_ode_*:
 * is `e` one of them; its result (array of states, T x N) into t. */
int lw_is_ode(const expr *e);
void lw_ode(lctx *c, const expr *e, ir_var *t);
void lw_return(lctx *c, const stmt *s);
/* Transformed data: allocates temporary v again (a function's result at a
 * later return). */
void lw_realloc_tdata(lctx *c, ir_var *v, src_span at);
/* In a function with an early return, when s may return: opens
 * `if (!returned)` at cur and returns the block to restore; else NULL. */
ir_block *lw_return_guard(lctx *c, const stmt *s);
void lw_call_stmt(lctx *c, const stmt *s);

/* lower_pointwise.c: automatic log_lik / Y_rep from plates, and the
 * BM_PRIOR guard on observed statements.  lw_pointwise_stmt handles a
 * statement in the pointwise pass (returns 1 there); lw_prior_guard opens
 * `if (!prior)` around an observed statement of the density and returns the
 * block to restore (NULL when not needed). */
int lw_is_observed(const stmt *s);
void lw_pointwise_setup(lctx *c);
int lw_pointwise_write(lctx *c, ir_var **out, int max);
void lw_pointwise_enter(lctx *c, const stmt *plate, ir_var *loop);
void lw_pointwise_leave(lctx *c, const stmt *plate);
int lw_pointwise_stmt(lctx *c, const stmt *s, void (*lower)(lctx *, const stmt *));
ir_block *lw_prior_guard(lctx *c, const stmt *s);
/* e reads only data, transformed data, literals and loop indices. */
int lw_ast_data_only(const expr *e);

/* lower_multi.c: multivariate densities and GLMs as target statements
 * (or, with acc, additions to the scalar acc); returns 0 when `name` is not
 * one of them. */
int lw_multi_density_name(const char *name);
/* Multivariate and categorical draws (hoisted into t; lower_container.c's
 * table lists them). */
void lw_fill_multi_normal_rng(lctx *c, const expr *e, ir_var *t);
void lw_fill_multi_normal_cholesky_rng(lctx *c, const expr *e, ir_var *t);
void lw_fill_multi_student_t_rng(lctx *c, const expr *e, ir_var *t);
void lw_fill_dirichlet_rng(lctx *c, const expr *e, ir_var *t);
void lw_fill_categorical_rng(lctx *c, const expr *e, ir_var *t);
void lw_fill_multinomial_rng(lctx *c, const expr *e, ir_var *t);
void lw_fill_ordered_logistic_rng(lctx *c, const expr *e, ir_var *t);
void lw_fill_ordered_probit_rng(lctx *c, const expr *e, ir_var *t);
void lw_fill_wishart_rng(lctx *c, const expr *e, ir_var *t);
void lw_fill_inv_wishart_rng(lctx *c, const expr *e, ir_var *t);
void lw_fill_wishart_cholesky_rng(lctx *c, const expr *e, ir_var *t);
void lw_fill_inv_wishart_cholesky_rng(lctx *c, const expr *e, ir_var *t);
void lw_fill_multi_student_t_cholesky_rng(lctx *c, const expr *e, ir_var *t);
void lw_fill_lkj_corr_rng(lctx *c, const expr *e, ir_var *t);
void lw_fill_lkj_corr_cholesky_rng(lctx *c, const expr *e, ir_var *t);
/* One categorical draw from the probabilities in p (a K-long temporary that
 * sums to 1) into the int scalar temporary out. */
void lw_categorical_draw(lctx *c, const expr *e, ir_var *p, ir_var *out);
int lw_multi_density(lctx *c, const char *name, const expr **args, int n, int propto,
                     src_span span, ir_var *acc);

/* lower_hyper.c: hypergeometric_pFq and hypergeometric_3F2 (their series as
 * an IR loop) into the scalar temporary t (lower_container.c's table). */
void lw_fill_hypergeometric_pFq(lctx *c, const expr *e, ir_var *t);
void lw_fill_hypergeometric_3F2(lctx *c, const expr *e, ir_var *t);
/* lower_hmm.c: hmm_marginal (into a scalar), hmm_hidden_state_prob (a
 * K x N matrix) and hmm_latent_rng (an array of N ints) by the scaled
 * forward(-backward) algorithm (lower_container.c's table). */
/* lower_sparse.c: the CSR functions and trace_gen_quad_form; their shapes
 * (-1: another call). */
void lw_fill_csr_extract_w(lctx *c, const expr *e, ir_var *t);
void lw_fill_csr_extract_v(lctx *c, const expr *e, ir_var *t);
void lw_fill_csr_extract_u(lctx *c, const expr *e, ir_var *t);
void lw_fill_csr_to_dense_matrix(lctx *c, const expr *e, ir_var *t);
void lw_fill_csr_matrix_times_vector(lctx *c, const expr *e, ir_var *t);
void lw_fill_trace_gen_quad_form(lctx *c, const expr *e, ir_var *t);
int lw_sparse_shape(lctx *c, const expr *e, ir_expr **dims);

void lw_fill_hmm_marginal(lctx *c, const expr *e, ir_var *t);
void lw_fill_hmm_hidden_state_prob(lctx *c, const expr *e, ir_var *t);
void lw_fill_hmm_latent_rng(lctx *c, const expr *e, ir_var *t);
/* lower_dlm.c: the Kalman-filter log likelihood of gaussian_dlm_obs
 * (args: y, F, G, V, W, m0, C0; V a matrix or the vector of its diagonal)
 * without its constant -r T log(2 pi) / 2, into a new scalar temporary;
 * `at` locates the checks, `name` names the density in their messages. */
ir_var *lw_dlm_loglik(lctx *c, const expr *at, const char *name, const expr **args);

/* lower_matexp.c: matrix_exp, matrix_exp_multiply and
 * scale_matrix_exp_multiply (scaling and squaring with the degree-13 Pade
 * approximant) into the matrix temporary t (lower_container.c's table). */
void lw_fill_matrix_exp(lctx *c, const expr *e, ir_var *t);
void lw_fill_matrix_exp_multiply(lctx *c, const expr *e, ir_var *t);
void lw_fill_scale_matrix_exp_multiply(lctx *c, const expr *e, ir_var *t);

/* lower_decomp.c: singular_values, the full QR factors qr_Q, qr_R, the
 * singular vectors svd_U, svd_V and generalized_inverse into t. */
void lw_fill_singular_values(lctx *c, const expr *e, ir_var *t);
void lw_fill_qr_Q(lctx *c, const expr *e, ir_var *t);
void lw_fill_qr_R(lctx *c, const expr *e, ir_var *t);
void lw_fill_svd_U(lctx *c, const expr *e, ir_var *t);
void lw_fill_svd_V(lctx *c, const expr *e, ir_var *t);
void lw_fill_generalized_inverse(lctx *c, const expr *e, ir_var *t);
/* lower_tuple.c: tuples, one IR variable per leaf component (see the
 * file's opening comment).
 *  - lw_tuple_leaves: the leaf variables of declared tuple d, in component
 *    order (made on first use; at most LW_MAX_LEAVES, more is reported);
 *  - lw_tuple_shape / lw_tuple_el: shape and element of a tuple component
 *    read (`x.2`, `xs[i].1.2`), and the array dims of a tuple expression;
 *  - lw_tuple_leaf_var: the variable such a read lands in (assignments);
 *  - lw_tuple_outer_dims: leading dims of a leaf that come from arrays of
 *    tuples (0 for other variables); lw_tuple_top_decl: its declaration;
 *    lw_var_label: the name for messages ("x:2:1");
 *  - lw_tuple_comp: component i (0-based) of a tuple expression;
 *    lw_tuple_index: element idx of an array of tuples;
 *  - lw_tuple_assign / lw_tuple_decl: whole-tuple assignment, declaration;
 *    lw_tuple_readable: e, or its value in temporaries when it cannot be
 *    read component by component (an array literal, a conditional);
 *  - lw_tuple_bind_arg / lw_tuple_return / lw_tuple_call_done: arguments
 *    and results of inlined functions; lw_tuple_bind_element: a foreach
 *    variable over an array of tuples;
 *  - lw_hoist_any: lw_hoist that also takes tuple expressions apart;
 *  - lw_tuple_walk: every element of d's leaves in output (CmdStan) order;
 *    lw_tuple_has_arrays: whether that order differs from leaf by leaf. */
#define LW_MAX_LEAVES 256
int lw_tuple_leaves(lctx *c, const decl *d, ir_var **out);
int lw_tuple_shape(lctx *c, const expr *e, ir_expr **dims);
ir_expr *lw_tuple_el(lctx *c, const expr *e, ir_expr **idx, int nidx);
ir_var *lw_tuple_leaf_var(lctx *c, const expr *e);
int lw_tuple_outer_dims(lctx *c, const ir_var *v);
const decl *lw_tuple_top_decl(lctx *c, const ir_var *v);
const char *lw_var_label(lctx *c, const ir_var *v);
const expr *lw_tuple_comp(lctx *c, const expr *e, int i);
const expr *lw_tuple_index(lctx *c, const expr *e, ir_expr **idx, int n);
void lw_tuple_assign(lctx *c, const expr *dst, const expr *src, src_span at);
const expr *lw_tuple_readable(lctx *c, const expr *e);
void lw_tuple_decl(lctx *c, const stmt *s);
void lw_tuple_forget(lctx *c, const decl *d);
void lw_tuple_bind_arg(lctx *c, const decl *p, const expr *a);
struct tup_ref *lw_tuple_return(lctx *c, struct tup_ref *r, const expr *rhs, src_span at);
void lw_tuple_call_done(lctx *c, const expr *call, const struct tup_ref *r);
void lw_tuple_bind_element(lctx *c, const decl *d, const expr *arr, ir_expr *i);
void lw_hoist_any(lctx *c, const expr *e);
void lw_tuple_walk(lctx *c, const decl *d, void (*fn)(lctx *, ir_var *, ir_expr **, void *),
                   void *arg);
int lw_tuple_has_arrays(lctx *c, const decl *d);

/* lower_complex.c: complex scalars and containers as pairs of real IR
 * variables of one shape (z.real, z.imag).  lw_is_complex: e is a complex
 * scalar (_any: or a complex vector, row vector, matrix or array);
 * lw_complex_real_expr: e is a real value of complex operands (get_real,
 * get_imag, abs, arg, norm, == and !=), whose element idx lw_complex_real
 * lowers (it reports a complex e where a real is needed); lw_complex_shape:
 * lw_shape for those and for complex expressions; lw_complex_vars: the two
 * variables of d; lw_complex_walk: its elements in output order (CmdStan's:
 * first index fastest, real then imaginary part); lw_complex_hoist: fft,
 * inv_fft and sum of complex containers in e computed before the statement;
 * lw_complex_decl / lw_complex_assign: declarations and (compound)
 * assignments; lw_complex_implements: a function it lowers (docs). */
int lw_is_complex(const expr *e);
int lw_is_complex_any(const expr *e);
int lw_is_complex_decl(const decl *d);
int lw_complex_real_expr(const expr *e);
ir_expr *lw_complex_real(lctx *c, const expr *e, ir_expr **idx, int nidx);
int lw_complex_shape(lctx *c, const expr *e, ir_expr **dims);
int lw_complex_vars(lctx *c, const decl *d, ir_var **out);
void lw_complex_walk(lctx *c, const decl *d, void (*fn)(lctx *, ir_var *, ir_expr **, void *),
                     void *arg);
void lw_complex_hoist(lctx *c, const expr *e);
/* The real and imaginary parts of element idx of complex e (print). */
void lw_complex_parts(lctx *c, const expr *e, ir_expr **idx, int nidx, ir_expr **re, ir_expr **im);
void lw_complex_decl(lctx *c, const stmt *s);
void lw_complex_assign(lctx *c, const expr *lhs, const expr *rhs, op_kind op);
void lw_complex_forget(lctx *c, const decl *d);
int lw_complex_implements(const char *name);

/* lower_jump.c: break and continue.  Around a loop: open (before the
 * loop statement: creates the flags its body needs, brk = 0), enter (first
 * thing in the body: cont = 0, and for a for loop the body guarded by
 * brk == 0), close (after the body).  A while loop's condition gets
 * `&& brk == 0` from lw_jumps_while_cond.  lw_jump_guard: after statement s
 * of a block, guards the rest when s may jump (returns the block to restore,
 * or NULL). */
void lw_jumps_open(lctx *c, const stmt *loop, lw_jumps *j);
ir_expr *lw_jumps_while_cond(lctx *c, const lw_jumps *j, ir_expr *cond);
void lw_jumps_enter(lctx *c, lw_jumps *j, int guard_break);
void lw_jumps_close(lctx *c, const lw_jumps *j);
void lw_jump(lctx *c, const stmt *s);
ir_block *lw_jump_guard(lctx *c, const stmt *s);

#endif
