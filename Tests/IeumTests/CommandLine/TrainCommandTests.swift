// `ieum train` and `ieum train --resume` as a user runs them, on a tiny model and the team sample.
import Foundation
import Synchronization
import Testing

@Suite struct TrainCommandTests {
    static let config = """
        {"model": {"d_model": 16, "encoder_layers": 1, "decoder_layers": 1, "encoder_attention_heads": 2,
                   "decoder_attention_heads": 2, "encoder_ffn_dim": 32, "decoder_ffn_dim": 32, "max_position_embeddings": 128,
                   "normalize_before": true},
         "training": {"batch_tokens": 400, "warmup_steps": 2, "validate_every": 2, "validation_translations": 4}}
        """

    /// A folder with the tiny config, 60 training and 8 validation pairs of the sample.
    static func makeTrainingFiles() throws -> (directory: URL, config: URL, train: URL, valid: URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ieum-train-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let sample = try Fixtures.text("corpora/sample/ko-en.tsv").split(separator: "\n")
        let (train, valid, config) = (directory.appendingPathComponent("train.tsv"), directory.appendingPathComponent("valid.tsv"),
                                      directory.appendingPathComponent("config.json"))
        try (sample.prefix(60).joined(separator: "\n") + "\n").write(to: train, atomically: true, encoding: .utf8)
        try (sample.suffix(8).joined(separator: "\n") + "\n").write(to: valid, atomically: true, encoding: .utf8)
        try Self.config.write(to: config, atomically: true, encoding: .utf8)
        return (directory, config, train, valid)
    }

    @Test func trainsResumesAndLeavesLoadableCheckpoints() throws {
        let (directory, config, train, valid) = try Self.makeTrainingFiles()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = directory.appendingPathComponent("run").path

        let first = try TokenizeCommandTests.run(["train", "--config", config.path, "--train", train.path, "--valid", valid.path,
                                                  "--vocab", Fixtures.url("vocab/ko-en.vocab").path, "--output", run, "--max-steps", "3"])
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.errors.contains("60 training pairs"))
        #expect(first.errors.contains("validation at step 2: loss"))
        #expect(first.errors.contains("BLEU") && first.errors.contains("chrF"))
        #expect(first.errors.contains("stopped at step 3"))

        let again = try TokenizeCommandTests.run(["train", "--config", config.path, "--train", train.path, "--valid", valid.path,
                                                  "--vocab", Fixtures.url("vocab/ko-en.vocab").path, "--output", run])
        #expect(again.status != 0 && again.errors.contains("already holds a run"))

        let resumed = try TokenizeCommandTests.run(["train", "--resume", run, "--max-steps", "5"])
        #expect(resumed.status == 0, "\(resumed.errors)")
        #expect(resumed.errors.contains("resuming at step 3"))
        #expect(resumed.errors.contains("stopped at step 5"))
        let log = try String(contentsOfFile: run + "/log.tsv", encoding: .utf8).split(separator: "\n")
        #expect(log.first?.hasPrefix("step\tepoch") == true)
        #expect(log.dropFirst().map { $0.split(separator: "\t")[0] } == ["2", "3", "4", "5"])

        // Every checkpoint is a model directory the other commands read.
        let translated = try TokenizeCommandTests.run(["translate", "--model", run + "/checkpoint", "--max-length", "5"],
                                                      input: Data("파일을 저장합니다.\n\n창을 닫습니다.\n".utf8))
        #expect(translated.status == 0)
        #expect(translated.output.split(separator: "\n", omittingEmptySubsequences: false).count == 4)
        #expect(FileManager.default.fileExists(atPath: run + "/best/model.safetensors"))

        let missing = try TokenizeCommandTests.run(["train", "--resume", directory.appendingPathComponent("nowhere").path])
        #expect(missing.status != 0 && missing.errors.contains("run.json is missing"))
    }

    /// SIGTERM stops a run after the current step with a checkpoint, also when the run has one
    /// core (where every thread of the global pool is busy training, and the signal's handler
    /// once waited for the run's end).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/taskset")))
    func sigtermStopsARunOnOneCore() throws {
        let (directory, config, train, valid) = try Self.makeTrainingFiles()
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/taskset")
        process.arguments = ["-c", "0", TokenizeCommandTests.executable.path, "train", "--config", config.path, "--train", train.path,
                             "--valid", valid.path, "--vocab", Fixtures.url("vocab/ko-en.vocab").path,
                             "--output", directory.appendingPathComponent("run").path, "--max-steps", "1000000"]
        let errors = Pipe(), received = Mutex(Data())
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        errors.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            received.withLock { $0.append(data) }
        }
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        func text() -> String { received.withLock { String(decoding: $0, as: UTF8.self) } }
        func waitFor(seconds: Double, _ done: () -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while !done() && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
            return done()
        }
        #expect(waitFor(seconds: 120) { text().contains("validation at step 2") }, "\(text())")
        process.terminate()
        #expect(waitFor(seconds: 60) { !process.isRunning }, "still running 60 s after SIGTERM")
        errors.fileHandleForReading.readabilityHandler = nil
        #expect(text().contains("stopped at step"), "\(text())")
    }
}
