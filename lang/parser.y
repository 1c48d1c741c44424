/* lang/parser.y — the grammar of Stan plus plates (bison, pure, LALR(1)).
 *
 * In:  tokens from lexer.l.
 * Out: an untyped AST (ast.h) in pc->prog; every node carries its span.
 * Never: keeps global state, builds expression trees deeper than
 *      PARSE_MAX_DEPTH, reports more than PARSE_MAX_ERRORS syntax errors.
 *      After a syntax error it resynchronises at the next ';' or '}' of
 *      the enclosing statement list, so independent errors are all shown;
 *      the caller still gets no program.
 *
 * Expressions use one nonterminal per precedence level, lowest first:
 *   ?: (right)  ||  &&  == !=  < <= > >=  + -  * / % .* ./  \ %/%
 *   prefix ! - +   ^ .^ (right, above prefix: -a^2 is -(a^2))
 *   postfix ' [ ] .N   and primaries
 * so that a bound inside <lower=..., upper=...> can be parsed at the
 * additive level, where a '>' closes the constraint instead of comparing
 * (as Stan does).
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
#include <stdarg.h>
#include <stdlib.h>
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
static pexpr pe_ternary(parse_ctx *pc, pexpr c, pexpr a, pexpr b, src_span at);
static pexpr pe_range(parse_ctx *pc, pexpr lo, pexpr hi, src_span at);
static pexpr pe_call(parse_ctx *pc, const char *name, pargs args, int bar, src_span at);
static pexpr pe_list(parse_ctx *pc, expr_kind k, pargs args, src_span at);
static pexpr pe_index(parse_ctx *pc, pexpr base, pargs idx, src_span at);
static pexpr pe_tuple_get(parse_ctx *pc, pexpr base, const char *dotnum, src_span at);
static pexpr pe_dot_real(parse_ctx *pc, const char *dotnum, src_span at);
static pexpr pe_string(parse_ctx *pc, const char *s, src_span at);
static pexpr pe_parens(pexpr e, src_span at);
static int pe_too_deep(parse_ctx *pc, pexpr e);
static pargs pa_one(parse_ctx *pc, pexpr e);
static pargs pa_push(parse_ctx *pc, pargs l, pexpr e);
static pargs pa_bar(parse_ctx *pc, pexpr first, pargs rest);
static stmt *ps_assign(parse_ctx *pc, pexpr l, op_kind op, pexpr r, src_span at);
static stmt *ps_tilde(parse_ctx *pc, pexpr l, const char *dist, src_span dspan,
                      pargs args, src_span at);
static stmt *ps_truncate(stmt *s, pexpr lo, pexpr hi);
static void parse_error(parse_ctx *pc, src_span at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static stmt *ps_expr_stmt(parse_ctx *pc, pexpr e, src_span at);
static stmt *ps_loop(parse_ctx *pc, stmt_kind k, const char *var, src_span vspan,
                     pexpr lo, pexpr hi, stmt *body, src_span at);
static stmt *ps_while(parse_ctx *pc, pexpr cond, stmt *body, src_span at);
static stmt *ps_if(parse_ctx *pc, pexpr cond, stmt *then_s, stmt *else_s, src_span at);
static stmt *ps_args(parse_ctx *pc, stmt_kind k, pargs args, src_span at);
static stmt *ps_expr(parse_ctx *pc, stmt_kind k, pexpr e, src_span at);
static stmt *ps_block(parse_ctx *pc, stmt_kind k, ptr_vec body, src_span at);
static decl *pd_type(parse_ctx *pc, base_type b, pbounds c, src_span at);
static decl *pd_sized(parse_ctx *pc, base_type b, pbounds c, pexpr rows, pexpr cols, src_span at);
static decl *pd_constrained(parse_ctx *pc, constraint_kind k, pexpr rows, pexpr cols, src_span at);
static decl *pd_array(decl *elem, pargs dims, src_span at);
static decl *pd_tuple(parse_ctx *pc, ptr_vec elems, src_span at);
static int pd_check_bounds(parse_ctx *pc, base_type b, pbounds c, src_span at);
static const char *pd_span_text(parse_ctx *pc, src_span s);
static ptr_vec pd_item(parse_ctx *pc, ptr_vec items, const char *name, src_span nspan,
                       pargs old_dims, src_span dspan, pexpr init);
static ptr_vec pd_finish(parse_ctx *pc, decl *type, ptr_vec items, src_span at);
static int pb_set(parse_ctx *pc, pbounds *b, const char *name, src_span nspan, pexpr e);
static ptype pt_base(base_type b);
static ptype pt_array(ptype elem, int dims, int old);
static ptype pt_tuple(parse_ctx *pc, ptr_vec comps);
static decl *pf_param(parse_ctx *pc, ptype t, int is_data, const char *name, src_span nspan,
                      src_span at);
static fundef *pf_def(parse_ctx *pc, ptype ret, const char *name, src_span nspan,
                      ptr_vec params, stmt *body, src_span at);
static void parse_finish_functions(parse_ctx *pc, ptr_vec funs, src_span at);
static void pv_append(parse_ctx *pc, ptr_vec *to, ptr_vec from);
#define DEEP(...) do { if (pe_too_deep(pc, (__VA_ARGS__))) YYABORT; } while (0)
#define PUSH(v, x) ptr_vec_push(pc->a, &(v), (x))
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
    ptype pt;
    stmt *st;
    decl *dc;
    fundef *fn;
    ptr_vec vec;
    op_kind op;
    int n;
}

%token <str> IDENT "a name"
%token <ival> INT_LIT "integer literal"
%token <rval> REAL_LIT "real literal"
%token <rval> IMAG_LIT "imaginary literal"
%token <str> DOT_NUMERAL "'.N'"
%token <str> STRING_LIT "a string"
%token FUNCTIONS "'functions'" DATA "'data'" TDATA "'transformed data'"
%token PARAMETERS "'parameters'" TPARAMS "'transformed parameters'"
%token MODEL "'model'" GQ "'generated quantities'"
%token INT "'int'" REAL "'real'" COMPLEX "'complex'" VECTOR "'vector'"
%token ROW_VECTOR "'row_vector'" MATRIX "'matrix'"
%token COMPLEX_VECTOR "'complex_vector'" COMPLEX_ROW_VECTOR "'complex_row_vector'"
%token COMPLEX_MATRIX "'complex_matrix'" ARRAY "'array'" TUPLE "'tuple'" VOID "'void'"
%token SIMPLEX "'simplex'" UNIT_VECTOR "'unit_vector'"
%token SUM_TO_ZERO_VECTOR "'sum_to_zero_vector'" ORDERED "'ordered'"
%token POSITIVE_ORDERED "'positive_ordered'" CHOLESKY_FACTOR_CORR "'cholesky_factor_corr'"
%token CHOLESKY_FACTOR_COV "'cholesky_factor_cov'" CORR_MATRIX "'corr_matrix'"
%token COV_MATRIX "'cov_matrix'" ROW_STOCHASTIC_MATRIX "'row_stochastic_matrix'"
%token COLUMN_STOCHASTIC_MATRIX "'column_stochastic_matrix'"
%token FOR "'for'" IN "'in'" PLATE "'plate'" WHILE "'while'" IF "'if'" ELSE "'else'"
%token BREAK "'break'" CONTINUE "'continue'" RETURN "'return'" PRINT "'print'"
%token REJECT_STMT "'reject'" FATAL_ERROR "'fatal_error'" PROFILE "'profile'" TARGET "'target'"
%token LE "'<='" GE "'>='" EQ "'=='" NE "'!='" AND "'&&'" OR "'||'"
%token PLUS_EQ "'+='" MINUS_EQ "'-='" TIMES_EQ "'*='" DIV_EQ "'/='"
%token ELT_TIMES_EQ "'.*='" ELT_DIV_EQ "'./='"
%token ELT_TIMES "'.*'" ELT_DIV "'./'" ELT_POW "'.^'" INT_DIV "'%/%'"
%token TRUNCATE "'T['"
%token LEX_ERROR "invalid token"

%precedence THEN
%precedence ELSE

%type <ex> expr cond_expr or_expr and_expr eq_expr rel_expr add_expr mul_expr ldiv_expr
%type <ex> unary pow_expr postfix primary index printable opt_expr
%type <args> expr_list args_opt indexes printables
%type <bnd> bounds_opt bounds
%type <st> stmt fun_body
%type <dc> type_spec elem_type
%type <vec> stmts block_body decl_stmt decl_items type_list fundefs fparams_opt fparams utype_list
%type <fn> fundef
%type <dc> fparam
%type <pt> utype ubase ret_type
%type <op> compound_op
%type <n> commas
%type <str> decl_name

%%

/* program: functions? data? tdata? params? tparams? model? gq? EOF */
program
    : functions_opt data_opt tdata_opt params_opt tparams_opt model_opt gq_opt
    ;

