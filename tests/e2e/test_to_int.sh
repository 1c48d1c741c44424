#!/usr/bin/env bash
# to_int of real arrays (1 to 3 dimensions), elementwise truncation toward
# zero as Stan: values in transformed data and generated quantities, data
# at the int range's edge, and a value beyond it rejected with a located
# message (fatal in transformed data).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
cat > "$T/m.bmodel" <<'EOF2'
data { array[3] real x; }
transformed data { array[3] int k = to_int(x); }
parameters { real z; }
model { z ~ std_normal(); }
generated quantities {
  array[3] int kd = k;
  array[2, 2] int k2 = to_int({{1.5, -2.7}, {3.9, 4.0}});
  array[2, 2, 1] int k3 = to_int({{{-0.5}, {1e5}}, {{2.0}, {-3.99}}});
}
EOF2
expect_run compile 0 "" "$BMC" compile "$T/m.bmodel" -o "$T/m"
echo '{"x": [1.9, -0.1, -2147483648.9]}' > "$T/ok.json"
expect_run sample 0 "" "$T/m" sample --data "$T/ok.json" --chains 1 --draws 1 --warmup 1 \
    --sig-figs 12 --output "$T/o"
cat > "$T/want.csv" <<'EOF2'
name,value
kd.1,1
kd.2,0
kd.3,-2147483648
k2.1.1,1
k2.1.2,-2
k2.2.1,3
k2.2.2,4
k3.1.1.1,0
k3.1.2.1,100000
k3.2.1.1,2
k3.2.2.1,-3
EOF2
compare_values "$T/want.csv" "$T/o/chain_1.csv" 11 && pass "to_int values" || fail "to_int values"
echo '{"x": [1.9, -0.1, 2147483648.5]}' > "$T/big.json"
expect_run beyond-int-range 2 "to_int: invalid argument (no int result) at $T/m.bmodel:2:37" \
    "$T/m" sample --data "$T/big.json" --chains 1 --draws 1 --warmup 1 --output "$T/o2"
[ ! -e "$T/o2/chain_1.csv" ] && pass "no output after the fatal error" || fail "output written after the fatal error"
finish
