// Reads and writes vocabularies as plain text: a versioned header, then one piece a line.
import Foundation

/// The vocabulary file format:
///
///     #ieum-vocabulary 1 normalization=nfkc
///     <pad>	0
///     <s>	0
///     …
///     ▁사과	-9.8765
///
/// One piece a line, a tab, then its log probability; special pieces first. A piece never
/// contains a tab or a line break: normalization turns those into spaces, written ▁.
public enum VocabularyFile {
    static let magic = "#ieum-vocabulary"
    static let version = 1

    /// Loads a vocabulary, reporting problems by file name and line.
    public static func read(_ url: URL) throws(TextError) -> Vocabulary {
        let name = url.path
        guard let data = try? Data(contentsOf: url) else {
            throw .invalidVocabulary(file: name, line: 0, reason: "cannot read the file; check the path")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .invalidVocabulary(file: name, line: 0, reason: "not UTF-8 text")
        }
        return try parse(text, name: name)
    }

    /// Parses the text of a vocabulary file; `name` labels errors.
    public static func parse(_ text: String, name: String = "vocabulary") throws(TextError) -> Vocabulary {
        // Work on bytes: splitting a String by Character would segment every grapheme.
        let bytes = Array(text.utf8)
        var lines: [Range<Int>] = []
        var lineStart = 0
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            // CRLF line ends (a file saved on Windows) read as LF ones.
            lines.append(lineStart..<(lineEnd > lineStart && bytes[lineEnd - 1] == 0x0D ? lineEnd - 1 : lineEnd))
            lineStart = lineEnd + 1
        }
        guard let header = lines.first.map({ String(decoding: bytes[$0], as: UTF8.self) }) else {
            throw .invalidVocabulary(file: name, line: 1, reason: "empty file")
        }
        let fields = header.split(separator: " ")
        guard fields.first.map(String.init) == magic, fields.count >= 2 else {
            throw .invalidVocabulary(file: name, line: 1, reason: "expected the header \"\(magic) \(version) …\"; is this an Ieum vocabulary?")
        }
        guard Int(fields[1]) == version else {
            throw .invalidVocabulary(file: name, line: 1, reason: "format version \(fields[1]) is not supported (this Ieum reads version \(version))")
        }
        var normalization = NormalizationForm.nfkc
        for field in fields.dropFirst(2) {
            let pair = field.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, pair[0] == "normalization", let form = NormalizationForm(rawValue: pair[1]) else {
                throw .invalidVocabulary(file: name, line: 1, reason: "unknown header field \"\(field)\"")
            }
            normalization = form
        }
        var entries: [(piece: String, score: Float)] = []
        entries.reserveCapacity(lines.count)
        for (offset, line) in lines.dropFirst().enumerated() {
            let tab = bytes[line].firstIndex(of: 0x09) ?? line.upperBound
            let scoreBytes = bytes[min(tab + 1, line.upperBound)..<line.upperBound]
            guard tab > line.lowerBound, tab < line.upperBound, !scoreBytes.contains(0x09),
                  let score = Float(String(decoding: scoreBytes, as: UTF8.self)) else {
                throw .invalidVocabulary(file: name, line: offset + 2, reason: "expected \"piece<TAB>log probability\"")
            }
            guard score.isFinite else {
                throw .invalidVocabulary(file: name, line: offset + 2, reason: "the log probability is \(score); expected a finite number")
            }
            entries.append((String(decoding: bytes[line.lowerBound..<tab], as: UTF8.self), score))
        }
        do {
            return try Vocabulary(entries: entries, normalization: normalization)
        } catch .invalidVocabulary(_, let line, let reason) {
            throw .invalidVocabulary(file: name, line: line + 1, reason: reason)
        }
    }

    /// The file text of a vocabulary.
    public static func serialize(_ vocabulary: Vocabulary) -> String {
        var text = "\(magic) \(version) normalization=\(vocabulary.normalization.rawValue)\n"
        for (piece, score) in zip(vocabulary.pieces, vocabulary.scores) {
            text += "\(piece)\t\(score)\n"
        }
        return text
    }

    public static func write(_ vocabulary: Vocabulary, to url: URL) throws {
        try serialize(vocabulary).write(to: url, atomically: true, encoding: .utf8)
    }
}
