/* stdlib/bm_cdf.h — cumulative distribution functions: _cdf, _lcdf, _lccdf.
 *
 * In:  one scalar element of a cdf call: the arguments in Stan's order (ints
 * as int, reals as double), then one partial pointer per *real* argument
 * (each may be NULL):
 *     double bm_NAME_cdf  (args..., double *d_real1, ...)   P(Y <= y)
 *     double bm_NAME_lcdf (args..., double *d_real1, ...)   log P(Y <= y)
 *     double bm_NAME_lccdf(args..., double *d_real1, ...)   log P(Y > y)
 * Out: the value and its partials.  A vectorised _cdf is the product of the
 * element values (d/dx_i of the product = product / P_i * dP_i); _lcdf and
 * _lccdf are sums.  Both tails are computed from whichever side is accurate,
 * so lcdf and lccdf stay finite and right far into the tails.
 * Invalid arguments (as for the matching density) give NaN; y below (above)
 * the support gives cdf 0 (1) with partials 0.
 * Never: uses globals, errno, printf or malloc.
 */
#ifndef BM_CDF_H
#define BM_CDF_H

#include "bm_math.h"
#include "bm_special.h"
#include "bm_dist_disc.h"

/* Both tails of one cdf element: log F, log C = log(1 - F), and the
 * derivatives of each with respect to the real arguments (in order).  The
 * l/u/r/d fields are scratch of the special-function cores below. */
typedef struct bm__tails {
    double lF, lC, gF[4], gC[4];
    double lL, lU, rL, rU, dL[2], dU[2];
    int flip;  /* F is the core's upper tail U rather than its lower tail L */
} bm__tails;

BM_FN void bm__tails_init(bm__tails *t) {
    for (int i = 0; i < 4; i++) t->gF[i] = t->gC[i] = 0.0;
    t->lF = t->lC = 0.0;
}

/* An invalid argument: NaN everywhere. */
BM_FN void bm__tails_nan(bm__tails *t) { t->lF = t->lC = BM_NAN; }

/* y below (below != 0) or above the support: F = 0 or 1, partials 0. */
BM_FN void bm__tails_edge(bm__tails *t, int below) {
    bm__tails_init(t);
    t->lF = below ? -BM_INF : 0.0;
    t->lC = below ? 0.0 : -BM_INF;
}

enum { BM__CDF, BM__LCDF, BM__LCCDF };

/* The value `which` of t, with its partials written to d0..d3. */
BM_FN double bm__tails_out(const bm__tails *t, int which, double *d0, double *d1,
                           double *d2, double *d3) {
    if (isnan(t->lF) || isnan(t->lC)) return bm__fail(d0, d1, d2, d3);
    const double *g = which == BM__LCCDF ? t->gC : t->gF;
    double f = exp(t->lF), s = which == BM__CDF ? f : 1.0;
    int zero = which == BM__CDF ? f == 0.0 : which == BM__LCDF ? t->lF == -BM_INF
                                                             : t->lC == -BM_INF;
    bm__put(d0, zero ? 0.0 : s * g[0]);
    bm__put(d1, zero ? 0.0 : s * g[1]);
    bm__put(d2, zero ? 0.0 : s * g[2]);
    bm__put(d3, zero ? 0.0 : s * g[3]);
    return which == BM__CDF ? f : which == BM__LCDF ? t->lF : t->lC;
}

/* ---- cores -------------------------------------------------------------- */

/* F = G(z): sets partials of a location-scale family from hF = d log F/dz,
 * hC = d log C/dz; dz/dy given, dz/dmu = -1/sigma, dz/dsigma = -z/sigma
 * (index < 0: no such argument). */
BM_FN void bm__tails_z(bm__tails *t, double hF, double hC, int iy, double dzdy,
                       int imu, int isig, double z, double sigma) {
    if (iy >= 0) { t->gF[iy] = hF * dzdy; t->gC[iy] = hC * dzdy; }
    if (imu >= 0) { t->gF[imu] = -hF / sigma; t->gC[imu] = -hC / sigma; }
    if (isig >= 0) { t->gF[isig] = -hF * z / sigma; t->gC[isig] = -hC * z / sigma; }
}

/* Standard normal at z: log F and log C with d/dz. */
BM_FN void bm__tails_normal(bm__tails *t, double z, double *hF, double *hC) {
    bm__tails_init(t);
    t->lF = bm__log_Phi(z, hF);
    t->lC = bm__log_Phi(-z, hC);
    *hC = -*hC;
}

/* A tail of the form e^-u: C = e^-u (flip = 0) or F = e^-u (flip = 1). */
BM_FN void bm__tails_expu(bm__tails *t, double u, int flip) {
    bm__tails_init(t);
    t->flip = flip;
    t->lL = u > BM_LOG_2 ? log1p(-exp(-u)) : log(-expm1(-u));  /* log(1 - e^-u) */
    t->lU = -u;
    t->rL = 1.0 / expm1(u);   /* d log(1 - e^-u) / du */
    t->lF = flip ? t->lU : t->lL;
    t->lC = flip ? t->lL : t->lU;
}
/* Chain rule for an e^-u tail: argument i moves u by du. */
BM_FN void bm__tails_du(bm__tails *t, int i, double du) {
    double dl = t->rL * du, du_ = -du;
    t->gF[i] = t->flip ? du_ : dl;
    t->gC[i] = t->flip ? dl : du_;
}

/* Regularized incomplete gamma at (a, x): L = P(a, x), U = Q(a, x); F = L
 * unless flip.  Afterwards use bm__tails_dx / bm__tails_dshape. */
BM__FN_OUTLINE void bm__tails_gamma(bm__tails *t, double a, double x, int flip) {
    bm__tails_init(t);
    t->flip = flip;
    bm__inc_gamma(a, x, &t->lL, &t->lU, &t->dL[0], &t->dU[0]);
    double lg = bm__gamma_lpre(a, x) - log(x);  /* log dP/dx */
    t->rL = exp(lg - t->lL);
    t->rU = exp(lg - t->lU);
    t->lF = flip ? t->lU : t->lL;
    t->lC = flip ? t->lL : t->lU;
}

