// The help manuals Debian ships in Korean beside their English originals.

/// A help manual: where its Korean pages and their English originals (same file names
/// relative to their folders) are, how their blocks pair up, and pages to leave out.
struct HelpManual: Sendable {
    /// The name STATS.md gives its pairs.
    package var name: String
    /// The package of the Korean pages; nil: every package that has `koreanFolder`.
    package var koreanPackage: String?
    package var koreanFolder: String
    /// The package of the English pages; nil: the Korean pages' own package.
    package var englishPackage: String?
    package var englishFolder: String
    package var markup: HTMLPage.Markup
    package var pageSuffix: String
    /// What replaces `pageSuffix` in the English page's name; nil: the names are the same.
    package var englishPageSuffix: String?
    package var pairing: HelpPagePairing
    /// File-name prefixes of pages that do not line up (sorted per language, say).
    package var excludedPagePrefixes: [String] = []

    /// LibreOffice's help: paragraphs carry the same par_id/hd_id in every language.
    package static let libreOffice = HelpManual(
        name: "LibreOffice help",
        koreanPackage: "libreoffice-help-ko", koreanFolder: "usr/share/libreoffice/help/ko",
        englishPackage: "libreoffice-help-en-us", englishFolder: "usr/share/libreoffice/help/en-US",
        markup: .html, pageSuffix: ".html", pairing: .byID)

    /// GIMP's manual, generated from DocBook: ids differ, document order matches; the index,
    /// glossary and contents pages are sorted per language and so are left out.
    package static let gimp = HelpManual(
        name: "GIMP help",
        koreanPackage: "gimp-help-ko", koreanFolder: "usr/share/gimp/2.0/help/ko",
        englishPackage: "gimp-help-en", englishFolder: "usr/share/gimp/2.0/help/en",
        markup: .html, pageSuffix: ".html", pairing: .byDocumentOrder,
        excludedPagePrefixes: ["index", "ix", "glossary", "contents"])

    /// GNOME and MATE help (Mallard): each program's package has its Korean pages beside
    /// the original ones (usr/share/help/C), made from them by itstool, so in the same order.
    package static let gnome = HelpManual(
        name: "GNOME and MATE help",
        koreanPackage: nil, koreanFolder: "usr/share/help/ko",
        englishPackage: nil, englishFolder: "usr/share/help/C",
        markup: .mallard, pageSuffix: ".page", pairing: .byDocumentOrder)

    /// Apache's manual: the Korean pages are generated from translated XML, in the same order
    /// as the English ones where the translation is up to date.
    package static let apache = HelpManual(
        name: "Apache manual",
        koreanPackage: "apache2-doc", koreanFolder: "usr/share/doc/apache2-doc/manual/ko",
        englishPackage: "apache2-doc", englishFolder: "usr/share/doc/apache2-doc/manual/en",
        markup: .html, pageSuffix: ".html", pairing: .byDocumentOrder)

    /// The Debian FAQ (DocBook), Korean pages named `NAME.ko.html` beside `NAME.en.html`.
    package static let debianFAQ = HelpManual(
        name: "Debian FAQ",
        koreanPackage: "debian-faq-ko", koreanFolder: "usr/share/doc/debian/FAQ/ko",
        englishPackage: "debian-faq", englishFolder: "usr/share/doc/debian/FAQ",
        markup: .html, pageSuffix: ".ko.html", englishPageSuffix: ".en.html", pairing: .byDocumentOrder)

    /// Debian's installation guide (DocBook), in the same order where the translation is complete.
    package static let installationGuide = HelpManual(
        name: "Debian installation guide",
        koreanPackage: "installation-guide-amd64", koreanFolder: "usr/share/doc/installation-guide-amd64/ko",
        englishPackage: "installation-guide-amd64", englishFolder: "usr/share/doc/installation-guide-amd64/en",
        markup: .html, pageSuffix: ".html", pairing: .byDocumentOrder)

    package static let all = [libreOffice, gimp, gnome, apache, debianFAQ, installationGuide]

    /// The manual whose pages a corpus source (`package:path`) names, if any.
    package static func manual(of source: String) -> HelpManual? {
        let package = source.prefix { $0 != ":" }
        let path = source.dropFirst(package.count + 1)
        return all.first { manual in
            (manual.koreanPackage.map { $0 == package } ?? true) && path.hasPrefix(manual.koreanFolder)
        }
    }
}
