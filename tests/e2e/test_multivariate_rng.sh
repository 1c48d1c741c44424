#!/usr/bin/env bash
# Multivariate and categorical _rng functions (rngs/multivariate_rngs.bmodel):
# the mean of each draw over 4,000 iterations must be within 4 MCSE of the
# exact mean (multi_normal: mu and the covariance 0.6; multi_student_t(5):
# mu and sd sqrt(5/3 * 2); dirichlet(1, 2, 3): alpha / 6; categorical(p):
# sum k p_k = 2.1; multinomial(p, 10): 10 p; ordered_logistic(0.3, [-0.5, 1]):
# P(y = 1) = inv_logit(-0.8); wishart(4, S): 4 S; inv_wishart(6, S): S / 3;
# the array forms of multi_normal(_cholesky)_rng: each location's mean, and
# the covariance 0.6 for the second).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
"$BMC" compile tests/e2e/rngs/multivariate_rngs.bmodel -o "$T/mvr" >/dev/null 2>&1 || { fail "cannot compile"; finish; }
expect_run sample 0 "" "$T/mvr" sample --chains 1 --draws 4000 --seed 3 --output "$T/out"
awk 'BEGIN { w["mvn.1"] = 1; w["mvn.2"] = -2; w["mvn_chol.1"] = 1; w["mvn_chol.2"] = -2
             w["mvt.1"] = 1; w["mvt.2"] = -2; w["mvn_cross"] = 0.6
             w["mvn_arr.1.1"] = 1; w["mvn_arr.1.2"] = -2; w["mvn_arr.2.1"] = -3; w["mvn_arr.2.2"] = 4
             w["mvn_chol_arr.1.1"] = 1; w["mvn_chol_arr.1.2"] = -2; w["mvn_chol_arr.2.1"] = -3
             w["mvn_chol_arr.2.2"] = 4; w["mvn_arr_cross"] = 0.6
             w["dir.1"] = 1/6; w["dir.2"] = 2/6; w["dir.3"] = 3/6; w["cat"] = 2.1; w["cat_logit"] = 2.1
             w["mult.1"] = 2; w["mult.2"] = 5; w["mult.3"] = 3
             w["mult_logit.1"] = 2; w["mult_logit.2"] = 5; w["mult_logit.3"] = 3
             w["ord_is_1"] = 1 / (1 + exp(0.8))
             w["wish.1.1"] = 8; w["wish.2.1"] = 2.4; w["wish.1.2"] = 2.4; w["wish.2.2"] = 4
             w["iwish.1.1"] = 2 / 3; w["iwish.2.1"] = 0.2; w["iwish.1.2"] = 0.2; w["iwish.2.2"] = 1 / 3 }
     ($1 in w) { n++; d = $2 - w[$1]; if (d * d > 16 * $3 * $3) { print "  " $1 ": " $2 " (MCSE " $3 "), exact " w[$1]; bad++ } }
     $1 == "mvt.1" { sd = $4 }
     END { printf "  %d rows compared, %d off; multi_student_t sd %s (exact %.3f)\n", n, bad, sd, sqrt(10/3)
           exit !(n >= 36 && bad == 0 && sd / sqrt(10/3) > 0.9 && sd / sqrt(10/3) < 1.1) }' "$T/sample.out" \
    && pass "multivariate and categorical draws have the exact means" || fail "draws are off"
# Cholesky-factor and correlation draws (rngs/cholesky_rngs.bmodel), 10,000
# draws, each mean within 4 MCSE of the exact one: W = L L' of
# wishart_cholesky_rng(4, L_S): 4 S and variance 4 (S_ij^2 + S_ii S_jj);
# inv_wishart_cholesky_rng(20, L_S): S / 17 and the inverse-Wishart variance
# ((nu - p + 1) S_ij^2 + (nu - p - 1) S_ii S_jj) / ((nu - p)(nu - p - 1)^2 (nu - p - 3)),
# p = 2; both factors lower triangular with a positive diagonal;
# multi_student_t_cholesky_rng(10, mu, L_S): mu and covariance 10/8 S;
# lkj_corr_cholesky_rng(4, 1.5) and lkj_corr_rng(4, 0.7): every correlation
# r has (r + 1) / 2 ~ Beta(b, b), b = eta - 1 + K / 2, so E r = 0 and
# E r^2 = 1 / (2 eta - 1 + K); lkj_corr_rng(2, 2): E r^2 = 1 / 5; unit
# diagonal, symmetry and unit rows of L to 1e-12.
"$BMC" compile tests/e2e/rngs/cholesky_rngs.bmodel -o "$T/cr" >"$T/cr.log" 2>&1 \
    || { cat "$T/cr.log"; fail "cannot compile cholesky_rngs.bmodel (the _rng fills of compiler/lower_multi.c need their hoist-table entries in compiler/lower_container.c)"; finish; }
