// libFuzzer target: the vocabulary file reader.
import Foundation
@testable import Ieum

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    _ = try? VocabularyFile.parse(String(decoding: data, as: UTF8.self), name: "fuzz.vocab")
    return 0
}
