#!/usr/bin/env bash
# Multivariate and categorical _rng functions (rngs/multivariate_rngs.bmodel):
# the mean of each draw over 4,000 iterations must be within 4 MCSE of the
# exact mean (multi_normal: mu and the covariance 0.6; multi_student_t(5):
# mu and sd sqrt(5/3 * 2); dirichlet(1, 2, 3): alpha / 6; categorical(p):
# sum k p_k = 2.1; multinomial(p, 10): 10 p; ordered_logistic(0.3, [-0.5, 1]):
# P(y = 1) = inv_logit(-0.8); wishart(4, S): 4 S; inv_wishart(6, S): S / 3).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
"$BMC" compile tests/e2e/rngs/multivariate_rngs.bmodel -o "$T/mvr" >/dev/null 2>&1 || { fail "cannot compile"; finish; }
expect_run sample 0 "" "$T/mvr" sample --chains 1 --draws 4000 --seed 3 --output "$T/out"
awk 'BEGIN { w["mvn.1"] = 1; w["mvn.2"] = -2; w["mvn_chol.1"] = 1; w["mvn_chol.2"] = -2
             w["mvt.1"] = 1; w["mvt.2"] = -2; w["mvn_cross"] = 0.6
             w["dir.1"] = 1/6; w["dir.2"] = 2/6; w["dir.3"] = 3/6; w["cat"] = 2.1; w["cat_logit"] = 2.1
             w["mult.1"] = 2; w["mult.2"] = 5; w["mult.3"] = 3
             w["mult_logit.1"] = 2; w["mult_logit.2"] = 5; w["mult_logit.3"] = 3
             w["ord_is_1"] = 1 / (1 + exp(0.8))
             w["wish.1.1"] = 8; w["wish.2.1"] = 2.4; w["wish.1.2"] = 2.4; w["wish.2.2"] = 4
             w["iwish.1.1"] = 2 / 3; w["iwish.2.1"] = 0.2; w["iwish.1.2"] = 0.2; w["iwish.2.2"] = 1 / 3 }
     ($1 in w) { n++; d = $2 - w[$1]; if (d * d > 16 * $3 * $3) { print "  " $1 ": " $2 " (MCSE " $3 "), exact " w[$1]; bad++ } }
     $1 == "mvt.1" { sd = $4 }
     END { printf "  %d rows compared, %d off; multi_student_t sd %s (exact %.3f)\n", n, bad, sd, sqrt(10/3)
           exit !(n >= 27 && bad == 0 && sd / sqrt(10/3) > 0.9 && sd / sqrt(10/3) < 1.1) }' "$T/sample.out" \
    && pass "multivariate and categorical draws have the exact means" || fail "draws are off"
finish
