/* runtime/names.h — Stan CSV column names of a model's outputs.
 *
 * In:  a model definition and a model with its data bound (for sizes).
 * Out: "mu", "theta.1", "theta.2", ..., "x.1.1", "x.2.1", "x.1.2", ... —
 * each variable flattened with the FIRST index fastest (column-major, as
 * CmdStan names them), params, then tparams / gq per flags, the same
 * order as write_array's output.  Tuples: "p:1", "p:2.3", and for arrays
 * of tuples "x.1:1", "x.1:2", "x.2:1", ... (see names.c).
 * Never: prints; the sampler columns (lp__ ...) are not included.
 */
#ifndef BM_NAMES_H
#define BM_NAMES_H
#include "model.h"

/* Sets *names_out to a malloc'd array of malloc'd names and returns the
 * count (= def->num_outputs(m, flags)); -1 (and *names_out = NULL) when out
 * of memory.  flags: BM_WRITE_TPARAMS, BM_WRITE_GQ. */
int bm_output_names(const bm_model_def *def, const bm_model *m, unsigned flags,
                    char ***names_out);
/* Frees the array and its n names. */
void bm_output_names_free(char **names, int n);

/* Sets mark[c] = 1 for each output column c (bm_output_names order, every
 * block selected) of the compiler's automatic log_lik / y_rep outputs, 0
 * for the others; returns the number marked. */
int bm_pointwise_columns(const bm_model_def *def, const bm_model *m, unsigned char *mark);

/* The name under which the data readers file the values of output
 * variable `name` (a tuple component with arrays of tuples: "q[]:1" ->
 * "q:1"; any other name unchanged), for init and point files. */
void bm_output_data_name(const char *name, char *buf, size_t size);

/* The output column (bm_output_names order for flags) of each element of
 * output variable `var` (var_info order), the elements first index
 * fastest, into cols (one per element); returns their number, or -1 when
 * var is not selected by flags or out of memory.  Columns of one variable
 * are consecutive except for the components of arrays of tuples, whose
 * columns interleave (x.1:1, x.1:2, x.2:1, ...). */
long bm_output_columns(const bm_model_def *def, const bm_model *m, unsigned flags, int var,
                       long *cols);

/* Writes name + ".i.j..." for the flat column-major element `flat` of a
 * variable with dims[ndims] into buf (exposed for the summary's name
 * mapping and tests). */
void bm_output_name_of(const char *name, const int *dims, int ndims, long flat,
                       char *buf, size_t size);

#endif
