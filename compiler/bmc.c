/* compiler/bmc.c — the `bmc` driver: a flat list of passes.
 *
 * In:  command line (check | compile | format | summary).  Out: diagnostics,
 * dumps, canonical source text, a native model program built by the system
 * C compiler.
 * Passes: frontend_load -> lower_program -> ir_verify -> ir_activity ->
 * ir_verify -> emit_c_module (ad.c writes the gradient) -> cc.
 * Exit codes: 0 ok, 1 user errors, 2 bad command line, 70 internal error.
 * Never: leaves temporary files behind, or hides a failed cc.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "frontend.h"
#include "lower.h"
#include "summary.h"
#include "loo.h"

#ifndef BM_HOME
#define BM_HOME "."
#endif
#ifndef BM_LIBDIR
#define BM_LIBDIR BM_HOME "/lib"
#endif

#define BMC_MAX_LIST 64

typedef struct {
    const char *cmd, *input, *output, *emit_c, *dump, *opt;
    int verbose, in_place;
    const char *include_dirs[BMC_MAX_LIST];   /* -I DIR */
    int n_include_dirs;
    const char *no_warn[BMC_MAX_LIST];        /* -Wno-NAME */
    int n_no_warn;
    int no_pedantic, werror;
    int no_pointwise;
    int no_fast_loops;
} bmc_opts;

static void bmc_usage(FILE *o) {
    fputs("usage:\n"
          "  bmc check FILE [front-end options]\n"
          "                                 parse and type-check; exit 0 if ok, 1 on errors\n"
          "  bmc format FILE [-o OUT | --in-place] [front-end options]\n"
          "                                 print the program in canonical form (only when it\n"
          "                                 type-checks); comments between statements are kept\n"
          "  bmc compile FILE -o BIN [options] [front-end options]\n"
          "      --emit-c FILE.c            keep the generated C in FILE.c\n"
          "      --dump=ast|ir|adj|c        print a stage to stdout (ast: typed AST; ir: the\n"
          "                                 IR after lowering and activity analysis; adj: the\n"
          "                                 generated log-density and gradient functions;\n"
          "                                 c: the whole generated C)\n"
          "      -O0 | -O2 | -O3            optimisation level for the C compiler (default -O2)\n"
          "      -v                         print the cc command and timings\n"
          "      --no-pointwise             leave out the automatic log_lik and Y_rep outputs\n"
          "                                 of observed statements inside plates\n"
          "      --no-fast-loops            check every index and density in place (no\n"
          "                                 exit-free first run of the density's loops)\n"
          "  bmc summary DIR [...]          summarise Stan CSV output (see the runtime docs)\n"
          "  bmc loo DIR [--compare DIR2 ...]  PSIS-LOO and WAIC from log_lik.* columns\n"
          "Front-end options (check, format, compile):\n"
          "      -I DIR                     search DIR for #include files (repeatable; after\n"
          "                                 the directory of the including file)\n"
          "      --no-pedantic              no warnings about likely modeling mistakes\n"
          "      -Wno-NAME                  silence the warning shown as [-WNAME]\n"
          "      -Werror                    treat warnings as errors\n"
          "  bmc --help                     this text\n"
          "Environment: BMODEL_HOME (default " BM_HOME ") locates runtime/, stdlib/, lang/\n"
          "and lib/ (bm_main.o, libbmrt.a); CC picks the C compiler (default cc).\n"
          "Exit codes: 0 ok, 1 errors in the model, 2 bad command line, 70 internal error.\n",
          o);
}

/* Adds s to a bounded option list; 2 (bad command line) when full. */
static int push_opt(const char **list, int *n, const char *s, const char *what) {
    if (*n >= BMC_MAX_LIST) {
        fprintf(stderr, "bmc: too many %s options (at most %d)\n", what, BMC_MAX_LIST);
        return 2;
    }
    list[(*n)++] = s;
    return 0;
}

/* Front-end flags shared by check, format and compile: 1 consumed, 0 not
 * one of them, 2 bad command line.  *i advances past an argument. */
