// Undoes the hard wrapping of Korean package descriptions, which breaks lines inside words.

/// Joins the lines of a paragraph that a wrapper cut at a fixed column. Debian's Korean
/// descriptions are wrapped at about 75 columns (a Hangul syllable takes two), often in the
/// middle of a word (`고대 전` / `쟁 실시간`), and just as often at a space that the
/// wrapper dropped (`그 둘은` / `하나로`). A break becomes a space unless all of these hold:
///
/// - the line before it reaches the wrapping column (a shorter line ended at a space);
/// - letters or digits touch across it (`전|쟁`, not `타일|(2n)을`);
/// - the text itself says the two halves are one word: the joined word occurs at least as
///   often as the second half does on its own (`전쟁` against `쟁`), counting only words
///   that no wrap touched; when neither occurs, the halves join unless the first is a word
///   of its own.
struct WrappedLineJoiner: Sendable {
    /// A line at least this many columns wide reached the wrapping column.
    package var fullWidth = 73
    /// How often each word occurs away from any line break.
    package private(set) var wordCounts: [Substring: Int] = [:]

    /// Learns the words of `paragraphs` (each a list of wrapped lines).
    package init(learningFrom paragraphs: some Sequence<[String]>) {
        for lines in paragraphs {
            for line in lines {
                let words = Self.words(of: line)
                // The first and last word of a wrapped line may be halves.
                let interior = lines.count == 1 ? words[...] : words.dropFirst().dropLast()
                for word in interior { wordCounts[word, default: 0] += 1 }
            }
        }
    }

    /// The lines of one paragraph as one line.
    package func join(_ lines: [String]) -> String {
        var result = ""
        var previous: String?
        for line in lines {
            let line = line.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            if let previous, !isInsideWord(before: previous, after: line) { result += " " }
            result += line
            previous = line
        }
        return result
    }

    /// Whether the break between the line `before` and the line `after` fell inside a word.
    func isInsideWord(before: String, after: String) -> Bool {
        guard Self.displayWidth(before) + 1 >= fullWidth else { return false }
        let left = before.reversed().prefix(while: Self.isWordCharacter)
        let right = after.prefix(while: Self.isWordCharacter)
        guard !left.isEmpty, !right.isEmpty else { return false }
        let leftWord = Substring(String(left.reversed()))
        let joined = wordCounts[leftWord + right, default: 0], alone = wordCounts[right, default: 0]
        if joined == 0 && alone == 0 { return wordCounts[leftWord, default: 0] == 0 }
        return joined >= alone
    }

    /// Columns a line takes on a terminal: two for Hangul and other wide characters.
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in width + (isWide(scalar) ? 2 : 1) }
    }

    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6: true
        default: false
        }
    }

    private static func isWordCharacter(_ character: Character) -> Bool { character.isLetter || character.isNumber }

    private static func words(of line: String) -> [Substring] {
        line.split { !isWordCharacter($0) }
    }
}
