/* tests/stdlib/test_catalog.c — the signature table (stdlib/catalog.c).
 *
 * In:  catalog.h's lookup functions.  Out: cmocka results: required entries
 * exist with the right kinds and C names, lookups and suffix splitting behave
 * as documented, every entry's C function is one the tests call (and has
 * finite-difference points when it has partials), overloads are consecutive,
 * every entry's Stan signature agrees with its arity, and issue 4's
 * distributions and functions are all there.
 * Never: depends on the order of unrelated entries.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "catalog.h"
#include "stdlib/stdlib_fns.h"
#include "stdlib/dist_fns.h"
#include "stdlib/rng_fns.h"
#include "stdlib/points.h"

static const char *const required_math[] = {
    "exp", "log", "sqrt", "square", "inv_logit", "log1p", "lgamma", "log_inv_logit",
    "log1m_inv_logit", "log1m", "fabs", "expm1", "log_sum_exp", "pow", "digamma",
    "logit", "inv", "inv_sqrt", "inv_square",
};

static void test_required_math(void **state) {
    (void)state;
    char buf[64];
    for (size_t i = 0; i < sizeof required_math / sizeof required_math[0]; i++) {
        int n = -1;
        const fn_sig *s = catalog_lookup(required_math[i], &n);
        assert_non_null(s);
        assert_int_equal(n, 1);
        assert_int_equal(s->kind, FN_MATH);
        assert_int_equal(s->returns_int, 0);
        int two = !strcmp(s->name, "log_sum_exp") || !strcmp(s->name, "pow");
        assert_int_equal(s->nargs, two ? 2 : 1);
        for (int k = 0; k < s->nargs; k++) assert_int_equal(s->args[k], ARG_REAL);
        snprintf(buf, sizeof buf, "bm_%s", s->name);
        assert_string_equal(s->c_value, buf);
        snprintf(buf, sizeof buf, "bm_%s_d", s->name);
        assert_string_equal(s->c_grad, buf);
        assert_true(s->doc && s->doc[0]);
    }
}

typedef struct dens_case { const char *name; fn_kind kind; int nargs; arg_kind a[4]; } dens_case;

static const dens_case required_dens[] = {
    { "normal", FN_LPDF, 3, { ARG_REALS, ARG_REALS, ARG_REALS } },
    { "cauchy", FN_LPDF, 3, { ARG_REALS, ARG_REALS, ARG_REALS } },
    { "student_t", FN_LPDF, 4, { ARG_REALS, ARG_REALS, ARG_REALS, ARG_REALS } },
    { "exponential", FN_LPDF, 2, { ARG_REALS, ARG_REALS } },
    { "gamma", FN_LPDF, 3, { ARG_REALS, ARG_REALS, ARG_REALS } },
    { "beta", FN_LPDF, 3, { ARG_REALS, ARG_REALS, ARG_REALS } },
    { "lognormal", FN_LPDF, 3, { ARG_REALS, ARG_REALS, ARG_REALS } },
    { "bernoulli_logit", FN_LPMF, 2, { ARG_INTS, ARG_REALS } },
    { "binomial", FN_LPMF, 3, { ARG_INTS, ARG_INTS, ARG_REALS } },
    { "poisson_log", FN_LPMF, 2, { ARG_INTS, ARG_REALS } },
};

static void test_required_densities(void **state) {
    (void)state;
    char buf[64];
    for (size_t i = 0; i < sizeof required_dens / sizeof required_dens[0]; i++) {
        const dens_case *d = &required_dens[i];
        const fn_sig *all[4];
        assert_int_equal(catalog_find_kind(d->name, 0, all, 4), 1); /* beta is a function too */
        const fn_sig *s = all[0];
        assert_int_equal(s->kind, d->kind);
        assert_int_equal(s->nargs, d->nargs);
        for (int k = 0; k < d->nargs; k++) assert_int_equal(s->args[k], d->a[k]);
        snprintf(buf, sizeof buf, "bm_%s_%s", d->name, d->kind == FN_LPDF ? "lpdf" : "lpmf");
        assert_string_equal(s->c_value, buf);
        assert_null(s->c_grad);
    }
}

