// Turns unpacked Debian packages into cleaned documents of Korean-English pairs.
import Foundation

/// Reads every Korean translation catalog and help manual under a folder of unpacked
/// packages (one subfolder per package, as `corpora/fetch.sh` leaves them), cleans the
/// pairs, and keeps each catalog or help page as a document. Files that cannot be read are
/// reported and skipped.
public struct CorpusBuilder: Sendable {
    /// What happened along the way, for the person running the build.
    public struct Report: Sendable {
        /// Catalogs and help pages read.
        public var catalogs = 0
        public var pairsRead = 0
        public var pairsKept = 0
        public var rejections: [PairCleaner.Rejection: Int] = [:]
        /// Catalogs skipped, with why.
        public var unreadable: [String] = []

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
            if !document.isEmpty { documents.append(document) }
        }
    }

    public var cleaner = PairCleaner()

    public init() {}

    /// The documents of all packages under `root`, in a stable order, and the report.
    public func documents(inPackages root: URL, progress: (Int, Int) -> Void = { _, _ in }) throws -> ([[CorpusPair]], Report) {
        let packages = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        let cleaner = self.cleaner
        // Each manual once per package that holds its Korean pages.
        let manuals = HelpManual.all.flatMap { manual in
            (manual.koreanPackage.map { [$0] } ?? packages).filter { package in
                FileManager.default.fileExists(atPath: root.appendingPathComponent(package).appendingPathComponent(manual.koreanFolder).path)
            }.map { (manual, $0) }
        }
        let perPackage = concurrentMap(packages.count + manuals.count) { index in
            guard index >= packages.count else { return Self.read(package: packages[index], in: root, cleaner: cleaner) }
            let (manual, package) = manuals[index - packages.count]
            return Self.read(manual: manual, koreanPackage: package, in: root, cleaner: cleaner)
        }
        var documents: [[CorpusPair]] = []
        var report = Report()
        for (index, (packageDocuments, packageReport)) in perPackage.enumerated() {
            documents += packageDocuments
            report.catalogs += packageReport.catalogs
            report.pairsRead += packageReport.pairsRead
            report.pairsKept += packageReport.pairsKept
            report.rejections.merge(packageReport.rejections, uniquingKeysWith: +)
            report.unreadable += packageReport.unreadable
            progress(index + 1, perPackage.count)
        }
        return (documents, report)
    }

    /// The Korean catalogs of one package: gettext (`…/ko/LC_MESSAGES/*.mo`) and Qt
    /// (`*_ko.qm`, `*-ko.qm`, `ko.qm`, `…/ko/LC_MESSAGES/*.qm`).
    static func read(package: String, in root: URL, cleaner: PairCleaner) -> ([[CorpusPair]], Report) {
        var documents: [[CorpusPair]] = []
        var report = Report()
        let packageRoot = root.appendingPathComponent(package)
        guard let files = FileManager.default.enumerator(atPath: packageRoot.path) else { return ([], report) }
        for case let path as String in files {
            let url = packageRoot.appendingPathComponent(path)
            let source = "\(package):\(path)"
            let pairs: [(source: String, translation: String)]
            do {
                if path.hasSuffix(".mo") && path.contains("/ko/LC_MESSAGES/") {
                    pairs = try GettextCatalog.read(url).pairs
                } else if path.hasSuffix(".qm") && (path.contains("/ko/LC_MESSAGES/") || isKoreanQtCatalogName(url.lastPathComponent)) {
                    pairs = try QtCatalog.read(url).pairs
                } else {
                    continue
                }
            } catch {
                report.unreadable.append("\(source): \(error.reason)")
                continue
            }
            report.catalogs += 1
            report.add(pairs.map { ($0.translation, $0.source) }, source: source, cleaner: cleaner, to: &documents)
        }
        documents.sort { $0[0].source < $1[0].source }
        return (documents, report)
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
            let english = englishRoot.appendingPathComponent(page)
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
