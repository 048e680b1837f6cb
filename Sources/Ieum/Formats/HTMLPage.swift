// Reads the text blocks of an HTML or Mallard page with libxml2's parsers.
import CHTML
import Foundation

/// The text blocks of an HTML page (paragraphs, headings, list items, table cells …) in
/// document order, each with its id attribute and its element path, as a real HTML parser
/// reads the page: entities decoded, unclosed tags closed, markup inside a block flattened.
struct HTMLPage: Sendable {
    package struct Block: Sendable, Equatable {
        /// The block's `id` attribute, empty if it has none.
        package var id: String
        /// Element names from the root, such as `html/body/div/p`.
        package var path: String
        package var text: String
    }

    package let blocks: [Block]

    /// The markup a page is written in.
    package enum Markup: Sendable {
        /// HTML, read as browsers do; blocks are p, h1–h6, li, td, th, dt, dd, pre, caption, title.
        case html
        /// Mallard XML (GNOME and MATE help); blocks are p, title, subtitle, desc, td, th.
        case mallard
    }

    /// Reads the page at `url`, reporting problems by its path.
    package static func read(_ url: URL, markup: Markup = .html) throws(FormatError) -> HTMLPage {
        try HTMLPage(data: FormatError.contents(of: url), name: url.path, markup: markup)
    }

    /// Parses page bytes; `name` labels errors.
    package init(data: Data, name: String, markup: Markup = .html) throws(FormatError) {
        var count: Int32 = 0, size: Int32 = 0
        let buffer = data.withUnsafeBytes { bytes in
            let start = bytes.baseAddress?.assumingMemoryBound(to: CChar.self)
            return markup == .html
                ? ieum_html_blocks(start, Int32(bytes.count), &count, &size)
                : ieum_mallard_blocks(start, Int32(bytes.count), &count, &size)
        }
        guard let buffer else {
            throw FormatError(file: name, reason: markup == .html ? "libxml2 could not parse it as HTML" : "not well-formed XML")
        }
        defer { ieum_html_free(buffer) }
        // Three NUL-terminated strings a block: id, path, text.
        var strings: [String] = []
        strings.reserveCapacity(3 * Int(count))
        var start = 0
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: Int(size))
        for index in 0..<bytes.count where bytes[index] == 0 {
            strings.append(String(decoding: bytes[start..<index], as: UTF8.self))
            start = index + 1
        }
        blocks = stride(from: 0, to: strings.count - 2, by: 3).map { Block(id: strings[$0], path: strings[$0 + 1], text: strings[$0 + 2]) }
    }
}
