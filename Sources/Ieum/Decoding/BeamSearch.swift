// Beam search as Hugging Face transformers runs it, so that the same model gives the same output.
import CKernels
import Foundation

extension StepDecoder {
    /// Beam search over `beamSize` running hypotheses for every source at once. Each step
    /// keeps a source's 2·beamSize best continuations; those ending (end token or length
    /// limit) among the best beamSize are scored by log probability / generated
    /// length^lengthPenalty and compete for the beamSize finished slots; the best unfinished
    /// continue. A source is done when no running beam can beat its worst finished one
    /// (scored at its current length, Hugging Face's early_stopping=False heuristic) or when
    /// every continuation has ended. Returns each source's finished hypotheses, best first.
    package func beamSearch(beamSize: Int, maxLengths: [Int], lengthPenalty: Float, minLength: Int = 0) -> [[Hypothesis]] {
        var sources = maxLengths.map {
            SourceBeams(beamSize: beamSize, maxLength: $0, lengthPenalty: lengthPenalty, startToken: startToken)
        }
        drive(rowsPerSource: beamSize, maxLength: maxLengths.max() ?? 1,
              lastTokens: { sources[$0].running.map { $0.tokens[$0.tokens.count - 1] } }) { source, logProbabilities, attention in
            applyLengthLimits(logProbabilities, length: sources[source].length, minLength: minLength, maxLength: maxLengths[source])
            return sources[source].advance(logProbabilities, attention: attention, vocabularySize: vocabularySize, endToken: endToken)
        }
        return sources.map { $0.finished.filter(\.isFinished).map { Hypothesis(tokens: $0.tokens, score: $0.score, attention: $0.attention) } }
    }

    /// Beam search for a single source.
    package func beamSearch(beamSize: Int, maxLength: Int, lengthPenalty: Float, minLength: Int = 0) -> [Hypothesis] {
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
    mutating func advance(_ logProbabilities: UnsafeMutableBufferPointer<Float>, attention: [ArraySlice<Float>],
                          vocabularySize vocabulary: Int, endToken: Int32) -> [Int]? {
        let excluded = Self.excluded
        for index in running.indices where !attention[index].isEmpty { running[index].attention += attention[index] }
        // The best 2K of beam score + log probability over the K × V continuations, ties to the
        // lower row and token: each row's own best 2K, merged.
        var best: [Selection.Entry] = []
        for (index, beam) in running.enumerated() {
            let row = UnsafeBufferPointer(rebasing: logProbabilities[(index * vocabulary)..<((index + 1) * vocabulary)])
            best += Selection.top(row, count: 2 * beamSize, adding: beam.score).map { .init(index: index * vocabulary + $0.index, value: $0.value) }
        }
        let candidates = best.sorted(by: Selection.Entry.ranksBefore).prefix(2 * beamSize).map { entry in
            let token = Int32(entry.index % vocabulary)
            return (beam: entry.index / vocabulary, token: token, score: entry.value, ends: length + 1 >= maxLength || token == endToken)
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

/// The largest values and where they are.
private enum Selection {
    struct Entry {
        var index: Int
        var value: Float

        /// Larger values first; of equal values, the lower index.
        static func ranksBefore(_ a: Entry, _ b: Entry) -> Bool { a.value > b.value || (a.value == b.value && a.index < b.index) }
    }

    /// The `count` largest of values[i] + offset, largest first; ties go to the lower index.
    static func top(_ values: UnsafeBufferPointer<Float>, count: Int, adding offset: Float = 0) -> [Entry] {
        var best: [Entry] = []
        best.reserveCapacity(count + 1)
        // The admission bar: the smallest value kept once `count` are kept; values up to it
        // are skipped eight at a time.
        var bar = -Float.infinity
        var index = 0
        while index < values.count {
            if best.count == count {
                index += ieum_first_above(values.baseAddress! + index, values.count - index, offset, bar)
                if index == values.count { break }
            }
            let value = values[index] + offset
            var slot = best.count
            while slot > 0 && best[slot - 1].value < value { slot -= 1 }
            best.insert(Entry(index: index, value: value), at: slot)
            if best.count > count { best.removeLast() }
            if best.count == count { bar = best[count - 1].value }
            index += 1
        }
        return best
    }

    /// Indices of the `count` largest values, largest first; ties go to the lower index.
    static func topIndices(_ values: [Float], count: Int) -> [Int] {
        values.withUnsafeBufferPointer { top($0, count: count).map(\.index) }
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
