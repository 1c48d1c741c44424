/* compiler/ir.h — the middle IR: structured, scalarised, backend-neutral.
 *
 * In:  built by lower.c from the typed AST.  Out: read by activity.c (sets
 * the `active` flags), ad.c (adjoint sweeps) and emit_c.c (C source).
 * Every container expression of the source has been lowered to loops over
 * scalar elements, so an IR expression is a tree of scalar operations.
 * Never: refers to C (or LLVM, or CUDA) details; all nodes live in one arena.
 * See docs/architecture.md, "IR and AD".
 */
#ifndef BM_IR_H
#define BM_IR_H
#include <stdio.h>
#include "ast.h"

#define IR_MAX_DIMS 8

/* ---- variables --------------------------------------------------------- */

typedef enum {
    IRV_DATA,    /* bound from files in create() */
    IRV_TDATA,   /* transformed data, and compiler sizes/offsets (read-only) */
    IRV_THETA,   /* the unconstrained parameter vector (1-d, active) */
    IRV_PARAM,   /* constrained parameter value */
    IRV_TPARAM,
    IRV_LOCAL,   /* model / tparams / gq local (hoisted, mangled name) */
    IRV_GQ,
    IRV_LOOP,    /* for / plate index (int scalar) */
    IRV_OUT,     /* write_array output vector (1-d) */
    IRV_IN,      /* unconstrain input vector (1-d) */
    IRV_FRAME,   /* an argument or local of a recursive function (ir_sub):
                    a scalar in its C frame */
    IRV_ROLE_COUNT,
} ir_role;

typedef struct ir_expr ir_expr;

typedef struct ir_var {
    const char *name;        /* as in the source ("theta"), or "__off_mu" */
    const char *cname;       /* unique mangled name ("theta", "l3_x") */
    ir_role role;
    int is_int;
    int ndims;               /* scalarised: array dims + vector/matrix dims */
    ir_expr *dims[IR_MAX_DIMS]; /* sizes: expressions over data / tdata */
    const decl *src;         /* declaration in the source (NULL: compiler) */
    int active;              /* set by activity analysis */
    int id;                  /* index in module->vars */
    const struct ir_stmt *scope; /* LOCAL: innermost IS_FOR around its
                                    declaration in the density (NULL: none) */
} ir_var;

/* ---- expressions (scalar) ---------------------------------------------- */

typedef enum {
    IE_INT, IE_REAL,
    IE_VAR,     /* var[idx...]: element read (nidx == var->ndims) */
    IE_DIM,     /* size of dimension `dim` of var (int) */
    IE_NEG,     /* -a */
    IE_BIN,     /* a op b: OP_ADD..OP_DIV, comparisons, AND, OR */
    IE_NOT,     /* !a (int) */
    IE_INTRIN,  /* builtin unary used by transforms: see ir_intrin */
    IE_CALL,    /* catalog FN_MATH function, one element of an FN_CDF
                   function, or an FN_RNG draw (tdata and write_array only) */
    IE_DENS,    /* one scalar element of a catalog density (log value) */
    IE_FLAGS,   /* (run-time flags & mask) != 0 (int) */
    IE_SUM,     /* args[3] + the sum over var (a loop variable) from args[0]
                   to args[1] of args[2] (real), added in order onto args[3]:
                   one expression for a dot product or a triangular solve's
                   row, so AD sees one assignment, not a chain of them */
    IE_STOP,    /* args[0]'s value with a zero derivative ("stop gradient"):
                   never active, so nothing below it is differentiated */
    IE_PARTIAL, /* d f / d args[ival] at args: f is the catalog call (sig, an
                   FN_MATH or FN_CDF entry), the density element (sig, a
                   density; all constants kept) or, with sig NULL, the
                   intrinsic `intrin`.  Never active (no second derivatives):
                   tangent.c builds it from inactive arguments only */
    IE_GRADIENT,/* 1 in the function that computes the gradient, 0 in every
                   other (int) */
    IE_RCALL,   /* a call of recursive function m->subs[ival] with args:
                   data only, so never active (lower_recursive.c) */
} ir_expr_kind;

typedef enum {
    II_EXP, II_LOG, II_INV_LOGIT, II_LOG_INV_LOGIT, II_LOG1M_INV_LOGIT,
    II_LOGIT, II_COUNT,
} ir_intrin;

struct ir_expr {
    ir_expr_kind kind;
    src_span span;
    int is_int;
    long ival;               /* IE_INT; IE_DIM: dimension; IE_FLAGS: mask;
                                IE_PARTIAL: the argument (0-based);
                                IE_RCALL: the ir_sub's index */
    double rval;             /* IE_REAL */
    ir_var *var;             /* IE_VAR, IE_DIM */
    op_kind op;              /* IE_BIN */
    ir_intrin intrin;        /* IE_INTRIN */
    int nargs;               /* IE_VAR: indices; IE_CALL/IE_DENS: arguments; IE_NEG.. : 1/2 */
    ir_expr **args;
    const struct fn_sig *sig;/* IE_CALL, IE_DENS, IE_PARTIAL */
    int propto;              /* IE_DENS: drop constants when BM_PROPTO is set */
    int active;              /* set by activity analysis */
};

/* ---- statements ------------------------------------------------------- */

typedef enum {
    IS_ASSIGN,  /* var[idx...] = rhs */
    IS_TARGET,  /* target += rhs (jacobian: only under BM_JACOBIAN) */
    IS_FOR,     /* for (loop in lo:hi) body; plate flag */
    IS_IF,      /* if (cond) body else els */
    IS_WHILE,   /* while (cond) body */
    IS_PRINT,   /* print msg, then rhs (when not NULL); a newline when plate is set */
    IS_CHECK,   /* if (cond) fail: msg, or data element fail */
    IS_ALLOC,   /* compute var's dims and allocate it (tdata in create) */
    IS_BIND,    /* bind data var from the data bag (create) */
    IS_INFER,   /* infer int data size var from later declarations */
} ir_stmt_kind;

