/* stdlib/bm_math_spec.h — Stan's special real functions with partials.
 *
 * In:  doubles (an `int` where Stan's argument is an int).  Out: for each
 * catalog entry a value function and a `_d` twin writing one partial per real
 * argument (each pointer may be NULL): the normal cdf and its inverses, the
 * error functions, Owen's T, the gamma, beta and binomial families, the
 * regularized incomplete gamma and beta functions and the inverse of the
 * latter, and Lambert's W.  Int-valued functions (choose) return a double
 * holding a whole number, or NaN on a domain error.
 * Never: uses globals, errno, printf or malloc, or a <math.h> function that
 * CUDA device code lacks (included from bm_math.h; compiled by nvcc too).
 *
 * Domain errors give NaN.  The incomplete gamma and beta functions reuse the
 * log-scale cores of bm_special.h, whose shape derivatives come from forward
 * dual arithmetic through the series and continued fractions; the inverse
 * functions are Newton iterations on those, and their partials follow from
 * the implicit function theorem.
 */
#ifndef BM_MATH_SPEC_H
#define BM_MATH_SPEC_H

#include "bm_special.h"

#define BM_SQRT1_2 0.707106781186547524400844362104849039
#define BM_SQRT_2PI 2.50662827463100050241576528481104525
#define BM_TWO_OVER_SQRT_PI 1.12837916709551257389615890312154517

/* ---- the normal cdf, its inverses and the error functions --------------- */

/* The standard normal density. */
BM_FN double bm__phi(double x) { return exp(-0.5 * x * x - BM_HALF_LOG_2PI); }

/* Standard normal cdf; erfc in the lower half keeps the far tail relative. */
BM_FN double bm_Phi(double x) {
    if (x < 0) return 0.5 * erfc(-x * BM_SQRT1_2);
    return 0.5 + 0.5 * erf(x * BM_SQRT1_2);
}
/* Phi; d/dx = phi(x). */
BM_FN double bm_Phi_d(double x, double *dx) {
    bm__put(dx, bm__phi(x));
    return bm_Phi(x);
}

/* The error function. */
BM_FN double bm_erf(double x) { return erf(x); }
/* erf; d/dx = 2/sqrt(pi) e^(-x^2). */
BM_FN double bm_erf_d(double x, double *dx) {
    bm__put(dx, BM_TWO_OVER_SQRT_PI * exp(-x * x));
    return erf(x);
}

/* The complementary error function 1 - erf(x). */
BM_FN double bm_erfc(double x) { return erfc(x); }
/* erfc; d/dx = -2/sqrt(pi) e^(-x^2). */
BM_FN double bm_erfc_d(double x, double *dx) {
    bm__put(dx, -BM_TWO_OVER_SQRT_PI * exp(-x * x));
    return erfc(x);
}

/* Phi_approx: Stan's logistic approximation inv_logit(0.07056 x^3 + 1.5976 x). */
BM_FN double bm_Phi_approx(double x) { return bm_inv_logit(0.07056 * x * x * x + 1.5976 * x); }
/* Phi_approx; d/dx = p (1 - p) (0.21168 x^2 + 1.5976). */
BM_FN double bm_Phi_approx_d(double x, double *dx) {
    double u = 0.07056 * x * x * x + 1.5976 * x;
    bm__put(dx, bm_inv_logit(u) * bm_inv_logit(-u) * (0.21168 * x * x + 1.5976));
    return bm_inv_logit(u);
}

/* x <= 0 with log Phi(x) = lp, for lp <= log(1/4): Newton on log Phi
 * (concave, so the iterates approach the root from below after one step),
 * started from Abramowitz & Stegun 26.2.23 (absolute error < 4.5e-4). */
BM_FN double bm__inv_Phi_tail(double lp) {
    double t = sqrt(-2.0 * lp);
    double x = -(t - (2.515517 + t * (0.802853 + t * 0.010328))
                     / (1.0 + t * (1.432788 + t * (0.189269 + t * 0.001308))));
    for (int i = 0; i < 40; i++) {
        double g, dx = (bm__log_Phi(x, &g) - lp) / g;
        x -= dx;
        if (!(fabs(dx) > 1e-13 * fabs(x))) break;  /* the error is now ~dx^2 */
    }
    return x;
}

