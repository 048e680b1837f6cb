// Reads safetensors files: an 8-byte header length, a JSON header, then little-endian tensors.
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A safetensors file, mapped into memory. Each tensor is read out as Float whatever its
/// stored type (F32, F16, BF16, or I8 with a scale per row in the F32 tensor `NAME_scale`, as
/// CTranslate2 stores int8 weights); damaged files are reported by name, never trusted.
package struct SafeTensorsFile: Sendable {
    /// Storage types this reader converts from.
    package enum DataType: String, Sendable {
        case f32 = "F32", f16 = "F16", bf16 = "BF16", i8 = "I8"

        var byteCount: Int {
            switch self {
            case .f32: 4
            case .f16, .bf16: 2
            case .i8: 1
            }
        }
    }

    package struct TensorInfo: Sendable, Equatable {
        package var dataType: DataType
        package var shape: [Int]
        /// Byte range inside the data that follows the header.
        var range: Range<Int>

        package var elementCount: Int { shape.reduce(1, *) }
    }

    package let name: String
    package let tensors: [String: TensorInfo]
    /// The `__metadata__` strings of the header.
    package let metadata: [String: String]
    private let data: Data
    private let dataStart: Int
    /// Whether `data` maps the file, so that the pages of a tensor read out can be let go.
    private var mapped = false

    package init(url: URL) throws(FormatError) {
        try self.init(data: FormatError.contents(of: url, mapped: true), name: url.path)
        mapped = true
    }

    package init(data: Data, name: String) throws(FormatError) {
        func fail(_ reason: String) -> FormatError { FormatError(file: name, reason: reason) }
        guard data.count >= 8 else { throw fail("too short for safetensors (\(data.count) bytes; the header length alone takes 8)") }
        let headerLength = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        guard headerLength > 0, headerLength <= data.count - 8 else {
            throw fail("damaged: the header claims \(headerLength) bytes but the file has \(data.count - 8) after its length")
        }
        guard let header = try? JSONSerialization.jsonObject(with: data.subdata(in: (data.startIndex + 8)..<(data.startIndex + 8 + headerLength))) as? [String: Any] else {
            throw fail("damaged: the header is not a JSON object")
        }
        let payload = data.count - 8 - headerLength
        var tensors: [String: TensorInfo] = [:]
        var metadata: [String: String] = [:]
        for (key, value) in header {
            if key == "__metadata__" {
                metadata = value as? [String: String] ?? [:]
                continue
            }
            guard let entry = value as? [String: Any], let typeName = entry["dtype"] as? String,
                  let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int], offsets.count == 2 else {
                throw fail("damaged: tensor \(key) lacks dtype, shape or data_offsets")
            }
            guard let dataType = DataType(rawValue: typeName) else {
                throw fail("tensor \(key) is \(typeName); supported: F32, F16, BF16, I8")
            }
            // Sizes from outside are checked for overflow before anything is computed from them.
            var elementCount = 1
            for dimension in shape {
                let (product, overflow) = elementCount.multipliedReportingOverflow(by: dimension)
                guard dimension >= 0, !overflow else { throw fail("damaged: tensor \(key) has the impossible shape \(shape)") }
                elementCount = product
            }
            let bytes = elementCount.multipliedReportingOverflow(by: dataType.byteCount)
            guard !bytes.overflow, offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= payload,
                  offsets[1] - offsets[0] == bytes.partialValue else {
                throw fail("truncated or damaged: tensor \(key) (\(typeName) \(shape)) needs bytes \(offsets[0])..<\(offsets[1]) of \(payload)")
            }
            tensors[key] = TensorInfo(dataType: dataType, shape: shape, range: offsets[0]..<offsets[1])
        }
        // Tensors may not share bytes.
        let ranges = tensors.sorted { ($0.value.range.lowerBound, $0.key) < ($1.value.range.lowerBound, $1.key) }
        for (previous, next) in zip(ranges, ranges.dropFirst()) where next.value.range.lowerBound < previous.value.range.upperBound {
            throw fail("damaged: tensors \(previous.key) and \(next.key) overlap in the data")
        }
        self.name = name
        self.tensors = tensors
        self.metadata = metadata
        self.data = data
        self.dataStart = 8 + headerLength
    }

    /// The tensor's values as Float, checking its shape when one is expected; a tensor that
    /// holds NaN or an infinity is refused, since no computation with it means anything.
    package func floats(_ key: String, shape expected: [Int]? = nil) throws(FormatError) -> [Float] {
        guard let info = tensors[key] else { throw FormatError(file: name, reason: "has no tensor \(key)") }
        if let expected, expected != info.shape {
            throw FormatError(file: name, reason: "tensor \(key) has shape \(info.shape), the configuration says \(expected)")
        }
        var values = convertedValues(info)
        releasePages(of: info)
        if info.dataType == .i8 {
            // int8 × the scale of its row.
            let scaleKey = key + "_scale", rows = info.shape.first ?? 1
            guard let scaleInfo = tensors[scaleKey], scaleInfo.dataType != .i8, scaleInfo.elementCount == rows else {
                throw FormatError(file: name, reason: "tensor \(key) is I8 but has no \(scaleKey) with one scale per row (\(rows))")
            }
            let scales = convertedValues(scaleInfo), columns = rows == 0 ? 0 : values.count / rows
            for row in 0..<rows { for column in 0..<columns { values[row * columns + column] *= scales[row] } }
        }
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw FormatError(file: name, reason: "tensor \(key) holds \(values[index]) at element \(index); the weights are damaged")
        }
        return values
    }

    private func convertedValues(_ info: TensorInfo) -> [Float] {
        let start = data.startIndex + dataStart + info.range.lowerBound
        return data[start..<(start + info.range.count)].withUnsafeBytes { raw in
            let count = info.elementCount
            switch info.dataType {
            case .f32:
                // Little-endian IEEE floats are this machine's own: copy them.
                return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[0..<(4 * count)]))
                    initialized = count
                }
            case .f16:
                return (0..<count).map { Float(Float16(bitPattern: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self)))) }
            case .bf16:
                return (0..<count).map { Float(bitPattern: UInt32(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self))) << 16) }
            case .i8:
                return (0..<count).map { Float(Int8(bitPattern: raw[$0])) }
            }
        }
    }

    /// Lets the kernel drop the file's pages that lie wholly inside a tensor just read (they
    /// would be read from the file again if touched): a model's weights are read once, so the
    /// file need not stay in memory beside the weights made of it.
    private func releasePages(of info: TensorInfo) {
        guard mapped else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress, page > 0 else { return }
            let first = Int(bitPattern: base) + dataStart + info.range.lowerBound, last = first + info.range.count
            let start = (first + page - 1) / page * page, end = last / page * page
            guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
            _ = madvise(pointer, end - start, Int32(MADV_DONTNEED))
        }
    }
}

