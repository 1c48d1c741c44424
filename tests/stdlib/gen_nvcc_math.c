/* tests/stdlib/gen_nvcc_math.c — writes CUDA kernels that call every math
 * function of the catalog, for tests/stdlib/nvcc_check.sh.
 *
 * In:  the implemented FN_MATH entries of stdlib/catalog.c.  Out: on stdout,
 * CUDA source (to follow `#include "bm_math.h"`) with kernels k_cat0,
 * k_cat1, ... that each call the value and partials functions of up to 12
 * entries with the argument types of the calling convention in catalog.h
 * (reals from o[], ints from n[], one partial pointer per real argument).
 * Never: lists a function the catalog does not name, or needs a GPU.
 */
#include <stdio.h>

#include "catalog.h"

#define PER_KERNEL 12

/* Prints the arguments of s: reals x0 x1 x2 from o[], ints from n[]. */
static void print_args(const fn_sig *s) {
    for (int i = 0; i < s->nargs; i++)
        printf("%s%s%d%s", i ? ", " : "", s->args[i] == ARG_INT ? "n[" : "o[", i, "]");
}

/* One statement per C function of s. */
static void print_calls(const fn_sig *s) {
    printf("    s += %s(", s->c_value);
    print_args(s);
    printf(");\n");
    if (!s->c_grad) return;
    printf("    s += %s(", s->c_grad);
    print_args(s);
    for (int i = 0; i < s->nargs; i++)
        if (s->args[i] != ARG_INT) printf(", &d[%d]", i);
    printf(");\n");
}

int main(void) {
    int k = 0, in_kernel = 0;
    for (int i = 0; i < catalog_size(); i++) {
        const fn_sig *s = catalog_at(i);
        if (s->kind != FN_MATH) continue;
        if (in_kernel == 0)
            printf("__global__ void k_cat%d(double *o, int *n) {\n    double d[4] = {0, 0, 0, 0}, s = 0;\n", k++);
        print_calls(s);
        if (++in_kernel == PER_KERNEL) {
            printf("    o[3] = s + d[0] + d[1] + d[2] + d[3];\n}\n");
            in_kernel = 0;
        }
    }
    if (in_kernel) printf("    o[3] = s + d[0] + d[1] + d[2] + d[3];\n}\n");
    return 0;
}
