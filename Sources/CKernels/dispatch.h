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
