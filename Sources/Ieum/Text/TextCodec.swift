// What a translator needs from its tokenizer, whichever kind the model directory has.

/// Text to model ids and back: an Ieum joint vocabulary, or Marian's SentencePiece models.
package protocol TextCodec: Sendable {
    /// Model ids of a source sentence, the end token included.
    func sourceIds(_ text: String) throws -> [Int32]
    /// Model ids of a target sentence, without the end token.
    func targetIds(_ text: String) throws -> [Int32]
    /// The text target ids spell.
    func text(ofTarget ids: [Int32]) throws -> String
    func sourcePieces(_ ids: [Int32]) -> [String]
    func targetPieces(_ ids: [Int32]) -> [String]
    /// The source text as the tokenizer normalizes it.
    func normalized(_ text: String) throws -> String
}

/// No tokenizer: a model directory read for token ids only (`ieum translate --ids`); text
/// is refused with the directory's name.
package struct NoTokenizer: TextCodec {
    package let directory: String

    private func refuse() -> FormatError {
        FormatError(file: directory, reason: "has neither tokenizer.vocab nor source.spm: no tokenizer, so only token ids (--ids)")
    }

    package func sourceIds(_ text: String) throws -> [Int32] { throw refuse() }
    package func targetIds(_ text: String) throws -> [Int32] { throw refuse() }
    package func text(ofTarget ids: [Int32]) throws -> String { throw refuse() }
    package func sourcePieces(_ ids: [Int32]) -> [String] { ids.map(String.init) }
    package func targetPieces(_ ids: [Int32]) -> [String] { ids.map(String.init) }
    package func normalized(_ text: String) throws -> String { throw refuse() }
}

/// An Ieum joint vocabulary: one tokenizer for both sides, its ids the model's.
package struct JointVocabularyCodec: TextCodec {
    package let tokenizer: Tokenizer
    package let endId: Int32

    package init(tokenizer: Tokenizer, endId: Int32) {
        self.tokenizer = tokenizer
        self.endId = endId
    }

    package func sourceIds(_ text: String) throws -> [Int32] {
        let ids = try tokenizer.encode(text)
        return ids.isEmpty ? [] : ids + [endId]
    }

    package func targetIds(_ text: String) throws -> [Int32] { try tokenizer.encode(text) }
    package func text(ofTarget ids: [Int32]) throws -> String { try tokenizer.decode(ids) }
    package func sourcePieces(_ ids: [Int32]) -> [String] { ids.map { tokenizer.vocabulary.pieces[Int($0)] } }
    package func targetPieces(_ ids: [Int32]) -> [String] { sourcePieces(ids) }
    package func normalized(_ text: String) throws -> String { try tokenizer.normalizer.normalize(text).string }
}
