// C = A · Wᵀ in int8: W quantized once per output row, A per row at run time, products summed
// exactly in int32 and scaled back to float. AVX-512 VNNI (vpdpbusd, unsigned activations with
// a compensation term), AVX2 (vpmaddubsw on |a| and sign(a)·w, which cannot saturate since
// both are at most 127) and plain loops all compute the same integers, so they give the same
// bits.
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "ckernels.h"
#include "dispatch.h"

#if defined(__x86_64__)
#include <immintrin.h>
#define IEUM_X86 1
#endif

enum { PANEL = IEUM_PANEL_WIDTH, ROWS = 6, GROUP = 4 };

/// k rounded up to whole groups of four inputs (one 32-bit lane of a product instruction).
static long padded_inputs(long k) { return (k + GROUP - 1) / GROUP * GROUP; }

size_t ieum_int8_packed_count(long n, long k) {
    return (size_t)((n + PANEL - 1) / PANEL) * PANEL * (size_t)padded_inputs(k);
}

/// x / scale rounded to the nearest integer (ties to even, as the vector conversions round),
/// as int8; `inverse` is 127 / max |row|.
static int8_t quantize(float x, float inverse) {
    const float scaled = x * inverse;
    const long rounded = lrintf(scaled);
    return (int8_t)(rounded > 127 ? 127 : rounded < -127 ? -127 : rounded);
}

void ieum_int8_pack(const float *w, long n, long k, int8_t *packed, float *scales, int32_t *sums) {
    const long kp = padded_inputs(k);
    memset(packed, 0, ieum_int8_packed_count(n, k));
    for (long row = 0; row < n; row++) {
        const float *x = w + row * k;
        const float largest = ieum_maximum_magnitude(x, k);
        scales[row] = largest / 127.0f;
        const float inverse = largest > 0 ? 127.0f / largest : 0;
        // Panel p, group g: 16 outputs × 4 inputs, output j's four inputs side by side.
        int8_t *panel = packed + row / PANEL * PANEL * kp;
        int32_t sum = 0;
        for (long inner = 0; inner < k; inner++) {
            const int8_t q = quantize(x[inner], inverse);
            panel[inner / GROUP * PANEL * GROUP + row % PANEL * GROUP + inner % GROUP] = q;
            sum += q;
        }
        sums[row] = sum;
    }
}

/// Quantizes one row of k values with `inverse` = 127 / max |row| into q (k values, plus
/// `offset`).
static void quantize_row_portable(const float *x, long k, float inverse, uint8_t offset, uint8_t *q) {
    for (long inner = 0; inner < k; inner++) q[inner] = (uint8_t)((uint8_t)quantize(x[inner], inverse) + offset);
}

#ifdef IEUM_X86
/// `quantize_row_portable` 32 values at a time: vcvtps2dq rounds ties to even like lrintf,
/// and the saturating packs never bind (|x| · inverse ≤ 127).
__attribute__((target("avx2,fma")))
static void quantize_row_avx2(const float *x, long k, float inverse, uint8_t offset, uint8_t *q) {
    const __m256 scale = _mm256_set1_ps(inverse);
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7), shift = _mm256_set1_epi8((char)offset);
    long inner = 0;
    for (; inner + 32 <= k; inner += 32) {
        __m256i v[4];
        for (int part = 0; part < 4; part++) v[part] = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x + inner + 8 * part), scale));
        const __m256i bytes = _mm256_packs_epi16(_mm256_packs_epi32(v[0], v[1]), _mm256_packs_epi32(v[2], v[3]));
        _mm256_storeu_si256((__m256i *)(q + inner), _mm256_add_epi8(_mm256_permutevar8x32_epi32(bytes, order), shift));
    }
    quantize_row_portable(x + inner, k - inner, inverse, offset, q + inner);
}
#endif

/// Quantizes each of A's m rows to int8 (zeros past k), plus `offset` (128 for unsigned
/// activations, 0 for signed); writes each row's scale, max |row| / 127.
static void quantize_rows(const float *a, long lda, long m, long k, uint8_t offset, uint8_t *out, float *scales) {
    const long kp = padded_inputs(k);
    void (*quantize_row)(const float *, long, float, uint8_t, uint8_t *) = quantize_row_portable;
#ifdef IEUM_X86
    if (ieum_fast_kernels()) quantize_row = quantize_row_avx2;
#endif
    for (long row = 0; row < m; row++) {
        const float *x = a + row * lda;
        const float largest = ieum_maximum_magnitude(x, k);
        scales[row] = largest / 127.0f;
        const float inverse = largest > 0 ? 127.0f / largest : 0;
        uint8_t *q = out + row * kp;
        quantize_row(x, k, inverse, offset, q);
        for (long inner = k; inner < kp; inner++) q[inner] = offset;
    }
}

