/* tests/stdlib/test_catalog.c — the signature table (stdlib/catalog.c).
 *
 * In:  catalog.h's lookup functions.  Out: cmocka results: required entries
 * exist with the right kinds and C names, lookups and suffix splitting behave
 * as documented, every entry's C function is one the tests call.
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
        int n = 0;
        const fn_sig *s = catalog_lookup(d->name, &n);
        assert_non_null(s);
        assert_int_equal(n, 1);
        assert_int_equal(s->kind, d->kind);
        assert_int_equal(s->nargs, d->nargs);
        for (int k = 0; k < d->nargs; k++) assert_int_equal(s->args[k], d->a[k]);
        snprintf(buf, sizeof buf, "bm_%s_%s", d->name, d->kind == FN_LPDF ? "lpdf" : "lpmf");
        assert_string_equal(s->c_value, buf);
        assert_null(s->c_grad);
    }
}

/* Every entry is one the stdlib tests exercise, with matching arity and int
 * arguments, and names are unique (no accidental overloads). */
static void test_entries_are_tested(void **state) {
    (void)state;
    assert_true(catalog_size() >= 29);
    for (int i = 0; i < catalog_size(); i++) {
        const fn_sig *s = catalog_at(i);
        const test_fn *f = test_fn_find(s->name);
        assert_non_null(f);
        assert_int_equal(f->nargs, s->nargs);
        assert_int_equal(f->is_density, s->kind != FN_MATH);
        for (int k = 0; k < s->nargs; k++)
            assert_int_equal((f->int_args >> k) & 1u,
                             s->args[k] == ARG_INT || s->args[k] == ARG_INTS);
        int n = 0;
        catalog_lookup(s->name, &n);
        assert_int_equal(n, 1);
    }
    assert_null(catalog_at(-1));
    assert_null(catalog_at(catalog_size()));
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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_required_math),
        cmocka_unit_test(test_required_densities),
        cmocka_unit_test(test_entries_are_tested),
        cmocka_unit_test(test_lookup_unknown),
        cmocka_unit_test(test_density_suffix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
