/* compiler/emit_c.c — IR -> one C translation unit implementing runtime/model.h.
 *
 * In:  an ir_module after activity analysis.  Out: C source that includes
 * model.h, data.h, rng.h and bm_math.h and defines bm_model_definition.
 * Expressions become SSA temps (tN, flat indices fN, partials tN_dK);
 * every source-level index is range-checked; densities returning NaN reject
 * with the statement's location.  The gradient sweeps are written by ad.c.
 * Never: decides what is active or fused (activity.c, ad.c do).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "catalog.h"
#include "emit.h"
#include "lower.h"
#include "model.h"

/* ---- helpers ------------------------------------------------------------ */

static void remember_tmp(emitter *E, const ir_expr *e, int t) {
    if (E->ntab == E->captab) {
        E->captab = E->captab ? 2 * E->captab : 64;
        E->tab = realloc(E->tab, sizeof *E->tab * (size_t)E->captab);
        if (!E->tab) {
            fprintf(stderr, "bmc: out of memory\n");
            exit(3);
        }
    }
    E->tab[E->ntab].e = e;
    E->tab[E->ntab++].t = t;
}

static int tmp_of(const emitter *E, const ir_expr *e) {
    for (int i = E->ntab - 1; i >= 0; i--)
        if (E->tab[i].e == e) return E->tab[i].t;
    unreachable();
}

static int in_model(const ir_var *v) { return v->role == IRV_DATA || v->role == IRV_TDATA; }

/* Int data are stored as C int, as Stan's ints are 32-bit (the data reader
 * rejects larger values): a loop converting them to double can then
 * vectorise (SSE2 converts packed 32-bit ints, not 64-bit ones).  Every
 * other int is a long.  The bmg_alloc kind: 0 double, 1 long, 2 int. */
static int alloc_kind(const ir_var *v) { return !v->is_int ? 0 : v->role == IRV_DATA ? 2 : 1; }

static const char *storage_ctype(const ir_var *v) {
    static const char *const t[] = {"double", "long", "int"};
    return t[alloc_kind(v)];
}

void emit_store(emitter *E, const ir_var *v) {
    switch (v->role) {
    case IRV_THETA: fputs(E->fn == IRF_UNCONSTRAIN ? "theta_out" : "theta", E->o); break;
    case IRV_OUT: fputs("out", E->o); break;
    case IRV_IN: fputs("params", E->o); break;
    case IRV_LOOP: fprintf(E->o, "i_%s", v->cname); break;
    case IRV_FRAME: fprintf(E->o, "v_%s", v->cname); break;
    default: fprintf(E->o, "%s->v_%s", in_model(v) ? "m" : "w", v->cname); break;
    }
}

void emit_adj(emitter *E, const ir_var *v) {
    if (v->role == IRV_THETA) fputs("grad", E->o);
    else fprintf(E->o, "w->a_%s", v->cname);
}

/* C expression for size of dimension k of v. */
static void emit_dim(emitter *E, const ir_var *v, int k) {
    if (v->role == IRV_THETA) fprintf(E->o, "m->v_%s[0]", E->m->n_unconstrained->cname);
    else fprintf(E->o, "m->d_%s[%d]", v->cname, k);
}

static void emit_loc(emitter *E, src_span at) {
    fprintf(E->o, "%s:%d:%d", at.file ? at.file : E->m->file, at.line, at.col);
}

/* A C string literal for s. */
static void emit_cstr(FILE *o, const char *s) {
    fputc('"', o);
    for (; s && *s; s++) {
        if (*s == '"' || *s == '\\') fputc('\\', o);
        if (*s == '\n') { fputs("\\n", o); continue; }
        if (*s == '%') fputc('%', o);
        fputc(*s, o);
    }
    fputc('"', o);
}

void emit_fail(emitter *E, src_span at, const char *fmt_prefix, const char *args) {
    fprintf(E->o, "return bmg_fail(err, \"%s at ", fmt_prefix);
    if (at.line > 0) emit_loc(E, at);
    else fputs(E->m->file, E->o);
    fprintf(E->o, "\"%s%s);\n", args ? ", " : "", args ? args : "");
}

/* ---- indices ------------------------------------------------------------ */

static int checked(const ir_var *v, src_span at) {
    return at.line > 0 && v->role != IRV_OUT && v->role != IRV_IN;
}

/* The range check of index tN of dimension k of v: returns its error, or
 * in the fast path (emit_fast.c) flags it.  Fast path: when any index is out
 * of range, every index reads as 1 (a valid element) and the check sum
 * becomes NaN, so the checked re-run reports it. */
static void emit_range_checks(emitter *E, const ir_var *v, int nidx, ir_expr *const *idx,
                              int *it, src_span at) {
    int ok = -1;
    for (int k = 0; k < nidx && checked(v, at); k++) {
        if (emit_index_proven(E, v, k, idx[k])) continue;
        if (E->fast) {
            if (ok < 0) fprintf(E->o, "long ok%d = 1;\n", ok = E->tmp++);
            fprintf(E->o, "ok%d &= t%d >= 1 && t%d <= ", ok, it[k], it[k]);
            emit_dim(E, v, k);
            fputs(";\n", E->o);
            continue;
        }
        fprintf(E->o, "if (t%d < 1 || t%d > ", it[k], it[k]);
        emit_dim(E, v, k);
        fputs(") ", E->o);
        fprintf(E->o, "return bmg_fail(err, \"index %%ld out of range for %%s (size %%ld) at ");
        emit_loc(E, at);
        fprintf(E->o, "\", t%d, \"%s\", (long)", it[k], v->name);
        emit_dim(E, v, k);
        fputs(");\n", E->o);
    }
    if (ok < 0) return;
    emit_fast_flag(E, "!ok%d", ok);
    for (int k = 0; k < nidx; k++) {
        int c = E->tmp++;
        fprintf(E->o, "const long t%d = ok%d ? t%d : 1;\n", c, ok, it[k]);
        it[k] = c;
    }
}

int emit_index(emitter *E, const ir_var *v, int nidx, ir_expr *const *idx, src_span at) {
    int f = E->tmp++;
    int it[IR_MAX_DIMS];
    for (int k = 0; k < nidx; k++) it[k] = emit_expr(E, idx[k]);
    emit_range_checks(E, v, nidx, idx, it, at);
    fprintf(E->o, "const long f%d = ", f);
    if (nidx == 0) fputs("0", E->o);
    for (int k = 0; k < nidx; k++) fputc('(', E->o);
    for (int k = 0; k < nidx; k++) {
        if (k == 0) fprintf(E->o, "(t%d - 1))", it[k]);
        else {
            fputs(" * ", E->o);
            emit_dim(E, v, k);
            fprintf(E->o, " + (t%d - 1))", it[k]);
        }
    }
    fputs(";\n", E->o);
    return f;
}

