/* lang/diag.c — user-facing diagnostics and internal errors.
 *
 * In:  a span and a message.
 * Out: on d->out, `file:line:col: error: message`, the source line with a
 *      line-number gutter, and a caret line (^ under the start column, ~
 *      under the rest of the span on that line).  Counts errors/warnings.
 * Never: aborts on user errors; bm_internal_error is for bmodel's own bugs.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "frontend.h"

#define DIAG_WINDOW 160 /* longest excerpt shown; longer lines are windowed */

/* Finds line `line` (1-based) in src: sets *len and returns its start. */
static const char *diag_find_line(const char *src, int line, int *len) {
    const char *p = src;
    for (int l = 1; l < line && p; l++) {
        p = strchr(p, '\n');
        if (p) p++;
    }
    if (!p) return NULL;
    const char *e = strchr(p, '\n');
    *len = e ? (int)(e - p) : (int)strlen(p);
    if (*len > 0 && p[*len - 1] == '\r') (*len)--;
    return p;
}

int diag_add_source(diag *d, const char *path, const char *text) {
    if (d->nsources >= DIAG_MAX_SOURCES) return 1;
    d->source_paths[d->nsources] = path;
    d->source_texts[d->nsources] = text;
    d->nsources++;
    return 0;
}

/* The text a span's file refers to (registered sources, else d->source). */
static const char *diag_source_of(const diag *d, const char *file) {
    for (int i = 0; file && i < d->nsources; i++)
        if (d->source_paths[i] == file) return d->source_texts[i];
    for (int i = 0; file && i < d->nsources; i++)
        if (d->source_paths[i] && !strcmp(d->source_paths[i], file)) return d->source_texts[i];
    return d->source;
}

/* Prints the excerpt: gutter, the (windowed) line, then the caret line.
 * Tabs in the line are copied into the caret line so columns line up. */
static void diag_excerpt(diag *d, src_span at) {
    int len = 0;
    const char *src = diag_source_of(d, at.file);
    const char *line = src ? diag_find_line(src, at.line, &len) : NULL;
    if (!line) return;
    int c0 = at.col - 1;
    if (c0 < 0) c0 = 0;
    if (c0 > len) c0 = len;
    int from = 0;
    if (len > DIAG_WINDOW && c0 > DIAG_WINDOW / 2) from = c0 - DIAG_WINDOW / 2;
    int to = from + DIAG_WINDOW < len ? from + DIAG_WINDOW : len;
    const char *pre = from > 0 ? "..." : "";
    fprintf(d->out, "%5d | %s%.*s%s\n", at.line, pre, to - from, line + from,
            to < len ? "..." : "");
    fprintf(d->out, "      | %s", from > 0 ? "   " : "");
    for (int i = from; i < c0; i++) fputc(line[i] == '\t' ? '\t' : ' ', d->out);
    int end = at.end_line == at.line ? at.end_col : len;
    if (end > to) end = to;
    fputc('^', d->out);
    for (int i = c0 + 1; i < end; i++) fputc('~', d->out);
    fputc('\n', d->out);
}

static void diag_emit(diag *d, const char *kind, const char *name, src_span at,
                      const char *fmt, va_list ap) {
    if (!d->out) return;
    if (at.line > 0)
        fprintf(d->out, "%s:%d:%d: %s: ", at.file ? at.file : "<input>", at.line, at.col, kind);
    else if (at.file)
        fprintf(d->out, "%s: %s: ", at.file, kind);
    else
        fprintf(d->out, "bmodel: %s: ", kind);
    vfprintf(d->out, fmt, ap);
    if (name) fprintf(d->out, " [-W%s]", name);
    fputc('\n', d->out);
    if (at.line > 0) diag_excerpt(d, at);
    fflush(d->out);
}

void diag_error(diag *d, src_span at, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    diag_emit(d, "error", NULL, at, fmt, ap);
    va_end(ap);
    d->errors++;
}

void diag_warning(diag *d, src_span at, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    diag_emit(d, d->warnings_as_errors ? "error" : "warning", NULL, at, fmt, ap);
    va_end(ap);
    if (d->warnings_as_errors) d->errors++; else d->warnings++;
}

static int diag_disabled(const diag *d, const char *name) {
    for (int i = 0; i < d->ndisabled_warnings; i++)
        if (!strcmp(d->disabled_warnings[i], name)) return 1;
    return 0;
}

void diag_warning_named(diag *d, const char *name, src_span at, const char *fmt, ...) {
    if (diag_disabled(d, name)) return;
    va_list ap;
    va_start(ap, fmt);
    diag_emit(d, d->warnings_as_errors ? "error" : "warning", name, at, fmt, ap);
    va_end(ap);
    if (d->warnings_as_errors) d->errors++; else d->warnings++;
}

void diag_note(diag *d, src_span at, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    diag_emit(d, "note", NULL, at, fmt, ap);
    va_end(ap);
}

_Noreturn void bm_internal_error(const char *file, int line) {
    fflush(stdout);
    fprintf(stderr, "internal error at %s:%d (a bug in bmodel)\n", file, line);
    exit(70);
}
