#!/usr/bin/env bash
# Sampler options of a model program: --metric dense/unit, --metric-file
# (from an earlier run's CSV), --no-adapt, --thin, --save-warmup, --init FILE,
# and the plain-word diagnostics (E-BFMI, where divergences concentrate).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
"$BMC" compile models/eight_schools_centered.bmodel -o "$T/esc" >/dev/null 2>&1 \
    || { fail "cannot compile eight schools (centered)"; finish; }
D=models/eight_schools.csv

expect_run dense 0 "Elements of inverse mass matrix" \
    bash -c "'$T/esc' sample --data $D --metric dense --seed 3 --output '$T/dense' && cat '$T/dense/chain_1.csv'"
# a dense block has one comment row per parameter (10 for centered eight schools)
rows=$(awk '/Elements of inverse mass matrix/{f=1;next} f&&/^# [-0-9]/{n++} f&&!/^# [-0-9]/{f=0} END{print n+0}' "$T/dense/chain_1.csv")
[ "$rows" = 10 ] && pass "dense metric has 10 rows" || fail "dense metric has $rows rows, expected 10"
# the centered model's funnel: divergences concentrate at small tau
grep -q "tau is low" "$T/dense.out" && pass "divergences located at low tau" \
    || fail "no 'tau is low' in the divergence report"
grep -q "^E-BFMI per chain:" "$T/dense.out" && pass "E-BFMI reported" || fail "no E-BFMI line"

expect_run metric-file 0 "" "$T/esc" sample --data $D --metric dense \
    --metric-file "$T/dense/chain_1.csv" --no-adapt --warmup 100 --draws 200 --thin 2 \
    --save-warmup --output "$T/mf" --quiet
f=$T/mf/chain_1.csv
step=$(grep '^# Step size' "$T/dense/chain_1.csv" | sed 's/.*= //')
col3=$(grep -v '^#' "$f" | sed -n 2p | cut -d, -f3)
[ "$col3" = "$step" ] && pass "step size taken from the metric file" \
    || fail "stepsize__ $col3, expected $step from the metric file"
rows=$(grep -v '^#' "$f" | tail -n +2 | grep -c .)
[ "$rows" = 150 ] && pass "thin 2 with save-warmup: 50 + 100 rows" || fail "$rows rows, expected 150"
grep -q '^#     thin = 2' "$f" && grep -q '^#       engaged = 0' "$f" \
    && pass "config header records thin and engaged" || fail "config header lacks thin/engaged"
expect_run summary-skips-warmup 0 "4 chains x 100 draws" "$BMC" summary "$T/mf"

expect_run unit 0 "" "$T/esc" sample --data $D --metric unit --output "$T/unit" --quiet
grep -A1 'Diagonal elements' "$T/unit/chain_1.csv" | tail -1 | grep -q '^# 1, 1, 1, 1, 1, 1, 1, 1, 1, 1$' \
    && pass "unit metric stays the identity" || fail "unit metric was adapted"

printf 'mu,tau\n1.5,2.5\n' > "$T/init.csv"
expect_run init-csv 0 "" "$T/esc" sample --data $D --init "$T/init.csv" --warmup 0 \
    --draws 5 --output "$T/init" --quiet
grep -q '^# init = ' "$T/init/chain_1.csv" && pass "init file recorded" || fail "init not recorded"
printf '{"mu": 1, "tau": -1}' > "$T/init.json"
expect_run init-out-of-support 2 "'tau' is below its lower bound" \
    "$T/esc" sample --data $D --init "$T/init.json" --output "$T/bad" --quiet
printf '{"mu": [1, 2]}' > "$T/init2.json"
expect_run init-wrong-size 2 "'mu' has 2 element(s), the parameter has 1" \
    "$T/esc" sample --data $D --init "$T/init2.json" --output "$T/bad" --quiet
expect_run metric-wrong-size 2 "this model needs 10" \
    bash -c "echo '{\"inv_metric\": [1, 2, 3]}' > '$T/m.json' && '$T/esc' sample --data $D --metric-file '$T/m.json' --output '$T/bad' --quiet"
expect_run static 0 "" "$T/esc" sample --data $D --engine static --int-time 1.5 \
    --output "$T/static" --quiet
header=$(grep -v '^#' "$T/static/chain_1.csv" | head -1)
case "$header" in "lp__,accept_stat__,stepsize__,int_time__,energy__,mu,"*) pass "static HMC columns";;
    *) fail "static HMC header is '$header'";; esac
grep -q '^#             int_time = 1.5' "$T/static/chain_1.csv" && pass "int_time recorded" \
    || fail "int_time not in the config header"
expect_run bad-engine 2 "--engine expects nuts or static" "$T/esc" sample --data $D --engine hmc
expect_run init-from-pathfinder 0 "4 chains x 200 draws" "$T/esc" sample --data $D \
    --init-from-pathfinder --warmup 200 --draws 200 --output "$T/pf"
expect_run bad-metric-name 2 "--metric expects diag, dense or unit" \
    "$T/esc" sample --data $D --metric full
finish
