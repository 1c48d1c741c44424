#!/usr/bin/env bash
# The density's loops run first without exits, and again, checked, only when
# a check failed (compiler/emit_fast.c).  Checks that this changes nothing:
#  1. the first error of a loop is the one reported without the fast path
#     (bmc compile --no-fast-loops): an invalid scale before or after an
#     index out of range, in either order;
#  2. sampling gives the same draws, byte for byte at 17 significant digits,
#     with and without it, for the gallery models (any difference in a log
#     density or gradient bit would change the trajectories);
#  3. the loops it is meant for do take it (the check sum is in the C).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
D=tests/e2e/fastpath
"$BMC" compile "$D/errors.bmodel" -o "$T/fast" >/dev/null 2>&1 || fail "cannot compile errors.bmodel"
"$BMC" compile --no-fast-loops "$D/errors.bmodel" -o "$T/slow" >/dev/null 2>&1 ||
    fail "cannot compile errors.bmodel --no-fast-loops"
"$BMC" compile "$D/errors.bmodel" --dump=c | grep -q "double chk[0-9]* = 0;" &&
    pass "the observation loop has a fast path" || fail "no fast path in errors.bmodel"
"$BMC" compile --no-fast-loops "$D/errors.bmodel" --dump=c | grep -q "double chk" &&
    fail "--no-fast-loops still emits a fast path" || pass "--no-fast-loops emits none"

# make_data NAME BAD_SCALE_ROWS BAD_GROUP_ROWS: 8 rows, scale -row at the
# first list, group 9 (K = 3) or 0 at the second
make_data() {
    local f="$T/$1.csv" n s g
    echo "y,s,g" > "$f"
    for n in 1 2 3 4 5 6 7 8; do
        s=1; g=$((1 + n % 3))
        [[ " $2 " == *" $n "* ]] && s=-$n
        [[ " $3 " == *" $n "* ]] && g=$((n % 2 ? 9 : 0))
        echo "0.$n,$s,$g" >> "$f"
    done
}
# same_error NAME FRAGMENT: both programs fail with identical output
# containing FRAGMENT
same_error() {
    run_capture "$1-fast" "$T/fast" sample --data "$T/$1.csv" K=3 --chains 1 --output "$T/o-$1"
    local rc_fast=$RC
    run_capture "$1-slow" "$T/slow" sample --data "$T/$1.csv" K=3 --chains 1 --output "$T/o-$1s"
    if [ "$rc_fast" != 1 ] || [ "$RC" != 1 ]; then
        fail "$1: exit $rc_fast / $RC, expected 1 / 1"; return
    fi
    grep -qF -- "$2" "$T/$1-fast.out" || { fail "$1: output lacks '$2'"; sed 's/^/    /' "$T/$1-fast.out"; return; }
    cmp -s "$T/$1-fast.out" "$T/$1-slow.out" && pass "$1: $2" ||
        { fail "$1: messages differ"; diff "$T/$1-fast.out" "$T/$1-slow.out" | head; }
}
make_data scale35 "3 5" ""
same_error scale35 "sigma = -3 ("
make_data index4 "6" "4"
same_error index4 "index 0 out of range for theta (size 3)"
make_data scale2 "2" "4"
same_error scale2 "sigma = -2 ("
make_data index7 "8" "7"
same_error index7 "index 9 out of range for theta (size 3)"

# 2. the same draws for the gallery models (the two slowest left out)
for m in models/*.bmodel; do
    name=$(basename "$m" .bmodel)
    case $name in diamonds | radon_slope | bnn) continue ;; esac
    mapfile -t data < <(data_args "$m")
    "$BMC" compile "$m" -o "$T/$name-f" >/dev/null 2>&1 &&
        "$BMC" compile --no-fast-loops "$m" -o "$T/$name-s" >/dev/null 2>&1 ||
        { fail "$name: cannot compile"; continue; }
    for v in f s; do
        "$T/$name-$v" sample "${data[@]}" --chains 1 --warmup 150 --draws 100 --seed 7 \
            --sig-figs 17 --output "$T/$name-o$v" >/dev/null 2>&1 || fail "$name-$v: sample failed"
    done
    if cmp -s <(grep -v '^#' "$T/$name-of/chain_1.csv") <(grep -v '^#' "$T/$name-os/chain_1.csv"); then
        pass "$name: the same draws"
    else
        fail "$name: draws differ with and without the fast path"
    fi
done
finish
