/* lang/ast.c — AST constructors, names, and the --dump=ast printer.
 *
 * In:  nodes built by the parser and annotated by sema.
 * Out: arena-allocated nodes; readable names of blocks and types; an
 *      indented S-expression dump (with `: type` after sema) that shows
 *      every semantic field of every node kind, so two programs with the
 *      same meaning dump the same (tests compare formatted and original
 *      programs this way).
 * Never: frees nodes (the arena does), prints spans or other layout
 *      (parentheses, old array syntax), prints anything but the dump.
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

const char *ast_base_name(base_type b) {
    switch (b) {
    case TY_ERROR: return "<error>";
    case TY_INT: return "int";
    case TY_REAL: return "real";
    case TY_VECTOR: return "vector";
    case TY_ROW_VECTOR: return "row_vector";
    case TY_MATRIX: return "matrix";
    case TY_VOID: return "void";
    case TY_COMPLEX: return "complex";
    case TY_COMPLEX_VECTOR: return "complex_vector";
    case TY_COMPLEX_ROW_VECTOR: return "complex_row_vector";
    case TY_COMPLEX_MATRIX: return "complex_matrix";
    case TY_TUPLE: return "tuple";
    case TY_STRING: return "string";
    }
    return "?";
}

/* Appends to buf[*k..n) (truncating safely). */
static void ast_put(char *buf, int n, int *k, const char *fmt, const char *s) {
    if (*k >= n - 1) return;
    int w = snprintf(buf + *k, (size_t)(n - *k), fmt, s);
    *k = w < 0 ? *k : (*k + w < n ? *k + w : n - 1);
}

/* tuple(real, array[] int) into buf[*k..n). */
static void ast_tuple_name(val_type t, char *buf, int n, int *k) {
    ast_put(buf, n, k, "%s", "tuple(");
    for (int i = 0; i < t.ntuple && t.tuple; i++) {
        char sub[256];
        ast_put(buf, n, k, "%s", i ? ", " : "");
        ast_put(buf, n, k, "%s", ast_type_name(t.tuple[i], sub, sizeof sub));
    }
    ast_put(buf, n, k, "%s", ")");
}

/* "int", "vector", "array[] real", "array[,] vector", "tuple(real, int)"
 * into buf; returns buf. */
const char *ast_type_name(val_type t, char *buf, int n) {
    if (n <= 0) return buf;
    int k = 0;
    buf[0] = '\0';
    if (t.array_dims > 0) {
        char commas[16] = "";
        int c = t.array_dims - 1 < 15 ? t.array_dims - 1 : 15;
        memset(commas, ',', (size_t)c);
        commas[c] = '\0';
        ast_put(buf, n, &k, "array[%s] ", commas);
    }
    if (t.base == TY_TUPLE)
        ast_tuple_name(t, buf, n, &k);
    else
        ast_put(buf, n, &k, "%s", ast_base_name(t.base));
    return buf;
}

/* ---- dump ------------------------------------------------------------------ */

const char *ast_op_text(op_kind op) {
    static const char *const t[] = {
        [OP_ADD] = "+", [OP_SUB] = "-", [OP_MUL] = "*", [OP_DIV] = "/",
        [OP_LT] = "<", [OP_LE] = "<=", [OP_GT] = ">", [OP_GE] = ">=",
        [OP_EQ] = "==", [OP_NE] = "!=", [OP_AND] = "&&", [OP_OR] = "||",
        [OP_NEG] = "-", [OP_NOT] = "!", [OP_PLUS] = "+",
        [OP_ELT_MUL] = ".*", [OP_ELT_DIV] = "./", [OP_MOD] = "%",
        [OP_INT_DIV] = "%/%", [OP_LDIV] = "\\", [OP_POW] = "^",
        [OP_ELT_POW] = ".^", [OP_TRANSPOSE] = "'",
    };
    return (unsigned)op < sizeof t / sizeof t[0] && t[op] ? t[op] : "?";
}

