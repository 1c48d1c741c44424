/* lang/sema_expr.c — the types of expressions.
 *
 * In:  an expression whose variables are resolved through the scopes of
 * sema.c.  Out: expr.type on it and every subexpression, expr.decl on
 * variables, expr.sig (catalog) or expr.fun (user function) on calls; an
 * error that names the expected and the found types otherwise.
 * Never: reports a second error for an expression whose part already
 * failed (TY_ERROR propagates silently).
 */
#include <stdio.h>
#include <string.h>
#include "sema.h"

/* ---- type helpers ----------------------------------------------------------- */

val_type sema_ty(base_type b, int dims) {
    val_type t = {b, dims, 0, NULL};
    return t;
}
int sema_ty_err(val_type t) { return t.base == TY_ERROR; }
int sema_ty_int(val_type t) { return t.base == TY_INT && t.array_dims == 0; }
int sema_ty_prim(val_type t) {
    return t.array_dims == 0 && (t.base == TY_INT || t.base == TY_REAL);
}
const char *sema_ty_name(val_type t, char *buf) { return ast_type_name(t, buf, 96); }

int sema_ty_same(val_type a, val_type b) {
    if (a.base != b.base || a.array_dims != b.array_dims) return 0;
    if (a.base != TY_TUPLE) return 1;
    if (a.ntuple != b.ntuple) return 0;
    for (int i = 0; i < a.ntuple; i++)
        if (!sema_ty_same(a.tuple[i], b.tuple[i])) return 0;
    return 1;
}

int sema_ends_with(const char *name, const char *suffix) {
    size_t n = strlen(name), k = strlen(suffix);
    return n > k && strcmp(name + n - k, suffix) == 0;
}

/* Shapes of non-array values, and whether they are complex. */
typedef enum { SH_NONE, SH_SCALAR, SH_VEC, SH_ROW, SH_MAT } shape;

static shape shape_of(val_type t) {
    if (t.array_dims) return SH_NONE;
    switch (t.base) {
    case TY_INT: case TY_REAL: case TY_COMPLEX: return SH_SCALAR;
    case TY_VECTOR: case TY_COMPLEX_VECTOR: return SH_VEC;
    case TY_ROW_VECTOR: case TY_COMPLEX_ROW_VECTOR: return SH_ROW;
    case TY_MATRIX: case TY_COMPLEX_MATRIX: return SH_MAT;
    default: return SH_NONE;
    }
}

static int is_cplx(val_type t) {
    return t.base == TY_COMPLEX || t.base == TY_COMPLEX_VECTOR ||
           t.base == TY_COMPLEX_ROW_VECTOR || t.base == TY_COMPLEX_MATRIX;
}

/* The type of shape sh; scalars: int only when `all_int`. */
static val_type of_shape(shape sh, int cplx, int all_int) {
    switch (sh) {
    case SH_SCALAR: return sema_ty(cplx ? TY_COMPLEX : all_int ? TY_INT : TY_REAL, 0);
    case SH_VEC: return sema_ty(cplx ? TY_COMPLEX_VECTOR : TY_VECTOR, 0);
    case SH_ROW: return sema_ty(cplx ? TY_COMPLEX_ROW_VECTOR : TY_ROW_VECTOR, 0);
    case SH_MAT: return sema_ty(cplx ? TY_COMPLEX_MATRIX : TY_MATRIX, 0);
    default: return sema_ty(TY_ERROR, 0);
    }
}

/* Rank of a base under promotion: int < real < complex (same shape). */
static int promo_rank(base_type b) {
    switch (b) {
    case TY_INT: return 0;
    case TY_REAL: case TY_VECTOR: case TY_ROW_VECTOR: case TY_MATRIX: return 1;
    default: return 2;
    }
}

/* Can a value of type `from` be stored in a variable of type `to`?
 * int -> real -> complex, elementwise through arrays and tuples. */
