/* compiler/lower_tuple.c — tuples, flattened into one IR variable per leaf.
 *
 * In:  tuple-typed declarations, expressions and statements of the typed
 * AST.  Out: ordinary IR on scalar-element variables: every declared tuple
 * (or array of tuples) becomes one IR variable per leaf component (a
 * non-tuple component, found recursively), whose leading dimensions are
 * the array dimensions of every enclosing level, outermost first:
 *   array[N] tuple(real, array[K] tuple(int, vector[M])) x
 *     -> x:1 [N],  x:2:1 [N, K],  x:2:2 [N, K, M]
 * so IR, activity analysis, AD and the emitters see nothing new.
 * A tuple *place* (a tref) is a node of such a tree plus the indices given
 * so far; `x[i].2[k].1` is leaf x:2:1 read at [i, k].  Whole-tuple
 * operations (assignment, initialisation, arguments, returns, printing)
 * work component by component on synthesized `.N` expressions; a `.N` of
 * an array of tuples, which sema never produces, is the *projection*
 * (component N of every element).  Tuple literals are taken apart; a
 * function result, a conditional expression or an array literal of tuples
 * is computed into temporaries first when it cannot be.
 * Output names: a leaf of a parameter / transformed parameter / generated
 * quantity is named as CmdStan names its columns, with `[]` (`[,]`, ...)
 * where a level is an array: `x[]:2[]:1`; runtime/names.c expands these
 * into `x.1:2.3:1`, and write_array writes the columns in CmdStan's order
 * (each tuple element whole, array elements first index fastest).  Data
 * leaves carry the plain name (`x:2:1`) under which the data readers file
 * a tuple's component.
 * Never: copies a tuple that it can read in place, or evaluates an
 * expression once per component (a place's indices are computed once).
 */
#include <string.h>
#include "lower_int.h"

typedef struct tnode tnode;
struct tnode {
    val_type type;       /* this level's tuple type (array_dims: the level's rank) */
    int depth;           /* leading dimensions that enclosing levels give every leaf */
    tnode **sub;         /* component i: a nested tuple, or NULL */
    ir_var **leaf;       /* component i: its variable when sub[i] is NULL */
};

/* A place holding a tuple, an array of tuples, or (node NULL) a leaf. */
typedef struct tup_ref tref;
struct tup_ref {
    tnode *node;
    ir_var *leaf;
    int np;              /* indices given so far */
    ir_expr *idx[MAXD];
};

typedef struct {
    const decl *d;
    const tref *r;       /* NULL: forgotten */
} tbind;

typedef struct {
    const ir_var *v;
    const decl *top;     /* the declared tuple */
    int nouter;          /* leading dimensions from arrays of tuples */
    const char *plain;   /* "x:2:1" (messages) */
} tleaf;

typedef struct {
    const expr *call;
    ir_fn_kind fn;
    tnode *tree;
} tcall;

struct tup_state {
    tbind *b;
    int nb, capb;
    tleaf *l;
    int nl, capl;
    tcall *calls;
    int nc, capc;
};

static struct tup_state *st(lctx *c) {
    if (!c->tup) c->tup = arena_alloc(c->a, sizeof *c->tup);
    return c->tup;
}

static int is_tuple(const expr *e) { return e && e->type.base == TY_TUPLE; }

/* ---- bindings ---------------------------------------------------------------- */

static void bind(lctx *c, const decl *d, const tref *r) {
    struct tup_state *s = st(c);
    s->b = lw_grow(c, s->b, s->nb, &s->capb, sizeof *s->b);
    s->b[s->nb++] = (tbind){d, r};
}

static const tref *bound(lctx *c, const decl *d) {
    struct tup_state *s = st(c);
    for (int i = s->nb - 1; i >= 0; i--)
        if (s->b[i].d == d) return s->b[i].r;
    return NULL;
}

void lw_tuple_forget(lctx *c, const decl *d) {
    if (d && d->type.base == TY_TUPLE) bind(c, d, NULL);
}

static const tleaf *leaf_info(lctx *c, const ir_var *v) {
    struct tup_state *s = c->tup;
    for (int i = 0; s && i < s->nl; i++)
        if (s->l[i].v == v) return &s->l[i];
    return NULL;
}

