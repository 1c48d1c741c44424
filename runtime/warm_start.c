/* runtime/warm_start.c — user inits and metric files (see warm_start.h).
 *
 * In:  file paths, a bound model.  Out: an unconstrained start, an inverse
 * metric and step size.  Files in JSON/CSV go through the data readers
 * (data_read.c), so their errors are located the same way; a Stan CSV
 * metric file is scanned for its adaptation comment block.
 * Never: writes files or prints.
 */
#include "warm_start.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "data.h"
#include "names.h"

/* Row-major (data bag) flat index -> first-index-fastest (Stan CSV) index. */
static long to_column_major(long row_major, int ndims, const int *dims) {
    long idx[BM_MAX_DIMS], rest = row_major;
    for (int d = ndims - 1; d >= 0; d--) {
        idx[d] = rest % dims[d];
        rest /= dims[d];
    }
    long out = 0, stride = 1;
    for (int d = 0; d < ndims; d++) {
        out += idx[d] * stride;
        stride *= dims[d];
    }
    return out;
}

/* Copies the file's values of parameter `vi` into params at its columns
 * cols (names.c: consecutive, or interleaved for arrays of tuples). */
static int take_param(const bm_data *bag, const bm_var_info *vi, const char *path,
                      double *params, const long *cols, bm_error *err) {
    char name[256];
    bm_output_data_name(vi->name, name, sizeof name);
    const bm_data_var *v = bm_data_find(bag, name);
    if (!v) return 0;
    long want = 1;
    for (int d = 0; d < vi->ndims; d++) want *= vi->dims[d];
    if (v->n != want) {
        snprintf(err->msg, sizeof err->msg,
                 "%s: initial value of '%s' has %ld element(s), the parameter has %ld",
                 path, name, v->n, want);
        return 1;
    }
    for (long e = 0; e < v->n; e++) {
        long at = vi->ndims > 1 ? to_column_major(e, vi->ndims, vi->dims) : e;
        params[cols[at]] = v->values[e];
    }
    return 0;
}

int bm_init_from_file(const bm_model_def *def, const bm_model *m, bm_ws *ws,
                      const char *path, bm_rng *rng, double radius, double *theta,
                      bm_error *err) {
    int n = def->num_unconstrained(m), nout = def->num_outputs(m, 0), rc = 1;
    for (int i = 0; i < n; i++) theta[i] = radius * (2 * bm_rng_uniform(rng) - 1);
    double *params = calloc((size_t)(nout > 0 ? nout : 1), sizeof *params);
    long *cols = NULL;
    bm_data *bag = bm_data_new();
    if (!params || !bag) goto done;
    if (bm_data_read_file(bag, path, err)) goto done;
    if (def->write_array(m, ws, theta, 0, NULL, params, err)) goto done;
    cols = calloc((size_t)(nout > 0 ? nout : 1), sizeof *cols);
    if (!cols) goto done;
    for (int i = 0; i < def->num_vars(m); i++) {
        bm_var_info vi;
        def->var_info(m, i, &vi);
        if (vi.block != BM_VAR_PARAM) continue;
        if (bm_output_columns(def, m, 0, i, cols) < 0 ||
            take_param(bag, &vi, path, params, cols, err))
            goto done;
    }
    if (def->unconstrain(m, params, theta, err)) {
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", err->msg);
        snprintf(err->msg, sizeof err->msg, "%.200s: %.800s", path, msg);
        goto done;
    }
    rc = 0;
done:
    free(params);
    free(cols);
    bm_data_free(bag);
    return rc;
}

/* Expands or reduces a metric of `have` values to the wanted shape. */
static int shape_metric(const double *vals, long have, int n, int dense, double *out,
                        const char *path, bm_error *err) {
    long nn = (long)n * n;
    if (have == n && dense) {
        memset(out, 0, (size_t)nn * sizeof *out);
        for (int i = 0; i < n; i++) out[i * n + i] = vals[i];
    } else if (have == n) {
        memcpy(out, vals, (size_t)n * sizeof *out);
    } else if (have == nn && dense) {
        memcpy(out, vals, (size_t)nn * sizeof *out);
    } else if (have == nn) {
        for (int i = 0; i < n; i++) out[i] = vals[i * n + i];
    } else {
        snprintf(err->msg, sizeof err->msg,
                 "%s: the inverse metric has %ld values; this model needs %d "
                 "(diagonal) or %ld (dense)", path, have, n, nn);
        return 1;
    }
    for (long i = 0; i < (dense ? nn : n); i++) {
        if (isfinite(out[i])) continue;
        snprintf(err->msg, sizeof err->msg, "%s: the inverse metric has a non-finite value", path);
        return 1;
    }
    return 0;
}

static int metric_from_json(const char *path, int n, int dense, double *inv_metric,
                            double *stepsize, bm_error *err) {
    bm_data *bag = bm_data_new();
    int rc = bm_data_read_file(bag, path, err);
    const bm_data_var *v = rc ? NULL : bm_data_find(bag, "inv_metric");
    if (!rc && !v) {
        snprintf(err->msg, sizeof err->msg, "%s: no variable 'inv_metric'", path);
        rc = 1;
    }
    if (!rc) rc = shape_metric(v->values, v->n, n, dense, inv_metric, path, err);
    const bm_data_var *s = rc ? NULL : bm_data_find(bag, "stepsize");
    if (s && s->n == 1 && s->values[0] > 0) *stepsize = s->values[0];
    bm_data_free(bag);
    return rc;
}

/* Parses "# a, b, c" into vals (appending); returns how many were read. */
static long parse_comment_values(const char *line, double *vals, long room) {
    long k = 0;
    const char *p = line + 1;
    while (k < room) {
        char *end;
        double x = strtod(p, &end);
        if (end == p) break;
        vals[k++] = x;
        p = end;
        while (*p == ',' || *p == ' ') p++;
    }
    return k;
}

static int metric_from_stan_csv(const char *path, int n, int dense, double *inv_metric,
                                double *stepsize, bm_error *err) {
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err->msg, sizeof err->msg, "cannot open %s", path);
        return 1;
    }
    long room = (long)n * n + 1, have = 0;
    double *vals = calloc((size_t)room, sizeof *vals), step = NAN;
    char line[1 << 16];
    int in_block = 0;
    while (vals && fgets(line, sizeof line, f)) {
        if (line[0] != '#') {
            if (in_block) break;
            continue;
        }
        if (sscanf(line, "# Step size = %lf", &step) == 1) continue;
        if (strstr(line, "inverse mass matrix:")) {
            in_block = 1;
            continue;
        }
        if (in_block) {
            long k = parse_comment_values(line, vals + have, room - have);
            if (k == 0) break;
            have += k;
        }
    }
    fclose(f);
    int rc = 1;
    if (!vals || have == 0)
        snprintf(err->msg, sizeof err->msg,
                 "%s: no adaptation block ('# Diagonal elements of inverse mass matrix:' "
                 "or '# Elements of inverse mass matrix:') found", path);
    else
        rc = shape_metric(vals, have, n, dense, inv_metric, path, err);
    if (!rc && step > 0) *stepsize = step;
    free(vals);
    return rc;
}

int bm_metric_from_file(const char *path, int n, int dense, double *inv_metric,
                        double *stepsize, bm_error *err) {
    size_t len = strlen(path);
    if (len > 5 && !strcmp(path + len - 5, ".json"))
        return metric_from_json(path, n, dense, inv_metric, stepsize, err);
    return metric_from_stan_csv(path, n, dense, inv_metric, stepsize, err);
}
