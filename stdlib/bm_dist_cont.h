/* stdlib/bm_dist_cont.h — the remaining continuous log densities, with partials.
 *
 * In:  one scalar element of a density call, in the FN_LPDF convention of
 * catalog.h: arguments in declared order, `propto`, the `active` mask (bit i:
 * argument i depends on parameters) and one partial pointer per argument
 * (each may be NULL).  Out: the log density and its partials (always those of
 * the full density).  With propto, a term is kept iff it depends on an active
 * argument — the terms are split exactly as in Stan's implementation.
 * Invalid arguments (where Stan throws) give NaN; y outside the support where
 * Stan returns log(0) gives -inf with partials 0.
 * Never: uses globals, errno, printf or malloc; aborts on bad input.
 *
 * Include bm_math.h rather than this file directly.
 */
#ifndef BM_DIST_CONT_H
#define BM_DIST_CONT_H

#include "bm_math.h"
#include "bm_special.h"

/* std_normal(y) = -log(2 pi)/2 - y^2/2.  NaN for NaN y.  Arg 0 y. */
BM_FN double bm_std_normal_lpdf(double y, int propto, unsigned active, double *dy) {
    if (isnan(y)) return bm__fail(dy, 0, 0, 0);
    double lp = 0.0;
    if (bm__keep(propto, active, 0)) lp -= BM_HALF_LOG_2PI;
    if (bm__keep(propto, active, 1)) lp -= 0.5 * y * y;
    bm__put(dy, -y);
    return lp;
}

/* double_exponential(y | mu, sigma) = -log 2 - log sigma - |y - mu| / sigma.
 * NaN unless y, mu finite and sigma > 0 finite.  Args 0 y, 1 mu, 2 sigma. */
BM_FN double bm_double_exponential_lpdf(double y, double mu, double sigma, int propto,
                                        unsigned active, double *dy, double *dmu,
                                        double *dsigma) {
    if (!isfinite(y) || !bm__loc_ok(mu) || !bm__pos_ok(sigma))
        return bm__fail(dy, dmu, dsigma, 0);
    double d = y - mu, s = d > 0 ? 1.0 : d < 0 ? -1.0 : 0.0, lp = 0.0;
    if (bm__keep(propto, active, 0)) lp -= BM_LOG_2;
    if (bm__keep(propto, active, 4)) lp -= log(sigma);
    if (bm__keep(propto, active, 7)) lp -= fabs(d) / sigma;
    bm__put(dy, -s / sigma);
    bm__put(dmu, s / sigma);
    bm__put(dsigma, (fabs(d) / sigma - 1.0) / sigma);
    return lp;
}

/* logistic(y | mu, sigma) = -z - log sigma - 2 log1p(e^-z), z = (y-mu)/sigma,
 * taken in the symmetric form -|z| - 2 log1p(e^-|z|).  NaN unless y, mu
 * finite and sigma > 0 finite.  Args 0 y, 1 mu, 2 sigma. */
BM_FN double bm_logistic_lpdf(double y, double mu, double sigma, int propto,
                              unsigned active, double *dy, double *dmu, double *dsigma) {
    if (!isfinite(y) || !bm__loc_ok(mu) || !bm__pos_ok(sigma))
        return bm__fail(dy, dmu, dsigma, 0);
    double z = (y - mu) / sigma, az = fabs(z), th = tanh(0.5 * z), lp = 0.0;
    if (bm__keep(propto, active, 4)) lp -= log(sigma);
    if (bm__keep(propto, active, 7)) lp -= az + 2.0 * log1p(exp(-az));
    bm__put(dy, -th / sigma);
    bm__put(dmu, th / sigma);
    bm__put(dsigma, (z * th - 1.0) / sigma);
    return lp;
}

/* gumbel(y | mu, beta) = -log beta - z - e^-z, z = (y-mu)/beta.  NaN for NaN
 * y, mu not finite, beta <= 0 or not finite.  Args 0 y, 1 mu, 2 beta. */
