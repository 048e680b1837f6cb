// libFuzzer target: config.json: decoding and the checks of every field.
import Foundation
@testable import Ieum

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    _ = try? ModelConfig.decode(data, name: "config.json")
    return 0
}
