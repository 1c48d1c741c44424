/* runtime/model_main.c — the `main` of every compiled model program.
 *
 * In:  argv.  Out: the exit status of the chosen command.  Linked as
 * lib/bm_main.o next to the generated model (which defines
 * bm_model_definition) and lib/libbmrt.a.  Never: contains logic of its own.
 */
#include "program.h"

int main(int argc, char **argv) {
    return bm_program_main(&bm_model_definition, argc, argv);
}
