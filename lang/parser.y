/* lang/parser.y — the grammar (bison, pure, LALR(1)).
 *
 * In:  tokens from lexer.l.
 * Out: an untyped AST (ast.h) in pc->prog; every node carries its span.
 * Never: keeps global state, recovers after the first syntax error (it
 *      reports one plain-words message, "expected X, found Y", and stops),
 *      builds expression trees deeper than PARSE_MAX_DEPTH.
 *
 * Expressions use one nonterminal per precedence level (lowest first:
 * || && ==,!= <,<=,>,>= +,- *,/ unary postfix) so that a bound inside
 * <lower=..., upper=...> can be parsed at the additive level, where a '>'
 * closes the constraint instead of comparing (as Stan does).
 */
%code requires {
#include "ast.h"
#include "frontend.h"
#include "parse.h"
}

%code provides {
int yylex(YYSTYPE *lval, YYLTYPE *lloc, void *scanner);
}

%code {
#include <string.h>

#define YYMAXDEPTH 20000
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                        \
    do {                                                                   \
        if (N) {                                                           \
            (Cur) = ast_span_join(YYRHSLOC(Rhs, 1), YYRHSLOC(Rhs, N));     \
        } else {                                                           \
            (Cur) = YYRHSLOC(Rhs, 0);                                      \
            (Cur).line = (Cur).end_line;                                   \
            (Cur).col = (Cur).end_col;                                     \
        }                                                                  \
    } while (0)

static void yyerror(YYLTYPE *loc, void *scanner, parse_ctx *pc, const char *msg);
static pexpr pe_leaf(parse_ctx *pc, expr_kind k, src_span at);
static pexpr pe_unary(parse_ctx *pc, op_kind op, pexpr a, src_span at);
static pexpr pe_binary(parse_ctx *pc, op_kind op, pexpr a, pexpr b, src_span at);
static pexpr pe_call(parse_ctx *pc, const char *name, pargs args, int bar, src_span at);
static pexpr pe_index(parse_ctx *pc, pexpr base, pargs idx, src_span at);
static int pe_too_deep(parse_ctx *pc, pexpr e);
static pargs pa_one(parse_ctx *pc, pexpr e);
static pargs pa_push(parse_ctx *pc, pargs l, pexpr e);
static stmt *ps_assign(parse_ctx *pc, pexpr l, op_kind op, pexpr r, src_span at);
static stmt *ps_tilde(parse_ctx *pc, pexpr l, const char *dist, src_span dspan,
                      pargs args, src_span at);
static stmt *ps_loop(parse_ctx *pc, stmt_kind k, const char *var, src_span vspan,
                     pexpr lo, pexpr hi, stmt *body, src_span at);
static decl *pd_type(parse_ctx *pc, base_type b, pbounds c, src_span at);
static decl *pd_sized(parse_ctx *pc, base_type b, pbounds c, pexpr rows, pexpr cols, src_span at);
static stmt *pd_finish(parse_ctx *pc, decl *d, const char *name, src_span nspan,
                       expr *init, src_span at);
static int pb_set(parse_ctx *pc, pbounds *b, const char *name, src_span nspan, pexpr e);
#define DEEP(...) do { if (pe_too_deep(pc, (__VA_ARGS__))) YYABORT; } while (0)
}

%define api.pure full
%define api.location.type {src_span}
%define parse.error custom
%define parse.lac full
%locations
%param {void *scanner}
%parse-param {parse_ctx *pc}

%union {
    long ival;
    double rval;
    const char *str;
    pexpr ex;
    pargs args;
    pbounds bnd;
    stmt *st;
    decl *dc;
    ptr_vec vec;
    op_kind op;
}

