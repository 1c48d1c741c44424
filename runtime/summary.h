/* runtime/summary.h — the posterior summary table and `bmc summary`.
 *
 * In:  draws per variable ([var][chain][iter]), or Stan CSV files
 * DIR/chain_*.csv.  Out: a table (name, Mean, MCSE, StdDev, 5%, 50%, 95%,
 * ESS_bulk, ESS_tail, R_hat), sampler problems and plain-word warnings; with
 * --reference, a PASS/FAIL check of each variable against reference
 * posterior moments (the rule of /work/shared/posteriordb/README.md).
 * Never: changes the files it reads.
 */
#ifndef BM_SUMMARY_H
#define BM_SUMMARY_H
#include <stdio.h>

typedef struct {
    char name[128];
    double mean, mcse, sd, q5, q50, q95, ess_bulk, ess_tail, rhat;
} bm_summary_row;

/* Fills rows[v] for each of nvars variables; draws laid out
 * [var][chain][iter]: draws[(v * chains + c) * n + i]. */
void bm_summarize(const double *draws, int nvars, int chains, int n,
                  const char *const *names, bm_summary_row *rows);

/* Prints the table (rows in the order given), then "Divergences: D of N
 * draws (x%)", "Max treedepth hits: H of N draws" (N = chains * n), and
 * warnings for R_hat > 1.01 and ESS_bulk < 400. */
void bm_summary_print(FILE *f, const bm_summary_row *rows, int nrows, int chains, int n,
                      int divergent, int max_depth_hits, int max_depth);

/* `bmc summary DIR [--reference FILE.csv]` (argv[0] = "summary").  Exit
 * code: 0 ok (and every reference variable passes), 1 some reference
 * variable fails, 2 usage or I/O error. */
int bm_summary_main(int argc, char **argv);

#endif
