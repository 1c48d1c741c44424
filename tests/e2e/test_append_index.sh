#!/usr/bin/env bash
# append_row / append_col with a matrix result from vector and row-vector
# operands (a vector is one column, a row vector one row), their size check,
# assignment through chained indexing (w[i][j] = ..., av[2][3] = ...,
# w[2][1:2] = ...), and print's nested lists; values are small integers,
# compared exactly with what Stan gives (worked out by hand).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
cat > "$T/m.bmodel" <<'EOF2'
data { vector[3] v; matrix[3, 2] A; row_vector[2] r; }
transformed data {
  print(append_col(v, v), " ", append_col(A, v), " ", append_col(v, A), " ", append_row(r, A),
        " ", append_row(A, r), " ", append_row(r, r));
  print(append_row(v, v), " ", append_col(r, r), " ", append_col(1, r), " ", append_row(v, 5));
  matrix[2, 2] w = A[1:2];
  array[2] vector[3] av;
  array[2, 2] real aa;
  w[1][2] = 10; w[2] = [7, 8]; av[1] = [1, 2, 3]'; av[2] = [4, 5, 6]';
  av[2][3] = 60; av[1][2:3] = [20, 30]'; aa[1][2] = 5; aa[1][1] = 4; aa[2] = {1.5, 2.5};
  w[2][1:2] = [70, 80];
  print(w, " ", av, " ", aa);
}
parameters { vector[3] mu; row_vector[2] q; matrix[2, 2] z; }
model {
  mu ~ normal(0, 1); q ~ normal(0, 1);
  target += -0.5 * sum(square(append_col(mu, A))) - sum(append_row(q, A) .* append_row(A, q));
  for (i in 1:2) for (j in 1:2) { matrix[2, 2] y; y[i][j] = z[i][j] * mu[j]; target += -square(y[i][j]); }
}
EOF2
expect_run compile 0 "" "$BMC" compile "$T/m.bmodel" -o "$T/m"
echo '{"v": [1, 2, 3], "A": [[1, 2], [3, 4], [5, 6]], "r": [7, 8]}' > "$T/d.json"
expect_run run 0 "" "$T/m" sample --data "$T/d.json" --chains 1 --draws 1 --warmup 1 --output "$T/o"
want1='[[1,1],[2,2],[3,3]] [[1,2,1],[3,4,2],[5,6,3]] [[1,1,2],[2,3,4],[3,5,6]] [[7,8],[1,2],[3,4],[5,6]] [[1,2],[3,4],[5,6],[7,8]] [[7,8],[7,8]]'
want2='[1,2,3,1,2,3] [7,8,7,8] [1,7,8] [1,2,3,5]'
want3='[[1,10],[70,80]] [[1,20,30],[4,5,60]] [[4,5],[1.5,2.5]]'
for k in 1 2 3; do
    eval "w=\$want$k"
    grep -qxF "$w" "$T/run.out" && pass "printed line $k" || fail "line $k: expected $w"
done
for seed in 1 2 3; do
    expect_run "gradient-seed-$seed" 0 "OK: gradient matches finite differences" \
        "$T/m" diagnose --data "$T/d.json" --seed "$seed"
done
cat > "$T/bad.bmodel" <<'EOF2'
data { vector[3] v; matrix[2, 2] A; }
transformed data { matrix[3, 3] B = append_col(v, A); }
parameters { real mu; }
model { mu ~ normal(0, 1); }
EOF2
expect_run compile-bad 0 "" "$BMC" compile "$T/bad.bmodel" -o "$T/bad"
echo '{"v": [1, 2, 3], "A": [[1, 2], [3, 4]]}' > "$T/d2.json"
expect_run size-mismatch 2 "append_col: size mismatch (the two operands have different numbers of rows)" \
    "$T/bad" sample --data "$T/d2.json" --chains 1 --draws 1 --warmup 1 --output "$T/o2"
cat > "$T/mul.bmodel" <<'EOF2'
data { int N; vector[N] v; matrix[N, N] m; }
transformed data {
  matrix[N, N] b = m;
  row_vector[N] r = v';
  b *= m; print(b, " ", m * m);
  r *= m; print(r, " ", v' * m);
  b /= m; r /= m; print(b, " ", r);
}
parameters { matrix[2, 2] P; }
model {
  to_vector(P) ~ normal(0, 1);
  matrix[2, 2] Q = P;
  Q *= P; Q *= [[1, 2], [3, 4]]; Q /= [[2, 1], [0, 3]];
  target += -0.1 * sum(square(Q));
}
EOF2
expect_run compile-mul 0 "" "$BMC" compile "$T/mul.bmodel" -o "$T/mul"
echo '{"N": 2, "v": [1, 2], "m": [[2, 1], [0, 3]]}' > "$T/dm.json"
expect_run run-mul 0 "" "$T/mul" sample --data "$T/dm.json" --chains 1 --draws 1 --warmup 1 --output "$T/om"
for w in '[[4,5],[0,9]] [[4,5],[0,9]]' '[2,7] [2,7]' '[[2,1],[0,3]] [1,2]'; do
    grep -qxF "$w" "$T/run-mul.out" && pass "compound product: $w" || fail "expected the line: $w"
done
for seed in 1 2 3; do
    expect_run "gradient-mul-seed-$seed" 0 "OK: gradient matches finite differences" \
        "$T/mul" diagnose --data "$T/dm.json" --seed "$seed"
done
finish
