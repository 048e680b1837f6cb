// Pairs translated paragraphs, and their sentences where the sentences correspond.

/// Pairs of a translated text: paragraph by paragraph when both have as many, and within a
/// paragraph sentence by sentence when both have as many (a sentence ends at `.`, `!` or `?`
/// before a space); otherwise nothing, since a paragraph without its counterpart cannot
/// be trusted.
enum ParagraphPairing {
    package static func pairs(korean: [String], english: [String]) -> [(korean: String, english: String)] {
        guard korean.count == english.count else { return [] }
        return zip(korean, english).flatMap { korean, english -> [(korean: String, english: String)] in
            let koreanSentences = sentences(korean), englishSentences = sentences(english)
            guard koreanSentences.count == englishSentences.count else { return [(korean, english)] }
            return Array(zip(koreanSentences, englishSentences))
        }
    }

    /// The sentences of a paragraph.
    static func sentences(_ paragraph: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        var previous: Character?
        for character in paragraph {
            if character == " ", let previous, ".!?".contains(previous) {
                sentences.append(current)
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        if !current.isEmpty { sentences.append(current) }
        return sentences
    }
}
