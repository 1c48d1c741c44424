/* compiler/lower.c — typed AST -> scalarised IR.
 *
 * In:  a program that passed sema (types, decls and signatures resolved).
 * Out: an ir_module with four functions (tdata, density, write_array,
 * unconstrain): container expressions become loops over scalar elements,
 * parameter transforms and their log-Jacobians become ordinary statements,
 * vectorised densities become size checks plus loops of scalar densities.
 * Never: emits code, or silently lowers a construct it does not understand
 * (it reports "not supported yet: ..." instead).
 */
#include <math.h>
#include <string.h>
#include "lower_int.h"
#include "model.h"


void lw_unsupported(lctx *c, src_span at, const char *what) {
    diag_error(c->dg, at, "not supported yet: %s", what);
}

/* `target += v` in a density that reads target(): sum = sum + v, under
 * `if (flags & BM_JACOBIAN)` for a Jacobian term. */
static void add_to_target_sum(lctx *c, ir_stmt *s) {
    ir_var *sum = c->target_sum;
    ir_stmt *add = ir_assign(c->a, sum, 0, NULL, ir_bin(c->a, OP_ADD, ir_read0(c->a, sum), s->rhs), s->span);
    if (!s->jacobian) {
        ir_push(c->a, c->cur, add);
        return;
    }
    ir_stmt *g = ir_stmt_new(c->a, IS_IF, s->span);
    g->cond = ir_flags(c->a, BM_JACOBIAN);
    ir_push(c->a, &g->body, add);
    ir_push(c->a, c->cur, g);
}

/* Appends s at cur.  `target +=` only means something in the density:
 * elsewhere (transformed parameters recomputed by write_array, calling an
 * _lp function) it is dropped, as Stan does. */
void lw_emit(lctx *c, ir_stmt *s) {
    if (s->kind == IS_TARGET && c->target_acc && !s->jacobian) { /* pointwise log_lik */
        ir_var *a = c->target_acc;
        s = ir_assign(c->a, a, 0, NULL, ir_bin(c->a, OP_ADD, ir_read0(c->a, a), s->rhs), s->span);
    }
    if (s->kind == IS_TARGET && c->fn != IRF_DENSITY) return;
    if (s->kind == IS_TARGET && c->target_sum) {
        add_to_target_sum(c, s);
        return;
    }
    ir_push(c->a, c->cur, s);
}

/* ---- variables ----------------------------------------------------------- */

/* The latest binding of d (inlined functions rebind their declarations),
 * or NULL. */
static var_map *binding(lctx *c, const decl *d) {
    for (int i = c->nmap - 1; i >= 0; i--)
        if (c->map[i].d == d) return &c->map[i];
    return NULL;
}

static ir_var *lookup(lctx *c, const decl *d) {
    var_map *b = binding(c, d);
    return b ? b->v : NULL;
}

static void bind(lctx *c, const decl *d, ir_var *v, ir_expr *value) {
    if (c->nmap == c->cap) {
        int cap = c->cap ? 2 * c->cap : 64;
        var_map *nm = arena_alloc(c->a, sizeof *nm * (size_t)cap);
        if (c->nmap) memcpy(nm, c->map, sizeof *nm * (size_t)c->nmap);
        c->map = nm;
        c->cap = cap;
    }
    c->map[c->nmap++] = (var_map){d, v, value};
}

static void remember(lctx *c, const decl *d, ir_var *v) { bind(c, d, v, NULL); }

void lw_bind_var(lctx *c, const decl *d, ir_var *v) { bind(c, d, v, NULL); }
void lw_bind_value(lctx *c, const decl *d, ir_expr *value) { bind(c, d, NULL, value); }
void lw_forget(lctx *c, const decl *d) {
    bind(c, d, NULL, NULL);
    lw_tuple_forget(c, d);
    lw_complex_forget(c, d);
}

ir_expr *lw_bound_value(lctx *c, const decl *d) {
    var_map *b = binding(c, d);
    return b ? b->value : NULL;
}

static ir_role role_of(lctx *c, const decl *d) {
    if (d->kind == DECL_LOOP_VAR) return IRV_LOOP;
    /* a function's arguments and locals, inlined: create() has no workspace */
    if (d->block == BLK_FUNCTIONS) return lw_temp_role(c);
    if (d->block == BLK_TDATA) return IRV_TDATA; /* tdata locals live in the model */
    if (d->is_local) return IRV_LOCAL;
    switch (d->block) {
    case BLK_DATA: return IRV_DATA;
    case BLK_TDATA: return IRV_TDATA;
    case BLK_PARAMS: return IRV_PARAM;
    case BLK_TPARAMS: return IRV_TPARAM;
    case BLK_GQ: return IRV_GQ;
    default: return IRV_LOCAL;
    }
}

ir_role lw_role_of(lctx *c, const decl *d) { return role_of(c, d); }

ir_role lw_temp_role(lctx *c) {
    return c->in_sub ? IRV_FRAME : c->fn == IRF_TDATA ? IRV_TDATA : IRV_LOCAL;
}

static int decl_ndims(const decl *d) {
    int n = d->type.array_dims;
    if (d->type.base == TY_VECTOR || d->type.base == TY_ROW_VECTOR) n += 1;
    if (d->type.base == TY_MATRIX) n += 2;
    return n;
}

/* Reads only data / tdata (sizes must be known when the model is created). */
int lw_data_only(const ir_expr *e) {
    if (e->kind == IE_VAR && e->var->role != IRV_DATA && e->var->role != IRV_TDATA) return 0;
    for (int i = 0; i < e->nargs; i++)
        if (!lw_data_only(e->args[i])) return 0;
    return 1;
}

int lw_decl_dims(lctx *c, const decl *d, ir_expr **dims) {
    int k = 0, n = decl_ndims(d);
    const expr *sz[IR_MAX_DIMS];
    for (int i = 0; i < d->array_sizes.n && k < IR_MAX_DIMS; i++) sz[k++] = d->array_sizes.items[i];
    if (d->vec_size && k < IR_MAX_DIMS) sz[k++] = d->vec_size;
    if (d->vec_cols && k < IR_MAX_DIMS) sz[k++] = d->vec_cols;
    else if (d->vec_size && d->type.base == TY_MATRIX && k < IR_MAX_DIMS)
        sz[k++] = d->vec_size; /* cov_matrix[K] etc.: K x K */
    if (n > IR_MAX_DIMS) n = IR_MAX_DIMS;
    for (int i = 0; i < n; i++) {
        dims[i] = i < k && sz[i] ? lw_scalar(c, sz[i]) : ir_int(c->a, 0);
        if (!lw_data_only(dims[i]))
            lw_unsupported(c, d->span, "a size that depends on parameters or loop variables");
    }
    return n;
}

static void set_dims(lctx *c, ir_var *v, const decl *d) {
    ir_expr *dims[IR_MAX_DIMS];
    int n = lw_decl_dims(c, d, dims);
    for (int i = 0; i < v->ndims; i++) v->dims[i] = i < n ? dims[i] : ir_int(c->a, 0);
}

/* Names what the back end cannot lower in a declaration, or NULL. */
const char *lw_unsupported_decl(const decl *d) {
    switch (d->type.base) {
    case TY_COMPLEX: case TY_COMPLEX_VECTOR: case TY_COMPLEX_ROW_VECTOR: case TY_COMPLEX_MATRIX:
        return "complex numbers";
    case TY_TUPLE: return "a whole tuple here";
    case TY_STRING: case TY_VOID: case TY_ERROR: return "this type";
    default: break;
    }
    if ((d->offset || d->multiplier) && d->block != BLK_PARAMS)
        return "offset/multiplier outside the parameters block";
    return NULL;
}

ir_var *lw_var(lctx *c, const decl *d) {
    ir_var *v = lookup(c, d);
    if (v) return v;
    const char *why = lw_unsupported_decl(d);
    if (why) lw_unsupported(c, d->span, why);
    int nd = d->kind == DECL_LOOP_VAR ? 0 : decl_ndims(d);
    if (nd > IR_MAX_DIMS) {
        lw_unsupported(c, d->span, "more than 8 dimensions");
        nd = IR_MAX_DIMS;
    }
    v = ir_var_new(c->m, d->name, role_of(c, d), d->type.base == TY_INT || d->kind == DECL_LOOP_VAR, nd);
    v->src = d;
    v->scope = c->cur_for;
    if (v->role == IRV_FRAME && nd > 0) lw_unsupported(c, d->span, "containers in a recursive function");
    remember(c, d, v);
    set_dims(c, v, d);
    return v;
}

ir_var *lw_fresh_loop(lctx *c) {
    return ir_var_new(c->m, arena_printf(c->a, "__i%d", c->nloop++), IRV_LOOP, 1, 0);
}

/* ---- shapes -------------------------------------------------------------- */

/* Number of container dimensions of e (0 for a scalar); sizes into dims. */
static int shape_var(lctx *c, const expr *e, int skip, ir_expr **dims) {
    if (!e->decl || lw_bound_value(c, e->decl)) return 0;
    ir_var *v = lw_var(c, e->decl);
    int n = 0;
    for (int k = skip; k < v->ndims; k++) dims[n++] = ir_dim(c->a, v, k);
    return n;
}

static const fn_sig *scalar_implementation(const fn_sig *sig);

/* Implemented math functions and _rng draws apply elementwise: the shape of
 * their first container argument.  Anything else is reported by lower_call. */
static int shape_call(lctx *c, const expr *e, ir_expr **dims) {
    const fn_sig *sig = scalar_implementation(e->sig);
    if (e->fun || !sig || (sig->kind != FN_MATH && sig->kind != FN_RNG) || !sig->c_value) return 0;
    for (int i = 0; i < e->args.n; i++) {
        int n = lw_shape(c, e->args.items[i], dims);
        if (n) return n;
    }
    return 0;
}

