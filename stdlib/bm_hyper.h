/* stdlib/bm_hyper.h — Gauss's hypergeometric function 2F1 with partials.
 *
 * In:  real a1, a2, b1, z (Stan's hypergeometric_2F1(a1, a2, b1, z)).
 * Out: bm_hypergeometric_2F1 and its `_d` twin, which writes d/da1, d/da2,
 * d/db1 and d/dz (each pointer may be NULL).
 * Never: uses globals, errno, printf or malloc, or anything CUDA device code
 * lacks (included from bm_math.h; compiled by nvcc too).
 *
 * 2F1(a, b; c; z) = sum_k (a)_k (b)_k / (c)_k z^k / k!, (x)_k the rising
 * factorial.  Evaluated by
 *  - its power series for 0 < z < 1, with a forward recurrence for the
 *    derivative of each term in a, b and c (t'_(k+1) = t'_k r_k + t_k r'_k
 *    for t_(k+1) = t_k r_k), so no 1/(a + k) is ever formed and the terms
 *    past the end of a polynomial (a a non-positive integer, where t_k = 0)
 *    still carry their derivative in a;
 *  - for z < 0, Pfaff's transformation
 *        2F1(a, b; c; z) = (1 - z)^(-a) 2F1(a, c - b; c; z / (z - 1)),
 *    whose argument lies in (0, 1): every z < 0 (Stan's "Euler transform");
 *  - at z = 1, Gauss's theorem Gamma(c) Gamma(c-a-b) / (Gamma(c-a) Gamma(c-b))
 *    when c - a - b > 0 (partials by digamma functions);
 *  - a polynomial (a or b a non-positive integer): the finite sum, any z.
 * d/dz = a b / c 2F1(a + 1, b + 1; c + 1; z).
 * NaN (Stan rejects these): z > 1, or z = 1 with c - a - b <= 0, unless the
 * series is a polynomial; a series that meets c + k = 0 (c a non-positive
 * integer) before it ends; a series not converged after BM__H2F1_MAX_TERMS
 * terms (z within about 1e-6 of 1, or below about -1e6); a NaN or infinite
 * argument.  A partial whose own series diverges (d/da past the end of a
 * polynomial at z >= 1, where 2F1 is not a real function of a) is NaN.
 */
#ifndef BM_HYPER_H
#define BM_HYPER_H

#include "bm_math_spec.h"

#define BM__H2F1_MAX_TERMS 1000000L
#define BM__H2F1_TOL 1e-16

/* x is 0, -1, -2, ... */
BM_FN int bm__nonpos_int(double x) { return x <= 0 && x == floor(x); }

/* |term| is negligible next to |sum| (0 next to 0 is). */
BM_FN int bm__h2f1_small(double term, double sum) { return fabs(term) <= BM__H2F1_TOL * fabs(sum); }

/* The derivative series g[i] whose terms td[i] still run when the value's
 * series has ended at a pole or cannot converge: NaN. */
BM_FN void bm__h2f1_cut(double *g, const double *td) {
    for (int i = 0; i < 3; i++)
        if (td[i] != 0) g[i] = BM_NAN;
}

/* sum_k t_k, t_0 = 1, t_(k+1) = t_k r_k, r_k = (a+k)(b+k) w / ((c+k)(k+1)),
 * for w >= 0; with g (not NULL) also d/da, d/db, d/dc of the sum into
 * g[0..2].  Stops once k is a step past the last sign change of a + k and
 * b + k (a factor a + k near 0 makes one ratio tiny, not the tail) and the
 * estimated rest of every series is below BM__H2F1_TOL of its sum. */
