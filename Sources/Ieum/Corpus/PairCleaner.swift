// Cleans one Korean-English pair from localization data, or says why it is dropped.

/// The cleaning rules for pairs taken from interface catalogs and help pages:
///
/// - markup tags go (`<b>`, `<a href=…>`; a line or paragraph break becomes a space), entities are
///   decoded (`&amp;`, `&#8217;`), and accelerator markers go: `_File`, `&File`, `~File`
///   (a single marker before a letter or digit) and Korean's `(_F)`, `(&F)`, `(~F)`;
/// - whitespace runs become one space, and both ends are trimmed;
/// - a pair is dropped when a side is empty, when the sides are the same, when the Korean
///   has no Hangul (left untranslated), when neither side has a letter (only placeholders,
///   numbers or symbols), when their placeholders (`%s`, `%1$d`, `%(name)s`, `%1`, `{0}`)
///   differ, when one side is far longer than the other should be, or when a side is over
///   `maximumLength` characters.
package struct PairCleaner: Sendable {
    /// Why a pair was dropped.
    package enum Rejection: String, Error, Sendable, CaseIterable {
        case empty = "empty side"
        case identical = "same on both sides"
        case noHangul = "Korean side has no Hangul"
        case noLetters = "no letters"
        case placeholdersDiffer = "placeholders differ"
        case lengthRatio = "length ratio out of range"
        case tooLong = "too long"
    }

    package var maximumLength = 600
    /// Allowed English characters per Korean character (Korean is about half as long).
    package var lengthRatio: ClosedRange<Double> = 0.33...9
    /// Pairs shorter than this (both sides) skip the ratio test: "OK"/"확인" is fine.
    package var ratioMinimumLength = 12

    package init() {}

    /// The cleaned pair, or why it was dropped.
    package func clean(korean: String, english: String) -> Result<(korean: String, english: String), Rejection> {
        let korean = Self.cleanText(korean), english = Self.cleanText(english)
        guard !korean.isEmpty, !english.isEmpty else { return .failure(.empty) }
        guard korean != english else { return .failure(.identical) }
        guard korean.unicodeScalars.contains(where: Self.isHangul) else { return .failure(.noHangul) }
        guard english.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else { return .failure(.noLetters) }
        guard Self.placeholders(in: korean) == Self.placeholders(in: english) else { return .failure(.placeholdersDiffer) }
        let koreanLength = korean.unicodeScalars.count, englishLength = english.unicodeScalars.count
        guard max(koreanLength, englishLength) <= maximumLength else { return .failure(.tooLong) }
        if max(koreanLength, englishLength) >= ratioMinimumLength,
           !lengthRatio.contains(Double(englishLength) / Double(koreanLength)) {
            return .failure(.lengthRatio)
        }
        return .success((korean, english))
    }

    // MARK: One side

    /// Markup, accelerators and entities removed, whitespace folded.
    static func cleanText(_ text: String) -> String {
        var scalars = removingTags(Array(text.unicodeScalars))
        scalars = removingAccelerators(scalars)
        scalars = decodingEntities(scalars)
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in scalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace { result.append(" ") }
            pendingSpace = false
            result.append(scalar)
        }
        return String(result)
    }

    /// Tags of the markup that catalogs and help pages carry (HTML, Qt rich text, Pango,
    /// DocBook). Anything else in angle brackets, such as `<file>` or `<ret>` in a usage
    /// message, is text.
    static let markupTags: Set<String> = [
        "a", "abbr", "b", "big", "blockquote", "body", "br", "center", "cite", "code", "command",
        "dd", "div", "dl", "dt", "em", "emphasis", "filename", "font", "guibutton", "guilabel",
        "guimenu", "guimenuitem", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "html", "i",
        "img", "kbd", "keycap", "li", "link", "literal", "nobr", "ol", "p", "pre", "qt", "s",
        "small", "span", "strike", "strong", "sub", "sup", "table", "td", "th", "tr", "tt", "u",
        "ul", "userinput", "var",
    ]

    /// Markup tags removed; `<br>` becomes a space.
    static func removingTags(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        var index = 0
        while index < scalars.count {
            if scalars[index] == "<",
               let end = scalars[(index + 1)...].firstIndex(where: { $0 == ">" || $0 == "<" }), scalars[end] == ">" {
                let inside = String(String.UnicodeScalarView(scalars[(index + 1)..<end])).lowercased()
                let name = inside.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }
                if markupTags.contains(String(name)) {
                    if name == "br" || name == "p" { result.append(" ") }
                    index = end + 1
                    continue
                }
            }
            result.append(scalars[index])
            index += 1
        }
        return result
    }

    /// `(_F)`-style markers removed, then a single `_`, `&` or `~` before a letter or digit.
    static func removingAccelerators(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        var index = 0
        while index < scalars.count {
            // (_F) (&F) (~F), with the space before it
            if scalars[index] == "(", index + 3 < scalars.count, isMarker(scalars[index + 1]),
               isAlphanumeric(scalars[index + 2]), scalars[index + 3] == ")" {
                while result.last == " " { result.removeLast() }
                index += 4
                continue
            }
            result.append(scalars[index])
            index += 1
        }
        for marker in ["_", "~", "&"] as [Unicode.Scalar] {
            let positions = result.indices.filter { result[$0] == marker && !isEntityStart(result, at: $0) }
            guard positions.count == 1, let position = positions.first, position + 1 < result.count else { continue }
            let next = result[position + 1]
            // S&W, R&D, AT&T are names, not accelerators.
            let betweenCapitals = position > 0 && isUppercaseASCII(result[position - 1]) && isUppercaseASCII(next)
            if (marker == "~" ? next.properties.isAlphabetic : isAlphanumeric(next)) && !betweenCapitals {
                result.remove(at: position)
            }
        }
        return result
    }

    /// `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&nbsp;` `&#NN;` `&#xHH;` decoded, and `&&` read as `&`.
    static func decodingEntities(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        let named: [String: Unicode.Scalar] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " "]
        var result: [Unicode.Scalar] = []
        var index = 0
        while index < scalars.count {
            if scalars[index] == "&", index + 1 < scalars.count, scalars[index + 1] == "&" {
                result.append("&")
                index += 2
                continue
            }
            if scalars[index] == "&", let end = entityEnd(scalars, at: index) {
                let body = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
                let decoded: Unicode.Scalar?
                if body.hasPrefix("#x") || body.hasPrefix("#X") {
                    decoded = UInt32(body.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if body.hasPrefix("#") {
                    decoded = UInt32(body.dropFirst()).flatMap(Unicode.Scalar.init)
                } else {
                    decoded = named[body]
                }
                if let decoded {
                    result.append(decoded)
                    index = end + 1
                    continue
                }
            }
            result.append(scalars[index])
            index += 1
        }
        return result
    }

    /// The sorted placeholders of a text: printf (`%s`, `%1$d`, `%-5.2f`, `%(name)s`), Qt
    /// (`%1`, `%L1`) and brace (`{0}`, `{name}`) forms; `%%` is a literal percent sign.
    static func placeholders(in text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return placeholderSpans(in: scalars).filter { $0.count > 2 || scalars[$0.lowerBound + 1] != "%" }
            .map { String(String.UnicodeScalarView(scalars[$0])) }.sorted()
    }

    /// Where the placeholders of `placeholders(in:)` are, and the `%%` escapes, in order.
    static func placeholderSpans(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "%", index + 1 < scalars.count {
                if scalars[index + 1] == "%" { spans.append(index..<(index + 2)); index += 2; continue }
                if let end = printfEnd(scalars, at: index) { spans.append(index..<end); index = end; continue }
            } else if scalar == "{", let close = scalars[(index + 1)...].prefix(32).firstIndex(of: "}"),
                      !scalars[(index + 1)..<close].contains(where: { $0 == "{" || $0.properties.isWhitespace }) {
                spans.append(index..<(close + 1))
                index = close + 1
                continue
            }
            index += 1
        }
        return spans
    }

    /// The end of the printf or Qt placeholder that starts at `start` (a `%`), if one does.
    private static func printfEnd(_ scalars: [Unicode.Scalar], at start: Int) -> Int? {
        let count = scalars.count
        var index = start + 1
        func skip(while predicate: (Unicode.Scalar) -> Bool) {
            while index < count && predicate(scalars[index]) { index += 1 }
        }
        if scalars[index] == "(" {  // %(name)s
            guard let close = scalars[index...].firstIndex(of: ")"), close + 1 < count,
                  isAlphabeticASCII(scalars[close + 1]) else { return nil }
            return close + 2
        }
        // Qt: %1, %L1 — digits that no printf field follows.
        var qtEnd = scalars[index] == "L" ? index + 1 : index
        let digitsStart = qtEnd
        while qtEnd < count && isDigit(scalars[qtEnd]) { qtEnd += 1 }
        if qtEnd > digitsStart && (qtEnd == count || !"$.diouxXeEfFgGaAcspnhlLqjztI".unicodeScalars.contains(scalars[qtEnd])) {
            return qtEnd
        }
        // printf: %[n$][flags][width][.precision][length]conversion
        let argumentStart = index
        skip { isDigit($0) }
        if index > argumentStart && index < count && scalars[index] == "$" { index += 1 } else { index = argumentStart }
        skip { "-+ #0'".unicodeScalars.contains($0) }
        skip { isDigit($0) || $0 == "*" }
        if index < count && scalars[index] == "." {
            index += 1
            skip { isDigit($0) || $0 == "*" }
        }
        skip { "hlLqjztI".unicodeScalars.contains($0) }
        guard index < count, "diouxXeEfFgGaAcspn".unicodeScalars.contains(scalars[index]) else { return nil }
        return index + 1
    }

    private static func entityEnd(_ scalars: [Unicode.Scalar], at start: Int) -> Int? {
        guard let end = scalars[(start + 1)...].prefix(10).firstIndex(of: ";"), end > start + 1 else { return nil }
        let body = scalars[(start + 1)..<end]
        let isNamed = body.allSatisfy(isAlphabeticASCII)
        let isNumeric = body.first == "#" && body.dropFirst().allSatisfy { isDigit($0) || "xXabcdefABCDEF".unicodeScalars.contains($0) }
        return isNamed || isNumeric ? end : nil
    }

    private static func isEntityStart(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        scalars[index] == "&" && (entityEnd(scalars, at: index) != nil || (index + 1 < scalars.count && scalars[index + 1] == "&")
            || (index > 0 && scalars[index - 1] == "&"))
    }

    private static func isUppercaseASCII(_ scalar: Unicode.Scalar) -> Bool { scalar >= "A" && scalar <= "Z" }
    private static func isMarker(_ scalar: Unicode.Scalar) -> Bool { scalar == "_" || scalar == "&" || scalar == "~" }
    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar >= "0" && scalar <= "9" }
    private static func isAlphabeticASCII(_ scalar: Unicode.Scalar) -> Bool { (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") }
    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isAlphabetic || isDigit(scalar) }
    static func isHangul(_ scalar: Unicode.Scalar) -> Bool {
        (0xAC00...0xD7A3).contains(scalar.value) || (0x1100...0x11FF).contains(scalar.value) || (0x3131...0x318E).contains(scalar.value)
    }
}