int lw_shape(lctx *c, const expr *e, ir_expr **dims) {
    if (e->type.base == TY_TUPLE || e->kind == EX_TUPLE_GET) return lw_tuple_shape(c, e, dims);
    if (lw_is_complex_any(e) || lw_complex_real_expr(e)) return lw_complex_shape(c, e, dims);
    int n = lw_cshape(c, e, dims);
    if (n >= 0) return n;
    switch (e->kind) {
    case EX_VAR: return shape_var(c, e, 0, dims);
    case EX_INDEX:
        if (e->lhs->kind != EX_VAR) return 0;
        return shape_var(c, e->lhs, e->args.n, dims);
    case EX_UNARY: return lw_shape(c, e->lhs, dims);
    case EX_BINARY: {
        int n = lw_shape(c, e->lhs, dims);
        return n ? n : lw_shape(c, e->rhs, dims);
    }
    case EX_CALL: return shape_call(c, e, dims);
    default: return 0;
    }
}

int lw_is_container(lctx *c, const expr *e) {
    ir_expr *dims[IR_MAX_DIMS * 2];
    return lw_shape(c, e, dims) > 0;
}

/* ---- expressions ----------------------------------------------------------- */

ir_expr *lw_bad(lctx *c, const expr *e, const char *what) {
    lw_unsupported(c, e->span, what);
    return ir_real(c->a, 0);
}

static ir_expr *lower_var_el(lctx *c, const expr *base, const ptr_vec *ix, ir_expr **idx,
                             int nidx, const expr *whole) {
    if (!base->decl) return lw_bad(c, whole, "an unresolved variable");
    ir_expr *value = lw_bound_value(c, base->decl);
    if (value) return (ix && ix->n) || nidx ? lw_bad(c, whole, "this indexing form") : value;
    ir_var *v = lw_var(c, base->decl);
    int nix = ix ? ix->n : 0;
    if (nix + nidx != v->ndims) return lw_bad(c, whole, "this indexing form");
    ir_expr **all = ir_args(c->a, v->ndims);
    for (int i = 0; i < nix; i++) {
        const expr *ie = ix->items[i];
        if (lw_is_container(c, ie)) return lw_bad(c, ie, "multi-indexing");
        all[i] = lw_scalar(c, ie);
    }
    for (int i = 0; i < nidx; i++) all[nix + i] = idx[i];
    ir_expr *r = ir_read(c->a, v, v->ndims, all);
    r->span = whole->span;
    return r;
}

/* Element of a possibly-container operand: scalars ignore idx (broadcast). */
ir_expr *lw_operand(lctx *c, const expr *e, ir_expr **idx, int nidx) {
    if (lw_is_container(c, e)) return lw_el(c, e, idx, nidx);
    c->broadcast += nidx > 0;
    ir_expr *r = lw_scalar(c, e);
    c->broadcast -= nidx > 0;
    return r;
}

/* The name of an operator the back end does not lower, or NULL. */
static const char *unsupported_op(op_kind op) {
    switch (op) {
    case OP_MOD: return "the operator %";
    case OP_INT_DIV: return "the operator %/%";
    case OP_LDIV: return "the operator \\ (left division)";
    case OP_POW: return "the operator ^";
    case OP_ELT_POW: return "the operator .^";
    default: return op > OP_OR && op != OP_ELT_MUL && op != OP_ELT_DIV ? "this operator" : NULL;
    }
}

/* .* and ./ are * and / applied element by element. */
static op_kind elementwise_op(op_kind op) {
    return op == OP_ELT_MUL ? OP_MUL : op == OP_ELT_DIV ? OP_DIV : op;
}

static ir_expr *lower_binary(lctx *c, const expr *e, ir_expr **idx, int nidx) {
    if ((e->op == OP_MUL || e->op == OP_DIV) && lw_is_container(c, e->lhs) && lw_is_container(c, e->rhs))
        return lw_bad(c, e, "products or quotients of two vectors/matrices");
    const char *why = unsupported_op(e->op);
    if (why) return lw_bad(c, e, why);
    ir_expr *r = ir_bin(c->a, elementwise_op(e->op), lw_operand(c, e->lhs, idx, nidx),
                        lw_operand(c, e->rhs, idx, nidx));
    r->span = e->span;
    return r;
}

static ir_expr *lower_unary(lctx *c, const expr *e, ir_expr **idx, int nidx) {
    if (e->op != OP_NEG && e->op != OP_NOT && e->op != OP_PLUS)
        return lw_bad(c, e, "the transposition operator '");
    ir_expr *x = lw_operand(c, e->lhs, idx, nidx);
    if (e->op == OP_PLUS) return x;
    if (e->op == OP_NOT) {
        ir_expr *r = ir_neg(c->a, x);
        r->kind = IE_NOT;
        r->is_int = 1;
        return r;
    }
    return ir_neg(c->a, x);
}

static int density_suffix_propto(const char *name, int *is_density) {
    size_t n = strlen(name);
    static const char *const sfx[] = {"_lpdf", "_lpmf", "_lupdf", "_lupmf"};
    for (int i = 0; i < 4; i++) {
        size_t k = strlen(sfx[i]);
        if (n > k && strcmp(name + n - k, sfx[i]) == 0) {
            *is_density = 1;
            return i >= 2;
        }
    }
    *is_density = 0;
    return 0;
}

/* One scalar element of a density (IE_DENS) or of a CDF (IE_CALL); the
 * caller fills the arguments. */
static ir_expr *dens_node(lctx *c, const fn_sig *sig, int propto, src_span span) {
    ir_expr *r = ir_real(c->a, 0);
    r->kind = sig->kind == FN_CDF ? IE_CALL : IE_DENS;
    r->sig = sig;
    r->propto = propto;
    r->span = span;
    r->nargs = sig->nargs;
    r->args = ir_args(c->a, sig->nargs);
    return r;
}

ir_expr *lw_dens(lctx *c, const char *name, int propto, src_span span, int nargs,
                 ir_expr **args) {
    int n = 0;
    const fn_sig *sig = catalog_lookup(name, &n);
    for (int i = 0; sig && i < n; i++, sig++) {
        if (sig->kind == FN_MATH || sig->nargs != nargs || !sig->c_value) continue;
        ir_expr *r = dens_node(c, sig, propto, span);
        for (int k = 0; k < nargs; k++) r->args[k] = args[k];
        return r;
    }
    return NULL;
}

/* Why a call cannot be lowered (user-defined, no C implementation, a
 * density without its suffix), or NULL. */
static const char *unsupported_call(lctx *c, const char *name, const fn_sig *sig, int user) {
    if (user) return arena_printf(c->a, "user-defined functions (%s)", name);
    if (!sig) return arena_printf(c->a, "function %s", name);
    if (!sig->c_value) return arena_printf(c->a, "function %s", name);
    int is_d = 0;
    density_suffix_propto(name, &is_d);
    if (catalog_is_density(sig) && !is_d) return arena_printf(c->a, "function %s", name);
    return NULL;
}

/* A type-only elementwise signature ("(T) => T") of a function that has a
 * scalar C implementation of real arguments is lowered as that scalar
 * function applied to each element; anything else is returned unchanged. */
static const fn_sig *scalar_implementation(const fn_sig *sig) {
    const fn_sig *impl = catalog_elementwise_impl(sig);
    return impl ? impl : sig;
}

/* True when some argument of s is real (so the call can be active and needs
 * the partials function). */
static int has_real_arg(const fn_sig *s) {
    for (int i = 0; i < s->nargs; i++)
        if (s->args[i] == ARG_REAL || s->args[i] == ARG_REALS) return 1;
    return 0;
}

static ir_stmt *size_check(lctx *c, ir_expr *a, ir_expr *b, const fn_sig *sig, src_span at);

/* A vectorised _rng draws element by element: its container arguments must
 * have one length (checked where each element is drawn). */
static void rng_size_checks(lctx *c, const expr *e) {
    ir_expr *len = NULL, *dims[IR_MAX_DIMS * 2];
    for (int i = 0; i < e->args.n; i++) {
        if (lw_shape(c, e->args.items[i], dims) != 1) continue;
        if (len) lw_emit(c, size_check(c, len, dims[0], e->sig, e->span));
        else len = dims[0];
    }
}

/* target(): the running total of the density; 0 where nothing is added up
 * (transformed parameters recomputed for the output, the log_lik pass), as
 * in Stan's write_array. */
static ir_expr *lower_target_read(lctx *c) {
    return c->target_sum ? ir_read0(c->a, c->target_sum) : ir_real(c->a, 0);
}

static ir_expr *lower_call(lctx *c, const expr *e, ir_expr **idx, int nidx) {
    if (!strcmp(e->name, "target") && !e->args.n && !e->fun) return lower_target_read(c);
    const fn_sig *sig = scalar_implementation(e->sig);
    const char *why = unsupported_call(c, e->name, sig, e->fun != NULL);
    if (why) return lw_bad(c, e, why);
    if (e->args.n != sig->nargs || sig->nargs > FN_MAX_ARGS) return lw_bad(c, e, "this call form");
    int dens = catalog_is_density(sig) || sig->kind == FN_CDF;
    int is_d = 0;
    int propto = density_suffix_propto(e->name, &is_d);
    ir_expr *r;
    if (dens) {
        for (int i = 0; i < e->args.n; i++)
            if (lw_is_container(c, e->args.items[i]))
                return lw_bad(c, e, sig->kind == FN_CDF
                                     ? arena_printf(c->a, "vectorised %s inside a larger expression", e->name)
                                     : "a vectorised density inside a larger expression");
        r = dens_node(c, sig, propto, e->span);
    } else {
        if (sig->kind == FN_RNG && c->broadcast)
            return lw_bad(c, e, arena_printf(c->a, "a scalar %s broadcast over a container (draw it into a "
                                                "variable first)", e->name));
        if (sig->kind == FN_RNG) rng_size_checks(c, e);
        else if (!sig->c_value || (!sig->returns_int && !sig->c_grad && has_real_arg(sig)))
            return lw_bad(c, e, "this function");
        r = ir_real(c->a, 0);
        r->kind = IE_CALL;
        r->sig = sig;
        r->is_int = sig->returns_int;
        r->nargs = sig->nargs;
        r->args = ir_args(c->a, sig->nargs);
        r->span = e->span;
    }
    for (int i = 0; i < e->args.n; i++) r->args[i] = lw_operand(c, e->args.items[i], idx, nidx);
    return r;
}