/* ---- expressions ---------------------------------------------------------- */

static const char *ctype(const ir_expr *e) { return e->is_int ? "long" : "double"; }

static void emit_read(emitter *E, const ir_expr *e, int t) {
    if (e->var->role == IRV_LOOP) {
        fprintf(E->o, "const long t%d = i_%s;\n", t, e->var->cname);
        remember_tmp(E, e, -1);
        return;
    }
    int f = emit_index(E, e->var, e->nargs, e->args, e->span);
    fprintf(E->o, "const %s t%d = ", ctype(e), t);
    if (E->vals && E->vals[e->var->id]) {
        fprintf(E->o, "val_%s;\n", e->var->cname);
        remember_tmp(E, e, f);
        return;
    }
    emit_store(E, e->var);
    fprintf(E->o, "[f%d];\n", f);
    remember_tmp(E, e, f); /* flat index, looked up as a second entry */
}

static const char *binop_c(op_kind op) {
    static const char *const t[] = {"+", "-", "*", "/", "<", "<=", ">", ">=", "==", "!=", "&&", "||"};
    return (unsigned)op <= OP_OR ? t[op] : "?";
}

static void emit_bin(emitter *E, const ir_expr *e, int t, int a, int b) {
    if (e->op == OP_DIV && e->is_int) {
        fprintf(E->o, "if (t%d == 0) ", b);
        emit_fail(E, e->span, "integer division by zero", NULL);
    }
    fprintf(E->o, "const %s t%d = t%d %s t%d;\n", ctype(e), t, a, binop_c(e->op), b);
}

static void emit_intrin(emitter *E, const ir_expr *e, int t, int a) {
    const char *nm = ir_intrin_name(e->intrin);
    if (E->partials && e->active) {
        fprintf(E->o, "double t%d_d0;\nconst double t%d = bmg_%s_d(t%d, &t%d_d0);\n", t, t, nm, a, t);
    } else {
        fprintf(E->o, "const double t%d = bmg_%s(t%d);\n", t, nm, a);
    }
}

static int real_arg(const fn_sig *s, int i) {
    return s->args[i] == ARG_REAL || s->args[i] == ARG_REALS;
}

/* The arguments of a density, CDF or RNG call in their C convention
 * (catalog.h): ints as int, reals as double. */
static void emit_conv_args(emitter *E, const ir_expr *e, const int *at) {
    for (int i = 0; i < e->nargs; i++)
        fprintf(E->o, "%s(%s)t%d", i ? ", " : "", real_arg(e->sig, i) ? "double" : "int", at[i]);
}

/* Rejects with "NAME: WHAT" at e's location when C condition cond (on tN) holds. */
static void emit_reject_if(emitter *E, const ir_expr *e, const char *cond, int t, const char *what) {
    fputs("if (", E->o);
    fprintf(E->o, cond, t);
    fputs(") ", E->o);
    char msg[160];
    snprintf(msg, sizeof msg, "%s: %s", e->sig->name, what);
    emit_fail(E, e->span, msg, NULL);
}

/* The distribution a density, CDF or RNG entry belongs to: its density
 * entry (whose doc spells the arguments, "normal(y | mu, sigma): ..."). */
static const fn_sig *density_of(const fn_sig *s) {
    char base[64];
    snprintf(base, sizeof base, "%s", s->name);
    if (s->kind == FN_CDF || s->kind == FN_RNG) {
        char *u = strrchr(base, '_');
        if (u) *u = 0;
    }
    const fn_sig *out[8];
    int n = catalog_find_kind(base, 0, out, 8);
    return n > 0 ? out[0] : NULL;
}

/* Name of argument i of s: from its density's doc, else "argument i+1". */
static void arg_name(const fn_sig *s, int i, char *buf, size_t n) {
    snprintf(buf, n, "argument %d", i + 1);
    const fn_sig *d = density_of(s);
    const char *p = d && d->doc ? strchr(d->doc, '(') : NULL;
    if (!p) return;
    int k = s->kind == FN_RNG ? i + 1 : i; /* an RNG has no outcome argument */
    for (p++; k > 0 && *p && *p != ')'; p++)
        if (*p == ',' || *p == '|') k--;
    while (*p == ' ') p++;
    size_t len = strcspn(p, ",|)");
    while (len && p[len - 1] == ' ') len--;
    if (len && len < n && k == 0) snprintf(buf, n, "%.*s", (int)len, p);
}

/* Rejects, when C condition cond (on tN) holds, with a message that names
 * the function, every argument with its value and the documented
 * constraints: "normal: invalid arguments y = 0.5, mu = 0, sigma = -1
 * (normal(y | mu, sigma): location mu, scale sigma > 0) at file:line:col". */
static void emit_reject_invalid(emitter *E, const ir_expr *e, const char *cond, int t, const int *at) {
    if (E->fast) {
        emit_fast_flag(E, cond, t);
        return;
    }
    fputs("if (", E->o);
    fprintf(E->o, cond, t);
    fputs(") ", E->o);
    char msg[512], vals[512] = "";
    int len = snprintf(msg, sizeof msg, "%s: invalid argument%s", e->sig->name, e->nargs > 1 ? "s" : "");
    int vl = 0;
    for (int i = 0; i < e->nargs && len < (int)sizeof msg - 64 && vl < (int)sizeof vals - 32; i++) {
        char nm[40];
        arg_name(e->sig, i, nm, sizeof nm);
        len += snprintf(msg + len, sizeof msg - (size_t)len, "%s %s = %%g", i ? "," : "", nm);
        vl += snprintf(vals + vl, sizeof vals - (size_t)vl, "%s(double)t%d", i ? ", " : "", at[i]);
    }
    const fn_sig *d = density_of(e->sig);
    if (d && d->doc && !strchr(d->doc, '"') && !strchr(d->doc, '%') && len < (int)sizeof msg - 8)
        snprintf(msg + len, sizeof msg - (size_t)len, " (%s)", d->doc);
    emit_fail(E, e->span, msg, e->nargs ? vals : NULL);
}

/* A catalog math call (calling convention of catalog.h): int arguments as
 * `int`; with partials, tN_dI for each real argument I; an int-valued
 * function's NaN (a domain error) rejects, the rest converts to long. */
