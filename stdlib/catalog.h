/* stdlib/catalog.h — the one table of function signatures.
 *
 * In:  a function name as written in a model.  Out: its signature: argument
 * kinds, result, and the names of the C functions that compute its value and
 * its partial derivatives.  The type checker (lang/sema.c) and the code
 * generator (compiler/) both read this table, so they cannot disagree.
 * Never: contains code; it is data only (catalog.c).
 *
 * C calling conventions of the functions named here (all in bm_math.h,
 * usable from host C and CUDA device code):
 *
 *  FN_MATH   value:    double c_value(double x1, ..., double xn)
 *            partials: double c_grad(double x1, ..., double xn,
 *                                    double *d1, ..., double *dn)
 *            returns the value and writes df/dxi to *di (each di may be NULL).
 *            Integer-only math (FN_MATH with int result) has c_grad NULL.
 *
 *  FN_LPDF / FN_LPMF  (one scalar element of a possibly vectorised call)
 *            double c_value(args..., int propto, unsigned active,
 *                           double *d_a, double *d_b, ...)
 *            args in declared order; ARG_INT/ARG_INTS arguments are passed as
 *            `int`, real ones as `double`.  One partial pointer per *real*
 *            argument, in order, each may be NULL (not wanted).
 *            Bit i of `active` is set when argument i depends on parameters.
 *            With propto != 0, additive terms that depend only on inactive
 *            arguments are dropped (Stan's `~` and `_lupdf`).  Invalid
 *            arguments (sigma <= 0, a NaN, p outside [0,1], y outside the
 *            support of a continuous density where Stan rejects) give NAN.
 *            y outside the support where Stan returns -inf gives -INFINITY.
 */
#ifndef BM_CATALOG_H
#define BM_CATALOG_H

typedef enum {
    ARG_INT,    /* an int scalar */
    ARG_REAL,   /* a real (int promotes) scalar */
    ARG_INTS,   /* int scalar, or int array (vectorised) */
    ARG_REALS,  /* real/int scalar, vector, row_vector, real/int array (vectorised) */
} arg_kind;

typedef enum {
    FN_MATH,   /* real (or int) valued function; may be applied elementwise */
    FN_LPDF,   /* a continuous density: name_lpdf / name_lupdf / `~ name` */
    FN_LPMF,   /* a discrete mass function: name_lpmf / name_lupmf / `~ name` */
} fn_kind;

#define FN_MAX_ARGS 6

typedef struct fn_sig {
    const char *name;        /* "exp", "normal" (densities: without suffix) */
    fn_kind kind;
    int nargs;
    arg_kind args[FN_MAX_ARGS];
    int returns_int;         /* FN_MATH only: result is int */
    const char *c_value;     /* "bm_exp", "bm_normal_lpdf" */
    const char *c_grad;      /* "bm_exp_d"; NULL for densities (c_value does both) */
    const char *doc;         /* one line for docs/functions.md */
} fn_sig;

/* All signatures with this name (overloads are consecutive); NULL if none.
 * For densities pass the bare name ("normal").  *count gets the number. */
const fn_sig *catalog_lookup(const char *name, int *count);

/* Splits "normal_lpdf" into base "normal" and suffix "_lpdf"; returns the
 * suffix (one of _lpdf _lupdf _lpmf _lupmf) or NULL when there is none. */
const char *catalog_density_suffix(const char *name, char *base, int n);

/* Iteration over the whole table (for docs and "did you mean"). */
int catalog_size(void);
const fn_sig *catalog_at(int i);

#endif
