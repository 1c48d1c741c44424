/* compiler/lower_jump.c — `break` and `continue`, lowered to flags.
 *
 * In:  the loops of the typed AST that contain `break` / `continue` (not
 * counting those of loops nested inside them).  Out: IR without jumps: two
 * int locals per such loop, `brk` (set before the loop, checked at the top
 * of every iteration; a while loop checks it in its condition) and `cont`
 * (cleared at the top of every iteration), and after each statement that
 * may jump, the rest of its block guarded by `if (brk == 0 && cont == 0)`.
 * A for loop after a break runs its remaining iterations doing nothing.
 * The IR keeps its shape (counted loops, ifs), so ad.c needs nothing new:
 * the guards push their conditions like any if.
 * Never: used for plates (sema rejects `break` there; `continue` in a plate
 * skips the rest of that iteration as in a for loop).
 */
#include "lower_int.h"

static int is_loop(const stmt *s) {
    return s->kind == ST_FOR || s->kind == ST_PLATE || s->kind == ST_WHILE || s->kind == ST_FOREACH;
}

/* Does s contain a statement of this kind outside loops nested in it? */
static int has_jump(const stmt *s, stmt_kind kind) {
    if (!s) return 0;
    if (s->kind == kind) return 1;
    if (has_jump(s->then_s, kind) || has_jump(s->else_s, kind)) return 1;
    for (int i = 0; i < s->body.n; i++) {
        const stmt *b = s->body.items[i];
        if (!is_loop(b) && has_jump(b, kind)) return 1;
    }
    return 0;
}

static int body_has(const stmt *loop, stmt_kind kind) {
    for (int i = 0; i < loop->body.n; i++) {
        const stmt *b = loop->body.items[i];
        if (!is_loop(b) && has_jump(b, kind)) return 1;
    }
    return 0;
}

static ir_expr *is_zero(lctx *c, ir_var *flag) { return ir_bin(c->a, OP_EQ, lw_get0(c, flag), I(c, 0)); }

void lw_jumps_open(lctx *c, const stmt *loop, lw_jumps *j) {
    *j = (lw_jumps){.saved_brk = c->jump_brk, .saved_cont = c->jump_cont};
    if (body_has(loop, ST_BREAK)) {
        j->brk = lw_temp(c, NULL, 1, 0, NULL);
        lw_set(c, j->brk, NULL, I(c, 0), NULL);
    }
    if (body_has(loop, ST_CONTINUE)) j->cont = lw_temp(c, NULL, 1, 0, NULL);
}

ir_expr *lw_jumps_while_cond(lctx *c, const lw_jumps *j, ir_expr *cond) {
    return j->brk ? ir_bin(c->a, OP_AND, cond, is_zero(c, j->brk)) : cond;
}

void lw_jumps_enter(lctx *c, lw_jumps *j, int guard_break) {
    c->jump_brk = j->brk;
    c->jump_cont = j->cont;
    if (j->cont) lw_set(c, j->cont, NULL, I(c, 0), NULL);
    if (j->brk && guard_break) c->cur = &lw_if(c, is_zero(c, j->brk), NULL)->body;
}

void lw_jumps_close(lctx *c, const lw_jumps *j) {
    c->jump_brk = j->saved_brk;
    c->jump_cont = j->saved_cont;
}

void lw_jump(lctx *c, const stmt *s) {
    ir_var *flag = s->kind == ST_BREAK ? c->jump_brk : c->jump_cont;
    if (!flag) unreachable(); /* sema: only inside a loop, which opened it */
    lw_set(c, flag, NULL, I(c, 1), NULL);
}

ir_block *lw_jump_guard(lctx *c, const stmt *s) {
    int brk = c->jump_brk && !is_loop(s) && has_jump(s, ST_BREAK);
    int cont = c->jump_cont && !is_loop(s) && has_jump(s, ST_CONTINUE);
    if (!brk && !cont) return NULL;
    ir_expr *ok = brk ? is_zero(c, c->jump_brk) : NULL;
    if (cont) ok = ok ? ir_bin(c->a, OP_AND, ok, is_zero(c, c->jump_cont)) : is_zero(c, c->jump_cont);
    ir_block *saved = c->cur;
    c->cur = &lw_if(c, ok, NULL)->body;
    return saved;
}
