/* compiler/lower_complex.c — complex numbers, lowered as pairs of reals.
 *
 * In:  declarations, assignments and expressions of the complex types
 * (complex, complex_vector, complex_row_vector, complex_matrix, arrays of
 * them), and the real-valued functions of them (get_real, get_imag, abs,
 * arg, norm, == and !=).
 * Out: ordinary IR on reals: a declared complex `z` is two IR variables of
 * its shape, z.real and z.imag (named as CmdStan's output columns; write
 * order by lw_complex_walk, column names by runtime/names.c).  An
 * expression is lowered element by element (the loop indices of the
 * statement, as for real containers; scalars broadcast): every complex
 * operation computes its result into a fresh pair of scalar temporaries
 * from reads of its operands' pairs, so IR, activity analysis, AD and the
 * emitters see nothing new:
 *   z * w   -> t.re = z.re w.re - z.im w.im,  t.im = z.re w.im + z.im w.re
 *   z / w   -> ((z.re w.re + z.im w.im) + (z.im w.re - z.re w.im) i) / |w|^2
 *              (not rescaled: |w|^2 overflows beyond 1e154)
 *   exp z   -> e^re (cos im + i sin im);  log z -> log|z| + i atan2(im, re)
 *   pow(z, w) = exp(w log z) (so pow(0, w) is NaN);
 *   sqrt z = sqrt|z| (cos(arg/2) + i sin(arg/2))
 *   the trigonometric and hyperbolic functions by their real formulas,
 *   their inverses by logarithms (asin z = -i log(iz + sqrt(1 - z^2)), ...)
 * with the principal branches of C99 / C++ (branch cuts as there, except on
 * the cuts themselves, where the sign of a zero imaginary part is not kept;
 * proj gives +0 as the imaginary part at infinity).  sum, fft, inv_fft,
 * fft2 and inv_fft2 (a direct O(N^2) DFT per line) of containers are
 * computed whole before their statement (lw_complex_hoist).
 * Never: shares an IR node between two places (each use reads the pair
 * again), or evaluates an operand twice (operands are computed once into
 * their pair).
 */
#include <math.h>
#include <string.h>
#include "lower_int.h"

/* A complex value in two real scalar variables; im NULL: exactly 0. */
typedef struct {
    ir_var *re, *im;
} cxv;

typedef struct {
    const decl *d;
    cxv v;               /* re NULL: forgotten; containers: re, im of d's shape */
} cbind;

/* A whole value computed before its statement (fft, inv_fft, sum). */
typedef struct {
    const expr *e;
    ir_fn_kind fn;
    cxv v;
} choist;

struct cx_state {
    cbind *b;
    int nb, cap;
    choist *h;
    int nh, caph;
};

static int cx_base(base_type b) {
    return b == TY_COMPLEX || b == TY_COMPLEX_VECTOR || b == TY_COMPLEX_ROW_VECTOR || b == TY_COMPLEX_MATRIX;
}

int lw_is_complex(const expr *e) { return e && e->type.base == TY_COMPLEX && !e->type.array_dims; }
int lw_is_complex_any(const expr *e) { return e && cx_base(e->type.base); }
int lw_is_complex_decl(const decl *d) { return cx_base(d->type.base); }

/* ---- bindings of declared complex variables ------------------------------------ */

static struct cx_state *st(lctx *c) {
    if (!c->cx) {
        c->cx = arena_alloc(c->a, sizeof *c->cx);
        memset(c->cx, 0, sizeof *c->cx);
    }
    return c->cx;
}

static void bind(lctx *c, const decl *d, cxv v) {
    struct cx_state *s = st(c);
    s->b = lw_grow(c, s->b, s->nb, &s->cap, sizeof *s->b);
    s->b[s->nb++] = (cbind){d, v};
}

static const cbind *bound(lctx *c, const decl *d) {
    for (int i = c->cx ? c->cx->nb - 1 : -1; i >= 0; i--)
        if (c->cx->b[i].d == d) return &c->cx->b[i];
    return NULL;
}

void lw_complex_forget(lctx *c, const decl *d) {
    if (d && lw_is_complex_decl(d) && bound(c, d)) bind(c, d, (cxv){NULL, NULL});
}

/* d's sizes: array sizes, then rows (and columns) of a vector / matrix. */
static int decl_dims(lctx *c, const decl *d, ir_expr **dims) {
    const expr *sz[MAXD];
    int n = 0;
    for (int i = 0; i < d->array_sizes.n && n < MAXD; i++) sz[n++] = d->array_sizes.items[i];
    if (d->type.base != TY_COMPLEX && d->vec_size && n < MAXD) sz[n++] = d->vec_size;
    if (d->type.base == TY_COMPLEX_MATRIX && d->vec_cols && n < MAXD) sz[n++] = d->vec_cols;
    if (n > IR_MAX_DIMS) {
        lw_unsupported(c, d->span, "more than 8 dimensions");
        n = IR_MAX_DIMS;
    }
    for (int k = 0; k < n; k++) {
        dims[k] = lw_scalar(c, sz[k]);
        if (!lw_data_only(dims[k]))
            lw_unsupported(c, d->span, "a size that depends on parameters or loop variables");
    }
    return n;
}

