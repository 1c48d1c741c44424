#!/usr/bin/env bash
# docs/cli.md stays in step with the programs: every option that `bmc
# --help` or a model program's --help lists is documented there, and every
# option the page mentions exists.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
"$BMC" compile models/coin_flip.bmodel -o "$T/m" >/dev/null 2>&1 || { fail "cannot compile"; finish; }
{ "$BMC" --help; "$T/m" --help; } 2>&1 | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u > "$T/help.txt"
grep -oE -- '--[a-z][a-z0-9-]*' docs/cli.md | sort -u > "$T/doc.txt"
missing=$(comm -23 "$T/help.txt" "$T/doc.txt" | tr '\n' ' ')
extra=$(comm -13 "$T/help.txt" "$T/doc.txt" | tr '\n' ' ')
[ -z "$missing" ] && pass "every --help option is in docs/cli.md ($(wc -l < "$T/help.txt"))" \
    || fail "options missing from docs/cli.md: $missing"
[ -z "$extra" ] && pass "docs/cli.md mentions no unknown option" \
    || fail "docs/cli.md mentions options the programs do not have: $extra"
finish
