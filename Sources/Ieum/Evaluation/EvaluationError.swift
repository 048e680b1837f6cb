// Errors of the evaluation metrics, each written for the person who sees it.

/// Hypotheses and references that cannot be scored together.
public enum EvaluationError: Error, Equatable, CustomStringConvertible {
    /// No reference stream was given.
    case noReferences
    /// Reference stream `stream` (counted from 1) has `references` lines, not one per hypothesis.
    case referenceCountMismatch(stream: Int, references: Int, hypotheses: Int)

    public var description: String {
        switch self {
        case .noReferences:
            return "no references were given; scoring needs at least one reference per hypothesis"
        case .referenceCountMismatch(let stream, let references, let hypotheses):
            return "reference set \(stream) has \(references) sentences but there are \(hypotheses) hypotheses; each set needs one reference per hypothesis"
        }
    }

    /// Throws unless there is at least one reference stream and each has one line per hypothesis.
    static func check(hypotheses: [String], references: [[String]]) throws(EvaluationError) {
        guard !references.isEmpty else { throw .noReferences }
        for (index, stream) in references.enumerated() where stream.count != hypotheses.count {
            throw .referenceCountMismatch(stream: index + 1, references: stream.count, hypotheses: hypotheses.count)
        }
    }
}
