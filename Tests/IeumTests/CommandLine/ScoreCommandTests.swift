// `ieum score` as a user runs it: sacreBLEU's numbers, printed and as JSON, and a clear error on uneven files.
import Foundation
import Testing

@Suite struct ScoreCommandTests {
    static let directory = ScoreTests.directory

    static func testCase(_ name: String) throws -> ScoreTests.Expected.Case {
        try #require(try ScoreTests.loadExpected().cases.first { $0.name == name })
    }

    /// `ieum score` with the case's reference files, its hypotheses on standard input.
    static func score(_ testCase: ScoreTests.Expected.Case, _ options: [String] = []) throws -> (status: Int32, output: String, errors: String) {
        let references = testCase.references.flatMap { ["--ref", Fixtures.url(directory + $0).path] }
        let input = try Data(contentsOf: Fixtures.url(directory + testCase.hypotheses))
        return try TokenizeCommandTests.run(["score"] + references + options, input: input)
    }

    @Test(arguments: ["english", "korean", "two-references"])
    func printsSacreBLEUsScoreLines(_ name: String) throws {
        let testCase = try Self.testCase(name)
        let (status, output, errors) = try Self.score(testCase)
        #expect(status == 0, "\(errors)")
        let bleuLine = testCase.bleu.text.replacingOccurrences(
            of: "BLEU = ", with: "BLEU|\(ScoreTests.withIeumVersion(testCase.bleu.signature)) = ")
        let chrFLine = testCase.chrf.text.replacingOccurrences(
            of: "chrF2 = ", with: "chrF2|\(ScoreTests.withIeumVersion(testCase.chrf.signature)) = ")
        #expect(output.split(separator: "\n").map(String.init) == [bleuLine, chrFLine])
    }

    @Test func jsonHoldsEveryDigit() throws {
        struct Report: Decodable {
            let name: String
            let score: Double
            let signature: String
            let precisions: [Double]?
            let bp: Double?
            let hypLen: Int?
            let refLen: Int?
        }
        let testCase = try Self.testCase("two-references")
        let (status, output, _) = try Self.score(testCase, ["--json", "--metrics", "chrf,bleu"])
        #expect(status == 0)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let reports = try decoder.decode([Report].self, from: Data(output.utf8))
        #expect(reports.map(\.name) == ["chrF2", "BLEU"])
        #expect(abs(reports[0].score - testCase.chrf.score) <= 1e-9)
        #expect(abs(reports[1].score - testCase.bleu.score) <= 1e-9)
        #expect(reports[1].precisions?.count == 4)
        #expect(reports[1].hypLen == testCase.bleu.sysLen && reports[1].refLen == testCase.bleu.refLen)
        #expect(reports[1].signature.hasPrefix("nrefs:2|"))
    }

    @Test func unevenFilesAreAnErrorNamingTheFile() throws {
        let english = try Self.testCase("english")
        let input = try Data(contentsOf: Fixtures.url(Self.directory + english.hypotheses))
        let (status, output, errors) = try TokenizeCommandTests.run(
            ["score", "--ref", Fixtures.url(Self.directory + "english.ref").path, "--ref", Fixtures.url(Self.directory + "korean.ref").path],
            input: input)
        #expect(status != 0)
        #expect(output.isEmpty)
        #expect(errors.contains("korean.ref") && errors.contains("20 lines") && errors.contains("36"), "\(errors)")
    }

    @Test func unknownMetricIsAnError() throws {
        let (status, _, errors) = try TokenizeCommandTests.run(["score", "--ref", "x", "--metrics", "bleu,meteor"])
        #expect(status != 0)
        #expect(errors.contains("meteor"))
    }
}
