// Guided alignment end to end: a tiny model learns to put its supervised head where the links say.
import Foundation
import Testing
@testable import Ieum

@Suite struct GuidedAlignmentTests {
    /// The cost by hand: one sentence, T = 2, S = 3, one head; row 0 links to sources 0 and 2
    /// (1/2 each), row 1 has no link. With P row 0 = (0.5, 0.3, 0.2):
    /// cost = −(½ log 0.5 + ½ log 0.2), and ∂/∂P = −½/0.5, 0, −½/0.2 (weight 1, normalizer 1).
    @Test func costAndGradientByHand() {
        let shape = AttentionShape(batch: 1, queryLength: 2, keyLength: 3, width: 4, heads: 1, keyCounts: [3], causal: false)
        let weights: [Float] = [0.5, 0.3, 0.2, 0.1, 0.1, 0.8]
        var dweights = [Float](repeating: 9, count: 6)
        let cost = guidedAlignmentForwardBackward(dweights: &dweights, weights: weights, links: [[0, 0, 0, 2]], shape: shape,
                                                  head: 0, weight: 1, normalizer: 1)
        #expect(abs(cost - -(0.5 * log(0.5) + 0.5 * log(0.2))) < 1e-6)  // the weights are Float
        #expect(dweights == [-1, 0, -2.5, 0, 0, 0])
    }

    /// Links that pair each target piece t with source piece min(t, S − 2) (never the end
    /// token): after training with a heavy guided-alignment weight, the supervised head of the
    /// written model (read back by inference) attends most to the linked piece in every row.
    @Test func theSupervisedHeadFollowsTheLinks() throws {
        var options = TrainingOptions()
        (options.batchTokens, options.learningRate, options.warmupSteps, options.maxSteps) = (10_000, 3e-3, 30, 200)
        (options.dropout, options.labelSmoothing, options.validateEvery, options.guidedAlignmentWeight) = (0, 0, 0, 1)
        let data = try TrainerTests.data()
        let examples = data.examples.map { example in
            var linked = example
            linked.alignment = example.target.indices.flatMap { [Int32($0), Int32(min($0, example.source.count - 2))] }
            return linked
        }
        let directory = TrainerTests.temporaryDirectory("guided")
        defer { try? FileManager.default.removeItem(at: directory) }
        let trainer = try Trainer(model: try TrainerTests.model(), options: options, training: TrainingData(examples: examples),
                                  validation: TrainingData(examples: examples), validationTexts: [],
                                  vocabulary: Fixtures.bundledTokenizer.vocabulary, directory: directory, resume: false)
        try trainer.run { _ in }
        let model = try Transformer(directory: trainer.checkpointDirectory)
        for example in examples {
            let tokens = [model.config.decoderStartId] + example.target
            var cache = model.startDecoding(encoderOutput: model.encode(example.source), sourceLength: example.source.count,
                                            maxLength: tokens.count + 1)
            cache.attentionProbe = (model.config.decoderLayers - 1, 0)
            _ = model.decode(tokens, cache: &cache)
            let S = example.source.count
            for t in example.target.indices {
                let row = cache.crossAttention[(t * S)..<((t + 1) * S)]
                let best = row.indices.max { row[$0] < row[$1] }! - t * S
                #expect(best == min(t, S - 2), "row \(t) of \(example.target)")
            }
        }
    }
}
