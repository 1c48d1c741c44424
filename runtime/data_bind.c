/* runtime/data_bind.c — check data variables against their declarations.
 *
 * In:  a bm_data bag (data_read.c) and what generated create() code asks:
 * find a variable, infer an undeclared size, check type and shape, report
 * a violated constraint.  Out: 0, or non-zero with a message that names the
 * file, the line/row and column (CSV) or element (JSON), the variable and
 * its declaration as written, e.g.
 *   models/es.csv:4 (row 3), column 'sigma' (column 2): value -1 violates
 *   lower=0 in declaration 'array[J] real<lower=0> sigma'
 * Never: modifies the bag, prints, or aborts.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "data.h"
#include "data_meta.h"

#define DECL_MAX_SIZES BM_MAX_DIMS

/* Returns the variable called name, or NULL. */
const bm_data_var *bm_data_find(const bm_data *d, const char *name) {
    for (int i = 0; d && i < d->n; i++)
        if (!strcmp(d->vars[i].name, name)) return &d->vars[i];
    return NULL;
}

/* ---- declaration text ----------------------------------------------------- */

static void trim_copy(char *dst, size_t size, const char *s, size_t n) {
    while (n && isspace((unsigned char)*s)) s++, n--;
    while (n && isspace((unsigned char)s[n - 1])) n--;
    snprintf(dst, size, "%.*s", (int)n, s);
}

/* Collects the size expressions of a declaration in order ("array[J]
 * matrix[N, K] x" -> J, N, K), skipping <...> constraints.  Returns count. */
static int decl_sizes(const char *decl, char out[][64], int max) {
    int n = 0, angle = 0;
    for (const char *p = decl; p && *p; p++) {
        if (*p == '<') angle++;
        if (*p == '>' && angle) angle--;
        if (*p != '[' || angle) continue;
        const char *start = p + 1;
        int depth = 0;
        for (p = start; *p; p++) {
            if (depth == 0 && (*p == ',' || *p == ']')) {
                if (n < max) trim_copy(out[n], 64, start, (size_t)(p - start));
                n++;
                start = p + 1;
                if (*p == ']') break;
            } else if (*p == '[' || *p == '(') {
                depth++;
            } else if ((*p == ']' || *p == ')') && depth) {
                depth--;
            }
        }
        if (!*p) break;
    }
    return n;
}

static int is_number_text(const char *s) {
    if (!*s) return 0;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s)) return 0;
    return 1;
}

/* "J = 8" (or "8" when the size is written as a number) for dimension k. */
static void needs_text(const char *decl, int ndims, int k, long want, char *buf, size_t size) {
    char sizes[DECL_MAX_SIZES][64];
    int n = decl_sizes(decl, sizes, DECL_MAX_SIZES);
    if (n == ndims && k < n && !is_number_text(sizes[k]))
        snprintf(buf, size, "%s = %ld", sizes[k], want);
    else
        snprintf(buf, size, "%ld", want);
}

/* ---- locations ------------------------------------------------------------ */

/* "FILE: column 'y'", "FILE", "command line": where a whole variable came from. */
static void var_location(const bm_data_var *v, char *buf, size_t size) {
    if (v->source == BM_SRC_CSV && v->ndims > 1)
        snprintf(buf, size, "%s: columns '%s.*'", v->file, v->name);
    else if (v->source == BM_SRC_CSV)
        snprintf(buf, size, "%s: column '%s'", v->file, v->column ? v->column : v->name);
    else
        snprintf(buf, size, "%s", v->source == BM_SRC_ARG ? "command line" : v->file);
}

/* Appends 1-based indices of flat (row-major) element e over dims[from..nd). */
static void index_text(const int *dims, int from, int nd, long e, const char *open,
                       const char *sep, const char *close, char *buf, size_t size) {
    long idx[BM_MAX_DIMS];
    for (int k = nd - 1; k >= from; k--) {
        idx[k] = dims[k] ? e % dims[k] + 1 : 1;
        e = dims[k] ? e / dims[k] : 0;
    }
    size_t at = strlen(buf);
    at += (size_t)snprintf(buf + at, size - at, "%s", open);
    for (int k = from; k < nd && at < size; k++)
        at += (size_t)snprintf(buf + at, size - at, "%s%ld", k > from ? sep : "", idx[k]);
    if (at < size) snprintf(buf + at, size - at, "%s", close);
}

/* "FILE:LINE (row R), column 'X.2' (column C)" for CSV; "FILE: x[2,3]" for
 * JSON; "command line: J" for an argument. */
