# Reference values for tests/e2e/hmm_dlm/values.bmodel, computed in R
# independently of bmodel.  Run: Rscript expected.R > expected.csv (here).
#  - HMMs: the small cases (K = 3, N = 5 and K = 2, N = 4) by enumerating
#    every one of the K^N state paths (joint probability of path and
#    observations, summed; marginals of the states by summing the paths);
#    the long case (K = 3, N = 300) by a forward-backward algorithm in log
#    space written here.  The two methods are also checked against each
#    other on the small cases (stop() when they differ).
#  - gaussian_dlm_obs: a Kalman filter written here; for the short series
#    (T = 3, 8 and 20; r = 2, 3 and 1 observations of n = 2, 2 and 3 states) also the joint normal density of vec(y), whose covariance is
#    built from the state-space model, with mvtnorm::dmvnorm (stop() when
#    they differ).  The diagonal-V form is the same with V = diag(Vd).
suppressMessages(library(jsonlite))
suppressMessages(library(mvtnorm))
d <- fromJSON("data.json")
out <- list()
put <- function(name, v) {
  v <- as.matrix(v)
  if (length(v) == 1) { out[[name]] <<- v[1]; return(invisible()) }
  for (j in seq_len(ncol(v))) for (i in seq_len(nrow(v)))
    out[[paste0(name, ".", i, ".", j)]] <<- v[i, j]
  invisible()
}
lse <- function(x) { m <- max(x); m + log(sum(exp(x - m))) }

# every path: log p(path, y) and the marginal posterior of the states
hmm_enum <- function(lo, Gam, rho) {
  K <- nrow(lo); N <- ncol(lo)
  paths <- as.matrix(expand.grid(rep(list(1:K), N)))
  lj <- apply(paths, 1, function(z) {
    s <- log(rho[z[1]]) + lo[z[1], 1]
    if (N > 1) for (t in 2:N) s <- s + log(Gam[z[t - 1], z[t]]) + lo[z[t], t]
    s })
  lp <- lse(lj)
  w <- exp(lj - lp)
  prob <- matrix(0, K, N)
  for (t in 1:N) for (k in 1:K) prob[k, t] <- sum(w[paths[, t] == k])
  list(lp = lp, prob = prob)
}

# forward-backward in log space
hmm_fb <- function(lo, Gam, rho) {
  K <- nrow(lo); N <- ncol(lo); lG <- log(Gam)
  la <- matrix(0, K, N); lb <- matrix(0, K, N)
  la[, 1] <- log(rho) + lo[, 1]
  if (N > 1) for (t in 2:N) for (j in 1:K) la[j, t] <- lse(la[, t - 1] + lG[, j]) + lo[j, t]
  if (N > 1) for (t in (N - 1):1) for (i in 1:K) lb[i, t] <- lse(lG[i, ] + lo[, t + 1] + lb[, t + 1])
  lp <- lse(la[, N])
  list(lp = lp, prob = exp(la + lb - lp))
}

agree <- function(a, b, what) if (max(abs(a - b)) > 1e-10) stop(what, ": methods differ")

e1 <- hmm_enum(d$lo_s, d$Gam, d$rho); f1 <- hmm_fb(d$lo_s, d$Gam, d$rho)
agree(e1$lp, f1$lp, "hm_s"); agree(e1$prob, f1$prob, "hp_s")
e2 <- hmm_enum(d$lo2, d$Gam2, d$rho2); f2 <- hmm_fb(d$lo2, d$Gam2, d$rho2)
agree(e2$lp, f2$lp, "hm_2"); agree(e2$prob, f2$prob, "hp_2")
fl <- hmm_fb(d$lo_l, d$Gam, d$rho)
# the joint posterior of the 16 state paths of the K = 2, N = 4 case, for
# hmm_latent_rng (path code 1 + sum_t (z_t - 1) 2^(t - 1)), into paths.csv
pp <- with(d, {
  paths <- as.matrix(expand.grid(rep(list(1:2), 4)))
  lj <- apply(paths, 1, function(z) log(rho2[z[1]]) +
    sum(log(Gam2[cbind(z[-4], z[-1])])) + sum(lo2[cbind(z, 1:4)]))
  data.frame(code = as.vector(1 + (paths - 1) %*% 2^(0:3)), prob = exp(lj - lse(lj)))
})
pp <- pp[order(pp$code), ]
writeLines(c("code,prob", sprintf("%d,%.17g", pp$code, pp$prob)), "paths.csv")
put("hm_s", e1$lp); put("hm_2", e2$lp); put("hm_l", fl$lp)
e1n <- hmm_enum(d$lo_s[, 2, drop = FALSE], d$Gam, d$rho)
put("hm_1", e1n$lp); put("hp_1", e1n$prob)
put("hp_s", e1$prob); put("hp_2", e2$prob); put("hp_l", fl$prob)

