// The whole training model's gradient against central differences of its loss.
import Foundation
import Testing
@testable import Ieum

@Suite struct ModelGradientTests {
    /// A tiny model (2+2 layers, d_model 16) as a config.json would state it.
    static func tinyConfig(_ extra: String) throws -> ModelConfig {
        let json = """
        {"d_model": 16, "encoder_layers": 2, "decoder_layers": 2, "encoder_attention_heads": 2, "decoder_attention_heads": 2,
         "encoder_ffn_dim": 24, "decoder_ffn_dim": 24, "vocab_size": 23, "max_position_embeddings": 16,
         "pad_token_id": 0, "eos_token_id": 2, "decoder_start_token_id": 1, \(extra)}
        """
        return try JSONDecoder().decode(ModelConfig.self, from: Data(json.utf8))
    }

    /// Three pairs of different lengths, so that padding and masks are exercised, with
    /// alignment links (target, source) for guided alignment: one target row with two links,
    /// one target position without any.
    static func batch(_ config: ModelConfig) -> TrainingBatch {
        TrainingBatch([TrainingExample(source: [5, 6, 7, 8, 2], target: [9, 10, 11], alignment: [0, 1, 1, 0, 1, 2, 2, 3]),
                       TrainingExample(source: [12, 13, 2], target: [14, 15, 16, 17, 18], alignment: [0, 0, 2, 1, 4, 1]),
                       TrainingExample(source: [19, 20, 21, 2], target: [22], alignment: [0, 2])], config: config)
    }

    static let configurations = [
        #""normalize_before": true, "activation_function": "swish""#,
        #""normalize_before": false, "position_encoding": "learned", "activation_function": "swiglu""#,
        #""normalize_before": true, "share_encoder_decoder_embeddings": false, "decoder_vocab_size": 23, "activation_function": "gelu""#,
        #""normalize_before": false, "position_encoding": "rotary", "activation_function": "swish""#,
        #""normalize_before": true, "position_encoding": "learned", "layernorm_embedding": true, "activation_function": "gelu""#,
    ]

    @Test(arguments: configurations)
    func gradientMatchesCentralDifferences(_ extra: String) throws {
        try Self.checkGradient(extra, guidedAlignment: nil)
    }

    /// The guided-alignment cost on decoder layer 1, head 1, weighted 0.5 so that it matters.
    @Test func guidedAlignmentGradientMatchesCentralDifferences() throws {
        try Self.checkGradient(Self.configurations[0], guidedAlignment: GuidedAlignment(layer: 1, head: 1, weight: 0.5))
    }

    static func checkGradient(_ extra: String, guidedAlignment: GuidedAlignment?) throws {
        let config = try Self.tinyConfig(extra)
        let model = try TrainingModel(config: config)
        let batch = Self.batch(config)
        var parameters = model.layout.initialValues(seed: 7)
        // Biases and norms start at 0 and 1; move them so that their gradients are generic.
        var generator = SeededGenerator(seed: 11)
        for index in parameters.indices { parameters[index] += 0.1 * generator.nextNormal() }
        let activations = TrainingActivations(config: config)
        func loss(_ values: [Float]) -> Double {
            var dropout = TrainingModel.Dropout(rate: 0.1, generator: SeededGenerator(seed: 3))
            var scratch = [Float](repeating: 0, count: values.count)
            return values.withUnsafeBufferPointer { p in
                scratch.withUnsafeMutableBufferPointer { g in
                    let sums = model.lossAndGradients(batch, parameters: p.baseAddress!, gradients: g.baseAddress!, activations: activations,
                                                      labelSmoothing: 0.1, dropout: &dropout, guidedAlignment: guidedAlignment)
                    // What is minimized: the mean smoothed loss and the weighted alignment cost per target token.
                    return sums.mean + Double(guidedAlignment?.weight ?? 0) * sums.alignment / Double(batch.targetTokens)
                }
            }
        }
        var analytic = [Float](repeating: 0, count: parameters.count)
        var dropout = TrainingModel.Dropout(rate: 0.1, generator: SeededGenerator(seed: 3))
        _ = parameters.withUnsafeBufferPointer { p in
            analytic.withUnsafeMutableBufferPointer { g in
                model.lossAndGradients(batch, parameters: p.baseAddress!, gradients: g.baseAddress!, activations: activations,
                                       labelSmoothing: 0.1, dropout: &dropout, guidedAlignment: guidedAlignment)
            }
        }
        // Three values of every tensor: its largest gradient and two at random.
        var checked = 0
        for (name, entry) in model.layout.entries {
            let range = entry.offset..<(entry.offset + entry.count)
            let largest = range.max { abs(analytic[$0]) < abs(analytic[$1]) }!
            for index in [largest, Int.random(in: range, using: &generator), Int.random(in: range, using: &generator)] {
                let numeric = LayerGradientTests.numericDerivative(parameters, at: index, step: 3e-2, loss: loss)
                let error = LayerGradientTests.relativeError(analytic[index], numeric)
                #expect(error < 1e-3, "\(name)[\(index - entry.offset)]: analytic \(analytic[index]), numeric \(numeric)")
                checked += 1
            }
        }
        #expect(checked == 3 * model.layout.entries.count)
    }
}
