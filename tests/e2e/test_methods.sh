#!/usr/bin/env bash
# The non-MCMC commands of a model program: optimize (L-BFGS, BFGS, Newton,
# --jacobian, --laplace), variational (meanfield, fullrank), pathfinder,
# generate --fitted and log-prob; their output columns, sane estimates
# (kidiq within 2 posterior sds of the reference means in
# tests/e2e/reference/kidiq_momiq.csv), and bad options (exit 2).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
"$BMC" compile models/kidiq_momiq.bmodel -o "$T/kid" >/dev/null 2>&1 \
    || { fail "cannot compile kidiq_momiq"; finish; }
"$BMC" compile models/eight_schools_noncentered.bmodel -o "$T/es" >/dev/null 2>&1 \
    || { fail "cannot compile eight schools (non-centered)"; finish; }
KD=models/kidiq.csv
ED=models/eight_schools.csv

# header FILE: the column-name row of a Stan CSV file
header() { grep -v '^#' "$1" | head -1; }
# rows FILE: number of draw rows
rows() { grep -v '^#' "$1" | tail -n +2 | grep -c .; }
# col_mean FILE NAME: mean of a column
col_mean() {
    grep -v '^#' "$1" | awk -F, -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next }
        { s += $c; n++ } END { if (c && n) printf "%.6g\n", s / n; else print "nan" }'
}
# near_ref NAME VALUE: VALUE within 2 reference sds of the reference mean
# (reference names use brackets: beta[1])
near_ref() {
    awk -F, -v name="$1" -v v="$2" 'NR > 1 { n = $1; gsub(/\[/, ".", n); gsub(/\]/, "", n)
        if (n == name) { d = v - $2; if (d < 0) d = -d; found = 1; exit !(d <= 2 * $3) } }
        END { if (!found) exit 1 }' tests/e2e/reference/kidiq_momiq.csv
}
check_kidiq() {  # check_kidiq LABEL FILE: every parameter's mean near the reference
    local label=$1 f=$2 ok=1
    for v in beta.1 beta.2 sigma; do
        m=$(col_mean "$f" $v)
        near_ref $v "$m" || { fail "$label: $v = $m is not within 2 sd of the reference"; ok=0; }
    done
    [ $ok = 1 ] && pass "$label: estimates within 2 posterior sd of the reference"
}

for alg in lbfgs bfgs newton; do
    expect_run optimize-$alg 0 "Optimization terminated normally" \
        "$T/kid" optimize --data $KD --algorithm $alg --output "$T/opt_$alg"
    f=$T/opt_$alg/optimize.csv
    [ "$(header "$f")" = "lp__,beta.1,beta.2,sigma" ] && [ "$(rows "$f")" = 1 ] \
        && pass "optimize-$alg: columns and one row" || fail "optimize-$alg: header '$(header "$f")'"
    grep -q "^#     algorithm = $alg" "$f" && grep -q '^#     jacobian = 0' "$f" \
        && pass "optimize-$alg: config header" || fail "optimize-$alg: config header"
    check_kidiq optimize-$alg "$f"
done

expect_run optimize-jacobian 0 "with Jacobian: MAP" \
    "$T/kid" optimize --data $KD --jacobian --output "$T/optj"
grep -q '^#     jacobian = 1' "$T/optj/optimize.csv" && pass "jacobian recorded" || fail "jacobian not recorded"
s0=$(col_mean "$T/opt_lbfgs/optimize.csv" sigma); s1=$(col_mean "$T/optj/optimize.csv" sigma)
awk -v a="$s0" -v b="$s1" 'BEGIN { exit !(b > a) }' \
    && pass "MAP sigma ($s1) > penalised MLE sigma ($s0): the Jacobian of log(sigma)" \
    || fail "MAP sigma $s1 is not above the MLE $s0"

expect_run laplace 0 "200 Laplace draws" \
    "$T/kid" optimize --data $KD --laplace 200 --output "$T/lap"
