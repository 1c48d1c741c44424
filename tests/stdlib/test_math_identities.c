/* tests/stdlib/test_math_identities.c — Stan's scalar math functions over
 * wide random ranges: exact identities between them, inverse functions that
 * invert, and partials against finite differences away from the fixed
 * points of points.h.
 *
 * In:  the bm_ functions of bm_math_elem.h, bm_math_spec.h and bm_bessel.h,
 * at points from a fixed-seed generator.  Out: cmocka results; a failure
 * prints the point.  Never: compares against a formula the function itself
 * uses (each identity links different code paths: I and K, J and Y, a
 * function and its inverse, the two tails).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <math.h>
#include <cmocka.h>

#include "bm_math.h"

/* ---- a fixed-seed generator (splitmix64) --------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static double unif(void) {
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return (double)(z >> 11) * 0x1.0p-53;
}

/* 10^u with u uniform on [lo, hi]. */
static double log_unif(double lo, double hi) { return pow(10.0, lo + (hi - lo) * unif()); }

/* Relative difference, 0 when both are 0. */
static double rel(double a, double b) {
    double m = fmax(fabs(a), fabs(b));
    return m == 0 ? 0 : fabs(a - b) / m;
}

#define N_DRAWS 2000

/* ---- inverses ------------------------------------------------------------- */

