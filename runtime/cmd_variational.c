/* runtime/cmd_variational.c — `BIN variational`: ADVI (meanfield or
 * fullrank) and draws from the fitted approximation.
 *
 * In:  a model definition and parsed options.  Out: DIR/variational.csv in
 * CmdStan's layout: lp__, log_p__, log_g__, then the outputs; the first row
 * is the mean of the approximation (lp__ = log_p__ = log_g__ = 0), then
 * --output-draws draws with lp__ = 0, log_p__ the log density (with the
 * Jacobian) and log_g__ the unnormalised log density of the approximation.
 * A summary of the draws on stdout.  Exit: 0 ok (also when the iteration
 * limit was reached, with a note); 1 the algorithm failed; 2 bad input.
 * Never: changes the model.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "advi.h"
#include "data.h"
#include "method_io.h"
#include "names.h"

static void advi_config(const bm_options *o, bm_advi_config *c) {
    bm_advi_config_default(c);
    c->fullrank = !strcmp(o->algorithm, "fullrank");
    c->iter = o->iter;
    c->grad_samples = o->grad_samples;
    c->elbo_samples = o->elbo_samples;
    c->adapt_iter = o->adapt_iter;
    c->eval_elbo = o->eval_elbo;
    c->eta = o->no_adapt ? o->eta : 0;
    c->tol_rel_obj = o->tol_rel_obj;
}

static void write_config(bm_csv_writer *w, const bm_options *o, double eta) {
    bm_csv_comment(w, "  variational");
    bm_csv_comment(w, "    algorithm = %s", o->algorithm);
    bm_csv_comment(w, "    iter = %d", o->iter);
    bm_csv_comment(w, "    grad_samples = %d", o->grad_samples);
    bm_csv_comment(w, "    elbo_samples = %d", o->elbo_samples);
    bm_csv_comment(w, "    eta = %g", eta);
    bm_csv_comment(w, "    adapt");
    bm_csv_comment(w, "      engaged = %d", !o->no_adapt);
    bm_csv_comment(w, "      iter = %d", o->adapt_iter);
    bm_csv_comment(w, "    tol_rel_obj = %g", o->tol_rel_obj);
    bm_csv_comment(w, "    eval_elbo = %d", o->eval_elbo);
    bm_csv_comment(w, "    output_samples = %d", o->output_draws);
}

typedef struct {
    const bm_model_def *def;
    const bm_model *m;
    const bm_options *o;
    bm_ws *ws;
    int n;
    bm_error err;
} vi_run;

/* The mean row, then the draws. */
static int write_draws(vi_run *r, const bm_advi_approx *q, double eta) {
    char path[4200];
    int ncols, rc = 0;
    const char *lead[] = {"lp__", "log_p__", "log_g__"};
    bm_csv_writer *w = bm_method_csv_open(r->def, r->o->output_dir, "variational.csv",
                                          "variational", path, sizeof path);
    if (!w) return 2;
    write_config(w, r->o, eta);
    bm_method_config_tail(w, r->o, path);
    char **names = bm_method_columns(r->def, r->m, lead, 3, BM_WRITE_TPARAMS | BM_WRITE_GQ, &ncols);
    bm_csv_header(w, (const char *const *)names, ncols);
    bm_csv_comment(w, "Stepsize adaptation complete.");
    bm_csv_comment(w, "eta = %g", eta);
    double *row = calloc((size_t)ncols + 1, sizeof *row), *z = calloc(r->n + 1, sizeof *z);
    double *theta = calloc(r->n + 1, sizeof *theta), lead_vals[3] = {0, 0, 0};
    bm_rng rng, gq;
    bm_rng_seed(&rng, r->o->seed, BM_STREAM_METHOD + 1);
    bm_rng_seed(&gq, r->o->seed, BM_STREAM_GQ);
    rc = bm_method_write_draw(w, r->def, r->m, r->ws, &gq, q->mu, lead_vals, 3, row, &r->err);
    for (int d = 0; d < r->o->output_draws && !rc; d++) {
        lead_vals[2] = bm_advi_draw(q, &rng, z, theta);
        if (r->def->log_density(r->m, r->ws, theta, BM_JACOBIAN, &lead_vals[1], NULL, &r->err))
            lead_vals[1] = -INFINITY;
        rc = bm_method_write_draw(w, r->def, r->m, r->ws, &gq, theta, lead_vals, 3, row, &r->err);
    }
    if (rc) fprintf(stderr, "error: %s\n", r->err.msg);
    bm_error cerr;
    if (bm_csv_close(w, !rc, &cerr) && !rc) {
        fprintf(stderr, "error: %s\n", cerr.msg);
        rc = 1;
    }
    bm_output_names_free(names, ncols);
    free(row); free(z); free(theta);
    return rc;
}

static void print_result(const vi_run *r, const bm_advi_approx *q, const bm_advi_result *res) {
    const bm_options *o = r->o;
    printf("ADVI (%s): eta = %g%s, %d iterations, ELBO %.6g\n", o->algorithm, res->eta,
           o->no_adapt ? "" : " (adapted)", res->iterations, res->elbo);
    if (res->converged) printf("Relative ELBO change below %g: converged.\n", o->tol_rel_obj);
    else printf("Note: the maximum number of iterations (%d) was reached; the algorithm may "
                "not have converged.  Try a larger --iter.\n", o->iter);
    if (res->diverging)
        printf("Warning: the relative ELBO change stayed above 0.5: the algorithm may be "
               "diverging; inspect the ELBO or try a smaller --eta.\n");
    printf("Draws in %s/variational.csv (the first row is the mean of the approximation).\n",
           o->output_dir);
}

static int run_vi(vi_run *r) {
    const bm_options *o = r->o;
    bm_advi_approx q;
    int rc = bm_advi_approx_init(&q, r->n, !strcmp(o->algorithm, "fullrank"));
    if (rc) {
        fprintf(stderr, "error: out of memory\n");
        bm_advi_approx_free(&q);
        return 1;
    }
    rc = bm_method_init(r->def, r->m, r->ws, o, 0, BM_JACOBIAN, q.mu, &r->err);
    if (rc) fprintf(stderr, "error: %s\n", r->err.msg);
    bm_lp_target t = {r->def, r->m, r->ws, BM_JACOBIAN, {{0}}};
    bm_opt_problem p = {.n = r->n, .fn = bm_lp_target_eval, .ctx = &t};
    bm_advi_config c;
    bm_advi_result res;
    advi_config(o, &c);
    bm_rng rng;
    bm_rng_seed(&rng, o->seed, BM_STREAM_METHOD);
    if (!rc && bm_advi_fit(&c, &p, &rng, &q, &res, &r->err)) {
        fprintf(stderr, "error: variational inference failed: %s\n", r->err.msg);
        rc = 1;
    }
    if (!rc) rc = write_draws(r, &q, res.eta);
    if (!rc && !o->quiet) print_result(r, &q, &res);
    bm_advi_approx_free(&q);
    return rc;
}

int bm_cmd_variational(const bm_model_def *def, const bm_options *o) {
    bm_data *data;
    bm_model *m = bm_method_setup(def, o, NULL, &data);
    if (!m) return 2;
    vi_run r = {.def = def, .m = m, .o = o, .n = def->num_unconstrained(m)};
    r.ws = def->ws_create(m);
    int rc = run_vi(&r);
    def->ws_destroy(r.ws);
    def->destroy(m);
    bm_data_free(data);
    return rc;
}
