// Reads Qt translation catalogs (.qm), as lrelease writes them.
import Foundation

/// A compiled Qt catalog: for each message its context, source text (English, in practice),
/// disambiguating comment and translations (one per plural form).
package struct QtCatalog: Sendable {
    package struct Message: Sendable, Equatable {
        package var context: String?
        /// Absent when lrelease stripped the source texts (its default keeps them).
        package var source: String?
        package var comment: String?
        package var translations: [String]
    }

    /// The catalog's language, as its Language section names it ("ko").
    package let language: String?
    package let messages: [Message]

    static let magic: [UInt8] = [0x3C, 0xB8, 0x64, 0x18, 0xCA, 0xEF, 0x9C, 0x95, 0xCD, 0x21, 0x1C, 0xBF, 0x60, 0xA1, 0xBD, 0xDD]

    /// Reads the catalog at `url`, reporting problems by its path.
    package static func read(_ url: URL) throws(FormatError) -> QtCatalog {
        try QtCatalog(data: FormatError.contents(of: url), name: url.path)
    }

    /// Parses catalog bytes; `name` labels errors.
    package init(data: Data, name: String) throws(FormatError) {
        let bytes = [UInt8](data)
        func fail(_ reason: String) -> FormatError { FormatError(file: name, reason: reason) }
        guard bytes.count >= 16, Array(bytes[0..<16]) == Self.magic else {
            throw fail("not a Qt .qm catalog (its first 16 bytes are not the .qm magic number)")
        }
        var language: String? = nil
        var messages: [Message] = []
        // Sections: a tag byte, a big-endian length, the contents.
        var offset = 16
        while offset < bytes.count {
            guard offset + 5 <= bytes.count else { throw fail("truncated: a section header is cut off at byte \(offset)") }
            let tag = bytes[offset], length = Self.word(bytes, at: offset + 1)
            let start = offset + 5, end = start + length
            guard end <= bytes.count else {
                throw fail("truncated: section 0x\(String(tag, radix: 16)) needs \(length) bytes from byte \(start), the file has \(bytes.count)")
            }
            switch tag {
            case 0xA7: language = String(decoding: bytes[start..<end], as: UTF8.self)
            case 0x69: messages = try Self.messages(bytes[start..<end], fail: fail)
            default: break  // hashes, contexts, numerus rules, dependencies
            }
            offset = end
        }
        self.language = language
        self.messages = messages
    }

    /// Source text → translation pairs, for messages that have both.
    package var pairs: [(source: String, translation: String)] {
        messages.compactMap { message in
            guard let source = message.source, !source.isEmpty, let first = message.translations.first, !first.isEmpty else { return nil }
            return (source, first)
        }
    }

    /// The records of the Messages section: tagged fields up to an End tag.
    private static func messages(_ section: ArraySlice<UInt8>, fail: (String) -> FormatError) throws(FormatError) -> [Message] {
        var messages: [Message] = []
        var current = Message(context: nil, source: nil, comment: nil, translations: [])
        var offset = section.startIndex
        func field() throws(FormatError) -> ArraySlice<UInt8>? {
            guard offset + 4 <= section.endIndex else { throw fail("truncated: a message field is cut off") }
            let length = word(Array(section[offset..<(offset + 4)]), at: 0)
            offset += 4
            if length == 0xFFFF_FFFF { return nil }  // a null string
            guard offset + length <= section.endIndex else { throw fail("damaged: a message field runs past its section") }
            defer { offset += length }
            return section[offset..<(offset + length)]
        }
        while offset < section.endIndex {
            let tag = section[offset]
            offset += 1
            switch tag {
            case 1:  // end of message
                messages.append(current)
                current = Message(context: nil, source: nil, comment: nil, translations: [])
            case 3:  // translation, UTF-16 big-endian
                if let text = try field() { current.translations.append(utf16BigEndian(text)) }
            case 2, 4:  // obsolete 16-bit source text and context
                _ = try field()
            case 6: current.source = try field().map(text)
            case 7: current.context = try field().map(text)
            case 8: current.comment = try field().map(text)
            case 5, 9:  // obsolete fixed-size fields
                offset += 4
            default:
                throw fail("damaged: unknown message field tag \(tag) at byte \(offset - 1) of the messages")
            }
        }
        return messages
    }

    private static func word(_ bytes: [UInt8], at offset: Int) -> Int {
        Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
    }

    private static func utf16BigEndian(_ bytes: ArraySlice<UInt8>) -> String {
        let units = stride(from: bytes.startIndex, to: bytes.endIndex - 1, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
        return String(decoding: units, as: UTF16.self)
    }

    /// Source texts and contexts are UTF-8 since Qt 5, Latin-1 before.
    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        String(validating: bytes, as: UTF8.self) ?? String(bytes.map { Character(Unicode.Scalar($0)) })
    }
}
