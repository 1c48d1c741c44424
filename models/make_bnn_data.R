# Simulated data for models/bnn.bmodel (run from the repository root:
# Rscript models/make_bnn_data.R).  An XOR pattern with label noise: no
# linear classifier separates it, one hidden layer does.
set.seed(20261123)
N <- 200
x1 <- runif(N, -1, 1); x2 <- runif(N, -1, 1)
p <- ifelse(x1 * x2 > 0, 0.9, 0.1)
y <- rbinom(N, 1, p)
write.csv(data.frame(y = y, X.1 = round(x1, 4), X.2 = round(x2, 4)), "models/bnn.csv",
          row.names = FALSE, quote = FALSE)
