// Line-by-line filtering of standard input to standard output, one output line per input line.
import Foundation

/// Reads standard input line by line, hands each valid UTF-8 line to a transform and writes
/// its result. A line that is not UTF-8, or that the transform rejects, becomes an empty
/// line and a message on stderr naming the line number, and the run goes on.
struct LineStream {
    /// Runs `transform` over every line; returns the number of lines that failed.
    static func run(_ transform: (String) throws -> String) -> Int {
        var failures = 0
        var lineNumber = 0
        var output = Data()
        forEachLine { bytes in
            lineNumber += 1
            var result = ""
            if let line = String(validating: bytes, as: UTF8.self) {
                do {
                    result = try transform(line)
                } catch {
                    failures += 1
                    report(line: lineNumber, "\(error)")
                }
            } else {
                failures += 1
                report(line: lineNumber, "invalid UTF-8")
            }
            output.append(contentsOf: result.utf8)
            output.append(0x0A)
            if output.count >= 1 << 16 {
                FileHandle.standardOutput.write(output)
                output.removeAll(keepingCapacity: true)
            }
        }
        FileHandle.standardOutput.write(output)
        return failures
    }

    static func report(line: Int, _ message: String) {
        FileHandle.standardError.write(Data("ieum: line \(line): \(message); wrote an empty line\n".utf8))
    }

    /// Calls `body` with the bytes of each line of standard input, without the line break.
    /// A last line without a line break counts as a line.
    private static func forEachLine(_ body: (ArraySlice<UInt8>) -> Void) {
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            var lineStart = 0
            for index in 0..<count where chunk[index] == 0x0A {
                if pending.isEmpty {
                    body(chunk[lineStart..<index])
                } else {
                    pending += chunk[lineStart..<index]
                    body(pending[...])
                    pending.removeAll(keepingCapacity: true)
                }
                lineStart = index + 1
            }
            pending += chunk[lineStart..<count]
        }
        if !pending.isEmpty { body(pending[...]) }
    }
}
