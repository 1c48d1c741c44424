#!/usr/bin/env bash
# End to end: compile, sample 4 chains x (1000 warmup + 1000 draws) with a
# fixed seed, and compare with the posteriordb reference posterior by the
# rule in tests/e2e/reference/README.md (bmc summary --reference).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
for name in eight_schools_noncentered kidiq_momiq earnings_height; do
    m=models/$name.bmodel
    data=$(data_of "$m")
    expect_run "compile-$name" 0 "" "$BMC" compile "$m" -o "$T/$name"
    expect_run "sample-$name" 0 "R_hat" "$T/$name" sample --data "$data" \
        --chains 4 --seed 20261122 --output "$T/out-$name"
    expect_run "reference-$name" 0 "" "$BMC" summary "$T/out-$name" \
        --reference tests/e2e/reference/$name.csv
    grep -E 'PASS|FAIL' "$T/reference-$name.out" | sed 's/^/    /'
done
finish
