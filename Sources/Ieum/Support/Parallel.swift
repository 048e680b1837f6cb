// Work spread over a chosen number of threads, results kept in order.
import CBLAS
import Synchronization

/// `body` applied to every item on `threads` threads, each thread taking the next item as soon
/// as it is free (so that a thread with long items does not hold up the others), results in
/// input order. BLAS runs single-threaded meanwhile (and as before afterwards), so that threads
/// do not compete for cores; each item's result does not depend on the thread that made it.
func inParallel<Item: Sendable, Output: Sendable>(_ items: [Item], threads: Int,
                                                  _ body: @Sendable (Item) -> Output) -> [Output] {
    singleThreadedBLAS.enter()
    defer { singleThreadedBLAS.leave() }
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

/// OpenBLAS's thread count is one setting for the whole process: the first parallel region to
/// start sets it to 1 and the last to end restores it, so that regions running at once (two
/// translators in one server) do not undo each other.
private let singleThreadedBLAS = BLASThreadsOverride()

private final class BLASThreadsOverride: Sendable {
    private let state = Mutex((regions: 0, saved: Int32(1)))

    func enter() {
        state.withLock { state in
            if state.regions == 0 {
                state.saved = openblas_get_num_threads()
                openblas_set_num_threads(1)
            }
            state.regions += 1
        }
    }

    func leave() {
        state.withLock { state in
            state.regions -= 1
            if state.regions == 0 { openblas_set_num_threads(state.saved) }
        }
    }
}
