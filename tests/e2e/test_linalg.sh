#!/usr/bin/env bash
# Container, linear-algebra and multivariate functions end to end:
#  1. values: linalg/values.bmodel computes ~90 functions of fixed data in
#     generated quantities; each of the 466 numbers must equal the value R
#     computed independently (linalg/expected.R -> expected.csv: base R
#     linear algebra and mvtnorm) to 1e-8 relative;
#  2. gradients: linalg/gradients.bmodel uses them all on parameters; the
#     model's `diagnose` compares its gradient with finite differences at
#     three random points;
#  3. propto: linalg/propto.bmodel's log-prob for each form of
#     wishart_cholesky / inv_wishart_cholesky (`~`, _lupdf, _lpdf; data or
#     parameter nu and L_S) equals R's (linalg/propto.R -> propto.csv) to
#     1e-9 relative, and an upper triangular L_W or nu <= K - 1 rejects with
#     the function's message.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
D=tests/e2e/linalg
values_vs_reference "$D/values.bmodel" "$D/data.json" "$D/expected.csv"
gradients_vs_fd "$D/gradients.bmodel" "$D/grad_data.json" --init 1
"$BMC" compile --no-pedantic "$D/propto.bmodel" -o "$T/propto" >"$T/propto.log" 2>&1 \
    || { cat "$T/propto.log"; fail "cannot compile propto.bmodel"; finish; }
lp_of() {  # FORM: log-prob (no Jacobian) at propto_point.json, or "failed"
    "$T/propto" log-prob --data "$D/data.json" "form=$1" --point "$D/propto_point.json" \
        --no-jacobian --output "$T/lp$1" >"$T/lp$1.log" 2>&1 || { echo failed; return; }
    tail -1 "$T/lp$1/log_prob.csv" | cut -d, -f1
}
got=""
for f in 1 2 3 4 5 6 7 8 9; do got="$got $f,$(lp_of $f)"; done
echo "$got" | tr ' ' '\n' | awk -F, 'NR == FNR { if (FNR > 1) want[$1] = $2; next }
    NF == 2 { n++; d = $2 - want[$1]; if (d < 0) d = -d; s = want[$1] < 0 ? -want[$1] : want[$1]
              if ($2 == "failed" || d > 1e-9 * (s < 1 ? 1 : s)) { print "  form " $1 ": " $2 ", R says " want[$1]; bad++ } }
    END { printf "  %d log-prob forms compared with R, %d differ\n", n, bad; exit bad > 0 || n != 9 }' \
    "$D/propto.csv" - && pass "wishart_cholesky propto terms equal R's" || fail "wishart_cholesky propto terms"
for f in 10 11; do
    lp_of $f >/dev/null
    case $f in 10) want="wishart_cholesky: L_W is not a Cholesky factor" ;;
               11) want="inv_wishart_cholesky: nu must be greater than K - 1" ;; esac
    grep -qF "$want" "$T/lp$f.log" && pass "form $f rejects: $want" \
        || fail "form $f: expected '$want', got $(head -2 "$T/lp$f.log")"
done
finish
