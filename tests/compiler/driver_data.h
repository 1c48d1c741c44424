/* tests/compiler/driver_data.h — bm_data stand-ins for the test drivers.
 *
 * In:  #included by a driver after the generated model (which includes
 * data.h).  Out: bm_data_find, bm_data_infer_size, bm_data_expect,
 * bm_data_fail_elem with the documented contract of runtime/data.h, and
 * add_var, which parses a command-line argument name=v1,v2,... (1-d) or
 * name=v (scalar) into a bag.
 * Never: used outside the tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const bm_data_var *bm_data_find(const bm_data *d, const char *name) {
    for (int i = 0; i < d->n; i++)
        if (!strcmp(d->vars[i].name, name)) return &d->vars[i];
    return NULL;
}

int bm_data_infer_size(const bm_data *d, const char *name, const char *decl_text,
                       const bm_size_source *c, int n, long *out, bm_error *err) {
    for (int i = 0; i < n; i++) {
        const bm_data_var *v = bm_data_find(d, c[i].var);
        if (v && c[i].dim < v->ndims) {
            *out = v->dims[c[i].dim];
            return 0;
        }
    }
    snprintf(err->msg, sizeof err->msg, "variable %s (%s) not given and cannot be inferred", name,
             decl_text);
    return 1;
}

int bm_data_expect(const bm_data *d, const char *name, const char *decl_text, int want_int,
                   int ndims, const long *dims, const bm_data_var **out, bm_error *err) {
    const bm_data_var *v = bm_data_find(d, name);
    if (!v) {
        snprintf(err->msg, sizeof err->msg, "variable %s (%s) not found", name, decl_text);
        return 1;
    }
    int ok = ndims == v->ndims || (ndims == 0 && v->n == 1);
    for (int k = 0; ok && k < ndims; k++) ok = dims[k] == v->dims[k];
    if (!ok) {
        snprintf(err->msg, sizeof err->msg, "variable %s (%s): wrong size", name, decl_text);
        return 1;
    }
    if (want_int && !v->all_int) {
        snprintf(err->msg, sizeof err->msg, "variable %s (%s): not an integer", name, decl_text);
        return 1;
    }
    *out = v;
    return 0;
}

int bm_data_fail_elem(const bm_data_var *v, long elem, const char *decl_text, const char *what,
                      bm_error *err) {
    snprintf(err->msg, sizeof err->msg, "variable %s element %ld (%s) violates %s", v->name,
             elem + 1, decl_text, what);
    return 1;
}

static void add_var(bm_data *d, const char *arg) {
    bm_data_var *v = &d->vars[d->n++];
    const char *eq = strchr(arg, '=');
    v->name = strndup(arg, (size_t)(eq - arg));
    v->values = malloc(sizeof(double) * 4096);
    v->all_int = 1;
    const char *p = eq + 1;
    int vec = 0;
    if (*p == '[') { vec = 1; p++; }
    while (*p && *p != ']') {
        char *end;
        double x = strtod(p, &end);
        if (end == p) break;
        for (const char *q = p; q < end; q++) v->all_int &= *q != '.' && *q != 'e' && *q != 'E';
        v->values[v->n++] = x;
        p = end;
        if (*p == ',') { vec = 1; p++; }
    }
    v->ndims = vec;
    v->dims[0] = (int)v->n;
}