/* Regularized incomplete beta I_x(a, b), y = 1 - x: L = I, U = 1 - I. */
BM__FN_OUTLINE void bm__tails_beta(bm__tails *t, double a, double b, double x, double y, int flip) {
    bm__tails_init(t);
    t->flip = flip;
    double g[4];
    bm__inc_beta(a, b, x, y, &t->lL, &t->lU, g);
    t->dL[0] = g[0]; t->dL[1] = g[1]; t->dU[0] = g[2]; t->dU[1] = g[3];
    double lg = bm__beta_lpre(a, b, x, y) - bm__log_of(x, y) - bm__log_of(y, x);  /* log dI/dx */
    t->rL = exp(lg - t->lL);
    t->rU = exp(lg - t->lU);
    t->lF = flip ? t->lU : t->lL;
    t->lC = flip ? t->lL : t->lU;
}

/* Chain rule through the core's x: argument i moves x by dx. */
BM_FN void bm__tails_dx(bm__tails *t, int i, double dx) {
    double gl = t->rL * dx, gu = -t->rU * dx;
    t->gF[i] += t->flip ? gu : gl;
    t->gC[i] += t->flip ? gl : gu;
}

/* Chain rule through the core's shape k (0: a, 1: b): argument i moves it
 * by ds. */
BM_FN void bm__tails_dshape(bm__tails *t, int i, int k, double ds) {
    t->gF[i] += ds * (t->flip ? t->dU[k] : t->dL[k]);
    t->gC[i] += ds * (t->flip ? t->dL[k] : t->dU[k]);
}

/* The three public functions of a distribution from its tails function
 * bm__NAME_tails: PARAMS is the full parameter list (partial pointers
 * included), CALL the call of the tails function (ending in &t), and the
 * variadic part the four partial pointers to fill (0 for unused slots). */
#define BM__CDF3(name, PARAMS, CALL, ...)                                     \
    BM_FN double bm_##name##_cdf PARAMS {                                     \
        bm__tails t; bm__##name##_tails CALL;                                 \
        return bm__tails_out(&t, BM__CDF, __VA_ARGS__); }                     \
    BM_FN double bm_##name##_lcdf PARAMS {                                    \
        bm__tails t; bm__##name##_tails CALL;                                 \
        return bm__tails_out(&t, BM__LCDF, __VA_ARGS__); }                    \
    BM_FN double bm_##name##_lccdf PARAMS {                                   \
        bm__tails t; bm__##name##_tails CALL;                                 \
        return bm__tails_out(&t, BM__LCCDF, __VA_ARGS__); }

/* ---- continuous --------------------------------------------------------- */

/* normal(y | mu, sigma): Phi((y - mu)/sigma). */
BM__FN_OUTLINE void bm__normal_tails(double y, double mu, double sigma, bm__tails *t) {
    if (isnan(y) || !bm__loc_ok(mu) || !bm__pos_ok(sigma)) { bm__tails_nan(t); return; }
    double z = (y - mu) / sigma, hF, hC;
    bm__tails_normal(t, z, &hF, &hC);
    bm__tails_z(t, hF, hC, 0, 1.0 / sigma, 1, 2, z, sigma);
}
BM__CDF3(normal, (double y, double mu, double sigma, double *dy, double *dmu, double *dsigma),
         (y, mu, sigma, &t), dy, dmu, dsigma, 0)

/* std_normal(y): Phi(y). */
BM__FN_OUTLINE void bm__std_normal_tails(double y, bm__tails *t) {
    if (isnan(y)) { bm__tails_nan(t); return; }
    double hF, hC;
    bm__tails_normal(t, y, &hF, &hC);
    bm__tails_z(t, hF, hC, 0, 1.0, -1, -1, y, 1.0);
}
BM__CDF3(std_normal, (double y, double *dy), (y, &t), dy, 0, 0, 0)

/* lognormal(y | mu, sigma): Phi((log y - mu)/sigma); NaN for y < 0. */
BM__FN_OUTLINE void bm__lognormal_tails(double y, double mu, double sigma, bm__tails *t) {
    if (!(y >= 0) || !bm__loc_ok(mu) || !bm__pos_ok(sigma)) { bm__tails_nan(t); return; }
    if (y == 0) { bm__tails_edge(t, 1); return; }
    double z = (log(y) - mu) / sigma, hF, hC;
    bm__tails_normal(t, z, &hF, &hC);
    bm__tails_z(t, hF, hC, 0, 1.0 / (y * sigma), 1, 2, z, sigma);
}
BM__CDF3(lognormal, (double y, double mu, double sigma, double *dy, double *dmu, double *dsigma),
         (y, mu, sigma, &t), dy, dmu, dsigma, 0)

/* cauchy(y | mu, sigma): atan2(1, -z)/pi, and atan2(1, z)/pi for the upper
 * tail, each exact far into its tail. */
BM__FN_OUTLINE void bm__cauchy_tails(double y, double mu, double sigma, bm__tails *t) {
    if (isnan(y) || !bm__loc_ok(mu) || !bm__pos_ok(sigma)) { bm__tails_nan(t); return; }
    double z = (y - mu) / sigma, aF = atan2(1.0, -z), aC = atan2(1.0, z);
    bm__tails_init(t);
    /* the smaller tail directly, the larger as log1p of minus the smaller */
    t->lF = z < 0 ? log(aF / BM_PI) : log1p(-aC / BM_PI);
    t->lC = z < 0 ? log1p(-aF / BM_PI) : log(aC / BM_PI);
    double q = isinf(z) ? 0.0 : 1.0 / (1.0 + z * z);
    bm__tails_z(t, q / aF, -q / aC, 0, 1.0 / sigma, 1, 2, z, sigma);
}
BM__CDF3(cauchy, (double y, double mu, double sigma, double *dy, double *dmu, double *dsigma),
         (y, mu, sigma, &t), dy, dmu, dsigma, 0)

