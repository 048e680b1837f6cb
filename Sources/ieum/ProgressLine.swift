// Progress on stderr: one line redrawn in a terminal; for training also a line every half minute in a log.
import Foundation
import Ieum

final class ProgressLine {
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var lastLine = Date.distantPast

    /// A message on a line of its own.
    func note(_ message: String) {
        write((isTerminal ? "\r\u{1B}[K" : "") + message + "\n")
    }

    /// The step's progress; validation results on a line of their own.
    func show(_ report: TrainingReport) {
        let position = report.position
        var fields = ["step \(position.step)", String(format: "epoch %d %.1f%%", position.epoch + 1, 100 * report.epochFraction),
                      String(format: "loss %.3f", report.loss), String(format: "lr %.2e", report.learningRate),
                      String(format: "%.0f tok/s", report.tokensPerSecond),
                      String(format: "%.1f GFLOP/s", report.gigaflopsPerSecond)]
        if let seconds = report.secondsLeft { fields.append("ETA \(Self.duration(seconds))") }
        let line = fields.joined(separator: " | ")
        if let validation = report.validation {
            var parts = [String(format: "validation at step %d: loss %.3f", position.step, validation.loss)]
            if let bleu = validation.bleu { parts.append(String(format: "BLEU %.2f", bleu)) }
            if let chrF = validation.chrF { parts.append(String(format: "chrF %.2f", chrF)) }
            note(parts.joined(separator: ", ") + (validation.isBest ? " (best so far, saved)" : ""))
        }
        if isTerminal {
            write("\r\u{1B}[K" + line)
        } else if Date().timeIntervalSince(lastLine) >= 30 {
            write(line + "\n")
            lastLine = Date()
        }
    }

    /// Translation progress, in a terminal only: lines done, lines per second, and the time
    /// left when the share of the input done is known.
    func show(lines: Int, seconds: Double, fractionDone: Double?) {
        guard isTerminal, Date().timeIntervalSince(lastLine) >= 0.2 else { return }
        lastLine = Date()
        var fields = ["\(lines) lines", String(format: "%.1f lines/s", Double(lines) / max(seconds, 1e-9))]
        if let fractionDone, fractionDone > 0 { fields.append("ETA \(Self.duration(seconds * (1 - fractionDone) / fractionDone))") }
        write("\r\u{1B}[K" + fields.joined(separator: " | "))
    }

    /// Clears the progress line, in a terminal.
    func finish() {
        if isTerminal { write("\r\u{1B}[K") }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// 1h12m, 4m30s, 12s.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total >= 3600 { return "\(total / 3600)h\(String(format: "%02d", total % 3600 / 60))m" }
        if total >= 60 { return "\(total / 60)m\(String(format: "%02d", total % 60))s" }
        return "\(total)s"
    }
}
