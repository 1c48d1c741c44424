/* runtime/data.h — data as read from files, and the checks that bind it.
 *
 * In:  CSV files, Stan JSON files (path ends in .json), `name=value`
 * arguments.  Out: a bm_data bag of named numeric variables, each remembering
 * where it came from, so that any later check can name the file, the row or
 * column, and the variable.  The generated model's create() pulls variables
 * from the bag with the bm_data_* helpers below and reports violations with
 * bm_data_fail_*.  Never: knows anything about a particular model.
 *
 * Layout of a variable's values: row-major, LAST index fastest (the order of
 * nested JSON arrays).  A CSV column `y` is a 1-d variable of length
 * rows; columns `X.1 ... X.K` form a 2-d variable X[rows, K].
 */
#ifndef BM_DATA_H
#define BM_DATA_H
#include "model.h"

typedef enum { BM_SRC_CSV, BM_SRC_JSON, BM_SRC_ARG } bm_data_source;

typedef struct {
    const char *name;
    bm_data_source source;
    const char *file;        /* path, or "command line" */
    const char *column;      /* CSV: header of the (first) column; else NULL */
    int first_col;           /* CSV: 1-based column number of that column */
    int all_int;             /* every value was written as an integer */
    int ndims;
    int dims[BM_MAX_DIMS];
    long n;                  /* product of dims (1 for a scalar) */
    double *values;          /* n values, row-major */
} bm_data_var;

struct bm_data {
    int n;
    bm_data_var *vars;
};

/* Reading (data_read.c).  Each returns 0, or non-zero with err set
 * ("models/x.csv:4: column 'y': 'abc' is not a number").  Repeated names
 * across sources are an error. */
bm_data *bm_data_new(void);
int bm_data_read_file(bm_data *d, const char *path, bm_error *err);
int bm_data_read_arg(bm_data *d, const char *name_eq_value, bm_error *err);
void bm_data_free(bm_data *d);

/* Binding helpers used by generated create() code (data_bind.c). */
const bm_data_var *bm_data_find(const bm_data *d, const char *name);

/* Size inference: when scalar int `name` was not given, the first present
 * candidate (var name, which dimension) decides it.  Returns 0 and sets
 * *out, or fails with "variable J (int J) not given and cannot be inferred". */
typedef struct {
    const char *var;
    int dim;
} bm_size_source;
int bm_data_infer_size(const bm_data *d, const char *name, const char *decl_text,
                       const bm_size_source *cands, int ncands, long *out,
                       bm_error *err);

/* Checks a variable against its declaration: present, integral when
 * want_int, ndims and each dim equal to dims[] (a 0-d declaration accepts a
 * 1-element value).  decl_text is the declaration as written
 * ("array[J] real<lower=0> sigma").  Returns 0 or fails with a located
 * message. */
int bm_data_expect(const bm_data *d, const char *name, const char *decl_text,
                   int want_int, int ndims, const long *dims,
                   const bm_data_var **out, bm_error *err);

/* Element `elem` (row-major flat index) of v violates decl_text's
 * constraint `what` ("lower=0"): formats the located message into err and
 * returns non-zero.  For CSV the message gives the file, the row (line
 * number in the file) and the column. */
int bm_data_fail_elem(const bm_data_var *v, long elem, const char *decl_text,
                      const char *what, bm_error *err);

#endif
