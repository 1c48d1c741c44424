#!/usr/bin/env bash
# break and continue (compiler/lower_jump.c), in for, while, nested and
# foreach loops: jumps/jumps.bmodel's generated quantities must equal values
# worked out by hand from jumps/data.json (x = 1.5, -2, 0.25, 3, -1, 0.5, 4,
# -3, 2), and its model block, which uses break and continue on a
# parameter, must have the gradient of finite differences.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
D=tests/e2e/jumps
"$BMC" compile "$D/jumps.bmodel" -o "$T/jumps" >"$T/c.log" 2>&1 ||
    { cat "$T/c.log"; fail "cannot compile jumps.bmodel"; finish; }
expect_run sample 0 "" "$T/jumps" sample --data "$D/data.json" --chains 1 --warmup 20 --draws 5 \
    --output "$T/out" --quiet
# pos6: x[1] + x[3] + x[4] + x[6] (continue skips the negatives, break at
# n = 7); last 6; whiles 5; pairs 1 + 2 + 3 + 4; odd values in 1..9: 5
want="5.25,6,5,10,5"
got=$(grep -v '^#' "$T/out/chain_1.csv" | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { print $c["pos6"] "," $c["last"] "," $c["whiles"] "," $c["pairs"] "," $c["odd"] }' | sort -u)
[ "$got" = "$want" ] && pass "values: $got" || fail "values: got '$got', want '$want'"
for seed in 1 2 3; do
    expect_run "gradient-seed-$seed" 0 "OK: gradient matches finite differences" \
        "$T/jumps" diagnose --data "$D/data.json" --seed "$seed"
done
finish
