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
#  - The stiff solver (ode_bdf, ode_bdf_tol, integrate_ode_bdf: ROS34PW2,
#    lower_ode_stiff.c): sens.bmodel (use_ode=2) and rhs_forms.bmodel (bdf=1)
#    again through it; ode/stiff.bmodel, a linear system with eigenvalues
#    down to -2e4: values against R's exact solution (make_stiff.R), the
#    gradient against finite differences and against the exact gradient of
#    the closed form, and the steps taken (bdf succeeds with 2000 steps where
#    rk45 needs more than 10000: the smallest max_num_steps each needs is
#    printed); ode/robertson.bmodel, Robertson's nonlinear stiff kinetics:
#    values and gradient against ode_rk45_tol at tolerances 1e-12, the
#    gradient against finite differences, and a horizon of 4e5 that bdf
#    covers in fewer than 4000 steps (about 2500) and rk45 not in 100000.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
D=tests/e2e/ode
# Each run of the stiff solver takes well under a second; a broken method
# can instead crawl to max_num_steps on every evaluation: fail, not hang.
TO=(timeout 120)
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

# The gradient function: its while loops (the solver's steps) must be
# value-only code, with no push inside; the reverse sweep replays none.
# no_step_pushes MODEL MIN_LOOPS (decay: RK45; stiff: both methods)
no_step_pushes() {
    "$BMC" compile "$D/$1.bmodel" -o "$T/$1-adj" --dump=adj >"$T/$1.adj" 2>/dev/null
    awk -v want="$2" '/^static int fn_lp_grad/ { g = 1 } /^static int log_density/ { g = 0 }
        g && /^for \(;;\) \{/ && !depth { loops++; inside = 1 }
        inside { depth += gsub(/\{/, "{") - gsub(/\}/, "}"); if (/bmg_[vi]push/) pushes++
                 if (depth == 0) inside = 0 }
        END { printf "  %d step loop(s) in the gradient function, %d push(es) inside\n", loops, pushes
              exit !(loops >= want && pushes == 0) }' "$T/$1.adj" \
        && pass "$1: the ODE steps push nothing in the gradient function" \
        || fail "$1: the gradient function pushes per ODE step"
}
no_step_pushes decay 1
no_step_pushes stiff 4

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
# relerr A.csv B.csv ROWS LP_TOL GRAD_TOL: relative errors |a - b| / max(|b|, 1)
# of lp and of the gradient (log-prob outputs, one row per point).
relerr() {
    paste -d, "$1" "$2" | awk -F, -v want="$3" -v tl="$4" -v tg="$5" 'NR > 1 { n = NF / 2; rows++
        for (i = 1; i <= n; i++) {
            d = $i - $(i + n); d = d < 0 ? -d : d; s = $(i + n) < 0 ? -$(i + n) : $(i + n)
            r = d / (s > 1 ? s : 1); if (i == 1) { if (r > el) el = r } else if (r > eg) eg = r } }
    END { printf "  %d points: largest relative error of lp %.2g, of the gradient %.2g\n", rows, el, eg
          exit !(rows == want && el < tl && eg < tg) }'
}
relerr "$T/lp1.csv" "$T/lp0.csv" 3 1e-7 1e-6 \
    && pass "sensitivities match the closed form's gradient" \
    || fail "sensitivities differ from the closed form's gradient"

# the same model through ode_bdf_tol and integrate_ode_bdf (non-stiff here)
for seed in 1 2 3 4; do
    expect_run "sens-bdf-gradient-seed-$seed" 0 "OK: gradient matches finite differences" \
        "${TO[@]}" "$T/sens" diagnose --data "$D/sens.json" use_ode=2 tol=1e-10 --seed "$seed"
done
"${TO[@]}" "$T/sens" log-prob --data "$D/sens.json" use_ode=2 tol=1e-8 --unconstrained \
    --point "$D/points.csv" --output "$T/lp2" >"$T/lp2.csv" 2>"$T/lp2.err" \
    || { cat "$T/lp2.err"; fail "log-prob use_ode=2"; }