int lw_tuple_outer_dims(lctx *c, const ir_var *v) {
    const tleaf *l = leaf_info(c, v);
    return l ? l->nouter : 0;
}

const decl *lw_tuple_top_decl(lctx *c, const ir_var *v) {
    const tleaf *l = leaf_info(c, v);
    return l ? l->top : NULL;
}

const char *lw_var_label(lctx *c, const ir_var *v) {
    const tleaf *l = leaf_info(c, v);
    return l ? l->plain : v->name;
}

/* ---- trees of declared tuples --------------------------------------------------- */

static tnode *node_new(lctx *c, val_type t, int depth) {
    tnode *n = arena_alloc(c->a, sizeof *n);
    n->type = t;
    n->depth = depth;
    n->sub = arena_alloc(c->a, sizeof *n->sub * (size_t)t.ntuple);
    n->leaf = arena_alloc(c->a, sizeof *n->leaf * (size_t)t.ntuple);
    memset(n->sub, 0, sizeof *n->sub * (size_t)t.ntuple);
    memset(n->leaf, 0, sizeof *n->leaf * (size_t)t.ntuple);
    return n;
}

/* "[]", "[,]", ... for an array level of rank r; "" for r == 0. */
static const char *marker(lctx *c, int r) {
    if (!r) return "";
    char *m = arena_alloc(c->a, (size_t)r + 2);
    m[0] = '[';
    for (int k = 1; k < r; k++) m[k] = ',';
    m[r] = ']';
    m[r + 1] = 0;
    return m;
}

typedef struct {
    const decl *top;
    ir_role role;
    int output;          /* named with array markers for runtime/names.c */
} tdecl_ctx;

static ir_var *new_leaf(lctx *c, const tdecl_ctx *t, const decl *e, int depth, ir_expr **outer,
                        const char *plain, const char *named, const char *cname) {
    const char *why = lw_unsupported_decl(e);
    if (why) lw_unsupported(c, e->span, why);
    ir_expr *own[MAXD];
    int no = lw_decl_dims(c, e, own);
    int nd = depth + no;
    if (nd > IR_MAX_DIMS) {
        lw_unsupported(c, t->top->span, "more than 8 dimensions");
        nd = IR_MAX_DIMS;
        no = nd - depth > 0 ? nd - depth : 0;
        if (depth > nd) depth = nd;
    }
    ir_var *v = ir_var_new(c->m, cname, t->role, e->type.base == TY_INT, nd);
    v->name = t->output ? named : plain;
    if (!e->name) ((decl *)e)->name = plain; /* messages about the component name it */
    v->src = e;
    v->scope = c->cur_for;
    for (int k = 0; k < depth; k++) v->dims[k] = outer[k];
    for (int k = 0; k < no; k++) v->dims[depth + k] = own[k];
    struct tup_state *s = st(c);
    s->l = lw_grow(c, s->l, s->nl, &s->capl, sizeof *s->l);
    s->l[s->nl++] = (tleaf){v, t->top, depth, plain};
    lw_bind_var(c, e, v);
    return v;
}

/* The tree of declaration d (the declared tuple or one of its tuple
 * components) whose enclosing levels give `depth` leading dims `outer`. */
static tnode *decl_tree(lctx *c, const tdecl_ctx *t, const decl *d, int depth, ir_expr **outer,
                        const char *plain, const char *named, const char *cname) {
    int rank = d->array_sizes.n;
    if (depth + rank > IR_MAX_DIMS) { /* (reported; the module is not used) */
        lw_unsupported(c, t->top->span, "more than 8 dimensions");
        rank = IR_MAX_DIMS - depth;
    }
    tnode *n = node_new(c, d->type, depth);
    ir_expr *dims[MAXD];
    for (int k = 0; k < depth; k++) dims[k] = outer[k];
    for (int k = 0; k < rank; k++) {
        dims[depth + k] = lw_scalar(c, d->array_sizes.items[k]);
        if (!lw_data_only(dims[depth + k]))
            lw_unsupported(c, t->top->span, "a size that depends on parameters or loop variables");
    }
    const char *mk = marker(c, rank);
    for (int i = 0; i < d->tuple_elems.n && i < d->type.ntuple; i++) {
        const decl *e = d->tuple_elems.items[i];
        const char *p = arena_printf(c->a, "%s:%d", plain, i + 1);
        const char *q = arena_printf(c->a, "%s%s:%d", named, mk, i + 1);
        const char *cn = arena_printf(c->a, "%s__%d", cname, i + 1);
        if (e->type.base == TY_TUPLE) n->sub[i] = decl_tree(c, t, e, depth + rank, dims, p, q, cn);
        else n->leaf[i] = new_leaf(c, t, e, depth + rank, dims, p, q, cn);
    }
    return n;
}

