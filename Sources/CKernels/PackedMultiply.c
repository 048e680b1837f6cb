// C = A · Wᵀ over weights packed in panels of 16 outputs: a 6 × 16 (6 × 32) register-blocked kernel
// with AVX-512 or AVX2 and FMA where the processor has them, and plain loops otherwise. The
// vector versions accumulate each output over k in the same order with the same fused
// multiply-adds, so they give the same bits.
#include "ckernels.h"
#include "dispatch.h"

#if defined(__x86_64__)
#include <immintrin.h>
#define IEUM_X86 1
#endif

enum { PANEL = IEUM_PANEL_WIDTH, ROWS = 6 };

size_t ieum_packed_count(long n, long k) {
    return (size_t)((n + PANEL - 1) / PANEL) * PANEL * (size_t)k;
}

void ieum_pack(const float *w, long n, long k, long row_stride, long column_stride, float *packed) {
    for (long panel = 0; panel < n; panel += PANEL) {
        float *out = packed + panel * k;
        for (long inner = 0; inner < k; inner++) {
            for (long j = 0; j < PANEL; j++) {
                out[inner * PANEL + j] = panel + j < n ? w[(panel + j) * row_stride + inner * column_stride] : 0.0f;
            }
        }
    }
}

/// Writes a rows × columns block of the kernel's 6 × 16 result into C, plus the bias's columns
/// (if any).
static void store_block(const float block[ROWS][PANEL], float *c, long ldc, long rows, long columns, const float *bias) {
    for (long r = 0; r < rows; r++) {
        for (long j = 0; j < columns; j++) c[r * ldc + j] = (bias ? bias[j] : 0.0f) + block[r][j];
    }
}

static void kernel_portable(const float *a, long lda, const float *panel, long k, float *c, long ldc,
                            long rows, long columns, const float *bias) {
    float block[ROWS][PANEL] = {{0}};
    for (long r = 0; r < rows; r++) {
        for (long inner = 0; inner < k; inner++) {
            const float x = a[r * lda + inner];
            for (long j = 0; j < PANEL; j++) block[r][j] += x * panel[inner * PANEL + j];
        }
    }
    store_block(block, c, ldc, rows, columns, bias);
}

#ifdef IEUM_X86
/// The 6 × 16 kernel for `ROWS_USED` rows (a constant in each caller, so that the compiler
/// drops the other rows' work).
__attribute__((target("avx2,fma"), always_inline))
static inline void kernel_avx2_rows(const long rows_used, const float *a, long lda, const float *panel, long k, float *c,
                                    long ldc, long columns, const float *bias) {
    __m256 sums[ROWS][2];
    for (long r = 0; r < ROWS; r++) sums[r][0] = sums[r][1] = _mm256_setzero_ps();
    for (long inner = 0; inner < k; inner++) {
        const __m256 b0 = _mm256_load_ps(panel + inner * PANEL), b1 = _mm256_load_ps(panel + inner * PANEL + 8);
        _mm_prefetch((const char *)(panel + (inner + 32) * PANEL), _MM_HINT_T0);
        for (long r = 0; r < rows_used; r++) {
            const __m256 x = _mm256_broadcast_ss(a + r * lda + inner);
            sums[r][0] = _mm256_fmadd_ps(x, b0, sums[r][0]);
            sums[r][1] = _mm256_fmadd_ps(x, b1, sums[r][1]);
        }
    }
    if (columns == PANEL) {
        for (long r = 0; r < rows_used; r++) {
            float *out = c + r * ldc;
            __m256 low = sums[r][0], high = sums[r][1];
            if (bias) {
                low = _mm256_add_ps(low, _mm256_loadu_ps(bias));
                high = _mm256_add_ps(high, _mm256_loadu_ps(bias + 8));
            }
            _mm256_storeu_ps(out, low);
            _mm256_storeu_ps(out + 8, high);
        }
        return;
    }
    float block[ROWS][PANEL];
    for (long r = 0; r < rows_used; r++) {
        _mm256_storeu_ps(block[r], sums[r][0]);
        _mm256_storeu_ps(block[r] + 8, sums[r][1]);
    }
    store_block((const float (*)[PANEL])block, c, ldc, rows_used, columns, bias);
}