/* Element idx[0..nidx) of expression e (nidx == its container rank). */
ir_expr *lw_el(lctx *c, const expr *e, ir_expr **idx, int nidx) {
    if (e->type.base == TY_TUPLE) return lw_bad(c, e, "a whole tuple where a value is needed");
    if (lw_is_complex_any(e) || lw_complex_real_expr(e)) return lw_complex_real(c, e, idx, nidx);
    ir_expr *r = lw_cel(c, e, idx, nidx);
    if (r) return r;
    switch (e->kind) {
    case EX_INT_LIT: r = ir_int(c->a, e->ival); break;
    case EX_REAL_LIT: r = ir_real(c->a, e->rval); break;
    case EX_VAR: return lower_var_el(c, e, NULL, idx, nidx, e);
    case EX_INDEX:
        if (e->lhs->kind != EX_VAR) return lw_bad(c, e, "indexing an expression");
        return lower_var_el(c, e->lhs, &e->args, idx, nidx, e);
    case EX_UNARY: r = lower_unary(c, e, idx, nidx); break;
    case EX_BINARY: return lower_binary(c, e, idx, nidx);
    case EX_CALL: return lower_call(c, e, idx, nidx);
    case EX_TERNARY: return lw_bad(c, e, "the conditional operator ?:");
    case EX_RANGE: return lw_bad(c, e, "multi-indexing with ':'");
    case EX_ARRAY_LIT: return lw_bad(c, e, "array expressions { ... }");
    case EX_ROWVEC_LIT: return lw_bad(c, e, "row vector expressions [ ... ]");
    case EX_STRING: return lw_bad(c, e, "strings here");
    case EX_IMAG_LIT: return lw_complex_real(c, e, idx, nidx);
    case EX_TUPLE_GET: return lw_tuple_el(c, e, idx, nidx);
    case EX_TUPLE_LIT: return lw_bad(c, e, "a whole tuple where a value is needed");
    default: return lw_bad(c, e, "this expression");
    }
    r->span = e->span;
    return r;
}

ir_expr *lw_scalar(lctx *c, const expr *e) {
    ir_expr *dims[IR_MAX_DIMS * 2];
    if (lw_shape(c, e, dims)) return lw_bad(c, e, "a container where a scalar is needed");
    return lw_el(c, e, NULL, 0);
}

/* ---- loops over shapes ------------------------------------------------------ */

/* Opens nested loops over dims[0..n) (first outermost, row-major order);
 * fills idx with the loop reads; returns the innermost block.  With
 * col_major the LAST dimension is outermost. */
ir_block *lw_open_loops(lctx *c, ir_expr **dims, int n, ir_expr **idx, int col_major,
                            src_span span) {
    ir_block *b = c->cur;
    for (int j = 0; j < n; j++) {
        int k = col_major ? n - 1 - j : j;
        ir_var *lv = lw_fresh_loop(c);
        ir_stmt *f = ir_for(c->a, lv, ir_int(c->a, 1), dims[k], span);
        ir_push(c->a, b, f);
        idx[k] = ir_read0(c->a, lv);
        b = &f->body;
    }
    return b;
}

void lw_var_dims(lctx *c, ir_var *v, ir_expr **dims) {
    for (int k = 0; k < v->ndims; k++) dims[k] = ir_dim(c->a, v, k);
}

/* Zero-based row-major flat index of idx within v. */
ir_expr *lw_flat_index(lctx *c, ir_var *v, ir_expr **idx) {
    ir_expr *f = ir_int(c->a, 0);
    for (int k = 0; k < v->ndims; k++) {
        f = ir_bin(c->a, OP_MUL, f, ir_dim(c->a, v, k));
        f = ir_bin(c->a, OP_ADD, f, ir_bin(c->a, OP_SUB, idx[k], ir_int(c->a, 1)));
    }
    return f;
}

/* ---- densities ------------------------------------------------------------- */

static ir_stmt *size_check(lctx *c, ir_expr *a, ir_expr *b, const fn_sig *sig, src_span at) {
    ir_stmt *s = ir_stmt_new(c->a, IS_CHECK, at);
    s->cond = ir_bin(c->a, OP_NE, a, b);
    s->msg = arena_printf(c->a, "size mismatch in vectorised %s: its vector arguments have "
                                "different lengths", sig->name);
    return s;
}

void lw_add_term(lctx *c, ir_var *acc, ir_expr *v, src_span span) {
    if (!acc) lw_emit(c, ir_target(c->a, v, span));
    else lw_emit(c, ir_assign(c->a, acc, 0, NULL, ir_bin(c->a, OP_ADD, ir_read0(c->a, acc), v), span));
}

/* target (or acc) += sum over elements of sig(args...) with broadcasting
 * of scalars. */
static void lower_density(lctx *c, const fn_sig *sig, const expr **args, int n, int propto,
                          src_span span, ir_var *acc) {
    if (!sig || n != sig->nargs) {
        lw_unsupported(c, span, "this density call form");
        return;
    }
    ir_expr *len = NULL, *dims[IR_MAX_DIMS * 2];
    for (int i = 0; i < n; i++) {
        int nd = lw_shape(c, args[i], dims);
        if (nd > 1) { lw_unsupported(c, args[i]->span, "multi-dimensional arguments of a density"); return; }
        if (nd == 1 && !len) len = dims[0];
        else if (nd == 1) lw_emit(c, size_check(c, len, dims[0], sig, span));
    }
    ir_expr *d = dens_node(c, sig, propto, span);
    ir_expr *idx[1];
    ir_block *saved = c->cur;
    if (len) c->cur = lw_open_loops(c, &len, 1, idx, 0, span);
    for (int i = 0; i < n; i++) d->args[i] = lw_operand(c, args[i], idx, len ? 1 : 0);
    lw_add_term(c, acc, d, span);
    c->cur = saved;
}

void lw_density_into(lctx *c, const expr *call, ir_var *acc) {
    char base[128];
    const char *sfx = catalog_density_suffix(call->name, base, sizeof base);
    int propto = sfx && (!strcmp(sfx, "_lupdf") || !strcmp(sfx, "_lupmf"));
    const expr **args = (const expr **)call->args.items;
    if (sfx && lw_multi_density(c, base, args, call->args.n, propto, call->span, acc)) return;
    if (call->sig && call->sig->kind == FN_CDF && !catalog_cdf_is_log(call->sig)) {
        lw_unsupported(c, call->span, arena_printf(c->a, "vectorised %s (a product over the elements)",
                                                   call->name));
        return;
    }
    lower_density(c, call->sig, args, call->args.n, propto, call->span, acc);
}

/* ---- statements ---------------------------------------------------------- */

static void lower_stmts(lctx *c, const ptr_vec *body);
static void lower_stmt(lctx *c, const stmt *s);

static void assign_el(lctx *c, ir_var *v, const expr *lhs, const expr *rhs, op_kind op,
                      src_span span) {
    ir_expr *dims[IR_MAX_DIMS * 2], *idx[IR_MAX_DIMS * 2];
    int nd = lw_shape(c, lhs, dims);
    ir_block *saved = c->cur;
    int errors0 = c->dg->errors;
    c->cur = lw_open_loops(c, dims, nd, idx, 0, span);
    ir_expr *target = lw_el(c, lhs, idx, nd);
    ir_expr *val = lw_operand(c, rhs, idx, nd);
    if (op != OP_EQ) val = ir_bin(c->a, elementwise_op(op), target, val);
    if (target->kind == IE_VAR) {
        if (v->is_int && !val->is_int && c->dg->errors == errors0)
            lw_unsupported(c, span, "assigning a real to an int");
        lw_emit(c, ir_assign(c->a, v, target->nargs, target->args, val, span));
    }
    c->cur = saved;
}

/* The variable an assignment writes: a declared variable, indexed any
 * number of times (`w[i][j] = ...`), or the leaf of a tuple component
 * (`t.2[1] = ...`); NULL (reported) otherwise. */
static ir_var *assigned_var(lctx *c, const stmt *s) {
    const expr *root = s->lhs;
    while (root->kind == EX_INDEX) root = root->lhs;
    ir_var *v = NULL;
    if (root->kind == EX_TUPLE_GET) v = lw_tuple_leaf_var(c, root);
    else if (root->kind == EX_VAR && root->decl) v = lw_var(c, root->decl);
    if (!v) lw_unsupported(c, s->span, "this assignment target");
    return v;
}

/* x *= y and x /= y with a vector or matrix y: the product x * y (or x / y)
 * computed whole into a temporary first, then copied into x. */
static void assign_product(lctx *c, ir_var *v, const stmt *s) {
    expr *prod = arena_alloc(c->a, sizeof *prod);
    *prod = (expr){.kind = EX_BINARY, .op = s->assign_op, .lhs = s->lhs, .rhs = s->rhs,
                   .type = s->lhs->type, .span = s->span};
    lw_hoist(c, prod);
    assign_el(c, v, s->lhs, prod, OP_EQ, s->span);
}

static void lower_assign(lctx *c, const stmt *s) {
    if (s->lhs->type.base == TY_TUPLE) {
        lw_tuple_assign(c, s->lhs, s->rhs, s->span);
        return;
    }
    if (lw_is_complex_any(s->lhs)) {
        lw_complex_assign(c, s->lhs, s->rhs, s->assign_op);
        return;
    }
    int elementwise = s->assign_op == OP_ELT_MUL || s->assign_op == OP_ELT_DIV;
    if (s->assign_op != OP_EQ && s->assign_op > OP_DIV && !elementwise) {
        lw_unsupported(c, s->span, "this compound assignment");
        return;
    }
    ir_var *v = assigned_var(c, s);
    if (!v) return;
    if ((s->assign_op == OP_MUL || s->assign_op == OP_DIV) && lw_is_container(c, s->lhs) &&
        lw_is_container(c, s->rhs)) {
        assign_product(c, v, s);
        return;
    }
    assign_el(c, v, s->lhs, s->rhs, s->assign_op, s->span);
}

