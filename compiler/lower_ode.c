/* compiler/lower_ode.c — ODE solvers as IR: adaptive one-step integrators
 * with the user's right-hand side inlined, and gradients by forward
 * sensitivities.  This file is the driver and what the methods share;
 * the stages of a step are lower_ode_rk45.c's (explicit Dormand–Prince
 * 5(4): ode_rk45, ode_adams, ode_ckrk and their forms) or
 * lower_ode_stiff.c's (the linearly implicit, L-stable Rosenbrock
 * W-method ROS34PW2: ode_bdf, ode_bdf_tol, integrate_ode_bdf, for stiff
 * problems).  lower_ode.h is what the three files share.
 *
 * In:  a call of ode_rk45, ode_bdf, ode_adams, ode_ckrk (and their _tol
 * forms) or integrate_ode_rk45/bdf/adams, whose first argument names a
 * function of the functions block (sema resolved it into args[0]->fun).
 * Out: statements at `cur` that fill a T x N temporary with the state at
 * each output time.  The integrator is ordinary IR: for each output time
 * a while loop over attempted steps (counted against max_num_steps, which
 * rejects the draw when exceeded, as Stan does), each step the method's
 * stages, then one error control for both methods: the mixed tolerance
 * atol + rtol * max(|y|, |y_new|), RMS over the components; an accepted
 * step (norm <= 1) advances t and y, and the last step towards an output
 * time is shortened to land on it exactly (no interpolation); the step
 * size is scaled by 0.9 err^(-1/(q+1)) within [0.2, 5] (q: the order of
 * the method's error estimate, 4 or 2), or by 0.2 when the error is NaN.
 * Gradients.  In the density, when an input may depend on parameters (the
 * elements of y0 and of the real arguments passed to f that are not data,
 * t0 and the output times), the inputs enter the integration through
 * stop(): activity analysis leaves all of it inactive, so ad.c pushes
 * nothing for its steps.  Instead the integrator carries S = dy/dp
 * (N x M, one column per input element p_m) beside y,
 *     dS/dt = J_y S + J_p,  S(t0) = dy0/dp  (t0's column: -f(t0, y0)),
 * integrated by the same steps as y: tangent.c writes the forward
 * derivative of each stage's inlined f (J_y S[, m] + J_p e_m for every m,
 * without forming a Jacobian).  Each output is then
 *     y_out = y + sum_m S[, m] (p_m - stop(p_m))   (+ f(t_i, y_i) (t_i - stop(t_i)))
 * whose value is y and whose reverse sweep adds S' adj(y_out) to the
 * adjoints of the inputs; only these outputs (T x N x M values) are pushed.
 * The M directions run only in the gradient function (M * gradient()), so
 * the value-only function integrates y alone.  A step's error is, as in
 * CVODES by default, the largest of y's and of each column of S's: the
 * gradient function may take smaller steps than the value-only function
 * (their values then differ within the tolerances), and its gradient is
 * accurate to about the tolerances, which an error test on y alone does
 * not ensure (tests/e2e/test_ode.sh has the figures).
 * Never: evaluates f outside the integration interval, or reports a
 * solution whose error estimate exceeds the tolerances.
 */
#include <math.h>
#include <string.h>
#include "lower_ode.h"

static const struct {
    const char *name;
    int tol;   /* rel_tol, abs_tol, max_num_steps after ts */
    int old;   /* integrate_ode_*: (f, y0, t0, ts, theta, x_r, x_i [, tols]) */
    int stiff; /* the Rosenbrock method (lower_ode_stiff.c); else RK45 */
} solvers[] = {
    {"ode_rk45", 0, 0, 0}, {"ode_bdf", 0, 0, 1}, {"ode_adams", 0, 0, 0}, {"ode_ckrk", 0, 0, 0},
    {"ode_rk45_tol", 1, 0, 0}, {"ode_bdf_tol", 1, 0, 1}, {"ode_adams_tol", 1, 0, 0},
    {"ode_ckrk_tol", 1, 0, 0}, {"integrate_ode_rk45", 0, 1, 0}, {"integrate_ode_bdf", 0, 1, 1},
    {"integrate_ode_adams", 0, 1, 0},
};

