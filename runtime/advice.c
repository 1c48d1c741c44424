/* runtime/advice.c — E-BFMI and divergence concentration (see advice.h).
 *
 * In:  draws [col][chain][iter] and column names.  Out: plain-word lines.
 * E-BFMI as in Betancourt (2016), "Diagnosing suboptimal cotangent
 * disintegrations in Hamiltonian Monte Carlo".  The divergence report
 * compares, for each variable, the mean of the divergent draws with the
 * mean of all draws, in posterior standard deviations.
 * Never: allocates more than one small array per call.
 */
#include "advice.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ADVICE_TOP 3
#define ADVICE_MIN_SHIFT 0.5   /* standard deviations worth mentioning */
#define ADVICE_MIN_DIVERGENT 10 /* fewer divergent draws say nothing about where */

double bm_ebfmi(const double *e, int n) {
    if (n < 3) return NAN;
    double mean = 0, num = 0, den = 0;
    for (int i = 0; i < n; i++) mean += e[i];
    mean /= n;
    for (int i = 0; i < n; i++) {
        den += (e[i] - mean) * (e[i] - mean);
        if (i) num += (e[i] - e[i - 1]) * (e[i] - e[i - 1]);
    }
    return den > 0 ? num / den : NAN;
}

static int find_col(const char *const *names, int ncols, const char *name) {
    for (int j = 0; j < ncols; j++)
        if (!strcmp(names[j], name)) return j;
    return -1;
}

static void print_ebfmi(FILE *f, const double *energy, int chains, int n) {
    char low[256] = "";
    size_t used = 0;
    fprintf(f, "E-BFMI per chain:");
    for (int c = 0; c < chains; c++) {
        double v = bm_ebfmi(energy + (size_t)c * n, n);
        fprintf(f, " %.2f", v);
        if (v < BM_EBFMI_WARN && used + 16 < sizeof low)
            used += (size_t)snprintf(low + used, sizeof low - used, "%s%d", used ? ", " : "", c + 1);
    }
    fputc('\n', f);
    if (used)
        fprintf(f, "Warning: E-BFMI below %.1f in chain %s: the sampler moves slowly between "
                   "energy levels, which often means heavy tails or a funnel-shaped posterior. "
                   "Try a non-centered parameterization or more informative priors.\n",
                BM_EBFMI_WARN, low);
}

typedef struct {
    int col;
    double shift, div_mean, all_mean;
} div_shift;

static int by_abs_shift(const void *a, const void *b) {
    double x = fabs(((const div_shift *)a)->shift), y = fabs(((const div_shift *)b)->shift);
    return (x < y) - (x > y);
}

/* Mean shift of column j's divergent draws, in sds of all draws. */
static div_shift shift_of(const double *x, const double *div, long total, int j) {
    double sum = 0, sum2 = 0, dsum = 0;
    long nd = 0;
    for (long i = 0; i < total; i++) {
        sum += x[i];
        sum2 += x[i] * x[i];
        if (div[i] != 0) {
            dsum += x[i];
            nd++;
        }
    }
    div_shift s = {j, 0, nd ? dsum / nd : NAN, sum / total};
    double var = sum2 / total - s.all_mean * s.all_mean;
    s.shift = var > 0 && nd ? (s.div_mean - s.all_mean) / sqrt(var) : 0;
    return s;
}

static void print_divergence_shifts(FILE *f, const double *draws, int ncols, long total,
                                    const char *const *names, int jdiv) {
    const double *div = draws + (size_t)jdiv * total;
    long nd = 0;
    for (long i = 0; i < total; i++) nd += div[i] != 0;
    if (nd < ADVICE_MIN_DIVERGENT || nd == total) return;
    div_shift *s = malloc((size_t)ncols * sizeof *s);
    int k = 0;
    for (int j = 0; s && j < ncols; j++) {
        size_t len = strlen(names[j]);
        if (len >= 2 && !strcmp(names[j] + len - 2, "__")) continue;
        s[k++] = shift_of(draws + (size_t)j * total, div, total, j);
    }
    if (s) qsort(s, (size_t)k, sizeof *s, by_abs_shift);
    for (int i = 0; s && i < k && i < ADVICE_TOP; i++) {
        if (fabs(s[i].shift) < ADVICE_MIN_SHIFT) break;
        if (i == 0) fprintf(f, "Divergent transitions concentrate where:\n");
        fprintf(f, "  %s is %s (mean %.3g in divergent draws vs %.3g in all draws, %.1f sd)\n",
                names[s[i].col], s[i].shift < 0 ? "low" : "high", s[i].div_mean,
                s[i].all_mean, s[i].shift);
    }
    free(s);
}

void bm_advice_print(FILE *f, const double *draws, int ncols, int chains, int n,
                     const char *const *names) {
    long total = (long)chains * n;
    int je = find_col(names, ncols, "energy__");
    int jd = find_col(names, ncols, "divergent__");
    if (je >= 0) print_ebfmi(f, draws + (size_t)je * total, chains, n);
    if (jd >= 0) print_divergence_shifts(f, draws, ncols, total, names, jd);
}