/* Bit mask of the int arguments of s. */
static unsigned int_mask(const fn_sig *s) {
    unsigned m = 0;
    for (int k = 0; k < s->nargs; k++)
        if (s->args[k] == ARG_INT || s->args[k] == ARG_INTS) m |= 1u << k;
    return m;
}

/* s's name without its suffix ("normal_lcdf" -> "normal"), into buf. */
static const char *base_name(const fn_sig *s, char *buf, size_t n) {
    snprintf(buf, n, "%s", s->name);
    char *u = strrchr(buf, '_');
    if (u) *u = '\0';
    return buf;
}

/* A CDF entry is a cdf of dist_fns.h (checked against R by test_cdf) with
 * the density's arity; an RNG entry is one of rng_fns.h (sampled by
 * test_dist_rng).  Both name the C function bm_NAME. */
static void check_cdf_or_rng(const fn_sig *s) {
    char base[64], c_name[80];
    base_name(s, base, sizeof base);
    snprintf(c_name, sizeof c_name, "bm_%s", s->name);
    assert_string_equal(s->c_value, c_name);
    assert_null(s->c_grad);
    if (s->kind == FN_CDF) {
        const dist_fn *d = dist_fn_find(base);
        if (!d || !d->cdf) fail_msg("%s: no cdf in tests/stdlib/dist_fns.h", s->name);
        assert_int_equal(d->nargs, s->nargs);
        assert_int_equal(d->int_args, int_mask(s));
        assert_int_equal(s->returns_int, 0);
        return;
    }
    const rng_fn *r = rng_fn_find(base);
    if (!r) fail_msg("%s: not in tests/stdlib/rng_fns.h", s->name);
    assert_int_equal(r->nargs, s->nargs);
    assert_int_equal(r->int_args, int_mask(s));
    assert_int_equal(r->discrete, s->returns_int);
}

/* True when entry s has a real argument (so it can be differentiated). */
static int has_real_arg(const fn_sig *s) {
    for (int k = 0; k < s->nargs; k++)
        if (s->args[k] == ARG_REAL || s->args[k] == ARG_REALS) return 1;
    return 0;
}

/* Number of points of points.h for the test function named fn. */
static int points_of(const char *fn) {
    int n = 0;
    for (int p = 0; p < N_TEST_POINTS; p++) n += strcmp(test_points[p].fn, fn) == 0;
    return n;
}

/* Every entry is one the stdlib tests exercise (math functions by their C
 * function), with matching arity and int arguments; partials exist exactly
 * for the real-valued functions of some real argument, and each of those has
 * at least 3 points for the finite-difference test (test_partials.c). */
static void test_entries_are_tested(void **state) {
    (void)state;
    assert_true(catalog_size() >= 116);
    for (int i = 0; i < catalog_size(); i++) {
        const fn_sig *s = catalog_at(i);
        if (s->kind == FN_CDF || s->kind == FN_RNG) {
            check_cdf_or_rng(s);
            continue;
        }
        const test_fn *f = test_fn_of(s->kind == FN_MATH, s->name, s->c_value);
        if (!f) fail_msg("no test function for %s (%s)", s->name, s->c_value);
        assert_int_equal(f->nargs, s->nargs);
        assert_int_equal(f->is_density, catalog_is_density(s));
        for (int k = 0; k < s->nargs; k++)
            assert_int_equal((f->int_args >> k) & 1u,
                             s->args[k] == ARG_INT || s->args[k] == ARG_INTS);
        if (s->kind != FN_MATH) continue;
        int want_grad = !s->returns_int && has_real_arg(s);
        if ((s->c_grad != NULL) != want_grad) fail_msg("%s: c_grad %s", s->name, s->c_grad ? "set" : "missing");
        assert_int_equal(f->eval != NULL, want_grad);
        if (want_grad && points_of(f->name) < 3) fail_msg("%s: fewer than 3 points in points.h", f->name);
    }
    assert_null(catalog_at(-1));
    assert_null(catalog_at(catalog_size()));
}

/* Implemented entries of one name are consecutive (catalog_lookup returns
 * them all) and differ in their arguments (no accidental duplicates). */
