// Writes an Ieum model directory: config.json, model.safetensors, tokenizer.vocab.
import Foundation

/// The files of a model directory, as `Translator` reads them.
enum ModelDirectory {
    static func write(config: ModelConfig, weights: TransformerWeights, vocabulary: Vocabulary, to directory: URL,
                      dataType: SafeTensorsFile.DataType = .f32) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(config).write(to: directory.appendingPathComponent("config.json"))
        try SafeTensorsWriter.data(weights.checkpointTensors(config: config), dataType: dataType, metadata: ["format": "pt"])
            .write(to: directory.appendingPathComponent("model.safetensors"))
        try VocabularyFile.write(vocabulary, to: directory.appendingPathComponent("tokenizer.vocab"))
    }
}
