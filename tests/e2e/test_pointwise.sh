#!/usr/bin/env bash
# Automatic pointwise log-likelihood and predictive draws from plates
# (models/logistic_regression.bmodel: y[n] ~ bernoulli_logit(alpha + beta x[n])
# inside `plate (n in 1:N)`):
#  - log_lik.n equals the Bernoulli-logit log mass recomputed from each
#    draw's alpha and beta (1e-5, the CSV's 6 digits);
#  - y_rep.n is 0/1, and its average over draws and n is the data's mean
#    within 4 Monte Carlo standard errors;
#  - `bmc loo` reads the columns;
#  - `sample --prior` leaves the likelihood out: alpha's draws have the
#    prior's sd 2.5 (within 10%) and mean 0 (within 4 MCSE);
#  - `bmc compile --no-pointwise` leaves the columns out, and a program that
#    declares its own log_lik keeps it (no automatic one).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
M=models/logistic_regression.bmodel
DATA=models/logistic_regression.csv
"$BMC" compile "$M" -o "$T/lr" >/dev/null 2>&1 || { fail "cannot compile"; finish; }
expect_run sample 0 "" "$T/lr" sample --data "$DATA" --seed 7 --output "$T/out" --quiet
awk -F, 'NR == FNR { if (FNR > 1) { x[FNR - 1] = $1; y[FNR - 1] = $2; n = FNR - 1 }; next }
    /^#/ { next }
    !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
    { draws++
      for (k = 1; k <= n; k++) {
          eta = $c["alpha"] + $c["beta"] * x[k]
          want = y[k] ? -log(1 + exp(-eta)) : -log(1 + exp(eta))
          d = $c["log_lik." k] - want; if (d < 0) d = -d
          if (d > 1e-5 * (1 + (want < 0 ? -want : want))) bad++
          r = $c["y_rep." k]; if (r != 0 && r != 1) badrep++
          s += r; ss += r * r; m++
      } }
    END { ybar = 0; for (k = 1; k <= n; k++) ybar += y[k]; ybar /= n
          mean = s / m; se = sqrt((ss / m - mean * mean) / draws)
          printf "  %d draws x %d: %d log_lik mismatches, %d bad y_rep; y_rep mean %.4f, data %.4f\n",
                 draws, n, bad, badrep, mean, ybar
          exit !(draws == 1000 && bad == 0 && badrep == 0 && (mean - ybar) ^ 2 <= (4 * se) ^ 2 + 1e-4) }' \
    "$DATA" "$T/out/chain_1.csv" && pass "log_lik and y_rep" || fail "log_lik or y_rep wrong"
expect_run loo 0 "elpd_loo" "$BMC" loo "$T/out"
expect_run prior 0 "" "$T/lr" sample --data "$DATA" --prior --seed 7 --output "$T/prior"
row=$(grep -E '^ *alpha ' "$T/prior.out")
awk -v row="$row" 'BEGIN { split(row, f, " "); mean = f[2]; mcse = f[3]; sd = f[4]
    printf "  prior alpha: mean %s (MCSE %s), sd %s (prior: 0, 2.5)\n", mean, mcse, sd
    exit !(mean ^ 2 <= (4 * mcse) ^ 2 && sd / 2.5 > 0.9 && sd / 2.5 < 1.1) }' \
    && pass "--prior samples the prior" || fail "--prior does not give the prior"
"$BMC" compile "$M" --no-pointwise -o "$T/lr_np" >/dev/null 2>&1 || fail "cannot compile --no-pointwise"
expect_run no-pointwise 0 "" "$T/lr_np" sample --data "$DATA" --chains 1 --output "$T/np" --quiet
grep -v '^#' "$T/np/chain_1.csv" | head -1 | grep -q 'log_lik\|y_rep' \
    && fail "--no-pointwise still writes log_lik/y_rep" || pass "--no-pointwise leaves them out"
{ cat "$M"; echo 'generated quantities { real log_lik = 1; }'; } > "$T/own.bmodel"
"$BMC" compile "$T/own.bmodel" -o "$T/own" >/dev/null 2>&1 || fail "cannot compile own log_lik"
expect_run own-log-lik 0 "" "$T/own" sample --data "$DATA" --chains 1 --output "$T/own_out" --quiet
cols=$(grep -v '^#' "$T/own_out/chain_1.csv" | head -1)
case ",$cols," in
    *,log_lik,*) echo "$cols" | grep -q 'log_lik\.' && fail "automatic log_lik beside the user's" \
                    || pass "the program's own log_lik wins" ;;
    *) fail "own log_lik missing: $cols" ;;
esac
finish