static tref *ref_new(lctx *c, tnode *n) {
    tref *r = arena_alloc(c->a, sizeof *r);
    memset(r, 0, sizeof *r);
    r->node = n;
    return r;
}

/* The tree of a declared tuple variable, made (and bound) on first use. */
static const tref *declared(lctx *c, const decl *d) {
    const tref *r = bound(c, d);
    if (r || d->type.base != TY_TUPLE || d->tuple_elems.n != d->type.ntuple) return r;
    ir_role role = lw_role_of(c, d);
    tdecl_ctx t = {d, role, role == IRV_PARAM || role == IRV_TPARAM || role == IRV_GQ};
    tref *nr = ref_new(c, decl_tree(c, &t, d, 0, NULL, d->name, d->name, d->name));
    bind(c, d, nr);
    return nr;
}

/* Leaves of node n in component order: the first max into out; returns
 * the new count (which may exceed max). */
static int leaves_of(const tnode *n, ir_var **out, int k, int max) {
    for (int i = 0; i < n->type.ntuple; i++) {
        if (n->sub[i]) k = leaves_of(n->sub[i], out, k, max);
        else if (n->leaf[i] && k++ < max) out[k - 1] = n->leaf[i];
    }
    return k;
}

/* Leaves of a tree, at most LW_MAX_LEAVES (more is reported). */
static int leaves(lctx *c, const tnode *n, ir_var **out, src_span at) {
    int k = leaves_of(n, out, 0, LW_MAX_LEAVES);
    if (k <= LW_MAX_LEAVES) return k;
    lw_unsupported(c, at, "a tuple with more than 256 components in all");
    return LW_MAX_LEAVES;
}

int lw_tuple_leaves(lctx *c, const decl *d, ir_var **out) {
    const tref *r = declared(c, d);
    return r && r->node ? leaves(c, r->node, out, d->span) : 0;
}

/* Any leaf below n (its leading dims are n's). */
static ir_var *some_leaf(const tnode *n) {
    for (int i = 0; i < n->type.ntuple; i++) {
        if (n->leaf[i]) return n->leaf[i];
        ir_var *v = n->sub[i] ? some_leaf(n->sub[i]) : NULL;
        if (v) return v;
    }
    return NULL;
}

static int has_arrays(const tnode *n) {
    if (n->type.array_dims) return 1;
    for (int i = 0; i < n->type.ntuple; i++)
        if (n->sub[i] && has_arrays(n->sub[i])) return 1;
    return 0;
}

/* ---- synthesized expressions -------------------------------------------------- */

/* Component i (0-based) of tuple expression e: a literal's element, else
 * `e.(i+1)` (a projection when e is an array of tuples). */
const expr *lw_tuple_comp(lctx *c, const expr *e, int i) {
    if (e->kind == EX_TUPLE_LIT && !e->type.array_dims) return e->args.items[i];
    expr *g = ast_expr_new(c->a, EX_TUPLE_GET, e->span);
    g->lhs = (expr *)e;
    g->ival = i + 1;
    g->type = e->type.tuple[i];
    g->type.array_dims += e->type.array_dims;
    return g;
}

/* A variable expression standing for an IR value (an index). */
static const expr *value_expr(lctx *c, ir_expr *v, src_span at) {
    decl *d = ast_decl_new(c->a, DECL_VAR, at);
    d->name = "__value";
    d->type.base = v->is_int ? TY_INT : TY_REAL;
    lw_bind_value(c, d, v);
    expr *e = ast_expr_new(c->a, EX_VAR, at);
    e->decl = d;
    e->name = d->name;
    e->type = d->type;
    return e;
}

