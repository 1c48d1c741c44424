/* stdlib/catalog.h — the one table of function signatures.
 *
 * In:  a function name as written in a model.  Out: its signature: argument
 * kinds, result, and the names of the C functions that compute its value and
 * its partial derivatives.  The type checker (lang/sema.c) and the code
 * generator (compiler/) both read this table, so they cannot disagree.
 * Never: contains code; it is data only (catalog.c).
 *
 * C calling conventions of the functions named here (all reached from
 * bm_math.h, usable from host C and CUDA device code):
 *
 *  FN_MATH   value:    double c_value(x1, ..., xn)
 *            partials: double c_grad(x1, ..., xn, double *d1, ..., double *dr)
 *            ARG_INT arguments are passed as `int`, ARG_REAL ones as
 *            `double`.  c_grad returns the value and writes df/dxi through
 *            one pointer per *real* argument, in order (each may be NULL; an
 *            int argument has none, as for densities).  c_grad is NULL when
 *            no argument is real (constants such as pi(): nothing to
 *            differentiate) and for int-valued functions.
 *            Int-valued (returns_int): c_value returns a double holding a
 *            whole number, or NaN for a domain error (choose(-1, 2), a result
 *            beyond the int range); the generated code rejects on NaN and
 *            converts the rest to an int.
 *            Real-valued functions give NaN for arguments outside their
 *            domain (sqrt(-1), inv_Phi(2)), as C's <math.h> does.
 *            Several implemented entries may share a name when their
 *            arguments differ (abs(int) and abs(real); the constant log2()
 *            and log2(x)); they are consecutive in the table.
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
 *            An int-only function (hypergeometric, discrete_range) has no
 *            partial pointers; its `active` is always 0.
 *
 *  FN_CDF    (one scalar element; the entry's name carries the suffix:
 *            "normal_cdf", "normal_lcdf", "normal_lccdf"; all in bm_cdf.h)
 *            double c_value(args..., double *d_a, double *d_b, ...)
 *            args as for FN_LPDF (ints as `int`, reals as `double`), then one
 *            partial pointer per *real* argument, each may be NULL.  No
 *            propto and no active mask: nothing is ever dropped.  _cdf is
 *            P(Y <= y), _lcdf its log, _lccdf log P(Y > y).  Invalid
 *            arguments give NAN (the compiler rejects with a message).
 *            A vectorised call (a container argument, scalars broadcast)
 *            means the SUM of the elements' values for _lcdf / _lccdf and the
 *            PRODUCT for _cdf (catalog_cdf_is_log tells which); the compiler
 *            loops over the elements and calls c_value once per element.
 *
 *  FN_RNG    (one draw; the name carries the suffix: "normal_rng"; all in
 *            bm_dist_rng.h)
 *            double c_value(args..., bm_rng *rng)      (returns_int == 0)
 *            int    c_value(args..., bm_rng *rng)      (returns_int == 1)
 *            args as for FN_LPDF; bm_rng is runtime/rng.h's generator.
 *            Invalid arguments give NAN (continuous) or BM_RNG_INVALID
 *            (discrete; bm_dist_rng.h); the compiler rejects with a message.
 *            A vectorised call draws once per element and returns an array
 *            (Stan's R / RI result).  c_grad is NULL: draws have no
 *            derivatives and may only appear in transformed data and
 *            generated quantities.
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
    FN_CDF,    /* name_cdf / name_lcdf / name_lccdf of a univariate distribution */
    FN_RNG,    /* name_rng: a random draw */
} fn_kind;

#define FN_MAX_ARGS 6