BM_FN double bm_gumbel_lpdf(double y, double mu, double beta, int propto,
                            unsigned active, double *dy, double *dmu, double *dbeta) {
    if (isnan(y) || !bm__loc_ok(mu) || !bm__pos_ok(beta))
        return bm__fail(dy, dmu, dbeta, 0);
    double z = (y - mu) / beta, e = exp(-z), lp = 0.0;
    if (bm__keep(propto, active, 4)) lp -= log(beta);
    if (bm__keep(propto, active, 7)) lp -= z + e;
    bm__put(dy, (e - 1.0) / beta);
    bm__put(dmu, (1.0 - e) / beta);
    bm__put(dbeta, (z - 1.0 - z * e) / beta);
    return lp;
}

/* skew_normal(y | xi, omega, alpha) = -log(2 pi)/2 - log omega - z^2/2
 * + log erfc(-alpha z / sqrt 2), z = (y-xi)/omega; the erfc term is taken as
 * log 2 + log Phi(alpha z), stable in the tail.  NaN for NaN y, xi or alpha
 * not finite, omega <= 0 or not finite.  Args 0 y, 1 xi, 2 omega, 3 alpha. */
BM_FN double bm_skew_normal_lpdf(double y, double xi, double omega, double alpha,
                                 int propto, unsigned active, double *dy, double *dxi,
                                 double *domega, double *dalpha) {
    if (isnan(y) || !bm__loc_ok(xi) || !bm__pos_ok(omega) || !isfinite(alpha))
        return bm__fail(dy, dxi, domega, dalpha);
    double z = (y - xi) / omega, h, lphi = bm__log_Phi(alpha * z, &h), lp = 0.0;
    if (bm__keep(propto, active, 0)) lp -= BM_HALF_LOG_2PI;
    if (bm__keep(propto, active, 4)) lp -= log(omega);
    if (bm__keep(propto, active, 7)) lp -= 0.5 * z * z;
    if (bm__keep(propto, active, 15)) lp += BM_LOG_2 + lphi;
    double gz = -z + alpha * h;  /* d lp / dz */
    bm__put(dy, gz / omega);
    bm__put(dxi, -gz / omega);
    bm__put(domega, (-1.0 - gz * z) / omega);
    bm__put(dalpha, z * h);
    return lp;
}

/* skew_double_exponential(y | mu, sigma, tau) = log 2 + log tau + log(1 - tau)
 * - log sigma - 2 w |y - mu| / sigma, w = 1 - tau below mu and tau above
 * (Stan's functions reference).  NaN for NaN y, mu not finite, sigma <= 0 or
 * not finite, tau outside [0, 1] (Stan's checks); infinite y, and tau = 0 or
 * 1 (where the density is 0 everywhere), give -inf.  Args 0 y, 1 mu,
 * 2 sigma, 3 tau. */
BM_FN double bm_skew_double_exponential_lpdf(double y, double mu, double sigma, double tau,
                                             int propto, unsigned active, double *dy,
                                             double *dmu, double *dsigma, double *dtau) {
    if (isnan(y) || !bm__loc_ok(mu) || !bm__pos_ok(sigma) || !(tau >= 0 && tau <= 1))
        return bm__fail(dy, dmu, dsigma, dtau);
    if (isinf(y) || tau == 0 || tau == 1) return bm__zero_density(dy, dmu, dsigma, dtau);
    double d = y - mu, s = d > 0 ? 1.0 : d < 0 ? -1.0 : 0.0, w = d < 0 ? 1.0 - tau : tau;
    double a = fabs(d) / sigma, lp = 0.0;
    if (bm__keep(propto, active, 0)) lp += BM_LOG_2;
    if (bm__keep(propto, active, 8)) lp += log(tau) + log1p(-tau);
    if (bm__keep(propto, active, 4)) lp -= log(sigma);
    if (bm__keep(propto, active, 15)) lp -= 2.0 * w * a;
    bm__put(dy, -2.0 * w * s / sigma);
    bm__put(dmu, 2.0 * w * s / sigma);
    bm__put(dsigma, (2.0 * w * a - 1.0) / sigma);
    bm__put(dtau, 1.0 / tau - 1.0 / (1.0 - tau) - 2.0 * s * a);
    return lp;
}

