// A reusable, growable Float buffer: storage for activations kept from one step to the next.

/// Contiguous Float storage that grows on demand and is otherwise reused, so that a training
/// step does not allocate (and fault in) its activations afresh. Its contents are undefined
/// after it grows.
final class FloatBuffer: @unchecked Sendable {
    private(set) var pointer: UnsafeMutablePointer<Float>
    private var capacity: Int

    init(count: Int = 1) {
        capacity = max(count, 1)
        pointer = .allocate(capacity: capacity)
    }

    /// The storage, with room for at least `count` values.
    @discardableResult
    func reserve(_ count: Int) -> UnsafeMutablePointer<Float> {
        if count > capacity {
            pointer.deallocate()
            capacity = count
            pointer = .allocate(capacity: count)
        }
        return pointer
    }

    deinit { pointer.deallocate() }
}
