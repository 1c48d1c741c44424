/* lang/format.c — the canonical pretty printer behind `bmc format`.
 *
 * In:  a parsed (usually type-checked) program and its source text.
 * Out: the program as canonical source text: blocks in order with their
 *      headers, 2-space indentation, one statement per line, spaces around
 *      binary operators, `array[N] T` syntax (pre-2.33 arrays rewritten),
 *      constraints as `<lower=a, upper=b>`, the fewest parentheses that keep
 *      the tree (plus every pair the user wrote), reals printed so they read
 *      back to the same double.  Comments and `#include` lines between
 *      statements are kept, attached to the statement that follows them (a
 *      comment on the line a statement ends stays on that line); statements
 *      that came from an included file are not repeated.
 * Never: changes the meaning of the program, looks at types, or writes
 *      anything but `out`.  Formatting its own output gives the same bytes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "frontend.h"

/* ---- trivia: comments and #include lines of the source ------------------ */

typedef struct {
    int line, col, end_line; /* 1-based position of the first byte; last line */
    const char *text;        /* start in the source */
    int len;
    int is_line;             /* ends at a newline (// or #...) */
} trivia;

typedef struct {
    FILE *out;
    const program *p;
    trivia *tv;
    int ntv, next;           /* trivia not yet printed start at `next` */
    int indent;
} fmt;

/* Length of the comment or directive starting at s (0 if none). */
static int trivia_len(const char *s, int *is_line) {
    *is_line = 1;
    if (s[0] == '/' && s[1] == '/') return (int)strcspn(s, "\r\n");
    if (s[0] == '#') return (int)strcspn(s, "\r\n");
    if (s[0] == '/' && s[1] == '*') {
        const char *e = strstr(s + 2, "*/");
        *is_line = 0;
        return e ? (int)(e + 2 - s) : (int)strlen(s);
    }
    return 0;
}

/* Finds every comment and # line outside string literals; malloc'd array. */
static int collect_trivia(const char *src, trivia **out) {
    int n = 0, cap = 0, line = 1, col = 1;
    trivia *tv = NULL;
    for (const char *s = src; s && *s;) {
        int is_line, len = *s == '"' ? 0 : trivia_len(s, &is_line);
        if (*s == '"') { /* skip a string literal on one line */
            const char *e = s + 1;
            while (*e && *e != '"' && *e != '\n') e += (*e == '\\' && e[1] && e[1] != '\n') ? 2 : 1;
            len = (int)(e - s) + (*e == '"');
            col += len;
            s += len;
            continue;
        }
        if (len > 0) {
            if (n == cap) {
                cap = cap ? 2 * cap : 32;
                trivia *nt = realloc(tv, sizeof *tv * (size_t)cap);
                if (!nt) break;
                tv = nt;
            }
            trivia t = {line, col, line, s, len, is_line};
            for (int i = 0; i < len; i++)
                if (s[i] == '\n') t.end_line++;
            tv[n++] = t;
        }
        int step = len > 0 ? len : 1;
        for (int i = 0; i < step; i++) {
            if (s[i] == '\n') { line++; col = 1; } else col++;
        }
        s += step;
    }
    *out = tv;
    return n;
}

static int pos_before(int l1, int c1, int l2, int c2) {
    return l1 < l2 || (l1 == l2 && c1 < c2);
}

static void put_indent(fmt *f) {
    for (int i = 0; i < f->indent; i++) fputs("  ", f->out);
}

/* Prints one trivia item as written ('#' comments other than #include
 * become '//' comments); trailing blanks dropped. */
static void put_trivia(fmt *f, const trivia *t) {
    int len = t->len;
    while (len > 0 && (t->text[len - 1] == ' ' || t->text[len - 1] == '\t' || t->text[len - 1] == '\r'))
        len--;
    if (t->text[0] == '#' && strncmp(t->text, "#include", 8) != 0) {
        fputs("//", f->out);
        fwrite(t->text + 1, 1, (size_t)len - 1, f->out);
    } else {
        fwrite(t->text, 1, (size_t)len, f->out);
    }
}

