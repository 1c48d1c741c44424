# tests/stdlib/reference/make_values.R — reference values for the stdlib tests.
#
# In:  nothing (the points are listed below).  Out: values.h, a C table of
# { function, arguments, expected value } computed with R's own special
# functions and densities (an implementation independent of stdlib/).
# Regenerate from the repository root with
#     Rscript tests/stdlib/reference/make_values.R > tests/stdlib/reference/values.h
# R is not needed to build or run the tests.
# Never: computes a value with the formula stdlib uses when R has its own
# function for it (log_sum_exp is the one exception, see below).

rows <- character(0)
add <- function(fn, args, value, expr) {
  args <- c(args, rep(0, 4 - length(args)))
  fmt <- function(v) {
    if (is.nan(v)) "NAN" else if (is.infinite(v)) (if (v > 0) "INFINITY" else "-INFINITY")
    else sprintf("%.17g", v)
  }
  rows <<- c(rows, sprintf("    { \"%s\", { %s }, %s }, /* %s */", fn,
                           paste(sapply(args, fmt), collapse = ", "), fmt(value), expr))
}
math1 <- function(fn, xs, f, expr) for (x in xs) add(fn, x, f(x), expr)
math2 <- function(fn, ps, f, expr) for (p in ps) add(fn, p, f(p[1], p[2]), expr)
dens <- function(fn, ps, f, expr) for (p in ps) add(fn, p, do.call(f, as.list(p)), expr)

# ---- math functions (real -> real) ----
math1("exp", c(-700, -1, 0, 1e-10, 1, 10, 700), exp, "exp(x)")
math1("log", c(0, 1e-300, 0.5, 1, 2, 1e300), log, "log(x)")
math1("sqrt", c(0, 1e-300, 0.25, 2, 1e300), sqrt, "sqrt(x)")
math1("square", c(-3, 0, 1e-150, 1.5, 1e150), function(x) x^2, "x^2")
math1("inv_logit", c(-800, -40, -1, 0, 1, 40, 800), plogis, "plogis(x)")
math1("log1p", c(-1, -0.5, 0, 1e-12, 1, 1e10), log1p, "log1p(x)")
math1("lgamma", c(1e-8, 0.5, 3.5, 7.25, 100, 1e6, -0.5, -2.5), lgamma, "lgamma(x)")
math1("log_inv_logit", c(-800, -40, -1, 0, 1, 40, 800),
      function(x) plogis(x, log.p = TRUE), "plogis(x, log.p=TRUE)")
math1("log1m_inv_logit", c(-800, -40, -1, 0, 1, 40, 800),
      function(x) plogis(x, lower.tail = FALSE, log.p = TRUE),
      "plogis(x, lower.tail=FALSE, log.p=TRUE)")
math1("log1m", c(-1, 0, 1e-12, 0.5, 0.999999, 1), function(x) log1p(-x), "log1p(-x)")
math1("fabs", c(-2, 0, 3.5, -1e300, 1e-300), abs, "abs(x)")
math1("expm1", c(-50, -1, 0, 1e-12, 1, 10), expm1, "expm1(x)")
# log_sum_exp: R has no builtin; exact shift by the max m, then log (not log1p)
lse <- function(a, b) { m <- max(a, b); if (m == -Inf) -Inf else m + log(exp(a - m) + exp(b - m)) }
math2("log_sum_exp", list(c(1, 2), c(-3, -3), c(0.5, -20), c(1000, 999), c(-1000, -1001),
                          c(-Inf, 3), c(5, -Inf), c(-Inf, -Inf)), lse,
      "m + log(exp(a-m) + exp(b-m)), m = max(a,b)")
math2("pow", list(c(2, 10), c(0.5, -2), c(10, 0.5), c(0, 3), c(3, 0), c(1.5, 2.5), c(0, 0)),
      function(x, y) x^y, "x^y")
math1("digamma", c(1e-8, 0.5, 1, 1.4616321449683622, 2.5, 10, 100, 1e6, -0.5, -2.7),
      digamma, "digamma(x)")
math1("trigamma", c(1e-4, 0.5, 1, 3.3, 15, 1e5, -0.5, -3.3), trigamma, "trigamma(x)")
math1("logit", c(0, 1e-10, 0.25, 0.5, 0.999, 1), qlogis, "qlogis(x)")
math1("inv", c(-4, 0.1, 3, 1e300, -1e-300), function(x) 1 / x, "1/x")
math1("inv_sqrt", c(1e-300, 0.25, 2, 7, 1e300), function(x) 1 / sqrt(x), "1/sqrt(x)")
math1("inv_square", c(-3, 0.1, 2, 1e-100, 1e150), function(x) 1 / x^2, "1/x^2")

