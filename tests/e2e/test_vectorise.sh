#!/usr/bin/env bash
# Issue 4, item 7: with gcc -O2 (and the flags bmc gives it, read from
# `bmc compile -v`) the hot density loops vectorise: the observation loop of
# a normal likelihood (tests/bench/models/normal.bmodel) and a density loop of
# the gallery's linear and hierarchical regressions, in the log density (fn_lp) and in the
# gradient (fn_lp_grad).  gcc's own report (-fopt-info-vec) decides, read by
# tests/bench/vec_report.awk; no timing.  Skipped when cc is not gcc.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
CC=${CC:-cc}
if ! $CC --version 2>/dev/null | grep -q "Free Software Foundation"; then
    echo "skip: $CC is not gcc"; finish
fi
. tests/bench/common.bash
flags=$(bmc_cflags "$T")
for m in tests/bench/models/normal.bmodel models/linear_regression.bmodel models/kidiq_momiq.bmodel \
         models/radon_intercept.bmodel; do
    name=$(basename "$m" .bmodel)
    "$BMC" compile "$m" --no-pedantic --dump=c > "$T/$name.c" 2>/dev/null || { fail "$name: no C"; continue; }
    $CC $flags -Iruntime -Istdlib -Ilang -D_GNU_SOURCE -c "$T/$name.c" -o /dev/null \
        -fopt-info-vec-optimized -fopt-info-vec-missed 2> "$T/$name.vec"
    awk -v fns='^fn_lp(_grad)?$' -v tag="$name" -f tests/bench/vec_report.awk "$T/$name.c" "$T/$name.vec" \
        > "$T/$name.rep"
    for fn in fn_lp fn_lp_grad; do
        if grep -E "^$name +$fn +loop at line [0-9]+ +kernel +vectorised" "$T/$name.rep" >/dev/null; then
            pass "$name $fn: a density loop vectorises"
        else
            fail "$name $fn: no density loop vectorises"; grep " $fn " "$T/$name.rep" | sed 's/^/    /'
        fi
    done
done
finish