/* Element `idx` of an array of tuples e: e[idx...] (tuple-typed). */
const expr *lw_tuple_index(lctx *c, const expr *e, ir_expr **idx, int n) {
    expr *x = ast_expr_new(c->a, EX_INDEX, e->span);
    x->lhs = (expr *)e;
    for (int k = 0; k < n; k++) ptr_vec_push(c->a, &x->args, (void *)value_expr(c, idx[k], e->span));
    x->type = e->type;
    x->type.array_dims -= n;
    return x;
}

/* A variable expression for a place (bound to a fresh declaration). */
static const expr *place_expr(lctx *c, const tref *r, val_type t, src_span at) {
    decl *d = ast_decl_new(c->a, DECL_VAR, at);
    d->name = "__tuple";
    d->type = t;
    bind(c, d, r);
    expr *e = ast_expr_new(c->a, EX_VAR, at);
    e->decl = d;
    e->name = d->name;
    e->type = t;
    return e;
}

/* ---- places ---------------------------------------------------------------------- */

static tnode *call_tree(lctx *c, const expr *call);

/* Resolves a place expression (a variable, an element, a component, a
 * function result); 0 when e is not one (a literal, ?:, ...). */
static int resolve(lctx *c, const expr *e, tref *r) {
    switch (e->kind) {
    case EX_VAR: {
        const tref *b = e->decl ? declared(c, e->decl) : NULL;
        if (!b) return 0;
        *r = *b;
        return 1;
    }
    case EX_CALL: {
        tnode *t = e->fun && is_tuple(e) ? call_tree(c, e) : NULL;
        if (!t) return 0;
        memset(r, 0, sizeof *r);
        r->node = t;
        return 1;
    }
    case EX_INDEX:
        if (!is_tuple(e->lhs) || !resolve(c, e->lhs, r) || !r->node) return 0;
        for (int k = 0; k < e->args.n; k++) {
            const expr *ix = e->args.items[k];
            if (ix->kind == EX_RANGE || lw_is_container(c, ix) || r->np >= MAXD) {
                lw_unsupported(c, ix->span, "multi-indexing an array of tuples");
                return 0;
            }
            r->idx[r->np++] = lw_scalar(c, ix);
        }
        return 1;
    case EX_TUPLE_GET: {
        if (!resolve(c, e->lhs, r) || !r->node) return 0;
        int i = (int)e->ival - 1;
        if (i < 0 || i >= r->node->type.ntuple) return 0;
        tnode *n = r->node;
        r->node = n->sub[i];
        r->leaf = n->sub[i] ? NULL : n->leaf[i];
        return r->node || r->leaf;
    }
    default: return 0;
    }
}

/* Drops `.N` of tuple literals: (a, b).2 is b. */
static const expr *peel(const expr *e) {
    while (e->kind == EX_TUPLE_GET) {
        const expr *b = peel(e->lhs);
        if (b->kind != EX_TUPLE_LIT || b->type.array_dims) break;
        e = b->args.items[e->ival - 1];
    }
    return e;
}

/* Remaining dims of a place (array dims of a tuple place, all dims of a leaf). */
static int ref_shape(lctx *c, const tref *r, ir_expr **dims) {
    ir_var *v = r->leaf;
    int end;
    if (v) {
        end = v->ndims;
    } else {
        v = some_leaf(r->node);
        end = r->node->depth + r->node->type.array_dims;
    }
    int n = 0;
    for (int k = r->np; v && k < end; k++) dims[n++] = ir_dim(c->a, v, k);
    return n;
}

