/* runtime/rng.h — the one random number generator of bmodel.
 *
 * In:  a 64-bit seed and a 64-bit stream number.  Out: uniform (0,1),
 * standard normal and unit exponential variates.  Generator: xoshiro256**
 * (Blackman & Vigna), state seeded through splitmix64 from (seed, stream),
 * so stream k (chain k) is reproducible and independent of other streams.
 * Header-only (static inline) so generated model code and CUDA builds can
 * use it.  Never: touches global state; all state lives in struct bm_rng.
 */
#ifndef BM_RNG_H
#define BM_RNG_H

#include <math.h>
#include <stdint.h>

#ifdef __CUDACC__
#define BM_RNG_FN __host__ __device__ static inline
#else
#define BM_RNG_FN static inline
#endif

struct bm_rng {
    uint64_t s[4];
    double cached_normal; /* second Box-Muller variate */
    int has_cached;
};
typedef struct bm_rng bm_rng;

BM_RNG_FN uint64_t bm_rng_rotl(uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

/* splitmix64 step: advances *x and returns a well-mixed 64-bit value. */
BM_RNG_FN uint64_t bm_rng_splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Seeds r from (seed, stream): same pair -> same sequence; different
 * streams of one seed -> unrelated sequences.  Never yields the all-zero
 * state. */
BM_RNG_FN void bm_rng_seed(bm_rng *r, uint64_t seed, uint64_t stream) {
    uint64_t a = seed, b = stream ^ 0x6a09e667f3bcc909ull;
    uint64_t x = bm_rng_splitmix64(&a) ^ bm_rng_rotl(bm_rng_splitmix64(&b), 17);
    for (int i = 0; i < 4; i++) r->s[i] = bm_rng_splitmix64(&x);
    if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3])) r->s[0] = 1;
    r->cached_normal = 0.0;
    r->has_cached = 0;
}

/* Next raw 64-bit output of xoshiro256**. */
BM_RNG_FN uint64_t bm_rng_next(bm_rng *r) {
    uint64_t *s = r->s;
    uint64_t result = bm_rng_rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = bm_rng_rotl(s[3], 45);
    return result;
}

/* Uniform on the open interval (0, 1) with 53 random bits. */
BM_RNG_FN double bm_rng_uniform(bm_rng *r) {
    return ((double)(bm_rng_next(r) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

/* Standard normal (Box-Muller; the second variate is cached). */
BM_RNG_FN double bm_rng_normal(bm_rng *r) {
    if (r->has_cached) {
        r->has_cached = 0;
        return r->cached_normal;
    }
    double u1 = bm_rng_uniform(r), u2 = bm_rng_uniform(r);
    double rad = sqrt(-2.0 * log(u1));
    double ang = 6.283185307179586476925286766559 * u2;
    r->cached_normal = rad * sin(ang);
    r->has_cached = 1;
    return rad * cos(ang);
}

/* Exponential with rate 1. */
BM_RNG_FN double bm_rng_exponential(bm_rng *r) {
    return -log(bm_rng_uniform(r));
}

#endif
