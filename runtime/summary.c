/* runtime/summary.c — posterior summary table, reference check, `bmc summary`.
 *
 * In:  draws [var][chain][iter] with names, or DIR/chain_*.csv Stan CSV files;
 * optionally a reference CSV (variable,mean,sd,q05,q50,q95,n_draws with Stan
 * bracket names).  Out: the table on a FILE*, sampler problem counts,
 * plain-word warnings, PASS/FAIL lines; exit codes 0 / 1 (a reference
 * variable failed) / 2 (usage or I/O error).
 * Never: writes files; aborts on bad input.
 */
#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "diagnostics.h"
#include "stancsv.h"
#include "summary.h"
#include "advice.h"

#define RHAT_WARN 1.01
#define ESS_WARN 400.0
#define NCOLS 10
#define CELL 136 /* a name (128) or a number */

/* ---- computing ------------------------------------------------------------ */

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void summarize_one(const double *x, int chains, int n, bm_summary_row *r) {
    long m = (long)chains * n;
    double *s = malloc((size_t)(m ? m : 1) * sizeof *s);
    r->mean = bm_mean(x, m);
    r->sd = bm_sd(x, m);
    r->q5 = r->q50 = r->q95 = NAN;
    if (s) {
        memcpy(s, x, (size_t)m * sizeof *s);
        qsort(s, (size_t)m, sizeof *s, cmp_double);
        r->q5 = bm_quantile_sorted(s, m, 0.05);
        r->q50 = bm_quantile_sorted(s, m, 0.5);
        r->q95 = bm_quantile_sorted(s, m, 0.95);
        free(s);
    }
    r->mcse = bm_mcse_mean(x, chains, n);
    r->ess_bulk = bm_ess_bulk(x, chains, n);
    r->ess_tail = bm_ess_tail(x, chains, n);
    r->rhat = bm_rhat(x, chains, n);
}

/* Fills rows from draws[(v * chains + c) * n + i] (see summary.h). */
void bm_summarize(const double *draws, int nvars, int chains, int n,
                  const char *const *names, bm_summary_row *rows) {
    for (int v = 0; v < nvars; v++) {
        snprintf(rows[v].name, sizeof rows[v].name, "%s", names[v]);
        summarize_one(draws + (size_t)v * chains * n, chains, n, &rows[v]);
    }
}

/* ---- printing ------------------------------------------------------------- */

static const char *const HEADS[NCOLS] = {"Mean", "MCSE", "StdDev", "5%", "50%",
                                         "95%", "ESS_bulk", "ESS_tail", "R_hat", ""};

static int is_sampler_col(const char *name) {
    size_t n = strlen(name);
    return n >= 2 && !strcmp(name + n - 2, "__");
}

/* The cells of one row, formatted: 3 significant digits for estimates,
 * whole numbers for ESS, 3 decimals for R-hat; NA for undefined. */
static void format_cells(const bm_summary_row *r, char cells[NCOLS][CELL]) {
    const double est[6] = {r->mean, r->mcse, r->sd, r->q5, r->q50, r->q95};
    snprintf(cells[0], CELL, "%s", r->name);
    for (int k = 0; k < 6; k++)
        snprintf(cells[k + 1], CELL, isnan(est[k]) ? "NA" : "%.3g", est[k]);
    snprintf(cells[7], CELL, isnan(r->ess_bulk) ? "NA" : "%.0f", r->ess_bulk);
    snprintf(cells[8], CELL, isnan(r->ess_tail) ? "NA" : "%.0f", r->ess_tail);
    snprintf(cells[9], CELL, isnan(r->rhat) ? "NA" : "%.3f", r->rhat);
}

/* Print order: lp__ first, then every non-sampler row. */
static int print_order(const bm_summary_row *rows, int nrows, int *order) {
    int k = 0;
    for (int i = 0; i < nrows; i++)
        if (!strcmp(rows[i].name, "lp__")) order[k++] = i;
    for (int i = 0; i < nrows; i++)
        if (!is_sampler_col(rows[i].name)) order[k++] = i;
    return k;
}

