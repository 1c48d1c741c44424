/* stdlib/bm_bessel.h — Stan's Bessel functions with partials.
 *
 * In:  an int order and a real argument (a real order for
 * log_modified_bessel_first_kind).  Out: J_n, Y_n (from <math.h>'s jn, yn),
 * I_n, log I_v and K_n, each with a `_d` twin writing the partial with
 * respect to each real argument (pointers may be NULL).
 * Never: uses globals, errno, printf or malloc, or anything CUDA device code
 * lacks (jn and yn are CUDA device functions too).
 *
 * I_v: its power series (positive terms, scaled against overflow) for
 * moderate z, the large-z asymptotic expansion for z > max(30, v^2); the
 * order derivative is carried through both (digamma sums in the series, a
 * dual number in the expansion).  K_n: the trapezoidal rule on
 * K_v(z) = integral_0^inf e^(-z cosh t) cosh(v t) dt, which converges
 * exponentially fast for this analytic, doubly-exponentially decaying
 * integrand; summed in log scale.  Domain errors give NaN.
 */
#ifndef BM_BESSEL_H
#define BM_BESSEL_H

#include "bm_special.h"

#if !defined(__CUDACC__)
/* POSIX (XSI) Bessel functions of the C library's <math.h>: declared here
 * because strict C11 (generated models compile with -std=c11) hides them. */
double jn(int, double);
double yn(int, double);
#endif

#define BM__LN_1E280 644.72382603833282

/* ---- Bessel functions of the first and second kind ---------------------- */

/* J_n(x), any int order n and real x. */
BM_FN double bm_bessel_first_kind(int n, double x) { return jn(n, x); }
/* J_n; d/dx = (J_{n-1}(x) - J_{n+1}(x)) / 2 (-J_1 for n = 0). */
BM_FN double bm_bessel_first_kind_d(int n, double x, double *dx) {
    bm__put(dx, n == 0 ? -jn(1, x) : 0.5 * (jn(n - 1, x) - jn(n + 1, x)));
    return jn(n, x);
}

/* Y_n(x) for x > 0 (NaN otherwise). */
BM_FN double bm_bessel_second_kind(int n, double x) { return x > 0 ? yn(n, x) : BM_NAN; }
/* Y_n; d/dx = (Y_{n-1}(x) - Y_{n+1}(x)) / 2 (-Y_1 for n = 0). */
BM_FN double bm_bessel_second_kind_d(int n, double x, double *dx) {
    double v = bm_bessel_second_kind(n, x);
    bm__put(dx, isnan(v) ? v : n == 0 ? -yn(1, x) : 0.5 * (yn(n - 1, x) - yn(n + 1, x)));
    return v;
}

/* ---- modified Bessel function of the first kind ------------------------- */

/* The power series I_v(z) = (z/2)^v / Gamma(v+1) sum_k c_k with c_0 = 1,
 * c_k = c_{k-1} (z/2)^2 / (k (k+v)), for v > -1, z > 0.  Returns
 * log sum_k c_k; r[0] gets sum_k c_k / (k+v+1) and r[1] sum_k c_k H_k, both
 * divided by sum_k c_k, with H_k = sum_{j=1..k} 1/(j+v) (so that
 * d/dv log c_k = -H_k).  Scaled by 1e-280 whenever the sum grows large.
 * About z/2 terms: NaN when 10^7 do not converge (z > ~10^7 with v^2 > z). */
BM__FN_OUTLINE double bm__bessel_i_series(double v, double z, double r[2]) {
    double q = 0.25 * z * z, c = 1.0, h = 0.0, s = 1.0, s1 = 1.0 / (v + 1.0), sh = 0.0;
    double lscale = 0.0;
    for (int k = 1;; k++) {
        if (k == 10000000) return r[0] = r[1] = BM_NAN;
        c *= q / (k * (k + v));
        h += 1.0 / (k + v);
        s += c;
        s1 += c / (k + v + 1.0);
        sh += c * h;
        if (s > 1e280) {
            c *= 1e-280, s *= 1e-280, s1 *= 1e-280, sh *= 1e-280;
            lscale += BM__LN_1E280;
        }
        if (c < 1e-17 * s && c * h <= 1e-17 * sh) break;
    }
    r[0] = s1 / s;
    r[1] = sh / s;
    return lscale + log(s);
}