static void lower_decl(lctx *c, const stmt *s) {
    if (s->decl->type.base == TY_TUPLE) {
        lw_tuple_decl(c, s);
        return;
    }
    if (lw_is_complex_decl(s->decl)) {
        lw_complex_decl(c, s);
        return;
    }
    ir_var *v = lw_var(c, s->decl);
    if (v->role == IRV_TDATA) {
        ir_stmt *al = ir_stmt_new(c->a, IS_ALLOC, s->span);
        al->var = v;
        lw_emit(c, al);
    }
    if (!s->decl->init) return;
    expr lhs = {.kind = EX_VAR, .span = s->decl->name_span, .decl = s->decl, .name = s->decl->name};
    assign_el(c, v, &lhs, s->decl->init, OP_EQ, s->span);
}

/* A CDF term of sig's distribution at x (the other arguments as given). */
static ir_expr *cdf_at(lctx *c, const stmt *s, const char *suffix, ir_expr *x, ir_expr **pa, int n) {
    pa[0] = x;
    return lw_dens(c, arena_printf(c->a, "%s%s", s->sig->name, suffix), 0, s->span, n, pa);
}

/* y ~ D(args) T[L, U]: target += D_lpdf(y | args) - log(F(U) - F(L)), F
 * the CDF (F(L - 1) for a discrete D), as Stan; T[L, ] uses 1 - F(L) and
 * T[, U] F(U).  y outside [L, U] makes the target -inf. */
static void lower_truncated(lctx *c, const stmt *s, const expr **args, int n) {
    for (int i = 0; i < n; i++)
        if (lw_is_container(c, args[i])) {
            lw_unsupported(c, s->span, "truncation of a vectorised sampling statement");
            return;
        }
    arena *a = c->a;
    ir_expr *pa[FN_MAX_ARGS + 1];
    for (int i = 1; i < n; i++) pa[i] = lw_scalar(c, args[i]);
    ir_expr *y = lw_scalar(c, s->lhs);
    ir_expr *lo = s->trunc_lo ? lw_scalar(c, s->trunc_lo) : NULL;
    ir_expr *hi = s->trunc_hi ? lw_scalar(c, s->trunc_hi) : NULL;
    ir_expr *outside = NULL;
    if (lo) outside = ir_bin(a, OP_LT, y, lo);
    if (hi) outside = outside ? ir_bin(a, OP_OR, outside, ir_bin(a, OP_GT, y, hi))
                              : ir_bin(a, OP_GT, y, hi);
    ir_stmt *out = ir_stmt_new(a, IS_IF, s->span);
    out->cond = outside;
    lw_emit(c, out);
    ir_block *saved = c->cur;
    c->cur = &out->body;
    lw_emit(c, ir_target(a, ir_real(a, -HUGE_VAL), s->span));
    c->cur = &out->els;
    lower_density(c, s->sig, args, n, 1, s->span, NULL);
    if (lo && s->sig->kind == FN_LPMF) lo = ir_bin(a, OP_SUB, lo, ir_int(a, 1));
    ir_expr *norm;
    if (lo && hi) { /* log(F(U) - F(L)) = lF(U) + log(1 - exp(lF(L) - lF(U))) */
        ir_expr *fu = cdf_at(c, s, "_lcdf", hi, pa, n), *fl = cdf_at(c, s, "_lcdf", lo, pa, n);
        norm = fu && fl ? ir_bin(a, OP_ADD, fu, ir_intrin1(a, II_LOG, ir_bin(a, OP_SUB, ir_real(a, 1),
                              ir_intrin1(a, II_EXP, ir_bin(a, OP_SUB, fl, fu))))) : NULL;
    } else {
        norm = lo ? cdf_at(c, s, "_lccdf", lo, pa, n) : cdf_at(c, s, "_lcdf", hi, pa, n);
    }
    if (!norm)
        lw_unsupported(c, s->span, arena_printf(a, "truncation of %s (it has no CDF)", s->sig->name));
    else
        lw_emit(c, ir_target(a, ir_neg(a, norm), s->span));
    c->cur = saved;
}

static void lower_tilde(lctx *c, const stmt *s) {
    const expr *args[FN_MAX_ARGS + 1];
    int n = 0;
    args[n++] = s->lhs;
    for (int i = 0; i < s->args.n && n <= FN_MAX_ARGS; i++) args[n++] = s->args.items[i];
    if (s->fun && !s->truncated) { /* a user-defined _lpdf / _lpmf */
        ir_var *r = lw_inline(c, s->fun, args, n, s->lhs);
        if (r) lw_emit(c, ir_target(c->a, ir_read0(c->a, r), s->span));
        return;
    }
    if (!s->fun && !s->truncated && lw_multi_density(c, s->dist_name, args, n, 1, s->span, NULL)) return;
    if (s->fun || !s->sig || !s->sig->c_value) {
        lw_unsupported(c, s->dist_span.line ? s->dist_span : s->span,
                    arena_printf(c->a, s->fun ? "user-defined distributions (%s)" : "the %s distribution",
                                 s->dist_name));
        return;
    }
    if (s->truncated) {
        lower_truncated(c, s, args, n);
        return;
    }
    lower_density(c, s->sig, args, n, 1, s->span, NULL);
}

/* target += NAME_lcdf(y | ...) (or _lccdf) with container arguments: the sum
 * of the elements, lowered like a vectorised density.  _cdf would be a
 * product: not yet. */
static void lower_target_cdf(lctx *c, const stmt *s, const expr *e) {
    const char *why = unsupported_call(c, e->name, e->sig, 0);
    if (!why && !catalog_cdf_is_log(e->sig))
        why = arena_printf(c->a, "vectorised %s (a product over the elements)", e->name);
    if (why) {
        lw_unsupported(c, e->span, why);
        return;
    }
    lower_density(c, e->sig, (const expr **)e->args.items, e->args.n, 0, s->span, NULL);
}

/* Does the call have a container argument? */
static int has_container_arg(lctx *c, const expr *e) {
    for (int i = 0; i < e->args.n; i++)
        if (lw_is_container(c, e->args.items[i])) return 1;
    return 0;
}

static void lower_target(lctx *c, const stmt *s) {
    const expr *e = s->rhs;
    int is_d = 0;
    char base[128];
    const char *sfx = e->kind == EX_CALL && !e->fun ? catalog_density_suffix(e->name, base, sizeof base) : NULL;
    if (sfx && e->args.n <= FN_MAX_ARGS + 1 &&
        lw_multi_density(c, base, (const expr **)e->args.items, e->args.n,
                         !strcmp(sfx, "_lupdf") || !strcmp(sfx, "_lupmf"), s->span, NULL))
        return;
    if (e->kind == EX_CALL && !e->fun && e->sig && e->sig->kind == FN_CDF && has_container_arg(c, e)) {
        lower_target_cdf(c, s, e);
        return;
    }
    if (e->kind == EX_CALL && !e->fun && catalog_is_density(e->sig)) {
        const char *why = unsupported_call(c, e->name, e->sig, e->fun != NULL);
        if (why) {
            lw_unsupported(c, e->span, why);
            return;
        }
        int propto = density_suffix_propto(e->name, &is_d);
        lower_density(c, e->sig, (const expr **)e->args.items, e->args.n, propto, s->span, NULL);
        return;
    }
    ir_expr *dims[IR_MAX_DIMS * 2], *idx[IR_MAX_DIMS * 2];
    int nd = lw_shape(c, e, dims);
    ir_block *saved = c->cur;
    c->cur = lw_open_loops(c, dims, nd, idx, 0, s->span);
    lw_emit(c, ir_target(c->a, lw_el(c, e, idx, nd), s->span));
    c->cur = saved;
}

static void lower_loop(lctx *c, const stmt *s) {
    ir_var *lv = lw_var(c, s->decl);
    ir_expr *lo = lw_scalar(c, s->lo), *hi = lw_scalar(c, s->hi);
    lw_jumps j;
    lw_jumps_open(c, s, &j);
    ir_stmt *f = ir_for(c->a, lv, lo, hi, s->span);
    f->plate = s->kind == ST_PLATE;
    lw_emit(c, f);
    ir_block *saved = c->cur;
    const ir_stmt *saved_for = c->cur_for;
    c->cur = &f->body;
    c->cur_for = f;
    lw_return_guard(c, s); /* a loop that may return: each iteration checks */
    lw_jumps_enter(c, &j, 1);
    if (f->plate) lw_pointwise_enter(c, s, lv);
    lower_stmts(c, &s->body);
    if (f->plate) lw_pointwise_leave(c, s);
    lw_jumps_close(c, &j);
    c->cur = saved;
    c->cur_for = saved_for;
}

/* if (cond) then [else ...]: an IR `if` (the gradient pushes the condition). */
static void lower_if(lctx *c, const stmt *s) {
    ir_stmt *f = ir_stmt_new(c->a, IS_IF, s->span);
    f->cond = lw_scalar(c, s->cond);
    lw_emit(c, f);
    ir_block *saved = c->cur;
    c->cur = &f->body;
    lower_stmt(c, s->then_s);
    c->cur = &f->els;
    if (s->else_s) lower_stmt(c, s->else_s);
    c->cur = saved;
}

/* while (cond) body.  The condition is evaluated before every iteration,
 * so it must not need statements of its own (a temporary computed once
 * before the loop would be stale). */