%token <str> IDENT "identifier"
%token <ival> INT_LIT "integer literal"
%token <rval> REAL_LIT "real literal"
%token FUNCTIONS "'functions'" DATA "'data'" TDATA "'transformed data'"
%token PARAMETERS "'parameters'" TPARAMS "'transformed parameters'"
%token MODEL "'model'" GQ "'generated quantities'"
%token INT "'int'" REAL "'real'" VECTOR "'vector'" ROW_VECTOR "'row_vector'"
%token MATRIX "'matrix'" ARRAY "'array'"
%token FOR "'for'" IN "'in'" PLATE "'plate'" TARGET "'target'"
%token LE "'<='" GE "'>='" EQ "'=='" NE "'!='" AND "'&&'" OR "'||'"
%token PLUS_EQ "'+='" MINUS_EQ "'-='" TIMES_EQ "'*='" DIV_EQ "'/='"
%token LEX_ERROR "invalid token"

%type <ex> expr or_expr and_expr eq_expr rel_expr add_expr mul_expr unary postfix primary
%type <args> expr_list args_opt
%type <bnd> bounds_opt bounds
%type <st> stmt decl_stmt
%type <dc> type_spec elem_type
%type <vec> stmts block_body
%type <op> compound_op

%%

/* program: functions? data? tdata? params? tparams? model? gq? EOF */
program
    : functions_opt data_opt tdata_opt params_opt tparams_opt model_opt gq_opt
    ;

functions_opt: %empty
    | FUNCTIONS '{' '}'  { parse_finish_block(pc, BLK_FUNCTIONS, (ptr_vec){0}, @$); }
    ;
data_opt: %empty
    | DATA block_body    { parse_finish_block(pc, BLK_DATA, $2, @$); }
    ;
tdata_opt: %empty
    | TDATA block_body   { parse_finish_block(pc, BLK_TDATA, $2, @$); }
    ;
params_opt: %empty
    | PARAMETERS block_body { parse_finish_block(pc, BLK_PARAMS, $2, @$); }
    ;
tparams_opt: %empty
    | TPARAMS block_body { parse_finish_block(pc, BLK_TPARAMS, $2, @$); }
    ;
model_opt: %empty
    | MODEL block_body   { parse_finish_block(pc, BLK_MODEL, $2, @$); }
    ;
gq_opt: %empty
    | GQ block_body      { parse_finish_block(pc, BLK_GQ, $2, @$); }
    ;

block_body: '{' stmts '}' { $$ = $2; }
    ;

stmts: %empty           { $$ = (ptr_vec){0}; }
    | stmts stmt        { $$ = $1; ptr_vec_push(pc->a, &$$, $2); }
    ;

/* stmt: decl | lhs (= | += | ...) expr ; | expr ~ dist(args) ; | target += expr ;
 *     | for/plate (i in lo:hi) stmt | { stmts } | ; */
stmt: decl_stmt
    | expr '=' expr ';'              { DEEP($1); DEEP($3); $$ = ps_assign(pc, $1, OP_EQ, $3, @$); }
    | expr compound_op expr ';'      { DEEP($1); DEEP($3); $$ = ps_assign(pc, $1, $2, $3, @$); }
    | expr '~' IDENT '(' args_opt ')' ';'
                                     { DEEP($1); $$ = ps_tilde(pc, $1, $3, @3, $5, @$); }
    | TARGET PLUS_EQ expr ';'        { DEEP($3); $$ = ast_stmt_new(pc->a, ST_TARGET, @$); $$->rhs = $3.e; }
    | FOR '(' IDENT IN expr ':' expr ')' stmt
                                     { DEEP($5); DEEP($7); $$ = ps_loop(pc, ST_FOR, $3, @3, $5, $7, $9, @$); }
    | PLATE '(' IDENT IN expr ':' expr ')' stmt
                                     { DEEP($5); DEEP($7); $$ = ps_loop(pc, ST_PLATE, $3, @3, $5, $7, $9, @$); }
    | block_body                     { $$ = ast_stmt_new(pc->a, ST_BLOCK, @$); $$->body = $1; }
    | ';'                            { $$ = ast_stmt_new(pc->a, ST_BLOCK, @$); }
    ;

compound_op: PLUS_EQ { $$ = OP_ADD; } | MINUS_EQ { $$ = OP_SUB; }
    | TIMES_EQ { $$ = OP_MUL; } | DIV_EQ { $$ = OP_DIV; }
    ;

