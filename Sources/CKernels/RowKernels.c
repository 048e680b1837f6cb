// Row kernels eight lanes at a time: maximum, sum, exponentials for softmax and log-softmax,
// Swish, layer norm, and the search's admission scan. libm's scalar expf, Swift's SIMD maximum
// and scalar sums were an eighth of beam search's time. AVX2 and FMA where the processor has
// them, plain loops otherwise.
#include "ckernels.h"
#include "dispatch.h"

#include <math.h>

#if defined(__x86_64__)
#include <immintrin.h>

/// e^x in each lane, within 2 ulp of the true value: x = n·ln 2 + r with |r| ≤ ln 2 / 2, a
/// degree-6 polynomial for e^r (Cephes's expf coefficients), then the exponent field takes n.
/// Lanes below −87.3 (where e^x leaves the normal floats), −∞ included, give 0.
__attribute__((target("avx2,fma"), always_inline))
static inline __m256 exp8(__m256 x) {
    const __m256 lowest = _mm256_set1_ps(-87.33654f);
    const __m256 underflow = _mm256_cmp_ps(x, lowest, _CMP_LT_OQ);
    x = _mm256_min_ps(_mm256_set1_ps(88.0f), _mm256_max_ps(lowest, x));  // NaN stays NaN
    const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                     _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
    __m256 p = _mm256_set1_ps(1.9875691500e-4f);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
    p = _mm256_fmadd_ps(p, _mm256_mul_ps(r, r), _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
    const __m256i exponent = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    return _mm256_andnot_ps(underflow, _mm256_mul_ps(p, _mm256_castsi256_ps(exponent)));
}

/// The first `count` (< 8) lanes loaded from x, the rest `fill`.
__attribute__((target("avx2,fma"), always_inline))
static inline __m256 load_partial(const float *x, long count, float fill) {
    float lanes[8];
    for (long i = 0; i < 8; i++) lanes[i] = i < count ? x[i] : fill;
    return _mm256_loadu_ps(lanes);
}

__attribute__((target("avx2,fma")))
static float exp_shifted_avx2(float *x, long count, float shift, int store) {
    const __m256 s = _mm256_set1_ps(shift);
    __m256 sum = _mm256_setzero_ps();
    long i = 0;
    for (; i + 8 <= count; i += 8) {
        const __m256 e = exp8(_mm256_sub_ps(_mm256_loadu_ps(x + i), s));
        if (store) _mm256_storeu_ps(x + i, e);
        sum = _mm256_add_ps(sum, e);
    }
    if (i < count) {
        float lanes[8];
        _mm256_storeu_ps(lanes, exp8(_mm256_sub_ps(load_partial(x + i, count - i, -INFINITY), s)));
        for (long j = 0; j < count - i; j++) {
            if (store) x[i + j] = lanes[j];
        }
        sum = _mm256_add_ps(sum, _mm256_loadu_ps(lanes));  // lanes past count hold e^−∞ = 0
    }
    return sum_lanes(sum);
}

__attribute__((target("avx2,fma")))
static float maximum_avx2(const float *x, long count) {
    __m256 lanes = _mm256_set1_ps(-INFINITY);
    long i = 0;
    for (; i + 8 <= count; i += 8) lanes = _mm256_max_ps(lanes, _mm256_loadu_ps(x + i));
    __m128 half = _mm_max_ps(_mm256_castps256_ps128(lanes), _mm256_extractf128_ps(lanes, 1));
    half = _mm_max_ps(half, _mm_movehl_ps(half, half));
    half = _mm_max_ss(half, _mm_movehdup_ps(half));
    float maximum = _mm_cvtss_f32(half);
    for (; i < count; i++) maximum = x[i] > maximum ? x[i] : maximum;
    return maximum;
}

__attribute__((target("avx2,fma")))
static float maximum_magnitude_avx2(const float *x, long count) {
    const __m256 magnitude = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    __m256 lanes = _mm256_setzero_ps();
    long i = 0;
    for (; i + 8 <= count; i += 8) lanes = _mm256_max_ps(lanes, _mm256_and_ps(magnitude, _mm256_loadu_ps(x + i)));
    __m128 half = _mm_max_ps(_mm256_castps256_ps128(lanes), _mm256_extractf128_ps(lanes, 1));
    half = _mm_max_ps(half, _mm_movehl_ps(half, half));
    half = _mm_max_ss(half, _mm_movehdup_ps(half));
    float maximum = _mm_cvtss_f32(half);
    for (; i < count; i++) maximum = fabsf(x[i]) > maximum ? fabsf(x[i]) : maximum;
    return maximum;
}

__attribute__((target("avx2,fma")))
static float sum_avx2(const float *x, long count) {
    __m256 sum = _mm256_setzero_ps();
    long i = 0;
    for (; i + 8 <= count; i += 8) sum = _mm256_add_ps(sum, _mm256_loadu_ps(x + i));
    float total = sum_lanes(sum);
    for (; i < count; i++) total += x[i];
    return total;
}

__attribute__((target("avx2,fma")))
static void swish_avx2(float *x, long count) {
    const __m256 one = _mm256_set1_ps(1.0f), zero = _mm256_setzero_ps();
    long i = 0;
    for (; i + 8 <= count; i += 8) {
        const __m256 v = _mm256_loadu_ps(x + i);
        _mm256_storeu_ps(x + i, _mm256_div_ps(v, _mm256_add_ps(one, exp8(_mm256_sub_ps(zero, v)))));
    }
    for (; i < count; i++) x[i] = x[i] / (1.0f + expf(-x[i]));
}

__attribute__((target("avx2,fma")))
static void layer_norm_avx2(const float *x, float *y, long width, const float *weight, const float *bias, float epsilon,
                            float *statistics) {
    const float mean = sum_avx2(x, width) / (float)width;
    const __m256 m = _mm256_set1_ps(mean);
    __m256 squares = _mm256_setzero_ps();
    long i = 0;
    for (; i + 8 <= width; i += 8) {
        const __m256 d = _mm256_sub_ps(_mm256_loadu_ps(x + i), m);
        squares = _mm256_fmadd_ps(d, d, squares);
    }
    float variance = sum_lanes(squares);
    for (; i < width; i++) variance += (x[i] - mean) * (x[i] - mean);
    const float inverse = 1.0f / sqrtf(variance / (float)width + epsilon);
    const __m256 s = _mm256_set1_ps(inverse);
    for (i = 0; i + 8 <= width; i += 8) {
        const __m256 normed = _mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(x + i), m), s);
        _mm256_storeu_ps(y + i, _mm256_fmadd_ps(normed, _mm256_loadu_ps(weight + i), _mm256_loadu_ps(bias + i)));
    }
    for (; i < width; i++) y[i] = (x[i] - mean) * inverse * weight[i] + bias[i];
    if (statistics) statistics[0] = mean, statistics[1] = inverse;
}

