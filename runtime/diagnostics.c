/* runtime/diagnostics.c — R-hat, ESS, MCSE and quantiles of MCMC draws.
 *
 * In:  draws of one quantity, [chain][iter].  Out: the diagnostics of
 * Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021), computed the way
 * the R package posterior (1.x) computes them: split chains (odd n drops
 * the middle draw), rank normalization z = qnorm((r - 3/8) / (S + 1/4))
 * with average ranks for ties, autocovariances by FFT, Geyer's initial
 * monotone sequence, tau capped below at 1 / log10(S) (so ESS <= S log10 S).
 * Never: modifies its input or keeps state between calls.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "diagnostics.h"

/* ---- basic statistics ------------------------------------------------------ */

double bm_mean(const double *x, long m) {
    double s = 0;
    for (long i = 0; i < m; i++) s += x[i];
    return m ? s / m : NAN;
}

double bm_sd(const double *x, long m) {
    if (m < 2) return NAN;
    double mu = bm_mean(x, m), s = 0;
    for (long i = 0; i < m; i++) s += (x[i] - mu) * (x[i] - mu);
    return sqrt(s / (m - 1));
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* R's type 7: (1 - h) x[lo] + h x[hi] at index 1 + (m - 1) p. */
double bm_quantile_sorted(const double *s, long m, double p) {
    if (m < 1) return NAN;
    double index = (m - 1) * p;
    long lo = (long)floor(index), hi = (long)ceil(index);
    double h = index - lo;
    if (hi >= m) hi = m - 1;
    return h > 0 && s[hi] != s[lo] ? (1 - h) * s[lo] + h * s[hi] : s[lo];
}

double bm_quantile(const double *x, long m, double p) {
    double *s = malloc((size_t)(m ? m : 1) * sizeof *s);
    if (!s) return NAN;
    memcpy(s, x, (size_t)m * sizeof *s);
    qsort(s, (size_t)m, sizeof *s, cmp_double);
    double q = bm_quantile_sorted(s, m, p);
    free(s);
    return q;
}

/* ---- inverse normal CDF ---------------------------------------------------- */

/* Acklam's rational approximation (relative error < 1.2e-9), refined with
 * one Halley step on erfc to full double precision. */
static double qnorm_acklam(double p) {
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                               -2.759285104469687e+02, 1.383577518672690e+02,
                               -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                               -1.556989798598866e+02, 6.680131188771972e+01,
                               -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                               -2.400758277161838e+00, -2.549732539343734e+00,
                               4.374664141464968e+00, 2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                               2.445134137142996e+00, 3.754408661907416e+00};
    const double plow = 0.02425;
    if (p < plow || p > 1 - plow) {
        double q = sqrt(-2 * log(p < plow ? p : 1 - p));
        double x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
                   ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        return p < plow ? x : -x;
    }
    double q = p - 0.5, r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
           (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

double bm_qnorm(double p) {
    if (isnan(p) || p < 0 || p > 1) return NAN;
    if (p == 0) return -INFINITY;
    if (p == 1) return INFINITY;
    if (p > 0.5) return -bm_qnorm(1 - p);  /* 1 - p is exact here; erfc keeps precision */
    double x = qnorm_acklam(p);
    for (int k = 0; k < 2; k++) {      /* Halley steps */
        double e = 0.5 * erfc(-x / sqrt(2.0)) - p;
        double u = e * sqrt(2 * M_PI) * exp(x * x / 2);
        x = x - u / (1 + x * u / 2);
    }
    return x;
}

/* ---- FFT autocovariance ---------------------------------------------------- */

/* In-place iterative radix-2 FFT of (re, im), length m a power of 2;
 * sign -1 forward, +1 inverse (unscaled). */
static void fft(double *re, double *im, long m, int sign) {
    for (long i = 1, j = 0; i < m; i++) {
        long bit = m >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j ^= bit;
        if (i < j) {
            double t = re[i]; re[i] = re[j]; re[j] = t;
            t = im[i]; im[i] = im[j]; im[j] = t;
        }
    }
    /* each twiddle factor is computed once per stage (the butterflies of a
     * stage are independent, so their order does not change a bit) */
    for (long len = 2; len <= m; len <<= 1) {
        double ang = sign * 2 * M_PI / len;
        for (long k = 0; k < len / 2; k++) {
            double wr = cos(ang * k), wi = sin(ang * k);
            for (long i = 0; i < m; i += len) {
                long a = i + k, b = a + len / 2;
                double xr = re[b] * wr - im[b] * wi, xi = re[b] * wi + im[b] * wr;
                re[b] = re[a] - xr; im[b] = im[a] - xi;
                re[a] += xr; im[a] += xi;
            }
        }
    }
}

/* acov[t] += (1/N) sum_i (x_i - mean)(x_{i+t} - mean), t < N, for one
 * chain (posterior's autocovariance; all zero when the chain is constant).
 * re, im: scratch of length m >= 2N, a power of 2. */
static void add_autocov(const double *x, long N, double *acov, double *re, double *im, long m) {
    double mu = bm_mean(x, N), ss = 0;
    for (long i = 0; i < N; i++) ss += (x[i] - mu) * (x[i] - mu);
    if (ss == 0) return;
    for (long i = 0; i < m; i++) {
        re[i] = i < N ? x[i] - mu : 0;
        im[i] = 0;
    }
    fft(re, im, m, -1);
    for (long i = 0; i < m; i++) {
        re[i] = re[i] * re[i] + im[i] * im[i];
        im[i] = 0;
    }
    fft(re, im, m, +1);
    /* re[t] / m = sum of lag-t products; normalize as posterior: by ac[0] */
    for (long t = 0; t < N; t++) acov[t] += re[t] / re[0] * ss / N;
}

/* ---- ESS and R-hat on prepared chains -------------------------------------- */

/* posterior's should_return_NA: a non-finite value, or all values equal. */
static int degenerate(const double *x, long m) {
    double lo = INFINITY, hi = -INFINITY;
    for (long i = 0; i < m; i++) {
        if (!isfinite(x[i])) return 1;
        if (x[i] < lo) lo = x[i];
        if (x[i] > hi) hi = x[i];
    }
    return !(fabs(hi - lo) >= 2.220446049250313e-16);
}

static double var_of_chain_means(const double *x, int M, long N) {
    double *means = malloc((size_t)M * sizeof *means);
    if (!means) return NAN;
    for (int c = 0; c < M; c++) means[c] = bm_mean(x + c * N, N);
    double v = M > 1 ? bm_sd(means, M) : 0;
    free(means);
    return v * v;
}

/* Mean autocovariance over chains, lags 0..N-1 (malloc'd), or NULL. */
static double *mean_autocov(const double *x, int M, long N) {
    long m = 1;
    while (m < 2 * N) m <<= 1;
    double *acov = calloc((size_t)N, sizeof *acov);
    double *re = malloc((size_t)m * sizeof *re), *im = malloc((size_t)m * sizeof *im);
    if (acov && re && im)
        for (int c = 0; c < M; c++) add_autocov(x + c * N, N, acov, re, im, m);
    free(re);
    free(im);
    if (acov)
        for (long t = 0; t < N; t++) acov[t] /= M;
    return acov;
}

/* Geyer's initial positive then monotone sequence; returns tau_hat. */
static double geyer_tau(const double *acov, long N, double mean_var, double var_plus,
                        double *rho) {
    memset(rho, 0, (size_t)N * sizeof *rho);
    long t = 0;
    double even = 1, odd = 1 - (mean_var - acov[1]) / var_plus;
    rho[0] = even;
    rho[1] = odd;
    while (t < N - 5 && !isnan(even + odd) && even + odd > 0) {
        t += 2;
        even = 1 - (mean_var - acov[t]) / var_plus;
        odd = 1 - (mean_var - acov[t + 1]) / var_plus;
        if (even + odd >= 0) {
            rho[t] = even;
            rho[t + 1] = odd;
        }
    }
    long max_t = t;
    if (even > 0) rho[max_t] = even;
    for (t = 0; t <= max_t - 4;) {
        t += 2;
        if (rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1]) {
            rho[t] = (rho[t - 2] + rho[t - 1]) / 2;
            rho[t + 1] = rho[t];
        }
    }
    double sum = 0;
    for (long k = 0; k < (max_t > 0 ? max_t : 1); k++) sum += rho[k];
    return -1 + 2 * sum + rho[max_t];
}

/* ESS of M chains of N draws each (posterior's .ess). */
double bm_ess_raw(const double *x, int M, int n) {
    long N = n;
    if (N < 3 || degenerate(x, (long)M * N)) return NAN;
    double *acov = mean_autocov(x, M, N), *rho = malloc((size_t)N * sizeof *rho);
    double ess = NAN;
    if (acov && rho) {
        double mean_var = acov[0] * N / (N - 1);
        double var_plus = mean_var * (N - 1) / N;
        if (M > 1) var_plus += var_of_chain_means(x, M, N);
        double tau = geyer_tau(acov, N, mean_var, var_plus, rho);
        double S = (double)M * N, bound = 1 / log10(S);
        ess = S / (tau < bound ? bound : tau);
    }
    free(acov);
    free(rho);
    return ess;
}

/* Split R-hat of M chains of N (posterior's .rhat). */
static double rhat_raw(const double *x, int M, long N) {
    if (degenerate(x, (long)M * N) || N < 2) return NAN;
    double *means = malloc((size_t)M * sizeof *means), w = 0;
    if (!means) return NAN;
    for (int c = 0; c < M; c++) {
        means[c] = bm_mean(x + c * N, N);
        double sd = bm_sd(x + c * N, N);
        w += sd * sd / M;
    }
    double sdm = M > 1 ? bm_sd(means, M) : 0, b = N * sdm * sdm;
    free(means);
    return sqrt((b / w + N - 1) / N);
}

/* ---- transforms: split, rank-normalize, fold, indicator ------------------- */

/* Split chains into a new [2*chains][n/2] array (malloc'd); for odd n the
 * middle draw is dropped.  n == 1 keeps the draws as they are. */
static double *split_chains(const double *x, int chains, int n, int *M, int *N) {
    int h = n == 1 ? 1 : n / 2;
    *M = n == 1 ? chains : 2 * chains;
    *N = h;
    double *s = malloc((size_t)*M * h * sizeof *s);
    if (!s) return NULL;
    for (int c = 0; c < chains; c++) {
        memcpy(s + (size_t)c * h, x + (size_t)c * n, (size_t)h * sizeof *s);
        if (n > 1)
            memcpy(s + (size_t)(chains + c) * h, x + (size_t)c * n + (n - h), (size_t)h * sizeof *s);
    }
    return s;
}

typedef struct {
    double v;
    long i;
} ranked;

static int cmp_ranked(const void *a, const void *b) {
    const ranked *x = a, *y = b;
    return (x->v > y->v) - (x->v < y->v);
}

/* In place: x[i] -> qnorm((rank_i - 3/8) / (S + 1/4)), average ranks for ties. */
static int z_scale(double *x, long S) {
    ranked *r = malloc((size_t)S * sizeof *r);
    if (!r) return 1;
    for (long i = 0; i < S; i++) r[i] = (ranked){x[i], i};
    qsort(r, (size_t)S, sizeof *r, cmp_ranked);
    for (long i = 0; i < S;) {
        long j = i;
        while (j + 1 < S && r[j + 1].v == r[i].v) j++;
        double rank = (i + j) / 2.0 + 1;   /* average of 1-based ranks i+1..j+1 */
        double z = bm_qnorm((rank - 0.375) / (S + 0.25));
        for (long k = i; k <= j; k++) x[r[k].i] = z;
        i = j + 1;
    }
    free(r);
    return 0;
}

static int has_nan(const double *x, long m) {
    for (long i = 0; i < m; i++)
        if (isnan(x[i])) return 1;
    return 0;
}

/* What to do to the split draws before the ESS / R-hat. */
typedef enum { PREP_RAW, PREP_RANK } prep_kind;

/* Splits x (already transformed by the caller when needed), optionally
 * rank-normalizes, and returns ESS (want_rhat = 0) or R-hat. */
static double on_split(const double *x, int chains, int n, prep_kind prep, int want_rhat) {
    if (chains < 1 || n < 1 || has_nan(x, (long)chains * n)) return NAN;
    int M, N;
    double *s = split_chains(x, chains, n, &M, &N);
    if (!s) return NAN;
    double r = NAN;
    if (prep == PREP_RAW || !z_scale(s, (long)M * N))
        r = want_rhat ? rhat_raw(s, M, N) : bm_ess_raw(s, M, N);
    free(s);
    return r;
}

double bm_ess_bulk(const double *x, int chains, int n) {
    return on_split(x, chains, n, PREP_RANK, 0);
}

double bm_ess_mean(const double *x, int chains, int n) {
    return on_split(x, chains, n, PREP_RAW, 0);
}

double bm_mcse_mean(const double *x, int chains, int n) {
    return bm_sd(x, (long)chains * n) / sqrt(bm_ess_mean(x, chains, n));
}

/* ESS of the indicator x <= quantile(x, p). */
static double ess_quantile(const double *x, int chains, int n, double p) {
    long m = (long)chains * n;
    if (has_nan(x, m) || degenerate(x, m)) return NAN;
    double q = bm_quantile(x, m, p), *ind = malloc((size_t)m * sizeof *ind);
    if (!ind) return NAN;
    for (long i = 0; i < m; i++) ind[i] = x[i] <= q;
    double e = on_split(ind, chains, n, PREP_RAW, 0);
    free(ind);
    return e;
}

double bm_ess_tail(const double *x, int chains, int n) {
    double a = ess_quantile(x, chains, n, 0.05), b = ess_quantile(x, chains, n, 0.95);
    if (isnan(a) || isnan(b)) return NAN;
    return a < b ? a : b;
}

double bm_rhat(const double *x, int chains, int n) {
    long m = (long)chains * n;
    if (m < 1 || has_nan(x, m)) return NAN;
    double med = bm_quantile(x, m, 0.5), *fold = malloc((size_t)m * sizeof *fold);
    if (!fold) return NAN;
    for (long i = 0; i < m; i++) fold[i] = fabs(x[i] - med);
    double bulk = on_split(x, chains, n, PREP_RANK, 1);
    double tail = on_split(fold, chains, n, PREP_RANK, 1);
    free(fold);
    if (isnan(bulk) || isnan(tail)) return NAN;
    return bulk > tail ? bulk : tail;
}
