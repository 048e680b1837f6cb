// The pieces a subword model knows, their log probabilities, and the fixed special ids.

/// An ordered list of pieces with their log probabilities. Ids are positions in the list:
/// the special tokens come first at fixed ids, then the 256 byte pieces (`<0x00>`…`<0xFF>`)
/// when byte fallback is on, then the learned pieces.
public struct Vocabulary: Sendable {
    package enum PieceKind: Sendable, Equatable {
        /// `<pad>`, `<s>`, `</s>`, `<unk>`: never produced by segmentation.
        case special
        /// One UTF-8 byte, for characters no learned piece covers.
        case byte(UInt8)
        /// A learned piece of text; a leading ▁ stands for a space.
        case normal
    }

    public static let specialPieces = ["<pad>", "<s>", "</s>", "<unk>"]
    public static let padId: Int32 = 0
    public static let bosId: Int32 = 1
    public static let eosId: Int32 = 2
    public static let unkId: Int32 = 3
    /// The piece that stands for a space.
    public static let spaceMarker: UInt32 = 0x2581

    public let pieces: [String]
    public let scores: [Float]
    package let kinds: [PieceKind]
    /// The normal form the vocabulary was trained on, which the tokenizer must apply too.
    public let normalization: NormalizationForm
    /// Ids of the byte pieces, indexed by byte value, when the vocabulary has them.
    public let byteIds: [Int32]?
    private let idsByPiece: [String: Int32]

    /// A vocabulary from an ordered list of pieces and scores, which must start with the
    /// special pieces in order.
    public init(entries: [(piece: String, score: Float)], normalization: NormalizationForm = .nfkc) throws(TextError) {
        let specials = Self.specialPieces
        guard entries.count >= specials.count, zip(entries, specials).allSatisfy({ $0.piece == $1 }) else {
            throw .invalidVocabulary(file: "vocabulary", line: 1, reason: "must start with \(specials.joined(separator: " "))")
        }
        var idsByPiece: [String: Int32] = [:]
        var kinds: [PieceKind] = []
        var byteIds = [Int32](repeating: -1, count: 256)
        for (index, entry) in entries.enumerated() {
            guard idsByPiece.updateValue(Int32(index), forKey: entry.piece) == nil else {
                throw .invalidVocabulary(file: "vocabulary", line: index + 1, reason: "piece \"\(entry.piece)\" appears twice")
            }
            if index < specials.count {
                kinds.append(.special)
            } else if let byte = Self.byteValue(of: entry.piece) {
                kinds.append(.byte(byte))
                byteIds[Int(byte)] = Int32(index)
            } else {
                kinds.append(.normal)
            }
        }
        self.pieces = entries.map(\.piece)
        self.scores = entries.map(\.score)
        self.kinds = kinds
        self.normalization = normalization
        self.idsByPiece = idsByPiece
        self.byteIds = byteIds.contains(-1) ? nil : byteIds
    }

    /// A vocabulary of the special pieces, optionally the byte pieces, and `learned`.
    package init(learned: [(piece: String, score: Float)], byteFallback: Bool, normalization: NormalizationForm) throws(TextError) {
        var entries = Self.specialPieces.map { (piece: $0, score: Float(0)) }
        if byteFallback {
            entries += (0...255).map { (piece: Self.bytePiece($0), score: Float(0)) }
        }
        try self.init(entries: entries + learned, normalization: normalization)
    }

    public var count: Int { pieces.count }

    public func id(of piece: String) -> Int32? { idsByPiece[piece] }

    /// `<0xE3>` for the byte 0xE3, as SentencePiece writes byte pieces.
    public static func bytePiece(_ byte: UInt8) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        return "<0x\(hex.count == 1 ? "0" + hex : hex)>"
    }

    private static func byteValue(of piece: String) -> UInt8? {
        guard piece.utf8.count == 6 else { return nil }
        let utf8 = Array(piece.utf8)
        guard utf8[0] == UInt8(ascii: "<"), utf8[1] == UInt8(ascii: "0"), utf8[2] == UInt8(ascii: "x"),
              utf8[5] == UInt8(ascii: ">") else { return nil }
        return UInt8(String(decoding: utf8[3..<5], as: UTF8.self), radix: 16)
    }
}
