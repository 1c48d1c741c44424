#!/usr/bin/env bash
# Container, linear-algebra and multivariate functions end to end:
#  1. values: linalg/values.bmodel computes ~90 functions of fixed data in
#     generated quantities; each of the 464 numbers must equal the value R
#     computed independently (linalg/expected.R -> expected.csv: base R
#     linear algebra and mvtnorm) to 1e-8 relative;
#  2. gradients: linalg/gradients.bmodel uses them all on parameters; the
#     model's `diagnose` compares its gradient with finite differences at
#     three random points.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
D=tests/e2e/linalg
"$BMC" compile "$D/values.bmodel" -o "$T/values" >"$T/values.log" 2>&1 \
    || { cat "$T/values.log"; fail "cannot compile values.bmodel"; finish; }
expect_run values-run 0 "" "$T/values" sample --data "$D/data.json" --chains 1 --warmup 5 \
    --draws 1 --sig-figs 17 --quiet --output "$T/vout"
awk -F, 'NR == FNR { if (FNR > 1) want[$1] = $2; next }
    /^#/ { next }
    !hdr { for (i = 1; i <= NF; i++) col[$i] = i; hdr = 1; next }
    { for (i = 1; i <= NF; i++) row[i] = $i }
    END {
        bad = 0; n = 0
        for (k in want) {
            n++
            if (!(k in col)) { print "  missing column " k; bad++; continue }
            g = row[col[k]]; w = want[k]; d = g - w; if (d < 0) d = -d
            s = w < 0 ? -w : w; if (s < 1) s = 1
            if (d > 1e-8 * s) { print "  " k ": got " g ", R says " w; bad++ }
        }
        printf "  %d values compared with R, %d differ\n", n, bad
        exit bad > 0 || n < 460
    }' "$D/expected.csv" "$T/vout/chain_1.csv" \
    && pass "464 values equal R's" || fail "values differ from R's"
"$BMC" compile "$D/gradients.bmodel" -o "$T/grad" >"$T/grad.log" 2>&1 \
    || { cat "$T/grad.log"; fail "cannot compile gradients.bmodel"; finish; }
for seed in 1 2 3; do
    expect_run "gradient-seed-$seed" 0 "OK: gradient matches finite differences" \
        "$T/grad" diagnose --data "$D/grad_data.json" --seed "$seed" --init 1
done
finish
