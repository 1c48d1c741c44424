/* lang/sema_sig.c — matching calls against the catalog's Stan signatures.
 *
 * In:  catalog entries (their signature strings, see catalog.h) and the
 * typed arguments of a call.  Out: the best-matching entry (fewest
 * promotions; earlier entries win ties, so implemented ones are preferred)
 * and the call's result type; or an error that says what was expected and
 * what was found, listing the candidates when there are several.
 * Never: types the arguments itself (the caller already did).
 */
#include <stdio.h>
#include <string.h>
#include "sema.h"

typedef enum { SA_TYPE, SA_REALS, SA_INTS, SA_VECTORS, SA_T, SA_ANY } sa_kind;
typedef enum { RK_TYPE, RK_VOID, RK_T, RK_R, RK_RI, RK_I1 } ret_kind;

typedef struct {
    sa_kind kind;
    val_type t;        /* SA_TYPE */
    int data;          /* `data` qualifier: the argument must be data-only */
} sig_arg;

#define SIG_MAX 8

typedef struct {
    int n;
    sig_arg a[SIG_MAX];
    ret_kind ret;
    val_type rt;       /* RK_TYPE */
    int ret_dims;      /* RK_I1: array levels added around the first argument */
    int ok;            /* the string parsed */
} parsed_sig;

/* ---- parsing "(reals | reals, reals) => real" ---------------------------- */

static void skip_space(const char **p) {
    while (**p == ' ') (*p)++;
}

static int take(const char **p, const char *word) {
    skip_space(p);
    size_t k = strlen(word);
    if (strncmp(*p, word, k) != 0) return 0;
    char next = (*p)[k];
    if ((next >= 'a' && next <= 'z') || next == '_' || (next >= 'A' && next <= 'Z') ||
        (next >= '0' && next <= '9'))
        return 0;
    *p += k;
    return 1;
}

static const struct { const char *word; base_type b; } base_words[] = {
    {"complex_row_vector", TY_COMPLEX_ROW_VECTOR}, {"complex_vector", TY_COMPLEX_VECTOR},
    {"complex_matrix", TY_COMPLEX_MATRIX}, {"complex", TY_COMPLEX}, {"row_vector", TY_ROW_VECTOR},
    {"vector", TY_VECTOR}, {"matrix", TY_MATRIX}, {"real", TY_REAL}, {"int", TY_INT},
};

/* "array[,] " prefix: the number of dimensions, 0 when absent. */
static int parse_array_prefix(const char **p) {
    skip_space(p);
    if (strncmp(*p, "array[", 6) != 0) return 0;
    *p += 6;
    int dims = 1;
    while (**p == ',') dims++, (*p)++;
    if (**p == ']') (*p)++;
    return dims;
}

static int parse_base(const char **p, val_type *t) {
    for (size_t i = 0; i < sizeof base_words / sizeof base_words[0]; i++)
        if (take(p, base_words[i].word)) {
            t->base = base_words[i].b;
            return 1;
        }
    return 0;
}

static int parse_arg(const char **p, sig_arg *a) {
    memset(a, 0, sizeof *a);
    a->data = take(p, "data");
    int dims = parse_array_prefix(p);
    if (!dims && take(p, "reals")) a->kind = SA_REALS;
    else if (!dims && take(p, "ints")) a->kind = SA_INTS;
    else if (!dims && take(p, "vectors")) a->kind = SA_VECTORS;
    else if (!dims && take(p, "T")) a->kind = SA_T;
    else if (!dims && take(p, "any")) a->kind = SA_ANY;
    else if (parse_base(p, &a->t)) a->kind = SA_TYPE, a->t.array_dims = dims;
    else return 0;
    return 1;
}

