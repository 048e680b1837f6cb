// libFuzzer target: the safetensors reader: header, shapes, offsets, every tensor's values.
import Foundation
@testable import Ieum

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    guard let file = try? SafeTensorsFile(data: data, name: "fuzz.safetensors") else { return 0 }
    for key in file.tensors.keys { _ = try? file.floats(key) }
    return 0
}