int sema_ty_assignable(val_type to, val_type from) {
    if (sema_ty_err(to) || sema_ty_err(from)) return 1;
    if (to.array_dims != from.array_dims) return 0;
    if (to.base == TY_TUPLE || from.base == TY_TUPLE) {
        if (to.base != from.base || to.ntuple != from.ntuple) return 0;
        for (int i = 0; i < to.ntuple; i++)
            if (!sema_ty_assignable(to.tuple[i], from.tuple[i])) return 0;
        return 1;
    }
    if (to.base == from.base) return 1;
    shape st = shape_of(sema_ty(to.base, 0)), sf = shape_of(sema_ty(from.base, 0));
    return st != SH_NONE && st == sf && promo_rank(to.base) >= promo_rank(from.base);
}

const char *sema_op_text(op_kind op) {
    static const char *const t[] = {"+", "-", "*", "/", "<", "<=", ">", ">=", "==", "!=", "&&", "||",
                                    "-", "!", "+", ".*", "./", "%", "%/%", "\\", "^", ".^", "'"};
    return op <= OP_TRANSPOSE ? t[op] : "?";
}

/* ---- operators --------------------------------------------------------------- */

/* a * b for non-scalar shapes (linear algebra). */
static shape product_shape(shape x, shape y) {
    if (x == SH_ROW && y == SH_VEC) return SH_SCALAR;
    if (x == SH_VEC && y == SH_ROW) return SH_MAT;
    if (x == SH_MAT && y == SH_VEC) return SH_VEC;
    if (x == SH_ROW && y == SH_MAT) return SH_ROW;
    if (x == SH_MAT && y == SH_MAT) return SH_MAT;
    return SH_NONE;
}

/* Result shape of a binary arithmetic operator, or SH_NONE. */
static shape arith_shape(op_kind op, shape x, shape y) {
    int xs = x == SH_SCALAR, ys = y == SH_SCALAR;
    switch (op) {
    case OP_ADD: case OP_SUB:
        return xs ? y : ys ? x : x == y ? x : SH_NONE;
    case OP_MUL:
        return xs ? y : ys ? x : product_shape(x, y);
    case OP_DIV:
        if (ys) return x;
        if ((x == SH_ROW || x == SH_MAT) && y == SH_MAT) return x; /* b / A */
        return SH_NONE;
    case OP_LDIV:
        return x == SH_MAT && (y == SH_VEC || y == SH_MAT) ? y : SH_NONE;
    case OP_ELT_MUL: case OP_ELT_DIV: case OP_ELT_POW:
        return xs ? y : ys ? x : x == y ? x : SH_NONE;
    case OP_POW:
        return xs && ys ? SH_SCALAR : SH_NONE;
    default:
        return SH_NONE;
    }
}

val_type sema_ty_binary(op_kind op, val_type a, val_type b) {
    shape x = shape_of(a), y = shape_of(b);
    val_type err = sema_ty(TY_ERROR, 0);
    if (x == SH_NONE || y == SH_NONE) return err;
    int ints = a.base == TY_INT && b.base == TY_INT;
    int cplx = is_cplx(a) || is_cplx(b);
    switch (op) {
    case OP_MOD: case OP_INT_DIV:
        return ints ? sema_ty(TY_INT, 0) : err;
    case OP_LT: case OP_LE: case OP_GT: case OP_GE: case OP_AND: case OP_OR:
        return sema_ty_prim(a) && sema_ty_prim(b) ? sema_ty(TY_INT, 0) : err;
    case OP_EQ: case OP_NE:
        return x == SH_SCALAR && y == SH_SCALAR ? sema_ty(TY_INT, 0) : err;
    default: break;
    }
    shape r = arith_shape(op, x, y);
    if (r == SH_NONE) return err;
    int int_result = ints && op != OP_POW && op != OP_ELT_POW && op != OP_ELT_DIV;
    return of_shape(r, cplx, int_result);
}

