// Matrix products through BLAS: every product of the model goes through here.
import CBLAS

/// C (M×N) = A (M×K) · B, where B is K×N, or N×K when `transposedB` (the layout of PyTorch
/// linear weights, `out_features × in_features`). Row-major, contiguous. With `accumulate`
/// the product is added to C instead of replacing it.
///
/// A single row is a matrix-vector product: BLAS's sgemm would first copy all of B into its
/// blocked layout (perf: two thirds of greedy decoding went there), sgemv reads B in place.
@inline(__always)
func matrixMultiply(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into c: UnsafeMutablePointer<Float>,
                    m: Int, n: Int, k: Int, transposedB: Bool = false, accumulate: Bool = false) {
    if m == 1 {
        // c (N) = op(B) a: B is N×K when transposed (rows are outputs), K×N otherwise.
        cblas_sgemv(CblasRowMajor, transposedB ? CblasNoTrans : CblasTrans, Int32(transposedB ? n : k), Int32(transposedB ? k : n),
                    1, b, Int32(transposedB ? k : n), a, 1, accumulate ? 1 : 0, c, 1)
        return
    }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, transposedB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), 1, a, Int32(k), b, Int32(transposedB ? k : n),
                accumulate ? 1 : 0, c, Int32(n))
}

/// The same product with plain loops in Double: the oracle the tests compare BLAS against.
func matrixMultiplyReference(_ a: [Float], _ b: [Float], m: Int, n: Int, k: Int, transposedB: Bool = false) -> [Float] {
    var c = [Float](repeating: 0, count: m * n)
    for row in 0..<m {
        for column in 0..<n {
            var sum = 0.0
            for inner in 0..<k {
                sum += Double(a[row * k + inner]) * Double(transposedB ? b[column * k + inner] : b[inner * n + column])
            }
            c[row * n + column] = Float(sum)
        }
    }
    return c
}

/// The general product on strided row-major matrices: C = alpha · op(A) · op(B) + beta · C,
/// with leading dimensions (row strides) given, so that one head's columns of a wider matrix
/// can be multiplied in place. op(A) is M×K (A stored K×M when `transposedA`), op(B) is K×N
/// (B stored N×K when `transposedB`).
@inline(__always)
func stridedMatrixMultiply(_ a: UnsafePointer<Float>, rowStride strideA: Int, _ b: UnsafePointer<Float>, rowStride strideB: Int,
                           into c: UnsafeMutablePointer<Float>, rowStride strideC: Int, m: Int, n: Int, k: Int,
                           transposedA: Bool = false, transposedB: Bool, alpha: Float = 1, beta: Float = 0) {
    cblas_sgemm(CblasRowMajor, transposedA ? CblasTrans : CblasNoTrans, transposedB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(strideA), b, Int32(strideB), beta, c, Int32(strideC))
}

/// The product of `stridedMatrixMultiply`, C cut into tiles of up to 256×256 that are
/// computed on all cores, each by a single-threaded BLAS call over the whole K. Training calls
/// this with BLAS set to one thread: Dispatch hands out the tiles more cheaply than OpenBLAS
/// hands out its own work (perf: a fifth of a training step went to OpenBLAS's thread
/// hand-off). The tiles do not depend on the core count, so neither does the result.
func tiledMatrixMultiply(_ a: UnsafePointer<Float>, rowStride strideA: Int, _ b: UnsafePointer<Float>, rowStride strideB: Int,
                         into c: UnsafeMutablePointer<Float>, rowStride strideC: Int, m: Int, n: Int, k: Int,
                         transposedA: Bool = false, transposedB: Bool, beta: Float = 0) {
    let tile = 256, rowTiles = (m + tile - 1) / tile, columnTiles = (n + tile - 1) / tile
    nonisolated(unsafe) let (a, b, c) = (a, b, c)
    forEachChunk(of: rowTiles * columnTiles, size: 1) { tiles in
        let row = tiles.lowerBound / columnTiles * tile, column = tiles.lowerBound % columnTiles * tile
        stridedMatrixMultiply(transposedA ? a + row : a + row * strideA, rowStride: strideA,
                              transposedB ? b + column * strideB : b + column, rowStride: strideB,
                              into: c + row * strideC + column, rowStride: strideC, m: min(tile, m - row), n: min(tile, n - column),
                              k: k, transposedA: transposedA, transposedB: transposedB, beta: beta)
    }
}