int lw_tuple_shape(lctx *c, const expr *e, ir_expr **dims) {
    e = peel(e);
    if (!is_tuple(e) && e->kind != EX_TUPLE_GET) return lw_shape(c, e, dims);
    if (e->kind == EX_TUPLE_LIT) return 0;
    if (e->kind == EX_ARRAY_LIT) {
        dims[0] = ir_int(c->a, e->args.n);
        return e->args.n ? 1 + lw_tuple_shape(c, e->args.items[0], dims + 1) : 1;
    }
    if (e->kind == EX_TERNARY) return lw_tuple_shape(c, e->lhs, dims);
    if (e->kind == EX_TUPLE_GET) {
        const expr *b = peel(e->lhs);
        int i = (int)e->ival - 1;
        if (b->kind == EX_ARRAY_LIT && b->args.n) {
            dims[0] = ir_int(c->a, b->args.n);
            return 1 + lw_tuple_shape(c, lw_tuple_comp(c, b->args.items[0], i), dims + 1);
        }
        if (b->kind == EX_TERNARY) return lw_tuple_shape(c, lw_tuple_comp(c, b->lhs, i), dims);
    }
    tref r;
    if (!resolve(c, e, &r)) {
        lw_unsupported(c, e->span, "this tuple expression");
        return 0;
    }
    return ref_shape(c, &r, dims);
}

ir_expr *lw_tuple_el(lctx *c, const expr *e, ir_expr **idx, int nidx) {
    const expr *p = peel(e);
    if (p != e) return lw_el(c, p, idx, nidx);
    if (is_tuple(e)) return lw_bad(c, e, "a whole tuple where a value is needed");
    tref r;
    if (!resolve(c, e, &r) || !r.leaf) {
        const expr *root = e;
        while (root->kind == EX_TUPLE_GET || root->kind == EX_INDEX) root = root->lhs;
        if ((root->kind == EX_TERNARY || root->kind == EX_ARRAY_LIT) && c->dg->errors)
            return ir_real(c->a, 0); /* reported where it was hoisted */
        return lw_bad(c, e, "this tuple component (assign the tuple to a variable first)");
    }
    if (r.np + nidx != r.leaf->ndims) return lw_bad(c, e, "this indexing form");
    for (int k = 0; k < nidx; k++) r.idx[r.np + k] = idx[k];
    ir_expr *x = ir_read(c->a, r.leaf, r.leaf->ndims, r.idx);
    x->span = e->span;
    return x;
}

/* The variable a component read or assignment target lands in, or NULL. */
ir_var *lw_tuple_leaf_var(lctx *c, const expr *e) {
    tref r;
    e = peel(e);
    return e->kind == EX_TUPLE_GET && resolve(c, e, &r) ? r.leaf : NULL;
}

/* ---- temporaries ------------------------------------------------------------------ */

/* A tree of temporaries shaped like the values of expression src (type t
 * at this level; projections of src give each leaf's shape). */
static tnode *temp_tree(lctx *c, const expr *src, val_type t, int depth) {
    tnode *n = node_new(c, t, depth);
    for (int i = 0; i < t.ntuple; i++) {
        const expr *p = lw_tuple_comp(c, src, i);
        if (t.tuple[i].base == TY_TUPLE) {
            n->sub[i] = temp_tree(c, p, t.tuple[i], depth + t.array_dims);
            continue;
        }
        ir_expr *dims[MAXD];
        int nd = lw_tuple_shape(c, p, dims);
        n->leaf[i] = lw_temp(c, src, t.tuple[i].base == TY_INT, nd, dims);
    }
    return n;
}

/* ---- places read more than once ------------------------------------------------------ */

static int simple_index(const ir_expr *v) {
    return v->kind == IE_INT || (v->kind == IE_VAR && v->nargs == 0 &&
                                 (v->var->role == IRV_LOOP || v->var->role == IRV_DATA ||
                                  v->var->role == IRV_TDATA));
}

/* r with every index that is not a literal or a plain variable computed
 * now into a temporary (a place read component by component must not
 * evaluate `xs[categorical_rng(p)]` once per component). */
static tref *frozen(lctx *c, const tref *r, const expr *at) {
    tref *nr = ref_new(c, r->node);
    *nr = *r;
    for (int k = 0; k < nr->np; k++) {
        if (simple_index(nr->idx[k])) continue;
        ir_var *t = lw_temp(c, at, 1, 0, NULL);
        lw_set(c, t, NULL, nr->idx[k], at);
        nr->idx[k] = lw_get0(c, t);
    }
    return nr;
}

