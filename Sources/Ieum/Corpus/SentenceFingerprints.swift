// Fingerprints of the evaluation sentences, so that training data can be kept free of them.
import Foundation

/// A set of 64-bit fingerprints of sentences that training data must never contain (the
/// FLORES dev sentences of `../shared/eval`): the file `corpora/recipe/flores-dev.fingerprints`
/// holds them, so the check needs neither the evaluation text nor a copy of it. A fingerprint
/// is FNV-1a over the UTF-8 of the sentence in NFC, lowercased, with whitespace runs folded
/// to one space and the ends trimmed (`corpora/recipe/fingerprint.py` computes the same).
package struct SentenceFingerprints: Sendable {
    package private(set) var fingerprints: Set<UInt64> = []

    package init(_ sentences: some Sequence<String> = []) {
        for sentence in sentences { fingerprints.insert(Self.fingerprint(sentence)) }
    }

    /// Reads a file of fingerprints, one in hexadecimal a line.
    package static func read(_ url: URL) throws(FormatError) -> SentenceFingerprints {
        guard let text = String(data: try FormatError.contents(of: url), encoding: .utf8) else {
            throw FormatError(file: url.path, reason: "is not UTF-8 text")
        }
        var result = SentenceFingerprints()
        for (index, line) in text.split(separator: "\n").enumerated() where !line.hasPrefix("#") {
            guard let value = UInt64(line.trimmingCharacters(in: .whitespaces), radix: 16) else {
                throw FormatError(file: url.path, reason: "line \(index + 1) is not a hexadecimal fingerprint")
            }
            result.fingerprints.insert(value)
        }
        return result
    }

    /// Whether `sentence` is one of the fingerprinted sentences.
    package func contains(_ sentence: String) -> Bool { fingerprints.contains(Self.fingerprint(sentence)) }

    /// FNV-1a (64 bits) of the normalized sentence.
    package static func fingerprint(_ sentence: String) -> UInt64 {
        let folded = sentence.precomposedStringWithCanonicalMapping.lowercased()
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in folded.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