static int parse_frontend_arg(bmc_opts *o, int argc, char **argv, int *i) {
    const char *a = argv[*i];
    if (!strcmp(a, "-I") && *i + 1 < argc) a = argv[++*i];
    else if (!strncmp(a, "-I", 2) && a[2]) a += 2;
    else if (!strcmp(a, "--no-pedantic")) return o->no_pedantic = 1;
    else if (!strcmp(a, "--no-pointwise")) return o->no_pointwise = 1;
    else if (!strcmp(a, "--no-fast-loops")) return o->no_fast_loops = 1;
    else if (!strcmp(a, "-Werror")) return o->werror = 1;
    else if (!strncmp(a, "-Wno-", 5) && a[5])
        return push_opt(o->no_warn, &o->n_no_warn, a + 5, "-Wno-") ? 2 : 1;
    else return 0;
    return push_opt(o->include_dirs, &o->n_include_dirs, a, "-I") ? 2 : 1;
}

static int parse_args(bmc_opts *o, int argc, char **argv) {
    o->opt = "-O2";
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        int fe = parse_frontend_arg(o, argc, argv, &i);
        if (fe == 2) return 2;
        if (fe) continue;
        if (!strcmp(a, "-o") && i + 1 < argc) o->output = argv[++i];
        else if (!strcmp(a, "--in-place") && !strcmp(o->cmd, "format")) o->in_place = 1;
        else if (!strcmp(a, "--emit-c") && i + 1 < argc) o->emit_c = argv[++i];
        else if (!strncmp(a, "--dump=", 7)) o->dump = a + 7;
        else if (!strcmp(a, "-O0") || !strcmp(a, "-O2") || !strcmp(a, "-O3")) o->opt = a;
        else if (!strcmp(a, "-v")) o->verbose = 1;
        else if (a[0] != '-' && !o->input) o->input = a;
        else {
            fprintf(stderr, "bmc: unknown or incomplete option '%s'\n", a);
            return 2;
        }
    }
    if (!o->input) {
        fprintf(stderr, "bmc: no input file\n");
        return 2;
    }
    if (o->in_place && o->output) {
        fprintf(stderr, "bmc: format takes -o OUT or --in-place, not both\n");
        return 2;
    }
    if (o->dump && strcmp(o->dump, "ast") && strcmp(o->dump, "ir") && strcmp(o->dump, "adj") &&
        strcmp(o->dump, "c")) {
        fprintf(stderr, "bmc: --dump must be ast, ir, adj or c\n");
        return 2;
    }
    return 0;
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* "models/eight_schools.bmodel" -> "eight_schools" (in arena). */
static const char *model_stem(arena *a, const char *path) {
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    const char *dot = strrchr(b, '.');
    return arena_strndup(a, b, dot ? (size_t)(dot - b) : strlen(b));
}

static int verify_or_die(const ir_module *m, const char *after) {
    if (ir_verify(m, stderr) == 0) return 0;
    fprintf(stderr, "bmc: internal error: invalid IR after %s\n", after);
    return 70;
}

/* gcc's flags that let the density loops vectorise (see
 * compiler/emit_fast.c and tests/bench/README.md), none of which changes a
 * floating-point result:
 *  -fno-trapping-math: the kernels' guarded arithmetic may run unguarded
 *    (if-conversion); nothing here reads floating-point exception flags;
 *  -fvect-cost-model=dynamic: -O2's "very cheap" model refuses every loop
 *    whose trip count is not known to be a multiple of the vector length;
 *  max-tree-if-conversion-phi-args: a kernel's argument checks join more
 *    than gcc's default of 4 paths;
 *  -funswitch-loops: a loop-invariant `if` (the --prior guard of an observed
 *    statement in a plate) becomes two loops, each without the branch.
 * Sums stay in source order (no -fassociative-math), so the bits do not
 * change. */
