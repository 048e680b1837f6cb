// `ieum score`: corpus BLEU and chrF of translations against reference files, as sacreBLEU computes them.
import ArgumentParser
import Foundation
import Ieum

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score translations against reference translations with BLEU and chrF, as sacreBLEU does.",
        discussion: """
            Reads translations from standard input, one sentence a line, and compares line i \
            with line i of each --ref file, so every file must have as many lines as the \
            input. Give --ref again for a second reference translation of each sentence.

            Writes one line per metric: its name, its signature (the settings the score \
            depends on, in sacreBLEU's format) and its score. BLEU uses sacreBLEU's defaults \
            (13a tokenization, case-sensitive, exp smoothing) and is followed by its 1- to \
            4-gram precisions, brevity penalty, length ratio and lengths; chrF is chrF2 \
            (character n-grams up to 6, β = 2, spaces ignored). The numbers are those of \
            sacreBLEU 2.6 on the same files.

            Examples:
              ieum translate --model DIR < test.ko > test.out.en
              ieum score --ref test.en < test.out.en
              ieum score --ref test.en --ref test.alt.en --metrics bleu --json < test.out.en
            """
    )

    enum Metric: String, CaseIterable { case bleu, chrf }

    @Option(name: .customLong("ref"), help: ArgumentHelp(
        "A file of reference translations, one a line; repeat for several references per sentence.",
        valueName: "file"))
    var referenceFiles: [String] = []

    @Option(help: ArgumentHelp("The metrics to compute, separated by commas: bleu, chrf.", valueName: "list"))
    var metrics = "bleu,chrf"

    @Flag(help: "Write the scores as JSON, with all their digits and BLEU's parts as separate fields.")
    var json = false

    func validate() throws {
        if referenceFiles.isEmpty { throw ValidationError("give at least one file of reference translations with --ref") }
        _ = try selectedMetrics()
    }

    func run() throws {
        let hypotheses = try Self.lines(of: FileHandle.standardInput.readDataToEndOfFile(), name: "standard input")
        var referenceSets: [[String]] = []
        for file in referenceFiles {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw FormatError(file: file, reason: "cannot be read; check that it exists and that you may read it")
            }
            let references = try Self.lines(of: data, name: file)
            guard references.count == hypotheses.count else {
                throw FormatError(file: file, reason: "has \(references.count) lines, but standard input (the translations) has \(hypotheses.count); each reference file needs one line per translation")
            }
            referenceSets.append(references)
        }

        var reports: [Report] = []
        for metric in try selectedMetrics() {
            switch metric {
            case .bleu:
                let bleu = try BLEU.score(hypotheses: hypotheses, references: referenceSets)
                reports.append(Report(
                    name: "BLEU", score: bleu.score, signature: bleu.signature, text: bleu.signedDescription,
                    precisions: bleu.precisions, brevityPenalty: bleu.brevityPenalty, ratio: bleu.ratio,
                    hypothesisLength: bleu.hypothesisLength, referenceLength: bleu.referenceLength))
            case .chrf:
                let chrF = try ChrF.score(hypotheses: hypotheses, references: referenceSets)
                reports.append(Report(name: chrF.name, score: chrF.score, signature: chrF.signature, text: chrF.signedDescription))
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(reports), as: UTF8.self))
        } else {
            for report in reports { print(report.text) }
        }
    }

    /// One metric's result, as the JSON output lists it.
    struct Report: Encodable {
        var name: String
        var score: Double
        var signature: String
        var text: String
        var precisions: [Double]?
        var brevityPenalty: Double?
        var ratio: Double?
        var hypothesisLength: Int?
        var referenceLength: Int?

        enum CodingKeys: String, CodingKey {
            case name, score, signature, text, precisions, ratio
            case brevityPenalty = "bp"
            case hypothesisLength = "hyp_len"
            case referenceLength = "ref_len"
        }
    }

    /// The metrics of --metrics, in the order given, each once.
    func selectedMetrics() throws -> [Metric] {
        var selected: [Metric] = []
        for name in metrics.split(separator: ",") {
            let trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
            guard let metric = Metric(rawValue: trimmed) else {
                throw ValidationError("unknown metric \"\(name)\" in --metrics; the choices are \(Metric.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !selected.contains(metric) { selected.append(metric) }
        }
        if selected.isEmpty { throw ValidationError("--metrics names no metric; the choices are bleu, chrf") }
        return selected
    }

    /// The lines of `data` without their line breaks (a last line without one counts too),
    /// split at "\n" only, as sacreBLEU reads files.
    static func lines(of data: Data, name: String) throws -> [String] {
        var lines = [UInt8](data).split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return try lines.enumerated().map { index, bytes in
            guard let line = String(validating: bytes, as: UTF8.self) else {
                throw FormatError(file: name, reason: "line \(index + 1) is not valid UTF-8")
            }
            return line
        }
    }
}