static ir_var *part_var(lctx *c, const decl *d, ir_role role, const char *part, int nd, ir_expr **dims) {
    ir_var *v = ir_var_new(c->m, arena_printf(c->a, "%s__%s", d->name, part), role, 0, nd);
    v->name = arena_printf(c->a, "%s.%s", d->name, part);
    v->src = d;
    v->scope = c->cur_for;
    for (int k = 0; k < nd; k++) v->dims[k] = dims[k];
    return v;
}

/* Why the pair of d cannot be made, or NULL. */
static const char *unsupported_role(ir_role role, const decl *d) {
    if (role == IRV_DATA) return "complex data (compute it in transformed data with to_complex)";
    if (role == IRV_PARAM) return "complex parameters (declare the real and imaginary parts as reals)";
    if (d->kind != DECL_VAR || role == IRV_LOOP) return "complex numbers here";
    return NULL;
}

/* The pair of a declared complex variable, made on first use. */
static cxv declared(lctx *c, const decl *d) {
    const cbind *b = bound(c, d);
    if (b && b->v.re) return b->v;
    ir_role role = lw_role_of(c, d);
    const char *why = unsupported_role(role, d);
    if (why) lw_unsupported(c, d->span, why);
    ir_expr *dims[MAXD];
    int nd = decl_dims(c, d, dims);
    cxv v = {part_var(c, d, role, "real", nd, dims), part_var(c, d, role, "imag", nd, dims)};
    bind(c, d, v);
    return v;
}

int lw_complex_vars(lctx *c, const decl *d, ir_var **out) {
    cxv v = declared(c, d);
    out[0] = v.re;
    out[1] = v.im;
    return 2;
}

/* Every element of d, first index fastest, real then imaginary part (the
 * order of CmdStan's columns z.1.real, z.1.imag, z.2.real, ...). */
void lw_complex_walk(lctx *c, const decl *d, void (*fn)(lctx *, ir_var *, ir_expr **, void *),
                     void *arg) {
    cxv v = declared(c, d);
    ir_expr *dims[MAXD], *idx[MAXD];
    lw_var_dims(c, v.re, dims);
    ir_block *saved = c->cur;
    c->cur = lw_open_loops(c, dims, v.re->ndims, idx, 1, d->span);
    fn(c, v.re, idx, arg);
    fn(c, v.im, idx, arg);
    c->cur = saved;
}

/* ---- pairs ------------------------------------------------------------------------ */

static ir_expr *rd(lctx *c, ir_var *v) { return v ? lw_get0(c, v) : R(c, 0); }
static ir_expr *re(lctx *c, cxv z) { return rd(c, z.re); }
static ir_expr *im(lctx *c, cxv z) { return rd(c, z.im); }

static ir_var *temp(lctx *c, const expr *at, ir_expr *val) {
    ir_var *t = lw_temp(c, at, 0, 0, NULL);
    lw_set(c, t, NULL, val, at);
    return t;
}

/* A new pair holding x + y i (y NULL: 0). */
static cxv make(lctx *c, const expr *at, ir_expr *x, ir_expr *y) {
    cxv r = {temp(c, at, x), NULL};
    if (y) r.im = temp(c, at, y);
    return r;
}

static ir_expr *call1(lctx *c, const char *f, ir_expr *x) { return lw_call(c, f, 1, x, NULL); }
static ir_expr *neg(lctx *c, ir_expr *x) { return ir_neg(c->a, x); }

/* Element idx[0..nidx) of e (complex, or real promoted; scalars broadcast). */
static cxv el(lctx *c, const expr *e, ir_expr **idx, int nidx);
static cxv lower(lctx *c, const expr *e) { return el(c, e, NULL, 0); }

/* ---- arithmetic ----------------------------------------------------------------- */

static cxv cx_add(lctx *c, const expr *at, cxv x, cxv y, int minus) {
    ir_expr *r = minus ? sub(c, re(c, x), re(c, y)) : add(c, re(c, x), re(c, y));
    ir_expr *i = minus ? sub(c, im(c, x), im(c, y)) : add(c, im(c, x), im(c, y));
    return make(c, at, r, i);
}

static cxv cx_mul(lctx *c, const expr *at, cxv x, cxv y) {
    return make(c, at, sub(c, mul(c, re(c, x), re(c, y)), mul(c, im(c, x), im(c, y))),
                add(c, mul(c, re(c, x), im(c, y)), mul(c, im(c, x), re(c, y))));
}

static ir_expr *norm(lctx *c, cxv z) { return add(c, sq(c, re(c, z)), sq(c, im(c, z))); }

static cxv cx_div(lctx *c, const expr *at, cxv x, cxv y) {
    ir_var *d = temp(c, at, norm(c, y));
    return make(c, at, dvd(c, add(c, mul(c, re(c, x), re(c, y)), mul(c, im(c, x), im(c, y))), rd(c, d)),
                dvd(c, sub(c, mul(c, im(c, x), re(c, y)), mul(c, re(c, x), im(c, y))), rd(c, d)));
}

/* k z for a real constant k. */
static cxv scale(lctx *c, const expr *at, double k, cxv z) {
    return make(c, at, mul(c, R(c, k), re(c, z)), mul(c, R(c, k), im(c, z)));
}

/* i z = -im + re i. */
static cxv times_i(lctx *c, const expr *at, cxv z) { return make(c, at, neg(c, im(c, z)), re(c, z)); }

static cxv real_cx(lctx *c, const expr *at, double x) { return make(c, at, R(c, x), NULL); }

