/* lang/frontend.c — the front end's entry points: read, parse, check;
 * and the files behind `#include`.
 *
 * In:  a path (frontend_load) or a text (parse_program); include requests
 *      from the lexer (parse_include_open / parse_include_close).
 * Out: a typed program in the caller's arena, or NULL with diagnostics on
 *      d->out.  An empty file is a valid, empty program.  Every included
 *      text is registered with diag_add_source so excerpts show it.
 * Never: crashes or aborts on any input: unreadable files, NUL bytes,
 *      oversized files, missing includes and include cycles are reported
 *      as located errors.
 */
#include <errno.h>
#include <limits.h>
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

/* ---- #include ------------------------------------------------------------- */

/* The canonical path of an existing file (arena), or NULL. */
static const char *frontend_real(arena *a, const char *path) {
    char *r = realpath(path, NULL);
    if (!r) return NULL;
    const char *out = arena_strdup(a, r);
    free(r);
    return out;
}

/* dir of `file` joined with name ("name" itself when absolute or when
 * file has no directory part). */
static const char *frontend_join_dir_of(arena *a, const char *file, const char *name) {
    const char *slash = file ? strrchr(file, '/') : NULL;
    if (name[0] == '/' || !slash) return name;
    return arena_printf(a, "%.*s/%s", (int)(slash - file), file, name);
}

/* First existing candidate: beside the includer, then each include dir. */
static const char *frontend_find_include(parse_ctx *pc, const char *name) {
    const char *beside = frontend_join_dir_of(pc->a, pc->file, name);
    FILE *f = fopen(beside, "rb");
    if (f) {
        fclose(f);
        return beside;
    }
    if (name[0] == '/' || !pc->opts) return NULL;
    for (int i = 0; i < pc->opts->n_include_dirs; i++) {
        const char *cand = arena_printf(pc->a, "%s/%s", pc->opts->include_dirs[i], name);
        if ((f = fopen(cand, "rb"))) {
            fclose(f);
            return cand;
        }
    }
    return NULL;
}

/* 1 (with an error at `at`) when `real` is the main file or already open. */
static int frontend_include_cycle(parse_ctx *pc, src_span at, const char *name, const char *real) {
    int cyc = pc->root_real && !strcmp(pc->root_real, real);
    for (int i = 0; i < pc->ninclude && !cyc; i++) cyc = !strcmp(pc->include[i].real, real);
    if (cyc) diag_error(pc->d, at, "#include cycle: '%s' is already being read", name);
    return cyc;
}


int parse_include_open(parse_ctx *pc, src_span at, const char *name, parse_include *out) {
    if (pc->ninclude >= PARSE_MAX_INCLUDE) {
        diag_error(pc->d, at, "#include nested too deeply (more than %d files)", PARSE_MAX_INCLUDE);
        return 1;
    }
    const char *path = frontend_find_include(pc, name);
    if (!path) {
        diag_error(pc->d, at, "cannot find the included file '%s'%s", name,
                   pc->opts && pc->opts->n_include_dirs > 0 ? " (looked beside this file and in the -I directories)"
                                                            : " (looked beside this file; add -I DIR to search elsewhere)");
        return 1;
    }
    const char *real = frontend_real(pc->a, path);
    if (!real) real = path;
    if (frontend_include_cycle(pc, at, name, real)) return 1;
    size_t len = 0;
    const char *text = frontend_read(path, pc->a, pc->d, &len);
    if (!text || frontend_check_nul(pc->d, path, text, len)) return 1;
    if (len > INT_MAX / 2) return 1;
    diag_add_source(pc->d, path, text);
    parse_include_frame *fr = &pc->include[pc->ninclude++];
    *fr = (parse_include_frame){pc->file, real, pc->line, pc->col};
    pc->file = path;
    pc->line = 1;
    pc->col = 1;
    out->text = text;
    return 0;
}

void parse_include_close(parse_ctx *pc) {
    if (pc->ninclude == 0) return;
    parse_include_frame *fr = &pc->include[--pc->ninclude];
    pc->file = fr->file;
    pc->line = fr->line;
    pc->col = fr->col;
}

/* ---- parsing --------------------------------------------------------------- */

/* parse_program with an include search path (o may be NULL). */
static program *frontend_parse(const char *path, const char *text, const frontend_opts *o,
                               arena *a, diag *d) {
    program *p = arena_alloc(a, sizeof *p);
    p->file = path;
    p->source = text;
    p->arena = a;
    d->source = text;
    parse_ctx pc = {.a = a, .d = d, .prog = p, .file = path, .opts = o};
    pc.root_real = path ? frontend_real(a, path) : NULL;
    int before = d->errors;
    int rc = lex_parse(&pc, text, strlen(text));
    if (rc != 0 || d->errors > before) {
        if (d->errors == before)
            diag_error(d, (src_span){path, pc.line, pc.col, pc.line, pc.col}, "syntax error");
        return NULL;
    }
    return p;
}

program *parse_program(const char *path, const char *text, arena *a, diag *d) {
    return frontend_parse(path, text, NULL, a, d);
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
    program *p = frontend_parse(path, text, o, a, d);
    if (!p) return NULL;
    if (sema_check_opts(p, o, d) > 0) return NULL;
    return p;
}
