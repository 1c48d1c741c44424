/* tests/bench/grad_bench.c — time one model's log density and gradient.
 *
 * In:  linked with a model's generated C (bmc compile --emit-c) and
 * lib/libbmrt.a; argv: DATA_FILE [name=value ...].  Out: one line on stdout,
 * "ns_value NS ns_gradient NS dim N", the mean cost of log_density without
 * and with the gradient at a fixed point drawn uniform(-1, 1).
 * Never: a test; timings belong to `make bench` only.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "data.h"
#include "model.h"
#include "rng.h"

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* Mean ns per call over enough calls to run at least 0.3 s. */
static double time_calls(const bm_model_def *def, const bm_model *m, bm_ws *ws,
                         const double *theta, double *grad) {
    double lp, sink = 0, t0 = now_ns(), t;
    long calls = 0, batch = 1000;
    bm_error err;
    do {
        for (long i = 0; i < batch; i++) {
            def->log_density(m, ws, theta, BM_JACOBIAN | BM_PROPTO, &lp, grad, &err);
            sink += lp;
        }
        calls += batch;
        t = now_ns() - t0;
    } while (t < 3e8);
    if (sink == 42.4242) puts("");  /* keeps the loop from being removed */
    return t / (double)calls;
}

int main(int argc, char **argv) {
    const bm_model_def *def = &bm_model_definition;
    bm_error err = {{0}};
    bm_data *data = bm_data_new();
    for (int i = 1; i < argc; i++) {
        int bad = strchr(argv[i], '=') ? bm_data_read_arg(data, argv[i], &err)
                                       : bm_data_read_file(data, argv[i], &err);
        if (bad) { fprintf(stderr, "%s\n", err.msg); return 2; }
    }
    bm_model *m = def->create(data, &err);
    if (!m) { fprintf(stderr, "%s\n", err.msg); return 2; }
    int n = def->num_unconstrained(m);
    double theta[4096], grad[4096];
    if (n > 4096) return 2;
    bm_rng rng;
    bm_rng_seed(&rng, 1, 0);
    for (int i = 0; i < n; i++) theta[i] = 2 * bm_rng_uniform(&rng) - 1;
    bm_ws *ws = def->ws_create(m);
    double v = time_calls(def, m, ws, theta, NULL);
    double g = time_calls(def, m, ws, theta, grad);
    printf("ns_value %.1f ns_gradient %.1f dim %d\n", v, g, n);
    def->ws_destroy(ws);
    def->destroy(m);
    bm_data_free(data);
    return 0;
}
