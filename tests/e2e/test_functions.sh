#!/usr/bin/env bash
# User-defined functions (inlined by the back end), end to end, on
# functions/functions.bmodel (and Stan's hypergeometric functions on
# functions/hyper.bmodel, at the end):
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

# inline_once.bmodel: the density at mu = 1 is -1/2 - 1/2 (each _lp call
# adds once), and flip(-3) in transformed data is 3.
"$BMC" compile --no-pedantic "$D/inline_once.bmodel" -o "$T/io" >"$T/io.log" 2>&1 \
    || { cat "$T/io.log"; fail "cannot compile inline_once.bmodel"; }
printf '{"mu": 1}\n' > "$T/io_point.json"
expect_run inline-once 0 "" "$T/io" log-prob --point "$T/io_point.json" --output "$T/io_lp"
[ "$(tail -1 "$T/io_lp/log_prob.csv")" = "-1,-2" ] && pass "two _lp calls in one expression add once each" \
    || fail "inline_once: log-prob $(tail -1 "$T/io_lp/log_prob.csv"), want -1,-2"
expect_run early-return-tdata 0 "" "$T/io" sample --chains 1 --warmup 5 --draws 1 --output "$T/io_out" --quiet
grep -v '^#' "$T/io_out/chain_1.csv" | awk -F, 'NR == 2 { exit $NF != 3 }' \
    && pass "a function's result in transformed data after a skipped early return" \
    || fail "early return in transformed data: wrong value"

# Hypergeometric functions (hyper.bmodel): hypergeometric_pFq / _3F2 / _2F1
# values against R (hyper_ref.csv, from make_hyper_data.R: closed forms,
# Saalschutz's theorem, gsl), relative error 1e-12; gradients through every
# argument against finite differences; 3F2's gradient (hyper_grad.bmodel)
# against its differentiated series summed in R (d/dz = prod a / prod b
# 3F2(a + 1; b + 1; z)); and the located rejections of the series lowered
# to IR (divergent, wrong sizes, not converged, cancellation, a pole in b).
"$BMC" compile "$D/hyper.bmodel" -o "$T/hy" >"$T/hy.log" 2>&1 \
    || { cat "$T/hy.log"; fail "cannot compile hyper.bmodel"; finish; }
for seed in 1 2 3; do
    expect_run "hyper-gradient-seed-$seed" 0 "OK: gradient matches finite differences" \
        "$T/hy" diagnose --data "$D/hyper.json" --seed "$seed"
done
expect_run hyper-sample 0 "" "$T/hy" sample --data "$D/hyper.json" --draws 5 --warmup 20 --chains 1 \
    --sig-figs 17 --output "$T/hy_out" --quiet
awk -F, 'FNR == 1 && FILENAME ~ /ref/ { next }
    FILENAME ~ /ref/ { want[$1] = $2; n++; next }
    /^#/ { next }
    !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
    !done { done = 1
        for (k = 1; k <= n; k++) for (f = 1; f <= 3; f++) {
            col = (f == 1 ? "F." : f == 2 ? "F3." : "F21.") k
            got = $c[col]; d = got - want[k]; if (d < 0) d = -d
            w = want[k] < 0 ? -want[k] : want[k]
            if (!(d <= 1e-12 * w)) { printf "  %s = %s, R: %s\n", col, got, want[k]; bad++ }
            if (d / w > worst) worst = d / w
        } }
    END { printf "  %d cases x 3 functions, worst relative error %.2g\n", n, worst
          exit !(n == 17 && done && bad == 0) }' \
    "$D/hyper_ref.csv" "$T/hy_out/chain_1.csv" \
    && pass "hypergeometric values equal R's" || fail "hypergeometric values differ from R's"
"$BMC" compile "$D/hyper_grad.bmodel" -o "$T/hg" >"$T/hg.log" 2>&1 || fail "cannot compile hyper_grad.bmodel"
expect_run hyper-grad-log-prob 0 "" "$T/hg" log-prob --point "$D/hyper_grad.json" --output "$T/hg_lp"
awk -F, 'FILENAME ~ /ref/ { if (FNR > 1) want[++n] = $2; next }
    /^#/ || /^lp__/ { next }
    { for (i = 1; i <= n; i++) { d = $i - want[i]; if (d < 0) d = -d; w = want[i] < 0 ? -want[i] : want[i]
          if (!(d <= 1e-12 * w)) { printf "  column %d: %s, R: %s\n", i, $i, want[i]; bad++ } }
      rows++ }
    END { exit !(n == 7 && rows == 1 && bad == 0) }' "$D/hyper_grad_ref.csv" "$T/hg_lp/log_prob.csv" \
    && pass "3F2 and its gradient in z, a, b equal the differentiated series summed in R" \
    || fail "3F2 gradient differs from the differentiated series"
hyper_reject() { # NAME EXPR MESSAGE: transformed data computing EXPR fails (exit 2) with MESSAGE
    printf 'transformed data {\n  real v = %s;\n}\nparameters {\n  real mu;\n}\nmodel {\n  mu ~ normal(0, 1);\n}\n' \
        "$2" > "$T/$1.bmodel"
    "$BMC" compile "$T/$1.bmodel" -o "$T/$1" >"$T/$1.log" 2>&1 || { fail "cannot compile $1"; return; }
    expect_run "$1" 2 "$3 at $T/$1.bmodel:2:12" "$T/$1" diagnose
}
hyper_reject pfq-diverges "hypergeometric_pFq([1.0, 1.0, 1.0]', [2.0]', 0.5)" \
    "error: hypergeometric_pFq: the series diverges (it needs size(a) <= size(b) + 1, and for size(a) = size(b) + 1 abs(z) < 1, or abs(z) = 1 with sum(b) > sum(a); or a non-positive integer in a)"
hyper_reject f32-sizes "hypergeometric_3F2([1.0, 2.0]', [2.0, 3.0]', 0.5)" \
    "error: hypergeometric_3F2: a must have 3 elements and b 2"
hyper_reject f32-slow "hypergeometric_3F2([1.0, 1.0, 1.0]', [2.0, 2.0]', 1)" \
    "error: hypergeometric_3F2: the series has not converged after 100000 terms"
hyper_reject pfq-cancel "hypergeometric_pFq([1.0]', [2.0]', -40)" \
    "error: hypergeometric_pFq: terms of opposite sign cancel: fewer than 6 correct digits"
hyper_reject pfq-pole "hypergeometric_pFq([1.0]', [-2.0]', 0.5)" \
    "error: hypergeometric_pFq: a term of the series is not finite (a non-positive integer in b, overflow, or a NaN or infinite argument)"
finish