/* logistic(y | mu, sigma): inv_logit((y - mu)/sigma). */
BM__FN_OUTLINE void bm__logistic_tails(double y, double mu, double sigma, bm__tails *t) {
    if (isnan(y) || !bm__loc_ok(mu) || !bm__pos_ok(sigma)) { bm__tails_nan(t); return; }
    double z = (y - mu) / sigma;
    bm__tails_init(t);
    t->lF = bm_log_inv_logit(z);
    t->lC = bm_log_inv_logit(-z);
    bm__tails_z(t, bm_inv_logit(-z), -bm_inv_logit(z), 0, 1.0 / sigma, 1, 2, z, sigma);
}
BM__CDF3(logistic, (double y, double mu, double sigma, double *dy, double *dmu, double *dsigma),
         (y, mu, sigma, &t), dy, dmu, dsigma, 0)

/* double_exponential(y | mu, sigma): e^z / 2 below mu, 1 - e^-z / 2 above. */
BM__FN_OUTLINE void bm__double_exponential_tails(double y, double mu, double sigma, bm__tails *t) {
    if (isnan(y) || !bm__loc_ok(mu) || !bm__pos_ok(sigma)) { bm__tails_nan(t); return; }
    double z = (y - mu) / sigma, e = 0.5 * exp(-fabs(z)), big = log1p(-e);
    bm__tails_init(t);
    t->lF = z < 0 ? z - BM_LOG_2 : big;
    t->lC = z < 0 ? big : -z - BM_LOG_2;
    double hF = z < 0 ? 1.0 : e / (1.0 - e), hC = z < 0 ? -e / (1.0 - e) : -1.0;
    bm__tails_z(t, hF, hC, 0, 1.0 / sigma, 1, 2, z, sigma);
}
BM__CDF3(double_exponential, (double y, double mu, double sigma, double *dy, double *dmu,
                              double *dsigma), (y, mu, sigma, &t), dy, dmu, dsigma, 0)

/* gumbel(y | mu, beta): F = exp(-e^-z). */
BM__FN_OUTLINE void bm__gumbel_tails(double y, double mu, double beta, bm__tails *t) {
    if (isnan(y) || !bm__loc_ok(mu) || !bm__pos_ok(beta)) { bm__tails_nan(t); return; }
    double z = (y - mu) / beta, u = exp(-z);
    bm__tails_expu(t, u, 1);
    bm__tails_du(t, 0, -u / beta);
    bm__tails_du(t, 1, u / beta);
    bm__tails_du(t, 2, u * z / beta);
}
BM__CDF3(gumbel, (double y, double mu, double beta, double *dy, double *dmu, double *dbeta),
         (y, mu, beta, &t), dy, dmu, dbeta, 0)

/* The other tail of a distribution from one computed tail: given log T and
 * its gradient gT (4 arguments), log(1 - T) and its gradient
 * -T / (1 - T) gT (0 where T = 0, whatever gT). */
BM_FN void bm__tails_other(double lT, const double *gT, double *lO, double *gO) {
    double r = exp(lT), o = lT > -BM_LOG_2 ? log(-expm1(lT)) : log1p(-r);
    *lO = o;
    double q = r == 0.0 ? 0.0 : -exp(lT - o);
    for (int i = 0; i < 4; i++) gO[i] = q == 0.0 ? 0.0 : q * gT[i];
}

/* skew_double_exponential(y | mu, sigma, tau): below mu F = tau e^-u,
 * u = 2 (1 - tau)(mu - y) / sigma; above mu C = (1 - tau) e^-v,
 * v = 2 tau (y - mu) / sigma (the integrals of the density). */
BM__FN_OUTLINE void bm__skew_double_exponential_tails(double y, double mu, double sigma, double tau,
                                                      bm__tails *t) {
    if (isnan(y) || !bm__loc_ok(mu) || !bm__pos_ok(sigma) || !(tau >= 0 && tau <= 1)) {
        bm__tails_nan(t);
        return;
    }
    if (isinf(y)) { bm__tails_edge(t, y < 0); return; }
    double d = y - mu;
    bm__tails_init(t);
    if (d < 0) {
        double u = -2.0 * (1.0 - tau) * d / sigma, k = 2.0 * (1.0 - tau) / sigma;
        t->lF = log(tau) - u;
        t->gF[0] = k; t->gF[1] = -k; t->gF[2] = u / sigma; t->gF[3] = 1.0 / tau - 2.0 * d / sigma;
        bm__tails_other(t->lF, t->gF, &t->lC, t->gC);
    } else {
        double v = 2.0 * tau * d / sigma, k = 2.0 * tau / sigma;
        t->lC = log1p(-tau) - v;
        t->gC[0] = -k; t->gC[1] = k; t->gC[2] = v / sigma; t->gC[3] = -1.0 / (1.0 - tau) - 2.0 * d / sigma;
        bm__tails_other(t->lC, t->gC, &t->lF, t->gF);
    }
}
BM__CDF3(skew_double_exponential, (double y, double mu, double sigma, double tau, double *dy,
                                   double *dmu, double *dsigma, double *dtau),
         (y, mu, sigma, tau, &t), dy, dmu, dsigma, dtau)

/* exponential(y | beta): C = e^(-beta y); NaN for y < 0. */
BM__FN_OUTLINE void bm__exponential_tails(double y, double beta, bm__tails *t) {
    if (!(y >= 0) || !bm__pos_ok(beta)) { bm__tails_nan(t); return; }
    if (y == 0) { bm__tails_edge(t, 1); return; }
    bm__tails_expu(t, beta * y, 0);
    bm__tails_du(t, 0, beta);
    bm__tails_du(t, 1, y);
}
BM__CDF3(exponential, (double y, double beta, double *dy, double *dbeta), (y, beta, &t),
         dy, dbeta, 0, 0)