static void emit_math_call(emitter *E, const ir_expr *e, int t, const int *at) {
    int grad = E->partials && e->active;
    for (int i = 0; grad && i < e->nargs; i++)
        if (real_arg(e->sig, i)) fprintf(E->o, "double t%d_d%d = 0;\n", t, i);
    if (e->is_int) fprintf(E->o, "const double t%d_r = %s(", t, e->sig->c_value);
    else fprintf(E->o, "const double t%d = %s(", t, grad ? e->sig->c_grad : e->sig->c_value);
    for (int i = 0; i < e->nargs; i++)
        fprintf(E->o, "%s%st%d", i ? ", " : "", real_arg(e->sig, i) ? "" : "(int)", at[i]);
    for (int i = 0; grad && i < e->nargs; i++) {
        if (!real_arg(e->sig, i)) continue;
        if (e->args[i]->active) fprintf(E->o, ", &t%d_d%d", t, i);
        else fputs(", NULL", E->o);
    }
    fputs(");\n", E->o);
    if (!e->is_int) return;
    fprintf(E->o, "if (isnan(t%d_r)) ", t);
    char msg[160];
    snprintf(msg, sizeof msg, "%s: invalid argument (no int result)", e->sig->name);
    emit_fail(E, e->span, msg, NULL);
    fprintf(E->o, "const long t%d = (long)t%d_r;\n", t, t);
}

/* One element of an FN_CDF function: the partial of real argument i is
 * tN_di (numbered by argument, as for math calls, so backprop is shared). */
static void emit_cdf_call(emitter *E, const ir_expr *e, int t, const int *at) {
    int grad = E->partials && e->active;
    for (int i = 0; grad && i < e->nargs; i++)
        if (real_arg(e->sig, i)) fprintf(E->o, "double t%d_d%d = 0;\n", t, i);
    fprintf(E->o, "const double t%d = %s(", t, e->sig->c_value);
    emit_conv_args(E, e, at);
    for (int i = 0; i < e->nargs; i++) {
        if (!real_arg(e->sig, i)) continue;
        if (grad && e->args[i]->active) fprintf(E->o, ", &t%d_d%d", t, i);
        else fputs(", NULL", E->o);
    }
    fputs(");\n", E->o);
    emit_reject_invalid(E, e, "isnan(t%d)", t, at);
}

/* One draw of an FN_RNG function from the function's `rng` (write_array's,
 * or create()'s for transformed data). */
static void emit_rng_call(emitter *E, const ir_expr *e, int t, const int *at) {
    emit_reject_if(E, e, "!rng%.0d", 0, "no random number generator here");
    fprintf(E->o, "const %s t%d = %s(", ctype(e), t, e->sig->c_value);
    emit_conv_args(E, e, at);
    fprintf(E->o, "%srng);\n", e->nargs ? ", " : "");
    emit_reject_invalid(E, e, e->is_int ? "t%d == BM_RNG_INVALID" : "isnan(t%d)", t, at);
}

static void emit_call(emitter *E, const ir_expr *e, int t, const int *at) {
    switch (e->sig->kind) {
    case FN_CDF: emit_cdf_call(E, e, t, at); break;
    case FN_RNG: emit_rng_call(E, e, t, at); break;
    default: emit_math_call(E, e, t, at); break;
    }
}

static void emit_dens(emitter *E, const ir_expr *e, int t, const int *at) {
    unsigned mask = 0;
    for (int i = 0; i < e->nargs; i++)
        if (e->args[i]->active) mask |= 1u << i;
    int grad = E->partials && e->active;
    for (int i = 0, r = 0; grad && i < e->nargs; i++)
        if (real_arg(e->sig, i)) fprintf(E->o, "double t%d_d%d = 0;\n", t, r++);
    fprintf(E->o, "const double t%d = %s(", t, e->sig->c_value);
    emit_conv_args(E, e, at);
    fprintf(E->o, "%s%s, %uu", e->nargs ? ", " : "", e->propto ? "(flags & BM_PROPTO) != 0" : "0", mask);
    for (int i = 0, r = 0; i < e->nargs; i++) {
        if (!real_arg(e->sig, i)) continue;
        if (grad && e->args[i]->active) fprintf(E->o, ", &t%d_d%d", t, r);
        else fputs(", NULL", E->o);
        r++;
    }
    fputs(");\n", E->o);
    emit_reject_invalid(E, e, "isnan(t%d)", t, at);
}

/* IE_PARTIAL: one partial of a call, density element or intrinsic, from the
 * same _d entry points (catalog.h conventions) that give the reverse sweep
 * its partials, asking for argument k's alone.  Densities keep their
 * constants (propto 0) and have only argument k marked active. */
static void emit_partial(emitter *E, const ir_expr *e, int t, const int *at) {
    int k = (int)e->ival;
    fprintf(E->o, "double t%d = 0;\n", t);
    if (!e->sig) {
        fprintf(E->o, "(void)bmg_%s_d(t%d, &t%d);\n", ir_intrin_name(e->intrin), at[0], t);
        return;
    }
    int math = e->sig->kind == FN_MATH, dens = catalog_is_density(e->sig);
    fprintf(E->o, "(void)%s(", math ? e->sig->c_grad : e->sig->c_value);
    if (math)
        for (int i = 0; i < e->nargs; i++)
            fprintf(E->o, "%s%st%d", i ? ", " : "", real_arg(e->sig, i) ? "" : "(int)", at[i]);
    else emit_conv_args(E, e, at);
    if (dens) fprintf(E->o, "%s0, %uu", e->nargs ? ", " : "", 1u << k);
    for (int i = 0; i < e->nargs; i++)
        if (real_arg(e->sig, i)) fprintf(E->o, i == k ? ", &t%d" : ", NULL", t);
    fputs(");\n", E->o);
}

/* A real literal; C has no spelling for infinities and NaN literals. */
static void emit_real(emitter *E, int t, double v) {
    if (isnan(v)) fprintf(E->o, "const double t%d = NAN;\n", t);
    else if (isinf(v)) fprintf(E->o, "const double t%d = %sINFINITY;\n", t, v < 0 ? "-" : "");
    else fprintf(E->o, "const double t%d = (double)%.17g;\n", t, v);
}

/* A sum over a loop variable: a C loop adding the body's values in order.
 * The body is evaluated without partials: emit_backprop runs the loop again
 * with them. */
static void sum_loop_open(emitter *E, const ir_expr *e, ir_stmt *as_loop, int lo, int hi) {
    as_loop->kind = IS_FOR;
    as_loop->var = e->var;
    as_loop->lo = e->args[0];
    as_loop->hi = e->args[1];
    fprintf(E->o, "for (long i_%s = t%d; i_%s <= t%d; i_%s++) {\n", e->var->cname, lo, e->var->cname,
            hi, e->var->cname);
    emit_loop_push(E, as_loop); /* for the index proofs of the body */
}

static void sum_loop_close(emitter *E) {
    emit_loop_pop(E);
    fputs("}\n", E->o);
}

static int emit_sum(emitter *E, const ir_expr *e) {
    int lo = emit_expr(E, e->args[0]), hi = emit_expr(E, e->args[1]), init = emit_expr(E, e->args[3]);
    int t = E->tmp++, partials = E->partials;
    ir_stmt as_loop = {0};
    fprintf(E->o, "double t%d = t%d;\n", t, init);
    sum_loop_open(E, e, &as_loop, lo, hi);
    E->partials = 0;
    int b = emit_expr(E, e->args[2]);
    E->partials = partials;
    fprintf(E->o, "t%d += t%d;\n", t, b);
    sum_loop_close(E);
    remember_tmp(E, e, t);
    return t;
}