/* ---- elementary functions ---------------------------------------------------------- */

static ir_expr *modulus(lctx *c, cxv z) { return lw_call(c, "hypot", 2, re(c, z), im(c, z)); }
static ir_expr *phase(lctx *c, cxv z) { return lw_call(c, "atan2", 2, im(c, z), re(c, z)); }

/* r (cos t + i sin t) for real variables r (NULL: 1) and t. */
static cxv polar(lctx *c, const expr *at, ir_var *r, ir_var *t) {
    ir_expr *x = call1(c, "cos", rd(c, t)), *y = call1(c, "sin", rd(c, t));
    return make(c, at, r ? mul(c, rd(c, r), x) : x, r ? mul(c, rd(c, r), y) : y);
}

static cxv cx_exp(lctx *c, const expr *at, cxv z) {
    ir_var *r = temp(c, at, ex(c, re(c, z)));
    return polar(c, at, r, z.im ? z.im : temp(c, at, R(c, 0)));
}

static cxv cx_log(lctx *c, const expr *at, cxv z) {
    return make(c, at, lg(c, modulus(c, z)), phase(c, z));
}

static cxv cx_sqrt(lctx *c, const expr *at, cxv z) {
    ir_var *r = temp(c, at, lw_sqrt(c, modulus(c, z)));
    return polar(c, at, r, temp(c, at, mul(c, R(c, 0.5), phase(c, z))));
}

static cxv cx_pow(lctx *c, const expr *at, cxv x, cxv y) {
    return cx_exp(c, at, cx_mul(c, at, y, cx_log(c, at, x)));
}

/* sin, cos, sinh, cosh of a + b i: f1(a) g1(b) + s f2(a) g2(b) i. */
static cxv trig(lctx *c, const expr *at, cxv z, const char *f1, const char *g1, const char *f2,
                const char *g2, int minus) {
    ir_var *b = z.im ? z.im : temp(c, at, R(c, 0));
    ir_expr *y = mul(c, call1(c, f2, re(c, z)), call1(c, g2, rd(c, b)));
    return make(c, at, mul(c, call1(c, f1, re(c, z)), call1(c, g1, rd(c, b))), minus ? neg(c, y) : y);
}

/* tan and tanh of a + b i: (f(2a) + g(2b) i) / (h(2a) + k(2b)); tanh has
 * the roles of a and b exchanged (sinh 2a + i sin 2b over cosh 2a + cos 2b). */
static cxv tan_like(lctx *c, const expr *at, cxv z, int hyper) {
    ir_var *a2 = temp(c, at, mul(c, R(c, 2), re(c, z))), *b2 = temp(c, at, mul(c, R(c, 2), im(c, z)));
    ir_var *den = temp(c, at, hyper ? add(c, call1(c, "cosh", rd(c, a2)), call1(c, "cos", rd(c, b2)))
                                    : add(c, call1(c, "cos", rd(c, a2)), call1(c, "cosh", rd(c, b2))));
    return make(c, at, dvd(c, call1(c, hyper ? "sinh" : "sin", rd(c, a2)), rd(c, den)),
                dvd(c, call1(c, hyper ? "sin" : "sinh", rd(c, b2)), rd(c, den)));
}

static cxv one_plus(lctx *c, const expr *at, cxv z, int minus) {
    return cx_add(c, at, real_cx(c, at, 1), z, minus);
}

/* asin z = -i log(i z + sqrt(1 - z^2)). */
static cxv cx_asin(lctx *c, const expr *at, cxv z) {
    cxv s = cx_sqrt(c, at, one_plus(c, at, cx_mul(c, at, z, z), 1));
    cxv l = cx_log(c, at, cx_add(c, at, times_i(c, at, z), s, 0));
    return make(c, at, im(c, l), neg(c, re(c, l)));
}

/* atan z = (i / 2) (log(1 - i z) - log(1 + i z)). */
static cxv cx_atan(lctx *c, const expr *at, cxv z) {
    cxv iz = times_i(c, at, z);
    cxv lm = cx_log(c, at, one_plus(c, at, iz, 1));
    cxv d = cx_add(c, at, lm, cx_log(c, at, one_plus(c, at, iz, 0)), 1);
    return make(c, at, mul(c, R(c, -0.5), im(c, d)), mul(c, R(c, 0.5), re(c, d)));
}

/* asinh z = log(z + sqrt(z^2 + 1)); acosh z = log(z + sqrt(z + 1) sqrt(z - 1));
 * atanh z = (log(1 + z) - log(1 - z)) / 2. */
static cxv cx_asinh(lctx *c, const expr *at, cxv z) {
    return cx_log(c, at, cx_add(c, at, z, cx_sqrt(c, at, one_plus(c, at, cx_mul(c, at, z, z), 0)), 0));
}

static cxv cx_acosh(lctx *c, const expr *at, cxv z) {
    cxv p = cx_sqrt(c, at, cx_add(c, at, z, real_cx(c, at, 1), 0));
    cxv m = cx_sqrt(c, at, cx_add(c, at, z, real_cx(c, at, 1), 1));
    return cx_log(c, at, cx_add(c, at, z, cx_mul(c, at, p, m), 0));
}

