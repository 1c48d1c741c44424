#!/usr/bin/env bash
# matrix_exp, matrix_exp_multiply, scale_matrix_exp_multiply
# (compiler/lower_matexp.c) and qr_Q, qr_R, svd_U, svd_V,
# generalized_inverse (compiler/lower_decomp.c), as
# tests/e2e/test_linalg_more.sh does for others:
#  1. values on fixed data against R (matexp_decomp/expected.R ->
#     expected.csv: Matrix::expm, qr(), svd(), MASS::ginv) to 1e-8
#     relative, with edge cases: a norm that needs squarings, a zero matrix,
#     1 x 1, a diagonal matrix, non-square both ways, rank 0 and rank 1;
#  2. the gradient of matexp_decomp/gradients.bmodel, which applies each to
#     parameters, against finite differences at three random points;
#  3. matexp_decomp/errors.bmodel: a non-square or non-finite A and a B of
#     the wrong size are rejected with located messages.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
D=tests/e2e/matexp_decomp
"$BMC" compile "$D/values.bmodel" -o "$T/values" >"$T/values.log" 2>&1 \
    || { cat "$T/values.log"; fail "cannot compile values.bmodel"; finish; }
expect_run values-run 0 "" "$T/values" sample --data "$D/data.json" --chains 1 --warmup 5 \
    --draws 1 --sig-figs 17 --quiet --output "$T/vout"
grep -v '^#' "$D/expected.csv" > "$T/expected.csv"   # expected.R's provenance line
want=$(($(wc -l < "$T/expected.csv") - 1))
compare_values "$T/expected.csv" "$T/vout/chain_1.csv" "$want" \
    && pass "$want values equal R's" || fail "values differ from R's"
"$BMC" compile "$D/gradients.bmodel" -o "$T/grad" >"$T/grad.log" 2>&1 \
    || { cat "$T/grad.log"; fail "cannot compile gradients.bmodel"; finish; }
for seed in 1 2 3; do
    expect_run "gradient-seed-$seed" 0 "OK: gradient matches finite differences" \
        "$T/grad" diagnose --data "$D/data.json" --seed "$seed" --init 1
done
M=$D/errors.bmodel
"$BMC" compile "$M" -o "$T/err" >"$T/err.log" 2>&1 \
    || { cat "$T/err.log"; fail "cannot compile errors.bmodel"; finish; }
B3='[[1,2],[3,4],[5,6]]'
bad() { # NAME WHICH N A B MESSAGE
    printf '{"which": %s, "m": 2, "n": %s, "A": %s, "B": %s}\n' "$2" "$3" "$4" "$5" > "$T/$1.json"
    expect_run "$1" 2 "$6 at $M:" "$T/err" sample --data "$T/$1.json" --chains 1 --warmup 2 \
        --draws 2 --quiet --output "$T/eout"
}
bad not-square 1 3 '[[1,2,3],[4,5,6]]' "$B3" "matrix_exp: size mismatch (the matrix is not square)"
bad not-finite 1 2 '[[1e309,0],[0,1]]' '[[1,2],[3,4]]' "matrix_exp: the matrix has an infinite or NaN element"
bad rows-of-B 2 3 '[[1,2,3],[4,5,6]]' "$B3" \
    "matrix_exp_multiply: size mismatch (rows of B and the size of A differ)"
finish
