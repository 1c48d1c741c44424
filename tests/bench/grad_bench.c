/* tests/bench/grad_bench.c — time one model's log density and gradient.
 *
 * In:  linked with a model's generated C (bmc compile --emit-c) and
 * lib/libbmrt.a; argv: DATA_FILE [name=value ...].  Out: one line on stdout,
 * "ns_value NS ns_gradient NS dim N", the cost of one log_density call
 * without and with the gradient (median over batches, bench_time.h) at a
 * fixed point drawn uniform(-1, 1), with BM_JACOBIAN | BM_PROPTO; then, when
 * the model has at most 4 parameter values, "params P..." (their constrained
 * values at that point, for kernel_bench).
 * Never: a test; timings belong to `make bench` only.
 */
#include <stdio.h>
#include <string.h>
#include "bench_time.h"
#include "data.h"
#include "model.h"
#include "rng.h"

typedef struct {
    const bm_model_def *def;
    const bm_model *m;
    bm_ws *ws;
    const double *theta;
    double *grad;   /* NULL: the log density alone */
} call_ctx;

static double one_call(void *p) {
    call_ctx *c = p;
    double lp = 0;
    bm_error err;
    if (c->def->log_density(c->m, c->ws, c->theta, BM_JACOBIAN | BM_PROPTO, &lp, c->grad, &err)) {
        fprintf(stderr, "rejected: %s\n", err.msg);
        exit(2);
    }
    return lp;
}

/* " params P..." and a newline: the constrained parameters at theta, when
 * there are at most 4 of them. */
static void print_params(const bm_model_def *def, const bm_model *m, bm_ws *ws,
                         const double *theta) {
    double out[4];
    bm_error err;
    int k = def->num_outputs(m, 0);
    if (k <= 4 && !def->write_array(m, ws, theta, 0, NULL, out, &err)) {
        fputs(" params", stdout);
        for (int i = 0; i < k; i++) printf(" %.17g", out[i]);
    }
    putchar('\n');
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
    double *theta = calloc((size_t)n + 1, sizeof *theta);
    double *grad = calloc((size_t)n + 1, sizeof *grad);
    if (!theta || !grad) return 2;
    bm_rng rng;
    bm_rng_seed(&rng, 1, 0);
    for (int i = 0; i < n; i++) theta[i] = 2 * bm_rng_uniform(&rng) - 1;
    call_ctx c = {def, m, def->ws_create(m), theta, NULL};
    double sink = 0;
    double v = bench_ns_per_call(one_call, &c, &sink);
    c.grad = grad;
    double g = bench_ns_per_call(one_call, &c, &sink);
    printf("ns_value %.1f ns_gradient %.1f dim %d", v, g, n);
    print_params(def, m, c.ws, theta);
    if (sink == 42.4242) puts("");  /* keeps the calls from being removed */
    def->ws_destroy(c.ws);
    def->destroy(m);
    bm_data_free(data);
    free(theta);
    free(grad);
    return 0;
}