static void print_table(FILE *f, const bm_summary_row *rows, const int *order, int k) {
    int width[NCOLS] = {4};
    char cells[NCOLS][CELL];
    for (int c = 1; c < NCOLS; c++) width[c] = (int)strlen(HEADS[c - 1]);
    for (int i = 0; i < k; i++) {
        format_cells(&rows[order[i]], cells);
        for (int c = 0; c < NCOLS; c++)
            if ((int)strlen(cells[c]) > width[c]) width[c] = (int)strlen(cells[c]);
    }
    fprintf(f, "%*s", width[0], "");
    for (int c = 1; c < NCOLS; c++) fprintf(f, "  %*s", width[c], HEADS[c - 1]);
    fputc('\n', f);
    for (int i = 0; i < k; i++) {
        format_cells(&rows[order[i]], cells);
        fprintf(f, "%*s", width[0], cells[0]);
        for (int c = 1; c < NCOLS; c++) fprintf(f, "  %*s", width[c], cells[c]);
        fputc('\n', f);
    }
}

/* "theta.1, theta.2 and 3 more" of the rows failing `bad`. */
static int list_bad(const bm_summary_row *rows, const int *order, int k,
                    int (*bad)(const bm_summary_row *), char *buf, size_t size) {
    int count = 0;
    size_t at = 0;
    buf[0] = '\0';
    for (int i = 0; i < k; i++) {
        if (!bad(&rows[order[i]])) continue;
        if (++count <= 5 && at < size)
            at += (size_t)snprintf(buf + at, size - at, "%s%s", count > 1 ? ", " : "",
                                   rows[order[i]].name);
    }
    if (count > 5 && at < size) snprintf(buf + at, size - at, " and %d more", count - 5);
    return count;
}

static int rhat_bad(const bm_summary_row *r) { return r->rhat > RHAT_WARN; }
static int ess_bad(const bm_summary_row *r) { return r->ess_bulk < ESS_WARN; }

static void print_warnings(FILE *f, const bm_summary_row *rows, const int *order, int k,
                           int divergent, int hits) {
    char names[800];
    int nr = list_bad(rows, order, k, rhat_bad, names, sizeof names);
    if (nr)
        fprintf(f, "Warning: R_hat > %.2f for %d variable%s (%s): the chains do not agree, so "
                   "the draws do not yet represent the posterior. Run longer chains or "
                   "reparameterize the model.\n", RHAT_WARN, nr, nr > 1 ? "s" : "", names);
    int ne = list_bad(rows, order, k, ess_bad, names, sizeof names);
    if (ne)
        fprintf(f, "Warning: ESS_bulk < %.0f for %d variable%s (%s): too few effectively "
                   "independent draws for reliable estimates. Run more draws.\n",
                ESS_WARN, ne, ne > 1 ? "s" : "", names);
    if (divergent)
        fprintf(f, "Warning: %d divergent transition%s: the sampler could not follow the "
                   "posterior's curvature and the results may be biased. Try --adapt-delta "
                   "0.95 or a non-centered parameterization.\n", divergent, divergent > 1 ? "s" : "");
    if (hits)
        fprintf(f, "Warning: %d draw%s hit the maximum tree depth: the sampler is slow here; "
                   "consider reparameterizing or a larger --max-depth.\n", hits, hits > 1 ? "s" : "");
}

/* Prints the table, the sampler problem counts and warnings (see summary.h). */
void bm_summary_print(FILE *f, const bm_summary_row *rows, int nrows, int chains, int n,
                      int divergent, int max_depth_hits, int max_depth) {
    int *order = malloc((size_t)(nrows ? nrows : 1) * sizeof *order);
    if (!order) return;
    int k = print_order(rows, nrows, order);
    long total = (long)chains * n;
    print_table(f, rows, order, k);
    fprintf(f, "\nDivergences: %d of %ld draws (%.1f%%)\n", divergent, total,
            total ? 100.0 * divergent / total : 0.0);
    fprintf(f, "Max treedepth hits: %d of %ld draws (max_depth = %d)\n", max_depth_hits,
            total, max_depth);
    print_warnings(f, rows, order, k, divergent, max_depth_hits);
    free(order);
}

