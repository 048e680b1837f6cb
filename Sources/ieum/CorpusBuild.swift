// `ieum corpus build`: unpacked packages in, train/dev/test and STATS.md out.
import ArgumentParser
import Foundation
import Ieum

struct CorpusBuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Make train.tsv, dev.tsv, test.tsv and STATS.md from unpacked Debian packages.",
        discussion: """
            Reads every Korean translation catalog under --packages (one folder per package, as \
            corpora/fetch.sh unpacks them), cleans the pairs, splits whole catalogs between \
            train, dev and test with a fixed seed, and writes the splits with a STATS.md and \
            LICENSES.tsv into --output.
            """
    )

    @Option(help: ArgumentHelp("Folder of unpacked packages.", valueName: "folder"))
    var packages = "corpora/cache/root"

    @Option(help: ArgumentHelp("Where the corpus goes.", valueName: "folder"))
    var output = "corpora/build"

    @Option(help: "Pairs wanted in each of dev and test.")
    var heldOut = 2000

    @Option(help: "Seed for choosing the dev and test documents.")
    var seed: UInt64 = 1

    func run() throws {
        let root = URL(fileURLWithPath: packages)
        guard FileManager.default.fileExists(atPath: root.path) else {
            throw ValidationError("\(packages) does not exist; run corpora/fetch.sh (or make corpus) first")
        }
        let started = Date()
        let (documents, report) = try CorpusBuilder().documents(inPackages: root) { done, total in
            if done % 100 == 0 || done == total { log("read \(done)/\(total) packages") }
        }
        log("\(report.catalogs) catalogs, \(report.pairsRead) pairs read, \(report.pairsKept) kept after cleaning")
        for problem in report.unreadable { log("skipped \(problem)") }
        let split = CorpusSplit(documents: documents, heldOutSize: heldOut, seed: seed)

        let folder = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, pairs) in [("train", split.train), ("dev", split.dev), ("test", split.test)] {
            let text = pairs.map(\.line).joined(separator: "\n") + (pairs.isEmpty ? "" : "\n")
            try text.write(to: folder.appendingPathComponent("\(name).tsv"), atomically: true, encoding: .utf8)
            log("\(name).tsv: \(pairs.count) pairs")
        }
        let packageNames = Set(documents.flatMap { $0.prefix(1).map { String($0.package) } })
        let licenses = PackageLicenses.read(packagesIn: root, packages: packageNames)
        let licenseLines = licenses.sorted { $0.key < $1.key }.map { "\($0.key)\t\($0.value.joined(separator: "; "))" }
        try (licenseLines.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("LICENSES.tsv"), atomically: true, encoding: .utf8)
        let statistics = CorpusReport(split: split, report: report, licenses: licenses,
                                      seconds: Date().timeIntervalSince(started)).markdown()
        try statistics.write(to: folder.appendingPathComponent("STATS.md"), atomically: true, encoding: .utf8)
        log("wrote \(output)/STATS.md")
    }
}

func log(_ message: String) {
    FileHandle.standardError.write(Data("corpus: \(message)\n".utf8))
}
