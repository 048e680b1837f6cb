// The one table of trained tensors: the same names and shapes the weights are saved under, in the model's order.
import Foundation
import Testing
@testable import Ieum

@Suite struct ParameterLayoutTests {

    /// The table names exactly the tensors transformers saves for the same architecture (its
    /// constant output bias aside), with the same shapes: post- and pre-layer-norm, tied and
    /// separate embeddings, learned positions and embedding norms.
    @Test(arguments: ["marian/tiny-shared", "marian/tiny-separate", "mbart/tiny"])
    func tableMatchesWhatTransformersSaves(_ model: String) throws {
        let directory = Fixtures.url("Tests/Fixtures/\(model)")
        let config = try ModelConfig.read(directory.appendingPathComponent("config.json"))
        let saved = try SafeTensorsFile(url: directory.appendingPathComponent("model.safetensors")).tensors
        let table = CheckpointNames.trainedTensors(config: config)
        #expect(Set(table.map(\.name)) == Set(saved.keys).subtracting([CheckpointNames.outputBias]))
        for (name, shape) in table { #expect(saved[name]?.shape == shape, "\(name)") }
        #expect(table.count == Set(table.map(\.name)).count)
    }

    @Test func layersComeInTheirOwnOrder() throws {
        let config = try ModelGradientTests.tinyConfig(#""normalize_before": true"#)
        var twelve = config
        twelve.encoderLayers = 12
        let names = ParameterLayout(config: twelve).entries.map(\.name)
        let second = names.firstIndex { $0.hasPrefix("model.encoder.layers.2.") }!, tenth = names.firstIndex { $0.hasPrefix("model.encoder.layers.10.") }!
        #expect(second < tenth)
        #expect(names.first == "model.shared.weight")
    }

    /// Optimizer moments saved by earlier versions (one flat buffer in name order, no layout
    /// mark) are put back in place.
    @Test func momentsInNameOrderAreReordered() throws {
        let config = try ModelGradientTests.tinyConfig(#""normalize_before": true"#)
        let layout = ParameterLayout(config: config)
        let inModelOrder = (0..<layout.count).map(Float.init)
        var inNameOrder: [Float] = []
        for (_, entry) in layout.entries.sorted(by: { $0.name < $1.name }) { inNameOrder += inModelOrder[entry.offset..<(entry.offset + entry.count)] }
        #expect(inNameOrder != inModelOrder)
        #expect(layout.fromNameOrder(inNameOrder) == inModelOrder)
    }
}
