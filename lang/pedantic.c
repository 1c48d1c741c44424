/* lang/pedantic.c — warnings about likely modeling mistakes.
 *
 * In:  a program that type-checked without errors (every variable
 * resolved, every `~` and density call resolved).
 * Out: named warnings (diag_warning_named; silenced by -Wno-NAME):
 *   no-prior        a parameter that is never the outcome of a distribution
 *   uniform-bounds  uniform(a, b) on a variable declared with other bounds
 *   centered        theta ~ normal(mu, tau) with a parameter scale tau: a
 *                   centered hierarchical prior (suggests offset/multiplier)
 *   scale-bound     a parameter used as a scale but declared without <lower=0>
 *   weak-prior      gamma / inv_gamma with both parameters below 0.1
 *   unassigned      a variable read before anything is assigned to it
 *   jacobian        `f(param) ~ ...`: a nonlinear transform on the left of ~
 * Never: reports errors, or changes the tree.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "sema.h"

typedef struct {
    program *p;
    diag *d;
    ptr_vec priors;    /* parameters that are the outcome of some distribution */
    ptr_vec assigned;  /* variables assigned so far (unassigned analysis) */
    ptr_vec pending;   /* declared without a value, not yet assigned */
    ptr_vec warned;    /* already warned as unassigned */
} ped;

static int has(const ptr_vec *v, const void *x) {
    for (int i = 0; i < v->n; i++)
        if (v->items[i] == x) return 1;
    return 0;
}

static void add(ped *c, ptr_vec *v, void *x) {
    if (!has(v, x)) ptr_vec_push(c->p->arena, v, x);
}

static int is_param(const decl *d) {
    return d && d->kind == DECL_VAR && !d->is_local && d->block == BLK_PARAMS;
}

/* The variable at the root of x[i].n..., or NULL. */
static decl *root_decl(const expr *e) {
    while (e && (e->kind == EX_INDEX || e->kind == EX_TUPLE_GET)) e = e->lhs;
    return e && e->kind == EX_VAR ? e->decl : NULL;
}

/* Does e read the variable d? */
static int reads_decl(const expr *e, const decl *d) {
    if (!e) return 0;
    if (e->kind == EX_VAR) return e->decl == d;
    if (reads_decl(e->lhs, d) || reads_decl(e->rhs, d) || reads_decl(e->cond, d)) return 1;
    for (int i = 0; i < e->args.n; i++)
        if (reads_decl(e->args.items[i], d)) return 1;
    return 0;
}

/* Does e read a parameter? */
static int reads_param(const expr *e) {
    if (!e) return 0;
    if (e->kind == EX_VAR) return is_param(e->decl);
    if (reads_param(e->lhs) || reads_param(e->rhs) || reads_param(e->cond)) return 1;
    for (int i = 0; i < e->args.n; i++)
        if (reads_param(e->args.items[i])) return 1;
    return 0;
}

/* Marks every parameter (and function argument: see lp_call) read by the
 * outcome expression y. */
static void mark_outcome(ped *c, const expr *y) {
    if (!y) return;
    if (y->kind == EX_VAR && y->decl && (is_param(y->decl) || y->decl->kind == DECL_FUN_ARG))
        add(c, &c->priors, y->decl);
    mark_outcome(c, y->lhs);
    mark_outcome(c, y->rhs);
    mark_outcome(c, y->cond);
    if (y->kind != EX_INDEX)
        for (int i = 0; i < y->args.n; i++) mark_outcome(c, y->args.items[i]);
}

static int is_density_call(const expr *e) {
    if (e->kind != EX_CALL || !e->name) return 0;
    return sema_ends_with(e->name, "_lpdf") || sema_ends_with(e->name, "_lupdf") ||
           sema_ends_with(e->name, "_lpmf") || sema_ends_with(e->name, "_lupmf");
}

/* ---- one distribution application: y ~ name(args) or name_lpdf(y | args) ---- */

typedef struct {
    const char *name;   /* bare name: "normal" */
    const expr *y;
    expr **args;        /* parameters of the distribution, after y */
    int n;
    src_span at;
} dist_use;

/* Same value, as far as the source shows: equal literals, the same
 * variable, or the same structure. */
