/* runtime/psis.c — Pareto smoothed importance sampling (see psis.h).
 *
 * In:  log ratios.  Out: smoothed log weights and k-hat, computed as R's
 * loo package (psis(), gpdfit()) so that values agree to rounding.
 * Never: prints.
 */
#include "psis.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GPD_PRIOR 3.0
#define GPD_MIN_GRID 30
#define WIP_A 10.0

double bm_log_sum_exp(const double *x, int n) {
    double mx = -INFINITY, s = 0;
    for (int i = 0; i < n; i++) mx = fmax(mx, x[i]);
    if (!isfinite(mx)) return mx;
    for (int i = 0; i < n; i++) s += exp(x[i] - mx);
    return mx + log(s);
}

/* Profile log likelihood of theta: n (log(-theta / k) - k - 1) with
 * k = mean(log1p(-theta x)). */
static double profile_loglik(double theta, const double *x, int n) {
    double k = 0;
    for (int i = 0; i < n; i++) k += log1p(-theta * x[i]);
    k /= n;
    return n * (log(-theta / k) - k - 1);
}

void bm_gpd_fit(const double *x, int n, double *k_out, double *sigma_out) {
    int m = GPD_MIN_GRID + (int)floor(sqrt((double)n));
    double xstar = x[(int)floor(n / 4.0 + 0.5) - 1];  /* first quartile */
    double *theta = calloc((size_t)m, sizeof *theta), *l = calloc((size_t)m, sizeof *l);
    if (!theta || !l) {
        free(theta);
        free(l);
        *k_out = INFINITY;
        *sigma_out = NAN;
        return;
    }
    for (int j = 0; j < m; j++) {
        theta[j] = 1.0 / x[n - 1] + (1.0 - sqrt(m / (j + 0.5))) / GPD_PRIOR / xstar;
        l[j] = profile_loglik(theta[j], x, n);
    }
    double lse = bm_log_sum_exp(l, m), theta_hat = 0;
    for (int j = 0; j < m; j++) theta_hat += theta[j] * exp(l[j] - lse);
    double k = 0;
    for (int i = 0; i < n; i++) k += log1p(-theta_hat * x[i]);
    k /= n;
    double sigma = -k / theta_hat;
    k = k * n / (n + WIP_A) + WIP_A * 0.5 / (n + WIP_A);
    *k_out = isnan(k) ? INFINITY : k;
    *sigma_out = sigma;
    free(theta);
    free(l);
}

/* GPD quantile. */
static double qgpd(double p, double k, double sigma) {
    return sigma * expm1(-k * log1p(-p)) / k;
}

typedef struct {
    double v;
    int i;
} ranked;

static int cmp_ranked(const void *a, const void *b) {
    double x = ((const ranked *)a)->v, y = ((const ranked *)b)->v;
    return (x > y) - (x < y);
}

/* Replaces the m largest of lw (sorted in r) by GPD order statistics. */
static double smooth_tail(double *lw, const ranked *r, int S, int m) {
    const ranked *tail = r + S - m;
    if (fabs(tail[m - 1].v - tail[0].v) < 2.220446049250313e-16 / 100) return INFINITY;
    double cutoff = r[S - m - 1].v, exp_cut = exp(cutoff), k, sigma;
    double *x = malloc((size_t)m * sizeof *x);
    if (!x) return INFINITY;
    for (int j = 0; j < m; j++) x[j] = exp(tail[j].v) - exp_cut;
    bm_gpd_fit(x, m, &k, &sigma);
    if (isfinite(k) && sigma > 0)
        for (int j = 0; j < m; j++)
            lw[tail[j].i] = log(qgpd((j + 0.5) / m, k, sigma) + exp_cut);
    free(x);
    return k;
}

double bm_psis_smooth(double *log_w, int S, double r_eff) {
    double mx = -INFINITY, khat = INFINITY;
    for (int i = 0; i < S; i++) mx = fmax(mx, log_w[i]);
    for (int i = 0; i < S; i++) log_w[i] -= mx;
    int m = (int)ceil(fmin(0.2 * S, 3 * sqrt(S / r_eff)));
    ranked *r = m >= 5 && m < S ? malloc((size_t)S * sizeof *r) : NULL;
    if (r) {
        for (int i = 0; i < S; i++) r[i] = (ranked){log_w[i], i};
        qsort(r, (size_t)S, sizeof *r, cmp_ranked);
        khat = smooth_tail(log_w, r, S, m);
        free(r);
    }
    for (int i = 0; i < S; i++) log_w[i] = fmin(log_w[i], 0.0) + mx;
    return khat;
}
