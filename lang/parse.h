/* lang/parse.h — private glue between lexer.l, parser.y and frontend.c.
 *
 * In:  nothing global; one parse_ctx per parse, owned by the caller.
 * Out: the parser state shared by the reentrant lexer and parser (position,
 *      last token text, nesting depth) and the semantic-value helper types.
 * Never: holds mutable state outside a parse_ctx; used outside lang/.
 */
#ifndef BM_PARSE_H
#define BM_PARSE_H
#include <stddef.h>
#include "ast.h"
#include "frontend.h"

#define PARSE_MAX_NEST 256    /* open ( [ { at once */
#define PARSE_MAX_DEPTH 1000  /* expression tree depth */
#define PARSE_MAX_ERRORS 20   /* syntax errors reported before giving up */
#define PARSE_MAX_INCLUDE 32  /* #include nesting */

/* A file being read because of #include: where the includer stood. */
typedef struct {
    const char *file;       /* the includer's path (span file) */
    const char *real;       /* canonical path of the included file (cycles) */
    int line, col;          /* the includer's position after the directive */
} parse_include_frame;

/* The text of an included file, found by parse_include_open. */
typedef struct { const char *text; } parse_include;

typedef struct parse_ctx {
    arena *a;
    diag *d;
    program *prog;
    const char *file;
    int line, col;          /* lexer position of the next byte (1-based) */
    int nest;               /* currently open brackets */
    const char *tok;        /* text of the last token read */
    int tok_len;
    int lex_failed;         /* the lexer already reported an error */
    int stop;               /* fatal: the lexer returns end of input from now on */
    int hash_reported;      /* the '#' comment error was given */
    int syntax_errors;      /* reported by the parser */
    int last_error_line;    /* of the last syntax error (echoes are not shown) */
    const char *last_error_file;
    const frontend_opts *opts; /* include search path; may be NULL */
    const char *root_real;  /* canonical path of the main file (or NULL) */
    int ninclude;
    parse_include_frame include[PARSE_MAX_INCLUDE];
} parse_ctx;

/* An expression plus its tree depth (so deep trees are refused early). */
typedef struct { expr *e; int depth; } pexpr;
/* An argument or index list plus the deepest element. */
typedef struct { ptr_vec v; int depth; } pargs;
/* <lower=..., upper=...> or <offset=..., multiplier=...> */
typedef struct { expr *lower, *upper, *offset, *multiplier; } pbounds;
/* An unsized type (function argument or return) and how it was written. */
typedef struct { val_type t; int old_syntax; } ptype;

/* Runs the reentrant lexer + parser over text[0..len).  Fills pc->prog.
 * Returns 0 on success; nonzero after reporting an error on pc->d. */
int lex_parse(parse_ctx *pc, const char *text, size_t len);

/* One token, for lex_tokens (tests, tools). */
typedef struct {
    int kind;            /* parser token number (parser.h), 0 at end */
    src_span span;
    long ival;           /* INT_LIT */
    double rval;         /* REAL_LIT */
    const char *text;    /* IDENT */
} lex_token;

/* Tokenizes text without parsing; returns the number of tokens written
 * (the last is 0 = end of input, or LEX_ERROR after a reported error). */
int lex_tokens(parse_ctx *pc, const char *text, size_t len, lex_token *out, int max);

/* #include (frontend.c): finds `name` relative to the current file's
 * directory, then pc->opts' include dirs; checks cycles and depth; reads
 * it, registers it with diag_add_source and makes it the current file
 * (pc->file, line 1).  Returns 0, or 1 after a located error at `at`. */
int parse_include_open(parse_ctx *pc, src_span at, const char *name, parse_include *out);
/* Back to the includer's file and position. */
void parse_include_close(parse_ctx *pc);

/* Parser helper (parser.y): files a finished block into pc->prog and
 * marks each declaration's block, locality and index. */
void parse_finish_block(parse_ctx *pc, block_kind b, ptr_vec body, src_span at);

#endif