static void lower_while(lctx *c, const stmt *s) {
    ir_stmt *w = ir_stmt_new(c->a, IS_WHILE, s->span);
    ir_block scratch = {0}, *saved = c->cur;
    c->cur = &scratch;
    w->cond = lw_scalar(c, s->cond);
    c->cur = saved;
    if (scratch.n) {
        lw_unsupported(c, s->cond->span, "a while condition that needs computing first (assign it "
                                         "to a variable updated in the loop)");
        return;
    }
    lw_jumps j;
    lw_jumps_open(c, s, &j);
    w->cond = lw_jumps_while_cond(c, &j, w->cond);
    lw_emit(c, w);
    const ir_stmt *saved_for = c->cur_for;
    c->cur = &w->body;
    c->cur_for = NULL; /* locals of the body are not fused per iteration */
    lw_return_guard(c, s);
    lw_jumps_enter(c, &j, 0);
    lower_stmts(c, &s->body);
    lw_jumps_close(c, &j);
    c->cur = saved;
    c->cur_for = saved_for;
}

/* A sampling statement or `target +=`: in the pointwise pass it feeds
 * log_lik / Y_rep; in the density an observed one is skipped under
 * BM_PRIOR (sample --prior). */
static void lower_observable(lctx *c, const stmt *s) {
    void (*lower)(lctx *, const stmt *) = s->kind == ST_TILDE ? lower_tilde : lower_target;
    if (lw_pointwise_stmt(c, s, lower)) return;
    ir_block *g = lw_prior_guard(c, s);
    lower(c, s);
    if (g) c->cur = g;
}

/* for (x in container): over the first dimension of an array (x an
 * element, a copy when it is a container), or over every element of a
 * vector / row_vector / matrix (column-major, as Stan). */
static void lower_foreach(lctx *c, const stmt *s) {
    ir_expr *dims[IR_MAX_DIMS * 2], *idx[IR_MAX_DIMS * 2];
    int nd = lw_shape(c, s->rhs, dims);
    int nloop = s->rhs->type.array_dims ? 1 : nd;
    lw_jumps jumps;
    lw_jumps_open(c, s, &jumps);
    ir_block *saved = c->cur;
    const ir_stmt *saved_for = c->cur_for;
    for (int j = 0; j < nloop; j++) {
        int k = s->rhs->type.base == TY_MATRIX && !s->rhs->type.array_dims ? nloop - 1 - j : j;
        ir_var *lv = lw_fresh_loop(c);
        ir_stmt *f = ir_for(c->a, lv, ir_int(c->a, 1), dims[k], s->span);
        lw_emit(c, f);
        idx[k] = ir_read0(c->a, lv);
        c->cur = &f->body;
        c->cur_for = f;
    }
    lw_forget(c, s->decl);
    if (s->decl->type.base == TY_TUPLE) {
        lw_tuple_bind_element(c, s->decl, s->rhs, idx[0]);
    } else if (nd == nloop) {
        lw_bind_value(c, s->decl, lw_el(c, s->rhs, idx, nd));
    } else {
        ir_var *t = lw_temp(c, s->rhs, s->decl->type.base == TY_INT, nd - nloop, dims + nloop);
        ir_block *in = c->cur;
        c->cur = lw_open_loops(c, dims + nloop, nd - nloop, idx + nloop, 0, s->span);
        lw_set(c, t, idx + nloop, lw_el(c, s->rhs, idx, nd), s->rhs);
        c->cur = in;
        lw_bind_var(c, s->decl, t);
    }
    lw_return_guard(c, s);
    lw_jumps_enter(c, &jumps, 1);
    lower_stmts(c, &s->body);
    lw_jumps_close(c, &jumps);
    c->cur = saved;
    c->cur_for = saved_for;
}

static ir_stmt *print_part(lctx *c, const stmt *s, const char *msg, ir_expr *v) {
    ir_stmt *p = ir_stmt_new(c->a, IS_PRINT, s->span);
    p->msg = msg;
    p->rhs = v;
    lw_emit(c, p);
    return p;
}

/* One number, or a complex one as (re,im). */
static void print_number(lctx *c, const stmt *s, const expr *a, ir_expr **idx, int nd) {
    if (!lw_is_complex_any(a)) {
        print_part(c, s, NULL, lw_el(c, a, idx, nd));
        return;
    }
    ir_expr *re, *im;
    lw_complex_parts(c, a, idx, nd, &re, &im);
    print_part(c, s, "(", NULL);
    print_part(c, s, NULL, re);
    print_part(c, s, ",", NULL);
    print_part(c, s, NULL, im);
    print_part(c, s, ")", NULL);
}

/* print_part under a condition. */
static void print_part_if(lctx *c, const stmt *s, const char *msg, ir_expr *cond) {
    ir_stmt *st = ir_stmt_new(c->a, IS_IF, s->span);
    st->cond = cond;
    lw_emit(c, st);
    ir_block *in = c->cur;
    c->cur = &st->body;
    print_part(c, s, msg, NULL);
    c->cur = in;
}

/* True when the indices idx[k..nd) are all 1 (at_end 0) or all at their
 * last value (at_end 1): an inner list opens or closes there. */
static ir_expr *print_edge(lctx *c, ir_expr **idx, ir_expr **dims, int k, int nd, int at_end) {
    ir_expr *all = NULL;
    for (int j = k; j < nd; j++) {
        ir_expr *t = ir_bin(c->a, OP_EQ, idx[j], at_end ? dims[j] : ir_int(c->a, 1));
        all = all ? ir_bin(c->a, OP_AND, all, t) : t;
    }
    return all;
}

/* print(a, "text", v): strings as they are, numbers with %g, complex
 * numbers as (re,im), containers as Stan prints them, nested lists
 * [[x11,x12],[x21,x22]] (arrays, and the rows of a matrix), tuples as
 * (a, b); one line per statement, on stdout. */
static void print_value(lctx *c, const stmt *s, const expr *a) {
    ir_expr *dims[IR_MAX_DIMS * 2], *idx[IR_MAX_DIMS * 2];
    a = lw_tuple_readable(c, a);
    int nd = lw_shape(c, a, dims);
    if (!nd && a->type.base == TY_TUPLE) {
        print_part(c, s, "(", NULL);
        for (int i = 0; i < a->type.ntuple; i++) {
            if (i) print_part(c, s, ", ", NULL);
            print_value(c, s, lw_tuple_comp(c, a, i));
        }
        print_part(c, s, ")", NULL);
        return;
    }
    if (!nd) {
        print_number(c, s, a, NULL, 0);
        return;
    }
    print_part(c, s, "[", NULL);
    ir_block *saved = c->cur;
    c->cur = lw_open_loops(c, dims, nd, idx, 0, s->span);
    print_part_if(c, s, ",", ir_bin(c->a, OP_EQ, print_edge(c, idx, dims, 0, nd, 0), ir_int(c->a, 0)));
    for (int k = 1; k < nd; k++) print_part_if(c, s, "[", print_edge(c, idx, dims, k, nd, 0));
    if (a->type.base == TY_TUPLE) print_value(c, s, lw_tuple_index(c, a, idx, nd));
    else print_number(c, s, a, idx, nd);
    for (int k = nd - 1; k >= 1; k--) print_part_if(c, s, "]", print_edge(c, idx, dims, k, nd, 1));
    c->cur = saved;
    print_part(c, s, "]", NULL);
}

static void lower_print(lctx *c, const stmt *s) {
    if (c->pointwise) return; /* printed by the density, not again per draw */
    for (int i = 0; i < s->args.n; i++) {
        const expr *a = s->args.items[i];
        if (a->kind == EX_STRING) print_part(c, s, a->str, NULL);
        else print_value(c, s, a);
    }
    print_part(c, s, NULL, NULL)->plate = 1;
}

/* reject(...) / fatal_error(...): the string parts become the message; a
 * rejection in the model block, a failure in transformed data. */
static void lower_reject(lctx *c, const stmt *s) {
    const char *msg = s->kind == ST_REJECT ? "reject:" : "fatal_error:";
    for (int i = 0; i < s->args.n; i++) {
        const expr *a = s->args.items[i];
        msg = a->kind == EX_STRING ? arena_printf(c->a, "%s %s", msg, a->str)
                                   : arena_printf(c->a, "%s <%s>", msg, a->name ? a->name : "value");
    }
    ir_stmt *chk = ir_stmt_new(c->a, IS_CHECK, s->span);
    chk->cond = ir_int(c->a, 1);
    chk->msg = msg;
    lw_emit(c, chk);
}

static const char *stmt_feature(stmt_kind k) {
    switch (k) {
    case ST_WHILE: return "while loops";
    case ST_FOREACH: return "for loops over the elements of a container";
    case ST_BREAK: return "break";
    case ST_CONTINUE: return "continue";
    case ST_RETURN: return "return";
    case ST_PRINT: return "print";
    case ST_REJECT: return "reject";
    case ST_FATAL_ERROR: return "fatal_error";
    case ST_CALL: return "function calls as statements";
    case ST_PROFILE: return "profile blocks";
    default: return "this statement";
    }
}

/* Computes the statement's own hoistable sub-expressions (not those of
 * nested statements) before it. */
static void hoist_args(lctx *c, const expr *e) {
    for (int i = 0; e && i < e->args.n; i++) lw_hoist_any(c, e->args.items[i]);
}

static void hoist_stmt(lctx *c, const stmt *s) {
    lw_hoist_begin(c);
    switch (s->kind) {
    case ST_DECL: lw_hoist_any(c, s->decl->init); break;
    case ST_ASSIGN: lw_hoist_any(c, s->lhs); lw_hoist_any(c, s->rhs); break;
    case ST_TILDE:
        lw_hoist_any(c, s->lhs);
        for (int i = 0; i < s->args.n; i++) lw_hoist_any(c, s->args.items[i]);
        lw_hoist_any(c, s->trunc_lo);
        lw_hoist_any(c, s->trunc_hi);
        break;
    case ST_TARGET:
        if (s->rhs->kind == EX_CALL && s->rhs->sig && s->rhs->sig->kind != FN_MATH)
            hoist_args(c, s->rhs); /* lowered as a density statement */
        else lw_hoist_any(c, s->rhs);
        break;
    case ST_FOR: case ST_PLATE: lw_hoist_any(c, s->lo); lw_hoist_any(c, s->hi); break;
    case ST_FOREACH: lw_hoist_any(c, s->rhs); break;
    case ST_IF: lw_hoist_any(c, s->cond); break;
    case ST_RETURN: lw_hoist_any(c, s->rhs); break;
    case ST_CALL: hoist_args(c, s->rhs); break;
    case ST_PRINT:
        for (int i = 0; i < s->args.n; i++) lw_hoist_any(c, s->args.items[i]);
        break;
    default: break;
    }
}

