/* tests/stdlib/gen_functions_md.c — writes docs/functions.md from the catalog.
 *
 * In:  the table of stdlib/catalog.c.  Out: Markdown on stdout: one row per
 * signature with its name, Stan signature, implementation status and doc.  Never: lists a
 * function that the catalog does not have.  Regenerate with
 *   cc -std=c11 -Istdlib tests/stdlib/gen_functions_md.c stdlib/catalog.c -o /tmp/gen \
 *     && /tmp/gen > docs/functions.md
 */
#include <stdio.h>

#include "catalog.h"
#include "lower.h"

/* Prints text for a table cell, escaping the column separator '|'. */
static void put_cell(const char *t) {
    for (; *t; t++) {
        if (*t == '|') putchar('\\');
        putchar(*t);
    }
}

/* The name as called: densities get their _lpdf / _lpmf suffix. */
static const char *call_suffix(const fn_sig *s) {
    return s->kind == FN_LPDF ? "_lpdf" : s->kind == FN_LPMF ? "_lpmf" : "";
}

static void print_section(fn_kind kind, const char *title) {
    printf("\n## %s\n\n| name | Stan signature | implemented (C value / partials) | description |\n"
           "|---|---|---|---|\n", title);
    char sig[256];
    for (int i = 0; i < catalog_all_size(); i++) {
        const fn_sig *s = catalog_all_at(i);
        if (s->kind != kind) continue;
        printf("| %s%s | `", s->name, call_suffix(s));
        put_cell(catalog_signature(s, sig, sizeof sig));
        const fn_sig *ew = catalog_elementwise_impl(s);
        if (s->c_value || ew) {
            const fn_sig *c = s->c_value ? s : ew;
            printf("` | yes: %s`%s`%s%s%s | ", ew ? "elementwise " : "", c->c_value, c->c_grad ? " / `" : "",
                   c->c_grad ? c->c_grad : "", c->c_grad ? "`" : "");
        } else if (lower_implements(s->name)) {
            printf("` | yes: lowered to IR by the compiler | ");
        } else {
            printf("` | not yet | ");
        }
        put_cell(s->doc);
        printf(" |\n");
    }
}

int main(void) {
    printf("# Built-in functions\n\n"
           "Generated from `stdlib/catalog.c` by `tests/stdlib/gen_functions_md.c`;"
           " do not edit by hand.\n\n"
           "`reals` / `ints` arguments accept a scalar or a container (vectorised:"
           " the log densities of the elements are summed).  Densities are called as"
           " `NAME_lpdf(y | ...)` (all terms), `NAME_lupdf(y | ...)` or `y ~ NAME(...)`"
           " (constant terms dropped); mass functions likewise with `_lpmf` / `_lupmf`."
           "  Invalid arguments (e.g. a non-positive scale) give NaN, which rejects the"
           " draw; values outside the support give -inf where Stan does.\n\n"
           "CDFs are called as `NAME_cdf(y | ...)`, `NAME_lcdf(y | ...)` (log) and"
           " `NAME_lccdf(y | ...)` (log complementary); with container arguments"
           " `_lcdf` / `_lccdf` are the sum over the elements and `_cdf` the product."
           "  A vectorised `_lcdf` / `_lccdf` compiles as the whole right-hand side of"
           " `target +=`; elsewhere (and a vectorised `_cdf`) the compiler reports"
           " `not supported yet`.  Random number generators `NAME_rng(...)` may be"
           " called in transformed data and generated quantities; with container"
           " arguments they draw once per element and return an array.\n\n"
           "Signatures use Stan's shorthands: `T` is any int/real/vector/row_vector/matrix"
           " value or array of them (the function applies elementwise and returns the same"
           " shape, ints promoted to real), `vectors` a vector, row_vector or an array of"
           " either, `any` any type; a result `R` (`RI`) is real (int) for scalar"
           " arguments and an array otherwise, `I1` the type of the first argument."
           "  Rows marked *not yet* type-check but the compiler reports"
           " `not supported yet` for them.  Rows *lowered to IR by the compiler* have no"
           " stdlib C function: the compiler writes them as loops and arithmetic"
           " (compiler/lower_container.c, lower_multi.c, lower_ode.c, lower_complex.c), so their gradient"
           " is generated like the model's own code; a form of such a name that it cannot"
           " lower still reports `not supported yet`.\n");
    print_section(FN_MATH, "Math functions");
    print_section(FN_LPDF, "Continuous densities");
    print_section(FN_LPMF, "Discrete mass functions");
    print_section(FN_CDF, "Cumulative distribution functions");
    print_section(FN_RNG, "Random number generators");
    return 0;
}
