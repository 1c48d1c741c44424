#!/usr/bin/env bash
# docs/tutorial-hierarchical.md cannot rot: every command of its ```sh
# blocks runs (in a scratch directory that sees bin/ and models/; `make` is
# already done), and every line of each ```text block that follows must
# appear, character for character, in the output of the commands before it.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
DOC=docs/tutorial-hierarchical.md
W="$T/work"; mkdir -p "$W"; ln -s "$ROOT/bin" "$W/bin"; ln -s "$ROOT/models" "$W/models"
mode=""; block=0; out="$T/block0.out"; : > "$out"
while IFS= read -r line; do
    case "$mode:$line" in
        ':```sh') mode=sh; block=$((block + 1)); out="$T/block$block.out"; : > "$out"; continue ;;
        ':```text') mode=text; continue ;;
        'sh:```'|'text:```') mode=""; continue ;;
    esac
    if [ "$mode" = sh ]; then
        [ "$line" = make ] && continue
        if (cd "$W" && eval "$line") >> "$out" 2>&1; then pass "runs: $line"
        else fail "command failed: $line"; sed 's/^/    /' "$out" | tail -5; fi
    elif [ "$mode" = text ] && [ -n "$line" ]; then
        grep -qF -- "$line" "$out" && pass "shown: ${line:0:60}" \
            || fail "not in the output of block $block: $line"
    fi
done < "$DOC"
[ "$block" -ge 6 ] || fail "only $block command blocks found"
finish
