// Reads SentencePiece model files (.model, Marian's .spm): the ModelProto protobuf message.
import Foundation

/// The parts of a SentencePiece model that encoding needs: pieces with scores and types,
/// and the normalizer's settings. Read straight from the protobuf wire format (fields 1
/// `pieces` and 3 `normalizer_spec` of `ModelProto`), so no protobuf library is needed.
package struct SentencePieceModelFile: Sendable {
    package enum PieceType: Int, Sendable {
        case normal = 1, unknown = 2, control = 3, userDefined = 4, unused = 5, byte = 6
    }

    package struct Piece: Sendable, Equatable {
        package var text: String
        package var score: Float
        package var type: PieceType
    }

    package let pieces: [Piece]
    /// The normalization rule's name ("nmt_nfkc", "identity" …).
    package let normalizerName: String
    package let addsDummyPrefix: Bool
    package let removesExtraWhitespace: Bool

    package init(url: URL) throws(FormatError) {
        try self.init(data: FormatError.contents(of: url), name: url.path)
    }

    package init(data: Data, name: String) throws(FormatError) {
        var pieces: [Piece] = []
        var normalizerName = "", addsDummyPrefix = true, removesExtraWhitespace = true
        var reader = ProtobufReader(bytes: [UInt8](data), name: name)
        while let (field, value) = try reader.next() {
            switch (field, value) {
            case (1, .bytes(let message)):
                var pieceReader = ProtobufReader(bytes: Array(message), name: name)
                var piece = Piece(text: "", score: 0, type: .normal)
                while let (pieceField, pieceValue) = try pieceReader.next() {
                    switch (pieceField, pieceValue) {
                    case (1, .bytes(let text)): piece.text = String(decoding: text, as: UTF8.self)
                    case (2, .fixed32(let bits)): piece.score = Float(bitPattern: bits)
                    case (3, .varint(let type)): piece.type = Int(exactly: type).flatMap(PieceType.init(rawValue:)) ?? .normal
                    default: break
                    }
                }
                pieces.append(piece)
            case (3, .bytes(let message)):
                var specReader = ProtobufReader(bytes: Array(message), name: name)
                while let (specField, specValue) = try specReader.next() {
                    switch (specField, specValue) {
                    case (1, .bytes(let text)): normalizerName = String(decoding: text, as: UTF8.self)
                    case (3, .varint(let flag)): addsDummyPrefix = flag != 0
                    case (4, .varint(let flag)): removesExtraWhitespace = flag != 0
                    default: break
                    }
                }
            default: break
            }
        }
        guard !pieces.isEmpty else { throw FormatError(file: name, reason: "has no pieces; is it a SentencePiece model?") }
        self.pieces = pieces
        self.normalizerName = normalizerName
        self.addsDummyPrefix = addsDummyPrefix
        self.removesExtraWhitespace = removesExtraWhitespace
    }
}

/// Protobuf's wire format, field by field.
struct ProtobufReader {
    enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case bytes(ArraySlice<UInt8>)
        case fixed32(UInt32)
    }

    let bytes: [UInt8]
    let name: String
    var offset = 0

    init(bytes: [UInt8], name: String) {
        self.bytes = bytes
        self.name = name
    }

    /// The next field number and value, or nil at the end.
    mutating func next() throws(FormatError) -> (Int, Value)? {
        guard offset < bytes.count else { return nil }
        let key = try varint()
        let field = Int(key >> 3)
        switch key & 7 {
        case 0: return (field, .varint(try varint()))
        case 1: return (field, .fixed64(try fixed(8)))
        case 2:
            // A length from the file: converted and compared without any chance of overflow.
            guard let length = Int(exactly: try varint()), length <= bytes.count - offset else { throw damaged() }
            defer { offset += length }
            return (field, .bytes(bytes[offset..<(offset + length)]))
        case 5: return (field, .fixed32(UInt32(try fixed(4))))
        default: throw damaged()
        }
    }

    private mutating func varint() throws(FormatError) -> UInt64 {
        var value: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard offset < bytes.count, shift < 64 else { throw damaged() }
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    private mutating func fixed(_ count: Int) throws(FormatError) -> UInt64 {
        guard offset + count <= bytes.count else { throw damaged() }
        defer { offset += count }
        return (0..<count).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
    }

    private func damaged() -> FormatError {
        FormatError(file: name, reason: "damaged protobuf at byte \(offset)")
    }
}
