/* stdlib/bm_portable.h — the one portability macro of the math library.
 *
 * In:  nothing but the compiler in use.  Out: BM_FN, the storage class of
 * every stdlib function: `static inline` in C, `static inline __host__
 * __device__` under nvcc, so one header serves host C and CUDA device code.
 * Never: declares data, includes anything beyond <math.h>, or depends on a
 * platform feature that CUDA device code lacks (globals, errno, printf, malloc).
 */
#ifndef BM_PORTABLE_H
#define BM_PORTABLE_H

#include <math.h>

#if defined(__CUDACC__)
#define BM_FN static inline __host__ __device__
#else
#define BM_FN static inline
#endif

/* Quiet NaN and infinities as constant expressions usable on the device. */
#define BM_NAN (NAN)
#define BM_INF (INFINITY)

/* Constants (double precision, enough digits to round correctly). */
#define BM_PI          3.14159265358979323846264338327950288
#define BM_LOG_PI      1.14472988584940017414342735135305871
#define BM_LOG_2       0.693147180559945309417232121458176568
#define BM_HALF_LOG_2PI 0.918938533204672741780329736405617640

#endif
