// A training run's folder: which config, corpus and vocabulary it uses, so that --resume needs nothing else.
import ArgumentParser
import Foundation
import Ieum

/// run.json in a run folder, with the config file copied beside it as training.json.
struct TrainingRun: Codable {
    var train: URL
    var valid: URL
    var vocab: URL
    var directory: URL { URL(fileURLWithPath: directoryPath) }
    var config: URL { directory.appendingPathComponent("training.json") }
    private var directoryPath: String

    enum CodingKeys: String, CodingKey { case train, valid, vocab, directoryPath = "directory" }

    /// A new run folder (which must not hold a run yet).
    static func create(config: String, train: String, valid: String, vocab: String, output: String) throws -> TrainingRun {
        let directory = URL(fileURLWithPath: output).standardizedFileURL
        let runFile = directory.appendingPathComponent("run.json")
        guard !FileManager.default.fileExists(atPath: runFile.path) else {
            throw ValidationError("\(output) already holds a run; continue it with --resume \(output) or choose another --output")
        }
        for path in [config, train, valid, vocab] where !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("\(path) does not exist")
        }
        let run = TrainingRun(train: URL(fileURLWithPath: train).standardizedFileURL, valid: URL(fileURLWithPath: valid).standardizedFileURL,
                              vocab: URL(fileURLWithPath: vocab).standardizedFileURL, directoryPath: directory.path)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: config), to: run.config)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(run).write(to: runFile)
        return run
    }

    /// The run in `directory`.
    static func read(_ directory: URL) throws -> TrainingRun {
        let runFile = directory.appendingPathComponent("run.json")
        guard let data = FileManager.default.contents(atPath: runFile.path) else {
            throw ValidationError("\(directory.path) holds no run (run.json is missing)")
        }
        var run = try JSONDecoder().decode(TrainingRun.self, from: data)
        run.directoryPath = directory.standardizedFileURL.path  // the folder may have moved
        return run
    }

    /// The first `limit` (source, reference) pairs of a corpus file, for validation translations.
    static func pairs(_ url: URL, limit: Int, direction: TranslationDirection) throws -> [(source: String, reference: String)] {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw ValidationError("cannot read \(url.path)") }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").prefix(limit).compactMap { line in
            CorpusPair(line: line).map { $0.sides(direction) }.map { ($0.source, $0.target) }
        }
    }
}