/* The asymptotic expansion I_v(z) ~ e^z / sqrt(2 pi z) sum_k t_k with
 * t_k = -t_{k-1} (4v^2 - (2k-1)^2) / (8 k z), as a dual number in v:
 * returns log sum_k t_k and its v-derivative in *dv. */
BM_FN double bm__bessel_i_asym(double v, double z, double *dv) {
    double mu = 4.0 * v * v, dmu = 8.0 * v, t = 1.0, dt = 0.0, s = 1.0, ds = 0.0;
    for (int k = 1; k < 200; k++) {
        double o = (2.0 * k - 1.0) * (2.0 * k - 1.0), f = -1.0 / (8.0 * k * z);
        dt = f * (dt * (mu - o) + t * dmu);
        t *= f * (mu - o);
        s += t;
        ds += dt;
        if (fabs(t) < 1e-17 * fabs(s) && fabs(dt) <= 1e-17 * (fabs(ds) + fabs(s))) break;
    }
    *dv = ds / s;
    return log(s);
}

/* d/dv log I_v(z) at v = -1, z > 0, where the k = 0 term of the series
 * vanishes (1/Gamma(0) = 0) but not its derivative (2/z):
 * [2/z + sum_{k>=1} s_k (log(z/2) - digamma(k))] / I_1(z), with
 * s_k = (z/2)^(2k-1) / (k! (k-1)!) the terms of I_1. */
BM_FN double bm__bessel_i_dv_at_minus1(double z) {
    double q = 0.25 * z * z, lz = log(0.5 * z), sk = 0.5 * z, psi = -0.577215664901532860606512;
    double sum = sk, sumw = sk * (lz - psi);
    for (int k = 2; k < 100000; k++) {
        sk *= q / (k * (k - 1.0));
        psi += 1.0 / (k - 1.0);
        sum += sk;
        sumw += sk * (lz - psi);
        if (sk < 1e-17 * sum && fabs(sk * (lz - psi)) <= 1e-17 * fabs(sumw)) break;
    }
    return (2.0 / z + sumw) / sum;
}

/* log I_v(z) for v >= -1, z > 0, with d/dz log I_v in *dz and d/dv log I_v
 * in *dv (both required). */
BM_FN double bm__log_bessel_i(double v, double z, double *dz, double *dv) {
    if (v == -1.0) {
        double l = bm__log_bessel_i(1.0, z, dz, dv);
        *dv = z > 30.0 ? -*dv : bm__bessel_i_dv_at_minus1(z);
        return l;
    }
    if (z > 30.0 && z > v * v) {
        double l = bm__bessel_i_asym(v, z, dv), dv1;
        double l1 = bm__bessel_i_asym(v + 1.0, z, &dv1);
        *dz = exp(l1 - l) + v / z;  /* I_v' = I_{v+1} + (v/z) I_v */
        return z - 0.5 * log(2.0 * BM_PI * z) + l;
    }
    double r[2], lz = log(0.5 * z);
    double ls = bm__bessel_i_series(v, z, r);
    *dz = 0.5 * z * r[0] + v / z;
    *dv = lz - bm_digamma(v + 1.0) - r[1];
    return v * lz - lgamma(v + 1.0) + ls;
}

/* log I_v(z), the modified Bessel function of the first kind of real order
 * v >= -1 at z >= 0 (Stan's log_modified_bessel_first_kind). */
