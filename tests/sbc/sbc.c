/* tests/sbc/sbc.c — simulation-based calibration (Talts, Betancourt,
 * Simpson, Vehtari & Gelman 2018) of three models end to end.
 *
 * In:  argv: BINDIR (the compiled eight_schools_noncentered,
 * linear_regression and logistic_regression programs), REPLICATIONS, OUTDIR.
 * For each replication: draw the parameters from the prior, simulate data
 * from the likelihood (the predictors and the school sds are the shipped
 * ones), fit with one chain (500 warmup, 990 draws, every 10th kept: 99
 * draws), and record the rank of each true value among the 99 draws.
 * Out: OUTDIR/sbc_results.txt: per model and parameter the histogram of
 * ranks in 10 bins of 10 and the chi-square uniformity p-value (9 degrees
 * of freedom).  Exit 1 when some p-value is below 0.001.
 * Never: a unit test (it takes minutes); run by `make sbc`.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rng.h"

#define MAX_N 256
#define MAX_P 6
#define THIN 10
#define DRAWS 990
#define L (DRAWS / THIN)       /* 99 draws: ranks 0..99 */
#define BINS 10

typedef struct {
    const char *name, *data_file;      /* shipped data: predictors / sds */
    const char *params[MAX_P];
    int np;
    void (*simulate)(const double *fixed, int n, bm_rng *rng, double *truth, FILE *out);
    const char *fixed_col;             /* column of the shipped data kept fixed */
} sbc_model;

static double normal(bm_rng *r, double mu, double sd) { return mu + sd * bm_rng_normal(r); }

/* mu ~ normal(0, 5), tau ~ half-cauchy(0, 5), theta_trans ~ normal(0, 1),
 * y[j] ~ normal(mu + tau * theta_trans[j], sigma[j]). */
static void sim_eight_schools(const double *sigma, int J, bm_rng *r, double *truth, FILE *out) {
    double mu = normal(r, 0, 5);
    double tau = fabs(5 * tan(M_PI * (bm_rng_uniform(r) - 0.5)));
    double tt1 = 0;
    fprintf(out, "y,sigma\n");
    for (int j = 0; j < J; j++) {
        double tt = bm_rng_normal(r);
        if (j == 0) tt1 = tt;
        fprintf(out, "%.17g,%.17g\n", normal(r, mu + tau * tt, sigma[j]), sigma[j]);
    }
    truth[0] = mu;
    truth[1] = tau;
    truth[2] = tt1;
    truth[3] = mu + tau * tt1;
}

/* alpha, beta ~ normal(0, 10), sigma ~ exponential(1). */
static void sim_linear(const double *x, int n, bm_rng *r, double *truth, FILE *out) {
    double a = normal(r, 0, 10), b = normal(r, 0, 10), s = bm_rng_exponential(r);
    fprintf(out, "x,y\n");
    for (int i = 0; i < n; i++) fprintf(out, "%.17g,%.17g\n", x[i], normal(r, a + b * x[i], s));
    truth[0] = a;
    truth[1] = b;
    truth[2] = s;
}

/* alpha, beta ~ normal(0, 2.5), y ~ bernoulli_logit(alpha + beta x). */
static void sim_logistic(const double *x, int n, bm_rng *r, double *truth, FILE *out) {
    double a = normal(r, 0, 2.5), b = normal(r, 0, 2.5);
    fprintf(out, "x,y\n");
    for (int i = 0; i < n; i++) {
        double p = 1 / (1 + exp(-(a + b * x[i])));
        fprintf(out, "%.17g,%d\n", x[i], bm_rng_uniform(r) < p);
    }
    truth[0] = a;
    truth[1] = b;
}

static const sbc_model MODELS[] = {
    {"eight_schools_noncentered", "models/eight_schools.csv",
     {"mu", "tau", "theta_trans.1", "theta.1"}, 4, sim_eight_schools, "sigma"},
    {"linear_regression", "models/linear_regression.csv", {"alpha", "beta", "sigma"}, 3,
     sim_linear, "x"},
    {"logistic_regression", "models/logistic_regression.csv", {"alpha", "beta"}, 2,
     sim_logistic, "x"},
};

/* Reads column `col` of a small CSV with a header row; returns the count. */
static int read_column(const char *path, const char *col, double *out) {
    FILE *f = fopen(path, "r");
    char line[4096];
    int k = -1, n = 0;
    if (!f || !fgets(line, sizeof line, f)) {
        if (f) fclose(f);
        return -1;
    }
    char *tok = strtok(line, ",\r\n");
    for (int i = 0; tok; i++, tok = strtok(NULL, ",\r\n"))
        if (!strcmp(tok, col)) k = i;
    while (k >= 0 && n < MAX_N && fgets(line, sizeof line, f)) {
        tok = strtok(line, ",\r\n");
        for (int i = 0; tok && i < k; i++) tok = strtok(NULL, ",\r\n");
        if (tok) out[n++] = atof(tok);
    }
    fclose(f);
    return k < 0 ? -1 : n;
}

