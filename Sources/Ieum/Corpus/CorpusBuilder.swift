// Turns unpacked Debian packages into cleaned documents of Korean-English pairs.
import Foundation

/// Reads every Korean translation catalog and help manual under a folder of unpacked
/// packages (one subfolder per package, as `corpora/fetch.sh` leaves them), cleans the
/// pairs, and keeps each catalog or help page as a document. Files that cannot be read are
/// reported and skipped.
package struct CorpusBuilder: Sendable {
    /// What happened along the way, for the person running the build.
    package struct Report: Sendable {
        /// Catalogs and help pages read.
        package var catalogs = 0
        package var pairsRead = 0
        package var pairsKept = 0
        package var rejections: [PairCleaner.Rejection: Int] = [:]
        /// Pairs read and kept after cleaning, per kind of source (`CorpusStatistics.kind`).
        package var pairsByKind: [String: (read: Int, kept: Int)] = [:]
        /// Catalogs skipped, with why.
        package var unreadable: [String] = []

        /// Adds another report's counts to this one.
        package mutating func merge(_ other: Report) {
            catalogs += other.catalogs
            pairsRead += other.pairsRead
            pairsKept += other.pairsKept
            rejections.merge(other.rejections, uniquingKeysWith: +)
            pairsByKind.merge(other.pairsByKind) { ($0.read + $1.read, $0.kept + $1.kept) }
            unreadable += other.unreadable
        }

        /// Cleans a document's (Korean, English) pairs, counting what it keeps and drops, and
        /// appends the document if anything is left.
        mutating func add(_ pairs: [(korean: String, english: String)], source: String, cleaner: PairCleaner,
                          to documents: inout [[CorpusPair]]) {
            var document: [CorpusPair] = []
            for (korean, english) in pairs {
                pairsRead += 1
                switch cleaner.clean(korean: korean, english: english) {
                case .success(let pair):
                    document.append(CorpusPair(korean: pair.korean, english: pair.english, source: source))
                case .failure(let rejection):
                    rejections[rejection, default: 0] += 1
                }
            }
            pairsKept += document.count
            let kind = CorpusStatistics.kind(of: source)
            pairsByKind[kind, default: (0, 0)].read += pairs.count
            pairsByKind[kind, default: (0, 0)].kept += document.count
            if !document.isEmpty { documents.append(document) }
        }
    }

    package var cleaner = PairCleaner()
    /// How descriptions and debconf templates pair up.
    package var descriptionPairing: DescriptionPairing

    package init(descriptionPairing: DescriptionPairing) {
        self.descriptionPairing = descriptionPairing
    }

    /// The documents of all packages under `root`, in a stable order, and the report.
    package func documents(inPackages root: URL, progress: (Int, Int) -> Void = { _, _ in }) throws -> ([[CorpusPair]], Report) {
        let packages = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        let cleaner = self.cleaner, descriptionPairing = self.descriptionPairing
        // Each manual once per package that holds its Korean pages.
        let manuals = HelpManual.all.flatMap { manual in
            (manual.koreanPackage.map { [$0] } ?? packages).filter { package in
                FileManager.default.fileExists(atPath: root.appendingPathComponent(package).appendingPathComponent(manual.koreanFolder).path)
            }.map { (manual, $0) }
        }
        let perPackage = concurrentMap(packages.count + manuals.count) { index in
            guard index >= packages.count else {
                return Self.read(package: packages[index], in: root, cleaner: cleaner, descriptionPairing: descriptionPairing)
            }
            let (manual, package) = manuals[index - packages.count]
            return Self.read(manual: manual, koreanPackage: package, in: root, cleaner: cleaner)
        }
        var documents: [[CorpusPair]] = []
        var report = Report()
        for (index, (packageDocuments, packageReport)) in perPackage.enumerated() {
            documents += packageDocuments
            report.merge(packageReport)
            progress(index + 1, perPackage.count)
        }
        return (documents, report)
    }

    /// Package descriptions (DDTP's `Translation-ko` and `Translation-en`), one document each.
    package func documents(koreanDescriptions korean: DebianControlFile, englishDescriptions english: DebianControlFile) -> ([[CorpusPair]], Report) {
        var documents: [[CorpusPair]] = []
        var report = Report()
        for (source, pairs) in descriptionPairing.packageDocuments(korean: korean, english: english) {
            report.catalogs += 1
            report.add(pairs, source: source, cleaner: cleaner, to: &documents)
        }
        return (documents, report)
    }

    /// The Korean texts of one package, each a document: gettext catalogs (`…/ko/LC_MESSAGES/*.mo`,
    /// and the other layouts and the `.po` form of `isKoreanGettextCatalog`; fuzzy entries left out), Qt catalogs (`*_ko.qm`, `*-ko.qm`,
    /// `ko.qm`, `…/ko/LC_MESSAGES/*.qm`), debconf templates (`DEBIAN/templates`), Crawl's
    /// descriptions and CLDR's names and annotations.
    static func read(package: String, in root: URL, cleaner: PairCleaner, descriptionPairing: DescriptionPairing) -> ([[CorpusPair]], Report) {
        readCatalogs(in: package, under: root, cleaner: cleaner) { path, url throws(FormatError) in
            if path.hasSuffix(".mo") && isKoreanGettextCatalog(path) { return try GettextCatalog.read(url).pairs }
            if path.hasSuffix(".po") && isKoreanGettextCatalog(path) { return try GettextPOFile.read(url).pairs }
            if path.hasSuffix(".qm") && (path.contains("/ko/LC_MESSAGES/") || isKoreanQtCatalogName(url.lastPathComponent)) {
                return try QtCatalog.read(url).pairs
            }
            if path == "DEBIAN/templates" {
                return descriptionPairing.templatePairs(try DebianControlFile.read(url)).map { ($0.english, $0.korean) }
            }
            if let original = CrawlDescriptionFile.englishFile(ofKorean: url) {
                let korean = try CrawlDescriptionFile.read(url).entries, english = try CrawlDescriptionFile.read(original).entries
                return korean.keys.sorted().flatMap { key in
                    ParagraphPairing.pairs(korean: korean[key] ?? [], english: english[key] ?? []).map { ($0.english, $0.korean) }
                }
            }
            if let original = LocaleDataFile.englishFile(ofKorean: url) {
                let korean = try LocaleDataFile.read(url).names, english = try LocaleDataFile.read(original).names
                return korean.keys.sorted().compactMap { key in english[key].flatMap { original in korean[key].map { (original, $0) } } }
            }
            return nil
        }
    }

    /// Every catalog of one package folder that `pairs` reads (it returns nil for other
    /// files), each a document; unreadable ones are reported and skipped.
    static func readCatalogs(in package: String, under root: URL, cleaner: PairCleaner,
                             pairs: (String, URL) throws(FormatError) -> [(source: String, translation: String)]?) -> ([[CorpusPair]], Report) {
        var documents: [[CorpusPair]] = []
        var report = Report()
        let packageRoot = root.appendingPathComponent(package)
        guard let files = FileManager.default.enumerator(atPath: packageRoot.path) else { return ([], report) }
        for case let path as String in files {
            let source = "\(package):\(path)"
            let catalog: [(source: String, translation: String)]
            do {
                guard let read = try pairs(path, packageRoot.appendingPathComponent(path)) else { continue }
                catalog = read
            } catch {
                report.unreadable.append("\(source): \(error.reason)")
                continue
            }
            report.catalogs += 1
            report.add(catalog.map { ($0.translation, $0.source) }, source: source, cleaner: cleaner, to: &documents)
        }
        documents.sort { $0[0].source < $1[0].source }
        return (documents, report)
    }

    /// Korean gettext catalogs (`.mo`, or `.po` where a package ships the text form) as
    /// packages lay them out: `…/ko/LC_MESSAGES/NAME.mo` (and `ko_KR`), `…/ko/NAME.mo`,
    /// `…/ko.mo`, `…/ko_KR.mo`, `…/NAME.ko.po`, `…/NAME_ko.po`.
    static func isKoreanGettextCatalog(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        guard let name = parts.last else { return false }
        let folder = parts.dropLast().last, grandparent = parts.dropLast(2).last
        let korean: Set<Substring> = ["ko", "ko_KR"]
        return (folder == "LC_MESSAGES" && grandparent.map(korean.contains) == true)
            || folder.map(korean.contains) == true || ["ko", "ko_KR"].contains(name.split(separator: ".").first)
            || name.hasSuffix(".ko.po") || name.hasSuffix("_ko.po")
    }

    /// The pages of a help manual in one package that have their English original.
    static func read(manual: HelpManual, koreanPackage: String, in root: URL, cleaner: PairCleaner) -> ([[CorpusPair]], Report) {
        var documents: [[CorpusPair]] = []
        var report = Report()
        let koreanRoot = root.appendingPathComponent(koreanPackage).appendingPathComponent(manual.koreanFolder)
        let englishRoot = root.appendingPathComponent(manual.englishPackage ?? koreanPackage).appendingPathComponent(manual.englishFolder)
        guard let pages = FileManager.default.enumerator(atPath: koreanRoot.path) else { return ([], report) }
        for case let page as String in pages where page.hasSuffix(manual.pageSuffix) {
            let name = page.split(separator: "/").last.map(String.init) ?? page
            guard !manual.excludedPagePrefixes.contains(where: name.hasPrefix) else { continue }
            let english = englishRoot.appendingPathComponent(manual.englishPageSuffix.map { page.dropLast(manual.pageSuffix.count) + $0 } ?? page)
            guard FileManager.default.fileExists(atPath: english.path) else { continue }
            let source = "\(koreanPackage):\(manual.koreanFolder)/\(page)"
            let pairs: [(korean: String, english: String)]
            do {
                pairs = manual.pairing.pairs(korean: try HTMLPage.read(koreanRoot.appendingPathComponent(page), markup: manual.markup),
                                             english: try HTMLPage.read(english, markup: manual.markup))
            } catch {
                report.unreadable.append("\(source): \(error.reason)")
                continue
            }
            report.catalogs += 1
            report.add(pairs, source: source, cleaner: cleaner, to: &documents)
        }
        documents.sort { $0[0].source < $1[0].source }
        return (documents, report)
    }

    private static func isKoreanQtCatalogName(_ name: String) -> Bool {
        name == "ko.qm" || name.hasSuffix("_ko.qm") || name.hasSuffix("-ko.qm") || name.hasSuffix(".ko.qm")
    }
}