/* exp_mod_normal(y | mu, sigma, lambda) = log lambda + lambda (mu +
 * lambda sigma^2 / 2 - y) + log erfc(v / sqrt 2) - log 2, v = (mu - y)/sigma
 * + lambda sigma; log erfc(v/sqrt 2) is log 2 + log Phi(-v).  NaN for NaN
 * y, mu not finite, sigma or lambda <= 0 or not finite.  Args 0 y, 1 mu,
 * 2 sigma, 3 lambda. */
BM_FN double bm_exp_mod_normal_lpdf(double y, double mu, double sigma, double lambda,
                                    int propto, unsigned active, double *dy, double *dmu,
                                    double *dsigma, double *dlambda) {
    if (isnan(y) || !bm__loc_ok(mu) || !bm__pos_ok(sigma) || !bm__pos_ok(lambda))
        return bm__fail(dy, dmu, dsigma, dlambda);
    double d = mu - y, v = d / sigma + lambda * sigma, h, lphi = bm__log_Phi(-v, &h);
    double lp = 0.0;
    if (bm__keep(propto, active, 0)) lp -= BM_LOG_2;
    if (bm__keep(propto, active, 8)) lp += log(lambda);
    if (bm__keep(propto, active, 15))
        lp += lambda * (d + 0.5 * lambda * sigma * sigma) + BM_LOG_2 + lphi;
    bm__put(dy, -lambda + h / sigma);
    bm__put(dmu, lambda - h / sigma);
    bm__put(dsigma, lambda * lambda * sigma - h * (lambda - d / (sigma * sigma)));
    bm__put(dlambda, 1.0 / lambda + d + lambda * sigma * sigma - h * sigma);
    return lp;
}

/* chi_square(y | nu) = -nu/2 log 2 - lgamma(nu/2) + (nu/2 - 1) log y - y/2.
 * NaN for y < 0 or NaN (Stan's check_nonnegative), nu <= 0 or not finite.
 * Args 0 y, 1 nu. */
BM_FN double bm_chi_square_lpdf(double y, double nu, int propto, unsigned active,
                                double *dy, double *dnu) {
    if (!(y >= 0) || !bm__pos_ok(nu)) return bm__fail(dy, dnu, 0, 0);
    double hn = 0.5 * nu, lp = 0.0;
    if (bm__keep(propto, active, 2)) lp -= hn * BM_LOG_2 + lgamma(hn);
    if (bm__keep(propto, active, 3)) lp += bm__mul_log(hn - 1.0, y);
    if (bm__keep(propto, active, 1)) lp -= 0.5 * y;
    bm__put(dy, bm__div0(hn - 1.0, y) - 0.5);
    bm__put(dnu, 0.5 * (log(y) - BM_LOG_2 - bm_digamma(hn)));
    return lp;
}

/* inv_chi_square(y | nu) = -nu/2 log 2 - lgamma(nu/2) - (nu/2 + 1) log y
 * - 1/(2y).  y <= 0 gives -inf; NaN for NaN y, nu <= 0 or not finite.
 * Args 0 y, 1 nu. */
BM_FN double bm_inv_chi_square_lpdf(double y, double nu, int propto, unsigned active,
                                    double *dy, double *dnu) {
    if (isnan(y) || !bm__pos_ok(nu)) return bm__fail(dy, dnu, 0, 0);
    if (y <= 0) return bm__zero_density(dy, dnu, 0, 0);
    double hn = 0.5 * nu, ly = log(y), lp = 0.0;
    if (bm__keep(propto, active, 2)) lp -= hn * BM_LOG_2 + lgamma(hn);
    if (bm__keep(propto, active, 3)) lp -= (hn + 1.0) * ly;
    if (bm__keep(propto, active, 1)) lp -= 0.5 / y;
    bm__put(dy, -(hn + 1.0) / y + 0.5 / (y * y));
    bm__put(dnu, -0.5 * (BM_LOG_2 + bm_digamma(hn) + ly));
    return lp;
}

