# Reference values for tests/e2e/linalg/values.bmodel, computed with R's
# base linear algebra and the mvtnorm package (Debian r-cran-mvtnorm), not
# with bmodel.  Run: Rscript expected.R > expected.csv (from this folder).
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
y <- d$y; mu <- d$mu; S <- d$S; S2 <- d$S2; C <- d$C; K <- d$K; N <- d$N
X <- d$X; beta <- d$beta; z <- d$z; p <- d$p; a <- d$a
put("mvn", sum(mvtnorm::dmvnorm(y, mu, S, log = TRUE)))
put("mvn_chol", sum(mvtnorm::dmvnorm(y, mu, S, log = TRUE)))
put("mvn_prec", sum(mvtnorm::dmvnorm(y, mu, solve(S), log = TRUE)))
# multivariate t with scale matrix S (mvtnorm's sigma is the scale matrix)
put("mvt", sum(mvtnorm::dmvt(y, delta = mu, sigma = S, df = 4.5, log = TRUE)))
put("mvt_chol", mvtnorm::dmvt(y[2, ], delta = mu, sigma = S, df = 4.5, log = TRUE))
put("dir", lgamma(sum(a)) - sum(lgamma(a)) + sum((a - 1) * log(p)))
# LKJ: density det(C)^(eta-1) / c_K(eta); c_K by Lewandowski et al. (2009),
# eq. 16: c_K = prod_{i=1}^{K-1} 2^{(2eta-2+K-i)(K-i)} B(b_i, b_i)^{K-i}
lkj_logc <- function(K, eta) { i <- 1:(K - 1); b <- eta + (K - i - 1) / 2
  sum((2 * eta - 2 + K - i) * (K - i) * log(2) + (K - i) * lbeta(b, b)) }
Lc <- t(chol(C))
put("lkj_chol", sum((K - 2:K + 2 * 2.5 - 2) * log(diag(Lc)[2:K])) - lkj_logc(K, 2.5))
put("lkj", (2.5 - 1) * log(det(C)) - lkj_logc(K, 2.5))
put("lkj1", -log(pi^2 / 2))  # LKJ(1), K = 3: uniform; the volume is pi^2/2
lmgamma <- function(K, x) K * (K - 1) / 4 * log(pi) + sum(lgamma(x + (1 - 1:K) / 2))
nu <- 5.5
wish <- (nu - K - 1) / 2 * log(det(S)) - 0.5 * sum(diag(solve(S2) %*% S)) -
    nu * K / 2 * log(2) - nu / 2 * log(det(S2)) - lmgamma(K, nu / 2)
iwish <- nu / 2 * log(det(S2)) - (nu + K + 1) / 2 * log(det(S)) -
    0.5 * sum(diag(S2 %*% solve(S))) - nu * K / 2 * log(2) - lmgamma(K, nu / 2)
put("wish", wish)
put("iwish", iwish)
# Cholesky parameterisation (Stan functions reference, "Wishart distribution,
# Cholesky parameterization"): the density of L_W is that of W = L_W L_W'
# times the Jacobian of L_W -> W, log|J| = K log 2 + sum_k (K - k + 1) log L_W[k, k]
# (Muirhead 2005, theorem 2.1.9).
ljac <- K * log(2) + sum((K - 1:K + 1) * log(diag(t(chol(S)))))
put("wish_chol", wish + ljac)
put("iwish_chol", iwish + ljac)
put("cat_p", sum(log(p[d$cat])))
sm <- exp(z - max(z)) / sum(exp(z - max(z)))
put("cat_logit", sum(log(sm[d$cat])))
put("mult", dmultinom(d$cnt, prob = p, log = TRUE))
put("mult_logit", dmultinom(d$cnt, prob = sm, log = TRUE))
eta <- as.vector(X %*% beta); cuts <- d$cuts
pr <- function(k, e) { Fk <- function(j) if (j < 1) 0 else if (j > length(cuts)) 1 else plogis(cuts[j] - e)
  Fk(k) - Fk(k - 1) }
