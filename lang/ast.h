/* lang/ast.h — the abstract syntax tree, before and after semantic analysis.
 *
 * The parser (parser.y) builds it; sema.c annotates it in place (types,
 * resolved declarations, resolved function signatures); compiler/ lowers the
 * typed tree to IR and never looks at source text again except through spans.
 * Every node carries the span of the source it came from, so any later stage
 * can report an error at the right place.  All nodes live in one arena.
 *
 * Lists are ptr_vec (arena-backed arrays of pointers).
 */
#ifndef BM_AST_H
#define BM_AST_H
#include "arena.h"

/* ---- source locations ---------------------------------------------- */

typedef struct {
    const char *file;       /* path as given on the command line */
    int line, col;          /* 1-based start */
    int end_line, end_col;  /* 1-based, inclusive end */
} src_span;

/* ---- types ---------------------------------------------------------- */

typedef enum {
    TY_ERROR = 0, /* after a reported type error; suppresses cascades */
    TY_INT,
    TY_REAL,
    TY_VECTOR,
    TY_ROW_VECTOR,
    TY_MATRIX,
    TY_VOID,
} base_type;

/* A value type: `array_dims` array levels around a base type.
 * array[3] vector[4] x  ->  {TY_VECTOR, 1}. */
typedef struct {
    base_type base;
    int array_dims;
} val_type;

/* ---- blocks ------------------------------------------------------------ */

typedef enum {
    BLK_FUNCTIONS,
    BLK_DATA,
    BLK_TDATA,
    BLK_PARAMS,
    BLK_TPARAMS,
    BLK_MODEL,
    BLK_GQ,
    BLK_COUNT,
} block_kind;

/* ---- expressions ------------------------------------------------------ */

typedef enum {
    EX_INT_LIT,
    EX_REAL_LIT,
    EX_VAR,      /* name; sema sets .decl */
    EX_UNARY,    /* op: '-', '!', '+' */
    EX_BINARY,   /* op: see binop */
    EX_CALL,     /* name(args) or name(arg0 | args...) */
    EX_INDEX,    /* base[idx, idx, ...] single indices only for now */
} expr_kind;

typedef enum {
    OP_ADD, OP_SUB, OP_MUL, OP_DIV,
    OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE,
    OP_AND, OP_OR,
    OP_NEG, OP_NOT, OP_PLUS, /* unary */
} op_kind;

struct decl;
struct fn_sig; /* stdlib/catalog.h */

typedef struct expr {
    expr_kind kind;
    src_span span;
    val_type type;          /* set by sema */
    long ival;              /* EX_INT_LIT */
    double rval;            /* EX_REAL_LIT */
    const char *name;       /* EX_VAR, EX_CALL (as written, e.g. "normal_lpdf") */
    struct decl *decl;      /* EX_VAR: resolved by sema */
    op_kind op;             /* EX_UNARY, EX_BINARY */
    struct expr *lhs, *rhs; /* EX_BINARY; EX_UNARY uses lhs; EX_INDEX uses lhs as base */
    ptr_vec args;           /* EX_CALL arguments, EX_INDEX indices (struct expr *) */
    int bar_call;           /* EX_CALL written as f(a | b, c) */
    const struct fn_sig *sig; /* EX_CALL: resolved by sema */
} expr;

/* ---- declarations ---------------------------------------------------- */

typedef enum {
    DECL_VAR,       /* block-level or local variable */
    DECL_LOOP_VAR,  /* for / plate index (int, read-only) */
} decl_kind;

typedef struct decl {
    decl_kind kind;
    src_span span;          /* the whole declaration */
    src_span name_span;
    const char *name;
    val_type type;
    block_kind block;       /* block the declaration appears in */
    int is_local;           /* declared inside a statement body (not block-level) */
    ptr_vec array_sizes;    /* expr*, one per array dim, outermost first */
    struct expr *vec_size;  /* vector[n], row_vector[n]; matrix rows */
    struct expr *vec_cols;  /* matrix cols */
    struct expr *lower, *upper; /* <lower=, upper=>; NULL when absent */
    struct expr *init;      /* `= expr` initializer; NULL when absent */
    int index;              /* order of declaration within its block (0-based) */
} decl;

/* ---- statements ------------------------------------------------------ */

typedef enum {
    ST_DECL,        /* .decl */
    ST_ASSIGN,      /* lhs = rhs (lhs is EX_VAR or EX_INDEX); .assign_op */
    ST_TILDE,       /* lhs ~ dist(args); .dist_name ("normal"), .sig */
    ST_TARGET,      /* target += rhs */
    ST_FOR,         /* for (loop_var in lo:hi) body */
    ST_PLATE,       /* plate (loop_var in lo:hi) body */
    ST_BLOCK,       /* { body... } */
} stmt_kind;

typedef struct stmt {
    stmt_kind kind;
    src_span span;
    decl *decl;             /* ST_DECL; ST_FOR/ST_PLATE: the loop variable */
    expr *lhs, *rhs;        /* ST_ASSIGN, ST_TILDE (lhs), ST_TARGET (rhs) */
    op_kind assign_op;      /* ST_ASSIGN: OP_ADD for +=, ...; OP_EQ for plain = */
    const char *dist_name;  /* ST_TILDE */
    src_span dist_span;
    ptr_vec args;           /* ST_TILDE distribution arguments (expr*) */
    const struct fn_sig *sig; /* ST_TILDE: resolved by sema */
    expr *lo, *hi;          /* ST_FOR / ST_PLATE range */
    ptr_vec body;           /* ST_FOR / ST_PLATE / ST_BLOCK (stmt*) */
} stmt;

/* ---- program ---------------------------------------------------------- */

typedef struct {
    const char *file;
    const char *source;            /* whole file text, NUL-terminated */
    int present[BLK_COUNT];        /* block written in the file */
    ptr_vec blocks[BLK_COUNT];     /* stmt* per block; declarations are ST_DECL */
    src_span block_spans[BLK_COUNT];
    arena *arena;
} program;

/* ---- helpers (ast.c) -------------------------------------------------- */

expr *ast_expr_new(arena *a, expr_kind kind, src_span span);
stmt *ast_stmt_new(arena *a, stmt_kind kind, src_span span);
decl *ast_decl_new(arena *a, decl_kind kind, src_span span);
src_span ast_span_join(src_span a, src_span b);
const char *ast_block_name(block_kind b);     /* "transformed parameters" */
const char *ast_type_name(val_type t, char *buf, int n); /* "array[] vector" */
void ast_dump(const program *p, void *file /* FILE* */);

#endif
