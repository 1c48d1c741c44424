# Reference values for tests/e2e/linalg_more/values.bmodel, computed with
# base R (not with bmodel).  Run: Rscript expected.R > expected.csv (here).
suppressMessages(library(jsonlite))
d <- fromJSON("data.json")
out <- list()
put <- function(name, v) {
  v <- as.matrix(v)
  if (length(v) == 1) { out[[name]] <<- v[1]; return(invisible()) }
  if (ncol(v) == 1 || nrow(v) == 1) { v <- as.vector(v)
    for (i in seq_along(v)) out[[paste0(name, ".", i)]] <<- v[i]; return(invisible()) }
  for (j in seq_len(ncol(v))) for (i in seq_len(nrow(v)))
    out[[paste0(name, ".", i, ".", j)]] <<- v[i, j]
  invisible()
}
S <- d$S; B <- d$B; M <- d$M; v <- d$v; r <- d$r; xs <- d$xs
put("mv", S %*% v)
put("rm", t(r) %*% B)
put("mm", S %*% B)
put("rv", sum(r * v))
put("tqf", sum(diag(t(B) %*% S %*% B)))
put("mrs", t(r) %*% solve(S))
put("mrsm", t(B) %*% solve(S))
put("ceq", outer(xs, xs, function(a, b) 1.3^2 * exp(-(a - b)^2 / (2 * 0.6^2))))
put("blk", M[2:3, 2:4])
put("sc", M[2:3, 3])
put("sr", M[3, 2:4])
put("c4", M[, 4])
put("r2", M[2, ])
L <- M[1:3, 1:3]; L[upper.tri(L)] <- t(L)[upper.tri(L)]
put("sym", L)
th <- d$theta; lam <- d$lam
put("lmix", log(sum(th * exp(lam[1, ]))))
put("c2i", chol2inv(chol(S)))
put("ln0", 1)
# thin QR with R's diagonal made non-negative (Stan's convention; R's qr()
# leaves the signs to LAPACK)
thinqr <- function(A) { q <- qr(A); k <- min(dim(A)); Q <- qr.Q(q)[, 1:k, drop = FALSE]
  Rm <- qr.R(q)[1:k, , drop = FALSE]; D <- diag(sign(diag(Rm)), k)
  list(Q = Q %*% D, R = D %*% Rm) }
put("svB", svd(B)$d)
put("svM", svd(M)$d)
put("svBt", svd(t(B))$d)
put("qtq", thinqr(B)$Q)
put("qtr", thinqr(B)$R)
put("qtq2", thinqr(M)$Q)
put("qtr2", thinqr(M)$R)
# linspaced_int_array by the functions reference's rules: evenly spaced with
# step (hi - lo) / (n - 1) when that is whole, else hi lowered until it is;
# each value repeated (n - 1) / (hi - lo) times when the range is too short;
# n = 1 gives hi
put("lia1", 1:9)
put("lia2", c(0, 2, 4, 6, 8))
put("lia3", c(1, 1, 2, 2, 3, 3, 4, 4, 5, 5))
out[["lia4.1"]] <- 7
put("lia5", c(2, 2, 2, 2))
put("apa", c(xs, 7.5, -2.0))
apv <- rbind(d$lam, d$v)
for (i in 1:3) for (k in 1:3) out[[sprintf("apv.%d.%d", i, k)]] <- apv[i, k]
put("mp3", S %*% S %*% S)
put("mp0", diag(3))
put("gdp", 0.7^2 + outer(xs, xs))
put("gdpv", 0.7^2 + d$lam %*% t(d$lam))
put("gdpx", 0.7^2 + outer(xs, c(0.3, -1.1)))
put("ln1", 0)
put("lmix_arr", log(sum(th * exp(lam[1, ]))) + log(sum(th * exp(lam[2, ]))))
cat("name,value\n")
for (k in names(out)) cat(sprintf("%s,%.17g\n", k, out[[k]]))