f=$T/lap/laplace.csv
[ "$(header "$f")" = "log_p__,log_g__,beta.1,beta.2,sigma" ] && [ "$(rows "$f")" = 200 ] \
    && pass "laplace: columns and 200 rows" || fail "laplace: header '$(header "$f")', $(rows "$f") rows"
check_kidiq laplace "$f"

for alg in meanfield fullrank; do
    expect_run vi-$alg 0 "ADVI ($alg)" \
        "$T/es" variational --data $ED --algorithm $alg --output "$T/vi_$alg"
    f=$T/vi_$alg/variational.csv
    case "$(header "$f")" in "lp__,log_p__,log_g__,theta_trans.1,"*"mu,tau,theta.1,"*) pass "vi-$alg: columns";;
        *) fail "vi-$alg: header '$(header "$f")'";; esac
    [ "$(rows "$f")" = 1001 ] && pass "vi-$alg: mean row + 1000 draws" || fail "vi-$alg: $(rows "$f") rows"
    grep -v '^#' "$f" | sed -n 2p | grep -q '^0,0,0,' && pass "vi-$alg: first row is the mean (lp__ = 0)" \
        || fail "vi-$alg: first row does not start 0,0,0"
    tau=$(col_mean "$f" tau)
    awk -v t="$tau" 'BEGIN { exit !(t > 0 && t < 20) }' && pass "vi-$alg: tau mean $tau is sane" \
        || fail "vi-$alg: tau mean $tau"
done

expect_run pathfinder 0 "4 of 4 paths succeeded" \
    "$T/kid" pathfinder --data $KD --output "$T/pf"
f=$T/pf/pathfinder.csv
[ "$(header "$f")" = "lp_approx__,lp__,beta.1,beta.2,sigma" ] && [ "$(rows "$f")" = 1000 ] \
    && pass "pathfinder: columns and 1000 rows" || fail "pathfinder: header '$(header "$f")', $(rows "$f") rows"
check_kidiq pathfinder "$f"
expect_run pathfinder-no-resample 0 "" "$T/es" pathfinder --data $ED --num-paths 2 --draws 50 \
    --no-psis-resample --output "$T/pf2" --quiet
[ "$(rows "$T/pf2/pathfinder.csv")" = 100 ] && pass "no resampling: 2 paths x 50 draws" \
    || fail "no resampling: $(rows "$T/pf2/pathfinder.csv") rows"

# generate and log-prob from a short sampling run
"$T/es" sample --data $ED --chains 2 --warmup 150 --draws 40 --output "$T/fit" --quiet >/dev/null 2>&1
expect_run generate 0 "2 chain(s)" "$T/es" generate --data $ED --fitted "$T/fit"
g=$T/fit-out/chain_2.csv
[ "$(header "$g")" = "$(header "$T/fit/chain_2.csv")" ] && [ "$(rows "$g")" = 40 ] \
    && pass "generate: same columns, 40 rows" || fail "generate: header '$(header "$g")'"
a=$(col_mean "$g" theta.3); b=$(col_mean "$T/fit/chain_2.csv" theta.3)
awk -v a="$a" -v b="$b" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d < 1e-3) }' \
    && pass "generate: transformed parameters recomputed from the draws" || fail "theta.3 mean $a vs $b"

expect_run log-prob-fitted 0 "lp__,g.1," "$T/es" log-prob --data $ED --fitted "$T/fit" --output "$T/lp"
want=$(grep -v '^#' "$T/fit/chain_1.csv" | sed -n 2p | cut -d, -f1)
got=$(grep -v '^#' "$T/lp/log_prob.csv" | sed -n 2p | cut -d, -f1)
awk -v a="$got" -v b="$want" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d < 1e-4 * (1 + (b < 0 ? -b : b))) }' \
    && pass "log-prob: lp__ of a draw matches the sampler's ($got)" || fail "log-prob lp $got vs sampler $want"
