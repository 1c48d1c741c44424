/* runtime/cmd_optimize.c — `BIN optimize`: posterior mode / penalised MLE,
 * and `--laplace N` draws from the normal approximation at the mode.
 *
 * In:  a model definition and parsed options.  Out: DIR/optimize.csv (Stan
 * CSV as CmdStan's optimize: config header, lp__ then params, tparams and
 * gqs, one row), DIR/laplace.csv with --laplace (log_p__, log_g__, then the
 * outputs), the estimates on stdout.  lp__ is the objective: the log
 * density without constant terms, with the Jacobian only under --jacobian.
 * Exit: 0 converged or hit the iteration limit; 1 the algorithm failed (no
 * finite start, line search failure, no Laplace approximation); 2 bad
 * command line or data.
 * Never: changes the model.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "data.h"
#include "laplace.h"
#include "method_io.h"
#include "names.h"
#include "optimize.h"

static bm_opt_algorithm algorithm_of(const char *name) {
    if (!strcmp(name, "bfgs")) return BM_OPT_BFGS;
    if (!strcmp(name, "newton")) return BM_OPT_NEWTON;
    return BM_OPT_LBFGS;
}

/* The optimizer settings from the options. */
static void opt_config(const bm_options *o, bm_opt_config *c) {
    bm_opt_config_default(c);
    c->algorithm = algorithm_of(o->algorithm ? o->algorithm : "lbfgs");
    c->max_iter = o->iter;
    c->history = o->history;
    c->init_alpha = o->init_alpha;
    c->tol_obj = o->tol_obj;
    c->tol_rel_obj = o->tol_rel_obj;
    c->tol_grad = o->tol_grad;
    c->tol_rel_grad = o->tol_rel_grad;
    c->tol_param = o->tol_param;
}

static void write_optimize_config(bm_csv_writer *w, const bm_options *o) {
    bm_csv_comment(w, "  optimize");
    bm_csv_comment(w, "    algorithm = %s", o->algorithm);
    if (strcmp(o->algorithm, "newton")) {
        bm_csv_comment(w, "      %s", o->algorithm);
        bm_csv_comment(w, "        init_alpha = %g", o->init_alpha);
        bm_csv_comment(w, "        tol_obj = %g", o->tol_obj);
        bm_csv_comment(w, "        tol_rel_obj = %g", o->tol_rel_obj);
        bm_csv_comment(w, "        tol_grad = %g", o->tol_grad);
        bm_csv_comment(w, "        tol_rel_grad = %g", o->tol_rel_grad);
        bm_csv_comment(w, "        tol_param = %g", o->tol_param);
        if (!strcmp(o->algorithm, "lbfgs")) bm_csv_comment(w, "        history_size = %d", o->history);
    }
    bm_csv_comment(w, "    jacobian = %d", o->jacobian);
    bm_csv_comment(w, "    iter = %d", o->iter);
    bm_csv_comment(w, "    save_iterations = 0 (Default)");
}

/* The shared state of one optimize run. */
typedef struct {
    const bm_model_def *def;
    const bm_model *m;
    const bm_options *o;
    bm_ws *ws;
    int n, nout;
    double *theta, *row;
    bm_rng gq_rng;
    bm_error err;
} opt_run;

static int write_mode(opt_run *r, double lp) {
    char path[4200];
    int ncols;
    const char *lead[] = {"lp__"};
    bm_csv_writer *w = bm_method_csv_open(r->def, r->o->output_dir, "optimize.csv",
                                          "optimize", path, sizeof path);
    if (!w) return 2;
    write_optimize_config(w, r->o);
    bm_method_config_tail(w, r->o, path);
    char **names = bm_method_columns(r->def, r->m, lead, 1, BM_WRITE_TPARAMS | BM_WRITE_GQ, &ncols);
    bm_csv_header(w, (const char *const *)names, ncols);
    int bad = bm_method_write_draw(w, r->def, r->m, r->ws, &r->gq_rng, r->theta, &lp, 1,
                                   r->row, &r->err);
    if (bad) fprintf(stderr, "error: at the mode: %s\n", r->err.msg);
    bm_error cerr;
    if (bm_csv_close(w, !bad, &cerr) && !bad) {
        fprintf(stderr, "error: %s\n", cerr.msg);
        bad = 1;
    }
    bm_output_names_free(names, ncols);
    return bad;
}

static void print_estimates(const opt_run *r, double lp) {
    char **names;
    int nout = bm_output_names(r->def, r->m, BM_WRITE_TPARAMS | BM_WRITE_GQ, &names);
    printf("\n%-24s %14s\n", "variable", "estimate");
    printf("%-24s %14.6g\n", "lp__", lp);
    for (int i = 0; i < nout; i++) printf("%-24s %14.6g\n", names[i], r->row[1 + i]);
    bm_output_names_free(names, nout);
}

static void write_laplace_config(bm_csv_writer *w, const bm_options *o) {
    bm_csv_comment(w, "  laplace");
    bm_csv_comment(w, "    mode = %s/optimize.csv", o->output_dir);
    bm_csv_comment(w, "    jacobian = %d", o->jacobian);
    bm_csv_comment(w, "    draws = %d", o->laplace_draws);
}

