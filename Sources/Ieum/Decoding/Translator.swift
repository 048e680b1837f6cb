// Text in, text out: tokenizer, model and search behind one call.
import Foundation

/// Translates text with a model directory: `config.json`, `model.safetensors`, and the
/// tokenizer the model was trained with: Ieum's joint vocabulary `tokenizer.vocab` (its ids
/// are the model's ids), or Marian's `source.spm`, `target.spm` and `vocab.json`.
public final class Translator: Sendable {
    package let model: Transformer
    package let codec: any TextCodec

    /// The model of `modelDirectory`, its matrix products in `computeType` (int8 quantizes the
    /// weights as they are loaded, as CTranslate2's `compute_type` does); by default the
    /// model's own: int8 when its weight matrices are stored in int8, float32 otherwise.
    public init(modelDirectory: URL, computeType: ComputeType? = nil) throws {
        model = try Transformer(directory: modelDirectory, computeType: computeType)
        guard let codec = try Self.tokenizer(of: modelDirectory, for: model) else {
            throw FormatError(file: modelDirectory.path, reason: "has neither tokenizer.vocab nor source.spm: no tokenizer")
        }
        self.codec = codec
    }

    /// The model of a directory that may have no tokenizer, for token ids in and out.
    package static func forIds(modelDirectory: URL, computeType: ComputeType? = nil) throws -> Translator {
        let model = try Transformer(directory: modelDirectory, computeType: computeType)
        return Translator(model: model, codec: try tokenizer(of: modelDirectory, for: model) ?? NoTokenizer(directory: modelDirectory.path))
    }

