/* stdlib/bm_special.h — special functions behind the cdfs and a few densities.
 *
 * In:  doubles.  Out: the standard normal cdf on the log scale with its
 * derivative (stable in both tails), the regularized incomplete gamma and beta
 * functions on the log scale for both tails, with derivatives with respect to
 * their shape parameters, Owen's T and the thin skew-normal tail (by
 * Gauss-Legendre quadrature), and log I0 with the ratio I1/I0 (von Mises).
 * Never: uses globals, errno or anything CUDA device code lacks.
 *
 * Shape derivatives: the series and continued fractions are evaluated in
 * forward-mode dual arithmetic (a value and two tangents), so the derivative
 * returned is the exact derivative of the truncated expansion; iteration stops
 * only when both the value and the tangents have converged.  The accuracy is
 * checked against finite differences in tests/stdlib/test_cdf.c.
 */
#ifndef BM_SPECIAL_H
#define BM_SPECIAL_H

#include "bm_math.h"

/* The iterative cores below are large: under nvcc they are kept out of line
 * (inlining them into every cdf call makes device compiles very slow). */
#if defined(__CUDACC__)
#define BM__FN_OUTLINE static __host__ __device__ __noinline__
#else
#define BM__FN_OUTLINE static inline
#endif

/* ---- dual numbers: value and derivatives along two directions ----------- */

typedef struct bm__dual { double v, a, b; } bm__dual;

BM_FN bm__dual bm__dl(double v, double a, double b) {
    bm__dual r;
    r.v = v; r.a = a; r.b = b;
    return r;
}
BM_FN bm__dual bm__dadd(bm__dual x, bm__dual y) {
    return bm__dl(x.v + y.v, x.a + y.a, x.b + y.b);
}
BM_FN bm__dual bm__dmul(bm__dual x, bm__dual y) {
    return bm__dl(x.v * y.v, x.a * y.v + x.v * y.a, x.b * y.v + x.v * y.b);
}
BM_FN bm__dual bm__ddiv(bm__dual x, bm__dual y) {
    double q = x.v / y.v;
    return bm__dl(q, (x.a - q * y.a) / y.v, (x.b - q * y.b) / y.v);
}
/* x with its value moved away from 0 (Lentz's guard), tangents kept. */
BM_FN bm__dual bm__dguard(bm__dual x) {
    if (fabs(x.v) < 1e-300) x.v = 1e-300;
    return x;
}
/* True when the Lentz factor `del` no longer changes h or its tangents. */
BM_FN int bm__dconverged(bm__dual del, bm__dual h) {
    double tol = 1e-16 * (1.0 + fabs(h.a / h.v) + fabs(h.b / h.v));
    return fabs(del.v - 1.0) < 1e-16 && fabs(del.a) + fabs(del.b) < tol;
}

/* ---- the normal cdf ----------------------------------------------------- */

/* Mills ratio (1 - Phi(x)) / phi(x) for x >= 8, Laplace's continued fraction
 * x + 1/(x + 2/(x + 3/(x + ...))) evaluated backwards from depth 60. */
BM_FN double bm__mills(double x) {
    double t = x;
    for (int k = 60; k >= 1; k--) t = x + k / t;
    return 1.0 / t;
}

/* log Phi(z), Phi the standard normal cdf, and d/dz log Phi(z) = phi/Phi in
 * *dz (may be NULL); accurate in both tails (log Phi(-40) ~ -804.6). */
BM__FN_OUTLINE double bm__log_Phi(double z, double *dz) {
    if (isnan(z)) { bm__put(dz, z); return z; }
    if (z == -BM_INF) { bm__put(dz, BM_INF); return -BM_INF; }
    if (z < -8.0) {
        double m = bm__mills(-z);
        bm__put(dz, 1.0 / m);
        return -0.5 * z * z - BM_HALF_LOG_2PI + log(m);
    }
    double logphi = -0.5 * z * z - BM_HALF_LOG_2PI;
    if (z < 0) {
        double p = 0.5 * erfc(-z * 0.70710678118654752440);
        bm__put(dz, exp(logphi) / p);
        return log(p);
    }
    double q = 0.5 * erfc(z * 0.70710678118654752440);
    bm__put(dz, exp(logphi) / (1.0 - q));
    return log1p(-q);
}

/* ---- prefactors of the incomplete gamma and beta functions -------------- */

/* a log x - x - lgamma(a), without the cancellation of its large terms when
 * a is large (Stirling's series with t = (x - a)/a). */
BM_FN double bm__gamma_lpre(double a, double x) {
    if (a < 10.0) return a * log(x) - x - lgamma(a);
    double t = (x - a) / a;
    return a * (log1p(t) - t) + 0.5 * log(a) - BM_HALF_LOG_2PI - bm__stirling_corr(a);
}