static int same_expr(const expr *a, const expr *b) {
    if (!a || !b) return a == b;
    int la = a->kind == EX_INT_LIT || a->kind == EX_REAL_LIT, lb = b->kind == EX_INT_LIT || b->kind == EX_REAL_LIT;
    if (la && lb) {
        double x = a->kind == EX_INT_LIT ? (double)a->ival : a->rval;
        double y = b->kind == EX_INT_LIT ? (double)b->ival : b->rval;
        return x == y;
    }
    if (a->kind != b->kind) return 0;
    switch (a->kind) {
    case EX_VAR: return a->decl == b->decl;
    case EX_UNARY: return a->op == b->op && same_expr(a->lhs, b->lhs);
    case EX_BINARY: return a->op == b->op && same_expr(a->lhs, b->lhs) && same_expr(a->rhs, b->rhs);
    default: return 0;
    }
}

static void check_uniform(ped *c, const dist_use *u) {
    decl *d = root_decl(u->y);
    if (strcmp(u->name, "uniform") || u->n != 2 || !d || d->kind != DECL_VAR ||
        (d->block != BLK_PARAMS && d->block != BLK_TPARAMS))
        return;
    if (same_expr(d->lower, u->args[0]) && same_expr(d->upper, u->args[1])) return;
    diag_warning_named(c->d, "uniform-bounds", u->at,
                       "'%s' has a uniform prior, but its declared bounds differ from the uniform's; declare it"
                       " with <lower=..., upper=...> equal to the uniform's arguments, or the sampler will"
                       " propose values outside the support", d->name);
}

/* Index of the scale argument (after y) of common location-scale families. */
static int scale_arg(const char *name) {
    static const struct { const char *n; int k; } t[] = {
        {"normal", 1}, {"cauchy", 1}, {"lognormal", 1}, {"student_t", 2}, {"double_exponential", 1},
        {"logistic", 1}, {"gumbel", 1}, {"skew_normal", 1},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(t[i].n, name)) return t[i].k;
    return -1;
}

static int lower_is_nonneg(const decl *d) {
    const expr *lo = d->lower;
    if (!lo) return 0;
    if (lo->kind == EX_INT_LIT) return lo->ival >= 0;
    if (lo->kind == EX_REAL_LIT) return lo->rval >= 0;
    return 1; /* an expression: assume the author meant it */
}

static void check_scale(ped *c, const dist_use *u) {
    int k = scale_arg(u->name);
    if (k < 0 || k >= u->n) return;
    const expr *sc = u->args[k];
    decl *d = sc->kind == EX_VAR ? sc->decl : NULL;
    if (d && is_param(d) && !lower_is_nonneg(d))
        diag_warning_named(c->d, "scale-bound", sc->span,
                           "'%s' is the scale of %s but is declared without <lower=0>; a scale must be positive",
                           d->name, u->name);
    decl *y = root_decl(u->y);
    /* a random walk (x[t] ~ normal(x[t - 1], s)) is not a hierarchical prior */
    if (!strcmp(u->name, "normal") && y && is_param(y) && y->cons != CON_AFFINE && reads_param(sc) &&
        (u->y->kind == EX_INDEX || !sema_ty_prim(y->type)) && !reads_decl(u->args[0], y)) {
        char mu[64] = "mu", tau[64] = "tau";
        if (u->args[0]->kind == EX_VAR) snprintf(mu, sizeof mu, "%s", u->args[0]->name);
        if (sc->kind == EX_VAR) snprintf(tau, sizeof tau, "%s", sc->name);
        diag_warning_named(c->d, "centered", u->at,
                           "'%s' has a centered hierarchical prior (its scale depends on a parameter), which"
                           " often gives divergent transitions; consider the non-centered form: declare"
                           " '%s' with <offset=%s, multiplier=%s>", y->name, y->name, mu, tau);
    }
}

static int small_literal(const expr *e) {
    if (e->kind == EX_REAL_LIT) return e->rval < 0.1;
    if (e->kind == EX_INT_LIT) return e->ival < 0.1;
    return 0;
}

static void check_weak(ped *c, const dist_use *u) {
    if ((strcmp(u->name, "gamma") && strcmp(u->name, "inv_gamma")) || u->n != 2) return;
    if (small_literal(u->args[0]) && small_literal(u->args[1]))
        diag_warning_named(c->d, "weak-prior", u->at,
                           "%s(epsilon, epsilon) with epsilon < 0.1 is not a weak prior: it puts most of its"
                           " mass near 0 or infinity; consider a weakly informative prior instead", u->name);
}

