// The pre-layer-norm path (learned positions, embedding and final norms, GELU) against
// transformers' mBART.
import Foundation
import Testing
@testable import Ieum

@Suite struct PreLayerNormParityTests {
    struct Record: Decodable {
        let source: [Int32]
        let target: [Int32]
    }

    @Test func encoderAndLogitsMatchMBart() throws {
        let directory = Fixtures.url("Tests/Fixtures/mbart/tiny")
        let model = try Transformer(directory: directory)
        #expect(model.config.normalizeBefore && model.config.positions == .learned && model.config.embeddingNorm)
        let records = try JSONDecoder().decode([Record].self, from: Data(contentsOf: directory.appendingPathComponent("expected.json")))
        let tensors = try SafeTensorsFile(url: directory.appendingPathComponent("expected.safetensors"))
        var worstEncoder: Float = 0, worstLogits: Float = 0
        for (index, record) in records.enumerated() {
            let encoded = model.encode(record.source)
            worstEncoder = max(worstEncoder, MarianParityTests.maxDifference(encoded, try tensors.floats("encoder.\(index)")))
            var cache = model.startDecoding(encoderOutput: encoded, sourceLength: record.source.count, maxLength: record.target.count)
            let logits = model.decode(record.target, cache: &cache)
            worstLogits = max(worstLogits, MarianParityTests.maxDifference(logits, try tensors.floats("logits.\(index)")))
        }
        print("mBART: encoder max |Δ| \(worstEncoder), logits max |Δ| \(worstLogits)")
        #expect(worstEncoder <= 1e-4 && worstLogits <= 1e-4)
    }
}