typedef struct ir_stmt ir_stmt;
typedef struct {
    ir_stmt **items;
    int n, cap;
} ir_block;

struct ir_stmt {
    ir_stmt_kind kind;
    src_span span;
    ir_var *var;             /* ASSIGN/ALLOC/BIND/INFER target; FOR loop var;
                                CHECK: data var for bm_data_fail_elem or NULL */
    int nidx;                /* ASSIGN */
    ir_expr **idx;
    ir_expr *rhs;            /* ASSIGN, TARGET; CHECK: flat element index */
    ir_expr *cond;           /* IF, CHECK (true = violation) */
    ir_expr *lo, *hi;        /* FOR */
    int plate, jacobian;
    ir_block body, els;
    const char *msg;         /* CHECK: message; BIND/INFER/CHECK(data): decl text */
    const char *what;        /* CHECK(data): "lower=0" */
};

/* ---- functions and module ----------------------------------------------- */

typedef enum {
    IRF_TDATA,      /* run once in create(), after data binding */
    IRF_DENSITY,    /* log density: transforms, tparams, model */
    IRF_WRITE,      /* write_array */
    IRF_UNCONSTRAIN,
    IRF_COUNT,
} ir_fn_kind;

typedef struct {
    ir_fn_kind kind;
    ir_block body;
} ir_fn;

/* A recursive user function, emitted as a C function of its own: scalar
 * IRV_FRAME arguments in, the scalar `result` out (a void function returns
 * int 0); its IRV_FRAME variables are m->vars[var_lo .. var_hi). */
typedef struct {
    const char *name;        /* the source function's name */
    src_span span;
    ir_var **params;
    int nparams;
    ir_var *result;          /* NULL: void, or no value was returned */
    int is_int;              /* the result is an int */
    int var_lo, var_hi;
    ir_block body;
} ir_sub;

typedef struct {
    const char *name;        /* model name (file stem) */
    const char *file;        /* source path */
    ir_var **vars;
    int nvars, cap;
    ir_fn fns[IRF_COUNT];
    ir_var *theta, *out, *in;
    ir_var *n_unconstrained; /* int tdata scalar */
    ir_var **outputs;        /* params, tparams, gq in order (write order) */
    int noutputs;
    ir_sub **subs;           /* recursive functions (lower_recursive.c) */
    int nsubs;
    arena *arena;
} ir_module;

/* ---- constructors (ir.c) ------------------------------------------------ */

ir_module *ir_module_new(arena *a, const char *name, const char *file);
/* Adds a variable with a unique C name derived from `name`. */
ir_var *ir_var_new(ir_module *m, const char *name, ir_role role, int is_int,
                   int ndims);
ir_expr *ir_int(arena *a, long v);
ir_expr *ir_real(arena *a, double v);
ir_expr *ir_read(arena *a, ir_var *v, int nidx, ir_expr **idx);
ir_expr *ir_read0(arena *a, ir_var *v);            /* scalar var */
ir_expr *ir_dim(arena *a, ir_var *v, int dim);
ir_expr *ir_bin(arena *a, op_kind op, ir_expr *l, ir_expr *r);
ir_expr *ir_neg(arena *a, ir_expr *x);
ir_expr *ir_intrin1(arena *a, ir_intrin f, ir_expr *x);
ir_expr *ir_flags(arena *a, unsigned mask);
ir_expr *ir_sum(arena *a, ir_var *loop, ir_expr *lo, ir_expr *hi, ir_expr *body, ir_expr *init);
ir_expr *ir_stop(arena *a, ir_expr *x);
/* d f / d argument k of f (an IE_CALL, IE_DENS or IE_INTRIN node; its
 * argument array is shared). */
ir_expr *ir_partial(arena *a, const ir_expr *f, int k);
ir_expr *ir_gradient(arena *a);
/* A call of m->subs[sub] (args: nargs data-only scalars). */
ir_expr *ir_rcall(arena *a, int sub, int is_int, int nargs, ir_expr **args);
ir_expr **ir_args(arena *a, int n);
ir_stmt *ir_stmt_new(arena *a, ir_stmt_kind kind, src_span span);
void ir_push(arena *a, ir_block *b, ir_stmt *s);
ir_stmt *ir_assign(arena *a, ir_var *v, int nidx, ir_expr **idx, ir_expr *rhs,
                   src_span span);
ir_stmt *ir_target(arena *a, ir_expr *rhs, src_span span);
ir_stmt *ir_for(arena *a, ir_var *loop, ir_expr *lo, ir_expr *hi, src_span span);

/* Moves a run-time flag test out of the loops it is the whole body of:
 * for (i in lo:hi) { if (flags & M) {} else { B } } becomes
 * if (flags & M) {} else { for (i in lo:hi) { B } } (the --prior guard of
 * an observed plate), so the loop has no branch.  The loop statement keeps
 * its identity (ir_var.scope). */
void ir_unswitch_flag_guards(arena *a, ir_block *b);

const char *ir_role_name(ir_role r);
const char *ir_intrin_name(ir_intrin f);

/* Prints the module in a readable text form (`bmc --dump=ir`). */
void ir_dump(const ir_module *m, FILE *out);

/* Checks structural invariants (index counts, int/real agreement, loop
 * variables, roles written per function).  Returns the number of problems
 * and prints each to `out` (may be NULL).  A non-zero result is a compiler
 * bug, never a user error. */
int ir_verify(const ir_module *m, FILE *out);

#endif