/* Functions that only reshape or select (their Jacobian is 1). */
static int is_reshaping(const char *name) {
    static const char *const t[] = {
        "to_vector", "to_row_vector", "to_matrix", "to_array_1d", "to_array_2d", "head", "tail",
        "segment", "reverse", "append_row", "append_col", "append_array", "col", "row", "block",
        "sub_col", "sub_row", "diagonal", "transpose",
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(t[i], name)) return 1;
    return 0;
}

/* A nonlinear function of a parameter on the left of ~ needs a Jacobian. */
static int nonlinear_in_params(const expr *e) {
    if (!e) return 0;
    if (e->kind == EX_CALL && e->name && is_reshaping(e->name)) {
        for (int i = 0; i < e->args.n; i++)
            if (nonlinear_in_params(e->args.items[i])) return 1;
        return 0;
    }
    if (e->kind == EX_CALL) return reads_param(e);
    if (e->kind == EX_BINARY) {
        if ((e->op == OP_MUL || e->op == OP_DIV || e->op == OP_ELT_MUL || e->op == OP_ELT_DIV) &&
            reads_param(e->lhs) && reads_param(e->rhs))
            return 1;
        if ((e->op == OP_POW || e->op == OP_ELT_POW) && reads_param(e)) return 1;
        if ((e->op == OP_DIV || e->op == OP_ELT_DIV) && reads_param(e->rhs)) return 1;
        return nonlinear_in_params(e->lhs) || nonlinear_in_params(e->rhs);
    }
    if (e->kind == EX_UNARY) return nonlinear_in_params(e->lhs);
    return 0;
}

static void check_use(ped *c, const dist_use *u, int tilde) {
    mark_outcome(c, u->y);
    check_uniform(c, u);
    check_scale(c, u);
    check_weak(c, u);
    if (tilde && nonlinear_in_params(u->y))
        diag_warning_named(c->d, "jacobian", u->y->span,
                           "the left side of '~' is a nonlinear transform of a parameter; unless you add"
                           " 'target +=' the log absolute Jacobian of the transform, the posterior is not"
                           " the one this statement suggests");
}

/* ---- walking the program ------------------------------------------------------- */

/* f_lp(theta) where f_lp puts a distribution on its argument: a prior on
 * theta (the function bodies are visited first). */
static void lp_call(ped *c, const expr *e) {
    const fundef *f = e->fun;
    for (int i = 0; i < e->args.n && i < f->params.n; i++)
        if (has(&c->priors, f->params.items[i])) mark_outcome(c, e->args.items[i]);
}

static void visit_expr_dists(ped *c, expr *e) {
    if (!e) return;
    if (e->kind == EX_CALL && e->fun && sema_ends_with(e->fun->name, "_lp")) lp_call(c, e);
    if (is_density_call(e) && e->args.n > 0) {
        char base[128];
        catalog_density_suffix(e->name, base, sizeof base);
        dist_use u = {base, e->args.items[0], (expr **)e->args.items + 1, e->args.n - 1, e->span};
        check_use(c, &u, 0);
    }
    visit_expr_dists(c, e->lhs);
    visit_expr_dists(c, e->rhs);
    visit_expr_dists(c, e->cond);
    for (int i = 0; i < e->args.n; i++) visit_expr_dists(c, e->args.items[i]);
}

static void visit_dists(ped *c, ptr_vec *body);

static void visit_stmt_dists(ped *c, stmt *st) {
    if (!st) return;
    if (st->kind == ST_TILDE) {
        dist_use u = {st->dist_name, st->lhs, (expr **)st->args.items, st->args.n, st->span};
        check_use(c, &u, 1);
    }
    visit_expr_dists(c, st->rhs);
    visit_expr_dists(c, st->lhs);
    if (st->kind == ST_DECL && st->decl) visit_expr_dists(c, st->decl->init);
    visit_stmt_dists(c, st->then_s);
    visit_stmt_dists(c, st->else_s);
    visit_dists(c, &st->body);
}

static void visit_dists(ped *c, ptr_vec *body) {
    for (int i = 0; i < body->n; i++) visit_stmt_dists(c, body->items[i]);
}

