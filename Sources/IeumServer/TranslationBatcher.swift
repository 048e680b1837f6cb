// Dynamic batching: the lines of many requests translated together in one model call.
import Foundation
import Ieum
import Synchronization

/// Why a request's lines were not translated.
package enum BatcherError: Error, Equatable {
    /// The queue holds as many lines as it may; the client should retry later.
    case full
    /// The lines waited and ran longer than the request timeout.
    case timedOut
}

/// Takes the lines of concurrent requests into one queue. A worker thread waits for the first
/// pending request, then at most `maxWait` for more (as inference servers batch), takes whole
/// requests up to `maxBatchLines` lines, translates them in one `Translator` call on `threads`
/// threads, and answers each request with its own lines' results, in order. The queue holds at
/// most `maxQueuedLines` lines: beyond it, requests are refused at once (`BatcherError.full`).
package final class TranslationBatcher: Sendable {
    package struct Limits: Sendable {
        package var maxWait: Duration = .milliseconds(5)
        package var maxBatchLines = 64
        package var maxQueuedLines = 4096
        package var timeout: Duration = .seconds(60)

        package init() {}
    }

    private struct Pending {
        let id: Int
        let lines: [String]
        let continuation: CheckedContinuation<[Result<String, any Error>], any Error>
    }

    private struct State {
        var queue: [Pending] = []
        var queuedLines = 0
        /// Requests taken by the worker, not yet answered.
        var running: [Int: CheckedContinuation<[Result<String, any Error>], any Error>] = [:]
        var nextId = 0
        var stopped = false
    }

    private let translator: Translator
    private let options: DecodingOptions
    private let threads: Int
    private let limits: Limits
    private let state = Mutex(State())
    /// Signalled once per request queued, and to stop.
    private let arrivals = DispatchSemaphore(value: 0)

    package init(translator: Translator, options: DecodingOptions, threads: Int, limits: Limits = Limits()) {
        self.translator = translator
        self.options = options
        self.threads = threads
        self.limits = limits
        let thread = Thread { [self] in work() }
        thread.name = "ieum.batcher"
        thread.start()
    }

    /// The translations of `lines`, one result per line.
    package func translate(_ lines: [String]) async throws -> [Result<String, any Error>] {
        guard !lines.isEmpty else { return [] }
        let id = state.withLock { state in
            state.nextId += 1
            return state.nextId
        }
        let expiry = Task { [limits] in
            try await Task.sleep(for: limits.timeout)
            expire(id)
        }
        defer { expiry.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            let accepted = state.withLock { state in
                guard !state.stopped, state.queuedLines + lines.count <= limits.maxQueuedLines || state.queue.isEmpty else { return false }
                state.queue.append(Pending(id: id, lines: lines, continuation: continuation))
                state.queuedLines += lines.count
                return true
            }
            guard accepted else { return continuation.resume(throwing: BatcherError.full) }
            arrivals.signal()
        }
    }

    /// Ends the worker after the batch in hand; requests still queued are refused.
    package func stop() {
        let refused = state.withLock { state in
            state.stopped = true
            defer { state.queue = [] }
            return state.queue
        }
        refused.forEach { $0.continuation.resume(throwing: BatcherError.full) }
        arrivals.signal()
    }

    /// Answers a request that is still queued or running with `BatcherError.timedOut`.
    private func expire(_ id: Int) {
        let continuation = state.withLock { state -> CheckedContinuation<[Result<String, any Error>], any Error>? in
            if let index = state.queue.firstIndex(where: { $0.id == id }) {
                state.queuedLines -= state.queue[index].lines.count
                return state.queue.remove(at: index).continuation
            }
            return state.running.removeValue(forKey: id)
        }
        continuation?.resume(throwing: BatcherError.timedOut)
    }

    private func work() {
        while true {
            let (stopped, queued) = state.withLock { ($0.stopped, $0.queuedLines) }
            if stopped { return }
            guard queued > 0 else {
                arrivals.wait()
                continue
            }
            // More requests may join until maxWait has passed or the batch is full.
            let (seconds, attoseconds) = limits.maxWait.components
            let deadline = DispatchTime.now() + .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
            while state.withLock({ $0.queuedLines < limits.maxBatchLines }), arrivals.wait(timeout: deadline) == .success {}
            let batch = takeBatch()  // empty when what was queued has timed out meanwhile
            guard !batch.isEmpty else { continue }
            // Split so that every thread has a share, up to the translator's usual 32 a search.
            let lines = batch.flatMap(\.lines)
            let results = translator.translate(lines, options: options, threads: threads,
                                               batchSize: min(32, (lines.count + threads - 1) / threads))
            var start = 0
            for request in batch {
                let mine = results[start..<(start + request.lines.count)].map { $0.map(\.text) }
                start += request.lines.count
                state.withLock { $0.running.removeValue(forKey: request.id) }?.resume(returning: mine)
            }
        }
    }

    /// Whole requests from the front of the queue, up to maxBatchLines lines (a larger
    /// request alone); they move to `running`.
    private func takeBatch() -> [Pending] {
        state.withLock { state in
            var taken = 0, count = 0
            while count < state.queue.count, taken == 0 || taken + state.queue[count].lines.count <= limits.maxBatchLines {
                taken += state.queue[count].lines.count
                count += 1
            }
            let batch = Array(state.queue.prefix(count))
            state.queue.removeFirst(count)
            state.queuedLines -= taken
            for request in batch { state.running[request.id] = request.continuation }
            return batch
        }
    }
}