static int parse_ret(const char **p, parsed_sig *ps) {
    int dims = parse_array_prefix(p);
    if (!dims && take(p, "void")) ps->ret = RK_VOID;
    else if (!dims && take(p, "T")) ps->ret = RK_T;
    else if (!dims && take(p, "RI")) ps->ret = RK_RI;
    else if (!dims && take(p, "R")) ps->ret = RK_R;
    else if (take(p, "I1")) ps->ret = RK_I1, ps->ret_dims = dims;
    else if (parse_base(p, &ps->rt)) ps->ret = RK_TYPE, ps->rt.array_dims = dims;
    else return 0;
    return 1;
}

static parsed_sig parse_sig(const fn_sig *f) {
    char buf[256];
    const char *p = catalog_signature(f, buf, sizeof buf);
    parsed_sig ps;
    memset(&ps, 0, sizeof ps);
    skip_space(&p);
    if (*p++ != '(') return ps;
    skip_space(&p);
    while (*p != ')') {
        if (ps.n == SIG_MAX || !parse_arg(&p, &ps.a[ps.n++])) return ps;
        skip_space(&p);
        if (*p == ',' || *p == '|') p++;
        else if (*p != ')') return ps;
        skip_space(&p);
    }
    p++;
    if (!take(&p, "=>")) {
        skip_space(&p);
        if (strncmp(p, "=>", 2) != 0) return ps;
        p += 2;
    }
    ps.ok = parse_ret(&p, &ps);
    return ps;
}

/* ---- matching ------------------------------------------------------------- */

static int is_real_base(base_type b) { return b == TY_INT || b == TY_REAL; }
static int is_linalg_base(base_type b) {
    return b == TY_VECTOR || b == TY_ROW_VECTOR || b == TY_MATRIX;
}

/* Cost of passing a `from` where `to` is declared: 0 exact, 1 int->real,
 * 2 to complex; -1 when not allowed. */
static int type_cost(val_type to, val_type from) {
    if (to.array_dims != from.array_dims) return -1;
    if (to.base == from.base) return 0;
    if (to.base == TY_REAL && from.base == TY_INT) return 1;
    if (to.base == TY_COMPLEX && is_real_base(from.base)) return 2;
    if (from.base == TY_VECTOR && to.base == TY_COMPLEX_VECTOR) return 2;
    if (from.base == TY_ROW_VECTOR && to.base == TY_COMPLEX_ROW_VECTOR) return 2;
    if (from.base == TY_MATRIX && to.base == TY_COMPLEX_MATRIX) return 2;
    return -1;
}

static int arg_cost(const sig_arg *a, val_type t) {
    if (sema_ty_err(t)) return 0;
    if (t.base == TY_VOID || t.base == TY_STRING) return -1;
    switch (a->kind) {
    case SA_TYPE: return type_cost(a->t, t);
    case SA_REALS:
        if (is_real_base(t.base) && t.array_dims <= 1) return t.base == TY_INT;
        return t.array_dims == 0 && (t.base == TY_VECTOR || t.base == TY_ROW_VECTOR) ? 0 : -1;
    case SA_INTS: return t.base == TY_INT && t.array_dims <= 1 ? 0 : -1;
    case SA_VECTORS:
        return (t.base == TY_VECTOR || t.base == TY_ROW_VECTOR) && t.array_dims <= 1 ? 0 : -1;
    case SA_T: return is_real_base(t.base) || is_linalg_base(t.base) ? 1 : -1;
    case SA_ANY: return t.base == TY_TUPLE && !t.array_dims ? -1 : 1; /* size(array of tuples) */
    }
    return -1;
}

/* The common shape of the T arguments (int promoted), or TY_ERROR when two
 * containers disagree.  All scalars give real. */
static val_type t_shape(const parsed_sig *ps, sema_site *c) {
    val_type r = sema_ty(TY_REAL, 0);
    int have = 0;
    for (int i = 0; i < ps->n; i++) {
        if (ps->a[i].kind != SA_T) continue;
        val_type t = c->args[i]->type;
        if (sema_ty_prim(t)) continue;
        if (t.base == TY_INT) t.base = TY_REAL;
        if (have && !sema_ty_same(r, t)) return sema_ty(TY_ERROR, 0);
        r = t;
        have = 1;
    }
    return r;
}