BM_FN double bm_log_modified_bessel_first_kind_d(double v, double z, double *dv, double *dz) {
    if (!(v >= -1 && z >= 0) || v == BM_INF || z == BM_INF) {
        double e = z == BM_INF && v >= -1 && v < BM_INF ? BM_INF : BM_NAN;
        bm__put(dv, isnan(e) ? e : 0.0);
        bm__put(dz, isnan(e) ? e : 1.0);
        return e;
    }
    if (z == 0) {  /* I_0(0) = 1; I_v(0) = 0 for v > 0 or v = -1; +inf for -1 < v < 0 */
        double l = v == 0 ? 0.0 : (v > 0 || v == -1) ? -BM_INF : BM_INF;
        bm__put(dv, -BM_INF);
        bm__put(dz, v == 0 ? 0.0 : -l);
        return l;
    }
    double ddz, ddv, l = bm__log_bessel_i(v, z, &ddz, &ddv);
    bm__put(dv, ddv);
    bm__put(dz, ddz);
    return l;
}
BM_FN double bm_log_modified_bessel_first_kind(double v, double z) {
    return bm_log_modified_bessel_first_kind_d(v, z, 0, 0);
}

/* I_n(z) for an int order n and any real z (I_{-n} = I_n,
 * I_n(-z) = (-1)^n I_n(z)). */
BM_FN double bm_modified_bessel_first_kind_d(int n, double z, double *dz) {
    int m = n < 0 ? -n : n, odd = m & 1;
    double a = fabs(z);
    if (isnan(z) || a == 0) {
        bm__put(dz, isnan(z) ? z : m == 1 ? 0.5 : 0.0);
        return isnan(z) ? z : m == 0 ? 1.0 : 0.0;
    }
    double dlz, dlv, v = a == BM_INF ? BM_INF : exp(bm__log_bessel_i(m, a, &dlz, &dlv));
    double d = a == BM_INF ? BM_INF : v * dlz;
    bm__put(dz, z < 0 && !odd ? -d : d);
    return z < 0 && odd ? -v : v;
}
BM_FN double bm_modified_bessel_first_kind(int n, double z) {
    return bm_modified_bessel_first_kind_d(n, z, 0);
}

/* ---- modified Bessel function of the second kind ------------------------ */

/* log K_v(z) for z > 0 and d/dz log K_v(z) in *dz: trapezoidal rule with
 * step h on e^z K_v(z) = integral_0^inf e^(-2 z sinh^2(t/2)) cosh(v t) dt,
 * each term in log scale against the largest so far; stops past the peak
 * once the terms (also those of the z-derivative, weighted by cosh t) are
 * below 1e-18 of their sums. */
BM__FN_OUTLINE double bm__log_bessel_k(double v, double z, double *dz) {
    v = fabs(v);
    double h = fmin(0.1, 0.4 / sqrt(z + v));  /* < half the width of the peak */
    double m = -BM_INF, s0 = 0.0, s1 = 0.0, prev = -BM_INF;
    for (int k = 0;; k++) {
        if (k == 10000000) return *dz = BM_NAN;  /* not reached for v, z below ~10^9 */
        double t = k * h, sh = sinh(0.5 * t);
        double L = -2.0 * z * sh * sh + v * t + log1p(exp(-2.0 * v * t)) - BM_LOG_2;
        if (L > m) {
            double f = exp(m - L);
            s0 *= f, s1 *= f, m = L;
        }
        double e = (k == 0 ? 0.5 : 1.0) * exp(L - m), ct = cosh(t);
        s0 += e;
        s1 += e * ct;
        if (L < prev && e * ct < 1e-18 * s1) break;
        prev = L;
    }
    *dz = -s1 / s0;
    return log(h) + m + log(s0) - z;
}

/* K_n(z), the modified Bessel function of the second kind, z > 0. */
BM_FN double bm_modified_bessel_second_kind_d(int n, double z, double *dz) {
    if (!(z > 0)) {
        bm__put(dz, BM_NAN);
        return BM_NAN;
    }
    if (z == BM_INF) {
        bm__put(dz, 0.0);
        return 0.0;
    }
    double dl, v = exp(bm__log_bessel_k((double)n, z, &dl));
    bm__put(dz, v * dl);  /* -(K_{n-1} + K_{n+1}) / 2 */
    return v;
}
BM_FN double bm_modified_bessel_second_kind(int n, double z) {
    return bm_modified_bessel_second_kind_d(n, z, 0);
}

#endif
