// STATS.md: what a corpus build produced, from what, and under which licenses.
import Foundation

/// The Markdown report of a corpus build.
public struct CorpusReport: Sendable {
    public var split: CorpusSplit
    public var report: CorpusBuilder.Report
    public var licenses: [String: [String]]
    public var seconds: Double

    public init(split: CorpusSplit, report: CorpusBuilder.Report, licenses: [String: [String]], seconds: Double) {
        self.split = split
        self.report = report
        self.licenses = licenses
        self.seconds = seconds
    }

    public func markdown() -> String {
        var text = """
            # Corpus statistics

            Built by `ieum corpus build` in \(Int(seconds.rounded())) s from \(licenses.count) Debian packages \
            (\(report.catalogs) catalogs). Words are runs of non-space characters.


            """
        for (name, pairs) in [("train", split.train), ("dev", split.dev), ("test", split.test)] {
            text += "## \(name)\n\n\(CorpusStatistics(pairs).table())\n\n"
        }
        text += "## Cleaning\n\n\(report.pairsRead) pairs read, \(report.pairsKept) kept; dropped:\n\n"
        text += "| reason | pairs |\n| --- | ---: |\n"
        for (reason, count) in report.rejections.sorted(by: { $0.value > $1.value }) {
            text += "| \(reason.rawValue) | \(count) |\n"
        }
        text += "\nThen train keeps one copy of each pair, and dev and test drop pairs whose Korean or English is in train.\n"
        if !report.unreadable.isEmpty {
            text += "\nCatalogs skipped:\n\n" + report.unreadable.map { "- \($0)" }.joined(separator: "\n") + "\n"
        }
        var packagesPerLicense: [String: Int] = [:]
        for names in licenses.values { for name in names { packagesPerLicense[name, default: 0] += 1 } }
        text += "\n## Licenses\n\nAs the packages' copyright files declare them (a package may list several); "
        text += "LICENSES.tsv has them package by package.\n\n| license | packages |\n| --- | ---: |\n"
        for (name, count) in packagesPerLicense.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
            text += "| \(name) | \(count) |\n"
        }
        return text
    }
}
