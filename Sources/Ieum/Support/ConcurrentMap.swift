// Data-parallel work over all cores with results in a fixed order.
import Dispatch

/// Calls `body` for each index in `0..<count` on all cores and returns the results in index
/// order, so that whatever is combined from them does not depend on the thread count.
func concurrentMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    defer {
        _ = results.deinitialize()
        results.deallocate()
    }
    // Each index writes only its own slot.
    nonisolated(unsafe) let slots = results
    DispatchQueue.concurrentPerform(iterations: count) { index in
        slots[index] = body(index)
    }
    return results.compactMap { $0 }
}