/* scaled_inv_chi_square(y | nu, s) = nu/2 log(nu/2) - lgamma(nu/2)
 * + nu log s - (nu/2 + 1) log y - nu s^2 / (2y).  y <= 0 gives -inf; NaN for
 * NaN y, nu or s <= 0 or not finite.  Args 0 y, 1 nu, 2 s. */
BM_FN double bm_scaled_inv_chi_square_lpdf(double y, double nu, double s, int propto,
                                           unsigned active, double *dy, double *dnu,
                                           double *ds) {
    if (isnan(y) || !bm__pos_ok(nu) || !bm__pos_ok(s)) return bm__fail(dy, dnu, ds, 0);
    if (y <= 0) return bm__zero_density(dy, dnu, ds, 0);
    double hn = 0.5 * nu, ly = log(y), lp = 0.0;
    if (bm__keep(propto, active, 2)) lp += hn * log(hn) - lgamma(hn);
    if (bm__keep(propto, active, 6)) lp += nu * log(s);
    if (bm__keep(propto, active, 3)) lp -= (hn + 1.0) * ly;
    if (bm__keep(propto, active, 7)) lp -= hn * s * s / y;
    bm__put(dy, -(hn + 1.0) / y + hn * s * s / (y * y));
    bm__put(dnu, 0.5 * (log(hn) + 1.0 - bm_digamma(hn)) + log(s) - 0.5 * ly
                 - 0.5 * s * s / y);
    bm__put(ds, nu / s - nu * s / y);
    return lp;
}

/* inv_gamma(y | alpha, beta) = alpha log beta - lgamma(alpha)
 * - (alpha + 1) log y - beta / y.  y <= 0 gives -inf; NaN for NaN y, alpha
 * or beta <= 0 or not finite.  Args 0 y, 1 alpha, 2 beta. */
BM_FN double bm_inv_gamma_lpdf(double y, double alpha, double beta, int propto,
                               unsigned active, double *dy, double *dalpha, double *dbeta) {
    if (isnan(y) || !bm__pos_ok(alpha) || !bm__pos_ok(beta))
        return bm__fail(dy, dalpha, dbeta, 0);
    if (y <= 0) return bm__zero_density(dy, dalpha, dbeta, 0);
    double ly = log(y), lp = 0.0;
    if (bm__keep(propto, active, 2)) lp -= lgamma(alpha);
    if (bm__keep(propto, active, 6)) lp += alpha * log(beta);
    if (bm__keep(propto, active, 3)) lp -= (alpha + 1.0) * ly;
    if (bm__keep(propto, active, 5)) lp -= beta / y;
    bm__put(dy, -(alpha + 1.0) / y + beta / (y * y));
    bm__put(dalpha, log(beta) - bm_digamma(alpha) - ly);
    bm__put(dbeta, alpha / beta - 1.0 / y);
    return lp;
}

/* weibull(y | alpha, sigma) = log alpha + (alpha - 1) log y - alpha log sigma
 * - (y/sigma)^alpha.  y < 0 gives -inf; NaN unless y finite, alpha and sigma
 * > 0 finite.  Args 0 y, 1 alpha, 2 sigma. */
