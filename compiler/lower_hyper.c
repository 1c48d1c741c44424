/* compiler/lower_hyper.c — the generalized hypergeometric functions
 * hypergeometric_pFq(a, b, z) and hypergeometric_3F2(a, b, z), lowered to
 * their power series as IR.
 *
 * In:  the call (two vectors a of size p and b of size q, a real z) and the
 * scalar temporary that receives its value (lower_container.c's hoisting
 * table calls lw_fill_hypergeometric_*).  Out: statements at `cur`: the
 * convergence checks and a while loop summing
 *     pFq(a; b; z) = sum_k t_k,  t_0 = 1,
 *     t_(k+1) = t_k z / (k + 1) prod_i (a_i + k) / prod_j (b_j + k).
 * The loop is ordinary IR, so ad.c differentiates it like user code: the
 * gradient with respect to every a_i, b_j and z is the exact derivative of
 * the partial sum, i.e. the series differentiated term by term (d/da_i of
 * the Pochhammer ratio brings the 1/(a_i + k) terms, d/dz the series of
 * prod a / prod b pFq(a + 1; b + 1; z)) and truncated where the value's is.
 * Never: evaluates anything at compile time, or returns a value it cannot
 * vouch for: the generated code rejects (located, like a density's invalid
 * arguments) when the series diverges (p > q + 1; p = q + 1 with |z| > 1,
 * or |z| = 1 and sum(b) <= sum(a); unless some a_i is a non-positive
 * integer, which makes it a polynomial), when a term is not finite (b_j a
 * non-positive integer reached, overflow, NaN), when PFQ_MAX_TERMS terms
 * leave an estimated relative error above 1e-8 (|z| = 1 converges only
 * algebraically), or when cancellation between terms of opposite sign
 * leaves an estimated relative error above 1e-6 (large negative z).
 * Known limit: at an a_i that is exactly a non-positive integer the series
 * ends, and so does its derivative in that a_i (the true one continues).
 */
#include <math.h>
#include "lower_int.h"

#define PFQ_MAX_TERMS 100000L
#define PFQ_TOL 1e-16          /* stop: (k + 1) |t_k| below this times |sum| */
#define PFQ_TOL_AT_CAP 1e-8    /* accepted after PFQ_MAX_TERMS terms */
#define PFQ_TOL_CANCEL 1e-6    /* accepted rounding error, relative */
#define PFQ_EPS 2.220446049250313e-16

static ir_expr *fabs_(lctx *c, ir_expr *x) { return lw_call(c, "fabs", 1, x, NULL); }
static ir_expr *and_(lctx *c, ir_expr *x, ir_expr *y) { return ir_bin(c->a, OP_AND, x, y); }
static ir_expr *or_(lctx *c, ir_expr *x, ir_expr *y) { return ir_bin(c->a, OP_OR, x, y); }
static ir_expr *cmp(lctx *c, op_kind op, ir_expr *x, ir_expr *y) { return ir_bin(c->a, op, x, y); }

/* Element i (a loop variable) of the argument x: a fresh node on every use,
 * as everywhere in the IR.  The arguments are read where they are needed,
 * not copied: a copy would need a size known at create time, and
 * segment(a, s, n[k]) in a loop has none. */
static ir_expr *el(lctx *c, const expr *x, ir_var *i) {
    return realv(c, lw_el1(c, x, ir_read0(c->a, i)));
}

/* for (i in 1:n) at cur, as lw_loop, but returning the loop variable. */
static ir_var *loop1(lctx *c, ir_expr *n, ir_block **saved, const expr *e) {
    ir_expr *i = lw_loop(c, I(c, 1), n, saved, e);
    return i->var;
}

/* k (an int scalar temporary) as a real. */
static ir_expr *kreal(lctx *c, ir_var *k) { return realv(c, lw_get0(c, k)); }

/* A real (int: is_int) scalar temporary set to v. */
static ir_var *scalar(lctx *c, const expr *e, int is_int, ir_expr *v) {
    ir_var *t = lw_temp(c, e, is_int, 0, NULL);
    lw_set(c, t, NULL, v, e);
    return t;
}

/* The series' parameters and what the checks need. */
typedef struct {
    ir_expr *p, *q;         /* sizes of a and b */
    const expr *a, *b;      /* the arguments */
    ir_var *z;              /* a copy of z */
    ir_var *kmin;           /* max(0, -a_i): past it no a_i + k changes sign */
    ir_var *poly;           /* int: some a_i is a non-positive integer */
    ir_var *excess;         /* sum(b) - sum(a) */
} pfq;

