/* runtime/data_read.c — read data files and name=value arguments into a bm_data bag.
 *
 * In:  CSV files (a header of column names; `y` -> y[rows], `X.1 ... X.K`
 * -> X[rows, K], `X.i.j` -> X[rows, I, J]; a column ends at its first empty
 * cell; a tuple's components are columns `x:1`, `x:2.1`, ... as CmdStan
 * names them, without the array index), Stan JSON files (path ends in
 * .json: an object of name -> number, rectangular nested arrays, or a
 * tuple as an object {"1": ..., "2": ...}, arrays of tuples as arrays of
 * such objects), and `name=value` arguments.  A tuple's component K is the
 * variable NAME:K (NAME:K:L nested), with the dims of the arrays of tuples
 * around it first.
 * Out: bm_data variables (values row-major, last index fastest) that
 * remember their file, line numbers and columns (see data_meta.h), or an
 * error "FILE:LINE: ..." / "FILE:LINE:COL: ..." in plain words.
 * Never: aborts or prints; knows nothing about any model.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "data.h"
#include "data_meta.h"

/* ---- the bag ---------------------------------------------------------------- */

bm_data *bm_data_new(void) {
    return calloc(1, sizeof(bm_data));
}

static void var_free(bm_data_var *v) {
    free((char *)v->name);
    free((char *)v->file);
    free((char *)v->column);
    free(v->values);
}

void bm_data_free(bm_data *d) {
    if (!d) return;
    for (int i = 0; i < d->n; i++) var_free(&d->vars[i]);
    free(d->vars);
    free(d);
}

/* "in models/x.csv (column 2)", "in models/x.json", "on the command line". */
static void describe_source(const bm_data_var *v, char *buf, size_t size) {
    if (v->source == BM_SRC_CSV)
        snprintf(buf, size, "in %s (column %d)", v->file, v->first_col);
    else if (v->source == BM_SRC_JSON)
        snprintf(buf, size, "in %s", v->file);
    else
        snprintf(buf, size, "on the command line");
}

/* Appends v (taking ownership) unless its name is already there. */
static int data_add(bm_data *d, bm_data_var *v, bm_error *err) {
    for (int i = 0; i < d->n; i++) {
        if (strcmp(d->vars[i].name, v->name)) continue;
        char a[600], b[600];
        describe_source(&d->vars[i], a, sizeof a);
        describe_source(v, b, sizeof b);
        data_fail(err, "variable '%s' is given twice: %s and %s", v->name, a, b);
        var_free(v);
        return 1;
    }
    bm_data_var *nv = realloc(d->vars, (size_t)(d->n + 1) * sizeof *nv);
    if (!nv) {
        var_free(v);
        return data_fail(err, "out of memory reading data");
    }
    d->vars = nv;
    d->vars[d->n++] = *v;
    return 0;
}

/* A fresh variable with room for n values plus the location table. */
static int var_init(bm_data_var *v, const char *name, bm_data_source src,
                    const char *file, long n, long rows, long cols) {
    memset(v, 0, sizeof *v);
    v->name = strdup(name);
    v->source = src;
    v->file = strdup(file);
    v->n = n;
    v->all_int = 1;
    v->values = calloc((size_t)data_meta_size(n, rows, cols), sizeof(double));
    if (!v->name || !v->file || !v->values) return 1;
    v->values[n] = -1;
    v->values[n + 1] = (double)rows;
    return 0;
}

/* ---- numbers ------------------------------------------------------------------ */

static int special_number(const char *s, double *v) {
    int neg = *s == '-';
    if (*s == '-' || *s == '+') s++;
    if (!strcasecmp(s, "inf") || !strcasecmp(s, "infinity")) {
        *v = neg ? -INFINITY : INFINITY;
        return 1;
    }
    if (!strcasecmp(s, "nan")) {
        *v = NAN;
        return 1;
    }
    return 0;
}

/* Parses a whole string as a number: [+-]digits[.digits][e[+-]digits],
 * inf / -inf / nan / Infinity / -Infinity / NaN.  *is_int: written as an
 * integer literal.  Returns 0 if s is not a number. */