static const expr *place_expr(lctx *c, const tref *r, val_type t, src_span at);

/* A tuple place expression whose indices are evaluated once: e itself
 * when they are plain, else a place bound to the indices' values. */
static const expr *freeze(lctx *c, const expr *e) {
    tref r;
    if (!is_tuple(e) || e->kind == EX_VAR || e->kind == EX_CALL || !resolve(c, e, &r) || !r.node)
        return e;
    int plain = 1;
    for (int k = 0; k < r.np; k++) plain &= simple_index(r.idx[k]);
    return plain ? e : place_expr(c, frozen(c, &r, e), e->type, e->span);
}

/* ---- assignment ------------------------------------------------------------------ */

static void assign_rec(lctx *c, const expr *dst, const expr *src, src_span at);

static void leaf_assign(lctx *c, const expr *dst, const expr *src, src_span at) {
    ir_expr *dims[MAXD], *idx[MAXD];
    int nd = lw_tuple_shape(c, dst, dims);
    ir_block *saved = c->cur;
    c->cur = lw_open_loops(c, dims, nd, idx, 0, at);
    ir_expr *t = lw_el(c, dst, idx, nd);
    ir_expr *v = lw_operand(c, src, idx, nd);
    if (t->kind == IE_VAR) {
        if (!t->var->is_int) v = realv(c, v);
        lw_emit(c, ir_assign(c->a, t->var, t->nargs, t->args, v, at));
    }
    c->cur = saved;
}

static void assign_comp(lctx *c, const expr *dst, const expr *src, src_span at) {
    if (is_tuple(dst)) assign_rec(c, dst, src, at);
    else leaf_assign(c, dst, src, at);
}

/* Hoisting of tuple expressions (see lw_hoist_any). */
static void tuple_hoist(lctx *c, const expr *e);

/* dst = src, both of one tuple type (or array of tuples). */
static void assign_rec(lctx *c, const expr *dst, const expr *src, src_span at) {
    if (src->kind == EX_TERNARY) { /* evaluate the branch taken only */
        ir_stmt *s = lw_if(c, lw_scalar(c, src->cond), src);
        ir_block *saved = c->cur;
        c->cur = &s->body;
        tuple_hoist(c, src->lhs);
        assign_rec(c, dst, src->lhs, at);
        c->cur = &s->els;
        tuple_hoist(c, src->rhs);
        assign_rec(c, dst, src->rhs, at);
        c->cur = saved;
        return;
    }
    if (src->kind == EX_ARRAY_LIT) {
        for (int m = 0; m < src->args.n; m++) {
            ir_expr *i = ir_int(c->a, m + 1);
            assign_rec(c, lw_tuple_index(c, dst, &i, 1), src->args.items[m], at);
        }
        return;
    }
    for (int i = 0; i < dst->type.ntuple; i++)
        assign_comp(c, lw_tuple_comp(c, dst, i), lw_tuple_comp(c, src, i), at);
}

/* The declaration at the root of a place expression, or NULL. */
static const decl *root_decl(const expr *e) {
    while (e && (e->kind == EX_INDEX || e->kind == EX_TUPLE_GET)) e = e->lhs;
    return e && e->kind == EX_VAR ? e->decl : NULL;
}

static int mentions(const expr *e, const decl *d) {
    if (!e || !d) return 0;
    if (e->kind == EX_VAR && e->decl == d) return 1;
    if (mentions(e->lhs, d) || mentions(e->rhs, d) || mentions(e->cond, d)) return 1;
    for (int i = 0; e->kind != EX_STRING && i < e->args.n; i++)
        if (mentions(e->args.items[i], d)) return 1;
    return 0;
}

/* src computed into fresh temporaries; a place expression for them. */
static const expr *materialize(lctx *c, const expr *src, src_span at) {
    tref *r = ref_new(c, temp_tree(c, src, src->type, 0));
    const expr *t = place_expr(c, r, src->type, at);
    assign_rec(c, t, src, at);
    return t;
}

/* A tuple expression that can be read component by component: e itself,
 * or (an array literal of tuples, a conditional) its value in temporaries. */
