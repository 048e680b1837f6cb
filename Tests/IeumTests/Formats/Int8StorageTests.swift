// Weights stored as int8 with a scale per row: the values by hand, and a model that still translates.
import Foundation
import Testing
@testable import Ieum

@Suite struct Int8StorageTests {
    /// Row [0.5, −1, 0.25]: scale 1/127; 0.5·127 = 63.5 rounds to 64, 0.25·127 = 31.75 to 32.
    /// Row [0, 0, 0]: scale 1. A bias stays float32.
    @Test func rowsQuantizeAsComputedByHand() throws {
        let data = SafeTensorsWriter.data(["layer.weight": ([2, 3], [0.5, -1, 0.25, 0, 0, 0]), "layer.bias": ([2], [0.1, 0.2])],
                                          dataType: .i8)
        let file = try SafeTensorsFile(data: data, name: "int8.safetensors")
        #expect(file.tensors["layer.weight"]?.dataType == .i8 && file.tensors["layer.bias"]?.dataType == .f32)
        #expect(try file.floats("layer.weight") == [64 / Float(127), -1, 32 / Float(127), 0, 0, 0])
        #expect(try file.floats("layer.bias") == [0.1, 0.2])
    }

    @Test func missingScalesAreReported() {
        let header = #"{"w.weight": {"dtype": "I8", "shape": [2, 2], "data_offsets": [0, 4]}}"#
        let data = BadInputTests.safetensors(header, payload: 4)
        #expect(throws: FormatError(file: "int8.safetensors", reason: "tensor w.weight is I8 but has no w.weight_scale with one scale per row (2)")) {
            try SafeTensorsFile(data: data, name: "int8.safetensors").floats("w.weight")
        }
    }

    /// `ieum convert --int8`: about a quarter of the weights' bytes (plus 4 bytes of scale per
    /// row, a lot for this 16-wide model), and logits close to the float32 model's.
    @Test func anInt8ModelTranslatesLikeTheOriginal() throws {
        let model = try TranslateCommandTests.makeModel()
        let converted = model.deletingLastPathComponent().appendingPathComponent(model.lastPathComponent + "-int8")
        defer { try? FileManager.default.removeItem(at: model); try? FileManager.default.removeItem(at: converted) }
        let result = try TokenizeCommandTests.run(["convert", "--from", "ieum", model.path, "--output", converted.path, "--int8"])
        #expect(result.status == 0, "\(result.errors)")
        let original = try Translator(modelDirectory: model), quantized = try Translator(modelDirectory: converted, computeType: .float32)
        // Without a compute type, a model runs in the type its weight matrices are stored in.
        #expect(original.model.outputProjection.computeType == .float32)
        #expect(try Translator(modelDirectory: converted).model.outputProjection.computeType == .int8)
        let source = try original.codec.sourceIds("문서를 저장합니다.")
        func logits(_ translator: Translator) -> [Float] {
            var cache = translator.model.startDecoding(encoderOutput: translator.model.encode(source), sourceLength: source.count, maxLength: 4)
            return translator.model.decode([translator.model.config.decoderStartId, 5, 6], cache: &cache)
        }
        let (a, b) = (logits(original), logits(quantized))
        let largest = zip(a, b).map { abs($0 - $1) }.max() ?? 0, scale = a.map(abs).max() ?? 1
        #expect(largest < 0.05 * scale, "largest difference \(largest) of logits up to \(scale)")
        let size = { (url: URL) in (try? FileManager.default.attributesOfItem(atPath: url.appendingPathComponent("model.safetensors").path)[.size] as? Int) ?? 0 }
        #expect(Double(size(converted)) < 0.4 * Double(size(model)))
    }
}
