// Turns unpacked Debian packages into cleaned documents of Korean-English pairs.
import Foundation

/// Reads every Korean translation catalog under a folder of unpacked packages (one subfolder per
/// package, as `corpora/fetch.sh` leaves them), cleans its pairs, and keeps each catalog as a
/// document. Catalogs that cannot be read are reported and skipped.
public struct CorpusBuilder: Sendable {
    /// What happened along the way, for the person running the build.
    public struct Report: Sendable {
        public var catalogs = 0
        public var pairsRead = 0
        public var pairsKept = 0
        public var rejections: [PairCleaner.Rejection: Int] = [:]
        /// Catalogs skipped, with why.
        public var unreadable: [String] = []
    }

    public var cleaner = PairCleaner()

    public init() {}

    /// The documents of all packages under `root`, in a stable order, and the report.
    public func documents(inPackages root: URL, progress: (Int, Int) -> Void = { _, _ in }) throws -> ([[CorpusPair]], Report) {
        let packages = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        let cleaner = self.cleaner
        let perPackage = concurrentMap(packages.count) { index in
            Self.read(package: packages[index], in: root, cleaner: cleaner)
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
            progress(index + 1, packages.count)
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
            var document: [CorpusPair] = []
            for (english, korean) in pairs {
                report.pairsRead += 1
                switch cleaner.clean(korean: korean, english: english) {
                case .success(let pair):
                    document.append(CorpusPair(korean: pair.korean, english: pair.english, source: source))
                case .failure(let rejection):
                    report.rejections[rejection, default: 0] += 1
                }
            }
            report.pairsKept += document.count
            if !document.isEmpty { documents.append(document) }
        }
        documents.sort { $0[0].source < $1[0].source }
        return (documents, report)
    }

    private static func isKoreanQtCatalogName(_ name: String) -> Bool {
        name == "ko.qm" || name.hasSuffix("_ko.qm") || name.hasSuffix("-ko.qm") || name.hasSuffix(".ko.qm")
    }
}