static cxv cx_atanh(lctx *c, const expr *at, cxv z) {
    cxv lp = cx_log(c, at, one_plus(c, at, z, 0));
    cxv d = cx_add(c, at, lp, cx_log(c, at, one_plus(c, at, z, 1)), 1);
    return scale(c, at, 0.5, d);
}

/* proj: z, or (inf, 0) when a part is infinite. */
static cxv cx_proj(lctx *c, const expr *at, cxv z) {
    cxv r = make(c, at, re(c, z), im(c, z));
    ir_expr *inf = R(c, HUGE_VAL);
    ir_expr *isinf = ir_bin(c->a, OP_OR, ir_bin(c->a, OP_EQ, call1(c, "fabs", re(c, z)), inf),
                            ir_bin(c->a, OP_EQ, call1(c, "fabs", im(c, z)), R(c, HUGE_VAL)));
    ir_stmt *s = lw_if(c, isinf, at);
    ir_block *saved = c->cur;
    c->cur = &s->body;
    lw_set(c, r.re, NULL, R(c, HUGE_VAL), at);
    lw_set(c, r.im, NULL, R(c, 0), at);
    c->cur = saved;
    return r;
}

/* ---- calls -------------------------------------------------------------------------- */

typedef cxv (*cx_fn1)(lctx *, const expr *, cxv);

static cxv cx_conj(lctx *c, const expr *at, cxv z) { return make(c, at, re(c, z), neg(c, im(c, z))); }
static cxv cx_log10(lctx *c, const expr *at, cxv z) { return scale(c, at, 1 / M_LN10, cx_log(c, at, z)); }
static cxv cx_sin(lctx *c, const expr *at, cxv z) { return trig(c, at, z, "sin", "cosh", "cos", "sinh", 0); }
static cxv cx_cos(lctx *c, const expr *at, cxv z) { return trig(c, at, z, "cos", "cosh", "sin", "sinh", 1); }
static cxv cx_sinh(lctx *c, const expr *at, cxv z) { return trig(c, at, z, "sinh", "cos", "cosh", "sin", 0); }
static cxv cx_cosh(lctx *c, const expr *at, cxv z) { return trig(c, at, z, "cosh", "cos", "sinh", "sin", 0); }
static cxv cx_tan(lctx *c, const expr *at, cxv z) { return tan_like(c, at, z, 0); }
static cxv cx_tanh(lctx *c, const expr *at, cxv z) { return tan_like(c, at, z, 1); }

/* acos z = pi/2 - asin z. */
static cxv cx_acos(lctx *c, const expr *at, cxv z) {
    return cx_add(c, at, real_cx(c, at, M_PI / 2), cx_asin(c, at, z), 1);
}

static const struct {
    const char *name;
    cx_fn1 fn;
} unary_fns[] = {
    {"exp", cx_exp},     {"log", cx_log},     {"log10", cx_log10}, {"sqrt", cx_sqrt},
    {"conj", cx_conj},   {"proj", cx_proj},   {"sin", cx_sin},     {"cos", cx_cos},
    {"tan", cx_tan},     {"sinh", cx_sinh},   {"cosh", cx_cosh},   {"tanh", cx_tanh},
    {"asin", cx_asin},   {"acos", cx_acos},   {"atan", cx_atan},   {"asinh", cx_asinh},
    {"acosh", cx_acosh}, {"atanh", cx_atanh},
};

static cx_fn1 unary_fn(const char *name) {
    for (size_t i = 0; i < sizeof unary_fns / sizeof *unary_fns; i++)
        if (!strcmp(unary_fns[i].name, name)) return unary_fns[i].fn;
    return NULL;
}

static const char *const real_fns[] = {"get_real", "get_imag", "abs", "arg", "norm"};

static int is_fft(const char *name) {
    return !strcmp(name, "fft") || !strcmp(name, "inv_fft") || !strcmp(name, "fft2") ||
           !strcmp(name, "inv_fft2");
}

int lw_complex_implements(const char *name) {
    for (size_t i = 0; i < sizeof real_fns / sizeof *real_fns; i++)
        if (!strcmp(real_fns[i], name)) return 1;
    return unary_fn(name) || !strcmp(name, "to_complex") || !strcmp(name, "polar") ||
           !strcmp(name, "pow") || is_fft(name);
}

/* fft, inv_fft and sum of a complex container: computed whole before the
 * statement that uses them (lw_complex_hoist). */
static int is_whole(const expr *e) {
    if (!lw_is_complex_any(e) || e->kind != EX_CALL || e->fun || e->args.n != 1) return 0;
    return is_fft(e->name) || (!strcmp(e->name, "sum") && lw_is_complex_any(arg(e, 0)));
}

static const choist *hoisted_whole(lctx *c, const expr *e) {
    for (int i = c->cx ? c->cx->nh - 1 : -1; i >= 0; i--)
        if (c->cx->h[i].e == e && c->cx->h[i].fn == c->fn) return &c->cx->h[i];
    return NULL;
}

/* ---- places and shapes --------------------------------------------------------------- */

/* A declared complex variable, or an element / slice of one by scalar indices. */
typedef struct {
    cxv v;
    int np;
    ir_expr *idx[MAXD];
} cplace;

static const decl *place_decl(const expr *e) {
    const expr *b = e->kind == EX_INDEX ? e->lhs : e;
    return b->kind == EX_VAR && b->decl && b->decl->kind == DECL_VAR && lw_is_complex_decl(b->decl)
               ? b->decl : NULL;
}

