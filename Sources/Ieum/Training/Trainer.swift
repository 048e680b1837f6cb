// The training loop: batches, optimizer steps, validation, checkpoints, resume and stopping.
import CBLAS
import Foundation

/// What the loop tells its caller after each step.
public struct TrainingReport: Sendable {
    public var position: TrainingPosition
    public var epochFraction: Double
    /// Mean label-smoothed loss per target token, smoothed over recent steps.
    public var loss: Double
    public var learningRate: Float
    public var gradientNorm: Float
    /// Target tokens per second over recent steps.
    public var tokensPerSecond: Double
    /// Matrix-product operations per second over recent steps (billions).
    public var gigaflopsPerSecond: Double
    /// Seconds left until the configured number of steps or epochs, when there is one.
    public var secondsLeft: Double?
    /// Set on the steps that ran validation.
    public var validation: ValidationResult?
}

/// A validation pass: the loss over the whole validation set, and scores of greedy
/// translations of its first pairs.
public struct ValidationResult: Sendable {
    /// Mean negative log-likelihood per target token (no label smoothing, no dropout).
    public var loss: Double
    public var bleu: Double?
    public var chrF: Double?
    /// Whether this is the best loss so far (the model was saved as the best).
    public var isBest: Bool
}

/// Trains a model in a run directory: `checkpoint/` (the latest state, loadable as a model
/// directory, plus optimizer.safetensors), `best/` (the model with the lowest validation loss),
/// `step-N/` (the models of the last validations, when the options keep them) and `log.tsv`.
public final class Trainer {
    public let model: TrainingModel
    public let options: TrainingOptions
    let training: TrainingData
    let validation: TrainingData
    /// Source texts and references translated at validation.
    let validationTexts: [(source: String, reference: String)]
    let vocabulary: Vocabulary
    let directory: URL
    private(set) var state: TrainingState
    /// The forward pass's buffers, shared by training steps and validation.
    private let activations: TrainingActivations

    public var position: TrainingPosition { state.position }
    public var checkpointDirectory: URL { directory.appendingPathComponent("checkpoint") }
    public var bestDirectory: URL { directory.appendingPathComponent("best") }

