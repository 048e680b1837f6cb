// Kernels in C for the hot loops: matrix products against weights packed once, in float32 and
// int8 (the decoder's products have few rows, so BLAS's repacking of the weights on every call
// costs as much as the arithmetic), attention's products, and row kernels eight lanes at a time.
#ifndef IEUM_CKERNELS_H
#define IEUM_CKERNELS_H

#include <stddef.h>
#include <stdint.h>

/// With `on`, this thread runs every kernel's plain loops (the reference the tests compare the
/// AVX2/FMA versions against); off by default.
void ieum_use_reference_kernels(int on);

/// With `on`, this thread runs the AVX2 versions even where the processor has AVX-512 (the
/// tests check that both give the same bits); off by default.
void ieum_use_avx2_kernels(int on);

/// Outputs per panel of the packed matrices.
enum { IEUM_PANEL_WIDTH = 16 };

/// Floats needed to pack an n × k matrix (n rounded up to a multiple of 16).
size_t ieum_packed_count(long n, long k);

/// Packs W (n × k; W[i][j] at w[i · row_stride + j · column_stride], so (k, 1) for row-major
/// PyTorch out × in, (1, n) for its transpose) into panels of 16 rows: panel p holds, for each
/// k, W[16p + j][k] for j = 0…15 (zeros past n). `packed` must be 64-byte aligned.
void ieum_pack(const float *w, long n, long k, long row_stride, long column_stride, float *packed);

/// C (m × n, row stride ldc) = A (m × k, row stride lda) · Wᵀ + bias (n values; none when
/// NULL), with W packed by ieum_pack.
void ieum_packed_multiply(const float *a, long lda, const float *packed, long n, long k,
                          float *c, long ldc, long m, const float *bias);

/// Bytes needed to hold an n × k matrix packed as int8 (n rounded up to 16, k to 4).
size_t ieum_int8_packed_count(long n, long k);

/// Quantizes W (n × k, row-major) per output row, symmetric: scales[i] = max |W[i]| / 127 and
/// q = round(W / scale) in −127…127; packs q in panels of 16 outputs and groups of 4 inputs
/// (panel p, group g holds W[16p + j][4g + t] at byte 4j + t; zeros past n and k) and writes
/// sums[i] = Σ q[i]. `packed` must be 64-byte aligned; scales and sums hold n values.
void ieum_int8_pack(const float *w, long n, long k, int8_t *packed, float *scales, int32_t *sums);

/// Bytes of workspace `ieum_int8_multiply` needs for m rows of k inputs.
size_t ieum_int8_workspace_count(long m, long k);

/// C (m × n, row stride ldc) ≈ A (m × k, row stride lda) · Wᵀ + bias (n values; none when
/// NULL), W packed by ieum_int8_pack: each row of A is quantized like W's rows, the products
/// are summed exactly in int32 and scaled back, sum · (scale of A's row · scale of W's row).
void ieum_int8_multiply(const float *a, long lda, const int8_t *packed, const float *scales, const int32_t *sums, long n, long k,
                        float *c, long ldc, long m, const float *bias, void *workspace);

/// The largest |x| of `count` values (0 for none).
float ieum_maximum_magnitude(const float *x, long count);

/// The largest of `count` values (−∞ for none).
float ieum_maximum(const float *x, long count);

/// The sum of `count` values.
float ieum_sum(const float *x, long count);

/// x[i] = e^(x[i] − shift) for each of `count` values; returns their sum.
float ieum_exp_shifted(float *x, long count, float shift);

/// The sum of e^(x[i] − shift) over `count` values, x unchanged.
float ieum_sum_exp_shifted(const float *x, long count, float shift);

/// Swish (SiLU), x · sigmoid(x), in place.
void ieum_swish(float *x, long count);

/// Layer norm of one row of `width` values: y = (x − mean) / √(variance + epsilon) · weight +
/// bias; y may be x. With `statistics`, writes the mean and 1 / √(variance + epsilon) there
/// (what the backward pass needs).
void ieum_layer_norm(const float *x, float *y, long width, const float *weight, const float *bias, float epsilon,
                     float *statistics);

/// The first i with x[i] + offset > bar (Float sums), or `count` if none.
long ieum_first_above(const float *x, long count, float offset, float bar);

/// Attention scores: scores (queries × keys, contiguous) = scale · Q Kᵀ, Q
/// (queries × d) and K (keys × d) with row strides ldq and ldk.
void ieum_attention_scores(const float *q, long ldq, const float *k, long ldk, long queries, long keys, long d, float scale,
                           float *scores);

/// Attended values: out (queries × d, row stride ldo) = W V, W (queries ×
/// keys, contiguous) and V (keys × d, row stride ldv).
void ieum_attention_values(const float *w, long queries, long keys, const float *v, long ldv, long d, float *out, long ldo);

#endif
