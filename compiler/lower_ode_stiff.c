/* compiler/lower_ode_stiff.c — the stages of one step of the stiff solver
 * (ode_bdf, ode_bdf_tol, integrate_ode_bdf): ROS34PW2, a linearly implicit,
 * L-stable Rosenbrock W-method of order 3 with an embedded order-2 error
 * estimate, four stages and one LU factorisation per step.
 *
 * In:  an `ode` at the start of an attempted step (t, y, S, step hs).
 * Out: IR that, with J = df/dy at (t, y) and W = I - hs gamma J,
 *     W u_i = hs gamma f(t + alpha_i hs, y + sum_{j<i} a_ij u_j)
 *             + gamma sum_{j<i} c_ij u_j,           i = 1..4,
 *     yn = y + sum_i m_i u_i,   error estimate sum_i e_i u_i
 * (Hairer & Wanner, Solving ODEs II, section IV.7, the form without
 * products by J), and for the sensitivities the same stages on S = dy/dp
 * with f's tangent (tangent.c: J_y Sigma_i[, m] + J_p e_m at stage i) and
 * the same W: the block-diagonal approximation of the augmented system's
 * Jacobian.  A W-method keeps its order for any W (the time derivative of
 * f is left out for the same reason), so y and S are both of order 3.
 * J is f's tangent in N unit directions at (t, y) (no finite
 * differences), recomputed only after an accepted step (a rejected step
 * keeps t and y, so only W is refactorised); lower_ode.c accepts or
 * rejects and adapts hs (err^(-1/3)).
 * Never: evaluates f outside [t, t + hs], or uses second derivatives.
 */
#include <string.h>
#include "lower_ode.h"

#define NS 4

/* ROS34PW2: Rang & Angermann, "New Rosenbrock W-methods of order 3 for
 * partial differential algebraic equations of index 1", BIT 45 (2005)
 * 761-787.  alpha_ij, gamma_ij (gamma_ii = GAMMA), weights b and the
 * embedded bhat.  Stiffly accurate (b_i = alpha_4i + gamma_4i), R(inf) = 0.
 * Checked when this file was written: with the exact Jacobian, with W = I
 * and with an arbitrary W, a driven pendulum converges with order 3 and
 * the error estimate with order 3 (local), and R(z) -> 0 as z -> -inf. */
static const double GAMMA = 4.3586652150845900e-01;
static const double ROS_ALPHA[NS][NS] = {
    {0},
    {8.7173304301691801e-01},
    {8.4457060015369423e-01, -1.1299064236484185e-01},
    {0, 0, 1},
};
static const double ROS_GAMMA[NS][NS] = {
    {0},
    {-8.7173304301691801e-01},
    {-9.0338057013044082e-01, 5.4180672388095326e-02},
    {2.4212380706095346e-01, -1.2232505839045147e+00, 5.4526025533510214e-01},
};
static const double ROS_B[NS] = {2.4212380706095346e-01, -1.2232505839045147e+00,
                                 1.5452602553351020e+00, 4.3586652150845900e-01};
static const double ROS_BHAT[NS] = {3.7810903145819369e-01, -9.6042292212423178e-02,
                                    5.0000000000000000e-01, 2.1793326075422950e-01};

struct ode_stiff {
    /* With G = (gamma_ij) (lower triangular, GAMMA on the diagonal):
     * a = ALPHA G^-1, gc = GAMMA (diag(1/GAMMA) - G^-1), m = b G^-1,
     * e = m - bhat G^-1; alpha_i = sum_j ALPHA_ij, the stage times. */
    double a[NS][NS], gc[NS][NS], m[NS], e[NS], alpha[NS];
    tan_ctx jt;          /* N directions, y -> I: f's tangent is J */
    ir_var *id;          /* the identity, N x N */
    ir_var *stale;       /* 1: J and f(t, y) are of an earlier (t, y) */
    ir_var *f0, *df0, *J; /* f(t, y), its tangent, df/dy (NULL: zero) */
    ir_var *W;           /* I - hs GAMMA J */
    ir_var *u[NS], *U[NS]; /* stage increments, and of S (N x M) */
    ir_var *r, *Rs;      /* a stage's right-hand sides */
};

