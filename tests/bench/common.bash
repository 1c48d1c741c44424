# tests/bench/common.bash — sourced by the bench scripts (not a .sh, so
# `make bench` does not run it on its own).
#
# bmc_cflags: the -std/-O/-f/--param options bmc passes to cc for a model (read from
# `bmc compile -v`), so that benchmark programs built around generated C
# are compiled as a model is.  Needs bin/bmc and a scratch dir in $1.
bmc_cflags() {
    bin/bmc compile tests/bench/models/normal.bmodel --no-pedantic -o "$1/bmc_flags_probe" -v 2>&1 |
        sed -n 's/^bmc: [^ ]* //p' | head -1 | tr ' ' '\n' | grep -E '^-(std|O|f|-param)' | tr '\n' ' '
}