BM_FN double bm__h2f1_series(double a, double b, double c, double w, double *g) {
    double s = 1.0, t = 1.0, sd[3] = {0, 0, 0}, td[3] = {0, 0, 0};
    double kmin = fmax(0.0, fmax(-a, -b));
    for (long k = 0; k < BM__H2F1_MAX_TERMS; k++) {
        double ak = a + k, bk = b + k, ck = c + k;
        if (ck == 0) { /* a pole of (c)_k: fatal unless the series has ended */
            if (t != 0) return BM_NAN;
            if (g) bm__h2f1_cut(sd, td);
            break;
        }
        double q = w / (ck * (k + 1.0)), r = ak * bk * q;
        if (g) {
            td[0] = td[0] * r + t * bk * q;
            td[1] = td[1] * r + t * ak * q;
            td[2] = td[2] * r - t * r / ck;
            for (int i = 0; i < 3; i++) sd[i] += td[i];
        }
        t *= r;
        s += t;
        if (!(fabs(s) < BM_INF)) return BM_NAN;
        /* the rest is below |t| / (1 - rho): the ratios tend monotonically to w */
        double rho = fmax(fabs(r), w), tail = rho < 1 ? 1.0 / (1.0 - rho) : BM_INF;
        int done = k >= kmin + 1 && bm__h2f1_small(t * tail, s);
        for (int i = 0; g && done && i < 3; i++) done = bm__h2f1_small(td[i] * tail, sd[i]);
        if (done) break;
        if (t == 0 && w >= 1) { /* a polynomial at w >= 1: its value is complete */
            if (g) bm__h2f1_cut(sd, td);
            break;
        }
        if (k + 1 == BM__H2F1_MAX_TERMS) {
            if (t != 0) return BM_NAN;
            if (g) bm__h2f1_cut(sd, td);
        }
    }
    for (int i = 0; g && i < 3; i++) g[i] = sd[i];
    return s;
}

/* The sign of Gamma(x) (x not a pole). */
BM_FN double bm__gamma_sign(double x) {
    return x > 0 || fmod(floor(x), 2.0) == 0 ? 1.0 : -1.0;
}

/* Gamma(x) Gamma(y) / (Gamma(u) Gamma(v)), none of them a pole; 0 when u or
 * v is a pole (1 / Gamma = 0 there). */
BM_FN double bm__gamma_ratio(double x, double y, double u, double v) {
    if (bm__nonpos_int(u) || bm__nonpos_int(v)) return 0.0;
    if (fabs(x) < 100 && fabs(y) < 100 && fabs(u) < 100 && fabs(v) < 100)
        return tgamma(x) * tgamma(y) / (tgamma(u) * tgamma(v));
    return bm__gamma_sign(x) * bm__gamma_sign(y) * bm__gamma_sign(u) * bm__gamma_sign(v) *
           exp(lgamma(x) + lgamma(y) - lgamma(u) - lgamma(v));
}

/* Gauss: 2F1(a, b; c; 1) = Gamma(c) Gamma(c-a-b) / (Gamma(c-a) Gamma(c-b))
 * for c - a - b > 0, c not a pole; 0 when c - a or c - b is a pole (whose
 * partials are then NaN).  Partials in a, b, c into g (or NULL). */
BM_FN double bm__h2f1_gauss(double a, double b, double c, double *g) {
    double ca = c - a, cb = c - b, cab = c - a - b;
    double v = bm__gamma_ratio(c, cab, ca, cb);
    if (g) {
        double pab = bm_digamma(cab), pa = bm_digamma(ca), pb = bm_digamma(cb);
        g[0] = v * (pa - pab);
        g[1] = v * (pb - pab);
        g[2] = v * (bm_digamma(c) + pab - pa - pb);
    }
    return v;
}

/* For w near 1, the connection formula (DLMF 15.8.4) with e = c - a - b:
 *   2F1(a, b; c; w) = A 2F1(a, b; 1 - e; 1 - w)
 *                   + B (1 - w)^e 2F1(c - a, c - b; 1 + e; 1 - w),
 *   A = Gamma(c) Gamma(e) / (Gamma(c-a) Gamma(c-b)),
 *   B = Gamma(c) Gamma(-e) / (Gamma(a) Gamma(b)),
 * for e not an integer and c, c - a, c - b, a, b not poles (the caller
 * checks); partials in a, b, c by the product rule into g (or NULL). */
BM_FN double bm__h2f1_near1(double a, double b, double c, double w, double *g) {
    double e = c - a - b, u = 1.0 - w, lu = log(u), P = exp(e * lu), h1[3], h2[3];
    double A = bm__gamma_ratio(c, e, c - a, c - b), B = bm__gamma_ratio(c, -e, a, b);
    double G1 = bm__h2f1_series(a, b, 1.0 - e, u, g ? h1 : NULL);
    double G2 = bm__h2f1_series(c - a, c - b, 1.0 + e, u, g ? h2 : NULL);
    double v = A * G1 + B * P * G2;
    if (!g) return v;
    double pe = bm_digamma(e), pne = bm_digamma(-e), pc = bm_digamma(c);
    double pca = bm_digamma(c - a), pcb = bm_digamma(c - b);
    double dA[3] = {pca - pe, pcb - pe, pc + pe - pca - pcb};           /* / A */
    double dB[3] = {pne - bm_digamma(a), pne - bm_digamma(b), pc - pne}; /* / B */
    double dG1[3] = {h1[0] + h1[2], h1[1] + h1[2], -h1[2]};
    double dG2[3] = {-h2[0] - h2[2], -h2[1] - h2[2], h2[0] + h2[1] + h2[2]};
    double dP[3] = {-lu, -lu, lu};                                        /* / P */
    for (int i = 0; i < 3; i++)
        g[i] = A * (dA[i] * G1 + dG1[i]) + B * P * ((dB[i] + dP[i]) * G2 + dG2[i]);
    return v;
}