static int parse_number(const char *s, double *v, int *is_int) {
    const char *p = s;
    *is_int = 0;
    if (special_number(s, v)) return 1;
    if (*p == '+' || *p == '-') p++;
    int digits = 0, intlit = 1;
    while (isdigit((unsigned char)*p)) p++, digits++;
    if (*p == '.') {
        intlit = 0;
        for (p++; isdigit((unsigned char)*p); p++) digits++;
    }
    if (!digits) return 0;
    if (*p == 'e' || *p == 'E') {
        intlit = 0;
        p++;
        if (*p == '+' || *p == '-') p++;
        if (!isdigit((unsigned char)*p)) return 0;
        while (isdigit((unsigned char)*p)) p++;
    }
    if (*p) return 0;
    *v = strtod(s, NULL);
    /* Stan's int is 32-bit: a larger whole number is not an int value (an
     * int declaration then names it), and model code stores ints as C int */
    *is_int = intlit && fabs(*v) <= 2147483647.0;
    return 1;
}

/* ---- files -------------------------------------------------------------------- */

/* Reads the whole file, NUL-terminated. */
static int read_whole(const char *path, char **out, size_t *len, bm_error *err) {
    FILE *f = fopen(path, "rb");
    if (!f) return data_fail(err, "cannot read data file '%s': %s", path, strerror(errno));
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    for (size_t got; buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0;) {
        n += got;
        if (n + 1 < cap) continue;
        char *nb = realloc(buf, cap *= 2);
        if (!nb) free(buf);
        buf = nb;
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        free(buf);
        return data_fail(err, "cannot read data file '%s': %s", path,
                         bad ? "read error" : "out of memory");
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

static int ends_with_json(const char *path) {
    size_t n = strlen(path);
    return n >= 5 && !strcasecmp(path + n - 5, ".json");
}

/* ---- CSV ---------------------------------------------------------------------- */

typedef struct {
    char *header;        /* unquoted */
    int col;             /* 1-based */
    char base[128];      /* variable name */
    int nidx, idx[BM_MAX_DIMS];
    double *vals;
    long len, cap;
    long first_real;     /* row of the first value not written as an int, or -1 */
    long ended_line;     /* line of the first empty cell; 0 while open */
    int used;
} csv_col;

typedef struct {
    const char *path;
    csv_col *cols;
    int ncols;
    long *lines;         /* line number of each data row */
    long nrows, caprows;
    bm_error *err;
} csv_file;

/* Next cell of a line: unquotes in place, trims blanks, NUL-terminates.
 * *p advances past the comma; returns NULL at the end of the line. */
static char *csv_next_cell(char **p, int *at_end) {
    if (*at_end) return NULL;
    char *s = *p, *cell, *w;
    while (*s == ' ' || *s == '\t') s++;
    if (*s == '"') {
        cell = w = ++s;
        while (*s && !(*s == '"' && s[1] != '"')) {
            if (*s == '"') s++;
            *w++ = *s++;
        }
        if (*s == '"') s++;
        while (*s && *s != ',') s++;
    } else {
        cell = s;
        while (*s && *s != ',') s++;
        w = s;
        while (w > cell && (w[-1] == ' ' || w[-1] == '\t')) w--;
    }
    *at_end = *s == '\0';
    *p = *s ? s + 1 : s;
    *w = '\0';
    return cell;
}

/* Splits "X.2.3" into base "X" and indices {2, 3}; a header that is not
 * NAME(.INT)+ is a plain name. */
static int csv_split_header(csv_file *cf, csv_col *c) {
    snprintf(c->base, sizeof c->base, "%s", c->header);
    c->nidx = 0;
    char *dot = strchr(c->base, '.');
    if (!dot || dot == c->base) return 0;
    int idx[BM_MAX_DIMS], k = 0;
    for (const char *p = dot; *p; k++) {
        if (*p != '.' || !isdigit((unsigned char)p[1])) return 0;
        char *end;
        long v = strtol(p + 1, &end, 10);
        if (k + 1 >= BM_MAX_DIMS)
            return data_fail(cf->err, "%s:1: column '%s' (column %d) has more indices than the %d dimensions supported",
                             cf->path, c->header, c->col, BM_MAX_DIMS);
        if (v < 1)
            return data_fail(cf->err, "%s:1: column '%s' (column %d): indices start at 1",
                             cf->path, c->header, c->col);
        idx[k] = (int)v;
        p = end;
    }
    *dot = '\0';
    c->nidx = k;
    memcpy(c->idx, idx, sizeof idx);
    return 0;
}

static int csv_parse_header(csv_file *cf, char *line) {
    int at_end = 0;
    for (char *cell; (cell = csv_next_cell(&line, &at_end));) {
        csv_col *nc = realloc(cf->cols, (size_t)(cf->ncols + 1) * sizeof *nc);
        if (!nc) return data_fail(cf->err, "out of memory reading '%s'", cf->path);
        cf->cols = nc;
        csv_col *c = &cf->cols[cf->ncols++];
        memset(c, 0, sizeof *c);
        c->header = strdup(cell);
        c->col = cf->ncols;
        c->first_real = -1;
        if (!*cell)
            return data_fail(cf->err, "%s:1: column %d has an empty name in the header line",
                             cf->path, c->col);
        if (csv_split_header(cf, c)) return 1;
    }
    return 0;
}

static int csv_push(csv_file *cf, csv_col *c, double v, int is_int) {
    if (c->len == c->cap) {
        long cap = c->cap ? 2 * c->cap : 64;
        double *nv = realloc(c->vals, (size_t)cap * sizeof *nv);
        if (!nv) return data_fail(cf->err, "out of memory reading '%s'", cf->path);
        c->vals = nv;
        c->cap = cap;
    }
    if (!is_int && c->first_real < 0) c->first_real = c->len;
    c->vals[c->len++] = v;
    return 0;
}

/* One cell of column c on line `line`. */
static int csv_cell(csv_file *cf, csv_col *c, const char *cell, long line) {
    if (!*cell) {
        if (!c->ended_line) c->ended_line = line;
        return 0;
    }
    if (c->ended_line)
        return data_fail(cf->err,
                         "%s:%ld: column '%s' (column %d): value '%s' after the column ended "
                         "with an empty cell on line %ld (a column ends at its first empty cell)",
                         cf->path, line, c->header, c->col, cell, c->ended_line);
    double v;
    int is_int;
    if (!parse_number(cell, &v, &is_int))
        return data_fail(cf->err, "%s:%ld: column '%s' (column %d): '%s' is not a number",
                         cf->path, line, c->header, c->col, cell);
    return csv_push(cf, c, v, is_int);
}

static int csv_add_row_line(csv_file *cf, long line) {
    if (cf->nrows == cf->caprows) {
        long cap = cf->caprows ? 2 * cf->caprows : 64;
        long *nl = realloc(cf->lines, (size_t)cap * sizeof *nl);
        if (!nl) return data_fail(cf->err, "out of memory reading '%s'", cf->path);
        cf->lines = nl;
        cf->caprows = cap;
    }
    cf->lines[cf->nrows++] = line;
    return 0;
}

static int csv_parse_row(csv_file *cf, char *text, long line) {
    int at_end = 0, k = 0;
    for (char *cell; (cell = csv_next_cell(&text, &at_end)); k++) {
        if (k >= cf->ncols) {
            int n = k + 1;
            while (csv_next_cell(&text, &at_end)) n++;
            return data_fail(cf->err, "%s:%ld: this row has %d cells, but the header has %d columns",
                             cf->path, line, n, cf->ncols);
        }
        if (csv_cell(cf, &cf->cols[k], cell, line)) return 1;
    }
    for (; k < cf->ncols; k++) csv_cell(cf, &cf->cols[k], "", line);
    return csv_add_row_line(cf, line);
}

static int is_comment(const char *s) {
    while (*s == ' ' || *s == '\t') s++;
    return *s == '#';
}

static int is_blank(const char *s) {
    while (*s == ' ' || *s == '\t') s++;
    return *s == '\0';
}

/* Splits buf into lines and feeds the header and the rows. */
static int csv_parse_lines(csv_file *cf, char *buf, size_t len) {
    long line = 0;
    int have_header = 0;
    for (char *s = buf; s < buf + len;) {
        char *nl = strchr(s, '\n'), *next = nl ? nl + 1 : buf + len;
        if (nl) *nl = '\0';
        size_t n = strlen(s);
        if (n && s[n - 1] == '\r') s[n - 1] = '\0';
        line++;
        if (is_comment(s) || (!have_header && is_blank(s))) {
            s = next;
            continue;
        }
        if (have_header ? csv_parse_row(cf, s, line) : csv_parse_header(cf, s)) return 1;
        have_header = 1;
        s = next;
    }
    if (!have_header)
        return data_fail(cf->err, "%s: the file is empty (expected a header line of column names)",
                         cf->path);
    return 0;
}

/* Fills var v from the columns of one variable (slots[c] for inner element c). */
static int csv_fill_var(csv_file *cf, csv_col **slots, long inner, const int *dims,
                        int nidx, bm_error *err, bm_data_var *v) {
    long rows = slots[0]->len;
    if (var_init(v, slots[0]->base, BM_SRC_CSV, cf->path, rows * inner, rows, inner))
        return data_fail(err, "out of memory reading '%s'", cf->path);
    v->column = strdup(slots[0]->header);
    v->first_col = slots[0]->col;
    v->ndims = 1 + nidx;
    v->dims[0] = (int)rows;
    for (int k = 0; k < nidx; k++) v->dims[k + 1] = dims[k];
    long first_real = -1;
    for (long c = 0; c < inner; c++) {
        for (long r = 0; r < rows; r++) v->values[r * inner + c] = slots[c]->vals[r];
        long fr = slots[c]->first_real;
        if (fr >= 0 && (first_real < 0 || fr * inner + c < first_real)) first_real = fr * inner + c;
        v->values[v->n + 2 + rows + c] = slots[c]->col;
    }
    for (long r = 0; r < rows; r++) v->values[v->n + 2 + r] = (double)cf->lines[r];
    v->values[v->n] = (double)first_real;
    v->all_int = first_real < 0;
    return 0;
}

/* Flat row-major slot of column c's indices within dims, or -1. */
static long csv_slot(const csv_col *c, const int *dims) {
    long s = 0;
    for (int k = 0; k < c->nidx; k++) s = s * dims[k] + (c->idx[k] - 1);
    return s;
}

static void csv_name_of_slot(const char *base, long slot, const int *dims, int nidx,
                             char *buf, size_t size) {
    int idx[BM_MAX_DIMS];
    for (int k = nidx - 1; k >= 0; k--) {
        idx[k] = (int)(slot % dims[k]) + 1;
        slot /= dims[k];
    }
    int at = snprintf(buf, size, "%s", base);
    for (int k = 0; k < nidx && at < (int)size; k++)
        at += snprintf(buf + at, size - (size_t)at, ".%d", idx[k]);
}

/* Checks the group of columns named base.*: same index count, no repeats,
 * none missing, same length; fills slots. */
static int csv_check_group(csv_file *cf, csv_col *first, int *dims, csv_col **slots, long inner) {
    for (int j = 0; j < cf->ncols; j++) {
        csv_col *c = &cf->cols[j];
        if (c->used || strcmp(c->base, first->base)) continue;
        long s = csv_slot(c, dims);
        if (slots[s])
            return data_fail(cf->err, "%s:1: column '%s' (column %d) repeats column %d",
                             cf->path, c->header, c->col, slots[s]->col);
        slots[s] = c;
        c->used = 1;
    }
    for (long s = 0; s < inner; s++) {
        char nm[200];
        csv_name_of_slot(first->base, s, dims, first->nidx, nm, sizeof nm);
        if (!slots[s])
            return data_fail(cf->err, "%s:1: column '%s' is missing (the columns named %s.* need every index combination up to '%s.%d...')",
                             cf->path, nm, first->base, first->base, dims[0]);
        if (slots[s]->len != slots[0]->len)
            return data_fail(cf->err, "%s: column '%s' (column %d) has %ld values, but column '%s' (column %d) has %ld; the columns of %s must have the same length",
                             cf->path, slots[s]->header, slots[s]->col, slots[s]->len,
                             slots[0]->header, slots[0]->col, slots[0]->len, first->base);
    }
    return 0;
}

/* Builds the variable whose first column is `first` (marks its columns used). */
static int csv_group(csv_file *cf, csv_col *first, bm_data_var *v) {
    int dims[BM_MAX_DIMS] = {0};
    for (int j = 0; j < cf->ncols; j++) {
        csv_col *c = &cf->cols[j];
        if (c->used || strcmp(c->base, first->base)) continue;
        if (c->nidx != first->nidx) {
            const csv_col *a = first->nidx ? c : first, *b = first->nidx ? first : c;
            if (!a->nidx && !b->nidx)
                return data_fail(cf->err, "%s:1: column '%s' (column %d) repeats column %d",
                                 cf->path, c->header, c->col, first->col);
            return data_fail(cf->err, "%s:1: columns '%s' (column %d) and '%s' (column %d) give %s different numbers of indices",
                             cf->path, a->header, a->col, b->header, b->col, first->base);
        }
        for (int k = 0; k < c->nidx; k++)
            if (c->idx[k] > dims[k]) dims[k] = c->idx[k];
    }
    long inner = 1;
    for (int k = 0; k < first->nidx; k++) inner *= dims[k];
    csv_col **slots = calloc((size_t)inner, sizeof *slots);
    if (!slots) return data_fail(cf->err, "out of memory reading '%s'", cf->path);
    int rc = csv_check_group(cf, first, dims, slots, inner) ||
             csv_fill_var(cf, slots, inner, dims, first->nidx, cf->err, v);
    free(slots);
    return rc;
}

static int csv_make_vars(csv_file *cf, bm_data *d) {
    for (int j = 0; j < cf->ncols; j++) {
        if (cf->cols[j].used) continue;
        bm_data_var v;
        memset(&v, 0, sizeof v);
        if (csv_group(cf, &cf->cols[j], &v)) {
            var_free(&v);
            return 1;
        }
        if (data_add(d, &v, cf->err)) return 1;
    }
    return 0;
}

static void csv_file_free(csv_file *cf) {
    for (int j = 0; j < cf->ncols; j++) {
        free(cf->cols[j].header);
        free(cf->cols[j].vals);
    }
    free(cf->cols);
    free(cf->lines);
}

static int read_csv(bm_data *d, const char *path, char *buf, size_t len, bm_error *err) {
    csv_file cf = {.path = path, .err = err};
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) buf += 3, len -= 3; /* UTF-8 BOM */
    int rc = csv_parse_lines(&cf, buf, len) || csv_make_vars(&cf, d);
    csv_file_free(&cf);
    return rc;
}

/* ---- JSON --------------------------------------------------------------------- */

typedef struct {
    const char *path;
    const char *s;
    size_t pos, len;
    long line, line_start;
    bm_error *err;
} json_ctx;

/* One variable being read.  A tuple (a JSON object, or arrays of them)
 * is read into one builder per component, named NAME:K (NAME:K:L for a
 * tuple inside a tuple), whose leading dims are those of the arrays of
 * tuples around it: {"x": [{"1": 1, "2": [1, 2]}, ...]} gives x:1[n] and
 * x:2[n, 2], the names and layout the compiler binds tuple data by. */
typedef struct json_build json_build;
struct json_build {
    char *name;
    double *v;
    long n, cap;
    long first_real;
    int leaf_depth;      /* depth at which numbers sit; -1 until seen */
    int max_depth;       /* deepest array level seen + 1 */
    int dims[BM_MAX_DIMS];
    int dims_set[BM_MAX_DIMS];
    int tuple_depth;     /* depth at which objects sit; -1: not a tuple */
    int ncomp;           /* components "1" .. "ncomp" */
    json_build **comp;
    long nobj;           /* objects read */
};

static json_build *json_build_new(const char *name) {
    json_build *b = calloc(1, sizeof *b);
    if (!b || !(b->name = strdup(name))) {
        free(b);
        return NULL;
    }
    b->first_real = -1;
    b->leaf_depth = -1;
    b->tuple_depth = -1;
    return b;
}

static void json_build_free(json_build *b) {
    if (!b) return;
    for (int k = 0; k < b->ncomp; k++) json_build_free(b->comp[k]);
    free(b->comp);
    free(b->v);
    free(b->name);
    free(b);
}

static int json_fail_at(json_ctx *j, size_t pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int json_fail_at(json_ctx *j, size_t pos, const char *fmt, ...) {
    long line = j->line, col;
    /* pos is at or after the current line start in every caller */
    col = (long)pos - j->line_start + 1;
    char msg[800];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return data_fail(j->err, "%s:%ld:%ld: %s", j->path, line, col, msg);
}

static void json_ws(json_ctx *j) {
    for (; j->pos < j->len; j->pos++) {
        char c = j->s[j->pos];
        if (c == '\n') {
            j->line++;
            j->line_start = (long)j->pos + 1;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            return;
        }
    }
}

static int json_peek(json_ctx *j) {
    json_ws(j);
    return j->pos < j->len ? (unsigned char)j->s[j->pos] : -1;
}

static const char *json_what(int c) {
    return c < 0 ? "the end of the file" : NULL;
}

static int json_expect(json_ctx *j, char want, const char *context) {
    int c = json_peek(j);
    if (c == want) {
        j->pos++;
        return 0;
    }
    if (json_what(c))
        return json_fail_at(j, j->pos, "expected '%c' %s but found the end of the file", want, context);
    return json_fail_at(j, j->pos, "expected '%c' %s but found '%c'", want, context, c);
}

/* A string (the opening quote at j->pos) into buf; escapes decoded (\u as '?'
 * outside ASCII). */
static int json_string(json_ctx *j, char *buf, size_t size) {
    size_t start = j->pos++, w = 0;
    while (j->pos < j->len && j->s[j->pos] != '"') {
        char c = j->s[j->pos++];
        if (c == '\n') return json_fail_at(j, start, "string is not closed on its line");
        if (c == '\\' && j->pos < j->len) {
            char e = j->s[j->pos++];
            c = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == 'b' ? '\b' : e == 'f' ? '\f' : e;
            if (e == 'u') {
                unsigned code = 0;
                if (j->pos + 4 > j->len || sscanf(j->s + j->pos, "%4x", &code) != 1)
                    return json_fail_at(j, j->pos, "bad \\u escape in string");
                j->pos += 4;
                c = code < 128 ? (char)code : '?';
            }
        }
        if (w + 1 < size) buf[w++] = c;
    }
    if (j->pos >= j->len) return json_fail_at(j, start, "string is not closed");
    j->pos++;
    buf[w] = '\0';
    return 0;
}

static int json_push(json_ctx *j, json_build *b, double v, int is_int) {
    if (b->n == b->cap) {
        long cap = b->cap ? 2 * b->cap : 16;
        double *nv = realloc(b->v, (size_t)(cap + 2) * sizeof *nv);
        if (!nv) return data_fail(j->err, "out of memory reading '%s'", j->path);
        b->v = nv;
        b->cap = cap;
    }
    if (!is_int && b->first_real < 0) b->first_real = b->n;
    b->v[b->n++] = v;
    return 0;
}

/* A number: a bare token (digits, NaN, Infinity, ...) or a quoted special. */
static int json_number(json_ctx *j, json_build *b) {
    size_t start = j->pos;
    char tok[128];
    double v;
    int is_int = 0;
    if (j->s[j->pos] == '"') {
        if (json_string(j, tok, sizeof tok)) return 1;
        if (!special_number(tok, &v))
            return json_fail_at(j, start, "'%s': string \"%s\" is not a number", b->name, tok);
        return json_push(j, b, v, 0);
    }
    size_t n = 0;
    while (j->pos < j->len && (isalnum((unsigned char)j->s[j->pos]) || strchr("+-.", j->s[j->pos]))) {
        if (n + 1 < sizeof tok) tok[n++] = j->s[j->pos];
        j->pos++;
    }
    tok[n] = '\0';
    if (!n) return json_fail_at(j, start, "'%s': expected a number or an array", b->name);
    if (!parse_number(tok, &v, &is_int))
        return json_fail_at(j, start, "'%s': '%s' is not a number", b->name, tok);
    return json_push(j, b, v, is_int);
}

static int json_value(json_ctx *j, json_build *b, int depth);

/* Elements of an array (the '[' at j->pos) at nesting depth `depth`. */
static int json_array(json_ctx *j, json_build *b, int depth) {
    size_t start = j->pos;
    if (depth >= BM_MAX_DIMS)
        return json_fail_at(j, start, "'%s': arrays nested deeper than %d levels", b->name, BM_MAX_DIMS);
    if (b->leaf_depth >= 0 && depth >= b->leaf_depth)
        return json_fail_at(j, start, "'%s': an array where a number was expected (arrays must be rectangular)",
                            b->name);
    if (b->tuple_depth >= 0 && depth >= b->tuple_depth)
        return json_fail_at(j, start, "'%s': an array where a tuple (a JSON object) was expected "
                            "(arrays of tuples must be rectangular)", b->name);
    if (b->max_depth < depth + 1) b->max_depth = depth + 1;
    j->pos++;
    int count = 0;
    if (json_peek(j) == ']') {
        j->pos++;
    } else {
        for (;;) {
            if (json_value(j, b, depth + 1)) return 1;
            count++;
            if (json_peek(j) == ',') {
                j->pos++;
                continue;
            }
            if (json_expect(j, ']', "to close the array")) return 1;
            break;
        }
    }
    if (!b->dims_set[depth]) {
        b->dims_set[depth] = 1;
        b->dims[depth] = count;
    } else if (b->dims[depth] != count) {
        return json_fail_at(j, start, "'%s': this array has %d elements, but an earlier one at the same depth has %d (arrays must be rectangular)",
                            b->name, count, b->dims[depth]);
    }
    return 0;
}

/* The component number of a tuple's key ("1", "2", ...), or 0. */
static int json_component_key(const char *key) {
    if (key[0] < '1' || key[0] > '9' || strlen(key) > 4) return 0;
    for (const char *p = key; *p; p++)
        if (!isdigit((unsigned char)*p)) return 0;
    return atoi(key);
}

/* The builder of component k (1-based) of tuple builder b, made when the
 * first tuple names it. */
static json_build *json_component(json_ctx *j, json_build *b, int k, size_t at) {
    if (k <= b->ncomp && b->comp[k - 1]) return b->comp[k - 1];
    if (b->nobj > 0) {
        json_fail_at(j, at, "'%s': this tuple has a component \"%d\", but the first one has %d "
                     "components", b->name, k, b->ncomp);
        return NULL;
    }
    if (k > b->ncomp) {
        json_build **nc = realloc(b->comp, (size_t)k * sizeof *nc);
        if (!nc) {
            data_fail(j->err, "out of memory reading '%s'", j->path);
            return NULL;
        }
        for (int i = b->ncomp; i < k; i++) nc[i] = NULL;
        b->comp = nc;
        b->ncomp = k;
    }
    char name[300];
    snprintf(name, sizeof name, "%s:%d", b->name, k);
    b->comp[k - 1] = json_build_new(name);
    if (!b->comp[k - 1]) data_fail(j->err, "out of memory reading '%s'", j->path);
    return b->comp[k - 1];
}

/* A tuple: a JSON object whose keys are the component numbers "1", "2",
 * ... (the '{' at j->pos), at nesting depth `depth`; every tuple of one
 * variable has the same components. */
static int json_object(json_ctx *j, json_build *b, int depth) {
    size_t start = j->pos;
    if (b->leaf_depth >= 0)
        return json_fail_at(j, start, "'%s': a tuple (a JSON object) where a number was expected", b->name);
    if (b->tuple_depth < 0 && b->max_depth > depth)
        return json_fail_at(j, start, "'%s': a tuple (a JSON object) where an array was expected "
                            "(arrays of tuples must be rectangular)", b->name);
    if (b->tuple_depth >= 0 && b->tuple_depth != depth)
        return json_fail_at(j, start, "'%s': tuples at different depths of the arrays (arrays of "
                            "tuples must be rectangular)", b->name);
    b->tuple_depth = depth;
    unsigned char seen[1000] = {0};
    int count = 0;
    j->pos++;
    if (json_peek(j) == '}')
        return json_fail_at(j, start, "'%s': an empty object; a tuple has components \"1\", \"2\", ...", b->name);
    for (;;) {
        char key[64];
        if (json_peek(j) != '"') return json_expect(j, '"', "to start a tuple component number");
        size_t at = j->pos;
        if (json_string(j, key, sizeof key) || json_expect(j, ':', "after the tuple component number"))
            return 1;
        int k = json_component_key(key);
        if (k <= 0 || k >= (int)sizeof seen)
            return json_fail_at(j, at, "'%s': tuple components are numbered \"1\", \"2\", ...; found \"%s\"",
                                b->name, key);
        if (seen[k]++)
            return json_fail_at(j, at, "'%s': tuple component \"%d\" appears twice", b->name, k);
        json_build *cb = json_component(j, b, k, at);
        if (!cb || json_value(j, cb, depth)) return 1;
        count++;
        if (json_peek(j) == ',') {
            j->pos++;
            continue;
        }
        if (json_expect(j, '}', "to close the tuple")) return 1;
        break;
    }
    for (int k = 1; k <= b->ncomp; k++)
        if (!seen[k])
            return json_fail_at(j, start, "'%s': tuple component \"%d\" is missing%s", b->name, k,
                                b->nobj ? " (the first tuple has it)" : "");
    if (count < 2)
        return json_fail_at(j, start, "'%s': a tuple has at least two components (\"1\" and \"2\")",
                            b->name);
    b->nobj++;
    return 0;
}

static int json_value(json_ctx *j, json_build *b, int depth) {
    int c = json_peek(j);
    if (c == '[') return json_array(j, b, depth);
    if (c < 0) return json_fail_at(j, j->pos, "'%s': the file ends where a value was expected", b->name);
    if (c == '{') return json_object(j, b, depth);
    if (b->tuple_depth >= 0)
        return json_fail_at(j, j->pos, "'%s': a number where a tuple (a JSON object) was expected", b->name);
    if (b->leaf_depth < 0 && b->max_depth > depth)
        return json_fail_at(j, j->pos, "'%s': a number where an array was expected (arrays must be rectangular)", b->name);
    if (b->leaf_depth >= 0 && b->leaf_depth != depth)
        return json_fail_at(j, j->pos, "'%s': a number where an array was expected (arrays must be rectangular)", b->name);
    b->leaf_depth = depth;
    return json_number(j, b);
}

/* Turns a finished builder into a variable of the bag (a tuple: one per
 * component, with the dims of the arrays around the tuples first). */
static int json_add_var(json_ctx *j, json_build *b, bm_data *d) {
    if (b->tuple_depth >= 0) {
        for (int k = 0; k < b->ncomp; k++) {
            json_build *cb = b->comp[k];
            for (int i = 0; i < b->tuple_depth; i++) {
                cb->dims[i] = b->dims[i];
                cb->dims_set[i] = 1;
            }
            if (cb->max_depth < b->tuple_depth) cb->max_depth = b->tuple_depth;
            if (json_add_var(j, cb, d)) return 1;
        }
        return 0;
    }
    bm_data_var v;
    int ndims = b->leaf_depth >= 0 ? b->leaf_depth : b->max_depth;
    long n = 1;
    for (int k = 0; k < ndims; k++) n *= b->dims[k];
    if (n != b->n)
        return data_fail(j->err, "%s: '%s': the values do not fill a rectangular array", j->path, b->name);
    if (var_init(&v, b->name, BM_SRC_JSON, j->path, n, 0, 0)) {
        var_free(&v);
        return data_fail(j->err, "out of memory reading '%s'", j->path);
    }
    v.ndims = ndims;
    for (int k = 0; k < ndims; k++) v.dims[k] = b->dims[k];
    if (n) memcpy(v.values, b->v, (size_t)n * sizeof(double));
    v.values[n] = (double)b->first_real;
    v.all_int = b->first_real < 0;
    return data_add(d, &v, j->err);
}

/* One "name": value member of the top-level object. */
static int json_member(json_ctx *j, bm_data *d) {
    char name[256];
    if (json_peek(j) != '"') return json_expect(j, '"', "to start a variable name");
    size_t at = j->pos;
    long line = j->line, ls = j->line_start;
    if (json_string(j, name, sizeof name) || json_expect(j, ':', "after the variable name"))
        return 1;
    if (bm_data_find(d, name) && !strcmp(bm_data_find(d, name)->file, j->path)) {
        j->line = line;
        j->line_start = ls;
        return json_fail_at(j, at, "variable '%s' appears twice in this file", name);
    }
    json_build *b = json_build_new(name);
    if (!b) return data_fail(j->err, "out of memory reading '%s'", j->path);
    int rc = json_value(j, b, 0) || json_add_var(j, b, d);
    json_build_free(b);
    return rc;
}

static int read_json(bm_data *d, const char *path, const char *buf, size_t len, bm_error *err) {
    json_ctx j = {.path = path, .s = buf, .len = len, .line = 1, .err = err};
    if (json_peek(&j) < 0) return data_fail(err, "%s: the file is empty (expected a JSON object)", path);
    if (json_expect(&j, '{', "at the start of a Stan JSON data file")) return 1;
    if (json_peek(&j) == '}') {
        j.pos++;
    } else {
        for (;;) {
            if (json_member(&j, d)) return 1;
            if (json_peek(&j) == ',') {
                j.pos++;
                continue;
            }
            if (json_expect(&j, '}', "after a variable's value")) return 1;
            break;
        }
    }
    if (json_peek(&j) >= 0) return json_fail_at(&j, j.pos, "unexpected text after the closing '}'");
    return 0;
}

/* ---- entry points ------------------------------------------------------------- */

/* Reads one CSV or JSON file (by extension) into d.  0 or non-zero + err. */
int bm_data_read_file(bm_data *d, const char *path, bm_error *err) {
    char *buf = NULL;
    size_t len = 0;
    if (read_whole(path, &buf, &len, err)) return 1;
    int rc = ends_with_json(path) ? read_json(d, path, buf, len, err)
                                  : read_csv(d, path, buf, len, err);
    free(buf);
    return rc;
}

static int is_identifier(const char *s, size_t n) {
    if (!n || !(isalpha((unsigned char)s[0]))) return 0;
    for (size_t i = 1; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '_') return 0;
    return 1;
}

/* Reads `name=value` (a scalar int or real) into d. */
int bm_data_read_arg(bm_data *d, const char *arg, bm_error *err) {
    const char *eq = strchr(arg, '=');
    if (!eq || !is_identifier(arg, (size_t)(eq - arg)))
        return data_fail(err, "command line argument '%s': expected name=value, e.g. N=10", arg);
    char name[256];
    snprintf(name, sizeof name, "%.*s", (int)(eq - arg), arg);
    double v;
    int is_int;
    if (!parse_number(eq + 1, &v, &is_int))
        return data_fail(err, "command line argument '%s': '%s' is not a number", arg, eq + 1);
    bm_data_var var;
    if (var_init(&var, name, BM_SRC_ARG, "command line", 1, 0, 0)) {
        var_free(&var);
        return data_fail(err, "out of memory");
    }
    var.values[0] = v;
    var.values[1] = is_int ? -1 : 0;
    var.all_int = is_int;
    return data_add(d, &var, err);
}
