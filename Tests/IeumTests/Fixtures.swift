// Where tests find the repository's files and fixtures, and small helpers they share.
import Foundation
@testable import Ieum

enum Fixtures {
    /// The repository root, found from this file's path.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func url(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }

    static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: url(relativePath), encoding: .utf8)
    }

    /// The bundled joint Korean-English vocabulary.
    static let bundledTokenizer: Tokenizer = {
        do {
            return Tokenizer(vocabulary: try VocabularyFile.read(url("vocab/ko-en.vocab")))
        } catch {
            preconditionFailure("vocab/ko-en.vocab must load: \(error)")
        }
    }()

    /// Random weights for a model of `config` (layer norms the identity, biases zero).
    static func randomWeights(_ config: ModelConfig, standardDeviation: Float, seed: UInt64) -> TransformerWeights {
        let layout = ParameterLayout(config: config)
        return TransformerWeights(config: config, layout: layout, values: layout.randomValues(standardDeviation: standardDeviation, seed: seed))
    }
}

extension String {
    /// The Unicode scalar values, for comparisons that must not treat NFC and NFD as equal.
    var scalarValues: [UInt32] { unicodeScalars.map(\.value) }
}
