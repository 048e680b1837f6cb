// Every trainable parameter in one flat buffer, each tensor a named view at a fixed offset.
import Foundation

/// Where each checkpoint tensor lives in the flat parameter buffer. Gradients and the
/// optimizer's moments use the same layout, so zeroing, clipping, Adam and checkpoint I/O are
/// single loops over `count` values.
struct ParameterLayout: Sendable {
    struct Entry: Sendable {
        let offset: Int
        let shape: [Int]
        var count: Int { shape.reduce(1, *) }
    }

    /// Checkpoint name → view, in the order the buffer holds them (the model's own order:
    /// `CheckpointNames.trainedTensors`).
    let entries: [(name: String, entry: Entry)]
    let count: Int
    private let index: [String: Entry]

    /// The tensors a model of `config` trains, under the checkpoint name table's names.
    init(config: ModelConfig) {
        var entries: [(name: String, entry: Entry)] = []
        var offset = 0
        for (name, shape) in CheckpointNames.trainedTensors(config: config) {
            entries.append((name, Entry(offset: offset, shape: shape)))
            offset += shape.reduce(1, *)
        }
        self.entries = entries
        self.count = offset
        self.index = Dictionary(uniqueKeysWithValues: entries.map { ($0.name, $0.entry) })
    }

    /// The view of a tensor the layout must have (the names come from `CheckpointNames`).
    func entry(_ name: String) -> Entry {
        guard let entry = index[name] else { preconditionFailure("no parameter \(name) in the layout") }
        return entry
    }

    func offset(_ name: String) -> Int { entry(name).offset }

    func contains(_ name: String) -> Bool { index[name] != nil }

    /// Initial values: embeddings from N(0, 1/C) (they are scaled by √C), learned positions
    /// from N(0, 0.02²), linear weights Xavier-uniform, layer norms the identity, biases zero.
    func initialValues(seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        var values = [Float](repeating: 0, count: count)
        for (name, entry) in entries {
            let range = entry.offset..<(entry.offset + entry.count)
            if name.hasSuffix("embed_tokens.weight") || name == "model.shared.weight" || name == "lm_head.weight" {
                let deviation = 1 / Float(entry.shape[1]).squareRoot()
                for index in range { values[index] = deviation * generator.nextNormal() }
            } else if name.hasSuffix("embed_positions.weight") {
                for index in range { values[index] = 0.02 * generator.nextNormal() }
            } else if name.hasSuffix(".weight") && entry.shape.count == 1 {  // a layer norm's
                for index in range { values[index] = 1 }
            } else if name.hasSuffix(".weight") {
                let limit = (6 / Float(entry.shape[0] + entry.shape[1])).squareRoot()
                for index in range { values[index] = Float.random(in: -limit...limit, using: &generator) }
            }
        }
        return values
    }

    /// The tensors of `values` under their checkpoint names, for a safetensors file.
    func tensors(_ values: [Float]) -> [String: (shape: [Int], values: [Float])] {
        var tensors: [String: (shape: [Int], values: [Float])] = [:]
        for (name, entry) in entries {
            tensors[name] = (entry.shape, Array(values[entry.offset..<(entry.offset + entry.count)]))
        }
        return tensors
    }

    /// The same values laid out as layouts before this one held them (tensors sorted by name),
    /// for optimizer moments saved that way.
    func fromNameOrder(_ values: [Float]) -> [Float] {
        var result = [Float](repeating: 0, count: count)
        var offset = 0
        for (_, entry) in entries.sorted(by: { $0.name < $1.name }) {
            result.replaceSubrange(entry.offset..<(entry.offset + entry.count), with: values[offset..<(offset + entry.count)])
            offset += entry.count
        }
        return result
    }

    /// Reads the tensors of a safetensors file (any stored type) into a flat buffer.
    func values(from file: SafeTensorsFile) throws(FormatError) -> [Float] {
        var values = [Float](repeating: 0, count: count)
        for (name, entry) in entries {
            values.replaceSubrange(entry.offset..<(entry.offset + entry.count), with: try read(name, from: file))
        }
        return values
    }

    /// One tensor of the table from a safetensors file; tied embeddings may be stored under any
    /// of their names.
    func read(_ name: String, from file: SafeTensorsFile) throws(FormatError) -> [Float] {
        let stored = CheckpointNames.storedNames(of: name).first { file.tensors[$0] != nil } ?? name
        return try file.floats(stored, shape: entry(name).shape)
    }

    /// The tensors of a checkpoint file under the table's names, whatever names it stored them
    /// under, and its constant output bias when it has one.
    func tensors(from file: SafeTensorsFile) throws(FormatError) -> [String: (shape: [Int], values: [Float])] {
        var tensors = self.tensors(try values(from: file))
        if let bias = file.tensors[CheckpointNames.outputBias] {
            tensors[CheckpointNames.outputBias] = (bias.shape, try file.floats(CheckpointNames.outputBias, shape: bias.shape))
        }
        return tensors
    }

    /// Values for tests and benchmarks: N(0, standardDeviation²) everywhere but the layer
    /// norms (the identity) and the biases (zero).
    func randomValues(standardDeviation: Float, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        var values = [Float](repeating: 0, count: count)
        for (name, entry) in entries {
            let range = entry.offset..<(entry.offset + entry.count)
            if name.hasSuffix(".weight") && entry.shape.count == 1 {  // a layer norm's
                for index in range { values[index] = 1 }
            } else if name.hasSuffix(".weight") {
                for index in range { values[index] = standardDeviation * generator.nextNormal() }
            }
        }
        return values
    }
}
