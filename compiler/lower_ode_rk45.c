/* compiler/lower_ode_rk45.c — the stages of one Dormand–Prince 5(4) step
 * (ode_rk45, ode_adams, ode_ckrk and their _tol and integrate_ode_ forms).
 *
 * In:  an `ode` at the start of an attempted step (t, y, S, step hs).
 * Out: seven inlined evaluations of f (with their tangents when o->sens),
 * the 5th-order solution in yn (Sn) and the error norm of the embedded
 * 4th-order estimate; lower_ode.c accepts or rejects.
 * Never: evaluates f outside [t, t + hs].
 */
#include "lower_ode.h"

/* Dormand & Prince (1980) coefficients. */
static const double DP_C[7] = {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1};
static const double DP_A[7][6] = {
    {0},
    {1.0 / 5},
    {3.0 / 40, 9.0 / 40},
    {44.0 / 45, -56.0 / 15, 32.0 / 9},
    {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
    {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
    {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84},
};
/* 5th-order weights minus 4th-order weights: the local error estimate. */
static const double DP_E[7] = {71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200,
                               22.0 / 525, -1.0 / 40};

/* f(t + c_s hs, state) into k[s], its tangent into dk[s] (NULL: zero). */
static void stage_eval(ode *o, int s, ir_var *state, ir_var **k, ir_var **dk) {
    lctx *c = o->c;
    ir_var *ts = lw_ode_scalar(o, add(c, lw_get0(c, o->t), mul(c, R(c, DP_C[s]), lw_get0(c, o->hs))));
    ir_var *r = lw_ode_eval_f(o, ts, state, o->sens ? &o->tan : NULL);
    k[s] = r ? r : o->ys;
    dk[s] = r && o->sens ? tan_of(&o->tan, r) : NULL;
}

ir_var *lw_ode_rk45_stages(ode *o, ir_expr *rtol, ir_expr *atol) {
    ir_var *k[7], *dk[7];
    stage_eval(o, 0, o->y, k, dk);
    for (int s = 1; s < 7; s++) { /* stage 7 is at the new state (FSAL) */
        ir_var *in = s == 6 ? o->yn : o->ys;
        lw_ode_combine(o, in, s == 6 ? o->Sn : o->Ss, (ode_sum){k, dk, DP_A[s], s, 1});
        stage_eval(o, s, in, k, dk);
    }
    o->fout = k[6];
    return lw_ode_error_norm(o, (ode_sum){k, dk, DP_E, 7, 1}, rtol, atol);
}