/* Ranks of truth[p] among the kept draws of a Stan CSV; 0 on success. */
static int ranks_from_csv(const char *path, const sbc_model *m, const double *truth,
                          int *rank) {
    FILE *f = fopen(path, "r");
    if (!f) return 1;
    static __thread char line[1 << 16];
    int col[MAX_P], row = 0, kept = 0;
    for (int p = 0; p < m->np; p++) rank[p] = 0, col[p] = -1;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n') continue;
        char *save, *tok = strtok_r(line, ",\n", &save);
        if (row++ == 0) {
            for (int i = 0; tok; i++, tok = strtok_r(NULL, ",\n", &save))
                for (int p = 0; p < m->np; p++)
                    if (!strcmp(tok, m->params[p])) col[p] = i;
            continue;
        }
        if ((row - 1) % THIN != 0) continue;
        kept++;
        for (int i = 0; tok; i++, tok = strtok_r(NULL, ",\n", &save))
            for (int p = 0; p < m->np; p++)
                if (i == col[p] && atof(tok) < truth[p]) rank[p]++;
    }
    fclose(f);
    for (int p = 0; p < m->np; p++)
        if (col[p] < 0) return 1;
    return kept == L ? 0 : 1;
}

/* One replication; 0 on success (ranks filled). */
static int replicate(const sbc_model *m, const char *bindir, const char *outdir,
                     const double *fixed, int n, int rep, int *rank) {
    bm_rng rng;
    bm_rng_seed(&rng, 20261122, (uint64_t)rep);
    double truth[MAX_P];
    char data[512], dir[512], cmd[2048], csv[600];
    snprintf(data, sizeof data, "%s/%s_%d.csv", outdir, m->name, rep);
    snprintf(dir, sizeof dir, "%s/%s_%d", outdir, m->name, rep);
    FILE *out = fopen(data, "w");
    if (!out) return 1;
    m->simulate(fixed, n, &rng, truth, out);
    fclose(out);
    snprintf(cmd, sizeof cmd,
             "%s/%s sample --data %s --chains 1 --threads 1 --warmup 500 --draws %d "
             "--seed %d --output %s --quiet >/dev/null 2>&1",
             bindir, m->name, data, DRAWS, rep + 1, dir);
    int rc = system(cmd);
    snprintf(csv, sizeof csv, "%s/chain_1.csv", dir);
    if (rc == 0) rc = ranks_from_csv(csv, m, truth, rank);
    snprintf(cmd, sizeof cmd, "rm -rf %s %s", dir, data);
    if (system(cmd)) return 1;
    return rc;
}

/* Regularised upper incomplete gamma Q(a, x) by the series of P. */
static double gamma_q(double a, double x) {
    if (x <= 0) return 1;
    double term = 1 / a, sum = term;
    for (int k = 1; k < 1000; k++) {
        term *= x / (a + k);
        sum += term;
        if (term < sum * 1e-15) break;
    }
    return 1 - exp(-x + a * log(x) - lgamma(a)) * sum;
}

static double report(FILE *f, const sbc_model *m, int p, const int *ranks, int reps) {
    int hist[BINS] = {0};
    for (int r = 0; r < reps; r++) hist[ranks[r * MAX_P + p] * BINS / (L + 1)]++;
    double expect = (double)reps / BINS, chi2 = 0;
    for (int b = 0; b < BINS; b++) chi2 += (hist[b] - expect) * (hist[b] - expect) / expect;
    double pval = gamma_q((BINS - 1) / 2.0, chi2 / 2);
    fprintf(f, "%-26s %-14s chi2 %6.2f  p = %.3f  bins:", m->name, m->params[p], chi2, pval);
    for (int b = 0; b < BINS; b++) fprintf(f, " %d", hist[b]);
    fputc('\n', f);
    return pval;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s BINDIR REPLICATIONS OUTDIR\n", argv[0]);
        return 2;
    }
    const char *bindir = argv[1], *outdir = argv[2 + 1];
    int reps = atoi(argv[2]), bad = 0;
    char path[600];
    snprintf(path, sizeof path, "%s/sbc_results.txt", outdir);
    FILE *res = fopen(path, "w");
    if (reps < BINS || !res) return 2;
    fprintf(res, "SBC: %d replications, %d draws per fit (every %dth of %d), %d bins\n",
            reps, L, THIN, DRAWS, BINS);
    for (size_t k = 0; k < sizeof MODELS / sizeof *MODELS; k++) {
        const sbc_model *m = &MODELS[k];
        double fixed[MAX_N];
        int n = read_column(m->data_file, m->fixed_col, fixed), failed = 0, ok = 0;
        int *ranks = calloc((size_t)reps * MAX_P, sizeof *ranks), *good = calloc((size_t)reps, sizeof *good);
        if (n <= 0 || !ranks || !good) return 2;
#pragma omp parallel for schedule(dynamic, 1)
        for (int r = 0; r < reps; r++) good[r] = !replicate(m, bindir, outdir, fixed, n, r, &ranks[r * MAX_P]);
        for (int r = 0; r < reps; r++) {
            if (!good[r]) { failed++; continue; }
            memmove(&ranks[ok++ * MAX_P], &ranks[r * MAX_P], MAX_P * sizeof *ranks);
        }
        if (failed) fprintf(res, "%s: %d replication(s) failed to run and were left out\n", m->name, failed);
        for (int p = 0; p < m->np; p++) bad |= report(res, m, p, ranks, ok) < 0.001;
        free(ranks);
        free(good);
    }
    fclose(res);
    snprintf(path, sizeof path, "cat %s/sbc_results.txt", outdir);
    if (system(path)) return 2;
    return bad;
}
