// Beam search as Hugging Face transformers runs it, so that the same model gives the same output.
import Foundation

extension StepDecoder {
    /// Beam search over `beamSize` running hypotheses for every source at once. Each step
    /// keeps a source's 2·beamSize best continuations; those ending (end token or length
    /// limit) among the best beamSize are scored by log probability / generated
    /// length^lengthPenalty and compete for the beamSize finished slots; the best unfinished
    /// continue. A source is done when no running beam can beat its worst finished one
    /// (scored at its current length, Hugging Face's early_stopping=False heuristic) or when
    /// every continuation has ended. Returns each source's finished hypotheses, best first.
    public func beamSearch(beamSize: Int, maxLengths: [Int], lengthPenalty: Float, minLength: Int = 0) -> [[Hypothesis]] {
        var sources = maxLengths.map {
            SourceBeams(beamSize: beamSize, maxLength: $0, lengthPenalty: lengthPenalty, startToken: startToken)
        }
        drive(rowsPerSource: beamSize, maxLength: maxLengths.max() ?? 1,
              lastTokens: { sources[$0].running.map { $0.tokens[$0.tokens.count - 1] } }) { source, logProbabilities, attention in
            applyLengthLimits(&logProbabilities, length: sources[source].length, minLength: minLength, maxLength: maxLengths[source])
            return sources[source].advance(logProbabilities, attention: attention, vocabularySize: vocabularySize, endToken: endToken)
        }
        return sources.map { $0.finished.filter(\.isFinished).map { Hypothesis(tokens: $0.tokens, score: $0.score, attention: $0.attention) } }
    }

    /// Beam search for a single source.
    public func beamSearch(beamSize: Int, maxLength: Int, lengthPenalty: Float, minLength: Int = 0) -> [Hypothesis] {
        beamSearch(beamSize: beamSize, maxLengths: [maxLength], lengthPenalty: lengthPenalty, minLength: minLength)[0]
    }
}

/// One source's beams: running hypotheses, finished slots, and the stopping heuristic.
private struct SourceBeams {
    let beamSize: Int
    let maxLength: Int
    let lengthPenalty: Float
    var running: [Beam]
    var finished: [FinishedBeam]
    var improvementPossible = true
    /// Tokens so far, decoder start included.
    var length = 1
    static let excluded: Float = -1e9

    init(beamSize: Int, maxLength: Int, lengthPenalty: Float, startToken: Int32) {
        self.beamSize = beamSize
        self.maxLength = maxLength
        self.lengthPenalty = lengthPenalty
        running = (0..<beamSize).map { Beam(tokens: [startToken], score: $0 == 0 ? 0 : Self.excluded, attention: []) }
        finished = [FinishedBeam](repeating: FinishedBeam(tokens: [], score: Self.excluded, attention: [], isFinished: false), count: beamSize)
    }

    /// One step from the rows' log probabilities (K × V) and attention; returns the parent row
    /// of each running beam for the next step, or nil when the search is over.
    mutating func advance(_ logProbabilities: [Float], attention: [ArraySlice<Float>], vocabularySize vocabulary: Int,
                          endToken: Int32) -> [Int]? {
        let excluded = Self.excluded
        var scores = logProbabilities
        scores.withUnsafeMutableBufferPointer { scores in
            for (index, beam) in running.enumerated() {
                let row = scores.baseAddress! + index * vocabulary, score = beam.score
                for token in 0..<vocabulary { row[token] += score }
            }
        }
        for index in running.indices where !attention[index].isEmpty { running[index].attention += attention[index] }
        let candidates = Selection.topIndices(scores, count: 2 * beamSize).map { flat in
            let token = Int32(flat % vocabulary)
            return (beam: flat / vocabulary, token: token, score: scores[flat], ends: length + 1 >= maxLength || token == endToken)
        }

        // Finished slots: the ending continuations among the best K, length-penalized.
        let penalty = powf(Float(length), lengthPenalty)
        var merged = finished
        for (rank, candidate) in candidates.enumerated() {
            var score = candidate.score / penalty
            if !improvementPossible { score += excluded }
            let justFinished = candidate.ends && rank < beamSize
            if !justFinished { score += excluded }
            merged.append(FinishedBeam(tokens: running[candidate.beam].tokens + [candidate.token], score: score,
                                       attention: running[candidate.beam].attention, isFinished: justFinished))
        }
        finished = Selection.topIndices(merged.map(\.score), count: beamSize).map { merged[$0] }

        // Running beams: the best continuations that have not ended.
        let open = candidates.map { $0.score + ($0.ends ? excluded : 0) }
        let next = Selection.topIndices(open, count: beamSize)
        running = next.map { rank in
            let candidate = candidates[rank]
            let parent = running[candidate.beam]
            return Beam(tokens: parent.tokens + [candidate.token], score: open[rank], attention: parent.attention)
        }
        length += 1

        let bestPossible = running[0].score / powf(Float(length - 1), lengthPenalty)
        let worstFinished = finished.map(\.score).min() ?? excluded
        improvementPossible = improvementPossible && finished.contains { bestPossible > ($0.isFinished ? worstFinished : excluded) }
        if !improvementPossible || candidates.allSatisfy(\.ends) { return nil }
        return next.map { candidates[$0].beam }
    }
}

/// Indices of the `count` largest values, largest first; ties go to the lower index.
private enum Selection {
    static func topIndices(_ values: [Float], count: Int) -> [Int] {
        var best: [Int] = []
        best.reserveCapacity(count + 1)
        values.withUnsafeBufferPointer { values in
            // The admission bar: the smallest value kept once `count` are kept.
            var bar = -Float.infinity
            for index in values.indices {
                let value = values[index]
                if best.count == count, value <= bar { continue }
                var slot = best.count
                while slot > 0 && values[best[slot - 1]] < value { slot -= 1 }
                best.insert(index, at: slot)
                if best.count > count { best.removeLast() }
                if best.count == count { bar = values[best[count - 1]] }
            }
        }
        return best
    }
}

/// A hypothesis still being extended; its decoder state is its row of the search's state.
private struct Beam {
    var tokens: [Int32]
    var score: Float
    /// Source attention of each token after the start, row after row.
    var attention: [Float]
}

/// A slot of the finished list: empty slots score −1e9 and are not finished.
private struct FinishedBeam {
    var tokens: [Int32]
    var score: Float
    var attention: [Float]
    var isFinished: Bool
}
