// A sentence's character n-grams, sorted per order, and how many two sentences share.

/// Up to six Unicode scalars, three to a word, 21 bits each, the first in the highest bits,
/// so that comparing n-grams compares their scalars in order. A slot holds its scalar's
/// value plus one, and an unused slot zero, so an n-gram knows its own length.
struct CharacterNGram: Comparable {
    private var head: UInt64 = 0
    private var tail: UInt64 = 0

    static let maxOrder = 6
    private static let slotBits: UInt64 = 21

    /// The n-gram of the first `maxOrder` scalars of `scalars` (all of them when fewer).
    init(_ scalars: ArraySlice<Unicode.Scalar>) {
        for (slot, scalar) in zip(0..<Self.maxOrder, scalars) {
            let value = UInt64(scalar.value + 1) << ((2 - UInt64(slot % 3)) * Self.slotBits)
            if slot < 3 { head |= value } else { tail |= value }
        }
    }

    /// The n-gram of its first `order` scalars, or nil when it has fewer.
    func prefix(_ order: Int) -> CharacterNGram? {
        let lastSlotShift = (2 - UInt64((order - 1) % 3)) * Self.slotBits
        let lastSlot = (order <= 3 ? head : tail) >> lastSlotShift & (1 << Self.slotBits - 1)
        guard lastSlot != 0 else { return nil }
        var prefix = self
        if order <= 3 {
            prefix.head &= ~0 << lastSlotShift
            prefix.tail = 0
        } else {
            prefix.tail &= ~0 << lastSlotShift
        }
        return prefix
    }

    static func < (left: CharacterNGram, right: CharacterNGram) -> Bool {
        (left.head, left.tail) < (right.head, right.tail)
    }
}

/// The character n-grams of a sentence with its whitespace removed (Python's
/// `"".join(line.split())`), orders 1 through `maxOrder`; characters are Unicode scalars,
/// as Python's are code points.
struct CharacterNGramTable {
    /// `sortedNGrams[n - 1]`: every n-gram of order n, repeats kept, in sorted order.
    let sortedNGrams: [[CharacterNGram]]

    init(_ sentence: String, maxOrder: Int = CharacterNGram.maxOrder) {
        precondition((1...CharacterNGram.maxOrder).contains(maxOrder), "character n-grams go up to order \(CharacterNGram.maxOrder)")
        var scalars: [Unicode.Scalar] = []
        for scalar in sentence.unicodeScalars where !scalar.isPythonWhitespace { scalars.append(scalar) }
        // One sort serves every order: sorted by their longest n-grams, the positions are
        // sorted by every shorter prefix too.
        let longest = scalars.indices.map { start in CharacterNGram(scalars[start...]) }.sorted()
        sortedNGrams = (1...maxOrder).map { order in longest.compactMap { $0.prefix(order) } }
    }

    /// How many n-grams of `order` the two sentences share: over the distinct n-grams, the
    /// sum of the smaller of the two counts. A merge of the two sorted lists finds it.
    func sharedCount(with other: CharacterNGramTable, order: Int) -> Int {
        let (mine, theirs) = (sortedNGrams[order - 1], other.sortedNGrams[order - 1])
        var (index, otherIndex, shared) = (0, 0, 0)
        while index < mine.count && otherIndex < theirs.count {
            if mine[index] < theirs[otherIndex] {
                index += 1
            } else if theirs[otherIndex] < mine[index] {
                otherIndex += 1
            } else {
                shared += 1
                index += 1
                otherIndex += 1
            }
        }
        return shared
    }
}
