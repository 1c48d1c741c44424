# tests/e2e/functions/make_hyper_data.R — data and reference values for
# hyper.bmodel (tests/e2e/test_functions.sh).
#
# In:  nothing (the cases are listed below).  Out: hyper.json (the model's
# data: the cases' a and b concatenated, their sizes P and Q, z, and x for
# the gradient check) and hyper_ref.csv (case, expected pFq value, and the R
# expression it came from: closed forms, Saalschutz's theorem, the CRAN gsl
# package's Kummer and dilogarithm functions, or, where none applies, the
# series summed in R); hyper_grad.json and hyper_grad_ref.csv (a point of
# hyper_grad.bmodel and 3F2's value and gradient there, from the series
# and its term-by-term derivatives summed in R).  Regenerate from the repository root with
#     Rscript tests/e2e/functions/make_hyper_data.R
# R is not needed to run the tests.
suppressPackageStartupMessages(library(gsl))
cases <- list()
case <- function(a, b, z, value, expr)
  cases[[length(cases) + 1]] <<- list(a = a, b = b, z = z, value = value, expr = expr)
poch <- function(x, n) prod(x + seq_len(n) - 1)
sum_pfq <- function(a, b, z, n = 400) {
  s <- 1; t <- 1
  for (k in 0:n) { t <- t * prod(a + k) / prod(b + k) * z / (k + 1); s <- s + t }
  s
}

case(numeric(0), numeric(0), 1.5, exp(1.5), "exp(z) (0F0)")
case(numeric(0), 0.5, -0.36, cos(sqrt(4 * 0.36)), "cos(2 sqrt(-z)) (0F1(; 1/2; z))")
case(numeric(0), 2.5, -2.25, gamma(2.5) * 1.5^(-1.5) * besselJ(3, 1.5),
     "gamma(v+1) (x/2)^(-v) besselJ(x, v), v = 1.5, x = 3 (0F1(; v+1; -x^2/4))")
case(1.7, numeric(0), -0.5, exp(-1.7 * log1p(0.5)), "exp(-a log1p(-z)) (1F0)")
case(1, 2, 0.5, expm1(0.5) / 0.5, "expm1(z) / z (1F1(1; 2; z))")
case(1, 2, -3, expm1(-3) / -3, "expm1(z) / z (1F1(1; 2; z))")
case(0.7, 2.3, -1.2, hyperg_1F1(0.7, 2.3, -1.2), "gsl::hyperg_1F1(a, b, z)")
case(2.5, 1.5, 3, hyperg_1F1(2.5, 1.5, 3), "gsl::hyperg_1F1(a, b, z)")
case(c(1, 1), 2, 0.3, -log1p(-0.3) / 0.3, "-log1p(-z) / z (2F1(1, 1; 2; z))")
case(c(1.3, 2.7), 3.1, 0.45, hyperg_2F1(1.3, 2.7, 3.1, 0.45), "gsl::hyperg_2F1(a1, a2, b, z)")
case(c(-2, 1.5), numeric(0), 0.4, 1 - 2 * 1.5 * 0.4 + 1.5 * 2.5 * 0.4^2,
     "1 - 2 b z + b (b + 1) z^2 (2F0(-2, b;; z), a polynomial)")
case(c(1, 1, 1), c(2, 2), 0.5, dilog(0.5) / 0.5, "gsl::dilog(z) / z (3F2(1, 1, 1; 2, 2; z))")
case(c(1, 1, 1), c(2, 2), -0.8, dilog(-0.8) / -0.8, "gsl::dilog(z) / z (3F2(1, 1, 1; 2, 2; z))")
case(c(-3, 1.5, 2.25), c(4, 1 + 1.5 + 2.25 - 4 - 3), 1,
     poch(4 - 1.5, 3) * poch(4 - 2.25, 3) / (poch(4, 3) * poch(4 - 1.5 - 2.25, 3)),
     "Saalschutz: (c-a)_n (c-b)_n / ((c)_n (c-a-b)_n) (3F2(-n, a, b; c, 1+a+b-c-n; 1))")
case(c(0.8, 1.7, 2.9), c(1.7, 2.9), -0.7, exp(-0.8 * log1p(0.7)), "exp(-a1 log1p(-z)) (3F2(a1, b1, b2; b1, b2; z))")
case(c(1.5, 0.5), c(2.5, 3), 2, sum_pfq(c(1.5, 0.5), c(2.5, 3), 2), "the series summed in R (401 terms)")
case(c(1.2, 0.4, 2.5, 1.5), c(3, 2.2, 0.9), 0.5, sum_pfq(c(1.2, 0.4, 2.5, 1.5), c(3, 2.2, 0.9), 0.5),
     "the series summed in R (401 terms)")

# the gradient of 3F2 at one point (hyper_grad.bmodel): the differentiated
# series, summed in R
ga <- c(0.5, 1.5, 2.25); gb <- c(3.5, 2.5); gz <- 0.4
grad_terms <- function(a, b, z, n = 300) {
  t <- 1; da <- numeric(length(a)); db <- numeric(length(b)); ha <- da; hb <- db
  for (k in 0:n) {
    t <- t * prod(a + k) / prod(b + k) * z / (k + 1)
    ha <- ha + 1 / (a + k); hb <- hb + 1 / (b + k)
    da <- da + t * ha; db <- db - t * hb
  }
  c(da, db)
}
grad <- c(sum_pfq(ga, gb, gz), prod(ga) / prod(gb) * sum_pfq(ga + 1, gb + 1, gz), grad_terms(ga, gb, gz))
writeLines(sprintf('{"z": %.17g, "a": [%s], "b": [%s]}', gz, paste(ga, collapse = ", "),
                   paste(gb, collapse = ", ")), "tests/e2e/functions/hyper_grad.json")
writeLines(c("what,value,expr",
             sprintf('%s,%.17g,"%s"', c("lp", "dz", "da1", "da2", "da3", "db1", "db2"), grad,
                     c("sum of the series (301 terms)", "prod(a) / prod(b) 3F2(a + 1; b + 1; z), summed",
                       rep("sum_k t_k sum_{j<k} 1 / (a_i + j)", 3),
                       rep("-sum_k t_k sum_{j<k} 1 / (b_i + j)", 2)))),
           "tests/e2e/functions/hyper_grad_ref.csv")

A <- unlist(lapply(cases, `[[`, "a")); B <- unlist(lapply(cases, `[[`, "b"))
num <- function(v) paste(sprintf("%.17g", v), collapse = ", ")
json <- c("{",
  sprintf('  "K": %d,', length(cases)),
  sprintf('  "P": [%s],', paste(sapply(cases, function(k) length(k$a)), collapse = ", ")),
  sprintf('  "Q": [%s],', paste(sapply(cases, function(k) length(k$b)), collapse = ", ")),
  sprintf('  "NA": %d, "A": [%s],', length(A), num(A)),
  sprintf('  "NB": %d, "B": [%s],', length(B), num(B)),
  sprintf('  "Z": [%s],', num(sapply(cases, `[[`, "z"))),
  '  "N": 4, "x": [0.1, -0.5, 0.35, 0.8]',
  "}")
writeLines(json, "tests/e2e/functions/hyper.json")
ref <- data.frame(case = seq_along(cases), value = sprintf("%.17g", sapply(cases, `[[`, "value")),
                  expr = sapply(cases, `[[`, "expr"))
writeLines(c("case,value,expr", sprintf('%d,%s,"%s"', ref$case, ref$value, ref$expr)),
           "tests/e2e/functions/hyper_ref.csv")