/* ---- reading chains ------------------------------------------------------- */

typedef struct {
    int nchains, n, ncols;
    bm_stancsv *csv;          /* one per chain */
    char **paths;
} chain_set;

/* 1..: the K of "chain_K.csv"; 0 for any other name. */
static long chain_number(const char *name) {
    if (strncmp(name, "chain_", 6) || !isdigit((unsigned char)name[6])) return 0;
    char *end;
    long k = strtol(name + 6, &end, 10);
    return strcmp(end, ".csv") ? 0 : k;
}

static int cmp_chain_names(const void *a, const void *b) {
    const char *x = strrchr(*(char *const *)a, '/') + 1, *y = strrchr(*(char *const *)b, '/') + 1;
    long kx = chain_number(x), ky = chain_number(y);
    return (kx > ky) - (kx < ky);
}

/* Paths of DIR/chain_*.csv, sorted by chain number. */
static char **list_chain_files(const char *dir, int *count) {
    DIR *d = opendir(dir);
    *count = 0;
    if (!d) return NULL;
    char **paths = NULL;
    for (struct dirent *e; (e = readdir(d));) {
        if (!chain_number(e->d_name)) continue;
        char **np = realloc(paths, (size_t)(*count + 1) * sizeof *np);
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        if (!np) break;
        paths = np;
        if (!(paths[*count] = malloc(len))) break;
        snprintf(paths[(*count)++], len, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (*count) qsort(paths, (size_t)*count, sizeof *paths, cmp_chain_names);
    return paths;
}

static void chain_set_free(chain_set *cs) {
    for (int k = 0; k < cs->nchains; k++) {
        if (cs->csv) bm_stancsv_free(&cs->csv[k]);
        free(cs->paths[k]);
    }
    free(cs->csv);
    free(cs->paths);
}

static int same_columns(const bm_stancsv *a, const bm_stancsv *b) {
    if (a->ncols != b->ncols) return 0;
    for (int j = 0; j < a->ncols; j++)
        if (strcmp(a->names[j], b->names[j])) return 0;
    return 1;
}

/* Reads every chain file of dir; prints the problem and returns 2 on error. */
static int read_chains(const char *dir, chain_set *cs) {
    memset(cs, 0, sizeof *cs);
    DIR *probe = opendir(dir);
    if (!probe) {
        fprintf(stderr, "error: cannot open directory '%s': %m\n", dir);
        return 2;
    }
    closedir(probe);
    cs->paths = list_chain_files(dir, &cs->nchains);
    if (!cs->nchains) {
        fprintf(stderr, "error: no chain_*.csv files in '%s'\n", dir);
        return 2;
    }
    cs->csv = calloc((size_t)cs->nchains, sizeof *cs->csv);
    for (int k = 0; cs->csv && k < cs->nchains; k++) {
        bm_error err;
        if (bm_stancsv_read(cs->paths[k], &cs->csv[k], &err)) {
            fprintf(stderr, "error: %s\n", err.msg);
            return 2;
        }
        if (!same_columns(&cs->csv[0], &cs->csv[k])) {
            fprintf(stderr, "error: %s has different columns from %s\n", cs->paths[k], cs->paths[0]);
            return 2;
        }
        if (k == 0 || cs->csv[k].ndraws < cs->n) cs->n = cs->csv[k].ndraws;
    }
    if (!cs->csv) return 2;
    cs->ncols = cs->csv[0].ncols;
    if (cs->n < 1) {
        fprintf(stderr, "error: no draws in %s\n", cs->paths[0]);
        return 2;
    }
    return 0;
}

/* draws[(col * chains + c) * n + i] from the chain files (first n draws). */
static double *gather_draws(const chain_set *cs) {
    double *d = malloc((size_t)cs->ncols * cs->nchains * cs->n * sizeof *d);
    if (!d) return NULL;
    for (int j = 0; j < cs->ncols; j++)
        for (int c = 0; c < cs->nchains; c++)
            for (int i = 0; i < cs->n; i++)
                d[((size_t)j * cs->nchains + c) * cs->n + i] =
                    cs->csv[c].draws[(size_t)i * cs->ncols + j];
    return d;
}

/* Counts draws with divergent__ != 0 and treedepth__ >= max_depth. */
static void sampler_problems(const chain_set *cs, int max_depth, int *div, int *hits) {
    int jd = bm_stancsv_col(&cs->csv[0], "divergent__");
    int jt = bm_stancsv_col(&cs->csv[0], "treedepth__");
    *div = *hits = 0;
    for (int c = 0; c < cs->nchains; c++)
        for (int i = 0; i < cs->n; i++) {
            const double *row = cs->csv[c].draws + (size_t)i * cs->ncols;
            if (jd >= 0 && row[jd] != 0) (*div)++;
            if (jt >= 0 && row[jt] >= max_depth) (*hits)++;
        }
}

/* ---- reference check ------------------------------------------------------ */

/* "theta[1,2]" -> "theta.1.2". */
static void stan_to_dotted(const char *in, char *out, size_t size) {
    size_t w = 0;
    for (const char *p = in; *p && w + 1 < size; p++) {
        if (*p == '[' || *p == ',') out[w++] = '.';
        else if (*p != ']' && *p != ' ') out[w++] = *p;
    }
    out[w] = '\0';
}

static const bm_summary_row *find_row(const bm_summary_row *rows, int nrows, const char *name) {
    for (int i = 0; i < nrows; i++)
        if (!strcmp(rows[i].name, name)) return &rows[i];
    return NULL;
}

/* Checks one variable by the posteriordb rule; prints its line; 1 if failed. */
static int check_one(FILE *f, const char *var, double ref_mean, double ref_sd,
                     const bm_summary_row *r) {
    if (!r) {
        fprintf(f, "FAIL %s: not among the sampled variables\n", var);
        return 1;
    }
    double n = r->ess_bulk, tol = 4 * sqrt(r->sd * r->sd / n + ref_sd * ref_sd / 10000);
    double diff = fabs(r->mean - ref_mean), ratio = r->sd / ref_sd;
    int mean_ok = diff <= tol, sd_checked = n >= ESS_WARN;
    int sd_ok = !sd_checked || fabs(ratio - 1) <= 0.1;
    fprintf(f, "%s %s: mean %.4g (ref %.4g, |diff| %.3g %s %.3g)  sd %.4g (ref %.4g, ratio %.3f%s)  ESS_bulk %.0f\n",
            mean_ok && sd_ok ? "PASS" : "FAIL", var, r->mean, ref_mean, diff,
            mean_ok ? "<=" : ">", tol, r->sd, ref_sd, ratio,
            sd_checked ? (sd_ok ? "" : ", off by more than 10%") : ", not checked: ESS_bulk < 400",
            n);
    return !(mean_ok && sd_ok);
}

static int header_index(char *header, const char *name) {
    int k = 0;
    for (char *t = strtok(header, ",\r\n"); t; t = strtok(NULL, ",\r\n"), k++) {
        if (*t == '"') t++;
        if (!strncmp(t, name, strlen(name)) && (t[strlen(name)] == '\0' || t[strlen(name)] == '"'))
            return k;
    }
    return -1;
}

/* Cell k of a comma-separated line (copied into buf). */
static const char *cell_at(const char *line, int k, char *buf, size_t size) {
    for (; k > 0 && line; k--) line = strchr(line, ',') ? strchr(line, ',') + 1 : NULL;
    if (!line) return NULL;
    size_t n = strcspn(line, ",\r\n");
    snprintf(buf, size, "%.*s", (int)n, line);
    if (buf[0] == '"') {
        memmove(buf, buf + 1, strlen(buf));
        char *q = strchr(buf, '"');
        if (q) *q = '\0';
    }
    return buf;
}

/* Finds the variable, mean and sd columns of the reference header. */
static int reference_columns(const char *line, int idx[3]) {
    static const char *const want[3] = {"variable", "mean", "sd"};
    for (int k = 0; k < 3; k++) {
        char copy[2048];
        snprintf(copy, sizeof copy, "%s", line);
        if ((idx[k] = header_index(copy, want[k])) < 0) return 1;
    }
    return 0;
}

/* Checks every row of the reference file; 0 all pass, 1 some fail, 2 I/O error. */
static int check_reference(FILE *out, const char *path, const bm_summary_row *rows, int nrows) {
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "error: cannot read reference file '%s': %m\n", path);
        return 2;
    }
    char line[2048];
    int idx[3], failed = 0, checked = 0, rc = 0;
    if (!fgets(line, sizeof line, f) || reference_columns(line, idx)) {
        fprintf(stderr, "error: %s:1: expected a header with columns variable, mean, sd\n", path);
        fclose(f);
        return 2;
    }
    fprintf(out, "\nReference check against %s:\n", path);
    for (long ln = 2; fgets(line, sizeof line, f); ln++) {
        char var[200], mean[64], sd[64], dotted[200];
        if (strspn(line, " \t\r\n") == strlen(line)) continue;
        char *e1, *e2;
        if (!cell_at(line, idx[0], var, sizeof var) || !cell_at(line, idx[1], mean, sizeof mean) ||
            !cell_at(line, idx[2], sd, sizeof sd) || (strtod(mean, &e1), *e1) ||
            (strtod(sd, &e2), *e2) || !*mean || !*sd) {
            fprintf(stderr, "error: %s:%ld: expected variable,mean,sd values\n", path, ln);
            rc = 2;
            break;
        }
        stan_to_dotted(var, dotted, sizeof dotted);
        failed += check_one(out, var, strtod(mean, NULL), strtod(sd, NULL),
                            find_row(rows, nrows, dotted));
        checked++;
    }
    fclose(f);
    if (rc) return rc;
    fprintf(out, "%d of %d variables pass\n", checked - failed, checked);
    return failed || !checked ? 1 : 0;
}

