// The training forward pass and the inference model compute the same logits from the same weights.
import Foundation
import Testing
@testable import Ieum

@Suite struct TrainingInferenceParityTests {
    /// For every config the gradient tests use: training's forward pass (no dropout) over a
    /// padded batch, and the inference model built from the same weights under their
    /// checkpoint names, reading each pair unpadded with teacher forcing, agree position by
    /// position to float32 rounding (two implementations, two summation orders).
    @Test(arguments: ModelGradientTests.configurations)
    func trainingLogitsEqualInferenceLogits(_ extra: String) throws {
        let config = try ModelGradientTests.tinyConfig(extra)
        let model = try TrainingModel(config: config)
        var parameters = model.layout.initialValues(seed: 5)
        var generator = SeededGenerator(seed: 13)
        for index in parameters.indices { parameters[index] += 0.1 * generator.nextNormal() }
        let batch = ModelGradientTests.batch(config)
        let activations = TrainingActivations(config: config)
        var dropout = TrainingModel.Dropout(rate: 0, generator: SeededGenerator(seed: 0))
        parameters.withUnsafeBufferPointer { model.forward(batch, parameters: $0.baseAddress!, activations: activations, dropout: &dropout) }
        let V = config.targetVocabularySize

        let tensors = model.layout.tensors(parameters)
        let file = try SafeTensorsFile(data: SafeTensorsWriter.data(tensors), name: "parity")
        let inference = try Transformer(config: config, weights: TransformerWeights(file: file, config: config))
        for b in 0..<batch.batch {
            let source = Array(batch.sourceIds[(b * batch.sourceLength)..<(b * batch.sourceLength + batch.sourceCounts[b])])
            let inputs = Array(batch.decoderInputs[(b * batch.targetLength)..<(b * batch.targetLength + batch.targetCounts[b])])
            var cache = inference.startDecoding(encoderOutput: inference.encode(source), sourceLength: source.count, maxLength: inputs.count)
            let logits = inference.decode(inputs, cache: &cache)  // (T_b, V)
            var largest: Float = 0
            for t in 0..<inputs.count {
                let row = activations.logits.pointer + (b * batch.targetLength + t) * V
                for v in 0..<V { largest = max(largest, abs(row[v] - logits[t * V + v])) }
            }
            #expect(largest < 2e-5, "sentence \(b): logits differ by \(largest)")
        }
    }

    /// Without an attention probe nothing is recorded, and the output is the same as with one.
    @Test func attentionIsRecordedOnlyWhenAsked() throws {
        let model = try TranslateCommandTests.makeModel()
        defer { try? FileManager.default.removeItem(at: model) }
        let translator = try Translator(modelDirectory: model)
        let plain = try translator.translate("문서를 저장합니다.", options: DecodingOptions(beamSize: 2))
        let probed = try translator.translate("문서를 저장합니다.", options: DecodingOptions(beamSize: 2, alignment: AttentionProbe()))
        #expect(plain.alignment == nil && probed.alignment != nil)
        #expect(plain.text == probed.text && plain.score == probed.score)
        let source = try translator.codec.sourceIds("문서를 저장합니다.")
        let hypotheses = try translator.model.search(source: source, options: DecodingOptions(beamSize: 2))
        #expect(hypotheses.allSatisfy { $0.attention.isEmpty })
    }
}
