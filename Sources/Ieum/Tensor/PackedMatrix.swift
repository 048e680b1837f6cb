// A weight matrix packed once for the decoder's products, which have few rows per call: in
// float32, or quantized to int8.
import CKernels

/// The number type of inference's matrix products, as CTranslate2's `compute_type` names it.
public enum ComputeType: String, CaseIterable, Sendable {
    /// Every product in float32 (the default).
    case float32
    /// The linear layers' and the output projection's products in int8: weights quantized per
    /// output row when the model is loaded, activations per row as they come; layer norm,
    /// softmax and attention stay in float32.
    case int8
}

/// W (n × k, PyTorch's out × in) in panels of 16 outputs, 64-byte aligned, for C = A · Wᵀ.
/// BLAS repacks W on every call: with the handful of rows a decoding step has, that copy
/// took a quarter of greedy decoding's time (perf, transformer-base, batches of 32).
final class PackedMatrix: @unchecked Sendable {
    let rows: Int  // n: outputs
    let columns: Int  // k: inputs
    let computeType: ComputeType
    private let storage: UnsafeMutableRawPointer
    /// int8 only: each output row's scale and the sum of its quantized values.
    private let scales: [Float], sums: [Int32]

    init(_ weight: [Float], rows: Int, columns: Int, computeType: ComputeType = .float32) {
        precondition(weight.count == rows * columns, "a \(rows) × \(columns) matrix has \(rows * columns) values")
        self.rows = rows
        self.columns = columns
        self.computeType = computeType
        switch computeType {
        case .float32:
            let count = ieum_packed_count(rows, columns)
            let floats = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Float>.stride, alignment: 64)
                .bindMemory(to: Float.self, capacity: max(count, 1))
            weight.withUnsafeBufferPointer { ieum_pack($0.baseAddress, rows, columns, columns, 1, floats) }
            storage = UnsafeMutableRawPointer(floats)
            (scales, sums) = ([], [])
        case .int8:
            let bytes = UnsafeMutableRawPointer.allocate(byteCount: max(ieum_int8_packed_count(rows, columns), 1), alignment: 64)
                .bindMemory(to: Int8.self, capacity: max(ieum_int8_packed_count(rows, columns), 1))
            var scales = [Float](repeating: 0, count: rows), sums = [Int32](repeating: 0, count: rows)
            weight.withUnsafeBufferPointer { ieum_int8_pack($0.baseAddress, rows, columns, bytes, &scales, &sums) }
            storage = UnsafeMutableRawPointer(bytes)
            (self.scales, self.sums) = (scales, sums)
        }
    }

    deinit { storage.deallocate() }

    /// Outputs per panel.
    static let panelWidth = Int(IEUM_PANEL_WIDTH)

    /// The float32 panels themselves (nil for int8), for the embedding rows tied to them.
    var floatPanels: UnsafePointer<Float>? {
        computeType == .float32 ? UnsafePointer(storage.assumingMemoryBound(to: Float.self)) : nil
    }

    /// C (m × n) = A (m × k) · Wᵀ + bias (n values, if any); A and C row-major and contiguous.
    func multiply(_ a: UnsafePointer<Float>, rows m: Int, into c: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>? = nil) {
        switch computeType {
        case .float32:
            ieum_packed_multiply(a, columns, storage.assumingMemoryBound(to: Float.self), rows, columns, c, rows, m, bias)
        case .int8:
            let workspace = UnsafeMutableRawPointer.allocate(byteCount: max(ieum_int8_workspace_count(m, columns), 1), alignment: 64)
            defer { workspace.deallocate() }
            ieum_int8_multiply(a, columns, storage.assumingMemoryBound(to: Int8.self), scales, sums, rows, columns, c, rows, m, bias,
                               workspace)
        }
    }
}
