/* lang/ast.c — AST constructors, names, and the --dump=ast printer.
 *
 * In:  nodes built by the parser and annotated by sema.
 * Out: arena-allocated nodes; readable names of blocks and types; an
 *      indented S-expression dump (with `: type` after sema).
 * Never: frees nodes (the arena does), prints anything but the dump.
 */
#include <stdio.h>
#include <string.h>
#include "ast.h"

expr *ast_expr_new(arena *a, expr_kind kind, src_span span) {
    expr *e = arena_alloc(a, sizeof *e);
    e->kind = kind;
    e->span = span;
    return e;
}

stmt *ast_stmt_new(arena *a, stmt_kind kind, src_span span) {
    stmt *s = arena_alloc(a, sizeof *s);
    s->kind = kind;
    s->span = span;
    return s;
}

decl *ast_decl_new(arena *a, decl_kind kind, src_span span) {
    decl *d = arena_alloc(a, sizeof *d);
    d->kind = kind;
    d->span = span;
    d->name_span = span;
    return d;
}

/* The span from the start of a to the end of b; an empty side (line 0)
 * yields the other. */
src_span ast_span_join(src_span a, src_span b) {
    if (a.line == 0) return b;
    if (b.line == 0) return a;
    src_span r = a;
    r.end_line = b.end_line;
    r.end_col = b.end_col;
    if (!r.file) r.file = b.file;
    return r;
}

const char *ast_block_name(block_kind b) {
    static const char *const names[BLK_COUNT] = {
        "functions", "data", "transformed data", "parameters",
        "transformed parameters", "model", "generated quantities",
    };
    return (unsigned)b < BLK_COUNT ? names[b] : "?";
}

static const char *ast_base_name(base_type b) {
    switch (b) {
    case TY_ERROR: return "<error>";
    case TY_INT: return "int";
    case TY_REAL: return "real";
    case TY_VECTOR: return "vector";
    case TY_ROW_VECTOR: return "row_vector";
    case TY_MATRIX: return "matrix";
    case TY_VOID: return "void";
    }
    return "?";
}

/* "int", "vector", "array[] real", "array[,] vector" into buf; returns buf. */
const char *ast_type_name(val_type t, char *buf, int n) {
    if (n <= 0) return buf;
    if (t.array_dims <= 0) {
        snprintf(buf, (size_t)n, "%s", ast_base_name(t.base));
        return buf;
    }
    char commas[16] = "";
    int k = t.array_dims - 1 < 15 ? t.array_dims - 1 : 15;
    memset(commas, ',', (size_t)k);
    commas[k] = '\0';
    snprintf(buf, (size_t)n, "array[%s] %s", commas, ast_base_name(t.base));
    return buf;
}

/* ---- dump ------------------------------------------------------------------ */

static const char *ast_op_name(op_kind op) {
    static const char *const names[] = {
        "+", "-", "*", "/", "<", "<=", ">", ">=", "==", "!=", "&&", "||",
        "neg", "!", "plus",
    };
    return (unsigned)op < sizeof names / sizeof names[0] ? names[op] : "?";
}

static void dump_type(FILE *f, val_type t) {
    char buf[64];
    if (t.base != TY_ERROR) fprintf(f, " : %s", ast_type_name(t, buf, sizeof buf));
}

static void dump_expr(FILE *f, const expr *e);

static void dump_list(FILE *f, const ptr_vec *v, int from) {
    for (int i = from; i < v->n; i++) {
        fputc(' ', f);
        dump_expr(f, v->items[i]);
    }
}