static val_type sema_unary(sema *s, expr *e) {
    val_type t = sema_expr(s, e->lhs);
    char b[96];
    if (sema_ty_err(t)) return t;
    shape sh = shape_of(t);
    if (e->op == OP_NOT && sema_ty_prim(t)) return sema_ty(TY_INT, 0);
    if ((e->op == OP_NEG || e->op == OP_PLUS) && sh != SH_NONE) return t;
    if (e->op == OP_TRANSPOSE && sh != SH_NONE && sh != SH_SCALAR)
        return of_shape(sh == SH_VEC ? SH_ROW : sh == SH_ROW ? SH_VEC : SH_MAT, is_cplx(t), 0);
    diag_error(s->d, e->span, "operator '%s' cannot be applied to %s%s", sema_op_text(e->op),
               sema_ty_name(t, b),
               e->op == OP_TRANSPOSE ? " (transpose needs a vector, row_vector or matrix)"
               : e->op == OP_NOT ? " (it needs an int or a real)" : "");
    return sema_ty(TY_ERROR, 0);
}

/* A hint for common operator mistakes, or "". */
static const char *binary_hint(op_kind op, val_type a, val_type b) {
    shape x = shape_of(a), y = shape_of(b);
    if (op == OP_MUL && x == y && (x == SH_VEC || x == SH_ROW))
        return "; for an elementwise product write '.*', for a dot product transpose one side";
    if (op == OP_MUL && ((x == SH_VEC && y == SH_MAT) || (x == SH_MAT && y == SH_ROW)))
        return "; a vector is a column and a row_vector a row: write matrix * vector or row_vector * matrix,"
               " or transpose with '";
    if (op == OP_DIV && x == SH_SCALAR && y != SH_NONE && y != SH_SCALAR)
        return "; for elementwise division write './'";
    if (op == OP_DIV && x == y && (x == SH_VEC || x == SH_ROW))
        return "; for elementwise division write './'";
    if ((op == OP_MOD || op == OP_INT_DIV) && x == SH_SCALAR && y == SH_SCALAR)
        return " (it needs two ints)";
    if (a.array_dims || b.array_dims)
        return " (arithmetic is not defined on arrays; use a vector, or a loop)";
    return "";
}

static val_type sema_binary(sema *s, expr *e) {
    val_type a = sema_expr(s, e->lhs), b = sema_expr(s, e->rhs);
    if (sema_ty_err(a) || sema_ty_err(b)) return sema_ty(TY_ERROR, 0);
    val_type r = sema_ty_binary(e->op, a, b);
    if (sema_ty_err(r)) {
        char ba[96], bb[96];
        diag_error(s->d, e->span, "operator '%s' cannot be applied to %s and %s%s", sema_op_text(e->op),
                   sema_ty_name(a, ba), sema_ty_name(b, bb), binary_hint(e->op, a, b));
    } else if (e->op == OP_DIV && sema_ty_int(a) && sema_ty_int(b)) {
        diag_warning_named(s->d, "int-division", e->span,
                     "integer division rounds toward zero; write 1.0 * a / b for real division,"
                     " or a %%/%% b to make the rounding explicit");
    }
    return r;
}

/* ---- variables, indexing, literals ------------------------------------------------ */

static val_type sema_var(sema *s, expr *e) {
    decl *d = sema_lookup(s, e->name);
    if (d) {
        e->decl = d;
        return d->type;
    }
    const char *near = suggest_variable(s, e->name);
    const fn_sig *f[1];
    if (near)
        diag_error(s->d, e->span, "unknown variable '%s'; did you mean '%s'?", e->name, near);
    else if (catalog_find(e->name, f, 1) || sema_has_user_fun(s, e->name))
        diag_error(s->d, e->span, "'%s' is a function, not a variable", e->name);
    else
        diag_error(s->d, e->span, "unknown variable '%s'", e->name);
    return sema_ty(TY_ERROR, 0);
}

