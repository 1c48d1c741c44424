/* compiler/lower.h — the passes between the typed AST and the C emitter.
 *
 * In:  a typed program (lang/ast.h).  Out: an ir_module (ir.h) with active
 * flags, and C source for the model (emit_c.c, with ad.c writing the
 * gradient sweeps).  Never: reads source text except through decl spans.
 */
#ifndef BM_LOWER_H
#define BM_LOWER_H
#include <stdio.h>
#include "frontend.h"
#include "ir.h"

/* Lowers a type-checked program to IR.  Constructs the front end accepts
 * but the compiler cannot handle yet are reported through `d` as
 * "not supported yet: ..." and NULL is returned (also on any other user
 * error).  `name` is the model name (file stem). */
ir_module *lower_program(const program *p, const char *name, arena *a, diag *d);
/* The same; no_pointwise leaves out the automatic log_lik / Y_rep outputs
 * of plates (bmc --no-pointwise). */
ir_module *lower_program_opts(const program *p, const char *name, arena *a, diag *d,
                              int no_pointwise);

/* Whether the compiler lowers calls of this catalog name itself (container
 * and linear-algebra functions, multivariate densities and GLMs by base
 * name, ODE solvers, reduce_sum) although the catalog has no C function
 * for it: read by the generator of docs/functions.md. */
int lower_implements(const char *name);

/* Activity analysis: marks every variable and expression that depends on
 * theta as active (fixpoint over the density function). */
void ir_activity(ir_module *m);

/* Emitter options (NULL: defaults).  no_fast_loops: check every index and
 * density in place, without the exit-free first run of compiler/
 * emit_fast.c (`bmc compile --no-fast-loops`, for comparison). */
typedef struct {
    int no_fast_loops;
} emit_opts;

/* Writes the whole model as one C translation unit (model ABI of
 * runtime/model.h).  Returns 0, or non-zero on an I/O error. */
int emit_c_module(const ir_module *m, FILE *out, const emit_opts *o);

/* Writes only the gradient function (forward + reverse sweeps) — the
 * `--dump=adj` view.  Returns 0 or non-zero on an I/O error. */
int emit_c_gradient_only(const ir_module *m, FILE *out, const emit_opts *o);

#endif
