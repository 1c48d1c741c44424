/* tests/runtime/test_pathfinder.c — Pathfinder (runtime/pathfinder.c) on
 * posteriors known in closed form (tests/runtime/closed_form.h).
 *  - correlated 3-d normal, single path: the chosen approximation's draws
 *    (4000) have mean within 0.2 sd, variances within 60% and correlations
 *    within 0.2 of the exact ones (a single path's inverse Hessian estimate
 *    from a few inexact line-search steps is rough: over 12 seeds errors up
 *    to 0.13 sd, 44% and 0.15 were seen); lp_approx__ is a normalised log
 *    density: lp - lp_approx stays within 1 of log((2 pi)^(3/2)
 *    |Sigma|^(1/2)) (a wrong normalisation is off by >= 2.7);
 *  - the same, multi-path (4 paths) with PSIS resampling: mean within 0.1
 *    sd, variances within 15%, correlations within 0.1, k-hat below 0.7
 *    (held over 12 seeds);
 *  - normal-normal: mean within 0.1 sd and sd within 10%;
 *  - a path whose density fails everywhere: a plain-words failure;
 *  - bm_pathfinder_inits (for `sample --init-from-pathfinder`): distinct
 *    starting points within 5 sd of the MVN mean, reproducible by seed.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>
#include "closed_form.h"
#include "method_io.h"
#include "pathfinder.h"
#include "program.h"

typedef struct {
    bm_model m;
    bm_ws *ws;
    bm_lp_target t;
    bm_opt_problem p;
} target;

static void target_init(target *tg, int kind) {
    tg->m = cf_model(kind);
    tg->ws = CF_DEF.ws_create(&tg->m);
    tg->t = (bm_lp_target){&CF_DEF, &tg->m, tg->ws, BM_JACOBIAN, {{0}}};
    tg->p = (bm_opt_problem){.n = tg->m.d, .fn = bm_lp_target_eval, .ctx = &tg->t};
}

/* Sample mean and covariance of out's draws. */
static void moments(const bm_pathfinder_out *out, double *mean, double *cov) {
    int n = out->n, S = out->ndraws;
    memset(mean, 0, n * sizeof *mean);
    memset(cov, 0, (size_t)n * n * sizeof *cov);
    for (int s = 0; s < S; s++)
        for (int i = 0; i < n; i++) mean[i] += out->draws[s * n + i] / S;
    for (int s = 0; s < S; s++)
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                cov[i * n + j] += (out->draws[s * n + i] - mean[i]) * (out->draws[s * n + j] - mean[j]) / (S - 1);
}

static void check_mvn(const bm_pathfinder_out *out, double mean_tol, double var_tol,
                      double corr_tol) {
    double mean[3], cov[9], want[9];
    moments(out, mean, cov);
    mvn_cov(want);
    for (int i = 0; i < 3; i++) {
        if (!(fabs(mean[i] - MVN_MEAN[i]) < mean_tol * MVN_SD[i]))
            fail_msg("mean[%d] = %g, exact %g", i, mean[i], MVN_MEAN[i]);
        if (!(fabs(cov[i * 4] / want[i * 4] - 1) < var_tol))
            fail_msg("var[%d] = %g, exact %g", i, cov[i * 4], want[i * 4]);
        for (int j = 0; j < i; j++) {
            double r = cov[i * 3 + j] / sqrt(cov[i * 4] * cov[j * 4]);
            if (!(fabs(r - MVN_CORR[i * 3 + j]) < corr_tol))
                fail_msg("corr[%d][%d] = %g, exact %g", i, j, r, MVN_CORR[i * 3 + j]);
        }
    }
}

static void test_single_path_mvn(void **st) {
    target tg;
    target_init(&tg, CF_MVN);
    bm_pathfinder_config c;
    bm_pathfinder_config_default(&c);
    c.num_draws = 4000;
    double init[3] = {-1.5, 1.0, 1.8};
    bm_rng rng;
    bm_rng_seed(&rng, 21, 0);
    bm_pathfinder_out out;
    bm_error err;
    if (bm_pathfinder_single(&c, &tg.p, init, &rng, &out, &err)) fail_msg("%s", err.msg);
    assert_int_equal(out.ndraws, 4000);
    assert_true(out.iterations >= 2);
    check_mvn(&out, 0.2, 0.6, 0.2);
    /* lp - lp_approx is nearly constant when the approximation is exact:
     * lp_approx normalised, lp unnormalised (-0.5 r'Pr), so the constant is
     * log((2 pi)^(3/2) |Sigma|^(1/2)) */
    double cov[9], l[9];
    mvn_cov(cov);
    la_cholesky(cov, 3, l);
    double c0 = 1.5 * log(2 * M_PI) + 0.5 * la_chol_logdet(l, 3);
    for (int d = 0; d < 10; d++)
        if (!(fabs(out.lp[d] - out.lp_approx[d] - c0) < 1.0))
            fail_msg("lp - lp_approx = %g, expected %g", out.lp[d] - out.lp_approx[d], c0);
    bm_pathfinder_out_free(&out);
    CF_DEF.ws_destroy(tg.ws);
}

