#!/usr/bin/env bash
# Tuples through the back end (compiler/lower_tuple.c), the data readers and
# the output names:
#  - tuples/values.bmodel: every generated quantity equals its value worked
#    out by hand (comments below), with tuple data from JSON and from CSV
#    columns d:1, d:2, ad:1, ad:2:1, ad:2:2.1, ...; print() of tuples;
#  - output columns named as CmdStan names them: t:1, gqn:2:1, sc:2.1, and
#    for an array of tuples each element whole, first index fastest:
#    arr.1:1, arr.1:2.1, arr.1:2.2, arr.2:1, ...;
#  - tuples/params.bmodel (tuple parameters with constrained components,
#    arrays of tuples, a tuple transformed parameter): the gradient matches
#    finite differences at three points; the sampled means are within 4
#    MCSE of the closed-form posterior means and the sds within 10%;
#    log-prob at a constrained point given as JSON tuples equals the closed
#    form, and log-prob of every draw read back from the CSV files equals
#    its lp__ (the unconstraining transform undoes the output's order);
#  - bad tuple data is reported naming the variable and the component.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
D=tests/e2e/tuples

# ---- values ---------------------------------------------------------------------
"$BMC" compile "$D/values.bmodel" -o "$T/values" >"$T/cv.log" 2>&1 ||
    { cat "$T/cv.log"; fail "cannot compile values.bmodel"; finish; }

# name=value pairs of the generated quantities, by hand:
#   ms = mean_sd([1, 2, 3, 4]') = (2.5, sqrt(5/3)); nest.1 + nest.2.1 + nest.2.2[2]
#   = 3 + 0.5 + 2; d = (2.5, {1, 2, 3}); total(ad) = (1 + 0.5 + 3) + (2 + 1.5 + 7)
#   + (3 + 2.5 + 11); ad[2].2.2[1] = 3; t = (1.5, 2.5) swapped; swap_pair((7, 0.25));
#   first_of(mean_sd([2, 4]')) = 3, its sd sqrt(2); arr = {(1, [1, 2]), (2, [3, 4])},
#   then arr[2].2[1] = 10, arr[1] = arr[2], arr[2].1 = -1; arrsum = 16 + 13;
#   tern: mu > 1e6 is false; gqn = (mu, (5, 0.5)); scaled((2, [1, 3]), 1.5);
#   pick = xs4[a random index]: both components from one draw (pick_ok);
#   m2[i, j] = (10 i + j, i - j / 2), written first index fastest.
want="ms1=2.5 ms2=1.29099444873581 nest_sum=5.5 d1=2.5 d2sum=6 tot=31.5 ad22=3
t:1=2.5 t:2=1.5 sp:1=0.25 sp:2=7 fo=3 fr2=1.4142135623731
arr.1:1=2 arr.1:2.1=10 arr.1:2.2=4 arr.2:1=-1 arr.2:2.1=10 arr.2:2.2=4 arrsum=29
tern:1=3 tern:2=4 gqn:2:1=5 gqn:2:2=0.5 sc:1=3 sc:2.1=1.5 sc:2.2=4.5 nsized=3 pick_ok=1
m2.1.1:1=11 m2.1.1:2=0.5 m2.2.1:1=21 m2.2.1:2=1.5 m2.1.2:1=12 m2.1.2:2=0 m2.2.3:1=23 m2.2.3:2=0.5"
want_cols="t:1,t:2,sp:1,sp:2,fo,fr2,arr.1:1,arr.1:2.1,arr.1:2.2,arr.2:1,arr.2:2.1,arr.2:2.2,arrsum,tern:1,tern:2,gqn:1,gqn:2:1,gqn:2:2,sc:1,sc:2.1,sc:2.2,nsized,pick_ok,m2.1.1:1,m2.1.1:2,m2.2.1:1,m2.2.1:2,m2.1.2:1,m2.1.2:2,m2.2.2:1,m2.2.2:2,m2.1.3:1,m2.1.3:2,m2.2.3:1,m2.2.3:2"