/* An index evaluated once: a literal or variable as it is, else a temporary. */
static ir_expr *once(lctx *c, const expr *ix) {
    ir_expr *v = lw_scalar(c, ix);
    if (v->kind == IE_INT || (v->kind == IE_VAR && !v->nargs)) return v;
    ir_var *t = lw_temp(c, ix, 1, 0, NULL);
    lw_set(c, t, NULL, v, ix);
    return lw_get0(c, t);
}

static int place(lctx *c, const expr *e, cplace *p) {
    const decl *d = place_decl(e);
    if (!d) return 0;
    p->v = declared(c, d);
    p->np = 0;
    for (int k = 0; e->kind == EX_INDEX && k < e->args.n; k++) {
        const expr *ix = arg(e, k);
        if (ix->kind == EX_RANGE || lw_is_container(c, ix) || p->np >= p->v.re->ndims) {
            lw_unsupported(c, ix->span, "multi-indexing complex containers");
            return 0;
        }
        p->idx[p->np++] = once(c, ix);
    }
    return 1;
}

int lw_complex_shape(lctx *c, const expr *e, ir_expr **dims) {
    if (!lw_is_complex_any(e) && !lw_complex_real_expr(e)) return lw_shape(c, e, dims);
    const decl *d = place_decl(e);
    if (d) {
        cxv v = declared(c, d);
        int skip = e->kind == EX_INDEX ? e->args.n : 0, n = 0;
        for (int k = skip; k < v.re->ndims; k++) dims[n++] = ir_dim(c->a, v.re, k);
        return n;
    }
    if (e->kind == EX_CALL && e->name && !strcmp(e->name, "sum")) return 0;
    int n = 0;
    if (e->kind == EX_UNARY || e->kind == EX_BINARY) n = lw_complex_shape(c, e->lhs, dims);
    if (e->kind == EX_UNARY && e->op == OP_TRANSPOSE && n == 2) {
        ir_expr *t = dims[0];
        dims[0] = dims[1];
        dims[1] = t;
    }
    if (!n && e->kind == EX_BINARY) n = lw_complex_shape(c, e->rhs, dims);
    for (int i = 0; !n && e->kind == EX_CALL && i < e->args.n; i++) n = lw_complex_shape(c, arg(e, i), dims);
    return n;
}

/* The pair at full indices idx of a container pair (the pair itself for scalars). */
static cxv read_at(lctx *c, const expr *at, cxv v, ir_expr **idx) {
    if (!v.re->ndims) return v;
    return make(c, at, ir_read(c->a, v.re, v.re->ndims, idx), ir_read(c->a, v.im, v.im->ndims, idx));
}

static void store_at(lctx *c, cxv dst, ir_expr **idx, cxv v, const expr *at) {
    lw_emit(c, ir_assign(c->a, dst.re, dst.re->ndims, idx, re(c, v), at->span));
    lw_emit(c, ir_assign(c->a, dst.im, dst.im->ndims, idx, im(c, v), at->span));
}

static cxv place_el(lctx *c, const expr *e, ir_expr **idx, int nidx) {
    cplace p;
    if (!place(c, e, &p)) return real_cx(c, e, 0);
    if (p.np + nidx != p.v.re->ndims) {
        lw_bad(c, e, "this indexing form");
        return real_cx(c, e, 0);
    }
    for (int k = 0; k < nidx; k++) p.idx[p.np + k] = idx[k];
    return read_at(c, e, p.v, p.idx);
}

/* ---- elements ---------------------------------------------------------------------------- */

/* A real operand x in a variable. */
static ir_var *real_var(lctx *c, const expr *x, ir_expr **idx, int nidx) {
    return temp(c, x, lw_operand(c, x, idx, nidx));
}

static cxv lower_call(lctx *c, const expr *e, ir_expr **idx, int nidx) {
    int n = e->args.n;
    if (e->fun) {
        lw_bad(c, e, "user-defined functions of complex numbers");
        return real_cx(c, e, 0);
    }
    if (!strcmp(e->name, "to_complex")) {
        ir_expr *x = n > 0 ? lw_operand(c, arg(e, 0), idx, nidx) : R(c, 0);
        return make(c, e, x, n > 1 ? lw_operand(c, arg(e, 1), idx, nidx) : NULL);
    }
    if (!strcmp(e->name, "polar") && n == 2) {
        ir_var *r = real_var(c, arg(e, 0), idx, nidx);
        return polar(c, e, r, real_var(c, arg(e, 1), idx, nidx));
    }
    if (!strcmp(e->name, "pow") && n == 2) {
        cxv x = el(c, arg(e, 0), idx, nidx);
        return cx_pow(c, e, x, el(c, arg(e, 1), idx, nidx));
    }
    cx_fn1 f = n == 1 ? unary_fn(e->name) : NULL;
    if (f) return f(c, e, el(c, arg(e, 0), idx, nidx));
    lw_bad(c, e, arena_printf(c->a, is_whole(e) ? "%s of complex numbers inside a real expression or "
                                                  "a condition (assign it to a variable first)"
                                                : "function %s of complex numbers", e->name));
    return real_cx(c, e, 0);
}