__attribute__((target("avx2,fma")))
static long first_above_avx2(const float *x, long count, float offset, float bar) {
    const __m256 o = _mm256_set1_ps(offset), b = _mm256_set1_ps(bar);
    long i = 0;
    for (; i + 8 <= count; i += 8) {
        const int above = _mm256_movemask_ps(_mm256_cmp_ps(_mm256_add_ps(_mm256_loadu_ps(x + i), o), b, _CMP_GT_OQ));
        if (above) return i + __builtin_ctz((unsigned)above);
    }
    for (; i < count; i++) {
        if (x[i] + offset > bar) return i;
    }
    return count;
}

#else
static float maximum_avx2(const float *x, long count) { return 0; }
static float maximum_magnitude_avx2(const float *x, long count) { return 0; }
static float sum_avx2(const float *x, long count) { return 0; }
static void layer_norm_avx2(const float *x, float *y, long width, const float *weight, const float *bias, float epsilon,
                            float *statistics) {}
static long first_above_avx2(const float *x, long count, float offset, float bar) { return 0; }
static float exp_shifted_avx2(float *x, long count, float shift, int store) { return 0; }
static void swish_avx2(float *x, long count) {}
#endif

float ieum_maximum(const float *x, long count) {
    if (ieum_fast_kernels()) return maximum_avx2(x, count);
    float maximum = -INFINITY;
    for (long i = 0; i < count; i++) maximum = x[i] > maximum ? x[i] : maximum;
    return maximum;
}

float ieum_maximum_magnitude(const float *x, long count) {
    if (ieum_fast_kernels()) return maximum_magnitude_avx2(x, count);
    float maximum = 0;
    for (long i = 0; i < count; i++) maximum = fabsf(x[i]) > maximum ? fabsf(x[i]) : maximum;
    return maximum;
}

float ieum_sum(const float *x, long count) {
    if (ieum_fast_kernels()) return sum_avx2(x, count);
    float sum = 0;
    for (long i = 0; i < count; i++) sum += x[i];
    return sum;
}

float ieum_exp_shifted(float *x, long count, float shift) {
    if (ieum_fast_kernels()) return exp_shifted_avx2(x, count, shift, 1);
    float sum = 0;
    for (long i = 0; i < count; i++) sum += x[i] = expf(x[i] - shift);
    return sum;
}

float ieum_sum_exp_shifted(const float *x, long count, float shift) {
    if (ieum_fast_kernels()) return exp_shifted_avx2((float *)x, count, shift, 0);
    float sum = 0;
    for (long i = 0; i < count; i++) sum += expf(x[i] - shift);
    return sum;
}

void ieum_swish(float *x, long count) {
    if (ieum_fast_kernels()) {
        swish_avx2(x, count);
        return;
    }
    for (long i = 0; i < count; i++) x[i] = x[i] / (1.0f + expf(-x[i]));
}

void ieum_layer_norm(const float *x, float *y, long width, const float *weight, const float *bias, float epsilon,
                     float *statistics) {
    if (ieum_fast_kernels()) {
        layer_norm_avx2(x, y, width, weight, bias, epsilon, statistics);
        return;
    }
    float mean = 0, variance = 0;
    for (long i = 0; i < width; i++) mean += x[i];
    mean /= (float)width;
    for (long i = 0; i < width; i++) variance += (x[i] - mean) * (x[i] - mean);
    const float inverse = 1.0f / sqrtf(variance / (float)width + epsilon);
    for (long i = 0; i < width; i++) y[i] = (x[i] - mean) * inverse * weight[i] + bias[i];
    if (statistics) statistics[0] = mean, statistics[1] = inverse;
}

long ieum_first_above(const float *x, long count, float offset, float bar) {
    if (ieum_fast_kernels()) return first_above_avx2(x, count, offset, bar);
    for (long i = 0; i < count; i++) {
        if (x[i] + offset > bar) return i;
    }
    return count;
}
