/* stdlib/bm_math_elem.h — Stan's elementary real functions with partials.
 *
 * In:  doubles (an `int` where Stan's argument is an int).  Out: for each
 * catalog entry a value function and a `_d` twin that returns the same value
 * and writes one partial derivative per real argument through pointers (each
 * may be NULL): rounding and bounds, powers and logarithms, trigonometric and
 * hyperbolic functions, the composed log/exp forms, and the constants.
 * Int-valued functions return a double holding a whole number (or NaN on a
 * domain error), as catalog.h describes.
 * Never: uses globals, errno, printf or malloc, or a <math.h> function that
 * CUDA device code lacks (included from bm_math.h; compiled by nvcc too).
 *
 * Domain errors give NaN.  Functions that are flat almost everywhere (floor,
 * step, ...) have partial 0; where a bound or rounding function has a kink,
 * the partial is that of the branch taken (ties go to the first argument).
 */
#ifndef BM_MATH_ELEM_H
#define BM_MATH_ELEM_H

#include "bm_math.h"

/* ---- constants (Stan's pi(), e(), ...; no arguments, so no partials) ----- */

BM_FN double bm_const_pi(void) { return BM_PI; }
BM_FN double bm_const_e(void) { return 2.71828182845904523536028747135266250; }
BM_FN double bm_const_sqrt2(void) { return 1.41421356237309504880168872420969808; }
BM_FN double bm_const_log2(void) { return BM_LOG_2; }
BM_FN double bm_const_log10(void) { return 2.30258509299404568401799145468436421; }
BM_FN double bm_const_not_a_number(void) { return BM_NAN; }
BM_FN double bm_const_positive_infinity(void) { return BM_INF; }
BM_FN double bm_const_negative_infinity(void) { return -BM_INF; }
/* The smallest x with 1 + x != 1 in double precision (2^-52). */
BM_FN double bm_const_machine_precision(void) { return 2.220446049250313080847263336181640625e-16; }

/* ---- rounding and step functions (partial 0) ---------------------------- */

/* Defines bm_NAME(x) = F(x) and bm_NAME_d with partial 0. */
#define BM__FLAT1(name, F)                                                  \
    BM_FN double bm_##name(double x) { return F(x); }                       \
    BM_FN double bm_##name##_d(double x, double *dx) {                      \
        bm__put(dx, 0.0);                                                   \
        return F(x);                                                        \
    }

/* 0 for x < 0, else 1 (so step(0) = step(NaN) = 1, as in Stan). */
BM_FN double bm__step(double x) { return x < 0 ? 0.0 : 1.0; }

BM__FLAT1(floor, floor)
BM__FLAT1(ceil, ceil)
BM__FLAT1(round, round) /* halves away from zero */
BM__FLAT1(trunc, trunc)
BM__FLAT1(step, bm__step)
#undef BM__FLAT1

/* int_step: 1 for x > 0, else 0 (NaN gives 0). */
BM_FN double bm_int_step(double x) { return x > 0 ? 1.0 : 0.0; }
/* 1 when x is +-infinity, else 0. */
BM_FN double bm_is_inf(double x) { return isinf(x) ? 1.0 : 0.0; }
/* 1 when x is NaN, else 0. */
BM_FN double bm_is_nan(double x) { return isnan(x) ? 1.0 : 0.0; }
/* to_int: x truncated toward zero; NaN (rejected) for NaN, infinities and
 * values whose truncation is outside Stan's 32-bit int range
 * [-2147483648, 2147483647] */
BM_FN double bm_to_int(double x) {
    return x > -2147483649.0 && x < 2147483648.0 ? trunc(x) : BM_NAN;
}
/* !x of a real: 1 when x is 0, else 0 (also for NaN, as in C++) */
BM_FN double bm_logical_negation(double x) { return x == 0 ? 1.0 : 0.0; }

/* ---- absolute value and bounds ------------------------------------------ */

