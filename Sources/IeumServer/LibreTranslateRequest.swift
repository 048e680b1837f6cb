// What LibreTranslate's clients send and get back: the request fields, the JSON answers, errors.
import Foundation

/// An error answer: the HTTP status and `{"error": "…"}`, as LibreTranslate writes them.
package struct APIError: Error, Equatable {
    package let status: Int
    package let message: String

    static func badRequest(_ message: String) -> APIError { APIError(status: 400, message: message) }
}

/// A /translate or /detect request, from a JSON body or a form (urlencoded body or query).
package struct LibreTranslateRequest: Equatable {
    /// The texts: `q` as one string or an array of strings.
    package var texts: [String]
    package var isArray: Bool
    /// The source language: a code, "auto", or nil when the request has none (/detect needs none).
    package var source: String?
    package var target: String
    package var format: String
    package var apiKey: String?

    /// Parses the body by its content type (JSON unless it says form).
    package static func parse(_ body: Data, contentType: String?) throws(APIError) -> LibreTranslateRequest {
        let fields: [String: Any]
        if contentType?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true {
            var components = URLComponents()
            components.percentEncodedQuery = String(decoding: body, as: UTF8.self).replacingOccurrences(of: "+", with: "%20")
            var form: [String: Any] = [:]
            for item in components.queryItems ?? [] {
                // A repeated q makes an array, as form clients send lists.
                if item.name == "q", let first = form["q"] {
                    form["q"] = ((first as? [String]) ?? [first as? String ?? ""]) + [item.value ?? ""]
                } else {
                    form[item.name] = item.value ?? ""
                }
            }
            fields = form
        } else {
            guard let object = try? JSONSerialization.jsonObject(with: body), let dictionary = object as? [String: Any] else {
                throw .badRequest("Invalid request: the body is not a JSON object")
            }
            fields = dictionary
        }
        func text(_ name: String) throws(APIError) -> String? {
            guard let value = fields[name] else { return nil }
            guard let string = value as? String else { throw .badRequest("Invalid request: \(name) must be a string") }
            return string
        }
        let texts: [String], isArray: Bool
        switch fields["q"] {
        case let string as String:
            (texts, isArray) = ([string], false)
        case let array as [Any]:
            let strings = array.compactMap { $0 as? String }
            guard strings.count == array.count else { throw .badRequest("Invalid request: q must be a string or an array of strings") }
            (texts, isArray) = (strings, true)
        case nil:
            throw .badRequest("Invalid request: missing q parameter")
        default:
            throw .badRequest("Invalid request: q must be a string or an array of strings")
        }
        return LibreTranslateRequest(texts: texts, isArray: isArray, source: try text("source"), target: try text("target") ?? "",
                                     format: try text("format") ?? "text", apiKey: try text("api_key"))
    }
}

/// A string or, for array requests, an array: LibreTranslate's shape for answers.
package enum OneOrMany<Element: Encodable>: Encodable {
    case one(Element)
    case many([Element])

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .one(let element): try container.encode(element)
        case .many(let elements): try container.encode(elements)
        }
    }
}

/// A detected source language, confidence in percent.
package struct DetectedLanguage: Encodable, Equatable {
    package let language: String
    package let confidence: Int

    /// Korean or English, by the share of Hangul among the text's letters: Korean from a fifth
    /// on (Korean software text mixes in Latin product names).
    package static func of(_ text: String) -> DetectedLanguage {
        var hangul = 0, latin = 0
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xAC00...0xD7A3, 0x1100...0x11FF, 0x3130...0x318F: hangul += 1
            case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F: latin += 1
            default: break
            }
        }
        let letters = max(hangul + latin, 1)
        let korean = hangul * 5 >= letters && hangul > 0
        return DetectedLanguage(language: korean ? "ko" : "en", confidence: 100 * (korean ? hangul : latin) / letters)
    }
}

/// POST /translate's answer.
package struct TranslateAnswer: Encodable {
    package let translatedText: OneOrMany<String>
    package let detectedLanguage: OneOrMany<DetectedLanguage>?
}

/// One entry of GET /languages.
package struct LanguageAnswer: Encodable, Equatable {
    package let code: String
    package let name: String
    package let targets: [String]
}