/* Prints, each on its own line, the trivia that start before (line, col). */
static void flush_trivia(fmt *f, int line, int col) {
    while (f->next < f->ntv && pos_before(f->tv[f->next].line, f->tv[f->next].col, line, col)) {
        put_indent(f);
        put_trivia(f, &f->tv[f->next++]);
        fputc('\n', f->out);
    }
}

/* After a statement ending at (line, col): a comment starting on that line
 * stays there; then the newline. */
static void end_line(fmt *f, src_span sp) {
    if (sp.end_line > 0 && f->next < f->ntv) {
        const trivia *t = &f->tv[f->next];
        if (t->line == sp.end_line && t->col > sp.end_col && strncmp(t->text, "#include", 8) != 0) {
            fputc(' ', f->out);
            put_trivia(f, t);
            f->next++;
        }
    }
    fputc('\n', f->out);
}

/* Does this node come from the main file (not an #include)? */
static int from_main(const fmt *f, src_span sp) {
    if (!sp.file || !f->p->file || sp.file == f->p->file) return 1;
    return strcmp(sp.file, f->p->file) == 0;
}

/* ---- expressions ------------------------------------------------------------ */

/* Binding strength, loosest first (Stan's precedence table). */
enum {
    L_TERNARY, L_OR, L_AND, L_EQ, L_CMP, L_ADD, L_MUL, L_LDIV, L_ELT,
    L_PREFIX, L_POW, L_POSTFIX, L_PRIMARY,
};

static int binary_level(op_kind op) {
    switch (op) {
    case OP_OR: return L_OR;
    case OP_AND: return L_AND;
    case OP_EQ: case OP_NE: return L_EQ;
    case OP_LT: case OP_LE: case OP_GT: case OP_GE: return L_CMP;
    case OP_ADD: case OP_SUB: return L_ADD;
    case OP_MUL: case OP_DIV: case OP_MOD: case OP_INT_DIV: return L_MUL;
    case OP_LDIV: return L_LDIV;
    case OP_ELT_MUL: case OP_ELT_DIV: return L_ELT;
    case OP_POW: case OP_ELT_POW: return L_POW;
    default: return L_PREFIX;
    }
}

static const char *op_text(op_kind op) { return ast_op_text(op); }

static int expr_level(const expr *e) {
    switch (e->kind) {
    case EX_TERNARY: return L_TERNARY;
    case EX_BINARY: return binary_level(e->op);
    case EX_UNARY: return e->op == OP_TRANSPOSE ? L_POSTFIX : L_PREFIX;
    case EX_INDEX: case EX_TUPLE_GET: return L_POSTFIX;
    case EX_RANGE: return L_TERNARY;
    default: return L_PRIMARY;
    }
}

/* Grammars differ on how the multiplicative operators nest, so a child from
 * another group of them is always parenthesised. */
static int mul_group(const expr *e) {
    if (e->kind != EX_BINARY) return 0;
    switch (e->op) {
    case OP_MUL: case OP_DIV: case OP_MOD: return 1;
    case OP_INT_DIV: return 2;
    case OP_LDIV: return 3;
    case OP_ELT_MUL: case OP_ELT_DIV: return 4;
    default: return 0;
    }
}

static void put_expr(fmt *f, const expr *e, int min_level);

static void put_list(fmt *f, const ptr_vec *v, int from) {
    for (int i = from; i < v->n; i++) {
        if (i > from) fputs(", ", f->out);
        put_expr(f, v->items[i], L_TERNARY);
    }
}

/* Shortest text that reads back as the same double and still looks real. */
static void put_real(fmt *f, double v, int force_real) {
    char buf[64];
    if (isinf(v)) {
        fputs("1e999", f->out);
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) break;
    }
    char *e = strchr(buf, 'e');
    if (e) { /* 1e+20 -> 1e20, 1e-05 -> 1e-5 */
        char *d = e + 1, *s = e + 1;
        if (*s == '+') s++;
        else if (*s == '-') *d++ = *s++;
        while (*s == '0' && s[1]) s++;
        memmove(d, s, strlen(s) + 1);
    }
    fputs(buf, f->out);
    if (force_real && !strpbrk(buf, ".en")) fputs(".0", f->out);
}