/* |x| (Stan's abs of a real). */
BM_FN double bm_abs(double x) { return fabs(x); }
/* |x|; d/dx = sign(x), 0 at 0. */
BM_FN double bm_abs_d(double x, double *dx) { return bm_fabs_d(x, dx); }
/* |n| of an int, as a whole double. */
BM_FN double bm_abs_int(int n) { return fabs((double)n); }

/* The smaller int. */
BM_FN double bm_min_int(int a, int b) { return a < b ? (double)a : (double)b; }
/* The larger int. */
BM_FN double bm_max_int(int a, int b) { return a > b ? (double)a : (double)b; }

/* Writes partial 1 to the argument chosen (first when `first`), 0 to the
 * other; NaN to both when the result is NaN. */
BM_FN void bm__pick(int first, double v, double *dx, double *dy) {
    double f = isnan(v) ? v : first ? 1.0 : 0.0, s = isnan(v) ? v : 1.0 - f;
    bm__put(dx, f);
    bm__put(dy, s);
}

/* The smaller of x and y; NaN when either is NaN (ties: x). */
BM_FN double bm_min(double x, double y) {
    if (isnan(x) || isnan(y)) return x + y;
    return x <= y ? x : y;
}
BM_FN double bm_min_d(double x, double y, double *dx, double *dy) {
    double v = bm_min(x, y);
    bm__pick(x <= y, v, dx, dy);
    return v;
}

/* The larger of x and y; NaN when either is NaN (ties: x). */
BM_FN double bm_max(double x, double y) {
    if (isnan(x) || isnan(y)) return x + y;
    return x >= y ? x : y;
}
BM_FN double bm_max_d(double x, double y, double *dx, double *dy) {
    double v = bm_max(x, y);
    bm__pick(x >= y, v, dx, dy);
    return v;
}

/* C's fmin: the smaller, ignoring one NaN argument (ties: x). */
BM_FN double bm_fmin(double x, double y) { return fmin(x, y); }
BM_FN double bm_fmin_d(double x, double y, double *dx, double *dy) {
    double v = fmin(x, y);
    bm__pick(isnan(y) || x <= y, v, dx, dy);
    return v;
}

/* C's fmax: the larger, ignoring one NaN argument (ties: x). */
BM_FN double bm_fmax(double x, double y) { return fmax(x, y); }
BM_FN double bm_fmax_d(double x, double y, double *dx, double *dy) {
    double v = fmax(x, y);
    bm__pick(isnan(y) || x >= y, v, dx, dy);
    return v;
}

/* Positive difference: x - y when x > y, else 0; NaN if either is NaN. */
BM_FN double bm_fdim(double x, double y) {
    if (isnan(x) || isnan(y)) return x + y;
    return x > y ? x - y : 0.0;
}
/* fdim; d/dx = 1, d/dy = -1 when x > y, else both 0. */
BM_FN double bm_fdim_d(double x, double y, double *dx, double *dy) {
    double v = bm_fdim(x, y), s = isnan(v) ? v : x > y ? 1.0 : 0.0;
    bm__put(dx, s);
    bm__put(dy, -s);
    return v;
}

/* C's fmod: x - trunc(x/y) y, the sign of x; NaN for y == 0. */
BM_FN double bm_fmod(double x, double y) { return fmod(x, y); }
/* fmod; d/dx = 1, d/dy = -trunc(x/y). */
BM_FN double bm_fmod_d(double x, double y, double *dx, double *dy) {
    double v = fmod(x, y);
    bm__put(dx, isnan(v) ? v : 1.0);
    bm__put(dy, isnan(v) ? v : -trunc(x / y));
    return v;
}

/* ---- powers and logarithms ---------------------------------------------- */

/* Cube root (any sign). */
BM_FN double bm_cbrt(double x) { return cbrt(x); }
/* cbrt; d/dx = 1/(3 cbrt(x)^2) (inf at 0). */
BM_FN double bm_cbrt_d(double x, double *dx) {
    double v = cbrt(x);
    bm__put(dx, 1.0 / (3.0 * v * v));
    return v;
}

