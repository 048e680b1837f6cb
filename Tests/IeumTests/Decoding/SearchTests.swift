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
    var sourceLengths: [Int] { [0] }

    /// Each row's prefix.
    func initialState(rowsPerSource: Int, maxLength: Int) -> [[Int32]] { Array(repeating: [], count: rowsPerSource) }

    func nextLogProbabilities(after tokens: [Int32], state: inout [[Int32]]) -> [Float] {
        for (row, token) in tokens.enumerated() { state[row].append(token) }
        return state.flatMap { (table[$0] ?? [1, 0, 0, 0]).map { logf($0) } }
    }

    func reorder(_ state: inout [[Int32]], parents: [Int]) {
        state = parents.map { state[$0] }
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

    /// Exactly, for the reason `rowsTogetherEqualRowsAlone` gives.
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
        #expect(worst == 0, "max |Δ| \(worst)")
    }
}

extension SearchTests {
    /// Three rows decoded together for 40 steps, reordered twice, give the logits each row
    /// gets alone in one pass, exactly: every product of the decoder sums each output in one
    /// fixed order, whatever the number of rows or steps in the call.
    @Test(arguments: MarianParityTests.models)
    func rowsTogetherEqualRowsAlone(_ name: String) throws {
        let (model, expected, _) = try MarianParityTests.load(name)
        let input = expected.inputs[1]
        let encoded = model.encode(input.input_ids)
        let steps = 40
        let sequences: [[Int32]] = [0, 2, 3].map { first in
            Array((first..<(first + 8)).flatMap { expected.inputs[$0].greedy.dropFirst() }.prefix(steps))
        }
        var alone: [[Float]] = []
        for sequence in sequences {
            var cache = model.startDecoding(encoderOutput: encoded, sourceLength: input.input_ids.count, maxLength: steps)
            alone.append(model.decode(sequence, cache: &cache))
        }
        // Together: the rows arrive permuted (2, 0, 1), then in order from step 20, then (1, 2, 0) from step 35.
        let orders = [[2, 0, 1], [0, 1, 2], [1, 2, 0]]
        var together = model.startDecoding(encoderOutput: encoded, sourceLength: input.input_ids.count, maxLength: steps, rows: 3)
        var worst: Float = 0
        let vocabulary = model.config.targetVocabularySize
        for step in 0..<steps {
            if step == 20 { together.reorder(parents: [1, 2, 0]) }
            if step == 35 { together.reorder(parents: [1, 2, 0]) }
            let rows = orders[step < 20 ? 0 : step < 35 ? 1 : 2]
            let logits = model.decode(rows.map { sequences[$0][step] }, cache: &together)
            for (row, sequence) in rows.enumerated() {
                let mine = Array(logits[(row * vocabulary)..<((row + 1) * vocabulary)])
                let theirs = Array(alone[sequence][(step * vocabulary)..<((step + 1) * vocabulary)])
                worst = max(worst, MarianParityTests.maxDifference(mine, theirs))
            }
        }
        #expect(worst == 0, "max |Δ| \(worst)")
    }
}
