/* stdlib/bm_math.h — scalar math functions and their partial derivatives.
 *
 * In:  doubles.  Out: the value of a function, and for each FN_MATH entry of
 * the catalog a `_d` twin that returns the same value and writes the partial
 * derivatives through pointers (each may be NULL).  This is the one header
 * generated model code includes: it also pulls in the densities (bm_dist.h).
 * Never: uses globals, errno, printf or malloc, or any <math.h> function that
 * CUDA device code lacks — every function here must compile under nvcc.
 *
 * Domain errors give NaN (as C's <math.h> does), never a trap or abort.
 */
#ifndef BM_MATH_H
#define BM_MATH_H

#include "bm_portable.h"

/* ---- small helpers ------------------------------------------------------ */

/* Stores v through p unless p is NULL. */
BM_FN void bm__put(double *p, double v) {
    if (p) *p = v;
}

/* ---- exp, log and friends ----------------------------------------------- */

/* e^x. */
BM_FN double bm_exp(double x) { return exp(x); }
/* e^x; d/dx = e^x. */
BM_FN double bm_exp_d(double x, double *dx) {
    double v = exp(x);
    bm__put(dx, v);
    return v;
}

/* Natural log; NaN for x < 0, -inf at 0. */
BM_FN double bm_log(double x) { return log(x); }
/* log x; d/dx = 1/x. */
BM_FN double bm_log_d(double x, double *dx) {
    bm__put(dx, 1.0 / x);
    return log(x);
}

/* Square root; NaN for x < 0. */
BM_FN double bm_sqrt(double x) { return sqrt(x); }
/* sqrt x; d/dx = 1/(2 sqrt x). */
BM_FN double bm_sqrt_d(double x, double *dx) {
    double v = sqrt(x);
    bm__put(dx, 0.5 / v);
    return v;
}

/* x^2. */
BM_FN double bm_square(double x) { return x * x; }
/* x^2; d/dx = 2x. */
BM_FN double bm_square_d(double x, double *dx) {
    bm__put(dx, 2.0 * x);
    return x * x;
}

/* log(1 + x); NaN for x < -1. */
BM_FN double bm_log1p(double x) { return log1p(x); }
/* log1p x; d/dx = 1/(1+x). */
BM_FN double bm_log1p_d(double x, double *dx) {
    bm__put(dx, 1.0 / (1.0 + x));
    return log1p(x);
}

/* e^x - 1, accurate near 0. */
BM_FN double bm_expm1(double x) { return expm1(x); }
/* expm1 x; d/dx = e^x. */
BM_FN double bm_expm1_d(double x, double *dx) {
    bm__put(dx, exp(x));
    return expm1(x);
}

/* log(1 - x), accurate near 0; NaN for x > 1. */
BM_FN double bm_log1m(double x) { return log1p(-x); }
/* log1m x; d/dx = -1/(1-x). */
BM_FN double bm_log1m_d(double x, double *dx) {
    bm__put(dx, -1.0 / (1.0 - x));
    return log1p(-x);
}

/* |x|. */
BM_FN double bm_fabs(double x) { return fabs(x); }
/* |x|; d/dx = sign(x) (0 at 0, NaN at NaN). */
BM_FN double bm_fabs_d(double x, double *dx) {
    bm__put(dx, x > 0 ? 1.0 : x < 0 ? -1.0 : x == 0 ? 0.0 : x);
    return fabs(x);
}

/* 1/x. */
BM_FN double bm_inv(double x) { return 1.0 / x; }
/* 1/x; d/dx = -1/x^2. */
BM_FN double bm_inv_d(double x, double *dx) {
    double v = 1.0 / x;
    bm__put(dx, -v * v);
    return v;
}

/* 1/sqrt(x); NaN for x < 0. */
BM_FN double bm_inv_sqrt(double x) { return 1.0 / sqrt(x); }
/* 1/sqrt x; d/dx = -1/(2 x^{3/2}). */
BM_FN double bm_inv_sqrt_d(double x, double *dx) {
    double v = 1.0 / sqrt(x);
    bm__put(dx, -0.5 * v / x);
    return v;
}

