// What the progress line shows of the last steps: a smoothed loss and rates over about a minute.

/// The loss and rates of recent steps: the loss smoothed exponentially, the rates over about
/// the last minute.
struct RecentSteps {
    private(set) var loss = 0.0
    private var tokens = 0.0, operations = 0.0, steps = 0.0, seconds = 0.0

    mutating func add(_ step: LossSum, operations stepOperations: Double, seconds stepSeconds: Double) {
        loss = steps == 0 ? step.mean : 0.98 * loss + 0.02 * step.mean
        if seconds > 60 { (tokens, operations, steps, seconds) = (tokens / 2, operations / 2, steps / 2, seconds / 2) }
        (tokens, operations, steps, seconds) = (tokens + Double(step.tokens), operations + stepOperations, steps + 1, seconds + stepSeconds)
    }

    var tokensPerSecond: Double { tokens / max(seconds, 1e-9) }
    var gigaflopsPerSecond: Double { operations / max(seconds, 1e-9) / 1e9 }
    var secondsPerStep: Double { seconds / max(steps, 1) }
}
