/* tests/runtime/test_rng.c — runtime/rng.h: seeding, reproducibility,
 * streams, and the moments of uniform / normal / exponential variates.
 * Bands are 4 standard errors of the estimated moment (computed from the
 * known variance of the moment's summand), with fixed seeds. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "rng.h"

#define N 1000000

/* splitmix64 from state 0: the generator's published first outputs. */
static void test_splitmix64_reference(void **st) {
    (void)st;
    uint64_t x = 0;
    assert_true(bm_rng_splitmix64(&x) == 0xe220a8397b1dcdafull);
    assert_true(bm_rng_splitmix64(&x) == 0x6e789e6aa1b965f4ull);
    assert_true(bm_rng_splitmix64(&x) == 0x06c45d188009454full);
}

/* xoshiro256** from a hand-set state: result = rotl(s1 * 5, 7) * 9. */
static void test_xoshiro_first_output(void **st) {
    (void)st;
    bm_rng r = {.s = {1, 2, 3, 4}};
    assert_true(bm_rng_next(&r) == 11520ull); /* rotl(10, 7) * 9 = 1280 * 9 */
    /* state after one step, by the published update rule */
    assert_true(r.s[0] == 7 && r.s[1] == 0 && r.s[2] == 262146ull);
    assert_true(r.s[3] == ((6ull << 45) | (6ull >> 19)));
}

static void test_same_seed_same_sequence(void **st) {
    (void)st;
    bm_rng a, b;
    bm_rng_seed(&a, 42, 3);
    bm_rng_seed(&b, 42, 3);
    for (int i = 0; i < 1000; i++) {
        assert_true(bm_rng_next(&a) == bm_rng_next(&b));
        double x = bm_rng_normal(&a), y = bm_rng_normal(&b);
        assert_memory_equal(&x, &y, sizeof x);
    }
}

/* Fraction of equal 64-bit outputs between two generators. */
static int count_equal(bm_rng *a, bm_rng *b, int n) {
    int eq = 0;
    for (int i = 0; i < n; i++) eq += bm_rng_next(a) == bm_rng_next(b);
    return eq;
}

static void test_streams_and_seeds_differ(void **st) {
    (void)st;
    bm_rng a, b, c;
    bm_rng_seed(&a, 42, 1);
    bm_rng_seed(&b, 42, 2);
    bm_rng_seed(&c, 43, 1);
    assert_int_equal(count_equal(&a, &b, 1000), 0);
    bm_rng_seed(&a, 42, 1);
    assert_int_equal(count_equal(&a, &c, 1000), 0);
    /* seed/stream are not interchangeable */
    bm_rng_seed(&a, 1, 2);
    bm_rng_seed(&b, 2, 1);
    assert_int_equal(count_equal(&a, &b, 1000), 0);
}

/* Adjacent streams are uncorrelated: |corr| < 4 / sqrt(N). */
static void test_streams_uncorrelated(void **st) {
    (void)st;
    bm_rng a, b;
    bm_rng_seed(&a, 7, 1);
    bm_rng_seed(&b, 7, 2);
    double sxy = 0;
    for (int i = 0; i < N; i++) sxy += bm_rng_normal(&a) * bm_rng_normal(&b);
    assert_true(fabs(sxy / N) < 4.0 / sqrt(N));
}

static void test_uniform_moments(void **st) {
    (void)st;
    bm_rng r;
    bm_rng_seed(&r, 12345, 0);
    double s = 0, s2 = 0;
    for (int i = 0; i < N; i++) {
        double u = bm_rng_uniform(&r);
        assert_true(u > 0.0 && u < 1.0);
        s += u;
        s2 += (u - 0.5) * (u - 0.5);
    }
    /* mean: var 1/12; centred square: var E(u-.5)^4 - (1/12)^2 = 1/80 - 1/144 */
    assert_true(fabs(s / N - 0.5) < 4 * sqrt(1.0 / 12 / N));
    assert_true(fabs(s2 / N - 1.0 / 12) < 4 * sqrt((1.0 / 80 - 1.0 / 144) / N));
}

static void test_normal_moments(void **st) {
    (void)st;
    bm_rng r;
    bm_rng_seed(&r, 999, 5);
    double m1 = 0, m2 = 0, m3 = 0, m4 = 0;
    for (int i = 0; i < N; i++) {
        double x = bm_rng_normal(&r);
        m1 += x;
        m2 += x * x;
        m3 += x * x * x;
        m4 += x * x * x * x;
    }
    /* var of x^k summands: x: 1, x^2: 2, x^3: 15, x^4: 105 - 9 = 96 */
    assert_true(fabs(m1 / N) < 4 * sqrt(1.0 / N));
    assert_true(fabs(m2 / N - 1) < 4 * sqrt(2.0 / N));
    assert_true(fabs(m3 / N) < 4 * sqrt(15.0 / N));
    assert_true(fabs(m4 / N - 3) < 4 * sqrt(96.0 / N));
}

static void test_exponential_moments(void **st) {
    (void)st;
    bm_rng r;
    bm_rng_seed(&r, 2024, 9);
    double m1 = 0, m2 = 0;
    for (int i = 0; i < N; i++) {
        double x = bm_rng_exponential(&r);
        assert_true(x > 0 && isfinite(x));
        m1 += x;
        m2 += x * x;
    }
    /* E x = 1 (var 1), E x^2 = 2 (var 24 - 4 = 20) */
    assert_true(fabs(m1 / N - 1) < 4 * sqrt(1.0 / N));
    assert_true(fabs(m2 / N - 2) < 4 * sqrt(20.0 / N));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_splitmix64_reference),
        cmocka_unit_test(test_xoshiro_first_output),
        cmocka_unit_test(test_same_seed_same_sequence),
        cmocka_unit_test(test_streams_and_seeds_differ),
        cmocka_unit_test(test_streams_uncorrelated),
        cmocka_unit_test(test_uniform_moments),
        cmocka_unit_test(test_normal_moments),
        cmocka_unit_test(test_exponential_moments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
