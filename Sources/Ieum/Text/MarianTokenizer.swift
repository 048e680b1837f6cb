// Tokenization of Hugging Face Marian directories: SentencePiece models and vocab.json ids.
import Foundation

/// Text to model ids and back as transformers' MarianTokenizer does it: the source
/// SentencePiece model (`source.spm`) segments the NFKC-normalized text at spaces, each piece
/// is looked up in `vocab.json` (a run of characters no piece covers becomes one `<unk>`),
/// and `</s>` ends the source. Target ids decode through `target_vocab.json` when the
/// directory has separate vocabularies, `vocab.json` otherwise.
package struct MarianTokenizer: TextCodec {
    let segmenter: Tokenizer
    let targetSegmenter: Tokenizer
    let sourceIdsByPiece: [String: Int32]
    let targetIdsByPiece: [String: Int32]
    let piecesBySourceId: [Int32: String]
    let piecesByTargetId: [Int32: String]
    let unknownId: Int32
    let endId: Int32
    let padId: Int32?

    package init(directory: URL) throws(FormatError) {
        segmenter = try Self.segmenter(directory.appendingPathComponent("source.spm"))
        targetSegmenter = try Self.segmenter(directory.appendingPathComponent("target.spm"))
        sourceIdsByPiece = try Self.readIds(directory.appendingPathComponent("vocab.json"))
        let separate = directory.appendingPathComponent("target_vocab.json")
        targetIdsByPiece = FileManager.default.fileExists(atPath: separate.path) ? try Self.readIds(separate) : sourceIdsByPiece
        piecesBySourceId = Dictionary(sourceIdsByPiece.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
        piecesByTargetId = Dictionary(targetIdsByPiece.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
        guard let unknown = sourceIdsByPiece["<unk>"], let end = sourceIdsByPiece["</s>"] else {
            throw FormatError(file: directory.appendingPathComponent("vocab.json").path, reason: "has no <unk> or </s>")
        }
        (unknownId, endId, padId) = (unknown, end, sourceIdsByPiece["<pad>"])
    }

    /// Model ids of a source sentence, `</s>` included.
    package func encode(_ text: String) throws(TextError) -> [Int32] {
        try ids(of: text, segmenter: segmenter, idsByPiece: sourceIdsByPiece) + [endId]
    }

    package func sourceIds(_ text: String) throws -> [Int32] {
        text.unicodeScalars.contains { !isWhitespace($0.value) && !isControl($0.value) } ? try encode(text) : []
    }

    package func targetIds(_ text: String) throws -> [Int32] {
        try ids(of: text, segmenter: targetSegmenter, idsByPiece: targetIdsByPiece)
    }

    /// The text of target ids: pieces joined, ▁ read as a space; `</s>` and `<pad>` skipped.
    package func text(ofTarget ids: [Int32]) -> String {
        targetPieces(ids.filter { $0 != endId && $0 != padId }).joined()
            .replacingOccurrences(of: "▁", with: " ").trimmingCharacters(in: .whitespaces)
    }

    package func sourcePieces(_ ids: [Int32]) -> [String] { ids.map { piecesBySourceId[$0] ?? "<unk>" } }

    package func targetPieces(_ ids: [Int32]) -> [String] { ids.map { piecesByTargetId[$0] ?? "<unk>" } }

    package func normalized(_ text: String) throws -> String { try segmenter.normalizer.normalize(text).string }

    /// Segments with a SentencePiece model and looks the pieces up; a run of characters no
    /// piece covers becomes one `<unk>`.
    private func ids(of text: String, segmenter: Tokenizer, idsByPiece: [String: Int32]) throws(TextError) -> [Int32] {
        var ids: [Int32] = []
        for id in try segmenter.encode(text) {
            if id == Vocabulary.unkId {
                if ids.last != unknownId { ids.append(unknownId) }
            } else {
                ids.append(idsByPiece[segmenter.vocabulary.pieces[Int(id)]] ?? unknownId)
            }
        }
        return ids
    }

    private static func segmenter(_ url: URL) throws(FormatError) -> Tokenizer {
        let model = try SentencePieceModelFile(url: url)
        let learned = model.pieces.filter { $0.type == .normal || $0.type == .userDefined }.map { (piece: $0.text, score: $0.score) }
        do {
            let vocabulary = try Vocabulary(learned: learned, byteFallback: false, normalization: .nfkc)
            return Tokenizer(model: UnigramModel(vocabulary: vocabulary), normalizer: ICUNormalizer(form: .nfkc),
                             preTokenizer: WhitespacePreTokenizer())
        } catch {
            throw FormatError(file: url.path, reason: "\(error)")
        }
    }

    private static func readIds(_ url: URL) throws(FormatError) -> [String: Int32] {
        let data = try FormatError.contents(of: url)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Int] else {
            throw FormatError(file: url.path, reason: "is not a JSON object of piece → id")
        }
        return object.mapValues { Int32($0) }
    }
}
