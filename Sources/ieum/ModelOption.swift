// The --model option shared by the commands that run a model.
import ArgumentParser
import Foundation

struct ModelOption: ParsableArguments {
    @Option(name: .customLong("model"), help: ArgumentHelp(
        "Model directory (config.json, model.safetensors, tokenizer.vocab).", valueName: "folder"))
    var path = "models/ko-en"

    /// The directory, once it is known to hold a config.json.
    func directory() throws -> URL {
        let directory = URL(fileURLWithPath: path)
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("config.json").path) else {
            throw ValidationError("no model in \(path) (config.json is missing); pass --model with an Ieum model directory")
        }
        return directory
    }
}
