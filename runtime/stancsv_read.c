/* runtime/stancsv_read.c — read a Stan CSV file (ours or CmdStan's).
 *
 * In:  a path.  Out: a bm_stancsv: config values kept from the comments
 * (num_samples, num_warmup, save_warmup, thin, max_depth), the adaptation
 * block (step size, diagonal inverse metric), the column names, the draws
 * (warmup rows dropped when they were saved), the elapsed-time footer.
 * Accepts both CmdStan styles: 0/1 and false/true, extra header lines.
 * Never: aborts on a bad file; reports "FILE:LINE: ..." instead.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "stancsv.h"

typedef struct {
    const char *path;
    long line;
    int thin;
    int want_metric;     /* the previous comment announced the inverse metric */
    int want_sampling;   /* the previous comment was the warm-up time */
    long cap;            /* draws capacity, rows */
    bm_error *err;
} reader;

static int fail(reader *r, const char *fmt, const char *a) {
    snprintf(r->err->msg, sizeof r->err->msg, "%s:%ld: ", r->path, r->line);
    size_t at = strlen(r->err->msg);
    snprintf(r->err->msg + at, sizeof r->err->msg - at, fmt, a);
    return 1;
}

static char *trim(char *s) {
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
    return s;
}

/* Value of "key = value" in a config comment, or NULL. */
static const char *config_value(const char *s, const char *key) {
    size_t n = strlen(key);
    if (strncmp(s, key, n)) return NULL;
    s += n;
    while (*s == ' ') s++;
    if (*s != '=') return NULL;
    for (s++; *s == ' '; s++) {}
    return s;
}

static int config_int(const char *v) {
    if (!strncmp(v, "true", 4)) return 1;
    if (!strncmp(v, "false", 5)) return 0;
    return (int)strtol(v, NULL, 10);
}

static int parse_metric(reader *r, bm_stancsv *out, char *s) {
    int n = 1;
    for (const char *p = s; *p; p++) n += *p == ',';
    free(out->inv_metric);
    out->inv_metric = malloc((size_t)n * sizeof(double));
    if (!out->inv_metric) return fail(r, "out of memory%s", "");
    out->n_inv_metric = 0;
    for (char *tok = strtok(s, ","); tok; tok = strtok(NULL, ",")) {
        char *end;
        double v = strtod(tok, &end);
        if (end == tok) return fail(r, "bad inverse metric value '%s'", trim(tok));
        out->inv_metric[out->n_inv_metric++] = v;
    }
    return 0;
}

/* One comment line (text after '#'). */
static int parse_comment(reader *r, bm_stancsv *out, char *text) {
    char *s = trim(text);
    const char *v;
    if (r->want_metric) {
        r->want_metric = 0;
        return parse_metric(r, out, s);
    }
    if (r->want_sampling) {
        r->want_sampling = 0;
        out->sampling_s = strtod(s, NULL);
    }
    if ((v = config_value(s, "num_samples"))) out->num_samples = config_int(v);
    else if ((v = config_value(s, "num_warmup"))) out->num_warmup = config_int(v);
    else if ((v = config_value(s, "save_warmup"))) out->save_warmup = config_int(v);
    else if ((v = config_value(s, "thin"))) r->thin = config_int(v);
    else if ((v = config_value(s, "max_depth"))) out->max_depth = config_int(v);
    else if ((v = config_value(s, "Step size"))) out->stepsize = strtod(v, NULL);
    else if (!strncmp(s, "Diagonal elements of inverse mass matrix", 40)) r->want_metric = 1;
    else if (!strncmp(s, "Elapsed Time:", 13)) {
        out->warmup_s = strtod(s + 13, NULL);
        r->want_sampling = 1;
    }
    return 0;
}

