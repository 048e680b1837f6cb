// Reads Dungeon Crawl's description files (dat/descript/*.txt and their translations).
import Foundation

/// Entries separated by `%%%%` lines, each a key line (in English, in every language) and a
/// text of paragraphs separated by empty lines. Lines are wrapped at spaces, so they are
/// joined with spaces.
struct CrawlDescriptionFile: Sendable {
    /// Each entry's paragraphs, by key; the first entry wins where a key repeats.
    package let entries: [String: [String]]

    /// Reads the file at `url`, reporting problems by its path.
    package static func read(_ url: URL) throws(FormatError) -> CrawlDescriptionFile {
        guard let text = String(data: try FormatError.contents(of: url), encoding: .utf8) else {
            throw FormatError(file: url.path, reason: "is not UTF-8 text")
        }
        return CrawlDescriptionFile(text: text)
    }

    package init(text: String) {
        var entries: [String: [String]] = [:]
        for entry in text.components(separatedBy: "%%%%\n") {
            let lines = entry.split(separator: "\n", omittingEmptySubsequences: false).drop { $0.allSatisfy(\.isWhitespace) }
            guard let key = lines.first?.trimmingCharacters(in: .whitespaces), !key.isEmpty, entries[key] == nil else { continue }
            let paragraphs = lines.dropFirst().split { $0.allSatisfy(\.isWhitespace) }
                .map { $0.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ") }
            entries[key] = paragraphs
        }
        self.entries = entries
    }

    /// The English original of a translated file (`…/descript/ko/monsters.txt` →
    /// `…/descript/monsters.txt`), if `url` is a Korean description file.
    package static func englishFile(ofKorean url: URL) -> URL? {
        guard url.pathExtension == "txt", url.deletingLastPathComponent().lastPathComponent == "ko",
              url.deletingLastPathComponent().deletingLastPathComponent().lastPathComponent == "descript" else { return nil }
        return url.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(url.lastPathComponent)
    }
}