/* A call of a recursive function: its C function returns non-zero after
 * setting err; in a fast run (emit_fast.c) that is flagged instead. */
static void emit_rcall(emitter *E, const ir_expr *e, int t, const int *at) {
    fprintf(E->o, "%s t%d = 0;\nconst int rc%d = bmg_sub%ld(flags, %s", ctype(e), t, t, e->ival,
            E->in_sub ? "depth + 1" : "1");
    for (int i = 0; i < e->nargs; i++) fprintf(E->o, ", t%d", at[i]);
    fprintf(E->o, ", &t%d, err);\n", t);
    if (E->fast) emit_fast_flag(E, "rc%d", t);
    else fprintf(E->o, "if (rc%d) return 1;\n", t);
}

int emit_expr(emitter *E, const ir_expr *e) {
    if (e->kind == IE_SUM) return emit_sum(E, e);
    int at[FN_MAX_ARGS + 2] = {0};
    if (e->kind != IE_VAR)
        for (int i = 0; i < e->nargs && i < FN_MAX_ARGS + 2; i++) at[i] = emit_expr(E, e->args[i]);
    int t = E->tmp++;
    switch (e->kind) {
    case IE_INT: fprintf(E->o, "const long t%d = %ldL;\n", t, e->ival); break;
    case IE_REAL: emit_real(E, t, e->rval); break;
    case IE_VAR: emit_read(E, e, t); break;
    case IE_DIM:
        fprintf(E->o, "const long t%d = ", t);
        emit_dim(E, e->var, (int)e->ival);
        fputs(";\n", E->o);
        break;
    case IE_NEG: fprintf(E->o, "const %s t%d = -t%d;\n", ctype(e), t, at[0]); break;
    case IE_NOT: fprintf(E->o, "const long t%d = !t%d;\n", t, at[0]); break;
    case IE_BIN: emit_bin(E, e, t, at[0], at[1]); break;
    case IE_INTRIN: emit_intrin(E, e, t, at[0]); break;
    case IE_CALL: emit_call(E, e, t, at); break;
    case IE_DENS: emit_dens(E, e, t, at); break;
    case IE_FLAGS: fprintf(E->o, "const long t%d = (flags & %ldu) != 0;\n", t, e->ival); break;
    case IE_SUM: break; /* emit_sum */
    case IE_STOP: fprintf(E->o, "const %s t%d = t%d;\n", ctype(e), t, at[0]); break;
    case IE_PARTIAL: emit_partial(E, e, t, at); break;
    case IE_GRADIENT: fprintf(E->o, "const long t%d = %d;\n", t, E->gradient); break;
    case IE_RCALL: emit_rcall(E, e, t, at); break;
    }
    remember_tmp(E, e, t);
    return t;
}

/* ---- backprop ------------------------------------------------------------ */

/* The flat-index temp of an IE_VAR read: remembered just before its value. */
static int flat_of(const emitter *E, const ir_expr *e) {
    for (int i = E->ntab - 1; i > 0; i--)
        if (E->tab[i].e == e) return E->tab[i - 1].t;
    unreachable();
}

static void seed_child(emitter *E, const ir_expr *c, const char *fmt, const char *seed, int t,
                       int k) {
    if (!c->active) return;
    char s[64];
    int n = E->tmp++;
    fprintf(E->o, "const double s%d = ", n);
    fprintf(E->o, fmt, seed, t, k);
    fputs(";\n", E->o);
    snprintf(s, sizeof s, "s%d", n);
    emit_backprop(E, c, s);
}

static void backprop_bin(emitter *E, const ir_expr *e, const char *seed) {
    int a = tmp_of(E, e->args[0]), b = tmp_of(E, e->args[1]);
    char fa[64], fb[64];
    switch (e->op) {
    case OP_ADD: emit_backprop(E, e->args[0], seed); emit_backprop(E, e->args[1], seed); return;
    case OP_SUB:
        emit_backprop(E, e->args[0], seed);
        seed_child(E, e->args[1], "-%s%.0d%.0d", seed, 0, 0);
        return;
    case OP_MUL:
        snprintf(fa, sizeof fa, "%%s * t%d%%.0d%%.0d", b);
        snprintf(fb, sizeof fb, "%%s * t%d%%.0d%%.0d", a);
        break;
    case OP_DIV:
        snprintf(fa, sizeof fa, "%%s / t%d%%.0d%%.0d", b);
        snprintf(fb, sizeof fb, "-%%s * t%d / t%d%%.0d%%.0d", tmp_of(E, e), b);
        break;
    default: return; /* comparisons: zero derivative */
    }
    seed_child(E, e->args[0], fa, seed, 0, 0);
    seed_child(E, e->args[1], fb, seed, 0, 0);
}

/* The flat index of a read whose indices and sizes are all literals (the
 * element accumulators of ad.c's fused loops). */
static long literal_flat_index(const ir_expr *e) {
    long f = 0;
    for (int k = 0; k < e->nargs; k++) f = f * e->var->dims[k]->ival + (e->args[k]->ival - 1);
    return f;
}

void emit_backprop(emitter *E, const ir_expr *e, const char *seed);

/* d sum / d term = d sum / d init = 1: the terms, with partials, again,
 * then the initial value.  Everything is evaluated afresh here: the
 * lowering may share an index or size node between the bounds, the body
 * and the initial value, and the last evaluation of a shared node may sit
 * inside the forward loop's C scope. */
static void backprop_sum(emitter *E, const ir_expr *e, const char *seed) {
    ir_stmt as_loop = {0};
    int partials = E->partials;
    int lo = emit_expr(E, e->args[0]), hi = emit_expr(E, e->args[1]);
    sum_loop_open(E, e, &as_loop, lo, hi);
    E->partials = 1;
    emit_expr(E, e->args[2]);
    emit_backprop(E, e->args[2], seed);
    sum_loop_close(E);
    emit_expr(E, e->args[3]);
    E->partials = partials;
    emit_backprop(E, e->args[3], seed);
}

