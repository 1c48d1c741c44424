/* runtime/names.c — Stan CSV column names of a model's outputs.
 *
 * In:  a model definition and a bound model (var_info gives sizes).
 * Out: malloc'd names, first index fastest (theta.1.1, theta.2.1, ...).
 * Never: prints or aborts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "names.h"

/* name + ".i.j..." for flat column-major element `flat` of dims[ndims]. */
void bm_output_name_of(const char *name, const int *dims, int ndims, long flat,
                       char *buf, size_t size) {
    size_t at = (size_t)snprintf(buf, size, "%s", name);
    for (int k = 0; k < ndims && at < size; k++) {
        long idx = dims[k] > 0 ? flat % dims[k] : 0;
        flat = dims[k] > 0 ? flat / dims[k] : 0;
        at += (size_t)snprintf(buf + at, size - at, ".%ld", idx + 1);
    }
}

static int wanted(const bm_var_info *vi, unsigned flags) {
    if (vi->block == BM_VAR_PARAM) return 1;
    if (vi->block == BM_VAR_TPARAM) return (flags & BM_WRITE_TPARAMS) != 0;
    return (flags & BM_WRITE_GQ) != 0;
}

static long var_size(const bm_var_info *vi) {
    long n = 1;
    for (int k = 0; k < vi->ndims; k++) n *= vi->dims[k];
    return n;
}

/* Appends the names of one variable to names[*count]. */
static int add_var_names(const bm_var_info *vi, char **names, int *count) {
    long size = var_size(vi);
    for (long e = 0; e < size; e++) {
        char buf[512];
        bm_output_name_of(vi->name, vi->dims, vi->ndims, e, buf, sizeof buf);
        if (!(names[(*count)++] = strdup(buf))) return 1;
    }
    return 0;
}

/* Names of the outputs selected by flags (see names.h). */
int bm_output_names(const bm_model_def *def, const bm_model *m, unsigned flags,
                    char ***names_out) {
    int nv = def->num_vars(m);
    long total = 0;
    bm_var_info vi;
    for (int i = 0; i < nv; i++) {
        def->var_info(m, i, &vi);
        if (wanted(&vi, flags)) total += var_size(&vi);
    }
    char **names = calloc((size_t)total + 1, sizeof *names);
    int count = 0, bad = !names;
    for (int i = 0; i < nv && !bad; i++) {
        def->var_info(m, i, &vi);
        if (wanted(&vi, flags)) bad = add_var_names(&vi, names, &count);
    }
    if (bad) {
        bm_output_names_free(names, count);
        *names_out = NULL;
        return -1;
    }
    *names_out = names;
    return count;
}

/* Marks (1) each output column, in bm_output_names order with every block
 * selected, that belongs to an automatic pointwise output; returns how many. */
int bm_pointwise_columns(const bm_model_def *def, const bm_model *m, unsigned char *mark) {
    int nv = def->num_vars(m), marked = 0;
    long col = 0;
    bm_var_info vi;
    for (int i = 0; i < nv; i++) {
        def->var_info(m, i, &vi);
        for (long e = 0; e < var_size(&vi); e++, col++) {
            mark[col] = (unsigned char)(vi.pointwise != 0);
            marked += vi.pointwise != 0;
        }
    }
    return marked;
}

void bm_output_names_free(char **names, int n) {
    if (!names) return;
    for (int i = 0; i < n; i++) free(names[i]);
    free(names);
}