static void test_multi_path_mvn(void **st) {
    target tg;
    target_init(&tg, CF_MVN);
    bm_pathfinder_config c;
    bm_pathfinder_config_default(&c);
    c.num_out = 2000;
    double inits[12] = {-1.5, 1.0, 1.8, 2, 2, 2, 0, -4, 0, 1.9, -0.3, -1.2};
    bm_pathfinder_out out;
    bm_error err;
    if (bm_pathfinder_multi(&c, &tg.p, 4, inits, 3, 0, &out, &err)) fail_msg("%s", err.msg);
    assert_int_equal(out.ndraws, 2000);
    assert_int_equal(out.paths_ok, 4);
    assert_true(out.khat < 0.7);
    check_mvn(&out, 0.1, 0.15, 0.1);
    bm_pathfinder_out_free(&out);
    CF_DEF.ws_destroy(tg.ws);
}

static void test_normal_normal(void **st) {
    target tg;
    target_init(&tg, CF_NORMAL_NORMAL);
    bm_pathfinder_config c;
    bm_pathfinder_config_default(&c);
    c.num_draws = 4000;
    double init[1] = {-1.9}, mean, sd, m[1], v[1];
    nn_posterior(&mean, &sd);
    bm_rng rng;
    bm_rng_seed(&rng, 22, 0);
    bm_pathfinder_out out;
    bm_error err;
    if (bm_pathfinder_single(&c, &tg.p, init, &rng, &out, &err)) fail_msg("%s", err.msg);
    moments(&out, m, v);
    if (!(fabs(m[0] - mean) < 0.1 * sd)) fail_msg("mean %g, exact %g", m[0], mean);
    if (!(fabs(sqrt(v[0]) / sd - 1) < 0.1)) fail_msg("sd %g, exact %g", sqrt(v[0]), sd);
    bm_pathfinder_out_free(&out);
    CF_DEF.ws_destroy(tg.ws);
}

static int fail_everywhere(void *ctx, const double *x, double *f, double *g) { return 1; }

static void test_failure(void **st) {
    bm_opt_problem p = {.n = 2, .fn = fail_everywhere};
    bm_pathfinder_config c;
    bm_pathfinder_config_default(&c);
    double inits[4] = {0};
    bm_pathfinder_out out;
    bm_error err;
    assert_int_not_equal(bm_pathfinder_multi(&c, &p, 2, inits, 1, 0, &out, &err), 0);
    assert_non_null(strstr(err.msg, "not finite"));
}

static void test_inits_for_nuts(void **st) {
    bm_options o;
    char *argv[] = {"prog", "sample", "--init-from-pathfinder", "--num-paths", "3", "--seed", "4"};
    assert_int_equal(bm_options_parse(&o, 7, argv, "prog"), 0);
    assert_int_equal(o.init_from_pathfinder, 1);
    bm_model m = cf_model(CF_MVN);
    double a[12], b[12];
    bm_error err;
    assert_int_equal(bm_pathfinder_inits(&CF_DEF, &m, &o, 4, a, &err), 0);
    assert_int_equal(bm_pathfinder_inits(&CF_DEF, &m, &o, 4, b, &err), 0);
    assert_memory_equal(a, b, sizeof a);
    for (int c = 0; c < 4; c++)
        for (int i = 0; i < 3; i++)
            assert_true(fabs(a[c * 3 + i] - MVN_MEAN[i]) < 5 * MVN_SD[i]);
    assert_true(a[0] != a[3] || a[3] != a[6]);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single_path_mvn),
        cmocka_unit_test(test_multi_path_mvn),
        cmocka_unit_test(test_normal_normal),
        cmocka_unit_test(test_failure),
        cmocka_unit_test(test_inits_for_nuts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