/* log x given both x and y = 1 - x (either may carry the precision). */
BM_FN double bm__log_of(double x, double y) { return x < 0.5 ? log(x) : log1p(-y); }

/* a log x + b log y - lbeta(a, b), y = 1 - x, without the cancellation of
 * its large terms when a and b are both large (Stirling's series). */
BM_FN double bm__beta_lpre(double a, double b, double x, double y) {
    if (a < 10.0 || b < 10.0)
        return a * bm__log_of(x, y) + b * bm__log_of(y, x) - bm_lbeta(a, b);
    double d = x * b - y * a;  /* x (a+b) - a */
    return a * log1p(d / a) + b * log1p(-d / b) + 0.5 * (log(a) + log(b) - log(a + b))
           - BM_HALF_LOG_2PI - bm__stirling_corr(a) - bm__stirling_corr(b)
           + bm__stirling_corr(a + b);
}

/* ---- regularized incomplete gamma --------------------------------------- */

/* Both tails of the regularized incomplete gamma function P(a, x), a > 0,
 * x >= 0: *lp = log P, *lq = log Q = log(1 - P), and their derivatives with
 * respect to a in *dlp, *dlq.  The tail that is small is computed directly:
 * the series for x < a + 1, the continued fraction for Q otherwise.
 * (dP/dx = x^(a-1) e^-x / Gamma(a).) */
BM__FN_OUTLINE void bm__inc_gamma(double a, double x, double *lp, double *lq, double *dlp,
                         double *dlq) {
    *dlp = *dlq = 0.0;
    if (x <= 0) { *lp = -BM_INF; *lq = 0.0; return; }
    if (x == BM_INF) { *lp = 0.0; *lq = -BM_INF; return; }
    double lpre = bm__gamma_lpre(a, x), dlpre = log(x) - bm_digamma(a);
    if (x < a + 1.0) {
        bm__dual ap = bm__dl(a, 1, 0), del = bm__ddiv(bm__dl(1, 0, 0), ap), sum = del;
        for (int n = 0; n < 100000; n++) {
            ap.v += 1.0;
            del = bm__dmul(del, bm__ddiv(bm__dl(x, 0, 0), ap));
            sum = bm__dadd(sum, del);
            if (del.v < 1e-17 * sum.v && fabs(del.a) < 1e-17 * fabs(sum.a)) break;
        }
        *lp = lpre + log(sum.v);
        *lq = log1p(-exp(*lp));
        *dlp = dlpre + sum.a / sum.v;
        *dlq = -exp(*lp - *lq) * *dlp;
        return;
    }
    /* Q = e^lpre * 1/(x+1-a- 1(1-a)/(x+3-a- 2(2-a)/(x+5-a- ...))), Lentz */
    bm__dual b = bm__dl(x + 1.0 - a, -1, 0), c = bm__dl(1e300, 0, 0);
    bm__dual d = bm__ddiv(bm__dl(1, 0, 0), b), h = d;
    for (int i = 1; i < 100000; i++) {
        bm__dual an = bm__dl(-i * (i - a), i, 0);
        b.v += 2.0;
        d = bm__ddiv(bm__dl(1, 0, 0), bm__dguard(bm__dadd(bm__dmul(an, d), b)));
        c = bm__dguard(bm__dadd(b, bm__ddiv(an, c)));
        bm__dual del = bm__dmul(d, c);
        h = bm__dmul(h, del);
        if (bm__dconverged(del, h)) break;
    }
    *lq = lpre + log(h.v);
    *lp = log1p(-exp(*lq));
    *dlq = dlpre + h.a / h.v;
    *dlp = -exp(*lq - *lp) * *dlq;
}

/* ---- regularized incomplete beta ---------------------------------------- */

/* The continued fraction of I_x(a, b) (Numerical Recipes' betacf form), in
 * duals along (a, b); y = 1 - x.  Converges fast for x < (a+1)/(a+b+2). */