/* weibull(y | alpha, sigma): C = exp(-(y/sigma)^alpha); NaN for y < 0. */
BM__FN_OUTLINE void bm__weibull_tails(double y, double alpha, double sigma, bm__tails *t) {
    if (!(y >= 0) || !bm__pos_ok(alpha) || !bm__pos_ok(sigma)) { bm__tails_nan(t); return; }
    if (y == 0 || isinf(y)) { bm__tails_edge(t, y == 0); return; }
    double u = pow(y / sigma, alpha);
    bm__tails_expu(t, u, 0);
    bm__tails_du(t, 0, alpha * u / y);
    bm__tails_du(t, 1, u * log(y / sigma));
    bm__tails_du(t, 2, -alpha * u / sigma);
}
BM__CDF3(weibull, (double y, double alpha, double sigma, double *dy, double *dalpha,
                   double *dsigma), (y, alpha, sigma, &t), dy, dalpha, dsigma, 0)

/* frechet(y | alpha, sigma): F = exp(-(y/sigma)^-alpha); NaN for y <= 0. */
BM__FN_OUTLINE void bm__frechet_tails(double y, double alpha, double sigma, bm__tails *t) {
    if (!(y > 0) || !bm__pos_ok(alpha) || !bm__pos_ok(sigma)) { bm__tails_nan(t); return; }
    if (isinf(y)) { bm__tails_edge(t, 0); return; }
    double u = pow(y / sigma, -alpha);
    bm__tails_expu(t, u, 1);
    bm__tails_du(t, 0, -alpha * u / y);
    bm__tails_du(t, 1, -u * log(y / sigma));
    bm__tails_du(t, 2, alpha * u / sigma);
}
BM__CDF3(frechet, (double y, double alpha, double sigma, double *dy, double *dalpha,
                   double *dsigma), (y, alpha, sigma, &t), dy, dalpha, dsigma, 0)

/* loglogistic(y | alpha, beta): F = 1 / (1 + (y/alpha)^-beta) = inv_logit(z),
 * z = beta log(y/alpha).  NaN for y < 0 or NaN (Stan's check_nonnegative),
 * alpha or beta <= 0 or not finite.  Stan has only loglogistic_cdf; the
 * _lcdf and _lccdf are its logs. */
BM__FN_OUTLINE void bm__loglogistic_tails(double y, double alpha, double beta, bm__tails *t) {
    if (!(y >= 0) || !bm__pos_ok(alpha) || !bm__pos_ok(beta)) { bm__tails_nan(t); return; }
    if (y == 0 || isinf(y)) { bm__tails_edge(t, y == 0); return; }
    double r = log(y) - log(alpha), z = beta * r, hF = bm_inv_logit(-z), hC = -bm_inv_logit(z);
    bm__tails_init(t);
    t->lF = bm_log_inv_logit(z);
    t->lC = bm_log_inv_logit(-z);
    double dz[3] = { beta / y, -beta / alpha, r };
    for (int i = 0; i < 3; i++) {
        t->gF[i] = hF * dz[i];
        t->gC[i] = hC * dz[i];
    }
}
BM__CDF3(loglogistic, (double y, double alpha, double beta, double *dy, double *dalpha,
                       double *dbeta), (y, alpha, beta, &t), dy, dalpha, dbeta, 0)

/* rayleigh(y | sigma): C = exp(-y^2 / (2 sigma^2)); NaN for y < 0. */
BM__FN_OUTLINE void bm__rayleigh_tails(double y, double sigma, bm__tails *t) {
    if (!(y >= 0) || !bm__pos_ok(sigma)) { bm__tails_nan(t); return; }
    if (y == 0 || isinf(y)) { bm__tails_edge(t, y == 0); return; }
    double r = y / sigma;
    bm__tails_expu(t, 0.5 * r * r, 0);
    bm__tails_du(t, 0, r / sigma);
    bm__tails_du(t, 1, -r * r / sigma);
}
BM__CDF3(rayleigh, (double y, double sigma, double *dy, double *dsigma), (y, sigma, &t),
         dy, dsigma, 0, 0)

/* pareto(y | y_min, alpha): C = (y_min / y)^alpha above y_min. */
BM__FN_OUTLINE void bm__pareto_tails(double y, double ymin, double alpha, bm__tails *t) {
    if (isnan(y) || !bm__pos_ok(ymin) || !bm__pos_ok(alpha)) { bm__tails_nan(t); return; }
    if (y <= ymin || isinf(y)) { bm__tails_edge(t, y <= ymin); return; }
    bm__tails_expu(t, alpha * log(y / ymin), 0);
    bm__tails_du(t, 0, alpha / y);
    bm__tails_du(t, 1, -alpha / ymin);
    bm__tails_du(t, 2, log(y / ymin));
}
BM__CDF3(pareto, (double y, double ymin, double alpha, double *dy, double *dymin,
                  double *dalpha), (y, ymin, alpha, &t), dy, dymin, dalpha, 0)

/* pareto_type_2(y | mu, lambda, alpha): C = (1 + (y - mu)/lambda)^-alpha;
 * NaN for y < mu. */
BM__FN_OUTLINE void bm__pareto_type_2_tails(double y, double mu, double lambda, double alpha,
                                   bm__tails *t) {
    if (!(y >= mu) || !bm__loc_ok(mu) || !bm__pos_ok(lambda) || !bm__pos_ok(alpha)) {
        bm__tails_nan(t);
        return;
    }
    if (y == mu || isinf(y)) { bm__tails_edge(t, y == mu); return; }
    double d = y - mu, den = lambda + d, l1 = log1p(d / lambda);
    bm__tails_expu(t, alpha * l1, 0);
    bm__tails_du(t, 0, alpha / den);
    bm__tails_du(t, 1, -alpha / den);
    bm__tails_du(t, 2, -alpha * d / (lambda * den));
    bm__tails_du(t, 3, l1);
}
BM__CDF3(pareto_type_2, (double y, double mu, double lambda, double alpha, double *dy,
                         double *dmu, double *dlambda, double *dalpha),
         (y, mu, lambda, alpha, &t), dy, dmu, dlambda, dalpha)