/* 2^x. */
BM_FN double bm_exp2(double x) { return exp2(x); }
/* 2^x; d/dx = 2^x log 2. */
BM_FN double bm_exp2_d(double x, double *dx) {
    double v = exp2(x);
    bm__put(dx, v * BM_LOG_2);
    return v;
}

/* Base-2 logarithm; NaN for x < 0. */
BM_FN double bm_log2(double x) { return log2(x); }
/* log2; d/dx = 1/(x log 2). */
BM_FN double bm_log2_d(double x, double *dx) {
    bm__put(dx, 1.0 / (x * BM_LOG_2));
    return log2(x);
}

/* Base-10 logarithm; NaN for x < 0. */
BM_FN double bm_log10(double x) { return log10(x); }
/* log10; d/dx = 1/(x log 10). */
BM_FN double bm_log10_d(double x, double *dx) {
    bm__put(dx, 1.0 / (x * bm_const_log10()));
    return log10(x);
}

/* x 2^n. */
BM_FN double bm_ldexp(double x, int n) { return ldexp(x, n); }
/* ldexp; d/dx = 2^n. */
BM_FN double bm_ldexp_d(double x, int n, double *dx) {
    bm__put(dx, ldexp(1.0, n));
    return ldexp(x, n);
}

/* sqrt(x^2 + y^2) without overflow. */
BM_FN double bm_hypot(double x, double y) { return hypot(x, y); }
/* hypot; d/dx = x/h, d/dy = y/h (0 at the origin). */
BM_FN double bm_hypot_d(double x, double y, double *dx, double *dy) {
    double h = hypot(x, y);
    bm__put(dx, h == 0 ? 0.0 : x / h);
    bm__put(dy, h == 0 ? 0.0 : y / h);
    return h;
}

/* x y + z with one rounding. */
BM_FN double bm_fma(double x, double y, double z) { return fma(x, y, z); }
/* fma; d/dx = y, d/dy = x, d/dz = 1. */
BM_FN double bm_fma_d(double x, double y, double z, double *dx, double *dy, double *dz) {
    bm__put(dx, y);
    bm__put(dy, x);
    bm__put(dz, 1.0);
    return fma(x, y, z);
}

/* x log y, and 0 when x and y are both 0 (Stan's lmultiply / multiply_log). */
BM_FN double bm_lmultiply(double x, double y) {
    if (x == 0 && y == 0) return 0.0;
    return x * log(y);
}
/* lmultiply; d/dx = log y, d/dy = x / y. */
BM_FN double bm_lmultiply_d(double x, double y, double *dx, double *dy) {
    bm__put(dx, log(y));
    bm__put(dy, x / y);
    return bm_lmultiply(x, y);
}

/* ---- trigonometric functions -------------------------------------------- */

BM_FN double bm_sin(double x) { return sin(x); }
/* sin; d/dx = cos x. */
BM_FN double bm_sin_d(double x, double *dx) {
    bm__put(dx, cos(x));
    return sin(x);
}

BM_FN double bm_cos(double x) { return cos(x); }
/* cos; d/dx = -sin x. */
BM_FN double bm_cos_d(double x, double *dx) {
    bm__put(dx, -sin(x));
    return cos(x);
}

BM_FN double bm_tan(double x) { return tan(x); }
/* tan; d/dx = 1 + tan^2 x. */
BM_FN double bm_tan_d(double x, double *dx) {
    double v = tan(x);
    bm__put(dx, 1.0 + v * v);
    return v;
}

/* Arc sine; NaN outside [-1, 1]. */
BM_FN double bm_asin(double x) { return asin(x); }
/* asin; d/dx = 1/sqrt((1-x)(1+x)). */
BM_FN double bm_asin_d(double x, double *dx) {
    bm__put(dx, 1.0 / sqrt((1.0 - x) * (1.0 + x)));
    return asin(x);
}