functions_opt: %empty
    | FUNCTIONS '{' fundefs '}' { parse_finish_functions(pc, $3, @$); }
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

/* ---- functions ------------------------------------------------------------ */

fundefs: %empty                  { $$ = (ptr_vec){0}; }
    | fundefs fundef             { $$ = $1; PUSH($$, $2); }
    | fundefs error '}'          { $$ = $1; yyerrok; } /* resync after a bad signature */
    ;

/* fundef: (void | type) IDENT ( params ) ({ body } | ;) */
fundef: ret_type IDENT '(' fparams_opt ')' fun_body
                                 { $$ = pf_def(pc, $1, $2, @2, $4, $6, @$); }
    ;
fun_body: ';'                    { $$ = NULL; }
    | block_body                 { $$ = ps_block(pc, ST_BLOCK, $1, @$); }
    ;
ret_type: VOID                   { $$ = pt_base(TY_VOID); }
    | utype
    ;
fparams_opt: %empty              { $$ = (ptr_vec){0}; }
    | fparams
    ;
fparams: fparam                  { $$ = (ptr_vec){0}; PUSH($$, $1); }
    | fparams ',' fparam         { $$ = $1; PUSH($$, $3); }
    ;
fparam: utype IDENT              { $$ = pf_param(pc, $1, 0, $2, @2, @$); }
    | DATA utype IDENT           { $$ = pf_param(pc, $2, 1, $3, @3, @$); }
    ;

/* utype: ubase | array[,,] ubase | ubase[,,] (pre-2.33) */
utype: ubase
    | ARRAY '[' commas ']' ubase { $$ = pt_array($5, $3 + 1, 0); }
    | ubase '[' commas ']'       { $$ = pt_array($1, $3 + 1, 1); }
    ;
commas: %empty                   { $$ = 0; }
    | commas ','                 { $$ = $1 + 1; }
    ;
ubase: INT { $$ = pt_base(TY_INT); } | REAL { $$ = pt_base(TY_REAL); }
    | COMPLEX { $$ = pt_base(TY_COMPLEX); } | VECTOR { $$ = pt_base(TY_VECTOR); }
    | ROW_VECTOR { $$ = pt_base(TY_ROW_VECTOR); } | MATRIX { $$ = pt_base(TY_MATRIX); }
    | COMPLEX_VECTOR { $$ = pt_base(TY_COMPLEX_VECTOR); }
    | COMPLEX_ROW_VECTOR { $$ = pt_base(TY_COMPLEX_ROW_VECTOR); }
    | COMPLEX_MATRIX { $$ = pt_base(TY_COMPLEX_MATRIX); }
    | TUPLE '(' utype_list ')'   { $$ = pt_tuple(pc, $3); }
    ;
utype_list: utype ',' utype      { $$ = (ptr_vec){0};
                                   ptype *a = arena_alloc(pc->a, sizeof *a), *b = arena_alloc(pc->a, sizeof *b);
                                   *a = $1; *b = $3; PUSH($$, a); PUSH($$, b); }
    | utype_list ',' utype       { $$ = $1; ptype *c = arena_alloc(pc->a, sizeof *c); *c = $3; PUSH($$, c); }
    ;

/* ---- statement lists, with recovery ------------------------------------------ */

block_body: '{' '}'              { $$ = (ptr_vec){0}; }
    | '{' stmts '}'              { $$ = $2; }
    | '{' stmts error '}'        { $$ = $2; }
    | '{' error '}'              { $$ = (ptr_vec){0}; }
    ;

/* A non-empty list (an empty one would make `{` ambiguous with an array
 * literal starting a statement). */
stmts: stmt                      { $$ = (ptr_vec){0}; PUSH($$, $1); }
    | decl_stmt                  { $$ = $1; }
    | error ';'                  { $$ = (ptr_vec){0}; yyerrok; }
    | stmts stmt                 { $$ = $1; PUSH($$, $2); }
    | stmts decl_stmt            { $$ = $1; pv_append(pc, &$$, $2); }
    | stmts error ';'            { $$ = $1; yyerrok; }
    ;

/* ---- declarations --------------------------------------------------------- */

/* decl: type name [old dims]? (= expr)? (, name ...)* ; */
decl_stmt: type_spec decl_items ';' { $$ = pd_finish(pc, $1, $2, @$); }
    ;
decl_items
    : decl_name                      { $$ = pd_item(pc, (ptr_vec){0}, $1, @1, (pargs){{0}, 0}, @1, (pexpr){0}); }
    | decl_name '=' expr             { DEEP($3); $$ = pd_item(pc, (ptr_vec){0}, $1, @1, (pargs){{0}, 0}, @1, $3); }
    | decl_name '[' expr_list ']'    { $$ = pd_item(pc, (ptr_vec){0}, $1, @1, $3, @2, (pexpr){0}); }
    | decl_name '[' expr_list ']' '=' expr
                                 { DEEP($6); $$ = pd_item(pc, (ptr_vec){0}, $1, @1, $3, @2, $6); }
    | decl_items ',' decl_name       { $$ = pd_item(pc, $1, $3, @3, (pargs){{0}, 0}, @3, (pexpr){0}); }
    | decl_items ',' decl_name '=' expr
                                 { DEEP($5); $$ = pd_item(pc, $1, $3, @3, (pargs){{0}, 0}, @3, $5); }
    | decl_items ',' decl_name '[' expr_list ']'
                                 { $$ = pd_item(pc, $1, $3, @3, $5, @4, (pexpr){0}); }
    | decl_items ',' decl_name '[' expr_list ']' '=' expr
                                 { DEEP($8); $$ = pd_item(pc, $1, $3, @3, $5, @4, $8); }
    ;