const expr *lw_tuple_readable(lctx *c, const expr *e) {
    tref r;
    if (!is_tuple(e) || e->kind == EX_TUPLE_LIT) return e;
    if (resolve(c, e, &r)) return freeze(c, e);
    return materialize(c, e, e->span);
}

/* dst = src for tuples: reads src before writing dst when src reads dst
 * (t = (t.2, t.1)). */
void lw_tuple_assign(lctx *c, const expr *dst, const expr *src, src_span at) {
    src = mentions(src, root_decl(dst)) ? materialize(c, src, at) : freeze(c, src);
    assign_rec(c, freeze(c, dst), src, at);
}

/* A declaration of a tuple variable, with its initializer. */
void lw_tuple_decl(lctx *c, const stmt *s) {
    const decl *d = s->decl;
    const tref *r = declared(c, d); /* a function's locals: fresh per call (lw_forget) */
    if (!r) {
        lw_unsupported(c, d->span, "this tuple declaration");
        return;
    }
    ir_var *lv[LW_MAX_LEAVES];
    int n = leaves(c, r->node, lv, d->span);
    for (int i = 0; i < n; i++) {
        if (lv[i]->role != IRV_TDATA) continue;
        ir_stmt *al = ir_stmt_new(c->a, IS_ALLOC, s->span);
        al->var = lv[i];
        lw_emit(c, al);
    }
    if (!d->init) return;
    expr *lhs = ast_expr_new(c->a, EX_VAR, d->name_span);
    lhs->decl = (decl *)d;
    lhs->name = d->name;
    lhs->type = d->type;
    lw_tuple_assign(c, lhs, d->init, s->span);
}

/* ---- functions ------------------------------------------------------------------- */

/* Binds tuple parameter p to argument a: to the caller's place when a is
 * one (indices fixed now), else to a copy. */
void lw_tuple_bind_arg(lctx *c, const decl *p, const expr *a) {
    tref r;
    if (is_tuple(a) && resolve(c, a, &r) && r.node) {
        bind(c, p, frozen(c, &r, a));
        return;
    }
    const expr *t = materialize(c, a, a->span);
    bind(c, p, bound(c, t->decl));
}

/* A tuple result: the temporaries are made at the first return. */
tref *lw_tuple_return(lctx *c, tref *r, const expr *rhs, src_span at) {
    if (r) {
        ir_var *lv[LW_MAX_LEAVES];
        int n = leaves(c, r->node, lv, at);
        for (int i = 0; i < n; i++) lw_realloc_tdata(c, lv[i], at);
    } else {
        r = ref_new(c, temp_tree(c, rhs, rhs->type, 0));
    }
    const expr *t = place_expr(c, r, rhs->type, at);
    assign_rec(c, t, rhs, at);
    return r;
}

void lw_tuple_call_done(lctx *c, const expr *call, const tref *r) {
    if (!call || !r) return;
    struct tup_state *s = st(c);
    s->calls = lw_grow(c, s->calls, s->nc, &s->capc, sizeof *s->calls);
    s->calls[s->nc++] = (tcall){call, c->fn, r->node};
}

/* The temporaries holding the result of a tuple-valued user call (inlined
 * when the statement was hoisted; here if it was not). */
static tnode *call_tree(lctx *c, const expr *call) {
    struct tup_state *s = st(c);
    for (int pass = 0; pass < 2; pass++) {
        for (int i = s->nc - 1; i >= 0; i--)
            if (s->calls[i].call == call && s->calls[i].fn == c->fn) return s->calls[i].tree;
        if (!pass) lw_inline_call(c, call);
    }
    return NULL;
}

/* ---- hoisting ---------------------------------------------------------------------- */

/* A tuple conditional or array literal of tuples inside a non-tuple expression. */
static const expr *awkward(const expr *e) {
    if (!e) return NULL;
    if (is_tuple(e) && (e->kind == EX_TERNARY || e->kind == EX_ARRAY_LIT)) return e;
    const expr *b = awkward(e->lhs);
    if (!b) b = awkward(e->rhs);
    if (!b) b = awkward(e->cond);
    for (int i = 0; !b && e->kind != EX_STRING && i < e->args.n; i++) b = awkward(e->args.items[i]);
    return b;
}