/* Arc cosine; NaN outside [-1, 1]. */
BM_FN double bm_acos(double x) { return acos(x); }
/* acos; d/dx = -1/sqrt((1-x)(1+x)). */
BM_FN double bm_acos_d(double x, double *dx) {
    bm__put(dx, -1.0 / sqrt((1.0 - x) * (1.0 + x)));
    return acos(x);
}

BM_FN double bm_atan(double x) { return atan(x); }
/* atan; d/dx = 1/(1+x^2). */
BM_FN double bm_atan_d(double x, double *dx) {
    bm__put(dx, 1.0 / (1.0 + x * x));
    return atan(x);
}

/* Angle of the point (x, y) in (-pi, pi] (C's atan2(y, x)). */
BM_FN double bm_atan2(double y, double x) { return atan2(y, x); }
/* atan2; d/dy = x/(x^2+y^2), d/dx = -y/(x^2+y^2) (0 at the origin). */
BM_FN double bm_atan2_d(double y, double x, double *dy, double *dx) {
    double h = hypot(x, y);
    bm__put(dy, h == 0 ? 0.0 : (x / h) / h);
    bm__put(dx, h == 0 ? 0.0 : -(y / h) / h);
    return atan2(y, x);
}

/* ---- hyperbolic functions ----------------------------------------------- */

BM_FN double bm_sinh(double x) { return sinh(x); }
/* sinh; d/dx = cosh x. */
BM_FN double bm_sinh_d(double x, double *dx) {
    bm__put(dx, cosh(x));
    return sinh(x);
}

BM_FN double bm_cosh(double x) { return cosh(x); }
/* cosh; d/dx = sinh x. */
BM_FN double bm_cosh_d(double x, double *dx) {
    bm__put(dx, sinh(x));
    return cosh(x);
}

BM_FN double bm_tanh(double x) { return tanh(x); }
/* tanh; d/dx = 1 - tanh^2 x. */
BM_FN double bm_tanh_d(double x, double *dx) {
    double v = tanh(x);
    bm__put(dx, (1.0 - v) * (1.0 + v));
    return v;
}

BM_FN double bm_asinh(double x) { return asinh(x); }
/* asinh; d/dx = 1/sqrt(x^2 + 1). */
BM_FN double bm_asinh_d(double x, double *dx) {
    bm__put(dx, 1.0 / hypot(x, 1.0));
    return asinh(x);
}

/* Inverse hyperbolic cosine; NaN for x < 1. */
BM_FN double bm_acosh(double x) { return acosh(x); }
/* acosh; d/dx = 1/sqrt((x-1)(x+1)). */
BM_FN double bm_acosh_d(double x, double *dx) {
    bm__put(dx, 1.0 / sqrt((x - 1.0) * (x + 1.0)));
    return acosh(x);
}

/* Inverse hyperbolic tangent; NaN outside [-1, 1]. */
BM_FN double bm_atanh(double x) { return atanh(x); }
/* atanh; d/dx = 1/((1-x)(1+x)). */
BM_FN double bm_atanh_d(double x, double *dx) {
    bm__put(dx, 1.0 / ((1.0 - x) * (1.0 + x)));
    return atanh(x);
}

/* ---- composed log / exp forms ------------------------------------------- */

/* log(1 + e^x) without overflow. */
BM_FN double bm_log1p_exp(double x) {
    if (x > 0) return x + log1p(exp(-x));
    return log1p(exp(x));
}
/* log1p_exp; d/dx = inv_logit(x). */
BM_FN double bm_log1p_exp_d(double x, double *dx) {
    bm__put(dx, bm_inv_logit(x));
    return bm_log1p_exp(x);
}

/* log(1 - e^x) for x <= 0 (-inf at 0, NaN for x > 0), accurate at both
 * ends (expm1 near 0, log1p for very negative x). */
