#!/usr/bin/env bash
# tests/stdlib/nvcc_check.sh — checks that stdlib/bm_math.h compiles as CUDA
# device code: kernels call every math function and density of the catalog
# (the math functions through kernels written by gen_nvcc_math.c from the
# catalog itself, so a new entry is checked without editing this file), and
# every density, cdf and _rng of bm_dist_cont.h, bm_dist_disc.h, bm_cdf.h and
# bm_dist_rng.h.
# In: nvcc at $NVCC, on PATH, or /usr/local/cuda/bin/nvcc.  Out: exit 0 when
# it compiles (or, with a message, when nvcc is missing), non-zero otherwise.
# Never: needs a GPU (it only compiles) or writes outside a temporary folder.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
nvcc=${NVCC:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}
if [ ! -x "$nvcc" ]; then
    echo "nvcc_check: SKIP (nvcc not found)"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/k.cu" <<'CU'
/* one kernel per group: ptxas time grows fast with kernel size */
#include "bm_math.h"
__global__ void k_math(double *o, int *n) {
    double x = o[0], y = o[1], d1 = 0, d2 = 0, d3 = 0, d4 = 0, s = 0;
    s += bm_exp_d(x, &d1) + bm_log_d(x, &d1) + bm_sqrt_d(x, &d1) + bm_square_d(x, &d1);
    s += bm_inv_logit_d(x, &d1) + bm_log1p_d(x, &d1) + bm_lgamma_d(x, &d1);
    s += bm_log_inv_logit_d(x, &d1) + bm_log1m_inv_logit_d(x, &d1) + bm_log1m_d(x, &d1);
    s += bm_fabs_d(x, &d1) + bm_expm1_d(x, &d1) + bm_log_sum_exp_d(x, y, &d1, &d2);
    s += bm_pow_d(x, y, &d1, &d2) + bm_digamma_d(x, &d1) + bm_logit_d(x, &d1);
    s += bm_inv_d(x, &d1) + bm_inv_sqrt_d(x, &d1) + bm_inv_square_d(x, &d1);
    s += bm_exp(x) + bm_log(x) + bm_lgamma(x) + bm_digamma(x) + bm_pow(x, y);
    s += bm_normal_lpdf(x, y, 1, 1, 7u, &d1, &d2, &d3);
    s += bm_cauchy_lpdf(x, y, 1, 0, 7u, &d1, &d2, &d3);
    s += bm_student_t_lpdf(x, 3, y, 1, 0, 15u, &d1, &d2, &d3, &d4);
    s += bm_exponential_lpdf(x, y, 0, 3u, &d1, &d2);
    s += bm_gamma_lpdf(x, 2, y, 0, 7u, &d1, &d2, &d3);
    s += bm_beta_lpdf(x, 2, y, 0, 7u, &d1, &d2, &d3);
    s += bm_lognormal_lpdf(x, y, 1, 0, 7u, &d1, &d2, &d3);
    s += bm_bernoulli_logit_lpmf(n[0], x, 0, 2u, &d1);
    s += bm_binomial_lpmf(n[0], n[1], x, 0, 4u, &d1);
    s += bm_poisson_log_lpmf(n[0], x, 0, 2u, &d1);
    o[2] = s + d1 + d2 + d3 + d4;
}
__global__ void k_dens(double *o, int *n) {
    double x = o[0], y = o[1], d1 = 0, d2 = 0, d3 = 0, d4 = 0, s = 0;
    s += bm_std_normal_lpdf(x, 0, 1u, &d1);
    s += bm_double_exponential_lpdf(x, y, 1, 0, 7u, &d1, &d2, &d3);
    s += bm_logistic_lpdf(x, y, 1, 0, 7u, &d1, &d2, &d3);
    s += bm_gumbel_lpdf(x, y, 1, 0, 7u, &d1, &d2, &d3);
    s += bm_skew_normal_lpdf(x, y, 1, 2, 0, 15u, &d1, &d2, &d3, &d4);
    s += bm_exp_mod_normal_lpdf(x, y, 1, 2, 0, 15u, &d1, &d2, &d3, &d4);
    s += bm_chi_square_lpdf(x, y, 0, 3u, &d1, &d2);
    s += bm_inv_chi_square_lpdf(x, y, 0, 3u, &d1, &d2);
    s += bm_scaled_inv_chi_square_lpdf(x, y, 1, 0, 7u, &d1, &d2, &d3);
    s += bm_inv_gamma_lpdf(x, y, 1, 0, 7u, &d1, &d2, &d3);
    s += bm_weibull_lpdf(x, y, 1, 0, 7u, &d1, &d2, &d3);
    s += bm_frechet_lpdf(x, y, 1, 0, 7u, &d1, &d2, &d3);
    s += bm_rayleigh_lpdf(x, y, 0, 3u, &d1, &d2);
    s += bm_pareto_lpdf(x, y, 1, 0, 7u, &d1, &d2, &d3);
    s += bm_pareto_type_2_lpdf(x, y, 1, 2, 0, 15u, &d1, &d2, &d3, &d4);
    s += bm_beta_proportion_lpdf(x, y, 1, 0, 7u, &d1, &d2, &d3);
    s += bm_von_mises_lpdf(x, y, 1, 0, 7u, &d1, &d2, &d3);
    s += bm_uniform_lpdf(x, y, 1, 0, 7u, &d1, &d2, &d3);
    s += bm_skew_double_exponential_lpdf(x, y, 1, 0.3, 0, 15u, &d1, &d2, &d3, &d4);
    s += bm_loglogistic_lpdf(x, y, 2, 0, 7u, &d1, &d2, &d3);
    s += bm_bernoulli_lpmf(n[0], x, 0, 2u, &d1);
    s += bm_binomial_logit_lpmf(n[0], n[1], x, 0, 4u, &d1);
    s += bm_beta_binomial_lpmf(n[0], n[1], x, y, 0, 12u, &d1, &d2);
    s += bm_neg_binomial_lpmf(n[0], x, y, 0, 6u, &d1, &d2);
    s += bm_neg_binomial_2_lpmf(n[0], x, y, 0, 6u, &d1, &d2);
    s += bm_neg_binomial_2_log_lpmf(n[0], x, y, 0, 6u, &d1, &d2);
    s += bm_poisson_lpmf(n[0], x, 0, 2u, &d1);
    s += bm_discrete_range_lpmf(n[0], n[1], n[2], 0, 0u);
    s += bm_hypergeometric_lpmf(n[0], n[1], n[2], n[3], 0, 0u);
    o[2] = s + d1 + d2 + d3 + d4;
}
#define C3(f, ...) s += bm_##f##_cdf(__VA_ARGS__) + bm_##f##_lcdf(__VA_ARGS__) + bm_##f##_lccdf(__VA_ARGS__);
__global__ void k_cdf1(double *o, int *n) {
    double x = o[0], y = o[1], d1 = 0, d2 = 0, d3 = 0, d4 = 0, s = 0;
    C3(normal, x, y, 1, &d1, &d2, &d3) C3(std_normal, x, &d1) C3(lognormal, x, y, 1, &d1, &d2, &d3)
    C3(cauchy, x, y, 1, &d1, &d2, &d3) C3(logistic, x, y, 1, &d1, &d2, &d3)
    C3(double_exponential, x, y, 1, &d1, &d2, &d3) C3(gumbel, x, y, 1, &d1, &d2, &d3)
    C3(exponential, x, y, &d1, &d2) C3(weibull, x, y, 1, &d1, &d2, &d3)
    C3(frechet, x, y, 1, &d1, &d2, &d3) C3(rayleigh, x, y, &d1, &d2)
    C3(pareto, x, y, 1, &d1, &d2, &d3) C3(pareto_type_2, x, y, 1, 2, &d1, &d2, &d3, &d4)
    C3(uniform, x, y, 1, &d1, &d2, &d3) C3(gamma, x, y, 1, &d1, &d2, &d3)
    C3(skew_double_exponential, x, y, 1, 0.3, &d1, &d2, &d3, &d4) C3(loglogistic, x, y, 2, &d1, &d2, &d3)
    o[2] = s + d1 + d2 + d3 + d4;
}
__global__ void k_cdf2(double *o, int *n) {
    double x = o[0], y = o[1], d1 = 0, d2 = 0, d3 = 0, d4 = 0, s = 0;
    C3(chi_square, x, y, &d1, &d2) C3(inv_gamma, x, y, 1, &d1, &d2, &d3)
    C3(inv_chi_square, x, y, &d1, &d2) C3(scaled_inv_chi_square, x, y, 1, &d1, &d2, &d3)
    C3(beta, x, y, 1, &d1, &d2, &d3) C3(beta_proportion, x, y, 1, &d1, &d2, &d3)
    C3(student_t, x, y, 0, 1, &d1, &d2, &d3, &d4) C3(exp_mod_normal, x, y, 1, 2, &d1, &d2, &d3, &d4)
    C3(skew_normal, x, y, 1, 2, &d1, &d2, &d3, &d4) C3(von_mises, x, y, 1, &d1, &d2, &d3)
    C3(poisson, n[0], x, &d1) C3(binomial, n[0], n[1], x, &d1)
    C3(neg_binomial_2, n[0], x, y, &d1, &d2) C3(neg_binomial, n[0], x, y, &d1, &d2)
    C3(bernoulli, n[0], x, &d1) C3(beta_binomial, n[0], n[1], x, y, &d1, &d2)
    C3(discrete_range, n[0], n[1], n[2])
    o[2] = s + d1 + d2 + d3 + d4;
}
__global__ void k_rng(double *o, int *n) {
    double x = o[0], y = o[1], d1 = 0, d2 = 0, d3 = 0, d4 = 0, s = 0;
    bm_rng r;
    bm_rng_seed(&r, 1, (uint64_t)n[0]);
    s += bm_normal_rng(x, 1, &r) + bm_std_normal_rng(&r) + bm_student_t_rng(3, x, 1, &r);
    s += bm_cauchy_rng(x, 1, &r) + bm_double_exponential_rng(x, 1, &r) + bm_logistic_rng(x, 1, &r);
    s += bm_gumbel_rng(x, 1, &r) + bm_skew_normal_rng(x, 1, y, &r) + bm_exp_mod_normal_rng(x, 1, y, &r);
    s += bm_lognormal_rng(x, 1, &r) + bm_chi_square_rng(x, &r) + bm_inv_chi_square_rng(x, &r);
    s += bm_scaled_inv_chi_square_rng(x, y, &r) + bm_exponential_rng(x, &r) + bm_gamma_rng(x, y, &r);
    s += bm_inv_gamma_rng(x, y, &r) + bm_weibull_rng(x, y, &r) + bm_frechet_rng(x, y, &r);
    s += bm_rayleigh_rng(x, &r) + bm_pareto_rng(x, y, &r) + bm_pareto_type_2_rng(x, 1, y, &r);
    s += bm_beta_rng(x, y, &r) + bm_beta_proportion_rng(0.5, y, &r) + bm_von_mises_rng(x, y, &r);
    s += bm_uniform_rng(x, y, &r) + bm_skew_double_exponential_rng(x, 1, y, &r) + bm_loglogistic_rng(x, y, &r);
    s += bm_bernoulli_rng(x, &r) + bm_bernoulli_logit_rng(x, &r) + bm_binomial_rng(n[0], x, &r);
    s += bm_binomial_logit_rng(n[0], x, &r) + bm_beta_binomial_rng(n[0], x, y, &r);
    s += bm_poisson_rng(x, &r) + bm_poisson_log_rng(x, &r) + bm_neg_binomial_rng(x, y, &r);
    s += bm_neg_binomial_2_rng(x, y, &r) + bm_neg_binomial_2_log_rng(x, y, &r);
    s += bm_discrete_range_rng(n[0], n[1], &r) + bm_hypergeometric_rng(n[0], n[1], n[2], &r);
    o[2] = s + d1 + d2 + d3 + d4;
}
CU
# the catalog's math functions, value and partials, from the catalog
if ! ${CC:-cc} -std=c11 -I"$root/stdlib" "$here/gen_nvcc_math.c" "$root/stdlib/catalog.c" \
        -o "$tmp/gen" || ! "$tmp/gen" >> "$tmp/k.cu"; then
    echo "nvcc_check: FAILED (could not generate the catalog kernels)"
    exit 1
fi
if "$nvcc" -x cu -I"$root/stdlib" -Werror all-warnings -c "$tmp/k.cu" -o "$tmp/k.o" 2> "$tmp/err"; then
    echo "nvcc_check: OK (bm_math.h compiles as device code)"
    exit 0
fi
cat "$tmp/err"
echo "nvcc_check: FAILED"
exit 1
