#!/usr/bin/env bash
# wiener_lpdf (stdlib/bm_dist_cont.h, bm_wiener_lpdf):
#  1. values at 10 points (normalized times 0.035 to 7.5, both series)
#     against wiener/expected.R (the Navarro-Fuss series in R to 600 terms,
#     cross-checked there against Stan's own wiener_lpdf through rstan) to
#     1e-8 relative, and the vectorised call equals the sum of scalar ones;
#  2. the gradient in all five arguments against finite differences
#     (`diagnose`, three seeds);
#  3. y <= tau, beta outside (0, 1) and tau = 0 reject with the
#     distribution's message.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
D=tests/e2e/wiener
values_vs_reference "$D/values.bmodel" "$D/data.json" "$D/expected.csv"
printf 'name,value\nvec_minus_sum,0\n' > "$T/zero.csv"
compare_values "$T/zero.csv" "$T/values.out.d/chain_1.csv" 1 \
    && pass "vectorised call = sum of scalar calls" || fail "vectorised call differs"

printf '{"N": 5, "y": [0.25, 0.4, 0.8, 1.5, 3.0]}\n' > "$T/gdata.json"
gradients_vs_fd "$D/gradients.bmodel" "$T/gdata.json"

cat > "$T/bad.bmodel" <<'EOF2'
data { int form; }
parameters { real z; }
model { z ~ std_normal(); }
generated quantities {
  real v = 0;
  if (form == 1) v = wiener_lpdf(0.2 | 1, 0.3, 0.5, 0);
  if (form == 2) v = wiener_lpdf(1 | 1, 0.3, 1, 0);
  if (form == 3) v = wiener_lpdf(1 | 1, 0, 0.5, 0);
}
EOF2
expect_run compile-bad 0 "" "$BMC" compile "$T/bad.bmodel" -o "$T/bad"
for f in 1 2 3; do
    case $f in
        1) want="wiener: invalid arguments y = 0.2, alpha = 1, tau = 0.3, beta = 0.5, delta = 0" ;;
        2) want="wiener: invalid arguments y = 1, alpha = 1, tau = 0.3, beta = 1, delta = 0" ;;
        3) want="wiener: invalid arguments y = 1, alpha = 1, tau = 0, beta = 0.5, delta = 0" ;;
    esac
    expect_run "invalid-$f" 1 "$want" "$T/bad" sample form=$f --draws 5 --warmup 5 --chains 1 \
        --output "$T/bad_out"
done
finish
