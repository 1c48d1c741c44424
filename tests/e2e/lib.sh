# tests/e2e/lib.sh — helpers shared by the end-to-end scripts.
# In: sourced by tests/e2e/test_*.sh run from the repo root.  Out: FAILS
# counter, a scratch dir $T removed at exit, and check functions that print
# one line per failed expectation.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BMC="${BMC:-$ROOT/bin/bmc}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
FAILS=0

fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
pass() { echo "ok: $*"; }

# run_capture NAME CMD... : runs CMD, stores stdout+stderr in $T/NAME.out and
# the exit status in RC.
run_capture() {
    local name=$1; shift
    "$@" >"$T/$name.out" 2>&1
    RC=$?
}

# expect_run NAME WANT_RC FRAGMENT CMD... : exit status and output fragment.
expect_run() {
    local name=$1 want=$2 frag=$3; shift 3
    run_capture "$name" "$@"
    if [ "$RC" != "$want" ]; then
        fail "$name: exit $RC, expected $want"; sed 's/^/    /' "$T/$name.out" | head -20; return
    fi
    if [ -n "$frag" ] && ! grep -qF -- "$frag" "$T/$name.out"; then
        fail "$name: output lacks '$frag'"; sed 's/^/    /' "$T/$name.out" | head -20; return
    fi
    pass "$name"
}

# The data of a model in models/ is named by one comment line,
#   // Data: models/FILE [name=value ...] (free text)
# a data file (CSV or JSON), then the scalars that cannot be CSV columns as
# name=value words (arK.bmodel: "// Data: models/arK.csv K=5 (column y ...").
# The name=value words end at the first word of another form.

# data_of MODEL.bmodel : the data file named in the model's "Data:" comment.
data_of() { grep -o 'Data: models/[A-Za-z0-9_.-]*' "$1" | head -1 | sed 's/^Data: //'; }

# data_args MODEL.bmodel : the model program's data arguments from the
# "Data:" comment, one per line: --data, FILE, then each name=value
# (read them with mapfile -t ARR < <(data_args MODEL)).  Prints nothing when
# the model has no "Data:" comment.
data_args() {
    local file w words
    file=$(data_of "$1")
    [ -n "$file" ] || return 0
    printf '%s\n' --data "$file"
    read -ra words < <(grep -o 'Data: models/.*' "$1" | head -1)
    for w in "${words[@]:2}"; do
        [[ $w =~ ^[A-Za-z_][A-Za-z0-9_]*=[^,\;\(\)]+$ ]] || break
        printf '%s\n' "$w"
    done
}

# compare_values EXPECTED.csv CHAIN.csv MIN_COUNT [TOL] : every name,value row
# of EXPECTED (a header line first; '#' lines are comments) must be a column
# of the Stan CSV CHAIN whose (last) value is within TOL (default 1e-8)
# relative (absolute below 1) of value; prints the tally and returns
# non-zero on a difference, a missing column, or fewer than MIN_COUNT values.
compare_values() {
    awk -F, -v want="$3" -v tol="${4:-1e-8}" 'NR == FNR { if (/^#/) next; if (hdr0++) w[$1] = $2; next }
        /^#/ { next }
        !hdr { for (i = 1; i <= NF; i++) col[$i] = i; hdr = 1; next }
        { for (i = 1; i <= NF; i++) row[i] = $i }
        END {
            bad = 0; n = 0
            for (k in w) {
                n++
                if (!(k in col)) { print "  missing column " k; bad++; continue }
                g = row[col[k]]; d = g - w[k]; if (d < 0) d = -d
                s = w[k] < 0 ? -w[k] : w[k]; if (s < 1) s = 1
                if (d > tol * s) { print "  " k ": got " g ", the reference says " w[k]; bad++ }
            }
            printf "  %d values compared with the reference, %d differ\n", n, bad
            exit bad > 0 || n < want
        }' "$1" "$2"
}

# compile_model MODEL.bmodel OUT : bmc compile; on failure prints the log,
# counts a failure and returns non-zero.
compile_model() {
    local log="$T/$(basename "$2").compile.log"
    "$BMC" compile "$1" -o "$2" >"$log" 2>&1 && return 0
    cat "$log"; fail "cannot compile $1"; return 1
}

# values_vs_reference MODEL.bmodel DATA EXPECTED.csv [TOL] : runs MODEL once
# (its generated quantities hold the values) and compares every row of
# EXPECTED (compare_values) with them; all rows must be there.
values_vs_reference() {
    local name want
    name=$(basename "$1" .bmodel)
    compile_model "$1" "$T/$name" || return 1
    expect_run "$name-run" 0 "" "$T/$name" sample --data "$2" --chains 1 --warmup 5 \
        --draws 1 --sig-figs 17 --quiet --output "$T/$name.out.d"
    want=$(($(grep -cv '^#' "$3") - 1))
    compare_values "$3" "$T/$name.out.d/chain_1.csv" "$want" "${4:-1e-8}" \
        && pass "$name: $want values equal the reference ($3)" \
        || fail "$name: values differ from the reference ($3)"
}

# gradients_vs_fd MODEL.bmodel DATA [ARGS...] : the gradient matches central
# finite differences (`diagnose`) at the random points of seeds 1, 2 and 3.
gradients_vs_fd() {
    local model=$1 data=$2 name seed
    shift 2
    name=$(basename "$model" .bmodel)
    compile_model "$model" "$T/$name" || return 1
    for seed in 1 2 3; do
        expect_run "$name-gradient-seed-$seed" 0 "OK: gradient matches finite differences" \
            "$T/$name" diagnose --data "$data" --seed "$seed" "$@"
    done
}

finish() {
    if [ "$FAILS" -gt 0 ]; then echo "$FAILS failure(s) in $0"; exit 1; fi
    echo "all passed: $0"
}
