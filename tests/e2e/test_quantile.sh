#!/usr/bin/env bash
# quantile(x, p) of data (sample quantiles, type 7) for a vector, a row
# vector and an array, with a scalar p and a container of p, against R
# 4.2.2's quantile(x, p, type = 7) (values below, printed by R to 17
# digits); p outside [0, 1] and an empty x reject.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
cat > "$T/m.bmodel" <<'EOF2'
data { int N; vector[N] x; array[N] real xa; real p; }
transformed data { real check = quantile(x, p); }
parameters { real mu; }
model { mu ~ normal(0, 1); }
generated quantities {
  real med = quantile(x, 0.5);
  vector[5] qv = quantile(x, [0, 0.1, 0.25, 0.9, 1]');
  array[2] real qa = quantile(xa, {0.33, 0.77});
  row_vector[1] qr = quantile(x', [0.999]);
}
EOF2
expect_run compile 0 "" "$BMC" compile "$T/m.bmodel" -o "$T/m"
printf '{"N": 7, "x": [3.1, -2, 7.5, 0.4, 11, 2.2, -0.3], "xa": [3.1, -2, 7.5, 0.4, 11, 2.2, -0.3]}\n' > "$T/d.json"
expect_run run 0 "" "$T/m" sample p=0.5 --data "$T/d.json" --chains 1 --draws 1 --warmup 1 \
    --sig-figs 17 --output "$T/o"
cat > "$T/want.csv" <<'EOF2'
name,value
med,2.2000000000000002
qv.1,-2
qv.2,-0.97999999999999987
qv.3,0.050000000000000017
qv.4,8.9000000000000021
qv.5,11
qa.1,0.38600000000000001
qa.2,5.8280000000000003
qr.1,10.978999999999999
EOF2
compare_values "$T/want.csv" "$T/o/chain_1.csv" 9 && pass "quantiles equal R's" || fail "quantiles differ from R's"
expect_run p-outside 2 "quantile: p must be in [0, 1]" \
    "$T/m" sample p=1.5 --data "$T/d.json" --chains 1 --draws 1 --warmup 1 --output "$T/o2"
printf '{"N": 0, "x": [], "xa": []}\n' > "$T/empty.json"
expect_run empty 2 "quantile: x is empty" \
    "$T/m" sample p=0.5 --data "$T/empty.json" --chains 1 --draws 1 --warmup 1 --output "$T/o3"
finish
