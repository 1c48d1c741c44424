/* runtime/stancsv_write.c — write one chain's Stan CSV file, CmdStan's layout.
 *
 * In:  config comment lines, column names, draws, the adaptation result and
 * timings, in file order.  Out: PATH.part while writing; PATH after a
 * successful bm_csv_close (a reader never sees a half-written PATH).
 * Never: prints to stdout/stderr; a write error is remembered and reported
 * by bm_csv_close.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "stancsv.h"

struct bm_csv_writer {
    FILE *f;
    char *path;        /* final name */
    char *part;        /* path + ".part" */
    int write_errno;   /* first errno of a failed write; 0 if none */
};

static void note_error(bm_csv_writer *w) {
    if (ferror(w->f) && !w->write_errno) w->write_errno = errno ? errno : EIO;
}

/* Opens path.part (see stancsv.h). */
bm_csv_writer *bm_csv_open(const char *path, bm_error *err) {
    bm_csv_writer *w = calloc(1, sizeof *w);
    size_t n = strlen(path);
    if (w) w->path = strdup(path);
    if (w) w->part = malloc(n + 6);
    if (!w || !w->path || !w->part) {
        snprintf(err->msg, sizeof err->msg, "cannot write '%s': out of memory", path);
        goto fail;
    }
    snprintf(w->part, n + 6, "%s.part", path);
    if (!(w->f = fopen(w->part, "w"))) {
        snprintf(err->msg, sizeof err->msg, "cannot write '%s': %s", w->part, strerror(errno));
        goto fail;
    }
    return w;
fail:
    if (w) free(w->path), free(w->part), free(w);
    return NULL;
}

/* "# " + text + "\n". */
void bm_csv_comment(bm_csv_writer *w, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("# ", w->f);
    vfprintf(w->f, fmt, ap);
    fputc('\n', w->f);
    va_end(ap);
    note_error(w);
}

void bm_csv_header(bm_csv_writer *w, const char *const *names, int n) {
    for (int i = 0; i < n; i++) fprintf(w->f, "%s%s", i ? "," : "", names[i]);
    fputc('\n', w->f);
    note_error(w);
}

/* Significant digits of every value written (--sig-figs); one setting for
 * the whole run, made before any file is opened. */
static int csv_digits = 6;

void bm_csv_set_sig_figs(int digits) { csv_digits = digits >= 1 && digits <= 18 ? digits : 6; }

/* Values joined by `sep`, each with csv_digits significant digits. */
static void write_values(FILE *f, const double *vals, int n, const char *sep) {
    for (int i = 0; i < n; i++) fprintf(f, "%s%.*g", i ? sep : "", csv_digits, vals[i]);
    fputc('\n', f);
}

void bm_csv_row(bm_csv_writer *w, const double *vals, int n) {
    write_values(w->f, vals, n, ",");
    note_error(w);
}

void bm_csv_adaptation(bm_csv_writer *w, double stepsize, const double *inv_metric, int n,
                       int dense) {
    fprintf(w->f, "# Adaptation terminated\n# Step size = %g\n", stepsize);
    if (!dense) {
        fprintf(w->f, "# Diagonal elements of inverse mass matrix:\n# ");
        write_values(w->f, inv_metric, n, ", ");
    } else {
        fprintf(w->f, "# Elements of inverse mass matrix:\n");
        for (int i = 0; i < n; i++) {
            fprintf(w->f, "# ");
            write_values(w->f, inv_metric + (size_t)i * n, n, ", ");
        }
    }
    note_error(w);
}

void bm_csv_timing(bm_csv_writer *w, double warmup_s, double sampling_s) {
    fprintf(w->f, "# \n#  Elapsed Time: %g seconds (Warm-up)\n"
                  "#                %g seconds (Sampling)\n"
                  "#                %g seconds (Total)\n# \n",
            warmup_s, sampling_s, warmup_s + sampling_s);
    note_error(w);
}

static void free_writer(bm_csv_writer *w) {
    free(w->path);
    free(w->part);
    free(w);
}

/* Closes and renames (success) or removes (failure) the .part file. */
int bm_csv_close(bm_csv_writer *w, int success, bm_error *err) {
    if (!w) return 0;
    if (fflush(w->f)) note_error(w);
    if (fclose(w->f) && !w->write_errno) w->write_errno = errno ? errno : EIO;
    int rc = 0;
    if (success && w->write_errno) {
        snprintf(err->msg, sizeof err->msg, "cannot write '%s': %s", w->part,
                 strerror(w->write_errno));
        rc = 1;
    } else if (success && rename(w->part, w->path)) {
        snprintf(err->msg, sizeof err->msg, "cannot rename '%s' to '%s': %s", w->part,
                 w->path, strerror(errno));
        rc = 1;
    }
    if (!success || rc) remove(w->part);
    free_writer(w);
    return rc;
}