/* Index kinds: 0 single (drops a dimension), 1 multi (keeps it), -1 error. */
static int index_kind(sema *s, expr *x) {
    char b[96];
    if (x->kind == EX_RANGE) {
        int ok = 1;
        expr *ends[2] = {x->lhs, x->rhs};
        for (int i = 0; i < 2; i++) {
            if (!ends[i]) continue;
            val_type t = sema_expr(s, ends[i]);
            if (sema_ty_err(t)) ok = 0;
            else if (!sema_ty_int(t)) {
                diag_error(s->d, ends[i]->span, "a range bound must be an int, found %s", sema_ty_name(t, b));
                ok = 0;
            }
        }
        x->type = sema_ty(TY_INT, 1);
        return ok ? 1 : -1;
    }
    val_type t = sema_expr(s, x);
    if (sema_ty_err(t)) return -1;
    if (sema_ty_int(t)) return 0;
    if (t.base == TY_INT && t.array_dims == 1) return 1;
    diag_error(s->d, x->span, "index must be an int, an array of int or a range, found %s", sema_ty_name(t, b));
    return -1;
}

/* Number of dimensions a value of type t can be indexed by. */
static int index_depth(val_type t) {
    shape sh = shape_of(sema_ty(t.base, 0));
    return t.array_dims + (sh == SH_VEC || sh == SH_ROW ? 1 : sh == SH_MAT ? 2 : 0);
}

/* Type of t indexed by kinds[0..n) (0 single, 1 multi). */
static val_type indexed_type(val_type t, const int *kinds, int n) {
    val_type r = t;
    int dims = 0;
    for (int i = 0; i < t.array_dims; i++) dims += i >= n || kinds[i];
    r.array_dims = dims;
    int k = t.array_dims;
    shape sh = shape_of(sema_ty(t.base, 0));
    int cplx = is_cplx(sema_ty(t.base, 0));
    if (sh == SH_VEC || sh == SH_ROW) {
        if (k < n && !kinds[k]) r.base = of_shape(SH_SCALAR, cplx, 0).base;
    } else if (sh == SH_MAT) {
        int rows = k < n ? kinds[k] : 1, cols = k + 1 < n ? kinds[k + 1] : 1;
        shape res = rows && cols ? SH_MAT : rows ? SH_VEC : cols ? SH_ROW : SH_SCALAR;
        r.base = of_shape(res, cplx, 0).base;
    }
    return r;
}

#define SEMA_MAX_INDEX 16

static val_type sema_index(sema *s, expr *e) {
    val_type t = sema_expr(s, e->lhs);
    int kinds[SEMA_MAX_INDEX], ok = 1;
    for (int i = 0; i < e->args.n; i++) {
        int k = index_kind(s, e->args.items[i]);
        if (i < SEMA_MAX_INDEX) kinds[i] = k;
        if (k < 0) ok = 0;
    }
    if (sema_ty_err(t) || !ok) return sema_ty(TY_ERROR, 0);
    if (e->args.n > index_depth(t) || e->args.n > SEMA_MAX_INDEX) {
        char b[96];
        diag_error(s->d, e->span, "too many indexes: %s has type %s, which takes at most %d",
                   e->lhs->kind == EX_VAR ? e->lhs->name : "the expression", sema_ty_name(t, b),
                   index_depth(t));
        return sema_ty(TY_ERROR, 0);
    }
    return indexed_type(t, kinds, e->args.n);
}

/* The common type of two values (for {...}, [...] and ?:), or TY_ERROR. */
static val_type common_type(val_type a, val_type b) {
    if (sema_ty_assignable(a, b)) return a;
    if (sema_ty_assignable(b, a)) return b;
    return sema_ty(TY_ERROR, 0);
}

static val_type sema_array_lit(sema *s, expr *e) {
    val_type t = sema_ty(TY_ERROR, 0);
    for (int i = 0; i < e->args.n; i++) {
        expr *x = e->args.items[i];
        val_type u = sema_expr(s, x);
        if (sema_ty_err(u)) return u;
        if (i == 0) { t = u; continue; }
        val_type c = common_type(t, u);
        if (sema_ty_err(c)) {
            char b1[96], b2[96];
            diag_error(s->d, x->span, "array elements must have one type: element %d is %s but the first is %s",
                       i + 1, sema_ty_name(u, b1), sema_ty_name(t, b2));
            return c;
        }
        t = c;
    }
    if (e->args.n == 0) {
        diag_error(s->d, e->span, "an array expression needs at least one element");
        return t;
    }
    t.array_dims++;
    return t;
}

