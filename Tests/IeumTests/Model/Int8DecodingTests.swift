// Decoding in int8 against transformers' float32 outputs on the two small random Marian models.
import Foundation
import Testing
@testable import Ieum

@Suite struct Int8DecodingTests {
    /// The stated tolerance: these random models (weights of standard deviation 0.25, near-ties
    /// between many next tokens) keep the same greedy output in int8 only for some sources, so
    /// teacher-forced logits are compared instead: int8 stays within 15% (rms) of float32's
    /// logits and picks float32's next token at 80% of the positions or more. A wrong scale or
    /// layout gives errors of the logits' own size. (Measured: 3.5% and 13.2%, 90% and 83%.)
    @Test(arguments: MarianParityTests.models)
    func teacherForcedLogits(_ name: String) throws {
        let directory = Fixtures.url("Tests/Fixtures/marian/\(name)")
        let (_, expected, tensors) = try MarianParityTests.load(name)
        let model = try Transformer(directory: directory, computeType: .int8)
        var squaredDifference = 0.0, squared = 0.0, agreeing = 0, positions = 0, greedyMatches = 0
        for (index, input) in expected.inputs.enumerated() {
            var cache = model.startDecoding(encoderOutput: model.encode(input.input_ids), sourceLength: input.input_ids.count,
                                            maxLength: input.greedy.count)
            let logits = model.decode(input.greedy, cache: &cache), reference = try tensors.floats("logits.\(index)")
            let V = reference.count / input.greedy.count
            for (value, referenceValue) in zip(logits, reference) {
                squaredDifference += Double(value - referenceValue) * Double(value - referenceValue)
                squared += Double(referenceValue) * Double(referenceValue)
            }
            for position in 0..<input.greedy.count {
                let row = (position * V)..<((position + 1) * V)
                if logits[row].indices.max(by: { logits[$0] < logits[$1] }) == reference[row].indices.max(by: { reference[$0] < reference[$1] }) {
                    agreeing += 1
                }
                positions += 1
            }
            if TransformerStepDecoder(model: model, source: input.input_ids).greedySearch(maxLength: 24).tokens == input.greedy { greedyMatches += 1 }
        }
        let relative = (squaredDifference / squared).squareRoot(), agreement = Double(agreeing) / Double(positions)
        print("\(name), int8: logits rms |Δ| / rms \(relative), next-token argmax agreement \(agreeing)/\(positions), greedy \(greedyMatches)/\(expected.inputs.count) identical")
        #expect(relative <= 0.15)
        #expect(agreement >= 0.8)
    }
}
