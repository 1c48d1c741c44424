#!/usr/bin/env bash
# User-defined functions (inlined by the back end), end to end, on
# functions/functions.bmodel:
#  - the gradient matches finite differences at three random points;
#  - log-prob at a fixed point equals the closed form (normal and
#    lognormal log densities written out below; `~` drops constants);
#  - generated quantities: sq = mu^2 + c0 with c0 = sq_plus(2, 1) = 5
#    computed in transformed data, and a while-loop geometric sum, on
#    every draw; print() in transformed data writes one line.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
D=tests/e2e/functions
"$BMC" compile "$D/functions.bmodel" -o "$T/fn" >"$T/fn.log" 2>&1 \
    || { cat "$T/fn.log"; fail "cannot compile functions.bmodel"; finish; }
for seed in 1 2 3; do
    expect_run "gradient-seed-$seed" 0 "OK: gradient matches finite differences" \
        "$T/fn" diagnose --data "$D/data.csv" --seed "$seed"
done
printf '{"mu": 0.4, "sigma": 1.3, "v": [0.5, -1, 2]}\n' > "$T/point.json"
expect_run log-prob 0 "" "$T/fn" log-prob --data "$D/data.csv" --point "$T/point.json" \
    --no-jacobian --output "$T/lp"
lp=$(tail -1 "$T/lp/log_prob.csv" | cut -d, -f1)
awk -v lp="$lp" 'BEGIN {
    pi = atan2(0, -1); mu = 0.4; s = 1.3
    split("0.3 -1.2 0.8 2.1", y, " "); split("0.5 -1 2", v, " ")
    want = 0
    for (i = 1; i <= 4; i++) want += -0.5 * log(2 * pi) - log(s) - 0.5 * ((y[i] - mu) / s) ^ 2
    for (i = 1; i <= 3; i++) want += -0.5 * (v[i] / 3) ^ 2            # v ~ normal(0, 3), propto
    want += -0.5 * (mu / 5) ^ 2                                         # mu ~ normal(0, c0 = 5)
    want += -log(s) - 0.5 * log(s) ^ 2                                  # sigma ~ lognormal(0, 1)
    m = (v[1] + v[2] + v[3]) / 3
    want += 0.1 * ((v[1] - m) + (v[2] - m)) + 0.01 * mu                 # sum_to(vc, 2), clipped
    printf "  log-prob %.12f, closed form %.12f\n", lp, want
    d = lp - want; exit !(d < 1e-9 && d > -1e-9) }' \
    && pass "log-prob equals the closed form" || fail "log-prob differs from the closed form"
expect_run sample 0 "" "$T/fn" sample --data "$D/data.csv" --draws 200 --warmup 200 --chains 1 \
    --sig-figs 17 --output "$T/out" --quiet
awk -F, '/^#/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
    { n++; d = $c["sq"] - $c["mu"] ^ 2 - 5; if (d > 1e-9 || d < -1e-9) bad++
      if ($c["draw"] == "" || $c["draw"] == "nan") bad++
      s = $c["sigma"]; g = (1 - s ^ 4) / (1 - s); d = $c["geo"] - g
      if (d > 1e-9 * g || d < -1e-9 * g) bad++ }
    END { printf "  %d draws, %d wrong\n", n, bad; exit !(n == 200 && bad == 0) }' \
    "$T/out/chain_1.csv" && pass "generated quantities call the functions" \
    || fail "generated quantities are wrong"
grep -q "^c0 = 5 v = \[1,2.5\]$" "$T/sample.out" && pass "print in transformed data" \
    || fail "print output missing: $(head -3 "$T/sample.out")"
"$BMC" compile "$D/foreach.bmodel" -o "$T/fe" >"$T/fe.log" 2>&1 \
    || { cat "$T/fe.log"; fail "cannot compile foreach.bmodel"; finish; }
printf '{"mu": 0.3}\n' > "$T/fe_point.json"
expect_run foreach 0 "" "$T/fe" log-prob --data "$D/foreach.json" --point "$T/fe_point.json" \
    --output "$T/fe_lp"
[ "$(tail -1 "$T/fe_lp/log_prob.csv")" = "-20.01,17.35" ] && pass "foreach log-prob and gradient" \
    || fail "foreach: $(tail -1 "$T/fe_lp/log_prob.csv"), want -20.01,17.35"
for m in reduce_sum reduce_sum_direct; do
    "$BMC" compile "$D/$m.bmodel" -o "$T/$m" >"$T/$m.log" 2>&1 || fail "cannot compile $m"
    printf '{"mu": 0.4, "sigma": 1.3}\n' > "$T/rs_point.json"
    "$T/$m" log-prob --data "$D/reduce_sum.csv" --point "$T/rs_point.json" --output "$T/$m.lp" \
        >/dev/null 2>&1 || fail "$m log-prob"
done
[ "$(tail -1 "$T/reduce_sum.lp/log_prob.csv")" = "$(tail -1 "$T/reduce_sum_direct.lp/log_prob.csv")" ] \
    && pass "reduce_sum equals the direct sum (value and gradient)" \
    || fail "reduce_sum differs from the direct sum"
finish