/* ---- bmc summary ------------------------------------------------------------ */

static int usage(void) {
    fprintf(stderr, "usage: bmc summary DIR [--reference FILE.csv]\n"
                    "  DIR holds chain_1.csv, chain_2.csv, ... (Stan CSV)\n");
    return 2;
}

static int parse_summary_args(int argc, char **argv, const char **dir, const char **ref) {
    *dir = *ref = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--reference") && i + 1 < argc) *ref = argv[++i];
        else if (argv[i][0] == '-' || *dir) return 1;
        else *dir = argv[i];
    }
    return !*dir;
}

static int summarize_chains(const chain_set *cs, const char *ref) {
    double *draws = gather_draws(cs);
    bm_summary_row *rows = calloc((size_t)cs->ncols, sizeof *rows);
    int rc = 0;
    if (!draws || !rows) {
        fprintf(stderr, "error: out of memory\n");
        rc = 2;
    } else {
        int max_depth = cs->csv[0].max_depth > 0 ? cs->csv[0].max_depth : 10, div, hits;
        bm_summarize(draws, cs->ncols, cs->nchains, cs->n,
                     (const char *const *)cs->csv[0].names, rows);
        sampler_problems(cs, max_depth, &div, &hits);
        printf("%d chains x %d draws\n\n", cs->nchains, cs->n);
        bm_summary_print(stdout, rows, cs->ncols, cs->nchains, cs->n, div, hits, max_depth);
        bm_advice_print(stdout, draws, cs->ncols, cs->nchains, cs->n,
                        (const char *const *)cs->csv[0].names);
        if (ref) rc = check_reference(stdout, ref, rows, cs->ncols);
    }
    free(draws);
    free(rows);
    return rc;
}

/* `bmc summary DIR [--reference FILE]` (see summary.h). */
int bm_summary_main(int argc, char **argv) {
    const char *dir, *ref;
    if (parse_summary_args(argc, argv, &dir, &ref)) return usage();
    chain_set cs;
    int rc = read_chains(dir, &cs);
    if (!rc) {
        for (int k = 1; k < cs.nchains; k++)
            if (cs.csv[k].ndraws != cs.csv[0].ndraws) {
                fprintf(stderr, "note: chains have different numbers of draws; using the first %d of each\n", cs.n);
                break;
            }
        rc = summarize_chains(&cs, ref);
    }
    chain_set_free(&cs);
    fflush(stdout);
    return rc;
}