/* x with Phi(x) = 1/2 + d for |d| <= 1/4: Newton on erf (which keeps the
 * relative accuracy of small x), started from the series of inv_Phi at 1/2. */
BM_FN double bm__inv_Phi_center(double d) {
    double s = d * BM_SQRT_2PI, x = s * (1.0 + s * s * (1.0 / 6 + s * s * (7.0 / 120)));
    for (int i = 0; i < 40; i++) {
        double dx = (0.5 * erf(x * BM_SQRT1_2) - d) / bm__phi(x);
        x -= dx;
        if (!(fabs(dx) > 1e-13 * fabs(x))) break;
    }
    return x;
}

/* The standard normal quantile: Phi(x) = p, p in [0, 1] (+-inf at the ends). */
BM_FN double bm_inv_Phi(double p) {
    if (!(p >= 0 && p <= 1)) return BM_NAN;
    if (p < 0.25) return p == 0 ? -BM_INF : bm__inv_Phi_tail(log(p));
    if (p > 0.75) return p == 1 ? BM_INF : -bm__inv_Phi_tail(log1p(-p));
    return bm__inv_Phi_center(p - 0.5);  /* exact subtraction */
}
/* inv_Phi; d/dp = 1/phi(x). */
BM_FN double bm_inv_Phi_d(double p, double *dp) {
    double x = bm_inv_Phi(p);
    bm__put(dp, exp(0.5 * x * x + BM_HALF_LOG_2PI));
    return x;
}

/* The standard normal quantile of a log probability: log Phi(x) = lp <= 0;
 * usable where p itself underflows (lp = -1e5). */
BM_FN double bm_std_normal_log_qf(double lp) {
    if (!(lp <= 0)) return BM_NAN;
    if (lp == -BM_INF) return -BM_INF;
    if (lp < -1.3862943611198906) return bm__inv_Phi_tail(lp);  /* log(1/4) */
    double q = -expm1(lp);                                        /* 1 - p */
    if (q < 0.25) return q == 0 ? BM_INF : -bm__inv_Phi_tail(log(q));
    return bm__inv_Phi_center(0.5 - q);
}
/* std_normal_log_qf; d/dlp = p / phi(x). */
BM_FN double bm_std_normal_log_qf_d(double lp, double *dlp) {
    double x = bm_std_normal_log_qf(lp);
    bm__put(dlp, exp(lp + 0.5 * x * x + BM_HALF_LOG_2PI));
    return x;
}

/* Inverse of erfc on [0, 2]: -inv_Phi(z/2)/sqrt(2). */
BM_FN double bm_inv_erfc(double z) {
    if (!(z >= 0 && z <= 2)) return BM_NAN;
    return -bm_inv_Phi(0.5 * z) * BM_SQRT1_2;
}
/* inv_erfc; d/dz = -sqrt(pi)/2 e^(y^2), y the value. */
BM_FN double bm_inv_erfc_d(double z, double *dz) {
    double y = bm_inv_erfc(z);
    bm__put(dz, -exp(y * y) / BM_TWO_OVER_SQRT_PI);
    return y;
}

/* Owen's T(h, a) = 1/(2 pi) integral_0^a e^(-h^2 (1+x^2)/2) / (1+x^2) dx. */
BM_FN double bm_owens_t(double h, double a) {
    if (isnan(h) || isnan(a)) return BM_NAN;
    return bm__owens_t(h, a);
}
/* owens_t; d/dh = -phi(h) erf(a h / sqrt 2) / 2,
 * d/da = e^(-h^2 (1+a^2)/2) / (2 pi (1+a^2)). */
BM_FN double bm_owens_t_d(double h, double a, double *dh, double *da) {
    double v = bm_owens_t(h, a), c = 1.0 + a * a;
    bm__put(dh, -0.5 * bm__phi(h) * erf(a * h * BM_SQRT1_2));
    bm__put(da, exp(-0.5 * h * h * c) / (2.0 * BM_PI * c));
    return v;
}

/* Log loss of predicting yhat in [0, 1] for the outcome y in {0, 1}:
 * -log(yhat) when y = 1, -log(1 - yhat) when y = 0. */