/* The coefficients of the form without products by J. */
static void derive(struct ode_stiff *st) {
    double gi[NS][NS] = {{0}}; /* G^-1, lower triangular */
    for (int j = 0; j < NS; j++) {
        gi[j][j] = 1 / GAMMA;
        for (int i = j + 1; i < NS; i++) {
            double s = 0;
            for (int k = j; k < i; k++) s += ROS_GAMMA[i][k] * gi[k][j];
            gi[i][j] = -s / GAMMA;
        }
    }
    for (int i = 0; i < NS; i++) {
        double mh = 0;
        st->alpha[i] = st->m[i] = 0;
        for (int j = 0; j < NS; j++) {
            double s = 0;
            for (int k = 0; k < NS; k++) s += ROS_ALPHA[i][k] * gi[k][j];
            st->a[i][j] = s;
            st->gc[i][j] = GAMMA * ((i == j) / GAMMA - gi[i][j]);
            st->alpha[i] += ROS_ALPHA[i][j];
            st->m[i] += ROS_B[j] * gi[j][i];
            mh += ROS_BHAT[j] * gi[j][i];
        }
        st->e[i] = st->m[i] - mh;
    }
}

void lw_ode_stiff_setup(ode *o) {
    lctx *c = o->c;
    struct ode_stiff *st = arena_alloc(c->a, sizeof *st);
    memset(st, 0, sizeof *st);
    derive(st);
    ir_expr *nn[2] = {o->N, o->N}, *nm[2] = {o->N, o->M};
    st->id = lw_temp(c, o->e, 0, 2, nn);
    st->W = lw_temp(c, o->e, 0, 2, nn);
    st->r = lw_temp(c, o->e, 0, 1, nn);
    for (int i = 0; i < NS; i++) {
        st->u[i] = lw_temp(c, o->e, 0, 1, nn);
        st->U[i] = o->sens ? lw_temp(c, o->e, 0, 2, nm) : NULL;
    }
    if (o->sens) st->Rs = lw_temp(c, o->e, 0, 2, nm);
    ir_block *sj, *sk;
    ir_expr *j = lw_loop(c, I(c, 1), o->N, &sj, o->e);
    ir_expr *k = lw_loop(c, I(c, 1), o->N, &sk, o->e);
    lw_set(c, st->id, ix2(c, j, k), realv(c, ir_bin(c->a, OP_EQ, j, k)), o->e);
    lw_loop_end(c, sk);
    lw_loop_end(c, sj);
    st->jt = (tan_ctx){.m = c->m, .a = c->a, .ndir = o->N, .ndir_alloc = o->N, .nloop = &c->nloop};
    tan_seed(&st->jt, o->y, st->id);
    st->stale = lw_ode_scalar(o, I(c, 1));
    o->stiff = st;
    o->order = 2;
}

void lw_ode_stiff_accepted(ode *o) { lw_set(o->c, o->stiff->stale, NULL, I(o->c, 1), o->e); }

/* if (stale) { f(t, y) with its tangent in N directions (J), and, in the
 * gradient function, in the M directions (the sensitivities' first stage);
 * stale = 0 } */
static void jacobian(ode *o) {
    lctx *c = o->c;
    struct ode_stiff *st = o->stiff;
    ir_stmt *g = lw_if(c, ir_bin(c->a, OP_EQ, lw_get0(c, st->stale), I(c, 1)), o->e);
    ir_block *saved = c->cur;
    c->cur = &g->body;
    st->f0 = lw_ode_eval_f(o, o->t, o->y, &st->jt);
    st->J = st->f0 ? tan_of(&st->jt, st->f0) : NULL;
    if (o->sens) {
        ir_stmt *gr = lw_if(c, ir_bin(c->a, OP_GT, o->nd, I(c, 0)), o->e);
        c->cur = &gr->body;
        ir_var *f1 = lw_ode_eval_f(o, o->t, o->y, &o->tan);
        st->df0 = f1 ? tan_of(&o->tan, f1) : NULL;
        c->cur = &g->body;
    }
    lw_set(c, st->stale, NULL, I(c, 0), o->e);
    c->cur = saved;
}

