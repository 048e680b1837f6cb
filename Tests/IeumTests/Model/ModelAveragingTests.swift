// Checkpoint averaging through ModelConversion: the mean, weight by weight, of models of one architecture.
import Foundation
import Testing
@testable import Ieum

@Suite struct ModelAveragingTests {
    /// Writes a tiny model with weights drawn from `seed` and returns its directory and weights.
    static func model(seed: UInt64, width: Int = 16, in folder: URL) throws -> (URL, [Float], TrainingModel) {
        let json = """
            {"d_model": \(width), "encoder_layers": 1, "decoder_layers": 1, "encoder_attention_heads": 2, "decoder_attention_heads": 2,
             "encoder_ffn_dim": 32, "decoder_ffn_dim": 32, "vocab_size": \(Fixtures.bundledTokenizer.vocabulary.count),
             "max_position_embeddings": 32, "normalize_before": true, "pad_token_id": 0, "eos_token_id": 2, "decoder_start_token_id": 1}
            """
        let model = try TrainingModel(config: JSONDecoder().decode(ModelConfig.self, from: Data(json.utf8)))
        var values = model.layout.initialValues(seed: seed)
        // Layer norms start at exactly 1 and 0 in every seed; make them differ too.
        for i in values.indices { values[i] += Float(i % 7) * 0.01 * Float(seed) }
        let directory = folder.appendingPathComponent("seed-\(seed)-\(width)")
        let tensors = model.layout.tensors(values)
        try ModelDirectory.write(config: model.config, tensors: tensors, vocabulary: Fixtures.bundledTokenizer.vocabulary, to: directory)
        return (directory, values, model)
    }

    @Test func averagesWeightByWeight() throws {
        let folder = TrainerTests.temporaryDirectory("average")
        defer { try? FileManager.default.removeItem(at: folder) }
        let models = try [1, 2, 3].map { try Self.model(seed: $0, in: folder) }
        let output = folder.appendingPathComponent("mean")
        try ModelConversion.convert(models.map(\.0), to: output)

        let mean = try models[0].2.layout.values(from: SafeTensorsFile(url: output.appendingPathComponent("model.safetensors")))
        // Float sums round to a few ulps of the terms' magnitudes, whatever their signs.
        var worst = 0.0
        for i in mean.indices {
            let terms = models.map { Double($0.1[i]) }
            let (expected, magnitude) = (terms.reduce(0, +) / 3, terms.map(abs).reduce(0, +) / 3)
            worst = max(worst, abs(Double(mean[i]) - expected) / max(magnitude, 1e-30))
        }
        #expect(worst < 1e-6, "largest relative difference \(worst)")
        #expect(FileManager.default.contentsEqual(atPath: output.appendingPathComponent("tokenizer.vocab").path,
                                                  andPath: models[0].0.appendingPathComponent("tokenizer.vocab").path))
        _ = try Translator(modelDirectory: output)
    }

    @Test func refusesModelsOfAnotherArchitecture() throws {
        let folder = TrainerTests.temporaryDirectory("average-mismatch")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (narrow, wide) = (try Self.model(seed: 1, in: folder).0, try Self.model(seed: 2, width: 32, in: folder).0)
        #expect {
            try ModelConversion.convert([narrow, wide], to: folder.appendingPathComponent("mean"))
        } throws: { error in
            "\(error)".contains(wide.path) && "\(error)".contains("another architecture")
        }
    }
}