BM_FN double bm_binary_log_loss(int y, double yhat) {
    if ((y != 0 && y != 1) || !(yhat >= 0 && yhat <= 1)) return BM_NAN;
    return y ? -log(yhat) : -log1p(-yhat);
}
/* binary_log_loss; d/dyhat = -1/yhat (y = 1) or 1/(1 - yhat) (y = 0). */
BM_FN double bm_binary_log_loss_d(int y, double yhat, double *dyhat) {
    double v = bm_binary_log_loss(y, yhat);
    bm__put(dyhat, isnan(v) ? v : y ? -1.0 / yhat : 1.0 / (1.0 - yhat));
    return v;
}

/* ---- gamma and beta functions ------------------------------------------- */

/* Gamma(x); NaN at 0 and the negative integers (its poles). */
BM_FN double bm_tgamma(double x) {
    if (x == 0 || (x < 0 && x == floor(x))) return BM_NAN;
    return tgamma(x);
}
/* tgamma; d/dx = Gamma(x) digamma(x). */
BM_FN double bm_tgamma_d(double x, double *dx) {
    double v = bm_tgamma(x);
    bm__put(dx, v * bm_digamma(x));
    return v;
}

/* tetragamma psi''(x): recurrence up to x >= 10, then the asymptotic series
 * (from the Bernoulli numbers); reflection for x <= 0.  NaN at the poles. */
BM_FN double bm__tetragamma(double x) {
    if (isnan(x) || x == -BM_INF) return BM_NAN;
    if (x == BM_INF) return 0.0;
    if (x <= 0) {
        if (x == floor(x)) return BM_NAN;
        /* psi''(x) = psi''(1-x) - 2 pi^3 cos(pi x) / sin^3(pi x) */
        double s = sin(BM_PI * x), c = cos(BM_PI * x);
        return bm__tetragamma(1.0 - x) - 2.0 * BM_PI * BM_PI * BM_PI * c / (s * s * s);
    }
    double acc = 0.0;
    while (x < 10.0) {
        acc -= 2.0 / (x * x * x);
        x += 1.0;
    }
    double r = 1.0 / (x * x);
    double s = 0.5 - r * (1.0 / 6 - r * (1.0 / 6 - r * (3.0 / 10 - r * (5.0 / 6
               - r * (691.0 / 210 - r * (35.0 / 2))))));
    return acc - r - r / x - r * r * s;
}

/* trigamma; d/dx = tetragamma(x). */
BM_FN double bm_trigamma_d(double x, double *dx) {
    bm__put(dx, bm__tetragamma(x));
    return bm_trigamma(x);
}

/* lbeta; d/da = digamma(a) - digamma(a+b), d/db = digamma(b) - digamma(a+b). */
BM_FN double bm_lbeta_d(double a, double b, double *da, double *db) {
    double v = bm_lbeta(a, b), ps = bm_digamma(a + b);
    bm__put(da, isnan(v) ? v : bm_digamma(a) - ps);
    bm__put(db, isnan(v) ? v : bm_digamma(b) - ps);
    return v;
}

/* The beta function B(a, b) = e^lbeta(a, b), a, b >= 0 (Stan's beta(a, b);
 * named apart from the beta density). */
BM_FN double bm_beta_function(double a, double b) { return exp(bm_lbeta(a, b)); }
/* beta; d/da = B (digamma(a) - digamma(a+b)), likewise for b. */
BM_FN double bm_beta_function_d(double a, double b, double *da, double *db) {
    double la, lb, v = exp(bm_lbeta_d(a, b, &la, &lb));
    bm__put(da, v * la);
    bm__put(db, v * lb);
    return v;
}

/* log of the generalized binomial coefficient
 * Gamma(n+1) / (Gamma(k+1) Gamma(n-k+1)) for n >= -1, -1 <= k <= n+1
 * (Stan's lchoose and binomial_coefficient_log); 0 when k is 0 or n.
 * Computed as -log1p(n) - lbeta(n-k+1, k+1) on the smaller side of n/2. */
BM_FN double bm_binomial_coefficient_log(double n, double k) {
    if (!(n >= -1 && k >= -1 && k <= n + 1)) return BM_NAN;
    if (k == 0 || k == n) return 0.0;
    if (n > -1 && k > 0.5 * n) k = n - k;
    return -log1p(n) - bm_lbeta(n - k + 1.0, k + 1.0);
}
/* d/dn = digamma(n+1) - digamma(n-k+1), d/dk = digamma(n-k+1) - digamma(k+1). */
BM_FN double bm_binomial_coefficient_log_d(double n, double k, double *dn, double *dk) {
    double v = bm_binomial_coefficient_log(n, k), pm = bm_digamma(n - k + 1.0);
    bm__put(dn, isnan(v) ? v : bm_digamma(n + 1.0) - pm);
    bm__put(dk, isnan(v) ? v : pm - bm_digamma(k + 1.0));
    return v;
}

