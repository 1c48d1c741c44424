/* tests/compiler/transform_driver.c — measures the parameter transforms of
 * one generated model in-process.
 *
 * In:  compiled together with a generated model: cc -DMODEL_C='"x.c"' ...;
 * argv: data as name=v1,v2,... (driver_data.h), then options:
 *   --points N     random unconstrained points, uniform(-R, R) (default 5)
 *   --radius R     (default 1.5)
 *   --sel i,j,...  0-based output indices (write_array order) of the free
 *                  coordinates of the constrained values: one per
 *                  unconstrained value
 *   --set i=v,...  instead: at the first point set output i to v (and so
 *                  on) and try to unconstrain; prints "UNCONSTRAIN_OK" or
 *                  "UNCONSTRAIN_FAIL message"
 * Out: per point P: "theta P i v", "out P i v", "ljac P v" (log density with
 * minus without the Jacobian), "ldet P v" (log|det| of d out[sel] / d theta
 * by 4-point central differences, with --sel), "rt P e" (max |unconstrain(
 * write_array(theta)) - theta|); then "max_rt e" and, with --sel, "max_jac e"
 * (max |ljac - ldet| / max(1, |ldet|)).  Exit 0; 1 when write_array,
 * log_density or unconstrain fails on a valid point; 3 when create() fails.
 * Never: decides what is close enough (the test does).
 */
#include MODEL_C

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver_data.h"

typedef struct {
    const bm_model *m;
    bm_ws *w;
    int n, nout;
    int nsel, sel[4096];
} drv;

static int outputs_at(const drv *d, const double *th, double *out) {
    bm_error err = {{0}};
    if (write_array(d->m, d->w, th, 0, NULL, out, &err)) {
        printf("WRITE_FAIL %s\n", err.msg);
        return 1;
    }
    return 0;
}

/* Selected outputs at theta with coordinate i moved by h. */
static int sel_at(const drv *d, double *th, int i, double h, double *out, double *y) {
    double s = th[i];
    th[i] = s + h;
    int bad = outputs_at(d, th, out);
    th[i] = s;
    for (int k = 0; k < d->nsel; k++) y[k] = out[d->sel[k]];
    return bad;
}

/* log|det A| (n x n, row-major, destroyed) by LU with partial pivoting. */
static double log_abs_det(double *A, int n) {
    double ld = 0;
    for (int j = 0; j < n; j++) {
        int p = j;
        for (int i = j + 1; i < n; i++)
            if (fabs(A[i * n + j]) > fabs(A[p * n + j])) p = i;
        if (A[p * n + j] == 0) return -INFINITY;
        for (int k = 0; p != j && k < n; k++) {
            double t = A[j * n + k];
            A[j * n + k] = A[p * n + k];
            A[p * n + k] = t;
        }
        ld += log(fabs(A[j * n + j]));
        for (int i = j + 1; i < n; i++) {
            double f = A[i * n + j] / A[j * n + j];
            for (int k = j; k < n; k++) A[i * n + k] -= f * A[j * n + k];
        }
    }
    return ld;
}

/* log|det d out[sel] / d theta|: (8 (f(h) - f(-h)) - (f(2h) - f(-2h))) / 12h. */
static double numeric_ldet(const drv *d, double *th) {
    int n = d->n;
    double *J = calloc((size_t)n * n + 1, sizeof *J), *out = calloc((size_t)d->nout + 1, sizeof *out);
    double *f[4];
    for (int k = 0; k < 4; k++) f[k] = calloc((size_t)n + 1, sizeof **f);
    const double h = 1e-3, step[4] = {h, -h, 2 * h, -2 * h};
    int bad = 0;
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < 4; k++) bad |= sel_at(d, th, i, step[k], out, f[k]);
        for (int r = 0; r < n; r++)
            J[r * n + i] = (8 * (f[0][r] - f[1][r]) - (f[2][r] - f[3][r])) / (12 * h);
    }
    double ld = bad ? NAN : log_abs_det(J, n);
    for (int k = 0; k < 4; k++) free(f[k]);
    free(J);
    free(out);
    return ld;
}

static double lp_of(const drv *d, const double *th, unsigned flags, int *bad) {
    double lp = NAN;
    bm_error err = {{0}};
    if (log_density(d->m, d->w, th, flags, &lp, NULL, &err)) {
        printf("LP_FAIL %s\n", err.msg);
        *bad = 1;
    }
    return lp;
}

