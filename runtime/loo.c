/* runtime/loo.c — PSIS-LOO, WAIC, comparison and `bmc loo` (see loo.h).
 *
 * In:  a log-likelihood matrix or Stan CSV directories.  Out: estimates,
 * tables on stdout.  Never: writes files.
 */
#include "loo.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "psis.h"
#include "stancsv.h"

/* Sum and SE sqrt(N var(x)) of n pointwise values. */
static void sum_se(const double *x, int n, double *sum, double *se) {
    double s = 0, ss = 0;
    for (int i = 0; i < n; i++) s += x[i];
    double mean = s / n;
    for (int i = 0; i < n; i++) ss += (x[i] - mean) * (x[i] - mean);
    *sum = s;
    *se = n > 1 ? sqrt(n * ss / (n - 1)) : NAN;
}

static void estimate(const double *elpd_i, const double *p_i, int N, double *scratch,
                     bm_ic_estimate *e) {
    sum_se(elpd_i, N, &e->elpd, &e->se_elpd);
    sum_se(p_i, N, &e->p, &e->se_p);
    for (int i = 0; i < N; i++) scratch[i] = -2 * elpd_i[i];
    sum_se(scratch, N, &e->ic, &e->se_ic);
}

/* Observation i: column of ll into col; PSIS-LOO and WAIC pointwise values. */
static void pointwise(const double *ll, int S, int N, int i, double *col, double *lw,
                      bm_loo_result *r) {
    double mean = 0, var = 0;
    for (int s = 0; s < S; s++) col[s] = ll[(size_t)s * N + i];
    double lpd = bm_log_sum_exp(col, S) - log((double)S);
    for (int s = 0; s < S; s++) lw[s] = -col[s];
    r->pareto_k[i] = bm_psis_smooth(lw, S, 1.0);
    double lse = bm_log_sum_exp(lw, S);
    for (int s = 0; s < S; s++) lw[s] += col[s] - lse;
    r->elpd_loo_i[i] = bm_log_sum_exp(lw, S);
    r->p_loo_i[i] = lpd - r->elpd_loo_i[i];
    for (int s = 0; s < S; s++) mean += col[s] / S;
    for (int s = 0; s < S; s++) var += (col[s] - mean) * (col[s] - mean) / (S - 1);
    r->p_waic_i[i] = var;
    r->elpd_waic_i[i] = lpd - var;
}

static void count_k(bm_loo_result *r) {
    r->k_good = fmin(1 - 1 / log10((double)r->S), 0.7);
    for (int i = 0; i < r->N; i++) {
        double k = r->pareto_k[i];
        r->k_counts[k <= r->k_good ? 0 : k <= 1 ? 1 : 2]++;
    }
}

int bm_loo_compute(const double *ll, int S, int N, bm_loo_result *r) {
    memset(r, 0, sizeof *r);
    r->S = S;
    r->N = N;
    if (S < 2 || N < 1) return 1;
    r->elpd_loo_i = calloc(N, sizeof(double));
    r->p_loo_i = calloc(N, sizeof(double));
    r->pareto_k = calloc(N, sizeof(double));
    r->elpd_waic_i = calloc(N, sizeof(double));
    r->p_waic_i = calloc(N, sizeof(double));
    double *col = malloc((size_t)S * sizeof *col), *lw = malloc((size_t)S * sizeof *lw);
    double *scratch = malloc((size_t)N * sizeof *scratch);
    int rc = !(r->elpd_loo_i && r->p_loo_i && r->pareto_k && r->elpd_waic_i && r->p_waic_i &&
               col && lw && scratch);
    for (int i = 0; !rc && i < N; i++) pointwise(ll, S, N, i, col, lw, r);
    if (!rc) {
        estimate(r->elpd_loo_i, r->p_loo_i, N, scratch, &r->loo);
        estimate(r->elpd_waic_i, r->p_waic_i, N, scratch, &r->waic);
        count_k(r);
    }
    free(col);
    free(lw);
    free(scratch);
    return rc;
}

void bm_loo_free(bm_loo_result *r) {
    free(r->elpd_loo_i);
    free(r->p_loo_i);
    free(r->pareto_k);
    free(r->elpd_waic_i);
    free(r->p_waic_i);
    memset(r, 0, sizeof *r);
}

