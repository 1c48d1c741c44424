/* runtime/loo.h — PSIS-LOO and WAIC from a pointwise log-likelihood matrix
 * (Vehtari, Gelman, Gabry 2017), model comparison, and `bmc loo`.
 *
 * In:  an S x N matrix ll (S draws, N observations; row-major, ll[s*N+i]),
 * or the log_lik.* columns of DIR/chain_*.csv.  Out: pointwise and summed
 * elpd_loo, p_loo, looic with standard errors sqrt(N var(pointwise)), the
 * Pareto k-hat of each observation (psis.h, r_eff = 1) and the k table with
 * the current loo package's thresholds (good: k <= min(1 - 1/log10(S),
 * 0.7); bad: up to 1; very bad: above 1); WAIC (elpd_waic, p_waic = the
 * pointwise posterior variance of ll, waic) with SEs; differences between
 * models with the SE of the paired pointwise differences (loo_compare).
 * Values agree with R's loo package (tests/runtime/test_loo.c).
 * Never: changes the files it reads.
 */
#ifndef BM_LOO_H
#define BM_LOO_H
#include "model.h"

typedef struct {
    double elpd, p, ic;           /* sums: elpd, effective parameters, -2 elpd */
    double se_elpd, se_p, se_ic;
} bm_ic_estimate;

typedef struct {
    int S, N;
    double *elpd_loo_i, *p_loo_i, *pareto_k;   /* N each */
    double *elpd_waic_i, *p_waic_i;            /* N each */
    bm_ic_estimate loo, waic;
    double k_good;                /* the good/bad threshold for this S */
    int k_counts[3];              /* good, bad, very bad */
} bm_loo_result;

/* Fills r (allocates its arrays).  Non-zero when out of memory or S < 2. */
int bm_loo_compute(const double *ll, int S, int N, bm_loo_result *r);
void bm_loo_free(bm_loo_result *r);

/* elpd_loo of a minus that of b (same N), and the SE of the difference. */
int bm_loo_diff(const bm_loo_result *a, const bm_loo_result *b, double *diff, double *se);

/* Reads the log_lik.* columns of every DIR/chain_K.csv into *ll (S x N,
 * malloc'd).  Non-zero with err: no chain files, no log_lik columns,
 * chains with different columns. */
int bm_loo_read_dir(const char *dir, double **ll, int *S, int *N, bm_error *err);

/* `bmc loo DIR [--compare DIR2 ...]` (argv[0] = "loo"): exit 0 ok, 2 usage
 * or input error. */
int bm_loo_main(int argc, char **argv);

#endif