static int solver_of(const expr *e) {
    if (e->kind != EX_CALL || e->fun) return -1;
    for (size_t i = 0; i < sizeof solvers / sizeof solvers[0]; i++)
        if (!strcmp(solvers[i].name, e->name)) return (int)i;
    return -1;
}

int lw_is_ode(const expr *e) { return solver_of(e) >= 0; }

/* ---- small pieces ---------------------------------------------------------- */

static ir_expr *vget(lctx *c, ir_var *v, ir_expr *j) { return lw_get(c, v, ix1(c, j)); }
static ir_expr *mget(lctx *c, ir_var *v, ir_expr *j, ir_expr *m) { return lw_get(c, v, ix2(c, j, m)); }

ir_var *lw_ode_scalar(ode *o, ir_expr *init) {
    ir_var *v = lw_temp(o->c, o->e, init->is_int, 0, NULL);
    lw_set(o->c, v, NULL, init, o->e);
    return v;
}

/* v = x when cond: an if with one assignment. */
void lw_ode_set_if(ode *o, ir_expr *cond, ir_var *v, ir_expr *x) {
    lctx *c = o->c;
    ir_stmt *s = lw_if(c, cond, o->e);
    ir_block *saved = c->cur;
    c->cur = &s->body;
    lw_set(c, v, NULL, x, o->e);
    c->cur = saved;
}

ir_expr *lw_ode_dir_loop(ode *o, ir_block **saved) {
    return lw_loop(o->c, I(o->c, 1), o->nd, saved, o->e);
}

/* x through stop() when the integration carries sensitivities. */
static ir_expr *stopped(ode *o, ir_expr *x) { return o->sens ? ir_stop(o->c->a, x) : x; }

/* x - stop(x): zero, with derivative 1 (x and x2 are two lowerings of the
 * same element). */
static ir_expr *delta(lctx *c, ir_expr *x, ir_expr *x2) { return sub(c, x, ir_stop(c->a, x2)); }

/* Can the value of IR element e depend on parameters?  Anything but data,
 * transformed data, literals and ints may. */
static int inert(const ir_expr *e) {
    if (e->is_int || e->kind == IE_STOP) return 1;
    if (e->kind == IE_VAR) return e->var->role == IRV_DATA || e->var->role == IRV_TDATA;
    for (int i = 0; i < e->nargs; i++)
        if (!inert(e->args[i])) return 0;
    return 1;
}

/* Does real input a need sensitivities: in the density, and not data
 * (neither in the source nor in its lowered first element)? */
static int varies(lctx *c, const expr *a) {
    if (c->fn != IRF_DENSITY || a->type.base == TY_INT || lw_ast_data_only(a)) return 0;
    ir_expr *dims[MAXD], *idx[MAXD];
    int nd = lw_shape(c, a, dims);
    for (int k = 0; k < nd; k++) idx[k] = I(c, 1);
    return !inert(lw_el(c, a, idx, nd));
}

/* ---- the inputs ---------------------------------------------------------------- */

/* Directions of an argument with sensitivities: its tangent is the identity
 * on directions off+1 .. off+size (row-major), and D holds its deltas. */
static void arg_dirs(ode *o, const expr *a, ir_var *t, ir_expr **idx, int nd, ir_expr *off) {
    lctx *c = o->c;
    ir_expr *dims[MAXD + 1], *ix[MAXD + 1];
    for (int k = 0; k < nd; k++) dims[k] = t->dims[k], ix[k] = idx[k];
    dims[nd] = o->M;
    ir_var *dt = lw_temp(c, a, 0, nd + 1, dims);
    ir_expr *dir = add(c, add(c, off, lw_flat_index(c, t, idx)), I(c, 1));
    ir_block *sm;
    ix[nd] = lw_ode_dir_loop(o, &sm);
    lw_set(c, dt, ix, realv(c, ir_bin(c->a, OP_EQ, ix[nd], dir)), a);
    lw_loop_end(c, sm);
    lw_set(c, o->D, ix1(c, dir), delta(c, lw_el(c, a, idx, nd), lw_el(c, a, idx, nd)), a);
    tan_seed(&o->tan, t, dt);
}

/* An argument of f in a variable: a variable as it is, anything else
 * computed once into a temporary (f is inlined seven times per step).  One
 * with sensitivities (off != NULL) is always copied, through stop(). */