static void lower_stmt(lctx *c, const stmt *s) {
    hoist_stmt(c, s);
    switch (s->kind) {
    case ST_DECL: lower_decl(c, s); break;
    case ST_ASSIGN: lower_assign(c, s); break;
    case ST_TILDE: case ST_TARGET: lower_observable(c, s); break;
    case ST_FOR: case ST_PLATE: lower_loop(c, s); break;
    case ST_BLOCK: case ST_PROFILE: lower_stmts(c, &s->body); break;
    case ST_IF: lower_if(c, s); break;
    case ST_RETURN: lw_return(c, s); break;
    case ST_CALL: lw_call_stmt(c, s); break;
    case ST_REJECT: case ST_FATAL_ERROR: lower_reject(c, s); break;
    case ST_WHILE: lower_while(c, s); break;
    case ST_FOREACH: lower_foreach(c, s); break;
    case ST_PRINT: lower_print(c, s); break;
    case ST_BREAK: case ST_CONTINUE: lw_jump(c, s); break;
    case ST_EMPTY: break;
    default: lw_unsupported(c, s->span, stmt_feature(s->kind)); break;
    }
}

void lw_stmts(lctx *c, const ptr_vec *body) { lower_stmts(c, body); }

static void lower_stmts(lctx *c, const ptr_vec *body) {
    ir_block *outer = NULL;
    for (int i = 0; i < body->n; i++) {
        lower_stmt(c, body->items[i]);
        ir_block *b = i + 1 < body->n ? lw_return_guard(c, body->items[i]) : NULL;
        if (b && !outer) outer = b;
        b = i + 1 < body->n ? lw_jump_guard(c, body->items[i]) : NULL;
        if (b && !outer) outer = b;
    }
    if (outer) c->cur = outer;
}

/* ---- constraints --------------------------------------------------------- */

typedef struct {
    ir_expr *lo, *hi;   /* element bounds or NULL */
    ir_expr *off, *mul; /* <offset=, multiplier=> of the element or NULL */
} bounds;

/* Computes hoistable parts of d's bounds before the loops that use them. */
static void hoist_bounds(lctx *c, const decl *d) {
    lw_hoist_begin(c);
    lw_hoist(c, d->lower);
    lw_hoist(c, d->upper);
    lw_hoist(c, d->offset);
    lw_hoist(c, d->multiplier);
}

/* Bounds of element idx of v (a tuple component's bounds see only the
 * component's own indices, not those of enclosing arrays of tuples). */
static bounds elem_bounds(lctx *c, ir_var *v, ir_expr **idx) {
    int skip = lw_tuple_outer_dims(c, v);
    const decl *d = v->src;
    idx += skip;
    int nidx = v->ndims - skip;
    bounds b = {NULL, NULL, NULL, NULL};
    if (d->lower) b.lo = lw_operand(c, d->lower, idx, nidx);
    if (d->upper) b.hi = lw_operand(c, d->upper, idx, nidx);
    if (d->offset) b.off = lw_operand(c, d->offset, idx, nidx);
    if (d->multiplier) b.mul = lw_operand(c, d->multiplier, idx, nidx);
    return b;
}

/* A multiplier must be positive (Stan rejects the draw otherwise). */
static void check_multiplier(lctx *c, ir_var *v, bounds b) {
    if (!b.mul) return;
    ir_stmt *s = ir_stmt_new(c->a, IS_CHECK, v->src->span);
    s->cond = ir_bin(c->a, OP_LE, b.mul, ir_real(c->a, 0));
    s->msg = arena_printf(c->a, "the multiplier of '%s' is not positive", lw_var_label(c, v));
    lw_emit(c, s);
}

/* x = offset + multiplier * u, log|J| = log(multiplier). */
static ir_expr *affine_el(lctx *c, bounds b, ir_expr *u, ir_expr **lj) {
    ir_expr *x = b.mul ? ir_bin(c->a, OP_MUL, b.mul, u) : u;
    if (b.off) x = ir_bin(c->a, OP_ADD, b.off, x);
    *lj = b.mul ? ir_intrin1(c->a, II_LOG, b.mul) : NULL;
    return x;
}

/* Checks x (an element read) against declared bounds: data -> fail_elem,
 * otherwise a message naming the variable. */
static const char *bound_text(lctx *c, const decl *d, int which);

/* The declaration of v as written (a tuple component: the whole tuple's). */
static const char *decl_text(lctx *c, const ir_var *v) {
    const decl *top = lw_tuple_top_decl(c, v);
    return bound_text(c, top ? top : v->src, -1);
}

static void check_bounds(lctx *c, ir_var *v, ir_expr *x, bounds b, ir_expr *flat, src_span at) {
    for (int side = 0; side < 2; side++) {
        ir_expr *bd = side ? b.hi : b.lo;
        if (!bd) continue;
        ir_stmt *s = ir_stmt_new(c->a, IS_CHECK, at);
        s->cond = ir_bin(c->a, side ? OP_GT : OP_LT, x, bd);
        const char *what = side ? "upper" : "lower";
        if (v->role == IRV_DATA) {
            s->var = v;
            s->rhs = flat;
            s->msg = decl_text(c, v);
            s->what = arena_printf(c->a, "%s=%s", what, bound_text(c, v->src, side));
        } else {
            s->msg = arena_printf(c->a, "%s '%s' is %s its %s bound",
                                  v->role == IRV_TDATA ? "transformed data variable" : "variable",
                                  lw_var_label(c, v), side ? "above" : "below", what);
        }
        lw_emit(c, s);
    }
}

/* Loops over all elements of v (row-major) checking its declared bounds. */
static void check_var(lctx *c, ir_var *v) {
    const decl *d = v->src;
    if (lw_is_typed(d)) {
        lw_typed_check(c, v, decl_text(c, v));
        return;
    }
    if (!d || (!d->lower && !d->upper)) return;
    hoist_bounds(c, d);
    ir_expr *dims[IR_MAX_DIMS], *idx[IR_MAX_DIMS];
    lw_var_dims(c, v, dims);
    ir_block *saved = c->cur;
    c->cur = lw_open_loops(c, dims, v->ndims, idx, 0, d->span);
    bounds b = elem_bounds(c, v, idx);
    check_bounds(c, v, ir_read(c->a, v, v->ndims, idx), b, lw_flat_index(c, v, idx), d->span);
    c->cur = saved;
}

/* x = transform(u) and, under the Jacobian flag, target += log|J|. */
static void constrain_el(lctx *c, ir_var *v, ir_expr **idx, ir_expr *u, int jacobian) {
    arena *a = c->a;
    bounds b = elem_bounds(c, v, idx);
    ir_expr *x = u, *lj = NULL;
    if (b.lo && b.hi) {
        ir_expr *w = ir_bin(a, OP_SUB, b.hi, b.lo);
        x = ir_bin(a, OP_ADD, b.lo, ir_bin(a, OP_MUL, w, ir_intrin1(a, II_INV_LOGIT, u)));
        lj = ir_bin(a, OP_ADD, ir_intrin1(a, II_LOG, w),
                    ir_bin(a, OP_ADD, ir_intrin1(a, II_LOG_INV_LOGIT, u),
                           ir_intrin1(a, II_LOG1M_INV_LOGIT, u)));
    } else if (b.lo) {
        x = ir_bin(a, OP_ADD, b.lo, ir_intrin1(a, II_EXP, u));
        lj = u;
    } else if (b.hi) {
        x = ir_bin(a, OP_SUB, b.hi, ir_intrin1(a, II_EXP, u));
        lj = u;
    } else if (b.off || b.mul) {
        check_multiplier(c, v, b);
        x = affine_el(c, b, u, &lj);
    }
    lw_emit(c, ir_assign(a, v, v->ndims, idx, x, v->src->span));
    if (lj && jacobian) {
        ir_stmt *t = ir_target(a, lj, v->src->span);
        t->jacobian = 1;
        lw_emit(c, t);
    }
}

static ir_var *offset_var(lctx *c, ir_var *v) {
    for (int i = 0; i < c->m->nvars; i++) {
        ir_var *o = c->m->vars[i];
        if (o->role == IRV_TDATA && !o->src && strncmp(o->name, "__off_", 6) == 0 &&
            strcmp(o->name + 6, v->cname) == 0)
            return o;
    }
    unreachable();
}

static ir_expr *theta_el(lctx *c, ir_var *v, ir_expr **idx) {
    ir_expr *pos = ir_bin(c->a, OP_ADD, ir_read0(c->a, offset_var(c, v)), lw_flat_index(c, v, idx));
    ir_expr **ti = ir_args(c->a, 1);
    ti[0] = ir_bin(c->a, OP_ADD, pos, ir_int(c->a, 1));
    return ir_read(c->a, c->m->theta, 1, ti);
}

static void constrain_param(lctx *c, ir_var *v, int jacobian) {
    if (lw_is_typed(v->src)) {
        lw_typed_constrain(c, v, ir_read0(c->a, offset_var(c, v)), jacobian);
        return;
    }
    hoist_bounds(c, v->src);
    ir_expr *dims[IR_MAX_DIMS], *idx[IR_MAX_DIMS];
    lw_var_dims(c, v, dims);
    ir_block *saved = c->cur;
    c->cur = lw_open_loops(c, dims, v->ndims, idx, 0, v->src->span);
    constrain_el(c, v, idx, theta_el(c, v, idx), jacobian);
    c->cur = saved;
}

