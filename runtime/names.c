/* runtime/names.c — Stan CSV column names of a model's outputs.
 *
 * In:  a model definition and a bound model (var_info gives sizes).
 * Out: malloc'd names, first index fastest (theta.1.1, theta.2.1, ...).
 * Tuples as CmdStan names them: the compiler gives one output variable per
 * leaf component, named with ':' between component numbers ("p:1",
 * "p:2:1"; these already give "p:2:1.3" below), and with "[]" ("[,]", ...)
 * after a level that is an array of tuples: "x[]:1", "x[]:2" with dims
 * [N] and [N, K].  The consecutive leaves of one such tuple are one group
 * whose columns interleave, as write_array writes them: each array element
 * (first index fastest) whole, component by component — x.1:1, x.1:2.1, ...
 * x.1:2.K, x.2:1, ...
 * A complex container is the pair "z.real", "z.imag" of one shape (the
 * compiler's lower_complex.c); its columns interleave as CmdStan writes
 * them: z.1.real, z.1.imag, z.2.real, ... (a complex scalar's two names
 * are its columns already).
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

/* ---- tuples with arrays ---------------------------------------------------- */

#define MAX_LEVELS 16

/* A leaf name split into levels: level 0 is the variable, level l > 0 the
 * component comp[l] of level l - 1; rank[l] is the array rank of level l
 * (rank of the last level: 0, its own dims are the leaf's). */
typedef struct {
    const bm_var_info *vi;
    int nlev;
    int comp[MAX_LEVELS];
    int rank[MAX_LEVELS];
    size_t base_len;     /* length of the variable's name */
} leaf_path;

static int marked(const char *name) { return strchr(name, '[') != NULL; }

static size_t base_len(const char *name) { return strcspn(name, "[:"); }

/* Parses "x[]:2[,]:1"; 0 on a name of another form. */
static int parse_leaf(const bm_var_info *vi, leaf_path *p) {
    const char *s = vi->name;
    p->vi = vi;
    p->base_len = base_len(s);
    s += p->base_len;
    p->nlev = 0;
    for (;;) {
        if (p->nlev >= MAX_LEVELS) return 0;
        int r = 0;
        if (*s == '[') {
            r = 1;
            for (s++; *s == ','; s++) r++;
            if (*s++ != ']') return 0;
        }
        p->rank[p->nlev++] = r;
        if (!*s) return r == 0;
        if (*s != ':') return 0;
        char *end;
        long k = strtol(s + 1, &end, 10);
        if (end == s + 1 || k < 1) return 0;
        p->comp[p->nlev] = (int)k;
        s = end;
    }
}

/* Dims given by the levels before level l of p. */
static int outer_dims(const leaf_path *p, int l) {
    int n = 0;
    for (int i = 0; i < l; i++) n += p->rank[i];
    return n;
}

/* Visits every element of a group's leaves in write_array order; fn gets
 * the leaf's number in the group, the element's first-index-fastest flat
 * index within the leaf, and the element's column name. */
typedef struct {
    const leaf_path *lv0;
    void (*fn)(void *arg, int leaf, long flat, const char *name);
    void *arg;
    int idx[BM_MAX_DIMS];
} group_walk;

/* Appends ".i.j" for element e (first index fastest) of dims[n] and sets
 * the indices (0-based) into idx. */
static void append_index(char *buf, size_t size, const int *dims, int n, long e, int *idx) {
    size_t at = strlen(buf);
    for (int k = 0; k < n; k++) {
        long i = dims[k] > 0 ? e % dims[k] : 0;
        e = dims[k] > 0 ? e / dims[k] : 0;
        idx[k] = (int)i;
        if (at < size) at += (size_t)snprintf(buf + at, size - at, ".%ld", i + 1);
    }
}

static long product(const int *dims, int n) {
    long p = 1;
    for (int k = 0; k < n; k++) p *= dims[k];
    return p;
}

/* The first-index-fastest flat index of idx within dims[n]. */
static long flat_of(const int *idx, const int *dims, int n) {
    long f = 0, stride = 1;
    for (int k = 0; k < n; k++) {
        f += idx[k] * stride;
        stride *= dims[k];
    }
    return f;
}