#define GCC_VECTOR_FLAGS                                                                      \
    " -fno-trapping-math -fvect-cost-model=dynamic --param=max-tree-if-conversion-phi-args=16" \
    " -funswitch-loops"

/* Is cc gcc (and not clang, which does not take the flags above)? */
static int is_gcc(const char *cc) {
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "%s --version 2>/dev/null", cc);
    FILE *p = popen(cmd, "r");
    if (!p) return 0;
    char line[512];
    int gcc = 0, clang = 0;
    while (fgets(line, sizeof line, p)) {
        if (strstr(line, "Free Software Foundation")) gcc = 1;
        if (strstr(line, "clang")) clang = 1;
    }
    pclose(p);
    return gcc && !clang;
}

/* Runs cc on c_path; output BIN.  Prints the command and output on failure. */
static int run_cc(const bmc_opts *o, const char *c_path) {
    const char *home = getenv("BMODEL_HOME"), *lib;
    if (!home || !*home) {
        home = BM_HOME;
        lib = BM_LIBDIR;
    } else {
        lib = NULL;
    }
    const char *cc = getenv("CC");
    if (!cc || !*cc) cc = "cc";
    char libbuf[4096];
    if (!lib) {
        snprintf(libbuf, sizeof libbuf, "%s/lib", home);
        lib = libbuf;
    }
    const char *vec = is_gcc(cc) ? GCC_VECTOR_FLAGS : "";
    size_t n = strlen(home) * 4 + strlen(lib) * 2 + strlen(c_path) + strlen(o->output) + strlen(cc) +
               strlen(vec) + 512;
    char *cmd = malloc(n);
    if (!cmd) return 70;
    /* -fno-math-errno: generated code never reads errno, and without it
     * log/exp are not pure to the C compiler, so a term like log(sigma) of
     * a loop-invariant parameter is recomputed for every element.  It
     * changes no floating-point result (unlike -ffast-math, which would
     * break the NaN/inf semantics the runtime relies on). */
    snprintf(cmd, n,
             "%s -std=c11 %s -fno-math-errno%s -fopenmp -I%s/runtime -I%s/stdlib -I%s/lang %s %s/bm_main.o "
             "%s/libbmrt.a -lm -o %s 2>&1",
             cc, o->opt, vec, home, home, home, c_path, lib, lib, o->output);
    if (o->verbose) fprintf(stderr, "bmc: %s\n", cmd);
    FILE *p = popen(cmd, "r");
    char buf[4096], *log = NULL;
    size_t len = 0;
    size_t got;
    while (p && (got = fread(buf, 1, sizeof buf, p)) > 0) {
        char *nl = realloc(log, len + got + 1);
        if (!nl) break;
        log = nl;
        memcpy(log + len, buf, got);
        len += got;
        log[len] = 0;
    }
    int st = p ? pclose(p) : -1;
    int ok = st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
    if (!ok) fprintf(stderr, "bmc: internal error: the C compiler failed:\n%s\n%s", cmd, log ? log : "");
    free(log);
    free(cmd);
    return ok ? 0 : 70;
}

/* Writes the C to a path (kept, or a temp file).  Returns 0 or 70. */
static int write_c(const bmc_opts *o, const ir_module *m, const char *path) {
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "bmc: cannot write %s\n", path);
        return 70;
    }
    emit_opts eo = {.no_fast_loops = o->no_fast_loops};
    int bad = emit_c_module(m, f, &eo);
    bad |= fclose(f) != 0;
    return bad ? 70 : 0;
}

static int dump_stage(const bmc_opts *o, const program *p, const ir_module *m) {
    emit_opts eo = {.no_fast_loops = o->no_fast_loops};
    if (!strcmp(o->dump, "ast")) ast_dump(p, stdout);
    else if (!strcmp(o->dump, "ir")) ir_dump(m, stdout);
    else if (!strcmp(o->dump, "adj")) emit_c_gradient_only(m, stdout, &eo);
    else emit_c_module(m, stdout, &eo);
    return 0;
}

