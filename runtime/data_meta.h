/* runtime/data_meta.h — where each data value came from (private to data_*.c).
 *
 * In:  a bm_data_var built by data_read.c.  Out: the facts a located error
 * message needs that the shared struct has no field for: the index of the
 * first value not written as an integer, and for CSV variables the line
 * number of every row and the column number of every column.
 * Never: used outside runtime/data_read.c and runtime/data_bind.c.
 *
 * Layout: bm_data_var.values holds the n values, then
 *   values[n]              first flat index not written as an int, or -1
 *   values[n + 1]          R: number of rows with line numbers (0 unless CSV)
 *   values[n + 2 + r]      line in the file of row r            (r < R)
 *   values[n + 2 + R + c]  1-based column of inner element c     (c < n / R)
 * (doubles hold these integers exactly).
 */
#ifndef BM_DATA_META_H
#define BM_DATA_META_H
#include <stdarg.h>
#include <stdio.h>
#include "data.h"

/* Formats a message into err and returns 1 (the failure value). */
static inline int data_fail(bm_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static inline int data_fail(bm_error *err, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return 1;
}

/* Number of doubles to allocate for n values with rows x cols CSV cells. */
static inline long data_meta_size(long n, long rows, long cols) {
    return n + 2 + rows + cols;
}

/* First flat index of a value not written as an integer literal, or -1. */
static inline long data_meta_first_real(const bm_data_var *v) {
    return (long)v->values[v->n];
}

/* Rows that carry CSV line numbers (0 for JSON and arguments). */
static inline long data_meta_rows(const bm_data_var *v) {
    return (long)v->values[v->n + 1];
}

/* Line in the file of CSV row r (0-based). */
static inline long data_meta_line(const bm_data_var *v, long r) {
    return (long)v->values[v->n + 2 + r];
}

/* 1-based column number of inner (per-row) element c. */
static inline long data_meta_col(const bm_data_var *v, long c) {
    return (long)v->values[v->n + 2 + data_meta_rows(v) + c];
}

#endif