[ "$(rows "$T/lp/log_prob.csv")" = 80 ] && pass "log-prob: one row per draw" || fail "log-prob rows"
printf '{"mu": 1, "tau": 2, "theta_trans": [0,0,0,0,0,0,0,0]}' > "$T/p.json"
printf '{"params_r": [0,0,0,0,0,0,0,0,1,0.6931471805599453]}' > "$T/u.json"
expect_run log-prob-point 0 "" "$T/es" log-prob --data $ED --point "$T/p.json" --output "$T/lp1"
expect_run log-prob-unconstrained 0 "" "$T/es" log-prob --data $ED --point "$T/u.json" \
    --unconstrained --output "$T/lp2"
[ "$(grep -v '^#' "$T/lp1/log_prob.csv" | sed -n 2p | cut -d, -f1-9)" = \
  "$(grep -v '^#' "$T/lp2/log_prob.csv" | sed -n 2p | cut -d, -f1-9)" ] \
    && pass "log-prob: constrained and unconstrained points agree" || fail "constrained vs unconstrained"
expect_run log-prob-no-jacobian 0 "" "$T/es" log-prob --data $ED --point "$T/u.json" \
    --unconstrained --no-jacobian --output "$T/lp3"
l2=$(grep -v '^#' "$T/lp2/log_prob.csv" | sed -n 2p | cut -d, -f1)
l3=$(grep -v '^#' "$T/lp3/log_prob.csv" | sed -n 2p | cut -d, -f1)
awk -v a="$l2" -v b="$l3" 'BEGIN { d = a - b - log(2); if (d < 0) d = -d; exit !(d < 1e-9) }' \
    && pass "log-prob: the Jacobian of tau = exp(u) adds log 2 at tau = 2" || fail "jacobian: $l2 vs $l3"

# bad command lines: exit 2 with a message
expect_run bad-opt-algorithm 2 "--algorithm expects lbfgs, bfgs or newton" \
    "$T/kid" optimize --data $KD --algorithm sgd
expect_run bad-vi-algorithm 2 "--algorithm expects meanfield or fullrank" \
    "$T/kid" variational --data $KD --algorithm lbfgs
expect_run algorithm-on-sample 2 "--algorithm is an option of optimize and variational" \
    "$T/kid" sample --data $KD --algorithm lbfgs
expect_run laplace-on-sample 2 "--laplace is an option of optimize" \
    "$T/kid" sample --data $KD --laplace 10
expect_run bad-iter 2 "--iter expects an integer" "$T/kid" optimize --data $KD --iter 0
expect_run bad-paths 2 "--num-paths expects an integer" "$T/kid" pathfinder --data $KD --num-paths x
expect_run generate-needs-fitted 2 "generate needs --fitted DIR" "$T/es" generate --data $ED
expect_run generate-missing-dir 2 "no $T/nowhere/chain_1.csv" \
    "$T/es" generate --data $ED --fitted "$T/nowhere"
mkdir -p "$T/wrong" && cp "$T/pf/pathfinder.csv" "$T/wrong/chain_1.csv"  # kidiq draws
expect_run generate-wrong-model 2 "has no column 'theta_trans.1'" \
    "$T/es" generate --data $ED --fitted "$T/wrong"
expect_run log-prob-needs-point 2 "exactly one of --point FILE and --fitted DIR" \
    "$T/es" log-prob --data $ED
expect_run log-prob-missing-param 2 "no value for parameter 'tau'" \
    bash -c "printf '{\"mu\": 1, \"theta_trans\": [0,0,0,0,0,0,0,0]}' > '$T/bad.json' && '$T/es' log-prob --data $ED --point '$T/bad.json' --output '$T/lpb'"
expect_run log-prob-bad-size 2 "params_r with 10 unconstrained" \
    bash -c "printf '{\"params_r\": [1, 2]}' > '$T/bad2.json' && '$T/es' log-prob --data $ED --point '$T/bad2.json' --unconstrained --output '$T/lpb'"
finish
