# Simulated radon-like data for models/radon_intercept.bmodel and
# radon_slope.bmodel (run from the repository root: Rscript
# models/make_radon_data.R).  The Minnesota radon survey (Gelman & Hill) is
# not shipped (no download is possible here), so this file has its
# structure: 85 counties of very different sizes, houses measured in the
# basement (floor 0) or on the first floor (floor 1), log radon levels; county
# intercepts and floor slopes correlated (rho = -0.5).
set.seed(20261123)
J <- 85
size <- pmax(1, round(rlnorm(J, log(6), 1)))
county <- rep(seq_len(J), size)
N <- length(county)
tau <- c(0.35, 0.25); rho <- -0.5
Sigma <- diag(tau) %*% matrix(c(1, rho, rho, 1), 2) %*% diag(tau)
ab <- MASS::mvrnorm(J, c(1.45, -0.65), Sigma)
floor <- rbinom(N, 1, 0.2)
log_radon <- rnorm(N, ab[county, 1] + ab[county, 2] * floor, 0.75)
write.csv(data.frame(county = county, floor = floor, log_radon = round(log_radon, 4)),
          "models/radon.csv", row.names = FALSE, quote = FALSE)
cat("N =", N, "\n")
