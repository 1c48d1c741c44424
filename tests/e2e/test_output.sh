#!/usr/bin/env bash
# Stan CSV layout (CmdStan's), and identical draws whatever the thread count.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
"$BMC" compile models/eight_schools_noncentered.bmodel -o "$T/es" >/dev/null 2>&1 \
    || { fail "cannot compile eight schools"; finish; }
expect_run threads1 0 "" "$T/es" sample --data models/eight_schools.csv --seed 7 \
    --warmup 300 --draws 200 --threads 1 --output "$T/t1" --quiet
expect_run threads2 0 "" "$T/es" sample --data models/eight_schools.csv --seed 7 \
    --warmup 300 --draws 200 --threads 2 --output "$T/t2" --quiet
for k in 1 2 3 4; do
    f1=$T/t1/chain_$k.csv f2=$T/t2/chain_$k.csv
    [ -f "$f1" ] && [ -f "$f2" ] || { fail "chain_$k.csv missing"; continue; }
    if diff <(grep -v -i 'elapsed\|seconds\|file = ' "$f1") <(grep -v -i 'elapsed\|seconds\|file = ' "$f2") >/dev/null; then
        pass "chain $k identical with 1 and 2 threads"
    else
        fail "chain $k differs between 1 and 2 threads"
    fi
done
f=$T/t1/chain_1.csv
header=$(grep -v '^#' "$f" | head -1)
want="lp__,accept_stat__,stepsize__,treedepth__,n_leapfrog__,divergent__,energy__,theta_trans.1"
case "$header" in "$want"*) pass "column header";; *) fail "header is '$header'";; esac
echo "$header" | grep -q ',mu,tau,theta.1,' || fail "params then tparams order: $header"
echo "$header" | grep -q 'theta.8$' || fail "last column should be theta.8: $header"
rows=$(grep -v '^#' "$f" | tail -n +2 | grep -c .)
[ "$rows" = 200 ] && pass "200 draw rows" || fail "$rows draw rows, expected 200"
for line in '# Adaptation terminated' '# Step size = ' '# Diagonal elements of inverse mass matrix:' 'Elapsed Time'; do
    grep -qF "$line" "$f" && pass "has '$line'" || fail "missing '$line'"
done
# adaptation block comes after the header row and before the first draw
awk '/^lp__/{h=NR} /Adaptation terminated/{a=NR} /^-?[0-9]/{if(!d)d=NR} END{exit !(h<a && a<d)}' "$f" \
    && pass "adaptation block placement" || fail "adaptation block misplaced"
[ -z "$(ls "$T/t1" | grep -v '^chain_[1-4].csv$')" ] && pass "no stray files" || fail "stray files: $(ls "$T/t1")"
expect_run summary-cmd 0 "ESS_bulk" "$BMC" summary "$T/t1"
finish
