// Line-by-line filtering of standard input to standard output, one output line per input line.
import Foundation

/// Reads standard input line by line, hands each valid UTF-8 line to a transform that
/// appends its result to the output, and ends each result with a line break. A line that
/// is not UTF-8, or that the transform rejects, becomes an empty line and a message on
/// stderr naming the line number, and the run goes on.
struct LineStream {
    /// Runs `transform` over every line; returns the number of lines that failed.
    static func run(_ transform: (String, inout [UInt8]) throws -> Void) -> Int {
        var failures = 0
        var lineNumber = 0
        var output: [UInt8] = []
        output.reserveCapacity(1 << 17)
        forEachLine { bytes in
            lineNumber += 1
            let lineStart = output.count
            if let line = String(validating: bytes, as: UTF8.self) {
                do {
                    try transform(line, &output)
                } catch {
                    output.removeSubrange(lineStart...)
                    failures += 1
                    report(line: lineNumber, "\(error)")
                }
            } else {
                failures += 1
                report(line: lineNumber, "invalid UTF-8")
            }
            output.append(0x0A)
            if output.count >= 1 << 16 { flush(&output) }
        }
        flush(&output)
        return failures
    }

    /// Runs `transform` over blocks of up to `batchSize` lines (nil for a line that is not
    /// UTF-8), so that it can work on them in parallel; it returns one result per line, in
    /// order. A block is what has arrived: when no more input is waiting (a person typing, a
    /// `tail -f`), the lines read so far go at once and their results are written; a file or
    /// a fast pipe fills whole blocks. Returns the number of lines that failed.
    /// `progress` hears, after each block, the lines done and the bytes of input read.
    static func run(batchSize: Int, progress: (_ lines: Int, _ bytes: Int) -> Void = { _, _ in },
                    _ transform: ([String?]) -> [Result<String, any Error>]) -> Int {
        var failures = 0
        var lineNumber = 0, bytesRead = 0
        var output: [UInt8] = []
        var batch: [String?] = []
        func process() {
            for (offset, result) in transform(batch).enumerated() {
                let number = lineNumber - batch.count + offset + 1
                switch result {
                case .success(let text): output += text.utf8
                case .failure(let error):
                    failures += 1
                    report(line: number, batch[offset] == nil ? "invalid UTF-8" : "\(error)")
                }
                output.append(0x0A)
            }
            batch.removeAll(keepingCapacity: true)
            flush(&output)
            progress(lineNumber, bytesRead)
        }
        forEachLine(idle: { if !batch.isEmpty { process() } }) { bytes in
            lineNumber += 1
            bytesRead += bytes.count + 1
            batch.append(String(validating: bytes, as: UTF8.self))
            if batch.count == batchSize { process() }
        }
        if !batch.isEmpty { process() }
        return failures
    }

    private static func flush(_ output: inout [UInt8]) {
        output.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
        output.removeAll(keepingCapacity: true)
    }

    /// The size of standard input when it is a regular file (a redirect from a file), else nil.
    static var inputSize: Int? {
        var status = stat()
        guard fstat(STDIN_FILENO, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size > 0 else { return nil }
        return Int(status.st_size)
    }

    /// Whether standard input has bytes (or its end) ready to read without waiting.
    private static func isInputWaiting() -> Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0
    }

    static func report(line: Int, _ message: String) {
        // In a terminal, over the progress line.
        let clear = isatty(STDERR_FILENO) == 1 ? "\r\u{1B}[K" : ""
        FileHandle.standardError.write(Data("\(clear)ieum: line \(line): \(message); wrote an empty line\n".utf8))
    }

    /// Calls `body` with the bytes of each line of standard input, without the line break,
    /// and `idle` whenever the lines read so far are done and no more input is waiting.
    /// A last line without a line break counts as a line.
    private static func forEachLine(idle: () -> Void = {}, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var pending: [UInt8] = []
        let chunk = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 20)
        defer { chunk.deallocate() }
        guard let base = chunk.baseAddress else { return }
        while true {
            let count = read(STDIN_FILENO, base, chunk.count)
            if count <= 0 { break }
            var lineStart = 0
            while lineStart < count, let newline = memchr(base + lineStart, 0x0A, count - lineStart) {
                let lineEnd = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
                let line = UnsafeBufferPointer(rebasing: chunk[lineStart..<lineEnd])
                if pending.isEmpty {
                    body(line)
                } else {
                    pending += line
                    pending.withUnsafeBufferPointer(body)
                    pending.removeAll(keepingCapacity: true)
                }
                lineStart = lineEnd + 1
            }
            pending += chunk[lineStart..<count]
            if !isInputWaiting() { idle() }
        }
        if !pending.isEmpty { pending.withUnsafeBufferPointer(body) }
    }
}
