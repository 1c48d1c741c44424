/* compiler/lower_pointwise.c — automatic pointwise log-likelihood and
 * posterior (or prior) predictive draws from plates.
 *
 * In:  the model block.  An *observed* sampling statement is one whose
 * outcome reads only data (`y[n] ~ normal(mu[n], sigma)`, or
 * `target += normal_lpdf(y[n] | ...)`); inside a `plate`, each iteration is
 * one observation unit.
 * Out:
 *  - in write_array (generated quantities), outputs `log_lik` (one element
 *    per plate iteration, plates in source order, each the sum of that
 *    iteration's observed log densities with all constants) and `Y_rep`
 *    for each observed data variable Y written element-wise with `~` (a
 *    draw from the same distribution at the same element, where the
 *    distribution has an _rng); the model block is lowered a second time
 *    there with `target +=` redirected into a per-iteration accumulator;
 *  - in the density, every observed statement (in a plate or not) runs
 *    under `if (!(flags & BM_PRIOR))`, so `sample --prior` samples the
 *    prior and Y_rep becomes the prior predictive.
 * Never: generates a name the program already declares (then that output
 * is left out), or counts a statement that reads a parameter on its left.
 */
#include <string.h>
#include "lower_int.h"
#include "model.h"

#define MAX_PW 16

typedef struct {
    const stmt *plate;
    ir_expr *offset;   /* first log_lik index of this plate, minus 1 */
} pw_plate;

typedef struct {
    const decl *data;  /* observed data variable */
    ir_var *rep;
} pw_rep;

struct pw_state {
    pw_plate plates[MAX_PW];
    int nplates;
    pw_rep reps[MAX_PW];
    int nreps;
    ir_var *log_lik;
    const pw_plate *cur;  /* the plate being lowered (pointwise pass) */
    ir_expr *unit;        /* its log_lik index for the current iteration */
};

/* ---- what is observed ------------------------------------------------------- */

static int reads_data(const expr *e) {
    if (!e) return 0;
    if (e->kind == EX_VAR && e->decl && e->decl->kind != DECL_LOOP_VAR &&
        (e->decl->block == BLK_DATA || e->decl->block == BLK_TDATA))
        return 1;
    if (reads_data(e->lhs) || reads_data(e->rhs)) return 1;
    for (int i = 0; i < e->args.n; i++)
        if (e->kind != EX_STRING && reads_data(e->args.items[i])) return 1;
    return 0;
}

/* The outcome of a sampling statement or of `target += D_lpdf(y | ...)`. */
static const expr *outcome(const stmt *s) {
    if (s->kind == ST_TILDE) return s->lhs;
    if (s->kind != ST_TARGET || s->rhs->kind != EX_CALL || !s->rhs->args.n) return NULL;
    char base[128];
    if (!catalog_density_suffix(s->rhs->name, base, sizeof base) && !s->rhs->fun) return NULL;
    return s->rhs->args.items[0];
}

int lw_is_observed(const stmt *s) {
    const expr *y = outcome(s);
    return y && lw_ast_data_only(y) && reads_data(y);
}

static int has_observed(const stmt *s) {
    if (!s) return 0;
    if (lw_is_observed(s)) return 1;
    if (has_observed(s->then_s) || has_observed(s->else_s)) return 1;
    for (int i = 0; i < s->body.n; i++)
        if (s->body.items[i] && has_observed(s->body.items[i])) return 1;
    return 0;
}

static int declares(const program *p, const char *name) {
    for (int b = 0; b < BLK_COUNT; b++)
        for (int i = 0; i < p->blocks[b].n; i++) {
            const stmt *s = p->blocks[b].items[i];
            if (s->kind == ST_DECL && !strcmp(s->decl->name, name)) return 1;
        }
    return 0;
}

/* ---- setup: the plates and the output variables --------------------------------- */

static void find_plates(lctx *c, const stmt *s, struct pw_state *st) {
    if (!s) return;
    if (s->kind == ST_PLATE && has_observed(s)) {
        if (st->nplates < MAX_PW) st->plates[st->nplates++].plate = s;
        return; /* a nested plate belongs to this unit */
    }
    find_plates(c, s->then_s, st);
    find_plates(c, s->else_s, st);
    for (int i = 0; i < s->body.n; i++) find_plates(c, s->body.items[i], st);
}