__attribute__((target("avx2,fma")))
static void kernel_avx2(const float *a, long lda, const float *panel, long k, float *c, long ldc,
                        long rows, long columns, const float *bias) {
    WITH_CONSTANT_ROWS(kernel_avx2_rows, rows, a, lda, panel, k, c, ldc, columns, bias)
}

/// The AVX-512 kernel: 6 rows × one or two neighbouring panels (`PANELS_USED`, a constant in
/// each caller), one 16-lane register per row and panel. Two panels give twelve sums in flight
/// and two loads plus six broadcasts for twelve multiply-adds a step: 10% faster than six rows
/// of one panel, and than twelve rows of one panel (beam 4, transformer-base). `columns` is the
/// block's width, 1…16 for one panel, 17…32 for two.
__attribute__((target("avx512f"), always_inline))
static inline void kernel_avx512_rows(const long rows_used, const long panels_used, const float *a, long lda, const float *panel,
                                      long k, float *c, long ldc, long columns, const float *bias) {
    __m512 sums[ROWS][2];
    for (long r = 0; r < ROWS; r++) sums[r][0] = sums[r][1] = _mm512_setzero_ps();
    for (long inner = 0; inner < k; inner++) {
        __m512 b[2];
        for (long p = 0; p < panels_used; p++) {
            b[p] = _mm512_load_ps(panel + p * PANEL * k + inner * PANEL);
            _mm_prefetch((const char *)(panel + p * PANEL * k + (inner + 32) * PANEL), _MM_HINT_T0);
        }
        for (long r = 0; r < rows_used; r++) {
            const __m512 x = _mm512_set1_ps(a[r * lda + inner]);
            for (long p = 0; p < panels_used; p++) sums[r][p] = _mm512_fmadd_ps(x, b[p], sums[r][p]);
        }
    }
    for (long p = 0; p < panels_used; p++) {
        const long width = columns - p * PANEL < PANEL ? columns - p * PANEL : PANEL;
        const __mmask16 mask = (__mmask16)((1u << width) - 1);
        for (long r = 0; r < rows_used; r++) {
            const __m512 out = bias ? _mm512_add_ps(sums[r][p], _mm512_maskz_loadu_ps(mask, bias + p * PANEL)) : sums[r][p];
            _mm512_mask_storeu_ps(c + r * ldc + p * PANEL, mask, out);
        }
    }
}

#define KERNEL_AVX512_ONE(rows, ...) kernel_avx512_rows(rows, 1, __VA_ARGS__)
#define KERNEL_AVX512_TWO(rows, ...) kernel_avx512_rows(rows, 2, __VA_ARGS__)

__attribute__((target("avx512f")))
static void kernel_avx512(const float *a, long lda, const float *panel, long k, float *c, long ldc,
                          long rows, long columns, const float *bias) {
    if (columns > PANEL) {
        WITH_CONSTANT_ROWS(KERNEL_AVX512_TWO, rows, a, lda, panel, k, c, ldc, columns, bias)
    } else {
        WITH_CONSTANT_ROWS(KERNEL_AVX512_ONE, rows, a, lda, panel, k, c, ldc, columns, bias)
    }
}
#endif

void ieum_packed_multiply(const float *a, long lda, const float *packed, long n, long k,
                          float *c, long ldc, long m, const float *bias) {
    void (*kernel)(const float *, long, const float *, long, float *, long, long, long, const float *) = kernel_portable;
    long block_columns = PANEL;  // two panels a block for the AVX-512 kernel
#ifdef IEUM_X86
    if (ieum_avx512_kernels()) {
        kernel = kernel_avx512;
        block_columns = 2 * PANEL;
    } else if (ieum_fast_kernels()) {
        kernel = kernel_avx2;
    }
#endif
    // Each block of W's panels (16 or 32 × k) is read from memory once and stays in cache while
    // every block of 6 rows of A goes past it.
    for (long panel = 0; panel < n; panel += block_columns) {
        const long columns = n - panel < block_columns ? n - panel : block_columns;
        for (long row = 0; row < m; row += ROWS) {
            const long rows = m - row < ROWS ? m - row : ROWS;
            kernel(a + row * lda, lda, packed + panel * k, k, c + row * ldc + panel, ldc, rows, columns,
                   bias ? bias + panel : NULL);
        }
    }
}
