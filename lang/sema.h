/* lang/sema.h — private interface between the parts of semantic analysis.
 *
 * In:  the checker state shared by sema.c (scopes, blocks, statements,
 * functions, plates), sema_expr.c (types of expressions and calls),
 * sema_sig.c (catalog signatures), sema_fun.c (user functions), sema_hof.c
 * (ODE solvers, reduce_sum), suggest.c ("did you mean") and
 * pedantic.c (modeling warnings).
 * Out: nothing visible outside lang/: the public entry points are
 * sema_check / sema_check_opts in frontend.h.
 * Never: included by the compiler or the runtime.
 */
#ifndef BM_SEMA_H
#define BM_SEMA_H
#include "catalog.h"
#include "frontend.h"

/* ---- the checker state -------------------------------------------------- */

typedef struct {
    const char *name;
    decl *d; /* NULL once the scope that declared it has ended */
} sema_slot;

#define SEMA_MAX_PLATES 16

/* An enclosing plate: its loop variable and how many declarations were
 * visible when it started (those are shared by all its iterations). */
typedef struct {
    decl *var;
    int mark;
} sema_plate;

typedef struct sema {
    diag *d;
    program *p;
    sema_slot *tab;
    int cap, used;
    ptr_vec stack;       /* visible decls in declaration order */
    block_kind blk;      /* block being checked (BLK_FUNCTIONS in a body) */
    fundef *fun;         /* function whose body is being checked, or NULL */
    int loops;           /* enclosing for / while / foreach / plate statements */
    int nplates;
    sema_plate plates[SEMA_MAX_PLATES];
    int string_ok;       /* string literals allowed here (print, reject) */
    int void_ok;         /* a void call is allowed here (a call statement) */
    int plate_innermost; /* the innermost enclosing loop is a plate */
} sema;

/* A call site: the arguments and how to name things in messages. */
typedef struct {
    const char *shown;   /* "normal_lpdf", "normal", "exp" */
    expr **args;
    int n;
    int skip;            /* leading arguments not counted in "takes N arguments" (y of `~`) */
    src_span at;
} sema_site;

/* ---- scopes (sema.c) ----------------------------------------------------- */

decl *sema_lookup(sema *s, const char *name);

/* ---- types (sema_expr.c) ------------------------------------------------- */

val_type sema_ty(base_type b, int dims);
int sema_ty_err(val_type t);
int sema_ty_int(val_type t);          /* int scalar */
int sema_ty_prim(val_type t);         /* int or real scalar */
int sema_ty_same(val_type a, val_type b);
const char *sema_ty_name(val_type t, char *buf); /* buf: 96 bytes */
/* Can a value of type `from` be stored in a variable of type `to`? */
int sema_ty_assignable(val_type to, val_type from);
/* Result type of `a op b` (binary operators), TY_ERROR when undefined. */
val_type sema_ty_binary(op_kind op, val_type a, val_type b);
const char *sema_op_text(op_kind op);

/* Types e and its subexpressions; sets e->type and returns it. */
val_type sema_expr(sema *s, expr *e);

/* Is every variable e reads data (data, transformed data, data-only
 * arguments, int loop variables, locals of data-only blocks)? */
int sema_is_data(const expr *e);

/* Does name end in suffix (with something before it)?  The suffix rules
 * (_lpdf, _rng, _lp, ...) all go through this. */
int sema_ends_with(const char *name, const char *suffix);

/* ---- user-defined functions (sema_fun.c) -------------------------------- */

/* Checks the functions block: signatures, declarations vs definitions,
 * suffix rules and bodies. */
void sema_functions(sema *s);

/* Resolves a call of the user function `name` at c (arguments already
 * typed).  Returns 0 when no user function has that name; otherwise 1,
 * with *out the chosen definition (NULL after reporting a mismatch) and
 * *ret its result type (TY_ERROR on a mismatch). */
int sema_user_call(sema *s, const char *name, sema_site *c, fundef **out, val_type *ret);

/* Does every path through st end in return, reject or fatal_error? */
int sema_always_returns(const stmt *st);

/* Any user function with this name? */
int sema_has_user_fun(sema *s, const char *name);

/* Checks the statements of a block or body (sema.c). */
void sema_stmts(sema *s, ptr_vec *body);
void sema_declare(sema *s, decl *d);
void sema_pop(sema *s, int mark);

/* ---- higher-order functions (sema_hof.c) --------------------------------- */

/* Is name an ODE solver or reduce_sum (first argument: a user function)? */
int sema_is_hof(const char *name);
/* Types such a call (its arguments too). */
val_type sema_hof_call(sema *s, expr *e);

/* ---- catalog signatures (sema_sig.c) ------------------------------------- */


/* Picks the best catalog signature among `sigs` for the site, reports a
 * mismatch otherwise (NULL).  *ret gets the result type. */
const fn_sig *sema_match(sema *s, const fn_sig **sigs, int count, sema_site *c, val_type *ret);

/* "(reals | reals, reals)": f's signature without its result, for messages. */
const char *sema_sig_text(const fn_sig *f, char *buf, int n);

/* ---- did you mean (suggest.c) -------------------------------------------- */

/* The visible variable nearest to `name`, or NULL when none is close. */
const char *suggest_variable(sema *s, const char *name);
/* The function (catalog or user; densities when `densities`) nearest to
 * `name`, or NULL. */
const char *suggest_function(sema *s, const char *name, int densities);
/* Edit distance (Levenshtein), or 99 when a string is longer than 40. */
int suggest_distance(const char *a, const char *b);

/* ---- pedantic warnings (pedantic.c) -------------------------------------- */

/* Modeling warnings on a checked, error-free program. */
void pedantic_check(program *p, diag *d);

#endif
