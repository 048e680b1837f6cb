// Ctrl-C and SIGTERM turned into a flag that long-running commands check between steps.
import Dispatch
import Foundation

/// Set by Ctrl-C or SIGTERM, so that training stops after the current step with a checkpoint.
final class InterruptFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var set = false
    private var sources: [DispatchSourceSignal] = []
    /// A queue of its own: a serial queue gets a thread even when the global pool's are all
    /// busy, as they are when training runs on one core (the signal then waited for the run's end).
    private let queue = DispatchQueue(label: "ieum.interrupt")

    init() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { [weak self] in
                guard let self else { return }
                self.lock.withLock { self.set = true }
                FileHandle.standardError.write(Data("\nstopping after this step (writing a checkpoint)…\n".utf8))
            }
            source.resume()
            sources.append(source)
        }
    }

    var isSet: Bool { lock.withLock { set } }
}
