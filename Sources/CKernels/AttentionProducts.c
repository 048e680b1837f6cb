// The two products of attention, per head: a decoding step has a query or a few per row, and
// at these sizes BLAS's packing and dispatch cost more than the arithmetic. Every score and
// output sums in the same order however many queries a call has, so that decoding step by
// step gives what one pass over the whole target gives. AVX2 and FMA where the processor has
// them and the head width is a multiple of 8, plain loops otherwise.
#include "ckernels.h"
#include "dispatch.h"

#if defined(__x86_64__)
#include <immintrin.h>

/// Query q against keys k, k + ldk, … (`KEYS` of them at once, so that their sums are
/// independent chains): each key's sum runs over d in the same order whatever KEYS is, so a
/// score does not depend on how many queries or keys share the call.
#define SCORE_KEYS(KEYS)                                                                         \
    do {                                                                                         \
        __m256 sums[KEYS];                                                                       \
        for (long t = 0; t < KEYS; t++) sums[t] = _mm256_setzero_ps();                           \
        for (long x = 0; x < d; x += 8) {                                                        \
            const __m256 query = _mm256_loadu_ps(row + x);                                       \
            for (long t = 0; t < KEYS; t++)                                                      \
                sums[t] = _mm256_fmadd_ps(query, _mm256_loadu_ps(k + (j + t) * ldk + x), sums[t]); \
        }                                                                                        \
        for (long t = 0; t < KEYS; t++) scores[i * keys + j + t] = scale * sum_lanes(sums[t]);   \
    } while (0)

__attribute__((target("avx2,fma")))
static void scores_avx2(const float *q, long ldq, const float *k, long ldk, long queries, long keys, long d, float scale,
                        float *scores) {
    for (long i = 0; i < queries; i++) {
        const float *row = q + i * ldq;
        long j = 0;
        for (; j + 8 <= keys; j += 8) SCORE_KEYS(8);
        for (; j < keys; j++) SCORE_KEYS(1);
    }
}

/// Eight columns at a time of one query's output: Σ_j w_j v_j over the keys in order.
__attribute__((target("avx2,fma")))
static void values_avx2(const float *w, long queries, long keys, const float *v, long ldv, long d, float *out, long ldo) {
    for (long i = 0; i < queries; i++) {
        const float *weights = w + i * keys;
        long x = 0;
        for (; x + 64 <= d; x += 64) {
            __m256 sums[8];
            for (long t = 0; t < 8; t++) sums[t] = _mm256_setzero_ps();
            for (long j = 0; j < keys; j++) {
                const __m256 weight = _mm256_set1_ps(weights[j]);
                for (long t = 0; t < 8; t++) sums[t] = _mm256_fmadd_ps(weight, _mm256_loadu_ps(v + j * ldv + x + 8 * t), sums[t]);
            }
            for (long t = 0; t < 8; t++) _mm256_storeu_ps(out + i * ldo + x + 8 * t, sums[t]);
        }
        for (; x < d; x += 8) {
            __m256 sum = _mm256_setzero_ps();
            for (long j = 0; j < keys; j++) sum = _mm256_fmadd_ps(_mm256_set1_ps(weights[j]), _mm256_loadu_ps(v + j * ldv + x), sum);
            _mm256_storeu_ps(out + i * ldo + x, sum);
        }
    }
}

static int use_avx2(long d) { return d % 8 == 0 && ieum_fast_kernels(); }
#else
static int use_avx2(long d) { return 0; }
static void scores_avx2(const float *q, long ldq, const float *k, long ldk, long queries, long keys, long d, float scale,
                        float *scores) {}
static void values_avx2(const float *w, long queries, long keys, const float *v, long ldv, long d, float *out, long ldo) {}
#endif

void ieum_attention_scores(const float *q, long ldq, const float *k, long ldk, long queries, long keys, long d, float scale,
                           float *scores) {
    if (use_avx2(d)) {
        scores_avx2(q, ldq, k, ldk, queries, keys, d, scale, scores);
        return;
    }
    for (long i = 0; i < queries; i++) {
        for (long j = 0; j < keys; j++) {
            float sum = 0;
            for (long x = 0; x < d; x++) sum += q[i * ldq + x] * k[j * ldk + x];
            scores[i * keys + j] = scale * sum;
        }
    }
}

void ieum_attention_values(const float *w, long queries, long keys, const float *v, long ldv, long d, float *out, long ldo) {
    if (use_avx2(d)) {
        values_avx2(w, queries, keys, v, ldv, d, out, ldo);
        return;
    }
    for (long i = 0; i < queries; i++) {
        for (long x = 0; x < d; x++) {
            float sum = 0;
            for (long j = 0; j < keys; j++) sum += w[i * keys + j] * v[j * ldv + x];
            out[i * ldo + x] = sum;
        }
    }
}
