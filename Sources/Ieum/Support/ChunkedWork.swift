// Row kernels spread over all cores in chunks that do not depend on the core count.
import Dispatch

/// Calls `body` on consecutive ranges of `0..<count`, `size` items each (the last shorter),
/// on all cores. Chunks write disjoint outputs; since their bounds do not depend on the core
/// count, neither does anything combined from them in chunk order.
func forEachChunk(of count: Int, size: Int, _ body: @Sendable (Range<Int>) -> Void) {
    let chunks = (count + size - 1) / size
    guard chunks > 1 else {
        if count > 0 { body(0..<count) }
        return
    }
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        body((chunk * size)..<min((chunk + 1) * size, count))
    }
}

/// `body`'s results over the chunks of `0..<count`, in chunk order.
func mapChunks<T: Sendable>(of count: Int, size: Int, _ body: @Sendable (Range<Int>) -> T) -> [T] {
    let chunks = max((count + size - 1) / size, 1)
    return concurrentMap(chunks) { chunk in body((chunk * size)..<min((chunk + 1) * size, count)) }
}
