# Generates data.json for tests/e2e/hmm_dlm (run once; the file is committed).
suppressMessages(library(jsonlite))
set.seed(20261123)
K <- 3; Ns <- 5; Nl <- 300
Gam <- matrix(c(0.80, 0.15, 0.05,
                0.10, 0.70, 0.20,
                0.25, 0.25, 0.50), 3, 3, byrow = TRUE)
rho <- c(0.5, 0.3, 0.2)
lo_s <- matrix(round(rnorm(K * Ns, -1, 1.5), 3), K, Ns)
lo_l <- matrix(round(rnorm(K * Nl, -3, 2.5), 3), K, Nl)
# DLM: r = 2 observations, n = 2 states
r <- 2; n <- 2; Ts <- 3; Tl <- 60
F <- matrix(c(1.0, 0.3, -0.2, 0.8), n, r, byrow = TRUE)
G <- matrix(c(0.9, 0.1, -0.05, 0.95), n, n, byrow = TRUE)
V <- matrix(c(0.5, 0.1, 0.1, 0.3), r, r)
W <- matrix(c(0.2, 0.05, 0.05, 0.1), n, n)
m0 <- c(0.3, -0.4)
C0 <- matrix(c(1.0, 0.2, 0.2, 0.8), n, n)
y_s <- matrix(round(rnorm(r * Ts, 0, 1), 3), r, Ts)
y_l <- matrix(round(rnorm(r * Tl, 0, 1.5), 3), r, Tl)
Vd <- c(0.4, 0.25)
lo2 <- matrix(round(rnorm(2 * 4, -1, 1), 3), 2, 4)
yh <- round(c(rnorm(15, -1, 0.7), rnorm(10, 1.5, 0.7), rnorm(15, -1, 0.7)), 3)
d <- list(K = K, Ns = Ns, Nl = Nl, Gam = Gam, rho = rho, lo_s = lo_s, lo_l = lo_l,
          Gam2 = matrix(c(0.6, 0.4, 0.3, 0.7), 2, 2, byrow = TRUE), rho2 = c(0.45, 0.55),
          lo2 = lo2, Nh = length(yh), yh = yh,
          r = r, n = n, Ts = Ts, Tl = Tl, F = F, G = G, V = V, W = W, m0 = m0, C0 = C0,
          y_s = y_s, y_l = y_l, Vd = Vd)
write(toJSON(d, digits = NA, matrix = "rowmajor", auto_unbox = TRUE, pretty = TRUE), "data.json")
