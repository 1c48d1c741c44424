/* runtime/linalg.c — small dense linear algebra (see linalg.h).
 *
 * In:  row-major matrices and vectors.  Out: factors, solves, products.
 * Never: allocates or prints.
 */
#include "linalg.h"
#include <math.h>
#include "hamiltonian.h"

int la_cholesky(const double *a, int n, double *l) { return ham_cholesky(a, n, l); }

/* x := L^-1 x */
static void lower_solve(const double *l, int n, double *x) {
    for (int i = 0; i < n; i++) {
        double s = x[i];
        for (int k = 0; k < i; k++) s -= l[i * n + k] * x[k];
        x[i] = s / l[i * n + i];
    }
}

/* x := L'^-1 x */
static void upper_solve_transposed(const double *l, int n, double *x) {
    for (int i = n - 1; i >= 0; i--) {
        double s = x[i];
        for (int k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
        x[i] = s / l[i * n + i];
    }
}

void la_chol_solve(const double *l, int n, double *x) {
    lower_solve(l, n, x);
    upper_solve_transposed(l, n, x);
}

void la_chol_inverse(const double *l, int n, double *inv) {
    for (int j = 0; j < n; j++) {
        double *col = inv + (long)j * n; /* row j of inv = column j (symmetric) */
        for (int i = 0; i < n; i++) col[i] = i == j;
        la_chol_solve(l, n, col);
    }
    la_symmetrize(inv, n);
}

void la_lower_mul(const double *l, int n, const double *z, double *out) {
    for (int i = 0; i < n; i++) {
        double s = 0;
        for (int k = 0; k <= i; k++) s += l[i * n + k] * z[k];
        out[i] = s;
    }
}

double la_chol_logdet(const double *l, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) s += 2 * log(l[i * n + i]);
    return s;
}

void la_mat_vec(const double *a, int n, const double *x, double *out) {
    for (int i = 0; i < n; i++) out[i] = la_dot(a + (long)i * n, x, n);
}

double la_dot(const double *a, const double *b, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

void la_symmetrize(double *a, int n) {
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++) a[i * n + j] = a[j * n + i] = 0.5 * (a[i * n + j] + a[j * n + i]);
}