/* n choose k for ints 0 <= k (0 when k > n); NaN when n < 0, k < 0 or the
 * result does not fit an int.  Exact: C(m, i) = C(m-1, i-1) m / i. */
BM_FN double bm_choose(int n, int k) {
    if (n < 0 || k < 0) return BM_NAN;
    if (k > n) return 0.0;
    if (k > n - k) k = n - k;
    long long r = 1;
    for (int i = 1; i <= k; i++) {
        r = r * (long long)(n - k + i) / i;
        if (r > 2147483647LL) return BM_NAN;
    }
    return (double)r;
}

/* log of the multivariate gamma function Gamma_k(x) =
 * pi^(k(k-1)/4) prod_{j=1..k} Gamma(x + (1-j)/2); NaN for k < 0. */
BM_FN double bm_lmgamma(int k, double x) {
    if (k < 0 || isnan(x)) return BM_NAN;
    double s = 0.25 * k * (k - 1.0) * BM_LOG_PI;
    for (int j = 1; j <= k; j++) s += lgamma(x + 0.5 * (1 - j));
    return s;
}
/* lmgamma; d/dx = sum_j digamma(x + (1-j)/2). */
BM_FN double bm_lmgamma_d(int k, double x, double *dx) {
    double d = 0.0;
    for (int j = 1; j <= k && dx; j++) d += bm_digamma(x + 0.5 * (1 - j));
    double v = bm_lmgamma(k, x);
    bm__put(dx, isnan(v) ? v : d);
    return v;
}

/* prod_{i<n} (x + s i) for s = -1 (falling) or +1 (rising), n >= 0, and its
 * derivative in x: the product times the sum of the inverse factors, or,
 * with a zero factor, the product of the others.  NaN for NaN x or n < 0.
 * Stops once the product overflows (so a huge n costs little). */
BM_FN double bm__factorial_prod(double x, int n, double s, double *dx) {
    if (isnan(x) || n < 0) {
        bm__put(dx, BM_NAN);
        return BM_NAN;
    }
    double z = -s * x, p = 1.0, inv = 0.0;  /* the factor x + s z is 0 */
    int zero = z == floor(z) && z >= 0 && z < n;
    for (int i = 0; i < n && isfinite(p); i++) {
        if (zero && i == (int)z) continue;
        double f = x + s * i;
        p *= f;
        inv += 1.0 / f;
    }
    bm__put(dx, zero ? p : p * inv);
    return zero ? 0.0 : p;
}

/* Falling factorial x (x-1) ... (x-n+1), n >= 0 (1 for n = 0). */
BM_FN double bm_falling_factorial(double x, int n) { return bm__factorial_prod(x, n, -1.0, 0); }
BM_FN double bm_falling_factorial_d(double x, int n, double *dx) {
    return bm__factorial_prod(x, n, -1.0, dx);
}

/* Rising factorial x (x+1) ... (x+n-1), n >= 0 (1 for n = 0). */
BM_FN double bm_rising_factorial(double x, int n) { return bm__factorial_prod(x, n, 1.0, 0); }
BM_FN double bm_rising_factorial_d(double x, int n, double *dx) {
    return bm__factorial_prod(x, n, 1.0, dx);
}

/* lgamma(y + h) - lgamma(y) for any h with y > 0 and y + h > 0, through the
 * cancellation-free difference of bm_math.h. */
BM_FN double bm__lgamma_delta(double y, double h) {
    if (h >= 0) return bm__lgamma_diff(y, h);
    return -bm__lgamma_diff(y + h, -h);
}

/* log of the falling factorial, lgamma(x+1) - lgamma(x-n+1), x > 0. */
BM_FN double bm_log_falling_factorial(double x, double n) {
    if (!(x > 0) || isnan(n)) return BM_NAN;
    if (x - n + 1.0 > 0) return bm__lgamma_delta(x - n + 1.0, n);
    return lgamma(x + 1.0) - lgamma(x - n + 1.0);
}
/* d/dx = digamma(x+1) - digamma(x-n+1), d/dn = digamma(x-n+1). */
BM_FN double bm_log_falling_factorial_d(double x, double n, double *dx, double *dn) {
    double v = bm_log_falling_factorial(x, n), p = bm_digamma(x - n + 1.0);
    bm__put(dx, isnan(v) ? v : bm_digamma(x + 1.0) - p);
    bm__put(dn, isnan(v) ? v : p);
    return v;
}

