# Reference values for tests/e2e/complex/containers.bmodel, computed with
# R's complex arithmetic and stats::fft (base R, not bmodel).  Run here:
#   Rscript containers.R > containers.csv
# Column names as CmdStan writes complex containers: z.1.real, z.1.imag,
# matrices first index fastest.  inv_fft(x) = fft(x, inverse = TRUE) / N.
suppressMessages(library(jsonlite))
d <- fromJSON("cdata.json")
out <- list()
putc <- function(name, z) {
  z <- as.matrix(z)
  for (j in seq_len(ncol(z))) for (i in seq_len(nrow(z))) {
    idx <- if (length(z) == 1) "" else if (ncol(z) == 1 || nrow(z) == 1)
      paste0(".", if (ncol(z) == 1) i else j) else paste0(".", i, ".", j)
    out[[paste0(name, idx, ".real")]] <<- Re(z[i, j])
    out[[paste0(name, idx, ".imag")]] <<- Im(z[i, j])
  }
}
putr <- function(name, v) {
  v <- as.matrix(v)
  for (j in seq_len(ncol(v))) for (i in seq_len(nrow(v))) {
    idx <- if (ncol(v) == 1 || nrow(v) == 1) paste0(".", if (ncol(v) == 1) i else j)
           else paste0(".", i, ".", j)
    out[[paste0(name, idx)]] <<- v[i, j]
  }
}
N <- d$N
cv <- complex(real = d$xr, imaginary = d$xi)
cm <- matrix(complex(real = d$Mr, imaginary = d$Mi), 2, 3)
putc("cv", cv); putc("crv", t(cv)); putc("cm", cm)
putc("ew", cv * cv + 2 * cv - (1 + 1i))
putc("q", cv / (cv + 1i))
putc("cm2", cm * 2i - cm)
putc("row2", t(cm[2, ])); putc("crvt", cv); putc("cmt", t(cm)); putc("c23", cm[2, 3])
putr("re_v", Re(cv)); putr("im_m", Im(cm))
putc("f", fft(cv)); putc("fi", fft(cv, inverse = TRUE) / N)
putc("round_trip", fft(fft(cv), inverse = TRUE) / N)
putc("s", sum(cv)); putc("ex", exp(cv))
za <- c(cv[1], cv[2] * 1i)
for (k in 1:2) { out[[paste0("za.", k, ".real")]] <- Re(za[k]); out[[paste0("za.", k, ".imag")]] <- Im(za[k]) }
zav <- list(cv, Conj(cv[3]) * cv)
for (k in 1:2) for (n in 1:N) {
  out[[paste0("zav.", k, ".", n, ".real")]] <- Re(zav[[k]][n])
  out[[paste0("zav.", k, ".", n, ".imag")]] <- Im(zav[[k]][n])
}
alias <- cv[1] * cv + cv
putc("alias", alias)
cat(sprintf("# %s; tests/e2e/complex/containers.R\n", R.version.string))
cat("name,value\n")
for (k in names(out)) cat(sprintf("%s,%.17g\n", k, out[[k]]))
