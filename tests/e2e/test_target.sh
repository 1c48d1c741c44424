#!/usr/bin/env bash
# target(): the log density accumulated so far (Stan's semantics), read in
# the model block and in transformed parameters:
#  1. log-prob of a model that adds 0.5 * target() halfway equals 1.5 times
#     the terms before it, written out (the Jacobian of s included, and
#     left out with --no-jacobian, in both the value and target());
#  2. its gradient matches finite differences (`diagnose`, three seeds);
#  3. print(target()) shows the running total.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
cat > "$T/m.bmodel" <<'EOF2'
parameters { real<lower=0> s; real mu; }
transformed parameters { real tp = target(); }
model {
  mu ~ normal(0, 1);
  s ~ lognormal(0, 1);
  real t = target();
  target += 0.5 * t;
  print("tp=", tp, " t=", t);
}
EOF2
expect_run compile 0 "" "$BMC" compile "$T/m.bmodel" -o "$T/m"
echo '{"s": 2.0, "mu": 0.3}' > "$T/p.json"
# ~ drops constants: terms -mu^2/2 - log s - (log s)^2/2, Jacobian log s
for jac in 1 0; do
    flag=""; [ $jac = 0 ] && flag="--no-jacobian"
    expect_run "log-prob-jac$jac" 0 "" "$T/m" log-prob --point "$T/p.json" $flag --output "$T/lp$jac"
    got=$(tail -1 "$T/lp$jac/log_prob.csv" | cut -d, -f1)
    awk -v got="$got" -v jac=$jac 'BEGIN { s = 2; mu = 0.3; l = log(s)
        want = 1.5 * (jac * l - mu * mu / 2 - l - l * l / 2); d = got - want
        printf "  lp %s, expected %.15g\n", got, want; exit !(d * d < 1e-24) }' \
        && pass "log density with target() (jacobian $jac)" || fail "log density with target() (jacobian $jac)"
done
grep -q "tp=0.693147 t=-0.285227" "$T/log-prob-jac1.out" \
    && pass "print(target()): the Jacobian in transformed parameters, the running total in the model" \
    || fail "print(target()) shows $(grep -m1 tp= "$T/log-prob-jac1.out")"
for seed in 1 2 3; do
    expect_run "gradient-seed-$seed" 0 "OK: gradient matches finite differences" "$T/m" diagnose --seed "$seed"
done
finish
