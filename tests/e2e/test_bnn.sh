#!/usr/bin/env bash
# The Bayesian neural network of the gallery (models/bnn.bmodel) fitted by
# ADVI: the gradient matches finite differences, `variational` converges,
# and the fitted model's predictions (majority of the automatic y_rep
# draws) classify at least 80% of the XOR data right.  A linear logistic
# regression gets 53.5% (R glm), the noise-free rule sign(X.1 * X.2) 91%.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
"$BMC" compile models/bnn.bmodel -o "$T/bnn" >/dev/null 2>&1 || { fail "cannot compile bnn"; finish; }
expect_run diagnose 0 "OK: gradient matches" "$T/bnn" diagnose --data models/bnn.csv H=6
expect_run variational 0 "converged" "$T/bnn" variational --data models/bnn.csv H=6 --seed 2 \
    --output "$T/out"
awk -F, 'NR == FNR { if (FNR > 1) y[FNR - 1] = $1; n = FNR - 1; next }
    /^#/ { next }
    !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
    { if (++r == 1) next   # the first row is the mean of the approximation
      for (k = 1; k <= n; k++) s[k] += $c["y_rep." k]; d++ }
    END { for (k = 1; k <= n; k++) acc += ((s[k] / d > 0.5) == y[k])
          printf "  %d draws, training accuracy %.3f\n", d, acc / n
          exit !(d == 1000 && acc / n >= 0.8) }' models/bnn.csv "$T/out/variational.csv" \
    && pass "the BNN fits the XOR pattern" || fail "the BNN does not fit"
finish