/* W = I - hs GAMMA J, factorised. */
static lu_factor factor_w(ode *o) {
    lctx *c = o->c;
    struct ode_stiff *st = o->stiff;
    ir_block *sj, *sk;
    ir_expr *j = lw_loop(c, I(c, 1), o->N, &sj, o->e);
    ir_expr *k = lw_loop(c, I(c, 1), o->N, &sk, o->e);
    ir_expr *w = realv(c, ir_bin(c->a, OP_EQ, j, k));
    if (st->J)
        w = sub(c, w, mul(c, mul(c, R(c, GAMMA), lw_get0(c, o->hs)), lw_get(c, st->J, ix2(c, j, k))));
    lw_set(c, st->W, ix2(c, j, k), w, o->e);
    lw_loop_end(c, sk);
    lw_loop_end(c, sj);
    return lw_lu_var(c, o->e, st->W);
}

/* hs GAMMA F[idx] + sum_{l<i} gc_il us[l][idx] (F NULL: zero). */
static ir_expr *stage_rhs(ode *o, int i, ir_var *F, ir_var **us, ir_expr **idx) {
    lctx *c = o->c;
    ir_expr *s = lw_ode_wsum(o, (ode_sum){us, us, o->stiff->gc[i], i, 0}, us, idx);
    ir_expr *hf = F ? mul(c, mul(c, R(c, GAMMA), lw_get0(c, o->hs)), lw_get(c, F, idx)) : NULL;
    return hf && s ? add(c, hf, s) : hf ? hf : s ? s : R(c, 0);
}

/* Stage i's increments: u_i = W^-1 (hs GAMMA F + ...), and column by
 * column U_i = W^-1 (hs GAMMA dF + ...). */
static void stage_solve(ode *o, lu_factor lu, int i, ir_var *F, ir_var *dF) {
    lctx *c = o->c;
    struct ode_stiff *st = o->stiff;
    ir_block *sj, *sm;
    ir_expr *j = lw_loop(c, I(c, 1), o->N, &sj, o->e);
    lw_set(c, st->r, ix1(c, j), stage_rhs(o, i, F, st->u, ix1(c, j)), o->e);
    lw_loop_end(c, sj);
    lw_lu_solve_col(c, o->e, lu, st->u[i], NULL, (rhs_src){NULL, st->r, 0});
    if (!o->sens) return;
    ir_expr *m = lw_ode_dir_loop(o, &sm);
    j = lw_loop(c, I(c, 1), o->N, &sj, o->e);
    lw_set(c, st->Rs, ix2(c, j, m), stage_rhs(o, i, dF, st->U, ix2(c, j, m)), NULL); /* in range */
    lw_loop_end(c, sj);
    lw_lu_solve_col(c, o->e, lu, st->U[i], m, (rhs_src){NULL, st->Rs, 0});
    lw_loop_end(c, sm);
}

ir_var *lw_ode_stiff_stages(ode *o, ir_expr *rtol, ir_expr *atol) {
    lctx *c = o->c;
    struct ode_stiff *st = o->stiff;
    jacobian(o);
    lu_factor lu = factor_w(o);
    for (int i = 0; i < NS; i++) {
        ir_var *F = st->f0, *dF = st->df0;
        if (i > 0) {
            lw_ode_combine(o, o->ys, o->Ss, (ode_sum){st->u, st->U, st->a[i], i, 0});
            ir_expr *ti = add(c, lw_get0(c, o->t), mul(c, R(c, st->alpha[i]), lw_get0(c, o->hs)));
            F = lw_ode_eval_f(o, lw_ode_scalar(o, ti), o->ys, o->sens ? &o->tan : NULL);
            dF = F && o->sens ? tan_of(&o->tan, F) : NULL;
        }
        stage_solve(o, lu, i, F, dF);
    }
    lw_ode_combine(o, o->yn, o->Sn, (ode_sum){st->u, st->U, st->m, NS, 0});
    return lw_ode_error_norm(o, (ode_sum){st->u, st->U, st->e, NS, 0}, rtol, atol);
}
