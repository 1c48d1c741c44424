#!/usr/bin/env bash
# Hidden Markov models (hmm_marginal, hmm_hidden_state_prob, hmm_latent_rng;
# compiler/lower_hmm.c) and gaussian_dlm_obs (compiler/lower_dlm.c), as
# tests/e2e/test_linalg_more.sh does for other functions:
#  1. values on fixed data against R (hmm_dlm/expected.R -> expected.csv:
#     enumeration of all state paths and an R forward-backward for the
#     HMMs, an R Kalman filter and the joint normal density of vec(y) for
#     the DLM) to 1e-8 relative;
#  2. the gradient of hmm_dlm/gradients.bmodel, which applies each to
#     parameters, against finite differences at three random points;
#  3. 4000 draws of hmm_latent_rng: the frequency of every state at every
#     step within 4.5 binomial standard deviations of R's posterior
#     probability (K = 3, N = 5 and N = 300), and the frequencies of the 16
#     paths of a K = 2, N = 4 case against their enumerated posterior
#     (hmm_dlm/paths.csv, also from expected.R);
#  4. invalid arguments reject with the function's message.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
D=tests/e2e/hmm_dlm
values_vs_reference "$D/values.bmodel" "$D/data.json" "$D/expected.csv"
gradients_vs_fd "$D/gradients.bmodel" "$D/data.json" --init 1

# ---- hmm_latent_rng: frequencies against posterior probabilities ----
"$BMC" compile "$D/rng.bmodel" -o "$T/rng" >"$T/rng.log" 2>&1 \
    || { cat "$T/rng.log"; fail "cannot compile rng.bmodel"; finish; }
expect_run rng-run 0 "" "$T/rng" sample --data "$D/data.json" --chains 1 --warmup 10 \
    --draws 4000 --seed 11 --quiet --output "$T/rout"
# freq_check: columns zs.n / zl.n against hp_s.k.n / hp_l.k.n, code2 against
# paths.csv: |count - D q| <= 4.5 sqrt(D q (1 - q)) + 3 for D draws (the 3
# counts matter only for the rare states, where one or two draws of an
# expected 0.1 are many "sd" away); a probability of exactly 0 must never be
# drawn.  The deviation reported is in sd, without the 3 counts.
freq_check() {
    awk -F, 'FILENAME ~ /expected.csv$/ { if (FNR > 1) p[$1] = $2; next }
        FILENAME ~ /paths.csv$/ { if (FNR > 1) p["code2." $1] = $2; next }
        /^#/ { next }
        !hdr { for (i = 1; i <= NF; i++) name[i] = $i; hdr = 1; next }
        { D++; for (i = 1; i <= NF; i++) {
              split(name[i], a, ".")
              if (a[1] == "zs") cnt["hp_s." $i "." a[2]]++
              else if (a[1] == "zl") cnt["hp_l." $i "." a[2]]++
              else if (a[1] == "code2") cnt["code2." $i]++ } }
        END {
            bad = 0; n = 0; zmax = 0
            for (k in p) {
                if (k !~ /^(hp_s|hp_l|code2)\./) continue
                n++; q = p[k]; f = cnt[k] / D
                sd = sqrt(q * (1 - q) / D)
                if (sd == 0) { if (f != q) { print "  " k ": drawn with probability " q; bad++ }; continue }
                z = (f - q) / sd; if (z < 0) z = -z; if (z > zmax) zmax = z
                if (z * sd > 4.5 * sd + 3 / D) { printf "  %s: frequency %g, probability %g (%.1f sd)\n", k, f, q, z; bad++ }
            }
            for (k in cnt) if (!(k in p)) { print "  unexpected value " k; bad++ }
            printf "  %d probabilities checked over %d draws, largest deviation %.2f sd, %d beyond the band\n", n, D, zmax, bad
            exit bad > 0 || n < 931
        }' "$D/expected.csv" "$D/paths.csv" "$1"
}
freq_check "$T/rout/chain_1.csv" && pass "hmm_latent_rng frequencies agree with the posterior" \
    || fail "hmm_latent_rng frequencies"

# ---- invalid arguments ----
# bad_case NAME FRAGMENT STATEMENT : a transformed-data statement on the
# data of values.bmodel must stop the program with FRAGMENT.
bad_case() {
    cat > "$T/$1.bmodel" <<EOB
data {
  int K;
  matrix[K, K] Gam;
  vector[K] rho;
  matrix[K, 5] lo_s;
  matrix[2, 2] F;
  matrix[2, 2] G;
  matrix[2, 2] V;
  matrix[2, 2] W;
  vector[2] m0;
  matrix[2, 2] C0;
  matrix[2, 3] y_s;
}
transformed data {
  real x = 0;
  $3
  print(x);
}
parameters {
  real dummy;
}
model {
  dummy ~ normal(0, 1);
}
EOB
    "$BMC" compile "$T/$1.bmodel" -o "$T/$1" >"$T/$1.log" 2>&1 \
        || { cat "$T/$1.log"; fail "cannot compile $1"; return; }
    run_capture "$1" "$T/$1" sample --data "$D/data.json" --chains 1 --warmup 5 --draws 1 \
        --quiet --output "$T/$1.out.d"
    if [ "$RC" = 0 ] || ! grep -qF -- "$2" "$T/$1.out"; then
        fail "$1: exit $RC, expected a failure with '$2'"; sed 's/^/    /' "$T/$1.out" | head -10
    else pass "$1 rejects: $2"; fi
}
bad_case bad-rho "hmm_marginal: rho is not a simplex" \
    "x = hmm_marginal(lo_s, Gam, rho + 0.01);"
bad_case bad-rho-neg "hmm_latent_rng: rho is not a simplex (a negative element)" \
    "x = hmm_latent_rng(lo_s, Gam, [1.2, -0.1, -0.1]')[1];"
bad_case bad-gamma "hmm_hidden_state_prob: a row of Gamma is not a simplex" \
    "x = hmm_hidden_state_prob(lo_s, Gam', rho)[1, 1];"
bad_case bad-hmm-size "hmm_marginal: size mismatch (rows of Gamma and of log_omega)" \
    "x = hmm_marginal(lo_s[1:2], Gam, rho);"
bad_case bad-dlm-size "gaussian_dlm_obs: size mismatch (columns of F and rows of y)" \
    "x = gaussian_dlm_obs_lpdf(y_s[1:1] | F, G, V[1:1, 1:1], W, m0, C0);"
bad_case bad-dlm-W "gaussian_dlm_obs: W is not symmetric" \
    "x = gaussian_dlm_obs_lpdf(y_s | F, G, V, W + [[0, 0.1], [0, 0]], m0, C0);"
finish