BM_FN double bm_weibull_lpdf(double y, double alpha, double sigma, int propto,
                             unsigned active, double *dy, double *dalpha, double *dsigma) {
    if (!isfinite(y) || !bm__pos_ok(alpha) || !bm__pos_ok(sigma))
        return bm__fail(dy, dalpha, dsigma, 0);
    if (y < 0) return bm__zero_density(dy, dalpha, dsigma, 0);
    double ly = log(y), ls = log(sigma), p = pow(y / sigma, alpha), lp = 0.0;
    if (bm__keep(propto, active, 2)) lp += log(alpha);
    if (bm__keep(propto, active, 3)) lp += bm__mul_log(alpha - 1.0, y);
    if (bm__keep(propto, active, 6)) lp -= alpha * ls;
    if (bm__keep(propto, active, 7)) lp -= p;
    bm__put(dy, (alpha - 1.0 - alpha * p) / y);
    bm__put(dalpha, 1.0 / alpha + (ly - ls) * (1.0 - p));
    bm__put(dsigma, alpha * (p - 1.0) / sigma);
    return lp;
}

/* frechet(y | alpha, sigma) = log alpha + alpha log sigma - (1 + alpha) log y
 * - (y/sigma)^-alpha.  NaN unless y > 0, alpha and sigma > 0 finite (Stan's
 * check_positive on y).  Args 0 y, 1 alpha, 2 sigma. */
BM_FN double bm_frechet_lpdf(double y, double alpha, double sigma, int propto,
                             unsigned active, double *dy, double *dalpha, double *dsigma) {
    if (!(y > 0) || !bm__pos_ok(alpha) || !bm__pos_ok(sigma))
        return bm__fail(dy, dalpha, dsigma, 0);
    double ly = log(y), ls = log(sigma), p = pow(sigma / y, alpha), lp = 0.0;
    if (bm__keep(propto, active, 2)) lp += log(alpha);
    if (bm__keep(propto, active, 3)) lp -= (1.0 + alpha) * ly;
    if (bm__keep(propto, active, 6)) lp += alpha * ls;
    if (bm__keep(propto, active, 7)) lp -= p;
    bm__put(dy, (alpha * p - 1.0 - alpha) / y);
    bm__put(dalpha, 1.0 / alpha + (ls - ly) * (1.0 - p));
    bm__put(dsigma, alpha * (1.0 - p) / sigma);
    return lp;
}

/* loglogistic(y | alpha, beta) = log beta - log alpha + (beta - 1) log(y/alpha)
 * - 2 log(1 + (y/alpha)^beta) (Stan's functions reference), taken as
 * log beta - beta log alpha + (beta - 1) log y + 2 log_inv_logit(-z),
 * z = beta log(y/alpha) (so (y/alpha)^beta never overflows).  NaN unless y,
 * alpha and beta are positive and finite (Stan's check_positive_finite on
 * all three).  Args 0 y, 1 alpha, 2 beta. */
BM_FN double bm_loglogistic_lpdf(double y, double alpha, double beta, int propto,
                                 unsigned active, double *dy, double *dalpha, double *dbeta) {
    if (!bm__pos_ok(y) || !bm__pos_ok(alpha) || !bm__pos_ok(beta))
        return bm__fail(dy, dalpha, dbeta, 0);
    double ly = log(y), la = log(alpha), r = ly - la, z = beta * r, lp = 0.0;
    double p = bm_inv_logit(z);  /* (y/alpha)^beta / (1 + (y/alpha)^beta) */
    if (bm__keep(propto, active, 4)) lp += log(beta);
    if (bm__keep(propto, active, 6)) lp -= beta * la;
    if (bm__keep(propto, active, 5)) lp += (beta - 1.0) * ly;
    if (bm__keep(propto, active, 7)) lp += 2.0 * bm_log_inv_logit(-z);  /* -2 log1p(e^z) */
    bm__put(dy, (beta - 1.0 - 2.0 * beta * p) / y);
    bm__put(dalpha, beta * (2.0 * p - 1.0) / alpha);
    bm__put(dbeta, 1.0 / beta + r * (1.0 - 2.0 * p));
    return lp;
}

/* rayleigh(y | sigma) = log y - 2 log sigma - y^2 / (2 sigma^2).  NaN for
 * y < 0 or NaN, sigma <= 0 or not finite; y = 0 gives -inf.  Args 0 y,
 * 1 sigma. */