static int parse_header(reader *r, bm_stancsv *out, char *s) {
    int n = 1;
    for (const char *p = s; *p; p++) n += *p == ',';
    out->names = calloc((size_t)n, sizeof *out->names);
    if (!out->names) return fail(r, "out of memory%s", "");
    char *save = NULL;
    for (char *tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *t = trim(tok);
        size_t len = strlen(t);
        if (len >= 2 && t[0] == '"' && t[len - 1] == '"') t[len - 1] = '\0', t++;
        out->names[out->ncols++] = strdup(t);
    }
    if (out->ncols != n) return fail(r, "empty column name in the header row%s", "");
    return 0;
}

static int grow_draws(reader *r, bm_stancsv *out) {
    if (out->ndraws < r->cap) return 0;
    long cap = r->cap ? 2 * r->cap : 256;
    double *nd = realloc(out->draws, (size_t)cap * (size_t)out->ncols * sizeof *nd);
    if (!nd) return fail(r, "out of memory%s", "");
    out->draws = nd;
    r->cap = cap;
    return 0;
}

static int parse_row(reader *r, bm_stancsv *out, char *s) {
    if (grow_draws(r, out)) return 1;
    double *row = out->draws + (size_t)out->ndraws * out->ncols;
    int k = 0;
    for (char *p = s;; k++) {
        char *end;
        double v = strtod(p, &end);
        while (*end == ' ' || *end == '\t') end++;
        if (end == p || (*end && *end != ',')) {
            char cell[64];
            size_t len = strcspn(p, ",");
            snprintf(cell, sizeof cell, "%.*s", (int)(len < 60 ? len : 60), p);
            return fail(r, "'%s' is not a number", cell);
        }
        if (k < out->ncols) row[k] = v;
        if (!*end) break;
        p = end + 1;
    }
    if (k + 1 != out->ncols) {
        char msg[64];
        snprintf(msg, sizeof msg, "%d", k + 1);
        return fail(r, "row has %s values, but the header has a different number of columns", msg);
    }
    out->ndraws++;
    return 0;
}

static int parse_line(reader *r, bm_stancsv *out, char *s) {
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r')) s[--n] = '\0';
    if (s[0] == '#') return parse_comment(r, out, s + 1);
    if (!*trim(s)) return 0;
    return out->names ? parse_row(r, out, s) : parse_header(r, out, s);
}

/* Drops the saved warmup rows. */
static void drop_warmup(reader *r, bm_stancsv *out) {
    if (!out->save_warmup || out->num_warmup <= 0) return;
    int thin = r->thin > 0 ? r->thin : 1;
    int skip = (out->num_warmup + thin - 1) / thin;
    if (skip > out->ndraws) skip = out->ndraws;
    memmove(out->draws, out->draws + (size_t)skip * out->ncols,
            (size_t)(out->ndraws - skip) * out->ncols * sizeof(double));
    out->ndraws -= skip;
}

int bm_stancsv_read(const char *path, bm_stancsv *out, bm_error *err) {
    memset(out, 0, sizeof *out);
    out->num_samples = out->num_warmup = out->max_depth = -1;
    out->stepsize = out->warmup_s = out->sampling_s = NAN;
    reader r = {.path = path, .err = err};
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err->msg, sizeof err->msg, "cannot read '%s': %s", path, strerror(errno));
        return 1;
    }
    char *line = NULL;
    size_t cap = 0;
    int rc = 0;
    while (!rc && getline(&line, &cap, f) >= 0) {
        r.line++;
        rc = parse_line(&r, out, line);
    }
    free(line);
    fclose(f);
    if (!rc && !out->names) {
        snprintf(err->msg, sizeof err->msg, "%s: no column names (is it a Stan CSV file?)", path);
        rc = 1;
    }
    if (rc) {
        bm_stancsv_free(out);
        return 1;
    }
    drop_warmup(&r, out);
    return 0;
}

void bm_stancsv_free(bm_stancsv *s) {
    for (int i = 0; s->names && i < s->ncols; i++) free(s->names[i]);
    free(s->names);
    free(s->draws);
    free(s->inv_metric);
    memset(s, 0, sizeof *s);
}

int bm_stancsv_col(const bm_stancsv *s, const char *name) {
    for (int i = 0; i < s->ncols; i++)
        if (!strcmp(s->names[i], name)) return i;
    return -1;
}
