# tests/e2e/wiener/expected.R — reference values of wiener_lpdf for
# test_wiener.sh.
#
# In:  the points below (also written to data.json).  Out: expected.csv
# (name,value) with the log density at each point, and data.json; last
# generated with R 4.2.2 (Debian r-base-core) and rstan 2.21.7.
# Regenerate from the repository root with
#     Rscript tests/e2e/wiener/expected.R
# Independent of stdlib/: the density is written from Navarro & Fuss (2009)
# as the upper-barrier first passage time of a Wiener process (drift delta,
# barriers 0 and alpha, start beta alpha, non-decision time tau), i.e. the
# lower-barrier density at start 1 - beta and drift -delta, and evaluated
# with the small-time series below normalized time x = (y - tau) / alpha^2
# = 1 and the large-time one above (each to 600 terms a side; far from its
# side a series cancels catastrophically); at points with 0.2 < x < 3 both
# are evaluated and must agree to 1e-11 relative or the script stops.  Where rstan is installed (Debian
# r-cran-rstan), Stan's own wiener_lpdf is evaluated too and must agree to
# 1e-5 (Stan truncates its series at an error of 1e-6), as a check that the
# parameterization is Stan's.
pts <- rbind(c(1.0, 2.0, 0.3, 0.5, 0.5),
             c(0.6, 1.0, 0.2, 0.3, -1.0),
             c(2.5, 1.5, 0.1, 0.7, 2.0),
             c(0.35, 1.2, 0.3, 0.5, 0.0),
             c(8.0, 1.0, 0.5, 0.4, 0.3),
             c(0.5, 3.0, 0.05, 0.9, 1.0),
             c(1.2, 0.8, 0.4, 0.05, -0.5),
             c(0.31, 0.5, 0.3, 0.5, 0.2),
             c(30.0, 4.0, 0.2, 0.6, 0.1),
             c(0.9, 1.0, 0.01, 0.99, 3.0))
colnames(pts) <- c("y", "alpha", "tau", "beta", "delta")
small <- function(x, w, K = 600) { k <- -K:K; u <- w + 2 * k
  log(sum(u * exp(-u^2 / (2 * x)))) - 0.5 * log(2 * pi * x^3) }
large <- function(x, w, K = 600) { k <- 1:K
  log(pi * sum(k * exp(-k^2 * pi^2 * x / 2) * sin(k * pi * w))) }
lp <- function(y, a, t, b, d, f) { w <- 1 - b; s <- y - t; x <- s / a^2
  d * a * w - d^2 * s / 2 - 2 * log(a) + f(x, w) }
v <- numeric(nrow(pts))
for (i in seq_len(nrow(pts))) {
  p <- pts[i, ]
  vs <- lp(p[1], p[2], p[3], p[4], p[5], small); vl <- lp(p[1], p[2], p[3], p[4], p[5], large)
  x <- (p[1] - p[3]) / p[2]^2
  if (x > 0.2 && x < 3 && abs(vs - vl) > 1e-11 * max(1, abs(vs)))
    stop(sprintf("point %d: the two series disagree: %.17g %.17g", i, vs, vl))
  v[i] <- if (x < 1) vs else vl
}
if (requireNamespace("rstan", quietly = TRUE)) {
  suppressMessages(rstan::expose_stan_functions(rstan::stanc(model_code =
    "functions { real w(real y, real a, real t, real b, real d) { return wiener_lpdf(y | a, t, b, d); } }")))
  for (i in seq_len(nrow(pts))) {
    s <- do.call(w, as.list(unname(pts[i, ])))
    if (abs(s - v[i]) > 1e-5 * max(1, abs(v[i]))) stop(sprintf("point %d: Stan gives %.17g, the series %.17g", i, s, v[i]))
  }
  message("Stan's wiener_lpdf agrees at all ", nrow(pts), " points")
}
out <- "tests/e2e/wiener"
writeLines(c("name,value", sprintf("lp.%d,%.17g", seq_along(v), v)), file.path(out, "expected.csv"))
js <- function(col) paste(sprintf("%.17g", pts[, col]), collapse = ", ")
writeLines(sprintf('{"N": %d, "y": [%s], "alpha": [%s], "tau": [%s], "beta": [%s], "delta": [%s]}',
                   nrow(pts), js(1), js(2), js(3), js(4), js(5)), file.path(out, "data.json"))