static ir_var *arg_var(ode *o, const expr *a, ir_expr *off) {
    lctx *c = o->c;
    if (!off && a->kind == EX_VAR && a->decl && !lw_bound_value(c, a->decl)) return lw_var(c, a->decl);
    ir_expr *dims[MAXD], *idx[MAXD];
    int nd = lw_shape(c, a, dims);
    ir_var *t = lw_temp(c, a, a->type.base == TY_INT, nd, dims);
    ir_block *saved = c->cur;
    c->cur = lw_open_loops(c, dims, nd, idx, 0, a->span);
    ir_expr *el = lw_el(c, a, idx, nd);
    lw_set(c, t, nd ? idx : NULL, off ? ir_stop(c->a, el) : el, a);
    if (off) arg_dirs(o, a, t, idx, nd, off);
    c->cur = saved;
    return t;
}

/* ---- pieces the methods share ------------------------------------------------------ */

ir_var *lw_ode_eval_f(ode *o, ir_var *time, ir_var *state, tan_ctx *tan) {
    lctx *c = o->c;
    o->fargs[0] = time;
    o->fargs[1] = state;
    ir_block body = {0}, *saved = c->cur;
    c->cur = &body;
    ir_var *r = lw_inline_vars(c, o->f, o->fargs, o->nf, o->e);
    c->cur = saved;
    if (tan) tan_block(tan, &body, c->cur);
    else
        for (int i = 0; i < body.n; i++) ir_push(c->a, c->cur, body.items[i]);
    if (tan && tan->unsupported) {
        lw_unsupported(c, o->e->span, tan->unsupported);
        tan->unsupported = NULL;
    }
    if (r) lw_size_check(c, o->e, r->dims[0], o->N, "the ODE function returned a state of another size");
    return r;
}

ir_expr *lw_ode_wsum(ode *o, ode_sum k, ir_var **vs, ir_expr **idx) {
    lctx *c = o->c;
    ir_expr *acc = NULL;
    for (int r = 0; r < k.n; r++) {
        if (k.w[r] == 0 || !vs[r]) continue;
        ir_expr *t = mul(c, R(c, k.w[r]), lw_get(c, vs[r], idx));
        acc = acc ? add(c, acc, t) : t;
    }
    return acc && k.scaled ? mul(c, lw_get0(c, o->hs), acc) : acc;
}

/* base[idx] + the weighted sum */
static ir_expr *plus_sum(ode *o, ir_var *base, ode_sum k, ir_var **vs, ir_expr **idx) {
    ir_expr *v = lw_get(o->c, base, idx), *s = lw_ode_wsum(o, k, vs, idx);
    return s ? add(o->c, v, s) : v;
}

void lw_ode_combine(ode *o, ir_var *dst, ir_var *ddst, ode_sum k) {
    lctx *c = o->c;
    ir_block *sv, *sm;
    ir_expr *j = lw_loop(c, I(c, 1), o->N, &sv, o->e);
    lw_set(c, dst, ix1(c, j), plus_sum(o, o->y, k, k.v, ix1(c, j)), o->e);
    if (o->sens) {
        ir_expr *m = lw_ode_dir_loop(o, &sm);
        lw_set(c, ddst, ix2(c, j, m), plus_sum(o, o->S, k, k.dv, ix2(c, j, m)), NULL); /* in range */
        lw_loop_end(c, sm);
    }
    lw_loop_end(c, sv);
}

/* en += (err[idx] / (atol + rtol max(|a[idx]|, |b[idx]|)))^2: one component
 * of the weighted error (sc: scratch). */
static void err_add(ode *o, ir_var *en, ir_var *sc, ir_expr *err, ir_var *a, ir_var *b,
                    ir_expr **idx, ir_expr *rtol, ir_expr *atol) {
    lctx *c = o->c;
    if (!err) return;
    ir_expr *fa = lw_call(c, "fabs", 1, lw_get(c, a, idx), NULL);
    ir_expr *fb = lw_call(c, "fabs", 1, lw_get(c, b, idx), NULL);
    lw_set(c, sc, NULL, fa, o->e);
    lw_ode_set_if(o, ir_bin(c->a, OP_GT, fb, fa), sc, fb);
    ir_expr *q = dvd(c, err, add(c, atol, mul(c, rtol, lw_get0(c, sc))));
    lw_set(c, en, NULL, add(c, lw_get0(c, en), sq(c, q)), o->e);
}