static int build(const bmc_opts *o, const ir_module *m) {
    char tmp[] = "/tmp/bmc_XXXXXX.c";
    const char *path = o->emit_c;
    if (!path) {
        int fd = mkstemps(tmp, 2);
        if (fd < 0) {
            fprintf(stderr, "bmc: cannot create a temporary file\n");
            return 70;
        }
        close(fd);
        path = tmp;
    }
    int rc = write_c(o, m, path);
    if (!rc) rc = run_cc(o, path);
    if (!o->emit_c) remove(tmp);
    return rc;
}

/* The front end with the command line's options. */
static program *load(const bmc_opts *o, arena *a, diag *d) {
    d->disabled_warnings = o->no_warn;
    d->ndisabled_warnings = o->n_no_warn;
    d->warnings_as_errors = o->werror;
    frontend_opts fo = {.include_dirs = o->include_dirs,
                        .n_include_dirs = o->n_include_dirs,
                        .no_pedantic = o->no_pedantic};
    program *p = frontend_load_opts(o->input, &fo, a, d);
    return p && d->errors == 0 ? p : NULL;
}

/* Formats p into path via a temporary file renamed over it (so a failed
 * write never leaves a half-written program).  0 ok, 1 I/O error. */
static int format_to_file(const program *p, const char *path) {
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (!tmp) return 1;
    snprintf(tmp, n, "%s.fmt~", path);
    FILE *f = fopen(tmp, "w");
    int bad = !f || format_program(p, f) != 0;
    if (f) bad |= fclose(f) != 0;
    if (!bad) bad = rename(tmp, path) != 0;
    if (bad) {
        fprintf(stderr, "bmc: cannot write %s\n", path);
        remove(tmp);
    }
    free(tmp);
    return bad;
}

static int cmd_format(const bmc_opts *o) {
    arena a = {0};
    diag d = {.out = stderr};
    program *p = load(o, &a, &d);
    int rc = 1;
    if (p && (o->in_place || o->output)) rc = format_to_file(p, o->in_place ? o->input : o->output);
    else if (p) rc = format_program(p, stdout) || fflush(stdout) != 0;
    arena_free(&a);
    return rc;
}

static int cmd_compile(const bmc_opts *o, int check_only) {
    arena a = {0};
    diag d = {.out = stderr};
    double t0 = now_s();
    int rc = 1;
    program *p = load(o, &a, &d);
    if (p && check_only) rc = 0;
    else if (p) {
        ir_module *m = lower_program_opts(p, model_stem(&a, o->input), &a, &d, o->no_pointwise);
        rc = m ? verify_or_die(m, "lowering") : 1;
        if (m && !rc) {
            ir_activity(m);
            rc = verify_or_die(m, "activity analysis");
        }
        if (m && !rc && o->dump) rc = dump_stage(o, p, m);
        if (m && !rc && o->output) rc = build(o, m);
        else if (m && !rc && !o->dump) {
            fprintf(stderr, "bmc: compile needs -o BIN (or --dump=...)\n");
            rc = 2;
        }
    }
    if (o->verbose) fprintf(stderr, "bmc: %.3f s\n", now_s() - t0);
    arena_free(&a);
    return rc;
}

int main(int argc, char **argv) {
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        bmc_usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (!strcmp(argv[1], "summary")) return bm_summary_main(argc - 1, argv + 1);
    if (!strcmp(argv[1], "loo")) return bm_loo_main(argc - 1, argv + 1);
    bmc_opts o = {.cmd = argv[1]};
    if (strcmp(o.cmd, "check") && strcmp(o.cmd, "compile") && strcmp(o.cmd, "format")) {
        fprintf(stderr, "bmc: unknown command '%s' (try bmc --help)\n", o.cmd);
        return 2;
    }
    int rc = parse_args(&o, argc, argv);
    if (rc) return rc;
    if (!strcmp(o.cmd, "format")) return cmd_format(&o);
    return cmd_compile(&o, !strcmp(o.cmd, "check"));
}