/* One point: outputs, Jacobian, round trip.  Returns 1 on a failure. */
static int check_point(drv *d, int p, double *th, double *max_rt, double *max_jac) {
    double *out = calloc((size_t)d->nout + 1, sizeof *out), *t2 = calloc((size_t)d->n + 1, sizeof *t2);
    int bad = outputs_at(d, th, out);
    for (int i = 0; i < d->n; i++) printf("theta %d %d %.17g\n", p, i, th[i]);
    for (int i = 0; !bad && i < d->nout; i++) printf("out %d %d %.17g\n", p, i, out[i]);
    double lj = lp_of(d, th, BM_JACOBIAN, &bad) - lp_of(d, th, 0, &bad);
    printf("ljac %d %.17g\n", p, lj);
    if (d->nsel) {
        double ld = numeric_ldet(d, th);
        printf("ldet %d %.17g\n", p, ld);
        double e = fabs(lj - ld) / fmax(1, fabs(ld));
        *max_jac = isnan(e) || e > *max_jac ? e : *max_jac;
    }
    bm_error err = {{0}};
    if (!bad && unconstrain(d->m, out, t2, &err)) {
        printf("UNCONSTRAIN_FAIL %s\n", err.msg);
        bad = 1;
    }
    double rt = 0;
    for (int i = 0; !bad && i < d->n; i++) rt = fmax(rt, fabs(t2[i] - th[i]));
    printf("rt %d %.3g\n", p, rt);
    *max_rt = fmax(*max_rt, rt);
    free(out);
    free(t2);
    return bad;
}

/* --set i=v: unconstrain a modified output vector. */
static void try_set(drv *d, const double *th, const char *arg) {
    double *out = calloc((size_t)d->nout + 1, sizeof *out), *t2 = calloc((size_t)d->n + 1, sizeof *t2);
    int ok = !outputs_at(d, th, out);
    for (const char *p = arg; ok && *p;) {
        char *eq, *end;
        long i = strtol(p, &eq, 10);
        ok = i >= 0 && i < d->nout && *eq == '=';
        if (ok) out[i] = strtod(eq + 1, &end);
        p = ok && *end == ',' ? end + 1 : "";
    }
    bm_error err = {{0}};
    if (!ok) printf("BAD_SET %s\n", arg);
    else if (unconstrain(d->m, out, t2, &err)) printf("UNCONSTRAIN_FAIL %s\n", err.msg);
    else printf("UNCONSTRAIN_OK\n");
    free(out);
    free(t2);
}

static void parse_sel(drv *d, const char *s) {
    while (*s && d->nsel < 4096) {
        char *end;
        long v = strtol(s, &end, 10);
        if (end == s) break;
        d->sel[d->nsel++] = (int)v;
        s = *end == ',' ? end + 1 : end;
    }
}

int main(int argc, char **argv) {
    bm_data data = {0, calloc(64, sizeof(bm_data_var))};
    drv d = {0};
    int points = 5;
    double radius = 1.5;
    const char *set = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--points") && i + 1 < argc) points = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--radius") && i + 1 < argc) radius = atof(argv[++i]);
        else if (!strcmp(argv[i], "--sel") && i + 1 < argc) parse_sel(&d, argv[++i]);
        else if (!strcmp(argv[i], "--set") && i + 1 < argc) set = argv[++i];
        else add_var(&data, argv[i]);
    }
    bm_error err = {{0}};
    bm_model *m = bm_model_definition.create(&data, &err);
    if (!m) { printf("CREATE_FAIL %s\n", err.msg); return 3; }
    d.m = m;
    d.w = ws_create(m);
    d.n = num_unconstrained(m);
    d.nout = num_outputs(m, 0);
    printf("n %d nout %d\n", d.n, d.nout);
    if (d.nsel && d.nsel != d.n) { printf("BAD_SEL %d selected for %d\n", d.nsel, d.n); return 1; }
    double *th = calloc((size_t)d.n + 1, sizeof *th), max_rt = 0, max_jac = 0;
    unsigned long long s = 12345;
    int bad = 0;
    for (int p = 0; p < points && !bad; p++) {
        for (int i = 0; i < d.n; i++) {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            th[i] = radius * (2 * ((double)(s >> 11) / 9007199254740992.0) - 1);
        }
        if (set) { try_set(&d, th, set); break; }
        bad = check_point(&d, p, th, &max_rt, &max_jac);
    }
    if (!set) printf("max_rt %.3g\n", max_rt);
    if (!set && d.nsel) printf("max_jac %.3g\n", max_jac);
    free(th);
    ws_destroy(d.w);
    model_destroy(m);
    return bad;
}
