/* tests/stdlib/test_dist_partials.c — every partial of the densities and
 * mass functions of bm_dist_cont.h / bm_dist_disc.h against central finite
 * differences, and the propto semantics.
 *
 * In:  the lpdf points of reference/dist_values.h (those with a finite value
 * whose finite-difference steps stay in the domain).  Out: cmocka results.
 * Partials are checked with all constants kept and, under every active mask,
 * with propto: the partial of each active argument must be the derivative of
 * the value actually returned.  The propto tests check that propto drops
 * only terms that do not move with the active arguments, and everything when
 * nothing is active.  Never: compares a partial with another analytic formula.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <math.h>
#include <cmocka.h>

#include "stdlib/dist_fns.h"

#define N_REF ((int)(sizeof dist_refs / sizeof dist_refs[0]))

/* Step for argument value v: 1e-6 relative (absolute 1e-6 at 0). */
static double step_for(double v) { return 1e-6 * (v != 0 ? fabs(v) : 1); }

/* Central difference of f in argument i; NaN if a step leaves the domain. */
static double central_diff(const dist_fn *f, const double *x, int i, int propto,
                           unsigned active) {
    double xp[5], xm[5], h = step_for(x[i]);
    memcpy(xp, x, sizeof xp);
    memcpy(xm, x, sizeof xm);
    xp[i] += h;
    xm[i] -= h;
    volatile double step = xp[i] - xm[i];
    double a = f->lpdf(xp, propto, active, NULL), b = f->lpdf(xm, propto, active, NULL);
    if (!isfinite(a) || !isfinite(b)) return NAN;
    return (a - b) / step;
}

/* Mismatches of the partials in `want` at x (printed). */
static int check_partials(const dist_fn *f, const double *x, int propto, unsigned active,
                          unsigned want, int *checked) {
    double g[5] = { NAN, NAN, NAN, NAN, NAN };
    double v = f->lpdf(x, propto, active, g);
    int bad = 0;
    for (int i = 0; i < f->nargs; i++) {
        if (!(want >> i & 1u)) continue;
        double fd = central_diff(f, x, i, propto, active);
        if (isnan(fd)) continue;
        (*checked)++;
        double tol = 1e-6 * fmax(1.0, fabs(g[i])) + 1e-15 * fabs(v) / step_for(x[i]);
        if (fabs(fd - g[i]) <= tol) continue;
        printf("  d %s / d arg%d at (%g, %g, %g, %g) propto=%d active=%u: %.12g, fd %.12g\n",
               f->name, i, x[0], x[1], x[2], x[3], propto, active, g[i], fd);
        bad++;
    }
    return bad;
}

/* True for lpdf rows with a finite value. */
static int usable(const dist_ref *r) { return r->kind == K_LPDF && isfinite(r->expected); }

static void test_partials_full(void **state) {
    (void)state;
    int bad = 0, checked = 0;
    for (int r = 0; r < N_REF; r++) {
        if (!usable(&dist_refs[r])) continue;
        const dist_fn *f = dist_fn_find(dist_refs[r].fn);
        bad += check_partials(f, dist_refs[r].args, 0, (1u << f->nargs) - 1u,
                              dist_fn_real_mask(f), &checked);
    }
    assert_true(checked >= 250);
    assert_int_equal(bad, 0);
}

static void test_partials_propto(void **state) {
    (void)state;
    int bad = 0, checked = 0;
    for (int r = 0; r < N_REF; r++) {
        if (!usable(&dist_refs[r])) continue;
        const dist_fn *f = dist_fn_find(dist_refs[r].fn);
        unsigned real = dist_fn_real_mask(f);
        for (unsigned m = 1; m <= real; m++)
            if ((m & ~real) == 0) bad += check_partials(f, dist_refs[r].args, 1, m, m, &checked);
    }
    assert_true(checked >= 500);
    assert_int_equal(bad, 0);
}

/* Every density with real arguments has partials checked at >= 3 points. */
static void test_every_density_has_points(void **state) {
    (void)state;
    for (int i = 0; i < N_DIST_FNS; i++) {
        if (!dist_fns[i].lpdf || !dist_fn_real_mask(&dist_fns[i])) continue;
        int n = 0;
        for (int r = 0; r < N_REF; r++)
            n += usable(&dist_refs[r]) && strcmp(dist_refs[r].fn, dist_fns[i].name) == 0;
        if (n < 3) printf("  %s has %d points\n", dist_fns[i].name, n);
        assert_true(n >= 3);
    }
}

/* Point k's values for the arguments in `mask`, base's for the rest. */
static void mix(const double *base, const double *k, unsigned mask, double *out) {
    for (int i = 0; i < 5; i++) out[i] = (mask >> i & 1u) ? k[i] : base[i];
}

/* For every density and active mask m: value(propto, m) - value(full) is the
 * same at every point whose inactive arguments equal the base point's. */