/* The RMS over j of y's component errors, or, with sensitivities, the
 * largest of that and of each column of S's (as CVODES's default; y's
 * accuracy is never traded for S's). */
ir_var *lw_ode_error_norm(ode *o, ode_sum k, ir_expr *rtol, ir_expr *atol) {
    lctx *c = o->c;
    ir_var *en = lw_ode_scalar(o, R(c, 0)), *sc = lw_ode_scalar(o, R(c, 0));
    ir_block *sv, *sm;
    ir_expr *j = lw_loop(c, I(c, 1), o->N, &sv, o->e);
    err_add(o, en, sc, lw_ode_wsum(o, k, k.v, ix1(c, j)), o->y, o->yn, ix1(c, j), rtol, atol);
    lw_loop_end(c, sv);
    if (o->sens) {
        ir_var *em = lw_ode_scalar(o, R(c, 0));
        ir_expr *m = lw_ode_dir_loop(o, &sm);
        lw_set(c, em, NULL, R(c, 0), o->e);
        j = lw_loop(c, I(c, 1), o->N, &sv, o->e);
        ir_expr **jm = ix2(c, j, m);
        err_add(o, em, sc, lw_ode_wsum(o, k, k.dv, jm), o->S, o->Sn, jm, rtol, atol);
        lw_loop_end(c, sv);
        lw_ode_set_if(o, ir_bin(c->a, OP_GT, lw_get0(c, em), lw_get0(c, en)), en, lw_get0(c, em));
        lw_loop_end(c, sm);
    }
    lw_set(c, en, NULL, lw_sqrt(c, dvd(c, lw_get0(c, en), realv(c, o->N))), o->e);
    return en;
}

/* ---- the step loop --------------------------------------------------------------- */

/* y = yn (and S = Sn): the accepted step. */
static void accept(ode *o) {
    lctx *c = o->c;
    ir_block *sv, *sm;
    ir_expr *j = lw_loop(c, I(c, 1), o->N, &sv, o->e);
    lw_set(c, o->y, ix1(c, j), vget(c, o->yn, j), o->e);
    if (o->sens) {
        ir_expr *m = lw_ode_dir_loop(o, &sm);
        lw_set(c, o->S, ix2(c, j, m), mget(c, o->Sn, j, m), NULL); /* in range */
        lw_loop_end(c, sm);
    }
    lw_loop_end(c, sv);
    if (o->stiff) lw_ode_stiff_accepted(o);
}

/* The next step size: hs times 0.9 err^(-1/(order+1)) within [0.2, 5]; 0.2
 * when the error is not a number (f gave NaN: try a smaller step). */
static void next_h(ode *o, ir_var *en) {
    lctx *c = o->c;
    ir_block *saved = c->cur;
    ir_var *fac = lw_ode_scalar(o, R(c, 0.2));
    lw_ode_set_if(o, ir_bin(c->a, OP_GE, lw_get0(c, en), R(c, 0)), fac, R(c, 5));
    ir_stmt *pos = lw_if(c, ir_bin(c->a, OP_GT, lw_get0(c, en), R(c, 0)), o->e);
    c->cur = &pos->body;
    ir_expr *p = lw_call(c, "pow", 2, lw_get0(c, en), R(c, -1.0 / (o->order + 1)));
    lw_set(c, fac, NULL, mul(c, R(c, 0.9), p), o->e);
    lw_ode_set_if(o, ir_bin(c->a, OP_GT, lw_get0(c, fac), R(c, 5)), fac, R(c, 5));
    lw_ode_set_if(o, ir_bin(c->a, OP_LT, lw_get0(c, fac), R(c, 0.2)), fac, R(c, 0.2));
    c->cur = saved;
    lw_set(c, o->h, NULL, mul(c, lw_get0(c, o->hs), lw_get0(c, fac)), o->e);
}

/* One attempted step towards `tout` by the method's stages: an accepted
 * step (error norm <= 1) advances t, landing exactly on tout when it is the
 * last, and y; then the step size adapts. */
