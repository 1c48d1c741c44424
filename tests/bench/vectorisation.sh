#!/usr/bin/env bash
# tests/bench/vectorisation.sh — which hot loops gcc vectorises, and why not.
# Informational (part of `make bench`, never a test).  Three views, all with
# the flags bmc passes to cc (read from `bmc compile -v`):
#   1. the generated log density (fn_lp) and gradient (fn_lp_grad) of the
#      benchmark models (tests/bench/models): every loop, gcc's verdict
#      ("kernel" marks the loop that calls the density kernel);
#   2. the stdlib kernels alone in a C loop (kernel_bench.c);
#   3. vec_probe.c: the normal density loop with one obstacle after another
#      taken away, under bmc's flags, with -fvect-cost-model=dynamic, with
#      that and -fno-trapping-math (lets if-conversion execute the kernel's
#      guarded arithmetic unconditionally), and with -ffast-math (which bmc
#      must not use: it breaks NaN/inf semantics).
# Needs gcc (-fopt-info-vec); prints a note and stops with any other cc.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
CC=${CC:-cc}
if ! $CC --version 2>/dev/null | grep -qiE 'gcc|free software foundation'; then
    echo "vectorisation.sh: $CC is not gcc; skipped"
    exit 0
fi
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
. tests/bench/common.bash
flags=$(bmc_cflags "$t")
inc="-Iruntime -Istdlib -Ilang -Itests/bench -D_GNU_SOURCE"
vec() {  # C_FILE EXTRA_FLAGS...: gcc's loop report on stdout
    local f=$1
    shift
    $CC $flags "$@" $inc -c "$f" -o /dev/null -fopt-info-vec-optimized -fopt-info-vec-missed 2>&1 || true
}
echo "gcc $($CC -dumpfullversion), bmc's flags: $flags"

echo
echo "1. generated code (bmc --dump=c), loops of fn_lp and fn_lp_grad"
for b in tests/bench/models/*.bmodel; do
    d=$(basename "$b" .bmodel)
    bin/bmc compile "$b" --no-pedantic --dump=c > "$t/$d.c"
    vec "$t/$d.c" > "$t/$d.vec"
    awk -v fns='^fn_lp(_grad)?$' -v tag="$d" -f tests/bench/vec_report.awk "$t/$d.c" "$t/$d.vec" > "$t/$d.rep"
    if [ "$(wc -l < "$t/$d.rep")" -le 4 ]; then
        cat "$t/$d.rep"
    else  # many loops (the lowered multivariate density): a tally per verdict
        echo "$d: $(wc -l < "$t/$d.rep") loops:"
        sed 's/.*loop at line [0-9]* *//' "$t/$d.rep" | sort | uniq -c | sort -rn | sed 's/^/   /'
    fi
done

echo
echo "2. stdlib kernels alone in a C loop (tests/bench/kernel_bench.c)"
vec tests/bench/kernel_bench.c > "$t/k.vec"
awk -v fns='_(value|grad)$' -v tag=kernel_bench -f tests/bench/vec_report.awk \
    tests/bench/kernel_bench.c "$t/k.vec"

echo
echo "3. the normal density loop, obstacles taken away one by one (tests/bench/vec_probe.c)"
vec tests/bench/vec_probe.c > "$t/p0.vec"
vec tests/bench/vec_probe.c -fvect-cost-model=dynamic > "$t/p1.vec"
vec tests/bench/vec_probe.c -fvect-cost-model=dynamic -fno-trapping-math > "$t/p2.vec"
vec tests/bench/vec_probe.c -fvect-cost-model=dynamic -ffast-math > "$t/p3.vec"
for n in 1 2 3 4 5 6 7; do
    echo "   $(sed -n "s|^/\* PROBE \($n: .*\) \*/|\1|p" tests/bench/vec_probe.c)"
    for v in "p0 bmc's flags" "p1 + -fvect-cost-model=dynamic" "p2   + -fno-trapping-math" \
             "p3   + -ffast-math (instead)"; do
        printf '      %-30s %s\n' "${v#* }" "$(awk -v fns="^probe_$n\$" -v tag=x \
            -f tests/bench/vec_report.awk tests/bench/vec_probe.c "$t/${v%% *}.vec" |
            sed 's/.*loop at line [0-9]* *\(kernel\)* *//')"
    done
done
echo "   (at -O2, gcc 12's very-cheap cost model does not vectorise a loop whose trip count may"
echo "   not be a multiple of the vector length; it reports that as 'no vectype for stmt')"