    /// A trainer that resumes from `directory/checkpoint` when `resume` is set, and otherwise
    /// starts from initial weights drawn with the options' seed.
    public init(model: TrainingModel, options: TrainingOptions, training: TrainingData, validation: TrainingData,
                validationTexts: [(source: String, reference: String)], vocabulary: Vocabulary, directory: URL, resume: Bool) throws {
        self.model = model
        self.options = options
        self.training = training
        self.validation = validation
        self.validationTexts = validationTexts
        self.vocabulary = vocabulary
        self.directory = directory
        activations = TrainingActivations(config: model.config)
        if resume {
            state = try TrainingCheckpoint.read(directory.appendingPathComponent("checkpoint"), model: model)
        } else {
            state = TrainingState(parameters: model.layout.initialValues(seed: options.seed), optimizer: AdamState(count: model.layout.count),
                                  position: TrainingPosition())
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// Trains until the options' steps or epochs are done, `maxSeconds` of this call have
    /// passed or `stopRequested` says so (checked between steps), then writes a checkpoint.
    /// `report` is called after every step.
    public func run(maxSeconds: Double = .infinity, stopRequested: () -> Bool = { false }, report: (TrainingReport) -> Void) throws {
        guard !training.examples.isEmpty else { throw TrainingError("no training pairs") }
        let start = Date(), count = model.layout.count
        var gradients = [Float](repeating: 0, count: count)
        var batches = training.batches(epoch: state.position.epoch, batchTokens: options.batchTokens, seed: options.seed)
        var recent = RecentSteps(), lastCheckpoint = Date()
        useOneBLASThread()
        while !finished, Date().timeIntervalSince(start) < maxSeconds, !stopRequested() {
            if state.position.batchInEpoch >= batches.count {
                state.position.epoch += 1
                state.position.batchInEpoch = 0
                batches = training.batches(epoch: state.position.epoch, batchTokens: options.batchTokens, seed: options.seed)
                if finished { break }
            }
            let stepStart = Date()
            let batch = TrainingBatch(batches[state.position.batchInEpoch].map { training.examples[$0] }, config: model.config)
            let (loss, norm, learningRate) = step(batch, gradients: &gradients)
            let seconds = Date().timeIntervalSince(stepStart)
            state.position.seconds += seconds
            state.position.batchInEpoch += 1

            recent.add(loss, operations: model.matrixOperations(batch), seconds: seconds)
            var result = TrainingReport(position: state.position, epochFraction: Double(state.position.batchInEpoch) / Double(batches.count),
                                        loss: recent.loss, learningRate: learningRate, gradientNorm: norm,
                                        tokensPerSecond: recent.tokensPerSecond, gigaflopsPerSecond: recent.gigaflopsPerSecond,
                                        secondsLeft: secondsLeft(batchesPerEpoch: batches.count, secondsPerStep: recent.secondsPerStep))
            // The last step is validated too, so that the finished model can be the best.
            if options.validateEvery > 0, state.position.step % options.validateEvery == 0 || isLastStep(batchesInEpoch: batches.count) {
                result.validation = try validate()
                result.position = state.position
                try log(result)
                lastCheckpoint = Date()
            } else if Date().timeIntervalSince(lastCheckpoint) > options.checkpointMinutes * 60 {
                try checkpoint()
                lastCheckpoint = Date()
            }
            report(result)
        }
        try checkpoint()
    }

    /// One optimizer step on one batch: the loss, the gradient's norm before clipping, the learning rate.
    private func step(_ batch: TrainingBatch, gradients: inout [Float]) -> (loss: LossSum, norm: Float, learningRate: Float) {
        let count = model.layout.count
        state.position.step += 1
        let step = state.position.step
        let learningRate = options.learningRate(atStep: step)
        var dropout = TrainingModel.Dropout(rate: options.dropout,
                                            generator: SeededGenerator(seed: options.seed &* 0xD1B5_4A32_D192_ED03 &+ UInt64(step)))
        // The parameters leave the state while the optimizer, also in the state, updates them.
        var parameters = state.parameters
        state.parameters = []
        defer { state.parameters = parameters }
        return parameters.withUnsafeMutableBufferPointer { parameters in
            gradients.withUnsafeMutableBufferPointer { gradients in
                let g = gradients.baseAddress!, p = parameters.baseAddress!
                g.update(repeating: 0, count: count)
                let loss = model.lossAndGradients(batch, parameters: p, gradients: g, activations: activations,
                                                  labelSmoothing: options.labelSmoothing, dropout: &dropout,
                                                  guidedAlignment: guidedAlignment)
                let norm = clipGradientNorm(g, count: count, maxNorm: options.clipNorm)
                state.optimizer.update(p, gradients: g, count: count, step: step, learningRate: learningRate, options: options)
                return (loss, norm, learningRate)
            }
        }
    }

    /// The supervised head, when the options ask for guided alignment.
    private var guidedAlignment: GuidedAlignment? {
        guard options.guidedAlignmentWeight > 0 else { return nil }
        return GuidedAlignment(layer: model.config.alignmentLayer ?? model.config.decoderLayers - 1, head: model.config.alignmentHead ?? 0,
                               weight: options.guidedAlignmentWeight)
    }

    private var finished: Bool {
        (options.maxSteps > 0 && state.position.step >= options.maxSteps) || (options.epochs > 0 && state.position.epoch >= options.epochs)
    }

    /// Whether the step just taken ends the configured steps or epochs.
    private func isLastStep(batchesInEpoch: Int) -> Bool {
        (options.maxSteps > 0 && state.position.step >= options.maxSteps)
            || (options.epochs > 0 && state.position.epoch == options.epochs - 1 && state.position.batchInEpoch >= batchesInEpoch)
    }

    private func secondsLeft(batchesPerEpoch: Int, secondsPerStep: Double) -> Double? {
        var steps: [Int] = []
        if options.maxSteps > 0 { steps.append(options.maxSteps - state.position.step) }
        if options.epochs > 0 { steps.append((options.epochs - state.position.epoch) * batchesPerEpoch - state.position.batchInEpoch) }
        return steps.min().map { Double(max($0, 0)) * secondsPerStep }
    }

    /// Writes the latest state to `checkpoint/`.
    public func checkpoint() throws {
        try TrainingCheckpoint.write(state, model: model, vocabulary: vocabulary, to: checkpointDirectory)
    }

    /// Validation loss, BLEU and chrF of the current weights, with a checkpoint; keeps the
    /// weights in `best/` too when the loss is the lowest so far.
    func validate() throws -> ValidationResult {
        var total = LossSum()
        for indices in validation.batches(epoch: 0, batchTokens: options.batchTokens, seed: options.seed) {
            let batch = TrainingBatch(indices.map { validation.examples[$0] }, config: model.config)
            total.add(state.parameters.withUnsafeBufferPointer {
                model.loss(batch, parameters: $0.baseAddress!, activations: activations, labelSmoothing: 0)
            })
        }
        let loss = total.negativeLogLikelihood / Double(max(total.tokens, 1))
        var result = ValidationResult(loss: loss, isBest: loss < state.position.bestValidationLoss)
        if result.isBest { state.position.bestValidationLoss = loss }
        if !validationTexts.isEmpty {
            // The inference model, built in memory from the same parameters.
            let weights = TransformerWeights(config: model.config, layout: model.layout, values: state.parameters)
            let translator = Translator(model: try Transformer(config: model.config, weights: weights),
                                        codec: JointVocabularyCodec(tokenizer: Tokenizer(vocabulary: vocabulary), endId: model.config.eosId))
            let hypotheses = translator.translate(validationTexts.map(\.source), threads: ProcessInfo.processInfo.activeProcessorCount)
                .map { (try? $0.get().text) ?? "" }
            let references = validationTexts.map(\.reference)
            result.bleu = try BLEU.score(hypotheses: hypotheses, references: references).score
            result.chrF = try ChrF.score(hypotheses: hypotheses, references: references).score
        }
        if result.isBest {
            try TrainingCheckpoint.write(state, model: model, vocabulary: vocabulary, to: bestDirectory, optimizer: false)
        }
        try keepCheckpoint()
        return result
    }

    /// Writes `step-N/` and removes those beyond the last `keepCheckpoints`.
    private func keepCheckpoint() throws {
        guard options.keepCheckpoints > 0 else { return }
        let step = state.position.step
        try TrainingCheckpoint.write(state, model: model, vocabulary: vocabulary,
                                     to: directory.appendingPathComponent("step-\(step)"), optimizer: false)
        let kept = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .compactMap { $0.hasPrefix("step-") ? Int($0.dropFirst(5)) : nil }.sorted()
        for old in kept.dropLast(options.keepCheckpoints) {
            try FileManager.default.removeItem(at: directory.appendingPathComponent("step-\(old)"))
        }
    }

    /// Appends a validation line to log.tsv.
    private func log(_ report: TrainingReport) throws {
        let file = directory.appendingPathComponent("log.tsv")
        if !FileManager.default.fileExists(atPath: file.path) {
            try "step\tepoch\thours\ttrain_loss\tlearning_rate\ttokens_per_second\tgflops\tvalid_loss\tbleu\tchrf\n".write(to: file, atomically: true, encoding: .utf8)
        }
        let v = report.validation
        let fields: [String] = ["\(report.position.step)", String(format: "%.3f", Double(report.position.epoch) + report.epochFraction),
                                String(format: "%.3f", report.position.seconds / 3600), String(format: "%.4f", report.loss),
                                String(format: "%.3g", report.learningRate), String(format: "%.0f", report.tokensPerSecond), String(format: "%.1f", report.gigaflopsPerSecond),
                                v.map { String(format: "%.4f", $0.loss) } ?? "", v?.bleu.map { String(format: "%.2f", $0) } ?? "",
                                v?.chrF.map { String(format: "%.2f", $0) } ?? ""]
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((fields.joined(separator: "\t") + "\n").utf8))
    }

    /// Training spreads its products over the cores itself, each BLAS call on one thread.
    private func useOneBLASThread() {
        openblas_set_num_threads(1)
    }
}
