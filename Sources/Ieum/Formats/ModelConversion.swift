// Model directories rewritten as Ieum model directories: Hugging Face Marian (opus-mt) ones,
// and Ieum's own (training checkpoints) in another precision.
import Foundation

/// Converts a Hugging Face MarianMTModel directory or an Ieum model directory (a training
/// checkpoint, say): config.json written with the keys Ieum reads, the weights rewritten under
/// the checkpoint name table (F32 or F16), and the tokenizer files copied (source.spm,
/// target.spm, vocab.json, target_vocab.json, or tokenizer.vocab). Anything else, such as a
/// checkpoint's optimizer state, stays behind. In F32 the result translates exactly as the
/// original does.
public enum ModelConversion {
    public static let tokenizerFiles = ["source.spm", "target.spm", "vocab.json", "target_vocab.json", "tokenizer.vocab"]

    public static func convert(_ source: URL, to destination: URL, dataType: SafeTensorsFile.DataType = .f32) throws {
        let config = try ModelConfig.read(source.appendingPathComponent("config.json"))
        let weights = try TransformerWeights(file: SafeTensorsFile(url: source.appendingPathComponent("model.safetensors")), config: config)
        guard ["source.spm", "tokenizer.vocab"].contains(where: { FileManager.default.fileExists(atPath: source.appendingPathComponent($0).path) }) else {
            throw FormatError(file: source.path, reason: "has neither source.spm (Marian) nor tokenizer.vocab (Ieum): no tokenizer")
        }
        try ModelDirectory.writeModel(config: config, weights: weights, to: destination, dataType: dataType)
        for file in tokenizerFiles where FileManager.default.fileExists(atPath: source.appendingPathComponent(file).path) {
            let target = destination.appendingPathComponent(file)
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: source.appendingPathComponent(file), to: target)
        }
    }
}