# check_values NAME DIR: every draw of DIR/chain_1.csv has the values above
# (to 12 significant digits), and gqn:1 equals mu.
check_values() {
    local name=$1 csv=$2/chain_1.csv got
    got=$(grep -v '^#' "$csv" | awk -F, -v want="$want" '
        NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        {   n = split(want, w, /[ \n]/)
            for (k = 1; k <= n; k++) {
                split(w[k], nv, "=")
                if (!(nv[1] in c)) { print "no column " nv[1]; continue }
                v = $c[nv[1]]; d = v - nv[2]; s = nv[2] < 0 ? -nv[2] : nv[2]
                if (d < 0) d = -d
                if (d > 1e-12 * (s > 1 ? s : 1)) print nv[1] " = " v ", want " nv[2]
            }
            if ($c["gqn:1"] != $c["mu"]) print "gqn:1 = " $c["gqn:1"] ", mu = " $c["mu"]
        }' | sort -u)
    [ -z "$got" ] && pass "$name: values" || { fail "$name: values"; echo "$got" | head -10 | sed 's/^/    /'; }
}

expect_run values-json 0 "nest = (3, (0.5, [1,2])), ad[1] = (1, (0.5, [1,2]))" \
    "$T/values" sample --data "$D/values.json" --chains 1 --warmup 30 --draws 5 --sig-figs 17 \
    --output "$T/vj"
check_values values-json "$T/vj"
header=$(grep -v '^#' "$T/vj/chain_1.csv" | head -1)
case ",$header" in
    *",$want_cols") pass "tuple column names as CmdStan writes them" ;;
    *) fail "tuple column names"; echo "    got:  $header"; echo "    want: ...,$want_cols" ;;
esac
expect_run values-csv 0 "" "$T/values" sample --data "$D/values.csv" --chains 1 --warmup 30 \
    --draws 5 --sig-figs 17 --output "$T/vc"
check_values values-csv "$T/vc"

# ---- bad tuple data -----------------------------------------------------------------
AD='"ad": [{"1": 1, "2": {"1": 0.5, "2": [1.0, 2.0]}}, {"1": 2, "2": {"1": 1.5, "2": [3.0, 4.0]}}, {"1": 3, "2": {"1": 2.5, "2": [5.0, 6.0]}}]'
bad_json() { # NAME JSON FRAGMENT
    printf '%s\n' "$2" > "$T/$1.json"
    expect_run "$1" 2 "$3" "$T/values" sample --data "$T/$1.json" --output "$T/bad" --quiet
}
bad_json bad-bound "{\"N\": 3, \"d\": {\"1\": 2.5, \"2\": [1, 2, 3]}, ${AD/\"1\": 2,/\"1\": -2,}}" \
    "bad-bound.json: ad:1[2]: value -2 violates lower=0 in declaration 'array[N] tuple(int<lower=0>, tuple(real, vector[2])) ad'"
bad_json bad-missing "{\"N\": 3, \"d\": {\"1\": 2.5, \"3\": [1, 2, 3]}, $AD}" \
    "'d': tuple component \"2\" is missing"
bad_json bad-element "{\"N\": 3, \"d\": {\"1\": 2.5, \"2\": [1, 2, 3]}, ${AD/\"1\": 2, \"2\": \{\"1\": 1.5, \"2\": \[3.0, 4.0\]\}/\"1\": 2}}" \
    "'ad': tuple component \"2\" is missing (the first tuple has it)"
bad_json bad-not-tuple "{\"N\": 3, \"d\": [2.5, 1], $AD}" \
    "variable 'd' is declared as a tuple ('tuple(real, array[N] int) d') but is given as an array"
bad_json bad-absent "{\"N\": 3, $AD}" \
    "variable 'd:1' (component 1 of tuple 'd') not found in the data"
bad_json bad-size "{\"N\": 3, \"d\": {\"1\": 2.5, \"2\": [1, 2]}, $AD}" \
    "variable d:2 has 2 values, but its declaration 'tuple(real, array[N] int) d' needs N = 3"
bad_json bad-int "{\"N\": 3, \"d\": {\"1\": 2.5, \"2\": [1, 2.5, 3]}, $AD}" \
    "d:2[2]: variable d:2 is declared int ('tuple(real, array[N] int) d') but the value is 2.5"
sed 's/^,3,3,/,3,-3,/' "$D/values.csv" > "$T/bad.csv"
expect_run bad-csv 2 "bad.csv:4 (row 3), column 'ad:1' (column 3): value -3 violates lower=0" \
    "$T/values" sample --data "$T/bad.csv" --output "$T/bad" --quiet

# ---- parameters ------------------------------------------------------------------
"$BMC" compile --no-pedantic "$D/params.bmodel" -o "$T/params" >"$T/cp.log" 2>&1 ||
    { cat "$T/cp.log"; fail "cannot compile params.bmodel"; finish; }
for seed in 1 2 3; do
    expect_run "gradient-seed-$seed" 0 "OK: gradient matches finite differences" \
        "$T/params" diagnose --data "$D/params.json" --seed "$seed"
done
expect_run params-sample 0 "" "$T/params" sample --data "$D/params.json" --seed 2026 \
    --draws 2500 --sig-figs 17 --output "$T/po"
