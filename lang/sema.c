/* lang/sema.c — semantic analysis: scopes, types, signatures, block rules.
 *
 * In:  an untyped program from the parser.
 * Out: the same tree annotated in place: expr.type on every expression,
 *      expr.decl on variables, expr.sig / stmt.sig on calls and `~`
 *      (looked up in stdlib/catalog.h); errors and warnings on the diag.
 * Never: changes the shape of the tree, aborts on a user error, or reports
 *      follow-on errors for an expression whose part already failed
 *      (TY_ERROR silences cascades).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "catalog.h"
#include "frontend.h"

/* ---- the symbol table: name -> visible decl, plus a scope stack -------- */

typedef struct {
    const char *name;
    decl *d; /* NULL once the scope that declared it has ended */
} sema_slot;

typedef struct {
    diag *d;
    program *p;
    sema_slot *tab;
    int cap, used;
    ptr_vec stack;     /* visible decls in declaration order */
    block_kind blk;    /* block being checked */
} sema;

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

static decl *sema_lookup(sema *s, const char *name) {
    return s->cap ? sema_slot_for(s, name)->d : NULL;
}

/* Makes d visible; a visible decl of the same name is an error. */
static void sema_declare(sema *s, decl *d) {
    decl *old = sema_lookup(s, d->name);
    if (old) {
        diag_error(s->d, d->name_span, "'%s' is already declared at line %d",
                   d->name, old->name_span.line);
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
static void sema_pop(sema *s, int mark) {
    while (s->stack.n > mark) {
        decl *d = s->stack.items[--s->stack.n];
        sema_slot_for(s, d->name)->d = NULL;
    }
}

/* ---- "did you mean" ------------------------------------------------------ */

/* Edit distance, or 99 when either string is long. */
static int sema_distance(const char *a, const char *b) {
    int n = (int)strlen(a), m = (int)strlen(b);
    if (n > 40 || m > 40) return 99;
    int row[41];
    for (int j = 0; j <= m; j++) row[j] = j;
    for (int i = 1; i <= n; i++) {
        int diag = row[0];
        row[0] = i;
        for (int j = 1; j <= m; j++) {
            int up = row[j];
            int best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[m];
}

typedef struct { const char *best; int dist; } sema_near;

static void sema_near_try(sema_near *nr, const char *want, const char *cand) {
    int d = sema_distance(want, cand);
    int len = (int)strlen(want);
    if (d < nr->dist && d <= (len <= 3 ? 1 : 2)) {
        nr->best = cand;
        nr->dist = d;
    }
}

static const char *sema_near_var(sema *s, const char *name) {
    sema_near nr = {NULL, 99};
    for (int i = 0; i < s->stack.n; i++)
        sema_near_try(&nr, name, ((decl *)s->stack.items[i])->name);
    return nr.best;
}

static const char *sema_near_fn(const char *name, int densities) {
    sema_near nr = {NULL, 99};
    for (int i = 0; i < catalog_size(); i++) {
        const fn_sig *f = catalog_at(i);
        if ((f->kind != FN_MATH) == densities) sema_near_try(&nr, name, f->name);
    }
    return nr.best;
}

/* ---- types ------------------------------------------------------------------ */

static val_type ty(base_type b, int dims) { return (val_type){b, dims}; }
static int ty_err(val_type t) { return t.base == TY_ERROR; }
static int ty_int(val_type t) { return t.base == TY_INT && t.array_dims == 0; }
static int ty_scalar(val_type t) {
    return t.array_dims == 0 && (t.base == TY_INT || t.base == TY_REAL);
}
static int ty_linalg(val_type t) {
    return t.array_dims == 0 &&
           (t.base == TY_VECTOR || t.base == TY_ROW_VECTOR || t.base == TY_MATRIX);
}
static int ty_same(val_type a, val_type b) {
    return a.base == b.base && a.array_dims == b.array_dims;
}
static const char *ty_name(val_type t, char *buf) { return ast_type_name(t, buf, 64); }

/* Can a value of type `from` be stored in a variable of type `to`? */
static int ty_assignable(val_type to, val_type from) {
    if (ty_err(to) || ty_err(from) || ty_same(to, from)) return 1;
    return to.array_dims == from.array_dims && to.base == TY_REAL && from.base == TY_INT;
}

static const char *op_text(op_kind op) {
    static const char *const t[] = {"+", "-", "*", "/", "<", "<=", ">", ">=",
                                    "==", "!=", "&&", "||", "-", "!", "+"};
    return t[op];
}

/* Result of a linear-algebra product a * b, or TY_ERROR. */
static val_type ty_product(val_type a, val_type b) {
    base_type x = a.base, y = b.base;
    if (x == TY_ROW_VECTOR && y == TY_VECTOR) return ty(TY_REAL, 0);
    if (x == TY_VECTOR && y == TY_ROW_VECTOR) return ty(TY_MATRIX, 0);
    if (x == TY_MATRIX && y == TY_VECTOR) return ty(TY_VECTOR, 0);
    if (x == TY_ROW_VECTOR && y == TY_MATRIX) return ty(TY_ROW_VECTOR, 0);
    if (x == TY_MATRIX && y == TY_MATRIX) return ty(TY_MATRIX, 0);
    return ty(TY_ERROR, 0);
}

/* Result of + - * / on two operand types, or TY_ERROR when not defined. */
static val_type ty_arith(op_kind op, val_type a, val_type b) {
    if (ty_scalar(a) && ty_scalar(b))
        return ty(a.base == TY_INT && b.base == TY_INT ? TY_INT : TY_REAL, 0);
    int la = ty_linalg(a), lb = ty_linalg(b);
    if (la && ty_scalar(b)) return a;
    if (ty_scalar(a) && lb && op != OP_DIV) return b;
    if (la && lb && (op == OP_ADD || op == OP_SUB) && a.base == b.base) return a;
    if (la && lb && op == OP_MUL) return ty_product(a, b);
    return ty(TY_ERROR, 0);
}

/* ---- expressions ------------------------------------------------------------ */

static val_type sema_expr(sema *s, expr *e);

static val_type sema_var(sema *s, expr *e) {
    decl *d = sema_lookup(s, e->name);
    if (d) {
        e->decl = d;
        return d->type;
    }
    const char *near = sema_near_var(s, e->name);
    if (near)
        diag_error(s->d, e->span, "unknown variable '%s'; did you mean '%s'?", e->name, near);
    else if (catalog_lookup(e->name, NULL))
        diag_error(s->d, e->span, "'%s' is a function, not a variable", e->name);
    else
        diag_error(s->d, e->span, "unknown variable '%s'", e->name);
    return ty(TY_ERROR, 0);
}

static val_type sema_unary(sema *s, expr *e) {
    val_type t = sema_expr(s, e->lhs);
    char b[64];
    if (ty_err(t)) return t;
    if (e->op == OP_NOT && ty_scalar(t)) return ty(TY_INT, 0);
    if (e->op != OP_NOT && (ty_scalar(t) || ty_linalg(t))) return t;
    diag_error(s->d, e->span, "operator '%s' cannot be applied to %s", op_text(e->op), ty_name(t, b));
    return ty(TY_ERROR, 0);
}

static val_type sema_binary(sema *s, expr *e) {
    val_type a = sema_expr(s, e->lhs), b = sema_expr(s, e->rhs);
    if (ty_err(a) || ty_err(b)) return ty(TY_ERROR, 0);
    val_type r = ty(TY_ERROR, 0);
    if (e->op <= OP_DIV)
        r = ty_arith(e->op, a, b);
    else if (ty_scalar(a) && ty_scalar(b))
        r = ty(TY_INT, 0);
    if (ty_err(r)) {
        char ba[64], bb[64];
        diag_error(s->d, e->span, "operator '%s' cannot be applied to %s and %s",
                   op_text(e->op), ty_name(a, ba), ty_name(b, bb));
    } else if (e->op == OP_DIV && ty_int(a) && ty_int(b)) {
        diag_warning(s->d, e->span,
                     "integer division rounds toward zero; write 1.0 * a / b for real division");
    }
    return r;
}

/* Checks each index is an int; 1 if all fine (or already reported). */
static int sema_indices(sema *s, ptr_vec *idx) {
    int ok = 1;
    for (int i = 0; i < idx->n; i++) {
        expr *x = idx->items[i];
        val_type t = sema_expr(s, x);
        char b[64];
        if (ty_err(t)) {
            ok = 0;
        } else if (!ty_int(t)) {
            diag_error(s->d, x->span, "index must be an int, found %s%s", ty_name(t, b),
                       t.base == TY_INT ? " (multi-indexing is not supported yet)" : "");
            ok = 0;
        }
    }
    return ok;
}

/* array[...] T loses one level per index, then vector -> real,
 * matrix -> row_vector -> real. */
static val_type sema_index(sema *s, expr *e) {
    val_type t = sema_expr(s, e->lhs);
    int ok = sema_indices(s, &e->args);
    if (ty_err(t) || !ok) return ty(TY_ERROR, 0);
    val_type r = t;
    for (int i = 0; i < e->args.n; i++) {
        if (r.array_dims > 0) r.array_dims--;
        else if (r.base == TY_VECTOR || r.base == TY_ROW_VECTOR) r.base = TY_REAL;
        else if (r.base == TY_MATRIX) r.base = TY_ROW_VECTOR;
        else {
            char b[64];
            diag_error(s->d, e->span, "too many indexes: %s has type %s",
                       e->lhs->kind == EX_VAR ? e->lhs->name : "the expression", ty_name(t, b));
            return ty(TY_ERROR, 0);
        }
    }
    return r;
}

/* ---- calls and distributions ------------------------------------------------- */

static int sema_arg_ok(arg_kind k, val_type t) {
    if (ty_err(t)) return 1;
    switch (k) {
    case ARG_INT: return ty_int(t);
    case ARG_REAL: return ty_scalar(t);
    case ARG_INTS: return t.base == TY_INT && t.array_dims <= 1;
    case ARG_REALS:
        return ((t.base == TY_INT || t.base == TY_REAL) && t.array_dims <= 1) ||
               (t.array_dims == 0 && (t.base == TY_VECTOR || t.base == TY_ROW_VECTOR));
    }
    return 0;
}

static const char *sema_kind_words(arg_kind k) {
    switch (k) {
    case ARG_INT: return "an int";
    case ARG_REAL: return "a real or int";
    case ARG_INTS: return "an int or an array of int";
    case ARG_REALS: return "a real, int, vector, row_vector, or 1-d array of them";
    }
    return "?";
}

/* A call site for signature matching: the arguments (y first for
 * densities) and how to name things in messages. */
typedef struct {
    const char *shown;   /* "normal_lpdf", "normal" */
    expr **args;
    int n;
    int skip;            /* arguments not counted in "takes N arguments" */
    src_span at;
} sema_site;

/* Picks the first overload whose argument kinds fit; reports otherwise. */
static const fn_sig *sema_match(sema *s, const fn_sig *sigs, int count, sema_site *c) {
    int n_ok = 0;
    for (int k = 0; k < count; k++) {
        const fn_sig *f = &sigs[k];
        if (f->nargs != c->n) continue;
        n_ok++;
        int fine = 1;
        for (int i = 0; i < c->n && fine; i++) fine = sema_arg_ok(f->args[i], c->args[i]->type);
        if (fine) return f;
    }
    if (n_ok == 0) {
        int want = sigs[0].nargs - c->skip;
        diag_error(s->d, c->at, "'%s' takes %d argument%s, found %d", c->shown, want,
                   want == 1 ? "" : "s", c->n - c->skip);
        return NULL;
    }
    for (int k = 0; k < count; k++) {
        const fn_sig *f = &sigs[k];
        if (f->nargs != c->n) continue;
        for (int i = 0; i < c->n; i++) {
            if (sema_arg_ok(f->args[i], c->args[i]->type)) continue;
            char b[64];
            diag_error(s->d, c->args[i]->span, "argument %d of '%s' must be %s, found %s",
                       i + 1, c->shown, sema_kind_words(f->args[i]), ty_name(c->args[i]->type, b));
            return NULL;
        }
    }
    return NULL;
}

static void sema_args(sema *s, ptr_vec *args) {
    for (int i = 0; i < args->n; i++) sema_expr(s, args->items[i]);
}

/* name_lpdf(y | ...), name_lpmf, name_lupdf, name_lupmf. */
static val_type sema_density_call(sema *s, expr *e, const char *base, const char *suffix) {
    int count = 0;
    const fn_sig *sigs = catalog_lookup(base, &count);
    int pmf = strstr(suffix, "pmf") != NULL;
    if (!sigs || sigs->kind == FN_MATH) {
        const char *near = sema_near_fn(base, 1);
        if (near)
            diag_error(s->d, e->span, "unknown distribution '%s'; did you mean '%s%s'?", e->name, near, suffix);
        else
            diag_error(s->d, e->span, "unknown distribution '%s'", e->name);
        return ty(TY_ERROR, 0);
    }
    if ((sigs->kind == FN_LPMF) != pmf) {
        diag_error(s->d, e->span, "'%s' is a %s; write %s%s", base,
                   pmf ? "continuous density" : "probability mass function", base,
                   pmf ? (suffix[2] == 'u' ? "_lupdf" : "_lpdf") : (suffix[2] == 'u' ? "_lupmf" : "_lpmf"));
        return ty(TY_ERROR, 0);
    }
    if (!e->bar_call) {
        diag_error(s->d, e->span, "write %s(y | ...) with '|' after the first argument", e->name);
        return ty(TY_ERROR, 0);
    }
    if (suffix[2] == 'u' && s->blk != BLK_MODEL) {
        diag_error(s->d, e->span, "'%s' (dropping constants) is only allowed in the model block", e->name);
        return ty(TY_ERROR, 0);
    }
    sema_site c = {e->name, (expr **)e->args.items, e->args.n, 1, e->span};
    e->sig = sema_match(s, sigs, count, &c);
    return e->sig ? ty(TY_REAL, 0) : ty(TY_ERROR, 0);
}

/* f(x): math; a single vector/row_vector/matrix argument is elementwise. */
static val_type sema_math_call(sema *s, expr *e) {
    int count = 0;
    const fn_sig *sigs = catalog_lookup(e->name, &count);
    if (!sigs) {
        const char *near = sema_near_fn(e->name, 0);
        if (sema_lookup(s, e->name))
            diag_error(s->d, e->span, "'%s' is a variable, not a function", e->name);
        else if (near)
            diag_error(s->d, e->span, "unknown function '%s'; did you mean '%s'?", e->name, near);
        else
            diag_error(s->d, e->span, "unknown function '%s'", e->name);
        return ty(TY_ERROR, 0);
    }
    if (sigs->kind != FN_MATH) {
        diag_error(s->d, e->span, "'%s' is a distribution: use it after '~' or call %s%s(y | ...)",
                   e->name, e->name, sigs->kind == FN_LPDF ? "_lpdf" : "_lpmf");
        return ty(TY_ERROR, 0);
    }
    if (e->bar_call) {
        diag_error(s->d, e->span, "'|' is only used in calls to _lpdf and _lpmf functions");
        return ty(TY_ERROR, 0);
    }
    for (int k = 0; k < count && e->args.n == 1; k++) {
        val_type t = ((expr *)e->args.items[0])->type;
        if (sigs[k].nargs == 1 && sigs[k].args[0] == ARG_REAL && ty_linalg(t)) {
            e->sig = &sigs[k];
            return t;
        }
    }
    sema_site c = {e->name, (expr **)e->args.items, e->args.n, 0, e->span};
    e->sig = sema_match(s, sigs, count, &c);
    if (!e->sig) return ty(TY_ERROR, 0);
    return ty(e->sig->returns_int ? TY_INT : TY_REAL, 0);
}

static val_type sema_call(sema *s, expr *e) {
    sema_args(s, &e->args);
    for (int i = 0; i < e->args.n; i++)
        if (ty_err(((expr *)e->args.items[i])->type)) return ty(TY_ERROR, 0);
    char base[128];
    const char *suffix = catalog_density_suffix(e->name, base, sizeof base);
    if (suffix) return sema_density_call(s, e, base, suffix);
    return sema_math_call(s, e);
}

/* Types e and its subexpressions; sets e->type and returns it. */
static val_type sema_expr(sema *s, expr *e) {
    val_type t = ty(TY_ERROR, 0);
    switch (e->kind) {
    case EX_INT_LIT: t = ty(TY_INT, 0); break;
    case EX_REAL_LIT: t = ty(TY_REAL, 0); break;
    case EX_VAR: t = sema_var(s, e); break;
    case EX_UNARY: t = sema_unary(s, e); break;
    case EX_BINARY: t = sema_binary(s, e); break;
    case EX_CALL: t = sema_call(s, e); break;
    case EX_INDEX: t = sema_index(s, e); break;
    }
    e->type = t;
    return t;
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
                       ast_block_name(d->block));
    }
    sema_data_only(s, e->lhs, owner);
    sema_data_only(s, e->rhs, owner);
    for (int i = 0; i < e->args.n; i++) sema_data_only(s, e->args.items[i], owner);
}

static void sema_size(sema *s, decl *d, expr *e) {
    if (!e) return;
    val_type t = sema_expr(s, e);
    char b[64];
    if (!ty_err(t) && !ty_int(t))
        diag_error(s->d, e->span, "size must be an int, found %s", ty_name(t, b));
    else if (!d->is_local && !ty_err(t))
        sema_data_only(s, e, d->block);
}

static void sema_bound(sema *s, decl *d, expr *e) {
    if (!e) return;
    val_type t = sema_expr(s, e);
    char b[64];
    if (ty_err(t)) return;
    if (d->is_local)
        diag_error(s->d, e->span, "local variables cannot have constraints");
    else if (d->type.base == TY_INT && !ty_int(t))
        diag_error(s->d, e->span, "a bound on an int must be an int, found %s", ty_name(t, b));
    else if (!ty_scalar(t) && !(ty_linalg(t) && t.base == d->type.base))
        diag_error(s->d, e->span, "a bound must be a real or int, found %s", ty_name(t, b));
}

static void sema_decl(sema *s, decl *d) {
    char b[64], b2[64];
    for (int i = 0; i < d->array_sizes.n; i++) sema_size(s, d, d->array_sizes.items[i]);
    sema_size(s, d, d->vec_size);
    sema_size(s, d, d->vec_cols);
    sema_bound(s, d, d->lower);
    sema_bound(s, d, d->upper);
    int top = !d->is_local;
    if (top && (d->block == BLK_PARAMS || d->block == BLK_TPARAMS) && d->type.base == TY_INT)
        diag_error(s->d, d->span, "%s must be real-valued; '%s' is declared %s",
                   d->block == BLK_PARAMS ? "parameters" : "transformed parameters", d->name,
                   ty_name(d->type, b));
    if (d->init) {
        val_type t = sema_expr(s, d->init);
        if (top && (d->block == BLK_DATA || d->block == BLK_PARAMS))
            diag_error(s->d, d->init->span, "variables in the %s block cannot have an initial value",
                       ast_block_name(d->block));
        else if (!ty_assignable(d->type, t))
            diag_error(s->d, d->init->span, "cannot initialize '%s' of type %s with a value of type %s",
                       d->name, ty_name(d->type, b), ty_name(t, b2));
    }
    sema_declare(s, d);
}

/* ---- statements ----------------------------------------------------------------- */

static void sema_stmts(sema *s, ptr_vec *body);

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
    while (e && e->kind == EX_INDEX) e = e->lhs;
    return e && e->kind == EX_VAR ? e : NULL;
}

static void sema_assign(sema *s, stmt *st) {
    expr *root = sema_lvalue_root(st->lhs);
    val_type lt = sema_expr(s, st->lhs);
    val_type rt = sema_expr(s, st->rhs);
    char b[64], b2[64];
    if (!root) {
        diag_error(s->d, st->lhs->span, "the left side of an assignment must be a variable or an indexed variable");
        return;
    }
    decl *d = root->decl;
    if (!d) return;
    if (d->kind == DECL_LOOP_VAR) {
        diag_error(s->d, root->span, "cannot assign to loop variable '%s'", d->name);
        return;
    }
    if (!d->is_local && d->block != s->blk) {
        diag_error(s->d, root->span, "cannot assign to %s '%s' (declared in %s at line %d)",
                   sema_block_noun(d->block), d->name, ast_block_name(d->block), d->name_span.line);
        return;
    }
    if (ty_err(lt) || ty_err(rt)) return;
    val_type vt = rt;
    if (st->assign_op != OP_EQ) {
        vt = ty_arith(st->assign_op, lt, rt);
        if (ty_err(vt)) {
            diag_error(s->d, st->span, "operator '%s=' cannot be applied to %s and %s",
                       op_text(st->assign_op), ty_name(lt, b), ty_name(rt, b2));
            return;
        }
    }
    if (!ty_assignable(lt, vt))
        diag_error(s->d, st->rhs->span, "cannot assign a value of type %s to '%s' of type %s",
                   ty_name(vt, b2), root->name, ty_name(lt, b));
}

static int sema_model_only(sema *s, stmt *st, const char *what) {
    if (s->blk == BLK_MODEL) return 1;
    diag_error(s->d, st->span, "%s is only allowed in the model block, not in %s", what,
               ast_block_name(s->blk));
    return 0;
}

/* lhs ~ dist(args): dist is a density or mass function without suffix. */
static void sema_tilde(sema *s, stmt *st) {
    sema_expr(s, st->lhs);
    sema_args(s, &st->args);
    if (!sema_model_only(s, st, "a sampling statement ('~')")) return;
    char base[128];
    if (catalog_density_suffix(st->dist_name, base, sizeof base)) {
        diag_error(s->d, st->dist_span, "write '~ %s(...)' without the suffix", base);
        return;
    }
    int count = 0;
    const fn_sig *sigs = catalog_lookup(st->dist_name, &count);
    if (!sigs || sigs->kind == FN_MATH) {
        const char *near = sema_near_fn(st->dist_name, 1);
        if (near)
            diag_error(s->d, st->dist_span, "unknown distribution '%s'; did you mean '%s'?", st->dist_name, near);
        else
            diag_error(s->d, st->dist_span, "unknown distribution '%s'", st->dist_name);
        return;
    }
    int n = st->args.n + 1;
    expr **args = arena_alloc(s->p->arena, (size_t)n * sizeof *args);
    args[0] = st->lhs;
    for (int i = 1; i < n; i++) args[i] = st->args.items[i - 1];
    for (int i = 0; i < n; i++)
        if (ty_err(args[i]->type)) return;
    sema_site c = {st->dist_name, args, n, 1, st->dist_span};
    st->sig = sema_match(s, sigs, count, &c);
}

static void sema_target(sema *s, stmt *st) {
    val_type t = sema_expr(s, st->rhs);
    if (!sema_model_only(s, st, "'target +='")) return;
    char b[64];
    int ok = ty_err(t) || ty_scalar(t) || ty_linalg(t) ||
             (t.base == TY_INT || t.base == TY_REAL);
    if (!ok) diag_error(s->d, st->rhs->span, "cannot add a value of type %s to target", ty_name(t, b));
}

static void sema_range_end(sema *s, expr *e) {
    val_type t = sema_expr(s, e);
    char b[64];
    if (!ty_err(t) && !ty_int(t))
        diag_error(s->d, e->span, "loop bounds must be int, found %s", ty_name(t, b));
}

static void sema_loop(sema *s, stmt *st) {
    sema_range_end(s, st->lo);
    sema_range_end(s, st->hi);
    int mark = s->stack.n;
    st->decl->block = s->blk;
    sema_declare(s, st->decl);
    sema_stmts(s, &st->body);
    sema_pop(s, mark);
}

static void sema_stmt(sema *s, stmt *st) {
    switch (st->kind) {
    case ST_DECL: sema_decl(s, st->decl); break;
    case ST_ASSIGN: sema_assign(s, st); break;
    case ST_TILDE: sema_tilde(s, st); break;
    case ST_TARGET: sema_target(s, st); break;
    case ST_FOR:
    case ST_PLATE: sema_loop(s, st); break;
    case ST_BLOCK: {
        int mark = s->stack.n;
        sema_stmts(s, &st->body);
        sema_pop(s, mark);
        break;
    }
    }
}

static void sema_stmts(sema *s, ptr_vec *body) {
    for (int i = 0; i < body->n; i++) sema_stmt(s, body->items[i]);
}

/* One block: data and parameters hold declarations only; model locals end
 * with the block; other block-level declarations stay visible. */
static void sema_block(sema *s, block_kind b) {
    ptr_vec *body = &s->p->blocks[b];
    int mark = s->stack.n;
    s->blk = b;
    for (int i = 0; i < body->n; i++) {
        stmt *st = body->items[i];
        if ((b == BLK_DATA || b == BLK_PARAMS) && st->kind != ST_DECL) {
            diag_error(s->d, st->span, "only declarations are allowed in the %s block",
                       ast_block_name(b));
            continue;
        }
        sema_stmt(s, st);
    }
    if (b == BLK_MODEL) sema_pop(s, mark);
}

int sema_check(program *p, diag *d) {
    sema s = {.d = d, .p = p};
    int before = d->errors;
    for (int b = 0; b < BLK_COUNT; b++)
        if (p->present[b]) sema_block(&s, (block_kind)b);
    free(s.tab);
    return d->errors - before;
}

int sema_check_opts(program *p, const frontend_opts *o, diag *d) {
    (void)o; /* pedantic warnings: not yet */
    return sema_check(p, d);
}