/* kmin, poly and excess. */
static void scan_params(lctx *c, const expr *e, pfq *s) {
    s->kmin = scalar(c, e, 0, R(c, 0));
    s->poly = scalar(c, e, 1, I(c, 0));
    s->excess = scalar(c, e, 0, R(c, 0));
    ir_block *saved;
    ir_var *i = loop1(c, s->p, &saved, e);
    lw_set(c, s->kmin, NULL, lw_call(c, "fmax", 2, lw_get0(c, s->kmin), ir_neg(c->a, el(c, s->a, i))), e);
    lw_set(c, s->excess, NULL, sub(c, lw_get0(c, s->excess), el(c, s->a, i)), e);
    ir_expr *nonpos = and_(c, cmp(c, OP_LE, el(c, s->a, i), R(c, 0)),
                           cmp(c, OP_EQ, el(c, s->a, i), lw_call(c, "floor", 1, el(c, s->a, i), NULL)));
    ir_stmt *f = lw_if(c, nonpos, e);
    ir_block *in = c->cur;
    c->cur = &f->body;
    lw_set(c, s->poly, NULL, I(c, 1), e);
    c->cur = in;
    lw_loop_end(c, saved);
    ir_var *j = loop1(c, s->q, &saved, e);
    lw_set(c, s->excess, NULL, add(c, lw_get0(c, s->excess), el(c, s->b, j)), e);
    lw_loop_end(c, saved);
}

/* Rejects a divergent series (Stan's conditions, and |z| = 1 needing
 * sum(b) > sum(a)); a polynomial converges everywhere. */
static void check_converges(lctx *c, const expr *e, pfq *s) {
    ir_expr *on_circle = and_(c, cmp(c, OP_EQ, fabs_(c, lw_get0(c, s->z)), R(c, 1)),
                              cmp(c, OP_LE, lw_get0(c, s->excess), R(c, 0)));
    ir_expr *outside = or_(c, cmp(c, OP_GT, fabs_(c, lw_get0(c, s->z)), R(c, 1)), on_circle);
    ir_expr *bad_z = and_(c, cmp(c, OP_EQ, s->p, add(c, s->q, I(c, 1))), outside);
    ir_expr *bad = and_(c, and_(c, cmp(c, OP_EQ, lw_get0(c, s->poly), I(c, 0)),
                                cmp(c, OP_NE, lw_get0(c, s->z), R(c, 0))),
                        or_(c, cmp(c, OP_GT, s->p, add(c, s->q, I(c, 1))), bad_z));
    lw_reject_if(c, bad, e,
                 arena_printf(c->a, "%s: the series diverges (it needs size(a) <= size(b) + 1, and "
                                    "for size(a) = size(b) + 1 abs(z) < 1, or abs(z) = 1 with "
                                    "sum(b) > sum(a); or a non-positive integer in a)", e->name));
}

/* (k + 1) |t|: the rest of the series is about this (geometric or
 * algebraic convergence alike). */
static ir_expr *tail(lctx *c, ir_var *k, ir_var *t) {
    return mul(c, add(c, kreal(c, k), R(c, 1)), fabs_(c, lw_get0(c, t)));
}