/// Writes tensors as a safetensors file (F32, F16 or BF16; with I8, each weight matrix is
/// stored as int8 with a symmetric scale per row, max |row| / 127, in `NAME_scale`, and every
/// other tensor as F32), keys sorted, as the safetensors package does.
package enum SafeTensorsWriter {
    package static func data(_ tensors: [String: (shape: [Int], values: [Float])], dataType: SafeTensorsFile.DataType = .f32,
                            metadata: [String: String] = [:]) -> Data {
        var header: [String: Any] = metadata.isEmpty ? [:] : ["__metadata__": metadata]
        var payload = Data()
        var tensors = tensors, types: [String: SafeTensorsFile.DataType] = [:]
        if dataType == .i8 {
            for (key, (shape, values)) in tensors {
                guard shape.count == 2, key.hasSuffix(".weight"), shape[0] > 0 else { types[key] = .f32; continue }
                let columns = shape[1]
                var quantized = values, scales = [Float](repeating: 1, count: shape[0])
                for row in 0..<shape[0] {
                    let slice = values[(row * columns)..<((row + 1) * columns)]
                    let largest = slice.reduce(0) { max($0, abs($1)) }
                    scales[row] = largest > 0 ? largest / 127 : 1
                    for column in 0..<columns { quantized[row * columns + column] = (values[row * columns + column] / scales[row]).rounded() }
                }
                tensors[key] = (shape, quantized)
                types[key] = .i8
                tensors[key + "_scale"] = ([shape[0]], scales)
                types[key + "_scale"] = .f32
            }
        }
        for (key, (shape, values)) in tensors.sorted(by: { $0.key < $1.key }) {
            let start = payload.count
            let dataType = types[key] ?? dataType
            switch dataType {
            case .f32: for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { payload.append(contentsOf: $0) } }
            case .f16: for value in values { withUnsafeBytes(of: Float16(value).bitPattern.littleEndian) { payload.append(contentsOf: $0) } }
            case .bf16: for value in values { withUnsafeBytes(of: UInt16(truncatingIfNeeded: value.bitPattern >> 16).littleEndian) { payload.append(contentsOf: $0) } }
            case .i8: for value in values { payload.append(UInt8(bitPattern: Int8(max(-127, min(127, value))))) }
            }
            header[key] = ["dtype": dataType.rawValue, "shape": shape, "data_offsets": [start, payload.count]]
        }
        var json = (try? JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])) ?? Data("{}".utf8)
        // The header is padded with spaces to a multiple of 8 bytes.
        while json.count % 8 != 0 { json.append(0x20) }
        var file = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { file.append(contentsOf: $0) }
        return file + json + payload
    }
}