/* 2F1(a, b; c; w) for 0 <= w < 1: the series, or near 1 the connection
 * formula when it applies and c - a - b is at least 0.01 from an integer
 * (closer, its two terms cancel). */
BM_FN double bm__h2f1_unit(double a, double b, double c, double w, double *g) {
    double e = c - a - b;
    int ok = w > 0.8 && fabs(e - floor(e + 0.5)) > 0.01 && !bm__nonpos_int(a) &&
             !bm__nonpos_int(b) && !bm__nonpos_int(c) && !bm__nonpos_int(c - a) &&
             !bm__nonpos_int(c - b);
    return ok ? bm__h2f1_near1(a, b, c, w, g) : bm__h2f1_series(a, b, c, w, g);
}

/* z < 0 by Pfaff's transformation in a (in b instead when only b ends a
 * polynomial, so that the transformed series still ends); partials into g. */
BM_FN double bm__h2f1_pfaff(double a, double b, double c, double z, double *g) {
    int swap = bm__nonpos_int(b) && !bm__nonpos_int(a);
    if (swap) {
        double x = a;
        a = b;
        b = x;
    }
    double l = log1p(-z), p = exp(-a * l), h[3];
    double v = p * bm__h2f1_unit(a, c - b, c, z / (z - 1.0), g ? h : NULL);
    if (g) {
        g[swap] = -l * v + p * h[0];
        g[!swap] = -p * h[1];
        g[2] = p * (h[1] + h[2]);
    }
    return v;
}

/* 2F1(a, b; c; z), with the partials in a, b, c into g (or NULL). */
BM_FN double bm__h2f1(double a, double b, double c, double z, double *g) {
    int poly = bm__nonpos_int(a) || bm__nonpos_int(b);
    double v;
    if (!isfinite(a) || !isfinite(b) || !isfinite(c) || !isfinite(z)) v = BM_NAN;
    else if (z == 0) {
        v = 1.0;
        for (int i = 0; g && i < 3; i++) g[i] = 0.0;
    } else if (z == 1 && c - a - b > 0 && !bm__nonpos_int(c)) v = bm__h2f1_gauss(a, b, c, g);
    else if (z < 0) v = bm__h2f1_pfaff(a, b, c, z, g);
    else if (z >= 1 && !poly) v = BM_NAN;
    else if (z >= 1) v = bm__h2f1_series(a, b, c, z, g);
    else v = bm__h2f1_unit(a, b, c, z, g);
    for (int i = 0; g && isnan(v) && i < 3; i++) g[i] = BM_NAN;
    return v;
}

/* Gauss's hypergeometric function 2F1(a1, a2; b1; z). */
BM_FN double bm_hypergeometric_2F1(double a1, double a2, double b1, double z) {
    return bm__h2f1(a1, a2, b1, z, NULL);
}
/* 2F1 with its partials; d/dz = a1 a2 / b1 2F1(a1 + 1, a2 + 1; b1 + 1; z). */
BM_FN double bm_hypergeometric_2F1_d(double a1, double a2, double b1, double z, double *da1,
                                     double *da2, double *db1, double *dz) {
    double g[3];
    int want = da1 || da2 || db1;
    double v = bm__h2f1(a1, a2, b1, z, want ? g : NULL);
    if (want) {
        bm__put(da1, g[0]);
        bm__put(da2, g[1]);
        bm__put(db1, g[2]);
    }
    if (dz) {
        double u = a1 * a2 == 0 ? 0.0 : a1 * a2 / b1 * bm__h2f1(a1 + 1, a2 + 1, b1 + 1, z, NULL);
        *dz = isnan(v) ? v : u;
    }
    return v;
}

#endif
