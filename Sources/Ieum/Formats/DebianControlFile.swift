// Reads Debian's control-format files: DDTP's Translation-XX indexes and debconf templates.
import Foundation

/// Stanzas of `Field: value` lines, each field continued by lines that start with a space,
/// stanzas separated by empty lines: the format of the archive's indexes, of DDTP's
/// `Translation-XX` files and of debconf's `templates`.
public struct DebianControlFile: Sendable {
    public struct Field: Sendable, Equatable {
        public var name: String
        /// The text after the colon, trimmed.
        public var value: String
        /// The continuation lines, their leading space removed.
        public var lines: [String]
    }

    public typealias Stanza = [Field]

    public let stanzas: [Stanza]

    /// Reads the file at `url`, reporting problems by its path.
    public static func read(_ url: URL) throws(FormatError) -> DebianControlFile {
        guard let text = String(data: try FormatError.contents(of: url), encoding: .utf8) else {
            throw FormatError(file: url.path, reason: "is not UTF-8 text")
        }
        return DebianControlFile(text: text)
    }

    public init(text: String) {
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
    public subscript(name: String) -> DebianControlFile.Field? { first { $0.name == name } }

    /// A description field (`Description`, `Description-ko` …) read as a description.
    func description(_ name: String) -> DebianDescription? {
        self[name].map { DebianDescription(synopsis: $0.value, lines: $0.lines) }
    }
}

/// A package or debconf description: a synopsis line and a long description whose
/// paragraphs are separated by `.` lines.
struct DebianDescription: Sendable, Equatable {
    public var synopsis: String
    public var lines: [String]

    /// Paragraphs, each a list of lines.
    public var paragraphs: [[String]] {
        lines.split(separator: ".", omittingEmptySubsequences: true).map(Array.init)
    }
}