/* uniform(y | alpha, beta): (y - alpha) / (beta - alpha) on [alpha, beta]. */
BM__FN_OUTLINE void bm__uniform_tails(double y, double alpha, double beta, bm__tails *t) {
    if (isnan(y) || !isfinite(alpha) || !isfinite(beta) || !(beta > alpha)) {
        bm__tails_nan(t);
        return;
    }
    if (y <= alpha || y >= beta) { bm__tails_edge(t, y <= alpha); return; }
    double w = beta - alpha, a = y - alpha, b = beta - y;
    bm__tails_init(t);
    t->lF = log(a / w);
    t->lC = log(b / w);
    t->gF[0] = 1.0 / a; t->gF[1] = 1.0 / w - 1.0 / a; t->gF[2] = -1.0 / w;
    t->gC[0] = -1.0 / b; t->gC[1] = 1.0 / w; t->gC[2] = 1.0 / b - 1.0 / w;
}
BM__CDF3(uniform, (double y, double alpha, double beta, double *dy, double *dalpha,
                   double *dbeta), (y, alpha, beta, &t), dy, dalpha, dbeta, 0)

/* gamma(y | alpha, beta): P(alpha, beta y); NaN for y < 0. */
BM__FN_OUTLINE void bm__gamma_tails(double y, double alpha, double beta, bm__tails *t) {
    if (!(y >= 0) || !bm__pos_ok(alpha) || !bm__pos_ok(beta)) { bm__tails_nan(t); return; }
    if (y == 0 || isinf(y)) { bm__tails_edge(t, y == 0); return; }
    bm__tails_gamma(t, alpha, beta * y, 0);
    bm__tails_dx(t, 0, beta);
    bm__tails_dshape(t, 1, 0, 1.0);
    bm__tails_dx(t, 2, y);
}
BM__CDF3(gamma, (double y, double alpha, double beta, double *dy, double *dalpha,
                 double *dbeta), (y, alpha, beta, &t), dy, dalpha, dbeta, 0)

/* chi_square(y | nu): P(nu/2, y/2); NaN for y < 0. */
BM__FN_OUTLINE void bm__chi_square_tails(double y, double nu, bm__tails *t) {
    if (!(y >= 0) || !bm__pos_ok(nu)) { bm__tails_nan(t); return; }
    if (y == 0 || isinf(y)) { bm__tails_edge(t, y == 0); return; }
    bm__tails_gamma(t, 0.5 * nu, 0.5 * y, 0);
    bm__tails_dx(t, 0, 0.5);
    bm__tails_dshape(t, 1, 0, 0.5);
}
BM__CDF3(chi_square, (double y, double nu, double *dy, double *dnu), (y, nu, &t),
         dy, dnu, 0, 0)

/* inv_gamma(y | alpha, beta): Q(alpha, beta / y). */
BM__FN_OUTLINE void bm__inv_gamma_tails(double y, double alpha, double beta, bm__tails *t) {
    if (isnan(y) || !bm__pos_ok(alpha) || !bm__pos_ok(beta)) { bm__tails_nan(t); return; }
    if (y <= 0 || isinf(y)) { bm__tails_edge(t, y <= 0); return; }
    double x = beta / y;
    bm__tails_gamma(t, alpha, x, 1);
    bm__tails_dx(t, 0, -x / y);
    bm__tails_dshape(t, 1, 0, 1.0);
    bm__tails_dx(t, 2, 1.0 / y);
}
BM__CDF3(inv_gamma, (double y, double alpha, double beta, double *dy, double *dalpha,
                     double *dbeta), (y, alpha, beta, &t), dy, dalpha, dbeta, 0)

/* inv_chi_square(y | nu): Q(nu/2, 1/(2y)). */
BM__FN_OUTLINE void bm__inv_chi_square_tails(double y, double nu, bm__tails *t) {
    if (isnan(y) || !bm__pos_ok(nu)) { bm__tails_nan(t); return; }
    if (y <= 0 || isinf(y)) { bm__tails_edge(t, y <= 0); return; }
    double x = 0.5 / y;
    bm__tails_gamma(t, 0.5 * nu, x, 1);
    bm__tails_dx(t, 0, -x / y);
    bm__tails_dshape(t, 1, 0, 0.5);
}
BM__CDF3(inv_chi_square, (double y, double nu, double *dy, double *dnu), (y, nu, &t),
         dy, dnu, 0, 0)

/* scaled_inv_chi_square(y | nu, s): Q(nu/2, nu s^2 / (2y)). */
BM__FN_OUTLINE void bm__scaled_inv_chi_square_tails(double y, double nu, double s, bm__tails *t) {
    if (isnan(y) || !bm__pos_ok(nu) || !bm__pos_ok(s)) { bm__tails_nan(t); return; }
    if (y <= 0 || isinf(y)) { bm__tails_edge(t, y <= 0); return; }
    double x = 0.5 * nu * s * s / y;
    bm__tails_gamma(t, 0.5 * nu, x, 1);
    bm__tails_dx(t, 0, -x / y);
    bm__tails_dshape(t, 1, 0, 0.5);
    bm__tails_dx(t, 1, x / nu);
    bm__tails_dx(t, 2, 2.0 * x / s);
}
BM__CDF3(scaled_inv_chi_square, (double y, double nu, double s, double *dy, double *dnu,
                                 double *ds), (y, nu, s, &t), dy, dnu, ds, 0)

