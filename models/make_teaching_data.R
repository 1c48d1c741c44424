# models/make_teaching_data.R — writes the simulated data sets of the
# teaching models (coin flip, linear, logistic and Poisson regression, AR(1),
# two-component mixture, IRT 2PL).  Run from the repository root:
#   Rscript models/make_teaching_data.R
# Each data set is simulated from the model it belongs to with the "true"
# values given below, so a fit can be compared with the truth.  Fixed seed:
# the CSV files in models/ are exactly what this script writes.
set.seed(20261122)
wcsv <- function(df, file) write.csv(df, file, row.names = FALSE, quote = FALSE)

# coin flip: 20 flips of a coin with P(heads) = 0.7
wcsv(data.frame(y = rbinom(20, 1, 0.7)), "models/coin_flip.csv")

# linear regression: y = 1.5 + 0.8 x + normal(0, 1), x on a grid
x <- round(seq(-3, 3, length.out = 50), 4)
wcsv(data.frame(x = x, y = round(1.5 + 0.8 * x + rnorm(50), 4)), "models/linear_regression.csv")

# logistic regression: P(y = 1) = inv_logit(-0.5 + 1.2 x)
x <- round(rnorm(100), 4)
wcsv(data.frame(x = x, y = rbinom(100, 1, plogis(-0.5 + 1.2 * x))), "models/logistic_regression.csv")

# Poisson regression with exposure: counts ~ Poisson(exposure * exp(0.3 + 0.5 x))
x <- round(rnorm(60), 4)
exposure <- round(runif(60, 0.5, 5), 3)
wcsv(data.frame(x = x, exposure = exposure,
                y = rpois(60, exposure * exp(0.3 + 0.5 * x))), "models/poisson_offset.csv")

# AR(1): y[t] = 0.5 + 0.8 y[t-1] + normal(0, 0.5), T = 200
y <- numeric(200); y[1] <- 2.5
for (t in 2:200) y[t] <- 0.5 + 0.8 * y[t - 1] + rnorm(1, 0, 0.5)
wcsv(data.frame(y = round(y, 4)), "models/ar1.csv")

# two-component mixture: 0.3 normal(-2, 1) + 0.7 normal(3, 1), N = 200
z <- rbinom(200, 1, 0.3)
wcsv(data.frame(y = round(ifelse(z == 1, rnorm(200, -2, 1), rnorm(200, 3, 1)), 4)), "models/mixture.csv")

# IRT 2PL: 100 students x 10 items, long format (student jj, item kk, y)
I <- 100; K <- 10
theta <- rnorm(I); a <- rlnorm(K, 0, 0.3); b <- rnorm(K)
g <- expand.grid(jj = 1:I, kk = 1:K)
g$y <- rbinom(nrow(g), 1, plogis(a[g$kk] * (theta[g$jj] - b[g$kk])))
wcsv(g, "models/irt_2pl.csv")
# the IRT sizes (I, K) cannot be inferred from a CSV row count: Stan JSON
json_ints <- function(v) paste0("[", paste(v, collapse = ", "), "]")
writeLines(c("{", sprintf('  "I": %d, "K": %d, "N": %d,', I, K, nrow(g)),
             sprintf('  "jj": %s,', json_ints(g$jj)), sprintf('  "kk": %s,', json_ints(g$kk)),
             sprintf('  "y": %s', json_ints(g$y)), "}"), "models/irt_2pl.json")
file.remove("models/irt_2pl.csv")