static void elem_location(const bm_data_var *v, long e, char *buf, size_t size) {
    long rows = v->source == BM_SRC_CSV ? data_meta_rows(v) : 0;
    if (rows > 0 && e >= 0 && e < v->n) {
        long inner = v->n / rows, r = e / inner, c = e % inner;
        char col[200] = "";
        if (v->ndims > 1) {
            snprintf(col, sizeof col, "%s", v->name);
            index_text(v->dims, 1, v->ndims, c, ".", ".", "", col, sizeof col);
        } else {
            snprintf(col, sizeof col, "%s", v->column ? v->column : v->name);
        }
        snprintf(buf, size, "%s:%ld (row %ld), column '%s' (column %ld)", v->file,
                 data_meta_line(v, r), r + 1, col, data_meta_col(v, c));
        return;
    }
    snprintf(buf, size, "%s: %s", v->source == BM_SRC_ARG ? "command line" : v->file, v->name);
    if (v->ndims > 0 && e >= 0 && e < v->n)
        index_text(v->dims, 0, v->ndims, e, "[", ",", "]", buf, size);
}

/* A value as a person would write it: 2.5, -1, inf; integral reals as 2.0. */
static void value_text(double x, int show_real, char *buf, size_t size) {
    if (show_real && isfinite(x) && x == floor(x) && fabs(x) < 1e15)
        snprintf(buf, size, "%.1f", x);
    else
        snprintf(buf, size, "%.15g", x);
}

/* ---- checks --------------------------------------------------------------- */

/* A tuple component "x:2:1" not given: say how to give it. */
static int fail_missing_component(const bm_data *d, const char *name, const char *decl,
                                  const char *given, bm_error *err) {
    char base[256], comp[256];
    size_t b = strcspn(name, ":");
    snprintf(base, sizeof base, "%.*s", (int)(b < sizeof base ? b : sizeof base - 1), name);
    snprintf(comp, sizeof comp, "%s", name + b + 1);
    for (char *p = comp; *p; p++)
        if (*p == ':') *p = '.';
    const bm_data_var *whole = bm_data_find(d, base);
    if (whole)
        return data_fail(err, "variable '%s' is declared as a tuple ('%s') but is given as %s; "
                              "in a JSON file write a tuple as an object {\"1\": ..., \"2\": ...} "
                              "(an array of tuples as an array of such objects)",
                         base, decl, whole->ndims ? "an array" : "a number");
    return data_fail(err, "variable '%s' (component %s of tuple '%s') not found in the data "
                          "(declared as '%s'); given: %s; a tuple is a JSON object {\"1\": ..., "
                          "\"2\": ...}, or CSV columns %s:1, %s:2, ...",
                     name, comp, base, decl, given, base, base);
}

static int fail_missing(const bm_data *d, const char *name, const char *decl, bm_error *err) {
    char given[600] = "";
    size_t at = 0;
    for (int i = 0; d && i < d->n && at < sizeof given - 8; i++)
        at += (size_t)snprintf(given + at, sizeof given - at, "%s%s", i ? ", " : "",
                               d->vars[i].name);
    if (strchr(name, ':')) return fail_missing_component(d, name, decl, at ? given : "nothing", err);
    return data_fail(err, "variable '%s' not found in the data (declared as '%s'); given: %s",
                     name, decl, at ? given : "nothing");
}

static long product(const long *dims, int nd) {
    long p = 1;
    for (int k = 0; k < nd; k++) p *= dims[k];
    return p;
}

static void dims_text(const int *dims, int nd, char *buf, size_t size) {
    size_t at = (size_t)snprintf(buf, size, "[");
    for (int k = 0; k < nd && at < size; k++)
        at += (size_t)snprintf(buf + at, size - at, "%s%d", k ? ", " : "", dims[k]);
    if (at < size) snprintf(buf + at, size - at, "]");
}

/* Scalar declaration: one value, 0-d or a 1-row column. */
static int check_scalar_shape(const bm_data_var *v, const char *decl, bm_error *err) {
    if (v->n == 1 && v->ndims <= 1) return 0;
    char loc[600];
    var_location(v, loc, sizeof loc);
    return data_fail(err, "%s: variable %s has %ld values, but its declaration '%s' needs a single value",
                     loc, v->name, v->n, decl);
}

static int fail_ndims(const bm_data_var *v, const char *decl, int ndims, bm_error *err) {
    char loc[600], have[200];
    var_location(v, loc, sizeof loc);
    dims_text(v->dims, v->ndims, have, sizeof have);
    const char *hint = v->source == BM_SRC_CSV && ndims == 2
                           ? " (in a CSV file write a matrix X as columns X.1 ... X.K)" : "";
    if (v->ndims == 0)
        return data_fail(err, "%s: variable %s is a single value, but its declaration '%s' needs an array with %d dimension%s",
                         loc, v->name, decl, ndims, ndims > 1 ? "s" : "");
    return data_fail(err, "%s: variable %s has %d dimension%s %s, but its declaration '%s' needs %d%s",
                     loc, v->name, v->ndims, v->ndims > 1 ? "s" : "", have, decl, ndims, hint);
}

