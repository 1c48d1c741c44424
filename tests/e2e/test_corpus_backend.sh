#!/usr/bin/env bash
# No silent wrong code (issue 3, item 4): every program of tests/lang/good/
# that `bmc check` accepts must either compile through the back end (exit 0)
# or stop with exit 1 and a located `file:line:col: error: not supported
# yet: <feature>` message.  Anything else (a crash, exit 70 = internal error
# or a failed cc, a message without a location) fails.  Prints a tally and
# the most frequent unsupported features.  Also checks the front-end flags
# and `bmc format` on the command line.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

compiled=0; unsupported=0; skipped=0
: > "$T/reasons"
for f in tests/lang/good/*.bmodel; do
    name=$(basename "$f" .bmodel)
    if ! "$BMC" check --no-pedantic "$f" >/dev/null 2>&1; then
        skipped=$((skipped + 1)); continue   # the front end does not accept it (yet)
    fi
    run_capture "$name" "$BMC" compile --no-pedantic "$f" -o "$T/$name.bin"
    if [ "$RC" = 0 ]; then
        compiled=$((compiled + 1))
    elif [ "$RC" = 1 ] && grep -qE "^$f:[0-9]+:[0-9]+: error: not supported yet: " "$T/$name.out"; then
        unsupported=$((unsupported + 1))
        if grep -E "error: " "$T/$name.out" | grep -vq "not supported yet: "; then
            fail "$name: an error other than 'not supported yet' after check passed"
            sed 's/^/    /' "$T/$name.out" | head -10
        fi
        grep -oE "not supported yet: .*" "$T/$name.out" >> "$T/reasons"
    else
        fail "$name: bmc compile exited $RC without a located 'not supported yet'"
        sed 's/^/    /' "$T/$name.out" | head -20
    fi
    rm -f "$T/$name.bin"
done
echo "corpus through the back end: $compiled compiled, $unsupported not supported yet," \
     "$skipped not accepted by the front end"
if [ -s "$T/reasons" ]; then
    echo "most frequent unsupported features:"
    sort "$T/reasons" | uniq -c | sort -rn | head -10 | sed 's/^/  /'
fi
[ "$compiled" -gt 0 ] || fail "no program of tests/lang/good compiled"

# ---- bmc format / check flags ------------------------------------------------
m=models/eight_schools_noncentered.bmodel
expect_run format 0 "parameters {" "$BMC" format "$m"
"$BMC" format "$m" -o "$T/f1.bmodel" >/dev/null 2>&1 || fail "format -o"
"$BMC" format "$T/f1.bmodel" > "$T/f2.bmodel" 2>/dev/null || fail "format of formatted"
cmp -s "$T/f1.bmodel" "$T/f2.bmodel" && pass "format idempotent" || fail "format is not idempotent"
cp "$T/f2.bmodel" "$T/inplace.bmodel"
printf '\n\n// trailing\n' >> "$T/inplace.bmodel"
"$BMC" format --in-place "$T/inplace.bmodel" >/dev/null 2>&1 || fail "format --in-place"
grep -q '^// trailing$' "$T/inplace.bmodel" && pass "format --in-place keeps comments" \
    || fail "format --in-place lost a comment"
printf 'parameters { real x; }\nmodel { x ~ normal(0, y); }\n' > "$T/bad.bmodel"
expect_run format-error 1 "bad.bmodel:2:" "$BMC" format "$T/bad.bmodel"
expect_run format-both 2 "not both" "$BMC" format "$m" -o "$T/x" --in-place
expect_run help-flags 0 "-Wno-NAME" "$BMC" --help
expect_run check-flags 0 "" "$BMC" check -I "$T" -I"$T" --no-pedantic -Wno-no-prior "$m"
printf 'parameters { real x; }\nmodel { }\n' > "$T/noprior.bmodel"
run_capture noprior "$BMC" check "$T/noprior.bmodel"
if grep -q 'warning: .*\[-W' "$T/noprior.out"; then
    wname=$(grep -oE '\[-W[a-z0-9-]+\]' "$T/noprior.out" | head -1 | sed 's/^\[-W//; s/\]$//')
    run_capture nowarn "$BMC" check "-Wno-$wname" "$T/noprior.bmodel"
    grep -q "\[-W$wname\]" "$T/nowarn.out" && fail "-Wno-$wname did not silence it" || pass "-Wno-$wname"
    expect_run werror 1 "error:" "$BMC" check -Werror "$T/noprior.bmodel"
    run_capture nopedantic "$BMC" check --no-pedantic "$T/noprior.bmodel"
    grep -q "warning" "$T/nopedantic.out" && fail "--no-pedantic still warns" || pass "--no-pedantic"
else
    echo "skip: no named warning for a parameter without a prior yet"
fi
finish
