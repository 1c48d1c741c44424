/* tests/runtime/test_optimize.c — L-BFGS, BFGS, Newton (runtime/optimize.c)
 * and the Laplace approximation (runtime/laplace.c) on posteriors known in
 * closed form (tests/runtime/closed_form.h):
 *  - correlated 3-d normal: every algorithm finds the exact mode to 1e-6;
 *    the Laplace covariance equals the exact one to 1e-6, and 20000 Laplace
 *    draws recover mean and covariance within 5 Monte Carlo standard errors;
 *  - normal-normal: the mode is the conjugate posterior mean to 1e-6;
 *  - beta-binomial on the logit scale: without the Jacobian the mode is
 *    (a+k-1)/(a+b+n-2) (the mode of the beta posterior: penalised MLE),
 *    with it (a+k)/(a+b+n) (MAP on the unconstrained scale);
 *  - a density that fails everywhere gives a failure status, not a mode.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>
#include "closed_form.h"
#include "laplace.h"
#include "method_io.h"
#include "optimize.h"

/* Mode of model `kind` with `alg`, from start x (overwritten).  CmdStan's
 * default tolerances stop when g'H^-1 g / max(|f|, 1) < 2e-9, i.e. up to
 * ~1e-4 from the mode in x; to check the mode to 1e-6 the relative
 * tolerances are tightened to 100 eps (objective and gradient) and the
 * absolute ones to 1e-20. */
static bm_opt_result run_opt(int kind, bm_opt_algorithm alg, unsigned flags, double *x) {
    bm_model m = cf_model(kind);
    bm_ws *ws = CF_DEF.ws_create(&m);
    bm_lp_target t = {&CF_DEF, &m, ws, flags, {{0}}};
    bm_opt_problem p = {.n = m.d, .fn = bm_lp_target_eval, .ctx = &t};
    bm_opt_config c;
    bm_opt_config_default(&c);
    c.algorithm = alg;
    c.tol_rel_grad = c.tol_rel_obj = 100;
    c.tol_obj = c.tol_grad = c.tol_param = 1e-20;
    bm_opt_result res;
    int rc = bm_optimize(&c, &p, x, &res);
    CF_DEF.ws_destroy(ws);
    assert_int_equal(rc, 0);
    if (!(res.status >= 0 && res.status != BM_OPT_MAX_ITER))
        fail_msg("algorithm %d stopped with: %s", alg, bm_opt_status_message(res.status));
    return res;
}

static void test_mvn_mode_all_algorithms(void **st) {
    static const bm_opt_algorithm ALGS[] = {BM_OPT_LBFGS, BM_OPT_BFGS, BM_OPT_NEWTON};
    for (int a = 0; a < 3; a++) {
        double x[3] = {-3.0, 4.0, 2.0};
        bm_opt_result res = run_opt(CF_MVN, ALGS[a], 0, x);
        for (int i = 0; i < 3; i++)
            if (!(fabs(x[i] - MVN_MEAN[i]) < 1e-6))
                fail_msg("algorithm %d: x[%d] = %.10g, mode %.10g (%d iterations)", a, i, x[i],
                         MVN_MEAN[i], res.iterations);
        assert_true(fabs(res.f) < 1e-10);
    }
}

static void test_normal_normal_mode(void **st) {
    double mean, sd, x[1] = {10.0};
    nn_posterior(&mean, &sd);
    run_opt(CF_NORMAL_NORMAL, BM_OPT_LBFGS, 0, x);
    assert_true(fabs(x[0] - mean) < 1e-6);
}

static double inv_logit(double u) { return 1 / (1 + exp(-u)); }

static void test_beta_binomial_map_vs_mle(void **st) {
    double mle = (BB_A + BB_K - 1) / (BB_A + BB_B + BB_N - 2);
    double map = (BB_A + BB_K) / (BB_A + BB_B + BB_N);
    static const bm_opt_algorithm ALGS[] = {BM_OPT_LBFGS, BM_OPT_BFGS, BM_OPT_NEWTON};
    for (int a = 0; a < 3; a++) {
        double u[1] = {1.5}, v[1] = {-1.0};
        run_opt(CF_BETA_BINOMIAL, ALGS[a], 0, u);
        run_opt(CF_BETA_BINOMIAL, ALGS[a], BM_JACOBIAN, v);
        if (!(fabs(inv_logit(u[0]) - mle) < 1e-6)) fail_msg("no-Jacobian mode %g, want %g", inv_logit(u[0]), mle);
        if (!(fabs(inv_logit(v[0]) - map) < 1e-6)) fail_msg("Jacobian mode %g, want %g", inv_logit(v[0]), map);
    }
    assert_true(fabs(mle - map) > 0.005); /* 9/23 vs 10/25: the estimates differ */
}

