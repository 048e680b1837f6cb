// libFuzzer target: Qt .qm catalogs.
import Foundation
@testable import Ieum

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    _ = try? QtCatalog(data: data, name: "fuzz.qm").pairs
    return 0
}
