/* tests/lang/test_pedantic.c — the modeling-mistake warnings (lang/pedantic.c).
 * In: source strings run through parse_program + sema_check_opts.
 * Out: cmocka assertions that each named warning fires on a minimal
 * program, not on the corrected program, and not when silenced with
 * -Wno-NAME (diag.disabled_warnings) or --no-pedantic.
 * Never: checks code generation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "frontend.h"

typedef struct {
    int errors, warnings;
    char *msgs;
} run_result;

/* Checks src with pedantic warnings; `off` (may be NULL) is disabled. */
static run_result run(const char *src, const char *off, int no_pedantic) {
    arena a = {0};
    size_t len = 0;
    run_result r = {0};
    const char *disabled[1] = {off};
    diag d = {.out = open_memstream(&r.msgs, &len)};
    if (off) {
        d.disabled_warnings = disabled;
        d.ndisabled_warnings = 1;
    }
    frontend_opts o = {.no_pedantic = no_pedantic};
    program *p = parse_program("p.bmodel", src, &a, &d);
    if (!p) {
        fclose(d.out);
        fail_msg("does not parse:\n%s\n%s", src, r.msgs);
    }
    sema_check_opts(p, &o, &d);
    fclose(d.out);
    r.errors = d.errors;
    r.warnings = d.warnings;
    arena_free(&a);
    return r;
}

/* `name` fires on bad (with `fragment` at `where`), not on good, and not
 * when disabled or when pedantic mode is off. */
static void fires(const char *name, const char *bad, const char *where, const char *fragment, const char *good) {
    char tag[64];
    snprintf(tag, sizeof tag, "[-W%s]", name);
    run_result r = run(bad, NULL, 0);
    if (r.errors || !strstr(r.msgs, tag) || !strstr(r.msgs, where) || !strstr(r.msgs, fragment))
        fail_msg("wanted %s at %s ('%s') in:\n%s", tag, where, fragment, r.msgs);
    free(r.msgs);
    r = run(good, NULL, 0);
    if (r.errors || strstr(r.msgs, tag)) fail_msg("%s should not fire on the fixed program:\n%s", tag, r.msgs);
    free(r.msgs);
    r = run(bad, name, 0);
    if (strstr(r.msgs, tag)) fail_msg("-Wno-%s did not silence it:\n%s", name, r.msgs);
    free(r.msgs);
    r = run(bad, NULL, 1);
    assert_int_equal(r.warnings, 0);
    free(r.msgs);
}

static void test_no_prior(void **st) {
    (void)st;
    fires("no-prior",
          "data { int N; vector[N] y; }\nparameters { real mu;\n  real<lower=0> sigma; }\n"
          "model { mu ~ normal(0, 10); y ~ normal(mu, sigma); }",
          "p.bmodel:3:17:", "parameter 'sigma' has no prior",
          "data { int N; vector[N] y; }\nparameters { real mu;\n  real<lower=0> sigma; }\n"
          "model { mu ~ normal(0, 10); sigma ~ exponential(1); y ~ normal(mu, sigma); }");
    /* a density in target += counts as a prior */
    run_result r = run("parameters { real mu; }\nmodel { target += normal_lpdf(mu | 0, 1); }", NULL, 0);
    assert_int_equal(r.warnings, 0);
    free(r.msgs);
}

static void test_uniform_bounds(void **st) {
    (void)st;
    fires("uniform-bounds",
          "parameters { real<lower=0> p; }\nmodel { p ~ uniform(0, 1); }",
          "p.bmodel:2:9:", "'p' has a uniform prior, but its declared bounds differ",
          "parameters { real<lower=0, upper=1> p; }\nmodel { p ~ uniform(0, 1); }");
}

static void test_centered(void **st) {
    (void)st;
    fires("centered",
          "data { int J; array[J] real y; }\nparameters { real mu; real<lower=0> tau; vector[J] theta; }\n"
          "model { mu ~ normal(0, 5); tau ~ cauchy(0, 5);\n  theta ~ normal(mu, tau);\n  y ~ normal(theta, 1); }",
          "p.bmodel:4:3:", "<offset=mu, multiplier=tau>",
          "data { int J; array[J] real y; }\nparameters { real mu; real<lower=0> tau; vector[J] eta; }\n"
          "model { mu ~ normal(0, 5); tau ~ cauchy(0, 5);\n  eta ~ normal(0, 1);\n  y ~ normal(mu + tau * eta, 1); }");
}

static void test_scale_bound(void **st) {
    (void)st;
    fires("scale-bound",
          "data { vector[3] y; }\nparameters { real mu; real s; }\n"
          "model { mu ~ normal(0, 1); s ~ normal(0, 1); y ~ normal(mu, s); }",
          "p.bmodel:3:61:", "'s' is the scale of normal but is declared without <lower=0>",
          "data { vector[3] y; }\nparameters { real mu; real<lower=0> s; }\n"
          "model { mu ~ normal(0, 1); s ~ normal(0, 1); y ~ normal(mu, s); }");
}

static void test_weak_prior(void **st) {
    (void)st;
    fires("weak-prior",
          "parameters { real<lower=0> tau; }\nmodel { tau ~ inv_gamma(0.001, 0.001); }",
          "p.bmodel:2:9:", "inv_gamma(epsilon, epsilon)",
          "parameters { real<lower=0> tau; }\nmodel { tau ~ inv_gamma(2, 1); }");
}

static void test_unassigned(void **st) {
    (void)st;
    fires("unassigned",
          "parameters { real mu; }\nmodel { real m;\n  mu ~ normal(m, 1); }",
          "p.bmodel:3:15:", "'m' is used before anything is assigned to it",
          "parameters { real mu; }\nmodel { real m;\n  m = 0;\n  mu ~ normal(m, 1); }");
    /* an indexed write counts, and so does a loop filling it */
    run_result r = run("data { int N; }\nparameters { real mu; }\nmodel { vector[N] m;\n"
                       "  for (n in 1:N) m[n] = n;\n  mu ~ normal(m[1], 1); }", NULL, 0);
    assert_int_equal(r.warnings, 0);
    free(r.msgs);
}

static void test_jacobian(void **st) {
    (void)st;
    fires("jacobian",
          "parameters { real<lower=0> s; }\nmodel { log(s) ~ normal(0, 1); }",
          "p.bmodel:2:9:", "nonlinear transform of a parameter",
          "parameters { real<lower=0> s; }\nmodel { s ~ lognormal(0, 1); }");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_prior),   cmocka_unit_test(test_uniform_bounds),
        cmocka_unit_test(test_centered),   cmocka_unit_test(test_scale_bound),
        cmocka_unit_test(test_weak_prior), cmocka_unit_test(test_unassigned),
        cmocka_unit_test(test_jacobian),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
