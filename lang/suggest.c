/* lang/suggest.c — "did you mean ...?" for unknown names.
 *
 * In:  a misspelt name and what is in scope (visible variables, the
 * catalog, the user's functions).  Out: the closest known name by edit
 * distance, or NULL when nothing is close enough to be a plausible typo.
 * Never: reports anything itself; the caller words the message.
 */
#include <string.h>
#include "sema.h"

int suggest_distance(const char *a, const char *b) {
    int n = (int)strlen(a), m = (int)strlen(b);
    if (n > 40 || m > 40) return 99;
    int row[41];
    for (int j = 0; j <= m; j++) row[j] = j;
    for (int i = 1; i <= n; i++) {
        int diag = row[0];
        row[0] = i;
        for (int j = 1; j <= m; j++) {
            int up = row[j];
            int best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[m];
}

typedef struct { const char *best; int dist; } near;

/* Keeps cand when it is closer than the best so far and close enough:
 * one edit for names of up to 3 letters, two otherwise. */
static void near_try(near *nr, const char *want, const char *cand) {
    if (!cand || !strcmp(want, cand)) return;
    int d = suggest_distance(want, cand);
    int len = (int)strlen(want);
    if (d < nr->dist && d <= (len <= 3 ? 1 : 2)) {
        nr->best = cand;
        nr->dist = d;
    }
}

const char *suggest_variable(sema *s, const char *name) {
    near nr = {NULL, 99};
    for (int i = 0; i < s->stack.n; i++) near_try(&nr, name, ((decl *)s->stack.items[i])->name);
    return nr.best;
}

/* Densities are compared by their bare name ("normal", "foo" for foo_lpdf). */
const char *suggest_function(sema *s, const char *name, int densities) {
    near nr = {NULL, 99};
    for (int i = 0; i < catalog_all_size(); i++) {
        const fn_sig *f = catalog_all_at(i);
        if (catalog_is_density(f) == densities) near_try(&nr, name, f->name);
    }
    for (int i = 0; i < s->p->functions.n; i++) {
        const fundef *f = s->p->functions.items[i];
        int dens = sema_ends_with(f->name, "_lpdf") || sema_ends_with(f->name, "_lpmf");
        if (dens != densities) continue;
        if (!densities) {
            near_try(&nr, name, f->name);
            continue;
        }
        /* compare without the suffix, as for the catalog's densities */
        near_try(&nr, name, arena_strndup(s->p->arena, f->name, strlen(f->name) - 5));
    }
    return nr.best;
}
