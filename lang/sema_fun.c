/* lang/sema_fun.c — user-defined functions: signatures, overloads, bodies.
 *
 * In:  program->functions (definitions and forward declarations).
 * Out: fundef.definition linked for every entry; errors for suffix rules
 * (_lpdf, _lpmf, _rng, _lp), duplicate definitions, declarations never
 * defined, non-void bodies that can end without `return`, and bad
 * returns; resolution of calls to user functions by argument types.
 * Never: looks at the model's blocks (function bodies see only their
 * arguments and locals).
 */
#include <stdio.h>
#include <string.h>
#include "sema.h"

/* ---- signatures ----------------------------------------------------------------- */

static int same_params(const fundef *a, const fundef *b) {
    if (a->params.n != b->params.n) return 0;
    for (int i = 0; i < a->params.n; i++)
        if (!sema_ty_same(((decl *)a->params.items[i])->type, ((decl *)b->params.items[i])->type)) return 0;
    return 1;
}

/* "(real, array[] int)" */
static const char *params_text(const fundef *f, char *buf, int n) {
    int used = snprintf(buf, (size_t)n, "(");
    for (int i = 0; i < f->params.n && used < n; i++) {
        char tb[96];
        const decl *d = f->params.items[i];
        used += snprintf(buf + used, (size_t)(n - used), "%s%s%s", i ? ", " : "",
                         d->is_data_arg ? "data " : "", sema_ty_name(d->type, tb));
    }
    if (used < n) snprintf(buf + used, (size_t)(n - used), ")");
    return buf;
}

static const char *args_text(sema_site *c, char *buf, int n) {
    int used = snprintf(buf, (size_t)n, "(");
    for (int i = 0; i < c->n && used < n; i++) {
        char tb[96];
        used += snprintf(buf + used, (size_t)(n - used), "%s%s", i ? ", " : "", sema_ty_name(c->args[i]->type, tb));
    }
    if (used < n) snprintf(buf + used, (size_t)(n - used), ")");
    return buf;
}

int sema_has_user_fun(sema *s, const char *name) {
    for (int i = 0; i < s->p->functions.n; i++)
        if (!strcmp(((fundef *)s->p->functions.items[i])->name, name)) return 1;
    return 0;
}

static int real_valued(val_type t) {
    return t.base == TY_REAL || t.base == TY_VECTOR || t.base == TY_ROW_VECTOR || t.base == TY_MATRIX;
}

/* _lpdf / _lpmf / CDF naming rules on one signature. */
static void check_suffix_rules(sema *s, fundef *f) {
    char tb[96];
    int lpdf = sema_ends_with(f->name, "_lpdf"), lpmf = sema_ends_with(f->name, "_lpmf");
    int cdf = sema_ends_with(f->name, "_lcdf") || sema_ends_with(f->name, "_lccdf") || sema_ends_with(f->name, "_cdf");
    if (sema_ends_with(f->name, "_lupdf") || sema_ends_with(f->name, "_lupmf")) {
        diag_error(s->d, f->name_span, "define '%.*s_lp%s' instead; the _lu%s form is derived from it",
                   (int)strlen(f->name) - 6, f->name, f->name[strlen(f->name) - 2] == 'd' ? "df" : "mf",
                   f->name[strlen(f->name) - 2] == 'd' ? "pdf" : "pmf");
        return;
    }
    if ((lpdf || lpmf || cdf) && !(f->ret.base == TY_REAL && f->ret.array_dims == 0))
        diag_error(s->d, f->name_span, "'%s' must return real, not %s", f->name, sema_ty_name(f->ret, tb));
    if ((lpdf || lpmf) && f->params.n == 0) {
        diag_error(s->d, f->name_span, "'%s' needs at least one argument (the outcome)", f->name);
        return;
    }
    const decl *y = f->params.n ? f->params.items[0] : NULL;
    if (lpdf && !real_valued(y->type))
        diag_error(s->d, y->span, "the first argument of a _lpdf function must be real-valued, found %s; "
                   "for an int outcome name the function '%.*s_lpmf'",
                   sema_ty_name(y->type, tb), (int)strlen(f->name) - 5, f->name);
    if (lpmf && y->type.base != TY_INT)
        diag_error(s->d, y->span, "the first argument of a _lpmf function must be an int or an int array, found %s; "
                   "for a real outcome name the function '%.*s_lpdf'",
                   sema_ty_name(y->type, tb), (int)strlen(f->name) - 5, f->name);
}

/* Links declarations and definitions; reports duplicates and
 * declarations without a definition. */
static void link_definitions(sema *s) {
    ptr_vec *fs = &s->p->functions;
    for (int i = 0; i < fs->n; i++) {
        fundef *f = fs->items[i];
        f->definition = f->body ? f : NULL;
        for (int j = 0; j < fs->n; j++) {
            fundef *g = fs->items[j];
            if (g == f || strcmp(g->name, f->name) || !same_params(f, g)) continue;
            char b1[96], b2[96];
            if (g->body && f->body && j < i) {
                diag_error(s->d, f->name_span, "function '%s' with these argument types is already defined at line %d",
                           f->name, g->name_span.line);
            } else if (g->body && !f->body) {
                f->definition = g;
                if (!sema_ty_same(f->ret, g->ret))
                    diag_error(s->d, g->name_span, "'%s' is declared at line %d to return %s but defined to return %s",
                               f->name, f->name_span.line, sema_ty_name(f->ret, b1), sema_ty_name(g->ret, b2));
            } else if (!g->body && !f->body && j < i) {
                diag_error(s->d, f->name_span, "function '%s' is already declared at line %d", f->name, g->name_span.line);
            }
        }
        if (!f->definition)
            diag_error(s->d, f->name_span, "function '%s' is declared but never defined", f->name);
    }
}