/* (int 3) (real 0.5) (var x) (+ a b) (neg a) (call f a | b) (index x i) */
static void dump_expr(FILE *f, const expr *e) {
    if (!e) {
        fputs("()", f);
        return;
    }
    switch (e->kind) {
    case EX_INT_LIT: fprintf(f, "(int %ld", e->ival); break;
    case EX_REAL_LIT: fprintf(f, "(real %.17g", e->rval); break;
    case EX_VAR: fprintf(f, "(var %s", e->name); break;
    case EX_UNARY:
        fprintf(f, "(%s ", ast_op_name(e->op));
        dump_expr(f, e->lhs);
        break;
    case EX_BINARY:
        fprintf(f, "(%s ", ast_op_name(e->op));
        dump_expr(f, e->lhs);
        fputc(' ', f);
        dump_expr(f, e->rhs);
        break;
    case EX_CALL:
        fprintf(f, "(call %s", e->name);
        if (e->bar_call && e->args.n > 0) {
            fputc(' ', f);
            dump_expr(f, e->args.items[0]);
            fputs(" |", f);
            dump_list(f, &e->args, 1);
        } else {
            dump_list(f, &e->args, 0);
        }
        break;
    case EX_INDEX:
        fputs("(index ", f);
        dump_expr(f, e->lhs);
        dump_list(f, &e->args, 0);
        break;
    }
    dump_type(f, e->type);
    fputc(')', f);
}

static void dump_indent(FILE *f, int depth) {
    for (int i = 0; i < depth; i++) fputs("  ", f);
}

static void dump_opt(FILE *f, const char *label, const expr *e) {
    if (!e) return;
    fprintf(f, " (%s ", label);
    dump_expr(f, e);
    fputc(')', f);
}

/* (decl name type [local] (size ...) (lower e) (upper e) (init e)) */
static void dump_decl(FILE *f, const decl *d) {
    char buf[64];
    fprintf(f, "(decl %s %s", d->name, ast_type_name(d->type, buf, sizeof buf));
    if (d->is_local) fputs(" local", f);
    if (d->array_sizes.n > 0) {
        fputs(" (dims", f);
        dump_list(f, &d->array_sizes, 0);
        fputc(')', f);
    }
    dump_opt(f, "size", d->vec_size);
    dump_opt(f, "cols", d->vec_cols);
    dump_opt(f, "lower", d->lower);
    dump_opt(f, "upper", d->upper);
    dump_opt(f, "init", d->init);
    fputc(')', f);
}

static void dump_stmts(FILE *f, const ptr_vec *v, int depth);

static void dump_stmt(FILE *f, const stmt *s, int depth) {
    static const char *const assign[] = {"+=", "-=", "*=", "/="};
    dump_indent(f, depth);
    switch (s->kind) {
    case ST_DECL: dump_decl(f, s->decl); break;
    case ST_ASSIGN:
        fprintf(f, "(%s ", s->assign_op <= OP_DIV ? assign[s->assign_op] : "=");
        dump_expr(f, s->lhs);
        fputc(' ', f);
        dump_expr(f, s->rhs);
        fputc(')', f);
        break;
    case ST_TILDE:
        fputs("(~ ", f);
        dump_expr(f, s->lhs);
        fprintf(f, " %s", s->dist_name);
        dump_list(f, &s->args, 0);
        fputc(')', f);
        break;
    case ST_TARGET:
        fputs("(target+= ", f);
        dump_expr(f, s->rhs);
        fputc(')', f);
        break;
    case ST_FOR:
    case ST_PLATE:
        fprintf(f, "(%s %s ", s->kind == ST_FOR ? "for" : "plate", s->decl->name);
        dump_expr(f, s->lo);
        fputc(' ', f);
        dump_expr(f, s->hi);
        dump_stmts(f, &s->body, depth + 1);
        fputc(')', f);
        break;
    case ST_BLOCK:
        fputs("(block", f);
        dump_stmts(f, &s->body, depth + 1);
        fputc(')', f);
        break;
    }
}

static void dump_stmts(FILE *f, const ptr_vec *v, int depth) {
    for (int i = 0; i < v->n; i++) {
        fputc('\n', f);
        dump_stmt(f, v->items[i], depth);
    }
}

void ast_dump(const program *p, void *file) {
    FILE *f = file;
    fputs("(program", f);
    for (int b = 0; b < BLK_COUNT; b++) {
        if (!p->present[b]) continue;
        fprintf(f, "\n  (%s", ast_block_name((block_kind)b));
        dump_stmts(f, &p->blocks[b], 2);
        fputc(')', f);
    }
    fputs(")\n", f);
}