static cxv lower_binary(lctx *c, const expr *e, ir_expr **idx, int nidx) {
    ir_expr *dims[MAXD];
    if ((e->op == OP_MUL || e->op == OP_DIV) && lw_complex_shape(c, e->lhs, dims) &&
        lw_complex_shape(c, e->rhs, dims)) {
        lw_bad(c, e, "products and quotients of complex vectors and matrices");
        return real_cx(c, e, 0);
    }
    cxv x = el(c, e->lhs, idx, nidx), y = el(c, e->rhs, idx, nidx);
    switch (e->op) {
    case OP_ADD: return cx_add(c, e, x, y, 0);
    case OP_SUB: return cx_add(c, e, x, y, 1);
    case OP_MUL: case OP_ELT_MUL: return cx_mul(c, e, x, y);
    case OP_DIV: case OP_ELT_DIV: return cx_div(c, e, x, y);
    case OP_POW: case OP_ELT_POW: return cx_pow(c, e, x, y);
    default: lw_bad(c, e, "this operator on complex numbers"); return x;
    }
}

static void store_at(lctx *c, cxv dst, ir_expr **idx, cxv v, const expr *at);

/* c ? x : y, only the branch taken evaluated. */
static cxv ternary(lctx *c, const expr *e, ir_expr **idx, int nidx) {
    cxv r = make(c, e, R(c, 0), R(c, 0));
    ir_stmt *s = lw_if(c, lw_scalar(c, e->cond), e);
    ir_block *saved = c->cur;
    c->cur = &s->body;
    store_at(c, r, NULL, el(c, e->lhs, idx, nidx), e);
    c->cur = &s->els;
    store_at(c, r, NULL, el(c, e->rhs, idx, nidx), e);
    c->cur = saved;
    return r;
}

static cxv complex_el(lctx *c, const expr *e, ir_expr **idx, int nidx) {
    const choist *h = hoisted_whole(c, e);
    if (h) return read_at(c, e, h->v, idx);
    switch (e->kind) {
    case EX_IMAG_LIT: return make(c, e, R(c, 0), R(c, e->rval));
    case EX_VAR: case EX_INDEX:
        if (place_decl(e)) return place_el(c, e, idx, nidx);
        break;
    case EX_UNARY:
        if (e->op == OP_PLUS) return el(c, e->lhs, idx, nidx);
        if (e->op == OP_NEG) {
            cxv z = el(c, e->lhs, idx, nidx);
            return make(c, e, neg(c, re(c, z)), neg(c, im(c, z)));
        }
        if (e->op == OP_TRANSPOSE) { /* (not conjugated, as Stan's ') */
            ir_expr *t[2] = {nidx == 2 ? idx[1] : NULL, nidx == 2 ? idx[0] : NULL};
            return el(c, e->lhs, nidx == 2 ? t : idx, nidx);
        }
        break;
    case EX_BINARY: return lower_binary(c, e, idx, nidx);
    case EX_CALL: return lower_call(c, e, idx, nidx);
    case EX_TERNARY: return ternary(c, e, idx, nidx);
    case EX_ARRAY_LIT: case EX_ROWVEC_LIT:
        lw_bad(c, e, "a literal of complex numbers inside a larger expression (assign it to a "
                     "variable first)");
        return real_cx(c, e, 0);
    default: break;
    }
    lw_bad(c, e, "this complex expression");
    return real_cx(c, e, 0);
}

static cxv el(lctx *c, const expr *e, ir_expr **idx, int nidx) {
    if (!lw_is_complex_any(e)) return make(c, e, lw_operand(c, e, idx, nidx), NULL);
    ir_expr *dims[MAXD];
    if (!nidx || lw_complex_shape(c, e, dims)) return complex_el(c, e, idx, nidx);
    c->broadcast++; /* a scalar reused for every element */
    cxv r = complex_el(c, e, NULL, 0);
    c->broadcast--;
    return r;
}

/* ---- real values of complex expressions ------------------------------------------------ */

int lw_complex_real_expr(const expr *e) {
    if (!e || lw_is_complex_any(e)) return 0;
    if (e->kind == EX_BINARY && (e->op == OP_EQ || e->op == OP_NE))
        return lw_is_complex(e->lhs) || lw_is_complex(e->rhs);
    if (e->kind != EX_CALL || e->fun || e->args.n != 1) return 0;
    return lw_is_complex_any(arg(e, 0));
}

static ir_expr *equal(lctx *c, const expr *e) {
    cxv x = lower(c, e->lhs), y = lower(c, e->rhs);
    ir_expr *eq = ir_bin(c->a, OP_AND, ir_bin(c->a, OP_EQ, re(c, x), re(c, y)),
                         ir_bin(c->a, OP_EQ, im(c, x), im(c, y)));
    if (e->op == OP_EQ) return eq;
    ir_expr *r = ir_neg(c->a, eq);
    r->kind = IE_NOT;
    r->is_int = 1;
    return r;
}

ir_expr *lw_complex_real(lctx *c, const expr *e, ir_expr **idx, int nidx) {
    if (lw_is_complex_any(e)) return lw_bad(c, e, "a complex value where a real is needed");
    if (e->kind == EX_BINARY) return equal(c, e);
    cxv z = el(c, arg(e, 0), idx, nidx);
    if (!strcmp(e->name, "get_real")) return re(c, z);
    if (!strcmp(e->name, "get_imag")) return im(c, z);
    if (!strcmp(e->name, "abs")) return modulus(c, z);
    if (!strcmp(e->name, "arg")) return phase(c, z);
    if (!strcmp(e->name, "norm")) return norm(c, z);
    return lw_bad(c, e, arena_printf(c->a, "function %s of complex numbers", e->name));
}

