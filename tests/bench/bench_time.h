/* tests/bench/bench_time.h — the one timing loop of the C benchmarks.
 *
 * In:  a function to time (one call = one unit of work) and its context.
 * Out: ns per call, the median over batches (each batch long enough to be
 * timed well, >= 5 ms), in CPU time of the calling thread, so that time
 * slices lost to other processes on a shared machine are not counted and a
 * neighbour's burst moves the median little.  One measurement takes about
 * BM_BENCH_SECONDS (default 0.3) of CPU time.  clock_gettime needs POSIX:
 * compile with -D_GNU_SOURCE (or -fopenmp, which implies it).
 * Never: a test; timings belong to `make bench` only.
 */
#ifndef BENCH_TIME_H
#define BENCH_TIME_H
#include <stdlib.h>
#include <time.h>

typedef double (*bench_fn)(void *ctx);

static double bench_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int bench_cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double bench_budget_ns(void) {
    const char *s = getenv("BM_BENCH_SECONDS");
    double v = s ? atof(s) : 0.3;
    return (v > 0 ? v : 0.3) * 1e9;
}

/* Median ns per call of f(ctx) over batches; the sum of f's results goes to
 * *sink so the work cannot be optimised away. */
static double bench_ns_per_call(bench_fn f, void *ctx, double *sink) {
    enum { MAXB = 256 };
    double per[MAXB], budget = bench_budget_ns(), start = bench_now_ns();
    long batch = 1;
    int nb = 0;
    for (;;) {  /* grow the batch until it takes >= 5 ms (the first call warms up) */
        double t0 = bench_now_ns();
        for (long i = 0; i < batch; i++) *sink += f(ctx);
        if (bench_now_ns() - t0 >= 5e6) break;
        batch *= 2;
    }
    while (nb < MAXB && (nb < 5 || bench_now_ns() - start < budget)) {
        double t0 = bench_now_ns();
        for (long i = 0; i < batch; i++) *sink += f(ctx);
        per[nb++] = (bench_now_ns() - t0) / (double)batch;
    }
    qsort(per, (size_t)nb, sizeof *per, bench_cmp);
    return per[nb / 2];
}

#endif
