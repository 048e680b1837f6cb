// Errors of the text pipeline, each written for the person who sees it.

/// What can go wrong while tokenizing or training a vocabulary.
public enum TextError: Error, Equatable, CustomStringConvertible {
    case icuFailure(String)
    case unknownPieceId(Int)
    case invalidVocabulary(file: String, line: Int, reason: String)
    case trainingFailed(String)

    public var description: String {
        switch self {
        case .icuFailure(let service):
            return "ICU failed during \(service); is libicu installed correctly (apt-get install libicu-dev)?"
        case .unknownPieceId(let id):
            return "piece id \(id) is not in the vocabulary"
        case .invalidVocabulary(let file, let line, let reason):
            return "\(file):\(line): \(reason)"
        case .trainingFailed(let reason):
            return "vocabulary training failed: \(reason)"
        }
    }
}