# Kalman filter: y r x T, F n x r, G n x n, V r x r, W n x n
kalman <- function(y, F, G, V, W, m0, C0) {
  m <- m0; C <- C0; ll <- 0
  for (t in 1:ncol(y)) {
    a <- G %*% m; R <- G %*% C %*% t(G) + W
    f <- t(F) %*% a; Q <- t(F) %*% R %*% F + V
    e <- y[, t] - f
    ll <- ll + dmvnorm(as.vector(y[, t]), as.vector(f), Q, log = TRUE)
    A <- R %*% F %*% solve(Q)
    m <- a + A %*% e; C <- R - A %*% Q %*% t(A)
  }
  ll
}

# the joint density of vec(y): theta_t = G^t theta_0 + sum_s G^(t-s) w_s
dlm_joint <- function(y, F, G, V, W, m0, C0) {
  r <- nrow(y); T <- ncol(y); n <- nrow(G)
  Gp <- function(k) { P <- diag(n); if (k > 0) for (i in 1:k) P <- P %*% G; P }
  # Cov(theta_s, theta_t) for s <= t: G^(t-s) Cov(theta_s)
  Pt <- list(); P <- C0
  for (t in 1:T) { P <- G %*% P %*% t(G) + W; Pt[[t]] <- P }
  mu <- numeric(r * T); S <- matrix(0, r * T, r * T)
  for (t in 1:T) {
    mu[(t - 1) * r + 1:r] <- t(F) %*% Gp(t) %*% m0
    for (s in 1:T) {
      cst <- if (s <= t) Gp(t - s) %*% Pt[[s]] else t(Gp(s - t) %*% Pt[[t]])
      blk <- t(F) %*% cst %*% F
      if (s == t) blk <- blk + V
      S[(t - 1) * r + 1:r, (s - 1) * r + 1:r] <- blk
    }
  }
  dmvnorm(as.vector(y), mu, S, log = TRUE)
}

with(d, {
  ks <- kalman(y_s, F, G, V, W, m0, C0)
  agree(ks, dlm_joint(y_s, F, G, V, W, m0, C0), "dlm_s")
  kvs <- kalman(y_s, F, G, diag(Vd), W, m0, C0)
  agree(kvs, dlm_joint(y_s, F, G, diag(Vd), W, m0, C0), "dlm_vs")
  put("dlm_s", ks); put("dlm_vs", kvs)
  put("dlm_l", kalman(y_l, F, G, V, W, m0, C0))
  put("dlm_vl", kalman(y_l, F, G, diag(Vd), W, m0, C0))
  k3 <- kalman(y3, F3, G, V3, W, m0, C0)
  agree(k3, dlm_joint(y3, F3, G, V3, W, m0, C0), "dlm_3")
  kv3 <- kalman(y3, F3, G, diag(Vd3), W, m0, C0)
  agree(kv3, dlm_joint(y3, F3, G, diag(Vd3), W, m0, C0), "dlm_v3")
  k1 <- kalman(y1, F1, G1, V1, W1, m01, C01)
  agree(k1, dlm_joint(y1, F1, G1, V1, W1, m01, C01), "dlm_1")
  put("dlm_3", k3); put("dlm_v3", kv3); put("dlm_1", k1)
})
cat("name,value\n")
for (k in names(out)) cat(sprintf("%s,%.17g\n", k, out[[k]]))