static void check_priors(ped *c) {
    ptr_vec *params = &c->p->blocks[BLK_PARAMS];
    for (int i = 0; i < params->n; i++) {
        stmt *st = params->items[i];
        if (st->kind != ST_DECL || has(&c->priors, st->decl)) continue;
        diag_warning_named(c->d, "no-prior", st->decl->name_span,
                           "parameter '%s' has no prior: it is never on the left of '~' or the outcome of a"
                           " density in 'target +='; add one (e.g. '%s ~ normal(0, 1);'), or the posterior may"
                           " be improper", st->decl->name, st->decl->name);
    }
}

/* ---- unassigned variables ------------------------------------------------------- */

static void reads(ped *c, const expr *e) {
    if (!e) return;
    if (e->kind == EX_VAR && e->decl && has(&c->pending, e->decl) && !has(&c->assigned, e->decl) &&
        !has(&c->warned, e->decl)) {
        add(c, &c->warned, e->decl);
        diag_warning_named(c->d, "unassigned", e->span,
                           "'%s' is used before anything is assigned to it (its value is NaN or undefined)",
                           e->name);
    }
    reads(c, e->lhs);
    reads(c, e->rhs);
    reads(c, e->cond);
    for (int i = 0; i < e->args.n; i++) reads(c, e->args.items[i]);
}

/* The indexes on the left of an assignment are reads; the root is not. */
static void lvalue_reads(ped *c, const expr *e) {
    for (; e && (e->kind == EX_INDEX || e->kind == EX_TUPLE_GET); e = e->lhs)
        for (int i = 0; i < e->args.n; i++) reads(c, e->args.items[i]);
}

static void flow(ped *c, ptr_vec *body);

static void flow_stmt(ped *c, stmt *st) {
    if (!st) return;
    switch (st->kind) {
    case ST_DECL:
        reads(c, st->decl->init);
        if (!st->decl->init && st->decl->block != BLK_DATA && st->decl->block != BLK_PARAMS)
            add(c, &c->pending, st->decl);
        break;
    case ST_ASSIGN: {
        reads(c, st->rhs);
        lvalue_reads(c, st->lhs);
        decl *d = root_decl(st->lhs);
        if (st->assign_op != OP_EQ) reads(c, st->lhs);
        if (d) add(c, &c->assigned, d);
        break;
    }
    case ST_TILDE:
        reads(c, st->lhs);
        for (int i = 0; i < st->args.n; i++) reads(c, st->args.items[i]);
        reads(c, st->trunc_lo);
        reads(c, st->trunc_hi);
        break;
    case ST_FOR: case ST_PLATE:
        reads(c, st->lo);
        reads(c, st->hi);
        flow(c, &st->body);
        break;
    case ST_FOREACH: case ST_TARGET: case ST_RETURN: case ST_CALL:
        reads(c, st->rhs);
        flow(c, &st->body);
        break;
    case ST_IF: case ST_WHILE:
        reads(c, st->cond);
        flow_stmt(c, st->then_s);
        flow_stmt(c, st->else_s);
        flow(c, &st->body);
        break;
    case ST_PRINT: case ST_REJECT: case ST_FATAL_ERROR:
        for (int i = 0; i < st->args.n; i++) reads(c, st->args.items[i]);
        break;
    case ST_BLOCK: case ST_PROFILE: flow(c, &st->body); break;
    default: break;
    }
}

static void flow(ped *c, ptr_vec *body) {
    for (int i = 0; i < body->n; i++) flow_stmt(c, body->items[i]);
}

void pedantic_check(program *p, diag *d) {
    ped c = {.p = p, .d = d};
    for (int i = 0; i < p->functions.n; i++) {
        fundef *f = p->functions.items[i];
        if (f->body) visit_dists(&c, &f->body->body);
    }
    for (int b = BLK_TDATA; b < BLK_COUNT; b++) visit_dists(&c, &p->blocks[b]);
    if (p->present[BLK_PARAMS]) check_priors(&c);
    for (int b = BLK_TDATA; b < BLK_COUNT; b++) flow(&c, &p->blocks[b]);
    for (int i = 0; i < p->functions.n; i++) {
        fundef *f = p->functions.items[i];
        if (f->body) flow(&c, &f->body->body);
    }
}
