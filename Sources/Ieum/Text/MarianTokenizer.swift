// Tokenization of Hugging Face Marian directories: SentencePiece models and vocab.json ids.
import Foundation

/// Text to model ids and back as transformers' MarianTokenizer does it: the source
/// SentencePiece model (`source.spm`) segments the NFKC-normalized text at spaces, each piece
/// is looked up in `vocab.json` (a run of characters no piece covers becomes one `<unk>`),
/// and `</s>` ends the source. Target ids decode through `target_vocab.json` when the
/// directory has separate vocabularies, `vocab.json` otherwise.
public struct MarianTokenizer: Sendable {
    let segmenter: Tokenizer
    let sourceIds: [String: Int32]
    let targetPieces: [Int32: String]
    let unknownId: Int32
    let endId: Int32
    let padId: Int32?

    public init(directory: URL) throws(FormatError) {
        let model = try SentencePieceModelFile(url: directory.appendingPathComponent("source.spm"))
        let learned = model.pieces.filter { $0.type == .normal || $0.type == .userDefined }.map { (piece: $0.text, score: $0.score) }
        do {
            let vocabulary = try Vocabulary(learned: learned, byteFallback: false, normalization: .nfkc)
            segmenter = Tokenizer(model: UnigramModel(vocabulary: vocabulary), normalizer: ICUNormalizer(form: .nfkc),
                                  preTokenizer: WhitespacePreTokenizer())
        } catch {
            throw FormatError(file: directory.appendingPathComponent("source.spm").path, reason: "\(error)")
        }
        sourceIds = try Self.readIds(directory.appendingPathComponent("vocab.json"))
        let separate = directory.appendingPathComponent("target_vocab.json")
        let targetIds = FileManager.default.fileExists(atPath: separate.path) ? try Self.readIds(separate) : sourceIds
        targetPieces = Dictionary(targetIds.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
        guard let unknown = sourceIds["<unk>"], let end = sourceIds["</s>"] else {
            throw FormatError(file: directory.appendingPathComponent("vocab.json").path, reason: "has no <unk> or </s>")
        }
        (unknownId, endId, padId) = (unknown, end, sourceIds["<pad>"])
    }

    /// Model ids of a source sentence, `</s>` included.
    public func encode(_ text: String) throws(TextError) -> [Int32] {
        var ids: [Int32] = []
        for id in try segmenter.encode(text) {
            if id == Vocabulary.unkId {
                if ids.last != unknownId { ids.append(unknownId) }
            } else {
                ids.append(sourceIds[segmenter.vocabulary.pieces[Int(id)]] ?? unknownId)
            }
        }
        return ids + [endId]
    }

    /// The text of target ids: pieces joined, ▁ read as a space; `</s>` and `<pad>` skipped.
    public func decode(_ ids: [Int32]) -> String {
        let text = ids.filter { $0 != endId && $0 != padId }.map { targetPieces[$0] ?? "" }.joined()
        return text.replacingOccurrences(of: "▁", with: " ").trimmingCharacters(in: .whitespaces)
    }

    private static func readIds(_ url: URL) throws(FormatError) -> [String: Int32] {
        let data = try FormatError.contents(of: url)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Int] else {
            throw FormatError(file: url.path, reason: "is not a JSON object of piece → id")
        }
        return object.mapValues { Int32($0) }
    }
}
