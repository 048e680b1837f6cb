// Pairs Korean descriptions with their English originals: packages (DDTP) and debconf templates.

/// Korean-English pairs from descriptions: the synopses, then each paragraph of the long
/// descriptions, or each list item where a paragraph is a list. Where the paragraphs or items
/// do not correspond one to one, only the synopsis is paired. Korean paragraphs are joined
/// with a `WrappedLineJoiner`, English ones with spaces.
package struct DescriptionPairing: Sendable {
    var joiner: WrappedLineJoiner

    /// A pairing whose joiner learns its words from all the Korean text of `koreanDescriptions`.
    package init(learningFrom koreanDescriptions: DebianControlFile) {
        let descriptions = koreanDescriptions.stanzas.compactMap { $0.description("Description-ko") }
        joiner = WrappedLineJoiner(learningFrom: descriptions.flatMap(\.paragraphs) + descriptions.map { [$0.synopsis] })
    }

    /// One document per Korean package description (DDTP's `Translation-ko`) that has its
    /// English original (DDTP's `Translation-en`, matched by `Description-md5`); its source is
    /// `ddtp:PACKAGE`.
    package func packageDocuments(korean: DebianControlFile, english: DebianControlFile) -> [(source: String, pairs: [(korean: String, english: String)])] {
        var originals: [String: DebianDescription] = [:]
        for stanza in english.stanzas {
            if let md5 = stanza["Description-md5"]?.value, originals[md5] == nil { originals[md5] = stanza.description("Description-en") }
        }
        var seen = Set<String>()
        return korean.stanzas.compactMap { stanza in
            guard let md5 = stanza["Description-md5"]?.value, seen.insert(md5).inserted,
                  let translation = stanza.description("Description-ko"), let original = originals[md5] else { return nil }
            return ("ddtp:\(stanza["Package"]?.value ?? md5)", pairs(korean: translation, english: original))
        }
    }

    /// The pairs of a package's debconf templates: each template's `Description` with its
    /// `Description-ko.UTF-8` (or `Description-ko`), and its `Choices` item by item.
    package func templatePairs(_ templates: DebianControlFile) -> [(korean: String, english: String)] {
        templates.stanzas.flatMap { stanza -> [(korean: String, english: String)] in
            guard let original = stanza.description("Description"),
                  let translation = stanza.description("Description-ko.UTF-8") ?? stanza.description("Description-ko") else { return [] }
            var result = pairs(korean: translation, english: original)
            if let choices = stanza["Choices"]?.value, let translated = (stanza["Choices-ko.UTF-8"] ?? stanza["Choices-ko"])?.value {
                let english = Self.choices(choices), korean = Self.choices(translated)
                if english.count == korean.count { result += zip(korean, english).map { ($0, $1) } }
            }
            return result
        }
    }

    /// Synopsis, then paragraphs or items where they correspond.
    func pairs(korean: DebianDescription, english: DebianDescription) -> [(korean: String, english: String)] {
        var pairs = [(korean: korean.synopsis, english: english.synopsis)]
        let koreanBlocks = korean.paragraphs.flatMap(Self.items), englishBlocks = english.paragraphs.flatMap(Self.items)
        if koreanBlocks.count == englishBlocks.count {
            for (koreanLines, englishLines) in zip(koreanBlocks, englishBlocks) {
                pairs.append((joiner.join(koreanLines), englishLines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")))
            }
        }
        return pairs
    }

    /// A paragraph's list items (a line that starts with `*`, `-`, `+`, `o` or `•` and a space
    /// starts one), or the paragraph itself when it is not a list.
    static func items(_ paragraph: [String]) -> [[String]] {
        var items: [[String]] = []
        for line in paragraph {
            let trimmed = line.drop { $0 == " " }
            if let marker = trimmed.first, "*-+o•".contains(marker), trimmed.dropFirst().first == " " {
                items.append([String(trimmed.dropFirst(2))])
            } else if items.isEmpty {
                items.append([line])
            } else {
                items[items.count - 1].append(line)
            }
        }
        return items
    }

    /// Debconf's comma-separated choices (`\,` is a comma inside a choice).
    static func choices(_ list: String) -> [String] {
        list.replacingOccurrences(of: "\\,", with: "\u{1}").split(separator: ",")
            .map { $0.replacingOccurrences(of: "\u{1}", with: ",").trimmingCharacters(in: .whitespaces) }
    }
}
