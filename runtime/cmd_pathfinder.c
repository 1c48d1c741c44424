/* runtime/cmd_pathfinder.c — `BIN pathfinder`: multi-path Pathfinder.
 *
 * In:  a model definition and parsed options.  Out: DIR/pathfinder.csv in
 * CmdStan's layout (lp_approx__, lp__, then the outputs), --draws rows
 * (PSIS-resampled from num_paths x draws; all of them with
 * --no-psis-resample), and a short report on stdout (paths, ELBO, k-hat in
 * plain words).  Exit: 0 ok; 1 every path failed; 2 bad input.
 * Never: changes the model.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "data.h"
#include "method_io.h"
#include "names.h"
#include "pathfinder.h"

static void write_config(bm_csv_writer *w, const bm_options *o) {
    bm_csv_comment(w, "  pathfinder");
    bm_csv_comment(w, "    init_alpha = %g", o->init_alpha);
    bm_csv_comment(w, "    tol_obj = %g", o->tol_obj);
    bm_csv_comment(w, "    tol_rel_obj = %g", o->tol_rel_obj);
    bm_csv_comment(w, "    tol_grad = %g", o->tol_grad);
    bm_csv_comment(w, "    tol_rel_grad = %g", o->tol_rel_grad);
    bm_csv_comment(w, "    tol_param = %g", o->tol_param);
    bm_csv_comment(w, "    history_size = %d", o->history);
    bm_csv_comment(w, "    num_psis_draws = %d", o->draws);
    bm_csv_comment(w, "    num_paths = %d", o->num_paths);
    bm_csv_comment(w, "    psis_resample = %d", o->psis_resample);
    bm_csv_comment(w, "    calculate_lp = 1 (Default)");
    bm_csv_comment(w, "    max_lbfgs_iters = %d", o->iter);
    bm_csv_comment(w, "    num_draws = %d", o->draws);
    bm_csv_comment(w, "    num_elbo_draws = %d", o->num_elbo_draws);
}

static int write_draws(const bm_model_def *def, const bm_model *m, bm_ws *ws,
                       const bm_options *o, const bm_pathfinder_out *out) {
    char path[4200];
    int ncols, rc = 0, n = out->n;
    const char *lead[] = {"lp_approx__", "lp__"};
    bm_csv_writer *w = bm_method_csv_open(def, o->output_dir, "pathfinder.csv", "pathfinder",
                                          path, sizeof path);
    if (!w) return 2;
    write_config(w, o);
    bm_method_config_tail(w, o, path);
    char **names = bm_method_columns(def, m, lead, 2, BM_WRITE_TPARAMS | BM_WRITE_GQ, &ncols);
    bm_csv_header(w, (const char *const *)names, ncols);
    double *row = calloc((size_t)ncols + 1, sizeof *row);
    bm_rng gq;
    bm_rng_seed(&gq, o->seed, BM_STREAM_GQ);
    bm_error err = {{0}};
    for (int d = 0; d < out->ndraws && !rc; d++) {
        double lead_vals[2] = {out->lp_approx[d], out->lp[d]};
        rc = bm_method_write_draw(w, def, m, ws, &gq, out->draws + (size_t)d * n, lead_vals, 2,
                                  row, &err);
    }
    if (rc) fprintf(stderr, "error: %s\n", err.msg);
    if (bm_csv_close(w, !rc, &err) && !rc) {
        fprintf(stderr, "error: %s\n", err.msg);
        rc = 1;
    }
    bm_output_names_free(names, ncols);
    free(row);
    return rc;
}

static void print_report(const bm_options *o, const bm_pathfinder_out *out) {
    printf("Pathfinder: %d of %d paths succeeded; %d draws in %s/pathfinder.csv\n",
           out->paths_ok, o->num_paths, out->ndraws, o->output_dir);
    if (isnan(out->khat)) return;
    printf("Pareto k-hat of the importance weights: %.2f\n", out->khat);
    if (out->khat > 0.7)
        printf("Note: k-hat > 0.7: the approximation is far from the posterior in its tails; "
               "use the draws as starting points or a rough guide, and run `sample` for "
               "inference.\n");
}

int bm_cmd_pathfinder(const bm_model_def *def, const bm_options *o) {
    bm_data *data;
    bm_model *m = bm_method_setup(def, o, NULL, &data);
    if (!m) return 2;
    int n = def->num_unconstrained(m);
    bm_ws *ws = def->ws_create(m);
    double *inits = calloc((size_t)o->num_paths * n + 1, sizeof *inits);
    bm_error err = {{0}};
    bm_pathfinder_config c;
    bm_pathfinder_config_from_options(o, &c);
    bm_lp_target t = {def, m, ws, BM_JACOBIAN, {{0}}};
    bm_opt_problem p = {.n = n, .fn = bm_lp_target_eval, .ctx = &t};
    bm_pathfinder_out out = {0};
    int rc = bm_pathfinder_starts(def, m, ws, o, inits, &err);
    if (rc) {
        fprintf(stderr, "error: %s\n", err.msg);
    } else if (bm_pathfinder_multi(&c, &p, o->num_paths, inits, o->seed, BM_STREAM_METHOD, &out,
                                   &err)) {
        fprintf(stderr, "error: every Pathfinder path failed: %s\n", err.msg);
        rc = 1;
    }
    if (!rc) rc = write_draws(def, m, ws, o, &out);
    if (!rc && !o->quiet) print_report(o, &out);
    bm_pathfinder_out_free(&out);
    free(inits);
    def->ws_destroy(ws);
    def->destroy(m);
    bm_data_free(data);
    return rc;
}