BM__FN_OUTLINE bm__dual bm__beta_cf(double a, double b, double x) {
    bm__dual A = bm__dl(a, 1, 0), B = bm__dl(b, 0, 1), one = bm__dl(1, 0, 0);
    bm__dual qab = bm__dadd(A, B), X = bm__dl(x, 0, 0);
    bm__dual c = one;
    bm__dual d = bm__dguard(bm__dadd(one, bm__dmul(bm__dl(-x, 0, 0),
                            bm__ddiv(qab, bm__dl(a + 1, 1, 0)))));
    d = bm__ddiv(one, d);
    bm__dual h = d;
    for (int m = 1; m < 100000; m++) {
        double m2 = 2.0 * m;
        bm__dual aa = bm__ddiv(bm__dl(m * (b - m) * x, 0, m * x),
                               bm__dmul(bm__dl(a - 1 + m2, 1, 0), bm__dl(a + m2, 1, 0)));
        d = bm__ddiv(one, bm__dguard(bm__dadd(one, bm__dmul(aa, d))));
        c = bm__dguard(bm__dadd(one, bm__ddiv(aa, c)));
        h = bm__dmul(h, bm__dmul(d, c));
        bm__dual num = bm__dmul(bm__dmul(bm__dl(a + m, 1, 0), bm__dadd(qab, bm__dl(m, 0, 0))), X);
        aa = bm__ddiv(bm__dl(-num.v, -num.a, -num.b),
                      bm__dmul(bm__dl(a + m2, 1, 0), bm__dl(a + 1 + m2, 1, 0)));
        d = bm__ddiv(one, bm__dguard(bm__dadd(one, bm__dmul(aa, d))));
        c = bm__dguard(bm__dadd(one, bm__ddiv(aa, c)));
        bm__dual del = bm__dmul(d, c);
        h = bm__dmul(h, del);
        if (bm__dconverged(del, h)) break;
    }
    return h;
}

/* log I_x(a, b) computed directly (small side), x in (0, 1), y = 1 - x given
 * separately so that either may be tiny; derivatives of log I in *da, *db. */
BM__FN_OUTLINE double bm__log_ibeta_direct(double a, double b, double x, double y,
                                  double *da, double *db) {
    double psab = bm_digamma(a + b);
    double lfront = bm__beta_lpre(a, b, x, y) - log(a);
    bm__dual h = bm__beta_cf(a, b, x);
    *da = bm__log_of(x, y) - bm_digamma(a) + psab - 1.0 / a + h.a / h.v;
    *db = bm__log_of(y, x) - bm_digamma(b) + psab + h.b / h.v;
    return lfront + log(h.v);
}

/* Both tails of the regularized incomplete beta I_x(a, b), a, b > 0,
 * x in [0, 1], y = 1 - x: *li = log I, *lc = log(1 - I); g[0], g[1] get
 * d log I / da, db and g[2], g[3] get d log(1 - I) / da, db.
 * (dI/dx = x^(a-1) y^(b-1) / B(a, b).) */
BM__FN_OUTLINE void bm__inc_beta(double a, double b, double x, double y, double *li,
                        double *lc, double g[4]) {
    g[0] = g[1] = g[2] = g[3] = 0.0;
    if (x <= 0) { *li = -BM_INF; *lc = 0; return; }
    if (y <= 0) { *li = 0; *lc = -BM_INF; return; }
    if (x < (a + 1.0) / (a + b + 2.0)) {
        *li = bm__log_ibeta_direct(a, b, x, y, &g[0], &g[1]);
        *lc = log1p(-exp(*li));
        double r = -exp(*li - *lc);
        g[2] = r * g[0];
        g[3] = r * g[1];
        return;
    }
    *lc = bm__log_ibeta_direct(b, a, y, x, &g[3], &g[2]);  /* 1 - I_x(a,b) = I_y(b,a) */
    *li = log1p(-exp(*lc));
    double r = -exp(*lc - *li);
    g[0] = r * g[2];
    g[1] = r * g[3];
}

/* ---- Owen's T (skew normal cdf) ---------------------------------------- */

/* Nodes and weights of 20-point Gauss-Legendre quadrature on [-1, 1]
 * (positive half; the rule is symmetric). */
#define BM__GL20 \
    { 0.076526521133497338, 0.15275338713072598 }, { 0.22778585114164507, 0.14917298647260382 }, \
    { 0.37370608871541955, 0.14209610931838215 }, { 0.51086700195082713, 0.1316886384491765 }, \
    { 0.63605368072651502, 0.11819453196151831 }, { 0.7463319064601508, 0.10193011981724048 }, \
    { 0.83911697182221889, 0.083276741576704741 }, { 0.91223442825132595, 0.06267204833410904 }, \
    { 0.96397192727791381, 0.04060142980038705 }, { 0.99312859918509488, 0.017614007139152264 }

/* Owen's T(h, a) for |a| <= 1: e^(-h^2/2)/(2 pi) * integral_0^a
 * e^(-h^2 x^2/2) / (1 + x^2) dx, the integral by Gauss-Legendre on 4 panels
 * of [0, min(|a|, 12/|h|)] (the integrand is below e^-72 beyond). */
