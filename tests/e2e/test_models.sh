#!/usr/bin/env bash
# Every model in models/ compiles, binds its shipped data, and its gradient
# matches central finite differences at random points (three seeds).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
for m in models/*.bmodel; do
    name=$(basename "$m" .bmodel)
    mapfile -t data < <(data_args "$m")
    [ ${#data[@]} -gt 0 ] || { fail "$m has no 'Data: models/...' comment"; continue; }
    expect_run "compile-$name" 0 "" "$BMC" compile "$m" -o "$T/$name" || continue
    [ -x "$T/$name" ] || continue
    for seed in 1 2 3; do
        expect_run "diagnose-$name-seed$seed" 0 "OK: gradient matches" \
            "$T/$name" diagnose "${data[@]}" --seed $seed
    done
done
finish
