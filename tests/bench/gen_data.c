/* tests/bench/gen_data.c — synthetic data for the density benchmarks.
 *
 * In:  argv: DIR N K.  Out: DIR/normal.csv, student_t.csv, poisson_log.csv,
 * bernoulli_logit.csv (one column y of N rows) and multi_normal_cholesky.csv
 * (columns y.1 ... y.K, N/K rows), drawn with the runtime's generator from a
 * fixed seed, so every run times the same numbers.
 * Never: a test; the files are written at bench time and never committed.
 */
#include <stdio.h>
#include <stdlib.h>
#include "bm_math.h"
#include "rng.h"

typedef enum { G_NORMAL, G_STUDENT_T, G_POISSON_LOG, G_BERNOULLI_LOGIT } gen_kind;

/* Writes one column y of n draws of kind k to DIR/NAME.csv. */
static int write_column(const char *dir, const char *name, gen_kind k, long n, bm_rng *rng) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.csv", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) { perror(path); return 1; }
    fputs("y\n", f);
    for (long i = 0; i < n; i++) {
        switch (k) {
        case G_NORMAL: fprintf(f, "%.17g\n", bm_normal_rng(0.3, 1.2, rng)); break;
        case G_STUDENT_T: fprintf(f, "%.17g\n", bm_student_t_rng(4.0, 0.1, 0.8, rng)); break;
        case G_POISSON_LOG: fprintf(f, "%d\n", bm_poisson_log_rng(1.0, rng)); break;
        case G_BERNOULLI_LOGIT: fprintf(f, "%d\n", bm_bernoulli_logit_rng(0.4, rng)); break;
        }
    }
    return fclose(f) != 0;
}

/* n/k rows of k standard normal draws as columns y.1 ... y.k. */
static int write_vectors(const char *dir, long n, int k, bm_rng *rng) {
    char path[4096];
    snprintf(path, sizeof path, "%s/multi_normal_cholesky.csv", dir);
    FILE *f = fopen(path, "w");
    if (!f) { perror(path); return 1; }
    for (int j = 1; j <= k; j++) fprintf(f, "%sy.%d", j > 1 ? "," : "", j);
    fputc('\n', f);
    for (long i = 0; i < n / k; i++)
        for (int j = 0; j < k; j++)
            fprintf(f, "%.17g%c", bm_rng_normal(rng), j + 1 < k ? ',' : '\n');
    return fclose(f) != 0;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: gen_data DIR N K\n");
        return 2;
    }
    long n = atol(argv[2]);
    int k = atoi(argv[3]);
    bm_rng rng;
    bm_rng_seed(&rng, 20240601, 0);
    int bad = write_column(argv[1], "normal", G_NORMAL, n, &rng) |
              write_column(argv[1], "student_t", G_STUDENT_T, n, &rng) |
              write_column(argv[1], "poisson_log", G_POISSON_LOG, n, &rng) |
              write_column(argv[1], "bernoulli_logit", G_BERNOULLI_LOGIT, n, &rng) |
              write_vectors(argv[1], n, k, &rng);
    return bad;
}