/* beta(y | a, b): I_y(a, b); NaN for y outside [0, 1]. */
BM__FN_OUTLINE void bm__beta_tails(double y, double a, double b, bm__tails *t) {
    if (!(y >= 0 && y <= 1) || !bm__pos_ok(a) || !bm__pos_ok(b)) { bm__tails_nan(t); return; }
    if (y == 0 || y == 1) { bm__tails_edge(t, y == 0); return; }
    bm__tails_beta(t, a, b, y, 1.0 - y, 0);
    bm__tails_dx(t, 0, 1.0);
    bm__tails_dshape(t, 1, 0, 1.0);
    bm__tails_dshape(t, 2, 1, 1.0);
}
BM__CDF3(beta, (double y, double a, double b, double *dy, double *da, double *db),
         (y, a, b, &t), dy, da, db, 0)

/* beta_proportion(y | mu, kappa): I_y(mu kappa, (1 - mu) kappa). */
BM__FN_OUTLINE void bm__beta_proportion_tails(double y, double mu, double kappa, bm__tails *t) {
    if (!(y >= 0 && y <= 1) || !(mu > 0 && mu < 1) || !bm__pos_ok(kappa)) {
        bm__tails_nan(t);
        return;
    }
    if (y == 0 || y == 1) { bm__tails_edge(t, y == 0); return; }
    bm__tails_beta(t, mu * kappa, (1.0 - mu) * kappa, y, 1.0 - y, 0);
    bm__tails_dx(t, 0, 1.0);
    bm__tails_dshape(t, 1, 0, kappa);
    bm__tails_dshape(t, 1, 1, -kappa);
    bm__tails_dshape(t, 2, 0, mu);
    bm__tails_dshape(t, 2, 1, 1.0 - mu);
}
BM__CDF3(beta_proportion, (double y, double mu, double kappa, double *dy, double *dmu,
                           double *dkappa), (y, mu, kappa, &t), dy, dmu, dkappa, 0)

/* student_t(y | nu, mu, sigma): with t = (y - mu)/sigma and x = nu/(nu + t^2),
 * the tail beyond |t| is S = I_x(nu/2, 1/2) / 2 (x and 1 - x = t^2/(nu + t^2)
 * both computed directly). */
BM__FN_OUTLINE void bm__student_t_tails(double y, double nu, double mu, double sigma, bm__tails *t) {
    if (isnan(y) || !bm__pos_ok(nu) || !bm__loc_ok(mu) || !bm__pos_ok(sigma)) {
        bm__tails_nan(t);
        return;
    }
    double z = (y - mu) / sigma;
    if (isinf(z)) { bm__tails_edge(t, z < 0); return; }
    double q = nu + z * z;
    /* S = L/2 with L = I_x(nu/2, 1/2): F = S below mu, 1 - S above */
    bm__tails_beta(t, 0.5 * nu, 0.5, nu / q, z * z / q, 0);
    double lS = t->lL - BM_LOG_2, lB = log1p(-0.5 * exp(t->lL));
    double dlS = t->dL[0] * 0.5;  /* d log S / dnu through the shape */
    if (z != 0) dlS += t->rL * z * z / (q * q);  /* through x: dx/dnu = t^2/q^2 */
    double dlB = -exp(lS - lB) * dlS;
    bm__tails_init(t);
    t->lF = z < 0 ? lS : lB;
    t->lC = z < 0 ? lB : lS;
    t->gF[1] = z < 0 ? dlS : dlB;
    t->gC[1] = z < 0 ? dlB : dlS;
    double lf = bm_student_t_lpdf(z, nu, 0.0, 1.0, 0, 15u, 0, 0, 0, 0);
    bm__tails_z(t, exp(lf - t->lF), -exp(lf - t->lC), 0, 1.0 / sigma, 2, 3, z, sigma);
}
BM__CDF3(student_t, (double y, double nu, double mu, double sigma, double *dy, double *dnu,
                     double *dmu, double *dsigma), (y, nu, mu, sigma, &t),
         dy, dnu, dmu, dsigma)

/* skew_normal(y | xi, omega, alpha): F = Phi(z) - 2 T(z, alpha) (Owen's T)
 * and C = Q(z) + 2 T(z, alpha); with alpha < 0 through F(z; alpha) =
 * C(-z; -alpha).  For alpha >= 0 the upper tail C is a sum of positive terms;
 * the lower tail below z < 0 cancels, so where the log density falls fast
 * enough there it is integrated numerically (bm__skew_normal_log_tail).
 * dF/dz = 2 phi(z) Phi(alpha z), dF/dalpha = -e^(-z^2 (1+alpha^2)/2) /
 * (pi (1+alpha^2)). */
BM__FN_OUTLINE void bm__skew_normal_tails(double y, double xi, double omega, double alpha,
                                          bm__tails *t) {
    if (isnan(y) || !bm__loc_ok(xi) || !bm__pos_ok(omega) || !isfinite(alpha)) {
        bm__tails_nan(t);
        return;
    }
    if (isinf(y)) { bm__tails_edge(t, y < 0); return; }
    double z = (y - xi) / omega, zz = alpha < 0 ? -z : z, aa = fabs(alpha), h;
    double tt = 2.0 * bm__owens_t(zz, aa);
    double llo = log(0.5 * erfc(-zz * 0.70710678118654752440) - tt);
    double lhi = log(0.5 * erfc(zz * 0.70710678118654752440) + tt);
    bm__log_Phi(aa * zz, &h);
    double s = -zz + aa * h;  /* slope of the log density at zz */
    if (zz < 0 && s >= 1.0) llo = bm__skew_normal_log_tail(zz, aa, s);
    if (llo < lhi) lhi = log1p(-exp(llo));  /* the larger tail from the smaller */
    else llo = log1p(-exp(lhi));
    bm__tails_init(t);
    t->lF = alpha < 0 ? lhi : llo;
    t->lC = alpha < 0 ? llo : lhi;
    double q = 1.0 + alpha * alpha;
    double lfz = BM_LOG_2 - 0.5 * z * z - BM_HALF_LOG_2PI + bm__log_Phi(alpha * z, 0);
    double lda = -0.5 * z * z * q - log(BM_PI * q);  /* log(-dF/dalpha) */
    bm__tails_z(t, exp(lfz - t->lF), -exp(lfz - t->lC), 0, 1.0 / omega, 1, 2, z, omega);
    t->gF[3] = -exp(lda - t->lF);
    t->gC[3] = exp(lda - t->lC);
}
BM__CDF3(skew_normal, (double y, double xi, double omega, double alpha, double *dy,
                       double *dxi, double *domega, double *dalpha),
         (y, xi, omega, alpha, &t), dy, dxi, domega, dalpha)

