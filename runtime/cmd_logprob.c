/* runtime/cmd_logprob.c — `BIN log-prob`: log density and gradient at
 * given points (CmdStan's log_prob method).
 *
 * In:  a model definition, options: --point FILE (constrained parameter
 * values, JSON or CSV like --init; with --unconstrained a variable
 * params_r: one unconstrained vector, or one per row) or --fitted DIR (every
 * draw of DIR/chain_*.csv); --jacobian (default) / --no-jacobian.
 * Out: OUT/log_prob.csv (OUT = --output) and the same rows on stdout:
 * lp__, g.1 .. g.n — the log density without constant terms (as CmdStan)
 * and its gradient with respect to the unconstrained parameters, 15
 * significant digits.  Exit: 0 ok; 1 the density failed at a point; 2 bad
 * input.
 * Never: changes the model or the input files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "data.h"
#include "method_io.h"
#include "names.h"
#include "warm_start.h"

/* A growing list of unconstrained points. */
typedef struct {
    int n, count, cap;
    double *theta;
} points;

static double *points_add(points *p) {
    if (p->count == p->cap) {
        int cap = p->cap ? 2 * p->cap : 16;
        double *t = realloc(p->theta, (size_t)cap * p->n * sizeof(double) + 1);
        if (!t) return NULL;
        p->theta = t;
        p->cap = cap;
    }
    return p->theta + (size_t)p->count++ * p->n;
}

/* --unconstrained --point FILE: params_r[n] or params_r[rows, n]. */
static int read_unconstrained(const bm_options *o, points *pts) {
    bm_error err = {{0}};
    bm_data *bag = bm_data_new();
    int rc = bm_data_read_file(bag, o->point_file, &err) ? 2 : 0;
    const bm_data_var *v = rc ? NULL : bm_data_find(bag, "params_r");
    if (rc) {
        fprintf(stderr, "error: %s\n", err.msg);
    } else if (!v || v->ndims > 2 || v->n % (pts->n ? pts->n : 1) ||
               (v->ndims == 2 && v->dims[1] != pts->n) || (v->ndims < 2 && v->n != pts->n)) {
        fprintf(stderr, "error: %s: expected a variable params_r with %d unconstrained "
                        "value(s) (or rows of %d)\n", o->point_file, pts->n, pts->n);
        rc = 2;
    } else {
        for (long k = 0; pts->n && k < v->n / pts->n; k++) {
            double *t = points_add(pts);
            if (t) memcpy(t, v->values + k * pts->n, pts->n * sizeof(double));
        }
        if (!pts->n) points_add(pts);
    }
    bm_data_free(bag);
    return rc;
}

/* --point FILE (constrained): every parameter must be in the file. */
static int read_constrained(const bm_model_def *def, const bm_model *m, bm_ws *ws,
                            const bm_options *o, points *pts) {
    bm_error err = {{0}};
    bm_data *bag = bm_data_new();
    int rc = bm_data_read_file(bag, o->point_file, &err) ? 2 : 0;
    for (int i = 0; !rc && i < def->num_vars(m); i++) {
        bm_var_info vi;
        def->var_info(m, i, &vi);
        char name[256];
        bm_output_data_name(vi.name, name, sizeof name);
        if (vi.block != BM_VAR_PARAM || bm_data_find(bag, name)) continue;
        snprintf(err.msg, sizeof err.msg, "%s has no value for parameter '%s'", o->point_file,
                 name);
        rc = 2;
    }
    bm_data_free(bag);
    bm_rng rng;
    bm_rng_seed(&rng, o->seed, BM_STREAM_INIT);
    double *t = rc ? NULL : points_add(pts);
    if (!rc && (!t || bm_init_from_file(def, m, ws, o->point_file, &rng, 0, t, &err))) rc = 2;
    if (rc) fprintf(stderr, "error: %s\n", err.msg);
    return rc;
}