/* ---- bodies ----------------------------------------------------------------------- */

int sema_always_returns(const stmt *st) {
    if (!st) return 0;
    switch (st->kind) {
    case ST_RETURN: case ST_REJECT: case ST_FATAL_ERROR: return 1;
    case ST_IF: return sema_always_returns(st->then_s) && sema_always_returns(st->else_s);
    case ST_BLOCK: case ST_PROFILE:
        for (int i = 0; i < st->body.n; i++)
            if (sema_always_returns(st->body.items[i])) return 1;
        return 0;
    default: return 0;
    }
}

static void check_body(sema *s, fundef *f) {
    int mark = s->stack.n;
    s->fun = f;
    s->blk = BLK_FUNCTIONS;
    for (int i = 0; i < f->params.n; i++) {
        decl *d = f->params.items[i];
        d->block = BLK_FUNCTIONS;
        sema_declare(s, d);
    }
    sema_stmts(s, &f->body->body);
    if (f->ret.base != TY_VOID && !sema_always_returns(f->body)) {
        char tb[96];
        diag_error(s->d, f->name_span, "function '%s' returns %s, but control can reach the end of its body "
                   "without a return statement", f->name, sema_ty_name(f->ret, tb));
    }
    sema_pop(s, mark);
    s->fun = NULL;
}

void sema_functions(sema *s) {
    link_definitions(s);
    for (int i = 0; i < s->p->functions.n; i++) check_suffix_rules(s, s->p->functions.items[i]);
    for (int i = 0; i < s->p->functions.n; i++) {
        fundef *f = s->p->functions.items[i];
        if (f->body) check_body(s, f);
    }
}

/* ---- calls ---------------------------------------------------------------------------- */

/* Cost of passing the site's arguments to f: promotions counted; -1 when
 * some argument does not fit. */
static int call_cost(const fundef *f, sema_site *c) {
    if (f->params.n != c->n) return -1;
    int cost = 0;
    for (int i = 0; i < c->n; i++) {
        val_type want = ((decl *)f->params.items[i])->type, got = c->args[i]->type;
        if (sema_ty_err(got) || sema_ty_same(want, got)) continue;
        if (!sema_ty_assignable(want, got)) return -1;
        cost++;
    }
    return cost;
}

static void report_mismatch(sema *s, const char *name, sema_site *c, fundef **cands, int ncands) {
    char got[256], want[256], list[1024] = "";
    args_text(c, got, sizeof got);
    int same_arity = 0;
    fundef *one = NULL;
    for (int k = 0; k < ncands; k++)
        if (cands[k]->params.n == c->n) same_arity++, one = cands[k];
    if (same_arity == 0) {
        int want_n = cands[0]->params.n - c->skip;
        diag_error(s->d, c->at, "'%s' takes %d argument%s, found %d", c->shown, want_n, want_n == 1 ? "" : "s",
                   c->n - c->skip);
        return;
    }
    if (same_arity == 1) {
        params_text(one, want, sizeof want);
        for (int i = 0; i < c->n; i++) {
            val_type w = ((decl *)one->params.items[i])->type, g = c->args[i]->type;
            if (sema_ty_assignable(w, g)) continue;
            char b1[96], b2[96];
            diag_error(s->d, c->args[i]->span, "argument %d of '%s' must be %s, found %s; '%s' expects %s but got %s",
                       i + 1, c->shown, sema_ty_name(w, b1), sema_ty_name(g, b2), name, want, got);
            return;
        }
    }
    int used = 0;
    for (int k = 0; k < ncands && used < (int)sizeof list; k++)
        used += snprintf(list + used, sizeof list - (size_t)used, "%s%s", k ? "; " : "",
                         params_text(cands[k], want, sizeof want));
    diag_error(s->d, c->at, "no signature of '%s' accepts %s; the candidates are %s", name, got, list);
}

#define SEMA_MAX_OVERLOADS 32

int sema_user_call(sema *s, const char *name, sema_site *c, fundef **out, val_type *ret) {
    fundef *cands[SEMA_MAX_OVERLOADS];
    int n = 0;
    *out = NULL;
    *ret = sema_ty(TY_ERROR, 0);
    for (int i = 0; i < s->p->functions.n && n < SEMA_MAX_OVERLOADS; i++) {
        fundef *f = s->p->functions.items[i];
        if (strcmp(f->name, name) || (!f->body && f->definition)) continue; /* one per signature */
        cands[n++] = f;
    }
    if (!n) return 0;
    int best = -1, best_cost = 1 << 30;
    for (int k = 0; k < n; k++) {
        int cost = call_cost(cands[k], c);
        if (cost >= 0 && cost < best_cost) best = k, best_cost = cost;
    }
    if (best < 0) {
        report_mismatch(s, name, c, cands, n);
        return 1;
    }
    fundef *f = cands[best];
    for (int i = 0; i < c->n; i++) {
        decl *p = f->params.items[i];
        if (p->is_data_arg && !sema_is_data(c->args[i])) {
            diag_error(s->d, c->args[i]->span, "argument %d of '%s' is declared 'data', so it must not depend on "
                       "parameters", i + 1, name);
            return 1;
        }
    }
    *out = f->definition ? f->definition : f;
    *ret = f->ret;
    return 1;
}