void emit_backprop(emitter *E, const ir_expr *e, const char *seed) {
    if (!e->active) return;
    int t = tmp_of(E, e);
    switch (e->kind) {
    case IE_VAR:
        if (E->acc && E->acc[e->var->id]) {
            fprintf(E->o, "acc_%s", e->var->cname);
            if (e->var->ndims) fprintf(E->o, "_%ld", literal_flat_index(e));
            fprintf(E->o, " += %s;\n", seed);
            break;
        }
        emit_adj(E, e->var);
        fprintf(E->o, "[f%d] += %s;\n", flat_of(E, e), seed);
        break;
    case IE_NEG: seed_child(E, e->args[0], "-%s%.0d%.0d", seed, 0, 0); break;
    case IE_BIN: backprop_bin(E, e, seed); break;
    case IE_SUM: backprop_sum(E, e, seed); break;
    case IE_INTRIN: seed_child(E, e->args[0], "%s * t%d_d%d", seed, t, 0); break;
    case IE_CALL:
        for (int i = 0; i < e->nargs; i++)
            if (real_arg(e->sig, i)) seed_child(E, e->args[i], "%s * t%d_d%d", seed, t, i);
        break;
    case IE_DENS:
        for (int i = 0, r = 0; i < e->nargs; i++) {
            if (!real_arg(e->sig, i)) continue;
            seed_child(E, e->args[i], "%s * t%d_d%d", seed, t, r++);
        }
        break;
    default: break;
    }
}

static void emit_size(emitter *E, const char *mp, const ir_var *v) {
    if (v->ndims) fprintf(E->o, "bmg_size(%s->d_%s, %d)", mp, v->cname, v->ndims);
    else fputs("1", E->o);
}

/* ---- value-only statements -------------------------------------------------- */

static void emit_block_value(emitter *E, const ir_block *b) {
    for (int i = 0; i < b->n; i++) emit_stmt_value(E, b->items[i]);
}

static void emit_assign_value(emitter *E, const ir_stmt *s) {
    E->ntab = 0;
    int f = emit_index(E, s->var, s->nidx, s->idx, s->span);
    int t = emit_expr(E, s->rhs);
    emit_store(E, s->var);
    fprintf(E->o, "[f%d] = t%d;\n", f, t);
}

static void emit_target_value(emitter *E, const ir_stmt *s) {
    E->ntab = 0;
    if (s->jacobian) fputs("if (flags & BM_JACOBIAN) {\n", E->o);
    int t = emit_expr(E, s->rhs);
    fprintf(E->o, "lp += t%d;\n", t);
    if (s->jacobian) fputs("}\n", E->o);
}

static void emit_for_value(emitter *E, const ir_stmt *s) {
    int chk = emit_fast_open(E, s);
    E->ntab = 0;
    int lo = emit_expr(E, s->lo), hi = emit_expr(E, s->hi);
    fprintf(E->o, "for (long i_%s = t%d; i_%s <= t%d; i_%s++) {\n", s->var->cname, lo,
            s->var->cname, hi, s->var->cname);
    emit_loop_push(E, s);
    emit_block_value(E, &s->body);
    emit_loop_pop(E);
    fputs("}\n", E->o);
    emit_fast_close(E, s, chk);
}

static void emit_if_value(emitter *E, const ir_stmt *s) {
    E->ntab = 0;
    int c = emit_expr(E, s->cond);
    fprintf(E->o, "if (t%d) {\n", c);
    emit_block_value(E, &s->body);
    fputs("} else {\n", E->o);
    emit_block_value(E, &s->els);
    fputs("}\n", E->o);
}

static void emit_while_value(emitter *E, const ir_stmt *s) {
    fputs("for (;;) {\n", E->o);
    E->ntab = 0;
    int c = emit_expr(E, s->cond);
    fprintf(E->o, "if (!t%d) break;\n", c);
    emit_block_value(E, &s->body);
    fputs("}\n", E->o);
}

/* print(...) goes to stdout, as CmdStan's; the message is a C string. */
void emit_print(emitter *E, const ir_stmt *s) {
    E->ntab = 0;
    if (s->msg && *s->msg) {
        fputs("fputs(", E->o);
        emit_cstr(E->o, s->msg);
        fputs(", stdout);\n", E->o);
    }
    if (s->rhs) {
        int t = emit_expr(E, s->rhs);
        if (s->rhs->is_int) fprintf(E->o, "printf(\"%%ld\", (long)t%d);\n", t);
        else fprintf(E->o, "printf(\"%%g\", (double)t%d);\n", t);
    }
    if (s->plate) fputs("putchar('\\n');\n", E->o);
}

static void emit_check(emitter *E, const ir_stmt *s) {
    E->ntab = 0;
    int c = emit_expr(E, s->cond);
    fprintf(E->o, "if (t%d) {\n", c);
    if (s->var) {
        int f = emit_expr(E, s->rhs);
        fprintf(E->o, "const bm_data_var *dv = bm_data_find(data, \"%s\");\n", s->var->name);
        fputs("if (dv) return bm_data_fail_elem(dv, t", E->o);
        fprintf(E->o, "%d, ", f);
        emit_cstr(E->o, s->msg);
        fputs(", ", E->o);
        emit_cstr(E->o, s->what);
        fputs(", err) ? 1 : 1;\n", E->o);
        fprintf(E->o, "return bmg_fail(err, \"%%s: %%s violated\", ");
        emit_cstr(E->o, s->msg);
        fputs(", ", E->o);
        emit_cstr(E->o, s->what);
        fputs(");\n", E->o);
    } else {
        emit_fail(E, s->span, s->msg, NULL);
    }
    fputs("}\n", E->o);
}

/* Computes the dims of s->var; allocates it when it lives in the model. */
static void emit_alloc(emitter *E, const ir_stmt *s) {
    const ir_var *v = s->var;
    for (int k = 0; k < v->ndims; k++) {
        E->ntab = 0;
        int t = emit_expr(E, v->dims[k]);
        fprintf(E->o, "if (t%d < 0) return bmg_fail(err, \"size %%ld of '%s' is negative\", t%d);\n",
                t, v->name, t);
        fprintf(E->o, "m->d_%s[%d] = t%d;\n", v->cname, k, t);
    }
    if (v->role != IRV_TDATA) return;
    fprintf(E->o, "free(m->v_%s);\nm->v_%s = bmg_alloc(", v->cname, v->cname);
    emit_size(E, "m", v);
    fprintf(E->o, ", %d);\n", alloc_kind(v));
}

static void emit_bind(emitter *E, const ir_stmt *s) {
    const ir_var *v = s->var;
    fprintf(E->o, "if (!m->v_%s) {\n", v->cname);
    emit_alloc(E, s);
    fprintf(E->o, "long dims[%d] = {0", v->ndims + 1);
    for (int k = 0; k < v->ndims; k++) fprintf(E->o, ", m->d_%s[%d]", v->cname, k);
    fputs("};\nconst bm_data_var *dv = NULL;\n", E->o);
    fprintf(E->o, "if (bm_data_expect(data, \"%s\", ", v->name);
    emit_cstr(E->o, s->msg);
    fprintf(E->o, ", %d, %d, dims + 1, &dv, err)) return 1;\n", v->is_int, v->ndims);
    fputs("const long n = ", E->o);
    emit_size(E, "m", v);
    fputs(";\n", E->o);
    fprintf(E->o, "m->v_%s = bmg_alloc(n, %d);\n", v->cname, alloc_kind(v));
    fprintf(E->o, "for (long k = 0; k < n; k++) m->v_%s[k] = (%s)dv->values[k];\n}\n", v->cname,
            storage_ctype(v));
}