static val_type sema_rowvec_lit(sema *s, expr *e) {
    int rows = 0, scalars = 0, cplx = 0;
    for (int i = 0; i < e->args.n; i++) {
        expr *x = e->args.items[i];
        val_type u = sema_expr(s, x);
        if (sema_ty_err(u)) return u;
        shape sh = shape_of(u);
        cplx |= is_cplx(u);
        if (sh == SH_SCALAR) scalars++;
        else if (sh == SH_ROW) rows++;
        else {
            char b[96];
            diag_error(s->d, x->span, "elements of [...] must be scalars (a row_vector) or row_vectors (a matrix), found %s",
                       sema_ty_name(u, b));
            return sema_ty(TY_ERROR, 0);
        }
    }
    if (rows && scalars) {
        diag_error(s->d, e->span, "[...] mixes scalars and row_vectors; use all scalars (a row_vector) or all row_vectors (a matrix)");
        return sema_ty(TY_ERROR, 0);
    }
    return of_shape(rows ? SH_MAT : SH_ROW, cplx, 0);
}

static val_type sema_ternary(sema *s, expr *e) {
    val_type c = sema_expr(s, e->cond), a = sema_expr(s, e->lhs), b = sema_expr(s, e->rhs);
    char b1[96], b2[96];
    if (sema_ty_err(c) || sema_ty_err(a) || sema_ty_err(b)) return sema_ty(TY_ERROR, 0);
    if (!sema_ty_prim(c)) {
        diag_error(s->d, e->cond->span, "the condition of '?:' must be an int or real, found %s", sema_ty_name(c, b1));
        return sema_ty(TY_ERROR, 0);
    }
    val_type t = common_type(a, b);
    if (sema_ty_err(t))
        diag_error(s->d, e->span, "the branches of '?:' must have compatible types, found %s and %s",
                   sema_ty_name(a, b1), sema_ty_name(b, b2));
    return t;
}

static val_type sema_tuple_lit(sema *s, expr *e) {
    val_type *parts = arena_alloc(s->p->arena, (size_t)(e->args.n ? e->args.n : 1) * sizeof *parts);
    for (int i = 0; i < e->args.n; i++) {
        parts[i] = sema_expr(s, e->args.items[i]);
        if (sema_ty_err(parts[i])) return parts[i];
    }
    val_type t = sema_ty(TY_TUPLE, 0);
    t.ntuple = e->args.n;
    t.tuple = parts;
    return t;
}

static val_type sema_tuple_get(sema *s, expr *e) {
    val_type t = sema_expr(s, e->lhs);
    char b[96];
    if (sema_ty_err(t)) return t;
    if (t.base != TY_TUPLE || t.array_dims) {
        diag_error(s->d, e->span, "'.%ld' needs a tuple, found %s", e->ival, sema_ty_name(t, b));
        return sema_ty(TY_ERROR, 0);
    }
    if (e->ival < 1 || e->ival > t.ntuple) {
        diag_error(s->d, e->span, "%s has %d components; '.%ld' is out of range", sema_ty_name(t, b), t.ntuple, e->ival);
        return sema_ty(TY_ERROR, 0);
    }
    return t.tuple[e->ival - 1];
}

/* ---- calls --------------------------------------------------------------------- */

/* Where may a function with this name be called?  Reports and returns 0 when
 * not here: _rng, _lp, and the _lupdf/_lupmf forms have rules. */
