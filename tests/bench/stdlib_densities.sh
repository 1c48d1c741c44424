#!/usr/bin/env bash
# tests/bench/stdlib_densities.sh — ns per element of normal, student_t,
# poisson_log, bernoulli_logit and multi_normal_cholesky over N elements
# (default 10^6; BM_BENCH_N), value alone beside value with gradient, in one
# run:
#   kernel     the stdlib function in a C loop (kernel_bench.c), at the
#              parameter values grad_bench used
#   generated  the model's log_density through the model ABI (grad_bench.c
#              on bmc's generated C for tests/bench/models/NAME.bmodel, with
#              target += NAME_lpdf(y | ...): the full density, as the kernel)
# multi_normal_cholesky has no stdlib kernel (compiler/lower_multi.c lowers it
# to IR loops), so it has a generated row only: N/K vectors of size K = 10.
# Data are drawn at bench time into a temp dir from a fixed seed.  Each figure
# is a median over batches for about BM_BENCH_SECONDS (default 0.3) s of CPU
# time; every C program here is compiled with the flags bmc uses for models.
# Not a test.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
N=${BM_BENCH_N:-1000000}
K=10
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
CC=${CC:-cc}
. tests/bench/common.bash
cflags="$(bmc_cflags "$t")-D_GNU_SOURCE -Iruntime -Istdlib -Ilang -Itests/bench"
$CC $cflags tests/bench/gen_data.c -lm -o "$t/gen_data"
$CC $cflags tests/bench/kernel_bench.c lib/libbmrt.a -lm -o "$t/kernel_bench"
"$t/gen_data" "$t" "$N" "$K"

echo "density benchmark: N = $N elements, ns per element ($(date +%F), $(uname -m), $CC $(bmc_cflags "$t"))"
printf '%-22s %-9s %10s %12s %7s\n' density code value gradient ratio
row() {  # NAME CODE ELEMENTS "ns_value V ns_gradient G ..."
    echo "$4" | awk -v name="$1" -v code="$2" -v n="$3" \
        '{printf "%-22s %-9s %10.2f %12.2f %7.2f\n", name, code, $2/n, $4/n, $4/$2}'
}
for d in normal student_t poisson_log bernoulli_logit multi_normal_cholesky; do
    bin/bmc compile "tests/bench/models/$d.bmodel" --no-pedantic --dump=c > "$t/$d.c"
    $CC $cflags tests/bench/grad_bench.c "$t/$d.c" lib/libbmrt.a -lm -o "$t/gb_$d"
    rows=$N
    extra=""
    if [ "$d" = multi_normal_cholesky ]; then rows=$((N / K)); extra="K=$K"; fi
    gen=$("$t/gb_$d" "$t/$d.csv" "N=$rows" $extra)
    if [ "$d" != multi_normal_cholesky ]; then  # the kernel at the same parameter values
        params=$(echo "$gen" | sed -n 's/.* params //p')
        row "$d" kernel "$N" "$("$t/kernel_bench" "$t" "$d" $params)"
    fi
    row "$d" generated "$N" "$gen"
done
