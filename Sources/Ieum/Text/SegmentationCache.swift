// Remembers how words already seen were segmented, so that most words need no lattice.

/// Segmentations of words already seen: words repeat (Zipf's law), so most never need a
/// lattice. An open-addressing table keyed by a 64-bit FNV-1a hash of the marked word, with
/// words and ids stored flat; a hit is checked against the stored word. Bounded: once full
/// it keeps what it has. One per workspace, so never shared between threads.
struct SegmentationCache {
    /// Entry index per slot, -1 when empty; the count is a power of two (or zero).
    private var slots: [Int32] = []
    /// Entry e: its hash, word words[wordStarts[e]..<wordStarts[e + 1]], ids likewise.
    private var hashes: [UInt64] = []
    private var wordStarts: [Int] = [0]
    private var idStarts: [Int] = [0]
    private var words: [UInt32] = []
    private var ids: [Int32] = []
    private let maximumEntries = 1 << 17

    /// Appends the cached segmentation of a word (its scalars, after a space marker when
    /// `followsSpace`) to `output`; false when the word is not cached.
    func appendIds(of scalars: ArraySlice<UInt32>, followsSpace: Bool, to output: inout [Int32]) -> Bool {
        guard !slots.isEmpty else { return false }
        let hash = Self.hash(scalars, followsSpace: followsSpace)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { return false }
            if hashes[entry] == hash && stores(scalars, followsSpace: followsSpace, at: entry) {
                output += ids[idStarts[entry]..<idStarts[entry + 1]]
                return true
            }
            slot = (slot + 1) & mask
        }
    }

    /// Remembers the segmentation of a marked word not cached yet.
    mutating func insert(_ segmentation: ArraySlice<Int32>, for word: [UInt32]) {
        guard hashes.count < maximumEntries else { return }
        if 2 * (hashes.count + 1) > slots.count { grow() }
        let hash = Self.hash(word[...], followsSpace: false)
        place(entry: hashes.count, hash: hash)
        hashes.append(hash)
        words += word
        ids += segmentation
        wordStarts.append(words.count)
        idStarts.append(ids.count)
    }

    private func stores(_ scalars: ArraySlice<UInt32>, followsSpace: Bool, at entry: Int) -> Bool {
        var position = wordStarts[entry]
        guard wordStarts[entry + 1] - position == scalars.count + (followsSpace ? 1 : 0) else { return false }
        if followsSpace {
            guard words[position] == Vocabulary.spaceMarker else { return false }
            position += 1
        }
        return words[position..<wordStarts[entry + 1]].elementsEqual(scalars)
    }

    private mutating func place(entry: Int, hash: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(entry)
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: max(1024, 2 * slots.count))
        for (entry, hash) in hashes.enumerated() { place(entry: entry, hash: hash) }
    }

    private static func hash(_ scalars: ArraySlice<UInt32>, followsSpace: Bool) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        if followsSpace { hash = (hash ^ UInt64(Vocabulary.spaceMarker)) &* 0x100_0000_01B3 }
        for scalar in scalars { hash = (hash ^ UInt64(scalar)) &* 0x100_0000_01B3 }
        // FNV's low bits mix poorly; fold the high bits in before masking.
        return hash ^ (hash >> 32)
    }
}