static int call_context_ok(sema *s, expr *e) {
    const char *fn = s->fun ? s->fun->name : NULL;
    const char *n = e->name;
    if (sema_ends_with(n, "_rng")) {
        if (s->blk == BLK_TDATA || s->blk == BLK_GQ || (fn && sema_ends_with(fn, "_rng"))) return 1;
        diag_error(s->d, e->span, "random number generators ('%s') are only allowed in transformed data, "
                   "generated quantities and functions whose names end in _rng, not in %s",
                   n, fn ? "this function" : ast_block_name(s->blk));
        return 0;
    }
    if (sema_ends_with(n, "_lp")) {
        if (s->blk == BLK_MODEL || s->blk == BLK_TPARAMS || (fn && sema_ends_with(fn, "_lp"))) return 1;
        diag_error(s->d, e->span, "'%s' changes the log density (it ends in _lp), so it can only be called in the "
                   "model block, transformed parameters or another _lp function", n);
        return 0;
    }
    if (sema_ends_with(n, "_lupdf") || sema_ends_with(n, "_lupmf")) {
        if (s->blk == BLK_MODEL && !fn) return 1;
        if (fn && (sema_ends_with(fn, "_lpdf") || sema_ends_with(fn, "_lpmf"))) return 1;
        diag_error(s->d, e->span, "'%s' (dropping constants) is only allowed in the model block or in "
                   "_lpdf/_lpmf functions; write %.*s%s", n, (int)strlen(n) - 6, n,
                   sema_ends_with(n, "_lupdf") ? "_lpdf" : "_lpmf");
        return 0;
    }
    return 1;
}

#define SEMA_MAX_SIGS 64

/* name_lpdf(y | ...), name_lpmf, name_lupdf, name_lupmf on the catalog. */
static val_type sema_density_call(sema *s, expr *e, const char *base, const char *suffix) {
    const fn_sig *sigs[SEMA_MAX_SIGS];
    int count = catalog_find_kind(base, 0, sigs, SEMA_MAX_SIGS);
    if (count > SEMA_MAX_SIGS) count = SEMA_MAX_SIGS;
    int pmf = strstr(suffix, "pmf") != NULL;
    if (!count) {
        const char *near = suggest_function(s, base, 1);
        if (near)
            diag_error(s->d, e->span, "unknown distribution '%s'; did you mean '%s%s'?", e->name, near, suffix);
        else
            diag_error(s->d, e->span, "unknown distribution '%s'", e->name);
        return sema_ty(TY_ERROR, 0);
    }
    if ((sigs[0]->kind == FN_LPMF) != pmf) {
        int lu = suffix[2] == 'u';
        diag_error(s->d, e->span, "'%s' is a %s; write %s%s", base,
                   pmf ? "continuous density" : "probability mass function", base,
                   pmf ? (lu ? "_lupdf" : "_lpdf") : (lu ? "_lupmf" : "_lpmf"));
        return sema_ty(TY_ERROR, 0);
    }
    if (!e->bar_call && e->args.n > 1) {
        diag_error(s->d, e->span, "write %s(y | ...) with '|' after the first argument", e->name);
        return sema_ty(TY_ERROR, 0);
    }
    sema_site c = {e->name, (expr **)e->args.items, e->args.n, 0, e->span};
    val_type r;
    e->sig = sema_match(s, sigs, count, &c, &r);
    return e->sig ? sema_ty(TY_REAL, 0) : sema_ty(TY_ERROR, 0);
}

/* True when one of sigs is the elementwise form "(T) => T". */
static int has_elementwise_form(const fn_sig **sigs, int count) {
    for (int k = 0; k < count; k++)
        if (sigs[k]->stan && !strcmp(sigs[k]->stan, "(T) => T")) return 1;
    return 0;
}

/* The implemented real scalar function applies elementwise to one vector,
 * row_vector or matrix argument (the compiler loops over it) when the
 * function has an elementwise form. */
