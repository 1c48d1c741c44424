/* runtime/cmd_diagnose.c — `BIN diagnose`: gradient against finite differences.
 *
 * In:  a bound model and options (seed, init radius, epsilon, error).
 * Out: a table on stdout (param, value, model gradient, finite difference,
 * error) and exit 0, or 1 when some |error| > error * max(1, |fd|) + R,
 * where R = 64 |lp| DBL_EPSILON / epsilon bounds the rounding noise of the
 * central difference itself (it matters when |lp| is huge, e.g. 1e12 at a
 * random point of a regression on raw earnings).
 * The point is drawn uniform(-R, R) on the unconstrained scale; the log
 * density includes the Jacobian and all constants (as CmdStan's diagnose).
 * Never: modifies the model.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "program.h"
#include "rng.h"

/* Central difference of lp along coordinate i.  NAN if either side fails. */
static double central_diff(const bm_model_def *def, const bm_model *m, bm_ws *ws,
                           double *theta, int i, double eps) {
    double saved = theta[i], up, down;
    bm_error err;
    theta[i] = saved + eps;
    int bad = def->log_density(m, ws, theta, BM_JACOBIAN, &up, NULL, &err);
    theta[i] = saved - eps;
    bad |= def->log_density(m, ws, theta, BM_JACOBIAN, &down, NULL, &err);
    theta[i] = saved;
    return bad ? NAN : (up - down) / (2 * eps);
}

/* Draws a point where the log density and gradient are finite. */
static int find_point(const bm_model_def *def, const bm_model *m, bm_ws *ws,
                      const bm_options *o, double *theta, double *lp,
                      double *grad, bm_error *err) {
    int n = def->num_unconstrained(m);
    bm_rng rng;
    bm_rng_seed(&rng, o->seed, 0);
    for (int attempt = 0; attempt < 100; attempt++) {
        for (int i = 0; i < n; i++)
            theta[i] = o->init_radius * (2 * bm_rng_uniform(&rng) - 1);
        if (def->log_density(m, ws, theta, BM_JACOBIAN, lp, grad, err)) continue;
        int finite = isfinite(*lp);
        for (int i = 0; i < n; i++) finite &= isfinite(grad[i]);
        if (finite) return 0;
    }
    return 1;
}

/* Rounding noise of (f(x+h) - f(x-h)) / 2h when f is evaluated near lp. */
static double fd_roundoff(double lp, double eps) {
    return 64.0 * fabs(lp) * DBL_EPSILON / eps;
}

static int compare_gradients(const bm_model_def *def, const bm_model *m, bm_ws *ws,
                             const bm_options *o, double *theta, double lp,
                             const double *grad) {
    int n = def->num_unconstrained(m), bad = 0;
    double roundoff = fd_roundoff(lp, o->fd_epsilon);
    printf(" %6s %16s %16s %16s %16s\n", "param", "value", "model", "finite diff",
           "error");
    for (int i = 0; i < n; i++) {
        double fd = central_diff(def, m, ws, theta, i, o->fd_epsilon);
        double e = grad[i] - fd;
        int fail = !(fabs(e) <= o->fd_error * fmax(1.0, fabs(fd)) + roundoff);
        bad |= fail;
        printf(" %6d %16.8g %16.8g %16.8g %16.8g%s\n", i, theta[i], grad[i], fd, e,
               fail ? "  <-- beyond tolerance" : "");
    }
    return bad;
}

int bm_cmd_diagnose(const bm_model_def *def, const bm_options *o) {
    bm_data *data;
    bm_model *m = bm_program_load(def, o, &data);
    if (!m) return 2;
    int n = def->num_unconstrained(m);
    bm_ws *ws = def->ws_create(m);
    double *theta = calloc((size_t)n + 1, sizeof *theta);
    double *grad = calloc((size_t)n + 1, sizeof *grad);
    double lp = 0;
    bm_error err = {{0}};
    int rc = 1;
    if (find_point(def, m, ws, o, theta, &lp, grad, &err)) {
        fprintf(stderr, "error: no point with a finite log density and gradient in 100 tries%s%s\n",
                err.msg[0] ? ": " : "", err.msg);
    } else {
        printf("Log density (with Jacobian and constants) = %.10g at a random point "
               "(seed %llu, uniform(-%g, %g) unconstrained)\n",
               lp, (unsigned long long)o->seed, o->init_radius, o->init_radius);
        printf("Gradient vs central finite differences (epsilon = %g, error = %g,"
               " rounding allowance %.3g):\n",
               o->fd_epsilon, o->fd_error, fd_roundoff(lp, o->fd_epsilon));
        rc = compare_gradients(def, m, ws, o, theta, lp, grad);
        printf(rc ? "FAIL: gradient differs from finite differences beyond tolerance\n"
                  : "OK: gradient matches finite differences\n");
    }
    free(theta);
    free(grad);
    def->ws_destroy(ws);
    def->destroy(m);
    bm_data_free(data);
    return rc;
}
