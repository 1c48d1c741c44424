#!/usr/bin/env bash
# Posteriors known in closed form, end to end: coin flip with a beta(2, 2)
# prior and h heads in N flips has posterior beta(2 + h, 2 + N - h).  The
# sampled mean must be within 4 MCSE of the exact mean, and the sd within
# 10% (4 x 2,500 draws).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
"$BMC" compile models/coin_flip.bmodel -o "$T/coin" >/dev/null 2>&1 \
    || { fail "cannot compile coin_flip"; finish; }
expect_run coin-sample 0 "" "$T/coin" sample --data models/coin_flip.csv --seed 2026 \
    --draws 2500 --output "$T/coin_out"
read -r N h < <(awk -F, 'NR > 1 {n++; s += $1} END {print n, s}' models/coin_flip.csv)
row=$(grep -E '^ +p ' "$T/coin-sample.out")
awk -v a=$((2 + h)) -v b=$((2 + N - h)) -v row="$row" 'BEGIN {
    split(row, f, " "); mean = f[2]; mcse = f[3]; sd = f[4]
    em = a / (a + b); esd = sqrt(a * b / ((a + b) ^ 2 * (a + b + 1)))
    printf "  exact beta(%d, %d): mean %.4f sd %.4f; sampled mean %s (MCSE %s) sd %s\n", a, b, em, esd, mean, mcse, sd
    ok = (mean - em) ^ 2 <= (4 * mcse) ^ 2 && sd / esd > 0.9 && sd / esd < 1.1
    exit !ok }' && pass "coin flip matches beta(2 + h, 2 + N - h)" \
    || fail "coin flip posterior differs from the exact beta"
finish