typedef struct fn_sig {
    const char *name;        /* "exp", "normal" (densities: without suffix) */
    fn_kind kind;
    int nargs;
    arg_kind args[FN_MAX_ARGS];
    int returns_int;         /* FN_MATH, FN_RNG: result is int */
    const char *c_value;     /* "bm_exp", "bm_normal_lpdf", "bm_normal_lcdf" */
    const char *c_grad;      /* "bm_exp_d"; NULL for the other kinds (c_value
                                does both, or there are no partials) */
    const char *doc;         /* one line for docs/functions.md */
    const char *stan;        /* Stan signature (grammar below); NULL: derived
                                from kind/args/returns_int (catalog_signature) */
} fn_sig;

/* Stan signatures, as the type checker reads them:
 *   "(ARG, ARG | ARG, ...) => RET"   ('|' only after the first argument of
 *                                     a density or a _cdf/_lcdf/_lccdf)
 *   ARG:  ["data "] TYPE
 *   TYPE: int real complex vector row_vector matrix complex_vector
 *         complex_row_vector complex_matrix, "array[] TYPE", "array[,] TYPE"...
 *         reals    real or int, vector, row_vector, 1-d array of real or int
 *         ints     int or 1-d array of int
 *         vectors  vector, row_vector, or a 1-d array of either
 *         T        any int/real/vector/row_vector/matrix value or array of
 *                  them (elementwise functions; several T arguments must have
 *                  the same shape, or be scalars)
 *         any      any value at all (size, dims, num_elements, rep_array)
 *   RET:  a TYPE, or void, or
 *         T        the shape of the T arguments with int promoted to real
 *         R        real when every argument is a scalar, else array[] real
 *         RI       int when every argument is a scalar, else array[] int
 *         I1       exactly the type of the first argument ("array[] I1":
 *                  an array of it)
 * An entry with c_value NULL type-checks but has no implementation yet: the
 * compiler reports `not supported yet: function NAME`.  Entries with c_value
 * keep the calling conventions above and use only the four arg_kinds;
 * nargs and args[] are exact for them (nargs is exact for every entry). */

/* The implemented signatures with this name (consecutive); NULL if none.
 * For densities pass the bare name ("normal").  *count gets the number. */
const fn_sig *catalog_lookup(const char *name, int *count);

/* True for FN_LPDF / FN_LPMF entries: used after `~` or with a density
 * suffix, never called by their bare name. */
int catalog_is_density(const fn_sig *s);

/* True for an FN_CDF entry whose vectorised form is a sum of logs (_lcdf,
 * _lccdf); false for _cdf (a product) and every other entry. */
int catalog_cdf_is_log(const fn_sig *s);

/* Splits "normal_lpdf" into base "normal" and suffix "_lpdf"; returns the
 * suffix (one of _lpdf _lupdf _lpmf _lupmf) or NULL when there is none. */
const char *catalog_density_suffix(const char *name, char *base, int n);

/* Iteration over the entries that have a C implementation (c_value set). */
int catalog_size(void);
const fn_sig *catalog_at(int i);

/* Iteration over every entry, implemented or type-only (docs, "did you
 * mean"); implemented entries come first. */
int catalog_all_size(void);
const fn_sig *catalog_all_at(int i);

/* Every entry named `name` (densities: the bare name), implemented ones
 * first; writes at most max pointers to out and returns how many exist. */
int catalog_find(const char *name, const fn_sig **out, int max);

/* As catalog_find, but only the math functions (math != 0) or only the
 * densities and mass functions (math == 0): `beta` is both. */
int catalog_find_kind(const char *name, int math, const fn_sig **out, int max);

/* For a type-only elementwise form of a math function ("(T) => T",
 * "(T, T) => T"), the implemented scalar function of as many real arguments
 * that the compiler applies to each element; likewise the int-valued scalar
 * function for a real array to int array form ("(data array[] real) =>
 * array[] int", to_int); NULL for anything else. */
const fn_sig *catalog_elementwise_impl(const fn_sig *s);

/* The Stan signature of s (its .stan, or one derived from its arg kinds,
 * e.g. "(reals | reals, reals) => real"); written to buf, which is returned. */
const char *catalog_signature(const fn_sig *s, char *buf, int n);

#endif