static const fn_sig *elementwise_impl(const fn_sig **sigs, int count, expr *e) {
    if (e->args.n != 1 || !has_elementwise_form(sigs, count)) return NULL;
    val_type t = ((expr *)e->args.items[0])->type;
    shape sh = shape_of(t);
    if (is_cplx(t) || (sh != SH_VEC && sh != SH_ROW && sh != SH_MAT)) return NULL;
    for (int k = 0; k < count; k++)
        if (sigs[k]->c_value && sigs[k]->nargs == 1 && sigs[k]->args[0] == ARG_REAL && !sigs[k]->stan
            && !sigs[k]->returns_int)
            return sigs[k];
    return NULL;
}

static int is_cdf_name(const char *n) {
    return sema_ends_with(n, "_cdf") || sema_ends_with(n, "_lcdf") || sema_ends_with(n, "_lccdf");
}

static val_type sema_unknown_function(sema *s, expr *e) {
    const char *near = suggest_function(s, e->name, 0);
    if (sema_lookup(s, e->name))
        diag_error(s->d, e->span, "'%s' is a variable, not a function", e->name);
    else if (near)
        diag_error(s->d, e->span, "unknown function '%s'; did you mean '%s'?", e->name, near);
    else
        diag_error(s->d, e->span, "unknown function '%s'", e->name);
    return sema_ty(TY_ERROR, 0);
}

/* f(x) on the catalog (not a density form). */
static val_type sema_math_call(sema *s, expr *e) {
    const fn_sig *sigs[SEMA_MAX_SIGS];
    if (!catalog_find(e->name, sigs, 1)) return sema_unknown_function(s, e);
    int count = catalog_find_kind(e->name, 1, sigs, SEMA_MAX_SIGS);
    if (count > SEMA_MAX_SIGS) count = SEMA_MAX_SIGS;
    if (!count) {
        catalog_find(e->name, sigs, 1);
        diag_error(s->d, e->span, "'%s' is a distribution: use it after '~' or call %s%s(y | ...)",
                   e->name, e->name, sigs[0]->kind == FN_LPDF ? "_lpdf" : "_lpmf");
        return sema_ty(TY_ERROR, 0);
    }
    if (e->bar_call && !is_cdf_name(e->name)) {
        diag_error(s->d, e->span, "'|' is only used in calls to _lpdf, _lpmf and CDF functions; write %s(a, b, ...)",
                   e->name);
        return sema_ty(TY_ERROR, 0);
    }
    const fn_sig *ew = elementwise_impl(sigs, count, e);
    if (ew) {
        e->sig = ew;
        return ((expr *)e->args.items[0])->type;
    }
    sema_site c = {e->name, (expr **)e->args.items, e->args.n, 0, e->span};
    val_type r;
    e->sig = sema_match(s, sigs, count, &c, &r);
    return r;
}

/* target(): the log density so far. */
static val_type sema_target_call(sema *s, expr *e) {
    const char *fn = s->fun ? s->fun->name : NULL;
    if ((!fn && (s->blk == BLK_MODEL || s->blk == BLK_TPARAMS)) || (fn && sema_ends_with(fn, "_lp"))) {
        s->p->reads_target = 1;
        return sema_ty(TY_REAL, 0);
    }
    diag_error(s->d, e->span, "target() is only allowed in the model block, transformed parameters "
               "and functions whose names end in _lp");
    return sema_ty(TY_ERROR, 0);
}