static void tuple_hoist(lctx *c, const expr *e) {
    switch (e->kind) {
    case EX_TUPLE_LIT: case EX_ARRAY_LIT:
        for (int i = 0; i < e->args.n; i++) lw_hoist_any(c, e->args.items[i]);
        break;
    case EX_TERNARY: lw_hoist_any(c, e->cond); break; /* branches: where taken */
    case EX_CALL:
        for (int i = 0; i < e->args.n; i++) lw_hoist_any(c, e->args.items[i]);
        if (e->fun) call_tree(c, e);
        break;
    case EX_INDEX:
        lw_hoist_any(c, e->lhs);
        for (int i = 0; i < e->args.n; i++) lw_hoist_any(c, e->args.items[i]);
        break;
    case EX_TUPLE_GET: lw_hoist_any(c, e->lhs); break;
    default: break;
    }
}

/* lw_hoist for any expression: tuple expressions are taken apart, their
 * conditional branches computed only where taken. */
void lw_hoist_any(lctx *c, const expr *e) {
    if (!e) return;
    if (is_tuple(e)) {
        tuple_hoist(c, e);
        return;
    }
    const expr *b = awkward(e);
    if (b) {
        lw_unsupported(c, b->span, b->kind == EX_TERNARY
                                       ? "a conditional expression of tuples inside a larger "
                                         "expression (assign it to a tuple variable first)"
                                       : "an array of tuples written as { ... } inside a larger "
                                         "expression (assign it to a variable first)");
        return;
    }
    lw_hoist(c, e);
    lw_complex_hoist(c, e); /* fft, inv_fft, sum of complex containers */
}

/* ---- loops over tuples --------------------------------------------------------------- */

/* Binds loop variable d to element i of the array of tuples `arr`. */
void lw_tuple_bind_element(lctx *c, const decl *d, const expr *arr, ir_expr *i) {
    tref r;
    if (!resolve(c, lw_tuple_readable(c, arr), &r) || !r.node) return;
    tref *nr = ref_new(c, r.node);
    *nr = r;
    if (nr->np < MAXD) nr->idx[nr->np++] = i;
    bind(c, d, nr);
}

/* ---- output order ------------------------------------------------------------------- */

/* Calls fn for every element of the leaves below n in CmdStan's order:
 * array elements of each level first index fastest, each element's
 * components in turn, a leaf's own elements first index fastest. */
static void walk(lctx *c, const tnode *n, ir_expr **idx, int np, src_span at,
                 void (*fn)(lctx *, ir_var *, ir_expr **, void *), void *arg) {
    int r = n->type.array_dims;
    ir_var *any = some_leaf(n);
    ir_block *saved = c->cur;
    if (r && any) {
        ir_expr *dims[MAXD];
        for (int k = 0; k < r; k++) dims[k] = ir_dim(c->a, any, np + k);
        c->cur = lw_open_loops(c, dims, r, idx + np, 1, at);
    }
    for (int i = 0; i < n->type.ntuple; i++) {
        if (n->sub[i]) {
            walk(c, n->sub[i], idx, np + r, at, fn, arg);
            continue;
        }
        ir_var *v = n->leaf[i];
        if (!v) continue;
        ir_expr *dims[MAXD];
        int own = v->ndims - (np + r);
        for (int k = 0; k < own; k++) dims[k] = ir_dim(c->a, v, np + r + k);
        ir_block *in = c->cur;
        c->cur = lw_open_loops(c, dims, own, idx + np + r, 1, at);
        fn(c, v, idx, arg);
        c->cur = in;
    }
    c->cur = saved;
}

void lw_tuple_walk(lctx *c, const decl *d, void (*fn)(lctx *, ir_var *, ir_expr **, void *),
                   void *arg) {
    const tref *r = declared(c, d);
    ir_expr *idx[MAXD];
    if (r && r->node) walk(c, r->node, idx, 0, d->span, fn, arg);
}

int lw_tuple_has_arrays(lctx *c, const decl *d) {
    const tref *r = declared(c, d);
    return r && r->node && has_arrays(r->node);
}