static void put_string(fmt *f, const char *s) {
    fputc('"', f->out);
    for (; s && *s; s++) {
        if (*s == '"' || *s == '\\') fputc('\\', f->out);
        if (*s == '\n') fputs("\\n", f->out);
        else if (*s == '\t') fputs("\\t", f->out);
        else fputc(*s, f->out);
    }
    fputc('"', f->out);
}

static void put_opt(fmt *f, const expr *e, int min_level) {
    if (e) put_expr(f, e, min_level);
}

static void put_binary(fmt *f, const expr *e) {
    int lv = binary_level(e->op), right = lv == L_POW;
    int g = mul_group(e);
    const expr *l = e->lhs, *r = e->rhs;
    int lmin = right ? lv + 1 : lv, rmin = right ? lv : lv + 1;
    if (g && mul_group(l) && mul_group(l) != g) lmin = L_PRIMARY;
    if (g && mul_group(r) && mul_group(r) != g) rmin = L_PRIMARY;
    put_expr(f, l, lmin);
    fprintf(f->out, " %s ", op_text(e->op));
    put_expr(f, r, rmin);
}

static void put_unary(fmt *f, const expr *e) {
    if (e->op == OP_TRANSPOSE) {
        put_expr(f, e->lhs, L_POSTFIX);
        fputc('\'', f->out);
        return;
    }
    fputs(op_text(e->op), f->out);
    int nested = e->lhs->kind == EX_UNARY && e->lhs->op != OP_TRANSPOSE && !e->lhs->parens;
    put_expr(f, e->lhs, nested ? L_PRIMARY : L_PREFIX);
}

static void put_call(fmt *f, const expr *e) {
    fprintf(f->out, "%s(", e->name);
    if (e->bar_call && e->args.n > 0) {
        put_expr(f, e->args.items[0], L_TERNARY);
        fputs(e->args.n > 1 ? " | " : " |", f->out);
        put_list(f, &e->args, 1);
    } else {
        put_list(f, &e->args, 0);
    }
    fputc(')', f->out);
}

static void put_range(fmt *f, const expr *e) {
    put_opt(f, e->lhs, L_OR);
    fputc(':', f->out);
    put_opt(f, e->rhs, L_OR);
}

static void put_bracketed(fmt *f, const char *open, const ptr_vec *v, const char *close) {
    fputs(open, f->out);
    put_list(f, v, 0);
    fputs(close, f->out);
}

static void put_expr_bare(fmt *f, const expr *e) {
    switch (e->kind) {
    case EX_INT_LIT: fprintf(f->out, "%ld", e->ival); break;
    case EX_REAL_LIT: put_real(f, e->rval, 1); break;
    case EX_IMAG_LIT: put_real(f, e->rval, 0); fputc('i', f->out); break;
    case EX_VAR: fputs(e->name, f->out); break;
    case EX_STRING: put_string(f, e->str); break;
    case EX_UNARY: put_unary(f, e); break;
    case EX_BINARY: put_binary(f, e); break;
    case EX_CALL: put_call(f, e); break;
    case EX_INDEX:
        put_expr(f, e->lhs, L_POSTFIX);
        put_bracketed(f, "[", &e->args, "]");
        break;
    case EX_TERNARY:
        put_expr(f, e->cond, L_OR);
        fputs(" ? ", f->out);
        put_expr(f, e->lhs, L_TERNARY);
        fputs(" : ", f->out);
        put_expr(f, e->rhs, L_TERNARY);
        break;
    case EX_RANGE: put_range(f, e); break;
    case EX_ARRAY_LIT: put_bracketed(f, "{", &e->args, "}"); break;
    case EX_ROWVEC_LIT: put_bracketed(f, "[", &e->args, "]"); break;
    case EX_TUPLE_LIT: put_bracketed(f, "(", &e->args, ")"); break;
    case EX_TUPLE_GET:
        put_expr(f, e->lhs, L_POSTFIX);
        fprintf(f->out, ".%ld", e->ival);
        break;
    }
}

