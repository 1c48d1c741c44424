/* tests/compiler/gradcheck_driver.c — checks one generated model in-process.
 *
 * In:  compiled together with a generated model: cc -DMODEL_C='"x.c"' ...
 * (the model's C is #included, so its workspace internals are visible);
 * argv: data as name=v1,v2,... (1-d) or name=v (scalar).
 * Out: lines "theta i v", "lp FLAGS value", "out i v", "CREATE_FAIL msg" on
 * stdout; exit 0 when the gradient matches central finite differences for
 * every flag combination, value-only and gradient calls agree, repeated
 * gradient calls allocate nothing, and unconstrain inverts write_array;
 * exit 1 otherwise, 3 when create() failed.
 * Never: used outside the tests.  The bm_data helpers (driver_data.h) are
 * minimal stand-ins with the documented contract of runtime/data.h.
 */
#include MODEL_C

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver_data.h"

/* ---- checks ---------------------------------------------------------------- */

static double lp_at(const bm_model *m, bm_ws *w, double *th, unsigned fl) {
    double lp = NAN;
    bm_error err;
    if (log_density(m, w, th, fl, &lp, NULL, &err)) return NAN;
    return lp;
}

static int check_flags(const bm_model *m, bm_ws *w, double *th, int n, unsigned fl) {
    double lp, lpg, *g = calloc((size_t)n + 1, sizeof *g);
    bm_error err = {{0}};
    int bad = log_density(m, w, th, fl, &lp, NULL, &err);
    bad |= log_density(m, w, th, fl, &lpg, g, &err);
    if (bad) { printf("REJECT %s\n", err.msg); free(g); return 1; }
    printf("lp %u %.17g\n", fl, lp);
    if (fabs(lp - lpg) > 1e-10 * fmax(1, fabs(lp))) { printf("value mismatch %g %g\n", lp, lpg); bad = 1; }
    for (int i = 0; i < n; i++) {
        double s = th[i], h = 1e-6;
        th[i] = s + h;
        double up = lp_at(m, w, th, fl);
        th[i] = s - h;
        double dn = lp_at(m, w, th, fl);
        th[i] = s;
        double fd = (up - dn) / (2 * h);
        if (!(fabs(fd - g[i]) <= 1e-5 * fmax(1, fabs(fd)))) {
            printf("GRAD MISMATCH flags %u i %d model %.10g fd %.10g\n", fl, i, g[i], fd);
            bad = 1;
        }
    }
    free(g);
    return bad;
}

/* Second and third gradient calls must not grow the stacks. */
static int check_no_alloc(const bm_model *m, bm_ws *w, double *th, int n) {
    double lp, *g = calloc((size_t)n + 1, sizeof *g);
    bm_error err;
    log_density(m, w, th, BM_JACOBIAN, &lp, g, &err);
    long vc = w->vcap, ic = w->icap;
    double *vs = w->vs;
    log_density(m, w, th, BM_JACOBIAN, &lp, g, &err);
    free(g);
    if (vc != w->vcap || ic != w->icap || vs != w->vs) { puts("STACK GREW"); return 1; }
    return 0;
}

static int check_roundtrip(const bm_model *m, bm_ws *w, const double *th, int n) {
    int no = num_outputs(m, BM_WRITE_TPARAMS | BM_WRITE_GQ);
    double *out = calloc((size_t)no + 1, sizeof *out), *t2 = calloc((size_t)n + 1, sizeof *t2);
    bm_error err = {{0}};
    bm_rng rng;
    bm_rng_seed(&rng, 1, 0); /* generated quantities may draw (Y_rep) */
    int bad = write_array(m, w, th, BM_WRITE_TPARAMS | BM_WRITE_GQ, &rng, out, &err);
    for (int i = 0; !bad && i < no; i++) printf("out %d %.17g\n", i, out[i]);
    bad |= unconstrain(m, out, t2, &err);
    if (bad) printf("WRITE/UNCONSTRAIN FAILED %s\n", err.msg);
    for (int i = 0; !bad && i < n; i++)
        if (fabs(t2[i] - th[i]) > 1e-8 * fmax(1, fabs(th[i]))) {
            printf("ROUNDTRIP %d %g %g\n", i, th[i], t2[i]);
            bad = 1;
        }
    free(out);
    free(t2);
    return bad;
}

int main(int argc, char **argv) {
    bm_data d = {0, calloc(64, sizeof(bm_data_var))};
    for (int i = 1; i < argc; i++) add_var(&d, argv[i]);
    bm_error err = {{0}};
    bm_model *m = bm_model_definition.create(&d, &err);
    if (!m) { printf("CREATE_FAIL %s\n", err.msg); return 3; }
    int n = num_unconstrained(m);
    bm_ws *w = ws_create(m);
    double *th = calloc((size_t)n + 1, sizeof *th);
    unsigned long long s = 12345;
    for (int i = 0; i < n; i++) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        th[i] = 3.0 * ((double)(s >> 11) / 9007199254740992.0) - 1.5;
        printf("theta %d %.17g\n", i, th[i]);
    }
    int bad = 0;
    static const unsigned flags[4] = {BM_JACOBIAN, 0, BM_JACOBIAN | BM_PROPTO, BM_PROPTO};
    for (int k = 0; k < 4; k++) bad |= check_flags(m, w, th, n, flags[k]);
    bad |= check_no_alloc(m, w, th, n);
    bad |= check_roundtrip(m, w, th, n);
    ws_destroy(w);
    model_destroy(m);
    puts(bad ? "FAILED" : "OK");
    return bad;
}
