// sacreBLEU's default "13a" tokenizer (that of WMT's mteval-v13a script), scalar for scalar.

/// The tokenizer that sacreBLEU applies before BLEU unless told otherwise (`tok:13a` in
/// its signature). It splits off ASCII punctuation and symbols, periods and commas except
/// between digits (3.5 and 1,000 stay whole), and a dash that follows a digit (2-3 becomes
/// 2 - 3). Nothing outside ASCII is split off, so Korean words keep their particles.
///
/// It works on Unicode scalars, as Python works on code points: text in NFD gives other
/// tokens than the same text in NFC, as it does in sacreBLEU.
package enum BLEUTokenizer13a {
    /// The tokens of `line` joined by single spaces, exactly as sacreBLEU's
    /// `Tokenizer13a()(line)` returns them.
    package static func tokenize(_ line: String) -> String {
        var text = String.UnicodeScalarView()
        text.append(contentsOf: tokenizedScalars(Array(line.unicodeScalars)))
        return String(text)
    }

    /// The tokens of `line` joined by single spaces (U+0020, the only whitespace left).
    static func tokenizedScalars(_ line: some Collection<Unicode.Scalar>) -> [Unicode.Scalar] {
        // The language-independent part: markup and line breaks.
        var text = replacing(Pattern.skipped, with: [], in: Array(line))
        text = replacing(Pattern.hyphenLineBreak, with: [], in: text)
        text = replacing(Pattern.lineBreak, with: [" "], in: text)
        if text.contains("&") {
            text = replacing(Pattern.quoteEntity, with: ["\""], in: text)
            text = replacing(Pattern.ampersandEntity, with: ["&"], in: text)
            text = replacing(Pattern.lessThanEntity, with: ["<"], in: text)
            text = replacing(Pattern.greaterThanEntity, with: [">"], in: text)
        }
        text = [" "] + text + [" "]

        // The four regular expressions of sacreBLEU's TokenizerRegexp, in its order.
        // ([\{-\~\[-\` -\&\(-\+\:-\@\/]) → " \1 "
        var spaced: [Unicode.Scalar] = []
        spaced.reserveCapacity(text.count * 2)
        for scalar in text {
            if isSplitOffSymbol(scalar) {
                spaced.append(" ")
                spaced.append(scalar)
                spaced.append(" ")
            } else {
                spaced.append(scalar)
            }
        }
        // ([^0-9])([\.,]) → "\1 \2 "
        text = substitutingPairs(in: spaced, where: { !isDigit($0) && isPeriodOrComma($1) }, spaceBefore: false)
        // ([\.,])([^0-9]) → " \1 \2"
        text = substitutingPairs(in: text, where: { isPeriodOrComma($0) && !isDigit($1) }, spaceBefore: true)
        // ([0-9])(-) → "\1 \2 "
        text = substitutingPairs(in: text, where: { isDigit($0) && $1 == "-" }, spaceBefore: false)
        return joiningWords(of: text)
    }

    /// The literal strings the language-independent part replaces.
    private enum Pattern {
        static let skipped = Array("<skipped>".unicodeScalars)
        static let hyphenLineBreak: [Unicode.Scalar] = ["-", "\n"]
        static let lineBreak: [Unicode.Scalar] = ["\n"]
        static let quoteEntity = Array("&quot;".unicodeScalars)
        static let ampersandEntity = Array("&amp;".unicodeScalars)
        static let lessThanEntity = Array("&lt;".unicodeScalars)
        static let greaterThanEntity = Array("&gt;".unicodeScalars)
    }

    /// The class of the first regular expression: ASCII space, punctuation and symbols
    /// other than ' , - . and the digits and letters.
    private static func isSplitOffSymbol(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x26, 0x28...0x2B, 0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return true
        default: return false
        }
    }

    /// `[0-9]` in a Python pattern: the ASCII digits only.
    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x30 && scalar.value <= 0x39
    }

    private static func isPeriodOrComma(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "." || scalar == ","
    }

    /// `text` with each occurrence of `pattern` replaced, scanning from the left and never
    /// overlapping, as Python's `str.replace` does.
    private static func replacing(_ pattern: [Unicode.Scalar], with replacement: [Unicode.Scalar], in text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        func occurs(at index: Int) -> Bool {
            text[index] == pattern[0] && index + pattern.count <= text.count && text[index..<index + pattern.count].elementsEqual(pattern)
        }
        guard let firstOccurrence = text.indices.first(where: occurs) else { return text }
        var output = Array(text[..<firstOccurrence])
        output.reserveCapacity(text.count)
        var index = firstOccurrence
        while index < text.count {
            if occurs(at: index) {
                output += replacement
                index += pattern.count
            } else {
                output.append(text[index])
                index += 1
            }
        }
        return output
    }

    /// Python's `re.sub` for a pattern of two one-character groups, replaced by the two with
    /// a space between them and one after (`"\1 \2 "`) or before (`" \1 \2"`): the leftmost
    /// match is replaced, and the search goes on after it, so matches never overlap.
    private static func substitutingPairs(
        in text: [Unicode.Scalar],
        where matches: (Unicode.Scalar, Unicode.Scalar) -> Bool,
        spaceBefore: Bool
    ) -> [Unicode.Scalar] {
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(text.count + text.count / 2)
        var index = 0
        while index < text.count {
            if index + 1 < text.count, matches(text[index], text[index + 1]) {
                if spaceBefore { output.append(" ") }
                output.append(text[index])
                output.append(" ")
                output.append(text[index + 1])
                if !spaceBefore { output.append(" ") }
                index += 2
            } else {
                output.append(text[index])
                index += 1
            }
        }
        return output
    }

    /// `" ".join(text.split())`: runs of Python whitespace become one space, and none is
    /// left at either end.
    private static func joiningWords(of text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(text.count)
        var pendingSpace = false
        for scalar in text {
            if scalar.isPythonWhitespace {
                pendingSpace = !output.isEmpty
            } else {
                if pendingSpace { output.append(" ") }
                pendingSpace = false
                output.append(scalar)
            }
        }
        return output
    }
}
