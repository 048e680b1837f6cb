// Hugging Face Marian (opus-mt) directories turned into Ieum model directories.
import Foundation

/// Converts a Hugging Face MarianMTModel directory: config.json written with the keys Ieum
/// reads, the weights rewritten under the checkpoint name table (F32 or F16), and the
/// tokenizer files (source.spm, target.spm, vocab.json, target_vocab.json) copied. The
/// result loads and translates exactly as the original does (in F32).
public enum MarianConversion {
    public static let tokenizerFiles = ["source.spm", "target.spm", "vocab.json", "target_vocab.json"]

    public static func convert(_ source: URL, to destination: URL, dataType: SafeTensorsFile.DataType = .f32) throws {
        let config = try ModelConfig.read(source.appendingPathComponent("config.json"))
        let weights = try TransformerWeights(file: SafeTensorsFile(url: source.appendingPathComponent("model.safetensors")), config: config)
        guard FileManager.default.fileExists(atPath: source.appendingPathComponent("source.spm").path) else {
            throw FormatError(file: source.path, reason: "has no source.spm: not a Marian directory")
        }
        try ModelDirectory.writeModel(config: config, weights: weights, to: destination, dataType: dataType)
        for file in tokenizerFiles where FileManager.default.fileExists(atPath: source.appendingPathComponent(file).path) {
            let target = destination.appendingPathComponent(file)
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: source.appendingPathComponent(file), to: target)
        }
    }
}