/* Plate sizes must be known at create time (data-only bounds). */
static ir_expr *plate_size(lctx *c, const stmt *pl) {
    ir_expr *lo = lw_scalar(c, pl->lo), *hi = lw_scalar(c, pl->hi);
    if (!lw_data_only(lo) || !lw_data_only(hi)) return NULL;
    return ir_bin(c->a, OP_ADD, ir_bin(c->a, OP_SUB, hi, lo), ir_int(c->a, 1));
}

static void add_rep(lctx *c, struct pw_state *st, const stmt *s) {
    if (!s) return;
    if (s->kind == ST_TILDE && lw_is_observed(s)) {
        const expr *y = s->lhs->kind == EX_INDEX ? s->lhs->lhs : s->lhs;
        if (y->kind != EX_VAR || !y->decl) return;
        for (int i = 0; i < st->nreps; i++)
            if (st->reps[i].data == y->decl) return;
        const char *name = arena_printf(c->a, "%s_rep", y->decl->name);
        if (declares(c->p, name) || st->nreps == MAX_PW) return;
        ir_var *dv = lw_var(c, y->decl);
        ir_var *r = ir_var_new(c->m, name, IRV_GQ, dv->is_int, dv->ndims);
        for (int k = 0; k < dv->ndims; k++) r->dims[k] = ir_dim(c->a, dv, k);
        st->reps[st->nreps++] = (pw_rep){y->decl, r};
        return;
    }
    add_rep(c, st, s->then_s);
    add_rep(c, st, s->else_s);
    for (int i = 0; i < s->body.n; i++) add_rep(c, st, s->body.items[i]);
}

void lw_pointwise_setup(lctx *c) {
    struct pw_state *st = arena_alloc(c->a, sizeof *st);
    memset(st, 0, sizeof *st);
    const ptr_vec *model = &c->p->blocks[BLK_MODEL];
    for (int i = 0; i < model->n; i++) find_plates(c, model->items[i], st);
    ir_expr *total = ir_int(c->a, 0);
    int kept = 0;
    for (int i = 0; i < st->nplates; i++) {
        ir_expr *n = plate_size(c, st->plates[i].plate);
        if (!n) continue;
        st->plates[kept].plate = st->plates[i].plate;
        st->plates[kept++].offset = total;
        total = ir_bin(c->a, OP_ADD, total, n);
    }
    st->nplates = kept;
    if (kept && !declares(c->p, "log_lik")) {
        st->log_lik = ir_var_new(c->m, "log_lik", IRV_GQ, 0, 1);
        st->log_lik->dims[0] = total;
    }
    for (int i = 0; i < st->nplates; i++) add_rep(c, st, st->plates[i].plate);
    c->pw = st;
}

/* ---- the pointwise pass (write_array) -------------------------------------------- */

/* log_lik starts at 0, replicates at NaN (0 for ints): elements no
 * statement draws stay visibly empty. */
static void initialise(lctx *c, ir_var *v, int rep) {
    ir_expr *dims[IR_MAX_DIMS], *idx[IR_MAX_DIMS];
    lw_var_dims(c, v, dims);
    ir_block *saved = c->cur;
    c->cur = lw_open_loops(c, dims, v->ndims, idx, 0, (src_span){0});
    ir_expr *x = v->is_int ? ir_int(c->a, 0) : ir_real(c->a, rep ? __builtin_nan("") : 0.0);
    lw_emit(c, ir_assign(c->a, v, v->ndims, idx, x, (src_span){0}));
    c->cur = saved;
}

/* Lowers the model block again with pointwise outputs; returns the
 * outputs to write (log_lik, then the _rep variables) through out. */
int lw_pointwise_write(lctx *c, ir_var **out, int max) {
    struct pw_state *st = c->pw;
    if (!st || (!st->log_lik && !st->nreps)) return 0;
    int n = 0;
    if (st->log_lik && n < max) out[n++] = st->log_lik;
    for (int i = 0; i < st->nreps && n < max; i++) out[n++] = st->reps[i].rep;
    for (int i = 0; i < n; i++) initialise(c, out[i], out[i] != st->log_lik);
    c->pointwise = 1;
    lw_stmts(c, &c->p->blocks[BLK_MODEL]);
    c->pointwise = 0;
    return n;
}

