// Parallel regions: results in order whatever thread made them, and BLAS single-threaded while any runs.
import CBLAS
import Foundation
import Testing
@testable import Ieum

@Suite(.serialized) struct ParallelTests {
    @Test func resultsComeInInputOrder() {
        let items = Array(0..<100)
        #expect(inParallel(items, threads: 3) { $0 * $0 } == items.map { $0 * $0 })
    }

    /// Region A starts, region B starts inside it, A ends while B runs: BLAS stays
    /// single-threaded until B ends too, and then has its setting back.
    @Test func overlappingRegionsRestoreBLASThreadsOnlyAtTheLastEnd() {
        let before = openblas_get_num_threads()
        openblas_set_num_threads(2)
        defer { openblas_set_num_threads(before) }
        let aStarted = DispatchSemaphore(value: 0), bStarted = DispatchSemaphore(value: 0), aEnded = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = inParallel([0], threads: 1) { _ in
                aStarted.signal()
                bStarted.wait()
            }
            aEnded.signal()
        }
        aStarted.wait()
        let inside = inParallel([0], threads: 1) { _ in
            bStarted.signal()
            aEnded.wait()
            return openblas_get_num_threads()  // A has ended, B still runs
        }
        #expect(inside == [1])
        #expect(openblas_get_num_threads() == 2)
    }
}