/* log of the rising factorial, lgamma(x+n) - lgamma(x), x > 0. */
BM_FN double bm_log_rising_factorial(double x, double n) {
    if (!(x > 0) || isnan(n)) return BM_NAN;
    if (x + n > 0) return bm__lgamma_delta(x, n);
    return lgamma(x + n) - lgamma(x);
}
/* d/dx = digamma(x+n) - digamma(x), d/dn = digamma(x+n). */
BM_FN double bm_log_rising_factorial_d(double x, double n, double *dx, double *dn) {
    double v = bm_log_rising_factorial(x, n), p = bm_digamma(x + n);
    bm__put(dx, isnan(v) ? v : p - bm_digamma(x));
    bm__put(dn, isnan(v) ? v : p);
    return v;
}

/* ---- regularized incomplete gamma --------------------------------------- */

/* P(a, x) (upper = 0) or Q(a, x) (upper = 1) for a > 0, x >= 0, with
 * d/da from bm__inc_gamma and d/dx = -+ x^(a-1) e^-x / Gamma(a). */
BM_FN double bm__gamma_pq(double a, double x, int upper, double *da, double *dx) {
    if (!(a > 0 && x >= 0)) {
        bm__put(da, BM_NAN);
        bm__put(dx, BM_NAN);
        return BM_NAN;
    }
    double lp, lq, dlp, dlq;
    bm__inc_gamma(a, x, &lp, &lq, &dlp, &dlq);
    double v = exp(upper ? lq : lp);
    double dens = x > 0 ? exp(bm__gamma_lpre(a, x) - log(x)) : a < 1 ? BM_INF : a == 1 ? 1.0 : 0.0;
    bm__put(dx, upper ? -dens : dens);
    bm__put(da, v == 0 ? 0.0 : v * (upper ? dlq : dlp));
    return v;
}

/* Regularized lower incomplete gamma P(a, x) = gamma(a, x) / Gamma(a). */
BM_FN double bm_gamma_p(double a, double x) { return bm__gamma_pq(a, x, 0, 0, 0); }
BM_FN double bm_gamma_p_d(double a, double x, double *da, double *dx) {
    return bm__gamma_pq(a, x, 0, da, dx);
}

/* Regularized upper incomplete gamma Q(a, x) = 1 - P(a, x). */
BM_FN double bm_gamma_q(double a, double x) { return bm__gamma_pq(a, x, 1, 0, 0); }
BM_FN double bm_gamma_q_d(double a, double x, double *da, double *dx) {
    return bm__gamma_pq(a, x, 1, da, dx);
}

/* ---- regularized incomplete beta and its inverse ------------------------ */

/* log of dI/dx = x^(a-1) (1-x)^(b-1) / B(a, b) for x in (0, 1), y = 1 - x. */
BM_FN double bm__ibeta_ldens(double a, double b, double x, double y) {
    return bm__beta_lpre(a, b, x, y) - log(x) - log(y);
}

/* dI/dx at an end of [0, 1]: the limit of x^(c-1) / B(a, b) as x -> 0 with
 * c the shape at that end (a at 0, b at 1). */
BM_FN double bm__ibeta_end_dens(double a, double b, double c) {
    return c < 1 ? BM_INF : c == 1 ? exp(-bm_lbeta(a, b)) : 0.0;
}

/* The regularized incomplete beta function I_x(a, b), a, b > 0, x in [0, 1]. */
BM_FN double bm_inc_beta(double a, double b, double x) {
    if (!(a > 0 && b > 0 && x >= 0 && x <= 1)) return BM_NAN;
    double li, lc, g[4];
    bm__inc_beta(a, b, x, 1.0 - x, &li, &lc, g);
    return exp(li);
}
/* inc_beta; d/da, d/db from bm__inc_beta's dual-number shape derivatives,
 * d/dx = x^(a-1) (1-x)^(b-1) / B(a, b). */
