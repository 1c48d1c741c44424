#!/usr/bin/env bash
# ODE solvers end to end (ode/decay.bmodel): ode_rk45_tol and the old
# integrate_ode_bdf interface against the closed-form solution on every
# draw (max_err, computed in generated quantities, must stay below 1e-6 at
# tolerances 1e-8), and the gradient through the solver against finite
# differences.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
D=tests/e2e/ode
"$BMC" compile "$D/decay.bmodel" -o "$T/decay" >"$T/decay.log" 2>&1 \
    || { cat "$T/decay.log"; fail "cannot compile decay.bmodel"; finish; }
for seed in 1 2; do
    expect_run "gradient-seed-$seed" 0 "OK: gradient matches finite differences" \
        "$T/decay" diagnose --data "$D/data.json" --seed "$seed"
done
expect_run sample 0 "" "$T/decay" sample --data "$D/data.json" --chains 1 --warmup 200 \
    --draws 200 --sig-figs 10 --output "$T/out" --quiet
awk -F, '/^#/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
    { n++; if ($c["max_err"] > m) m = $c["max_err"] }
    END { printf "  %d draws, largest error against the closed form %g\n", n, m
          exit !(n == 200 && m < 1e-6) }' "$T/out/chain_1.csv" \
    && pass "ODE solutions match the closed form" || fail "ODE solutions are off"
finish
