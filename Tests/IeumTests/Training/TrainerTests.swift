// The training loop end to end: one batch learned by heart, and resume equal to an unbroken run.
import Foundation
import Testing
@testable import Ieum

@Suite struct TrainerTests {
    static let pairs = [("파일을 저장합니다.", "Saves the file."), ("창을 닫습니다.", "Closes the window."),
                        ("새 폴더", "New folder"), ("인쇄 미리 보기", "Print preview"),
                        ("설정을 열 수 없습니다.", "Cannot open the settings."), ("모두 선택", "Select all"),
                        ("이름 바꾸기", "Rename"), ("도움말 보기", "Show help")]

    static func model() throws -> TrainingModel {
        let vocabulary = Fixtures.bundledTokenizer.vocabulary
        let json = """
            {"d_model": 32, "encoder_layers": 2, "decoder_layers": 2, "encoder_attention_heads": 4, "decoder_attention_heads": 4,
             "encoder_ffn_dim": 64, "decoder_ffn_dim": 64, "vocab_size": \(vocabulary.count), "max_position_embeddings": 64,
             "activation_function": "relu", "normalize_before": true, "pad_token_id": 0, "eos_token_id": 2, "decoder_start_token_id": 1}
            """
        return try TrainingModel(config: JSONDecoder().decode(ModelConfig.self, from: Data(json.utf8)))
    }

    static func data() throws -> TrainingData {
        let tokenizer = Fixtures.bundledTokenizer
        return TrainingData(examples: try pairs.map { source, target in
            TrainingExample(source: try tokenizer.encode(source) + [Vocabulary.eosId], target: try tokenizer.encode(target))
        })
    }

    /// A trainer of `model()` on `data()`, validated on the same pairs.
    static func trainer(_ options: TrainingOptions, directory: URL, resume: Bool = false) throws -> Trainer {
        let data = try data()
        return try Trainer(model: try model(), options: options, training: data, validation: data, validationTexts: [],
                           vocabulary: Fixtures.bundledTokenizer.vocabulary, directory: directory, resume: resume)
    }

    static func temporaryDirectory(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("ieum-\(name)-\(UUID().uuidString)")
    }

    @Test func oneBatchIsLearnedByHeart() throws {
        var options = TrainingOptions()
        (options.batchTokens, options.learningRate, options.warmupSteps, options.maxSteps) = (10_000, 3e-3, 30, 300)
        (options.dropout, options.labelSmoothing, options.validateEvery) = (0, 0, 0)
        let directory = Self.temporaryDirectory("overfit")
        defer { try? FileManager.default.removeItem(at: directory) }
        let trainer = try Self.trainer(options, directory: directory)
        try trainer.run { _ in }
        let loss = try trainer.validate().loss
        #expect(loss < 0.05, "loss \(loss) after 300 steps")
        let translator = try Translator(modelDirectory: trainer.checkpointDirectory)
        for (source, target) in Self.pairs {
            #expect(Array(try translator.translate(source).text.unicodeScalars) == Array(target.unicodeScalars))
        }
    }

    @Test(arguments: [(epochs: 0, maxSteps: 4), (epochs: 2, maxSteps: 0)])
    func theLastStepIsValidatedAndTheLastValidationsKept(epochs: Int, maxSteps: Int) throws {
        var options = TrainingOptions()
        (options.batchTokens, options.epochs, options.maxSteps, options.validateEvery) = (40, epochs, maxSteps, 3)
        options.keepCheckpoints = 1
        let directory = Self.temporaryDirectory("last-step")
        defer { try? FileManager.default.removeItem(at: directory) }
        let trainer = try Self.trainer(options, directory: directory)
        try trainer.run { _ in }
        let log = try String(contentsOf: directory.appendingPathComponent("log.tsv"), encoding: .utf8)
        let steps = log.split(separator: "\n").dropFirst().compactMap { Int($0.prefix { $0 != "\t" }) }
        let last = trainer.position.step
        #expect(last > 3)
        var validated = Array(stride(from: 3, through: last, by: 3))
        if last % 3 != 0 { validated.append(last) }
        #expect(steps == validated)
        let kept = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("step-") }
        #expect(kept == ["step-\(last)"])
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("step-\(last)/model.safetensors").path))
    }

    @Test func resumingGivesTheSameWeightsAsAnUnbrokenRun() throws {
        var options = TrainingOptions()
        // Small batches, so that the run crosses epochs; dropout on, so that its masks must replay.
        (options.batchTokens, options.warmupSteps, options.maxSteps, options.validateEvery) = (40, 4, 10, 0)
        func trainer(_ directory: URL, steps: Int, resume: Bool) throws -> Trainer {
            options.maxSteps = steps
            return try Self.trainer(options, directory: directory, resume: resume)
        }
        let (straight, broken) = (Self.temporaryDirectory("straight"), Self.temporaryDirectory("broken"))
        defer { for directory in [straight, broken] { try? FileManager.default.removeItem(at: directory) } }
        let unbroken = try trainer(straight, steps: 10, resume: false)
        try unbroken.run { _ in }
        try trainer(broken, steps: 5, resume: false).run { _ in }
        let resumed = try trainer(broken, steps: 10, resume: true)
        #expect(resumed.position.step == 5)
        try resumed.run { _ in }
        let (a, b) = (resumed.position, unbroken.position)
        #expect(a.step == b.step && a.epoch == b.epoch && a.batchInEpoch == b.batchInEpoch)
        #expect(a.epoch > 0)
        #expect(resumed.state.parameters == unbroken.state.parameters)
        #expect(resumed.state.optimizer.secondMoment == unbroken.state.optimizer.secondMoment)
    }
}