/* decl: type IDENT (= expr)? ; */
decl_stmt
    : type_spec IDENT ';'            { $$ = pd_finish(pc, $1, $2, @2, NULL, @$); }
    | type_spec IDENT '=' expr ';'   { DEEP($4); $$ = pd_finish(pc, $1, $2, @2, $4.e, @$); }
    ;

/* type: elem_type | array[sizes] elem_type */
type_spec
    : elem_type
    | ARRAY '[' expr_list ']' elem_type
        { DEEP((pexpr){NULL, $3.depth}); $$ = $5; $$->array_sizes = $3.v;
          $$->type.array_dims = $3.v.n; $$->span = @$; }
    ;

/* elem_type: int<c>? | real<c>? | vector<c>?[n] | row_vector<c>?[n] | matrix<c>?[r, c] */
elem_type
    : INT bounds_opt                 { $$ = pd_type(pc, TY_INT, $2, @$); }
    | REAL bounds_opt                { $$ = pd_type(pc, TY_REAL, $2, @$); }
    | VECTOR bounds_opt '[' expr ']' { DEEP($4); $$ = pd_sized(pc, TY_VECTOR, $2, $4, (pexpr){0}, @$); }
    | ROW_VECTOR bounds_opt '[' expr ']'
                                     { DEEP($4); $$ = pd_sized(pc, TY_ROW_VECTOR, $2, $4, (pexpr){0}, @$); }
    | MATRIX bounds_opt '[' expr ',' expr ']'
                                     { DEEP($4); DEEP($6); $$ = pd_sized(pc, TY_MATRIX, $2, $4, $6, @$); }
    ;

/* bounds: < lower=add_expr (, upper=add_expr)? > (either order, either alone) */
bounds_opt: %empty                   { $$ = (pbounds){0}; }
    | '<' bounds '>'                 { $$ = $2; }
    ;
bounds
    : IDENT '=' add_expr             { $$ = (pbounds){0}; if (pb_set(pc, &$$, $1, @1, $3)) YYABORT; }
    | bounds ',' IDENT '=' add_expr  { $$ = $1; if (pb_set(pc, &$$, $3, @3, $5)) YYABORT; }
    ;

expr: or_expr ;

or_expr: and_expr
    | or_expr OR and_expr    { $$ = pe_binary(pc, OP_OR, $1, $3, @$); DEEP($$); }
    ;
and_expr: eq_expr
    | and_expr AND eq_expr   { $$ = pe_binary(pc, OP_AND, $1, $3, @$); DEEP($$); }
    ;
eq_expr: rel_expr
    | eq_expr EQ rel_expr    { $$ = pe_binary(pc, OP_EQ, $1, $3, @$); DEEP($$); }
    | eq_expr NE rel_expr    { $$ = pe_binary(pc, OP_NE, $1, $3, @$); DEEP($$); }
    ;
rel_expr: add_expr
    | rel_expr '<' add_expr  { $$ = pe_binary(pc, OP_LT, $1, $3, @$); DEEP($$); }
    | rel_expr LE add_expr   { $$ = pe_binary(pc, OP_LE, $1, $3, @$); DEEP($$); }
    | rel_expr '>' add_expr  { $$ = pe_binary(pc, OP_GT, $1, $3, @$); DEEP($$); }
    | rel_expr GE add_expr   { $$ = pe_binary(pc, OP_GE, $1, $3, @$); DEEP($$); }
    ;
add_expr: mul_expr
    | add_expr '+' mul_expr  { $$ = pe_binary(pc, OP_ADD, $1, $3, @$); DEEP($$); }
    | add_expr '-' mul_expr  { $$ = pe_binary(pc, OP_SUB, $1, $3, @$); DEEP($$); }
    ;
mul_expr: unary
    | mul_expr '*' unary     { $$ = pe_binary(pc, OP_MUL, $1, $3, @$); DEEP($$); }
    | mul_expr '/' unary     { $$ = pe_binary(pc, OP_DIV, $1, $3, @$); DEEP($$); }
    ;
