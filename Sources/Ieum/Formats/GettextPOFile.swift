// Reads gettext's text catalogs (.po): what translators edit, before msgfmt compiles them.
import Foundation

/// A `.po` catalog: entries of `msgctxt`, `msgid`, `msgid_plural` and `msgstr` (or
/// `msgstr[N]`) strings, each string one or more quoted C-escaped pieces, with `#,` flag
/// comments (`fuzzy`, `c-format` …). Obsolete entries (`#~`) and other comments are skipped.
package struct GettextPOFile: Sendable {
    package struct Entry: Sendable, Equatable {
        package var message: GettextCatalog.Message
        /// The `#,` flags: `fuzzy` marks a translation nobody has checked since the original changed.
        package var flags: Set<String>
        /// Where it is: the 1-based line of its msgid, and for rewriting, the 0-based indices
        /// of its `#,` line (if any), of its first msgctxt/msgid line and of its msgstr lines.
        package var line: Int
        var flagsLine: Int?
        /// Where a `#,` line goes when the entry has none: before its `#|` lines, or its keywords.
        var flagsInsertion: Int
        var keywordsStart: Int
        var translationLines: Range<Int>

        package var isFuzzy: Bool { flags.contains("fuzzy") }
    }

    /// The entries, header (the empty msgid) excluded, in file order.
    package let entries: [Entry]
    /// The header entry (the empty msgid), if the file has one: its msgstr holds the fields.
    package let header: Entry?
    /// The character set the header declares.
    package let charset: String
    /// The file's lines, for writing it back.
    let lines: [Substring]

    /// Reads the catalog at `url`, reporting problems by its path.
    package static func read(_ url: URL) throws(FormatError) -> GettextPOFile {
        try GettextPOFile(data: FormatError.contents(of: url), name: url.path)
    }

    /// Parses catalog bytes; `name` labels errors.
    package init(data: Data, name: String) throws(FormatError) {
        func fail(_ line: Int, _ reason: String) -> FormatError { FormatError(file: name, reason: "line \(line): \(reason)") }
        // The header's charset is ASCII, so a first pass as Latin-1 finds it whatever the encoding.
        let latin1 = String(decoding: data.prefix(4096).map { UInt16($0) }, as: UTF16.self)
        let declared = latin1.range(of: "charset=").map { String(latin1[$0.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) }
        charset = declared.flatMap { $0.isEmpty || $0 == "CHARSET" ? nil : $0 } ?? "UTF-8"
        guard let text = GettextCatalog.decode(ArraySlice(data), charset: charset) else {
            throw FormatError(file: name, reason: "is not valid \(charset) text, the charset its header declares")
        }

        var entries: [Entry] = []
        var header: Entry?
        var flags = Set<String>()
        var fields: [String: String] = [:]
        var current: String?
        var started = false
        var flagsLine: Int?, previousLine: Int?, keywordsStart: Int?, idLine = 0, translationStart: Int?, translationEnd = 0
        func finish() {
            defer {
                flags = []; fields = [:]; current = nil; started = false
                (flagsLine, previousLine, keywordsStart, translationStart) = (nil, nil, nil, nil)
            }
            guard let id = fields["msgid"], let keywordsStart else { return }
            var translations = [String]()
            if let single = fields["msgstr"] { translations = [single] }
            var form = 0
            while let plural = fields["msgstr[\(form)]"] { translations.append(plural); form += 1 }
            let entry = Entry(message: GettextCatalog.Message(context: fields["msgctxt"], id: id, pluralId: fields["msgid_plural"],
                                                              translations: translations),
                              flags: flags, line: idLine, flagsLine: flagsLine, flagsInsertion: previousLine ?? keywordsStart,
                              keywordsStart: keywordsStart,
                              translationLines: (translationStart ?? translationEnd)..<translationEnd)
            if id.isEmpty && fields["msgctxt"] == nil { header = entry } else if !id.isEmpty { entries.append(entry) }
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, rawLine) in lines.enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#~") { continue }
            if line.hasPrefix("#") {
                if started && fields["msgid"] != nil { finish() }
                if line.hasPrefix("#|") && previousLine == nil { previousLine = index }
                if line.hasPrefix("#,") {
                    flags.formUnion(line.dropFirst(2).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                    flagsLine = index
                }
                continue
            }
            if line.hasPrefix("\"") {
                guard let key = current else { throw fail(index + 1, "a string continues no keyword") }
                fields[key, default: ""] += try Self.unquote(line, fail: { fail(index + 1, $0) })
                if key.hasPrefix("msgstr") { translationEnd = index + 1 }
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
            if keywordsStart == nil { keywordsStart = index }
            if keyword == "msgid" { idLine = index + 1 }
            if keyword.hasPrefix("msgstr") {
                if translationStart == nil { translationStart = index }
                translationEnd = index + 1
            }
            fields[keyword] = try Self.unquote(line.dropFirst(keyword.count).trimmingCharacters(in: .whitespaces),
                                              fail: { fail(index + 1, $0) })
        }
        finish()
        self.entries = entries
        self.header = header
        self.lines = lines
    }

    /// The file as text, with the translations of some entries (by index in `entries`)
    /// replaced, marked fuzzy, and the header's msgstr replaced when given; every other line
    /// exactly as it was read.
    package func text(replacing translations: [Int: [String]], header newHeader: String? = nil) -> String {
        var replaced: [Int: (entry: Entry, translations: [String])] = [:]
        for (index, value) in translations { replaced[entries[index].keywordsStart] = (entries[index], value) }
        var insertFuzzy = Set<Int>()
        for (_, (entry, _)) in replaced where !entry.message.id.isEmpty && entry.flagsLine == nil { insertFuzzy.insert(entry.flagsInsertion) }
        if let newHeader, let header { replaced[header.keywordsStart] = (header, [newHeader]) }
        var flagLines = Set<Int>()
        for (_, (entry, _)) in replaced where !entry.message.id.isEmpty && !entry.isFuzzy { if let line = entry.flagsLine { flagLines.insert(line) } }
        var output: [Substring] = []
        var skipUntil = 0
        for (index, line) in lines.enumerated() {
            if index < skipUntil { continue }
            if insertFuzzy.contains(index) { output.append("#, fuzzy") }
            if let (entry, values) = replaced[index] {
                // The entry's lines up to its translation, the flags line gaining "fuzzy".
                for inner in index..<entry.translationLines.lowerBound { output.append(lines[inner]) }
                let plural = entry.message.pluralId != nil
                for (form, value) in values.enumerated() {
                    output.append(Substring("\(plural ? "msgstr[\(form)]" : "msgstr") \(Self.quoted(value))"))
                }
                skipUntil = entry.translationLines.upperBound
                continue
            }
            if flagLines.contains(index) {
                output.append(Substring("#, fuzzy, " + line.dropFirst(2).trimmingCharacters(in: .whitespaces)))
                continue
            }
            output.append(line)
        }
        return output.joined(separator: "\n")
    }

    /// A msgstr value as a C string literal.
    static func quoted(_ text: String) -> String { "\"" + escaped(text, quotes: true) + "\"" }

    /// Text with C escapes for backslashes, tabs and line breaks (and double quotes, with
    /// `quotes`), so that it stays on one line.
    package static func escaped(_ text: String, quotes: Bool = false) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case "\"" where quotes: result += "\\\""
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case "\r\n": result += "\\r\\n"
            default: result.append(character)
            }
        }
        return result
    }

    /// Translated, non-fuzzy original → translation pairs, as `GettextCatalog.pairs` gives them.
    package var pairs: [(source: String, translation: String)] {
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
