// Work spread over a chosen number of threads, results kept in order.
import CBLAS

/// `body` applied to every item on `threads` threads (item i on thread i mod threads), results
/// in input order. BLAS runs single-threaded meanwhile (and as before afterwards), so that
/// threads do not compete for cores and results do not depend on the thread count.
func inParallel<Item: Sendable, Output: Sendable>(_ items: [Item], threads: Int,
                                                  _ body: @Sendable (Item) -> Output) -> [Output] {
    let blasThreads = openblas_get_num_threads()
    openblas_set_num_threads(1)
    defer { openblas_set_num_threads(blasThreads) }
    let threads = max(1, min(threads, items.count))
    let parts = concurrentMap(threads) { thread in
        stride(from: thread, to: items.count, by: threads).map { (index: $0, output: body(items[$0])) }
    }
    var outputs = [Output?](repeating: nil, count: items.count)
    for part in parts { for (index, output) in part { outputs[index] = output } }
    return outputs.compactMap { $0 }
}