/* inv_Phi and std_normal_log_qf agree, and Phi inverts them. */
static void test_normal_quantiles(void **state) {
    (void)state;
    int bad = 0;
    for (int i = 0; i < N_DRAWS; i++) {
        double p = log_unif(-300, 0) * (unif() < 0.5 ? 1.0 : 0.5), x = bm_inv_Phi(p);
        double xl = bm_std_normal_log_qf(log(p));
        double back = x < 0 ? bm_Phi(x) : 1.0 - bm_Phi(-x) ;
        double tol = x < 0 ? 1e-13 * fmax(1.0, x * x) : 1e-15 / p;  /* Phi's own rounding */
        if (rel(x, xl) > 4e-15 || rel(back, p) > tol) {
            printf("  p=%.17g inv_Phi %.17g log_qf %.17g Phi %.17g\n", p, x, xl, back);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

/* inc_beta(a, b, inv_inc_beta(a, b, p)) = p for shapes from 0.01 to 1000,
 * or, where I_x(a, b) is so steep that no double x gives p (x within a few
 * ulps of 0 or 1 for tiny shapes), p lies between I at the neighbouring
 * doubles of x. */
static int inc_beta_inverts(double a, double b, double p, double x) {
    double lo = x, hi = x;
    if (!(x >= 0 && x <= 1)) return 0;
    if (fabs(bm_inc_beta(a, b, x) - p) <= 1e-13 * fmax(p, 1e-3)) return 1;
    for (int k = 0; k < 2; k++) lo = nextafter(lo, 0.0), hi = nextafter(hi, 1.0);
    return bm_inc_beta(a, b, lo) <= p * (1 + 1e-13) && bm_inc_beta(a, b, hi) >= p * (1 - 1e-13);
}

static void test_inc_beta_inverse(void **state) {
    (void)state;
    int bad = 0;
    for (int i = 0; i < N_DRAWS; i++) {
        double a = log_unif(-2, 3), b = log_unif(-2, 3), p = unif();
        double x = bm_inv_inc_beta(a, b, p);
        if (!inc_beta_inverts(a, b, p, x)) {
            printf("  a=%.17g b=%.17g p=%.17g x=%.17g I(x)=%.17g\n", a, b, p, x, bm_inc_beta(a, b, x));
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

/* gamma_p + gamma_q = 1, each tail computed directly where it is small. */
static void test_gamma_tails(void **state) {
    (void)state;
    int bad = 0;
    for (int i = 0; i < N_DRAWS; i++) {
        double a = log_unif(-3, 3), x = a * log_unif(-2, 0.8);
        double p = bm_gamma_p(a, x), q = bm_gamma_q(a, x);
        if (fabs(p + q - 1.0) > 4e-15) {
            printf("  a=%.17g x=%.17g P=%.17g Q=%.17g\n", a, x, p, q);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

/* W e^W = x on both branches; erfc(inv_erfc(z)) = z. */
static void test_lambert_and_erfc_inverses(void **state) {
    (void)state;
    int bad = 0;
    for (int i = 0; i < N_DRAWS; i++) {
        double x = -0.36787944117144233 + log_unif(-4, 2.5), w = bm_lambert_w0(x);
        double y = -0.36787944117144233 * pow(unif(), 3) * (1 - 1e-4), v = bm_lambert_wm1(y);
        double z = 2.0 * unif(), e = bm_erfc(bm_inv_erfc(z));
        if (rel(w * exp(w), x) > 1e-13 || rel(v * exp(v), y) > 1e-13 || !(w >= -1 && v <= -1)
            || rel(e, z) > 1e-14 * (1.0 + fabs(bm_inv_erfc(z)))) {
            printf("  x=%.17g W0=%.17g y=%.17g W-1=%.17g z=%.17g erfc(inv)=%.17g\n", x, w, y, v, z, e);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

/* ---- Bessel functions ------------------------------------------------------ */

/* Wronskians: I_n K_{n+1} + I_{n+1} K_n = 1/z (series, asymptotic expansion
 * and the K quadrature against each other), J_{n+1} Y_n - J_n Y_{n+1} =
 * 2/(pi x); log_modified_bessel_first_kind agrees with I_n. */
static void test_bessel_wronskians(void **state) {
    (void)state;
    int bad = 0;
    for (int i = 0; i < N_DRAWS; i++) {
        int n = (int)(unif() * 40);
        double z = log_unif(-2, 2.5), x = log_unif(-1, 2);
        double in = bm_modified_bessel_first_kind(n, z), in1 = bm_modified_bessel_first_kind(n + 1, z);
        double kn = bm_modified_bessel_second_kind(n, z), kn1 = bm_modified_bessel_second_kind(n + 1, z);
        double wi = (in * kn1 + in1 * kn) * z;
        double jn1 = bm_bessel_first_kind(n + 1, x), jn0 = bm_bessel_first_kind(n, x);
        double wj = (jn1 * bm_bessel_second_kind(n, x) - jn0 * bm_bessel_second_kind(n + 1, x)) * x * BM_PI / 2;
        double li = bm_log_modified_bessel_first_kind(n, z);
        if ((isfinite(in * kn1) && rel(wi, 1.0) > 1e-12) || (n < 10 && rel(wj, 1.0) > 1e-10)
            || (in > 1e-300 && fabs(li - log(in)) > 1e-13 * fmax(1.0, fabs(li)))) {
            printf("  n=%d z=%.17g I K wronskian %.17g; x=%.17g J Y wronskian %.17g; logI %.17g %.17g\n",
                   n, z, wi, x, wj, li, log(in));
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

/* ---- partials at random points --------------------------------------------- */

typedef double (*fn3_d)(double, double, double, double *, double *, double *);

/* Central difference of f in argument k at x (relative step 1e-6). */
static double fd3(fn3_d f, const double *x, int k) {
    double xp[3] = { x[0], x[1], x[2] }, xm[3] = { x[0], x[1], x[2] };
    double h = 1e-6 * fmax(1.0, fabs(x[k]));
    xp[k] += h;
    xm[k] -= h;
    return (f(xp[0], xp[1], xp[2], 0, 0, 0) - f(xm[0], xm[1], xm[2], 0, 0, 0)) / (xp[k] - xm[k]);
}

/* Every partial of f at x against finite differences; 1 on a mismatch. */
static int check3(const char *name, fn3_d f, const double *x, int nargs) {
    double g[3] = { 0, 0, 0 };
    f(x[0], x[1], x[2], &g[0], &g[1], &g[2]);
    for (int k = 0; k < nargs; k++) {
        double d = fd3(f, x, k);
        if (fabs(d - g[k]) <= 2e-6 * fmax(1.0, fabs(g[k]))) continue;
        printf("  d %s / d arg%d at (%.17g, %.17g, %.17g): %.12g, fd %.12g\n", name, k, x[0], x[1], x[2],
               g[k], d);
        return 1;
    }
    return 0;
}

/* Adapters to one shape: three reals, three partial pointers. */
static double inc_beta3(double a, double b, double x, double *da, double *db, double *dx) {
    return bm_inc_beta_d(a, b, x, da, db, dx);
}
static double inv_inc_beta3(double a, double b, double p, double *da, double *db, double *dp) {
    return bm_inv_inc_beta_d(a, b, p, da, db, dp);
}
static double gamma_p3(double a, double x, double u, double *da, double *dx, double *du) {
    (void)u, (void)du;
    return bm_gamma_p_d(a, x, da, dx);
}
static double gamma_q3(double a, double x, double u, double *da, double *dx, double *du) {
    (void)u, (void)du;
    return bm_gamma_q_d(a, x, da, dx);
}
static double log_bessel_i3(double v, double z, double u, double *dv, double *dz, double *du) {
    (void)u, (void)du;
    return bm_log_modified_bessel_first_kind_d(v, z, dv, dz);
}
static double owens_t3(double h, double a, double u, double *dh, double *da, double *du) {
    (void)u, (void)du;
    return bm_owens_t_d(h, a, dh, da);
}

/* The shape partials of the incomplete gamma and beta functions and their
 * inverse, the order partial of log I_v and Owen's T, over wide ranges. */
static void test_partials_random(void **state) {
    (void)state;
    int bad = 0;
    for (int i = 0; i < 400; i++) {
        double a = log_unif(-1, 2.5), b = log_unif(-1, 2.5), u = 0.02 + 0.96 * unif();
        double x1[3] = { a, b, u };
        bad += check3("inc_beta", inc_beta3, x1, 3);
        bad += check3("inv_inc_beta", inv_inc_beta3, x1, 3);
        double x2[3] = { a, a * (0.2 + 2.0 * unif()), 0 };
        bad += check3("gamma_p", gamma_p3, x2, 2);
        bad += check3("gamma_q", gamma_q3, x2, 2);
        double x3[3] = { -0.9 + 60.0 * unif(), log_unif(-2, 3), 0 };
        bad += check3("log_modified_bessel_first_kind", log_bessel_i3, x3, 2);
        double x4[3] = { -6.0 + 12.0 * unif(), -5.0 + 10.0 * unif(), 0 };
        bad += check3("owens_t", owens_t3, x4, 2);
    }
    assert_int_equal(bad, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normal_quantiles),
        cmocka_unit_test(test_inc_beta_inverse),
        cmocka_unit_test(test_gamma_tails),
        cmocka_unit_test(test_lambert_and_erfc_inverses),
        cmocka_unit_test(test_bessel_wronskians),
        cmocka_unit_test(test_partials_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
