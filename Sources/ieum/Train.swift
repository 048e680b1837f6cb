// `ieum train`: trains a translation model on a parallel corpus, with progress, checkpoints and resume.
import ArgumentParser
import Foundation
import Ieum

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a Korean→English model on a parallel corpus.",
        discussion: """
            Reads the corpus (korean<TAB>english per line), tokenizes it with the vocabulary and \
            trains the model the config file describes ({"model": {config.json keys}, "training": \
            {…}}; see configs/small.json). The output folder gets checkpoint/ (the latest weights, \
            a model directory `ieum translate --model` reads, plus the optimizer's state), best/ \
            (the weights with the lowest validation loss), step-N/ (the last validations' weights, \
            when "keep_checkpoints" asks; average them with `ieum convert`) and log.tsv. Progress \
            goes to stderr. \
            Stop with Ctrl-C or --max-hours at any time and continue with --resume: training goes \
            on from the last checkpoint with the same data order and optimizer state.

            Examples:
              ieum train --config configs/small.json --train corpora/build/train.tsv \\
                  --valid corpora/build/dev.tsv --vocab vocab/ko-en.vocab --output runs/small
              ieum train --resume runs/small --max-hours 2
            """
    )

    @Option(help: ArgumentHelp("Training config: model shape and training settings (JSON).", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("Training pairs, korean<TAB>english per line.", valueName: "file"))
    var train: String?

    @Option(help: ArgumentHelp("Validation pairs, same format.", valueName: "file"))
    var valid: String?

    @Option(help: ArgumentHelp("The joint vocabulary (see `ieum train-vocab`).", valueName: "file"))
    var vocab: String?

    @Option(help: ArgumentHelp("Folder for checkpoints and logs.", valueName: "folder"))
    var output: String?

    @Option(help: ArgumentHelp("Continue the run in this folder from its last checkpoint.", valueName: "folder"))
    var resume: String?

    @Option(help: "Stop cleanly (with a checkpoint) after this many hours.")
    var maxHours: Double?

    @Option(help: "Train until this many optimizer steps in all (overrides the config).")
    var maxSteps: Int?

    @Option(help: "Train until this many epochs in all (overrides the config).")
    var epochs: Int?

    func validate() throws {
        if resume != nil, config != nil || train != nil || valid != nil || vocab != nil || output != nil {
            throw ValidationError("--resume takes everything else from the run folder; give only --max-hours, --max-steps or --epochs")
        }
        if let maxHours, !(maxHours > 0 && maxHours.isFinite) { throw ValidationError("--max-hours must be a positive number") }
        if let maxSteps, maxSteps < 1 { throw ValidationError("--max-steps must be at least 1") }
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1") }
    }

    func run() throws {
        let run: TrainingRun
        if let resume {
            run = try TrainingRun.read(URL(fileURLWithPath: resume))
        } else if let config, let train, let valid, let vocab, let output {
            run = try TrainingRun.create(config: config, train: train, valid: valid, vocab: vocab, output: output)
        } else {
            throw ValidationError("a new run needs --config, --train, --valid, --vocab and --output (or --resume FOLDER)")
        }
        let vocabulary = try VocabularyFile.read(run.vocab)
        var file = try TrainingConfigFile.read(run.config, vocabulary: vocabulary)
        if let maxSteps { file.training.maxSteps = maxSteps }
        if let epochs { file.training.epochs = epochs }
        if file.training.guidedAlignmentWeight > 0 && file.model.alignmentLayer == nil {
            // The supervised head is recorded in every checkpoint's config.json, for `ieum align`.
            (file.model.alignmentLayer, file.model.alignmentHead) = (file.model.decoderLayers - 1, file.model.alignmentHead ?? 0)
        }
        let model = try TrainingModel(config: file.model)
        let tokenizer = Tokenizer(vocabulary: vocabulary)
        let threads = ProcessInfo.processInfo.activeProcessorCount
        let progress = ProgressLine()
        progress.note("reading \(run.train.path)")
        let direction = file.training.direction
        let endId = file.model.eosId
        let training = try TrainingData.load(run.train, tokenizer: tokenizer, endId: endId, maxLength: file.training.maxLength, threads: threads,
                                             direction: direction, sourceWeights: file.training.sourceWeights,
                                             alignments: file.training.guidedAlignmentWeight > 0)
        let validation = try TrainingData.load(run.valid, tokenizer: tokenizer, endId: endId, maxLength: file.training.maxLength, threads: threads,
                                               direction: direction)
        let texts = try TrainingRun.pairs(run.valid, limit: file.training.validationTranslations, direction: direction)
        progress.note("\(training.examples.count) training pairs (\(training.skipped) left out), \(training.targetTokens) target tokens an epoch; "
                      + "\(validation.examples.count) validation pairs; \(model.parameterCount) parameters")
        let trainer = try Trainer(model: model, options: file.training, training: training, validation: validation,
                                  validationTexts: texts, vocabulary: vocabulary, directory: run.directory, resume: resume != nil)
        if resume != nil { progress.note("resuming at step \(trainer.position.step), epoch \(trainer.position.epoch + 1)") }
        let interrupt = InterruptFlag()
        try trainer.run(maxSeconds: (maxHours ?? .infinity) * 3600, stopRequested: { interrupt.isSet }) { progress.show($0) }
        progress.note("stopped at step \(trainer.position.step); checkpoint in \(trainer.checkpointDirectory.path), best model in \(trainer.bestDirectory.path)")
    }
}
