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
} var_map;

/* An expression computed into a temporary before the statement that uses
 * it (see lower_container.c, "hoisting"). */
typedef struct {
    const expr *e;
    ir_var *v;
    ir_fn_kind fn;
    int gen;             /* the statement it was computed for */
} hoisted;

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
    hoisted *hoist;      /* temporaries of the current function */
    int nhoist, caphoist;
    int gen;             /* statement number (lw_hoist_begin) */
} lctx;

/* Small IR builders (scalar expressions in the module's arena). */
static inline ir_expr *I(lctx *c, long v) { return ir_int(c->a, v); }
static inline ir_expr *R(lctx *c, double v) { return ir_real(c->a, v); }
static inline ir_expr *add(lctx *c, ir_expr *x, ir_expr *y) { return ir_bin(c->a, OP_ADD, x, y); }
static inline ir_expr *sub(lctx *c, ir_expr *x, ir_expr *y) { return ir_bin(c->a, OP_SUB, x, y); }
static inline ir_expr *mul(lctx *c, ir_expr *x, ir_expr *y) { return ir_bin(c->a, OP_MUL, x, y); }
static inline ir_expr *dvd(lctx *c, ir_expr *x, ir_expr *y) { return ir_bin(c->a, OP_DIV, x, y); }
static inline ir_expr *realv(lctx *c, ir_expr *x) { return x->is_int ? mul(c, x, R(c, 1.0)) : x; }
static inline ir_expr *sq(lctx *c, ir_expr *x) { return mul(c, x, x); }
static inline ir_expr *ex(lctx *c, ir_expr *x) { return ir_intrin1(c->a, II_EXP, x); }
static inline ir_expr *lg(lctx *c, ir_expr *x) { return ir_intrin1(c->a, II_LOG, x); }

/* lower.c */
void lw_unsupported(lctx *c, src_span at, const char *what);
void lw_emit(lctx *c, ir_stmt *s);
ir_var *lw_var(lctx *c, const decl *d);
ir_var *lw_fresh_loop(lctx *c);
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

/* lower_container.c: container functions, products, reductions, indexing
 * forms and literals.
 *  - lw_hoist: computes every sub-expression of e that needs statements
 *    (a reduction, a product, a literal, ...) into a temporary, emitted at
 *    `cur`; call it before lowering any expression of a statement.
 *  - lw_cshape / lw_cel: shape and element of a container function call or
 *    of a hoisted expression; -1 / NULL when e is neither. */
void lw_hoist_begin(lctx *c);
void lw_hoist(lctx *c, const expr *e);
int lw_cshape(lctx *c, const expr *e, ir_expr **dims);
ir_expr *lw_cel(lctx *c, const expr *e, ir_expr **idx, int nidx);
/* A compiler temporary of shape dims[0..nd) (see temp()); the catalog's
 * one-argument scalar function `name` applied to x, or NULL. */
ir_var *lw_temp(lctx *c, src_span at, int is_int, int nd, ir_expr **dims);
ir_expr *lw_call1(lctx *c, const char *name, ir_expr *x);

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

/* lower_multi.c: multivariate densities and GLMs as target statements;
 * returns 0 when `name` is not one of them. */
int lw_multi_density(lctx *c, const char *name, const expr **args, int n, int propto,
                     src_span span);
#endif