BM_FN double bm_log1m_exp(double x) {
    if (x > 0) return BM_NAN;
    if (x > -BM_LOG_2) return log(-expm1(x));
    return log1p(-exp(x));
}
/* log1m_exp; d/dx = -e^x/(1 - e^x) = -1/expm1(-x). */
BM_FN double bm_log1m_exp_d(double x, double *dx) {
    double v = bm_log1m_exp(x);
    bm__put(dx, isnan(v) ? v : -1.0 / expm1(-x));
    return v;
}

/* log(e^x - e^y) for x >= y: -inf when x == y (finite), x when y = -inf,
 * NaN when x < y. */
BM_FN double bm_log_diff_exp(double x, double y) {
    if (x <= y) return x == y && x < BM_INF ? -BM_INF : BM_NAN;
    if (y == -BM_INF) return x;
    return x + bm_log1m_exp(y - x);
}
/* log_diff_exp; d/dx = -1/expm1(y - x), d/dy = -1/expm1(x - y). */
BM_FN double bm_log_diff_exp_d(double x, double y, double *dx, double *dy) {
    double v = bm_log_diff_exp(x, y);
    bm__put(dx, isnan(v) ? v : y == -BM_INF ? 1.0 : -1.0 / expm1(y - x));
    bm__put(dy, isnan(v) ? v : y == -BM_INF ? 0.0 : -1.0 / expm1(x - y));
    return v;
}

/* log(theta e^a + (1 - theta) e^b), theta in [0, 1] (NaN outside). */
BM_FN double bm_log_mix(double theta, double a, double b) {
    if (!(theta >= 0 && theta <= 1)) return BM_NAN;
    return bm_log_sum_exp(log(theta) + a, log1p(-theta) + b);
}
/* log_mix; with v the value: d/dtheta = e^(a-v) - e^(b-v),
 * d/da = theta e^(a-v), d/db = (1 - theta) e^(b-v). */
BM_FN double bm_log_mix_d(double theta, double a, double b, double *dtheta, double *da,
                          double *db) {
    double v = bm_log_mix(theta, a, b);
    double ea = exp(a - v), eb = exp(b - v);
    bm__put(dtheta, ea - eb);
    bm__put(da, theta * ea);
    bm__put(db, (1.0 - theta) * eb);
    return v;
}

/* log(inv_logit(x) - inv_logit(y)) for x >= y (NaN for x < y), as
 * log inv_logit(x) + log(1 - inv_logit(y)) + log(1 - e^(y - x)): three
 * non-positive terms, so nothing cancels. */
BM_FN double bm_log_inv_logit_diff(double x, double y) {
    if (x == BM_INF) return bm_log1m_inv_logit(y);
    return bm_log_inv_logit(x) + bm_log1m_inv_logit(y) + bm_log1m_exp(y - x);
}
/* log_inv_logit_diff; d/dx = inv_logit(-x) + 1/expm1(x - y),
 * d/dy = -1/expm1(x - y) - inv_logit(y). */
BM_FN double bm_log_inv_logit_diff_d(double x, double y, double *dx, double *dy) {
    double v = bm_log_inv_logit_diff(x, y);
    double r = x == BM_INF ? 0.0 : 1.0 / expm1(x - y);
    bm__put(dx, isnan(v) ? v : bm_inv_logit(-x) + r);
    bm__put(dy, isnan(v) ? v : -r - bm_inv_logit(y));
    return v;
}

/* 1 - exp(-exp(x)), the inverse of the complementary log-log link. */
BM_FN double bm_inv_cloglog(double x) { return -expm1(-exp(x)); }
/* inv_cloglog; d/dx = exp(x - exp(x)). */
BM_FN double bm_inv_cloglog_d(double x, double *dx) {
    bm__put(dx, exp(x - exp(x)));
    return -expm1(-exp(x));
}

#endif
