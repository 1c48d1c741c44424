#!/usr/bin/env bash
# Constrained parameter types through the model program: gradients against
# finite differences (`diagnose`) for every type; the distributions implied
# by a flat density (uniform simplex; cholesky_factor_corr, LKJ(1) through
# corr_matrix and through L with lkj_corr_cholesky(1)'s density) and by
# dirichlet by sampling;
# column names of matrices; --init and data files that violate a constraint.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

# ---- gradients: every type with a proper density ---------------------------
cat >"$T/all.bmodel" <<'EOF'
parameters {
  simplex[4] p;
  array[2] simplex[3] q;
  unit_vector[3] u;
  sum_to_zero_vector[4] z;
  ordered[3] o;
  positive_ordered[3] po;
  cholesky_factor_corr[3] Lc;
  cholesky_factor_cov[4, 2] Lv;
  cholesky_factor_cov[3] Lw;
  corr_matrix[3] C;
  cov_matrix[3] S;
  row_stochastic_matrix[2, 3] R;
  column_stochastic_matrix[2, 3] Q;
}
model {
  target += normal_lpdf(p | 0.3, 1);
  target += normal_lpdf(q[1] | 0.2, 0.5);
  target += normal_lpdf(u | 0.5, 1);
  z ~ normal(0, 1);
  o ~ normal(0, 2);
  po ~ lognormal(0, 1);
  target += normal_lpdf(to_vector(Lc) | 0.1, 1);
  target += normal_lpdf(to_vector(Lv) | 0, 2);
  target += normal_lpdf(to_vector(Lw) | 0, 2);
  target += normal_lpdf(to_vector(C) | 0.2, 1);
  target += normal_lpdf(to_vector(S) | 0, 3);
  target += normal_lpdf(to_vector(R) | 0.4, 1);
  target += normal_lpdf(to_vector(Q) | 0.1, 1);
}
EOF
if expect_run compile-all 0 "" "$BMC" compile --no-pedantic "$T/all.bmodel" -o "$T/all"; then
    for seed in 1 2 3; do
        expect_run "diagnose-all-seed$seed" 0 "OK: gradient matches" "$T/all" diagnose --seed $seed
    done
fi

# ---- column names of matrices: first index fastest --------------------------
if [ -x "$T/all" ]; then
    expect_run sample-all 0 "" "$T/all" sample --seed 2 --warmup 200 --draws 50 --chains 1 \
        --output "$T/all_out" --quiet
    header=$(grep -v '^#' "$T/all_out/chain_1.csv" | head -1)
    want="S.1.1,S.2.1,S.3.1,S.1.2,S.2.2,S.3.2,S.1.3,S.2.3,S.3.3,R.1.1,R.2.1,R.1.2"
    case "$header" in *",p.1,p.2,p.3,p.4,q.1.1,q.2.1,q.1.2,"*"$want"*"Q.2.3") pass "matrix column names";;
        *) fail "column names: $header";; esac
    # the draws read back through unconstrain (full precision: see docs/language.md)
    expect_run sample-all-full 0 "" "$T/all" sample --seed 2 --warmup 100 --draws 20 --chains 1 \
        --sig-figs 18 --output "$T/all_full" --quiet
    expect_run logprob-fitted-all 0 "lp__,g.1" "$T/all" log-prob --fitted "$T/all_full" --output "$T/all_lp"
fi

