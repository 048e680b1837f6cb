// The LibreTranslate API's work, apart from HTTP: which model, limits, the key, the answers.
import Foundation
import Ieum

/// Answers LibreTranslate requests with one batcher per loaded translation direction.
package struct LibreTranslateService: Sendable {
    package let batchers: [TranslationDirection: TranslationBatcher]
    /// The most characters one request may hold, all texts together.
    package let maxCharacters: Int
    package let apiKey: String?

    package init(batchers: [TranslationDirection: TranslationBatcher], maxCharacters: Int, apiKey: String?) {
        self.batchers = batchers
        self.maxCharacters = maxCharacters
        self.apiKey = apiKey
    }

    static let languageNames = ["ko": "Korean", "en": "English"]

    /// GET /languages: each source language with the targets the loaded models give it.
    package func languages() -> [LanguageAnswer] {
        let sources = Set(batchers.keys.map(\.sourceLanguage)).sorted()
        return sources.map { source in
            LanguageAnswer(code: source, name: Self.languageNames[source] ?? source,
                           targets: batchers.keys.filter { $0.sourceLanguage == source }.map(\.targetLanguage).sorted())
        }
    }

    /// POST /detect: the language of each text.
    package func detect(_ request: LibreTranslateRequest) throws(APIError) -> [DetectedLanguage] {
        try authorize(request)
        return [DetectedLanguage.of(request.texts.joined(separator: "\n"))]
    }

    /// POST /translate: each text's lines translated (a text in the target language already
    /// comes back as it is), with the detected languages when the source was "auto".
    package func translate(_ request: LibreTranslateRequest) async throws(APIError) -> TranslateAnswer {
        try authorize(request)
        guard let source = request.source else { throw .badRequest("Invalid request: missing source parameter") }
        guard request.format == "text" else {
            throw .badRequest("Invalid request: format \(request.format) is not supported; send text")
        }
        let characters = request.texts.reduce(0) { $0 + $1.count }
        guard characters <= maxCharacters else {
            throw APIError(status: 413, message: "Invalid request: request (\(characters)) exceeds text limit (\(maxCharacters))")
        }
        let detected = source == "auto" ? request.texts.map(DetectedLanguage.of) : nil
        let sources = detected?.map(\.language) ?? Array(repeating: source, count: request.texts.count)
        // Each text's direction, nil for a text already in the target language.
        let directions = try sources.map { source throws(APIError) -> TranslationDirection? in
            guard source != request.target else { return nil }
            guard let direction = TranslationDirection(rawValue: "\(source)-\(request.target)"), batchers[direction] != nil else {
                throw .badRequest("\(source) to \(request.target) is not a supported language pair; GET /languages lists them")
            }
            return direction
        }
        var translated = request.texts
        for (direction, batcher) in batchers where directions.contains(direction) {
            let indices = request.texts.indices.filter { directions[$0] == direction }
            let lines = indices.map { request.texts[$0].split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
            let results: [Result<String, any Error>]
            do {
                results = try await batcher.translate(lines.flatMap { $0 })
            } catch BatcherError.full {
                throw APIError(status: 429, message: "Too many requests: the translation queue is full; retry later")
            } catch {
                throw APIError(status: 500, message: "The translation took too long and was given up")
            }
            var start = 0
            for (index, textLines) in zip(indices, lines) {
                var out: [String] = []
                for (number, result) in results[start..<(start + textLines.count)].enumerated() {
                    switch result {
                    case .success(let text): out.append(text)
                    case .failure(let error): throw .badRequest("Invalid request: line \(number + 1) of text \(index + 1): \(error)")
                    }
                }
                translated[index] = out.joined(separator: "\n")
                start += textLines.count
            }
        }
        return TranslateAnswer(translatedText: request.isArray ? .many(translated) : .one(translated[0]),
                               detectedLanguage: detected.map { request.isArray ? .many($0) : .one($0[0]) })
    }

    /// With an API key set, the request must carry it; compared in constant time.
    private func authorize(_ request: LibreTranslateRequest) throws(APIError) {
        guard let apiKey else { return }
        let given = Array((request.apiKey ?? "").utf8), expected = Array(apiKey.utf8)
        var difference = given.count ^ expected.count
        for index in expected.indices { difference |= Int(expected[index] ^ (index < given.count ? given[index] : 0)) }
        guard difference == 0 else { throw APIError(status: 403, message: "Invalid API key") }
    }
}
