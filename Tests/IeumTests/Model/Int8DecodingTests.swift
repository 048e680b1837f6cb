// Decoding in int8 against transformers' float32 outputs on the two small random Marian models.
import Foundation
import Testing
@testable import Ieum

@Suite struct Int8DecodingTests {
    @Test(arguments: MarianParityTests.models)
    func greedyOutputsAndLogits(_ name: String) throws {
        let directory = Fixtures.url("Tests/Fixtures/marian/\(name)")
        let (_, expected, tensors) = try MarianParityTests.load(name)
        let model = try Transformer(directory: directory, computeType: .int8)
        var matches = 0, worstLogits: Float = 0, largestLogit: Float = 0
        for (index, input) in expected.inputs.enumerated() {
            let greedy = TransformerStepDecoder(model: model, source: input.input_ids).greedySearch(maxLength: 24)
            if greedy.tokens == input.greedy { matches += 1 }
            var cache = model.startDecoding(encoderOutput: model.encode(input.input_ids), sourceLength: input.input_ids.count,
                                            maxLength: input.greedy.count)
            let logits = model.decode(input.greedy, cache: &cache), reference = try tensors.floats("logits.\(index)")
            worstLogits = max(worstLogits, MarianParityTests.maxDifference(logits, reference))
            largestLogit = max(largestLogit, reference.map(abs).max() ?? 0)
        }
        print("\(name), int8: greedy \(matches)/\(expected.inputs.count) identical, logits max |Δ| \(worstLogits) (largest |logit| \(largestLogit))")
    }
}