/* N draws from the Laplace approximation at r->theta to DIR/laplace.csv. */
static int write_laplace(opt_run *r) {
    int n = r->n, ncols, rc = 0;
    bm_lp_target t = {r->def, r->m, r->ws, r->o->jacobian ? BM_JACOBIAN : 0, {{0}}};
    bm_opt_problem p = {.n = n, .fn = bm_lp_target_eval, .ctx = &t};
    double *l = calloc((size_t)n * n + 1, sizeof *l), *z = calloc(n + 1, sizeof *z);
    double *draw = calloc(n + 1, sizeof *draw);
    if (bm_laplace_fit(&p, r->theta, l, &r->err)) {
        fprintf(stderr, "error: laplace: %s\n", r->err.msg);
        free(l); free(z); free(draw);
        return 1;
    }
    char path[4200];
    const char *lead[] = {"log_p__", "log_g__"};
    bm_csv_writer *w = bm_method_csv_open(r->def, r->o->output_dir, "laplace.csv", "laplace",
                                          path, sizeof path);
    if (!w) rc = 2;
    char **names = w ? bm_method_columns(r->def, r->m, lead, 2, BM_WRITE_TPARAMS | BM_WRITE_GQ,
                                         &ncols) : NULL;
    if (w) {
        write_laplace_config(w, r->o);
        bm_method_config_tail(w, r->o, path);
        bm_csv_header(w, (const char *const *)names, ncols);
    }
    bm_rng rng;
    bm_rng_seed(&rng, r->o->seed, BM_STREAM_METHOD);
    double *row = calloc((size_t)ncols + 1, sizeof *row);
    for (int d = 0; w && d < r->o->laplace_draws && !rc; d++) {
        double lead_vals[2];
        lead_vals[1] = bm_laplace_draw(r->theta, l, n, &rng, z, draw);
        if (r->def->log_density(r->m, r->ws, draw, t.flags, &lead_vals[0], NULL, &r->err))
            lead_vals[0] = -INFINITY;
        if (bm_method_write_draw(w, r->def, r->m, r->ws, &r->gq_rng, draw, lead_vals, 2, row,
                                 &r->err)) {
            fprintf(stderr, "error: laplace draw %d: %s\n", d + 1, r->err.msg);
            rc = 1;
        }
    }
    bm_error cerr;
    if (w && bm_csv_close(w, !rc, &cerr) && !rc) {
        fprintf(stderr, "error: %s\n", cerr.msg);
        rc = 1;
    }
    if (!rc && !r->o->quiet)
        printf("\n%d Laplace draws in %s\n", r->o->laplace_draws, path);
    if (names) bm_output_names_free(names, ncols);
    free(row); free(l); free(z); free(draw);
    return rc;
}

static int optimize_run(opt_run *r) {
    const bm_options *o = r->o;
    unsigned flags = BM_PROPTO | (o->jacobian ? BM_JACOBIAN : 0);
    int rc = bm_method_init(r->def, r->m, r->ws, o, 0, flags, r->theta, &r->err);
    if (rc) {
        fprintf(stderr, "error: %s\n", r->err.msg);
        return rc;
    }
    bm_opt_config c;
    opt_config(o, &c);
    bm_lp_target t = {r->def, r->m, r->ws, flags, {{0}}};
    bm_opt_problem p = {.n = r->n, .fn = bm_lp_target_eval, .ctx = &t};
    bm_opt_result res;
    if (!o->quiet)
        printf("optimize (%s, %s): %d parameters on the unconstrained scale\n", o->algorithm,
               o->jacobian ? "with Jacobian: MAP" : "without Jacobian: penalised MLE", r->n);
    if (bm_optimize(&c, &p, r->theta, &res)) {
        fprintf(stderr, "error: optimization failed after %d iterations: %s%s%s\n",
                res.iterations, bm_opt_status_message(res.status), t.err.msg[0] ? "; last "
                "rejection: " : "", t.err.msg);
        return 1;
    }
    if (!o->quiet)
        printf("Optimization terminated normally after %d iterations (%d evaluations):\n  %s\n",
               res.iterations, res.evaluations, bm_opt_status_message(res.status));
    rc = write_mode(r, res.f);
    if (!rc && !o->quiet) print_estimates(r, res.f);
    if (!rc && o->laplace_draws > 0) rc = write_laplace(r);
    return rc;
}

int bm_cmd_optimize(const bm_model_def *def, const bm_options *o) {
    bm_data *data;
    bm_model *m = bm_method_setup(def, o, NULL, &data);
    if (!m) return 2;
    opt_run r = {.def = def, .m = m, .o = o};
    r.n = def->num_unconstrained(m);
    r.nout = def->num_outputs(m, BM_WRITE_TPARAMS | BM_WRITE_GQ);
    r.ws = def->ws_create(m);
    r.theta = calloc((size_t)r.n + 1, sizeof *r.theta);
    r.row = calloc((size_t)r.nout + 3, sizeof *r.row);
    bm_rng_seed(&r.gq_rng, o->seed, BM_STREAM_GQ);
    int rc = optimize_run(&r);
    free(r.theta);
    free(r.row);
    def->ws_destroy(r.ws);
    def->destroy(m);
    bm_data_free(data);
    return rc;
}
