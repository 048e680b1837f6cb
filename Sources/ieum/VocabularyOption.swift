// The --vocab option shared by the commands that tokenize, and where the default lives.
import ArgumentParser
import Foundation
import Ieum

struct VocabularyOption: ParsableArguments {
    @Option(name: .customLong("vocab"), help: ArgumentHelp(
        "Vocabulary file (default: the bundled vocab/ko-en.vocab).", valueName: "file"))
    var path: String?

    /// The bundled vocabulary is looked for in the working directory and beside the
    /// executable's checkout (`.build/…/ieum` → the repository root).
    func load() throws -> Tokenizer {
        let relative = "vocab/ko-en.vocab"
        var candidates = [URL(fileURLWithPath: relative)]
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(directory.appendingPathComponent(relative))
            directory.deleteLastPathComponent()
        }
        let url = path.map { URL(fileURLWithPath: $0) }
            ?? candidates.first { FileManager.default.fileExists(atPath: $0.path) }
        guard let url else {
            throw ValidationError("no vocabulary given and \(relative) not found; pass --vocab FILE")
        }
        return Tokenizer(vocabulary: try VocabularyFile.read(url))
    }
}