static void test_overloads_consecutive(void **state) {
    (void)state;
    int overloaded = 0;
    for (int i = 0; i < catalog_size(); i++) {
        const fn_sig *s = catalog_at(i), *same[16];
        int n = 0, impl = 0;
        const fn_sig *run = catalog_lookup(s->name, &n);
        int all = catalog_find(s->name, same, 16);
        for (int k = 0; k < all && k < 16; k++) impl += same[k]->c_value != NULL;
        if (n != impl) fail_msg("implemented entries of %s are not consecutive", s->name);
        for (int k = 0; k < n; k++) {
            if (&run[k] == s || run[k].kind != s->kind || run[k].nargs != s->nargs) continue;
            if (!memcmp(run[k].args, s->args, sizeof s->args)) fail_msg("duplicate entry %s", s->name);
        }
        overloaded += n > 1;
    }
    assert_true(overloaded >= 8); /* abs, min, max, log2, log10 and beta (twice each) */
}

/* Names that are both a math function and a density are told apart by kind. */
static void test_find_by_kind(void **state) {
    (void)state;
    const fn_sig *f[16];
    int m = catalog_find_kind("beta", 1, f, 16);
    assert_true(m >= 1);
    for (int k = 0; k < m && k < 16; k++) assert_int_equal(f[k]->kind, FN_MATH);
    assert_non_null(f[0]->c_value);
    int d = catalog_find_kind("beta", 0, f, 16);
    assert_int_equal(d, 1);
    assert_int_equal(f[0]->kind, FN_LPDF);
    assert_int_equal(catalog_find("beta", f, 16), m + d);
    assert_int_equal(catalog_find_kind("normal", 1, f, 16), 0);
    assert_int_equal(catalog_find_kind("exp", 0, f, 16), 0);
}

/* The int-argument convention: int arguments and int results as catalog.h
 * says, e.g. bessel_first_kind(int, real) and choose(int, int) => int. */
static void test_int_conventions(void **state) {
    (void)state;
    char sig[64];
    const fn_sig *f[8];
    assert_int_equal(catalog_find_kind("bessel_first_kind", 1, f, 8), 1);
    assert_string_equal(catalog_signature(f[0], sig, sizeof sig), "(int, real) => real");
    assert_string_equal(f[0]->c_grad, "bm_bessel_first_kind_d");
    assert_int_equal(catalog_find_kind("choose", 1, f, 8), 1);
    assert_string_equal(catalog_signature(f[0], sig, sizeof sig), "(int, int) => int");
    assert_null(f[0]->c_grad);
    assert_true(catalog_find_kind("abs", 1, f, 8) >= 2);
    assert_string_equal(catalog_signature(f[0], sig, sizeof sig), "(int) => int");
    assert_string_equal(catalog_signature(f[1], sig, sizeof sig), "(real) => real");
    assert_true(catalog_find_kind("pi", 1, f, 8) == 1 && f[0]->nargs == 0 && !f[0]->c_grad);
    assert_string_equal(catalog_signature(f[0], sig, sizeof sig), "() => real");
}

static void test_lookup_unknown(void **state) {
    (void)state;
    int n = 7;
    assert_null(catalog_lookup("no_such_function", &n));
    assert_int_equal(n, 0);
    assert_null(catalog_lookup("normal_lpdf", &n));  /* densities: bare name */
    assert_null(catalog_lookup(NULL, &n));
    assert_non_null(catalog_lookup("exp", NULL));
}

static void test_density_suffix(void **state) {
    (void)state;
    char base[32];
    assert_string_equal(catalog_density_suffix("normal_lpdf", base, sizeof base), "_lpdf");
    assert_string_equal(base, "normal");
    assert_string_equal(catalog_density_suffix("normal_lupdf", base, sizeof base), "_lupdf");
    assert_string_equal(base, "normal");
    assert_string_equal(catalog_density_suffix("poisson_log_lpmf", base, sizeof base), "_lpmf");
    assert_string_equal(base, "poisson_log");
    assert_string_equal(catalog_density_suffix("binomial_lupmf", base, sizeof base), "_lupmf");
    assert_string_equal(base, "binomial");
    assert_null(catalog_density_suffix("exp", base, sizeof base));
    assert_null(catalog_density_suffix("_lpdf", base, sizeof base));  /* empty base */
    assert_null(catalog_density_suffix("normal_lpdf", base, 6));      /* does not fit */
    assert_string_equal(catalog_density_suffix("normal_lpdf", base, 7), "_lpdf");
    assert_string_equal(base, "normal");
}