BM_FN double bm_rayleigh_lpdf(double y, double sigma, int propto, unsigned active,
                              double *dy, double *dsigma) {
    if (!(y >= 0) || !bm__pos_ok(sigma)) return bm__fail(dy, dsigma, 0, 0);
    if (y == 0) return bm__zero_density(dy, dsigma, 0, 0);
    double r = y / sigma, lp = 0.0;
    if (bm__keep(propto, active, 2)) lp -= 2.0 * log(sigma);
    if (bm__keep(propto, active, 1)) lp += log(y);
    if (bm__keep(propto, active, 3)) lp -= 0.5 * r * r;
    bm__put(dy, 1.0 / y - r / sigma);
    bm__put(dsigma, (r * r - 2.0) / sigma);
    return lp;
}

/* pareto(y | y_min, alpha) = log alpha + alpha log y_min - (alpha + 1) log y.
 * y < y_min gives -inf; NaN for NaN y, y_min or alpha <= 0 or not finite.
 * Args 0 y, 1 y_min, 2 alpha. */
BM_FN double bm_pareto_lpdf(double y, double ymin, double alpha, int propto,
                            unsigned active, double *dy, double *dymin, double *dalpha) {
    if (isnan(y) || !bm__pos_ok(ymin) || !bm__pos_ok(alpha))
        return bm__fail(dy, dymin, dalpha, 0);
    if (y < ymin) return bm__zero_density(dy, dymin, dalpha, 0);
    double ly = log(y), lm = log(ymin), lp = 0.0;
    if (bm__keep(propto, active, 4)) lp += log(alpha);
    if (bm__keep(propto, active, 6)) lp += alpha * lm;
    if (bm__keep(propto, active, 5)) lp -= (alpha + 1.0) * ly;
    bm__put(dy, -(alpha + 1.0) / y);
    bm__put(dymin, alpha / ymin);
    bm__put(dalpha, 1.0 / alpha + lm - ly);
    return lp;
}

/* pareto_type_2(y | mu, lambda, alpha) = log alpha - log lambda
 * - (alpha + 1) log1p((y - mu)/lambda).  NaN for NaN y, y < mu (Stan's
 * check_greater_or_equal), mu not finite, lambda or alpha <= 0 or not finite.
 * Args 0 y, 1 mu, 2 lambda, 3 alpha. */
BM_FN double bm_pareto_type_2_lpdf(double y, double mu, double lambda, double alpha,
                                   int propto, unsigned active, double *dy, double *dmu,
                                   double *dlambda, double *dalpha) {
    if (!(y >= mu) || !bm__loc_ok(mu) || !bm__pos_ok(lambda) || !bm__pos_ok(alpha))
        return bm__fail(dy, dmu, dlambda, dalpha);
    double l1 = log1p((y - mu) / lambda), den = lambda + y - mu, lp = 0.0;
    if (bm__keep(propto, active, 8)) lp += log(alpha);
    if (bm__keep(propto, active, 4)) lp -= log(lambda);
    if (bm__keep(propto, active, 15)) lp -= (alpha + 1.0) * l1;
    bm__put(dy, -(alpha + 1.0) / den);
    bm__put(dmu, (alpha + 1.0) / den);
    bm__put(dlambda, -1.0 / lambda + (alpha + 1.0) * (y - mu) / (lambda * den));
    bm__put(dalpha, 1.0 / alpha - l1);
    return lp;
}

/* beta_proportion(y | mu, kappa) = beta(y | mu kappa, (1 - mu) kappa):
 * lgamma(kappa) - lgamma(mu kappa) - lgamma((1-mu) kappa) + (mu kappa - 1)
 * log y + ((1-mu) kappa - 1) log1m(y).  NaN for y outside [0, 1] or NaN, mu
 * outside (0, 1), kappa <= 0 or not finite.  Args 0 y, 1 mu, 2 kappa. */
