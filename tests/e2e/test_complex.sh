#!/usr/bin/env bash
# Complex numbers (compiler/lower_complex.c: a complex is a pair of reals):
#  1. values on fixed data against R's complex arithmetic (complex/expected.R
#     -> expected.csv) to 1e-12 relative: literals, promotion, + - * / ^,
#     unary minus, compound assignment, == and !=, get_real, get_imag, abs,
#     arg, norm, conj, proj, polar, exp, log, log10, sqrt, pow, the
#     trigonometric and hyperbolic functions and their inverses; outputs are
#     named z.real / z.imag as CmdStan names them;
#  2. the gradient of complex/gradients.bmodel, whose parameters go through
#     complex arithmetic into the target, against finite differences at
#     three random points;
#  3. the complex programs of tests/lang/good compile, or stop with a located
#     `not supported yet` for the parts still out of scope.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
D=tests/e2e/complex
"$BMC" compile "$D/values.bmodel" -o "$T/values" >"$T/values.log" 2>&1 \
    || { cat "$T/values.log"; fail "cannot compile values.bmodel"; finish; }
expect_run values-run 0 "" "$T/values" sample --data "$D/data.json" --chains 1 --warmup 5 \
    --draws 1 --sig-figs 17 --quiet --output "$T/vout"
want=$(grep -cv '^#' "$D/expected.csv"); want=$((want - 1))
compare_values "$D/expected.csv" "$T/vout/chain_1.csv" "$want" 1e-12 \
    && pass "$want values equal R's" || fail "values differ from R's"
grep -v '^#' "$T/vout/chain_1.csv" | head -1 | grep -q ',mu,lit\.real,lit\.imag,lit2\.real,' \
    && pass "columns named z.real, z.imag" || fail "complex output columns misnamed"
"$BMC" compile "$D/gradients.bmodel" -o "$T/grad" >"$T/grad.log" 2>&1 \
    || { cat "$T/grad.log"; fail "cannot compile gradients.bmodel"; finish; }
for seed in 1 2 3; do
    expect_run "gradient-seed-$seed" 0 "OK: gradient matches finite differences" \
        "$T/grad" diagnose --data "$D/data.json" --seed "$seed" --init 1
done
must_compile=" sem_literals_tuples syn_complex_scalars syn_imag_literals "
for f in $(grep -l complex tests/lang/good/*.bmodel); do
    name=$(basename "$f" .bmodel)
    run_capture "corpus-$name" "$BMC" compile --no-pedantic "$f" -o "$T/$name.bin"
    if [ "$RC" = 0 ]; then
        pass "$name compiles"
    elif [[ $must_compile == *" $name "* ]]; then
        fail "$name no longer compiles"; sed 's/^/    /' "$T/corpus-$name.out" | head -10
    elif [ "$RC" = 1 ] && grep -qE "^$f:[0-9]+:[0-9]+: error: not supported yet: " "$T/corpus-$name.out"; then
        pass "$name: $(grep -oE 'not supported yet: .*' "$T/corpus-$name.out" | sort -u | paste -sd';')"
    else
        fail "$name: exit $RC without a located 'not supported yet'"
        sed 's/^/    /' "$T/corpus-$name.out" | head -10
    fi
done
finish