/* The loop: sum into out; k, t and the sum of |t_k| are left for checks. */
static void sum_series(lctx *c, const expr *e, pfq *s, ir_var *out, ir_var **k, ir_var **t,
                       ir_var **abs_sum) {
    lw_set(c, out, NULL, R(c, 1), e);
    *t = scalar(c, e, 0, R(c, 1));
    *abs_sum = scalar(c, e, 0, R(c, 1));
    *k = scalar(c, e, 1, I(c, 0));
    ir_var *r = scalar(c, e, 0, R(c, 0));
    ir_stmt *w = ir_stmt_new(c->a, IS_WHILE, e->span);
    ir_expr *running = or_(c, cmp(c, OP_LT, kreal(c, *k), add(c, lw_get0(c, s->kmin), R(c, 1))),
                           cmp(c, OP_GT, tail(c, *k, *t), mul(c, R(c, PFQ_TOL), fabs_(c, lw_get0(c, out)))));
    w->cond = and_(c, and_(c, cmp(c, OP_LT, lw_get0(c, *k), I(c, PFQ_MAX_TERMS)),
                           cmp(c, OP_NE, lw_get0(c, *t), R(c, 0))), running);
    lw_emit(c, w);
    ir_block *saved = c->cur;
    const ir_stmt *saved_for = c->cur_for;
    c->cur = &w->body;
    c->cur_for = NULL;
    lw_set(c, r, NULL, dvd(c, lw_get0(c, s->z), add(c, kreal(c, *k), R(c, 1))), e);
    ir_block *sl;
    ir_var *i = loop1(c, s->p, &sl, e);
    lw_set(c, r, NULL, mul(c, lw_get0(c, r), add(c, el(c, s->a, i), kreal(c, *k))), e);
    lw_loop_end(c, sl);
    ir_var *j = loop1(c, s->q, &sl, e);
    lw_set(c, r, NULL, dvd(c, lw_get0(c, r), add(c, el(c, s->b, j), kreal(c, *k))), e);
    lw_loop_end(c, sl);
    lw_set(c, *t, NULL, mul(c, lw_get0(c, *t), lw_get0(c, r)), e);
    lw_set(c, out, NULL, add(c, lw_get0(c, out), lw_get0(c, *t)), e);
    lw_set(c, *abs_sum, NULL, add(c, lw_get0(c, *abs_sum), fabs_(c, lw_get0(c, *t))), e);
    lw_set(c, *k, NULL, add(c, lw_get0(c, *k), I(c, 1)), e);
    c->cur = saved;
    c->cur_for = saved_for;
}

/* The checks after the loop. */
static void check_result(lctx *c, const expr *e, ir_var *out, ir_var *k, ir_var *t, ir_var *abs_sum) {
    ir_expr *finite = cmp(c, OP_LT, fabs_(c, lw_get0(c, out)), R(c, HUGE_VAL));
    lw_reject_if(c, cmp(c, OP_EQ, finite, I(c, 0)), e,
                 arena_printf(c->a, "%s: a term of the series is not finite (a non-positive integer "
                                    "in b, overflow, or a NaN or infinite argument)", e->name));
    ir_expr *slow = cmp(c, OP_GT, tail(c, k, t), mul(c, R(c, PFQ_TOL_AT_CAP), fabs_(c, lw_get0(c, out))));
    lw_reject_if(c, slow, e, arena_printf(c->a, "%s: the series has not converged after %ld terms",
                                          e->name, PFQ_MAX_TERMS));
    ir_expr *lost = cmp(c, OP_GT, mul(c, R(c, PFQ_EPS), lw_get0(c, abs_sum)),
                        mul(c, R(c, PFQ_TOL_CANCEL), fabs_(c, lw_get0(c, out))));
    lw_reject_if(c, lost, e,
                 arena_printf(c->a, "%s: terms of opposite sign cancel: fewer than 6 correct digits",
                              e->name));
}

/* pFq(a; b; z) of the call e into the scalar temporary out. */
static void fill_pfq(lctx *c, const expr *e, ir_var *out) {
    pfq s;
    s.p = lw_dim(c, arg(e, 0), 0);
    s.q = lw_dim(c, arg(e, 1), 0);
    s.a = arg(e, 0);
    s.b = arg(e, 1);
    s.z = scalar(c, e, 0, realv(c, lw_scalar(c, arg(e, 2))));
    scan_params(c, e, &s);
    check_converges(c, e, &s);
    ir_var *k, *t, *abs_sum;
    sum_series(c, e, &s, out, &k, &t, &abs_sum);
    check_result(c, e, out, k, t, abs_sum);
}

void lw_fill_hypergeometric_pFq(lctx *c, const expr *e, ir_var *t) { fill_pfq(c, e, t); }

/* 3F2: pFq with size(a) = 3 and size(b) = 2 (checked). */
void lw_fill_hypergeometric_3F2(lctx *c, const expr *e, ir_var *t) {
    ir_expr *bad = or_(c, cmp(c, OP_NE, lw_dim(c, arg(e, 0), 0), I(c, 3)),
                       cmp(c, OP_NE, lw_dim(c, arg(e, 1), 0), I(c, 2)));
    lw_reject_if(c, bad, e, arena_printf(c->a, "%s: a must have 3 elements and b 2", e->name));
    fill_pfq(c, e, t);
}
