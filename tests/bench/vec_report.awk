# tests/bench/vec_report.awk — gcc's vectoriser verdict on each loop of a C file.
#
# In:  two files: the C source (FILENAME == src, first) and gcc's
# -fopt-info-vec-optimized -fopt-info-vec-missed output for it; -v fns=REGEX
# picks the functions reported (a function starts on a line "TYPE NAME("
# at brace depth 0 and ends when the depth is 0 again),
# -v tag=LABEL
# prefixes each line.  Out: one line per loop gcc looked at in those
# functions: the function, the loop's line, "kernel" when the loop body
# itself calls a density kernel (_lpdf / _lpmf), and "vectorised" or the
# first reason gcc gave (loops gcc's loop vectoriser said nothing about are
# listed as not analysed).  A report is assigned to the innermost `for`
# around the line gcc names.  gcc may version a loop (unswitching a
# loop-invariant test): one vectorised version makes the loop "vectorised".
# "re-run" marks the checked re-run of a fast-path loop (compiler/
# emit_fast.c), which runs only when the first run flagged a failure.
# Never: a test; an informational view for `make bench`.

# pass 1: the C source — functions, loops (by brace depth), kernel calls
FNR == NR {
    src = FILENAME
    line = $0
    if (depth == 0 && match(line, /^[a-z][a-z_ ]*[ *][a-z_0-9]+\(/)) {
        name = substr(line, 1, RLENGTH - 1)
        sub(/.*[ *]/, "", name)
        fn = name
    }
    gsub(/"([^"\\]|\\.)*"/, "", line)   # braces inside messages do not count
    if (line ~ /something may have failed/) rerun_next = 1
    if (match(line, /^[ \t]*for \(/)) {
        if (sp) outer[lstart[stack[sp]]] = 1
        nl++; lstart[nl] = FNR; ldepth[nl] = depth; stack[++sp] = nl
        if (rerun_next) rerun[FNR] = 1
        rerun_next = 0
    }
    fnof[FNR] = fn
    inner[FNR] = sp ? lstart[stack[sp]] : 0
    if (sp && line ~ /_lp[dm]f\(/) kern[lstart[stack[sp]]] = 1
    if (sp && line ~ /bmg_[iv]push\(/) push[lstart[stack[sp]]] = 1
    depth += gsub(/\{/, "{", line) - gsub(/\}/, "}", line)
    while (sp && depth <= ldepth[stack[sp]] && line ~ /\}/) sp--
    if (depth == 0) fn = ""
    next
}

# pass 2: gcc's report
{
    split($0, p, ":")
    if (p[1] != src) next   # lines about included headers
    l = p[2] + 0
    if ($0 ~ /optimized: loop vectorized/) { verdict(l, "vectorised"); pending = 0; next }
    if ($0 ~ /missed: couldn't vectorize loop/) { pending = l; next }
    if (pending && $0 ~ /missed: /) {
        r = $0
        sub(/.*missed: (not vectorized: )?/, "", r)
        verdict(pending, "not vectorised: " r)
        pending = 0
    }
}

function verdict(l, what,    h) {
    h = inner[l]
    if (h && (!(h in said) || (what == "vectorised" && said[h] != what))) said[h] = what
}

END {
    for (i = 1; i <= nl; i++) {
        h = lstart[i]
        if (fnof[h] !~ fns) continue
        why = "not analysed"
        if (push[h]) why = "not analysed: calls bmg_vpush/bmg_ipush (the value stack)"
        if (outer[h]) why = "not analysed: an outer loop"
        if (h in said) why = said[h]
        printf "%-22s %-18s loop at line %-5d %-7s %s\n", tag, fnof[h], h,
            rerun[h] ? "re-run" : kern[h] ? "kernel" : "", why
    }
}