BM_FN double bm_beta_proportion_lpdf(double y, double mu, double kappa, int propto,
                                     unsigned active, double *dy, double *dmu,
                                     double *dkappa) {
    if (!(y >= 0 && y <= 1) || !(mu > 0 && mu < 1) || !bm__pos_ok(kappa))
        return bm__fail(dy, dmu, dkappa, 0);
    double a = mu * kappa, b = kappa - a, lp = 0.0;
    if (bm__keep(propto, active, 4)) lp += lgamma(kappa);
    if (bm__keep(propto, active, 6)) lp -= lgamma(a) + lgamma(b);
    if (bm__keep(propto, active, 7))
        lp += bm__mul_log(a - 1.0, y) + bm__mul_log1m(b - 1.0, y);
    double ly = log(y), l1y = log1p(-y), pa = bm_digamma(a), pb = bm_digamma(b);
    bm__put(dy, bm__div0(a - 1.0, y) - bm__div0(b - 1.0, 1.0 - y));
    bm__put(dmu, kappa * (pb - pa + ly - l1y));
    bm__put(dkappa, bm_digamma(kappa) - mu * pa - (1.0 - mu) * pb + mu * ly
                    + (1.0 - mu) * l1y);
    return lp;
}

/* von_mises(y | mu, kappa) = kappa cos(y - mu) - log(2 pi) - log I0(kappa).
 * NaN unless y and mu finite, kappa >= 0 finite.  Args 0 y, 1 mu, 2 kappa. */
BM_FN double bm_von_mises_lpdf(double y, double mu, double kappa, int propto,
                               unsigned active, double *dy, double *dmu, double *dkappa) {
    if (!isfinite(y) || !bm__loc_ok(mu) || !(kappa >= 0 && isfinite(kappa)))
        return bm__fail(dy, dmu, dkappa, 0);
    double ratio, li0 = bm__log_i0(kappa, &ratio), c = cos(y - mu), s = sin(y - mu);
    double lp = 0.0;
    if (bm__keep(propto, active, 0)) lp -= BM_LOG_2 + BM_LOG_PI;
    if (bm__keep(propto, active, 4)) lp -= li0;
    if (bm__keep(propto, active, 7)) lp += kappa * c;
    bm__put(dy, -kappa * s);
    bm__put(dmu, kappa * s);
    bm__put(dkappa, c - ratio);
    return lp;
}

/* uniform(y | alpha, beta) = -log(beta - alpha) on [alpha, beta], -inf
 * outside.  NaN for NaN y, alpha or beta not finite, beta <= alpha.
 * Args 0 y, 1 alpha, 2 beta. */
BM_FN double bm_uniform_lpdf(double y, double alpha, double beta, int propto,
                             unsigned active, double *dy, double *dalpha, double *dbeta) {
    if (isnan(y) || !isfinite(alpha) || !isfinite(beta) || !(beta > alpha))
        return bm__fail(dy, dalpha, dbeta, 0);
    if (y < alpha || y > beta) return bm__zero_density(dy, dalpha, dbeta, 0);
    double w = beta - alpha, lp = 0.0;
    if (bm__keep(propto, active, 6)) lp -= log(w);
    bm__put(dy, 0.0);
    bm__put(dalpha, 1.0 / w);
    bm__put(dbeta, -1.0 / w);
    return lp;
}

/* ---- wiener: the first passage time of a Wiener diffusion ------------------- */

#define BM__WIENER_TERMS 8      /* terms per side of each series (see below) */
#define BM__WIENER_SWITCH 1.0   /* normalized time where the series switch */

/* log f(x | w) and its partials in x and w: the density of the first
 * passage through the LOWER barrier of a driftless Wiener process between
 * barriers 0 and 1 started at w, at normalized time x (Navarro & Fuss
 * 2009).  Below BM__WIENER_SWITCH the small-time series
 *     f = (2 pi x^3)^(-1/2) sum_k (w + 2k) exp(-(w + 2k)^2 / (2x)),
 * k = -K..K, with exp(-w^2 / (2x)) factored out; from it on the large-time
 *     f = pi sum_(k>=1) k exp(-k^2 pi^2 x / 2) sin(k pi w),
 * with exp(-pi^2 x / 2) factored out.  With K = 8 the first term left out
 * is below exp(-2 K (K - 1) / x) <= e^-112 of the leading one (small time,
 * x < 1) and exp(-((K+1)^2 - 1) pi^2 x / 2) <= e^-394 (large time, x >= 1),
 * so the truncation error is far below rounding. */
