# Reads a bmodel output directory with rstan::read_stan_csv and prints
# rstan::monitor's mean, R-hat, bulk and tail ESS per variable as CSV
# (tests/e2e/test_rstan.sh).  Needs Debian's r-cran-rstan.
suppressMessages(library(rstan))
files <- Sys.glob(file.path(commandArgs(TRUE)[1], "chain_*.csv"))
fit <- read_stan_csv(files)
m <- monitor(extract(fit, permuted = FALSE, inc_warmup = FALSE), warmup = 0, print = FALSE)
out <- data.frame(variable = rownames(m), mean = m[, "mean"], Rhat = m[, "Rhat"], Bulk_ESS = m[, "Bulk_ESS"], Tail_ESS = m[, "Tail_ESS"])
write.csv(out, stdout(), row.names = FALSE)
