#!/usr/bin/env bash
# The CSR functions and trace_gen_quad_form (compiler/lower_sparse.c):
#  1. csr_extract_w / _v / _u of a small matrix (exact small numbers, as
#     Stan gives them: values row by row, 1-based columns, row starts);
#     csr_to_dense_matrix gives the matrix back; csr_matrix_times_vector and
#     trace_gen_quad_form equal the dense X * b and trace(D * B' * A * B)
#     (printed side by side) — also on a 30 x 20 random sparse matrix, to 1e-12;
#  2. gradients in w, b and D against finite differences (`diagnose`);
#  3. malformed CSR input (a column index beyond n, u not starting at 1)
#     rejects with the function's name.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
cat > "$T/m.bmodel" <<'EOF2'
data { matrix[3, 4] X; int M; int N; matrix[M, N] Z; vector[N] z; }
transformed data {
  vector[size(csr_extract_v(X))] w = csr_extract_w(X);
  array[size(w)] int v = csr_extract_v(X);
  array[4] int u = csr_extract_u(X);
  print(w, " ", v, " ", u, " ", csr_to_dense_matrix(3, 4, w, v, u));
  print(csr_matrix_times_vector(3, 4, w, v, u, [1, 2, 3, 4]'), " ", X * [1, 2, 3, 4]');
  matrix[2, 2] D = [[1, 2], [3, 4]];
  matrix[3, 3] A = [[2, 1, 0], [1, 3, 1], [0, 1, 4]];
  matrix[3, 2] B = [[1, 2], [3, 4], [5, 6]];
  print(trace_gen_quad_form(D, A, B), " ", trace(D * B' * A * B));
  vector[M] big = csr_matrix_times_vector(M, N, csr_extract_w(Z), csr_extract_v(Z), csr_extract_u(Z), z);
  print("max difference ", max(abs(big - Z * z)), " over ", M, " rows");
}
parameters { vector[4] b; vector[size(w)] wp; matrix[2, 2] Dp; }
model {
  b ~ normal(0, 1); wp ~ normal(0, 1); to_vector(Dp) ~ normal(0, 1);
  target += -0.5 * dot_self(csr_matrix_times_vector(3, 4, wp, v, u, b))
            + 0.01 * trace_gen_quad_form(Dp, A, B);
}
EOF2
expect_run compile 0 "" "$BMC" compile "$T/m.bmodel" -o "$T/m"
awk 'BEGIN { srand(3); M = 30; N = 20
    printf "{\"X\": [[0, 1.5, 0, 2], [0, 0, 0, 0], [3, 0, -1, 0]], \"M\": %d, \"N\": %d, \"Z\": [", M, N
    for (i = 1; i <= M; i++) { printf "%s[", (i > 1 ? ", " : "")
        for (j = 1; j <= N; j++) printf "%s%.6f", (j > 1 ? ", " : ""), (rand() < 0.2 ? rand() * 4 - 2 : 0)
        printf "]" }
    printf "], \"z\": ["; for (j = 1; j <= N; j++) printf "%s%.6f", (j > 1 ? ", " : ""), rand() * 2 - 1
    print "]}" }' > "$T/d.json"
expect_run run 0 "" "$T/m" sample --data "$T/d.json" --chains 1 --draws 1 --warmup 1 --output "$T/o"
for w in '[1.5,2,3,-1] [2,4,1,3] [1,3,3,5] [[0,1.5,0,2],[0,0,0,0],[3,0,-1,0]]' '[11,0,0] [11,0,0]' '2261 2261'; do
    grep -qxF "$w" "$T/run.out" && pass "printed: $w" || fail "expected the line: $w"
done
line=$(grep "max difference" "$T/run.out")
awk -v l="$line" 'BEGIN { split(l, f, " "); exit !(f[3] <= 1e-12 && f[5] == 30) }' \
    && pass "30 x 20 sparse product = dense product ($line)" || fail "sparse product: $line"
for seed in 1 2 3; do
    expect_run "gradient-seed-$seed" 0 "OK: gradient matches finite differences" \
        "$T/m" diagnose --data "$T/d.json" --seed "$seed"
done
cat > "$T/bad.bmodel" <<'EOF2'
data { int form; }
transformed data {
  vector[2] w = [1, 2]';
  if (form == 1) print(csr_matrix_times_vector(2, 2, w, {1, 3}, {1, 2, 3}, [1, 1]'));
  if (form == 2) print(csr_to_dense_matrix(2, 2, w, {1, 2}, {0, 2, 3}));
}
parameters { real mu; }
model { mu ~ normal(0, 1); }
EOF2
expect_run compile-bad 0 "" "$BMC" compile "$T/bad.bmodel" -o "$T/bad"
expect_run bad-column 2 "csr_matrix_times_vector: a column index in v is outside 1..n" \
    "$T/bad" sample form=1 --chains 1 --draws 1 --warmup 1 --output "$T/o1"
expect_run bad-u 2 "csr_to_dense_matrix: u[1] must be 1" \
    "$T/bad" sample form=2 --chains 1 --draws 1 --warmup 1 --output "$T/o2"
finish
