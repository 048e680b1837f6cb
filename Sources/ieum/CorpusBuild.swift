// `ieum corpus build`: the fetched Debian data and the team's general corpus in; train/dev/test and STATS.md out.
import ArgumentParser
import Foundation
import Ieum

struct CorpusBuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Make train.tsv, dev.tsv, test.tsv, general-dev.tsv, general-test.tsv and STATS.md.",
        discussion: """
            Reads what corpora/fetch.sh leaves in --cache (the packages' Korean catalogs, debconf \
            templates, help pages and other texts under root/, the package descriptions under \
            indexes/) and the team-written topic files in \
            --general; cleans the pairs, drops any pair with a sentence of the evaluation sets \
            (--exclude), splits whole catalogs and descriptions between train, dev and test with \
            a fixed seed, and draws the general set's own dev and test evenly across its topic \
            files. Writes the splits with a STATS.md and LICENSES.tsv into --output.
            """
    )

    @Option(help: ArgumentHelp("What corpora/fetch.sh downloaded and unpacked.", valueName: "folder"))
    var cache = "corpora/cache"

    @Option(help: ArgumentHelp("The team-written topic files (korean<TAB>english).", valueName: "folder"))
    var general = "corpora/general"

    @Option(help: ArgumentHelp("Fingerprints of sentences no split may contain.", valueName: "file"))
    var exclude = "corpora/recipe/flores-dev.fingerprints"

    @Option(help: ArgumentHelp("Where the corpus goes.", valueName: "folder"))
    var output = "corpora/build"

    @Option(help: "Pairs wanted in each of dev and test.")
    var heldOut = 2000

    @Option(help: "Pairs wanted in each of general-dev and general-test.")
    var generalHeldOut = 1000

    @Option(help: "Seed for choosing the dev and test documents.")
    var seed: UInt64 = 1

    func validate() throws {
        guard (0...100_000).contains(heldOut) && (0...100_000).contains(generalHeldOut) else {
            throw ValidationError("--held-out and --general-held-out must be between 0 and 100000")
        }
    }

    func run() throws {
        let cacheFolder = URL(fileURLWithPath: cache)
        let root = cacheFolder.appendingPathComponent("root")
        guard FileManager.default.fileExists(atPath: root.path) else {
            throw ValidationError("\(root.path) does not exist; run corpora/fetch.sh (or make corpus) first")
        }
        let started = Date()
        let indexes = cacheFolder.appendingPathComponent("indexes")
        let koreanDescriptions = try DebianControlFile.read(indexes.appendingPathComponent("Translation-ko"))
        let englishDescriptions = try DebianControlFile.read(indexes.appendingPathComponent("Translation-en"))
        let builder = CorpusBuilder(descriptionPairing: DescriptionPairing(learningFrom: koreanDescriptions))
        var (documents, report) = try builder.documents(inPackages: root) { done, total in
            if done % 200 == 0 || done == total { log("read \(done)/\(total) packages") }
        }
        let (descriptions, descriptionReport) = builder.documents(koreanDescriptions: koreanDescriptions, englishDescriptions: englishDescriptions)
        documents += descriptions
        report.merge(descriptionReport)
        log("\(report.catalogs) catalogs, \(report.pairsRead) pairs read, \(report.pairsKept) kept after cleaning")
        for problem in report.unreadable { log("skipped \(problem)") }

        let evaluation = try SentenceFingerprints.read(URL(fileURLWithPath: exclude))
        let generalCorpus = try GeneralCorpus.read(URL(fileURLWithPath: general))
        var split = CorpusSplit(documents: documents, heldOutSize: heldOut, seed: seed)
        let generalSplit = generalCorpus.split(heldOutSize: generalHeldOut, seed: seed)
        split.train += generalSplit.train
        // The general held-out sets share no sentence with train, as dev and test do not.
        let trainKorean = Set(split.train.map(\.korean)), trainEnglish = Set(split.train.map(\.english))
        let generalHeldOut = [generalSplit.dev, generalSplit.test].map { pairs in
            pairs.filter { !trainKorean.contains($0.korean) && !trainEnglish.contains($0.english) }
        }
        var sets = [("train", split.train), ("dev", split.dev), ("test", split.test),
                    ("general-dev", generalHeldOut[0]), ("general-test", generalHeldOut[1])]
        var excluded = 0
        for index in sets.indices {
            let before = sets[index].1.count
            sets[index].1.removeAll { evaluation.contains($0.korean) || evaluation.contains($0.english) }
            excluded += before - sets[index].1.count
        }
        log("\(excluded) pairs dropped for repeating an evaluation sentence")

        let folder = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, pairs) in sets {
            let text = pairs.map(\.line).joined(separator: "\n") + (pairs.isEmpty ? "" : "\n")
            try text.write(to: folder.appendingPathComponent("\(name).tsv"), atomically: true, encoding: .utf8)
            log("\(name).tsv: \(pairs.count) pairs")
        }
        let packageNames = Set(documents.flatMap { $0.prefix(1).map { String($0.package) } }).filter {
            FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path)
        }
        let licenses = PackageLicenses.read(packagesIn: root, packages: packageNames)
        let licenseLines = licenses.sorted { $0.key < $1.key }.map { "\($0.key)\t\($0.value.joined(separator: "; "))" }
        try (licenseLines.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("LICENSES.tsv"), atomically: true, encoding: .utf8)
        let statistics = CorpusReport(sets: sets, report: report, licenses: licenses, excluded: excluded,
                                      generalTopics: generalCorpus.topics.map { ($0.name, $0.pairs.count) },
                                      seconds: Date().timeIntervalSince(started)).markdown()
        try statistics.write(to: folder.appendingPathComponent("STATS.md"), atomically: true, encoding: .utf8)
        log("wrote \(output)/STATS.md")
    }
}

func log(_ message: String) {
    FileHandle.standardError.write(Data("corpus: \(message)\n".utf8))
}
