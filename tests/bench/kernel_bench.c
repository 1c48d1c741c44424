/* tests/bench/kernel_bench.c — the stdlib density kernels alone, in a C loop.
 *
 * In:  argv: DIR NAME PARAM...: the density (normal, student_t, poisson_log,
 * bernoulli_logit), gen_data's DIR/NAME.csv, and the parameter values in the
 * density's argument order.  Out: one line,
 * "ns_value NS ns_gradient NS n N": ns per loop over all N elements,
 * value alone (propto 0, active 0, every partial pointer NULL) and with the
 * partials of every parameter (active set, summed as the generated code
 * accumulates adjoints).  The parameters are scalars broadcast over the
 * elements, as in the benchmark models (tests/bench/models), read at run
 * time (so no term is folded at compile time: the generated code cannot
 * fold them either); stdlib_densities.sh passes the values at which
 * grad_bench evaluated the model.  Compiled -O2 like a model.
 * Never: a test; timings belong to `make bench` only.
 */
#include <stdio.h>
#include <string.h>
#include "bench_time.h"
#include "bm_math.h"
#include "data.h"

typedef struct {
    const double *y;   /* the observations (counts as doubles) */
    long n;
    double a, b, c;    /* the parameters, in the density's order */
} obs;

static double normal_value(void *p) {
    const obs *o = p;
    double lp = 0;
    for (long i = 0; i < o->n; i++)
        lp += bm_normal_lpdf(o->y[i], o->a, o->b, 0, 0, NULL, NULL, NULL);
    return lp;
}

static double normal_grad(void *p) {
    const obs *o = p;
    double lp = 0, gm = 0, gs = 0;
    for (long i = 0; i < o->n; i++) {
        double dm, ds;
        lp += bm_normal_lpdf(o->y[i], o->a, o->b, 0, 6u, NULL, &dm, &ds);
        gm += dm;
        gs += ds;
    }
    return lp + gm + gs;
}

static double student_t_value(void *p) {
    const obs *o = p;
    double lp = 0;
    for (long i = 0; i < o->n; i++)
        lp += bm_student_t_lpdf(o->y[i], o->a, o->b, o->c, 0, 0, NULL, NULL, NULL, NULL);
    return lp;
}

static double student_t_grad(void *p) {
    const obs *o = p;
    double lp = 0, gn = 0, gm = 0, gs = 0;
    for (long i = 0; i < o->n; i++) {
        double dn, dm, ds;
        lp += bm_student_t_lpdf(o->y[i], o->a, o->b, o->c, 0, 14u, NULL, &dn, &dm, &ds);
        gn += dn;
        gm += dm;
        gs += ds;
    }
    return lp + gn + gm + gs;
}

static double poisson_log_value(void *p) {
    const obs *o = p;
    double lp = 0;
    for (long i = 0; i < o->n; i++) lp += bm_poisson_log_lpmf((int)o->y[i], o->a, 0, 0, NULL);
    return lp;
}

static double poisson_log_grad(void *p) {
    const obs *o = p;
    double lp = 0, ga = 0;
    for (long i = 0; i < o->n; i++) {
        double da;
        lp += bm_poisson_log_lpmf((int)o->y[i], o->a, 0, 2u, &da);
        ga += da;
    }
    return lp + ga;
}

static double bernoulli_logit_value(void *p) {
    const obs *o = p;
    double lp = 0;
    for (long i = 0; i < o->n; i++) lp += bm_bernoulli_logit_lpmf((int)o->y[i], o->a, 0, 0, NULL);
    return lp;
}

static double bernoulli_logit_grad(void *p) {
    const obs *o = p;
    double lp = 0, ga = 0;
    for (long i = 0; i < o->n; i++) {
        double da;
        lp += bm_bernoulli_logit_lpmf((int)o->y[i], o->a, 0, 2u, &da);
        ga += da;
    }
    return lp + ga;
}

static const struct {
    const char *name;
    bench_fn value, grad;
} kernels[] = {
    {"normal", normal_value, normal_grad},
    {"student_t", student_t_value, student_t_grad},
    {"poisson_log", poisson_log_value, poisson_log_grad},
    {"bernoulli_logit", bernoulli_logit_value, bernoulli_logit_grad},
};

int main(int argc, char **argv) {
    size_t k = 0, nk = sizeof kernels / sizeof *kernels;
    while (argc >= 3 && k < nk && strcmp(kernels[k].name, argv[2])) k++;
    if (argc < 4 || k == nk) {
        fprintf(stderr, "usage: kernel_bench DIR NAME PARAM...\n");
        return 2;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.csv", argv[1], kernels[k].name);
    bm_error err = {{0}};
    bm_data *d = bm_data_new();
    if (bm_data_read_file(d, path, &err) || !bm_data_find(d, "y")) {
        fprintf(stderr, "%s: %s\n", path, err.msg);
        return 2;
    }
    const bm_data_var *y = bm_data_find(d, "y");
    obs o = {y->values, y->n, atof(argv[3]), argc > 4 ? atof(argv[4]) : 0,
             argc > 5 ? atof(argv[5]) : 0};
    double sink = 0;
    double v = bench_ns_per_call(kernels[k].value, &o, &sink);
    double g = bench_ns_per_call(kernels[k].grad, &o, &sink);
    printf("ns_value %.1f ns_gradient %.1f n %ld\n", v, g, o.n);
    if (sink == 42.4242) puts("");  /* keeps the loops from being removed */
    bm_data_free(d);
    return 0;
}
