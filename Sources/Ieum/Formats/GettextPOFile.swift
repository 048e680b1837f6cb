// Reads gettext's text catalogs (.po): what translators edit, before msgfmt compiles them.
import Foundation

/// A `.po` catalog: entries of `msgctxt`, `msgid`, `msgid_plural` and `msgstr` (or
/// `msgstr[N]`) strings, each string one or more quoted C-escaped pieces, with `#,` flag
/// comments (`fuzzy`, `c-format` …). Obsolete entries (`#~`) and other comments are skipped.
public struct GettextPOFile: Sendable {
    public struct Entry: Sendable, Equatable {
        public var message: GettextCatalog.Message
        /// The `#,` flags: `fuzzy` marks a translation nobody has checked since the original changed.
        public var flags: Set<String>

        public var isFuzzy: Bool { flags.contains("fuzzy") }
    }

    /// The entries, header (the empty msgid) excluded, in file order.
    public let entries: [Entry]
    /// The character set the header declares.
    public let charset: String

    /// Reads the catalog at `url`, reporting problems by its path.
    public static func read(_ url: URL) throws(FormatError) -> GettextPOFile {
        try GettextPOFile(data: FormatError.contents(of: url), name: url.path)
    }

    /// Parses catalog bytes; `name` labels errors.
    public init(data: Data, name: String) throws(FormatError) {
        func fail(_ line: Int, _ reason: String) -> FormatError { FormatError(file: name, reason: "line \(line): \(reason)") }
        // The header's charset is ASCII, so a first pass as Latin-1 finds it whatever the encoding.
        let latin1 = String(decoding: data.prefix(4096).map { UInt16($0) }, as: UTF16.self)
        let declared = latin1.range(of: "charset=").map { String(latin1[$0.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) }
        charset = declared.flatMap { $0.isEmpty || $0 == "CHARSET" ? nil : $0 } ?? "UTF-8"
        guard let text = GettextCatalog.decode(ArraySlice(data), charset: charset) else {
            throw FormatError(file: name, reason: "is not valid \(charset) text, the charset its header declares")
        }

        var entries: [Entry] = []
        var flags = Set<String>()
        var fields: [String: String] = [:]
        var current: String?
        var started = false
        func finish() {
            defer { flags = []; fields = [:]; current = nil; started = false }
            guard let id = fields["msgid"], !id.isEmpty else { return }
            var translations = [String]()
            if let single = fields["msgstr"] { translations = [single] }
            var form = 0
            while let plural = fields["msgstr[\(form)]"] { translations.append(plural); form += 1 }
            entries.append(Entry(message: GettextCatalog.Message(context: fields["msgctxt"], id: id, pluralId: fields["msgid_plural"],
                                                                  translations: translations), flags: flags))
        }
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#~") { continue }
            if line.hasPrefix("#") {
                if started && fields["msgid"] != nil { finish() }
                if line.hasPrefix("#,") {
                    flags.formUnion(line.dropFirst(2).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                }
                continue
            }
            if line.hasPrefix("\"") {
                guard let key = current else { throw fail(index + 1, "a string continues no keyword") }
                fields[key, default: ""] += try Self.unquote(line, fail: { fail(index + 1, $0) })
                continue
            }
            let keyword = String(line.prefix { !$0.isWhitespace })
            guard ["msgctxt", "msgid", "msgid_plural", "msgstr"].contains(keyword) || keyword.hasPrefix("msgstr[") else {
                throw fail(index + 1, "unknown keyword \(keyword.prefix(20))")
            }
            // A new msgctxt or msgid (after a msgstr) starts the next entry.
            if (keyword == "msgctxt" || keyword == "msgid") && fields.keys.contains(where: { $0.hasPrefix("msgstr") }) { finish() }
            started = true
            current = keyword
            fields[keyword] = try Self.unquote(line.dropFirst(keyword.count).trimmingCharacters(in: .whitespaces),
                                              fail: { fail(index + 1, $0) })
        }
        finish()
        self.entries = entries
    }

    /// Translated, non-fuzzy original → translation pairs, as `GettextCatalog.pairs` gives them.
    public var pairs: [(source: String, translation: String)] {
        GettextCatalog.pairs(of: entries.lazy.filter { !$0.isFuzzy }.map(\.message))
    }

    /// The text of one quoted, C-escaped string.
    static func unquote(_ quoted: String, fail: (String) -> FormatError) throws(FormatError) -> String {
        guard quoted.count >= 2, quoted.hasPrefix("\""), quoted.hasSuffix("\"") else { throw fail("expected a quoted string") }
        var result = ""
        var escaped = false
        for character in quoted.dropFirst().dropLast() {
            if escaped {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "r": result.append("\r")
                case "a", "b", "f", "v": break
                default: result.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}
