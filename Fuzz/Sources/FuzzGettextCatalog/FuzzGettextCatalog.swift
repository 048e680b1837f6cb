// libFuzzer target: gettext .mo catalogs, and .po catalogs on the same bytes.
import Foundation
@testable import Ieum

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    _ = try? GettextCatalog(data: data, name: "fuzz.mo").pairs
    _ = try? GettextPOFile(data: data, name: "fuzz.po").pairs
    return 0
}