static void emit_infer(emitter *E, const ir_stmt *s) {
    const ir_var *v = s->var;
    fprintf(E->o, "if (!bm_data_find(data, \"%s\")) {\n", v->name);
    fprintf(E->o, "static const bm_size_source cands[%d] = {", s->nidx);
    for (int i = 0; i < s->nidx; i++)
        fprintf(E->o, "%s{\"%s\", %ld}", i ? ", " : "", s->idx[i]->var->name, s->idx[i]->ival);
    fputs("};\nlong val = 0;\n", E->o);
    fprintf(E->o, "if (bm_data_infer_size(data, \"%s\", ", v->name);
    emit_cstr(E->o, s->msg);
    fprintf(E->o, ", cands, %d, &val, err)) return 1;\n", s->nidx);
    fprintf(E->o, "m->v_%s = bmg_alloc(1, %d);\nm->v_%s[0] = val;\n}\n", v->cname, alloc_kind(v),
            v->cname);
}

void emit_stmt_value(emitter *E, const ir_stmt *s) {
    fputs("{\n", E->o);
    switch (s->kind) {
    case IS_ASSIGN: emit_assign_value(E, s); break;
    case IS_TARGET: emit_target_value(E, s); break;
    case IS_FOR: emit_for_value(E, s); break;
    case IS_IF: emit_if_value(E, s); break;
    case IS_WHILE: emit_while_value(E, s); break;
    case IS_PRINT: emit_print(E, s); break;
    case IS_CHECK: emit_check(E, s); break;
    case IS_ALLOC: emit_alloc(E, s); break;
    case IS_BIND: emit_bind(E, s); break;
    case IS_INFER: emit_infer(E, s); break;
    }
    fputs("}\n", E->o);
}

/* ---- the translation unit ------------------------------------------------- */

static const char prelude[] =
    "#include <math.h>\n#include <stdarg.h>\n#include <stdio.h>\n#include <stdlib.h>\n"
    "#include <string.h>\n#include \"model.h\"\n#include \"data.h\"\n#include \"rng.h\"\n"
    "#include \"bm_math.h\"\n\n"
    "static int bmg_fail(bm_error *err, const char *fmt, ...) {\n"
    "    if (!err) return 1;\n    va_list ap;\n    va_start(ap, fmt);\n"
    "    vsnprintf(err->msg, sizeof err->msg, fmt, ap);\n    va_end(ap);\n    return 1;\n}\n"
    "static void *bmg_alloc(long n, int kind) { /* 0 double, 1 long, 2 int */\n"
    "    const int is_int = kind != 0;\n"
    "    size_t sz = kind == 2 ? sizeof(int) : kind == 1 ? sizeof(long) : sizeof(double);\n"
    "    void *p = malloc((size_t)(n > 0 ? n : 1) * sz);\n"
    "    if (!p) { fprintf(stderr, \"out of memory\\n\"); exit(3); }\n"
    "    if (is_int) memset(p, 0, (size_t)(n > 0 ? n : 1) * sz);\n"
    "    else for (long i = 0; i < (n > 0 ? n : 1); i++) ((double *)p)[i] = NAN;\n"
    "    return p;\n}\n"
    "static long bmg_size(const long *d, int n) {\n"
    "    long s = 1;\n    for (int i = 0; i < n; i++) s *= d[i];\n    return s;\n}\n"
    "static inline double bmg_exp(double x) { return exp(x); }\n"
    "static inline double bmg_exp_d(double x, double *d) { double v = exp(x); *d = v; return v; }\n"
    "static inline double bmg_log(double x) { return log(x); }\n"
    "static inline double bmg_log_d(double x, double *d) { *d = 1 / x; return log(x); }\n"
    "static inline double bmg_inv_logit(double x) {\n"
    "    if (x < 0) { double e = exp(x); return e / (1 + e); }\n    return 1 / (1 + exp(-x));\n}\n"
    "static inline double bmg_inv_logit_d(double x, double *d) {\n"
    "    double v = bmg_inv_logit(x); *d = v * (1 - v); return v;\n}\n"
    "static inline double bmg_log_inv_logit(double x) {\n"
    "    return x < 0 ? x - log1p(exp(x)) : -log1p(exp(-x));\n}\n"
    "static inline double bmg_log_inv_logit_d(double x, double *d) {\n"
    "    *d = 1 - bmg_inv_logit(x); return bmg_log_inv_logit(x);\n}\n"
    "static inline double bmg_log1m_inv_logit(double x) { return bmg_log_inv_logit(-x); }\n"
    "static inline double bmg_log1m_inv_logit_d(double x, double *d) {\n"
    "    *d = -bmg_inv_logit(x); return bmg_log_inv_logit(-x);\n}\n"
    "static inline double bmg_logit(double p) { return log(p / (1 - p)); }\n"
    "static inline double bmg_logit_d(double p, double *d) { *d = 1 / (p * (1 - p)); return bmg_logit(p); }\n";

static int lives_in_ws(const ir_var *v) {
    return v->role == IRV_PARAM || v->role == IRV_TPARAM || v->role == IRV_LOCAL ||
           v->role == IRV_GQ;
}

static int has_dims_field(const ir_var *v) { return v->ndims > 0 && (in_model(v) || lives_in_ws(v)); }

static void emit_structs(emitter *E) {
    const ir_module *m = E->m;
    fputs("struct bm_model {\n    int unused_;\n", E->o);
    for (int i = 0; i < m->nvars; i++) {
        const ir_var *v = m->vars[i];
        if (has_dims_field(v)) fprintf(E->o, "    long d_%s[%d];\n", v->cname, v->ndims);
        if (in_model(v)) fprintf(E->o, "    %s *v_%s;\n", storage_ctype(v), v->cname);
    }
    fputs("};\n\nstruct bm_ws {\n    const bm_model *m;\n"
          "    double *vs; long vsp, vcap;\n    long *is; long isp, icap;\n", E->o);
    for (int i = 0; i < m->nvars; i++) {
        const ir_var *v = m->vars[i];
        if (!lives_in_ws(v)) continue;
        fprintf(E->o, "    %s *v_%s;\n", storage_ctype(v), v->cname);
        if (v->active) fprintf(E->o, "    double *a_%s;\n", v->cname);
    }
    fputs("};\n\n", E->o);
}

