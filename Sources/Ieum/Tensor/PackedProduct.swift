// Products through the packed kernel with B packed for the one call: training's products
// against its weights, whose rows are a whole batch.
import CKernels

/// C (m × n, row stride ldc) = A (m × k, row stride lda) · Bᵀ + bias (n values, if any), added
/// to C when `accumulate`, with B (n × k) read through its strides: B[j][i] at
/// b[j · rowStride + i · columnStride] ((k, 1) for a weight as PyTorch stores it, (1, n) for
/// its transpose). B is packed once for the call, then blocks of 384 rows of A go through the
/// packed kernel on all cores; each output is summed over k in one order, whatever the blocks
/// or cores. On this machine (AMD EPYC Zen 5, OpenBLAS held to its AVX2 kernel by the
/// machine's settings) that is twice OpenBLAS's rate: 239 against 116 GFLOP/s for
/// 6000 × 1024 × 256 on one core.
func packedMatrixMultiply(_ a: UnsafePointer<Float>, rowStride lda: Int, _ b: UnsafePointer<Float>, rowStride: Int, columnStride: Int,
                          into c: UnsafeMutablePointer<Float>, rowStride ldc: Int, m: Int, n: Int, k: Int,
                          bias: UnsafePointer<Float>? = nil, accumulate: Bool = false) {
    let count = max(ieum_packed_count(n, k), 1)
    let packed = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
        .bindMemory(to: Float.self, capacity: count)
    defer { packed.deallocate() }
    ieum_pack(b, n, k, rowStride, columnStride, packed)
    // An accumulating product is computed aside (n wide), then added.
    let (products, productStride) = accumulate ? (UnsafeMutablePointer<Float>.allocate(capacity: max(m * n, 1)), n) : (c, ldc)
    defer { if accumulate { products.deallocate() } }
    nonisolated(unsafe) let (a, b, target, bias) = (a, UnsafePointer(packed), products, bias)
    forEachChunk(of: m, size: 384) { rows in
        ieum_packed_multiply(a + rows.lowerBound * lda, lda, b, n, k, target + rows.lowerBound * productStride, productStride, rows.count, bias)
    }
    guard accumulate else { return }
    for row in 0..<m {
        let product = products + row * n, sum = c + row * ldc
        for column in 0..<n { sum[column] += product[column] }
    }
}

/// C (m × n, row stride ldc) += Aᵀ · B (or = without `accumulate`) for A (k × m) and B (k × n),
/// both stored row by row over k (a weight's gradient, doutᵀ · inp, summed over a batch's
/// rows): Aᵀ is copied out in tiles of 32 × 32, B read transposed, and the product runs
/// through `packedMatrixMultiply`. For the products whose Aᵀ is small enough to copy (the
/// linear layers'; not the output projection's, whose Aᵀ would hold the whole batch's logits
/// again).
func packedTransposedProduct(_ a: UnsafePointer<Float>, rowStride lda: Int, _ b: UnsafePointer<Float>, rowStride ldb: Int,
                             into c: UnsafeMutablePointer<Float>, rowStride ldc: Int, m: Int, n: Int, k: Int, accumulate: Bool = true) {
    let transposed = UnsafeMutablePointer<Float>.allocate(capacity: max(m * k, 1))  // (m, k)
    defer { transposed.deallocate() }
    let tile = 32
    for rowStart in stride(from: 0, to: k, by: tile) {
        for columnStart in stride(from: 0, to: m, by: tile) {
            for row in rowStart..<min(rowStart + tile, k) {
                let from = a + row * lda
                for column in columnStart..<min(columnStart + tile, m) { transposed[column * k + row] = from[column] }
            }
        }
    }
    packedMatrixMultiply(transposed, rowStride: k, b, rowStride: 1, columnStride: ldb, into: c, rowStride: ldc, m: m, n: n, k: k,
                         accumulate: accumulate)
}

/// C (n × m, row stride ldc) += Bᵀ · A for A (k × m) and B (k × n, row stride ldb), for a B too
/// wide to copy out whole (the output projection's weight gradient: B the batch's logits, n the
/// vocabulary). B's columns go in blocks of 1,024 on all cores: each block's Aᵀ · B through
/// `packedTransposedProduct`, then added into its rows of C.
func packedWideTransposedProduct(_ a: UnsafePointer<Float>, rowStride lda: Int, _ b: UnsafePointer<Float>, rowStride ldb: Int,
                                 into c: UnsafeMutablePointer<Float>, rowStride ldc: Int, m: Int, n: Int, k: Int) {
    nonisolated(unsafe) let (a, b, c) = (a, b, c)
    let block = 1024
    forEachChunk(of: n, size: block) { columns in
        let width = columns.count
        let product = UnsafeMutablePointer<Float>.allocate(capacity: max(m * width, 1))  // (m, width) = Aᵀ · B[:, columns]
        defer { product.deallocate() }
        packedTransposedProduct(a, rowStride: lda, b + columns.lowerBound, rowStride: ldb, into: product, rowStride: width,
                                m: m, n: width, k: k, accumulate: false)
        for column in 0..<width {
            let row = c + (columns.lowerBound + column) * ldc
            for index in 0..<m { row[index] += product[index * width + column] }
        }
    }
}
