/* lang/sema_hof.c — Stan's higher-order functions: the ODE solvers and
 * reduce_sum, whose first argument is the name of a user function.
 *
 * In:  a call whose name is one of them (ode_rk45, ode_bdf, ode_adams,
 * ode_ckrk and their _tol forms, integrate_ode_rk45/bdf/adams, reduce_sum).
 * Out: the call's type; the function argument resolved against the user's
 * functions with the argument types the solver will pass it; errors that
 * say which argument is wrong and what was expected.
 * Never: handles ordinary calls (sema_expr.c does), or sets expr.sig (no
 * catalog entry exists: the back end reports them as not supported yet).
 */
#include <stdio.h>
#include <string.h>
#include "sema.h"

typedef enum { HOF_ODE, HOF_ODE_TOL, HOF_OLD_ODE, HOF_REDUCE_SUM } hof_kind;

static const struct { const char *name; hof_kind kind; } hofs[] = {
    {"ode_rk45", HOF_ODE}, {"ode_bdf", HOF_ODE}, {"ode_adams", HOF_ODE}, {"ode_ckrk", HOF_ODE},
    {"ode_rk45_tol", HOF_ODE_TOL}, {"ode_bdf_tol", HOF_ODE_TOL}, {"ode_adams_tol", HOF_ODE_TOL},
    {"ode_ckrk_tol", HOF_ODE_TOL}, {"integrate_ode_rk45", HOF_OLD_ODE}, {"integrate_ode_bdf", HOF_OLD_ODE},
    {"integrate_ode_adams", HOF_OLD_ODE}, {"reduce_sum", HOF_REDUCE_SUM}, {"reduce_sum_static", HOF_REDUCE_SUM},
};

int sema_is_hof(const char *name) {
    for (size_t i = 0; i < sizeof hofs / sizeof hofs[0]; i++)
        if (!strcmp(hofs[i].name, name)) return 1;
    return 0;
}

static hof_kind hof_of(const char *name) {
    for (size_t i = 0; i < sizeof hofs / sizeof hofs[0]; i++)
        if (!strcmp(hofs[i].name, name)) return hofs[i].kind;
    return HOF_ODE;
}

/* Checks args[from..to) against fixed types; 1 when all fit. */
static int fixed_args(sema *s, expr *e, int from, const val_type *want, int n) {
    for (int i = 0; i < n; i++) {
        expr *a = e->args.items[from + i];
        char b1[96], b2[96];
        if (sema_ty_err(a->type) || sema_ty_assignable(want[i], a->type)) continue;
        diag_error(s->d, a->span, "argument %d of '%s' must be %s, found %s", from + i + 1, e->name,
                   sema_ty_name(want[i], b1), sema_ty_name(a->type, b2));
        return 0;
    }
    return 1;
}

/* The user function named by args[0], called with `pass` (types of the
 * values the solver passes it, as expressions). */
static int check_callee(sema *s, expr *e, expr **pass, int npass, val_type ret) {
    expr *f = e->args.items[0];
    if (f->kind != EX_VAR || !sema_has_user_fun(s, f->name)) {
        diag_error(s->d, f->span, "the first argument of '%s' must be the name of a function defined in the"
                   " functions block", e->name);
        return 0;
    }
    sema_site c = {f->name, pass, npass, 0, f->span};
    fundef *fun;
    val_type r;
    sema_user_call(s, f->name, &c, &fun, &r);
    if (!fun) return 0;
    char b1[96], b2[96];
    if (!sema_ty_assignable(ret, r)) {
        diag_error(s->d, f->span, "'%s' is used by '%s', so it must return %s, not %s", f->name, e->name,
                   sema_ty_name(ret, b1), sema_ty_name(r, b2));
        return 0;
    }
    f->type = r;
    f->fun = fun; /* the back end inlines it (compiler/lower_ode.c) */
    return 1;
}

/* An expression of type t standing for a value the solver passes. */
static expr *typed_stub(sema *s, val_type t, src_span at) {
    expr *x = ast_expr_new(s->p->arena, EX_INT_LIT, at);
    x->type = t;
    return x;
}

static val_type hof_ode(sema *s, expr *e, int ntol) {
    int fixed = 4 + ntol;
    if (e->args.n < fixed) {
        diag_error(s->d, e->span, "'%s' takes at least %d arguments (f, y0, t0, ts%s), found %d", e->name, fixed,
                   ntol ? ", rel_tol, abs_tol, max_steps" : "", e->args.n);
        return sema_ty(TY_ERROR, 0);
    }
    val_type want[6] = {sema_ty(TY_VECTOR, 0), sema_ty(TY_REAL, 0), sema_ty(TY_REAL, 1),
                        sema_ty(TY_REAL, 0), sema_ty(TY_REAL, 0), sema_ty(TY_INT, 0)};
    if (!fixed_args(s, e, 1, want, 3 + ntol)) return sema_ty(TY_ERROR, 0);
    int npass = 2 + e->args.n - fixed;
    expr **pass = arena_alloc(s->p->arena, (size_t)npass * sizeof *pass);
    pass[0] = typed_stub(s, sema_ty(TY_REAL, 0), e->span);
    pass[1] = typed_stub(s, sema_ty(TY_VECTOR, 0), e->span);
    for (int i = fixed; i < e->args.n; i++) pass[2 + i - fixed] = e->args.items[i];
    if (!check_callee(s, e, pass, npass, sema_ty(TY_VECTOR, 0))) return sema_ty(TY_ERROR, 0);
    return sema_ty(TY_VECTOR, 1);
}