static void step(ode *o, ir_expr *tout, ir_expr *rtol, ir_expr *atol) {
    lctx *c = o->c;
    ir_expr *left = sub(c, tout, lw_get0(c, o->t));
    ir_var *last = lw_ode_scalar(o, I(c, 0));
    lw_set(c, o->hs, NULL, lw_get0(c, o->h), o->e);
    ir_stmt *clamp = lw_if(c, ir_bin(c->a, OP_GE, lw_get0(c, o->h), left), o->e);
    ir_block *saved = c->cur;
    c->cur = &clamp->body;
    lw_set(c, o->hs, NULL, left, o->e);
    lw_set(c, last, NULL, I(c, 1), o->e);
    c->cur = saved;
    ir_var *en = o->stiff ? lw_ode_stiff_stages(o, rtol, atol) : lw_ode_rk45_stages(o, rtol, atol);
    ir_stmt *acc = lw_if(c, ir_bin(c->a, OP_LE, lw_get0(c, en), R(c, 1)), o->e);
    c->cur = &acc->body;
    lw_set(c, o->t, NULL, add(c, lw_get0(c, o->t), lw_get0(c, o->hs)), o->e);
    lw_ode_set_if(o, ir_bin(c->a, OP_EQ, lw_get0(c, last), I(c, 1)), o->t, tout); /* land exactly */
    accept(o);
    c->cur = saved;
    next_h(o, en);
}

/* ---- sensitivities: set-up and outputs ----------------------------------------------- */

/* The elements of y0 when it is a literal ({...}, [...] or [...]'), whose
 * elements get directions one by one (y0 = [N - i0, i0, 0]': one). */
static const ptr_vec *literal_elems(const expr *y0) {
    if (y0->kind == EX_UNARY && y0->op == OP_TRANSPOSE) y0 = y0->lhs;
    if (y0->kind != EX_ARRAY_LIT && y0->kind != EX_ROWVEC_LIT) return NULL;
    for (int i = 0; i < y0->args.n; i++) {
        const expr *el = y0->args.items[i];
        if (el->type.array_dims || (el->type.base != TY_REAL && el->type.base != TY_INT)) return NULL;
    }
    return &y0->args;
}

/* y0's directions: 1..N when it varies, or one per varying element of a
 * literal; returns their number. */
static ir_expr *y0_directions(ode *o) {
    lctx *c = o->c;
    const expr *y0 = arg(o->e, 1);
    const ptr_vec *lit = literal_elems(y0);
    if (!varies(c, y0)) return I(c, 0);
    if (!lit) {
        o->y0dirs = 1;
        return o->N;
    }
    o->y0dirs = 2;
    o->y0dir = arena_alloc(c->a, sizeof *o->y0dir * (size_t)(lit->n + 1));
    long n = 0;
    for (int i = 0; i < lit->n; i++) o->y0dir[i] = varies(c, lit->items[i]) ? ++n : 0;
    return I(c, n);
}

/* The directions: y0's, then each varying real argument's elements, then
 * t0; sets M, sens and the argument offsets (NULL: none). */
static void directions(ode *o, const expr **xa, int nx, ir_expr **xoff, int *t0s, int *tss) {
    lctx *c = o->c;
    const expr *e = o->e;
    ir_expr *M = y0_directions(o);
    *t0s = varies(c, arg(e, 2));
    *tss = varies(c, arg(e, 3));
    int any = o->y0dirs || *t0s || *tss;
    for (int i = 0; i < nx; i++) {
        xoff[i] = varies(c, xa[i]) ? M : NULL;
        if (xoff[i]) M = add(c, M, lw_count(c, xa[i]));
        any |= xoff[i] != NULL;
    }
    o->sens = any;
    o->M = *t0s ? add(c, M, I(c, 1)) : M;
}

/* Workspace of the sensitivities; nd = M only in the gradient function. */
static void sens_setup(ode *o) {
    lctx *c = o->c;
    ir_expr *d[2] = {o->N, o->M};
    o->S = lw_temp(c, o->e, 0, 2, d);
    o->Ss = lw_temp(c, o->e, 0, 2, d);
    o->Sn = lw_temp(c, o->e, 0, 2, d);
    o->D = lw_temp(c, o->e, 0, 1, d + 1);
    o->nd = mul(c, o->M, ir_gradient(c->a));
    o->tan = (tan_ctx){.m = c->m, .a = c->a, .ndir = o->nd, .ndir_alloc = o->M,
                       .nloop = &c->nloop};
    tan_seed(&o->tan, o->y, o->S);
    tan_seed(&o->tan, o->ys, o->Ss);
    tan_seed(&o->tan, o->yn, o->Sn);
}

