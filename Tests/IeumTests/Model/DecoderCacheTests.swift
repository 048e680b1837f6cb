// The decoder's KV cache: room that grows with the output gives exactly the logits of room
// reserved for the longest output from the start, through reordering as beams do.
import Foundation
import Testing
@testable import Ieum

@Suite struct DecoderCacheTests {
    @Test(arguments: [#""normalize_before": false"#, #""normalize_before": true, "position_encoding": "rotary""#])
    func growingRoomGivesTheLogitsOfFixedRoom(_ extra: String) throws {
        var config = try ModelGradientTests.tinyConfig(extra)
        config.maxPositions = 64
        let model = try Transformer(config: config, weights: Fixtures.randomWeights(config, standardDeviation: 0.3, seed: 21))
        let source: [Int32] = [5, 9, 14, 3, 2]
        let steps = 50  // past the initial room (16) twice
        #expect(steps > 2 * DecoderCache.initialCapacity)
        var growing = model.startDecoding(encoderOutput: model.encode(source), sourceLength: source.count, maxLength: steps + 1, rows: 2)
        var fixed = growing
        fixed.reserve(steps + 1)
        #expect(growing.capacity == DecoderCache.initialCapacity && fixed.capacity == steps + 1)
        var generator = SeededGenerator(seed: 3)
        for step in 0..<steps {
            let tokens = (0..<2).map { _ in Int32(generator.next() % UInt64(config.targetVocabularySize)) }
            #expect(model.decode(tokens, cache: &growing) == model.decode(tokens, cache: &fixed), "step \(step)")
            if step % 7 == 6 {  // the beams swap, or one takes over
                let parents = step % 14 == 6 ? [1, 0] : [0, 0]
                growing.reorder(parents: parents)
                fixed.reorder(parents: parents)
            }
        }
        #expect(growing.capacity == steps + 1)
    }
}
