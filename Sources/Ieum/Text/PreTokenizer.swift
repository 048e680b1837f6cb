// Splits normalized text into words: ICU word breaks, then script and digit changes.
import CICU

/// A word of normalized text: the scalars in `range`, and whether a space came before it.
/// The first word of a line counts as preceded by a space, so that a word gets the same
/// pieces at the start of a line as in its middle (SentencePiece's dummy prefix).
package struct PreToken: Sendable, Equatable {
    package var range: Range<Int>
    package var followsSpace: Bool

    package init(range: Range<Int>, followsSpace: Bool) {
        self.range = range
        self.followsSpace = followsSpace
    }
}

/// The second stage of tokenization: finds the words that pieces may not cross.
package protocol PreTokenizer: Sendable {
    /// Replaces the contents of `words` with the words of `text`, reusing its storage.
    func split(_ text: [UInt32], into words: inout [PreToken]) throws(TextError)
}

extension PreTokenizer {
    package func split(_ text: [UInt32]) throws(TextError) -> [PreToken] {
        var words: [PreToken] = []
        try split(text, into: &words)
        return words
    }

    /// The words of normalized text, each with its space marker, as one sequence of scalars:
    /// what the subword model segments.
    package func markedWords(_ text: [UInt32]) throws(TextError) -> (scalars: [UInt32], words: [Range<Int>]) {
        var marked: [UInt32] = []
        marked.reserveCapacity(text.count + text.count / 4 + 1)
        var words: [Range<Int>] = []
        for word in try split(text) {
            let start = marked.count
            if word.followsSpace { marked.append(Vocabulary.spaceMarker) }
            marked += text[word.range]
            words.append(start..<marked.count)
        }
        return (marked, words)
    }
}

/// Words as ICU's word break iterator (UAX #29) finds them, further split wherever the
/// script changes ("LibreOffice에서" → "LibreOffice", "에서") and between digits and
/// other characters ("3개" → "3", "개"), as SentencePiece splits its pieces. Combining marks
/// and joiners stay with what they follow; Hiragana and Katakana count as Han.
///
/// ICU is asked only about the space-separated chunks where it has something to decide.
/// A chunk of ASCII letters and Hangul syllables (all Word_Break=ALetter, never broken
/// apart by rule WB5), optionally followed by sentence punctuation (each a segment of its
/// own, as nothing follows it to join), is split without it: most words of Korean and
/// English text. `usesICUForEveryChunk` turns that shortcut off; the tests compare both.
package struct ICUPreTokenizer: PreTokenizer {
    let usesICUForEveryChunk: Bool

    package init() {
        self.usesICUForEveryChunk = false
    }

    init(usesICUForEveryChunk: Bool) {
        self.usesICUForEveryChunk = usesICUForEveryChunk
    }

    package func split(_ text: [UInt32], into words: inout [PreToken]) throws(TextError) {
        words.removeAll(keepingCapacity: true)
        var followsSpace = true

        func appendSegment(_ start: Int, _ end: Int) {
            var wordStart = start
            var wordClass = scriptClass(of: text[start], previous: Int32(IEUM_SCRIPT_COMMON))
            for index in (start + 1)..<end {
                let current = scriptClass(of: text[index], previous: wordClass)
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

        var chunkStart = 0
        while chunkStart < text.count {
            if text[chunkStart] == 0x20 {
                followsSpace = true
                chunkStart += 1
                continue
            }
            var chunkEnd = chunkStart
            while chunkEnd < text.count && text[chunkEnd] != 0x20 { chunkEnd += 1 }
            var lettersEnd = chunkStart
            while lettersEnd < chunkEnd && isLetterNeverBrokenApart(text[lettersEnd]) { lettersEnd += 1 }
            var punctuationEnd = lettersEnd
            while punctuationEnd < chunkEnd && isClosingPunctuation(text[punctuationEnd]) { punctuationEnd += 1 }

            if !usesICUForEveryChunk && punctuationEnd == chunkEnd {
                if lettersEnd > chunkStart { appendSegment(chunkStart, lettersEnd) }
                for index in lettersEnd..<chunkEnd { appendSegment(index, index + 1) }
            } else {
                let length = chunkEnd - chunkStart
                let failed = withUnsafeTemporaryAllocation(of: Int32.self, capacity: length + 1) { boundaries in
                    let count = text.withUnsafeBufferPointer { text in
                        ieum_word_boundaries(text.baseAddress! + chunkStart, Int32(length), boundaries.baseAddress)
                    }
                    for b in 0..<max(Int(count) - 1, 0) {
                        appendSegment(chunkStart + Int(boundaries[b]), chunkStart + Int(boundaries[b + 1]))
                    }
                    return count < 0
                }
                if failed { throw .icuFailure("word breaking") }
            }
            chunkStart = chunkEnd
        }
    }

    /// The script class of a scalar: its script, digits apart, marks and joiners taking the
    /// class of what they follow. ASCII and Hangul syllables are answered without ICU.
    @inline(__always)
    private func scriptClass(of scalar: UInt32, previous: Int32) -> Int32 {
        let raw: Int32
        if scalar < 0x80 {
            raw = scalar >= 0x30 && scalar <= 0x39 ? Int32(IEUM_DIGIT)
                : (scalar | 0x20) >= 0x61 && (scalar | 0x20) <= 0x7A ? Int32(IEUM_SCRIPT_LATIN) : Int32(IEUM_SCRIPT_COMMON)
        } else if scalar >= 0xAC00 && scalar <= 0xD7A3 {
            raw = Int32(IEUM_SCRIPT_HANGUL)
        } else {
            raw = ieum_script_class(scalar)
        }
        switch raw {
        case Int32(IEUM_SCRIPT_INHERITED): return previous
        case Int32(IEUM_SCRIPT_HIRAGANA), Int32(IEUM_SCRIPT_KATAKANA): return Int32(IEUM_SCRIPT_HAN)
        default: return raw
        }
    }
}

/// ASCII letters and precomposed Hangul syllables.
@inline(__always)
private func isLetterNeverBrokenApart(_ scalar: UInt32) -> Bool {
    (scalar | 0x20) >= 0x61 && (scalar | 0x20) <= 0x7A || (scalar >= 0xAC00 && scalar <= 0xD7A3)
}

/// . , ! ? — at the end of a chunk, each is a word of its own under UAX #29.
@inline(__always)
private func isClosingPunctuation(_ scalar: UInt32) -> Bool {
    scalar == 0x2E || scalar == 0x2C || scalar == 0x21 || scalar == 0x3F
}

/// Words at spaces only: what SentencePiece segments when its pieces never cross a space
/// (models trained with its default split_by_whitespace), as Marian's tokenizers are.
package struct WhitespacePreTokenizer: PreTokenizer {
    package init() {}

    package func split(_ text: [UInt32], into words: inout [PreToken]) throws(TextError) {
        words.removeAll(keepingCapacity: true)
        var start = 0
        for index in 0...text.count where index == text.count || text[index] == 0x20 {
            if index > start { words.append(PreToken(range: start..<index, followsSpace: true)) }
            start = index + 1
        }
    }
}
