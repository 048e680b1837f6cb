// Matrix products through BLAS: training's, and attention's over long inputs (in tiles).
import CBLAS

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
