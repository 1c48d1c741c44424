#!/usr/bin/env bash
# ODE solvers end to end.
#  - ode/decay.bmodel: ode_rk45_tol and the old integrate_ode_bdf interface
#    against the closed-form solution on every draw (max_err, computed in
#    generated quantities, must stay below 1e-6 at tolerances 1e-8), and the
#    gradient against finite differences.
#  - Forward sensitivities (lower_ode.c): the gradient function's step loop
#    pushes nothing on the AD stacks (checked in the generated C).
#  - ode/sens.bmodel: parameters in y0, in the right-hand side, in t0 and in
#    the output times, the old interface with an array theta, and a solve
#    inside a loop: gradient against finite differences at several points,
#    and value and gradient against the same model computed from the closed
#    form (use_ode=0) at the points of ode/points.csv.
#  - ode/rhs_forms.bmodel: the tangent rules (tangent.c) on the forms a
#    right-hand side takes, against finite differences (tolerances 1e-12:
#    finite differences of an adaptive solution carry errors up to about
#    tol / epsilon where the step sequence changes).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
D=tests/e2e/ode
"$BMC" compile "$D/decay.bmodel" -o "$T/decay" >"$T/decay.log" 2>&1 \
    || { cat "$T/decay.log"; fail "cannot compile decay.bmodel"; finish; }
for seed in 1 2; do
    expect_run "gradient-seed-$seed" 0 "OK: gradient matches finite differences" \
        "$T/decay" diagnose --data "$D/data.json" --seed "$seed"
done
expect_run sample 0 "" "$T/decay" sample --data "$D/data.json" --chains 1 --warmup 200 \
    --draws 200 --sig-figs 10 --output "$T/out" --quiet
awk -F, '/^#/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
    { n++; if ($c["max_err"] > m) m = $c["max_err"] }
    END { printf "  %d draws, largest error against the closed form %g\n", n, m
          exit !(n == 200 && m < 1e-6) }' "$T/out/chain_1.csv" \
    && pass "ODE solutions match the closed form" || fail "ODE solutions are off"

# The gradient function of decay.bmodel: its while loops (the solver's steps)
# must be value-only code, with no push inside; the reverse sweep replays none.
"$BMC" compile "$D/decay.bmodel" -o "$T/decay2" --dump=adj >"$T/decay.adj" 2>/dev/null
awk '/^static int fn_lp_grad/ { g = 1 } /^static int log_density/ { g = 0 }
    g && /^for \(;;\) \{/ && !depth { loops++; inside = 1 }
    inside { depth += gsub(/\{/, "{") - gsub(/\}/, "}"); if (/bmg_[vi]push/) pushes++
             if (depth == 0) inside = 0 }
    END { printf "  %d step loop(s) in the gradient function, %d push(es) inside\n", loops, pushes
          exit !(loops >= 1 && pushes == 0) }' "$T/decay.adj" \
    && pass "the ODE steps push nothing in the gradient function" \
    || fail "the gradient function pushes per ODE step"

"$BMC" compile "$D/sens.bmodel" -o "$T/sens" >"$T/sens.log" 2>&1 \
    || { cat "$T/sens.log"; fail "cannot compile sens.bmodel"; finish; }
for seed in 1 2 3 4; do
    expect_run "sens-gradient-seed-$seed" 0 "OK: gradient matches finite differences" \
        "$T/sens" diagnose --data "$D/sens.json" use_ode=1 tol=1e-8 --seed "$seed"
done
for u in 0 1; do
    "$T/sens" log-prob --data "$D/sens.json" use_ode=$u tol=1e-8 --unconstrained \
        --point "$D/points.csv" --output "$T/lp$u" >"$T/lp$u.csv" 2>"$T/lp$u.err" \
        || { cat "$T/lp$u.err"; fail "log-prob use_ode=$u"; }
done
# relative errors |ode - closed| / max(|closed|, 1) of lp and of the gradient
paste -d, "$T/lp1.csv" "$T/lp0.csv" | awk -F, 'NR > 1 { n = NF / 2; rows++
        for (i = 1; i <= n; i++) {
            d = $i - $(i + n); d = d < 0 ? -d : d; s = $(i + n) < 0 ? -$(i + n) : $(i + n)
            r = d / (s > 1 ? s : 1); if (i == 1) { if (r > el) el = r } else if (r > eg) eg = r } }
    END { printf "  %d points: largest relative error of lp %.2g, of the gradient %.2g\n", rows, el, eg
          exit !(rows == 3 && el < 1e-7 && eg < 1e-6) }' \
    && pass "sensitivities match the closed form's gradient" \
    || fail "sensitivities differ from the closed form's gradient"

"$BMC" compile "$D/rhs_forms.bmodel" -o "$T/rhs_forms" >"$T/rhs_forms.log" 2>&1 \
    || { cat "$T/rhs_forms.log"; fail "cannot compile rhs_forms.bmodel"; finish; }
for seed in 1 2 3 4; do
    expect_run "rhs-forms-gradient-seed-$seed" 0 "OK: gradient matches finite differences" \
        "$T/rhs_forms" diagnose --data "$D/rhs_forms.json" tol=1e-12 --init 1 --seed "$seed"
done
finish