void lw_complex_parts(lctx *c, const expr *e, ir_expr **idx, int nidx, ir_expr **r, ir_expr **i) {
    cxv z = el(c, e, idx, nidx);
    *r = re(c, z);
    *i = im(c, z);
}

/* ---- whole values: sum, fft, inv_fft ------------------------------------------------------- */

/* A pair of temporaries of the given shape. */
static cxv temps(lctx *c, const expr *at, int nd, ir_expr **dims) {
    return (cxv){lw_temp(c, at, 0, nd, dims), lw_temp(c, at, 0, nd, dims)};
}

/* acc += v for a scalar pair acc. */
static void accumulate(lctx *c, cxv acc, ir_expr *re_v, ir_expr *im_v, const expr *at) {
    lw_set(c, acc.re, NULL, add(c, re(c, acc), re_v), at);
    lw_set(c, acc.im, NULL, add(c, im(c, acc), im_v), at);
}

/* e (a complex container) computed into temporaries, element by element. */
static cxv materialize(lctx *c, const expr *e, int *nd, ir_expr **dims) {
    *nd = lw_complex_shape(c, e, dims);
    cxv t = temps(c, e, *nd, dims);
    ir_expr *idx[MAXD];
    ir_block *saved = c->cur;
    c->cur = lw_open_loops(c, dims, *nd, idx, 0, e->span);
    store_at(c, t, idx, el(c, e, idx, *nd), e);
    c->cur = saved;
    return t;
}

static cxv whole_sum(lctx *c, const expr *e) {
    cxv acc = make(c, e, R(c, 0), R(c, 0));
    ir_expr *dims[MAXD], *idx[MAXD];
    int nd = lw_complex_shape(c, arg(e, 0), dims);
    ir_block *saved = c->cur;
    c->cur = lw_open_loops(c, dims, nd, idx, 0, e->span);
    cxv x = el(c, arg(e, 0), idx, nd);
    accumulate(c, acc, re(c, x), im(c, x), e);
    c->cur = saved;
    return acc;
}

/* z / n for an int n. */
static cxv scale_by(lctx *c, const expr *at, cxv z, ir_expr *n) {
    ir_var *d = temp(c, at, realv(c, n));
    return make(c, at, dvd(c, re(c, z), rd(c, d)), dvd(c, im(c, z), rd(c, d)));
}

/* The discrete Fourier transform along one axis of x (a complex vector, or
 * a complex matrix: each column for axis 0, each row for axis 1) into y,
 * directly (O(N^2) per line):
 *   fft:     y_k = sum_j x_j exp(-2 pi i (j-1)(k-1) / N)
 *   inv_fft: y_k = (1/N) sum_j x_j exp(+2 pi i (j-1)(k-1) / N)
 * x_j (cos t + s i sin t) = (re cos t - s im sin t) + (im cos t + s re sin t) i. */
static void dft_axis(lctx *c, const expr *e, cxv x, cxv y, int nd, int axis, int inverse) {
    ir_expr *n = ir_dim(c->a, x.re, axis), *lines = nd == 2 ? ir_dim(c->a, x.re, 1 - axis) : I(c, 1);
    ir_block *per_line, *outer, *inner;
    ir_expr *o = lw_loop(c, I(c, 1), lines, &per_line, e);
    ir_var *k = lw_loop(c, I(c, 1), n, &outer, e)->var;
    cxv acc = make(c, e, R(c, 0), R(c, 0));
    ir_var *j = lw_loop(c, I(c, 1), n, &inner, e)->var;
    ir_expr *jk = mul(c, sub(c, lw_get0(c, j), I(c, 1)), sub(c, lw_get0(c, k), I(c, 1)));
    ir_var *t = temp(c, e, dvd(c, mul(c, R(c, (inverse ? 2 : -2) * M_PI), realv(c, jk)), realv(c, n)));
    ir_var *co = temp(c, e, call1(c, "cos", rd(c, t))), *si = temp(c, e, call1(c, "sin", rd(c, t)));
    ir_expr *jx = lw_get0(c, j), *kx = lw_get0(c, k);
    cxv xj = read_at(c, e, x, nd == 1 ? ix1(c, jx) : axis == 0 ? ix2(c, jx, o) : ix2(c, o, jx));
    accumulate(c, acc, sub(c, mul(c, re(c, xj), rd(c, co)), mul(c, im(c, xj), rd(c, si))),
               add(c, mul(c, im(c, xj), rd(c, co)), mul(c, re(c, xj), rd(c, si))), e);
    lw_loop_end(c, inner);
    if (inverse) acc = scale_by(c, e, acc, n);
    store_at(c, y, nd == 1 ? ix1(c, kx) : axis == 0 ? ix2(c, kx, o) : ix2(c, o, kx), acc, e);
    lw_loop_end(c, outer);
    lw_loop_end(c, per_line);
}

/* fft / inv_fft of a complex vector; fft2 / inv_fft2 of a complex matrix
 * (the transform of every column, then of every row). */