static val_type hof_old_ode(sema *s, expr *e) {
    if (e->args.n != 7 && e->args.n != 10) {
        diag_error(s->d, e->span, "'%s' takes 7 arguments (f, y0, t0, ts, theta, x_r, x_i) or 10 (with"
                   " rel_tol, abs_tol, max_steps), found %d", e->name, e->args.n);
        return sema_ty(TY_ERROR, 0);
    }
    val_type want[9] = {sema_ty(TY_REAL, 1), sema_ty(TY_REAL, 0), sema_ty(TY_REAL, 1), sema_ty(TY_REAL, 1),
                        sema_ty(TY_REAL, 1), sema_ty(TY_INT, 1), sema_ty(TY_REAL, 0), sema_ty(TY_REAL, 0),
                        sema_ty(TY_INT, 0)};
    if (!fixed_args(s, e, 1, want, e->args.n - 1)) return sema_ty(TY_ERROR, 0);
    for (int i = 5; i <= 6; i++)
        if (!sema_is_data(e->args.items[i])) {
            diag_error(s->d, ((expr *)e->args.items[i])->span, "argument %d of '%s' must be data-only", i + 1, e->name);
            return sema_ty(TY_ERROR, 0);
        }
    expr *pass[5] = {typed_stub(s, sema_ty(TY_REAL, 0), e->span), typed_stub(s, sema_ty(TY_REAL, 1), e->span),
                     typed_stub(s, sema_ty(TY_REAL, 1), e->span), typed_stub(s, sema_ty(TY_REAL, 1), e->span),
                     typed_stub(s, sema_ty(TY_INT, 1), e->span)};
    if (!check_callee(s, e, pass, 5, sema_ty(TY_REAL, 1))) return sema_ty(TY_ERROR, 0);
    return sema_ty(TY_REAL, 2);
}

static val_type hof_reduce_sum(sema *s, expr *e) {
    if (e->args.n < 3) {
        diag_error(s->d, e->span, "'%s' takes at least 3 arguments (f, x, grainsize), found %d", e->name, e->args.n);
        return sema_ty(TY_ERROR, 0);
    }
    expr *x = e->args.items[1], *g = e->args.items[2];
    char b[96];
    if (!sema_ty_err(x->type) && x->type.array_dims < 1) {
        diag_error(s->d, x->span, "argument 2 of '%s' must be an array (it is sliced), found %s", e->name,
                   sema_ty_name(x->type, b));
        return sema_ty(TY_ERROR, 0);
    }
    if (!sema_ty_err(g->type) && !sema_ty_int(g->type)) {
        diag_error(s->d, g->span, "argument 3 of '%s' (grainsize) must be an int, found %s", e->name,
                   sema_ty_name(g->type, b));
        return sema_ty(TY_ERROR, 0);
    }
    int npass = e->args.n;
    expr **pass = arena_alloc(s->p->arena, (size_t)npass * sizeof *pass);
    pass[0] = x;
    pass[1] = typed_stub(s, sema_ty(TY_INT, 0), e->span);
    pass[2] = typed_stub(s, sema_ty(TY_INT, 0), e->span);
    for (int i = 3; i < e->args.n; i++) pass[i] = e->args.items[i];
    if (!check_callee(s, e, pass, npass, sema_ty(TY_REAL, 0))) return sema_ty(TY_ERROR, 0);
    return sema_ty(TY_REAL, 0);
}

val_type sema_hof_call(sema *s, expr *e) {
    for (int i = 1; i < e->args.n; i++)
        if (sema_ty_err(sema_expr(s, e->args.items[i]))) return sema_ty(TY_ERROR, 0);
    if (e->args.n == 0) {
        diag_error(s->d, e->span, "'%s' needs a function as its first argument", e->name);
        return sema_ty(TY_ERROR, 0);
    }
    switch (hof_of(e->name)) {
    case HOF_ODE: return hof_ode(s, e, 0);
    case HOF_ODE_TOL: return hof_ode(s, e, 3);
    case HOF_OLD_ODE: return hof_old_ode(s, e);
    case HOF_REDUCE_SUM: return hof_reduce_sum(s, e);
    }
    return sema_ty(TY_ERROR, 0);
}