/* ---- the whole table: type-only entries and Stan signatures ---------------- */

/* Number of arguments written in a signature string "(a, b | c) => r". */
static int sig_nargs(const char *sig) {
    const char *close = strchr(sig, ')');
    if (!close || close == sig + 1) return 0;
    int n = 1;
    for (const char *p = sig; p < close; p++) n += *p == ',' || *p == '|';
    /* "array[,] real" has commas inside brackets */
    int depth = 0;
    for (const char *p = sig; p < close; p++) {
        if (*p == '[') depth++;
        else if (*p == ']') depth--;
        else if (*p == ',' && depth) n--;
    }
    return n;
}

/* Every entry's nargs matches its signature; type-only entries have no C
 * names; the implemented ones come first and are what catalog_at lists. */
static void test_all_entries_consistent(void **state) {
    (void)state;
    char sig[256];
    assert_true(catalog_all_size() > 600 && catalog_all_size() > catalog_size());
    for (int i = 0; i < catalog_all_size(); i++) {
        const fn_sig *s = catalog_all_at(i);
        catalog_signature(s, sig, sizeof sig);
        if (sig_nargs(sig) != s->nargs) fail_msg("%s %s: nargs %d", s->name, sig, s->nargs);
        assert_non_null(strstr(sig, " => "));
        assert_non_null(s->doc);
        if (i < catalog_size()) {
            assert_ptr_equal(s, catalog_at(i));
            assert_non_null(s->c_value);
        } else {
            assert_null(s->c_value);
            assert_null(s->c_grad);
        }
        if (s->kind != FN_MATH) {
            char base[64];
            assert_null(catalog_density_suffix(s->name, base, sizeof base));
            int bar = s->kind != FN_RNG && s->nargs > 1;
            if (bar != (strchr(sig, '|') != NULL)) fail_msg("%s %s: '|'", s->name, sig);
        }
        if (s->kind == FN_RNG) assert_non_null(strstr(s->name, "_rng"));
        if (s->kind == FN_CDF) assert_non_null(strstr(s->name, "cdf"));
    }
    assert_null(catalog_all_at(-1));
    assert_null(catalog_all_at(catalog_all_size()));
}

static void test_signature_text(void **state) {
    (void)state;
    char sig[128];
    int n = 0;
    assert_string_equal(catalog_signature(catalog_lookup("normal", &n), sig, sizeof sig),
                        "(reals | reals, reals) => real");
    assert_string_equal(catalog_signature(catalog_lookup("exp", &n), sig, sizeof sig), "(real) => real");
    assert_string_equal(catalog_signature(catalog_lookup("binomial", &n), sig, sizeof sig),
                        "(ints | ints, reals) => real");
    assert_string_equal(catalog_signature(catalog_lookup("normal_lcdf", &n), sig, sizeof sig),
                        "(reals | reals, reals) => real");
    assert_string_equal(catalog_signature(catalog_lookup("normal_rng", &n), sig, sizeof sig),
                        "(reals, reals) => R");
    assert_string_equal(catalog_signature(catalog_lookup("binomial_rng", &n), sig, sizeof sig),
                        "(ints, reals) => RI");
    assert_string_equal(catalog_signature(catalog_lookup("hypergeometric_rng", &n), sig, sizeof sig),
                        "(int, int, int) => int");
    assert_string_equal(catalog_signature(catalog_lookup("std_normal_rng", &n), sig, sizeof sig),
                        "() => real");
    assert_string_equal(catalog_signature(catalog_lookup("std_normal", &n), sig, sizeof sig),
                        "(reals) => real");
    const fn_sig *all[8];
    assert_int_equal(catalog_find("rep_vector", all, 8), 1);
    assert_string_equal(catalog_signature(all[0], sig, sizeof sig), "(real, int) => vector");
    /* truncated output stays terminated */
    catalog_signature(all[0], sig, 5);
    assert_int_equal(strlen(sig), 4);
}