/* e, parenthesised when the user did, or when it binds looser than the
 * context needs. */
static void put_expr(fmt *f, const expr *e, int min_level) {
    if (!e) return;
    int wrap = e->parens || (e->kind != EX_RANGE && expr_level(e) < min_level);
    if (wrap) fputc('(', f->out);
    put_expr_bare(f, e);
    if (wrap) fputc(')', f->out);
}

/* ---- types and declarations ---------------------------------------------------- */

/* Source spelling of a base type (an error type never reaches the printer). */
static const char *base_text(base_type b) {
    return b == TY_ERROR ? "real" : ast_base_name(b);
}

/* An unsized type (function arguments and results): array[,] vector. */
static void put_val_type(fmt *f, const val_type *t) {
    if (t->array_dims > 0) {
        fputs("array[", f->out);
        for (int i = 1; i < t->array_dims; i++) fputc(',', f->out);
        fputs("] ", f->out);
    }
    if (t->base != TY_TUPLE) {
        fputs(base_text(t->base), f->out);
        return;
    }
    fputs("tuple(", f->out);
    for (int i = 0; i < t->ntuple; i++) {
        if (i) fputs(", ", f->out);
        put_val_type(f, &t->tuple[i]);
    }
    fputc(')', f->out);
}

/* <lower=a, upper=b> or <offset=m, multiplier=s>; nothing when absent. */
static void put_constraint_args(fmt *f, const decl *d) {
    const char *names[4] = {"lower", "upper", "offset", "multiplier"};
    const expr *vals[4] = {d->lower, d->upper, d->offset, d->multiplier};
    int any = 0;
    for (int i = 0; i < 4; i++) {
        if (!vals[i]) continue;
        fputs(any ? ", " : "<", f->out);
        fprintf(f->out, "%s=", names[i]);
        put_expr(f, vals[i], L_ADD);
        any = 1;
    }
    if (any) fputc('>', f->out);
}

static void put_sizes(fmt *f, const expr *rows, const expr *cols) {
    if (!rows) return;
    fputc('[', f->out);
    put_expr(f, rows, L_TERNARY);
    if (cols) {
        fputs(", ", f->out);
        put_expr(f, cols, L_TERNARY);
    }
    fputc(']', f->out);
}

static void put_decl_type(fmt *f, const decl *d);

/* The element type of a sized declaration (no array part). */
static void put_elem_type(fmt *f, const decl *d) {
    const char *cname = d->cons > CON_AFFINE ? ast_constraint_name(d->cons) : NULL;
    if (cname) {
        fputs(cname, f->out);
        put_sizes(f, d->vec_size, d->vec_cols);
        return;
    }
    if (d->type.base == TY_TUPLE) {
        fputs("tuple(", f->out);
        for (int i = 0; i < d->tuple_elems.n; i++) {
            if (i) fputs(", ", f->out);
            put_decl_type(f, d->tuple_elems.items[i]);
        }
        fputc(')', f->out);
        return;
    }
    fputs(base_text(d->type.base), f->out);
    put_constraint_args(f, d);
    put_sizes(f, d->vec_size, d->vec_cols);
}

/* array[N, M] vector<lower=0>[K] — always the current array syntax. */
static void put_decl_type(fmt *f, const decl *d) {
    if (d->array_sizes.n > 0) {
        put_bracketed(f, "array[", &d->array_sizes, "] ");
    }
    put_elem_type(f, d);
}

static void put_decl(fmt *f, const decl *d) {
    put_decl_type(f, d);
    fprintf(f->out, " %s", d->name);
    if (d->init) {
        fputs(" = ", f->out);
        put_expr(f, d->init, L_TERNARY);
    }
    fputc(';', f->out);
}

/* ---- statements ------------------------------------------------------------ */

static void put_stmt(fmt *f, const stmt *s);

