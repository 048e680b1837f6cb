// `ieum corpus stats`: counts of a corpus file by source.
import ArgumentParser
import Foundation
import Ieum

struct CorpusStats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Count pairs, characters and words of a corpus file, by kind of source.",
        discussion: """
            Example:
              ieum corpus stats corpora/build/train.tsv
            """
    )

    @Argument(help: ArgumentHelp("A corpus file: korean<TAB>english[<TAB>source] lines.", valueName: "file"))
    var file: String

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("cannot read \(file) as UTF-8 text")
        }
        var pairs: [CorpusPair] = []
        var malformed = 0
        for line in text.split(separator: "\n") {
            if let pair = CorpusPair(line: line) { pairs.append(pair) } else { malformed += 1 }
        }
        print(CorpusStatistics(pairs).table())
        if malformed > 0 { log("\(malformed) lines without a tab were not counted") }
    }
}
