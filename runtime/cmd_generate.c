/* runtime/cmd_generate.c — `BIN generate --fitted DIR`: standalone
 * generated quantities for the draws of an earlier run.
 *
 * In:  a model definition, options (data, --fitted DIR, --output OUT,
 * --seed).  Out: OUT/chain_K.csv (OUT defaults to DIR-out) for each
 * DIR/chain_K.csv, K = 1, 2, ...: the fitted file's leading sampler
 * columns (those ending in "__") copied, then the parameters, transformed
 * parameters and generated quantities recomputed from each draw's
 * parameter values (CmdStan 2.33's standalone generated quantities layout).
 * Exit: 0 ok; 1 a draw failed; 2 bad input (missing files or columns,
 * values outside a parameter's support).
 * Never: modifies the fitted files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "data.h"
#include "method_io.h"
#include "names.h"

typedef struct {
    const bm_model_def *def;
    const bm_model *m;
    const bm_options *o;
    bm_ws *ws;
    int n, npar;
    char **par_names;
    bm_error err;
} gen_run;

/* Columns of s ending in "__" before the first parameter: the leading block. */
static int leading_cols(const bm_stancsv *s) {
    int k = 0;
    while (k < s->ncols) {
        size_t len = strlen(s->names[k]);
        if (len < 2 || strcmp(s->names[k] + len - 2, "__")) break;
        k++;
    }
    return k;
}

/* Index of each parameter column in s; 2 with a message when one is missing. */
static int map_params(const gen_run *g, const bm_stancsv *s, const char *path, int *idx) {
    for (int j = 0; j < g->npar; j++) {
        idx[j] = bm_stancsv_col(s, g->par_names[j]);
        if (idx[j] < 0) {
            fprintf(stderr, "error: %s has no column '%s': it was not written by this model\n",
                    path, g->par_names[j]);
            return 2;
        }
    }
    return 0;
}

static int write_chain(gen_run *g, const bm_stancsv *s, const char *in, const int *idx,
                       int chain, const char *outdir) {
    int nlead = leading_cols(s), ncols, rc = 0;
    char path[4200], file[64];
    snprintf(file, sizeof file, "chain_%d.csv", chain);
    bm_csv_writer *w = bm_method_csv_open(g->def, outdir, file, "generate_quantities", path,
                                          sizeof path);
    if (!w) return 2;
    bm_csv_comment(w, "  generate_quantities");
    bm_csv_comment(w, "    fitted_params = %s", in);
    bm_method_config_tail(w, g->o, path);
    char **names = bm_method_columns(g->def, g->m, (const char *const *)s->names, nlead,
                                     BM_WRITE_TPARAMS | BM_WRITE_GQ, &ncols);
    bm_csv_header(w, (const char *const *)names, ncols);
    double *par = calloc((size_t)g->npar + 1, sizeof *par), *theta = calloc(g->n + 1, sizeof *theta);
    double *row = calloc((size_t)ncols + 1, sizeof *row);
    bm_rng rng;
    bm_rng_seed(&rng, g->o->seed, BM_STREAM_GQ + (uint64_t)chain);
    for (int d = 0; d < s->ndraws && !rc; d++) {
        const double *draw = s->draws + (size_t)d * s->ncols;
        for (int j = 0; j < g->npar; j++) par[j] = draw[idx[j]];
        if (g->def->unconstrain(g->m, par, theta, &g->err)) {
            fprintf(stderr, "error: %s, draw %d: %s\n", in, d + 1, g->err.msg);
            rc = 2;
        } else if (bm_method_write_draw(w, g->def, g->m, g->ws, &rng, theta, draw, nlead, row,
                                        &g->err)) {
            fprintf(stderr, "error: %s, draw %d: %s\n", in, d + 1, g->err.msg);
            rc = 1;
        }
    }
    if (bm_csv_close(w, !rc, &g->err) && !rc) {
        fprintf(stderr, "error: %s\n", g->err.msg);
        rc = 1;
    }
    bm_output_names_free(names, ncols);
    free(par); free(theta); free(row);
    return rc;
}

static int generate_all(gen_run *g, const char *outdir) {
    int chain = 1, rc = 0;
    int *idx = calloc((size_t)g->npar + 1, sizeof *idx);
    for (;; chain++) {
        char in[4200];
        snprintf(in, sizeof in, "%s/chain_%d.csv", g->o->fitted_dir, chain);
        if (access(in, F_OK) != 0) break;
        bm_stancsv s;
        if (bm_stancsv_read(in, &s, &g->err)) {
            fprintf(stderr, "error: %s\n", g->err.msg);
            rc = 2;
            break;
        }
        rc = map_params(g, &s, in, idx);
        if (!rc) rc = write_chain(g, &s, in, idx, chain, outdir);
        bm_stancsv_free(&s);
        if (rc) break;
    }
    free(idx);
    if (chain == 1) {
        fprintf(stderr, "error: no %s/chain_1.csv: --fitted expects the output directory of "
                        "an earlier run\n", g->o->fitted_dir);
        return 2;
    }
    if (!rc && !g->o->quiet)
        printf("generated quantities for %d chain(s) in %s/\n", chain - 1, outdir);
    return rc;
}

int bm_cmd_generate(const bm_model_def *def, const bm_options *o) {
    char outdir[4200];
    if (o->output_given) snprintf(outdir, sizeof outdir, "%s", o->output_dir);
    else snprintf(outdir, sizeof outdir, "%s-out", o->fitted_dir);
    if (!strcmp(outdir, o->fitted_dir)) {
        fprintf(stderr, "error: --output must differ from --fitted (it would overwrite the "
                        "fitted draws)\n");
        return 2;
    }
    bm_data *data;
    bm_model *m = bm_method_setup(def, o, outdir, &data);
    if (!m) return 2;
    gen_run g = {.def = def, .m = m, .o = o, .n = def->num_unconstrained(m)};
    g.npar = bm_output_names(def, m, 0, &g.par_names);
    g.ws = def->ws_create(m);
    int rc = generate_all(&g, outdir);
    bm_output_names_free(g.par_names, g.npar);
    def->ws_destroy(g.ws);
    def->destroy(m);
    bm_data_free(data);
    return rc;
}