/* 1/x^2. */
BM_FN double bm_inv_square(double x) { return 1.0 / (x * x); }
/* 1/x^2; d/dx = -2/x^3. */
BM_FN double bm_inv_square_d(double x, double *dx) {
    double v = 1.0 / (x * x);
    bm__put(dx, -2.0 * v / x);
    return v;
}

/* x^y (C's pow). */
BM_FN double bm_pow(double x, double y) { return pow(x, y); }
/* x^y; d/dx = y x^(y-1) (0 when y == 0), d/dy = x^y log x (0 when x == 0). */
BM_FN double bm_pow_d(double x, double y, double *dx, double *dy) {
    double v = pow(x, y);
    bm__put(dx, y == 0 ? 0.0 : y * pow(x, y - 1.0));
    bm__put(dy, x == 0 ? 0.0 : v * log(x));
    return v;
}

/* ---- logistic family ---------------------------------------------------- */

/* 1/(1+e^-x), without overflow for any x. */
BM_FN double bm_inv_logit(double x) {
    if (x >= 0) return 1.0 / (1.0 + exp(-x));
    double e = exp(x);
    return e / (1.0 + e);
}
/* inv_logit x; d/dx = p (1-p), with 1-p computed as inv_logit(-x). */
BM_FN double bm_inv_logit_d(double x, double *dx) {
    double p = bm_inv_logit(x);
    bm__put(dx, p * bm_inv_logit(-x));
    return p;
}

/* log(p/(1-p)); NaN outside [0,1]. */
BM_FN double bm_logit(double p) { return log(p) - log1p(-p); }
/* logit p; d/dp = 1/(p (1-p)). */
BM_FN double bm_logit_d(double p, double *dp) {
    bm__put(dp, 1.0 / (p * (1.0 - p)));
    return bm_logit(p);
}

/* log(inv_logit(x)) = -log(1 + e^-x), stable for large |x|. */
BM_FN double bm_log_inv_logit(double x) {
    if (x >= 0) return -log1p(exp(-x));
    return x - log1p(exp(x));
}
/* log_inv_logit x; d/dx = 1 - inv_logit(x) = inv_logit(-x). */
BM_FN double bm_log_inv_logit_d(double x, double *dx) {
    bm__put(dx, bm_inv_logit(-x));
    return bm_log_inv_logit(x);
}

/* log(1 - inv_logit(x)) = log_inv_logit(-x). */
BM_FN double bm_log1m_inv_logit(double x) { return bm_log_inv_logit(-x); }
/* log1m_inv_logit x; d/dx = -inv_logit(x). */
BM_FN double bm_log1m_inv_logit_d(double x, double *dx) {
    bm__put(dx, -bm_inv_logit(x));
    return bm_log_inv_logit(-x);
}

/* log(e^a + e^b) without overflow; -inf when both are -inf. */
BM_FN double bm_log_sum_exp(double a, double b) {
    if (a == b) return a + BM_LOG_2;  /* also both +-inf */
    double m = a > b ? a : b;
    return m + log1p(exp(-fabs(a - b)));
}
/* log_sum_exp; d/da = inv_logit(a-b), d/db = inv_logit(b-a) (1/2 each if a == b). */
BM_FN double bm_log_sum_exp_d(double a, double b, double *da, double *db) {
    double pa = a == b ? 0.5 : bm_inv_logit(a - b);
    double pb = a == b ? 0.5 : bm_inv_logit(b - a);
    bm__put(da, pa);
    bm__put(db, pb);
    return bm_log_sum_exp(a, b);
}

/* ---- gamma family ------------------------------------------------------- */

/* log|Gamma(x)| (C's lgamma); +inf at non-positive integers. */
BM_FN double bm_lgamma(double x) { return lgamma(x); }

/* digamma psi(x) = d/dx lgamma(x): recurrence up to x >= 10, then the
 * asymptotic series; reflection for x <= 0.  NaN at non-positive integers. */
