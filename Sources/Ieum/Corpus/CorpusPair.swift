// One Korean-English pair of the corpus, with where it came from.

/// A sentence pair and its provenance: the package and file it was taken from. Pairs from
/// one document (a catalog, a help page) always land in the same split.
package struct CorpusPair: Sendable, Hashable {
    package var korean: String
    package var english: String
    /// `package:path/inside/the/package`.
    package var source: String

    package init(korean: String, english: String, source: String) {
        self.korean = korean
        self.english = english
        self.source = source
    }

    /// The side the model reads and the side it writes, for a direction.
    package func sides(_ direction: TranslationDirection) -> (source: String, target: String) {
        direction == .koreanToEnglish ? (korean, english) : (english, korean)
    }

    /// The package part of `source`.
    package var package: Substring { source.prefix { $0 != ":" } }

    /// The corpus line: `korean<TAB>english<TAB>source`.
    package var line: String { "\(korean)\t\(english)\t\(source)" }

    /// A pair from a corpus line; nil when the line has fewer than two fields.
    package init?(line: Substring) {
        let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count >= 2 else { return nil }
        self.init(korean: String(fields[0]), english: String(fields[1]), source: fields.count > 2 ? String(fields[2]) : "")
    }
}