/* a declared name; `T` before '[' is lexed as the truncation token */
decl_name: IDENT
    | TRUNCATE                   { $$ = "T"; }
    ;

/* type: elem_type | array[sizes] elem_type */
type_spec
    : elem_type
    | ARRAY '[' expr_list ']' elem_type { DEEP((pexpr){NULL, $3.depth}); $$ = pd_array($5, $3, @$); }
    ;

elem_type
    : INT bounds_opt                 { if (pd_check_bounds(pc, TY_INT, $2, @2)) YYABORT;
                                       $$ = pd_type(pc, TY_INT, $2, @$); }
    | REAL bounds_opt                { $$ = pd_type(pc, TY_REAL, $2, @$); }
    | COMPLEX                        { $$ = pd_type(pc, TY_COMPLEX, (pbounds){0}, @$); }
    | VECTOR bounds_opt '[' expr ']' { DEEP($4); $$ = pd_sized(pc, TY_VECTOR, $2, $4, (pexpr){0}, @$); }
    | ROW_VECTOR bounds_opt '[' expr ']'
                                     { DEEP($4); $$ = pd_sized(pc, TY_ROW_VECTOR, $2, $4, (pexpr){0}, @$); }
    | MATRIX bounds_opt '[' expr ',' expr ']'
                                     { DEEP($4); DEEP($6); $$ = pd_sized(pc, TY_MATRIX, $2, $4, $6, @$); }
    | COMPLEX_VECTOR '[' expr ']'    { DEEP($3); $$ = pd_sized(pc, TY_COMPLEX_VECTOR, (pbounds){0}, $3, (pexpr){0}, @$); }
    | COMPLEX_ROW_VECTOR '[' expr ']' { DEEP($3); $$ = pd_sized(pc, TY_COMPLEX_ROW_VECTOR, (pbounds){0}, $3, (pexpr){0}, @$); }
    | COMPLEX_MATRIX '[' expr ',' expr ']'
                                     { DEEP($3); DEEP($5); $$ = pd_sized(pc, TY_COMPLEX_MATRIX, (pbounds){0}, $3, $5, @$); }
    | SIMPLEX '[' expr ']'           { DEEP($3); $$ = pd_constrained(pc, CON_SIMPLEX, $3, (pexpr){0}, @$); }
    | UNIT_VECTOR '[' expr ']'       { DEEP($3); $$ = pd_constrained(pc, CON_UNIT_VECTOR, $3, (pexpr){0}, @$); }
    | SUM_TO_ZERO_VECTOR '[' expr ']' { DEEP($3); $$ = pd_constrained(pc, CON_SUM_TO_ZERO, $3, (pexpr){0}, @$); }
    | ORDERED '[' expr ']'           { DEEP($3); $$ = pd_constrained(pc, CON_ORDERED, $3, (pexpr){0}, @$); }
    | POSITIVE_ORDERED '[' expr ']'  { DEEP($3); $$ = pd_constrained(pc, CON_POSITIVE_ORDERED, $3, (pexpr){0}, @$); }
    | CHOLESKY_FACTOR_CORR '[' expr ']' { DEEP($3); $$ = pd_constrained(pc, CON_CHOLESKY_CORR, $3, (pexpr){0}, @$); }
    | CHOLESKY_FACTOR_COV '[' expr ']' { DEEP($3); $$ = pd_constrained(pc, CON_CHOLESKY_COV, $3, (pexpr){0}, @$); }
    | CHOLESKY_FACTOR_COV '[' expr ',' expr ']'
                                     { DEEP($3); DEEP($5); $$ = pd_constrained(pc, CON_CHOLESKY_COV, $3, $5, @$); }
    | CORR_MATRIX '[' expr ']'       { DEEP($3); $$ = pd_constrained(pc, CON_CORR_MATRIX, $3, (pexpr){0}, @$); }
    | COV_MATRIX '[' expr ']'        { DEEP($3); $$ = pd_constrained(pc, CON_COV_MATRIX, $3, (pexpr){0}, @$); }
    | ROW_STOCHASTIC_MATRIX '[' expr ',' expr ']'
                                     { DEEP($3); DEEP($5); $$ = pd_constrained(pc, CON_ROW_STOCHASTIC, $3, $5, @$); }
    | COLUMN_STOCHASTIC_MATRIX '[' expr ',' expr ']'
                                     { DEEP($3); DEEP($5); $$ = pd_constrained(pc, CON_COLUMN_STOCHASTIC, $3, $5, @$); }
    | TUPLE '(' type_list ')'        { $$ = pd_tuple(pc, $3, @$); }
    ;
type_list: type_spec ',' type_spec   { $$ = (ptr_vec){0}; PUSH($$, $1); PUSH($$, $3); }
    | type_list ',' type_spec        { $$ = $1; PUSH($$, $3); }
    ;

/* bounds: < name=add_expr (, name=add_expr)? > with name lower, upper,
 * offset or multiplier (either order, either alone) */
bounds_opt: %empty                   { $$ = (pbounds){0}; }
    | '<' bounds '>'                 { $$ = $2; }
    ;
bounds
    : IDENT '=' add_expr             { $$ = (pbounds){0}; if (pb_set(pc, &$$, $1, @1, $3)) YYABORT; }
    | bounds ',' IDENT '=' add_expr  { $$ = $1; if (pb_set(pc, &$$, $3, @3, $5)) YYABORT; }
    ;

/* ---- statements ----------------------------------------------------------- */

stmt: expr '=' expr ';'              { DEEP($1); DEEP($3); $$ = ps_assign(pc, $1, OP_EQ, $3, @$); }
    | expr compound_op expr ';'      { DEEP($1); DEEP($3); $$ = ps_assign(pc, $1, $2, $3, @$); }
    | expr '~' IDENT '(' args_opt ')' ';'
                                     { DEEP($1); $$ = ps_tilde(pc, $1, $3, @3, $5, @$); }
    | expr '~' IDENT '(' args_opt ')' TRUNCATE '[' opt_expr ',' opt_expr ']' ';'
                                     { DEEP($1); $$ = ps_tilde(pc, $1, $3, @3, $5, @$);
                                       $$ = ps_truncate($$, $9, $11); }
    | expr ';'                       { DEEP($1); $$ = ps_expr_stmt(pc, $1, @$); }
    | TARGET PLUS_EQ expr ';'        { DEEP($3); $$ = ps_expr(pc, ST_TARGET, $3, @$); }
    | FOR '(' IDENT IN expr ':' expr ')' stmt
                                     { DEEP($5); DEEP($7); $$ = ps_loop(pc, ST_FOR, $3, @3, $5, $7, $9, @$); }
    | FOR '(' IDENT IN expr ')' stmt
                                     { DEEP($5); $$ = ps_loop(pc, ST_FOREACH, $3, @3, $5, (pexpr){0}, $7, @$); }
    | PLATE '(' IDENT IN expr ':' expr ')' stmt
                                     { DEEP($5); DEEP($7); $$ = ps_loop(pc, ST_PLATE, $3, @3, $5, $7, $9, @$); }
    | WHILE '(' expr ')' stmt        { DEEP($3); $$ = ps_while(pc, $3, $5, @$); }
    | IF '(' expr ')' stmt %prec THEN { DEEP($3); $$ = ps_if(pc, $3, $5, NULL, @$); }
    | IF '(' expr ')' stmt ELSE stmt { DEEP($3); $$ = ps_if(pc, $3, $5, $7, @$); }
    | BREAK ';'                      { $$ = ast_stmt_new(pc->a, ST_BREAK, @$); }
    | CONTINUE ';'                   { $$ = ast_stmt_new(pc->a, ST_CONTINUE, @$); }
    | RETURN ';'                     { $$ = ast_stmt_new(pc->a, ST_RETURN, @$); }
    | RETURN expr ';'                { DEEP($2); $$ = ps_expr(pc, ST_RETURN, $2, @$); }
    | PRINT '(' printables ')' ';'   { $$ = ps_args(pc, ST_PRINT, $3, @$); }
    | REJECT_STMT '(' printables ')' ';'  { $$ = ps_args(pc, ST_REJECT, $3, @$); }
    | FATAL_ERROR '(' printables ')' ';' { $$ = ps_args(pc, ST_FATAL_ERROR, $3, @$); }
    | PROFILE '(' STRING_LIT ')' block_body
                                     { $$ = ps_block(pc, ST_PROFILE, $5, @$); $$->str = $3; }
    | block_body                     { $$ = ps_block(pc, ST_BLOCK, $1, @$); }
    | ';'                            { $$ = ast_stmt_new(pc->a, ST_EMPTY, @$); }
    ;