/* Array declaration: same number of dimensions and each size equal. */
static int check_array_shape(const bm_data_var *v, const char *decl, int ndims,
                             const long *dims, bm_error *err) {
    if (v->n == 0 && product(dims, ndims) == 0 && v->ndims > 0) return 0;
    if (v->ndims != ndims) return fail_ndims(v, decl, ndims, err);
    for (int k = 0; k < ndims; k++) {
        if (v->dims[k] == dims[k]) continue;
        char loc[600], need[100], have[200];
        var_location(v, loc, sizeof loc);
        needs_text(decl, ndims, k, dims[k], need, sizeof need);
        if (ndims == 1)
            return data_fail(err, "%s: variable %s has %d values, but its declaration '%s' needs %s",
                             loc, v->name, v->dims[0], decl, need);
        dims_text(v->dims, v->ndims, have, sizeof have);
        return data_fail(err, "%s: variable %s has dimensions %s, but its declaration '%s' needs %s in dimension %d",
                         loc, v->name, have, decl, need, k + 1);
    }
    return 0;
}

static int check_int(const bm_data_var *v, const char *decl, bm_error *err) {
    if (v->all_int) return 0;
    long e = data_meta_first_real(v);
    if (e < 0 || e >= v->n) e = 0;
    char loc[700], val[64];
    elem_location(v, e, loc, sizeof loc);
    double x = v->values[e];
    int too_big = x == floor(x) && fabs(x) > 2147483647.0;
    value_text(x, !too_big, val, sizeof val);
    if (too_big)
        return data_fail(err, "%s: variable %s is declared int ('%s') but the value %s is outside "
                              "the int range (-2147483647 to 2147483647)", loc, v->name, decl, val);
    return data_fail(err, "%s: variable %s is declared int ('%s') but the value is %s", loc,
                     v->name, decl, val);
}

/* Checks variable name against its declaration (see data.h).  A missing
 * variable of total size 0 is accepted with *out = NULL. */
int bm_data_expect(const bm_data *d, const char *name, const char *decl_text,
                   int want_int, int ndims, const long *dims,
                   const bm_data_var **out, bm_error *err) {
    const bm_data_var *v = bm_data_find(d, name);
    *out = NULL;
    if (!v) {
        if (ndims > 0 && product(dims, ndims) == 0) return 0;
        return fail_missing(d, name, decl_text, err);
    }
    int bad = ndims == 0 ? check_scalar_shape(v, decl_text, err)
                         : check_array_shape(v, decl_text, ndims, dims, err);
    if (bad || (want_int && check_int(v, decl_text, err))) return 1;
    *out = v;
    return 0;
}

/* Size `name` from the first present candidate's dimension (see data.h). */
int bm_data_infer_size(const bm_data *d, const char *name, const char *decl_text,
                       const bm_size_source *cands, int ncands, long *out,
                       bm_error *err) {
    char names[600] = "";
    size_t at = 0;
    for (int i = 0; i < ncands; i++) {
        const bm_data_var *v = bm_data_find(d, cands[i].var);
        if (v && cands[i].dim >= 0 && cands[i].dim < v->ndims) {
            *out = v->dims[cands[i].dim];
            return 0;
        }
        if (!strstr(names, cands[i].var) && at < sizeof names - 70)
            at += (size_t)snprintf(names + at, sizeof names - at, "%s%s", at ? ", " : "",
                                   cands[i].var);
    }
    return data_fail(err, "variable '%s' not found in the data (declared as '%s') and it cannot be inferred: none of %s is given; give it as %s=VALUE",
                     name, decl_text, at ? names : "the variables sized by it", name);
}

/* Reports element elem of v violating constraint `what` of decl_text. */
int bm_data_fail_elem(const bm_data_var *v, long elem, const char *decl_text,
                      const char *what, bm_error *err) {
    char loc[700], val[64];
    elem_location(v, elem, loc, sizeof loc);
    if (elem >= 0 && elem < v->n)
        value_text(v->values[elem], 0, val, sizeof val);
    else
        snprintf(val, sizeof val, "(element %ld)", elem + 1);
    return data_fail(err, "%s: value %s violates %s in declaration '%s'", loc, val, what,
                     decl_text);
}
