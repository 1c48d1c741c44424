/* runtime/diagnostics.h — convergence diagnostics and posterior summaries of draws.
 *
 * In:  draws of one quantity laid out [chain][iter] (chains contiguous):
 * x[c * n + i], `chains` chains of n iterations each.  Out: the rank-
 * normalized split R-hat, bulk and tail ESS, MCSE of the mean, quantiles,
 * as defined by Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021),
 * "Rank-normalization, folding, and localization: an improved R-hat", and
 * computed as the R package posterior does (checked against its values in
 * tests/runtime/reference/).  NAN where posterior gives NA (constant or
 * non-finite draws, fewer than 3 iterations per split chain for ESS).
 * Never: modifies x; no global state (thread-safe).
 */
#ifndef BM_DIAGNOSTICS_H
#define BM_DIAGNOSTICS_H
#include <stddef.h>

/* max(split R-hat of the rank-normalized draws, of the rank-normalized
 * folded draws |x - median|) — posterior::rhat. */
double bm_rhat(const double *x, int chains, int n);
/* ESS of the rank-normalized split chains — posterior::ess_bulk. */
double bm_ess_bulk(const double *x, int chains, int n);
/* min ESS of the indicators x <= q05 and x <= q95 — posterior::ess_tail. */
double bm_ess_tail(const double *x, int chains, int n);
/* ESS of the raw split chains — posterior::ess_mean (ess_basic). */
double bm_ess_mean(const double *x, int chains, int n);
/* sd(x) / sqrt(ess_mean) — posterior::mcse_mean. */
double bm_mcse_mean(const double *x, int chains, int n);
/* ESS of `chains` chains of n draws as given (no splitting, no ranking):
 * Geyer's initial monotone sequence on FFT autocovariances — posterior's
 * internal .ess. */
double bm_ess_raw(const double *x, int chains, int n);

/* Mean and sd (n - 1 denominator) of all m draws. */
double bm_mean(const double *x, long m);
double bm_sd(const double *x, long m);
/* Quantile of probability p of the m draws, R's type 7 (posterior::quantile2). */
double bm_quantile(const double *x, long m, double p);
/* Same on already sorted draws. */
double bm_quantile_sorted(const double *sorted, long m, double p);

/* Inverse standard normal CDF (Wichura's AS241, about 1e-16 relative). */
double bm_qnorm(double p);

#endif
