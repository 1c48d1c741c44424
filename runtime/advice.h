/* runtime/advice.h — sampler diagnostics in plain words: E-BFMI per chain
 * and where divergent transitions concentrate.
 *
 * In:  draws laid out [col][chain][iter] with their column names (the Stan
 * CSV columns: energy__, divergent__, parameters ...).  Out: lines on f.
 * Never: changes the draws; prints nothing when a needed column is absent.
 */
#ifndef BM_ADVICE_H
#define BM_ADVICE_H
#include <stdio.h>

#define BM_EBFMI_WARN 0.3

/* E-BFMI of one chain's energies e[0..n-1]:
 * sum (e_i - e_{i-1})^2 / sum (e_i - mean)^2; NAN when n < 3 or constant. */
double bm_ebfmi(const double *e, int n);

/* Prints "E-BFMI per chain: ..." with a warning below BM_EBFMI_WARN, and,
 * when at least 10 draws diverged, the (up to 3) variables whose divergent draws
 * differ most from all draws, in standard deviations. */
void bm_advice_print(FILE *f, const double *draws, int ncols, int chains, int n,
                     const char *const *names);

#endif
