#!/usr/bin/env bash
# tests/validate/run.sh — `make validate`: every model in models/ whose
# posterior is known, sampled and checked, in one table.
#
# In:  models/NAME.bmodel with a reference posterior
#      tests/e2e/reference/NAME.csv (posteriordb), or with a posterior known
#      in closed form (exact_NAME below: coin_flip).  Each is compiled and
#      sampled with 4 chains x (1000 warmup + 1000 draws), seed 20261122,
#      data from its "// Data:" line (tests/e2e/lib.sh data_args), and the
#      default sampler settings unless sampler_options below names others.
# Out: one table: model, dims (unconstrained parameters), wall time of the
#      sample command, gradient evaluations (warmup included), min ESS_bulk
#      and max R-hat over the reported variables (lp__ left out),
#      divergences, what it is checked against and the match (PASS/FAIL by
#      the rule of tests/e2e/reference/README.md: mean within
#      4 sqrt(s^2/ESS_bulk + ref_sd^2/10000), sd within 10% when
#      ESS_bulk >= 400; for an exact posterior ref_sd^2/10000 is 0); then
#      the lines of every variable that failed.  Exit 1 when any model fails
#      (or does not compile or sample), 0 otherwise.  Logs and draws stay in
#      OUT/NAME/.
# Usage: run.sh BMC OUT [NAME ...]   (names default to every model above)
set -u
bmc=$1 out=$2
shift 2
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
source tests/e2e/lib.sh
SEED=20261122

# exact_coin_flip: "p MEAN SD" of beta(2 + h, 2 + N - h), h heads in N flips.
exact_coin_flip() {
    awk -F, 'NR > 1 { n++; h += $1 } END { a = 2 + h; b = 2 + n - h
        printf "p %.10g %.10g\n", a / (a + b), sqrt(a * b / ((a + b) ^ 2 * (a + b + 1))) }' \
        models/coin_flip.csv
}

# sampler_options NAME: extra sample options of a model, with the reason in
# a comment.  Every other model runs with the defaults.
sampler_options() {
    case $1 in
    # The 24 centred predictors are strongly correlated: with the default
    # diagonal metric every draw hits max treedepth 10 (1023 leapfrog steps;
    # an estimated hour on a 2-core machine).  A dense metric takes the correlations out.
    diamonds) echo --metric dense ;;
    esac
}

# checked_against NAME: "posteriordb", "exact", or nothing.
checked_against() {
    if [ -f "tests/e2e/reference/$1.csv" ]; then echo posteriordb
    elif declare -F "exact_$1" >/dev/null; then echo exact
    fi
}

# summary_rows FILE: "name mean sd ess_bulk r_hat" for each row of the
# summary table that bmc summary printed into FILE, lp__ left out.
summary_rows() {
    awk '/^ *Mean +MCSE/ { on = 1; next } on && NF == 0 { exit }
         on && $1 != "lp__" { print $1, $2, $4, $8, $10 }' "$1"
}

# draw_moments DIR: "name mean sd" of every column of DIR/chain_*.csv, all
# chains pooled, from the draws themselves (the summary table rounds).
draw_moments() {
    cat "$1"/chain_*.csv | awk -F, '/^#/ || NF == 0 { next }
        !k { for (i = 1; i <= NF; i++) name[i] = $i; k = NF; next }
        $1 == name[1] { next }
        { n++; for (i = 1; i <= k; i++) { s[i] += $i; q[i] += $i * $i } }
        END { for (i = 1; i <= k; i++) { m = s[i] / n; v = (q[i] - n * m * m) / (n - 1)
                  printf "%s %.10g %.10g\n", name[i], m, sqrt(v > 0 ? v : 0) } }'
}

# check_exact NAME DIR: PASS/FAIL lines for the draws in DIR/draws against
# exact_NAME, by the reference rule with no reference error; 1 if any fails.
check_exact() {
    awk -v exact="$("exact_$1")" -v rows="$(summary_rows "$2/summary.log")" 'BEGIN {
            n = split(exact, e, "\n")
            for (i = 1; i <= n; i++) { split(e[i], f, " "); m[f[1]] = f[2]; s[f[1]] = f[3] }
            n = split(rows, e, "\n")
            for (i = 1; i <= n; i++) { split(e[i], f, " "); ess[f[1]] = f[4] } }
        ($1 in m) && ($1 in ess) { seen[$1] = 1; tol = 4 * $3 / sqrt(ess[$1]); d = $2 - m[$1]; if (d < 0) d = -d
            r = $3 / s[$1]; ok = d <= tol && (ess[$1] < 400 || (r >= 0.9 && r <= 1.1))
            printf "%s %s: mean %.4g (exact %.4g, |diff| %.3g, tol %.3g)  sd %.4g (exact %.4g, ratio %.3f)  ESS_bulk %.0f\n",
                ok ? "PASS" : "FAIL", $1, $2, m[$1], d, tol, $3, s[$1], r, ess[$1]
            bad += !ok }
        END { for (v in m) if (!(v in seen)) { print "FAIL " v ": not among the sampled variables"; bad++ }
            exit bad > 0 }' <(draw_moments "$2/draws")
}