static void test_propto_drops_only_constants(void **state) {
    (void)state;
    int bad = 0, compared = 0;
    for (int b = 0; b < N_REF; b++) {
        if (!usable(&dist_refs[b])) continue;
        const dist_fn *f = dist_fn_find(dist_refs[b].fn);
        const double *base = dist_refs[b].args;
        unsigned all = (1u << f->nargs) - 1u, real = dist_fn_real_mask(f);
        for (unsigned m = 0; m <= real; m++) {
            if (m & ~real) continue;
            double drop0 = f->lpdf(base, 1, m, NULL) - f->lpdf(base, 0, all, NULL);
            for (int k = 0; k < N_REF; k++) {
                if (k == b || !usable(&dist_refs[k]) || strcmp(dist_refs[k].fn, f->name)) continue;
                double x[5];
                mix(base, dist_refs[k].args, m, x);
                double full = f->lpdf(x, 0, all, NULL);
                if (!isfinite(full)) continue;
                double drop = f->lpdf(x, 1, m, NULL) - full;
                compared++;
                if (fabs(drop - drop0) <= 1e-10 * (1 + fabs(full) + fabs(drop0))) continue;
                printf("  %s mask %u: dropped %.15g, at base %.15g\n", f->name, m, drop, drop0);
                bad++;
            }
        }
    }
    assert_true(compared >= 300);
    assert_int_equal(bad, 0);
}

/* Nothing active and propto: exactly 0, also when only int arguments are
 * marked active. */
static void test_nothing_active_is_zero(void **state) {
    (void)state;
    for (int r = 0; r < N_REF; r++) {
        if (!usable(&dist_refs[r])) continue;
        const dist_fn *f = dist_fn_find(dist_refs[r].fn);
        assert_true(f->lpdf(dist_refs[r].args, 1, 0u, NULL) == 0.0);
        assert_true(f->lpdf(dist_refs[r].args, 1, f->int_args, NULL) == 0.0);
    }
}

#define CLOSE(a, b) assert_true(fabs((a) - (b)) <= 1e-13 * (1 + fabs(b)))

/* Kept terms written out by hand from Stan's implementations (`~`). */
static void test_kept_terms_by_hand(void **state) {
    (void)state;
    double y = 1.3, mu = 0.4, s = 2.0, z = (y - mu) / s;
    /* normal-like: only the scale's log term goes with sigma */
    CLOSE(bm_double_exponential_lpdf(y, mu, s, 1, 2u, 0, 0, 0), -fabs(y - mu) / s);
    CLOSE(bm_double_exponential_lpdf(y, mu, s, 1, 4u, 0, 0, 0), -log(s) - fabs(y - mu) / s);
    CLOSE(bm_gumbel_lpdf(y, mu, s, 1, 1u, 0, 0, 0), -z - exp(-z));
    /* skew_double_exponential above mu: -2 tau (y - mu) / sigma, plus
     * log tau + log(1 - tau) with tau, -log sigma with sigma */
    double t = 0.3;
    CLOSE(bm_skew_double_exponential_lpdf(y, mu, s, t, 1, 2u, 0, 0, 0, 0), -2 * t * (y - mu) / s);
    CLOSE(bm_skew_double_exponential_lpdf(mu, y, s, t, 1, 1u, 0, 0, 0, 0), -2 * (1 - t) * (y - mu) / s);
    CLOSE(bm_skew_double_exponential_lpdf(y, mu, s, t, 1, 8u, 0, 0, 0, 0),
          log(t) + log(1 - t) - 2 * t * (y - mu) / s);
    CLOSE(bm_skew_double_exponential_lpdf(y, mu, s, t, 1, 4u, 0, 0, 0, 0), -log(s) - 2 * t * (y - mu) / s);
    /* loglogistic with alpha active: -beta log alpha - 2 log(1 + (y/alpha)^beta);
     * with y active: (beta - 1) log y - 2 log(1 + (y/alpha)^beta) */
    double b = 2.5, q = pow(y / s, b);
    CLOSE(bm_loglogistic_lpdf(y, s, b, 1, 2u, 0, 0, 0), -b * log(s) - 2 * log1p(q));
    CLOSE(bm_loglogistic_lpdf(y, s, b, 1, 1u, 0, 0, 0), (b - 1) * log(y) - 2 * log1p(q));
    CLOSE(bm_std_normal_lpdf(y, 1, 1u, 0), -0.5 * y * y);
    /* chi_square with y active only: (nu/2 - 1) log y - y/2 */
    CLOSE(bm_chi_square_lpdf(y, 3.0, 1, 1u, 0, 0), 0.5 * log(y) - 0.5 * y);
    /* inv_gamma with beta active: alpha log beta - beta / y */
    CLOSE(bm_inv_gamma_lpdf(y, 2.5, s, 1, 4u, 0, 0, 0), 2.5 * log(s) - s / y);
    /* poisson with lambda active: n log lambda - lambda */
    CLOSE(bm_poisson_lpmf(4, 2.5, 1, 2u, 0), 4 * log(2.5) - 2.5);
    /* neg_binomial_2 with mu active: n log mu - phi log1p(mu/phi) - n log(mu+phi) */
    CLOSE(bm_neg_binomial_2_lpmf(4, 2.5, 3.0, 1, 2u, 0, 0),
          4 * log(2.5) - 3 * log1p(2.5 / 3) - 4 * log(5.5));
    /* uniform with y active only: 0 (no term depends on y alone) */
    CLOSE(bm_uniform_lpdf(0.5, 0, 2, 1, 1u, 0, 0, 0), 0.0);
    /* von_mises with mu active: kappa cos(y - mu) */
    CLOSE(bm_von_mises_lpdf(y, mu, s, 1, 2u, 0, 0, 0), s * cos(y - mu));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_density_has_points),
        cmocka_unit_test(test_partials_full),
        cmocka_unit_test(test_partials_propto),
        cmocka_unit_test(test_propto_drops_only_constants),
        cmocka_unit_test(test_nothing_active_is_zero),
        cmocka_unit_test(test_kept_terms_by_hand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
