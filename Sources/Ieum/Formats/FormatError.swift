// Errors of the file readers, each naming the file and what was wrong with it.

/// A file that cannot be read as the format it should be in.
public struct FormatError: Error, Equatable, CustomStringConvertible {
    /// The file, as the user named it.
    public var file: String
    /// What is wrong, and where.
    public var reason: String

    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }

    public var description: String { "\(file): \(reason)" }
}
