/* compiler/lower_ode.h — what the ODE lowering files share (lower_ode.c:
 * the driver, inputs, sensitivities, step loop and outputs;
 * lower_ode_rk45.c: the explicit Dormand–Prince stages; lower_ode_stiff.c:
 * the linearly implicit Rosenbrock stages).
 *
 * In:  an `ode` set up by lower_ode.c.  Out: IR statements at o->c->cur.
 * Never: used outside the lower_ode*.c files.
 */
#ifndef BM_LOWER_ODE_H
#define BM_LOWER_ODE_H
#include "lower_int.h"
#include "tangent.h"

struct ode_stiff; /* lower_ode_stiff.c */

typedef struct {
    lctx *c;
    const expr *e;
    const fundef *f;
    ir_expr *N;          /* state size */
    ir_var *y, *ys, *yn; /* state, stage input, the step's new state */
    ir_var *t, *h, *hs;  /* time, step size, the step taken */
    ir_var **fargs;      /* f's arguments: [t, y, extra...] */
    int nf;
    /* forward sensitivities (sens == 0: values only) */
    int sens;
    ir_expr *M;          /* directions: the inputs' elements (a data-only size) */
    ir_expr *nd;         /* directions integrated: M * gradient() (M in the gradient
                            function, 0 elsewhere, where the C compiler drops the loops) */
    ir_var *S, *Ss, *Sn; /* d y / d p, d ys / d p, d yn / d p: N x M */
    ir_var *D;           /* p_m - stop(p_m): value 0, derivative 1 */
    int y0dirs;          /* y0's directions: 0 none, 1 all N (1..N), 2 per element */
    long *y0dir;         /* y0dirs 2: element i's direction (1-based) or 0 */
    tan_ctx tan;         /* the M directions: y -> S, ys -> Ss, yn -> Sn, inputs */
    /* the method */
    int order;           /* of its error estimate: the step size scales by err^(-1/(order+1)) */
    ir_var *fout;        /* f(t, y) after an accepted step (RK45's last stage);
                            NULL: the outputs evaluate it */
    struct ode_stiff *stiff; /* NULL: RK45 */
} ode;

/* Stage vectors combined with weights: sum_r w[r] v[r][idx] (and the same
 * with dv for the sensitivities; NULL entries are zero), times hs when
 * `scaled`. */
typedef struct {
    ir_var **v, **dv;
    const double *w;
    int n, scaled;
} ode_sum;

/* lower_ode.c */
ir_var *lw_ode_scalar(ode *o, ir_expr *init);
void lw_ode_set_if(ode *o, ir_expr *cond, ir_var *v, ir_expr *x);
/* for (m in 1:nd) at cur, as lw_loop. */
ir_expr *lw_ode_dir_loop(ode *o, ir_block **saved);
/* f(time, state) inlined at cur; with tan != NULL its statements come with
 * their tangents in tan's directions (tangent.c).  Returns f's result. */
ir_var *lw_ode_eval_f(ode *o, ir_var *time, ir_var *state, tan_ctx *tan);
/* sum_r k.w[r] vs[r][idx] (times hs when k.scaled; vs: k.v or k.dv), or
 * NULL when every term is zero. */
ir_expr *lw_ode_wsum(ode *o, ode_sum k, ir_var **vs, ir_expr **idx);
/* dst = y + sum (ddst = S + its tangent, when o->sens). */
void lw_ode_combine(ode *o, ir_var *dst, ir_var *ddst, ode_sum k);
/* The error norm of a step whose local error estimate is `err`: y's RMS
 * weighted error, or the largest of it and each sensitivity column's. */
ir_var *lw_ode_error_norm(ode *o, ode_sum err, ir_expr *rtol, ir_expr *atol);

/* lower_ode_rk45.c: one Dormand–Prince 5(4) attempt from (t, y, S) with
 * step hs: sets yn, Sn and o->fout; returns the error norm. */
ir_var *lw_ode_rk45_stages(ode *o, ir_expr *rtol, ir_expr *atol);

/* lower_ode_stiff.c: the Rosenbrock W-method ROS34PW2.  setup (before the
 * step loop) makes its workspace; stages, as lw_ode_rk45_stages; accepted:
 * what an accepted step must do (the Jacobian goes stale). */
void lw_ode_stiff_setup(ode *o);
ir_var *lw_ode_stiff_stages(ode *o, ir_expr *rtol, ir_expr *atol);
void lw_ode_stiff_accepted(ode *o);

#endif
