// Errors of the file readers, each naming the file and what was wrong with it.
import Foundation

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

extension FormatError {
    /// The bytes of a file (mapped when `mapped`), or an error naming it: missing, unreadable.
    static func contents(of url: URL, mapped: Bool = false) throws(FormatError) -> Data {
        guard FileManager.default.fileExists(atPath: url.path) else { throw FormatError(file: url.path, reason: "does not exist") }
        guard let data = try? Data(contentsOf: url, options: mapped ? .alwaysMapped : []) else {
            throw FormatError(file: url.path, reason: "cannot be read; check its permissions")
        }
        return data
    }
}
