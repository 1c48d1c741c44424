/* runtime/method_io.c — shared plumbing of the non-MCMC commands (see
 * method_io.h).
 *
 * In:  a model, options.  Out: directories, CSV headers, inits, rows.
 * Never: prints except the error messages of bm_method_setup and
 * bm_method_csv_open.
 */
#include "method_io.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "data.h"
#include "names.h"
#include "warm_start.h"

int bm_make_dirs(const char *path) {
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(buf, 0777) && errno != EEXIST) return -1;
        *p = '/';
    }
    if (mkdir(buf, 0777) && errno != EEXIST) return -1;
    struct stat st;
    return stat(buf, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
}

bm_model *bm_method_setup(const bm_model_def *def, const bm_options *o, const char *dir,
                          bm_data **data) {
    if (!dir) dir = o->output_dir;
    if (bm_make_dirs(dir)) {
        fprintf(stderr, "error: cannot create output directory '%s': %s\n", dir,
                strerror(errno));
        return NULL;
    }
    return bm_program_load(def, o, data);
}

bm_csv_writer *bm_method_csv_open(const bm_model_def *def, const char *dir, const char *file,
                                  const char *method, char *path_out, size_t path_size) {
    bm_error err = {{0}};
    snprintf(path_out, path_size, "%s/%s", dir, file);
    bm_csv_writer *w = bm_csv_open(path_out, &err);
    if (!w) {
        fprintf(stderr, "error: %s\n", err.msg);
        return NULL;
    }
    bm_csv_comment(w, "stan_version_major = 2");
    bm_csv_comment(w, "stan_version_minor = 33");
    bm_csv_comment(w, "stan_version_patch = 0");
    bm_csv_comment(w, "bmodel_version = 0.1");
    bm_csv_comment(w, "model = %s_model", def->name);
    bm_csv_comment(w, "method = %s", method);
    return w;
}

void bm_method_config_tail(bm_csv_writer *w, const bm_options *o, const char *path) {
    bm_csv_comment(w, "id = 1");
    bm_csv_comment(w, "data");
    for (int i = 0; i < o->n_data_files; i++) bm_csv_comment(w, "  file = %s", o->data_files[i]);
    for (int i = 0; i < o->n_data_args; i++) bm_csv_comment(w, "  arg = %s", o->data_args[i]);
    if (o->init_file) bm_csv_comment(w, "init = %s", o->init_file);
    else bm_csv_comment(w, "init = %g", o->init_radius);
    bm_csv_comment(w, "random");
    bm_csv_comment(w, "  seed = %llu", (unsigned long long)o->seed);
    bm_csv_comment(w, "output");
    bm_csv_comment(w, "  file = %s", path);
}

char **bm_method_columns(const bm_model_def *def, const bm_model *m, const char *const *lead,
                         int nlead, unsigned flags, int *ncols) {
    char **out;
    int nout = bm_output_names(def, m, flags, &out);
    if (nout < 0) return NULL;
    char **all = calloc((size_t)(nlead + nout) + 1, sizeof *all);
    if (!all) {
        bm_output_names_free(out, nout);
        return NULL;
    }
    for (int i = 0; i < nlead; i++) all[i] = strdup(lead[i]);
    for (int i = 0; i < nout; i++) all[nlead + i] = out[i];
    free(out);
    *ncols = nlead + nout;
    return all;
}

static int finite_at(const bm_model_def *def, const bm_model *m, bm_ws *ws, const double *theta,
                     unsigned flags, double *grad, bm_error *err) {
    double lp;
    int n = def->num_unconstrained(m);
    if (def->log_density(m, ws, theta, flags, &lp, grad, err)) return 0;
    if (!isfinite(lp)) {
        snprintf(err->msg, sizeof err->msg, "the log density is not finite (%g)", lp);
        return 0;
    }
    for (int i = 0; i < n; i++)
        if (!isfinite(grad[i])) {
            snprintf(err->msg, sizeof err->msg, "the gradient is not finite");
            return 0;
        }
    return 1;
}

int bm_method_init(const bm_model_def *def, const bm_model *m, bm_ws *ws,
                   const bm_options *o, uint64_t stream, unsigned lp_flags, double *theta,
                   bm_error *err) {
    int n = def->num_unconstrained(m), ok = 0;
    double *grad = calloc((size_t)n + 1, sizeof *grad);
    bm_rng rng;
    bm_rng_seed(&rng, o->seed, BM_STREAM_INIT + stream);
    if (!grad) {
        snprintf(err->msg, sizeof err->msg, "out of memory");
        return 1;
    }
    for (int attempt = 0; attempt < 100 && !ok; attempt++) {
        if (o->init_file) {
            if (bm_init_from_file(def, m, ws, o->init_file, &rng, o->init_radius, theta, err)) {
                free(grad);
                return 2;
            }
        } else {
            for (int i = 0; i < n; i++) theta[i] = o->init_radius * (2 * bm_rng_uniform(&rng) - 1);
        }
        ok = finite_at(def, m, ws, theta, lp_flags, grad, err);
    }
    free(grad);
    if (!ok) {  /* (a file init is not retried: the same point again) */
        char why[sizeof err->msg];
        memcpy(why, err->msg, sizeof why);
        snprintf(err->msg, sizeof err->msg, "no initial point with a finite log density and "
                 "gradient%s%.900s", why[0] ? ": " : "", why);
    }
    return !ok;
}

int bm_method_write_draw(bm_csv_writer *w, const bm_model_def *def, const bm_model *m,
                         bm_ws *ws, bm_rng *rng, const double *theta, const double *lead,
                         int nlead, double *row, bm_error *err) {
    unsigned flags = BM_WRITE_TPARAMS | BM_WRITE_GQ;
    memcpy(row, lead, (size_t)nlead * sizeof *row);
    if (def->write_array(m, ws, theta, flags, rng, row + nlead, err)) return 1;
    bm_csv_row(w, row, nlead + def->num_outputs(m, flags));
    return 0;
}

int bm_lp_target_eval(void *target, const double *x, double *f, double *grad) {
    bm_lp_target *t = target;
    return t->def->log_density(t->m, t->ws, x, t->flags, f, grad, &t->err);
}