unary: postfix
    | '-' unary              { $$ = pe_unary(pc, OP_NEG, $2, @$); DEEP($$); }
    | '+' unary              { $$ = pe_unary(pc, OP_PLUS, $2, @$); DEEP($$); }
    | '!' unary              { $$ = pe_unary(pc, OP_NOT, $2, @$); DEEP($$); }
    ;
postfix: primary
    | postfix '[' expr_list ']' { $$ = pe_index(pc, $1, $3, @$); DEEP($$); }
    ;
primary
    : INT_LIT                { $$ = pe_leaf(pc, EX_INT_LIT, @$); $$.e->ival = $1; }
    | REAL_LIT               { $$ = pe_leaf(pc, EX_REAL_LIT, @$); $$.e->rval = $1; }
    | IDENT                  { $$ = pe_leaf(pc, EX_VAR, @$); $$.e->name = $1; }
    | IDENT '(' args_opt ')' { $$ = pe_call(pc, $1, $3, 0, @$); DEEP($$); }
    | IDENT '(' expr '|' args_opt ')'
        { pargs a = pa_one(pc, $3);
          for (int i = 0; i < $5.v.n; i++) a = pa_push(pc, a, (pexpr){$5.v.items[i], $5.depth});
          $$ = pe_call(pc, $1, a, 1, @$); DEEP($$); }
    | '(' expr ')'           { $$ = $2; $$.e->span = @$; }
    ;

args_opt: %empty             { $$ = (pargs){{0}, 0}; }
    | expr_list
    ;
expr_list: expr              { $$ = pa_one(pc, $1); }
    | expr_list ',' expr     { $$ = pa_push(pc, $1, $3); }
    ;

%%

/* ---- node builders (each keeps the span of its source) ------------------ */

static pexpr pe_leaf(parse_ctx *pc, expr_kind k, src_span at) {
    return (pexpr){ast_expr_new(pc->a, k, at), 1};
}

static pexpr pe_unary(parse_ctx *pc, op_kind op, pexpr a, src_span at) {
    pexpr r = pe_leaf(pc, EX_UNARY, at);
    r.e->op = op;
    r.e->lhs = a.e;
    r.depth = a.depth + 1;
    return r;
}

static pexpr pe_binary(parse_ctx *pc, op_kind op, pexpr a, pexpr b, src_span at) {
    pexpr r = pe_leaf(pc, EX_BINARY, at);
    r.e->op = op;
    r.e->lhs = a.e;
    r.e->rhs = b.e;
    r.depth = 1 + (a.depth > b.depth ? a.depth : b.depth);
    return r;
}

static pexpr pe_call(parse_ctx *pc, const char *name, pargs args, int bar, src_span at) {
    pexpr r = pe_leaf(pc, EX_CALL, at);
    r.e->name = name;
    r.e->args = args.v;
    r.e->bar_call = bar;
    r.depth = args.depth + 1;
    return r;
}

static pexpr pe_index(parse_ctx *pc, pexpr base, pargs idx, src_span at) {
    pexpr r = pe_leaf(pc, EX_INDEX, at);
    r.e->lhs = base.e;
    r.e->args = idx.v;
    r.depth = 1 + (base.depth > idx.depth ? base.depth : idx.depth);
    return r;
}

/* Refuses trees so deep that later recursive passes could overflow. */
static int pe_too_deep(parse_ctx *pc, pexpr e) {
    if (e.depth <= PARSE_MAX_DEPTH) return 0;
    src_span at = e.e ? e.e->span : (src_span){pc->file, pc->line, pc->col, pc->line, pc->col};
    diag_error(pc->d, at, "expression nested too deeply (more than %d levels)", PARSE_MAX_DEPTH);
    return 1;
}

static pargs pa_one(parse_ctx *pc, pexpr e) {
    pargs l = {{0}, e.depth};
    ptr_vec_push(pc->a, &l.v, e.e);
    return l;
}