compound_op: PLUS_EQ { $$ = OP_ADD; } | MINUS_EQ { $$ = OP_SUB; }
    | TIMES_EQ { $$ = OP_MUL; } | DIV_EQ { $$ = OP_DIV; }
    | ELT_TIMES_EQ { $$ = OP_ELT_MUL; } | ELT_DIV_EQ { $$ = OP_ELT_DIV; }
    ;

opt_expr: %empty                     { $$ = (pexpr){0}; }
    | expr                           { DEEP($1); }
    ;

printables: printable                { $$ = pa_one(pc, $1); }
    | printables ',' printable       { $$ = pa_push(pc, $1, $3); }
    ;
printable: expr                      { DEEP($1); }
    | STRING_LIT                     { $$ = pe_string(pc, $1, @$); }
    ;

/* ---- expressions ------------------------------------------------------------ */

expr: cond_expr ;

/* cond ? a : b, right associative, the lowest level */
cond_expr: or_expr
    | or_expr '?' expr ':' cond_expr { $$ = pe_ternary(pc, $1, $3, $5, @$); DEEP($$); }
    ;
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
mul_expr: ldiv_expr
    | mul_expr '*' ldiv_expr       { $$ = pe_binary(pc, OP_MUL, $1, $3, @$); DEEP($$); }
    | mul_expr '/' ldiv_expr       { $$ = pe_binary(pc, OP_DIV, $1, $3, @$); DEEP($$); }
    | mul_expr '%' ldiv_expr       { $$ = pe_binary(pc, OP_MOD, $1, $3, @$); DEEP($$); }
    | mul_expr ELT_TIMES ldiv_expr { $$ = pe_binary(pc, OP_ELT_MUL, $1, $3, @$); DEEP($$); }
    | mul_expr ELT_DIV ldiv_expr   { $$ = pe_binary(pc, OP_ELT_DIV, $1, $3, @$); DEEP($$); }
    ;
ldiv_expr: unary
    | ldiv_expr '\\' unary   { $$ = pe_binary(pc, OP_LDIV, $1, $3, @$); DEEP($$); }
    | ldiv_expr INT_DIV unary { $$ = pe_binary(pc, OP_INT_DIV, $1, $3, @$); DEEP($$); }
    ;
unary: pow_expr
    | '-' unary              { $$ = pe_unary(pc, OP_NEG, $2, @$); DEEP($$); }
    | '+' unary              { $$ = pe_unary(pc, OP_PLUS, $2, @$); DEEP($$); }
    | '!' unary              { $$ = pe_unary(pc, OP_NOT, $2, @$); DEEP($$); }
    ;
/* a ^ b: right associative; the exponent may carry a sign (2 ^ -x) */
pow_expr: postfix
    | postfix '^' unary      { $$ = pe_binary(pc, OP_POW, $1, $3, @$); DEEP($$); }
    | postfix ELT_POW unary  { $$ = pe_binary(pc, OP_ELT_POW, $1, $3, @$); DEEP($$); }
    ;
postfix: primary
    | postfix '[' indexes ']' { $$ = pe_index(pc, $1, $3, @$); DEEP($$); }
    | postfix '\''            { $$ = pe_unary(pc, OP_TRANSPOSE, $1, @$); DEEP($$); }
    | postfix DOT_NUMERAL     { $$ = pe_tuple_get(pc, $1, $2, @$); DEEP($$); }
    ;
primary
    : INT_LIT                { $$ = pe_leaf(pc, EX_INT_LIT, @$); $$.e->ival = $1; }
    | REAL_LIT               { $$ = pe_leaf(pc, EX_REAL_LIT, @$); $$.e->rval = $1; }
    | DOT_NUMERAL            { $$ = pe_dot_real(pc, $1, @$); }
    | IMAG_LIT               { $$ = pe_leaf(pc, EX_IMAG_LIT, @$); $$.e->rval = $1; }
    | IDENT                  { $$ = pe_leaf(pc, EX_VAR, @$); $$.e->name = $1; }
    | TRUNCATE               { $$ = pe_leaf(pc, EX_VAR, @$); $$.e->name = "T"; } /* a variable T, indexed */
    | IDENT '(' args_opt ')' { $$ = pe_call(pc, $1, $3, 0, @$); DEEP($$); }
    | IDENT '(' expr '|' args_opt ')'
                             { $$ = pe_call(pc, $1, pa_bar(pc, $3, $5), 1, @$); DEEP($$); }
    | TARGET '(' ')'         { $$ = pe_call(pc, "target", (pargs){{0}, 0}, 0, @$); }
    | '(' expr ')'           { $$ = pe_parens($2, @$); }
    | '(' expr ',' expr_list ')'
                             { $$ = pe_list(pc, EX_TUPLE_LIT, pa_bar(pc, $2, $4), @$); DEEP($$); }
    | '{' expr_list '}'      { $$ = pe_list(pc, EX_ARRAY_LIT, $2, @$); DEEP($$); }
    | '[' args_opt ']'       { $$ = pe_list(pc, EX_ROWVEC_LIT, $2, @$); DEEP($$); }
    ;

/* indexes: one per dimension; each a single/multi index or a range */
indexes: index               { $$ = pa_one(pc, $1); }
    | indexes ',' index      { $$ = pa_push(pc, $1, $3); }
    ;
index: %empty                { $$ = pe_range(pc, (pexpr){0}, (pexpr){0}, @$); }
    | expr
    | ':'                    { $$ = pe_range(pc, (pexpr){0}, (pexpr){0}, @$); }
    | expr ':'               { $$ = pe_range(pc, $1, (pexpr){0}, @$); }
    | ':' expr               { $$ = pe_range(pc, (pexpr){0}, $2, @$); }
    | expr ':' expr          { $$ = pe_range(pc, $1, $3, @$); }
    ;

args_opt: %empty             { $$ = (pargs){{0}, 0}; }
    | expr_list
    ;
