// Writes an Ieum model directory: config.json, model.safetensors, tokenizer.vocab.
import Foundation

/// The files of a model directory, as `Translator` reads them.
enum ModelDirectory {
    /// config.json and model.safetensors from tensors already under their checkpoint names.
    static func writeModel(config: ModelConfig, tensors: [String: (shape: [Int], values: [Float])], to directory: URL,
                           dataType: SafeTensorsFile.DataType = .f32) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(config).write(to: directory.appendingPathComponent("config.json"))
        try SafeTensorsWriter.data(tensors, dataType: dataType, metadata: ["format": "pt"])
            .write(to: directory.appendingPathComponent("model.safetensors"))
    }

    /// The model and its joint vocabulary, tokenizer.vocab.
    static func write(config: ModelConfig, tensors: [String: (shape: [Int], values: [Float])], vocabulary: Vocabulary,
                      to directory: URL, dataType: SafeTensorsFile.DataType = .f32) throws {
        try writeModel(config: config, tensors: tensors, to: directory, dataType: dataType)
        try VocabularyFile.write(vocabulary, to: directory.appendingPathComponent("tokenizer.vocab"))
    }
}
