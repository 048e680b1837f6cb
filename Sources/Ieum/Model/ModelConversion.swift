// Model directories rewritten as Ieum model directories: Hugging Face Marian (opus-mt) ones,
// and Ieum's own (training checkpoints) in another precision.
import Foundation

/// Converts a Hugging Face MarianMTModel directory or an Ieum model directory (a training
/// checkpoint, say): config.json written with the keys Ieum reads, the weights rewritten under
/// the checkpoint name table (F32 or F16), and the tokenizer files copied (source.spm,
/// target.spm, vocab.json, target_vocab.json, or tokenizer.vocab). Anything else, such as a
/// checkpoint's optimizer state, stays behind. In F32 the result translates exactly as the
/// original does.
///
/// Several directories of one model (checkpoints of one run) are averaged weight by weight,
/// as Marian's and fairseq's averaging scripts do: the mean of the last few checkpoints
/// often translates better than any one of them.
package enum ModelConversion {
    package static let tokenizerFiles = ["source.spm", "target.spm", "vocab.json", "target_vocab.json", "tokenizer.vocab"]

    package static func convert(_ source: URL, to destination: URL, dataType: SafeTensorsFile.DataType = .f32) throws {
        try convert([source], to: destination, dataType: dataType)
    }

    /// Writes the mean of `sources`, which must share their architecture and tokenizer files.
    package static func convert(_ sources: [URL], to destination: URL, dataType: SafeTensorsFile.DataType = .f32) throws {
        guard let first = sources.first else { throw FormatError(file: destination.path, reason: "no model directory to convert") }
        let config = try ModelConfig.read(first.appendingPathComponent("config.json"))
        let presentTokenizerFiles = tokenizerFiles.filter { FileManager.default.fileExists(atPath: first.appendingPathComponent($0).path) }
        guard presentTokenizerFiles.contains("source.spm") || presentTokenizerFiles.contains("tokenizer.vocab") else {
            throw FormatError(file: first.path, reason: "has neither source.spm (Marian) nor tokenizer.vocab (Ieum): no tokenizer")
        }
        var tensors = try checkpointTensors(first, config: config)
        for source in sources.dropFirst() {
            try requireSameModel(source, as: first, config: config, tokenizerFiles: presentTokenizerFiles)
            for (name, tensor) in try checkpointTensors(source, config: config) {
                tensors[name]?.values.withUnsafeMutableBufferPointer { sum in
                    for i in sum.indices { sum[i] += tensor.values[i] }
                }
            }
        }
        // One source is scaled by 1, which leaves every value as it was.
        let scale = 1 / Float(sources.count)
        for name in Array(tensors.keys) {
            tensors[name]?.values.withUnsafeMutableBufferPointer { sum in
                for i in sum.indices { sum[i] *= scale }
            }
        }
        try ModelDirectory.writeModel(config: config, tensors: tensors, to: destination, dataType: dataType)
        for file in presentTokenizerFiles {
            let target = destination.appendingPathComponent(file)
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: first.appendingPathComponent(file), to: target)
        }
    }

    /// Throws unless `source` has `config` and the same tokenizer files as `first`.
    private static func requireSameModel(_ source: URL, as first: URL, config: ModelConfig, tokenizerFiles: [String]) throws {
        guard try ModelConfig.read(source.appendingPathComponent("config.json")) == config else {
            throw FormatError(file: source.path, reason: "has another architecture than \(first.path): only checkpoints of one model average")
        }
        for file in tokenizerFiles
        where !FileManager.default.contentsEqual(atPath: source.appendingPathComponent(file).path, andPath: first.appendingPathComponent(file).path) {
            throw FormatError(file: source.path, reason: "has another \(file) than \(first.path): only checkpoints of one model average")
        }
    }

    /// The weights under the checkpoint name table, whatever names the file used.
    private static func checkpointTensors(_ directory: URL, config: ModelConfig) throws -> [String: (shape: [Int], values: [Float])] {
        let file = try SafeTensorsFile(url: directory.appendingPathComponent("model.safetensors"))
        return try ParameterLayout(config: config).tensors(from: file)
    }
}
