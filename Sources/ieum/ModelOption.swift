// The --model option shared by the commands that run a model, and where the default lives.
import ArgumentParser
import Foundation

struct ModelOption: ParsableArguments {
    @Option(name: .customLong("model"), help: ArgumentHelp(
        "Model directory: config.json, model.safetensors and the tokenizer (default: the bundled models/ko-en).",
        valueName: "folder"))
    var path: String?

    /// The directory, once it is known to hold a config.json. The bundled model is looked for
    /// in the working directory and beside the executable's checkout.
    func directory() throws -> URL {
        let bundled = "models/ko-en"
        guard let directory = path.map({ URL(fileURLWithPath: $0) }) ?? bundledFile(bundled) else {
            throw ValidationError("no --model given and the bundled \(bundled) was not found; pass --model with an Ieum model directory")
        }
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("config.json").path) else {
            throw ValidationError("no model in \(directory.path) (config.json is missing); pass --model with an Ieum model directory")
        }
        return directory
    }
}
