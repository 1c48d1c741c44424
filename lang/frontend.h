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
#define DIAG_MAX_SOURCES 64

typedef struct {
    FILE *out;
    const char *source;   /* text of the file being compiled (for excerpts) */
    int errors, warnings;
    /* Other files whose spans may appear (#include): excerpts of a span are
     * taken from the text registered for span.file (compared by pointer,
     * then by string), falling back to `source`. */
    int nsources;
    const char *source_paths[DIAG_MAX_SOURCES];
    const char *source_texts[DIAG_MAX_SOURCES];
    /* Named warnings (diag_warning_named) listed here are not printed. */
    const char *const *disabled_warnings;
    int ndisabled_warnings;
    int warnings_as_errors;
} diag;

/* Registers the text of an included file for excerpts; 0 ok, 1 table full. */
int diag_add_source(diag *d, const char *path, const char *text);

/* A warning that the user can silence with -Wno-NAME (bmc): printed as
 * `file:l:c: warning: message [-Wname]` unless NAME is disabled. */
void diag_warning_named(diag *d, const char *name, src_span at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

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

/* Front-end options (bmc: -I DIR, --no-pedantic, -Wno-NAME via diag). */
typedef struct {
    const char *const *include_dirs;  /* #include search path, in order, after
                                         the directory of the including file */
    int n_include_dirs;
    int no_pedantic;                  /* skip the modeling-mistake warnings */
} frontend_opts;

/* frontend_load with options; o may be NULL (defaults). */
program *frontend_load_opts(const char *path, const frontend_opts *o, arena *a, diag *d);

/* Canonical pretty printer (lang/format.c): writes p as source text.
 * Idempotent; the output parses and type-checks to the same AST (spans
 * aside).  Comments are kept where they stand between statements and
 * declarations.  Returns 0, or 1 on a write error. */
int format_program(const program *p, FILE *out);

/* Parse only (no sema); NULL on syntax errors. */
program *parse_program(const char *path, const char *text, arena *a, diag *d);

/* Semantic analysis in place; returns number of errors. */
int sema_check(program *p, diag *d);

/* sema_check plus the pedantic modeling warnings unless o->no_pedantic. */
int sema_check_opts(program *p, const frontend_opts *o, diag *d);

#endif
