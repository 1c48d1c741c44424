/* runtime/stancsv.h — Stan CSV output files, in CmdStan's layout.
 *
 * In:  comment lines, column names and draws (writer); a Stan CSV file
 * written by us or by CmdStan (reader).  Out: a file that CmdStanPy,
 * ArviZ and R's posterior read unchanged; or a bm_stancsv with the draws.
 * Layout: "# key = value" config comments, the column-name row, the
 * adaptation block ("# Adaptation terminated", "# Step size = x",
 * "# Diagonal elements of inverse mass matrix:", "# a, b, c"), the draws
 * (%g, 6 significant digits) and the elapsed-time footer.
 * Never: leaves a file under its final name that is not complete: the
 * writer writes PATH.part and renames it on a successful close.
 */
#ifndef BM_STANCSV_H
#define BM_STANCSV_H
#include "model.h"

/* ---- writer (stancsv_write.c) ---- */
typedef struct bm_csv_writer bm_csv_writer;

/* Opens PATH.part for writing; NULL + err (names the path, strerror) on failure. */
bm_csv_writer *bm_csv_open(const char *path, bm_error *err);
/* Writes "# " + formatted text + "\n". */
void bm_csv_comment(bm_csv_writer *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Writes the column-name row. */
void bm_csv_header(bm_csv_writer *w, const char *const *names, int n);
/* Significant digits of the values of every later bm_csv_row (default 6). */
void bm_csv_set_sig_figs(int digits);
/* Writes one draw, each value with the --sig-figs digits (default 6). */
void bm_csv_row(bm_csv_writer *w, const double *vals, int n);
/* Writes the adaptation block: step size and the diagonal inverse metric. */
void bm_csv_adaptation(bm_csv_writer *w, double stepsize, const double *inv_metric, int n,
                       int dense);
/* Writes CmdStan's elapsed-time footer (warm-up, sampling, total). */
void bm_csv_timing(bm_csv_writer *w, double warmup_s, double sampling_s);
/* Closes w (always frees it).  success: flush and rename PATH.part -> PATH;
 * returns 0, or non-zero + err when any write, the flush or the rename
 * failed (the .part file is then removed).  !success: removes PATH.part and
 * returns 0. */
int bm_csv_close(bm_csv_writer *w, int success, bm_error *err);

/* ---- reader (stancsv_read.c) ---- */
typedef struct {
    int num_samples;       /* from the config comments; -1 when absent */
    int num_warmup;        /* -1 when absent */
    int save_warmup;       /* 0 when absent */
    int max_depth;         /* -1 when absent */
    double stepsize;       /* adaptation block; NAN when absent */
    int n_inv_metric;      /* 0 when absent */
    double *inv_metric;
    int ncols;
    char **names;          /* column names as written (theta.1, lp__) */
    int ndraws;            /* rows kept (warmup rows dropped) */
    double *draws;         /* ndraws x ncols, row-major: draws[i * ncols + j] */
    double warmup_s, sampling_s; /* elapsed-time footer; NAN when absent */
} bm_stancsv;

/* Reads path into *out (zeroed first).  Warmup rows are skipped when
 * save_warmup = 1 (or true) and num_warmup is given.  Returns 0, or
 * non-zero + err ("FILE:LINE: ...") for an unreadable file, no column row,
 * a row with the wrong number of cells or a non-numeric cell. */
int bm_stancsv_read(const char *path, bm_stancsv *out, bm_error *err);
void bm_stancsv_free(bm_stancsv *s);
/* Index of column `name`, or -1. */
int bm_stancsv_col(const bm_stancsv *s, const char *name);

#endif
