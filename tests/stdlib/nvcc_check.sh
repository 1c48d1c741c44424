#!/usr/bin/env bash
# tests/stdlib/nvcc_check.sh — checks that stdlib/bm_math.h compiles as CUDA
# device code: a kernel calls every math function and density of the catalog.
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
#include "bm_math.h"
__global__ void k(double *o, int *n) {
    double x = o[0], y = o[1], d1, d2, d3, d4, s = 0;
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
CU
if "$nvcc" -x cu -I"$root/stdlib" -Werror all-warnings -c "$tmp/k.cu" -o "$tmp/k.o" 2> "$tmp/err"; then
    echo "nvcc_check: OK (bm_math.h compiles as device code)"
    exit 0
fi
cat "$tmp/err"
echo "nvcc_check: FAILED"
exit 1
