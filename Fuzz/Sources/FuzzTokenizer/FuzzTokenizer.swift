// libFuzzer target: the tokenizer: encode, then decode gives the normalized text back, on one line.
import Foundation
@testable import Ieum

/// The bundled vocabulary, found from this file's path.
let bundledTokenizer: Tokenizer = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    guard let vocabulary = try? VocabularyFile.read(root.appendingPathComponent("vocab/ko-en.vocab")) else {
        fatalError("the fuzzer needs vocab/ko-en.vocab beside Fuzz/")
    }
    return Tokenizer(vocabulary: vocabulary)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    let text = String(decoding: data, as: UTF8.self)
    guard let ids = try? bundledTokenizer.encode(text), let decoded = try? bundledTokenizer.decode(ids),
          let normalized = try? bundledTokenizer.normalizer.normalize(text).string else { return 0 }
    precondition(Array(decoded.unicodeScalars) == Array(normalized.unicodeScalars), "round trip lost text")
    precondition(!decoded.contains("\n") && !decoded.contains("\r"), "decoded text spans lines")
    // Any ids, even nonsense, decode to one line or a thrown error.
    let arbitrary = data.prefix(64).map { Int32($0) * 61 }
    if let any = try? bundledTokenizer.decode(arbitrary) { precondition(!any.contains("\n"), "decoded ids span lines") }
    return 0
}