/* Leaves lv[0..n) (sharing levels 0..l-1) at level l, under prefix. */
static void walk_level(group_walk *w, const leaf_path *lv, int n, int l, const char *prefix) {
    int r = lv[0].rank[l], at = outer_dims(&lv[0], l);
    if (at + r > BM_MAX_DIMS) return;
    const int *dims = lv[0].vi->dims + at;
    long elems = product(dims, r);
    for (long e = 0; e < elems; e++) {
        char here[512];
        snprintf(here, sizeof here, "%s", prefix);
        append_index(here, sizeof here, dims, r, e, w->idx + at);
        for (int i = 0; i < n;) {
            int j = i + 1, c = lv[i].comp[l + 1];
            while (j < n && lv[j].comp[l + 1] == c && lv[j].nlev > l + 2 && lv[i].nlev > l + 2) j++;
            char next[530];
            snprintf(next, sizeof next, "%s:%d", here, c);
            if (lv[i].nlev == l + 2) { /* a leaf: its own elements */
                const bm_var_info *vi = lv[i].vi;
                int own = vi->ndims - (at + r);
                const int *od = vi->dims + at + r;
                for (long k = 0; own >= 0 && k < product(od, own); k++) {
                    char full[530];
                    snprintf(full, sizeof full, "%s", next);
                    append_index(full, sizeof full, od, own, k, w->idx + at + r);
                    w->fn(w->arg, (int)(lv + i - w->lv0), flat_of(w->idx, vi->dims, vi->ndims), full);
                }
            } else {
                walk_level(w, lv + i, j - i, l + 1, next);
            }
            i = j;
        }
    }
}

/* Walks the group vis[0..n); 1 (and no calls) on a name that does not
 * parse. */
static int group_walk_all(const bm_var_info *vis, int n,
                          void (*fn)(void *, int, long, const char *), void *arg) {
    leaf_path *lv = calloc((size_t)n, sizeof *lv);
    if (!lv) return 1;
    int ok = 1;
    for (int i = 0; i < n && ok; i++) ok = parse_leaf(&vis[i], &lv[i]) && lv[i].nlev >= 2;
    if (ok && fn) {
        group_walk w = {.lv0 = lv, .fn = fn, .arg = arg};
        char prefix[512];
        snprintf(prefix, sizeof prefix, "%.*s", (int)lv[0].base_len, vis[0].name);
        walk_level(&w, lv, n, 0, prefix);
    }
    free(lv);
    return !ok;
}

/* The group of consecutive variables from i that form one tuple with
 * arrays; returns its length (0: vars[i] is not such a tuple, or a name
 * does not parse and each variable is taken on its own). */
static int group_len(const bm_var_info *vis, int i, int nv) {
    if (!marked(vis[i].name)) return 0;
    size_t b = base_len(vis[i].name);
    int j = i + 1;
    while (j < nv && base_len(vis[j].name) == b && !strncmp(vis[j].name, vis[i].name, b) &&
           vis[j].block == vis[i].block)
        j++;
    return group_walk_all(vis + i, j - i, NULL, NULL) ? 0 : j - i;
}

/* ---- complex containers ----------------------------------------------------- */

/* vis[i], vis[i + 1] are the parts "z.real", "z.imag" of one complex
 * container (not a scalar). */
static int complex_pair(const bm_var_info *vis, int i, int nv) {
    if (i + 1 >= nv) return 0;
    const bm_var_info *a = &vis[i], *b = &vis[i + 1];
    size_t n = strlen(a->name);
    if (!a->ndims || n < 5 || strcmp(a->name + n - 5, ".real")) return 0;
    if (strlen(b->name) != n || strncmp(b->name, a->name, n - 5) || strcmp(b->name + n - 5, ".imag"))
        return 0;
    if (b->ndims != a->ndims || b->block != a->block) return 0;
    for (int k = 0; k < a->ndims; k++)
        if (a->dims[k] != b->dims[k]) return 0;
    return 1;
}

static int add_complex_names(const bm_var_info *vi, char **names, int *count) {
    char base[512], buf[512];
    snprintf(base, sizeof base, "%.*s", (int)(strlen(vi->name) - 5), vi->name);
    for (long e = 0; e < var_size(vi); e++)
        for (int part = 0; part < 2; part++) {
            bm_output_name_of(base, vi->dims, vi->ndims, e, buf, sizeof buf);
            size_t at = strlen(buf);
            snprintf(buf + at, sizeof buf - at, part ? ".imag" : ".real");
            if (!(names[(*count)++] = strdup(buf))) return 1;
        }
    return 0;
}

typedef struct {
    char **names;
    int *count;
    int bad;
} name_sink;