/* exp_mod_normal(y | mu, sigma, lambda): Phi(z) - e^(-lambda (y - mu) +
 * lambda^2 sigma^2 / 2) Phi(z - lambda sigma), z = (y - mu)/sigma. */
BM__FN_OUTLINE void bm__exp_mod_normal_tails(double y, double mu, double sigma, double lambda,
                                    bm__tails *t) {
    if (isnan(y) || !bm__loc_ok(mu) || !bm__pos_ok(sigma) || !bm__pos_ok(lambda)) {
        bm__tails_nan(t);
        return;
    }
    if (isinf(y)) { bm__tails_edge(t, y < 0); return; }
    double d = y - mu, z = d / sigma, w = z - lambda * sigma, hw;
    double le = -lambda * d + 0.5 * lambda * lambda * sigma * sigma + bm__log_Phi(w, &hw);
    double B = exp(le), A = 0.5 * erfc(-z * 0.70710678118654752440);
    double C = 0.5 * erfc(z * 0.70710678118654752440) + B;
    double phz = exp(-0.5 * z * z - BM_HALF_LOG_2PI);
    /* dF = dA - dB; dB = B (de + h_w dw) with e the exponent, h_w = phi/Phi */
    double dA[4] = { phz / sigma, -phz / sigma, -z * phz / sigma, 0.0 };
    double de[4] = { -lambda, lambda, lambda * lambda * sigma, -d + lambda * sigma * sigma };
    double dw[4] = { 1.0 / sigma, -1.0 / sigma, -z / sigma - lambda, -sigma };
    bm__tails_init(t);
    t->lF = log(A - B);
    t->lC = log(C);
    for (int i = 0; i < 4; i++) {
        double dF = dA[i] - B * (de[i] + hw * dw[i]);
        t->gF[i] = dF / (A - B);
        t->gC[i] = -dF / C;
    }
}
BM__CDF3(exp_mod_normal, (double y, double mu, double sigma, double lambda, double *dy,
                          double *dmu, double *dsigma, double *dlambda),
         (y, mu, sigma, lambda, &t), dy, dmu, dsigma, dlambda)

/* von_mises(y | mu, kappa) for y in [-pi, pi] (Stan's definition):
 * F = 1/(2 pi I0) integral_-pi^y e^(kappa cos(t - mu)) dt
 *   = (y + pi)/(2 pi) + 1/pi sum_k rho_k (sin(k(y - mu)) + sin(k(pi + mu)))/k,
 * rho_k = I_k/I_0 by Miller's backward recurrence (about kappa + 20 sqrt(kappa)
 * + 40 terms, so the cost grows with kappa); d rho_k/d kappa =
 * (rho_(k-1) + rho_(k+1))/2 - rho_1 rho_k.  NaN for y outside [-pi, pi]. */
BM__FN_OUTLINE void bm__von_mises_tails(double y, double mu, double kappa, bm__tails *t) {
    if (!(y >= -BM_PI && y <= BM_PI) || !bm__loc_ok(mu) || !bm__pos_ok(kappa)) {
        bm__tails_nan(t);
        return;
    }
    if (y == -BM_PI || y == BM_PI) { bm__tails_edge(t, y == -BM_PI); return; }
    int K = (int)(kappa + 20.0 * sqrt(kappa) + 40.0);
    double jn = 0.0, jk = 1e-280, a = 0.0, b = 0.0;  /* J_(k+1), J_k; sums */
    for (int k = K; k >= 1; k--) {
        double jp = jn + (2.0 * k / kappa) * jk;        /* J_(k-1) */
        double sk = (sin(k * (y - mu)) + sin(k * (BM_PI + mu))) / k;
        b += jk * sk;
        a += 0.5 * (jp + jn) * sk;
        jn = jk;
        jk = jp;
        if (jk > 1e250) { jk *= 1e-250; jn *= 1e-250; a *= 1e-250; b *= 1e-250; }
    }
    double j0 = jk, rho1 = jn / j0, sum = b / j0;
    double F = (y + BM_PI) / (2.0 * BM_PI) + sum / BM_PI;
    double dk = (a / j0 - rho1 * sum) / BM_PI;
    double li0 = bm__log_i0(kappa, 0);
    double f = exp(kappa * cos(y - mu) - li0) / (2.0 * BM_PI);        /* density at y */
    double f0 = exp(kappa * cos(BM_PI + mu) - li0) / (2.0 * BM_PI);   /* density at -pi */
    bm__tails_init(t);
    t->lF = log(F);
    t->lC = log1p(-F);
    double dF[3] = { f, f0 - f, dk };
    for (int i = 0; i < 3; i++) {
        t->gF[i] = dF[i] / F;
        t->gC[i] = -dF[i] / (1.0 - F);
    }
}
BM__CDF3(von_mises, (double y, double mu, double kappa, double *dy, double *dmu,
                     double *dkappa), (y, mu, kappa, &t), dy, dmu, dkappa, 0)

/* ---- discrete ----------------------------------------------------------- */

/* poisson(n | lambda): P(N <= n) = Q(n + 1, lambda). */
BM__FN_OUTLINE void bm__poisson_tails(int n, double lambda, bm__tails *t) {
    if (!(lambda >= 0)) { bm__tails_nan(t); return; }
    if (n < 0) { bm__tails_edge(t, 1); return; }
    if (lambda == 0 || isinf(lambda)) { bm__tails_edge(t, lambda != 0); return; }
    bm__tails_gamma(t, (double)n + 1.0, lambda, 1);
    bm__tails_dx(t, 0, 1.0);
}
BM__CDF3(poisson, (int n, double lambda, double *dlambda), (n, lambda, &t), dlambda, 0, 0, 0)