BM_FN double bm__wiener_log_f(double x, double w, double *dx, double *dw) {
    double s = 0, sx = 0, sw = 0;
    if (x < BM__WIENER_SWITCH) {
        for (int k = -BM__WIENER_TERMS; k <= BM__WIENER_TERMS; k++) {
            double u = w + 2.0 * k, e = exp(-2.0 * k * (k + w) / x);
            s += u * e;
            sx += u * e * 2.0 * k * (k + w) / (x * x);
            sw += e * (1.0 - 2.0 * k * u / x);
        }
        *dx = -1.5 / x + w * w / (2.0 * x * x) + sx / s;
        *dw = -w / x + sw / s;
        return -BM_HALF_LOG_2PI - 1.5 * log(x) - w * w / (2.0 * x) + log(s);
    }
    for (int k = 1; k <= BM__WIENER_TERMS; k++) {
        double e = exp(-(k * k - 1.0) * BM_PI * BM_PI * x / 2.0);
        double sn = sin(k * BM_PI * w), cs = cos(k * BM_PI * w);
        s += k * e * sn;
        sx -= k * e * sn * (k * k - 1.0) * BM_PI * BM_PI / 2.0;
        sw += k * k * BM_PI * e * cs;
    }
    *dx = -BM_PI * BM_PI / 2.0 + sx / s;
    *dw = sw / s;
    return BM_LOG_PI - BM_PI * BM_PI * x / 2.0 + log(s);
}

/* wiener(y | alpha, tau, beta, delta): the density of the time y at which a
 * Wiener process with drift delta, started at beta alpha between barriers
 * 0 and alpha, first reaches the UPPER barrier, after the non-decision time
 * tau (Stan's 4-parameter wiener).  By reflection it is the lower-barrier
 * density with start w = 1 - beta and drift -delta:
 *     log p = delta alpha w - delta^2 t / 2 - 2 log alpha + log f(t / alpha^2 | w),
 * t = y - tau (bm__wiener_log_f).  NaN (Stan throws) unless alpha > 0,
 * tau > 0, 0 < beta < 1, delta finite and tau < y < inf.  With propto
 * every term is kept unless no argument is active (the two series' constants
 * are not separable).  Args 0 y, 1 alpha, 2 tau, 3 beta, 4 delta. */
BM_FN double bm_wiener_lpdf(double y, double alpha, double tau, double beta, double delta,
                            int propto, unsigned active, double *dy, double *dalpha,
                            double *dtau, double *dbeta, double *ddelta) {
    if (!bm__pos_ok(alpha) || !bm__pos_ok(tau) || !(beta > 0 && beta < 1) ||
        !isfinite(delta) || !(y > tau && isfinite(y))) {
        bm__put(ddelta, BM_NAN);
        return bm__fail(dy, dalpha, dtau, dbeta);
    }
    double t = y - tau, a2 = alpha * alpha, x = t / a2, w = 1.0 - beta, fx, fw;
    double lf = bm__wiener_log_f(x, w, &fx, &fw);
    bm__put(dy, -delta * delta / 2.0 + fx / a2);
    bm__put(dtau, delta * delta / 2.0 - fx / a2);
    bm__put(dalpha, delta * w - 2.0 / alpha - 2.0 * x * fx / alpha);
    bm__put(dbeta, -delta * alpha - fw);
    bm__put(ddelta, alpha * w - delta * t);
    if (!bm__keep(propto, active, 31)) return 0.0;
    return delta * alpha * w - delta * delta * t / 2.0 - 2.0 * log(alpha) + lf;
}

#endif
