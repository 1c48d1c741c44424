/* tests/stdlib/gen_functions_md.c — writes docs/functions.md from the catalog.
 *
 * In:  the table of stdlib/catalog.c.  Out: Markdown on stdout: one row per
 * function with its name, signature and one-line doc.  Never: lists a
 * function that the catalog does not have.  Regenerate with
 *   cc -std=c11 -Istdlib tests/stdlib/gen_functions_md.c stdlib/catalog.c -o /tmp/gen \
 *     && /tmp/gen > docs/functions.md
 */
#include <stdio.h>

#include "catalog.h"

static const char *arg_name(arg_kind k) {
    switch (k) {
    case ARG_INT: return "int";
    case ARG_REAL: return "real";
    case ARG_INTS: return "ints";
    case ARG_REALS: return "reals";
    }
    return "?";
}

/* Prints text for a table cell, escaping the column separator '|'. */
static void put_cell(const char *t) {
    for (; *t; t++) {
        if (*t == '|') putchar('\\');
        putchar(*t);
    }
}

/* "real exp(real)" or "real normal_lpdf(reals | reals, reals)". */
static void print_signature(const fn_sig *s) {
    const char *suffix = s->kind == FN_LPDF ? "_lpdf" : s->kind == FN_LPMF ? "_lpmf" : "";
    printf("`%s %s%s(", s->returns_int ? "int" : "real", s->name, suffix);
    for (int i = 0; i < s->nargs; i++)
        printf("%s%s", i == 0 ? "" : (i == 1 && s->kind != FN_MATH) ? " \\| " : ", ",
               arg_name(s->args[i]));
    printf(")`");
}

static void print_section(fn_kind kind, const char *title) {
    printf("\n## %s\n\n| name | signature | C value / partials | description |\n|---|---|---|---|\n", title);
    for (int i = 0; i < catalog_size(); i++) {
        const fn_sig *s = catalog_at(i);
        if (s->kind != kind) continue;
        printf("| %s | ", s->name);
        print_signature(s);
        printf(" | `%s`%s%s%s | ", s->c_value, s->c_grad ? " / `" : "",
               s->c_grad ? s->c_grad : "", s->c_grad ? "`" : "");
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
           " draw; values outside the support give -inf where Stan does.\n");
    print_section(FN_MATH, "Math functions");
    print_section(FN_LPDF, "Continuous densities");
    print_section(FN_LPMF, "Discrete mass functions");
    return 0;
}