/* Operator names in the dump: the source spelling, except the unary ones. */
static const char *ast_op_name(op_kind op) {
    switch (op) {
    case OP_NEG: return "neg";
    case OP_PLUS: return "plus";
    case OP_TRANSPOSE: return "transpose";
    default: return ast_op_text(op);
    }
}

const char *ast_constraint_name(constraint_kind c) {
    switch (c) {
    case CON_NONE: return "none";
    case CON_BOUNDS: return "bounds";
    case CON_AFFINE: return "offset/multiplier";
    case CON_SIMPLEX: return "simplex";
    case CON_UNIT_VECTOR: return "unit_vector";
    case CON_SUM_TO_ZERO: return "sum_to_zero_vector";
    case CON_ORDERED: return "ordered";
    case CON_POSITIVE_ORDERED: return "positive_ordered";
    case CON_CHOLESKY_CORR: return "cholesky_factor_corr";
    case CON_CHOLESKY_COV: return "cholesky_factor_cov";
    case CON_CORR_MATRIX: return "corr_matrix";
    case CON_COV_MATRIX: return "cov_matrix";
    case CON_ROW_STOCHASTIC: return "row_stochastic_matrix";
    case CON_COLUMN_STOCHASTIC: return "column_stochastic_matrix";
    }
    return "?";
}

static void dump_type(FILE *f, val_type t) {
    char buf[256];
    if (t.base != TY_ERROR) fprintf(f, " : %s", ast_type_name(t, buf, sizeof buf));
}

static void dump_expr(FILE *f, const expr *e);

static void dump_list(FILE *f, const ptr_vec *v, int from) {
    for (int i = from; i < v->n; i++) {
        fputc(' ', f);
        dump_expr(f, v->items[i]);
    }
}

/* A string with " \ and control characters escaped, in quotes. */
static void dump_string(FILE *f, const char *s) {
    fputc('"', f);
    for (; s && *s; s++) {
        if (*s == '"' || *s == '\\') fprintf(f, "\\%c", *s);
        else if ((unsigned char)*s < 0x20) fprintf(f, "\\x%02x", (unsigned char)*s);
        else fputc(*s, f);
    }
    fputc('"', f);
}

static void dump_call(FILE *f, const expr *e) {
    fprintf(f, "(call %s", e->name);
    if (e->bar_call && e->args.n > 0) {
        fputc(' ', f);
        dump_expr(f, e->args.items[0]);
        fputs(" |", f);
        dump_list(f, &e->args, 1);
    } else {
        dump_list(f, &e->args, 0);
    }
}

/* Opens the node: "(int 3", "(+ a b", "(index x i" ...; dump_expr closes it. */
static void dump_expr_body(FILE *f, const expr *e) {
    switch (e->kind) {
    case EX_INT_LIT: fprintf(f, "(int %ld", e->ival); break;
    case EX_REAL_LIT: fprintf(f, "(real %.17g", e->rval); break;
    case EX_IMAG_LIT: fprintf(f, "(imag %.17g", e->rval); break;
    case EX_VAR: fprintf(f, "(var %s", e->name); break;
    case EX_STRING: fputs("(string ", f); dump_string(f, e->str); break;
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
    case EX_TERNARY:
        fputs("(? ", f);
        dump_expr(f, e->cond);
        fputc(' ', f);
        dump_expr(f, e->lhs);
        fputc(' ', f);
        dump_expr(f, e->rhs);
        break;
    case EX_RANGE:
        fputs("(: ", f);
        dump_expr(f, e->lhs);
        fputc(' ', f);
        dump_expr(f, e->rhs);
        break;
    case EX_CALL: dump_call(f, e); break;
    case EX_INDEX:
        fputs("(index ", f);
        dump_expr(f, e->lhs);
        dump_list(f, &e->args, 0);
        break;
    case EX_ARRAY_LIT: fputs("(array", f); dump_list(f, &e->args, 0); break;
    case EX_ROWVEC_LIT: fputs("(rowvec", f); dump_list(f, &e->args, 0); break;
    case EX_TUPLE_LIT: fputs("(tuple", f); dump_list(f, &e->args, 0); break;
    case EX_TUPLE_GET:
        fputs("(get ", f);
        dump_expr(f, e->lhs);
        fprintf(f, " %ld", e->ival);
        break;
    }
}