static const char stack_code[] =
    "static void bmg_vpush(bm_ws *w, double x) {\n"
    "    if (w->vsp == w->vcap) {\n"
    "        w->vcap = w->vcap ? 2 * w->vcap : 1024;\n"
    "        w->vs = realloc(w->vs, (size_t)w->vcap * sizeof *w->vs);\n"
    "        if (!w->vs) { fprintf(stderr, \"out of memory\\n\"); exit(3); }\n    }\n"
    "    w->vs[w->vsp++] = x;\n}\n"
    "static void bmg_ipush(bm_ws *w, long x) {\n"
    "    if (w->isp == w->icap) {\n"
    "        w->icap = w->icap ? 2 * w->icap : 1024;\n"
    "        w->is = realloc(w->is, (size_t)w->icap * sizeof *w->is);\n"
    "        if (!w->is) { fprintf(stderr, \"out of memory\\n\"); exit(3); }\n    }\n"
    "    w->is[w->isp++] = x;\n}\n"
    "#define bmg_vpop(w) ((w)->vs[--(w)->vsp])\n#define bmg_ipop(w) ((w)->is[--(w)->isp])\n\n";


static void emit_lifecycle(emitter *E) {
    const ir_module *m = E->m;
    fputs("static void model_destroy(bm_model *m) {\n    if (!m) return;\n", E->o);
    for (int i = 0; i < m->nvars; i++)
        if (in_model(m->vars[i])) fprintf(E->o, "    free(m->v_%s);\n", m->vars[i]->cname);
    fputs("    free(m);\n}\n\n", E->o);
    fputs("static bm_model *model_create_seeded(const bm_data *data, unsigned long long seed,\n"
          "                                     bm_error *err) {\n"
          "    bm_model *m = calloc(1, sizeof *m);\n"
          "    if (!m) { bmg_fail(err, \"out of memory\"); return NULL; }\n"
          "    bm_rng rng;\n    bm_rng_seed(&rng, seed, BM_STREAM_TDATA);\n"
          "    if (fn_tdata(m, data, &rng, err)) { model_destroy(m); return NULL; }\n"
          "    return m;\n}\n\n"
          "static bm_model *model_create(const bm_data *data, bm_error *err) {\n"
          "    return model_create_seeded(data, BM_DEFAULT_SEED, err);\n}\n\n", E->o);
    fputs("static bm_ws *ws_create(const bm_model *m) {\n"
          "    bm_ws *w = calloc(1, sizeof *w);\n    if (!w) return NULL;\n    w->m = m;\n", E->o);
    for (int i = 0; i < m->nvars; i++) {
        const ir_var *v = m->vars[i];
        if (!lives_in_ws(v)) continue;
        fprintf(E->o, "    w->v_%s = bmg_alloc(", v->cname);
        emit_size(E, "m", v);
        fprintf(E->o, ", %d);\n", alloc_kind(v));
        if (!v->active) continue;
        fprintf(E->o, "    w->a_%s = calloc((size_t)", v->cname);
        emit_size(E, "m", v);
        fputs(" + 1, sizeof(double));\n", E->o);
    }
    fputs("    return w;\n}\n\nstatic void ws_destroy(bm_ws *w) {\n    if (!w) return;\n"
          "    free(w->vs);\n    free(w->is);\n", E->o);
    for (int i = 0; i < m->nvars; i++) {
        const ir_var *v = m->vars[i];
        if (!lives_in_ws(v)) continue;
        fprintf(E->o, "    free(w->v_%s);\n", v->cname);
        if (v->active) fprintf(E->o, "    free(w->a_%s);\n", v->cname);
    }
    fputs("    free(w);\n}\n\n", E->o);
}

static void fn_begin(emitter *E, ir_fn_kind f, const char *sig) {
    E->fn = f;
    E->tmp = 0;
    E->partials = 0;
    fprintf(E->o, "%s {\n", sig);
}

/* ---- recursive functions (lower_recursive.c) ------------------------------ */

/* Deeper recursion is reported, not left to overflow the C stack. */
#define BMG_MAX_DEPTH 10000

static void sub_signature(emitter *E, int k) {
    const ir_sub *s = E->m->subs[k];
    fprintf(E->o, "static int bmg_sub%d(unsigned flags, long depth", k);
    for (int i = 0; i < s->nparams; i++)
        fprintf(E->o, ", %s a%d", s->params[i]->is_int ? "long" : "double", i);
    fprintf(E->o, ", %s *res, bm_error *err)", s->is_int ? "long" : "double");
}

/* Its arguments and locals are C arrays of one element (emit_store). */
static void sub_frame(emitter *E, const ir_sub *s) {
    for (int i = s->var_lo; i < s->var_hi; i++) {
        const ir_var *v = E->m->vars[i];
        if (v->role != IRV_FRAME) continue;
        int p = 0;
        while (p < s->nparams && s->params[p] != v) p++;
        fprintf(E->o, "%s v_%s[1] = {", v->is_int ? "long" : "double", v->cname);
        if (p < s->nparams) fprintf(E->o, "a%d};\n", p);
        else fputs(v->is_int ? "0};\n" : "NAN};\n", E->o);
    }
}

static void emit_sub(emitter *E, int k) {
    const ir_sub *s = E->m->subs[k];
    sub_signature(E, k);
    fputs(" {\n(void)flags;\n", E->o);
    fprintf(E->o, "if (depth > %d) ", BMG_MAX_DEPTH);
    char msg[200];
    snprintf(msg, sizeof msg, "%s: recursion deeper than %d calls", s->name, BMG_MAX_DEPTH);
    emit_fail(E, s->span, msg, NULL);
    sub_frame(E, s);
    emit_block_value(E, &s->body);
    if (s->result) fprintf(E->o, "*res = v_%s[0];\nreturn 0;\n}\n\n", s->result->cname);
    else fputs("*res = 0;\nreturn 0;\n}\n\n", E->o);
}

static void emit_subs(emitter *E) {
    const ir_module *m = E->m;
    for (int k = 0; k < m->nsubs; k++) {
        sub_signature(E, k);
        fputs(";\n", E->o);
    }
    E->fn = IRF_WRITE; /* value code without fast paths; never reads the parameters */
    E->tmp = 0;
    E->partials = 0;
    E->in_sub = 1;
    for (int k = 0; k < m->nsubs; k++) emit_sub(E, k);
    E->in_sub = 0;
}

static void emit_tdata_fn(emitter *E) {
    fn_begin(E, IRF_TDATA, "static int fn_tdata(bm_model *m, const bm_data *data, bm_rng *rng, "
                           "bm_error *err)");
    fputs("const unsigned flags = 0;\n(void)flags;\n(void)rng;\n", E->o);
    emit_block_value(E, &E->m->fns[IRF_TDATA].body);
    fputs("return 0;\n}\n\n", E->o);
}

