// libFuzzer target: SentencePiece .model files (protobuf).
import Foundation
@testable import Ieum

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    _ = try? SentencePieceModelFile(data: data, name: "fuzz.model")
    return 0
}
