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
    TY_COMPLEX,
    TY_COMPLEX_VECTOR,
    TY_COMPLEX_ROW_VECTOR,
    TY_COMPLEX_MATRIX,
    TY_TUPLE,     /* .tuple / .ntuple hold the component types */
    TY_STRING,    /* string literals: print / reject / fatal_error args */
} base_type;

/* A value type: `array_dims` array levels around a base type.
 * array[3] vector[4] x  ->  {TY_VECTOR, 1}.
 * tuple(real, array[] int) -> {TY_TUPLE, 0, 2, {real, array[] int}}. */
typedef struct val_type {
    base_type base;
    int array_dims;
    int ntuple;                     /* TY_TUPLE: number of components */
    const struct val_type *tuple;   /* TY_TUPLE: component types (arena) */
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
    EX_UNARY,    /* op: OP_NEG, OP_NOT, OP_PLUS (prefix), OP_TRANSPOSE (postfix '); lhs */
    EX_BINARY,   /* op: see op_kind; lhs, rhs */
    EX_CALL,     /* name(args) or name(arg0 | args...); sema sets .sig or .fun */
    EX_INDEX,    /* lhs[args...]; each arg is an expression (a single index,
                    or an int array = multi-index) or an EX_RANGE */
    EX_TERNARY,  /* cond ? lhs : rhs */
    EX_RANGE,    /* only as an index: lo:hi, lo:, :hi, or a bare `:` —
                    lhs = lo, rhs = hi, each NULL when omitted */
    EX_ARRAY_LIT,  /* { args... } */
    EX_ROWVEC_LIT, /* [ args... ] (row_vector, or matrix from row_vectors) */
    EX_STRING,     /* "text" (print / reject / fatal_error); .str without quotes */
    EX_IMAG_LIT,   /* 2.5i: rval is the imaginary part */
    EX_TUPLE_LIT,  /* (a, b, ...) with at least two elements; args */
    EX_TUPLE_GET,  /* lhs.N: ival = N (1-based) */
} expr_kind;

typedef enum {
    OP_ADD, OP_SUB, OP_MUL, OP_DIV,
    OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE,
    OP_AND, OP_OR,
    OP_NEG, OP_NOT, OP_PLUS, /* unary */
    OP_ELT_MUL,   /* .*  */
    OP_ELT_DIV,   /* ./  */
    OP_MOD,       /* %   */
    OP_INT_DIV,   /* %/% */
    OP_LDIV,      /* \   */
    OP_POW,       /* ^   */
    OP_ELT_POW,   /* .^  */
    OP_TRANSPOSE, /* postfix ' (unary) */
} op_kind;

struct decl;
struct fundef;
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
    struct expr *cond;      /* EX_TERNARY */
    ptr_vec args;           /* EX_CALL arguments, EX_INDEX indices, literals' elements */
    const char *str;        /* EX_STRING */
    int bar_call;           /* EX_CALL written as f(a | b, c) */
    int parens;             /* written inside ( ) (for the formatter) */
    const struct fn_sig *sig; /* EX_CALL: catalog function, resolved by sema */
    struct fundef *fun;     /* EX_CALL: user-defined function, resolved by sema */
} expr;

/* ---- declarations ---------------------------------------------------- */

typedef enum {
    DECL_VAR,       /* block-level or local variable */
    DECL_LOOP_VAR,  /* for / plate / foreach variable (read-only) */
    DECL_FUN_ARG,   /* function parameter (read-only); .is_data_arg */
} decl_kind;

/* Constraint of a declared variable.  CON_BOUNDS uses .lower/.upper,
 * CON_AFFINE .offset/.multiplier (either may be NULL); the others are the
 * constrained types, which also fix the base type:
 *   simplex[K] unit_vector[K] sum_to_zero_vector[K] ordered[K]
 *   positive_ordered[K]                                  -> TY_VECTOR, vec_size K
 *   cholesky_factor_corr[K] corr_matrix[K] cov_matrix[K] -> TY_MATRIX, vec_size K
 *   cholesky_factor_cov[M] / [M, N]                      -> TY_MATRIX, vec_size M, vec_cols N or NULL
 *   row_stochastic_matrix[N, M] column_stochastic_matrix[N, M] -> TY_MATRIX */
typedef enum {
    CON_NONE,
    CON_BOUNDS,
    CON_AFFINE,
    CON_SIMPLEX,
    CON_UNIT_VECTOR,
    CON_SUM_TO_ZERO,
    CON_ORDERED,
    CON_POSITIVE_ORDERED,
    CON_CHOLESKY_CORR,
    CON_CHOLESKY_COV,
    CON_CORR_MATRIX,
    CON_COV_MATRIX,
    CON_ROW_STOCHASTIC,
    CON_COLUMN_STOCHASTIC,
} constraint_kind;

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
    constraint_kind cons;   /* CON_NONE when unconstrained */
    struct expr *lower, *upper; /* <lower=, upper=>; NULL when absent */
    struct expr *offset, *multiplier; /* <offset=, multiplier=>; NULL when absent */
    ptr_vec tuple_elems;    /* TY_TUPLE: one unnamed decl* per component (sizes, constraints) */
    struct expr *init;      /* `= expr` initializer; NULL when absent */
    int index;              /* order of declaration within its block (0-based) */
    int is_data_arg;        /* DECL_FUN_ARG written with the `data` qualifier */
    int old_array_syntax;   /* written `real y[N]` (pre-2.33; warned) */
} decl;

