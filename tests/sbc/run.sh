#!/usr/bin/env bash
# tests/sbc/run.sh — `make sbc`: compiles the three SBC models and the
# driver (tests/sbc/sbc.c), runs REPS (default 500) replications of each and
# prints the rank histograms and chi-square p-values; the table is kept in
# OUT/sbc_results.txt.  Usage: run.sh BMC OUT [REPS]
set -eu
bmc=$1 out=$2 reps=${3:-500}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
mkdir -p "$out/bin" "$out/work"
for m in eight_schools_noncentered linear_regression logistic_regression; do
    "$bmc" compile "models/$m.bmodel" -o "$out/bin/$m"
done
${CC:-cc} -std=c11 -O2 -Wall -Wextra -D_GNU_SOURCE -fopenmp -Iruntime tests/sbc/sbc.c -lm \
    -o "$out/sbc"
"$out/sbc" "$out/bin" "$reps" "$out/work"
cp "$out/work/sbc_results.txt" "$out/sbc_results.txt"
