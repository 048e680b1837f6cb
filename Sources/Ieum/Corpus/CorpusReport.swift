// STATS.md: what a corpus build produced, from what, and under which licenses.
import Foundation

/// The Markdown report of a corpus build.
package struct CorpusReport: Sendable {
    /// Each output file's name and pairs, in the order they are reported.
    package var sets: [(name: String, pairs: [CorpusPair])]
    package var report: CorpusBuilder.Report
    package var licenses: [String: [String]]
    /// Pairs dropped for repeating an evaluation sentence.
    package var excluded: Int
    /// The general corpus's topic files and their sizes.
    package var generalTopics: [(name: String, pairs: Int)]
    package var seconds: Double

    package init(sets: [(name: String, pairs: [CorpusPair])], report: CorpusBuilder.Report, licenses: [String: [String]],
                excluded: Int, generalTopics: [(name: String, pairs: Int)], seconds: Double) {
        self.sets = sets
        self.report = report
        self.licenses = licenses
        self.excluded = excluded
        self.generalTopics = generalTopics
        self.seconds = seconds
    }

    package func markdown() -> String {
        var text = """
            # Corpus statistics

            Built by `ieum corpus build` in \(Int(seconds.rounded())) s from \(licenses.count) Debian packages, \
            the package descriptions, and \(generalTopics.count) team-written topic files \
            (\(report.catalogs) catalogs and descriptions). Words are runs of non-space characters.


            """
        for (name, pairs) in sets {
            text += "## \(name)\n\n\(CorpusStatistics(pairs).table())\n\n"
        }
        text += "## Sources\n\nPairs read from each kind of source, and kept after cleaning (before the split's "
        text += "deduplication; the train table above counts what each adds after it).\n\n"
        text += "| source | read | kept |\n| --- | ---: | ---: |\n"
        for (kind, counts) in report.pairsByKind.sorted(by: { $0.value.read > $1.value.read }) {
            text += "| \(kind) | \(counts.read) | \(counts.kept) |\n"
        }
        text += "\n## Cleaning\n\n\(report.pairsRead) pairs read, \(report.pairsKept) kept; dropped:\n\n"
        text += "| reason | pairs |\n| --- | ---: |\n"
        for (reason, count) in report.rejections.sorted(by: { $0.value > $1.value }) {
            text += "| \(reason.rawValue) | \(count) |\n"
        }
        text += "\nThen train keeps one copy of each pair, and dev and test drop pairs whose Korean or English is in train; "
        text += "\(excluded) pairs were dropped for repeating a FLORES dev sentence.\n"
        if !report.unreadable.isEmpty {
            text += "\nCatalogs skipped:\n\n" + report.unreadable.map { "- \($0)" }.joined(separator: "\n") + "\n"
        }
        text += "\n## General topics\n\n| topic file | pairs |\n| --- | ---: |\n"
        text += generalTopics.map { "| \($0.name) | \($0.pairs) |" }.joined(separator: "\n") + "\n"
        var packagesPerLicense: [String: Int] = [:]
        for names in licenses.values { for name in names { packagesPerLicense[name, default: 0] += 1 } }
        text += "\n## Licenses\n\nAs the binary packages' copyright files declare them (a package may list several); "
        text += "LICENSES.tsv has them package by package. Package descriptions are the DDTP's translations of the "
        text += "packages' own descriptions; the general topics are written by the Ieum team.\n\n"
        text += "| license | packages |\n| --- | ---: |\n"
        for (name, count) in packagesPerLicense.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
            text += "| \(name) | \(count) |\n"
        }
        return text
    }
}