static int all_scalar(sema_site *c) {
    for (int i = 0; i < c->n; i++)
        if (!sema_ty_prim(c->args[i]->type) && !sema_ty_err(c->args[i]->type)) return 0;
    return 1;
}

static val_type result_type(const parsed_sig *ps, sema_site *c) {
    switch (ps->ret) {
    case RK_TYPE: return ps->rt;
    case RK_VOID: return sema_ty(TY_VOID, 0);
    case RK_T: return t_shape(ps, c);
    case RK_R: return sema_ty(TY_REAL, all_scalar(c) ? 0 : 1);
    case RK_RI: return sema_ty(TY_INT, all_scalar(c) ? 0 : 1);
    case RK_I1: {
        val_type t = c->n ? c->args[0]->type : sema_ty(TY_ERROR, 0);
        if (sema_ty_err(t)) return t;
        t.array_dims += ps->ret_dims;
        return t;
    }
    }
    return sema_ty(TY_ERROR, 0);
}

/* Total cost of the call under ps, or -1 when it does not fit. */
static int sig_cost(sema *s, const parsed_sig *ps, sema_site *c, int *data_arg) {
    (void)s;
    if (!ps->ok || ps->n != c->n) return -1;
    int total = 0;
    *data_arg = -1;
    for (int i = 0; i < c->n; i++) {
        int k = arg_cost(&ps->a[i], c->args[i]->type);
        if (k < 0) return -1;
        if (ps->a[i].data && !sema_is_data(c->args[i]) && *data_arg < 0) *data_arg = i;
        total += k;
    }
    if (ps->ret == RK_T && sema_ty_err(t_shape(ps, c))) return -1;
    return total;
}

/* ---- messages ------------------------------------------------------------- */

static const char *arg_words(const sig_arg *a, char *buf) {
    char tb[96];
    switch (a->kind) {
    case SA_REALS: return "a real, int, vector, row_vector, or 1-d array of them";
    case SA_INTS: return "an int or an array of int";
    case SA_VECTORS: return "a vector, row_vector, or an array of them";
    case SA_T: return "an int, real, vector, row_vector, matrix, or an array of them";
    case SA_ANY: return "a value";
    case SA_TYPE:
        if (a->t.base == TY_REAL && a->t.array_dims == 0) return "a real or int";
        if (a->t.base == TY_INT && a->t.array_dims == 0) return "an int";
        snprintf(buf, 128, "%s %s", a->t.array_dims ? "an" : "a", sema_ty_name(a->t, tb));
        return buf;
    }
    return "?";
}

/* "(vector | int, matrix)": the argument types as found at the call. */
static void found_text(sema_site *c, int bar, char *buf, int n) {
    int used = snprintf(buf, (size_t)n, "(");
    for (int i = 0; i < c->n && used < n; i++) {
        char tb[96];
        const char *sep = i == 0 ? "" : (i == 1 && bar) ? " | " : ", ";
        used += snprintf(buf + used, (size_t)(n - used), "%s%s", sep, sema_ty_name(c->args[i]->type, tb));
    }
    if (used < n) snprintf(buf + used, (size_t)(n - used), ")");
}

/* "(reals | reals, reals)" without the result. */
const char *sema_sig_text(const fn_sig *f, char *buf, int n) {
    catalog_signature(f, buf, n);
    char *arrow = strstr(buf, " =>");
    if (arrow) *arrow = '\0';
    return buf;
}