int bm_loo_diff(const bm_loo_result *a, const bm_loo_result *b, double *diff, double *se) {
    if (a->N != b->N) return 1;
    double *d = malloc((size_t)a->N * sizeof *d);
    if (!d) return 1;
    for (int i = 0; i < a->N; i++) d[i] = a->elpd_loo_i[i] - b->elpd_loo_i[i];
    sum_se(d, a->N, diff, se);
    free(d);
    return 0;
}

/* ---- reading log_lik columns ------------------------------------------- */

static int is_log_lik(const char *name) { return !strncmp(name, "log_lik.", 8) || !strcmp(name, "log_lik"); }

/* Appends the log_lik columns of s to *ll (rows S0 .. S0 + ndraws). */
static int append_chain(const bm_stancsv *s, const char *path, double **ll, int *S, int *N,
                        bm_error *err) {
    int n = 0;
    for (int j = 0; j < s->ncols; j++) n += is_log_lik(s->names[j]);
    if (n == 0 || (*S > 0 && n != *N)) {
        snprintf(err->msg, sizeof err->msg, n ? "%s has %d log_lik columns, the first chain "
                 "had %d" : "%s has no log_lik columns (log_lik.1, ...): the model writes "
                 "pointwise log-likelihoods only for observed data in a plate", path, n, *N);
        return 1;
    }
    double *grown = realloc(*ll, ((size_t)*S + s->ndraws) * n * sizeof(double) + 1);
    if (!grown) {
        snprintf(err->msg, sizeof err->msg, "out of memory");
        return 1;
    }
    *ll = grown;
    for (int d = 0; d < s->ndraws; d++)
        for (int j = 0, i = 0; j < s->ncols; j++)
            if (is_log_lik(s->names[j]))
                grown[((size_t)*S + d) * n + i++] = s->draws[(size_t)d * s->ncols + j];
    *S += s->ndraws;
    *N = n;
    return 0;
}

int bm_loo_read_dir(const char *dir, double **ll, int *S, int *N, bm_error *err) {
    *ll = NULL;
    *S = *N = 0;
    int chain = 1;
    for (;; chain++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/chain_%d.csv", dir, chain);
        if (access(path, F_OK) != 0) break;
        bm_stancsv s;
        if (bm_stancsv_read(path, &s, err)) return 1;
        int bad = append_chain(&s, path, ll, S, N, err);
        bm_stancsv_free(&s);
        if (bad) return 1;
    }
    if (chain == 1) {
        snprintf(err->msg, sizeof err->msg, "no %s/chain_1.csv: expected the output directory "
                 "of a `sample` run", dir);
        return 1;
    }
    if (*S < 2) {
        snprintf(err->msg, sizeof err->msg, "%s: at least 2 draws are needed", dir);
        return 1;
    }
    return 0;
}

/* ---- printing ----------------------------------------------------------- */

static void print_estimates(const bm_ic_estimate *e, const char *elpd, const char *p,
                            const char *ic) {
    printf("%-10s %10.1f %7.1f\n", elpd, e->elpd, e->se_elpd);
    printf("%-10s %10.1f %7.1f\n", p, e->p, e->se_p);
    printf("%-10s %10.1f %7.1f\n", ic, e->ic, e->se_ic);
}

static void print_k_table(const bm_loo_result *r) {
    static const char *const LABEL[3] = {"(good)", "(bad)", "(very bad)"};
    char range[3][32];
    snprintf(range[0], sizeof range[0], "(-Inf, %.2g]", r->k_good);
    snprintf(range[1], sizeof range[1], "(%.2g, 1]", r->k_good);
    snprintf(range[2], sizeof range[2], "(1, Inf)");
    printf("\nPareto k diagnostic values:\n%26s %6s %6s\n", "", "Count", "Pct.");
    for (int c = 0; c < 3; c++)
        printf("%14s %-11s %6d %5.1f%%\n", range[c], LABEL[c], r->k_counts[c],
               100.0 * r->k_counts[c] / r->N);
    if (r->k_counts[1] + r->k_counts[2] == 0) {
        printf("All Pareto k estimates are good (k <= %.2g).\n", r->k_good);
        return;
    }
    printf("Some observations have k > %.2g: their leave-one-out estimate is unreliable, "
           "because leaving them out changes the posterior a lot (an outlier, or a very "
           "flexible model).  Refit without those observations (exact LOO) or use K-fold "
           "cross-validation for them; a model that accounts for the outliers (e.g. "
           "student_t instead of normal) may also help.\n", r->k_good);
}

