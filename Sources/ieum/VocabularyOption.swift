// The --vocab option shared by the commands that tokenize, and where the default lives.
import ArgumentParser
import Foundation
import Ieum

struct VocabularyOption: ParsableArguments {
    @Option(name: .customLong("vocab"), help: ArgumentHelp(
        "Vocabulary file (default: the bundled vocab/ko-en.vocab).", valueName: "file"))
    var path: String?

    /// The bundled vocabulary is looked for in the working directory and beside the
    /// executable's checkout.
    func load() throws -> Tokenizer {
        let relative = "vocab/ko-en.vocab"
        guard let url = path.map({ URL(fileURLWithPath: $0) }) ?? bundledFile(relative) else {
            throw ValidationError("no vocabulary given and \(relative) not found; pass --vocab FILE")
        }
        return Tokenizer(vocabulary: try VocabularyFile.read(url))
    }
}