BM__FN_OUTLINE double bm__owens_t_small(double h, double a) {
    const double gl[10][2] = { BM__GL20 };
    double c = fabs(a), hh = 0.5 * h * h;
    if (fabs(h) * c > 12.0) c = 12.0 / fabs(h);
    double width = c / 4.0, sum = 0.0;
    for (int p = 0; p < 4; p++) {
        double mid = (p + 0.5) * width, half = 0.5 * width;
        for (int k = 0; k < 10; k++) {
            for (int sgn = -1; sgn <= 1; sgn += 2) {
                double x = mid + sgn * half * gl[k][0];
                sum += half * gl[k][1] * exp(-hh * x * x) / (1.0 + x * x);
            }
        }
    }
    double t = exp(-hh) * sum / (2.0 * BM_PI);
    return a < 0 ? -t : t;
}

/* Owen's T(h, a) = 1/(2 pi) integral_0^a e^(-h^2 (1+x^2)/2) / (1+x^2) dx;
 * |a| > 1 through T(h,a) + T(ah,1/a) = (Phi(h) Q(ah) + Phi(ah) Q(h))/2 for
 * h, a >= 0 (Q = 1 - Phi, each tail computed directly). */
BM_FN double bm__owens_t(double h, double a) {
    h = fabs(h);
    if (fabs(a) <= 1.0) return bm__owens_t_small(h, a);
    double b = fabs(a), ah = b * h;
    double ph = 0.5 * erfc(-h * 0.70710678118654752440), qh = 0.5 * erfc(h * 0.70710678118654752440);
    double pa = 0.5 * erfc(-ah * 0.70710678118654752440), qa = 0.5 * erfc(ah * 0.70710678118654752440);
    double t = 0.5 * (ph * qa + pa * qh) - bm__owens_t_small(ah, 1.0 / b);
    return a < 0 ? -t : t;
}

/* log of the thin lower tail of the skew normal, z < 0 and a >= 0, where
 * Phi(z) - 2 T(z, a) cancels: log integral_-inf^z 2 phi(x) Phi(a x) dx.  The
 * log density L is concave with slope s = L'(z) >= 1 at z, so the integrand
 * relative to its value at z is below e^(-s (z - x)); Gauss-Legendre on 4
 * panels of [z - 40/s, z] (the rest is below e^-40 of the total). */
BM__FN_OUTLINE double bm__skew_normal_log_tail(double z, double a, double s) {
    const double gl[10][2] = { BM__GL20 };
    double lz = -0.5 * z * z + bm__log_Phi(a * z, 0), width = 10.0 / s, sum = 0.0;
    for (int p = 0; p < 4; p++) {
        double mid = z - (p + 0.5) * width, half = 0.5 * width;
        for (int k = 0; k < 10; k++) {
            for (int sgn = -1; sgn <= 1; sgn += 2) {
                double x = mid + sgn * half * gl[k][0];
                sum += half * gl[k][1] * exp(-0.5 * x * x + bm__log_Phi(a * x, 0) - lz);
            }
        }
    }
    return BM_LOG_2 - BM_HALF_LOG_2PI + lz + log(sum);
}

/* ---- modified Bessel functions (von Mises) ------------------------------ */

/* log I0(k) for k >= 0, and I1(k)/I0(k) in *ratio: power series below 30,
 * the large-argument asymptotic expansions above. */
BM_FN double bm__log_i0(double k, double *ratio) {
    if (k < 30.0) {
        double q = 0.25 * k * k, t0 = 1.0, s0 = 1.0, t1 = 0.5 * k, s1 = t1;
        for (int j = 1; j < 200; j++) {
            t0 *= q / ((double)j * j);
            t1 *= q / ((double)j * (j + 1));
            s0 += t0;
            s1 += t1;
            if (t0 < 1e-17 * s0 && t1 < 1e-17 * s1) break;
        }
        bm__put(ratio, s1 / s0);
        return log(s0);
    }
    /* I_nu(k) ~ e^k / sqrt(2 pi k) sum_j (-1)^j prod_{i<=j} (4nu^2 - (2i-1)^2) / (j! (8k)^j) */
    double s0 = 1.0, s1 = 1.0, t0 = 1.0, t1 = 1.0;
    for (int j = 1; j < 30; j++) {
        double o = (2.0 * j - 1.0) * (2.0 * j - 1.0);
        t0 *= o / (j * 8.0 * k);
        t1 *= -(4.0 - o) / (j * 8.0 * k);
        s0 += t0;
        s1 += t1;
        if (fabs(t0) < 1e-17 * s0 && fabs(t1) < 1e-17 * s1) break;
    }
    bm__put(ratio, s1 / s0);
    return k - 0.5 * log(2.0 * BM_PI * k) + log(s0);
}

#endif