BM_FN double bm_inc_beta_d(double a, double b, double x, double *da, double *db, double *dx) {
    double v = bm_inc_beta(a, b, x);
    if (isnan(v)) {
        bm__put(da, v);
        bm__put(db, v);
        bm__put(dx, v);
        return v;
    }
    double li, lc, g[4], y = 1.0 - x;
    bm__inc_beta(a, b, x, y, &li, &lc, g);
    bm__put(da, v == 0 ? 0.0 : v * g[0]);
    bm__put(db, v == 0 ? 0.0 : v * g[1]);
    if (x == 0 || y == 0) bm__put(dx, bm__ibeta_end_dens(a, b, x == 0 ? a : b));
    else bm__put(dx, exp(bm__ibeta_ldens(a, b, x, y)));
    return v;
}

/* One safeguarded Newton step for inv_inc_beta at x (y = 1 - x): the
 * residual f of the log of the tail being matched has slope `slope` in x.
 * The step is taken in log x below 1/2 and in log(1 - x) above (where the
 * tails are nearly linear); outside the bracket (lo, hi) it bisects. */
BM_FN double bm__inv_ibeta_step(double x, double y, double f, double slope, double lo,
                                double hi) {
    double xn = x < 0.5 ? x * exp(-f / (x * slope)) : 1.0 - y * exp(f / (y * slope));
    if (xn > lo && xn < hi) return xn;
    return lo > 0 && hi / lo > 16.0 ? sqrt(lo * hi) : lo == 0 ? 0.0625 * hi : 0.5 * (lo + hi);
}

/* x with I_x(a, b) = p for 0 < p < 1: safeguarded Newton on log I (p <= 1/2)
 * or log(1 - I) (p > 1/2), started from the small-x or small-(1-x) forms
 * I ~ x^a / (a B) and 1 - I ~ (1-x)^b / (b B). */
BM__FN_OUTLINE double bm__inv_inc_beta(double a, double b, double p) {
    int up = p > 0.5;
    double lt = up ? log1p(-p) : log(p), lb = bm_lbeta(a, b), lo = 0.0, hi = 1.0;
    double x = up ? -expm1((lt + log(b) + lb) / b) : exp((lt + log(a) + lb) / a);
    if (!(x > 0 && x < 1)) x = a / (a + b);
    for (int it = 0; it < 400; it++) {
        double y = 1.0 - x, li, lc, g[4];
        bm__inc_beta(a, b, x, y, &li, &lc, g);
        double f = (up ? lc : li) - lt, ld = bm__ibeta_ldens(a, b, x, y);
        if (f == 0) break;
        if ((f > 0) != up) hi = x;
        else lo = x;
        double slope = up ? -exp(ld - lc) : exp(ld - li);
        double xn = bm__inv_ibeta_step(x, y, f, slope, lo, hi);
        double rel = fabs(xn - x) / (x < 0.5 ? x : y);
        x = xn;
        if (rel < 1e-15 || hi - lo <= 2e-16 * hi) break;
    }
    return x;
}

/* The inverse of inc_beta in x: I_x(a, b) = p, a, b > 0, p in [0, 1]. */
BM_FN double bm_inv_inc_beta(double a, double b, double p) {
    if (!(a > 0 && b > 0 && p >= 0 && p <= 1)) return BM_NAN;
    if (p == 0 || p == 1) return p;
    return bm__inv_inc_beta(a, b, p);
}
/* inv_inc_beta; with D = dI/dx at the solution: d/dp = 1/D,
 * d/da = -(dI/da)/D, d/db = -(dI/db)/D (implicit differentiation). */
BM_FN double bm_inv_inc_beta_d(double a, double b, double p, double *da, double *db,
                               double *dp) {
    double x = bm_inv_inc_beta(a, b, p), y = 1.0 - x;
    if (isnan(x) || x == 0 || y == 0) {
        double e = isnan(x) ? x : 0.0;
        bm__put(da, e);
        bm__put(db, e);
        bm__put(dp, isnan(x) ? x : 1.0 / bm__ibeta_end_dens(a, b, x == 0 ? a : b));
        return x;
    }
    double li, lc, g[4];
    bm__inc_beta(a, b, x, y, &li, &lc, g);
    double inv_d = exp(-bm__ibeta_ldens(a, b, x, y)), iv = exp(li);
    bm__put(da, -iv * g[0] * inv_d);
    bm__put(db, -iv * g[1] * inv_d);
    bm__put(dp, inv_d);
    return x;
}

