// Reads gettext message catalogs (.mo): contexts, plural forms, both byte orders, any charset.
import CICU
import Foundation

/// A compiled gettext catalog, as `msgfmt` writes it: each message's original (English, in
/// practice) with its translations.
package struct GettextCatalog: Sendable {
    package struct Message: Sendable, Equatable {
        /// The `msgctxt` that tells apart equal originals, if any.
        package var context: String?
        package var id: String
        /// The plural original (`msgid_plural`), if the message has plural forms.
        package var pluralId: String?
        /// The translation, or one per plural form.
        package var translations: [String]
    }

    /// The character set the catalog declared (its messages are converted to UTF-8).
    package let charset: String
    /// `nplurals` from the header's Plural-Forms, if it says.
    package let pluralFormCount: Int?
    /// The messages, header excluded, in the catalog's (sorted) order.
    package let messages: [Message]
    /// Messages left out because their bytes are not valid in the declared charset.
    package let undecodableMessages: Int

    /// Reads the catalog at `url`, reporting problems by its path.
    package static func read(_ url: URL) throws(FormatError) -> GettextCatalog {
        try GettextCatalog(data: FormatError.contents(of: url), name: url.path)
    }

    /// Parses catalog bytes; `name` labels errors.
    package init(data: Data, name: String) throws(FormatError) {
        let bytes = [UInt8](data)
        func fail(_ reason: String) -> FormatError { FormatError(file: name, reason: reason) }
        guard bytes.count >= 28 else { throw fail("too short for a gettext catalog (\(bytes.count) bytes; the header alone takes 28)") }

        let magic: UInt32 = 0x9504_12DE
        let littleEndian: Bool
        switch Self.word(bytes, at: 0, littleEndian: true) {
        case magic: littleEndian = true
        case magic.byteSwapped: littleEndian = false
        default: throw fail("not a gettext .mo catalog (no magic number 0x950412de)")
        }
        func word(_ offset: Int) -> Int { Int(Self.word(bytes, at: offset, littleEndian: littleEndian)) }
        guard word(4) >> 16 <= 1 else { throw fail("unsupported .mo revision \(word(4) >> 16)") }
        let count = word(8), originals = word(12), translations = word(16)
        guard originals + 8 * count <= bytes.count, translations + 8 * count <= bytes.count else {
            throw fail("truncated: its \(count) messages need string tables past the end of the file (\(bytes.count) bytes)")
        }
        func string(table: Int, index: Int) throws(FormatError) -> ArraySlice<UInt8> {
            let length = word(table + 8 * index), offset = word(table + 8 * index + 4)
            // Each string is followed by a NUL byte.
            guard offset + length < bytes.count, bytes[offset + length] == 0 else {
                throw fail("truncated or damaged: message \(index) does not end where its table says (file of \(bytes.count) bytes)")
            }
            return bytes[offset..<(offset + length)]
        }

        var raw: [(id: ArraySlice<UInt8>, translation: ArraySlice<UInt8>)] = []
        raw.reserveCapacity(count)
        for index in 0..<count {
            raw.append((try string(table: originals, index: index), try string(table: translations, index: index)))
        }
        // The header is the translation of the empty original.
        let header = raw.first { $0.id.isEmpty }.map { String(decoding: $0.translation, as: UTF8.self) } ?? ""
        charset = Self.headerField(header, "charset=") ?? "UTF-8"
        pluralFormCount = Self.headerField(header, "nplurals=").flatMap { Int($0) }

        var messages: [Message] = []
        var undecodable = 0
        for (id, translation) in raw where !id.isEmpty {
            guard let original = Self.decode(id, charset: charset), let translated = Self.decode(translation, charset: charset) else {
                undecodable += 1
                continue
            }
            // "context EOT original NUL plural", "form NUL form …"
            var context: String? = nil
            var originalPart = Substring(original)
            if let separator = original.firstIndex(of: "\u{04}") {
                context = String(original[..<separator])
                originalPart = original[original.index(after: separator)...]
            }
            let forms = originalPart.split(separator: "\0", maxSplits: 1, omittingEmptySubsequences: false)
            messages.append(Message(context: context, id: String(forms[0]), pluralId: forms.count > 1 ? String(forms[1]) : nil,
                                    translations: translated.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)))
        }
        self.messages = messages
        self.undecodableMessages = undecodable
    }

    /// Original → translation pairs: each message with its first translation and, where the
    /// language has a single plural form (Korean), its plural original with that form too.
    package var pairs: [(source: String, translation: String)] { Self.pairs(of: messages) }

    /// The pairs of any messages, as `pairs` gives them.
    static func pairs(of messages: some Sequence<Message>) -> [(source: String, translation: String)] {
        var pairs: [(source: String, translation: String)] = []
        for message in messages {
            guard let first = message.translations.first, !first.isEmpty else { continue }
            pairs.append((message.id, first))
            if let plural = message.pluralId, message.translations.count == 1 { pairs.append((plural, first)) }
        }
        return pairs
    }

    private static func word(_ bytes: [UInt8], at offset: Int, littleEndian: Bool) -> UInt32 {
        let value = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
        return littleEndian ? value : value.byteSwapped
    }

    /// The value after `key` in a header, up to the next `;`, space or line end.
    private static func headerField(_ header: String, _ key: String) -> String? {
        guard let range = header.range(of: key) else { return nil }
        let value = header[range.upperBound...].prefix { $0 != ";" && $0 != " " && $0 != "\n" }
        return value.isEmpty ? nil : String(value)
    }

    /// Bytes in `charset` as a string; nil when they are not valid in it.
    static func decode(_ bytes: ArraySlice<UInt8>, charset: String) -> String? {
        let name = charset.lowercased()
        if name == "utf-8" || name == "utf8" || name == "charset" || bytes.allSatisfy({ $0 < 0x80 }) {
            return String(validating: bytes, as: UTF8.self)
        }
        var capacity = 2 * bytes.count + 16
        while true {
            var output = [UInt8](repeating: 0, count: capacity)
            let written = bytes.withUnsafeBufferPointer { input in
                output.withUnsafeMutableBufferPointer { output in
                    input.withMemoryRebound(to: CChar.self) { input in
                        output.withMemoryRebound(to: CChar.self) { output in
                            ieum_convert_to_utf8(charset, input.baseAddress, Int32(input.count), output.baseAddress, Int32(capacity))
                        }
                    }
                }
            }
            if written < 0 { return nil }
            if Int(written) <= capacity { return String(decoding: output[..<Int(written)], as: UTF8.self) }
            capacity = Int(written)
        }
    }
}
