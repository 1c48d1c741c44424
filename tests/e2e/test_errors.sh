#!/usr/bin/env bash
# Bad input gets a located, plain-words error and a non-zero exit, never a
# crash, and never an output file that looks complete.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
"$BMC" compile models/eight_schools_noncentered.bmodel -o "$T/es" >/dev/null 2>&1 \
    || { fail "cannot compile eight schools"; finish; }

printf 'y\n28\n8\n' > "$T/only_y.csv"
expect_run missing-variable 2 "sigma" "$T/es" sample --data "$T/only_y.csv" --output "$T/o1"
[ -e "$T/o1/chain_1.csv" ] && fail "output written after a data error"

printf 'y,sigma\n28,15\n8,10\n-3,16\n7,\n' > "$T/short.csv"
expect_run wrong-length 2 "sigma" "$T/es" sample --data "$T/short.csv" J=4 --output "$T/o2"

printf 'y,sigma\n28,15\n8,abc\n' > "$T/nonnum.csv"
expect_run non-numeric 2 "is not a number" "$T/es" sample --data "$T/nonnum.csv"
expect_run non-numeric-row 2 ":3" "$T/es" sample --data "$T/nonnum.csv"

printf 'y,sigma\n28,15\n8,-10\n' > "$T/neg.csv"
expect_run constraint 2 "lower=0" "$T/es" sample --data "$T/neg.csv"
expect_run constraint-row 2 ":3" "$T/es" sample --data "$T/neg.csv"

expect_run real-for-int 2 "int" "$T/es" sample --data models/eight_schools.csv J=8.5
expect_run missing-file 2 "nope.csv" "$T/es" sample --data "$T/nope.csv"
expect_run bad-flag 2 "--chainz" "$T/es" sample --data models/eight_schools.csv --chainz 3
expect_run bad-value 2 "--chains" "$T/es" sample --data models/eight_schools.csv --chains -1
expect_run bad-delta 2 "--adapt-delta" "$T/es" sample --data models/eight_schools.csv --adapt-delta 1.5
expect_run help 0 "--adapt-delta" "$T/es" --help

printf '{"J": 8, "y": [1,2,3,4,5,6,7,8], "sigma": [1,2,3,4,5,6,7]}\n' > "$T/bad.json"
expect_run json-length 2 "sigma" "$T/es" sample --data "$T/bad.json"

# Model text errors: file:line:col, the line, a caret; exit 1.
printf 'data {\n  int N;\n}\nmodel {\n  N ~ normal(0 1);\n}\n' > "$T/syntax.bmodel"
expect_run syntax-error 1 "syntax.bmodel:5:" "$BMC" check "$T/syntax.bmodel"
grep -q '\^' "$T/syntax-error.out" || fail "syntax error has no caret"
printf 'parameters {\n  real mu;\n}\nmodel {\n  mu ~ normal(nu, 1);\n}\n' > "$T/undef.bmodel"
expect_run undefined-variable 1 "undef.bmodel:5:15" "$BMC" check "$T/undef.bmodel"
expect_run missing-model-file 1 "nofile.bmodel" "$BMC" check "$T/nofile.bmodel"
finish