static void add_name(void *arg, int leaf, long flat, const char *s) {
    name_sink *o = arg;
    (void)leaf;
    (void)flat;
    if (o->bad) return;
    if (!(o->names[(*o->count)++] = strdup(s))) o->bad = 1;
}

/* ---- every output --------------------------------------------------------- */

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
    bm_var_info *vis = calloc((size_t)nv + 1, sizeof *vis);
    for (int i = 0; vis && i < nv; i++) {
        def->var_info(m, i, &vis[i]);
        if (wanted(&vis[i], flags)) total += var_size(&vis[i]);
    }
    char **names = vis ? calloc((size_t)total + 1, sizeof *names) : NULL;
    int count = 0;
    name_sink o = {names, &count, !names};
    for (int i = 0; i < nv && !o.bad;) {
        if (wanted(&vis[i], flags) && complex_pair(vis, i, nv)) {
            o.bad = add_complex_names(&vis[i], names, &count);
            i += 2;
            continue;
        }
        int g = wanted(&vis[i], flags) ? group_len(vis, i, nv) : 0;
        if (g) {
            group_walk_all(vis + i, g, add_name, &o);
            i += g;
            continue;
        }
        if (wanted(&vis[i], flags)) o.bad = add_var_names(&vis[i], names, &count);
        i++;
    }
    free(vis);
    if (o.bad) {
        bm_output_names_free(names, count);
        *names_out = NULL;
        return -1;
    }
    *names_out = names;
    return count;
}

void bm_output_data_name(const char *name, char *buf, size_t size) {
    size_t w = 0;
    for (const char *p = name; *p && w + 1 < size; p++) {
        if (*p == '[') {
            p += strcspn(p, "]");
            if (!*p) break;
            continue;
        }
        buf[w++] = *p;
    }
    if (size) buf[w] = 0;
}

typedef struct {
    int leaf;
    long base, col;
    long *cols;
} col_sink;

static void add_col(void *arg, int leaf, long flat, const char *name) {
    col_sink *s = arg;
    (void)name;
    if (leaf == s->leaf) s->cols[flat] = s->base + s->col;
    s->col++;
}

long bm_output_columns(const bm_model_def *def, const bm_model *m, unsigned flags, int var,
                       long *cols) {
    int nv = def->num_vars(m);
    bm_var_info *vis = calloc((size_t)nv + 1, sizeof *vis);
    if (!vis || var < 0 || var >= nv) {
        free(vis);
        return -1;
    }
    for (int i = 0; i < nv; i++) def->var_info(m, i, &vis[i]);
    long col = 0, n = -1;
    for (int i = 0; i < nv && n < 0;) {
        if (!wanted(&vis[i], flags)) {
            i++;
            continue;
        }
        if (complex_pair(vis, i, nv)) { /* interleaved: real, imaginary */
            if (var == i || var == i + 1) {
                n = var_size(&vis[var]);
                for (long e = 0; e < n; e++) cols[e] = col + 2 * e + (var - i);
            }
            col += 2 * var_size(&vis[i]);
            i += 2;
            continue;
        }
        int g = group_len(vis, i, nv);
        if (g && var >= i && var < i + g) {
            col_sink s = {var - i, col, 0, cols};
            group_walk_all(vis + i, g, add_col, &s);
            n = var_size(&vis[var]);
        } else if (!g && i == var) {
            n = var_size(&vis[i]);
            for (long e = 0; e < n; e++) cols[e] = col + e;
        }
        for (int k = 0; k < (g ? g : 1); k++) col += var_size(&vis[i + k]);
        i += g ? g : 1;
    }
    free(vis);
    return n;
}

/* Marks (1) each output column, in bm_output_names order with every block
 * selected, that belongs to an automatic pointwise output; returns how many. */
int bm_pointwise_columns(const bm_model_def *def, const bm_model *m, unsigned char *mark) {
    int nv = def->num_vars(m), marked_n = 0;
    long col = 0;
    bm_var_info vi;
    for (int i = 0; i < nv; i++) {
        def->var_info(m, i, &vi);
        for (long e = 0; e < var_size(&vi); e++, col++) {
            mark[col] = (unsigned char)(vi.pointwise != 0);
            marked_n += vi.pointwise != 0;
        }
    }
    return marked_n;
}

void bm_output_names_free(char **names, int n) {
    if (!names) return;
    for (int i = 0; i < n; i++) free(names[i]);
    free(names);
}
