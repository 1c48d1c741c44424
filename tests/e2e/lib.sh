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
                if (d > tol * s) { print "  " k ": got " g ", R says " w[k]; bad++ }
            }
            printf "  %d values compared with R, %d differ\n", n, bad
            exit bad > 0 || n < want
        }' "$1" "$2"
}

finish() {
    if [ "$FAILS" -gt 0 ]; then echo "$FAILS failure(s) in $0"; exit 1; fi
    echo "all passed: $0"
}
