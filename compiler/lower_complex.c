/* compiler/lower_complex.c — complex scalars, lowered as pairs of reals.
 *
 * In:  declarations, assignments and expressions of type `complex` (not
 * arrays of it, nor complex vectors / matrices), and the real-valued
 * functions of them (get_real, get_imag, abs, arg, norm, == and !=).
 * Out: ordinary IR on real scalars: a declared `complex z` is two IR
 * variables, z.real and z.imag (the output columns CmdStan writes); every
 * complex operation computes its result into a fresh pair of scalar
 * temporaries from reads of its operands' pairs, so IR, activity analysis,
 * AD and the emitters see nothing new:
 *   z * w   -> t.re = z.re w.re - z.im w.im,  t.im = z.re w.im + z.im w.re
 *   z / w   -> ((z.re w.re + z.im w.im) + (z.im w.re - z.re w.im) i) / |w|^2
 *   exp z   -> e^re (cos im + i sin im);  log z -> log|z| + i atan2(im, re)
 *   pow(z, w) = exp(w log z);  sqrt z = sqrt|z| (cos(arg/2) + i sin(arg/2))
 *   the trigonometric and hyperbolic functions by their real formulas,
 *   their inverses by logarithms (asin z = -i log(iz + sqrt(1 - z^2)), ...)
 * with the principal branches of C99 / R (branch cuts as there, except on
 * the cuts themselves, where the sign of a zero imaginary part is not kept).
 * A real operand is promoted with imaginary part 0.
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
    cxv v;               /* re NULL: forgotten */
} cbind;

struct cx_state {
    cbind *b;
    int nb, cap;
};

int lw_is_complex(const expr *e) { return e && e->type.base == TY_COMPLEX && !e->type.array_dims; }

static int is_complex_decl(const decl *d) { return d->type.base == TY_COMPLEX && !d->type.array_dims; }

/* ---- bindings of declared complex variables ------------------------------------ */

static void bind(lctx *c, const decl *d, cxv v) {
    if (!c->cx) {
        c->cx = arena_alloc(c->a, sizeof *c->cx);
        memset(c->cx, 0, sizeof *c->cx);
    }
    struct cx_state *s = c->cx;
    if (s->nb == s->cap) {
        int cap = s->cap ? 2 * s->cap : 16;
        cbind *nb = arena_alloc(c->a, sizeof *nb * (size_t)cap);
        if (s->nb) memcpy(nb, s->b, sizeof *nb * (size_t)s->nb);
        s->b = nb;
        s->cap = cap;
    }
    s->b[s->nb++] = (cbind){d, v};
}

static const cbind *bound(lctx *c, const decl *d) {
    for (int i = c->cx ? c->cx->nb - 1 : -1; i >= 0; i--)
        if (c->cx->b[i].d == d) return &c->cx->b[i];
    return NULL;
}

void lw_complex_forget(lctx *c, const decl *d) {
    if (d && is_complex_decl(d) && bound(c, d)) bind(c, d, (cxv){NULL, NULL});
}

static ir_var *part_var(lctx *c, const decl *d, ir_role role, const char *part) {
    ir_var *v = ir_var_new(c->m, arena_printf(c->a, "%s__%s", d->name, part), role, 0, 0);
    v->name = arena_printf(c->a, "%s.%s", d->name, part);
    v->src = d;
    v->scope = c->cur_for;
    return v;
}

/* The pair of a declared complex variable, made on first use. */
static cxv declared(lctx *c, const decl *d) {
    const cbind *b = bound(c, d);
    if (b && b->v.re) return b->v;
    ir_role role = lw_role_of(c, d);
    if (role == IRV_DATA || role == IRV_LOOP || d->kind != DECL_VAR)
        lw_unsupported(c, d->span, role == IRV_DATA ? "complex data" : "complex numbers here");
    cxv v = {part_var(c, d, role, "real"), part_var(c, d, role, "imag")};
    bind(c, d, v);
    return v;
}

