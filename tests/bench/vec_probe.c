/* tests/bench/vec_probe.c — why a density loop does not vectorise, one
 * obstacle at a time.
 *
 * In:  nothing; vectorisation.sh compiles this file (never runs it) with
 * gcc -O2 -fopt-info-vec under several flag sets.  Out: probe_N is the loop
 * of `target += normal_lpdf(y | mu, sigma)` with the first N-1 obstacles of
 * the generated code taken away, so gcc's report names the next one.  The
 * comment "PROBE N: ..." above each is the one line the script prints.
 * Never: a test, or code that models use.
 */
#include <stddef.h>
#include "bm_math.h"

/* PROBE 1: as generated: the kernel, then a rejection (early return) on NaN */
int probe_1(const double *y, long n, double mu, double sigma, double *out) {
    double lp = 0;
    for (long i = 0; i < n; i++) {
        double t = bm_normal_lpdf(y[i], mu, sigma, 0, 6u, NULL, NULL, NULL);
        if (isnan(t)) return 1;
        lp += t;
    }
    *out = lp;
    return 0;
}

/* PROBE 2: no rejection; the kernel still validates (early return of NaN) */
double probe_2(const double *y, long n, double mu, double sigma) {
    double lp = 0;
    for (long i = 0; i < n; i++) lp += bm_normal_lpdf(y[i], mu, sigma, 0, 6u, NULL, NULL, NULL);
    return lp;
}

/* PROBE 3: straight-line arithmetic with a libm call (log) on the element */
double probe_3(const double *y, long n, double mu, double sigma) {
    double lp = 0;
    for (long i = 0; i < n; i++) lp += log(sigma + y[i] * y[i]) - (y[i] - mu) / sigma;
    return lp;
}

/* PROBE 4: no call: arithmetic and the in-order sum into lp */
double probe_4(const double *y, long n, double mu, double sigma) {
    double lp = 0;
    for (long i = 0; i < n; i++) {
        double z = (y[i] - mu) / sigma;
        lp -= 0.5 * z * z;
    }
    return lp;
}

/* PROBE 5: no sum: one result per element (restrict pointers) */
void probe_5(const double *restrict y, double *restrict out, long n, double mu, double sigma) {
    for (long i = 0; i < n; i++) {
        double z = (y[i] - mu) / sigma;
        out[i] = -0.5 * z * z;
    }
}

/* PROBE 6: gradient: += into an adjoint in memory that may alias mu, sigma */
void probe_6(const double *y, long n, const double *mu, const double *sigma, double *a_mu) {
    for (long i = 0; i < n; i++) *a_mu += (y[i] - *mu) / (*sigma * *sigma);
}

/* PROBE 7: gradient with the adjoint in a local, as ad.c emits it now */
void probe_7(const double *y, long n, const double *mu, const double *sigma, double *a_mu) {
    double acc = *a_mu;
    for (long i = 0; i < n; i++) acc += (y[i] - *mu) / (*sigma * *sigma);
    *a_mu = acc;
}
