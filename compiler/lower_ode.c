/* compiler/lower_ode.c — ODE solvers as IR: an adaptive Dormand–Prince
 * 5(4) Runge–Kutta integrator with the user's right-hand side inlined.
 *
 * In:  a call of ode_rk45, ode_bdf, ode_adams, ode_ckrk (and their _tol
 * forms) or integrate_ode_rk45/bdf/adams, whose first argument names a
 * function of the functions block (sema resolved it into args[0]->fun).
 * Out: statements at `cur` that fill a T x N temporary with the state at
 * each output time.  The integrator is ordinary IR (while loop over steps,
 * seven inlined evaluations of f per step, error control with the mixed
 * tolerance atol + rtol * |y|), so ad.c differentiates the computed
 * solution by reverse mode through the steps ("discretise, then
 * differentiate"): the gradient is exact for the numerical solution, whose
 * error the tolerances bound.
 * Every solver name uses this integrator: a stiff problem (what ode_bdf is
 * for) is solved correctly but may need many steps; max_num_steps guards
 * the cost and rejects the draw when exceeded, as Stan does.
 * Never: evaluates f outside the integration interval, or reports a
 * solution whose error estimate exceeds the tolerances.
 */
#include <math.h>
#include <string.h>
#include "lower_int.h"

/* Dormand & Prince (1980) coefficients. */
static const double DP_C[7] = {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1};
static const double DP_A[7][6] = {
    {0},
    {1.0 / 5},
    {3.0 / 40, 9.0 / 40},
    {44.0 / 45, -56.0 / 15, 32.0 / 9},
    {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
    {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
    {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84},
};
/* 5th-order weights minus 4th-order weights: the local error estimate. */
static const double DP_E[7] = {71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200,
                               22.0 / 525, -1.0 / 40};

static const struct {
    const char *name;
    int tol;   /* rel_tol, abs_tol, max_num_steps after ts */
    int old;   /* integrate_ode_*: (f, y0, t0, ts, theta, x_r, x_i [, tols]) */
} solvers[] = {
    {"ode_rk45", 0, 0}, {"ode_bdf", 0, 0}, {"ode_adams", 0, 0}, {"ode_ckrk", 0, 0},
    {"ode_rk45_tol", 1, 0}, {"ode_bdf_tol", 1, 0}, {"ode_adams_tol", 1, 0}, {"ode_ckrk_tol", 1, 0},
    {"integrate_ode_rk45", 0, 1}, {"integrate_ode_bdf", 0, 1}, {"integrate_ode_adams", 0, 1},
};

static int solver_of(const expr *e) {
    if (e->kind != EX_CALL || e->fun) return -1;
    for (size_t i = 0; i < sizeof solvers / sizeof solvers[0]; i++)
        if (!strcmp(solvers[i].name, e->name)) return (int)i;
    return -1;
}

int lw_is_ode(const expr *e) { return solver_of(e) >= 0; }

typedef struct {
    lctx *c;
    const expr *e;
    const fundef *f;
    ir_expr *N;          /* state size */
    ir_var *y, *ys, *y5; /* state, stage input, 5th-order solution */
    ir_var *k[7];        /* stage derivatives (results of the inlined f) */
    ir_var *t, *h, *hs;  /* time, step size, the step taken */
    ir_var **fargs;      /* f's arguments: [t, y, extra...] */
    int nf;
} ode;

/* ---- small pieces ---------------------------------------------------------- */

static ir_expr *vget(lctx *c, ir_var *v, ir_expr *j) { return lw_get(c, v, ix1(c, j)); }

static ir_var *scalar(ode *o, ir_expr *init) {
    ir_var *v = lw_temp(o->c, o->e, init->is_int, 0, NULL);
    lw_set(o->c, v, NULL, init, o->e);
    return v;
}

/* v = x when cond: an if with one assignment. */
static void set_if(ode *o, ir_expr *cond, ir_var *v, ir_expr *x) {
    lctx *c = o->c;
    ir_stmt *s = lw_if(c, cond, o->e);
    ir_block *saved = c->cur;
    c->cur = &s->body;
    lw_set(c, v, NULL, x, o->e);
    c->cur = saved;
}

/* An argument in a variable: a variable as it is, anything else computed
 * once into a temporary (f is inlined seven times per step). */
static ir_var *arg_var(ode *o, const expr *a) {
    lctx *c = o->c;
    if (a->kind == EX_VAR && a->decl && !lw_bound_value(c, a->decl)) return lw_var(c, a->decl);
    ir_expr *dims[MAXD], *idx[MAXD];
    int nd = lw_shape(c, a, dims);
    ir_var *t = lw_temp(c, a, a->type.base == TY_INT, nd, dims);
    ir_block *saved = c->cur;
    c->cur = lw_open_loops(c, dims, nd, idx, 0, a->span);
    lw_set(c, t, nd ? idx : NULL, lw_el(c, a, idx, nd), a);
    c->cur = saved;
    return t;
}

/* f(t + c_s h, ys) into k[s]. */
static void stage_eval(ode *o, int s, ir_var *state) {
    lctx *c = o->c;
    ir_var *ts = scalar(o, add(c, lw_get0(c, o->t), mul(c, R(c, DP_C[s]), lw_get0(c, o->hs))));
    o->fargs[0] = ts;
    o->fargs[1] = state;
    ir_var *r = lw_inline_vars(c, o->f, o->fargs, o->nf, o->e);
    o->k[s] = r ? r : o->ys;
    if (r) lw_size_check(c, o->e, r->dims[0], o->N, "the ODE function returned a state of another size");
}

/* dst[j] = y[j] + hs * sum_{r<s} w[r] k[r][j] */
static void combine(ode *o, ir_var *dst, const double *w, int s) {
    lctx *c = o->c;
    ir_block *sv;
    ir_expr *j = lw_loop(c, I(c, 1), o->N, &sv, o->e);
    ir_expr *acc = NULL;
    for (int r = 0; r < s; r++) {
        if (w[r] == 0) continue;
        ir_expr *t = mul(c, R(c, w[r]), vget(c, o->k[r], j));
        acc = acc ? add(c, acc, t) : t;
    }
    ir_expr *v = vget(c, o->y, j);
    lw_set(c, dst, ix1(c, j), acc ? add(c, v, mul(c, lw_get0(c, o->hs), acc)) : v, o->e);
    lw_loop_end(c, sv);
}

/* sqrt(mean((err_j / (atol + rtol max(|y_j|, |y5_j|)))^2)) */
static ir_var *error_norm(ode *o, ir_expr *rtol, ir_expr *atol) {
    lctx *c = o->c;
    ir_var *en = scalar(o, R(c, 0)), *sc = scalar(o, R(c, 0));
    ir_block *sv;
    ir_expr *j = lw_loop(c, I(c, 1), o->N, &sv, o->e);
    ir_expr *err = NULL;
    for (int r = 0; r < 7; r++) {
        if (DP_E[r] == 0) continue;
        ir_expr *t = mul(c, R(c, DP_E[r]), vget(c, o->k[r], j));
        err = err ? add(c, err, t) : t;
    }
    err = mul(c, lw_get0(c, o->hs), err);
    ir_expr *a = lw_call(c, "fabs", 1, vget(c, o->y, j), NULL);
    ir_expr *b = lw_call(c, "fabs", 1, vget(c, o->y5, j), NULL);
    lw_set(c, sc, NULL, a, o->e);
    set_if(o, ir_bin(c->a, OP_GT, b, a), sc, b);
    ir_expr *q = dvd(c, err, add(c, atol, mul(c, rtol, lw_get0(c, sc))));
    lw_set(c, en, NULL, add(c, lw_get0(c, en), sq(c, q)), o->e);
    lw_loop_end(c, sv);
    lw_set(c, en, NULL, lw_sqrt(c, dvd(c, lw_get0(c, en), realv(c, o->N))), o->e);
    return en;
}

/* One attempted step towards `tout`: accepted steps advance t and y; the
 * step size grows or shrinks by 0.9 err^(-1/5), within [0.2, 5]. */
static void step(ode *o, ir_expr *tout, ir_expr *rtol, ir_expr *atol) {
    lctx *c = o->c;
    ir_expr *left = sub(c, tout, lw_get0(c, o->t));
    ir_var *last = scalar(o, I(c, 0));
    lw_set(c, o->hs, NULL, lw_get0(c, o->h), o->e);
    ir_stmt *clamp = lw_if(c, ir_bin(c->a, OP_GE, lw_get0(c, o->h), left), o->e);
    ir_block *saved = c->cur;
    c->cur = &clamp->body;
    lw_set(c, o->hs, NULL, left, o->e);
    lw_set(c, last, NULL, I(c, 1), o->e);
    c->cur = saved;
    stage_eval(o, 0, o->y);
    for (int s = 1; s < 7; s++) {
        ir_var *in = s == 6 ? o->y5 : o->ys;
        combine(o, in, DP_A[s], s);
        stage_eval(o, s, in);
    }
    ir_var *en = error_norm(o, rtol, atol);
    ir_stmt *acc = lw_if(c, ir_bin(c->a, OP_LE, lw_get0(c, en), R(c, 1)), o->e);
    c->cur = &acc->body;
    lw_set(c, o->t, NULL, add(c, lw_get0(c, o->t), lw_get0(c, o->hs)), o->e);
    set_if(o, ir_bin(c->a, OP_EQ, lw_get0(c, last), I(c, 1)), o->t, tout); /* land exactly */
    ir_block *sv;
    ir_expr *j = lw_loop(c, I(c, 1), o->N, &sv, o->e);
    lw_set(c, o->y, ix1(c, j), vget(c, o->y5, j), o->e);
    lw_loop_end(c, sv);
    c->cur = saved;
    ir_var *fac = scalar(o, R(c, 5));
    ir_stmt *pos = lw_if(c, ir_bin(c->a, OP_GT, lw_get0(c, en), R(c, 0)), o->e);
    c->cur = &pos->body;
    lw_set(c, fac, NULL, mul(c, R(c, 0.9), lw_call(c, "pow", 2, lw_get0(c, en), R(c, -0.2))), o->e);
    set_if(o, ir_bin(c->a, OP_GT, lw_get0(c, fac), R(c, 5)), fac, R(c, 5));
    set_if(o, ir_bin(c->a, OP_LT, lw_get0(c, fac), R(c, 0.2)), fac, R(c, 0.2));
    c->cur = saved;
    lw_set(c, o->h, NULL, mul(c, lw_get0(c, o->hs), lw_get0(c, fac)), o->e);
}

/* ---- the solver -------------------------------------------------------------- */

void lw_ode(lctx *c, const expr *e, ir_var *out) {
    int which = solver_of(e);
    int tol = solvers[which].tol, old = solvers[which].old;
    const expr *fe = arg(e, 0), *y0 = arg(e, 1), *t0e = arg(e, 2), *tse = arg(e, 3);
    if (!fe->fun) {
        lw_bad(c, e, "this ODE function");
        return;
    }
    ode o = {c, e, fe->fun, lw_dim(c, y0, 0), NULL, NULL, NULL, {0}, NULL, NULL, NULL, NULL, 0};
    int nextra = old ? 3 : e->args.n - 4 - 3 * tol;
    int tolpos = old ? 7 : 4;
    int has_tol = old ? e->args.n == 10 : tol;
    ir_expr *rtol = has_tol ? realv(c, lw_scalar(c, arg(e, tolpos))) : R(c, 1e-6);
    ir_expr *atol = has_tol ? realv(c, lw_scalar(c, arg(e, tolpos + 1))) : R(c, 1e-6);
    ir_expr *maxn = has_tol ? lw_scalar(c, arg(e, tolpos + 2)) : I(c, 1000000);
    o.nf = 2 + nextra;
    o.fargs = arena_alloc(c->a, sizeof *o.fargs * (size_t)o.nf);
    for (int i = 0; i < nextra; i++) o.fargs[2 + i] = arg_var(&o, arg(e, old ? 4 + i : 4 + 3 * tol + i));
    ir_expr *nd[1] = {o.N};
    o.y = lw_temp(c, e, 0, 1, nd);
    o.ys = lw_temp(c, e, 0, 1, nd);
    o.y5 = lw_temp(c, e, 0, 1, nd);
    ir_block *sv;
    ir_expr *j = lw_loop(c, I(c, 1), o.N, &sv, e);
    lw_set(c, o.y, ix1(c, j), lw_el1(c, y0, j), e);
    lw_loop_end(c, sv);
    ir_expr *T = lw_dim(c, tse, 0), *t0 = realv(c, lw_scalar(c, t0e));
    o.t = scalar(&o, t0);
    /* checks Stan makes: increasing output times after t0, positive tolerances */
    lw_reject_if(c, ir_bin(c->a, OP_LE, realv(c, lw_el1(c, tse, I(c, 1))), t0), e,
                 arena_printf(c->a, "%s: the first output time must be after the initial time", e->name));
    lw_reject_if(c, ir_bin(c->a, OP_OR, ir_bin(c->a, OP_LE, rtol, R(c, 0)), ir_bin(c->a, OP_LE, atol, R(c, 0))),
                 e, arena_printf(c->a, "%s: tolerances must be positive", e->name));
    o.h = scalar(&o, mul(c, R(c, 0.01), sub(c, realv(c, lw_el1(c, tse, I(c, 1))), t0)));
    o.hs = scalar(&o, R(c, 0));
    ir_var *nsteps = scalar(&o, I(c, 0));
    ir_block *si;
    ir_expr *i = lw_loop(c, I(c, 1), T, &si, e);
    ir_expr *tout = realv(c, lw_el1(c, tse, i));
    lw_reject_if(c, ir_bin(c->a, OP_LT, tout, lw_get0(c, o.t)), e,
                 arena_printf(c->a, "%s: output times must be increasing", e->name));
    ir_stmt *w = ir_stmt_new(c->a, IS_WHILE, e->span);
    w->cond = ir_bin(c->a, OP_LT, lw_get0(c, o.t), tout);
    lw_emit(c, w);
    ir_block *saved = c->cur;
    const ir_stmt *saved_for = c->cur_for;
    c->cur = &w->body;
    c->cur_for = NULL;
    lw_set(c, nsteps, NULL, add(c, lw_get0(c, nsteps), I(c, 1)), e);
    lw_reject_if(c, ir_bin(c->a, OP_GT, lw_get0(c, nsteps), maxn), e,
                 arena_printf(c->a, "%s: max_num_steps reached before the last output time", e->name));
    step(&o, tout, rtol, atol);
    c->cur = saved;
    c->cur_for = saved_for;
    ir_expr *j2 = lw_loop(c, I(c, 1), o.N, &sv, e);
    lw_set(c, out, ix2(c, i, j2), vget(c, o.y, j2), e);
    lw_loop_end(c, sv);
    lw_loop_end(c, si);
}