/* ---- outputs (write_array, unconstrain) ----------------------------------- */

static ir_expr *pos_plus1(lctx *c, ir_expr **out) {
    out[0] = ir_bin(c->a, OP_ADD, ir_read0(c->a, c->opos), ir_int(c->a, 1));
    return out[0];
}

static void advance_pos(lctx *c, src_span at) {
    lw_emit(c, ir_assign(c->a, c->opos, 0, NULL,
                      ir_bin(c->a, OP_ADD, ir_read0(c->a, c->opos), ir_int(c->a, 1)), at));
}

/* out[pos] = v[idx]; pos++. */
static void write_el(lctx *c, ir_var *v, ir_expr **idx, void *unused) {
    (void)unused;
    src_span at = v->src ? v->src->span : (src_span){0};
    ir_expr **oi = ir_args(c->a, 1);
    pos_plus1(c, oi);
    ir_expr *val = ir_read(c->a, v, v->ndims, idx);
    if (val->is_int) val = ir_bin(c->a, OP_MUL, val, ir_real(c->a, 1.0));
    lw_emit(c, ir_assign(c->a, c->m->out, 1, oi, val, at));
    advance_pos(c, at);
}

/* out[pos] = v[...] for every element, first index fastest. */
static void write_var(lctx *c, ir_var *v) {
    ir_expr *dims[IR_MAX_DIMS], *idx[IR_MAX_DIMS];
    src_span at = v->src ? v->src->span : (src_span){0};
    lw_var_dims(c, v, dims);
    ir_block *saved = c->cur;
    c->cur = lw_open_loops(c, dims, v->ndims, idx, 1, at);
    write_el(c, v, idx, NULL);
    c->cur = saved;
}

/* Every block variable of bk in output order (a tuple: CmdStan's order,
 * lower_tuple.c). */
static void write_block(lctx *c, block_kind bk) {
    const ptr_vec *b = &c->p->blocks[bk];
    for (int i = 0; i < b->n; i++) {
        const stmt *s = b->items[i];
        if (s->kind != ST_DECL || s->decl->is_local) continue;
        if (s->decl->type.base == TY_TUPLE) lw_tuple_walk(c, s->decl, write_el, NULL);
        else if (lw_is_complex_decl(s->decl)) lw_complex_walk(c, s->decl, write_el, NULL);
        else write_var(c, lw_var(c, s->decl));
    }
}

static ir_expr *inverse_el(lctx *c, bounds b, ir_expr *x) {
    arena *a = c->a;
    if (b.lo && b.hi)
        return ir_intrin1(a, II_LOGIT, ir_bin(a, OP_DIV, ir_bin(a, OP_SUB, x, b.lo),
                                              ir_bin(a, OP_SUB, b.hi, b.lo)));
    if (b.lo) return ir_intrin1(a, II_LOG, ir_bin(a, OP_SUB, x, b.lo));
    if (b.hi) return ir_intrin1(a, II_LOG, ir_bin(a, OP_SUB, b.hi, x));
    if (b.off) x = ir_bin(a, OP_SUB, x, b.off);
    if (b.mul) x = ir_bin(a, OP_DIV, x, b.mul);
    return x;
}

static void unconstrain_param(lctx *c, ir_var *v) {
    if (lw_is_typed(v->src)) {
        lw_typed_unconstrain(c, v, ir_read0(c->a, offset_var(c, v)));
        return;
    }
    hoist_bounds(c, v->src);
    ir_expr *dims[IR_MAX_DIMS], *idx[IR_MAX_DIMS];
    lw_var_dims(c, v, dims);
    ir_block *saved = c->cur;
    c->cur = lw_open_loops(c, dims, v->ndims, idx, 1, v->src->span);
    ir_expr **ii = ir_args(c->a, 1);
    pos_plus1(c, ii);
    ir_expr *x = ir_read(c->a, c->m->in, 1, ii);
    bounds b = elem_bounds(c, v, idx);
    check_bounds(c, v, x, b, NULL, v->src->span);
    check_multiplier(c, v, b);
    ir_expr *t = theta_el(c, v, idx);
    lw_emit(c, ir_assign(c->a, c->m->theta, 1, t->args, inverse_el(c, b, x), v->src->span));
    advance_pos(c, v->src->span);
    c->cur = saved;
}

/* ---- blocks ---------------------------------------------------------------- */

/* The IR variables of declaration d: itself, or a tuple's leaves. */
static int decl_vars(lctx *c, const decl *d, ir_var **out) {
    if (d->type.base == TY_TUPLE) return lw_tuple_leaves(c, d, out);
    if (lw_is_complex_decl(d)) return lw_complex_vars(c, d, out);
    out[0] = lw_var(c, d);
    return 1;
}

static void each_block_var(lctx *c, block_kind bk, void (*fn)(lctx *, ir_var *)) {
    const ptr_vec *b = &c->p->blocks[bk];
    for (int i = 0; i < b->n; i++) {
        const stmt *s = b->items[i];
        ir_var *vs[LW_MAX_LEAVES];
        int n = s->kind == ST_DECL && !s->decl->is_local ? decl_vars(c, s->decl, vs) : 0;
        for (int k = 0; k < n; k++) fn(c, vs[k]);
    }
}

/* The declaration v comes from (a tuple component: the whole tuple). */
static const decl *decl_of(lctx *c, const ir_var *v) {
    const decl *top = lw_tuple_top_decl(c, v);
    return top ? top : v->src;
}

/* An int data scalar not given may be inferred from the sizes of later
 * data variables that it sizes. */
static void infer_size(lctx *c, ir_var *v, const char *text) {
    const ptr_vec *b = &c->p->blocks[BLK_DATA];
    ir_stmt *inf = ir_stmt_new(c->a, IS_INFER, v->src->span);
    inf->var = v;
    inf->msg = text;
    inf->idx = ir_args(c->a, 64);
    for (int i = 0; i < b->n && inf->nidx < 64; i++) {
        const stmt *s = b->items[i];
        if (s->kind != ST_DECL || s->decl->index <= decl_of(c, v)->index) continue;
        ir_var *ws[LW_MAX_LEAVES];
        int nw = decl_vars(c, s->decl, ws);
        for (int j = 0; j < nw; j++)
            for (int k = 0; k < ws[j]->ndims && inf->nidx < 64; k++) {
                ir_expr *dk = ws[j]->dims[k];
                if (dk->kind == IE_VAR && dk->var == v) inf->idx[inf->nidx++] = ir_dim(c->a, ws[j], k);
            }
    }
    if (inf->nidx) lw_emit(c, inf);
}

static void bind_data(lctx *c, ir_var *v) {
    const char *text = decl_text(c, v);
    if (v->is_int && v->ndims == 0) infer_size(c, v, text);
    ir_stmt *bs = ir_stmt_new(c->a, IS_BIND, v->src->span);
    bs->var = v;
    bs->msg = text;
    lw_emit(c, bs);
    check_var(c, v);
}

static void alloc_var(lctx *c, ir_var *v) {
    ir_stmt *s = ir_stmt_new(c->a, IS_ALLOC, v->src ? v->src->span : (src_span){0});
    s->var = v;
    lw_emit(c, s);
}

/* ---- source text ------------------------------------------------------------ */

/* Byte offset of (line, col) in text, or -1. */
static long text_offset(const char *text, int line, int col) {
    long off = 0;
    for (int l = 1; l < line; l++) {
        const char *nl = strchr(text + off, '\n');
        if (!nl) return -1;
        off = nl - text + 1;
    }
    return off + col - 1;
}

