// `ieum tokenize` as a user runs it: line counts kept, bad lines reported and skipped.
import Foundation
import Testing

@Suite struct TokenizeCommandTests {
    /// The `ieum` built beside the tests.
    static let executable: URL = {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ieum")
        return FileManager.default.isExecutableFile(atPath: besideTests.path)
            ? besideTests : Fixtures.url(".build/debug/ieum")
    }()

    func run(_ arguments: [String], input: Data) throws -> (status: Int32, output: String, errors: String) {
        try Self.run(arguments + ["--vocab", Fixtures.url("vocab/ko-en.vocab").path], input: input)
    }

    static func run(_ arguments: [String], input: Data = Data()) throws -> (status: Int32, output: String, errors: String) {
        try runProgram(Self.executable.path, arguments, input: input)
    }

    /// Any program, with `input` on its standard input; its status, output and errors.
    static func runProgram(_ path: String, _ arguments: [String], input: Data = Data()) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // Whatever the input, the tool exits; it is never killed by a signal (a trap, a crash).
        #expect(process.terminationReason == .exit, "\(path) \(arguments.joined(separator: " ")) died of signal \(process.terminationStatus)")
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }

    @Test func invalidUTF8GivesAnEmptyLineAndAMessage() throws {
        var input = Data("첫 줄입니다.\n".utf8)
        input.append(contentsOf: [0x61, 0xFF, 0xFE, 0x62, 0x0A])  // line 2: not UTF-8
        input.append(Data("\n셋째 줄\n마지막 줄".utf8))          // line 3 empty, line 5 without a line break
        let (status, output, errors) = try run(["tokenize"], input: input)
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 5)
        #expect(lines[1].isEmpty && lines[2].isEmpty)
        #expect(!lines[0].isEmpty && !lines[3].isEmpty && !lines[4].isEmpty)
        #expect(errors.contains("line 2") && errors.contains("UTF-8"))
        #expect(!errors.contains("line 3"))
        #expect(status == 1)
    }

    @Test func idsDecodeToTheNormalizedText() throws {
        let text = "철수가 사과를   맛있게 먹었다.\n\nＡＢＣ ㅋㅋ 👍\n"
        let ids = try run(["tokenize", "--ids"], input: Data(text.utf8))
        #expect(ids.status == 0)
        let decoded = try run(["tokenize", "--decode"], input: Data(ids.output.utf8))
        #expect(decoded.status == 0)
        #expect(decoded.output.unicodeScalars.map(\.value) == "철수가 사과를 맛있게 먹었다.\n\nABC ㅋㅋ 👍\n".unicodeScalars.map(\.value))
    }

    @Test func badIdsAreReportedByLine() throws {
        let (status, output, errors) = try run(["tokenize", "--decode"], input: Data("5 6\nx 7\n99999999\n".utf8))
        #expect(output.split(separator: "\n", omittingEmptySubsequences: false).count == 4)
        #expect(errors.contains("line 2") && errors.contains("line 3"))
        #expect(status == 1)
    }
}
