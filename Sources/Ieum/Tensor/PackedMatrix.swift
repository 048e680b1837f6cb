// A weight matrix packed once for the decoder's products, which have few rows per call.
import CKernels

/// W (n × k, PyTorch's out × in) in panels of 16 outputs, 64-byte aligned, for C = A · Wᵀ.
/// BLAS repacks W on every call: with the handful of rows a decoding step has, that copy
/// took a quarter of greedy decoding's time (perf, transformer-base, batches of 32).
final class PackedMatrix: @unchecked Sendable {
    let rows: Int  // n: outputs
    let columns: Int  // k: inputs
    private let storage: UnsafeMutablePointer<Float>

    init(_ weight: [Float], rows: Int, columns: Int) {
        precondition(weight.count == rows * columns, "a \(rows) × \(columns) matrix has \(rows * columns) values")
        self.rows = rows
        self.columns = columns
        let count = ieum_packed_count(rows, columns)
        storage = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Float>.stride, alignment: 64)
            .bindMemory(to: Float.self, capacity: max(count, 1))
        weight.withUnsafeBufferPointer { ieum_pack($0.baseAddress, rows, columns, storage) }
    }

    deinit { storage.deallocate() }

    /// C (m × n) = A (m × k) · Wᵀ + bias (n values, if any); A and C row-major and contiguous.
    func multiply(_ a: UnsafePointer<Float>, rows m: Int, into c: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>? = nil) {
        ieum_packed_multiply(a, columns, storage, rows, columns, c, rows, m, bias)
    }
}