static pargs pa_push(parse_ctx *pc, pargs l, pexpr e) {
    ptr_vec_push(pc->a, &l.v, e.e);
    if (e.depth > l.depth) l.depth = e.depth;
    return l;
}

static stmt *ps_assign(parse_ctx *pc, pexpr l, op_kind op, pexpr r, src_span at) {
    stmt *s = ast_stmt_new(pc->a, ST_ASSIGN, at);
    s->lhs = l.e;
    s->rhs = r.e;
    s->assign_op = op;
    return s;
}

static stmt *ps_tilde(parse_ctx *pc, pexpr l, const char *dist, src_span dspan,
                      pargs args, src_span at) {
    stmt *s = ast_stmt_new(pc->a, ST_TILDE, at);
    s->lhs = l.e;
    s->dist_name = dist;
    s->dist_span = dspan;
    s->args = args.v;
    return s;
}

/* for/plate: the loop variable becomes a DECL_LOOP_VAR; a block body is
 * stored as its statement list, a single statement as a one-item list. */
static stmt *ps_loop(parse_ctx *pc, stmt_kind k, const char *var, src_span vspan,
                     pexpr lo, pexpr hi, stmt *body, src_span at) {
    stmt *s = ast_stmt_new(pc->a, k, at);
    decl *d = ast_decl_new(pc->a, DECL_LOOP_VAR, vspan);
    d->name = var;
    d->name_span = vspan;
    d->type = (val_type){TY_INT, 0};
    d->is_local = 1;
    s->decl = d;
    s->lo = lo.e;
    s->hi = hi.e;
    if (body->kind == ST_BLOCK)
        s->body = body->body;
    else
        ptr_vec_push(pc->a, &s->body, body);
    return s;
}

static decl *pd_type(parse_ctx *pc, base_type b, pbounds c, src_span at) {
    decl *d = ast_decl_new(pc->a, DECL_VAR, at);
    d->type = (val_type){b, 0};
    d->lower = c.lower;
    d->upper = c.upper;
    return d;
}

static decl *pd_sized(parse_ctx *pc, base_type b, pbounds c, pexpr rows, pexpr cols, src_span at) {
    decl *d = pd_type(pc, b, c, at);
    d->vec_size = rows.e;
    d->vec_cols = cols.e;
    return d;
}

static stmt *pd_finish(parse_ctx *pc, decl *d, const char *name, src_span nspan,
                       expr *init, src_span at) {
    stmt *s = ast_stmt_new(pc->a, ST_DECL, at);
    d->span = at;
    d->name = name;
    d->name_span = nspan;
    d->init = init;
    s->decl = d;
    return s;
}

/* Files `name=e` into the bounds; only lower/upper, each at most once. */
static int pb_set(parse_ctx *pc, pbounds *b, const char *name, src_span nspan, pexpr e) {
    expr **slot = !strcmp(name, "lower") ? &b->lower : !strcmp(name, "upper") ? &b->upper : NULL;
    if (!slot) {
        diag_error(pc->d, nspan, "expected 'lower' or 'upper' in a constraint, found '%s'", name);
        return 1;
    }
    if (*slot) {
        diag_error(pc->d, nspan, "'%s' is given twice in this constraint", name);
        return 1;
    }
    if (pe_too_deep(pc, e)) return 1;
    *slot = e.e;
    return 0;
}

/* ---- blocks ---------------------------------------------------------------- */

/* Marks declarations below a block: top-level ones are block variables
 * except in the model block; anything nested is local. */
static void parse_mark(block_kind b, ptr_vec *body, int local, int counters[2]) {
    for (int i = 0; i < body->n; i++) {
        stmt *s = body->items[i];
        if (s->decl) {
            int loc = local || s->kind != ST_DECL || b == BLK_MODEL;
            s->decl->block = b;
            s->decl->is_local = loc;
            s->decl->index = counters[loc]++;
        }
        parse_mark(b, &s->body, 1, counters);
    }
}

