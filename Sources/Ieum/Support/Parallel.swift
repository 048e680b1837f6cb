// Work spread over a chosen number of threads, results kept in order.
import CBLAS
import Synchronization

/// `body` applied to every item on `threads` threads, each thread taking the next item as soon
/// as it is free (so that a thread with long items does not hold up the others), results in
/// input order. BLAS runs single-threaded meanwhile (and as before afterwards), so that threads
/// do not compete for cores; each item's result does not depend on the thread that made it.
func inParallel<Item: Sendable, Output: Sendable>(_ items: [Item], threads: Int,
                                                  _ body: @Sendable (Item) -> Output) -> [Output] {
    let blasThreads = openblas_get_num_threads()
    openblas_set_num_threads(1)
    defer { openblas_set_num_threads(blasThreads) }
    let threads = max(1, min(threads, items.count))
    let next = Atomic(0)
    let parts = concurrentMap(threads) { _ in
        var done: [(index: Int, output: Output)] = []
        while case let index = next.wrappingAdd(1, ordering: .relaxed).oldValue, index < items.count {
            done.append((index, body(items[index])))
        }
        return done
    }
    var outputs = [Output?](repeating: nil, count: items.count)
    for part in parts { for (index, output) in part { outputs[index] = output } }
    return outputs.compactMap { $0 }
}
