#!/usr/bin/env bash
# The container functions added in session 9 (multiply as a function, log_mix
# of vectors, chol2inv, logical_negation, gp_dot_prod_cov, matrix_power,
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
awk -F, -v want="$want" 'NR == FNR { if (FNR > 1) w[$1] = $2; next }
    /^#/ { next }
    !hdr { for (i = 1; i <= NF; i++) col[$i] = i; hdr = 1; next }
    { for (i = 1; i <= NF; i++) row[i] = $i }
    END {
        bad = 0; n = 0
        for (k in w) {
            n++
            if (!(k in col)) { print "  missing column " k; bad++; continue }
            g = row[col[k]]; d = g - w[k]; if (d < 0) d = -d
            s = w[k] < 0 ? -w[k] : w[k]; if (s < 1) s = 1
            if (d > 1e-8 * s) { print "  " k ": got " g ", R says " w[k]; bad++ }
        }
        printf "  %d values compared with R, %d differ\n", n, bad
        exit bad > 0 || n < want
    }' "$D/expected.csv" "$T/vout/chain_1.csv" \
    && pass "$want values equal R's" || fail "values differ from R's"
"$BMC" compile "$D/gradients.bmodel" -o "$T/grad" >"$T/grad.log" 2>&1 \
    || { cat "$T/grad.log"; fail "cannot compile gradients.bmodel"; finish; }
for seed in 1 2 3; do
    expect_run "gradient-seed-$seed" 0 "OK: gradient matches finite differences" \
        "$T/grad" diagnose --data "$D/data.json" --seed "$seed" --init 1
done
finish