/* y = y0 (stopped) and S = dy0/dp: the identity on y0's directions. */
static void init_state(ode *o) {
    lctx *c = o->c;
    const expr *y0 = arg(o->e, 1);
    ir_block *sv, *sm;
    ir_expr *j = lw_loop(c, I(c, 1), o->N, &sv, o->e);
    lw_set(c, o->y, ix1(c, j), stopped(o, lw_el1(c, y0, j)), o->e);
    if (o->sens) {
        ir_expr *m = lw_ode_dir_loop(o, &sm);
        ir_expr *id = realv(c, ir_bin(c->a, OP_EQ, m, j));
        lw_set(c, o->S, ix2(c, j, m), o->y0dirs == 1 ? id : R(c, 0), o->e);
        lw_loop_end(c, sm);
    }
    if (o->y0dirs == 1) lw_set(c, o->D, ix1(c, j), delta(c, lw_el1(c, y0, j), lw_el1(c, y0, j)), o->e);
    lw_loop_end(c, sv);
    const ptr_vec *lit = o->y0dirs == 2 ? literal_elems(y0) : NULL;
    for (int i = 0; lit && i < lit->n; i++) {
        if (!o->y0dir[i]) continue;
        const expr *el = lit->items[i];
        ir_expr *d = I(c, o->y0dir[i]);
        lw_set(c, o->S, ix2(c, I(c, i + 1), d), R(c, 1), o->e);
        lw_set(c, o->D, ix1(c, d), delta(c, realv(c, lw_scalar(c, el)), realv(c, lw_scalar(c, el))), el);
    }
}

/* The direction of t0 (the last): y(t) moves by -Phi(t, t0) f(t0, y0) per
 * unit of t0, so S[, M] starts at -f(t0, y0) (evaluated in the gradient
 * function only). */
static void t0_direction(ode *o) {
    lctx *c = o->c;
    lw_set(c, o->D, ix1(c, o->M), delta(c, realv(c, lw_scalar(c, arg(o->e, 2))),
                                        realv(c, lw_scalar(c, arg(o->e, 2)))), o->e);
    ir_stmt *g = lw_if(c, ir_bin(c->a, OP_GT, o->nd, I(c, 0)), o->e);
    ir_block *saved = c->cur, *sv;
    c->cur = &g->body;
    ir_var *f0 = lw_ode_eval_f(o, o->t, o->y, NULL);
    ir_expr *j = lw_loop(c, I(c, 1), o->N, &sv, o->e);
    if (f0) lw_set(c, o->S, ix2(c, j, o->M), ir_neg(c->a, vget(c, f0, j)), o->e);
    lw_loop_end(c, sv);
    c->cur = saved;
}

/* out[i, j] = y[j] + sum_m Sout[i, j, m] D[m] (+ f(t_i, y_i)[j] (t_i -
 * stop(t_i)) when the times vary: RK45's last stage, or f evaluated here).
 * Sout and Fout keep S and f at the output times: the reverse sweep reads
 * them, so they, and not the stepper's variables, are what it needs kept. */