static void print_one(const char *dir, const bm_loo_result *r) {
    printf("%s: computed from %d by %d log-likelihood matrix (columns log_lik.*)\n\n", dir,
           r->S, r->N);
    printf("%-10s %10s %7s\n", "", "Estimate", "SE");
    print_estimates(&r->loo, "elpd_loo", "p_loo", "looic");
    print_k_table(r);
    printf("\nWAIC:\n%-10s %10s %7s\n", "", "Estimate", "SE");
    print_estimates(&r->waic, "elpd_waic", "p_waic", "waic");
    int high_var = 0;
    for (int i = 0; i < r->N; i++) high_var += r->p_waic_i[i] > 0.4;
    if (high_var)
        printf("%d of %d observations have p_waic > 0.4: WAIC is unreliable here; prefer "
               "PSIS-LOO.\n", high_var, r->N);
}

static int cmp_by_elpd(const void *a, const void *b, void *res) {
    const bm_loo_result *r = res;
    double x = r[*(const int *)a].loo.elpd, y = r[*(const int *)b].loo.elpd;
    return (y > x) - (y < x);
}

/* loo_compare: models ranked by elpd_loo, differences to the best. */
static int print_compare(char **dirs, const bm_loo_result *r, int k) {
    int order[64];
    for (int i = 0; i < k; i++) {
        order[i] = i;
        if (r[i].N == r[0].N) continue;
        fprintf(stderr, "error: %s has %d observations, %s has %d: models must be compared "
                        "on the same data\n", dirs[i], r[i].N, dirs[0], r[0].N);
        return 2;
    }
    qsort_r(order, (size_t)k, sizeof *order, cmp_by_elpd, (void *)r);
    printf("\nModel comparison (best first; elpd_diff = elpd_loo - that of the best model):\n");
    printf("%-30s %10s %8s %10s %8s %8s %10s\n", "model", "elpd_diff", "se_diff", "elpd_loo",
           "se_elpd", "p_loo", "looic");
    const bm_loo_result *best = &r[order[0]];
    for (int j = 0; j < k; j++) {
        const bm_loo_result *m = &r[order[j]];
        double diff = 0, se = 0;
        if (bm_loo_diff(m, best, &diff, &se)) {
            fprintf(stderr, "error: out of memory\n");
            return 2;
        }
        printf("%-30s %10.1f %8.1f %10.1f %8.1f %8.1f %10.1f\n", dirs[order[j]], diff,
               j ? se : 0.0, m->loo.elpd, m->loo.se_elpd, m->loo.p, m->loo.ic);
    }
    printf("A difference smaller than about 2 of its standard errors (or below 4 in "
           "absolute value) is not a clear preference.\n");
    return 0;
}

static int usage(void) {
    fprintf(stderr, "usage: bmc loo DIR [--compare DIR2 ...]\n"
                    "  PSIS-LOO and WAIC from the log_lik.* columns of DIR/chain_*.csv;\n"
                    "  with --compare, ranks the models by elpd_loo\n");
    return 2;
}

int bm_loo_main(int argc, char **argv) {
    char *dirs[64];
    int k = 0, rc = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) return usage() & 0;
        if (!strcmp(argv[i], "--compare")) continue;
        if (argv[i][0] == '-' || k == 64) return usage();
        dirs[k++] = argv[i];
    }
    if (k == 0) return usage();
    bm_loo_result *res = calloc((size_t)k, sizeof *res);
    for (int j = 0; j < k && !rc; j++) {
        double *ll;
        int S, N;
        bm_error err = {{0}};
        if (bm_loo_read_dir(dirs[j], &ll, &S, &N, &err)) {
            fprintf(stderr, "error: %s\n", err.msg);
            rc = 2;
        } else if (bm_loo_compute(ll, S, N, &res[j])) {
            fprintf(stderr, "error: out of memory\n");
            rc = 2;
        }
        free(ll);
        if (!rc) print_one(dirs[j], &res[j]);
        if (!rc && j + 1 < k) printf("\n");
    }
    if (!rc && k > 1) rc = print_compare(dirs, res, k);
    for (int j = 0; j < k; j++) bm_loo_free(&res[j]);
    free(res);
    return rc;
}
