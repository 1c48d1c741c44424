#!/usr/bin/env bash
# Truncation T[L, U] end to end (truncation/truncation.bmodel): the gradient
# matches finite differences, and log-prob at a fixed point equals the value
# computed in R 4.2.2 (dnorm/pnorm/dpois/ppois, `~` dropping the constants
# as Stan does):
#   y<-c(0.5,2.1,-0.3);k<-c(1,3,2);mu<-0.2;s<-1.1;l<-1.5;h<-0.5*log(2*pi)
#   sum(dnorm(y,mu,s,log=T)+h-log(pnorm(3,mu,s)-pnorm(-1,mu,s))) +
#   sum(dpois(k,l,log=T)+lgamma(k+1)-log(1-ppois(0,l))) +
#   sum(dnorm(y,mu,s,log=T)+h-log(pnorm(3,mu,s))) - 0.5*mu^2 - log(s) -
#   0.5*log(s)^2 + log(l) - l                      = -5.880709336863
# and a value outside [L, U] makes the log density -inf.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
D=tests/e2e/truncation
"$BMC" compile "$D/truncation.bmodel" -o "$T/tr" >"$T/tr.log" 2>&1 \
    || { cat "$T/tr.log"; fail "cannot compile truncation.bmodel"; finish; }
for seed in 1 2; do
    expect_run "gradient-seed-$seed" 0 "OK: gradient matches finite differences" \
        "$T/tr" diagnose --data "$D/data.csv" --seed "$seed"
done
printf '{"mu": 0.2, "sigma": 1.1, "lam": 1.5}\n' > "$T/p.json"
expect_run log-prob 0 "" "$T/tr" log-prob --data "$D/data.csv" --point "$T/p.json" \
    --no-jacobian --output "$T/lp"
lp=$(tail -1 "$T/lp/log_prob.csv" | cut -d, -f1)
awk -v lp="$lp" 'BEGIN { d = lp + 5.880709336863; printf "  log-prob %s, R -5.880709336863\n", lp
    exit !(d < 1e-9 && d > -1e-9) }' && pass "log-prob equals R's" || fail "log-prob differs from R's"
printf 'y,k\n0.5,1\n3.5,3\n-0.3,2\n' > "$T/outside.csv"
expect_run outside 0 "" "$T/tr" log-prob --data "$T/outside.csv" --point "$T/p.json" \
    --output "$T/lp2"
grep -q -- "-inf" "$T/lp2/log_prob.csv" && pass "outside [L, U] gives -inf" \
    || fail "outside [L, U] does not give -inf: $(tail -1 "$T/lp2/log_prob.csv")"
finish
