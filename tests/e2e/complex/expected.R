# Reference values for tests/e2e/complex/values.bmodel, computed with R's
# own complex arithmetic (base R, not bmodel).  Run here:
#   Rscript expected.R > expected.csv
# proj(z) is z for a finite z (R has no proj).  acosh is taken at b (upper
# half plane): below the real axis R's acosh(z) = i acos(z) has a negative
# real part, while Stan (C++ std::acosh, as lower_complex.c) keeps it >= 0.
suppressMessages(library(jsonlite))
d <- fromJSON("data.json")
out <- list()
putc <- function(name, z) {
  out[[paste0(name, ".real")]] <<- Re(z)
  out[[paste0(name, ".imag")]] <<- Im(z)
}
put <- function(name, v) out[[name]] <<- v
a <- complex(real = d$ar, imaginary = d$ai)
b <- complex(real = d$br, imaginary = d$bi)
x <- d$x
putc("lit", 2i); putc("lit2", 3 + 1.5i); putc("zero", 0i); putc("prom", x + 0i)
putc("add_", a + b); putc("sub_", a - b); putc("mul_", a * b); putc("div_", a / b)
putc("neg_", -a); putc("addr", a + x); putc("rsub", x - a); putc("mulr", x * a)
putc("divr", x / a); putc("conj_", Conj(a)); putc("proj_", a)
putc("polar_", complex(modulus = d$r, argument = d$theta))
putc("exp_", exp(a)); putc("log_", log(a)); putc("log10_", log10(b)); putc("sqrt_", sqrt(a))
putc("pow_cc", a^b); putc("pow_cr", a^x); putc("pow_rc", (x + 0i)^b); putc("caret", a^b)
putc("caret2", b^2)
putc("sin_", sin(a)); putc("cos_", cos(a)); putc("tan_", tan(b))
putc("sinh_", sinh(a)); putc("cosh_", cosh(a)); putc("tanh_", tanh(b))
putc("asin_", asin(b)); putc("acos_", acos(b)); putc("atan_", atan(b))
putc("asinh_", asinh(a)); putc("acosh_", acosh(b)); putc("atanh_", atanh(b))
putc("chain", exp(a * b) / (1 + b) - 2.5i * Conj(a))
acc <- a; acc <- acc + b; acc <- acc * a; acc <- acc - 1i; acc <- acc / b; acc <- acc * acc
putc("acc", acc)
put("re_", Re(a)); put("im_", Im(a)); put("abs_", Mod(a)); put("arg_", Arg(a))
put("norm_", Mod(a)^2); put("absb", Mod(b * 2i))
put("eq1", as.integer(a == complex(real = d$ar, imaginary = d$ai)))
put("ne1", as.integer(a != b)); put("eq2", as.integer((x + 0i) == x)); put("eq3", as.integer(a == b))
cat(sprintf("# %s; %s\n", R.version.string, "tests/e2e/complex/expected.R"))
cat("name,value\n")
for (k in names(out)) cat(sprintf("%s,%.17g\n", k, out[[k]]))