/* ---- hypergeometric functions ------------------------------------------- */

/* 1F0(a;;z) = sum_k (a)_k z^k / k! = (1 - z)^(-a) for |z| < 1 (NaN outside). */
BM_FN double bm_hypergeometric_1F0(double a, double z) {
    if (!(fabs(z) < 1) || isnan(a)) return BM_NAN;
    return exp(-a * log1p(-z));
}
/* 1F0; d/da = -log(1 - z) (1 - z)^(-a), d/dz = a (1 - z)^(-a-1). */
BM_FN double bm_hypergeometric_1F0_d(double a, double z, double *da, double *dz) {
    double v = bm_hypergeometric_1F0(a, z);
    bm__put(da, -log1p(-z) * v);
    bm__put(dz, a * v / (1.0 - z));
    return v;
}

/* ---- Lambert W ---------------------------------------------------------- */

#define BM__INV_E 0.367879441171442321595523770161460867

/* Halley's iteration on w e^w = x from w (both branches, away from the
 * branch point and from overflow of e^w). */
BM_FN double bm__lambert_halley(double x, double w) {
    for (int i = 0; i < 60; i++) {
        double e = exp(w), f = w * e - x, w1 = w + 1.0;
        double dw = f / (e * w1 - (w + 2.0) * f / (2.0 * w1));
        w -= dw;
        if (!(fabs(dw) > 1e-15 * (1.0 + fabs(w)))) break;
    }
    return w;
}

/* Newton on log|w| + w = log|x| (w and x of one sign, |w| >= 1): no
 * overflow or underflow of e^w for the large branches. */
BM_FN double bm__lambert_log_newton(double x, double w) {
    double lx = log(fabs(x));
    for (int i = 0; i < 60; i++) {
        double dw = (log(fabs(w)) + w - lx) * w / (w + 1.0);
        w -= dw;
        if (!(fabs(dw) > 1e-15 * fabs(w))) break;
    }
    return w;
}

/* Series start near the branch point x = -1/e, p = +-sqrt(2 (e x + 1)). */
BM_FN double bm__lambert_branch(double x, double sign) {
    double p = sign * sqrt(fmax(0.0, 2.0 * (x / BM__INV_E + 1.0)));
    return -1.0 + p * (1.0 + p * (-1.0 / 3 + p * (11.0 / 72)));
}

/* Principal branch W0(x) >= -1 of w e^w = x, x >= -1/e. */
BM_FN double bm_lambert_w0(double x) {
    if (!(x >= -BM__INV_E)) return BM_NAN;
    if (x == -BM__INV_E) return -1.0;
    if (x == 0 || x == BM_INF) return x;
    if (x < -0.25) return bm__lambert_halley(x, bm__lambert_branch(x, 1.0));
    double l = log1p(x), w = l * (1.0 - log1p(l) / (2.0 + l));  /* Winitzki's start */
    return x > 3.0 ? bm__lambert_log_newton(x, w) : bm__lambert_halley(x, w);
}

/* Lower branch W-1(x) <= -1 of w e^w = x, -1/e <= x < 0 (-inf at 0). */
BM_FN double bm_lambert_wm1(double x) {
    if (!(x >= -BM__INV_E && x <= 0)) return BM_NAN;
    if (x == -BM__INV_E) return -1.0;
    if (x == 0) return -BM_INF;
    if (x < -0.25) return bm__lambert_halley(x, bm__lambert_branch(x, -1.0));
    double l1 = log(-x), l2 = log(-l1);
    return bm__lambert_log_newton(x, l1 - l2 + l2 / l1);
}

/* W'(x) = W / (x (1 + W)), 1 at x = 0. */
BM_FN double bm__lambert_slope(double x, double w) {
    return x == 0 ? (w == 0 ? 1.0 : 0.0) : w / (x * (1.0 + w));
}
BM_FN double bm_lambert_w0_d(double x, double *dx) {
    double w = bm_lambert_w0(x);
    bm__put(dx, bm__lambert_slope(x, w));
    return w;
}
BM_FN double bm_lambert_wm1_d(double x, double *dx) {
    double w = bm_lambert_wm1(x);
    bm__put(dx, bm__lambert_slope(x, w));
    return w;
}

#endif
