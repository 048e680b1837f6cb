// Reads the names a CLDR locale file gives languages, countries, currencies, units, months and emoji.
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The display names of a CLDR locale (LDML) file, by a key that is the same in every
/// language: `language:ko`, `script:Hang`, `territory:KR`, `currency:KRW`,
/// `unit:length-kilometer` (long form), `month:3` and `day:sun` (Gregorian, wide, format
/// context), and `emoji:👍` (the annotations files' text-to-speech names). Alternative
/// forms (`alt=…`) and plural forms (`count=…`) are left out.
struct LocaleDataFile: Sendable {
    package let names: [String: String]

    /// Reads the file at `url`, reporting problems by its path.
    package static func read(_ url: URL) throws(FormatError) -> LocaleDataFile {
        let data = try FormatError.contents(of: url)
        let collector = NameCollector()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        guard parser.parse(), parser.parserError == nil, collector.isComplete else {
            throw FormatError(file: url.path, reason: "is not well-formed XML (line \(parser.lineNumber))")
        }
        return LocaleDataFile(names: collector.names)
    }

    init(names: [String: String]) {
        self.names = names
    }

    /// The English file of a Korean one (`…/cldr/common/main/ko.xml` → `…/main/en.xml`, and
    /// the same in `annotations/`), if `url` is a Korean CLDR file.
    package static func englishFile(ofKorean url: URL) -> URL? {
        let folder = url.deletingLastPathComponent()
        guard url.lastPathComponent == "ko.xml", ["main", "annotations"].contains(folder.lastPathComponent),
              folder.deletingLastPathComponent().lastPathComponent == "common" else { return nil }
        return folder.appendingPathComponent("en.xml")
    }
}

/// Walks the LDML elements, keeping the path of element names and attributes.
private final class NameCollector: NSObject, XMLParserDelegate {
    var names: [String: String] = [:]
    private var stack: [(name: String, attributes: [String: String])] = []
    private var text = ""
    private var sawRoot = false

    /// Whether the root element was opened and closed.
    var isComplete: Bool { sawRoot && stack.isEmpty }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        sawRoot = true
        stack.append((name, attributes))
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        defer { stack.removeLast(); text = "" }
        guard let element = stack.last, element.attributes["alt"] == nil, element.attributes["count"] == nil else { return }
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty, let key = key(of: element) else { return }
        if names[key] == nil { names[key] = value }
    }

    /// The key of a named element, or nil for any other.
    private func key(of element: (name: String, attributes: [String: String])) -> String? {
        let type = element.attributes["type"] ?? ""
        let parent = stack.dropLast().last?.name
        func attributes(of name: String) -> [String: String]? { stack.last { $0.name == name }?.attributes }
        func nearestType(_ names: Set<String>) -> String? { stack.last { names.contains($0.name) }?.attributes["type"] }
        switch element.name {
        case "language" where parent == "languages", "script" where parent == "scripts", "territory" where parent == "territories":
            return "\(element.name):\(type)"
        case "displayName" where parent == "currency":
            return attributes(of: "currency").map { "currency:\($0["type"] ?? "")" }
        case "displayName" where parent == "unit" && attributes(of: "unitLength")?["type"] == "long":
            return attributes(of: "unit").map { "unit:\($0["type"] ?? "")" }
        case "month" where parent == "monthWidth", "day" where parent == "dayWidth":
            let isGregorian = attributes(of: "calendar")?["type"] == "gregorian"
            let isWideFormat = nearestType(["monthContext", "dayContext"]) == "format" && nearestType(["monthWidth", "dayWidth"]) == "wide"
            return isGregorian && isWideFormat ? "\(element.name):\(type)" : nil
        case "annotation" where type == "tts":
            return element.attributes["cp"].map { "emoji:\($0)" }
        default:
            return nil
        }
    }
}
