#!/usr/bin/env bash
# The container functions added in session 9 (multiply as a function, log_mix
# of vectors, chol2inv, logical_negation, gp_dot_prod_cov, matrix_power,
# append_array, linspaced_int_array, qr_thin_Q, qr_thin_R, singular_values,
# trace_quad_form, mdivide_right_spd, cov_exp_quad, block, sub_col, sub_row,
# col, row, symmetrize_from_lower_tri), as tests/e2e/test_linalg.sh does for
# the others:
#  1. values on fixed data against base R (linalg_more/expected.R ->
#     expected.csv) to 1e-8 relative;
#  2. the gradient of linalg_more/gradients.bmodel, which applies each to
#     parameters, against finite differences at three random points.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
D=tests/e2e/linalg_more
"$BMC" compile "$D/values.bmodel" -o "$T/values" >"$T/values.log" 2>&1 \
    || { cat "$T/values.log"; fail "cannot compile values.bmodel"; finish; }
expect_run values-run 0 "" "$T/values" sample --data "$D/data.json" --chains 1 --warmup 5 \
    --draws 1 --sig-figs 17 --quiet --output "$T/vout"
want=$(($(wc -l < "$D/expected.csv") - 1))
compare_values "$D/expected.csv" "$T/vout/chain_1.csv" "$want" \
    && pass "$want values equal R's" || fail "values differ from R's"
"$BMC" compile "$D/gradients.bmodel" -o "$T/grad" >"$T/grad.log" 2>&1 \
    || { cat "$T/grad.log"; fail "cannot compile gradients.bmodel"; finish; }
for seed in 1 2 3; do
    expect_run "gradient-seed-$seed" 0 "OK: gradient matches finite differences" \
        "$T/grad" diagnose --data "$D/data.json" --seed "$seed" --init 1
done
finish
