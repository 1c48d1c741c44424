/* stdlib/catalog.c — the signature table of stdlib/catalog.h.
 *
 * In:  a function name as written in a model.  Out: its catalog entries
 * (argument kinds, result, C names of value and partials, one line of doc).
 * Never: holds mutable state or code beyond lookups; the C functions named
 * here live in bm_math.h / bm_dist.h and must keep the calling conventions
 * documented in catalog.h.
 */
#include "catalog.h"

#include <stddef.h>
#include <string.h>

#define R ARG_REAL
#define RS ARG_REALS
#define IS ARG_INTS

/* real -> real math function NAME with c names bm_NAME / bm_NAME_d. */
#define MATH1(n, doc) { #n, FN_MATH, 1, { R }, 0, "bm_" #n, "bm_" #n "_d", doc }
#define MATH2(n, doc) { #n, FN_MATH, 2, { R, R }, 0, "bm_" #n, "bm_" #n "_d", doc }
/* density NAME with c name bm_NAME_lpdf / bm_NAME_lpmf. */
#define LPDF(n, k, doc, ...) { #n, FN_LPDF, k, { __VA_ARGS__ }, 0, "bm_" #n "_lpdf", NULL, doc }
#define LPMF(n, k, doc, ...) { #n, FN_LPMF, k, { __VA_ARGS__ }, 0, "bm_" #n "_lpmf", NULL, doc }

static const fn_sig catalog_table[] = {
    MATH1(exp, "e to the power x"),
    MATH1(log, "natural logarithm; NaN for x < 0"),
    MATH1(sqrt, "square root; NaN for x < 0"),
    MATH1(square, "x squared"),
    MATH1(inv_logit, "logistic sigmoid 1 / (1 + exp(-x))"),
    MATH1(log1p, "log(1 + x), accurate near 0"),
    MATH1(lgamma, "log of the absolute value of the gamma function"),
    MATH1(log_inv_logit, "log(inv_logit(x)), stable for large abs(x)"),
    MATH1(log1m_inv_logit, "log(1 - inv_logit(x)), stable for large abs(x)"),
    MATH1(log1m, "log(1 - x), accurate near 0; NaN for x > 1"),
    MATH1(fabs, "absolute value"),
    MATH1(expm1, "exp(x) - 1, accurate near 0"),
    MATH2(log_sum_exp, "log(exp(x) + exp(y)) without overflow"),
    MATH2(pow, "x to the power y"),
    MATH1(digamma, "digamma function, the derivative of lgamma"),
    MATH1(logit, "log(x / (1 - x)); NaN outside [0, 1]"),
    MATH1(inv, "1 / x"),
    MATH1(inv_sqrt, "1 / sqrt(x)"),
    MATH1(inv_square, "1 / x^2"),
    LPDF(normal, 3, "normal(y | mu, sigma): location mu, scale sigma > 0", RS, RS, RS),
    LPDF(cauchy, 3, "cauchy(y | mu, sigma): location mu, scale sigma > 0", RS, RS, RS),
    LPDF(student_t, 4, "student_t(y | nu, mu, sigma): degrees of freedom nu > 0, location mu, scale sigma > 0",
         RS, RS, RS, RS),
    LPDF(exponential, 2, "exponential(y | beta): rate beta > 0, y >= 0", RS, RS),
    LPDF(gamma, 3, "gamma(y | alpha, beta): shape alpha > 0, rate beta > 0, y >= 0", RS, RS, RS),
    LPDF(beta, 3, "beta(y | a, b): shapes a, b > 0, 0 <= y <= 1", RS, RS, RS),
    LPDF(lognormal, 3, "lognormal(y | mu, sigma): log y ~ normal(mu, sigma), y >= 0", RS, RS, RS),
    LPMF(bernoulli_logit, 2, "bernoulli_logit(n | alpha): n in {0, 1}, P(n = 1) = inv_logit(alpha)", IS, RS),
    LPMF(binomial, 3, "binomial(n | N, theta): n successes in N trials, 0 <= theta <= 1", IS, IS, RS),
    LPMF(poisson_log, 2, "poisson_log(n | alpha): Poisson with rate exp(alpha), n >= 0", IS, RS),
};

#define CATALOG_N ((int)(sizeof catalog_table / sizeof catalog_table[0]))

/* See catalog.h.  Overloads are consecutive, so the first match starts the
 * run and the run's length is the count. */
const fn_sig *catalog_lookup(const char *name, int *count) {
    int i = 0, n = 0;
    if (count) *count = 0;
    if (!name) return NULL;
    while (i < CATALOG_N && strcmp(catalog_table[i].name, name) != 0) i++;
    while (i + n < CATALOG_N && strcmp(catalog_table[i + n].name, name) == 0) n++;
    if (count) *count = n;
    return n ? &catalog_table[i] : NULL;
}

/* True when `name` ends in `suffix`. */
static int catalog_ends_with(const char *name, size_t len, const char *suffix) {
    size_t k = strlen(suffix);
    return len > k && strcmp(name + len - k, suffix) == 0;
}

/* See catalog.h.  base gets at most n-1 characters plus the terminator; when
 * the base does not fit, returns NULL (and base is left empty). */
const char *catalog_density_suffix(const char *name, char *base, int n) {
    static const char *const suffixes[] = { "_lpdf", "_lupdf", "_lpmf", "_lupmf" };
    size_t len = name ? strlen(name) : 0;
    if (base && n > 0) base[0] = '\0';
    for (int i = 0; i < 4; i++) {
        if (!catalog_ends_with(name, len, suffixes[i])) continue;
        size_t blen = len - strlen(suffixes[i]);
        if (!base || n <= 0 || blen >= (size_t)n) return NULL;
        memcpy(base, name, blen);
        base[blen] = '\0';
        return suffixes[i];
    }
    return NULL;
}

/* See catalog.h. */
int catalog_size(void) { return CATALOG_N; }

/* See catalog.h; NULL when i is out of range. */
const fn_sig *catalog_at(int i) {
    return i >= 0 && i < CATALOG_N ? &catalog_table[i] : NULL;
}
