# Reference values for tests/e2e/glm/values.bmodel, computed in R from the
# definitions in Stan's functions reference (base R and mvtnorm), not with
# bmodel.  Run: Rscript expected.R > expected.csv (from this folder).
suppressMessages(library(jsonlite))
d <- fromJSON("data.json")
out <- list()
put <- function(name, v) out[[name]] <<- v
# ordered logistic: P(y = k | eta, c) = F(c_k - eta) - F(c_{k-1} - eta),
# F = plogis, c_0 = -Inf, c_K = Inf; the difference is taken in the tail
# where both terms are small (no cancellation for extreme eta)
ord <- function(y, eta, cuts) {
  K <- length(cuts) + 1
  hi <- if (y == K) Inf else cuts[y] - eta
  lo <- if (y == 1) -Inf else cuts[y - 1] - eta
  p <- if (hi + lo > 0) plogis(lo, lower.tail = FALSE) - plogis(hi, lower.tail = FALSE)
       else plogis(hi) - plogis(lo)
  log(p)
}
ordglm <- function(y, x, beta, cuts) {
  x <- matrix(x, ncol = length(beta))
  eta <- as.vector(x %*% beta)
  if (nrow(x) == 1) eta <- rep(eta, length(y))
  if (length(y) == 1) y <- rep(y, length(eta))
  sum(mapply(function(yy, e) ord(yy, e, cuts), y, eta))
}
# categorical logit: log softmax(alpha + x_n beta)[y_n]
catglm <- function(y, x, alpha, B) {
  x <- matrix(x, ncol = nrow(B))
  lin <- sweep(x %*% B, 2, alpha, "+")
  if (nrow(lin) == 1) lin <- lin[rep(1, length(y)), , drop = FALSE]
  if (length(y) == 1) y <- rep(y, nrow(lin))
  sum(sapply(seq_along(y), function(n) { l <- lin[n, ]; m <- max(l)
    l[y[n]] - m - log(sum(exp(l - m))) }))
}
x <- d$x; beta <- d$beta; cuts <- d$cuts
put("og_mat", ordglm(d$yo, x, beta, cuts))
put("og_int", ordglm(3, x, beta, cuts))
put("og_row", ordglm(d$yo, d$xr, beta, cuts))
put("og_row_int", ordglm(2, d$xr, beta, cuts))
put("og_tails", ordglm(d$yobig, d$xbig, beta, cuts))
put("og_one", 0)  # one class: probability 1
put("og_two", ordglm(c(2, 1), x[1:2, ], beta, cuts[2]))
put("og_same", ordglm(d$yo, x, beta, cuts))
put("cg_mat", catglm(d$yc, x, d$alpha, d$B))
put("cg_int", catglm(2, x, d$alpha, d$B))
put("cg_row", catglm(d$yc, d$xr, d$alpha, d$B))
put("cg_row_int", catglm(4, d$xr, d$alpha, d$B))
put("cg_big", catglm(d$yobig, d$xbig, d$alpha, d$B))
put("cg_one", 0)  # one class
# multi_gp(y | Sigma, w) = prod_i multi_normal(y[i] | 0, Sigma / w[i])
gp <- sum(sapply(1:d$K, function(i)
  mvtnorm::dmvnorm(d$ygp[i, ], rep(0, d$M), d$Sigma / d$w[i], log = TRUE)))
put("gp", gp)
put("gp_chol", gp)
cat("name,value\n")
for (k in names(out)) cat(sprintf("%s,%.17g\n", k, out[[k]]))