static int fail_everywhere(void *ctx, const double *x, double *f, double *g) { return 1; }

static void test_failure_is_reported(void **st) {
    bm_opt_problem p = {.n = 2, .fn = fail_everywhere};
    bm_opt_config c;
    bm_opt_config_default(&c);
    double x[2] = {0, 0};
    bm_opt_result res;
    assert_int_equal(bm_optimize(&c, &p, x, &res), 1);
    assert_int_equal(res.status, BM_OPT_INIT_FAILED);
    assert_non_null(strstr(bm_opt_status_message(res.status), "not finite"));
}

static void test_iteration_limit(void **st) {
    bm_model m = cf_model(CF_MVN);
    bm_ws *ws = CF_DEF.ws_create(&m);
    bm_lp_target t = {&CF_DEF, &m, ws, 0, {{0}}};
    bm_opt_problem p = {.n = 3, .fn = bm_lp_target_eval, .ctx = &t};
    bm_opt_config c;
    bm_opt_config_default(&c);
    c.max_iter = 2;
    double x[3] = {-3, 4, 2};
    bm_opt_result res;
    assert_int_equal(bm_optimize(&c, &p, x, &res), 0);
    assert_int_equal(res.status, BM_OPT_MAX_ITER);
    assert_int_equal(res.iterations, 2);
    CF_DEF.ws_destroy(ws);
}

static void test_laplace_mvn(void **st) {
    bm_model m = cf_model(CF_MVN);
    bm_ws *ws = CF_DEF.ws_create(&m);
    bm_lp_target t = {&CF_DEF, &m, ws, BM_JACOBIAN, {{0}}};
    bm_opt_problem p = {.n = 3, .fn = bm_lp_target_eval, .ctx = &t};
    double cov[9], l[9], llt[9], z[3], x[3];
    bm_error err;
    mvn_cov(cov);
    assert_int_equal(bm_laplace_fit(&p, MVN_MEAN, l, &err), 0);
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            llt[i * 3 + j] = 0;
            for (int k = 0; k < 3; k++) llt[i * 3 + j] += l[i * 3 + k] * l[j * 3 + k];
            if (!(fabs(llt[i * 3 + j] - cov[i * 3 + j]) < 1e-6))
                fail_msg("Laplace cov[%d][%d] = %.9g, exact %.9g", i, j, llt[i * 3 + j], cov[i * 3 + j]);
        }
    /* draws: mean and covariance within 5 MC standard errors */
    enum { N = 20000 };
    double sum[3] = {0}, sxy[9] = {0};
    bm_rng rng;
    bm_rng_seed(&rng, 7, 1);
    for (int d = 0; d < N; d++) {
        double lg = bm_laplace_draw(MVN_MEAN, l, 3, &rng, z, x);
        assert_true(lg <= 0);
        for (int i = 0; i < 3; i++) {
            sum[i] += x[i];
            for (int j = 0; j < 3; j++) sxy[i * 3 + j] += (x[i] - MVN_MEAN[i]) * (x[j] - MVN_MEAN[j]);
        }
    }
    for (int i = 0; i < 3; i++) {
        double se = MVN_SD[i] / sqrt(N);
        if (!(fabs(sum[i] / N - MVN_MEAN[i]) < 5 * se)) fail_msg("Laplace mean %d off", i);
        for (int j = 0; j < 3; j++) {
            double c = sxy[i * 3 + j] / N, want = cov[i * 3 + j];
            double se_c = sqrt((cov[i * 4] * cov[j * 4] + want * want) / N);
            if (!(fabs(c - want) < 5 * se_c))
                fail_msg("Laplace draw cov[%d][%d] = %g, exact %g (5 se = %g)", i, j, c, want, 5 * se_c);
        }
    }
    CF_DEF.ws_destroy(ws);
}

static int saddle(void *ctx, const double *x, double *f, double *g) {
    *f = x[0] * x[0] - x[1] * x[1];
    g[0] = 2 * x[0];
    g[1] = -2 * x[1];
    return 0;
}

static void test_laplace_rejects_non_maximum(void **st) {
    bm_opt_problem p = {.n = 2, .fn = saddle};
    double zero[2] = {0, 0}, l[4];
    bm_error err;
    assert_int_not_equal(bm_laplace_fit(&p, zero, l, &err), 0);
    assert_non_null(strstr(err.msg, "not negative definite"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mvn_mode_all_algorithms),
        cmocka_unit_test(test_normal_normal_mode),
        cmocka_unit_test(test_beta_binomial_map_vs_mle),
        cmocka_unit_test(test_failure_is_reported),
        cmocka_unit_test(test_iteration_limit),
        cmocka_unit_test(test_laplace_mvn),
        cmocka_unit_test(test_laplace_rejects_non_maximum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