static val_type sema_call(sema *s, expr *e) {
    if (sema_is_hof(e->name) && !sema_has_user_fun(s, e->name)) return sema_hof_call(s, e);
    int string_ok = s->string_ok;
    s->string_ok = 0;
    for (int i = 0; i < e->args.n; i++) sema_expr(s, e->args.items[i]);
    s->string_ok = string_ok;
    for (int i = 0; i < e->args.n; i++)
        if (sema_ty_err(((expr *)e->args.items[i])->type)) return sema_ty(TY_ERROR, 0);
    if (!strcmp(e->name, "target") && e->args.n == 0 && !sema_has_user_fun(s, "target"))
        return sema_target_call(s, e);
    if (!call_context_ok(s, e)) return sema_ty(TY_ERROR, 0);
    char base[128];
    const char *suffix = catalog_density_suffix(e->name, base, sizeof base);
    val_type r;
    if (suffix) {
        /* foo_lupdf resolves to the user's foo_lpdf */
        char full[160];
        snprintf(full, sizeof full, "%s%s", base, strstr(suffix, "pmf") ? "_lpmf" : "_lpdf");
        if (sema_has_user_fun(s, full)) {
            if (!e->bar_call && e->args.n > 1) {
                diag_error(s->d, e->span, "write %s(y | ...) with '|' after the first argument", e->name);
                return sema_ty(TY_ERROR, 0);
            }
            sema_site c = {e->name, (expr **)e->args.items, e->args.n, 0, e->span};
            sema_user_call(s, full, &c, &e->fun, &r);
            return r;
        }
        return sema_density_call(s, e, base, suffix);
    }
    sema_site c = {e->name, (expr **)e->args.items, e->args.n, 0, e->span};
    if (sema_user_call(s, e->name, &c, &e->fun, &r)) {
        if (e->bar_call && !is_cdf_name(e->name)) {
            diag_error(s->d, e->span, "'|' is only used in calls to _lpdf, _lpmf and CDF functions");
            return sema_ty(TY_ERROR, 0);
        }
        return r;
    }
    return sema_math_call(s, e);
}

/* ---- the dispatcher ---------------------------------------------------------------- */

static val_type sema_string(sema *s, expr *e) {
    if (s->string_ok) return sema_ty(TY_STRING, 0);
    diag_error(s->d, e->span, "a string can only be an argument of print, reject or fatal_error");
    return sema_ty(TY_ERROR, 0);
}

val_type sema_expr(sema *s, expr *e) {
    val_type t = sema_ty(TY_ERROR, 0);
    switch (e->kind) {
    case EX_INT_LIT: t = sema_ty(TY_INT, 0); break;
    case EX_REAL_LIT: t = sema_ty(TY_REAL, 0); break;
    case EX_IMAG_LIT: t = sema_ty(TY_COMPLEX, 0); break;
    case EX_VAR: t = sema_var(s, e); break;
    case EX_UNARY: t = sema_unary(s, e); break;
    case EX_BINARY: t = sema_binary(s, e); break;
    case EX_CALL: {
        int void_ok = s->void_ok;
        s->void_ok = 0;
        t = sema_call(s, e);
        s->void_ok = void_ok;
        if (t.base == TY_VOID && !void_ok) {
            diag_error(s->d, e->span, "'%s' returns void, so it has no value to use here", e->name);
            t = sema_ty(TY_ERROR, 0);
        }
        break;
    }
    case EX_INDEX: t = sema_index(s, e); break;
    case EX_TERNARY: t = sema_ternary(s, e); break;
    case EX_RANGE:
        diag_error(s->d, e->span, "a range 'a:b' can only be used as an index");
        break;
    case EX_ARRAY_LIT: t = sema_array_lit(s, e); break;
    case EX_ROWVEC_LIT: t = sema_rowvec_lit(s, e); break;
    case EX_STRING: t = sema_string(s, e); break;
    case EX_TUPLE_LIT: t = sema_tuple_lit(s, e); break;
    case EX_TUPLE_GET: t = sema_tuple_get(s, e); break;
    }
    e->type = t;
    return t;
}

/* ---- data-only expressions ----------------------------------------------------------- */

static int decl_is_data(const decl *d) {
    if (d->type.base == TY_INT) return 1; /* ints are never parameters */
    if (d->kind == DECL_FUN_ARG) return d->is_data_arg;
    return d->block == BLK_DATA || d->block == BLK_TDATA || d->block == BLK_GQ;
}

int sema_is_data(const expr *e) {
    if (!e) return 1;
    if (e->kind == EX_VAR) return !e->decl || decl_is_data(e->decl);
    if (!sema_is_data(e->lhs) || !sema_is_data(e->rhs) || !sema_is_data(e->cond)) return 0;
    for (int i = 0; i < e->args.n; i++)
        if (!sema_is_data(e->args.items[i])) return 0;
    return 1;
}
