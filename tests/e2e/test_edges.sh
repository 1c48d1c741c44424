#!/usr/bin/env bash
# Semantics at the edges, as Stan: an invalid argument in the model block
# rejects the current proposal (the run goes on and reports how many, with
# the first message naming the function, each argument and its value); in
# transformed data it is a fatal error (exit non-zero, no output files).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
D=tests/e2e/edges
"$BMC" compile "$D/reject_in_model.bmodel" -o "$T/rm" >/dev/null 2>&1 || fail "cannot compile reject_in_model"
expect_run reject-in-model 0 "normal: invalid arguments y = 0.3, mu = 0, sigma = -" \
    "$T/rm" sample y=0.3 --chains 2 --warmup 200 --draws 200 --output "$T/rm_out"
grep -q "^Rejected proposals: [1-9]" "$T/reject-in-model.out" && pass "rejections are counted" \
    || fail "no rejection count"
[ -f "$T/rm_out/chain_1.csv" ] && [ -f "$T/rm_out/chain_2.csv" ] && pass "draws written" || fail "no draws"
"$BMC" compile "$D/fatal_in_tdata.bmodel" -o "$T/ft" >/dev/null 2>&1 || fail "cannot compile fatal_in_tdata"
expect_run fatal-in-tdata 2 "exponential_rng: invalid argument beta = -2" \
    "$T/ft" sample --chains 1 --output "$T/ft_out"
[ ! -e "$T/ft_out/chain_1.csv" ] && pass "no output after a fatal error" || fail "output left behind"
finish