relerr "$T/lp2.csv" "$T/lp0.csv" 3 1e-7 1e-6 \
    && pass "bdf sensitivities match the closed form's gradient" \
    || fail "bdf sensitivities differ from the closed form's gradient"

"$BMC" compile "$D/rhs_forms.bmodel" -o "$T/rhs_forms" >"$T/rhs_forms.log" 2>&1 \
    || { cat "$T/rhs_forms.log"; fail "cannot compile rhs_forms.bmodel"; finish; }
for bdf in 0 1; do
    for seed in 1 2 3 4; do
        expect_run "rhs-forms-bdf$bdf-gradient-seed-$seed" 0 "OK: gradient matches finite differences" \
            "${TO[@]}" "$T/rhs_forms" diagnose --data "$D/rhs_forms.json" tol=1e-12 bdf=$bdf --init 1 --seed "$seed"
    done
done

# ---- stiff problems ----------------------------------------------------------
"$BMC" compile "$D/stiff.bmodel" -o "$T/stiff" >"$T/stiff.log" 2>&1 \
    || { cat "$T/stiff.log"; fail "cannot compile stiff.bmodel"; finish; }
SD=(--data "$D/stiff.json")
# values at stiff_point against R's (the value-only function, through generate)
ref_err() { # OUTDIR: largest |yh - exact| over the outputs
    grep -v '^#' "$1/chain_1.csv" | awk -F, -v ref="$D/stiff_ref.csv" '
        BEGIN { while ((getline l < ref) > 0) if (n++) { split(l, f, ","); for (j = 1; j <= 3; j++) r[n - 1, j] = f[j + 1] }
                T = n - 1 }
        !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
        { for (i = 1; i <= T; i++) for (j = 1; j <= 3; j++) {
              d = $c["yh." i "." j] - r[i, j]; d = d < 0 ? -d : d; if (d > m) m = d } }
        END { print (T == 9 && NR == 2) ? m : 1 }'
}
for case in "1 1e-7 ode_bdf_tol" "3 1e-7 integrate_ode_bdf" "4 1e-5 ode_bdf(default-tolerances)" "2 1e-7 ode_rk45_tol"; do
    set -- $case
    "${TO[@]}" "$T/stiff" generate "${SD[@]}" solver=$1 tol=1e-8 max_steps=1000000 --fitted "$D/stiff_point" \
        --sig-figs 17 --output "$T/gen$1" >"$T/gen$1.log" 2>&1 || { cat "$T/gen$1.log"; fail "generate solver=$1"; continue; }
    e=$(ref_err "$T/gen$1")
    echo "  $3: largest error against the exact solution $e"
    awk -v e="$e" -v t="$2" 'BEGIN { exit !(e < t) }' && pass "stiff values by $3" \
        || fail "stiff values by $3 beyond $2"
done
for seed in 1 2 3 4; do
    expect_run "stiff-gradient-seed-$seed" 0 "OK: gradient matches finite differences" \
        "${TO[@]}" "$T/stiff" diagnose "${SD[@]}" solver=1 tol=1e-10 max_steps=1000000 --seed "$seed"
done
for s in 0 1 3; do
    "${TO[@]}" "$T/stiff" log-prob "${SD[@]}" solver=$s tol=1e-8 max_steps=1000000 --unconstrained \
        --point "$D/stiff_points.csv" --output "$T/slp$s" >"$T/slp$s.csv" 2>"$T/slp$s.err" \
        || { cat "$T/slp$s.err"; fail "stiff log-prob solver=$s"; }
done
relerr "$T/slp1.csv" "$T/slp0.csv" 3 1e-7 1e-5 && pass "stiff: ode_bdf_tol's gradient is the exact one" \
    || fail "stiff: ode_bdf_tol's gradient differs from the exact one"
