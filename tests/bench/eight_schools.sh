#!/usr/bin/env bash
# tests/bench/eight_schools.sh — the numbers issue 2 asks for, on this machine:
# bmc compile wall time, sampling wall time for 4 chains x 2000 iterations,
# and ns per log density / gradient (grad_bench.c, no sampler overhead) beside
# the sampler's own figure (chain time / leapfrog steps).  Not a test.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
model=models/eight_schools_noncentered.bmodel
secs() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
best=999
for i in 1 2 3 4 5; do
    s=$(secs bin/bmc compile "$model" -o "$t/es")
    best=$(echo "if ($s < $best) $s else $best" | bc -l)
done
printf 'bmc compile eight_schools_noncentered: %.3f s (best of 5)\n' "$best"
s=$(secs "$t/es" sample --data models/eight_schools.csv --chains 4 --warmup 1000 \
    --draws 1000 --seed 1 --output "$t/out" --quiet)
printf 'sample 4 chains x 2000 iterations: %.3f s wall\n' "$s"
"$t/es" sample --data models/eight_schools.csv --chains 4 --seed 1 --output "$t/out" \
    --threads 1 | grep 'gradient evaluations'
bin/bmc compile "$model" --emit-c "$t/es.c" -o "$t/es2" >/dev/null
. tests/bench/common.bash
${CC:-cc} $(bmc_cflags "$t") -D_GNU_SOURCE -Iruntime -Istdlib -Ilang tests/bench/grad_bench.c "$t/es.c" \
    lib/libbmrt.a -lm -o "$t/gb"
"$t/gb" models/eight_schools.csv | awk '{printf "log density alone: %s ns; with gradient: %s ns (dim %s); gradient/value ratio %.2f\n", $2, $4, $6, $4/$2}'