void parse_finish_block(parse_ctx *pc, block_kind b, ptr_vec body, src_span at) {
    int counters[2] = {0, 0};
    parse_mark(b, &body, 0, counters);
    pc->prog->present[b] = 1;
    pc->prog->blocks[b] = body;
    pc->prog->block_spans[b] = at;
}

/* ---- syntax errors in plain words ------------------------------------------ */

/* Writes a token's display name ("';'", "an identifier") into buf. */
static void parse_sym_name(yysymbol_kind_t sym, char *buf, size_t n) {
    const char *s = yysymbol_name(sym);
    size_t len = strlen(s);
    if (len >= 2 && s[0] == '"' && s[len - 1] == '"') {
        s++;
        len -= 2;
    }
    if (len >= n) len = n - 1;
    memcpy(buf, s, len);
    buf[len] = '\0';
}

/* True for tokens that end or separate something: naming these is the
 * most useful "expected" when they are among the possibilities. */
static int parse_is_closer(yysymbol_kind_t sym) {
    static const char closers[] = ";,)]}:";
    const char *s = yysymbol_name(sym);
    return s[0] == '\'' && s[1] && s[2] == '\'' && strchr(closers, s[1]) != NULL;
}

/* What was found: the token text as written, or "end of file". */
static void parse_found(const yypcontext_t *ctx, parse_ctx *pc, char *buf, size_t n) {
    yysymbol_kind_t tok = yypcontext_token(ctx);
    if (tok == YYSYMBOL_YYEOF || !pc->tok) {
        snprintf(buf, n, "end of file");
        return;
    }
    int len = pc->tok_len > 40 ? 40 : pc->tok_len;
    snprintf(buf, n, "'%.*s%s'", len, pc->tok, pc->tok_len > 40 ? "..." : "");
}

/* Builds "expected X or Y" from the expected set; "" when too vague. */
static void parse_expected(const yypcontext_t *ctx, char *buf, size_t n) {
    enum { MAXE = 64 };
    yysymbol_kind_t exp[MAXE];
    int ne = yypcontext_expected_tokens(ctx, exp, MAXE);
    int is_expr = 0, nclose = 0;
    yysymbol_kind_t pick[4];
    for (int i = 0; i < ne; i++) {
        if (exp[i] == YYSYMBOL_INT_LIT) is_expr = 1;
        if (parse_is_closer(exp[i]) && nclose < 4) pick[nclose++] = exp[i];
    }
    int np = nclose;
    if (np == 0 && ne > 0 && ne <= 4 && !is_expr) {
        for (int i = 0; i < ne; i++) pick[i] = exp[i];
        np = ne;
    }
    buf[0] = '\0';
    if (np == 0) {
        if (is_expr) snprintf(buf, n, "expected an expression");
        return;
    }
    size_t used = (size_t)snprintf(buf, n, "expected ");
    for (int i = 0; i < np && used < n; i++) {
        char name[64];
        parse_sym_name(pick[i], name, sizeof name);
        const char *sep = i == 0 ? "" : i == np - 1 ? " or " : ", ";
        used += (size_t)snprintf(buf + used, n - used, "%s%s", sep, name);
    }
}

static int yyreport_syntax_error(const yypcontext_t *ctx, void *scanner, parse_ctx *pc) {
    (void)scanner;
    if (pc->lex_failed || yypcontext_token(ctx) == YYSYMBOL_LEX_ERROR)
        return 0; /* the lexer already said what is wrong */
    char exp[256], found[64];
    parse_expected(ctx, exp, sizeof exp);
    parse_found(ctx, pc, found, sizeof found);
    src_span at = *yypcontext_location(ctx);
    if (exp[0])
        diag_error(pc->d, at, "%s, found %s", exp, found);
    else
        diag_error(pc->d, at, "unexpected %s", found);
    return 0;
}

static void yyerror(YYLTYPE *loc, void *scanner, parse_ctx *pc, const char *msg) {
    (void)scanner;
    if (strstr(msg, "exhausted"))
        diag_error(pc->d, *loc, "program nested too deeply");
    else
        diag_error(pc->d, *loc, "%s", msg);
}