relerr "$T/slp3.csv" "$T/slp0.csv" 3 1e-7 1e-5 && pass "stiff: integrate_ode_bdf's gradient is the exact one" \
    || fail "stiff: integrate_ode_bdf's gradient differs from the exact one"
# steps: max_num_steps counts every attempted step of a solve
SP=(--point "$D/stiff_point/chain_1.csv" --output "$T/sx")
expect_run stiff-bdf-2000-steps 0 "" "${TO[@]}" "$T/stiff" log-prob "${SD[@]}" solver=1 tol=1e-8 max_steps=2000 "${SP[@]}"
expect_run stiff-rk45-10000-steps 1 "max_num_steps reached" \
    "${TO[@]}" "$T/stiff" log-prob "${SD[@]}" solver=2 tol=1e-8 max_steps=10000 "${SP[@]}"
min_steps() { # BIN ARGS...: the smallest max_steps with which log-prob succeeds
    local lo=1 hi=4194304 mid bin=$1; shift
    while [ $lo -lt $hi ]; do
        mid=$(((lo + hi) / 2))
        if "${TO[@]}" "$bin" log-prob "$@" max_steps=$mid >/dev/null 2>&1; then hi=$mid; else lo=$((mid + 1)); fi
    done
    echo $lo
}
echo "  stiff: steps with sensitivities, ode_bdf_tol at tolerances 1e-6, 1e-8, 1e-10:" \
    "$(for tol in 1e-6 1e-8 1e-10; do min_steps "$T/stiff" "${SD[@]}" "${SP[@]}" solver=1 tol=$tol; done \
       | paste -sd,); ode_rk45_tol at 1e-8: $(min_steps "$T/stiff" "${SD[@]}" "${SP[@]}" solver=2 tol=1e-8)"

"$BMC" compile "$D/robertson.bmodel" -o "$T/rober" >"$T/rober.log" 2>&1 \
    || { cat "$T/rober.log"; fail "cannot compile robertson.bmodel"; finish; }
RD=(--data "$D/robertson.json")
for seed in 1 2 3 4; do
    expect_run "robertson-gradient-seed-$seed" 0 "OK: gradient matches finite differences" \
        "${TO[@]}" "$T/rober" diagnose "${RD[@]}" solver=1 tol=1e-10 max_steps=1000000 --seed "$seed"
done
printf 'params_r.1,params_r.2,params_r.3,params_r.4\n0.04,1.18,1.43,-0.91\n-0.82,1.17,1.01,1.16\n1.38,-0.26,-0.69,1.98\n' >"$T/rp.csv"
for case in "2 1e-12" "1 1e-10"; do
    set -- $case
    "${TO[@]}" "$T/rober" log-prob "${RD[@]}" solver=$1 tol=$2 max_steps=10000000 --unconstrained \
        --point "$T/rp.csv" --output "$T/rlp$1" >"$T/rlp$1.csv" 2>"$T/rlp$1.err" \
        || { cat "$T/rlp$1.err"; fail "robertson log-prob solver=$1"; }
done
relerr "$T/rlp1.csv" "$T/rlp2.csv" 3 1e-8 1e-6 \
    && pass "robertson: ode_bdf_tol (1e-10) agrees with ode_rk45_tol (1e-12)" \
    || fail "robertson: ode_bdf_tol differs from ode_rk45_tol"
RL=(--data "$D/robertson_long.json" --point "$T/rp.csv" --unconstrained --output "$T/rx" tol=1e-8)
expect_run robertson-long-bdf 0 "" "${TO[@]}" "$T/rober" log-prob "${RL[@]}" solver=1 max_steps=4000
expect_run robertson-long-rk45 1 "max_num_steps reached" "${TO[@]}" "$T/rober" log-prob "${RL[@]}" solver=2 max_steps=100000
finish
