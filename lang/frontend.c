/* lang/frontend.c — the front end's entry points: read, parse, check.
 *
 * In:  a path (frontend_load) or a text (parse_program).
 * Out: a typed program in the caller's arena, or NULL with diagnostics on
 *      d->out.  An empty file is a valid, empty program.
 * Never: crashes or aborts on any input: unreadable files, NUL bytes and
 *      oversized files are reported as errors.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "frontend.h"
#include "parse.h"

#define FRONTEND_MAX_BYTES (64L * 1024 * 1024)

/* Reports the first NUL byte (which would cut the text short); 1 if any. */
static int frontend_check_nul(diag *d, const char *path, const char *text, size_t len) {
    const char *nul = memchr(text, '\0', len);
    if (!nul) return 0;
    int line = 1, col = 1;
    for (const char *p = text; p < nul; p++) {
        if (*p == '\n') { line++; col = 1; } else col++;
    }
    diag_error(d, (src_span){path, line, col, line, col},
               "the file contains a NUL byte (is it a text file?)");
    return 1;
}

/* Reads the whole file into the arena (NUL-terminated); *len gets its size. */
static char *frontend_read(const char *path, arena *a, diag *d, size_t *len) {
    src_span at = {path, 0, 0, 0, 0};
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag_error(d, at, "cannot open %s: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n + 1 >= cap) {
            char *nb = cap > (size_t)FRONTEND_MAX_BYTES ? NULL : realloc(buf, cap * 2);
            if (!nb) break;
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) break;
    }
    int err = ferror(f) ? errno : 0;
    fclose(f);
    char *text = NULL;
    if (err)
        diag_error(d, at, "cannot read %s: %s", path, strerror(err));
    else if (!buf || n + 1 >= cap)
        diag_error(d, at, "cannot read %s: file too large or out of memory", path);
    else
        text = arena_strndup(a, buf, n);
    free(buf);
    *len = n;
    return text;
}

program *parse_program(const char *path, const char *text, arena *a, diag *d) {
    program *p = arena_alloc(a, sizeof *p);
    p->file = path;
    p->source = text;
    p->arena = a;
    d->source = text;
    parse_ctx pc = {.a = a, .d = d, .prog = p, .file = path};
    int before = d->errors;
    int rc = lex_parse(&pc, text, strlen(text));
    if (rc != 0 || d->errors > before) {
        if (d->errors == before)
            diag_error(d, (src_span){path, pc.line, pc.col, pc.line, pc.col}, "syntax error");
        return NULL;
    }
    return p;
}

program *frontend_load(const char *path, arena *a, diag *d) {
    return frontend_load_opts(path, NULL, a, d);
}

program *frontend_load_opts(const char *path, const frontend_opts *o, arena *a, diag *d) {
    static const frontend_opts defaults = {0};
    if (!o) o = &defaults;
    size_t len = 0;
    char *text = frontend_read(path, a, d, &len);
    if (!text) return NULL;
    d->source = text;
    if (frontend_check_nul(d, path, text, len)) return NULL;
    program *p = parse_program(path, text, a, d);
    if (!p) return NULL;
    if (sema_check_opts(p, o, d) > 0) return NULL;
    return p;
}
