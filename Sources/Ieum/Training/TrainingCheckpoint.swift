// A training checkpoint: a model directory any command can load, plus the optimizer's state
// and the position in the data, so that training resumes exactly where it stopped.
import Foundation

/// Where training stands: the next step continues from here.
public struct TrainingPosition: Sendable, Equatable {
    /// Optimizer steps taken.
    public var step = 0
    /// The epoch under way (0-based) and how many of its batches are done.
    public var epoch = 0
    public var batchInEpoch = 0
    /// Training time so far, in seconds, over all sessions.
    public var seconds: Double = 0
    /// The lowest validation loss seen (per target token), for keeping the best model.
    public var bestValidationLoss = Double.infinity

    public init() {}
}

/// Everything that changes during training.
struct TrainingState: Sendable {
    var parameters: [Float]
    var optimizer: AdamState
    var position: TrainingPosition
}

enum TrainingCheckpoint {
    static let optimizerFile = "optimizer.safetensors"

    /// Writes the model directory (config.json, model.safetensors in float32, tokenizer.vocab)
    /// and, unless `optimizer` is false, optimizer.safetensors with the moments and position.
    /// The directory is replaced whole, so that a crash never leaves half a checkpoint.
    static func write(_ state: TrainingState, model: TrainingModel, vocabulary: Vocabulary, to directory: URL,
                      optimizer: Bool = true) throws {
        let partial = directory.deletingLastPathComponent().appendingPathComponent(directory.lastPathComponent + ".partial")
        try? FileManager.default.removeItem(at: partial)
        let tensors = model.layout.tensors(state.parameters)
        try ModelDirectory.write(config: model.config, tensors: tensors, vocabulary: vocabulary, to: partial)
        if optimizer {
            let position = state.position
            let metadata = ["step": "\(position.step)", "epoch": "\(position.epoch)", "batch_in_epoch": "\(position.batchInEpoch)",
                            "seconds": "\(position.seconds)", "best_validation_loss": "\(position.bestValidationLoss)"]
            let count = model.layout.count
            try SafeTensorsWriter.data(["adam.first_moment": ([count], state.optimizer.firstMoment),
                                        "adam.second_moment": ([count], state.optimizer.secondMoment)],
                                       metadata: metadata.merging(["layout": "model-order"]) { first, _ in first })
                .write(to: partial.appendingPathComponent(optimizerFile))
        }
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.moveItem(at: partial, to: directory)
    }

    /// Reads a checkpoint that `write` made for a model of the same layout.
    static func read(_ directory: URL, model: TrainingModel) throws(FormatError) -> TrainingState {
        let weights = try SafeTensorsFile(url: directory.appendingPathComponent("model.safetensors"))
        let parameters = try model.layout.values(from: weights)
        let optimizer = try SafeTensorsFile(url: directory.appendingPathComponent(optimizerFile))
        let count = model.layout.count
        // Checkpoints from before the layout followed the model's order hold the moments in name order.
        let inModelOrder = optimizer.metadata["layout"] == "model-order"
        func moment(_ key: String) throws(FormatError) -> [Float] {
            let values = try optimizer.floats(key, shape: [count])
            return inModelOrder ? values : model.layout.fromNameOrder(values)
        }
        let moments = AdamState(firstMoment: try moment("adam.first_moment"), secondMoment: try moment("adam.second_moment"))
        func number(_ key: String) throws(FormatError) -> Double {
            guard let text = optimizer.metadata[key], let value = Double(text) else {
                throw FormatError(file: optimizer.name, reason: "the metadata lacks a numeric \"\(key)\"")
            }
            return value
        }
        var position = TrainingPosition()
        position.step = Int(try number("step"))
        position.epoch = Int(try number("epoch"))
        position.batchInEpoch = Int(try number("batch_in_epoch"))
        position.seconds = try number("seconds")
        position.bestValidationLoss = try number("best_validation_loss")
        return TrainingState(parameters: parameters, optimizer: moments, position: position)
    }
}
