/* lang/frontend.h — the front end's entry points and diagnostics.
 *
 * In:  a path to a .bmodel/.stan file.  Out: a typed `program` (ast.h) or
 * diagnostics on the given stream and NULL.  Never aborts on user input.
 */
#ifndef BM_FRONTEND_H
#define BM_FRONTEND_H
#include <stdio.h>
#include "ast.h"

/* Diagnostics sink: counts errors, prints
 *   file:line:col: error: message
 *     <source line>
 *         ^~~~
 * User errors go through diag_error; internal bugs use unreachable(). */
typedef struct {
    FILE *out;
    const char *source;   /* text of the file being compiled (for excerpts) */
    int errors, warnings;
} diag;

void diag_error(diag *d, src_span at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_warning(diag *d, src_span at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_note(diag *d, src_span at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Internal error (a bug in bmodel, not in the user's program). */
#define unreachable() bm_internal_error(__FILE__, __LINE__)
_Noreturn void bm_internal_error(const char *file, int line);

/* Reads, parses and type-checks `path`.  On any error prints diagnostics to
 * d->out and returns NULL.  The program and all its nodes live in `a`. */
program *frontend_load(const char *path, arena *a, diag *d);

/* Parse only (no sema); NULL on syntax errors. */
program *parse_program(const char *path, const char *text, arena *a, diag *d);

/* Semantic analysis in place; returns number of errors. */
int sema_check(program *p, diag *d);

#endif
