// Shared by the kernels' files, not part of the module's interface: which version runs, and
// the horizontal sum the eight-lane versions end with.
#ifndef IEUM_DISPATCH_H
#define IEUM_DISPATCH_H

/// Whether the AVX2/FMA versions run on this thread: the processor has them and the plain
/// loops were not asked for.
int ieum_fast_kernels(void);

/// Whether the AVX-512 versions (where a kernel has one) run: the fast kernels do, the
/// processor has AVX-512F, and AVX2 was not asked for.
int ieum_avx512_kernels(void);

/// Whether the int8 products run with AVX-512 VNNI: the AVX-512 versions do and the processor
/// has VNNI and AVX-512BW.
int ieum_vnni_kernels(void);

/// Calls KERNEL_ROWS(n, …) with the row count `rows` (1…6) as a constant, so that the compiler
/// drops the unused rows' work in each copy.
#define WITH_CONSTANT_ROWS(KERNEL_ROWS, rows, ...) \
    switch (rows) { \
    case 6: KERNEL_ROWS(6, __VA_ARGS__); break; \
    case 5: KERNEL_ROWS(5, __VA_ARGS__); break; \
    case 4: KERNEL_ROWS(4, __VA_ARGS__); break; \
    case 3: KERNEL_ROWS(3, __VA_ARGS__); break; \
    case 2: KERNEL_ROWS(2, __VA_ARGS__); break; \
    default: KERNEL_ROWS(1, __VA_ARGS__); break; \
    }

#if defined(__x86_64__)
#include <immintrin.h>

/// The sum of the eight lanes.
__attribute__((target("avx2,fma"), always_inline))
static inline float sum_lanes(__m256 v) {
    __m128 half = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    half = _mm_add_ps(half, _mm_movehl_ps(half, half));
    half = _mm_add_ss(half, _mm_movehdup_ps(half));
    return _mm_cvtss_f32(half);
}
#endif

#endif