/// c = sum · (row scale · column scale) + bias, in this order in every version.
static float dequantize(int32_t sum, float row_scale, float column_scale, const float *bias, long column) {
    const float scale = row_scale * column_scale;
    const float value = (float)sum * scale;
    return bias ? value + bias[column] : value;
}

static void kernel_portable(const uint8_t *a, long lda, const int8_t *panel, long groups, const float *row_scales,
                            const float *column_scales, const int32_t *column_sums, float *c, long ldc, long rows, long columns,
                            const float *bias) {
    (void)column_sums;
    for (long r = 0; r < rows; r++) {
        const int8_t *x = (const int8_t *)(a + r * lda);
        for (long j = 0; j < columns; j++) {
            int32_t sum = 0;
            for (long g = 0; g < groups; g++) {
                for (long t = 0; t < GROUP; t++) sum += (int32_t)x[g * GROUP + t] * panel[(g * PANEL + j) * GROUP + t];
            }
            c[r * ldc + j] = dequantize(sum, row_scales[r], column_scales[j], bias, j);
        }
    }
}

#ifdef IEUM_X86
/// Writes one row's 16 sums (or the first `columns`) scaled back to float.
__attribute__((target("avx512f"), always_inline))
static inline void store_row_avx512(__m512i sums, float row_scale, const float *column_scales, const float *bias, float *out,
                                    long columns) {
    const __mmask16 mask = (__mmask16)((1u << columns) - 1);
    const __m512 scale = _mm512_mul_ps(_mm512_set1_ps(row_scale), _mm512_maskz_loadu_ps(mask, column_scales));
    __m512 value = _mm512_mul_ps(_mm512_cvtepi32_ps(sums), scale);
    if (bias) value = _mm512_add_ps(value, _mm512_maskz_loadu_ps(mask, bias));
    _mm512_mask_storeu_ps(out, mask, value);
}

/// vpdpbusd multiplies unsigned by signed bytes: the activations carry +128, and 128 · Σ w
/// per column is taken off again. 6 rows × one or two neighbouring panels (`PANELS_USED`), as
/// the float32 AVX-512 kernel.
__attribute__((target("avx512f,avx512bw,avx512vnni"), always_inline))
static inline void kernel_vnni_rows(const long rows_used, const long panels_used, const uint8_t *a, long lda, const int8_t *panel,
                                    long groups, const float *row_scales, const float *column_scales, const int32_t *column_sums,
                                    float *c, long ldc, long columns, const float *bias) {
    const long panel_bytes = groups * PANEL * GROUP;
    __m512i sums[ROWS][2];
    for (long r = 0; r < ROWS; r++) sums[r][0] = sums[r][1] = _mm512_setzero_si512();
    for (long g = 0; g < groups; g++) {
        __m512i w[2];
        for (long p = 0; p < panels_used; p++) {
            w[p] = _mm512_load_si512((const void *)(panel + p * panel_bytes + g * PANEL * GROUP));
            _mm_prefetch((const char *)(panel + p * panel_bytes + (g + 16) * PANEL * GROUP), _MM_HINT_T0);
        }
        for (long r = 0; r < rows_used; r++) {
            int32_t four;
            memcpy(&four, a + r * lda + g * GROUP, sizeof four);
            const __m512i x = _mm512_set1_epi32(four);
            for (long p = 0; p < panels_used; p++) sums[r][p] = _mm512_dpbusd_epi32(sums[r][p], x, w[p]);
        }
    }
    for (long p = 0; p < panels_used; p++) {
        const long width = columns - p * PANEL < PANEL ? columns - p * PANEL : PANEL;
        const __mmask16 mask = (__mmask16)((1u << width) - 1);
        const __m512i compensation = _mm512_slli_epi32(_mm512_maskz_loadu_epi32(mask, column_sums + p * PANEL), 7);
        for (long r = 0; r < rows_used; r++) {
            store_row_avx512(_mm512_sub_epi32(sums[r][p], compensation), row_scales[r], column_scales + p * PANEL,
                             bias ? bias + p * PANEL : NULL, c + r * ldc + p * PANEL, width);
        }
    }
}

#define KERNEL_VNNI_ONE(rows, ...) kernel_vnni_rows(rows, 1, __VA_ARGS__)
#define KERNEL_VNNI_TWO(rows, ...) kernel_vnni_rows(rows, 2, __VA_ARGS__)

__attribute__((target("avx512f,avx512bw,avx512vnni")))
static void kernel_vnni(const uint8_t *a, long lda, const int8_t *panel, long groups, const float *row_scales,
                        const float *column_scales, const int32_t *column_sums, float *c, long ldc, long rows, long columns,
                        const float *bias) {
    if (columns > PANEL) {
        WITH_CONSTANT_ROWS(KERNEL_VNNI_TWO, rows, a, lda, panel, groups, row_scales, column_scales, column_sums, c, ldc, columns, bias)
    } else {
        WITH_CONSTANT_ROWS(KERNEL_VNNI_ONE, rows, a, lda, panel, groups, row_scales, column_scales, column_sums, c, ldc, columns, bias)
    }
}

