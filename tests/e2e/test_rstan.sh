#!/usr/bin/env bash
# Stan CSV compatibility: R's rstan (Debian r-cran-rstan) reads our output
# with read_stan_csv, and rstan::monitor's R-hat and bulk/tail ESS agree
# with `bmc summary` (R-hat within 0.002, ESS within 1%, means within the
# summary's 3 printed digits).  Skipped when Rscript or rstan is not installed.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
if ! command -v Rscript >/dev/null 2>&1 || \
   ! Rscript -e 'quit(status = !requireNamespace("rstan", quietly = TRUE))' >/dev/null 2>&1; then
    echo "skipped: Rscript with rstan not available (apt-get install r-cran-rstan)"
    finish
fi
"$BMC" compile models/eight_schools_noncentered.bmodel -o "$T/es" >/dev/null 2>&1 || fail "cannot compile"
expect_run sample 0 "" "$T/es" sample --data models/eight_schools.csv --seed 11 --output "$T/out" --quiet
expect_run rstan-read 0 "Bulk_ESS" Rscript tests/e2e/rstan/monitor.R "$T/out"
expect_run summary 0 "ESS_bulk" "$BMC" summary "$T/out"
awk -F, 'NR == FNR { if (FNR > 1) { v = $1; gsub(/"/, "", v); gsub(/\[/, ".", v); gsub(/\]/, "", v)
                                    gsub(/,/, ".", v); m[v] = $2; r[v] = $3; b[v] = $4; t[v] = $5; n++ }; next }
    { name = $1
      if (name in m && NF >= 10) {
          seen++
          dm = $2 - m[name]; if (dm < 0) dm = -dm
          dr = $10 - r[name]; if (dr < 0) dr = -dr
          db = ($8 - b[name]) / b[name]; if (db < 0) db = -db
          dt = ($9 - t[name]) / t[name]; if (dt < 0) dt = -dt
          am = m[name] < 0 ? -m[name] : m[name]
          if (dm > 0.005 * am + 5e-4 || dr > 0.002 || db > 0.01 || dt > 0.01) {
              print "  " name ": ours " $2 " " $8 " " $9 " " $10 ", rstan " m[name] " " b[name] " " t[name] " " r[name]; bad++ }
      } }
    END { printf "  %d variables compared with rstan::monitor, %d differ\n", seen, bad
          exit !(seen >= 18 && bad == 0) }' "$T/rstan-read.out" FS=' ' "$T/summary.out" \
    && pass "rstan reads the CSV and agrees on R-hat and ESS" || fail "rstan disagrees"
finish
