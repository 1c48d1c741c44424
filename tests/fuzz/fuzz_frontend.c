/* tests/fuzz/fuzz_frontend.c — libFuzzer target for the front end.
 *
 * In:  bytes from libFuzzer (built with clang -fsanitize=fuzzer,address,
 *      undefined by `make fuzz-build`).
 * Out: nothing; a sanitizer report, an abort() from a broken invariant
 *      (fuzz_check.h) or an exit() (bmodel's internal errors exit 70) is a
 *      crash that libFuzzer records.
 * Never: part of `make test` (clang and libFuzzer are not guaranteed there);
 *      test_replay.c replays the kept corpus with the normal build instead.
 */
#include <stddef.h>
#include <stdint.h>
#include "fuzz/fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_check_bytes(data, size);
    return 0;
}
