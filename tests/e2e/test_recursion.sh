#!/usr/bin/env bash
# Recursive user-defined functions (lower_recursive.c): fib(0..20) against
# the Fibonacci numbers; mutual recursion through a forward declaration;
# real-valued recursion on data against closed forms (x^5, the golden-ratio
# continued fraction as a ratio of Fibonacci numbers, a harmonic sum); a
# void recursive function printing in transformed data; calls in the model
# block with data and loop-index arguments, the gradient checked against
# finite differences; the `c ? a : recursion` idiom (only the branch taken
# of ?: runs); runaway recursion rejected with a located message
# naming the function (fatal in transformed data, a rejection in the
# density); a parameter argument, a container result and an _lp function
# reported as not supported, with a location.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
cat > "$T/m.bmodel" <<'EOF2'
functions {
  int fib(int n) {
    if (n < 2) return n;
    return fib(n - 1) + fib(n - 2);
  }
  int is_even(int n);
  int is_odd(int n) {
    if (n == 0) return 0;
    return is_even(n - 1);
  }
  int is_even(int n) {
    if (n == 0) return 1;
    return is_odd(n - 1);
  }
  real rpow(real x, int n) {
    if (n == 0) return 1;
    return x * rpow(x, n - 1);
  }
  real golden(int k) {
    if (k == 0) return 1.0;
    return 1 + 1 / golden(k - 1);
  }
  real harmonic(int n) {
    if (n == 0) return 0;
    real s = 0;
    for (i in 1:2) s += 0.5 / n;
    return s + harmonic(n - 1);
  }
  int fact(int n) {
    if (n <= 1) return 1;
    return n * fact(n - 1);
  }
  // only the branch taken of ?: runs, or this would never stop
  int fib2(int n) { return n < 2 ? n : fib2(n - 1) + fib2(n - 2); }
  void countdown(int n) {
    if (n >= 0) {
      print("count ", n);
      countdown(n - 1);
    }
  }
}
data { real x; int N; }
transformed data {
  int f10 = fib(10);
  countdown(2);
}
parameters { real mu; real<lower=0> sigma; }
model {
  mu ~ normal(rpow(x, 3), 2);
  sigma ~ lognormal(0, 1);
  target += normal_lpdf(mu | fib(N) + f10, harmonic(N) * sigma);
  for (i in 1:3) target += -0.01 * fact(i) * square(mu - i);
}
generated quantities {
  array[21] int fibs;
  array[4] int ev;
  array[4] int od;
  real p = rpow(x, 5);
  real g = golden(20);
  real h = harmonic(4);
  int f = fact(10);
  int f2 = fib2(20);
  for (k in 0:20) fibs[k + 1] = fib(k);
  for (k in 0:3) { ev[k + 1] = is_even(k + 7); od[k + 1] = is_odd(k + 7); }
}
EOF2
expect_run compile 0 "" "$BMC" compile "$T/m.bmodel" -o "$T/m"
echo '{"x": 1.5, "N": 6}' > "$T/d.json"
expect_run sample 0 "count 0" "$T/m" sample --data "$T/d.json" --chains 1 --draws 1 --warmup 5 \
    --sig-figs 15 --output "$T/o"
grep -q "count 2" "$T/sample.out" && grep -q "count 1" "$T/sample.out" &&
    pass "void recursive function prints" || fail "void recursive function prints"
{
    echo "name,value"
    a=0; b=1
    for k in $(seq 0 20); do echo "fibs.$((k + 1)),$a"; c=$((a + b)); a=$b; b=$c; done
    echo "ev.1,0"; echo "ev.2,1"; echo "ev.3,0"; echo "ev.4,1"
    echo "od.1,1"; echo "od.2,0"; echo "od.3,1"; echo "od.4,0"
    echo "p,7.59375"                  # 1.5^5
    echo "g,$(awk 'BEGIN { printf "%.17g", 17711 / 10946 }')"  # F(22) / F(21)
    echo "h,$(awk 'BEGIN { printf "%.17g", 1 + 1/2 + 1/3 + 1/4 }')"
    echo "f,3628800"
    echo "f2,6765"
} > "$T/want.csv"
compare_values "$T/want.csv" "$T/o/chain_1.csv" 34 && pass "recursive values" || fail "recursive values"
for seed in 1 2 3; do
    expect_run "diagnose-seed$seed" 0 "OK: gradient matches finite differences" \
        "$T/m" diagnose --data "$T/d.json" --seed "$seed"
done

cat > "$T/r.bmodel" <<'EOF2'
functions {
  int up(int n) { return up(n + 1); }
  real down(real x) { return down(x - 1) + 1; }
}
data { int N; }
transformed data {
  int u = 0;
  if (N > 0) u = up(N);
}
parameters { real mu; }
model {
  mu ~ normal(0, 1);
  if (N < 0) target += down(N);
}
EOF2
expect_run compile-runaway 0 "" "$BMC" compile "$T/r.bmodel" -o "$T/r"
echo '{"N": 1}' > "$T/r1.json"
echo '{"N": -1}' > "$T/r2.json"
expect_run runaway-tdata 2 "up: recursion deeper than 10000 calls at $T/r.bmodel:2:7" \
    "$T/r" sample --data "$T/r1.json" --chains 1 --output "$T/ro1"
expect_run runaway-density 1 "down: recursion deeper than 10000 calls at $T/r.bmodel:3:8" \
    "$T/r" sample --data "$T/r2.json" --chains 2 --output "$T/ro2"

cat > "$T/p.bmodel" <<'EOF2'
functions {
  real rpow(real x, int n) {
    if (n == 0) return 1;
    return x * rpow(x, n - 1);
  }
}
parameters { real mu; }
model {
  mu ~ normal(0, 1);
  target += rpow(mu, 2);
}
EOF2
expect_run parameter-argument 1 \
    "p.bmodel:10:13: error: not supported yet: recursive functions with parameter arguments (rpow)" \
    "$BMC" compile "$T/p.bmodel" -o "$T/p"
cat > "$T/v.bmodel" <<'EOF2'
functions {
  vector vrec(vector v, int n) { if (n == 0) return v; return vrec(v, n - 1); }
}
parameters { real mu; }
model {
  mu ~ normal(sum(vrec([1, 2]', 3)), 1);
}
EOF2
expect_run container-result 1 \
    "v.bmodel:6:19: error: not supported yet: recursive functions returning containers or tuples (vrec)" \
    "$BMC" compile "$T/v.bmodel" -o "$T/v"
cat > "$T/l.bmodel" <<'EOF2'
functions {
  real f_lp(int n) { target += 1; if (n == 0) return 0; return f_lp(n - 1); }
}
parameters { real mu; }
model {
  mu ~ normal(0, 1);
  real z = f_lp(2);
}
EOF2
expect_run lp-function 1 \
    "l.bmodel:7:12: error: not supported yet: recursive _lp and _rng functions (f_lp)" \
    "$BMC" compile "$T/l.bmodel" -o "$T/l"
finish