/* Implemented overloads come before type-only ones of the same name. */
static void test_find_overloads(void **state) {
    (void)state;
    const fn_sig *all[16];
    int n = catalog_find("exp", all, 16);
    assert_true(n >= 2);
    assert_non_null(all[0]->c_value);
    for (int i = 1; i < n && i < 16; i++) assert_null(all[i]->c_value);
    assert_int_equal(catalog_find("no_such_function", all, 16), 0);
    assert_int_equal(catalog_find(NULL, all, 16), 0);
    assert_true(catalog_find("max", all, 2) > 2); /* the count of all, even past max */
}

/* An implemented density, CDF or RNG has no type-only twin: one signature
 * set per name (the math functions keep their elementwise "(T) => T"). */
static void test_one_signature_set_per_name(void **state) {
    (void)state;
    int dists = 0, cdfs = 0, rngs = 0;
    for (int i = 0; i < catalog_size(); i++) {
        const fn_sig *s = catalog_at(i), *all[8];
        if (s->kind == FN_MATH) continue;
        int found = catalog_find(s->name, all, 8), n = 0;
        for (int k = 0; k < found && k < 8; k++) n += all[k]->kind != FN_MATH;  /* beta(): math */
        if (n != 1) fail_msg("%s has %d entries", s->name, n);
        dists += catalog_is_density(s);
        cdfs += s->kind == FN_CDF;
        rngs += s->kind == FN_RNG;
    }
    assert_int_equal(dists, 41);
    assert_int_equal(cdfs, 3 * 34);
    assert_int_equal(rngs, 40);
}

static void test_kind_helpers(void **state) {
    (void)state;
    int n = 0;
    assert_true(catalog_is_density(catalog_lookup("normal", &n)));
    assert_true(catalog_is_density(catalog_lookup("hypergeometric", &n)));
    assert_false(catalog_is_density(catalog_lookup("normal_lcdf", &n)));
    assert_false(catalog_is_density(catalog_lookup("normal_rng", &n)));
    assert_false(catalog_is_density(NULL));
    assert_true(catalog_cdf_is_log(catalog_lookup("normal_lcdf", &n)));
    assert_true(catalog_cdf_is_log(catalog_lookup("poisson_lccdf", &n)));
    assert_false(catalog_cdf_is_log(catalog_lookup("normal_cdf", &n)));
    assert_false(catalog_cdf_is_log(catalog_lookup("normal", &n)));
}

/* Issue 4's distributions (and the two added later): each has its density,
 * and its RNG and CDFs where Stan has them. */
