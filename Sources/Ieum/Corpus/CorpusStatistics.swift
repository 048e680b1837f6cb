// Counts of a corpus by source and split, and the STATS.md that reports them.
import Foundation

/// Pairs, characters and words of a set of pairs, grouped by the kind of source they came
/// from (gettext, Qt, a help manual …). Words are runs of non-space characters.
package struct CorpusStatistics: Sendable {
    package struct Counts: Sendable, Equatable {
        package var pairs = 0
        package var koreanCharacters = 0
        package var englishCharacters = 0
        package var koreanWords = 0
        package var englishWords = 0

        mutating func add(_ pair: CorpusPair) {
            pairs += 1
            koreanCharacters += pair.korean.count
            englishCharacters += pair.english.count
            koreanWords += pair.korean.split(separator: " ").count
            englishWords += pair.english.split(separator: " ").count
        }

        static func + (left: Counts, right: Counts) -> Counts {
            Counts(pairs: left.pairs + right.pairs,
                   koreanCharacters: left.koreanCharacters + right.koreanCharacters,
                   englishCharacters: left.englishCharacters + right.englishCharacters,
                   koreanWords: left.koreanWords + right.koreanWords,
                   englishWords: left.englishWords + right.englishWords)
        }
    }

    /// Counts per kind of source.
    package private(set) var bySource: [String: Counts] = [:]

    package init(_ pairs: some Sequence<CorpusPair>) {
        for pair in pairs { bySource[Self.kind(of: pair.source), default: Counts()].add(pair) }
    }

    package var total: Counts { bySource.values.reduce(Counts(), +) }

    /// The kind of source a pair's provenance names: the catalog format or the manual.
    package static func kind(of source: String) -> String {
        if source.hasPrefix("general:") { return "general (team-written)" }
        if source.hasPrefix("ddtp:") { return "package descriptions (DDTP)" }
        if source.hasSuffix("DEBIAN/templates") { return "debconf templates" }
        if source.contains("/crawl/dat/descript/") { return "Crawl descriptions" }
        if source.contains("/cldr/common/") { return "CLDR names (lexicon)" }
        if source.hasSuffix(".mo") || source.hasSuffix(".po") { return "gettext" }
        if source.hasSuffix(".qm") { return "Qt" }
        return HelpManual.manual(of: source)?.name ?? String(source.prefix { $0 != ":" })
    }

    /// A Markdown table: one row per source kind, then the total.
    package func table() -> String {
        var rows = ["| source | pairs | Korean characters | English characters | Korean words | English words |",
                    "| --- | ---: | ---: | ---: | ---: | ---: |"]
        func row(_ name: String, _ counts: Counts) -> String {
            "| \(name) | \(counts.pairs) | \(counts.koreanCharacters) | \(counts.englishCharacters) | \(counts.koreanWords) | \(counts.englishWords) |"
        }
        for (name, counts) in bySource.sorted(by: { $0.value.pairs > $1.value.pairs }) { rows.append(row(name, counts)) }
        rows.append(row("**total**", total))
        return rows.joined(separator: "\n")
    }
}

/// The licenses packages declare in their Debian copyright files.
package enum PackageLicenses {
    /// For each package folder under `root`, the distinct `License:` short names of its
    /// machine-readable copyright file, or "see copyright file" where it is free-form.
    package static func read(packagesIn root: URL, packages: some Sequence<String>) -> [String: [String]] {
        var licenses: [String: [String]] = [:]
        for package in packages {
            let file = root.appendingPathComponent(package).appendingPathComponent("usr/share/doc/\(package)/copyright")
            guard let text = try? String(contentsOf: file, encoding: .utf8) else {
                licenses[package] = ["no copyright file in the package (see its dependency's)"]
                continue
            }
            let names = text.split(separator: "\n")
                .filter { $0.hasPrefix("License:") }
                .map { $0.dropFirst("License:".count).trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            licenses[package] = names.isEmpty ? ["see copyright file"] : Array(Set(names)).sorted()
        }
        return licenses
    }
}
