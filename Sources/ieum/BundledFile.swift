// Where the files that ship with Ieum (vocabulary, model) are found when no path is given.
import Foundation

/// `relative` (a path inside the repository) in the working directory, or beside the
/// executable's checkout (`.build/…/ieum` → the repository root); nil when neither has it.
func bundledFile(_ relative: String) -> URL? {
    var candidates = [URL(fileURLWithPath: relative)]
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<5 {
        candidates.append(directory.appendingPathComponent(relative))
        directory.deleteLastPathComponent()
    }
    return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
}
