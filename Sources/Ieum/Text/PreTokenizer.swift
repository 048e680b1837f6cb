// Splits normalized text into words: ICU word breaks, then script and digit changes.
import CICU

/// A word of normalized text: the scalars in `range`, and whether a space came before it.
/// The first word of a line counts as preceded by a space, so that a word gets the same
/// pieces at the start of a line as in its middle (SentencePiece's dummy prefix).
public struct PreToken: Sendable, Equatable {
    public var range: Range<Int>
    public var followsSpace: Bool

    public init(range: Range<Int>, followsSpace: Bool) {
        self.range = range
        self.followsSpace = followsSpace
    }
}

/// The second stage of tokenization: finds the words that pieces may not cross.
public protocol PreTokenizer: Sendable {
    func split(_ text: [UInt32]) throws(TextError) -> [PreToken]
}

/// Words as ICU's word break iterator (UAX #29) finds them, further split wherever the
/// script changes ("LibreOffice에서" → "LibreOffice", "에서") and between digits and
/// other characters ("3개" → "3", "개"), as SentencePiece splits its pieces. Combining marks
/// and joiners stay with what they follow; Hiragana and Katakana count as Han.
public struct ICUPreTokenizer: PreTokenizer {
    public init() {}

    public func split(_ text: [UInt32]) throws(TextError) -> [PreToken] {
        guard !text.isEmpty else { return [] }
        var boundaries = [Int32](repeating: 0, count: text.count + 1)
        let boundaryCount = Int(ieum_word_boundaries(text, Int32(text.count), &boundaries))
        guard boundaryCount >= 0 else { throw .icuFailure("word breaking") }
        var classes = [Int32](repeating: 0, count: text.count)
        ieum_script_classes(text, Int32(text.count), &classes)

        var words: [PreToken] = []
        var followsSpace = true
        for b in 0..<max(boundaryCount - 1, 0) {
            let start = Int(boundaries[b]), end = Int(boundaries[b + 1])
            if text[start] == 0x20 {
                followsSpace = true
                continue
            }
            var wordStart = start
            var wordClass = scriptClass(classes[start], previous: Int32(IEUM_SCRIPT_COMMON))
            for index in (start + 1)..<end {
                let current = scriptClass(classes[index], previous: wordClass)
                if current != wordClass {
                    words.append(PreToken(range: wordStart..<index, followsSpace: followsSpace))
                    followsSpace = false
                    wordStart = index
                    wordClass = current
                }
            }
            words.append(PreToken(range: wordStart..<end, followsSpace: followsSpace))
            followsSpace = false
        }
        return words
    }

    private func scriptClass(_ raw: Int32, previous: Int32) -> Int32 {
        switch raw {
        case Int32(IEUM_SCRIPT_INHERITED): return previous
        case Int32(IEUM_SCRIPT_HIRAGANA), Int32(IEUM_SCRIPT_KATAKANA): return Int32(IEUM_SCRIPT_HAN)
        default: return raw
        }
    }
}