# ---- densities (log scale, all constants kept) ----
dens("normal", list(c(0, 0, 1), c(1.5, -0.3, 2), c(-100, 3, 0.5), c(1e10, 0, 1),
                    c(0.1, 0.1, 1e-10), c(3, 1, 1e5)),
     function(y, mu, s) dnorm(y, mu, s, log = TRUE), "dnorm(y, mu, sigma, log=TRUE)")
dens("cauchy", list(c(0, 0, 1), c(1.5, -0.3, 2), c(-100, 3, 0.5), c(1e10, 0, 1), c(2, 2, 1e-8)),
     function(y, mu, s) dcauchy(y, mu, s, log = TRUE), "dcauchy(y, mu, sigma, log=TRUE)")
dens("student_t", list(c(0, 1, 0, 1), c(1.5, 3, -0.3, 2), c(-10, 0.5, 3, 0.5), c(2, 30, 1, 1.5),
                       c(1, 1e8, 0, 1), c(0.3, 2.5, 0.3, 1e-3), c(50, 4, 0, 1), c(-2, 1e5, 0.5, 3)),
     function(y, nu, mu, s) dt((y - mu) / s, nu, log = TRUE) - log(s),
     "dt((y-mu)/sigma, nu, log=TRUE) - log(sigma)")
dens("exponential", list(c(0, 1), c(2, 0.5), c(1e-10, 3), c(100, 2), c(1e5, 1e-3), c(0.5, 1e6)),
     function(y, b) dexp(y, b, log = TRUE), "dexp(y, rate=beta, log=TRUE)")
dens("gamma", list(c(1, 2, 2), c(0.5, 0.5, 1), c(1e-5, 0.1, 3), c(10, 100, 10), c(0, 1, 2),
                   c(0, 2, 1), c(3, 1e4, 1e4 / 3), c(-1, 2, 2)),
     function(y, a, b) dgamma(y, shape = a, rate = b, log = TRUE),
     "dgamma(y, shape=alpha, rate=beta, log=TRUE)")
dens("beta", list(c(0.5, 1, 1), c(0.3, 2, 5), c(1e-8, 0.5, 0.5), c(0.999, 3, 0.2), c(0, 1, 3),
                  c(1, 2, 1), c(0, 2, 3), c(0.5, 1e4, 1e4), c(0.2, 0.5, 2e6)),
     function(y, a, b) dbeta(y, a, b, log = TRUE), "dbeta(y, a, b, log=TRUE)")
dens("lognormal", list(c(1, 0, 1), c(2.5, 0.3, 0.8), c(1e-10, 0, 2), c(1e10, 20, 3), c(0, 0, 1)),
     function(y, mu, s) dlnorm(y, mu, s, log = TRUE), "dlnorm(y, mu, sigma, log=TRUE)")
dens("bernoulli_logit", list(c(1, 0), c(0, 0), c(1, -40), c(0, -40), c(1, 40), c(0, 40),
                             c(1, 800), c(0, 800), c(1, -800), c(0, 2.3)),
     function(n, a) plogis(if (n == 1) a else -a, log.p = TRUE),
     "plogis(n == 1 ? alpha : -alpha, log.p=TRUE)")
dens("binomial", list(c(3, 10, 0.3), c(0, 10, 0), c(10, 10, 1), c(0, 5, 0.2), c(5, 5, 0.7),
                      c(0, 0, 0.5), c(50, 100, 0.5), c(1000, 100000, 0.01), c(7, 20, 1e-8),
                      c(3, 10, 0), c(3, 10, 1)),
     function(n, N, th) dbinom(n, N, th, log = TRUE), "dbinom(n, N, theta, log=TRUE)")
dens("poisson_log", list(c(0, 0), c(3, 1.2), c(0, -5), c(10, 2.3), c(0, 50), c(100, 4.6),
                         c(5, -30), c(1000000, 13.8), c(485165195, 20), c(0, -Inf), c(3, -Inf)),
     function(n, a) dpois(n, exp(a), log = TRUE), "dpois(n, exp(alpha), log=TRUE)")

cat("/* tests/stdlib/reference/values.h — GENERATED by make_values.R; do not edit.\n")
cat(sprintf(" * %s\n", R.version.string))
cat(" * Rscript tests/stdlib/reference/make_values.R > tests/stdlib/reference/values.h\n")
cat(" * Each row: function, arguments in catalog order (ints as reals, unused 0),\n")
cat(" * expected value; the comment gives the exact R expression. */\n")
cat("typedef struct ref_value { const char *fn; double args[4]; double expected; } ref_value;\n")
cat("static const ref_value ref_values[] = {\n")
cat(rows, sep = "\n")
cat("\n};\n")