static void output(ode *o, ir_var *out, ir_expr *i, ir_var *Sout, ir_var *Fout) {
    lctx *c = o->c;
    const expr *tse = arg(o->e, 3);
    ir_block *sv, *sm;
    ir_var *f = Fout && !o->fout ? lw_ode_eval_f(o, o->t, o->y, NULL) : o->fout;
    ir_expr *j = lw_loop(c, I(c, 1), o->N, &sv, o->e);
    lw_set(c, out, ix2(c, i, j), vget(c, o->y, j), o->e);
    if (o->sens) {
        ir_expr *m = lw_ode_dir_loop(o, &sm);
        ir_expr **sidx = ir_args(c->a, 3);
        sidx[0] = i, sidx[1] = j, sidx[2] = m;
        lw_set(c, Sout, sidx, mget(c, o->S, j, m), o->e);
        ir_expr *term = mul(c, lw_get(c, Sout, sidx), vget(c, o->D, m));
        lw_set(c, out, ix2(c, i, j), add(c, lw_get(c, out, ix2(c, i, j)), term), o->e);
        lw_loop_end(c, sm);
    }
    if (Fout && f) {
        lw_set(c, Fout, ix2(c, i, j), vget(c, f, j), o->e);
        ir_expr *dt = delta(c, realv(c, lw_el1(c, tse, i)), realv(c, lw_el1(c, tse, i)));
        ir_expr *term = mul(c, lw_get(c, Fout, ix2(c, i, j)), dt);
        lw_set(c, out, ix2(c, i, j), add(c, lw_get(c, out, ix2(c, i, j)), term), o->e);
    }
    lw_loop_end(c, sv);
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
    ode o = {.c = c, .e = e, .f = fe->fun, .N = lw_dim(c, y0, 0), .order = 4};
    int nextra = old ? 3 : e->args.n - 4 - 3 * tol;
    int tolpos = old ? 7 : 4;
    int has_tol = old ? e->args.n == 10 : tol;
    const expr **xa = arena_alloc(c->a, sizeof *xa * (size_t)(nextra + 1));
    ir_expr **xoff = arena_alloc(c->a, sizeof *xoff * (size_t)(nextra + 1));
    for (int i = 0; i < nextra; i++) xa[i] = arg(e, old ? 4 + i : 4 + 3 * tol + i);
    int t0s, tss;
    directions(&o, xa, nextra, xoff, &t0s, &tss);
    ir_expr *rtol = has_tol ? realv(c, lw_scalar(c, arg(e, tolpos))) : R(c, 1e-6);
    ir_expr *atol = has_tol ? realv(c, lw_scalar(c, arg(e, tolpos + 1))) : R(c, 1e-6);
    ir_expr *maxn = has_tol ? lw_scalar(c, arg(e, tolpos + 2)) : I(c, 1000000);
    rtol = stopped(&o, rtol);
    atol = stopped(&o, atol);
    ir_expr *nd[1] = {o.N};
    o.y = lw_temp(c, e, 0, 1, nd);
    o.ys = lw_temp(c, e, 0, 1, nd);
    o.yn = lw_temp(c, e, 0, 1, nd);
    if (o.sens) sens_setup(&o);
    o.nf = 2 + nextra;
    o.fargs = arena_alloc(c->a, sizeof *o.fargs * (size_t)o.nf);
    for (int i = 0; i < nextra; i++) o.fargs[2 + i] = arg_var(&o, xa[i], xoff[i]);
    init_state(&o);
    if (solvers[which].stiff) lw_ode_stiff_setup(&o);
    ir_expr *T = lw_dim(c, tse, 0), *t0 = stopped(&o, realv(c, lw_scalar(c, t0e)));
    o.t = lw_ode_scalar(&o, t0);
    if (t0s) t0_direction(&o);
    /* checks Stan makes: increasing output times after t0, positive tolerances */
    ir_expr *t1 = stopped(&o, realv(c, lw_el1(c, tse, I(c, 1))));
    lw_reject_if(c, ir_bin(c->a, OP_LE, t1, lw_get0(c, o.t)), e,
                 arena_printf(c->a, "%s: the first output time must be after the initial time", e->name));
    lw_reject_if(c, ir_bin(c->a, OP_OR, ir_bin(c->a, OP_LE, rtol, R(c, 0)), ir_bin(c->a, OP_LE, atol, R(c, 0))),
                 e, arena_printf(c->a, "%s: tolerances must be positive", e->name));
    o.h = lw_ode_scalar(&o, mul(c, R(c, 0.01), sub(c, t1, lw_get0(c, o.t))));
    o.hs = lw_ode_scalar(&o, R(c, 0));
    ir_var *nsteps = lw_ode_scalar(&o, I(c, 0));
    ir_var *Sout = NULL, *Fout = NULL;
    if (o.sens) {
        ir_expr *d[3] = {T, o.N, o.M};
        Sout = lw_temp(c, e, 0, 3, d);
        if (tss) Fout = lw_temp(c, e, 0, 2, d);
    }
    ir_block *si;
    ir_expr *i = lw_loop(c, I(c, 1), T, &si, e);
    ir_expr *tout = stopped(&o, realv(c, lw_el1(c, tse, i)));
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
    output(&o, out, i, Sout, Fout);
    lw_loop_end(c, si);
}