/* (int 3) (real 0.5) (var x) (+ a b) (neg a) (call f a | b) (index x i)
 * (? c a b) (: lo ()) (array ...) (rowvec ...) (tuple ...) (get t 1) */
static void dump_expr(FILE *f, const expr *e) {
    if (!e) {
        fputs("()", f);
        return;
    }
    dump_expr_body(f, e);
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

static void dump_decl(FILE *f, const decl *d);

/* The type part of a declaration: dims, sizes, constraint, components. */
static void dump_decl_type(FILE *f, const decl *d) {
    if (d->array_sizes.n > 0) {
        fputs(" (dims", f);
        dump_list(f, &d->array_sizes, 0);
        fputc(')', f);
    }
    dump_opt(f, "size", d->vec_size);
    dump_opt(f, "cols", d->vec_cols);
    if (d->cons != CON_NONE && d->cons != CON_BOUNDS && d->cons != CON_AFFINE)
        fprintf(f, " (constraint %s)", ast_constraint_name(d->cons));
    dump_opt(f, "lower", d->lower);
    dump_opt(f, "upper", d->upper);
    dump_opt(f, "offset", d->offset);
    dump_opt(f, "multiplier", d->multiplier);
    for (int i = 0; i < d->tuple_elems.n; i++) {
        fputc(' ', f);
        dump_decl(f, d->tuple_elems.items[i]);
    }
}

/* (decl name type [local] [data] (dims ...) (size e) (constraint c)
 *  (lower e) (upper e) (offset e) (multiplier e) (decl _ ...)* (init e)) */
static void dump_decl(FILE *f, const decl *d) {
    char buf[256];
    fprintf(f, "(decl %s %s", d->name ? d->name : "_", ast_type_name(d->type, buf, sizeof buf));
    if (d->is_local) fputs(" local", f);
    if (d->is_data_arg) fputs(" data", f);
    dump_decl_type(f, d);
    dump_opt(f, "init", d->init);
    fputc(')', f);
}

static const char *dump_assign_op(op_kind op) {
    switch (op) {
    case OP_ADD: return "+=";
    case OP_SUB: return "-=";
    case OP_MUL: return "*=";
    case OP_DIV: return "/=";
    case OP_ELT_MUL: return ".*=";
    case OP_ELT_DIV: return "./=";
    default: return "=";
    }
}

static void dump_stmts(FILE *f, const ptr_vec *v, int depth);
static void dump_stmt(FILE *f, const stmt *s, int depth);

/* A nested statement (if branches) on its own line. */
static void dump_child(FILE *f, const stmt *s, int depth) {
    if (!s) return;
    fputc('\n', f);
    dump_stmt(f, s, depth);
}

static void dump_tilde(FILE *f, const stmt *s) {
    fputs("(~ ", f);
    dump_expr(f, s->lhs);
    fprintf(f, " %s", s->dist_name);
    dump_list(f, &s->args, 0);
    if (s->truncated) {
        fputs(" (T ", f);
        dump_expr(f, s->trunc_lo);
        fputc(' ', f);
        dump_expr(f, s->trunc_hi);
        fputc(')', f);
    }
}

static void dump_loop(FILE *f, const stmt *s, int depth) {
    static const char *const kw[] = {[ST_FOR] = "for", [ST_PLATE] = "plate", [ST_FOREACH] = "foreach"};
    fprintf(f, "(%s %s ", kw[s->kind], s->decl ? s->decl->name : "_");
    if (s->kind == ST_FOREACH) {
        dump_expr(f, s->rhs);
    } else {
        dump_expr(f, s->lo);
        fputc(' ', f);
        dump_expr(f, s->hi);
    }
    dump_stmts(f, &s->body, depth + 1);
}

/* Opens the statement's node; dump_stmt closes it. */
static void dump_stmt_body(FILE *f, const stmt *s, int depth) {
    static const char *const printers[] = {[ST_PRINT] = "print", [ST_REJECT] = "reject",
                                           [ST_FATAL_ERROR] = "fatal_error"};
    switch (s->kind) {
    case ST_DECL: break; /* dump_stmt prints it whole */
    case ST_ASSIGN:
        fprintf(f, "(%s ", dump_assign_op(s->assign_op));
        dump_expr(f, s->lhs);
        fputc(' ', f);
        dump_expr(f, s->rhs);
        break;
    case ST_TILDE: dump_tilde(f, s); break;
    case ST_TARGET: fputs("(target+= ", f); dump_expr(f, s->rhs); break;
    case ST_FOR: case ST_PLATE: case ST_FOREACH: dump_loop(f, s, depth); break;
    case ST_BLOCK: fputs("(block", f); dump_stmts(f, &s->body, depth + 1); break;
    case ST_IF:
        fputs("(if ", f);
        dump_expr(f, s->cond);
        dump_child(f, s->then_s, depth + 1);
        if (s->else_s) {
            fputc('\n', f);
            dump_indent(f, depth);
            fputs(" else", f);
            dump_child(f, s->else_s, depth + 1);
        }
        break;
    case ST_WHILE:
        fputs("(while ", f);
        dump_expr(f, s->cond);
        dump_stmts(f, &s->body, depth + 1);
        break;
    case ST_BREAK: fputs("(break", f); break;
    case ST_CONTINUE: fputs("(continue", f); break;
    case ST_RETURN: fputs("(return", f); if (s->rhs) { fputc(' ', f); dump_expr(f, s->rhs); } break;
    case ST_PRINT: case ST_REJECT: case ST_FATAL_ERROR:
        fprintf(f, "(%s", printers[s->kind]);
        dump_list(f, &s->args, 0);
        break;
    case ST_CALL: fputs("(callstmt ", f); dump_expr(f, s->rhs); break;
    case ST_PROFILE:
        fputs("(profile ", f);
        dump_string(f, s->str);
        dump_stmts(f, &s->body, depth + 1);
        break;
    case ST_EMPTY: fputs("(empty", f); break;
    }
}

static void dump_stmt(FILE *f, const stmt *s, int depth) {
    dump_indent(f, depth);
    if (s->kind == ST_DECL) {
        dump_decl(f, s->decl);
        return;
    }
    dump_stmt_body(f, s, depth);
    fputc(')', f);
}

static void dump_stmts(FILE *f, const ptr_vec *v, int depth) {
    for (int i = 0; i < v->n; i++) {
        fputc('\n', f);
        dump_stmt(f, v->items[i], depth);
    }
}

/* (fun name ret (decl arg ...)* body) or (fundecl ...) for a forward declaration. */
static void dump_fundef(FILE *f, const fundef *fn) {
    char buf[256];
    fprintf(f, "\n    (%s %s %s", fn->body ? "fun" : "fundecl", fn->name,
            ast_type_name(fn->ret, buf, sizeof buf));
    for (int i = 0; i < fn->params.n; i++) {
        fputc(' ', f);
        dump_decl(f, fn->params.items[i]);
    }
    if (fn->body) dump_stmts(f, &fn->body->body, 3);
    fputc(')', f);
}

void ast_dump(const program *p, void *file) {
    FILE *f = file;
    fputs("(program", f);
    for (int b = 0; b < BLK_COUNT; b++) {
        if (!p->present[b]) continue;
        fprintf(f, "\n  (%s", ast_block_name((block_kind)b));
        if (b == BLK_FUNCTIONS)
            for (int i = 0; i < p->functions.n; i++) dump_fundef(f, p->functions.items[i]);
        dump_stmts(f, &p->blocks[b], 2);
        fputc(')', f);
    }
    fputs(")\n", f);
}
