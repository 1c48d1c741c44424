#!/usr/bin/env bash
# Posteriors known in closed form, end to end: coin flip with a beta(2, 2)
# prior and h heads in N flips has posterior beta(2 + h, 2 + N - h).  The
# sampled mean must be within 4 MCSE of the exact mean, and the sd within
# 10% (4 x 2,500 draws).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
"$BMC" compile models/coin_flip.bmodel -o "$T/coin" >/dev/null 2>&1 \
    || { fail "cannot compile coin_flip"; finish; }
expect_run coin-sample 0 "" "$T/coin" sample --data models/coin_flip.csv --seed 2026 \
    --draws 2500 --output "$T/coin_out"
read -r N h < <(awk -F, 'NR > 1 {n++; s += $1} END {print n, s}' models/coin_flip.csv)
row=$(grep -E '^ *p ' "$T/coin-sample.out")
awk -v a=$((2 + h)) -v b=$((2 + N - h)) -v row="$row" 'BEGIN {
    split(row, f, " "); mean = f[2]; mcse = f[3]; sd = f[4]
    em = a / (a + b); esd = sqrt(a * b / ((a + b) ^ 2 * (a + b + 1)))
    printf "  exact beta(%d, %d): mean %.4f sd %.4f; sampled mean %s (MCSE %s) sd %s\n", a, b, em, esd, mean, mcse, sd
    ok = (mean - em) ^ 2 <= (4 * mcse) ^ 2 && sd / esd > 0.9 && sd / esd < 1.1
    exit !ok }' && pass "coin flip matches beta(2 + h, 2 + N - h)" \
    || fail "coin flip posterior differs from the exact beta"

# Conjugate linear regression (models/linear_regression_conjugate.bmodel):
# prior sigma2 ~ inv_gamma(a0 = 2, b0 = 2), (alpha, beta) | sigma2 ~
# normal(0, sigma2 V0) with V0 = 100 I.  With X = [1 x]:
#   Vn = (V0^-1 + X'X)^-1, mn = Vn X'y, an = a0 + N/2,
#   bn = b0 + (y'y - mn' Vn^-1 mn) / 2;
#   E[sigma2] = bn / (an - 1), sd = E[sigma2] / sqrt(an - 2);
#   (alpha, beta) Student-t: mean mn, covariance bn / (an - 1) Vn.
"$BMC" compile models/linear_regression_conjugate.bmodel -o "$T/lrc" >/dev/null 2>&1 \
    || { fail "cannot compile linear_regression_conjugate"; finish; }
expect_run conjugate-sample 0 "" "$T/lrc" sample --data models/linear_regression.csv --seed 2026 \
    --draws 2500 --output "$T/lrc_out"
awk -F, 'NR == FNR { if (FNR > 1) { n++; sx += $1; sy += $2; sxx += $1 * $1; sxy += $1 * $2; syy += $2 * $2 }; next }
    /^ *(alpha|beta|sigma2) / { mean[$1] = $2; mcse[$1] = $3; sd[$1] = $4 }
    END {
        # P = V0^-1 + Xt X (2x2), Vn = P^-1
        p11 = 0.01 + n; p12 = sx; p22 = 0.01 + sxx; det = p11 * p22 - p12 * p12
        v11 = p22 / det; v12 = -p12 / det; v22 = p11 / det
        m1 = v11 * sy + v12 * sxy; m2 = v12 * sy + v22 * sxy
        an = 2 + n / 2; bn = 2 + (syy - (m1 * (p11 * m1 + p12 * m2) + m2 * (p12 * m1 + p22 * m2))) / 2
        es2 = bn / (an - 1); sds2 = es2 / sqrt(an - 2)
        em["alpha"] = m1; esd["alpha"] = sqrt(es2 * v11)
        em["beta"] = m2; esd["beta"] = sqrt(es2 * v22)
        em["sigma2"] = es2; esd["sigma2"] = sds2
        ok = 1
        for (k in em) {
            printf "  %-6s exact mean %.4f sd %.4f; sampled %s (MCSE %s) sd %s\n", k, em[k], esd[k], mean[k], mcse[k], sd[k]
            if ((mean[k] - em[k]) ^ 2 > (4 * mcse[k]) ^ 2 || sd[k] / esd[k] < 0.9 || sd[k] / esd[k] > 1.1) ok = 0
        }
        exit !ok }' models/linear_regression.csv FS=' ' "$T/conjugate-sample.out" \
    && pass "conjugate linear regression matches the closed form" \
    || fail "conjugate linear regression differs from the closed form"
finish