/* --fitted DIR: every draw of every chain_K.csv. */
static int read_fitted(const bm_model_def *def, const bm_model *m, const bm_options *o,
                       points *pts) {
    char **names;
    int npar = bm_output_names(def, m, 0, &names), rc = 0, chain = 1;
    double *par = calloc((size_t)npar + 1, sizeof *par);
    for (; !rc; chain++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/chain_%d.csv", o->fitted_dir, chain);
        if (access(path, F_OK) != 0) break;
        bm_stancsv s;
        bm_error err = {{0}};
        if (bm_stancsv_read(path, &s, &err)) {
            fprintf(stderr, "error: %s\n", err.msg);
            rc = 2;
            break;
        }
        for (int d = 0; d < s.ndraws && !rc; d++) {
            for (int j = 0; j < npar && !rc; j++) {
                int c = bm_stancsv_col(&s, names[j]);
                if (c < 0) {
                    fprintf(stderr, "error: %s has no column '%s'\n", path, names[j]);
                    rc = 2;
                } else {
                    par[j] = s.draws[(size_t)d * s.ncols + c];
                }
            }
            double *t = rc ? NULL : points_add(pts);
            if (!rc && (!t || def->unconstrain(m, par, t, &err))) {
                fprintf(stderr, "error: %s, draw %d: %s\n", path, d + 1, err.msg);
                rc = 2;
            }
        }
        bm_stancsv_free(&s);
    }
    if (!rc && chain == 1) {
        fprintf(stderr, "error: no %s/chain_1.csv\n", o->fitted_dir);
        rc = 2;
    }
    free(par);
    bm_output_names_free(names, npar);
    return rc;
}

static void print_row(FILE *f, double lp, const double *g, int n) {
    fprintf(f, "%.15g", lp);
    for (int i = 0; i < n; i++) fprintf(f, ",%.15g", g[i]);
    fputc('\n', f);
}

static void print_header(FILE *f, int n) {
    fprintf(f, "lp__");
    for (int i = 0; i < n; i++) fprintf(f, ",g.%d", i + 1);
    fputc('\n', f);
}

static int evaluate(const bm_model_def *def, const bm_model *m, bm_ws *ws, const bm_options *o,
                    const points *pts) {
    int n = pts->n, rc = 0;
    unsigned flags = BM_PROPTO | (o->jacobian ? BM_JACOBIAN : 0);
    char path[4200];
    snprintf(path, sizeof path, "%s/log_prob.csv", o->output_dir);
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "error: cannot write %s\n", path);
        return 2;
    }
    fprintf(f, "# model = %s_model\n# method = log_prob\n#   jacobian = %d\n", def->name,
            o->jacobian);
    print_header(f, n);
    if (!o->quiet) print_header(stdout, n);
    double *g = calloc(n + 1, sizeof *g), lp;
    for (int k = 0; k < pts->count && !rc; k++) {
        bm_error err = {{0}};
        if (def->log_density(m, ws, pts->theta + (size_t)k * n, flags, &lp, g, &err)) {
            fprintf(stderr, "error: point %d: the log density failed: %s\n", k + 1, err.msg);
            rc = 1;
            break;
        }
        print_row(f, lp, g, n);
        if (!o->quiet) print_row(stdout, lp, g, n);
    }
    free(g);
    if (fclose(f) || rc) {
        remove(path);
        return rc ? rc : 1;
    }
    return 0;
}

int bm_cmd_logprob(const bm_model_def *def, const bm_options *o) {
    bm_data *data;
    bm_model *m = bm_method_setup(def, o, NULL, &data);
    if (!m) return 2;
    bm_ws *ws = def->ws_create(m);
    points pts = {.n = def->num_unconstrained(m)};
    int rc = o->fitted_dir      ? read_fitted(def, m, o, &pts)
             : o->unconstrained ? read_unconstrained(o, &pts)
                                : read_constrained(def, m, ws, o, &pts);
    if (!rc) rc = evaluate(def, m, ws, o, &pts);
    free(pts.theta);
    def->ws_destroy(ws);
    def->destroy(m);
    bm_data_free(data);
    return rc;
}
