// Remembers how words already seen were segmented, so that most words need no lattice.

/// Segmentations of words already seen: words repeat (Zipf's law), so most never need a
/// lattice. Keyed by a 64-bit FNV-1a hash of the marked word, which a hit checks against
/// the stored word. Bounded; once full it keeps what it has.
struct SegmentationCache {
    private struct Entry {
        var word: [UInt32]
        var ids: [Int32]
    }

    private var entries: [UInt64: Entry] = [:]
    private let capacity = 1 << 17

    func ids(for scalars: ArraySlice<UInt32>, followsSpace: Bool) -> [Int32]? {
        var hash = Self.offsetBasis
        if followsSpace { Self.mix(&hash, Vocabulary.spaceMarker) }
        for scalar in scalars { Self.mix(&hash, scalar) }
        guard let entry = entries[hash] else { return nil }
        let markerCount = followsSpace ? 1 : 0
        guard entry.word.count == scalars.count + markerCount,
              !followsSpace || entry.word.first == Vocabulary.spaceMarker,
              entry.word[markerCount...].elementsEqual(scalars) else { return nil }
        return entry.ids
    }

    mutating func insert(_ ids: [Int32], for word: [UInt32]) {
        var hash = Self.offsetBasis
        for scalar in word { Self.mix(&hash, scalar) }
        if entries.count < capacity && entries[hash] == nil { entries[hash] = Entry(word: word, ids: ids) }
    }

    private static let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325

    @inline(__always)
    private static func mix(_ hash: inout UInt64, _ scalar: UInt32) {
        hash = (hash ^ UInt64(scalar)) &* 0x100_0000_01B3
    }
}