# Closed forms: p.1 | y ~ normal(sum(y) / (N + 1/100), 1 / sqrt(N + 1/100)) with
# N = 10, sum(y) = 14; p.2 ~ gamma(2, 2); q[k].1 uniform(-1, 1); q[1].2
# uniform on the simplex; q[2].2 ~ dirichlet(2, 3); r.1 normal(1, 2); r.2
# ~ dirichlet(1, 1, 1); tp = (2 p.1, p.2 + 1).
awk '/^ *[a-z]+[.:][0-9.:]* / { mean[$1] = $2; mcse[$1] = $3; sd[$1] = $4 }
    END {
        pm = 14 / 10.01; ps = 1 / sqrt(10.01)
        split("p:1 p:2 q.1:1 q.2:1 q.1:2.1 q.2:2.1 q.2:2.2 r:1.2 r:2.3 tp:1 tp:2", k, " ")
        split(pm " 1 0 0 0.5 0.4 0.6 1 " 1/3 " " 2*pm " 2", em, " ")
        split(ps " " sqrt(0.5) " " 1/sqrt(3) " " 1/sqrt(3) " " 1/sqrt(12) " 0.2 0.2 2 " sqrt(2)/6 " " 2*ps " " sqrt(0.5), es, " ")
        ok = 1
        for (i = 1; i <= 11; i++) {
            n = k[i]
            if (!(n in mean)) { printf "  no summary row %s\n", n; ok = 0; continue }
            printf "  %-8s exact mean %7.4f sd %.4f; sampled %s (MCSE %s) sd %s\n", n, em[i], es[i], mean[n], mcse[n], sd[n]
            if ((mean[n] - em[i]) ^ 2 > (4 * mcse[n]) ^ 2 || sd[n] / es[i] < 0.9 || sd[n] / es[i] > 1.1) ok = 0
        }
        exit !ok }' "$T/params-sample.out" && pass "tuple parameters match the closed-form posterior" \
    || fail "tuple parameters differ from the closed-form posterior"
head_p=$(grep -v '^#' "$T/po/chain_1.csv" | head -1 | cut -d, -f8-)
want_p="p:1,p:2,q.1:1,q.1:2.1,q.1:2.2,q.2:1,q.2:2.1,q.2:2.2,r:1.1,r:1.2,r:2.1,r:2.2,r:2.3,tp:1,tp:2,g:1,g:2.1,g:2.2"
[ "$head_p" = "$want_p" ] && pass "parameter column names" \
    || { fail "parameter column names"; echo "    got:  $head_p"; echo "    want: $want_p"; }

# log-prob at a point given as JSON tuples (--no-jacobian; `~` drops constants)
expect_run log-prob-point 0 "" "$T/params" log-prob --data "$D/params.json" \
    --point "$D/point.json" --no-jacobian --output "$T/lp"
lp=$(tail -1 "$T/lp/log_prob.csv" | cut -d, -f1)
awk -v lp="$lp" 'BEGIN {
    p1 = 0.7; p2 = 1.3
    split("1.2 0.4 2.1 1.7 0.9 1.5 2.4 0.8 1.1 1.9", y, " ")
    want = -0.5 * (p1 / 10) ^ 2 + log(p2) - 2 * p2                   # p.1, p.2 priors
    for (i = 1; i <= 10; i++) want += -0.5 * (y[i] - p1) ^ 2          # y ~ normal(p.1, 1)
    want += -0.5 * ((0.5 - 1) / 2) ^ 2 - 0.5 * ((2 - 1) / 2) ^ 2       # r.1 ~ normal(1, 2)
    want += log(0.6) + 2 * log(0.4)                                    # q[2].2 ~ dirichlet(2, 3)
    printf "  log-prob %.12f, closed form %.12f\n", lp, want
    d = lp - want; exit !(d < 1e-9 && d > -1e-9) }' \
    && pass "log-prob at a JSON point of tuples equals the closed form" \
    || fail "log-prob at a JSON point of tuples differs from the closed form"

# every draw read back: log-prob equals lp__
expect_run log-prob-fitted 0 "" "$T/params" log-prob --data "$D/params.json" --fitted "$T/po" \
    --output "$T/lpf"
bad=$(paste -d, <(for f in "$T"/po/chain_*.csv; do grep -v '^#' "$f" | tail -n +2; done | cut -d, -f1) \
                <(grep -v '^#' "$T/lpf/log_prob.csv" | tail -n +2 | cut -d, -f1) |
      awk -F, '{ n++; d = $1 - $2; if (d > 1e-8 || d < -1e-8) b++ } END { print n ":" b + 0 }')
[ "$bad" = "10000:0" ] && pass "log-prob of every draw read back equals lp__" \
    || fail "log-prob of the draws read back differs from lp__ (draws:mismatches $bad)"
finish