# dims CSV: unconstrained dimensions = length of the first row of the
# adapted inverse metric (diagonal or dense) in a Stan CSV file.
dims() {
    awk '/# (Diagonal elements|Elements) of inverse mass matrix/ { getline; sub(/^# */, "")
        print split($0, a, ","); exit }' "$1"
}

# sample_model NAME DIR: compiles and samples into DIR/draws (logs in DIR);
# sets WALL to the sampling wall time, or returns 1 with MSG set.
sample_model() {
    local name=$1 dir=$2 t0 t1 data
    if ! "$bmc" compile "models/$name.bmodel" -o "$dir/prog" >"$dir/compile.log" 2>&1; then
        MSG="ERROR (compile: $dir/compile.log)"; return 1
    fi
    mapfile -t data < <(data_args "models/$name.bmodel")
    t0=$(date +%s.%N)
    if ! "$dir/prog" sample "${data[@]}" --chains 4 --seed $SEED $(sampler_options "$name") \
        --output "$dir/draws" >"$dir/sample.log" 2>&1; then
        MSG="ERROR (sample: $dir/sample.log)"; return 1
    fi
    t1=$(date +%s.%N)
    WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
}

# check_model NAME DIR AGAINST: summary into DIR/summary.log, PASS/FAIL
# lines into DIR/check.log; 1 if any variable fails.
check_model() {
    local name=$1 dir=$2
    if [ "$3" = posteriordb ]; then
        "$bmc" summary "$dir/draws" --reference "tests/e2e/reference/$name.csv" >"$dir/summary.log" 2>&1
        local rc=$?
        grep -E '^(PASS|FAIL) ' "$dir/summary.log" >"$dir/check.log"
        return $rc
    fi
    "$bmc" summary "$dir/draws" >"$dir/summary.log" 2>&1
    check_exact "$name" "$dir" >"$dir/check.log"
}

# stats_of DIR: "dims grad_evals min_ESS max_Rhat divergences" of a run.
stats_of() {
    local grads divs
    grads=$(grep -oE '^[0-9]+ gradient evaluations' "$1/sample.log" | cut -d' ' -f1)
    divs=$(grep -oE '^Divergences: [0-9]+' "$1/summary.log" | cut -d' ' -f2)
    summary_rows "$1/summary.log" | awk -v d="$(dims "$1/draws/chain_1.csv")" -v g="${grads:--}" \
        -v v="${divs:--}" 'NR == 1 { e = $4; r = $5 }
        { if ($4 + 0 < e + 0) e = $4; if ($5 + 0 > r + 0) r = $5 }
        END { printf "%s %s %.0f %.3f %s", d, g, e, r, v }'
}

# validate NAME: samples, checks, prints one table row; 1 on failure.
validate() {
    local name=$1 dir=$out/$1 against rc
    against=$(checked_against "$name")
    rm -rf "$dir" && mkdir -p "$dir"
    if [ -z "$against" ]; then
        row "$name" - - - - - - - "ERROR (no reference or exact posterior)"; return 1
    fi
    if ! sample_model "$name" "$dir"; then
        row "$name" - - - - - - "$against" "$MSG"; return 1
    fi
    check_model "$name" "$dir" "$against"
    rc=$?
    local st=($(stats_of "$dir"))
    row "$name" "${st[0]}" "$WALL" "${st[@]:1}" "$against" "$([ $rc = 0 ] && echo PASS || echo FAIL)"
    return $((rc != 0))
}

row() { printf '%-26s %5s %8s %12s %9s %8s %6s  %-11s  %s\n' "$@"; }

if [ $# -eq 0 ]; then
    for m in models/*.bmodel; do
        n=$(basename "$m" .bmodel)
        [ -n "$(checked_against "$n")" ] && set -- "$@" "$n"
    done
fi
mkdir -p "$out"
start=$(date +%s)
echo "make validate: 4 chains x (1000 warmup + 1000 draws), seed $SEED; logs and draws in $out/NAME/"
echo
row model dims wall_s grad_evals min_ESS max_Rhat divs "against" match
failed=()
for name in "$@"; do
    validate "$name" || failed+=("$name")
done
echo
for name in "$@"; do
    [ -n "$(sampler_options "$name")" ] && echo "$name sampled with $(sampler_options "$name") (see sampler_options in $0)"
done
echo "${#failed[@]} of $# models fail; $(($(date +%s) - start)) s in all"
for name in "${failed[@]}"; do
    echo
    echo "$name:"
    grep -E '^FAIL' "$out/$name/check.log" 2>/dev/null | sed 's/^/  /'
done
[ ${#failed[@]} -eq 0 ]
