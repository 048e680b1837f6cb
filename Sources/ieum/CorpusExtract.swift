// `ieum corpus extract`: the pairs one catalog gives.
import ArgumentParser
import Foundation
import Ieum

struct CorpusExtract: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Print the Korean<TAB>English pairs of one gettext catalog.",
        discussion: """
            Example:
              ieum corpus extract --mo /usr/share/locale/ko/LC_MESSAGES/gettext-runtime.mo
            """
    )

    @Option(help: ArgumentHelp("A gettext catalog (.mo) whose translations are Korean.", valueName: "file"))
    var mo: String

    @Flag(help: "Print the pairs as the catalog has them, without the cleaning rules (tabs, line breaks and backslashes written \\t, \\n, \\r and \\\\, so that every pair stays one line).")
    var raw = false

    func run() throws {
        let catalog = try GettextCatalog.read(URL(fileURLWithPath: mo))
        let cleaner = PairCleaner()
        var lines: [String] = []
        for (english, korean) in catalog.pairs {
            if raw {
                lines.append("\(GettextPOFile.escaped(korean))\t\(GettextPOFile.escaped(english))")
            } else if case .success(let pair) = cleaner.clean(korean: korean, english: english) {
                lines.append("\(pair.korean)\t\(pair.english)")
            }
        }
        print(lines.joined(separator: "\n"))
        if catalog.undecodableMessages > 0 {
            log("\(mo): \(catalog.undecodableMessages) messages are not valid \(catalog.charset) and were skipped")
        }
    }
}
