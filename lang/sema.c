/* lang/sema.c — semantic analysis: scopes, declarations, statements,
 * block rules and plates.
 *
 * In:  an untyped program from the parser.
 * Out: the same tree annotated in place: expr.type on every expression,
 *      expr.decl on variables, expr.sig / expr.fun on calls, stmt.sig /
 *      stmt.fun on `~` (catalog: stdlib/catalog.h; user functions:
 *      sema_fun.c); errors and warnings on the diag, as many independent
 *      errors as the program has; pedantic warnings (pedantic.c) when asked.
 * Never: changes the shape of the tree, aborts on a user error, or reports
 *      follow-on errors for an expression whose part already failed
 *      (TY_ERROR silences cascades).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sema.h"

/* ---- the symbol table: name -> visible decl, plus a scope stack -------- */

static unsigned sema_hash(const char *s) {
    unsigned h = 2166136261u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* The slot holding `name`, or the empty slot where it would go. */
static sema_slot *sema_slot_for(sema *s, const char *name) {
    unsigned i = sema_hash(name) & (unsigned)(s->cap - 1);
    while (s->tab[i].name && strcmp(s->tab[i].name, name) != 0)
        i = (i + 1) & (unsigned)(s->cap - 1);
    return &s->tab[i];
}

static void sema_grow(sema *s) {
    sema_slot *old = s->tab;
    int oldcap = s->cap;
    s->cap = oldcap ? oldcap * 2 : 64;
    s->tab = calloc((size_t)s->cap, sizeof *s->tab);
    if (!s->tab) {
        fprintf(stderr, "bmodel: out of memory\n");
        exit(3);
    }
    for (int i = 0; i < oldcap; i++)
        if (old[i].name) *sema_slot_for(s, old[i].name) = old[i];
    free(old);
}

decl *sema_lookup(sema *s, const char *name) {
    return s->cap ? sema_slot_for(s, name)->d : NULL;
}

/* Makes d visible; a visible decl of the same name is an error. */
void sema_declare(sema *s, decl *d) {
    decl *old = sema_lookup(s, d->name);
    if (old) {
        diag_error(s->d, d->name_span, "'%s' is already declared at line %d", d->name, old->name_span.line);
        return;
    }
    if (2 * (s->used + 1) > s->cap) sema_grow(s);
    sema_slot *sl = sema_slot_for(s, d->name);
    if (!sl->name) s->used++;
    sl->name = d->name;
    sl->d = d;
    ptr_vec_push(s->p->arena, &s->stack, d);
}

/* Ends every declaration made since the stack had `mark` entries. */
void sema_pop(sema *s, int mark) {
    while (s->stack.n > mark) {
        decl *d = s->stack.items[--s->stack.n];
        sema_slot_for(s, d->name)->d = NULL;
    }
}

/* Position of d on the scope stack, or -1. */
static int sema_stack_pos(sema *s, const decl *d) {
    for (int i = s->stack.n - 1; i >= 0; i--)
        if (s->stack.items[i] == d) return i;
    return -1;
}

/* ---- declarations ------------------------------------------------------------ */

/* Reports variables in a block-level size that are not data. */
static void sema_data_only(sema *s, const expr *e, block_kind owner) {
    if (!e) return;
    if (e->kind == EX_VAR && e->decl) {
        const decl *d = e->decl;
        int ok = !d->is_local && d->kind == DECL_VAR &&
                 (d->block == BLK_DATA || (d->block == BLK_TDATA && owner != BLK_DATA));
        if (!ok)
            diag_error(s->d, e->span, "size must be data: '%s' is declared in %s", d->name,
                       d->kind == DECL_LOOP_VAR ? "a loop" : ast_block_name(d->block));
    }
    sema_data_only(s, e->lhs, owner);
    sema_data_only(s, e->rhs, owner);
    sema_data_only(s, e->cond, owner);
    for (int i = 0; i < e->args.n; i++) sema_data_only(s, e->args.items[i], owner);
}

/* Block-level variables outside functions and the model block. */
static int is_block_level(const decl *d) {
    return !d->is_local && d->block != BLK_MODEL && d->block != BLK_FUNCTIONS;
}

static void sema_size(sema *s, decl *d, expr *e) {
    if (!e) return;
    val_type t = sema_expr(s, e);
    char b[96];
    if (!sema_ty_err(t) && !sema_ty_int(t))
        diag_error(s->d, e->span, "size must be an int, found %s", sema_ty_name(t, b));
    else if (is_block_level(d) && !sema_ty_err(t))
        sema_data_only(s, e, d->block);
}

/* A bound / offset / multiplier: a scalar, or a value of the declared
 * container type (elementwise). */
static void sema_bound(sema *s, decl *d, expr *e, const char *what) {
    if (!e) return;
    val_type t = sema_expr(s, e);
    char b[96], b2[96], b3[96];
    if (sema_ty_err(t)) return;
    val_type elem = d->type;
    elem.array_dims = 0;
    if (d->type.base == TY_INT && !sema_ty_int(t))
        diag_error(s->d, e->span, "%s on an int must be an int, found %s", what, sema_ty_name(t, b));
    else if (!sema_ty_prim(t) && !sema_ty_assignable(elem, t) && !sema_ty_assignable(d->type, t))
        diag_error(s->d, e->span, "%s of %s must be a real, an int or a %s, found %s", what,
                   sema_ty_name(d->type, b2), sema_ty_name(elem, b3), sema_ty_name(t, b));
}

/* Constraint and type agree, and only block-level variables have one. */
static void sema_constraint(sema *s, decl *d) {
    char b[96];
    if (d->cons == CON_NONE && !d->lower && !d->upper && !d->offset && !d->multiplier) return;
    if (!is_block_level(d)) {
        diag_error(s->d, d->span, "local variables cannot have constraints; declare '%s' without <...>"
                   " or as a block-level variable", d->name);
        return;
    }
    base_type want = TY_ERROR;
    if (d->cons >= CON_SIMPLEX && d->cons <= CON_POSITIVE_ORDERED) want = TY_VECTOR;
    else if (d->cons >= CON_CHOLESKY_CORR) want = TY_MATRIX;
    if (want != TY_ERROR && d->type.base != want)
        diag_error(s->d, d->span, "%s is a constrained %s, but '%s' has type %s", ast_constraint_name(d->cons),
                   want == TY_VECTOR ? "vector" : "matrix", d->name, sema_ty_name(d->type, b));
    base_type bt = d->type.base;
    int numeric = bt == TY_INT || bt == TY_REAL || bt == TY_VECTOR || bt == TY_ROW_VECTOR || bt == TY_MATRIX;
    if (d->cons == CON_BOUNDS && !numeric)
        diag_error(s->d, d->span, "bounds need an int, real, vector, row_vector or matrix, but '%s' has type %s",
                   d->name, sema_ty_name(d->type, b));
    if (d->cons == CON_AFFINE && (!numeric || bt == TY_INT))
        diag_error(s->d, d->span, "offset/multiplier need a real, vector, row_vector or matrix, but '%s' has type %s",
                   d->name, sema_ty_name(d->type, b));
    sema_bound(s, d, d->lower, "a lower bound");
    sema_bound(s, d, d->upper, "an upper bound");
    sema_bound(s, d, d->offset, "an offset");
    sema_bound(s, d, d->multiplier, "a multiplier");
}

/* Sizes of a declaration, including those of tuple components. */
static void sema_sizes(sema *s, decl *owner, decl *d) {
    for (int i = 0; i < d->array_sizes.n; i++) sema_size(s, owner, d->array_sizes.items[i]);
    sema_size(s, owner, d->vec_size);
    sema_size(s, owner, d->vec_cols);
    for (int i = 0; i < d->tuple_elems.n; i++) sema_sizes(s, owner, d->tuple_elems.items[i]);
}

static void sema_decl(sema *s, decl *d) {
    char b[96], b2[96];
    if (s->fun) d->block = BLK_FUNCTIONS;
    sema_sizes(s, d, d);
    sema_constraint(s, d);
    int top = is_block_level(d);
    if (top && (d->block == BLK_PARAMS || d->block == BLK_TPARAMS) && d->type.base == TY_INT)
        diag_error(s->d, d->span, "%s must be real-valued; '%s' is declared %s (an int cannot be sampled;"
                   " use real, or move it to data)",
                   d->block == BLK_PARAMS ? "parameters" : "transformed parameters", d->name,
                   sema_ty_name(d->type, b));
    if (d->init) {
        val_type t = sema_expr(s, d->init);
        if (top && (d->block == BLK_DATA || d->block == BLK_PARAMS))
            diag_error(s->d, d->init->span, "variables in the %s block cannot have an initial value",
                       ast_block_name(d->block));
        else if (!sema_ty_assignable(d->type, t))
            diag_error(s->d, d->init->span, "cannot initialize '%s' of type %s with a value of type %s",
                       d->name, sema_ty_name(d->type, b), sema_ty_name(t, b2));
    }
    sema_declare(s, d);
}

/* ---- assignment -------------------------------------------------------------- */

static const char *sema_block_noun(block_kind b) {
    switch (b) {
    case BLK_DATA: return "data variable";
    case BLK_TDATA: return "transformed data variable";
    case BLK_PARAMS: return "parameter";
    case BLK_TPARAMS: return "transformed parameter";
    case BLK_GQ: return "generated quantity";
    default: return "variable";
    }
}

/* The variable at the root of an assignable left side, or NULL. */
static expr *sema_lvalue_root(expr *e) {
    while (e && (e->kind == EX_INDEX || e->kind == EX_TUPLE_GET)) e = e->lhs;
    return e && e->kind == EX_VAR ? e : NULL;
}

#define SEMA_MAX_LHS_INDEX 16

/* The indexes applied to the root variable of lhs, outermost dimension
 * first (x[i][j] and x[i, j] both give i, j); stops at a tuple component. */
static int sema_lhs_indexes(expr *lhs, expr **out) {
    expr *chain[SEMA_MAX_LHS_INDEX];
    int depth = 0, n = 0;
    for (expr *e = lhs; e && (e->kind == EX_INDEX || e->kind == EX_TUPLE_GET); e = e->lhs) {
        if (e->kind == EX_TUPLE_GET) depth = 0; /* indexes above a component are not the root's */
        else if (depth < SEMA_MAX_LHS_INDEX) chain[depth++] = e;
    }
    for (int k = depth - 1; k >= 0; k--)
        for (int i = 0; i < chain[k]->args.n && n < SEMA_MAX_LHS_INDEX; i++) out[n++] = chain[k]->args.items[i];
    return n;
}

/* Plates: an assignment to a variable declared outside a plate must be
 * indexed by that plate's variable, or iterations would share it.  With
 * nested plates, the k-th plate the variable is outside of owns the k-th
 * index (m[i, j] inside plate i and plate j). */
static void sema_plate_write(sema *s, stmt *st, expr *root) {
    expr *idx[SEMA_MAX_LHS_INDEX];
    int nidx = sema_lhs_indexes(st->lhs, idx), k = 0;
    int pos = sema_stack_pos(s, root->decl);
    for (int p = 0; p < s->nplates && p < SEMA_MAX_PLATES; p++) {
        sema_plate *pl = &s->plates[p];
        if (pos >= pl->mark) continue;
        expr *x = k < nidx ? idx[k] : NULL;
        k++;
        if (x && x->kind == EX_VAR && x->decl == pl->var) continue;
        diag_error(s->d, st->span, "iterations of a plate must be independent: this assignment writes '%s', "
                   "which is shared by every iteration of the plate over '%s'; declare it inside the plate "
                   "or index it by '%s' (as %s[%s%s])",
                   root->name, pl->var->name, pl->var->name, root->name, k > 1 ? "..., " : "", pl->var->name);
        return;
    }
}

/* Can this statement write the variable? Reports and returns 0 if not. */
static int sema_writable(sema *s, stmt *st, expr *root) {
    decl *d = root->decl;
    if (d->kind == DECL_LOOP_VAR) {
        diag_error(s->d, root->span, "cannot assign to loop variable '%s'", d->name);
        return 0;
    }
    if (d->kind == DECL_FUN_ARG) {
        diag_error(s->d, root->span, "cannot assign to function argument '%s' (arguments are read-only;"
                   " copy it into a local variable)", d->name);
        return 0;
    }
    if (!d->is_local && d->block != BLK_MODEL && d->block != s->blk) {
        diag_error(s->d, root->span, "cannot assign to %s '%s' (declared in %s at line %d); variables can"
                   " only be assigned in the block that declares them",
                   sema_block_noun(d->block), d->name, ast_block_name(d->block), d->name_span.line);
        return 0;
    }
    sema_plate_write(s, st, root);
    return 1;
}

static void sema_assign(sema *s, stmt *st) {
    expr *root = sema_lvalue_root(st->lhs);
    val_type lt = sema_expr(s, st->lhs);
    val_type rt = sema_expr(s, st->rhs);
    char b[96], b2[96];
    if (!root) {
        diag_error(s->d, st->lhs->span, "the left side of an assignment must be a variable, possibly indexed");
        return;
    }
    if (!root->decl || !sema_writable(s, st, root)) return;
    if (sema_ty_err(lt) || sema_ty_err(rt)) return;
    val_type vt = rt;
    if (st->assign_op != OP_EQ) {
        vt = sema_ty_binary(st->assign_op, lt, rt);
        if (sema_ty_err(vt)) {
            diag_error(s->d, st->span, "operator '%s=' cannot be applied to %s and %s",
                       sema_op_text(st->assign_op), sema_ty_name(lt, b), sema_ty_name(rt, b2));
            return;
        }
    }
    if (!sema_ty_assignable(lt, vt))
        diag_error(s->d, st->rhs->span, "cannot assign a value of type %s to '%s' of type %s",
                   sema_ty_name(vt, b2), root->name, sema_ty_name(lt, b));
}

/* ---- sampling and the log density --------------------------------------------- */

/* `~`, `target +=`: the model block or an _lp function. */
static int sema_density_context(sema *s, stmt *st, const char *what) {
    if (s->fun ? sema_ends_with(s->fun->name, "_lp") : s->blk == BLK_MODEL) return 1;
    if (s->fun)
        diag_error(s->d, st->span, "%s is only allowed in the model block and in functions whose names end in"
                   " _lp; '%s' does not", what, s->fun->name);
    else
        diag_error(s->d, st->span, "%s is only allowed in the model block, not in %s", what,
                   ast_block_name(s->blk));
    return 0;
}

/* T[lo, hi]: real bounds, a scalar outcome, and a distribution with CDFs. */
static void sema_truncation(sema *s, stmt *st) {
    expr *ends[2] = {st->trunc_lo, st->trunc_hi};
    char b[96];
    for (int i = 0; i < 2; i++) {
        if (!ends[i]) continue;
        val_type t = sema_expr(s, ends[i]);
        if (!sema_ty_err(t) && !sema_ty_prim(t))
            diag_error(s->d, ends[i]->span, "a truncation bound must be a real or int, found %s", sema_ty_name(t, b));
    }
    val_type y = st->lhs->type;
    if (!sema_ty_err(y) && !sema_ty_prim(y))
        diag_error(s->d, st->lhs->span, "truncation T[...] needs a univariate outcome (a real or int), found %s",
                   sema_ty_name(y, b));
    char name[160];
    const fn_sig *f[1];
    const char *need[2] = {"_lccdf", "_lcdf"};
    for (int i = 0; i < 2; i++) {
        if (!ends[i]) continue;
        snprintf(name, sizeof name, "%s%s", st->dist_name, need[i]);
        if (!catalog_find(name, f, 1) && !sema_has_user_fun(s, name)) {
            diag_error(s->d, st->dist_span, "truncating '%s' needs '%s', which does not exist (only univariate"
                       " distributions with CDFs can be truncated)", st->dist_name, name);
            return;
        }
    }
}

/* `~ foo(...)` with a user-defined foo_lpdf / foo_lpmf. */
static int sema_tilde_user(sema *s, stmt *st, sema_site *c) {
    char name[160];
    val_type r;
    snprintf(name, sizeof name, "%s_lpdf", st->dist_name);
    if (!sema_has_user_fun(s, name)) snprintf(name, sizeof name, "%s_lpmf", st->dist_name);
    return sema_user_call(s, name, c, &st->fun, &r);
}

static void sema_tilde(sema *s, stmt *st) {
    sema_expr(s, st->lhs);
    for (int i = 0; i < st->args.n; i++) sema_expr(s, st->args.items[i]);
    if (!sema_density_context(s, st, "a sampling statement ('~')")) return;
    char base[128];
    if (catalog_density_suffix(st->dist_name, base, sizeof base)) {
        diag_error(s->d, st->dist_span, "write '~ %s(...)' without the suffix", base);
        return;
    }
    int n = st->args.n + 1;
    expr **args = arena_alloc(s->p->arena, (size_t)n * sizeof *args);
    args[0] = st->lhs;
    for (int i = 1; i < n; i++) args[i] = st->args.items[i - 1];
    for (int i = 0; i < n; i++)
        if (sema_ty_err(args[i]->type)) return;
    sema_site c = {st->dist_name, args, n, 1, st->dist_span};
    if (sema_tilde_user(s, st, &c)) {
        if (st->truncated) sema_truncation(s, st);
        return;
    }
    const fn_sig *sigs[64];
    int count = catalog_find_kind(st->dist_name, 0, sigs, 64);
    if (count > 64) count = 64;
    if (!count) {
        const char *near = suggest_function(s, st->dist_name, 1);
        if (near)
            diag_error(s->d, st->dist_span, "unknown distribution '%s'; did you mean '%s'?", st->dist_name, near);
        else
            diag_error(s->d, st->dist_span, "unknown distribution '%s'", st->dist_name);
        return;
    }
    val_type r;
    st->sig = sema_match(s, sigs, count, &c, &r);
    if (st->sig && st->truncated) sema_truncation(s, st);
}

static void sema_target(sema *s, stmt *st) {
    val_type t = sema_expr(s, st->rhs);
    if (!sema_density_context(s, st, "'target +='")) return;
    char b[96];
    int ok = sema_ty_err(t) || t.base == TY_INT || t.base == TY_REAL || t.base == TY_VECTOR ||
             t.base == TY_ROW_VECTOR || t.base == TY_MATRIX;
    if (!ok) diag_error(s->d, st->rhs->span, "cannot add a value of type %s to target (it needs reals)",
                        sema_ty_name(t, b));
}

/* ---- control flow --------------------------------------------------------------- */

static void sema_condition(sema *s, expr *e, const char *what) {
    val_type t = sema_expr(s, e);
    char b[96];
    if (!sema_ty_err(t) && !sema_ty_prim(t))
        diag_error(s->d, e->span, "the condition of %s must be an int or real, found %s", what, sema_ty_name(t, b));
}

static void sema_range_end(sema *s, expr *e) {
    val_type t = sema_expr(s, e);
    char b[96];
    if (!sema_ty_err(t) && !sema_ty_int(t))
        diag_error(s->d, e->span, "loop bounds must be int, found %s", sema_ty_name(t, b));
}

/* Checks a loop body with `var` declared (NULL for while). */
static void sema_loop_body(sema *s, decl *var, ptr_vec *body, int is_plate) {
    int mark = s->stack.n;
    int saved_inner = s->plate_innermost;
    if (var) {
        var->block = s->fun ? BLK_FUNCTIONS : s->blk;
        sema_declare(s, var);
    }
    if (is_plate) {
        if (s->nplates < SEMA_MAX_PLATES) s->plates[s->nplates] = (sema_plate){var, mark};
        s->nplates++;
    }
    s->loops++;
    s->plate_innermost = is_plate;
    sema_stmts(s, body);
    s->plate_innermost = saved_inner;
    s->loops--;
    if (is_plate) s->nplates--;
    sema_pop(s, mark);
}

static void sema_for(sema *s, stmt *st, int is_plate) {
    sema_range_end(s, st->lo);
    sema_range_end(s, st->hi);
    st->decl->type = sema_ty(TY_INT, 0);
    if (is_plate && s->nplates >= SEMA_MAX_PLATES) {
        diag_error(s->d, st->span, "plates are nested too deeply (at most %d)", SEMA_MAX_PLATES);
        return;
    }
    sema_loop_body(s, st->decl, &st->body, is_plate);
}

/* for (x in container): x has the element type. */
static void sema_foreach(sema *s, stmt *st) {
    val_type t = sema_expr(s, st->rhs), el = t;
    char b[96];
    if (!sema_ty_err(t)) {
        if (t.array_dims > 0) el.array_dims--;
        else if (t.base == TY_VECTOR || t.base == TY_ROW_VECTOR || t.base == TY_MATRIX) el = sema_ty(TY_REAL, 0);
        else if (t.base == TY_COMPLEX_VECTOR || t.base == TY_COMPLEX_ROW_VECTOR || t.base == TY_COMPLEX_MATRIX)
            el = sema_ty(TY_COMPLEX, 0);
        else {
            diag_error(s->d, st->rhs->span, "a foreach loop needs an array, vector, row_vector or matrix, found %s",
                       sema_ty_name(t, b));
            el = sema_ty(TY_ERROR, 0);
        }
    }
    if (st->decl) st->decl->type = el;
    sema_loop_body(s, st->decl, &st->body, 0);
}

static void sema_jump(sema *s, stmt *st) {
    const char *what = st->kind == ST_BREAK ? "break" : "continue";
    if (!s->loops)
        diag_error(s->d, st->span, "'%s' is only allowed inside a loop", what);
    else if (st->kind == ST_BREAK && s->plate_innermost)
        diag_error(s->d, st->span, "'break' is not allowed in a plate: every iteration of a plate must run"
                   " (use a for loop if iterations may stop early)");
}

static void sema_return(sema *s, stmt *st) {
    char b[96], b2[96];
    if (!s->fun) {
        diag_error(s->d, st->span, "'return' is only allowed inside a function");
        if (st->rhs) sema_expr(s, st->rhs);
        return;
    }
    if (s->nplates) diag_error(s->d, st->span, "'return' is not allowed in a plate: every iteration must run");
    val_type want = s->fun->ret;
    if (!st->rhs) {
        if (want.base != TY_VOID)
            diag_error(s->d, st->span, "'%s' must return a value of type %s", s->fun->name, sema_ty_name(want, b));
        return;
    }
    val_type t = sema_expr(s, st->rhs);
    if (want.base == TY_VOID)
        diag_error(s->d, st->rhs->span, "'%s' is a void function; write 'return;' without a value", s->fun->name);
    else if (!sema_ty_assignable(want, t))
        diag_error(s->d, st->rhs->span, "'%s' returns %s, but this returns %s", s->fun->name,
                   sema_ty_name(want, b), sema_ty_name(t, b2));
}

static void sema_print_args(sema *s, stmt *st) {
    s->string_ok = 1;
    for (int i = 0; i < st->args.n; i++) {
        expr *e = st->args.items[i];
        sema_expr(s, e);
    }
    s->string_ok = 0;
}

static void sema_call_stmt(sema *s, stmt *st) {
    s->void_ok = 1;
    val_type t = sema_expr(s, st->rhs);
    s->void_ok = 0;
    char b[96];
    if (!sema_ty_err(t) && t.base != TY_VOID)
        diag_error(s->d, st->span, "the %s result of '%s' is not used; only void functions can be called as"
                   " statements (assign the result, or add it to target)",
                   sema_ty_name(t, b), st->rhs->name ? st->rhs->name : "the call");
}

static void sema_scoped(sema *s, ptr_vec *body) {
    int mark = s->stack.n;
    sema_stmts(s, body);
    sema_pop(s, mark);
}

static void sema_stmt(sema *s, stmt *st);

/* A branch of an if: its declarations end with it. */
static void sema_branch(sema *s, stmt *st) {
    if (!st) return;
    int mark = s->stack.n;
    sema_stmt(s, st);
    sema_pop(s, mark);
}

static void sema_stmt(sema *s, stmt *st) {
    switch (st->kind) {
    case ST_DECL: sema_decl(s, st->decl); break;
    case ST_ASSIGN: sema_assign(s, st); break;
    case ST_TILDE: sema_tilde(s, st); break;
    case ST_TARGET: sema_target(s, st); break;
    case ST_FOR: sema_for(s, st, 0); break;
    case ST_PLATE: sema_for(s, st, 1); break;
    case ST_FOREACH: sema_foreach(s, st); break;
    case ST_BLOCK: case ST_PROFILE: sema_scoped(s, &st->body); break;
    case ST_IF:
        sema_condition(s, st->cond, "'if'");
        sema_branch(s, st->then_s);
        sema_branch(s, st->else_s);
        break;
    case ST_WHILE:
        sema_condition(s, st->cond, "'while'");
        sema_loop_body(s, NULL, &st->body, 0);
        break;
    case ST_BREAK: case ST_CONTINUE: sema_jump(s, st); break;
    case ST_RETURN: sema_return(s, st); break;
    case ST_PRINT: case ST_REJECT: case ST_FATAL_ERROR: sema_print_args(s, st); break;
    case ST_CALL: sema_call_stmt(s, st); break;
    case ST_EMPTY: break;
    }
}

void sema_stmts(sema *s, ptr_vec *body) {
    for (int i = 0; i < body->n; i++) sema_stmt(s, body->items[i]);
}

/* ---- blocks and the driver --------------------------------------------------------- */

/* One block: data and parameters hold declarations only; model locals end
 * with the block; other block-level declarations stay visible. */
static void sema_block(sema *s, block_kind b) {
    ptr_vec *body = &s->p->blocks[b];
    int mark = s->stack.n;
    s->blk = b;
    for (int i = 0; i < body->n; i++) {
        stmt *st = body->items[i];
        if ((b == BLK_DATA || b == BLK_PARAMS) && st->kind != ST_DECL) {
            diag_error(s->d, st->span, "only declarations are allowed in the %s block", ast_block_name(b));
            continue;
        }
        sema_stmt(s, st);
    }
    if (b == BLK_MODEL) sema_pop(s, mark);
}

int sema_check(program *p, diag *d) {
    sema s = {.d = d, .p = p};
    int before = d->errors;
    sema_functions(&s);
    for (int b = 0; b < BLK_COUNT; b++)
        if (p->present[b] && b != BLK_FUNCTIONS) sema_block(&s, (block_kind)b);
    free(s.tab);
    return d->errors - before;
}

int sema_check_opts(program *p, const frontend_opts *o, diag *d) {
    int errors = sema_check(p, d);
    if (!errors && !(o && o->no_pedantic)) pedantic_check(p, d);
    return errors;
}