put("ord_logistic", sum(log(mapply(pr, d$yo, eta))))
put("glm_normal", sum(dnorm(d$yr, 0.3 + eta, 1.7, log = TRUE)))
put("glm_bernoulli", sum(dbinom(d$yb, 1, plogis(0.3 + eta), log = TRUE)))
put("glm_poisson", sum(dpois(d$yb, exp(0.3 + eta), log = TRUE)))
put("vec_normal", sum(dnorm(d$yr, eta, 2, log = TRUE)))
L <- t(chol(S))
put("L", L)
put("solve_spd", solve(S, mu))
put("inv_spd", solve(S))
put("logdet_spd", log(det(S)))
X1 <- X[1:3, ]; X2 <- X[2:4, ]
put("det_X", det(X1)); put("logdet_X", log(abs(det(X2))))
put("inv_X", solve(X1)); put("solve_X", solve(X1, mu)); put("solve_XS", solve(X1, S))
put("rsolve_X", t(mu) %*% solve(X2)); put("rsolve_XS", S %*% solve(X2))
put("solve_lower", forwardsolve(L, mu))
put("solve_right", t(mu) %*% solve(L))
put("solve_right_m", S2 %*% solve(L))
put("qform", t(S2) %*% S %*% S2)
put("qform_v", as.numeric(t(mu) %*% S %*% mu))
put("qdiag", diag(mu) %*% S %*% diag(mu))
put("Xb", X %*% beta)
put("yX", t(d$yr) %*% X)
put("SS2", S %*% S2)
put("rv", sum(mu * beta))
put("outer", mu %*% t(beta))
put("cross", t(X) %*% X)
put("tcross", X %*% t(X))
Sl <- S; Sl[upper.tri(Sl)] <- 0
put("lower_self", Sl %*% t(Sl))
put("sm", sm)
put("lsm", log(sm))
put("lse", log(sum(exp(z))))
put("csum", cumsum(z))
put("sd_y", sd(d$yr)); put("var_y", var(d$yr)); put("mean_y", mean(d$yr))
put("max_y", max(d$yr)); put("min_y", min(d$yr)); put("prod_z", prod(z)); put("sum_X", sum(X))
put("dot", sum(mu * beta)); put("dself", sum(z^2)); put("sqdist", sum((mu - z)^2))
put("tr", sum(diag(S)))
put("cdot", colSums(S * S2)); put("rdot", rowSums(S * S2))
put("cself", colSums(X^2)); put("rself", rowSums(X^2))
xs <- d$xs; D <- abs(outer(xs, xs, "-"))
put("gp_sq", 1.3^2 * exp(-D^2 / (2 * 0.7^2)))
put("gp_m32", 1.3^2 * (1 + sqrt(3) * D / 0.7) * exp(-sqrt(3) * D / 0.7))
put("gp_m52", 1.3^2 * (1 + sqrt(5) * D / 0.7 + 5 * D^2 / (3 * 0.7^2)) * exp(-sqrt(5) * D / 0.7))
put("gp_exp", 1.3^2 * exp(-D / 0.7))
put("gp_sq_v", 1.3^2 * exp(-as.matrix(dist(d$xv))^2 / (2 * 0.7^2)))
put("app", c(mu, z)); put("appc", cbind(S, S2)); put("dg", diag(z)); put("adg", S + diag(z))
put("diag", diag(S2)); put("dpre", diag(z) %*% S); put("dpost", S %*% diag(z))
put("tv", as.vector(X)); put("tm", matrix(as.vector(X), 2, 6)); put("ta", as.vector(X))
put("hd", z[1:2]); put("tl", z[2:3]); put("sg", c(mu, z)[3:4]); put("rev", rev(z))
put("lin", seq(-1, 2, length.out = 4)); put("idx", z[c(3, 1, 2)])
put("sub", S[2:3, 1:2]); put("col", S[2:3, 3]); put("tp", t(S2))
put("pw", 2^0.5 + 7 %% 3 + 7 %/% 2)
put("tern", if (max(d$yr) > 1) 1.5 else -1.5)
put("lit", c(1, 2.5, -3))
yr <- d$yr
put("sorted_up", sort(yr)); put("sorted_down", sort(yr, decreasing = TRUE))
put("order_up", order(yr)); put("order_down", order(-yr)); put("rank_3", sum(yr < yr[3]))
put("dims_X", dim(X)); put("X2d", X)
es <- eigen(S, symmetric = TRUE)
put("evals", rev(es$values)); put("evec_abs", abs(es$vectors[, K:1])); put("eig_residual", 0)
cat("name,value\n")
for (n in names(out)) cat(sprintf("%s,%.17g\n", n, out[[n]]))
