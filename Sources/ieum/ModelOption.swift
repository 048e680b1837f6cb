// The --model and --to options shared by the commands that run a model, and where the defaults live.
import ArgumentParser
import Foundation
import Ieum

struct ModelOption: ParsableArguments {
    @Option(name: .customLong("model"), help: ArgumentHelp(
        "Model directory: config.json, model.safetensors and the tokenizer (default: the bundled model for --to).",
        valueName: "folder"))
    var path: String?

    @Option(help: ArgumentHelp("Target language: en (the bundled models/ko-en) or ko (the bundled models/en-ko).",
                               valueName: "language"))
    var to = "en"

    func validate() throws {
        guard ["en", "ko"].contains(to) else { throw ValidationError("--to must be en or ko, not \(to)") }
    }

    /// The direction `--to` asks for.
    var direction: TranslationDirection { to == "ko" ? .englishToKorean : .koreanToEnglish }

    /// The directory, once it is known to hold a config.json. The bundled model is looked for
    /// in the working directory and beside the executable's checkout.
    func directory() throws -> URL {
        let bundled = "models/\(direction.rawValue)"
        guard let directory = path.map({ URL(fileURLWithPath: $0) }) ?? bundledFile(bundled) else {
            throw ValidationError("no --model given and the bundled \(bundled) was not found; pass --model with an Ieum model directory")
        }
        return try Self.checked(directory)
    }

    /// The bundled model of the other direction, when no --model is given and it is there.
    func bundledReverseDirectory() throws -> URL? {
        guard path == nil else { return nil }
        let other: TranslationDirection = direction == .koreanToEnglish ? .englishToKorean : .koreanToEnglish
        return try bundledFile("models/\(other.rawValue)").map(Self.checked)
    }

    /// `directory` itself, once it is known to hold a config.json.
    static func checked(_ directory: URL) throws -> URL {
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("config.json").path) else {
            throw ValidationError("no model in \(directory.path) (config.json is missing); pass --model with an Ieum model directory")
        }
        return directory
    }
}