int lw_complex_vars(lctx *c, const decl *d, ir_var **out) {
    cxv v = declared(c, d);
    out[0] = v.re;
    out[1] = v.im;
    return 2;
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

static cxv lower(lctx *c, const expr *e);

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

int lw_complex_implements(const char *name) {
    for (size_t i = 0; i < sizeof real_fns / sizeof *real_fns; i++)
        if (!strcmp(real_fns[i], name)) return 1;
    return unary_fn(name) || !strcmp(name, "to_complex") || !strcmp(name, "polar") ||
           !strcmp(name, "pow");
}

/* A real operand x (not complex) in a variable. */
static ir_var *real_var(lctx *c, const expr *x) { return temp(c, x, lw_scalar(c, x)); }

static cxv lower_call(lctx *c, const expr *e) {
    int n = e->args.n;
    if (e->fun) {
        lw_bad(c, e, "user-defined functions of complex numbers");
        return real_cx(c, e, 0);
    }
    if (!strcmp(e->name, "to_complex")) {
        ir_expr *x = n > 0 ? lw_scalar(c, arg(e, 0)) : R(c, 0);
        return make(c, e, x, n > 1 ? lw_scalar(c, arg(e, 1)) : NULL);
    }
    if (!strcmp(e->name, "polar") && n == 2)
        return polar(c, e, real_var(c, arg(e, 0)), real_var(c, arg(e, 1)));
    if (!strcmp(e->name, "pow") && n == 2) {
        cxv x = lower(c, arg(e, 0));
        return cx_pow(c, e, x, lower(c, arg(e, 1)));
    }
    cx_fn1 f = n == 1 ? unary_fn(e->name) : NULL;
    if (f) return f(c, e, lower(c, arg(e, 0)));
    lw_bad(c, e, arena_printf(c->a, "function %s of complex numbers", e->name));
    return real_cx(c, e, 0);
}

static cxv lower_binary(lctx *c, const expr *e) {
    cxv x = lower(c, e->lhs), y = lower(c, e->rhs);
    switch (e->op) {
    case OP_ADD: return cx_add(c, e, x, y, 0);
    case OP_SUB: return cx_add(c, e, x, y, 1);
    case OP_MUL: case OP_ELT_MUL: return cx_mul(c, e, x, y);
    case OP_DIV: case OP_ELT_DIV: return cx_div(c, e, x, y);
    case OP_POW: case OP_ELT_POW: return cx_pow(c, e, x, y);
    default: lw_bad(c, e, "this operator on complex numbers"); return x;
    }
}

/* The pair of complex (or real, promoted) scalar expression e. */
static cxv lower(lctx *c, const expr *e) {
    if (!lw_is_complex(e)) {
        if (e->type.base == TY_INT || e->type.base == TY_REAL) return make(c, e, lw_scalar(c, e), NULL);
        lw_bad(c, e, "complex vectors, matrices and arrays");
        return real_cx(c, e, 0);
    }
    switch (e->kind) {
    case EX_IMAG_LIT: return make(c, e, R(c, 0), R(c, e->rval));
    case EX_VAR:
        if (e->decl && e->decl->kind == DECL_VAR) return declared(c, e->decl);
        break;
    case EX_UNARY:
        if (e->op == OP_PLUS) return lower(c, e->lhs);
        if (e->op == OP_NEG) {
            cxv z = lower(c, e->lhs);
            return make(c, e, neg(c, re(c, z)), neg(c, im(c, z)));
        }
        break;
    case EX_BINARY: return lower_binary(c, e);
    case EX_CALL: return lower_call(c, e);
    case EX_TERNARY: lw_bad(c, e, "a conditional expression of complex numbers"); return real_cx(c, e, 0);
    default: break;
    }
    lw_bad(c, e, "this complex expression");
    return real_cx(c, e, 0);
}

/* ---- real values of complex expressions ------------------------------------------------ */

int lw_complex_real_expr(const expr *e) {
    if (!e || lw_is_complex(e)) return 0;
    if (e->kind == EX_BINARY && (e->op == OP_EQ || e->op == OP_NE))
        return lw_is_complex(e->lhs) || lw_is_complex(e->rhs);
    if (e->kind != EX_CALL || e->fun || e->args.n != 1) return 0;
    return lw_is_complex(arg(e, 0));
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

/* A real-valued expression of complex numbers (lw_complex_real_expr), or
 * a complex one where a real is needed (reported). */
ir_expr *lw_complex_real(lctx *c, const expr *e) {
    if (lw_is_complex(e)) return lw_bad(c, e, "a complex value where a real is needed");
    if (e->kind == EX_BINARY) return equal(c, e);
    cxv z = lower(c, arg(e, 0));
    if (!strcmp(e->name, "get_real")) return re(c, z);
    if (!strcmp(e->name, "get_imag")) return im(c, z);
    if (!strcmp(e->name, "abs")) return modulus(c, z);
    if (!strcmp(e->name, "arg")) return phase(c, z);
    if (!strcmp(e->name, "norm")) return norm(c, z);
    return lw_bad(c, e, arena_printf(c->a, "function %s of complex numbers", e->name));
}

/* ---- statements -------------------------------------------------------------------- */

static void store(lctx *c, cxv dst, cxv v, const expr *at) {
    lw_set(c, dst.re, NULL, re(c, v), at);
    lw_set(c, dst.im, NULL, im(c, v), at);
}

/* z = rhs, or z op= rhs (+ - * /). */
void lw_complex_assign(lctx *c, const expr *lhs, const expr *rhs, op_kind op) {
    if (lhs->kind != EX_VAR || !lhs->decl) {
        lw_unsupported(c, lhs->span, "assigning to this complex place");
        return;
    }
    cxv z = declared(c, lhs->decl), v = lower(c, rhs);
    switch (op) {
    case OP_EQ: break;
    case OP_ADD: v = cx_add(c, rhs, z, v, 0); break;
    case OP_SUB: v = cx_add(c, rhs, z, v, 1); break;
    case OP_MUL: case OP_ELT_MUL: v = cx_mul(c, rhs, z, v); break;
    case OP_DIV: case OP_ELT_DIV: v = cx_div(c, rhs, z, v); break;
    default: lw_unsupported(c, lhs->span, "this compound assignment"); return;
    }
    store(c, z, v, rhs);
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
