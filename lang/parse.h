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
} parse_ctx;

/* An expression plus its tree depth (so deep trees are refused early). */
typedef struct { expr *e; int depth; } pexpr;
/* An argument or index list plus the deepest element. */
typedef struct { ptr_vec v; int depth; } pargs;
/* <lower=..., upper=...> */
typedef struct { expr *lower, *upper; } pbounds;

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

/* Parser helper (parser.y): files a finished block into pc->prog and
 * marks each declaration's block, locality and index. */
void parse_finish_block(parse_ctx *pc, block_kind b, ptr_vec body, src_span at);

#endif