BM_FN double bm_digamma(double x) {
    if (isnan(x) || x == -BM_INF) return BM_NAN;
    if (x == BM_INF) return BM_INF;
    double acc = 0.0;
    if (x <= 0) {
        if (x == floor(x)) return BM_NAN;
        /* psi(x) = psi(1-x) - pi / tan(pi x) */
        acc = -BM_PI / tan(BM_PI * x);
        x = 1.0 - x;
    }
    while (x < 10.0) {
        acc -= 1.0 / x;
        x += 1.0;
    }
    double r = 1.0 / (x * x);
    double s = r * (1.0 / 12 - r * (1.0 / 120 - r * (1.0 / 252 - r * (1.0 / 240
               - r * (1.0 / 132 - r * (691.0 / 32760 - r * (1.0 / 12)))))));
    return acc + log(x) - 0.5 / x - s;
}

/* trigamma psi'(x): recurrence up to x >= 10, then the asymptotic series;
 * reflection for x <= 0.  NaN at non-positive integers. */
BM_FN double bm_trigamma(double x) {
    if (isnan(x) || x == -BM_INF) return BM_NAN;
    if (x == BM_INF) return 0.0;
    if (x <= 0) {
        if (x == floor(x)) return BM_NAN;
        /* psi'(x) = pi^2 / sin^2(pi x) - psi'(1-x) */
        double s = sin(BM_PI * x);
        return BM_PI * BM_PI / (s * s) - bm_trigamma(1.0 - x);
    }
    double acc = 0.0;
    while (x < 10.0) {
        acc += 1.0 / (x * x);
        x += 1.0;
    }
    double r = 1.0 / (x * x);
    double s = 1.0 / 6 - r * (1.0 / 30 - r * (1.0 / 42 - r * (1.0 / 30
               - r * (5.0 / 66 - r * (691.0 / 2730 - r * (7.0 / 6))))));
    return acc + 1.0 / x + 0.5 * r + s * r / x;
}

/* lgamma x; d/dx = digamma(x). */
BM_FN double bm_lgamma_d(double x, double *dx) {
    bm__put(dx, bm_digamma(x));
    return lgamma(x);
}

/* digamma x; d/dx = trigamma(x). */
BM_FN double bm_digamma_d(double x, double *dx) {
    bm__put(dx, bm_trigamma(x));
    return bm_digamma(x);
}

/* Stirling correction lgamma(x) - [(x-1/2) log x - x + log(2 pi)/2] for
 * x >= 10 (absolute error below 1e-16 there). */
BM_FN double bm__stirling_corr(double x) {
    double r = 1.0 / (x * x);
    return (1.0 / 12 - r * (1.0 / 360 - r * (1.0 / 1260 - r * (1.0 / 1680
            - r * (1.0 / 1188 - r * (691.0 / 360360 - r * (1.0 / 156))))))) / x;
}

/* lgamma(x + h) - lgamma(x) for x > 0, h >= 0, without the cancellation of
 * the direct difference when x is large. */
BM_FN double bm__lgamma_diff(double x, double h) {
    if (x < 10.0) return lgamma(x + h) - lgamma(x);
    return (x - 0.5) * log1p(h / x) + h * log(x + h) - h
           + bm__stirling_corr(x + h) - bm__stirling_corr(x);
}

/* log B(a, b) = lgamma(a) + lgamma(b) - lgamma(a+b), a, b >= 0 (NaN for a
 * negative or NaN argument), stable when either argument is large. */
BM_FN double bm_lbeta(double a, double b) {
    if (!(a >= 0 && b >= 0)) return BM_NAN;
    double lo = a < b ? a : b, hi = a < b ? b : a;
    return lgamma(lo) - bm__lgamma_diff(hi, lo);
}

/* log of the binomial coefficient N choose n, 0 <= n <= N (exactly 0 when
 * n is 0 or N). */
BM_FN double bm_lchoose(int N, int n) {
    if (n == 0 || n == N) return 0.0;
    return -log1p((double)N) - bm_lbeta((double)(N - n) + 1.0, (double)n + 1.0);
}

#include "bm_dist.h"
#include "bm_dist_cont.h"
#include "bm_dist_disc.h"
#include "bm_cdf.h"
#include "bm_dist_rng.h"
#include "bm_math_elem.h"
#include "bm_math_spec.h"
#include "bm_bessel.h"
#include "bm_hyper.h"

#endif
