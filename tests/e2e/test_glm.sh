#!/usr/bin/env bash
# ordered_logistic_glm, categorical_logit_glm, multi_gp and
# multi_gp_cholesky (lowered to IR by compiler/lower_multi.c) end to end:
#  1. values: glm/values.bmodel computes each in every argument form (y an
#     int or an array, x a matrix or a row_vector, one class, extreme linear
#     predictors) on fixed data; each must equal the value R computed from
#     the definitions (glm/expected.R -> expected.csv) to 1e-8 relative;
#  2. gradients: glm/gradients.bmodel has every real argument a parameter;
#     `diagnose` compares the gradient with finite differences at three
#     random points;
#  3. `~` and _lupmf drop the whole GLM when x and the coefficients are
#     data; _lpmf keeps it (glm/propto.bmodel, log-prob);
#  4. Stan's argument checks reject with the function's message
#     (glm/checks.bmodel: in transformed data, so the program exits 2).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
D=tests/e2e/glm
values_vs_reference "$D/values.bmodel" "$D/data.json" "$D/expected.csv"

gradients_vs_fd "$D/gradients.bmodel" "$D/data.json" --init 1

"$BMC" compile --no-pedantic "$D/propto.bmodel" -o "$T/propto" >"$T/propto.log" 2>&1 \
    || { cat "$T/propto.log"; fail "cannot compile propto.bmodel"; finish; }
printf '{"dummy": 0.5}\n' > "$T/point.json"
lp_of() {  # FORM: log-prob (the prior dummy ~ normal(0, 1) adds -0.125)
    "$T/propto" log-prob --data "$D/data.json" "form=$1" --point "$T/point.json" \
        --output "$T/lp$1" >"$T/lp$1.log" 2>&1 || { echo failed; return; }
    tail -1 "$T/lp$1/log_prob.csv" | cut -d, -f1
}
want() { awk -F, -v k="$1" '$1 == k { print $2 }' "$D/expected.csv"; }
for f in 1 2 3 4 5; do
    case $f in 1|3|4) w=0 ;; 2) w=$(want og_mat) ;; 5) w=$(want cg_mat) ;; esac
    got=$(lp_of $f)
    awk -v g="$got" -v w="$w" 'BEGIN { d = g - (w - 0.125);
        if (d < 0) d = -d; exit !(g != "failed" && d < 1e-9 * (1 + (w < 0 ? -w : w))) }' \
        && pass "propto form $f: log-prob $got" || fail "propto form $f: log-prob $got, want GLM term $w"
done

"$BMC" compile --no-pedantic "$D/checks.bmodel" -o "$T/checks" >"$T/checks.log" 2>&1 \
    || { cat "$T/checks.log"; fail "cannot compile checks.bmodel"; finish; }
while IFS='|' read -r f msg; do
    if [ -z "$msg" ]; then
        expect_run "check-form-$f" 0 "" "$T/checks" log-prob --data "$D/data.json" "form=$f" \
            --point "$T/point.json" --output "$T/ck$f"
    else
        expect_run "check-form-$f" 2 "$msg" "$T/checks" log-prob --data "$D/data.json" "form=$f" \
            --point "$T/point.json" --output "$T/ck$f"
    fi
done <<'EOM'
0|
1|ordered_logistic_glm: outcome out of range 1..K
2|ordered_logistic_glm: the cut points are not in increasing order
3|ordered_logistic_glm: size mismatch (y and the rows of x differ)
4|ordered_logistic_glm: size mismatch (columns of x and beta differ)
5|ordered_logistic_glm: a cut point is not finite
6|ordered_logistic_glm: x * beta is not finite
7|categorical_logit_glm: outcome out of range 1..C
8|categorical_logit_glm: size mismatch (alpha and the columns of beta differ)
9|categorical_logit_glm: size mismatch (columns of x and rows of beta differ)
10|categorical_logit_glm: x, alpha or beta is not finite
11|
12|multi_gp: a kernel scale w is not positive
13|multi_gp: size mismatch (the rows of y and w differ)
14|multi_gp_cholesky: L is not a Cholesky factor
15|multi_gp: the matrix is not positive definite
16|multi_gp: size mismatch (the columns of y and the rows of the kernel differ)
EOM
finish
