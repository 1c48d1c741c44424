# Reference values for tests/e2e/linalg/propto.bmodel: log-prob (no
# Jacobian) at LW = chol(S), LP = chol(S2), nu = 5.5 for each `form`,
# computed from the textbook (inverse) Wishart densities of W = LW LW' with
# S = LS LS' plus log|J| of LW -> W (K log 2 + sum_k (K - k + 1) log LW[k, k]),
# not with bmodel.  Dropped under `~` / _lupdf, as in Stan (stan-dev/math
# prim/prob/wishart_cholesky_lpdf.hpp: include_summand<propto, T_dof>): the
# constant K log 2 - nu K / 2 log 2 - log Gamma_K(nu / 2), when nu is data;
# -/+ nu / 2 log|S| is kept whenever any argument is a parameter.
# Run: Rscript propto.R > propto.csv (from this folder); it also writes the
# point, propto_point.json.
suppressMessages(library(jsonlite))
d <- fromJSON("data.json")
S <- d$S; S2 <- d$S2; K <- d$K; nu <- 5.5
lmgamma <- function(K, x) K * (K - 1) / 4 * log(pi) + sum(lgamma(x + (1 - 1:K) / 2))
cst <- K * log(2) - nu * K / 2 * log(2) - lmgamma(K, nu / 2)
ljac <- K * log(2) + sum((K - 1:K + 1) * log(diag(t(chol(S)))))
wish <- (nu - K - 1) / 2 * log(det(S)) - 0.5 * sum(diag(solve(S2) %*% S)) -
    nu * K / 2 * log(2) - nu / 2 * log(det(S2)) - lmgamma(K, nu / 2) + ljac
iwish <- nu / 2 * log(det(S2)) - (nu + K + 1) / 2 * log(det(S)) -
    0.5 * sum(diag(S2 %*% solve(S))) - nu * K / 2 * log(2) - lmgamma(K, nu / 2) + ljac
v <- c(wish - cst,     # 1: ~, nu and LS data
       wish - cst,     # 2: _lupdf, the same
       wish,           # 3: _lpdf keeps everything
       wish,           # 4: ~ with nu a parameter
       wish - cst,     # 5: ~ with LS a parameter
       iwish - cst,    # 6: inverse, ~
       iwish,          # 7: inverse, _lpdf
       iwish,          # 8: inverse, _lupdf with nu a parameter
       iwish - cst)    # 9: inverse, ~ with LS a parameter
L <- function(A) t(chol(A))
mat <- function(A) paste0("[", paste(sapply(1:K, function(i)
    paste0("[", paste(sprintf("%.17g", A[i, ]), collapse = ", "), "]")), collapse = ", "), "]")
writeLines(sprintf('{"LW": %s, "LP": %s, "nu": 5.5}', mat(L(S)), mat(L(S2))), "propto_point.json")
cat("form,value\n")
for (i in seq_along(v)) cat(sprintf("%d,%.17g\n", i, v[i]))