static void report_arity(sema *s, const fn_sig **sigs, int count, sema_site *c) {
    char want[128] = "";
    int used = 0, seen[SIG_MAX + 1] = {0};
    for (int k = 0; k < count; k++) {
        int na = sigs[k]->nargs - c->skip;
        if (na < 0 || na > SIG_MAX || seen[na]) continue;
        seen[na] = 1;
    }
    int shown = 0, nseen = 0;
    for (int na = 0; na <= SIG_MAX; na++) nseen += seen[na];
    for (int na = 0; na <= SIG_MAX && used < (int)sizeof want; na++) {
        if (!seen[na]) continue;
        shown++;
        const char *sep = shown == 1 ? "" : shown == nseen ? " or " : ", ";
        used += snprintf(want + used, sizeof want - (size_t)used, "%s%d", sep, na);
    }
    int last = 0;
    for (int na = 0; na <= SIG_MAX; na++) if (seen[na]) last = na;
    diag_error(s->d, c->at, "'%s' takes %s argument%s, found %d", c->shown, want,
               last == 1 && nseen == 1 ? "" : "s", c->n - c->skip);
}

static void report_one(sema *s, const fn_sig *f, const parsed_sig *ps, sema_site *c) {
    char wb[128], got[256], sig[256];
    int bar = catalog_is_density(f) || strchr(catalog_signature(f, sig, sizeof sig), '|') != NULL;
    found_text(c, bar, got, sizeof got);
    sema_sig_text(f, sig, sizeof sig);
    for (int i = 0; i < c->n; i++) {
        char tb[96];
        if (arg_cost(&ps->a[i], c->args[i]->type) >= 0) continue;
        diag_error(s->d, c->args[i]->span, "argument %d of '%s' must be %s, found %s; '%s' expects %s but got %s",
                   i + 1, c->shown, arg_words(&ps->a[i], wb), sema_ty_name(c->args[i]->type, tb),
                   c->shown, sig, got);
        return;
    }
    diag_error(s->d, c->at, "'%s' expects %s but got %s (containers of different shapes)", c->shown, sig, got);
}

static void report_many(sema *s, const fn_sig **sigs, int count, sema_site *c) {
    char got[256], list[1024] = "";
    int used = 0, shown = 0;
    found_text(c, 0, got, sizeof got);
    for (int k = 0; k < count && used < (int)sizeof list; k++) {
        if (sigs[k]->nargs != c->n) continue;
        char sig[256];
        if (shown++ == 10) {
            used += snprintf(list + used, sizeof list - (size_t)used, "; ...");
            break;
        }
        used += snprintf(list + used, sizeof list - (size_t)used, "%s%s", shown > 1 ? "; " : "",
                         catalog_signature(sigs[k], sig, sizeof sig));
    }
    diag_error(s->d, c->at, "no signature of '%s' accepts %s; the candidates are %s", c->shown, got, list);
}

const fn_sig *sema_match(sema *s, const fn_sig **sigs, int count, sema_site *c, val_type *ret) {
    int best = -1, best_cost = 1 << 30, best_data = -1, same_arity = 0, last_arity = -1;
    parsed_sig bp;
    for (int k = 0; k < count; k++) {
        if (sigs[k]->nargs != c->n) continue;
        same_arity++;
        last_arity = k;
        parsed_sig ps = parse_sig(sigs[k]);
        int data_arg;
        int cost = sig_cost(s, &ps, c, &data_arg);
        if (cost >= 0 && cost < best_cost) best = k, best_cost = cost, bp = ps, best_data = data_arg;
    }
    *ret = sema_ty(TY_ERROR, 0);
    if (best >= 0) {
        if (best_data >= 0) {
            diag_error(s->d, c->args[best_data]->span,
                       "argument %d of '%s' must be data-only (no parameters), but it depends on a parameter",
                       best_data + 1, c->shown);
            return NULL;
        }
        *ret = result_type(&bp, c);
        return sigs[best];
    }
    if (same_arity == 0) report_arity(s, sigs, count, c);
    else if (same_arity == 1) {
        parsed_sig ps = parse_sig(sigs[last_arity]);
        report_one(s, sigs[last_arity], &ps, c);
    } else report_many(s, sigs, count, c);
    return NULL;
}