expect_run sample-chol 0 "" "$T/cr" sample --chains 1 --draws 10000 --seed 5 --output "$T/cout"
awk 'BEGIN { s11 = 2; s21 = 0.6; s22 = 1
             w["wcW.1.1"] = 4 * s11; w["wcW.2.1"] = 4 * s21; w["wcW.2.2"] = 4 * s22
             w["wc_v11"] = 4 * (s11^2 + s11 * s11); w["wc_v21"] = 4 * (s21^2 + s11 * s22)
             w["wc_v22"] = 4 * (s22^2 + s22 * s22)
             nu = 20; p = 2; den = (nu - p) * (nu - p - 1)^2 * (nu - p - 3)
             w["iwcW.1.1"] = s11 / 17; w["iwcW.2.1"] = s21 / 17; w["iwcW.2.2"] = s22 / 17
             w["iwc_v11"] = ((nu - p + 1) * s11^2 + (nu - p - 1) * s11 * s11) / den
             w["iwc_v21"] = ((nu - p + 1) * s21^2 + (nu - p - 1) * s11 * s22) / den
             w["iwc_v22"] = ((nu - p + 1) * s22^2 + (nu - p - 1) * s22 * s22) / den
             w["chol_ok"] = 1
             w["mvtc.1"] = 1; w["mvtc.2"] = -2
             w["mvtc_v1"] = 1.25 * s11; w["mvtc_c12"] = 1.25 * s21; w["mvtc_v2"] = 1.25 * s22
             w["r12"] = 0; w["r34"] = 0; w["r24"] = 0; w["q14"] = 0; w["q23"] = 0
             w["r12_sq"] = w["r34_sq"] = w["r24_sq"] = 1 / (2 * 1.5 - 1 + 4)
             w["q14_sq"] = w["q23_sq"] = w["q34_sq"] = 1 / (2 * 0.7 - 1 + 4)
             w["k2_sq"] = 1 / 5 }
     ($1 in w) { n++; d = $2 - w[$1]; if (d * d > 16 * $3 * $3) { print "  " $1 ": " $2 " (MCSE " $3 "), exact " w[$1]; bad++ } }
     $1 == "lkj_err" { err = $2 }
     END { printf "  %d rows compared, %d off; correlation matrix error %s\n", n, bad, err
           exit !(n == 30 && bad == 0 && err != "" && err < 1e-12) }' "$T/sample-chol.out" \
    && pass "Cholesky-factor and LKJ draws have the exact means and variances" || fail "Cholesky-factor / LKJ draws are off"
# Invalid arguments stop transformed data with the function's message
# (rngs/cholesky_rng_errors.bmodel); which = 6 (an upper triangle that
# inv_wishart_cholesky_rng ignores, as Stan) runs.
"$BMC" compile tests/e2e/rngs/cholesky_rng_errors.bmodel -o "$T/cre" >"$T/cre.log" 2>&1 \
    || { cat "$T/cre.log"; fail "cannot compile cholesky_rng_errors.bmodel"; finish; }
want=("" "wishart_cholesky_rng: nu must be greater than K - 1"
      "wishart_cholesky_rng: L_S is not a Cholesky factor (lower triangular"
      "inv_wishart_cholesky_rng: L_S is not a Cholesky factor (the diagonal is not positive)"
      "lkj_corr_cholesky_rng: eta must be positive" "lkj_corr_rng: eta must be positive" ""
      "multi_student_t_cholesky_rng: nu must be positive"
      "multi_student_t_cholesky_rng: L is not a Cholesky factor")
for w in 1 2 3 4 5 6 7 8; do
    rc=2; [ -z "${want[$w]}" ] && rc=0
    expect_run "rng-error-$w" "$rc" "${want[$w]}" "$T/cre" sample "which=$w" --draws 10 --warmup 10 \
        --quiet --output "$T/cre_out"
done
finish