/* The source text of span, whitespace collapsed, without a trailing ';'. */
static const char *span_text(lctx *c, src_span sp, const char *fallback) {
    const char *t = c->p->source;
    if (!t || sp.line <= 0) return fallback;
    long b = text_offset(t, sp.line, sp.col), e = text_offset(t, sp.end_line, sp.end_col);
    if (b < 0 || e < b || e >= (long)strlen(t)) return fallback;
    char *out = arena_alloc(c->a, (size_t)(e - b + 2));
    int n = 0, space = 0;
    for (long i = b; i <= e; i++) {
        char ch = t[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') { space = n > 0; continue; }
        if (space) out[n++] = ' ';
        space = 0;
        out[n++] = ch;
    }
    while (n > 0 && (out[n - 1] == ';' || out[n - 1] == ' ')) n--;
    out[n] = 0;
    return out;
}

/* which: -1 the whole declaration, 0 the lower bound, 1 the upper bound. */
static const char *bound_text(lctx *c, const decl *d, int which) {
    if (which < 0) return span_text(c, d->span, d->name);
    const expr *e = which ? d->upper : d->lower;
    return e ? span_text(c, e->span, "bound") : "";
}

/* ---- layout: sizes of every variable and theta offsets ------------------------ */

static ir_expr *var_size(lctx *c, ir_var *v) {
    ir_expr *n = ir_int(c->a, 1);
    for (int k = 0; k < v->ndims; k++) n = ir_bin(c->a, OP_MUL, n, ir_dim(c->a, v, k));
    return n;
}

/* Creates the parameters and their theta offset variables (tdata ints). */
static void make_offset(lctx *c, ir_var *v) {
    ir_var_new(c->m, arena_printf(c->a, "__off_%s", v->cname), IRV_TDATA, 1, 0);
}

static void make_offsets(lctx *c) {
    each_block_var(c, BLK_PARAMS, make_offset);
    c->m->n_unconstrained = ir_var_new(c->m, "__n_unconstrained", IRV_TDATA, 1, 0);
}

/* Appended to the tdata function: sizes of all other variables, then the
 * offsets of each parameter in theta and the total. */
static void layout(lctx *c) {
    ir_module *m = c->m;
    for (int i = 0; i < m->nvars; i++) {
        ir_role r = m->vars[i]->role;
        if (r == IRV_PARAM || r == IRV_TPARAM || r == IRV_GQ || r == IRV_LOCAL ||
            (r == IRV_TDATA && !m->vars[i]->src))
            alloc_var(c, m->vars[i]);
    }
    ir_expr *pos = ir_int(c->a, 0);
    const ptr_vec *b = &c->p->blocks[BLK_PARAMS];
    for (int i = 0; i < b->n; i++) {
        const stmt *s = b->items[i];
        ir_var *vs[LW_MAX_LEAVES];
        int nv = s->kind == ST_DECL ? decl_vars(c, s->decl, vs) : 0;
        for (int k = 0; k < nv; k++) {
            ir_var *v = vs[k], *off = offset_var(c, v);
            lw_emit(c, ir_assign(c->a, off, 0, NULL, pos, s->span));
            ir_expr *n = lw_is_typed(v->src) ? lw_typed_free_size(c, v) : var_size(c, v);
            pos = ir_bin(c->a, OP_ADD, ir_read0(c->a, off), n);
        }
    }
    lw_emit(c, ir_assign(c->a, m->n_unconstrained, 0, NULL, pos, (src_span){0}));
}

/* ---- functions ---------------------------------------------------------------- */

static void begin(lctx *c, ir_fn_kind f) {
    c->fn = f;
    c->cur = &c->m->fns[f].body;
}

static void check_block_vars(lctx *c, block_kind bk) { each_block_var(c, bk, check_var); }

static void lower_tdata_fn(lctx *c) {
    begin(c, IRF_TDATA);
    each_block_var(c, BLK_DATA, bind_data);
    lower_stmts(c, &c->p->blocks[BLK_TDATA]);
    check_block_vars(c, BLK_TDATA);
}

static void constrain_jac(lctx *c, ir_var *v) { constrain_param(c, v, 1); }
static void constrain_nojac(lctx *c, ir_var *v) { constrain_param(c, v, 0); }

/* A program that reads target() keeps the running total in a variable,
 * added to the log density once at the end. */
static void lower_density_fn(lctx *c) {
    begin(c, IRF_DENSITY);
    if (c->p->reads_target) {
        c->target_sum = ir_var_new(c->m, "__target", IRV_LOCAL, 0, 0);
        lw_emit(c, ir_assign(c->a, c->target_sum, 0, NULL, ir_real(c->a, 0), (src_span){0}));
    }
    each_block_var(c, BLK_PARAMS, constrain_jac);
    lower_stmts(c, &c->p->blocks[BLK_TPARAMS]);
    check_block_vars(c, BLK_TPARAMS);
    lower_stmts(c, &c->p->blocks[BLK_MODEL]);
    if (c->target_sum) {
        ir_var *sum = c->target_sum;
        c->target_sum = NULL;
        lw_emit(c, ir_target(c->a, ir_read0(c->a, sum), (src_span){0}));
    }
    ir_unswitch_flag_guards(c->a, &c->m->fns[IRF_DENSITY].body);
}

static void add_output(lctx *c, ir_var *v) {
    ir_module *m = c->m;
    ir_var **o = arena_alloc(c->a, sizeof *o * (size_t)(m->noutputs + 1));
    if (m->noutputs) memcpy(o, m->outputs, sizeof *o * (size_t)m->noutputs);
    o[m->noutputs++] = v;
    m->outputs = o;
}

/* if (flags & mask) { ... } — returns the body block; caller restores. */
static ir_block *open_if_flags(lctx *c, unsigned mask) {
    ir_stmt *s = ir_stmt_new(c->a, IS_IF, (src_span){0});
    s->cond = ir_flags(c->a, mask);
    lw_emit(c, s);
    return &s->body;
}

static void lower_write_fn(lctx *c) {
    begin(c, IRF_WRITE);
    lw_emit(c, ir_assign(c->a, c->opos, 0, NULL, ir_int(c->a, 0), (src_span){0}));
    each_block_var(c, BLK_PARAMS, constrain_nojac);
    write_block(c, BLK_PARAMS);
    ir_block *top = c->cur;
    c->cur = open_if_flags(c, BM_WRITE_TPARAMS | BM_WRITE_GQ);
    lower_stmts(c, &c->p->blocks[BLK_TPARAMS]);
    check_block_vars(c, BLK_TPARAMS);
    ir_block *mid = c->cur;
    c->cur = open_if_flags(c, BM_WRITE_TPARAMS);
    write_block(c, BLK_TPARAMS);
    c->cur = mid;
    c->cur = open_if_flags(c, BM_WRITE_GQ);
    lower_stmts(c, &c->p->blocks[BLK_GQ]);
    check_block_vars(c, BLK_GQ);
    write_block(c, BLK_GQ);
    ir_var *pw[32];
    int npw = c->no_pointwise ? 0 : (lw_pointwise_setup(c), lw_pointwise_write(c, pw, 32));
    for (int i = 0; i < npw; i++) write_var(c, pw[i]);
    c->cur = top;
    each_block_var(c, BLK_PARAMS, add_output);
    each_block_var(c, BLK_TPARAMS, add_output);
    each_block_var(c, BLK_GQ, add_output);
    for (int i = 0; i < npw; i++) add_output(c, pw[i]);
}

/* The input's elements of an array of tuples are in CmdStan's order
 * (tuple by tuple): copied into buf leaf by leaf (each first index
 * fastest) at leaf offsets base[k]. */
typedef struct {
    ir_var *buf;
    ir_var *leaves[LW_MAX_LEAVES];
    ir_expr *base[LW_MAX_LEAVES];
    int n;
} regroup;

static void regroup_el(lctx *c, ir_var *v, ir_expr **idx, void *arg) {
    regroup *g = arg;
    int k = 0;
    while (k < g->n && g->leaves[k] != v) k++;
    if (k == g->n) unreachable();
    ir_expr *flat = ir_int(c->a, 0), *stride = ir_int(c->a, 1);
    for (int d = 0; d < v->ndims; d++) {
        flat = ir_bin(c->a, OP_ADD, flat, ir_bin(c->a, OP_MUL, stride, ir_bin(c->a, OP_SUB, idx[d], ir_int(c->a, 1))));
        stride = ir_bin(c->a, OP_MUL, stride, ir_dim(c->a, v, d));
    }
    ir_expr **bi = ir_args(c->a, 1), **ii = ir_args(c->a, 1);
    bi[0] = ir_bin(c->a, OP_ADD, ir_bin(c->a, OP_ADD, g->base[k], flat), ir_int(c->a, 1));
    pos_plus1(c, ii);
    src_span at = v->src->span;
    lw_emit(c, ir_assign(c->a, g->buf, 1, bi, ir_read(c->a, c->m->in, 1, ii), at));
    advance_pos(c, at);
}

/* A parameter array of tuples: its input regrouped leaf by leaf into a
 * buffer that the leaves then read as the input, in order. */
static void unconstrain_tuple_array(lctx *c, const decl *d) {
    regroup g = {0};
    g.n = lw_tuple_leaves(c, d, g.leaves);
    ir_expr *total = ir_int(c->a, 0);
    for (int k = 0; k < g.n; k++) {
        g.base[k] = total;
        total = ir_bin(c->a, OP_ADD, total, var_size(c, g.leaves[k]));
    }
    expr at = {.span = d->span};
    g.buf = lw_temp(c, &at, 0, 1, &total);
    lw_tuple_walk(c, d, regroup_el, &g);
    ir_var *in = c->m->in, *pos = c->opos;
    c->m->in = g.buf;
    c->opos = lw_temp(c, &at, 1, 0, NULL);
    lw_set(c, c->opos, NULL, ir_int(c->a, 0), &at);
    for (int k = 0; k < g.n; k++) unconstrain_param(c, g.leaves[k]);
    c->m->in = in;
    c->opos = pos;
}

static void lower_unconstrain_fn(lctx *c) {
    begin(c, IRF_UNCONSTRAIN);
    lw_emit(c, ir_assign(c->a, c->opos, 0, NULL, ir_int(c->a, 0), (src_span){0}));
    const ptr_vec *b = &c->p->blocks[BLK_PARAMS];
    for (int i = 0; i < b->n; i++) {
        const stmt *s = b->items[i];
        if (s->kind != ST_DECL) continue;
        if (lw_tuple_has_arrays(c, s->decl)) {
            unconstrain_tuple_array(c, s->decl);
            continue;
        }
        ir_var *vs[LW_MAX_LEAVES];
        int n = decl_vars(c, s->decl, vs);
        for (int k = 0; k < n; k++) unconstrain_param(c, vs[k]);
    }
}

ir_module *lower_program(const program *p, const char *name, arena *a, diag *d) {
    return lower_program_opts(p, name, a, d, 0);
}

ir_module *lower_program_opts(const program *p, const char *name, arena *a, diag *d,
                              int no_pointwise) {
    int errors0 = d->errors;
    lctx c = {.p = p, .a = a, .dg = d, .no_pointwise = no_pointwise};
    c.m = ir_module_new(a, name, p->file);
    c.m->theta = ir_var_new(c.m, "theta__", IRV_THETA, 0, 1);
    c.m->out = ir_var_new(c.m, "out__", IRV_OUT, 0, 1);
    c.m->in = ir_var_new(c.m, "in__", IRV_IN, 0, 1);
    c.opos = ir_var_new(c.m, "pos__", IRV_LOCAL, 1, 0);
    c.m->theta->dims[0] = c.m->out->dims[0] = c.m->in->dims[0] = ir_int(a, 0);
    lower_tdata_fn(&c);
    make_offsets(&c);
    c.m->theta->dims[0] = ir_read0(a, c.m->n_unconstrained);
    lower_density_fn(&c);
    lower_write_fn(&c);
    lower_unconstrain_fn(&c);
    lw_recursive_finish(&c);
    begin(&c, IRF_TDATA);
    layout(&c);
    return d->errors > errors0 ? NULL : c.m;
}

int lower_implements(const char *name) {
    return lw_container_implements(name) || lw_multi_density_name(name) || lw_complex_implements(name);
}
