#!/usr/bin/env bash
# The container functions added in session 9 (multiply as a function, log_mix
# of vectors, chol2inv, logical_negation, gp_dot_prod_cov, matrix_power,
# append_array, linspaced_int_array, qr_thin_Q, qr_thin_R, singular_values,
# trace_quad_form, mdivide_right_spd, cov_exp_quad, block, sub_col, sub_row,
# col, row, symmetrize_from_lower_tri), as tests/e2e/test_linalg.sh does for
# the others:
#  1. values on fixed data against base R (linalg_more/expected.R ->
#     expected.csv) to 1e-8 relative;
#  2. the gradient of linalg_more/gradients.bmodel, which applies each to
#     parameters, against finite differences at three random points.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
D=tests/e2e/linalg_more
values_vs_reference "$D/values.bmodel" "$D/data.json" "$D/expected.csv"
gradients_vs_fd "$D/gradients.bmodel" "$D/data.json" --init 1
finish
