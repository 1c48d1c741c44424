/* runtime/model.h — the model ABI: what every compiled model provides.
 *
 * In:  nothing (a header).  Out: the one interface between a compiled model
 * (C emitter today; LLVM JIT and CUDA builds later) and every algorithm in
 * runtime/ and gpu/.  Algorithms talk only to this; they never see the IR.
 * Keep it small and stable: it is also what a shared-library build exports.
 *
 * Conventions
 *  - theta: the unconstrained parameter vector, length num_unconstrained.
 *  - "outputs": constrained parameters, then transformed parameters, then
 *    generated quantities, each variable flattened with the FIRST index
 *    fastest (column-major, as Stan CSV names them: theta.1.1, theta.2.1 ...).
 *  - All functions are thread-safe for distinct workspaces: a model with
 *    bound data is read-only; all scratch lives in a bm_ws (one per chain).
 *  - Return value 0 = success; non-zero = rejected / failed with a message
 *    in *err (a rejection inside log_density is not fatal: the sampler
 *    treats the point as having zero density).
 */
#ifndef BM_MODEL_H
#define BM_MODEL_H

#define BM_ABI_VERSION 1
#define BM_MAX_DIMS 8

typedef struct bm_data bm_data; /* runtime/data.h: variables read from files */
typedef struct bm_rng bm_rng;   /* runtime/rng.h */
typedef struct bm_model bm_model; /* a model with its data bound (generated) */
typedef struct bm_ws bm_ws;     /* per-thread scratch (generated) */

typedef struct {
    char msg[1024];
} bm_error;

typedef enum {
    BM_VAR_PARAM,
    BM_VAR_TPARAM,
    BM_VAR_GQ,
} bm_var_block;

/* One output variable, with sizes known once data is bound. */
typedef struct {
    const char *name;
    bm_var_block block;
    int is_int;
    int ndims;
    int dims[BM_MAX_DIMS];   /* element counts, outermost first */
    int pointwise;           /* the compiler's automatic log_lik / y_rep output */
} bm_var_info;

/* log_density / write_array flags */
#define BM_JACOBIAN 1u  /* add log |J| of the unconstraining transforms */
#define BM_PROPTO 2u    /* `~` and _lupdf drop constant terms (sampling) */
#define BM_PRIOR 16u    /* leave out observed-data statements: the prior (sample --prior) */
#define BM_WRITE_TPARAMS 4u
#define BM_WRITE_GQ 8u

/* create_seeded: _rng calls in transformed data draw from stream
 * BM_STREAM_TDATA of the run's seed; create() uses BM_DEFAULT_SEED (the
 * programs' default --seed). */
#define BM_STREAM_TDATA 0x500000000ull
#define BM_DEFAULT_SEED 1ull

typedef struct bm_model_def {
    int abi_version;
    const char *name;          /* model name (file stem) */
    const char *source_file;   /* path the model was compiled from */

    /* Binds and checks data, runs transformed data.  NULL + message on
     * failure; the message names file, row/column, variable, declaration. */
    bm_model *(*create)(const bm_data *data, bm_error *err);
    /* The same, with the run's seed for transformed data's _rng calls (may
     * be NULL in hand-written models: then create is used). */
    bm_model *(*create_seeded)(const bm_data *data, unsigned long long seed, bm_error *err);
    void (*destroy)(bm_model *m);

    int (*num_unconstrained)(const bm_model *m);
    int (*num_vars)(const bm_model *m);           /* output variables */
    void (*var_info)(const bm_model *m, int i, bm_var_info *out);
    int (*num_outputs)(const bm_model *m, unsigned write_flags); /* flat count */

    bm_ws *(*ws_create)(const bm_model *m);
    void (*ws_destroy)(bm_ws *ws);

    /* lp = log density at theta (flags: BM_JACOBIAN, BM_PROPTO).  If grad is
     * not NULL it receives d lp / d theta.  After the first call on a ws it
     * allocates nothing. */
    int (*log_density)(const bm_model *m, bm_ws *ws, const double *theta,
                       unsigned flags, double *lp, double *grad, bm_error *err);

    /* Outputs at theta: params always; tparams / gq per flags (gq may use
     * rng).  `out` has num_outputs(m, flags) slots. */
    int (*write_array)(const bm_model *m, bm_ws *ws, const double *theta,
                       unsigned flags, bm_rng *rng, double *out, bm_error *err);

    /* Inverse transform: constrained parameter values (the param outputs, in
     * write_array order) to theta.  Fails if a value violates its bounds. */
    int (*unconstrain)(const bm_model *m, const double *params, double *theta,
                       bm_error *err);
} bm_model_def;

/* Every model program defines this one symbol (the generated C does). */
extern const bm_model_def bm_model_definition;

#endif