/* A user-defined function (functions block).  A forward declaration has
 * body NULL; sema links it to the definition. */
typedef struct fundef {
    src_span span, name_span;
    const char *name;
    val_type ret;           /* TY_VOID for void functions */
    ptr_vec params;         /* decl* of kind DECL_FUN_ARG */
    struct stmt *body;      /* ST_BLOCK, or NULL for a declaration */
    struct fundef *definition; /* sema: the defining fundef (itself if defined here) */
} fundef;

/* ---- statements ------------------------------------------------------ */

typedef enum {
    ST_DECL,        /* .decl */
    ST_ASSIGN,      /* lhs = rhs (lhs is EX_VAR, EX_INDEX or EX_TUPLE_GET); .assign_op */
    ST_TILDE,       /* lhs ~ dist(args) [T[trunc_lo, trunc_hi]]; .dist_name ("normal"), .sig/.fun */
    ST_TARGET,      /* target += rhs */
    ST_FOR,         /* for (loop_var in lo:hi) body */
    ST_PLATE,       /* plate (loop_var in lo:hi) body */
    ST_BLOCK,       /* { body... } */
    ST_IF,          /* if (cond) then_s [else else_s] */
    ST_WHILE,       /* while (cond) body[0] */
    ST_FOREACH,     /* for (loop_var in rhs) body: over an array / vector / matrix */
    ST_BREAK,
    ST_CONTINUE,
    ST_RETURN,      /* return [rhs]; */
    ST_PRINT,       /* print(args); args are expr* incl. EX_STRING */
    ST_REJECT,      /* reject(args); */
    ST_FATAL_ERROR, /* fatal_error(args); */
    ST_CALL,        /* a void function call as a statement: rhs is EX_CALL */
    ST_PROFILE,     /* profile("name") { body }: .str */
    ST_EMPTY,       /* ; */
} stmt_kind;

typedef struct stmt {
    stmt_kind kind;
    src_span span;
    decl *decl;             /* ST_DECL; ST_FOR/ST_PLATE: the loop variable */
    expr *lhs, *rhs;        /* ST_ASSIGN, ST_TILDE (lhs), ST_TARGET (rhs) */
    op_kind assign_op;      /* ST_ASSIGN: OP_EQ for =; OP_ADD, OP_SUB, OP_MUL, OP_DIV,
                               OP_ELT_MUL, OP_ELT_DIV for += -= *= /= .*= ./= */
    const char *dist_name;  /* ST_TILDE */
    src_span dist_span;
    ptr_vec args;           /* ST_TILDE distribution arguments; ST_PRINT/REJECT/FATAL_ERROR (expr*) */
    const struct fn_sig *sig; /* ST_TILDE: resolved by sema */
    struct fundef *fun;     /* ST_TILDE: a user-defined _lpdf/_lpmf, resolved by sema */
    int truncated;          /* ST_TILDE with T[...]; bounds below (either may be NULL) */
    expr *trunc_lo, *trunc_hi;
    expr *cond;             /* ST_IF, ST_WHILE */
    struct stmt *then_s, *else_s; /* ST_IF (else_s NULL when absent) */
    const char *str;        /* ST_PROFILE name */
    expr *lo, *hi;          /* ST_FOR / ST_PLATE range */
    ptr_vec body;           /* ST_FOR / ST_PLATE / ST_BLOCK / ST_WHILE / ST_FOREACH / ST_PROFILE (stmt*) */
} stmt;

/* ---- program ---------------------------------------------------------- */

typedef struct {
    const char *file;
    const char *source;            /* whole file text, NUL-terminated */
    int present[BLK_COUNT];        /* block written in the file */
    ptr_vec functions;             /* fundef*, in source order (functions block) */
    ptr_vec blocks[BLK_COUNT];     /* stmt* per block; declarations are ST_DECL;
                                      blocks[BLK_FUNCTIONS] stays empty */
    src_span block_spans[BLK_COUNT];
    int reads_target;              /* target() is called (set by sema) */
    arena *arena;
} program;

/* ---- helpers (ast.c) -------------------------------------------------- */

expr *ast_expr_new(arena *a, expr_kind kind, src_span span);
stmt *ast_stmt_new(arena *a, stmt_kind kind, src_span span);
decl *ast_decl_new(arena *a, decl_kind kind, src_span span);
src_span ast_span_join(src_span a, src_span b);
const char *ast_block_name(block_kind b);     /* "transformed parameters" */
const char *ast_base_name(base_type b);       /* "row_vector"; "<error>" for TY_ERROR */
const char *ast_op_text(op_kind op);          /* source spelling: "%/%", "-", "'" */
/* "simplex", "cholesky_factor_cov", ...; "bounds", "offset/multiplier",
 * "none".  The constrained types are the kinds after CON_AFFINE. */
const char *ast_constraint_name(constraint_kind c);
const char *ast_type_name(val_type t, char *buf, int n); /* "array[] vector" */
void ast_dump(const program *p, void *file /* FILE* */);

#endif