static cxv whole_fft(lctx *c, const expr *e, int inverse) {
    ir_expr *dims[MAXD];
    int nd;
    cxv x = materialize(c, arg(e, 0), &nd, dims);
    cxv y = temps(c, e, nd, dims);
    if (nd == 1) {
        dft_axis(c, e, x, y, 1, 0, inverse);
        return y;
    }
    cxv cols = temps(c, e, nd, dims);
    dft_axis(c, e, x, cols, 2, 0, inverse);
    dft_axis(c, e, cols, y, 2, 1, inverse);
    return y;
}

static cxv whole(lctx *c, const expr *e) {
    if (!strcmp(e->name, "sum")) return whole_sum(c, e);
    return whole_fft(c, e, !strncmp(e->name, "inv_", 4));
}

void lw_complex_hoist(lctx *c, const expr *e) {
    if (!e) return;
    lw_complex_hoist(c, e->lhs);
    lw_complex_hoist(c, e->rhs);
    lw_complex_hoist(c, e->cond);
    for (int i = 0; e->kind != EX_STRING && i < e->args.n; i++) lw_complex_hoist(c, arg(e, i));
    if (!is_whole(e)) return;
    cxv v = whole(c, e);
    struct cx_state *s = st(c);
    s->h = lw_grow(c, s->h, s->nh, &s->caph, sizeof *s->h);
    s->h[s->nh++] = (choist){e, c->fn, v};
}

/* ---- statements -------------------------------------------------------------------- */

static int mentions(const expr *e, const decl *d) {
    if (!e || !d) return 0;
    if (e->kind == EX_VAR && e->decl == d) return 1;
    if (mentions(e->lhs, d) || mentions(e->rhs, d) || mentions(e->cond, d)) return 1;
    for (int i = 0; e->kind != EX_STRING && i < e->args.n; i++)
        if (mentions(arg(e, i), d)) return 1;
    return 0;
}

static cxv compound(lctx *c, const expr *at, op_kind op, cxv z, cxv v) {
    switch (op) {
    case OP_ADD: return cx_add(c, at, z, v, 0);
    case OP_SUB: return cx_add(c, at, z, v, 1);
    case OP_MUL: case OP_ELT_MUL: return cx_mul(c, at, z, v);
    case OP_DIV: case OP_ELT_DIV: return cx_div(c, at, z, v);
    default: return v;
    }
}

/* p = rhs, or p op= rhs; a literal { ... } or [ ... ] element by element. */
static void assign_place(lctx *c, cplace *p, const expr *lhs, const expr *rhs, op_kind op) {
    if ((rhs->kind == EX_ARRAY_LIT || rhs->kind == EX_ROWVEC_LIT) && op == OP_EQ &&
        p->np < p->v.re->ndims) {
        for (int m = 0; m < rhs->args.n; m++) {
            cplace q = *p;
            q.idx[q.np++] = I(c, m + 1);
            assign_place(c, &q, lhs, arg(rhs, m), op);
        }
        return;
    }
    ir_expr *dims[MAXD], *idx[MAXD], *sdims[MAXD];
    int nd = p->v.re->ndims - p->np;
    for (int k = 0; k < nd; k++) dims[k] = ir_dim(c->a, p->v.re, p->np + k);
    cxv src = {NULL, NULL};
    int nsrc = 0;
    if (nd && mentions(rhs, place_decl(lhs))) src = materialize(c, rhs, &nsrc, sdims);
    ir_block *saved = c->cur;
    c->cur = lw_open_loops(c, dims, nd, idx, 0, lhs->span);
    for (int k = 0; k < nd; k++) p->idx[p->np + k] = idx[k];
    cxv v = src.re ? read_at(c, rhs, src, idx) : el(c, rhs, idx, nd);
    if (op != OP_EQ) v = compound(c, rhs, op, read_at(c, lhs, p->v, p->idx), v);
    store_at(c, p->v, p->idx, v, rhs);
    c->cur = saved;
}

/* z = rhs, or z op= rhs (+ - * / and elementwise .* ./), z a complex
 * variable or an element / slice of one; a container right side that
 * reads z is computed whole first (z = z[1] * z). */
void lw_complex_assign(lctx *c, const expr *lhs, const expr *rhs, op_kind op) {
    cplace p;
    if (op != OP_EQ && op > OP_DIV && op != OP_ELT_MUL && op != OP_ELT_DIV) {
        lw_unsupported(c, lhs->span, "this compound assignment");
        return;
    }
    if (!place(c, lhs, &p)) {
        lw_unsupported(c, lhs->span, "assigning to this complex place");
        return;
    }
    if ((rhs->kind == EX_ARRAY_LIT || rhs->kind == EX_ROWVEC_LIT) && mentions(rhs, place_decl(lhs))) {
        lw_unsupported(c, rhs->span, "a literal of complex numbers that reads the variable it is "
                                     "assigned to");
        return;
    }
    assign_place(c, &p, lhs, rhs, op);
}

void lw_complex_decl(lctx *c, const stmt *s) {
    const decl *d = s->decl;
    cxv z = declared(c, d);
    for (int k = 0; z.re->role == IRV_TDATA && k < 2; k++) {
        ir_stmt *al = ir_stmt_new(c->a, IS_ALLOC, s->span);
        al->var = k ? z.im : z.re;
        lw_emit(c, al);
    }
    if (!d->init) return;
    expr lhs = {.kind = EX_VAR, .span = d->name_span, .decl = (decl *)d, .name = d->name, .type = d->type};
    lw_complex_assign(c, &lhs, d->init, OP_EQ);
}