static void emit_lp_fns(emitter *E) {
    const ir_module *m = E->m;
    fn_begin(E, IRF_DENSITY, "static int fn_lp(const bm_model *m, bm_ws *w, const double *theta, "
                             "unsigned flags, double *lp_out, bm_error *err)");
    fputs("double lp = 0;\n", E->o);
    emit_block_value(E, &m->fns[IRF_DENSITY].body);
    fputs("*lp_out = lp;\nreturn 0;\n}\n\n", E->o);
    fn_begin(E, IRF_DENSITY, "static int fn_lp_grad(const bm_model *m, bm_ws *w, const double *theta, "
                             "unsigned flags, double *lp_out, double *grad, bm_error *err)");
    fputs("double lp = 0;\nw->vsp = 0;\nw->isp = 0;\n", E->o);
    fprintf(E->o, "memset(grad, 0, sizeof(double) * (size_t)m->v_%s[0]);\n", m->n_unconstrained->cname);
    for (int i = 0; i < m->nvars; i++) {
        const ir_var *v = m->vars[i];
        if (!lives_in_ws(v) || !v->active) continue;
        fprintf(E->o, "memset(w->a_%s, 0, sizeof(double) * (size_t)", v->cname);
        emit_size(E, "m", v);
        fputs(");\n", E->o);
    }
    ad_emit_gradient_body(E, &m->fns[IRF_DENSITY].body);
    fputs("*lp_out = lp;\nreturn 0;\n}\n\n", E->o);
    fputs("static int log_density(const bm_model *m, bm_ws *w, const double *theta, unsigned flags,\n"
          "                       double *lp, double *grad, bm_error *err) {\n"
          "    return grad ? fn_lp_grad(m, w, theta, flags, lp, grad, err)\n"
          "                : fn_lp(m, w, theta, flags, lp, err);\n}\n\n", E->o);
}

static void emit_write_fns(emitter *E) {
    const ir_module *m = E->m;
    fn_begin(E, IRF_WRITE, "static int write_array(const bm_model *m, bm_ws *w, const double *theta, "
                           "unsigned flags, bm_rng *rng, double *out, bm_error *err)");
    fputs("(void)rng;\n", E->o);
    emit_block_value(E, &m->fns[IRF_WRITE].body);
    fputs("return 0;\n}\n\n", E->o);
    fn_begin(E, IRF_UNCONSTRAIN, "static int fn_unconstrain(const bm_model *m, bm_ws *w, "
                                 "const double *params, double *theta_out, bm_error *err)");
    fputs("const unsigned flags = 0;\n(void)flags;\n", E->o);
    emit_block_value(E, &m->fns[IRF_UNCONSTRAIN].body);
    fputs("return 0;\n}\n\n", E->o);
    fputs("static int unconstrain(const bm_model *m, const double *params, double *theta,\n"
          "                       bm_error *err) {\n    bm_ws *w = ws_create(m);\n"
          "    if (!w) return bmg_fail(err, \"out of memory\");\n"
          "    int rc = fn_unconstrain(m, w, params, theta, err);\n    ws_destroy(w);\n"
          "    return rc;\n}\n\n", E->o);
}

static const char *block_enum(ir_role r) {
    return r == IRV_PARAM ? "BM_VAR_PARAM" : r == IRV_TPARAM ? "BM_VAR_TPARAM" : "BM_VAR_GQ";
}

static void emit_info_fns(emitter *E) {
    const ir_module *m = E->m;
    fprintf(E->o, "static int num_unconstrained(const bm_model *m) { return (int)m->v_%s[0]; }\n",
            m->n_unconstrained->cname);
    fprintf(E->o, "static int num_vars(const bm_model *m) { (void)m; return %d; }\n", m->noutputs);
    fputs("static void var_info(const bm_model *m, int i, bm_var_info *o) {\n"
          "    memset(o, 0, sizeof *o);\n    switch (i) {\n", E->o);
    for (int i = 0; i < m->noutputs; i++) {
        const ir_var *v = m->outputs[i];
        fprintf(E->o, "    case %d: o->name = \"%s\"; o->block = %s; o->is_int = %d; o->ndims = %d;\n",
                i, v->name, block_enum(v->role), v->is_int, v->ndims);
        if (v->role == IRV_GQ && !v->src) fputs("        o->pointwise = 1;\n", E->o);
        for (int k = 0; k < v->ndims; k++)
            fprintf(E->o, "        o->dims[%d] = (int)m->d_%s[%d];\n", k, v->cname, k);
        fputs("        break;\n", E->o);
    }
    fputs("    default: break;\n    }\n}\n", E->o);
    fputs("static int num_outputs(const bm_model *m, unsigned flags) {\n    long n = 0;\n", E->o);
    for (int i = 0; i < m->noutputs; i++) {
        const ir_var *v = m->outputs[i];
        const char *guard = v->role == IRV_TPARAM ? "if (flags & BM_WRITE_TPARAMS) "
                            : v->role == IRV_GQ   ? "if (flags & BM_WRITE_GQ) " : "";
        fprintf(E->o, "    %sn += ", guard);
        emit_size(E, "m", v);
        fputs(";\n", E->o);
    }
    fputs("    (void)flags;\n    return (int)n;\n}\n\n", E->o);
}

static void emit_definition(emitter *E) {
    fputs("const bm_model_def bm_model_definition = {\n    .abi_version = BM_ABI_VERSION,\n", E->o);
    fputs("    .name = ", E->o);
    emit_cstr(E->o, E->m->name);
    fputs(",\n    .source_file = ", E->o);
    emit_cstr(E->o, E->m->file);
    fputs(",\n    .create = model_create,\n    .create_seeded = model_create_seeded,\n"
          "    .destroy = model_destroy,\n"
          "    .num_unconstrained = num_unconstrained,\n    .num_vars = num_vars,\n"
          "    .var_info = var_info,\n    .num_outputs = num_outputs,\n"
          "    .ws_create = ws_create,\n    .ws_destroy = ws_destroy,\n"
          "    .log_density = log_density,\n    .write_array = write_array,\n"
          "    .unconstrain = unconstrain,\n};\n", E->o);
}

int emit_c_module(const ir_module *m, FILE *out, const emit_opts *o) {
    emitter E = {.o = out, .m = m, .no_fast = o && o->no_fast_loops};
    fprintf(out, "/* Generated by bmc from %s — do not edit. */\n", m->file);
    fputs(prelude, out);
    emit_structs(&E);
    fputs(stack_code, out);
    emit_subs(&E);
    emit_tdata_fn(&E);
    emit_lifecycle(&E);
    emit_lp_fns(&E);
    emit_write_fns(&E);
    emit_info_fns(&E);
    emit_definition(&E);
    free(E.tab);
    return ferror(out) ? 1 : 0;
}

int emit_c_gradient_only(const ir_module *m, FILE *out, const emit_opts *o) {
    emitter E = {.o = out, .m = m, .no_fast = o && o->no_fast_loops};
    emit_subs(&E);
    emit_lp_fns(&E);
    free(E.tab);
    return ferror(out) ? 1 : 0;
}
