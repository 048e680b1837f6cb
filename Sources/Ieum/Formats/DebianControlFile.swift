// Reads Debian's control-format files: DDTP's Translation-XX indexes and debconf templates.
import Foundation

/// Stanzas of `Field: value` lines, each field continued by lines that start with a space,
/// stanzas separated by empty lines: the format of the archive's indexes, of DDTP's
/// `Translation-XX` files and of debconf's `templates`.
package struct DebianControlFile: Sendable {
    package struct Field: Sendable, Equatable {
        package var name: String
        /// The text after the colon, trimmed.
        package var value: String
        /// The continuation lines, their leading space removed.
        package var lines: [String]
    }

    package typealias Stanza = [Field]

    package let stanzas: [Stanza]

    /// Reads the file at `url`, reporting problems by its path.
    package static func read(_ url: URL) throws(FormatError) -> DebianControlFile {
        guard let text = String(data: try FormatError.contents(of: url), encoding: .utf8) else {
            throw FormatError(file: url.path, reason: "is not UTF-8 text")
        }
        return DebianControlFile(text: text)
    }

    package init(text: String) {
        var stanzas: [Stanza] = []
        var stanza: Stanza = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) {
                if !stanza.isEmpty { stanzas.append(stanza) }
                stanza = []
            } else if line.first == " " || line.first == "\t" {
                if !stanza.isEmpty { stanza[stanza.count - 1].lines.append(String(line.dropFirst())) }
            } else if let colon = line.firstIndex(of: ":") {
                stanza.append(Field(name: String(line[..<colon]),
                                    value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces), lines: []))
            }
        }
        if !stanza.isEmpty { stanzas.append(stanza) }
        self.stanzas = stanzas
    }
}

extension DebianControlFile.Stanza {
    /// The first field of that name.
    package subscript(name: String) -> DebianControlFile.Field? { first { $0.name == name } }

    /// A description field (`Description`, `Description-ko` …) read as a description.
    func description(_ name: String) -> DebianDescription? {
        self[name].map { DebianDescription(synopsis: $0.value, lines: $0.lines) }
    }
}

/// A package or debconf description: a synopsis line and a long description whose
/// paragraphs are separated by `.` lines.
struct DebianDescription: Sendable, Equatable {
    package var synopsis: String
    package var lines: [String]

    /// Paragraphs, each a list of lines.
    package var paragraphs: [[String]] {
        lines.split(separator: ".", omittingEmptySubsequences: true).map(Array.init)
    }
}
