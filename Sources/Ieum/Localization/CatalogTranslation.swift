// Pre-translating a gettext catalog for a localizer to review.

/// Fills the untranslated entries of a `.po`/`.pot` catalog (or all, with `retranslate`)
/// with the translator's output, marked fuzzy so that a reviewer sees them. Each message is
/// translated around its placeholders, markup and line breaks (`ProtectedMessage`), so that
/// they come through unchanged; an entry whose translation still does not carry exactly the
/// original's placeholders is left as it was and reported. A plural entry is translated from
/// its plural original into every form the header's Plural-Forms asks for (Korean has one).
/// A template's header gets a Korean one (UTF-8, `Language: ko`, one plural form).
package struct CatalogTranslation: Sendable {
    /// Entries left untranslated: the line of their msgid and why.
    package let skipped: [(line: Int, reason: String)]
    package let translatedCount: Int
    /// The catalog with the translations, every unchanged line as it was.
    package let text: String

    package init(_ catalog: GettextPOFile, translator: Translator, options: DecodingOptions = DecodingOptions(beamSize: 4),
                threads: Int = 1, retranslate: Bool = false) {
        let forms = catalog.header.flatMap { Self.pluralForms(in: $0.message.translations.first ?? "") } ?? 1
        let chosen = catalog.entries.indices.filter { index in
            retranslate || catalog.entries[index].message.translations.allSatisfy(\.isEmpty)
        }
        let messages = chosen.map { ProtectedMessage(catalog.entries[$0].message.pluralId ?? catalog.entries[$0].message.id) }
        let results = translator.translate(messages.flatMap(\.texts), options: options, threads: threads)
        var next = 0
        var replacements: [Int: [String]] = [:]
        var skipped: [(line: Int, reason: String)] = []
        for (index, message) in zip(chosen, messages) {
            let entry = catalog.entries[index]
            let count = message.texts.count
            defer { next += count }
            let translations = results[next..<(next + count)].compactMap { try? $0.get().text }
            guard translations.count == count else {
                skipped.append((entry.line, "the model could not translate it"))
                continue
            }
            let original = entry.message.pluralId ?? entry.message.id
            let translated = message.assembled(translations)
            guard PairCleaner.placeholders(in: translated) == PairCleaner.placeholders(in: original),
                  Self.markup(translated) == Self.markup(original) else {
                skipped.append((entry.line, "its placeholders or markup did not come through"))
                continue
            }
            replacements[index] = Array(repeating: translated, count: entry.message.pluralId == nil ? 1 : forms)
        }
        self.skipped = skipped
        translatedCount = replacements.count
        text = catalog.text(replacing: replacements, header: catalog.header.map { Self.koreanHeader($0.message.translations.first ?? "") })
    }

    /// `nplurals` of a header's Plural-Forms, when it states a number.
    static func pluralForms(in header: String) -> Int? {
        guard let range = header.range(of: "nplurals=") else { return nil }
        return Int(header[range.upperBound...].prefix { $0.isNumber })
    }

    /// A template's header made a Korean catalog's: the charset UTF-8, the language ko, one
    /// plural form; a header that states them already is kept as it is.
    static func koreanHeader(_ header: String) -> String {
        var header = header.replacingOccurrences(of: "charset=CHARSET", with: "charset=UTF-8")
            .replacingOccurrences(of: "nplurals=INTEGER; plural=EXPRESSION;", with: "nplurals=1; plural=0;")
        if header.contains("Language: \n") { header = header.replacingOccurrences(of: "Language: \n", with: "Language: ko\n") }
        if !header.contains("Language:") { header += "Language: ko\n" }
        if !header.contains("Plural-Forms:") { header += "Plural-Forms: nplurals=1; plural=0;\n" }
        return header
    }

    /// The tags and entities of a message, sorted.
    static func markup(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return ProtectedMessage.markupSpans(in: scalars).map { String(String.UnicodeScalarView(scalars[$0])) }.sorted()
    }
}
