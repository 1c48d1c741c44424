# tests/e2e/ode/make_stiff.R — data and reference values of stiff.bmodel
# (tests/e2e/test_ode.sh).  Run from this directory: Rscript make_stiff.R.
# The system y' = A y, A = P diag(lam) P^-1, lam = (-k1, -k2, -k3): its
# exact solution y(t) = V diag(exp(d t)) V^-1 y0 from R's eigen(A) (which
# does not know P), checked against Matrix::expm(A t) y0 (to 1e-10).
#   stiff.json      P, Pinv, xr (P and Pinv row-major), ts, obs (the exact
#                   solution at `truth` plus noise)
#   stiff_point/chain_1.csv  the parameter point of the reference values, as
#                   a one-draw Stan CSV (for `generate --fitted` and `--point`)
#   stiff_ref.csv   y(ts) at that point: t, y.1, y.2, y.3 (17 digits)
library(Matrix)
P <- matrix(c(1, 0.5, 0.2,
              0, 1, 0.4,
              0.3, 0, 1), 3, 3, byrow = TRUE)
Pinv <- solve(P)
ts <- c(1e-4, 5e-4, 0.01, 0.1, 0.5, 1, 2, 5, 10)
exact <- function(y0, k) {
  A <- P %*% diag(-k) %*% Pinv
  e <- eigen(A)
  V <- e$vectors
  sol <- t(sapply(ts, function(t) Re(V %*% diag(exp(e$values * t)) %*% solve(V, y0))))
  chk <- t(sapply(ts, function(t) as.vector(expm(Matrix(A * t)) %*% y0)))
  stopifnot(max(abs(sol - chk)) < 1e-10) # expm loses a few digits at |A t| ~ 1e5
  sol
}
set.seed(20261123)
truth <- exact(c(1, -0.5, 2), c(1, 20, 1e4))
obs <- truth + matrix(rnorm(length(truth), 0, 0.05), nrow(truth))
num <- function(x) paste(sprintf("%.17g", x), collapse = ", ")
rows <- function(M) paste0("[", apply(M, 1, num), "]", collapse = ",\n    ")
writeLines(c("{",
  sprintf('  "T": %d, "ts": [%s],', length(ts), num(ts)),
  sprintf('  "P": [%s],', rows(P)),
  sprintf('  "Pinv": [%s],', rows(Pinv)),
  sprintf('  "xr": [%s],', num(c(t(P), t(Pinv)))),
  sprintf('  "obs": [%s]', rows(obs)),
  "}"), "stiff.json")
# the reference point: y0 = (1.2, -0.4, 1.7), k = (0.8, 30, 15000)
dir.create("stiff_point", showWarnings = FALSE)
writeLines(c("lp__,y0.1,y0.2,y0.3,k1,k2,k3", "0,1.2,-0.4,1.7,0.8,30,15000"), "stiff_point/chain_1.csv")
ref <- exact(c(1.2, -0.4, 1.7), c(0.8, 30, 15000))
write.csv(data.frame(t = ts, y.1 = sprintf("%.17g", ref[, 1]), y.2 = sprintf("%.17g", ref[, 2]),
                     y.3 = sprintf("%.17g", ref[, 3])), "stiff_ref.csv", row.names = FALSE, quote = FALSE)