/* binomial(n | N, theta): P(X <= n) = I_(1-theta)(N - n, n + 1). */
BM__FN_OUTLINE void bm__binomial_tails(int n, int N, double theta, bm__tails *t) {
    if (N < 0 || !bm__prob_ok(theta)) { bm__tails_nan(t); return; }
    if (n < 0 || n >= N) { bm__tails_edge(t, n < 0); return; }
    if (theta == 0 || theta == 1) { bm__tails_edge(t, theta == 1); return; }
    bm__tails_beta(t, (double)(N - n), (double)n + 1.0, 1.0 - theta, theta, 0);
    bm__tails_dx(t, 0, -1.0);
}
BM__CDF3(binomial, (int n, int N, double theta, double *dtheta), (n, N, theta, &t),
         dtheta, 0, 0, 0)

/* neg_binomial_2(n | mu, phi): I_p(phi, n + 1), p = phi / (mu + phi). */
BM__FN_OUTLINE void bm__neg_binomial_2_tails(int n, double mu, double phi, bm__tails *t) {
    if (!bm__pos_ok(mu) || !bm__pos_ok(phi)) { bm__tails_nan(t); return; }
    if (n < 0) { bm__tails_edge(t, 1); return; }
    double s = mu + phi;
    bm__tails_beta(t, phi, (double)n + 1.0, phi / s, mu / s, 0);
    bm__tails_dx(t, 0, -phi / (s * s));
    bm__tails_dx(t, 1, mu / (s * s));
    bm__tails_dshape(t, 1, 0, 1.0);
}
BM__CDF3(neg_binomial_2, (int n, double mu, double phi, double *dmu, double *dphi),
         (n, mu, phi, &t), dmu, dphi, 0, 0)

/* neg_binomial(n | alpha, beta): I_p(alpha, n + 1), p = beta / (1 + beta). */
BM__FN_OUTLINE void bm__neg_binomial_tails(int n, double alpha, double beta, bm__tails *t) {
    if (!bm__pos_ok(alpha) || !bm__pos_ok(beta)) { bm__tails_nan(t); return; }
    if (n < 0) { bm__tails_edge(t, 1); return; }
    bm__tails_beta(t, alpha, (double)n + 1.0, beta / (1.0 + beta), 1.0 / (1.0 + beta), 0);
    bm__tails_dshape(t, 0, 0, 1.0);
    bm__tails_dx(t, 1, 1.0 / ((1.0 + beta) * (1.0 + beta)));
}
BM__CDF3(neg_binomial, (int n, double alpha, double beta, double *dalpha, double *dbeta),
         (n, alpha, beta, &t), dalpha, dbeta, 0, 0)

/* bernoulli(n | theta): 1 - theta at n = 0. */
BM__FN_OUTLINE void bm__bernoulli_tails(int n, double theta, bm__tails *t) {
    if (!bm__prob_ok(theta)) { bm__tails_nan(t); return; }
    if (n < 0 || n >= 1) { bm__tails_edge(t, n < 0); return; }
    bm__tails_init(t);
    t->lF = log1p(-theta);
    t->lC = log(theta);
    t->gF[0] = -1.0 / (1.0 - theta);
    t->gC[0] = 1.0 / theta;
}
BM__CDF3(bernoulli, (int n, double theta, double *dtheta), (n, theta, &t), dtheta, 0, 0, 0)

/* beta_binomial(n | N, alpha, beta): the sum of the mass function over the
 * shorter side of n (O(N)). */
BM__FN_OUTLINE void bm__beta_binomial_tails(int n, int N, double alpha, double beta, bm__tails *t) {
    if (N < 0 || !bm__pos_ok(alpha) || !bm__pos_ok(beta)) { bm__tails_nan(t); return; }
    if (n < 0 || n >= N) { bm__tails_edge(t, n < 0); return; }
    int lower = n + 1 <= N - n;  /* sum 0..n (F) or n+1..N (C) */
    int k0 = lower ? 0 : n + 1, k1 = lower ? n : N;
    double s = 0.0, sa = 0.0, sb = 0.0, da, db;
    for (int k = k0; k <= k1; k++) {
        double p = exp(bm_beta_binomial_lpmf(k, N, alpha, beta, 0, 15u, &da, &db));
        s += p;
        sa += p * da;
        sb += p * db;
    }
    double other = log1p(-s);
    bm__tails_init(t);
    t->lF = lower ? log(s) : other;
    t->lC = lower ? other : log(s);
    double rs = lower ? 1.0 / s : -1.0 / (1.0 - s), ro = lower ? -1.0 / (1.0 - s) : 1.0 / s;
    t->gF[0] = rs * sa; t->gF[1] = rs * sb;
    t->gC[0] = ro * sa; t->gC[1] = ro * sb;
}
BM__CDF3(beta_binomial, (int n, int N, double alpha, double beta, double *dalpha,
                         double *dbeta), (n, N, alpha, beta, &t), dalpha, dbeta, 0, 0)

/* discrete_range(y | lower, upper): (y - lower + 1) / (upper - lower + 1);
 * no real arguments. */
BM__FN_OUTLINE void bm__discrete_range_tails(int y, int lower, int upper, bm__tails *t) {
    if (lower > upper) { bm__tails_nan(t); return; }
    if (y < lower || y >= upper) { bm__tails_edge(t, y < lower); return; }
    double w = (double)upper - lower + 1.0, k = (double)y - lower + 1.0;
    bm__tails_init(t);
    t->lF = log(k / w);
    t->lC = log((w - k) / w);
}
BM__CDF3(discrete_range, (int y, int lower, int upper), (y, lower, upper, &t), 0, 0, 0, 0)

#endif
