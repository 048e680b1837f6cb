// Search on hand-made decoders, and the Transformer's cache against a full pass.
import Foundation
import Testing
@testable import Ieum

/// A decoder whose next-token probabilities are a hand-written table of prefixes.
struct TableDecoder: StepDecoder {
    /// Tokens: 0 end, 1 A, 2 B, 3 start.
    let table: [[Int32]: [Float]]
    var vocabularySize: Int { 4 }
    var startToken: Int32 { 3 }
    var endToken: Int32 { 0 }
    var forcedEndToken: Int32? { nil }

    func initialState(maxLength: Int) -> [Int32] { [] }

    func nextLogProbabilities(after token: Int32, state: inout [Int32]) -> [Float] {
        state.append(token)
        return (table[state] ?? [1, 0, 0, 0]).map { logf($0) }
    }
}

@Suite struct SearchTests {
    /// After start: A 0.6, B 0.4. After A: end 0.3, A 0.35, B 0.35; after A A: end. After B: end 0.9.
    /// Greedy takes A, then A (the first of two equal), then end: 0.6 × 0.35 = 0.21.
    /// The best sequence is B end: 0.4 × 0.9 = 0.36.
    static let decoder = TableDecoder(table: [
        [3]: [0, 0.6, 0.4, 0],
        [3, 1]: [0.3, 0.35, 0.35, 0],
        [3, 1, 1]: [1, 0, 0, 0],
        [3, 1, 2]: [1, 0, 0, 0],
        [3, 2]: [0.9, 0.05, 0.05, 0],
    ])

    @Test func beamFindsWhatGreedyMisses() {
        let greedy = Self.decoder.greedySearch(maxLength: 10)
        #expect(greedy.tokens == [3, 1, 1, 0])
        #expect(abs(greedy.score - logf(0.21)) < 1e-6)
        let beam = Self.decoder.beamSearch(beamSize: 2, maxLength: 10, lengthPenalty: 0)
        #expect(beam.first?.tokens == [3, 2, 0])
        #expect(abs((beam.first?.score ?? 0) - logf(0.36)) < 1e-6)
    }

    @Test(arguments: MarianParityTests.models)
    func beamOfOneIsGreedy(_ name: String) throws {
        let (model, expected, _) = try MarianParityTests.load(name)
        for input in expected.inputs.prefix(8) {
            let decoder = TransformerStepDecoder(model: model, source: input.input_ids)
            #expect(decoder.beamSearch(beamSize: 1, maxLength: 24, lengthPenalty: 1).first?.tokens
                    == decoder.greedySearch(maxLength: 24).tokens)
        }
    }

    @Test(arguments: MarianParityTests.models)
    func stepByStepEqualsTheFullPass(_ name: String) throws {
        let (model, expected, _) = try MarianParityTests.load(name)
        var worst: Float = 0
        for input in expected.inputs.prefix(8) {
            let encoded = model.encode(input.input_ids)
            var fullCache = model.startDecoding(encoderOutput: encoded, sourceLength: input.input_ids.count, maxLength: input.greedy.count)
            let full = model.decode(input.greedy, cache: &fullCache)
            var stepCache = model.startDecoding(encoderOutput: encoded, sourceLength: input.input_ids.count, maxLength: input.greedy.count)
            let steps = input.greedy.flatMap { model.decode([$0], cache: &stepCache) }
            worst = max(worst, MarianParityTests.maxDifference(full, steps))
        }
        #expect(worst <= 1e-5, "max |Δ| \(worst)")
    }
}
