/* tests/runtime/test_advi.c — ADVI (runtime/advi.c) on posteriors known in
 * closed form (tests/runtime/closed_form.h).
 *  - correlated 3-d normal, fullrank: the fitted mean within 0.2 posterior
 *    sd of the exact mean, the covariance L L' within 15% of each exact
 *    variance and 0.15 of each exact correlation;
 *  - the same, meanfield: its known under-dispersion — each fitted variance
 *    is within 15% of 1 / Lambda_ii (Lambda the precision), well below the
 *    true marginal variance; the mean within 0.2 sd;
 *  - normal-normal: the mean and sd of mu within 0.2 posterior sd and 15%;
 *  - a density that fails everywhere: a plain-words failure.
 * Settings (stated here, tighter than CmdStan's): 10 gradient draws,
 * tol_rel_obj 0.001, fixed seeds; each fit takes well under a second.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>
#include "advi.h"
#include "closed_form.h"
#include "method_io.h"

static void fit(int kind, int fullrank, uint64_t seed, bm_advi_approx *q, bm_advi_result *res) {
    bm_model m = cf_model(kind);
    bm_ws *ws = CF_DEF.ws_create(&m);
    bm_lp_target t = {&CF_DEF, &m, ws, BM_JACOBIAN, {{0}}};
    bm_opt_problem p = {.n = m.d, .fn = bm_lp_target_eval, .ctx = &t};
    bm_advi_config c;
    bm_advi_config_default(&c);
    c.fullrank = fullrank;
    c.grad_samples = 10;
    c.tol_rel_obj = 0.001;
    bm_rng rng;
    bm_rng_seed(&rng, seed, 0);
    bm_error err;
    assert_int_equal(bm_advi_approx_init(q, m.d, fullrank), 0);
    if (bm_advi_fit(&c, &p, &rng, q, res, &err)) fail_msg("ADVI failed: %s", err.msg);
    CF_DEF.ws_destroy(ws);
}

/* Covariance of the fitted approximation. */
static void approx_cov(const bm_advi_approx *q, double *cov) {
    int n = q->n;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double s = 0;
            if (q->fullrank)
                for (int k = 0; k < n; k++) s += q->L[i * n + k] * q->L[j * n + k];
            else if (i == j)
                s = exp(2 * q->omega[i]);
            cov[i * n + j] = s;
        }
}

static void check_mean(const bm_advi_approx *q, const double *mean, const double *sd) {
    for (int i = 0; i < q->n; i++)
        if (!(fabs(q->mu[i] - mean[i]) < 0.2 * sd[i]))
            fail_msg("mean[%d] = %g, exact %g (tolerance 0.2 sd = %g)", i, q->mu[i], mean[i], 0.2 * sd[i]);
}

static void test_fullrank_mvn(void **st) {
    bm_advi_approx q;
    bm_advi_result res;
    double cov[9], want[9];
    fit(CF_MVN, 1, 11, &q, &res);
    mvn_cov(want);
    approx_cov(&q, cov);
    check_mean(&q, MVN_MEAN, MVN_SD);
    for (int i = 0; i < 3; i++) {
        if (!(fabs(cov[i * 4] / want[i * 4] - 1) < 0.15))
            fail_msg("fullrank var[%d] = %g, exact %g", i, cov[i * 4], want[i * 4]);
        for (int j = 0; j < i; j++) {
            double r = cov[i * 3 + j] / sqrt(cov[i * 4] * cov[j * 4]);
            if (!(fabs(r - MVN_CORR[i * 3 + j]) < 0.15))
                fail_msg("fullrank corr[%d][%d] = %g, exact %g", i, j, r, MVN_CORR[i * 3 + j]);
        }
    }
    bm_advi_approx_free(&q);
}

static void test_meanfield_underdispersed(void **st) {
    bm_advi_approx q;
    bm_advi_result res;
    double cov[9], want[9];
    fit(CF_MVN, 0, 12, &q, &res);
    bm_model m = cf_model(CF_MVN);
    mvn_cov(want);
    approx_cov(&q, cov);
    check_mean(&q, MVN_MEAN, MVN_SD);
    for (int i = 0; i < 3; i++) {
        double ideal = 1 / m.prec[i * 4];
        if (!(fabs(cov[i * 4] / ideal - 1) < 0.15))
            fail_msg("meanfield var[%d] = %g, 1/Lambda_ii = %g", i, cov[i * 4], ideal);
        if (!(cov[i * 4] < 0.8 * want[i * 4]))
            fail_msg("meanfield var[%d] = %g is not below the true %g", i, cov[i * 4], want[i * 4]);
    }
    bm_advi_approx_free(&q);
}

static void test_normal_normal(void **st) {
    double mean, sd;
    nn_posterior(&mean, &sd);
    for (int fr = 0; fr < 2; fr++) {
        bm_advi_approx q;
        bm_advi_result res;
        fit(CF_NORMAL_NORMAL, fr, 13 + fr, &q, &res);
        check_mean(&q, &mean, &sd);
        double got = fr ? fabs(q.L[0]) : exp(q.omega[0]);
        if (!(fabs(got / sd - 1) < 0.15)) fail_msg("sd %g, exact %g", got, sd);
        assert_true(res.iterations > 0);
        bm_advi_approx_free(&q);
    }
}

static int fail_everywhere(void *ctx, const double *x, double *f, double *g) { return 1; }

static void test_failure_message(void **st) {
    bm_opt_problem p = {.n = 2, .fn = fail_everywhere};
    bm_advi_config c;
    bm_advi_config_default(&c);
    bm_advi_approx q;
    bm_advi_result res;
    bm_rng rng;
    bm_rng_seed(&rng, 1, 0);
    bm_error err;
    bm_advi_approx_init(&q, 2, 0);
    assert_int_not_equal(bm_advi_fit(&c, &p, &rng, &q, &res, &err), 0);
    assert_non_null(strstr(err.msg, "step sizes"));
    bm_advi_approx_free(&q);
}

static void test_draws_follow_the_approximation(void **st) {
    bm_advi_approx q;
    bm_advi_approx_init(&q, 2, 0);
    q.mu[0] = 3;
    q.omega[1] = log(2.0);
    bm_rng rng;
    bm_rng_seed(&rng, 5, 0);
    double z[2], x[2], s0 = 0, s1 = 0;
    enum { N = 20000 };
    for (int d = 0; d < N; d++) {
        double lg = bm_advi_draw(&q, &rng, z, x);
        assert_true(fabs(lg + 0.5 * (z[0] * z[0] + z[1] * z[1])) < 1e-12);
        s0 += x[0] / N;
        s1 += x[1] * x[1] / N;
    }
    assert_true(fabs(s0 - 3) < 5 / sqrt(N));
    assert_true(fabs(s1 - 4) < 5 * 4 * sqrt(2.0 / N));
    bm_advi_approx_free(&q);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fullrank_mvn),
        cmocka_unit_test(test_meanfield_underdispersed),
        cmocka_unit_test(test_normal_normal),
        cmocka_unit_test(test_failure_message),
        cmocka_unit_test(test_draws_follow_the_approximation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