# ---- distributions under a flat density --------------------------------------
# batch_check CSV_GLOB COLUMN TRUE_MEAN TRUE_VAR : 20 batches per chain of
# the column's draws; the estimates of the mean and of E(x - mean)^2 must lie
# within 4 batch-means standard errors of the truth.
batch_check() {
    local files=$1 col=$2 mean=$3 var=$4
    # shellcheck disable=SC2086
    awk -F, -v col="$col" -v mu="$mean" -v v="$var" -v B=20 '
        function flush(   size, b, k, s, s2, x) {
            size = int(n / B)
            for (b = 0; size && b < B; b++) {
                s = 0; s2 = 0
                for (k = 1; k <= size; k++) { x = xs[b * size + k]; s += x; s2 += (x - mu) ^ 2 }
                m[++nb] = s / size; q[nb] = s2 / size
            }
            n = 0
        }
        FNR == 1 { flush(); c = 0 }
        /^#/ { next }
        !c { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
        { xs[++n] = $c }
        END { flush()
              if (nb < 2) { print "no draws of " col; exit 1 }
              for (i = 1; i <= nb; i++) { am += m[i]; aq += q[i] } am /= nb; aq /= nb
              for (i = 1; i <= nb; i++) { sm += (m[i] - am) ^ 2; sq += (q[i] - aq) ^ 2 }
              sem = sqrt(sm / (nb - 1) / nb); seq = sqrt(sq / (nb - 1) / nb)
              printf "%s: mean %.5f (true %.5f, se %.5f), var %.5f (true %.5f, se %.5f)\n", col, am, mu, sem, aq, v, seq
              exit !(sem > 0 && seq > 0 && (am - mu) ^ 2 <= 16 * sem ^ 2 && (aq - v) ^ 2 <= 16 * seq ^ 2) }
    ' $files
}

cat >"$T/flat_simplex.bmodel" <<'EOF'
parameters { simplex[4] p; }
model { }
EOF
if expect_run compile-flat-simplex 0 "" "$BMC" compile --no-pedantic "$T/flat_simplex.bmodel" -o "$T/fs"; then
    expect_run sample-flat-simplex 0 "" "$T/fs" sample --seed 11 --draws 4000 --output "$T/fs_out" --quiet
    # uniform on the simplex = Dirichlet(1,1,1,1): mean 1/4, variance (K-1)/(K^2 (K+1)) = 3/80
    for k in 1 2 3 4; do
        if out=$(batch_check "$T/fs_out/chain_*.csv" "p.$k" 0.25 0.0375); then pass "$out"
        else fail "uniform simplex: $out"; fi
    done
fi

# Dirichlet(2, 3, 5): mean alpha / 10, variance alpha (10 - alpha) / (100 * 11)
cat >"$T/dirichlet.bmodel" <<'EOF'
parameters { simplex[3] p; }
model { p ~ dirichlet([2, 3, 5]'); }
EOF
if expect_run compile-dirichlet 0 "" "$BMC" compile --no-pedantic "$T/dirichlet.bmodel" -o "$T/dir"; then
    expect_run sample-dirichlet 0 "" "$T/dir" sample --seed 4 --draws 4000 --output "$T/dir_out" --quiet
    for ka in 1:2 2:3 3:5; do
        k=${ka%:*} a=${ka#*:}
        if out=$(batch_check "$T/dir_out/chain_*.csv" "p.$k" "$(awk -v a=$a 'BEGIN{print a/10}')" \
                 "$(awk -v a=$a 'BEGIN{print a*(10-a)/1100}')"); then pass "dirichlet: $out"
        else fail "dirichlet: $out"; fi
    done
fi

# cholesky_factor_corr: with no density, L is uniform in its free
# coordinates (Stan's Jacobian is that of the strictly lower elements of L),
# so row i's strictly lower part is uniform in the (i-1)-ball and
# Om[i,1] = L[i,1] has variance 1/(i+1).  Adding lkj_corr_cholesky(1)'s
# density, sum_k (K - k) log L[k,k], makes L L' uniform over correlation
# matrices, LKJ(1): every correlation is 2 Beta(K/2, K/2) - 1, mean 0,
# variance 1/(K+1).  corr_matrix with no density is LKJ(1) directly.
cat >"$T/cholcorr.bmodel" <<'EOF'
data { int lkj; }
parameters { cholesky_factor_corr[4] L; }
model {
  target += 0;
  if (lkj == 1) for (k in 2:4) target += (4 - k) * log(L[k, k]);
  if (lkj == 2) L ~ lkj_corr_cholesky(1.0);
}
generated quantities { corr_matrix[4] Om = multiply_lower_tri_self_transpose(L); }
EOF
cat >"$T/corr.bmodel" <<'EOF'
parameters { corr_matrix[4] Om; }
model { }
EOF
if expect_run compile-cholcorr 0 "" "$BMC" compile --no-pedantic "$T/cholcorr.bmodel" -o "$T/cc"; then
    expect_run sample-cholcorr-flat 0 "" "$T/cc" sample lkj=0 --seed 5 --draws 4000 \
        --output "$T/ccf_out" --quiet
    for i in 2 3 4; do
        if out=$(batch_check "$T/ccf_out/chain_*.csv" "Om.$i.1" 0 "$(awk -v i=$i 'BEGIN{print 1/(i+1)}')")
        then pass "flat cholesky_factor_corr: $out"; else fail "flat cholesky_factor_corr: $out"; fi
    done
    expect_run sample-cholcorr-lkj 0 "" "$T/cc" sample lkj=1 --seed 5 --draws 4000 \
        --output "$T/ccl_out" --quiet
    for ij in 2.1 3.1 4.1 3.2 4.2 4.3; do
        if out=$(batch_check "$T/ccl_out/chain_*.csv" "Om.$ij" 0 0.2); then pass "LKJ(1) via L: $out"
        else fail "LKJ(1) via L: $out"; fi
    done
    expect_run sample-cholcorr-lkj-density 0 "" "$T/cc" sample lkj=2 --seed 6 --draws 4000 \
        --output "$T/ccd_out" --quiet
    for ij in 2.1 4.3; do
        if out=$(batch_check "$T/ccd_out/chain_*.csv" "Om.$ij" 0 0.2)
        then pass "L ~ lkj_corr_cholesky(1): $out"; else fail "L ~ lkj_corr_cholesky(1): $out"; fi
    done
fi
if expect_run compile-corr 0 "" "$BMC" compile --no-pedantic "$T/corr.bmodel" -o "$T/corr"; then
    expect_run sample-corr 0 "" "$T/corr" sample --seed 9 --draws 4000 --output "$T/corr_out" --quiet
    for ij in 2.1 3.1 4.1 3.2 4.2 4.3; do
        if out=$(batch_check "$T/corr_out/chain_*.csv" "Om.$ij" 0 0.2); then pass "LKJ(1) corr_matrix: $out"
        else fail "LKJ(1) corr_matrix: $out"; fi
    done
fi

# ---- values that violate a constraint -----------------------------------------
cat >"$T/init_ok.json" <<'EOF'
{"p": [0.2, 0.3, 0.4, 0.1]}
EOF
if [ -x "$T/fs" ]; then
    printf '{"p": [0.2, 0.3, 0.4, 0.2]}\n' >"$T/init_bad.json"
    expect_run init-bad-simplex 2 "variable 'p' is not a valid simplex: its elements do not sum to 1" \
        "$T/fs" sample --init "$T/init_bad.json" --warmup 10 --draws 10 --output "$T/ib" --quiet
    expect_run init-ok-simplex 0 "" \
        "$T/fs" sample --init "$T/init_ok.json" --warmup 10 --draws 10 --output "$T/io" --quiet
fi

cat >"$T/cov_data.bmodel" <<'EOF'
data { int K; cov_matrix[K] Sigma; }
parameters { vector[K] y; }
model { y ~ normal(0, 1); }
EOF
printf '{"K": 2, "Sigma": [[1, 2], [2, 1]]}\n' >"$T/cov_bad.json"
printf '{"K": 2, "Sigma": [[1, 0.5], [0.5, 1]]}\n' >"$T/cov_ok.json"
if expect_run compile-cov-data 0 "" "$BMC" compile --no-pedantic "$T/cov_data.bmodel" -o "$T/cd"; then
    expect_run data-bad-cov 2 "violates cov_matrix (it is not positive definite)" \
        "$T/cd" diagnose --data "$T/cov_bad.json"
    expect_run data-ok-cov 0 "OK: gradient matches" "$T/cd" diagnose --data "$T/cov_ok.json"
fi
finish
