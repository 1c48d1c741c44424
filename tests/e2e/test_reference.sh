#!/usr/bin/env bash
# End to end: compile, sample 4 chains x (1000 warmup + 1000 draws) with a
# fixed seed, and compare with the posteriordb reference posterior by the
# rule in tests/e2e/reference/README.md (bmc summary --reference).  Every
# model with a reference file takes part except those in SLOW, which only
# `make validate` (tests/validate/run.sh) runs: diamonds needs minutes.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
SLOW=" diamonds "
for ref in tests/e2e/reference/*.csv; do
    name=$(basename "$ref" .csv)
    [[ $SLOW == *" $name "* ]] && continue
    m=models/$name.bmodel
    mapfile -t data < <(data_args "$m")
    expect_run "compile-$name" 0 "" "$BMC" compile "$m" -o "$T/$name"
    expect_run "sample-$name" 0 "R_hat" "$T/$name" sample "${data[@]}" \
        --chains 4 --seed 20261122 --output "$T/out-$name"
    expect_run "reference-$name" 0 "" "$BMC" summary "$T/out-$name" \
        --reference "$ref"
    grep -E 'PASS|FAIL' "$T/reference-$name.out" | sed 's/^/    /'
done
finish