/* `{`, the statements one level deeper, trivia before `}`, `}` (no newline). */
static void put_body(fmt *f, const ptr_vec *body, src_span container) {
    fputs("{\n", f->out);
    f->indent++;
    for (int i = 0; i < body->n; i++) put_stmt(f, body->items[i]);
    if (container.end_line > 0) flush_trivia(f, container.end_line, container.end_col);
    f->indent--;
    put_indent(f);
    fputc('}', f->out);
}

static const char *assign_text(op_kind op) {
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

static void put_tilde(fmt *f, const stmt *s) {
    put_expr(f, s->lhs, L_TERNARY);
    fprintf(f->out, " ~ %s(", s->dist_name);
    put_list(f, &s->args, 0);
    fputc(')', f->out);
    if (s->truncated) {
        fputs(" T[", f->out);
        put_opt(f, s->trunc_lo, L_TERNARY);
        fputs(s->trunc_lo && s->trunc_hi ? ", " : ",", f->out);
        put_opt(f, s->trunc_hi, L_TERNARY);
        fputc(']', f->out);
    }
    fputc(';', f->out);
}

static void put_loop_header(fmt *f, const stmt *s) {
    const char *kw = s->kind == ST_PLATE ? "plate" : "for";
    fprintf(f->out, "%s (%s in ", kw, s->decl ? s->decl->name : "_");
    if (s->kind == ST_FOREACH) {
        put_expr(f, s->rhs, L_TERNARY);
    } else {
        put_expr(f, s->lo, L_OR);
        fputc(':', f->out);
        put_expr(f, s->hi, L_OR);
    }
    fputs(") ", f->out);
}

/* A nested statement of if/else: a block on the same line, anything else
 * on its own line one level deeper.  Ends without a newline for blocks. */
static int put_branch(fmt *f, const stmt *s) {
    if (s->kind == ST_BLOCK) {
        fputc(' ', f->out);
        put_body(f, &s->body, s->span);
        return 1;
    }
    fputc('\n', f->out);
    f->indent++;
    put_stmt(f, s);
    f->indent--;
    return 0;
}

static void put_if(fmt *f, const stmt *s) {
    fputs("if (", f->out);
    put_expr(f, s->cond, L_TERNARY);
    fputc(')', f->out);
    int block = put_branch(f, s->then_s);
    if (!s->else_s) {
        if (block) end_line(f, s->span);
        return;
    }
    if (block) fputc(' ', f->out);
    else put_indent(f);
    fputs("else", f->out);
    if (s->else_s->kind == ST_IF) {
        fputc(' ', f->out);
        put_if(f, s->else_s);
        return;
    }
    if (put_branch(f, s->else_s)) end_line(f, s->span);
}

static void put_call_stmt(fmt *f, const char *name, const ptr_vec *args) {
    fprintf(f->out, "%s(", name);
    put_list(f, args, 0);
    fputs(");", f->out);
}

/* Statements that fit on one line; returns 0 for the compound ones. */
static int put_simple(fmt *f, const stmt *s) {
    switch (s->kind) {
    case ST_DECL: put_decl(f, s->decl); return 1;
    case ST_ASSIGN:
        put_expr(f, s->lhs, L_TERNARY);
        fprintf(f->out, " %s ", assign_text(s->assign_op));
        put_expr(f, s->rhs, L_TERNARY);
        fputc(';', f->out);
        return 1;
    case ST_TILDE: put_tilde(f, s); return 1;
    case ST_TARGET:
        fputs("target += ", f->out);
        put_expr(f, s->rhs, L_TERNARY);
        fputc(';', f->out);
        return 1;
    case ST_BREAK: fputs("break;", f->out); return 1;
    case ST_CONTINUE: fputs("continue;", f->out); return 1;
    case ST_RETURN:
        fputs(s->rhs ? "return " : "return", f->out);
        put_opt(f, s->rhs, L_TERNARY);
        fputc(';', f->out);
        return 1;
    case ST_PRINT: put_call_stmt(f, "print", &s->args); return 1;
    case ST_REJECT: put_call_stmt(f, "reject", &s->args); return 1;
    case ST_FATAL_ERROR: put_call_stmt(f, "fatal_error", &s->args); return 1;
    case ST_CALL:
        put_expr(f, s->rhs, L_TERNARY);
        fputc(';', f->out);
        return 1;
    case ST_EMPTY: fputc(';', f->out); return 1;
    default: return 0;
    }
}

static void put_compound(fmt *f, const stmt *s) {
    switch (s->kind) {
    case ST_FOR: case ST_PLATE: case ST_FOREACH:
        put_loop_header(f, s);
        put_body(f, &s->body, s->span);
        break;
    case ST_WHILE:
        fputs("while (", f->out);
        put_expr(f, s->cond, L_TERNARY);
        fputs(") ", f->out);
        put_body(f, &s->body, s->span);
        break;
    case ST_PROFILE:
        fputs("profile(", f->out);
        put_string(f, s->str);
        fputs(") ", f->out);
        put_body(f, &s->body, s->span);
        break;
    case ST_BLOCK: put_body(f, &s->body, s->span); break;
    default: break;
    }
    end_line(f, s->span);
}

static void put_stmt(fmt *f, const stmt *s) {
    if (!from_main(f, s->span)) return;
    flush_trivia(f, s->span.line, s->span.col);
    put_indent(f);
    if (s->kind == ST_IF) {
        put_if(f, s);
        return;
    }
    if (put_simple(f, s)) end_line(f, s->span);
    else put_compound(f, s);
}

/* ---- functions and blocks ---------------------------------------------------- */

static void put_fun_arg(fmt *f, const decl *d) {
    if (d->is_data_arg) fputs("data ", f->out);
    put_val_type(f, &d->type);
    fprintf(f->out, " %s", d->name);
}

static void put_fundef(fmt *f, const fundef *fn) {
    flush_trivia(f, fn->span.line, fn->span.col);
    put_indent(f);
    put_val_type(f, &fn->ret);
    fprintf(f->out, " %s(", fn->name);
    for (int i = 0; i < fn->params.n; i++) {
        if (i) fputs(", ", f->out);
        put_fun_arg(f, fn->params.items[i]);
    }
    fputc(')', f->out);
    if (!fn->body) {
        fputc(';', f->out);
        end_line(f, fn->span);
        return;
    }
    fputc(' ', f->out);
    if (fn->body->kind == ST_BLOCK) put_body(f, &fn->body->body, fn->body->span);
    else put_body(f, &(ptr_vec){(void **)&fn->body, 1, 1}, fn->body->span);
    end_line(f, fn->span);
}

static void put_functions(fmt *f) {
    const ptr_vec *v = &f->p->functions;
    int printed = 0;
    for (int i = 0; i < v->n; i++) {
        const fundef *fn = v->items[i];
        if (!from_main(f, fn->span)) continue;
        if (printed++) fputc('\n', f->out);
        put_fundef(f, fn);
    }
}

static void put_block(fmt *f, block_kind b) {
    src_span sp = f->p->block_spans[b];
    flush_trivia(f, sp.line, sp.col);
    fprintf(f->out, "%s {\n", ast_block_name(b));
    f->indent = 1;
    if (b == BLK_FUNCTIONS) put_functions(f);
    for (int i = 0; i < f->p->blocks[b].n; i++) put_stmt(f, f->p->blocks[b].items[i]);
    if (sp.end_line > 0) flush_trivia(f, sp.end_line, sp.end_col);
    f->indent = 0;
    fputs("}", f->out);
    end_line(f, sp);
}

int format_program(const program *p, FILE *out) {
    fmt f = {.out = out, .p = p};
    f.ntv = collect_trivia(p->source, &f.tv);
    int first = 1;
    for (int b = 0; b < BLK_COUNT; b++) {
        if (!p->present[b]) continue;
        if (!from_main(&f, p->block_spans[b])) continue;
        if (!first) fputc('\n', out);
        first = 0;
        put_block(&f, (block_kind)b);
    }
    if (!first && f.next < f.ntv) fputc('\n', out);
    flush_trivia(&f, 1 << 30, 0);
    free(f.tv);
    return ferror(out) ? 1 : 0;
}