static const char *const issue4_univariate[] = {
    "normal", "student_t", "cauchy", "double_exponential", "logistic", "gumbel", "skew_normal",
    "exp_mod_normal", "lognormal", "chi_square", "inv_chi_square", "scaled_inv_chi_square",
    "exponential", "gamma", "inv_gamma", "weibull", "frechet", "rayleigh", "pareto", "pareto_type_2",
    "beta", "beta_proportion", "von_mises", "uniform", "bernoulli", "binomial",
    "beta_binomial", "discrete_range", "neg_binomial", "neg_binomial_2", "poisson",
    "skew_double_exponential", "loglogistic",
};
static const char *const issue4_other[] = {
    "std_normal", "bernoulli_logit", "binomial_logit", "hypergeometric", "categorical", "categorical_logit",
    "ordered_logistic", "ordered_probit", "neg_binomial_2_log", "poisson_log", "multinomial",
    "multinomial_logit", "multi_normal", "multi_normal_cholesky", "multi_normal_prec",
    "multi_student_t", "multi_student_t_cholesky", "dirichlet", "lkj_corr", "lkj_corr_cholesky",
    "wishart", "wishart_cholesky", "inv_wishart", "normal_id_glm", "bernoulli_logit_glm",
    "poisson_log_glm", "neg_binomial_2_log_glm",
};
static const char *const issue4_functions[] = {
    "log_sum_exp", "log_mix", "log1p_exp", "log1m_exp", "log_diff_exp", "inv_logit", "Phi",
    "Phi_approx", "inv_Phi", "tgamma", "trigamma", "lbeta", "lchoose", "binomial_coefficient_log",
    "erf", "erfc", "gamma_p", "gamma_q", "inc_beta", "fma", "hypot", "fmin", "fmax", "fdim", "step",
    "int_step", "sum", "prod", "mean", "variance", "sd", "min", "max", "softmax", "log_softmax",
    "cumulative_sum", "rep_vector", "rep_row_vector", "rep_matrix", "rep_array", "linspaced_vector",
    "one_hot_vector", "segment", "head", "tail", "reverse", "sort_asc", "sort_desc", "sort_indices_asc",
    "rank", "append_row", "append_col", "to_vector", "to_row_vector", "to_matrix", "to_array_1d",
    "to_array_2d", "dims", "size", "num_elements", "rows", "cols", "multiply", "dot_product",
    "columns_dot_product", "rows_dot_product", "dot_self", "quad_form", "quad_form_diag",
    "quad_form_sym", "diag_pre_multiply", "diag_post_multiply", "diag_matrix", "diagonal", "add_diag",
    "crossprod", "tcrossprod", "transpose", "cholesky_decompose", "mdivide_left", "mdivide_right",
    "mdivide_left_tri_low", "mdivide_right_tri_low", "inverse", "inverse_spd", "log_determinant",
    "determinant", "trace", "eigenvalues_sym", "eigenvectors_sym", "gp_exp_quad_cov",
    "gp_matern32_cov", "gp_matern52_cov", "gp_exponential_cov", "gp_periodic_cov",
};

static void expect_entry(const char *name, fn_kind kind) {
    const fn_sig *all[64];
    int n = catalog_find(name, all, 64);
    if (n < 1) fail_msg("missing from the catalog: %s", name);
    assert_int_equal(all[0]->kind, kind);
}

static void test_issue4_coverage(void **state) {
    (void)state;
    char buf[96];
    for (size_t i = 0; i < sizeof issue4_univariate / sizeof issue4_univariate[0]; i++) {
        const char *d = issue4_univariate[i];
        const fn_sig *all[4];
        catalog_find(d, all, 4);
        expect_entry(d, all[0]->kind == FN_LPMF ? FN_LPMF : FN_LPDF);
        static const char *const sfx[] = {"_cdf", "_lcdf", "_lccdf", "_rng"};
        for (int k = 0; k < 4; k++) {
            snprintf(buf, sizeof buf, "%s%s", d, sfx[k]);
            expect_entry(buf, k == 3 ? FN_RNG : FN_CDF);
        }
    }
    for (size_t i = 0; i < sizeof issue4_other / sizeof issue4_other[0]; i++) {
        const fn_sig *all[4];
        if (catalog_find(issue4_other[i], all, 4) < 1) fail_msg("missing: %s", issue4_other[i]);
        assert_true(all[0]->kind != FN_MATH);
    }
    for (size_t i = 0; i < sizeof issue4_functions / sizeof issue4_functions[0]; i++)
        expect_entry(issue4_functions[i], FN_MATH);
    /* Stan has binomial_logit_lpmf and _rng but no CDFs for it */
    expect_entry("binomial_logit_rng", FN_RNG);
    const fn_sig *none[4];
    assert_int_equal(catalog_find("binomial_logit_cdf", none, 4), 0);
    assert_int_equal(catalog_find("binomial_logit_lccdf", none, 4), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_required_math),
        cmocka_unit_test(test_required_densities),
        cmocka_unit_test(test_entries_are_tested),
        cmocka_unit_test(test_overloads_consecutive),
        cmocka_unit_test(test_find_by_kind),
        cmocka_unit_test(test_int_conventions),
        cmocka_unit_test(test_lookup_unknown),
        cmocka_unit_test(test_density_suffix),
        cmocka_unit_test(test_all_entries_consistent),
        cmocka_unit_test(test_signature_text),
        cmocka_unit_test(test_find_overloads),
        cmocka_unit_test(test_issue4_coverage),
        cmocka_unit_test(test_one_signature_set_per_name),
        cmocka_unit_test(test_kind_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