/// vpmaddubsw on |a| and sign(a) · w: each pair's sum is at most 2 · 127 · 127 < 2^15, so the
/// 16-bit sums never saturate; vpmaddwd with ones widens them to 32 bits.
__attribute__((target("avx2,fma"), always_inline))
static inline void kernel_avx2_rows(const long rows_used, const uint8_t *a, long lda, const int8_t *panel, long groups,
                                    const float *row_scales, const float *column_scales, const int32_t *column_sums, float *c,
                                    long ldc, long columns, const float *bias) {
    (void)column_sums;
    const __m256i ones = _mm256_set1_epi16(1);
    __m256i sums[ROWS][2];
    for (long r = 0; r < ROWS; r++) sums[r][0] = sums[r][1] = _mm256_setzero_si256();
    for (long g = 0; g < groups; g++) {
        const __m256i w0 = _mm256_load_si256((const __m256i *)(panel + g * PANEL * GROUP));
        const __m256i w1 = _mm256_load_si256((const __m256i *)(panel + g * PANEL * GROUP + 32));
        _mm_prefetch((const char *)(panel + (g + 16) * PANEL * GROUP), _MM_HINT_T0);
        for (long r = 0; r < rows_used; r++) {
            int32_t four;
            memcpy(&four, a + r * lda + g * GROUP, sizeof four);
            const __m256i x = _mm256_set1_epi32(four), magnitude = _mm256_abs_epi8(x);
            sums[r][0] = _mm256_add_epi32(sums[r][0], _mm256_madd_epi16(_mm256_maddubs_epi16(magnitude, _mm256_sign_epi8(w0, x)), ones));
            sums[r][1] = _mm256_add_epi32(sums[r][1], _mm256_madd_epi16(_mm256_maddubs_epi16(magnitude, _mm256_sign_epi8(w1, x)), ones));
        }
    }
    for (long r = 0; r < rows_used; r++) {
        int32_t row[PANEL];
        _mm256_storeu_si256((__m256i *)row, sums[r][0]);
        _mm256_storeu_si256((__m256i *)(row + 8), sums[r][1]);
        for (long j = 0; j < columns; j++) c[r * ldc + j] = dequantize(row[j], row_scales[r], column_scales[j], bias, j);
    }
}

__attribute__((target("avx2,fma")))
static void kernel_avx2(const uint8_t *a, long lda, const int8_t *panel, long groups, const float *row_scales,
                        const float *column_scales, const int32_t *column_sums, float *c, long ldc, long rows, long columns,
                        const float *bias) {
    WITH_CONSTANT_ROWS(kernel_avx2_rows, rows, a, lda, panel, groups, row_scales, column_scales, column_sums, c, ldc, columns, bias)
}
#endif

size_t ieum_int8_workspace_count(long m, long k) {
    return (size_t)m * ((size_t)padded_inputs(k) + sizeof(float));
}

void ieum_int8_multiply(const float *a, long lda, const int8_t *packed, const float *scales, const int32_t *sums, long n, long k,
                        float *c, long ldc, long m, const float *bias, void *workspace) {
    typedef void (*Kernel)(const uint8_t *, long, const int8_t *, long, const float *, const float *, const int32_t *, float *, long,
                           long, long, const float *);
    Kernel kernel = kernel_portable;
    uint8_t offset = 0;
    long block_columns = PANEL;  // two panels a block for the VNNI kernel
#ifdef IEUM_X86
    if (ieum_vnni_kernels()) {
        kernel = kernel_vnni;
        offset = 128;
        block_columns = 2 * PANEL;
    } else if (ieum_fast_kernels()) {
        kernel = kernel_avx2;
    }
#endif
    const long kp = padded_inputs(k);
    float *row_scales = workspace;
    uint8_t *quantized = (uint8_t *)(row_scales + m);
    quantize_rows(a, lda, m, k, offset, quantized, row_scales);
    // As in the float32 product: each block of W's panels stays in cache while every block of
    // rows goes past it.
    for (long panel = 0; panel < n; panel += block_columns) {
        const long columns = n - panel < block_columns ? n - panel : block_columns;
        for (long row = 0; row < m; row += ROWS) {
            const long rows = m - row < ROWS ? m - row : ROWS;
            kernel(quantized + row * kp, kp, packed + panel * kp, kp / GROUP, row_scales + row, scales + panel, sums + panel,
                   c + row * ldc + panel, ldc, rows, columns, bias ? bias + panel : NULL);
        }
    }
}