    /// The directory's tokenizer: Ieum's joint vocabulary (which must have the model's
    /// vocabulary size) or Marian's SentencePiece models; nil when it has neither.
    private static func tokenizer(of directory: URL, for model: Transformer) throws -> (any TextCodec)? {
        let vocabulary = directory.appendingPathComponent("tokenizer.vocab")
        if FileManager.default.fileExists(atPath: vocabulary.path) {
            let tokenizer = Tokenizer(vocabulary: try VocabularyFile.read(vocabulary))
            guard tokenizer.vocabulary.count == model.config.sourceVocabularySize,
                  tokenizer.vocabulary.count == model.config.targetVocabularySize else {
                throw FormatError(file: vocabulary.path, reason: "has \(tokenizer.vocabulary.count) pieces; the model's vocabularies have \(model.config.sourceVocabularySize) and \(model.config.targetVocabularySize)")
            }
            return JointVocabularyCodec(tokenizer: tokenizer, endId: model.config.eosId)
        }
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("source.spm").path) else { return nil }
        return try MarianTokenizer(directory: directory)
    }

    /// A model already in memory and the codec of its ids.
    init(model: Transformer, codec: any TextCodec) {
        self.model = model
        self.codec = codec
    }

    /// Translates one sentence. An empty input gives an empty translation.
    public func translate(_ text: String, options: DecodingOptions = DecodingOptions()) throws -> Translation {
        try translate([text], options: options, threads: 1)[0].get()
    }

    /// Translates many sentences, in batches of up to `batchSize` searched together (one
    /// model call per step for all their rows), the batches spread over `threads` threads
    /// with single-threaded BLAS; results in input order, whatever the thread count.
    /// Options that do not fit the model (`DecodingOptions.problem`) fail every text.
    public func translate(_ texts: [String], options: DecodingOptions = DecodingOptions(), threads: Int,
                          batchSize: Int = 32) -> [Result<Translation, any Error>] {
        if let problem = options.problem(for: model.config) {
            return texts.map { _ in .failure(TranslationError.invalidOptions(problem)) }
        }
        let sources = texts.map { text in Result { () throws -> [Int32] in try checkedLength(codec.sourceIds(text)) } }
        let hypotheses = search(sources, options: options, threads: threads, batchSize: batchSize)
        return texts.indices.map { index in
            Result {
                let source = try sources[index].get()
                guard !source.isEmpty else {
                    return Translation(text: "", score: 0, alternatives: [Translation.Alternative(text: "", score: 0)],
                                       alignment: options.alignment != nil ? Alignment(pieceWeights: [], sourcePieceWords: [], targetPieceWords: [],
                                                                        sourceWords: [], targetWords: []) : nil)
                }
                guard let found = hypotheses[index], let best = found.first else { throw TranslationError.noHypothesis }
                let alternatives = try found.prefix(max(options.nBest, 1)).map { Translation.Alternative(text: try decode($0.tokens), score: $0.score) }
                return Translation(text: alternatives[0].text, score: alternatives[0].score, alternatives: Array(alternatives),
                                   alignment: options.alignment != nil ? wordAlignment(source: Array(source.dropLast()), input: texts[index],
                                                                        hypothesis: best, output: alternatives[0].text) : nil)
            }
        }
    }

    /// Translations of sources given as token ids (each with its end token), for callers that
    /// tokenize themselves (`ieum translate --ids`): the `options.nBest` best target id
    /// sequences (start and end tokens dropped) with their scores, in input order. An empty
    /// source gives one empty translation.
    public func translate(ids sources: [[Int32]], options: DecodingOptions = DecodingOptions(), threads: Int,
                          batchSize: Int = 32) -> [Result<[(ids: [Int32], score: Float)], any Error>] {
        if let problem = options.problem(for: model.config) {
            return sources.map { _ in .failure(TranslationError.invalidOptions(problem)) }
        }
        let checked = sources.map { ids in
            Result { () throws -> [Int32] in
                if let id = ids.first(where: { $0 < 0 || Int($0) >= model.config.sourceVocabularySize }) {
                    throw TranslationError.unknownTokenId(Int(id), vocabularySize: model.config.sourceVocabularySize)
                }
                return try checkedLength(ids)
            }
        }
        let hypotheses = search(checked, options: options, threads: threads, batchSize: batchSize)
        return sources.indices.map { index in
            Result {
                guard try !checked[index].get().isEmpty else { return [([], 0)] }
                guard let found = hypotheses[index], !found.isEmpty else { throw TranslationError.noHypothesis }
                return found.prefix(max(options.nBest, 1)).map { hypothesis in
                    (Array(hypothesis.tokens.dropFirst().prefix { $0 != model.config.eosId }), hypothesis.score)
                }
            }
        }
    }

    /// Source ids, once they are known to fit the model.
    private func checkedLength(_ ids: [Int32]) throws -> [Int32] {
        guard ids.count <= model.config.maxPositions else { throw TranslationError.tooLong(tokens: ids.count, limit: model.config.maxPositions) }
        return ids
    }

    /// The hypotheses of every non-empty source (nil for the others), in batches of up to
    /// `batchSize` sources of similar length (so that a batch finishes together), the batches
    /// spread over `threads` threads.
    private func search(_ sources: [Result<[Int32], any Error>], options: DecodingOptions, threads: Int, batchSize: Int) -> [[Hypothesis]?] {
        let lengths = sources.map { (try? $0.get().count) ?? 0 }
        let searched = sources.indices.filter { lengths[$0] > 0 }.sorted { lengths[$0] < lengths[$1] }
        let size = max(batchSize, 1)
        let batches = stride(from: 0, to: searched.count, by: size).map { Array(searched[$0..<min($0 + size, searched.count)]) }
        let results = inParallel(batches, threads: threads) { batch in
            let batchSources = batch.compactMap { try? sources[$0].get() }
            return zip(batch, model.search(sources: batchSources, options: options)).map { ($0, $1) }
        }
        var hypotheses = [[Hypothesis]?](repeating: nil, count: sources.count)
        for (index, found) in results.joined() { hypotheses[index] = found }
        return hypotheses
    }

    /// Target text from output tokens: the start token and anything from the end token on dropped.
    private func decode(_ tokens: [Int32]) throws -> String {
        let body = tokens.dropFirst().prefix { $0 != model.config.eosId }
        return try codec.text(ofTarget: Array(body))
    }
}
