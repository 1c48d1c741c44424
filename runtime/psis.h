/* runtime/psis.h — Pareto smoothed importance sampling (Vehtari, Simpson,
 * Gelman, Yao, Gabry 2024), shared by PSIS-LOO (loo.c) and Pathfinder's
 * importance resampling.
 *
 * In:  S log importance ratios.  Out: smoothed log weights (the largest
 * M = ceil(min(0.2 S, 3 sqrt(S / r_eff))) ratios replaced by the expected
 * order statistics of a generalized Pareto fit, then truncated at the
 * largest raw ratio) and the fit's shape k-hat; the GPD fit is Zhang &
 * Stephens (2009) with the weakly informative prior of R's loo package
 * (k shrunk towards 0.5 with weight 10 / (M + 10)).
 * Never: prints or keeps state.
 */
#ifndef BM_PSIS_H
#define BM_PSIS_H

/* Generalized Pareto fit to the n ascending-sorted exceedances x. */
void bm_gpd_fit(const double *x, int n, double *k, double *sigma);

/* Smooths log_w[0..S) in place (same shift as the input: the smallest
 * weights are unchanged) and returns k-hat; INFINITY when the tail is too
 * short (M < 5) or flat, or memory ran out (weights then only truncated). */
double bm_psis_smooth(double *log_w, int S, double r_eff);

/* log(sum exp(x)) of n values. */
double bm_log_sum_exp(const double *x, int n);

#endif
