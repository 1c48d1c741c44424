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
# non-square cases: r = 3 observations of n = 2 states, and r = 1 of n = 3
F3 <- matrix(c(1.0, 0.5, -0.3, 0.2, 0.9, 0.4), 2, 3, byrow = TRUE)
V3 <- matrix(c(0.6, 0.1, 0.05, 0.1, 0.4, -0.08, 0.05, -0.08, 0.5), 3, 3)
Vd3 <- c(0.3, 0.5, 0.45)
y3 <- matrix(round(rnorm(3 * 8, 0, 1), 3), 3, 8)
F1 <- matrix(c(1, 0.5, -0.25), 3, 1)
G1 <- matrix(c(1, 1, 0, 0, 1, 0.2, 0, -0.1, 0.7), 3, 3, byrow = TRUE)
W1 <- diag(c(0.05, 0.02, 0.1)); W1[1, 3] <- W1[3, 1] <- 0.01
V1 <- matrix(0.3, 1, 1)
m01 <- c(0, 0.1, -0.2); C01 <- diag(c(2, 1, 0.5))
y1 <- matrix(round(cumsum(rnorm(20, 0.2, 0.6)), 3), 1, 20)
d <- list(K = K, Ns = Ns, Nl = Nl, Gam = Gam, rho = rho, lo_s = lo_s, lo_l = lo_l,
          Gam2 = matrix(c(0.6, 0.4, 0.3, 0.7), 2, 2, byrow = TRUE), rho2 = c(0.45, 0.55),
          lo2 = lo2, Nh = length(yh), yh = yh,
          r = r, n = n, Ts = Ts, Tl = Tl, F = F, G = G, V = V, W = W, m0 = m0, C0 = C0,
          y_s = y_s, y_l = y_l, Vd = Vd,
          F3 = F3, V3 = V3, Vd3 = Vd3, y3 = y3, F1 = F1, G1 = G1, W1 = W1, V1 = V1, m01 = m01,
          C01 = C01, y1 = y1)
write(toJSON(d, digits = NA, matrix = "rowmajor", auto_unbox = TRUE, pretty = TRUE), "data.json")
