// Matrix products against weights packed once: the decoder's products have few rows, so
// BLAS's repacking of the weights on every call costs as much as the arithmetic.
#ifndef IEUM_CKERNELS_H
#define IEUM_CKERNELS_H

#include <stddef.h>

/// Floats needed to pack an n × k matrix (n rounded up to a multiple of 16).
size_t ieum_packed_count(long n, long k);

/// Packs W (n × k, row-major: PyTorch's out × in) into panels of 16 rows: panel p holds, for
/// each k, W[16p + j][k] for j = 0…15 (zeros past n). `packed` must be 32-byte aligned.
void ieum_pack(const float *w, long n, long k, float *packed);

/// C (m × n, row stride ldc) = A (m × k, row stride lda) · Wᵀ, or C += when `accumulate`,
/// with W packed by ieum_pack.
void ieum_packed_multiply(const float *a, long lda, const float *packed, long n, long k,
                          float *c, long ldc, long m, int accumulate);

#endif
