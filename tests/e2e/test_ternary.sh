#!/usr/bin/env bash
# c ? a : b evaluates only the branch taken (Stan's semantics): a
# cholesky_decompose of a matrix that is not positive definite in the branch
# not taken does not reject, in the branch taken it does; the gradient
# through a conditional of matrix functions matches finite differences on
# both sides of the condition.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
cat > "$T/m.bmodel" <<'EOF2'
data { int which; matrix[2, 2] A; }
transformed data {
  matrix[2, 2] L = which == 1 ? cholesky_decompose(A) : diag_matrix(rep_vector(1, 2));
  real s = which == 1 ? sum(cholesky_decompose(A)) : 7;
  print("L=", L, " s=", s);
}
parameters { real mu; vector[2] v; }
model {
  mu ~ normal(0, 1); v ~ normal(0, 1);
  target += mu > 0 ? -sum(square(cholesky_decompose([[2, v[1] * 0.1], [v[1] * 0.1, 2]]) * v))
                   : -dot_self(v);
}
EOF2
expect_run compile 0 "" "$BMC" compile "$T/m.bmodel" -o "$T/m"
echo '{"A": [[1, 2], [2, 1]]}' > "$T/d.json"
expect_run branch-not-taken 0 "L=[[1,0],[0,1]] s=7" \
    "$T/m" sample which=2 --data "$T/d.json" --chains 1 --draws 1 --warmup 1 --output "$T/o2"
expect_run branch-taken 2 "cholesky_decompose: the matrix is not positive definite at $T/m.bmodel:3:33" \
    "$T/m" sample which=1 --data "$T/d.json" --chains 1 --draws 1 --warmup 1 --output "$T/o1"
for mu in 0.7 -0.7; do
    printf '{"mu": %s, "v": [0.3, -1.2]}\n' "$mu" > "$T/init$mu.json"
    expect_run "gradient-mu$mu" 0 "OK: gradient matches finite differences" \
        "$T/m" diagnose which=2 --data "$T/d.json" --init "$T/init$mu.json"
done
finish