expr_list: expr              { $$ = pa_one(pc, $1); }
    | expr_list ',' expr     { $$ = pa_push(pc, $1, $3); }
    ;

%%

/* ---- expression builders (each keeps the span of its source) ------------------ */

static pexpr pe_leaf(parse_ctx *pc, expr_kind k, src_span at) {
    return (pexpr){ast_expr_new(pc->a, k, at), 1};
}

static int pe_max(int a, int b) { return a > b ? a : b; }

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
    r.depth = 1 + pe_max(a.depth, b.depth);
    return r;
}

static pexpr pe_ternary(parse_ctx *pc, pexpr c, pexpr a, pexpr b, src_span at) {
    pexpr r = pe_leaf(pc, EX_TERNARY, at);
    r.e->cond = c.e;
    r.e->lhs = a.e;
    r.e->rhs = b.e;
    r.depth = 1 + pe_max(c.depth, pe_max(a.depth, b.depth));
    return r;
}

/* lo:hi, lo:, :hi or : (an index only); an omitted side is NULL. */
static pexpr pe_range(parse_ctx *pc, pexpr lo, pexpr hi, src_span at) {
    pexpr r = pe_leaf(pc, EX_RANGE, at);
    r.e->lhs = lo.e;
    r.e->rhs = hi.e;
    r.depth = 1 + pe_max(lo.depth, hi.depth);
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

/* {a, b}, [a, b] and (a, b): literals holding their elements in args. */
static pexpr pe_list(parse_ctx *pc, expr_kind k, pargs args, src_span at) {
    pexpr r = pe_leaf(pc, k, at);
    r.e->args = args.v;
    r.depth = args.depth + 1;
    return r;
}

static pexpr pe_index(parse_ctx *pc, pexpr base, pargs idx, src_span at) {
    pexpr r = pe_leaf(pc, EX_INDEX, at);
    r.e->lhs = base.e;
    r.e->args = idx.v;
    r.depth = 1 + pe_max(base.depth, idx.depth);
    return r;
}

/* x.N: the component number is the digits after the dot. */
static pexpr pe_tuple_get(parse_ctx *pc, pexpr base, const char *dotnum, src_span at) {
    pexpr r = pe_leaf(pc, EX_TUPLE_GET, at);
    long n = strtol(dotnum + 1, NULL, 10);
    if (n < 1 || n > 1000000 || strlen(dotnum) > 8) {
        src_span num = at;
        num.col = at.end_col - (int)strlen(dotnum) + 1;
        parse_error(pc, num, "tuple component numbers start at 1 (found '%s')", dotnum + 1);
        n = 1;
    }
    r.e->lhs = base.e;
    r.e->ival = n;
    r.depth = base.depth + 1;
    return r;
}

/* `.5` in an expression: the lexer cannot tell it from `x.5`. */
static pexpr pe_dot_real(parse_ctx *pc, const char *dotnum, src_span at) {
    pexpr r = pe_leaf(pc, EX_REAL_LIT, at);
    r.e->rval = strtod(dotnum, NULL);
    return r;
}

static pexpr pe_string(parse_ctx *pc, const char *s, src_span at) {
    pexpr r = pe_leaf(pc, EX_STRING, at);
    r.e->str = s;
    return r;
}

/* ( e ): the span grows to the parentheses; remembered for the formatter. */
static pexpr pe_parens(pexpr e, src_span at) {
    e.e->span = at;
    e.e->parens = 1;
    return e;
}

/* Refuses trees so deep that later recursive passes could overflow. */
static int pe_too_deep(parse_ctx *pc, pexpr e) {
    if (e.depth <= PARSE_MAX_DEPTH) return 0;
    src_span at = e.e ? e.e->span : (src_span){pc->file, pc->line, pc->col, pc->line, pc->col};
    diag_error(pc->d, at, "expression nested too deeply (more than %d levels)", PARSE_MAX_DEPTH);
    pc->stop = 1;
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

/* first followed by rest (f(y | a, b), and tuple literals). */
static pargs pa_bar(parse_ctx *pc, pexpr first, pargs rest) {
    pargs a = pa_one(pc, first);
    for (int i = 0; i < rest.v.n; i++) a = pa_push(pc, a, (pexpr){rest.v.items[i], rest.depth});
    return a;
}

/* ---- statement builders ------------------------------------------------------ */

/* Only a variable, an indexed variable or a tuple component is assignable. */
static int ps_assignable(const expr *e) {
    while (e->kind == EX_INDEX || e->kind == EX_TUPLE_GET) e = e->lhs;
    return e->kind == EX_VAR && !e->parens;
}

static stmt *ps_assign(parse_ctx *pc, pexpr l, op_kind op, pexpr r, src_span at) {
    stmt *s = ast_stmt_new(pc->a, ST_ASSIGN, at);
    if (!ps_assignable(l.e))
        parse_error(pc, l.e->span, "the left side of an assignment must be a variable, "
                   "an indexed variable or a tuple component");
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

/* y ~ d(...) T[lo, hi]; either bound may be omitted. */
static stmt *ps_truncate(stmt *s, pexpr lo, pexpr hi) {
    s->truncated = 1;
    s->trunc_lo = lo.e;
    s->trunc_hi = hi.e;
    return s;
}

/* Is e the `x < -y` that an old `x <- y` assignment reads as (the '-'
 * right after the '<')? */
static int ps_is_old_arrow(parse_ctx *pc, const expr *e) {
    if (e->kind != EX_BINARY || e->op != OP_LT || e->parens) return 0;
    const expr *r = e->rhs;
    if (r->kind != EX_UNARY || r->op != OP_NEG || r->parens || r->span.col < 2) return 0;
    src_span lt = r->span;
    lt.col = lt.end_col = r->span.col - 1;
    lt.end_line = lt.line;
    return !strcmp(pd_span_text(pc, lt), "<");
}

/* `expr;`: a function call statement; anything else is explained. */
static stmt *ps_expr_stmt(parse_ctx *pc, pexpr e, src_span at) {
    stmt *s = ast_stmt_new(pc->a, ST_CALL, at);
    s->rhs = e.e;
    if (e.e->kind == EX_CALL && !strcmp(e.e->name, "increment_log_prob"))
        parse_error(pc, e.e->span, "increment_log_prob(...) was removed from Stan; "
                   "use 'target += ...;' instead");
    else if (ps_is_old_arrow(pc, e.e)) {
        src_span arrow = e.e->span;
        arrow.line = arrow.end_line = e.e->rhs->span.line;
        arrow.col = e.e->rhs->span.col - 1;
        arrow.end_col = arrow.col + 1;
        parse_error(pc, arrow, "the '<-' assignment was removed from Stan; use '=' instead");
    } else if (e.e->kind != EX_CALL)
        parse_error(pc, e.e->span, "an expression on its own is not a statement; "
                   "expected an assignment, a '~' statement or a function call");
    return s;
}

/* A loop body: a block is stored as its statement list, a single
 * statement as a one-item list. */
static void ps_body(parse_ctx *pc, stmt *s, stmt *body) {
    if (body->kind == ST_BLOCK)
        s->body = body->body;
    else
        ptr_vec_push(pc->a, &s->body, body);
}

/* for/plate/foreach: the loop variable becomes a DECL_LOOP_VAR (int for
 * ranges; its type is sema's business for foreach, over rhs). */
static stmt *ps_loop(parse_ctx *pc, stmt_kind k, const char *var, src_span vspan,
                     pexpr lo, pexpr hi, stmt *body, src_span at) {
    stmt *s = ast_stmt_new(pc->a, k, at);
    decl *d = ast_decl_new(pc->a, DECL_LOOP_VAR, vspan);
    d->name = var;
    d->name_span = vspan;
    d->type = (val_type){k == ST_FOREACH ? TY_ERROR : TY_INT, 0, 0, NULL};
    d->is_local = 1;
    s->decl = d;
    if (k == ST_FOREACH) {
        s->rhs = lo.e;
    } else {
        s->lo = lo.e;
        s->hi = hi.e;
    }
    ps_body(pc, s, body);
    return s;
}

static stmt *ps_while(parse_ctx *pc, pexpr cond, stmt *body, src_span at) {
    stmt *s = ast_stmt_new(pc->a, ST_WHILE, at);
    s->cond = cond.e;
    ps_body(pc, s, body);
    return s;
}

static stmt *ps_if(parse_ctx *pc, pexpr cond, stmt *then_s, stmt *else_s, src_span at) {
    stmt *s = ast_stmt_new(pc->a, ST_IF, at);
    s->cond = cond.e;
    s->then_s = then_s;
    s->else_s = else_s;
    return s;
}

static stmt *ps_args(parse_ctx *pc, stmt_kind k, pargs args, src_span at) {
    stmt *s = ast_stmt_new(pc->a, k, at);
    s->args = args.v;
    return s;
}

static stmt *ps_expr(parse_ctx *pc, stmt_kind k, pexpr e, src_span at) {
    stmt *s = ast_stmt_new(pc->a, k, at);
    s->rhs = e.e;
    return s;
}

static stmt *ps_block(parse_ctx *pc, stmt_kind k, ptr_vec body, src_span at) {
    stmt *s = ast_stmt_new(pc->a, k, at);
    s->body = body;
    return s;
}

static void pv_append(parse_ctx *pc, ptr_vec *to, ptr_vec from) {
    for (int i = 0; i < from.n; i++) ptr_vec_push(pc->a, to, from.items[i]);
}

/* ---- declaration builders ---------------------------------------------------- */

/* Files the constraint: bounds or offset/multiplier (never both). */
static void pd_constrain(decl *d, pbounds c) {
    d->lower = c.lower;
    d->upper = c.upper;
    d->offset = c.offset;
    d->multiplier = c.multiplier;
    d->cons = c.lower || c.upper ? CON_BOUNDS : c.offset || c.multiplier ? CON_AFFINE : CON_NONE;
}

static decl *pd_type(parse_ctx *pc, base_type b, pbounds c, src_span at) {
    decl *d = ast_decl_new(pc->a, DECL_VAR, at);
    d->type = (val_type){b, 0, 0, NULL};
    pd_constrain(d, c);
    return d;
}

static decl *pd_sized(parse_ctx *pc, base_type b, pbounds c, pexpr rows, pexpr cols, src_span at) {
    decl *d = pd_type(pc, b, c, at);
    d->vec_size = rows.e;
    d->vec_cols = cols.e;
    return d;
}

/* simplex[K], cov_matrix[K], cholesky_factor_cov[M, N], ...: the
 * constraint fixes the base type (see ast.h). */
static decl *pd_constrained(parse_ctx *pc, constraint_kind k, pexpr rows, pexpr cols, src_span at) {
    int is_vec = k == CON_SIMPLEX || k == CON_UNIT_VECTOR || k == CON_SUM_TO_ZERO ||
                 k == CON_ORDERED || k == CON_POSITIVE_ORDERED;
    decl *d = pd_sized(pc, is_vec ? TY_VECTOR : TY_MATRIX, (pbounds){0}, rows, cols, at);
    d->cons = k;
    return d;
}

static decl *pd_array(decl *elem, pargs dims, src_span at) {
    elem->array_sizes = dims.v;
    elem->type.array_dims = dims.v.n;
    elem->span = at;
    return elem;
}

/* tuple(T1, T2, ...): one unnamed decl per component; the tuple's type
 * lists the components' types. */
static decl *pd_tuple(parse_ctx *pc, ptr_vec elems, src_span at) {
    decl *d = pd_type(pc, TY_TUPLE, (pbounds){0}, at);
    val_type *ts = arena_alloc(pc->a, sizeof *ts * (size_t)elems.n);
    for (int i = 0; i < elems.n; i++) ts[i] = ((decl *)elems.items[i])->type;
    d->type.ntuple = elems.n;
    d->type.tuple = ts;
    d->tuple_elems = elems;
    return d;
}

/* ints take <lower, upper> only. */
static int pd_check_bounds(parse_ctx *pc, base_type b, pbounds c, src_span at) {
    if (b != TY_INT || (!c.offset && !c.multiplier)) return 0;
    diag_error(pc->d, at, "an int cannot have an offset or multiplier (only lower and upper)");
    return 1;
}

/* The text of a span of the current file (for messages); "" if unknown. */
static const char *pd_span_text(parse_ctx *pc, src_span s) {
    const char *src = pc->d->source;
    for (int i = 0; i < pc->d->nsources; i++)
        if (pc->d->source_paths[i] == s.file) src = pc->d->source_texts[i];
    if (!src || s.line <= 0 || s.end_line != s.line) return "";
    for (int l = 1; l < s.line && src; l++) {
        src = strchr(src, '\n');
        if (src) src++;
    }
    if (!src || (int)strnlen(src, (size_t)s.end_col) < s.end_col) return "";
    return arena_strndup(pc->a, src + s.col - 1, (size_t)(s.end_col - s.col + 1));
}

/* Collects one declarator: name, pre-2.33 dims (`y[N]`), initializer.
 * The dims ride on a placeholder decl until pd_finish gives it the type. */
static ptr_vec pd_item(parse_ctx *pc, ptr_vec items, const char *name, src_span nspan,
                       pargs old_dims, src_span dspan, pexpr init) {
    decl *d = ast_decl_new(pc->a, DECL_VAR, nspan);
    d->name = name;
    d->name_span = nspan;
    d->init = init.e;
    d->array_sizes = old_dims.v;
    d->old_array_syntax = old_dims.v.n > 0;
    if (d->old_array_syntax) {
        d->span = dspan; /* '[' ... used below for the warning's excerpt */
        d->span.end_col = dspan.col;
    }
    ptr_vec_push(pc->a, &items, d);
    return items;
}

/* Warns about `real y[N]` and shows the current spelling. */
static void pd_warn_old(parse_ctx *pc, const decl *type, const decl *item, src_span at) {
    char dims[160] = "";
    int k = 0;
    for (int i = 0; i < item->array_sizes.n && k < (int)sizeof dims - 40; i++) {
        const char *t = pd_span_text(pc, ((expr *)item->array_sizes.items[i])->span);
        k += snprintf(dims + k, sizeof dims - (size_t)k, "%s%s", i ? ", " : "", t[0] ? t : "...");
    }
    const char *ty = pd_span_text(pc, type->span);
    diag_warning_named(pc->d, "deprecated", at,
                       "this array syntax was removed in Stan 2.33; use 'array[%s] %s %s'",
                       dims, ty[0] ? ty : "T", item->name);
}

/* One ST_DECL per declarator, each with its own copy of the type. */
static ptr_vec pd_finish(parse_ctx *pc, decl *type, ptr_vec items, src_span at) {
    ptr_vec out = {0};
    for (int i = 0; i < items.n; i++) {
        decl *it = items.items[i], *d = arena_alloc(pc->a, sizeof *d);
        *d = *type;
        d->span = at;
        d->name = it->name;
        d->name_span = it->name_span;
        d->init = it->init;
        if (it->old_array_syntax) {
            if (type->type.array_dims > 0)
                diag_error(pc->d, it->span, "array sizes are given twice (with 'array' and after the name)");
            else
                pd_warn_old(pc, type, it, it->name_span);
            d->array_sizes = it->array_sizes;
            d->type.array_dims = it->array_sizes.n;
            d->old_array_syntax = 1;
        }
        stmt *s = ast_stmt_new(pc->a, ST_DECL, at);
        s->decl = d;
        ptr_vec_push(pc->a, &out, s);
    }
    return out;
}

/* Files `name=e` into the constraint, each name at most once. */
static int pb_set(parse_ctx *pc, pbounds *b, const char *name, src_span nspan, pexpr e) {
    expr **slot = !strcmp(name, "lower") ? &b->lower : !strcmp(name, "upper") ? &b->upper
                : !strcmp(name, "offset") ? &b->offset : !strcmp(name, "multiplier") ? &b->multiplier
                : NULL;
    if (!slot) {
        diag_error(pc->d, nspan, "expected 'lower', 'upper', 'offset' or 'multiplier' in a "
                   "constraint, found '%s'", name);
        return 1;
    }
    if (*slot) {
        diag_error(pc->d, nspan, "'%s' is given twice in this constraint", name);
        return 1;
    }
    int affine = slot == &b->offset || slot == &b->multiplier;
    if (affine ? (b->lower || b->upper) : (b->offset || b->multiplier)) {
        diag_error(pc->d, nspan, "a constraint has either lower/upper or offset/multiplier, not both");
        return 1;
    }
    if (pe_too_deep(pc, e)) return 1;
    *slot = e.e;
    return 0;
}

/* ---- functions ----------------------------------------------------------------- */

static ptype pt_base(base_type b) {
    return (ptype){{b, 0, 0, NULL}, 0};
}

static ptype pt_array(ptype elem, int dims, int old) {
    elem.t.array_dims += dims;
    elem.old_syntax |= old;
    return elem;
}

static ptype pt_tuple(parse_ctx *pc, ptr_vec comps) {
    ptype r = pt_base(TY_TUPLE);
    val_type *ts = arena_alloc(pc->a, sizeof *ts * (size_t)comps.n);
    for (int i = 0; i < comps.n; i++) {
        ptype *c = comps.items[i];
        ts[i] = c->t;
        r.old_syntax |= c->old_syntax;
    }
    r.t.ntuple = comps.n;
    r.t.tuple = ts;
    return r;
}

/* Warns once per signature item written `real[] x`. */
static void pf_warn_old(parse_ctx *pc, ptype t, src_span at) {
    if (!t.old_syntax) return;
    char buf[96];
    diag_warning_named(pc->d, "deprecated", at,
                       "this array syntax was removed in Stan 2.33; write the type as '%s'",
                       ast_type_name(t.t, buf, sizeof buf));
}

static decl *pf_param(parse_ctx *pc, ptype t, int is_data, const char *name, src_span nspan,
                      src_span at) {
    decl *d = ast_decl_new(pc->a, DECL_FUN_ARG, at);
    d->name = name;
    d->name_span = nspan;
    d->type = t.t;
    d->is_data_arg = is_data;
    d->old_array_syntax = t.old_syntax;
    d->is_local = 1;
    d->block = BLK_FUNCTIONS;
    pf_warn_old(pc, t, at);
    return d;
}

static fundef *pf_def(parse_ctx *pc, ptype ret, const char *name, src_span nspan,
                      ptr_vec params, stmt *body, src_span at) {
    fundef *f = arena_alloc(pc->a, sizeof *f);
    f->span = at;
    f->name_span = nspan;
    f->name = name;
    f->ret = ret.t;
    f->params = params;
    f->body = body;
    pf_warn_old(pc, ret, at);
    for (int i = 0; i < params.n; i++) ((decl *)params.items[i])->index = i;
    return f;
}

/* ---- blocks ---------------------------------------------------------------- */

static void parse_mark(block_kind b, ptr_vec *body, int local, int counters[2]);

/* Marks one statement's declarations and recurses into its parts. */
static void parse_mark_stmt(block_kind b, stmt *s, int local, int counters[2]) {
    if (!s) return;
    if (s->decl) {
        int loc = local || s->kind != ST_DECL || b == BLK_MODEL;
        s->decl->block = b;
        s->decl->is_local = loc;
        s->decl->index = counters[loc]++;
        for (int i = 0; i < s->decl->tuple_elems.n; i++) {
            decl *c = s->decl->tuple_elems.items[i];
            c->block = b;
            c->is_local = loc;
        }
    }
    parse_mark(b, &s->body, 1, counters);
    parse_mark_stmt(b, s->then_s, 1, counters);
    parse_mark_stmt(b, s->else_s, 1, counters);
}

/* Marks declarations below a block: top-level ones are block variables
 * except in the model block; anything nested is local. */
static void parse_mark(block_kind b, ptr_vec *body, int local, int counters[2]) {
    for (int i = 0; i < body->n; i++) parse_mark_stmt(b, body->items[i], local, counters);
}

void parse_finish_block(parse_ctx *pc, block_kind b, ptr_vec body, src_span at) {
    int counters[2] = {0, 0};
    parse_mark(b, &body, 0, counters);
    pc->prog->present[b] = 1;
    pc->prog->blocks[b] = body;
    pc->prog->block_spans[b] = at;
}

static void parse_finish_functions(parse_ctx *pc, ptr_vec funs, src_span at) {
    for (int i = 0; i < funs.n; i++) {
        fundef *f = funs.items[i];
        int counters[2] = {0, 0};
        if (f->body) parse_mark(BLK_FUNCTIONS, &f->body->body, 1, counters);
    }
    pc->prog->present[BLK_FUNCTIONS] = 1;
    pc->prog->functions = funs;
    pc->prog->block_spans[BLK_FUNCTIONS] = at;
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
    char text[48];
    int k = 0;
    for (int i = 0; i < len; i++) /* a multi-line token shows as one line */
        text[k++] = pc->tok[i] == '\n' || pc->tok[i] == '\t' || pc->tok[i] == '\r' ? ' ' : pc->tok[i];
    text[k] = '\0';
    snprintf(buf, n, "'%s%s'", text, pc->tok_len > 40 ? "..." : "");
}

/* What the expected-token set says about the place of the error. */
typedef struct {
    int expr, type, stmt, block, fundef, gt, truncate, ident, n;
    yysymbol_kind_t closers[4];
    int nclosers;
} parse_expect;

/* Is sym the one-character token c ('>', '<', ...)? */
static int parse_is_char(yysymbol_kind_t sym, char c) {
    const char *s = yysymbol_name(sym);
    return s[0] == '\'' && s[1] == c && s[2] == '\'' && !s[3];
}

static int parse_expect_has_char(const yysymbol_kind_t *exp, int ne, char c) {
    for (int i = 0; i < ne; i++)
        if (parse_is_char(exp[i], c)) return 1;
    return 0;
}

static int parse_expect_has(const yysymbol_kind_t *exp, int ne, yysymbol_kind_t sym) {
    for (int i = 0; i < ne; i++)
        if (exp[i] == sym) return 1;
    return 0;
}

static parse_expect parse_classify(const yysymbol_kind_t *exp, int ne) {
    parse_expect e = {0};
    e.n = ne;
    e.expr = parse_expect_has(exp, ne, YYSYMBOL_INT_LIT);
    e.type = parse_expect_has(exp, ne, YYSYMBOL_REAL);
    e.stmt = parse_expect_has(exp, ne, YYSYMBOL_WHILE);
    e.block = parse_expect_has(exp, ne, YYSYMBOL_GQ);
    e.fundef = parse_expect_has(exp, ne, YYSYMBOL_VOID) && !e.expr;
    e.gt = parse_expect_has_char(exp, ne, '>');
    e.truncate = parse_expect_has(exp, ne, YYSYMBOL_TRUNCATE);
    e.ident = parse_expect_has(exp, ne, YYSYMBOL_IDENT);
    for (int i = 0; i < ne; i++)
        if (parse_is_closer(exp[i]) && e.nclosers < 4) e.closers[e.nclosers++] = exp[i];
    return e;
}

/* "expected ';' or ','" from a list of tokens ('T[' is left out: it only
 * matters after a distribution, where a hint mentions it). */
static void parse_list_tokens(const yysymbol_kind_t *all, int nall, char *buf, size_t size) {
    yysymbol_kind_t syms[160];
    int n = 0;
    for (int i = 0; i < nall && n < 160; i++)
        if (all[i] != YYSYMBOL_TRUNCATE) syms[n++] = all[i];
    size_t used = (size_t)snprintf(buf, size, "expected ");
    for (int i = 0; i < n && used < size; i++) {
        char name[64];
        parse_sym_name(syms[i], name, sizeof name);
        const char *sep = i == 0 ? "" : i == n - 1 ? " or " : ", ";
        used += (size_t)snprintf(buf + used, size - used, "%s%s", sep, name);
    }
}

/* Builds "expected X or Y" from the expected set; "" when too vague. */
static void parse_expected(const yypcontext_t *ctx, char *buf, size_t n, parse_expect *pe) {
    enum { MAXE = 160 };
    yysymbol_kind_t exp[MAXE];
    int ne = yypcontext_expected_tokens(ctx, exp, MAXE);
    if (ne < 0) ne = 0;
    *pe = parse_classify(exp, ne);
    buf[0] = '\0';
    if (pe->block && ne > 4)
        snprintf(buf, n, "expected a program block (in the order functions, data, transformed data, "
                         "parameters, transformed parameters, model, generated quantities)");
    else if (pe->fundef)
        snprintf(buf, n, "expected a function definition (starting with its return type) or '}'");
    else if (pe->stmt)
        snprintf(buf, n, pe->type ? "expected a statement or a declaration" : "expected a statement");
    else if (pe->type && pe->nclosers > 0)
        snprintf(buf, n, "expected a type or ')'");
    else if (pe->nclosers > 0 && (ne > 2 || pe->truncate))
        parse_list_tokens(pe->closers, pe->nclosers, buf, n);
    else if (ne > 0 && ne <= 4 && !pe->expr)
        parse_list_tokens(exp, ne, buf, n);
    else if (pe->nclosers > 0)
        parse_list_tokens(pe->closers, pe->nclosers, buf, n);
    else if (pe->expr)
        snprintf(buf, n, "expected an expression");
    else if (pe->type)
        snprintf(buf, n, "expected a type");
}

/* Is sym a keyword (its display name is a quoted word)? */
static int parse_is_keyword(yysymbol_kind_t sym) {
    const char *s = yysymbol_name(sym);
    return s[0] == '\'' && s[1] >= 'a' && s[1] <= 'z' && strlen(s) > 3;
}

/* A hint for mistakes Stan users often make, keyed on what was found. */
static const char *parse_hint(const yypcontext_t *ctx, const parse_ctx *pc, const parse_expect *pe) {
    yysymbol_kind_t tok = yypcontext_token(ctx);
    int cmp = parse_is_char(tok, '<') || tok == YYSYMBOL_LE || tok == YYSYMBOL_GE ||
              tok == YYSYMBOL_EQ || tok == YYSYMBOL_NE || tok == YYSYMBOL_AND || tok == YYSYMBOL_OR;
    if (pe->gt && cmp)
        return " (inside <...> a comparison must be written in parentheses)";
    if (tok == YYSYMBOL_ELSE)
        return " ('else' without an 'if' before it)";
    if (pe->truncate && tok == YYSYMBOL_IDENT && pc->tok_len == 1 && pc->tok[0] >= 'A' && pc->tok[0] <= 'Z')
        return " (a truncation is written T[lower, upper])";
    if (pe->stmt && !pe->type && (tok == YYSYMBOL_REAL || tok == YYSYMBOL_INT ||
                                  tok == YYSYMBOL_VECTOR || tok == YYSYMBOL_ARRAY || tok == YYSYMBOL_MATRIX))
        return " (a declaration must be inside braces { ... })";
    if (pe->ident && !pe->expr && !pe->stmt && parse_is_keyword(tok))
        return " (a reserved word cannot be used as a name)";
    return "";
}

/* A syntax error from a grammar action or the reporter.  A second error
 * on the line of the previous one is most likely its echo (recovery
 * resynchronised mid-line), so it only counts. */
static void parse_error(parse_ctx *pc, src_span at, const char *fmt, ...) {
    if (pc->syntax_errors > 0 && at.line == pc->last_error_line && at.file == pc->last_error_file) {
        pc->d->errors++;
        return;
    }
    pc->syntax_errors++;
    pc->last_error_line = at.line;
    pc->last_error_file = at.file;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_error(pc->d, at, "%s", msg);
}

static int yyreport_syntax_error(const yypcontext_t *ctx, void *scanner, parse_ctx *pc) {
    (void)scanner;
    if (pc->stop || yypcontext_token(ctx) == YYSYMBOL_LEX_ERROR)
        return 0; /* the lexer already said what is wrong */
    if (pc->syntax_errors >= PARSE_MAX_ERRORS) {
        diag_error(pc->d, *yypcontext_location(ctx), "too many syntax errors; stopping here");
        pc->stop = 1;
        return 0;
    }
    char exp[320], found[64];
    parse_expect pe;
    parse_expected(ctx, exp, sizeof exp, &pe);
    parse_found(ctx, pc, found, sizeof found);
    src_span at = *yypcontext_location(ctx);
    if (exp[0])
        parse_error(pc, at, "%s, found %s%s", exp, found, parse_hint(ctx, pc, &pe));
    else
        parse_error(pc, at, "unexpected %s%s", found, parse_hint(ctx, pc, &pe));
    return 0;
}

static void yyerror(YYLTYPE *loc, void *scanner, parse_ctx *pc, const char *msg) {
    (void)scanner;
    if (strstr(msg, "exhausted"))
        diag_error(pc->d, *loc, "program nested too deeply");
    else
        diag_error(pc->d, *loc, "%s", msg);
}
