// A UI message taken apart: the text to translate, and what must come through unchanged.

/// A message split into runs of text to translate and runs kept as they are: placeholders
/// (printf, Python, Qt, braces, `%%`), markup tags, entities, line breaks and tabs, a
/// trailing ellipsis or colon, and anything without a letter; the keyboard accelerator (`_Save`, `&Open`, `E_xit`) taken out
/// and remembered, to be put back the Korean way (`저장(_S)`).
struct ProtectedMessage: Sendable, Equatable {
    package enum Part: Sendable, Equatable {
        case text(String)
        case kept(String)
    }

    package let parts: [Part]
    /// The accelerator's marker and key (`_`, `S`), when the message has one.
    package let accelerator: (marker: Character, key: Character)?

    package static func == (left: ProtectedMessage, right: ProtectedMessage) -> Bool {
        left.parts == right.parts && left.accelerator?.marker == right.accelerator?.marker && left.accelerator?.key == right.accelerator?.key
    }

    package init(_ message: String) {
        var scalars = Array(message.unicodeScalars)
        accelerator = Self.takeAccelerator(&scalars)
        var kept = PairCleaner.placeholderSpans(in: scalars)
        kept += Self.markupSpans(in: scalars)
        kept += scalars.indices.filter { "\n\t\r".unicodeScalars.contains(scalars[$0]) }.map { $0..<($0 + 1) }
        kept.sort { $0.lowerBound < $1.lowerBound }
        var parts: [Part] = []
        var position = 0
        func addText(_ end: Int) {
            guard position < end else { return }
            var text = String(String.UnicodeScalarView(scalars[position..<end]))
            // A trailing ellipsis or colon is the interface's, not the sentence's: kept.
            let tail = ["...", "…", ":"].first { text.hasSuffix($0) && text.dropLast($0.count).contains(where: \.isLetter) }
            if let tail { text.removeLast(tail.count) }
            parts.append(text.contains(where: \.isLetter) ? .text(text) : .kept(text))
            if let tail { parts.append(.kept(tail)) }
        }
        for span in kept where span.lowerBound >= position {
            addText(span.lowerBound)
            parts.append(.kept(String(String.UnicodeScalarView(scalars[span]))))
            position = span.upperBound
        }
        addText(scalars.count)
        self.parts = parts
    }

    /// The texts to translate, in order.
    package var texts: [String] {
        parts.compactMap { if case .text(let text) = $0 { return text.trimmingCharacters(in: .whitespaces) } else { return nil } }
    }

    /// The message with each text replaced by its translation (in the order of `texts`), the
    /// spaces around it kept, and the accelerator after the text as `(_S)`, before a final
    /// ellipsis or colon.
    package func assembled(_ translations: [String]) -> String {
        var result = ""
        var next = 0
        for part in parts {
            switch part {
            case .kept(let text): result += text
            case .text(let text):
                let leading = text.prefix { $0 == " " }, trailing = String(text.reversed().prefix { $0 == " " })
                result += leading + (next < translations.count ? translations[next] : text) + (text.allSatisfy { $0 == " " } ? "" : trailing)
                next += 1
            }
        }
        guard let (marker, key) = accelerator else { return result }
        let tail = ["...", "…", ":"].first { result.hasSuffix($0) } ?? ""
        return String(result.dropLast(tail.count)) + "(\(marker)\(key))" + tail
    }

    /// HTML/XML tags (`<b>`, `</a>`, `<br/>`) and entities (`&amp;`, `&#8217;`).
    static func markupSpans(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        var index = 0
        while index < scalars.count {
            if scalars[index] == "<", index + 1 < scalars.count, scalars[index + 1].properties.isAlphabetic || "/!?".unicodeScalars.contains(scalars[index + 1]),
               let close = scalars[(index + 1)...].firstIndex(where: { $0 == ">" || $0 == "<" }), scalars[close] == ">" {
                spans.append(index..<(close + 1))
                index = close + 1
            } else if scalars[index] == "&", let end = scalars[(index + 1)...].prefix(10).firstIndex(of: ";"), end > index + 1,
                      scalars[(index + 1)..<end].allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "#" }) {
                spans.append(index..<(end + 1))
                index = end + 1
            } else {
                index += 1
            }
        }
        return spans
    }

    /// Removes a single accelerator marker (`_` or `&`, not `&&` or an entity) before a
    /// letter or digit, and returns it with its key in upper case. An underscore inside a word
    /// that starts in lower case (`search_path`, `pg_basebackup`) joins an identifier; inside a
    /// capitalised word (`E_xit`, `Pre_ferences`) or at a word's start it marks a key.
    static func takeAccelerator(_ scalars: inout [Unicode.Scalar]) -> (marker: Character, key: Character)? {
        for marker in ["_", "&"] as [Unicode.Scalar] {
            let positions = scalars.indices.filter { scalars[$0] == marker }
            guard positions.count == 1, let position = positions.first, position + 1 < scalars.count else { continue }
            let key = scalars[position + 1]
            guard key.properties.isAlphabetic || ("0"..."9").contains(key), key.isASCII else { continue }
            if marker == "&", markupSpans(in: scalars).contains(where: { $0.contains(position) }) { continue }
            if marker == "_", isInIdentifier(position, scalars) { continue }
            scalars.remove(at: position)
            return (Character(marker), Character(String(key).uppercased()))
        }
        return nil
    }

    private static func isInIdentifier(_ position: Int, _ scalars: [Unicode.Scalar]) -> Bool {
        let wordStart = scalars[..<position].lastIndex { $0.properties.isWhitespace }.map { $0 + 1 } ?? 0
        guard wordStart < position else { return false }
        let first = scalars[wordStart]
        return first.properties.isLowercase || ("0"..."9").contains(first)
    }
}