/* Entering a plate in the pointwise pass: its iteration's log_lik index. */
void lw_pointwise_enter(lctx *c, const stmt *plate, ir_var *loop) {
    struct pw_state *st = c->pw;
    if (!c->pointwise || !st || st->cur) return;
    for (int i = 0; i < st->nplates; i++) {
        if (st->plates[i].plate != plate) continue;
        st->cur = &st->plates[i];
        ir_expr *k = ir_bin(c->a, OP_SUB, ir_read0(c->a, loop), lw_scalar(c, plate->lo));
        st->unit = ir_bin(c->a, OP_ADD, ir_bin(c->a, OP_ADD, st->plates[i].offset, k), ir_int(c->a, 1));
    }
}

void lw_pointwise_leave(lctx *c, const stmt *plate) {
    struct pw_state *st = c->pw;
    if (st && st->cur && st->cur->plate == plate) st->cur = NULL;
}

/* y_rep[idx] = D_rng(args) for `y[idx] ~ D(args)` with scalar arguments. */
static void draw_rep(lctx *c, const stmt *s) {
    struct pw_state *st = c->pw;
    const expr *y = s->lhs->kind == EX_INDEX ? s->lhs->lhs : s->lhs;
    ir_var *rep = NULL;
    for (int i = 0; i < st->nreps; i++)
        if (y->kind == EX_VAR && st->reps[i].data == y->decl) rep = st->reps[i].rep;
    if (!rep || s->truncated || s->fun || lw_is_container(c, s->lhs)) return;
    int cnt = 0;
    const fn_sig *sig = catalog_lookup(arena_printf(c->a, "%s_rng", s->dist_name), &cnt);
    if (!sig || sig->kind != FN_RNG || sig->nargs != s->args.n) return;
    ir_expr *call = ir_real(c->a, 0);
    call->kind = IE_CALL;
    call->sig = sig;
    call->is_int = sig->returns_int;
    call->nargs = sig->nargs;
    call->args = ir_args(c->a, sig->nargs);
    for (int i = 0; i < s->args.n; i++) {
        if (lw_is_container(c, s->args.items[i])) return;
        call->args[i] = lw_scalar(c, s->args.items[i]);
    }
    ir_expr *target = lw_el(c, s->lhs, NULL, 0);
    if (target->kind != IE_VAR) return;
    if (!rep->is_int && call->is_int) call = ir_bin(c->a, OP_MUL, call, ir_real(c->a, 1.0));
    if (rep->is_int && !call->is_int) return;
    lw_emit(c, ir_assign(c->a, rep, target->nargs, target->args, call, s->span));
}

/* In the pointwise pass, instead of the statement: its log density (with
 * constants) added to this iteration's log_lik, and the replicate draw.
 * Returns 1 when s was handled (always, in the pointwise pass). */
int lw_pointwise_stmt(lctx *c, const stmt *s, void (*lower)(lctx *, const stmt *)) {
    struct pw_state *st = c->pw;
    if (!c->pointwise) return 0;
    if (!st || !st->cur || !lw_is_observed(s)) return 1;
    if (st->log_lik) {
        ir_var *acc = lw_temp(c, outcome(s), 0, 0, NULL);
        lw_set(c, acc, NULL, ir_real(c->a, 0), outcome(s));
        ir_var *saved = c->target_acc;
        c->target_acc = acc;
        lower(c, s);
        c->target_acc = saved;
        ir_expr **ix = ir_args(c->a, 1);
        ix[0] = st->unit;
        lw_emit(c, ir_assign(c->a, st->log_lik, 1, ix,
                             ir_bin(c->a, OP_ADD, ir_read(c->a, st->log_lik, 1, ix), ir_read0(c->a, acc)),
                             s->span));
    }
    if (s->kind == ST_TILDE) draw_rep(c, s);
    return 1;
}

/* In the density: an observed statement runs unless BM_PRIOR is set. */
ir_block *lw_prior_guard(lctx *c, const stmt *s) {
    if (c->fn != IRF_DENSITY || c->pointwise || !lw_is_observed(s)) return NULL;
    ir_stmt *g = ir_stmt_new(c->a, IS_IF, s->span);
    g->cond = ir_flags(c->a, BM_PRIOR);
    lw_emit(c, g);
    ir_block *saved = c->cur;
    c->cur = &g->els;
    return saved;
}
