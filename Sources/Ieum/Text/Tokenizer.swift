// The whole text pipeline: normalizer → pre-tokenizer → unigram model, and back.

/// Turns text into piece ids and back. Decoding gives back the normalized text exactly:
/// `decode(encode(x)) == normalize(x)`, scalar for scalar.
public struct Tokenizer: Sendable {
    package let normalizer: any Normalizer
    package let preTokenizer: any PreTokenizer
    package let model: UnigramModel

    public var vocabulary: Vocabulary { model.vocabulary }

    public init(vocabulary: Vocabulary) {
        self.init(model: UnigramModel(vocabulary: vocabulary),
                  normalizer: ICUNormalizer(form: vocabulary.normalization),
                  preTokenizer: ICUPreTokenizer())
    }

    package init(model: UnigramModel, normalizer: any Normalizer, preTokenizer: any PreTokenizer) {
        self.model = model
        self.normalizer = normalizer
        self.preTokenizer = preTokenizer
    }

    /// The most probable segmentation of `text`.
    public func encode(_ text: String) throws(TextError) -> [Int32] {
        var workspace = EncodingWorkspace()
        var ids: [Int32] = []
        try encode(text, appendingTo: &ids, workspace: &workspace)
        return ids
    }

    /// Appends the ids of the most probable segmentation of `text` to `ids`. Words are
    /// segmented one at a time, since no piece crosses a word boundary; the workspace
    /// remembers the words it has seen, and encoding many lines with one workspace
    /// allocates almost nothing.
    public func encode(_ text: String, appendingTo ids: inout [Int32], workspace: inout EncodingWorkspace) throws(TextError) {
        try normalizer.normalize(text, into: &workspace.normalized)
        try preTokenizer.split(workspace.normalized.scalars, into: &workspace.words)
        for word in workspace.words {
            let scalars = workspace.normalized.scalars[word.range]
            if workspace.cache.appendIds(of: scalars, followsSpace: word.followsSpace, to: &ids) { continue }
            workspace.word.removeAll(keepingCapacity: true)
            if word.followsSpace { workspace.word.append(Vocabulary.spaceMarker) }
            workspace.word += scalars
            let start = ids.count
            workspace.word.withUnsafeBufferPointer { model.appendBestIds(of: $0, scratch: &workspace.viterbi, to: &ids) }
            workspace.cache.insert(ids[start...], for: workspace.word)
        }
    }

    /// The `n` most probable segmentations of `text`, best first, with their log probabilities.
    public func encode(_ text: String, nBest n: Int) throws(TextError) -> [(ids: [Int32], score: Float)] {
        let (lattice, marked) = try lattice(for: text)
        return lattice.nBest(n).map { path, score in
            var ids: [Int32] = []
            model.appendIds(of: path, text: marked, to: &ids)
            return (ids, score)
        }
    }

    /// A segmentation drawn from the model, for subword regularization: `inverseTemperature`
    /// 1 samples by the model's probabilities, smaller values flatten them.
    public func encode(_ text: String, sampling inverseTemperature: Float,
                       using generator: inout some RandomNumberGenerator) throws(TextError) -> [Int32] {
        let (lattice, marked) = try lattice(for: text)
        var ids: [Int32] = []
        model.appendIds(of: lattice.sample(inverseTemperature: inverseTemperature, using: &generator),
                        text: marked, to: &ids)
        return ids
    }

    /// The pieces of the most probable segmentation, as strings.
    public func pieces(_ text: String) throws(TextError) -> [String] {
        try encode(text).map { vocabulary.pieces[Int($0)] }
    }

    /// Text from piece ids: pieces joined, ▁ read as a space, bytes decoded as UTF-8, the
    /// space before the first word dropped. Special pieces other than `<unk>` are skipped.
    /// The result is one line: control characters spelled by byte pieces come out as a space
    /// (tabs, line and paragraph breaks) or not at all (the others).
    public func decode(_ ids: [Int32]) throws(TextError) -> String {
        var bytes: [UInt8] = []
        for id in ids {
            guard id >= 0, Int(id) < vocabulary.count else { throw .unknownPieceId(Int(id)) }
            switch vocabulary.kinds[Int(id)] {
            case .byte(let byte): bytes.append(byte)
            case .normal: bytes += vocabulary.pieces[Int(id)].utf8
            case .special: if id == Vocabulary.unkId { bytes += "⁇".utf8 }
            }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            // Byte pieces can spell control characters the normalizer never lets through:
            // line and paragraph breaks and tabs become spaces and other controls are dropped,
            // so that one decoded sequence is always one line.
            let category = scalar.properties.generalCategory
            if category == .control || category == .lineSeparator || category == .paragraphSeparator {
                if scalar.properties.isWhitespace { scalars.append(" ") }
            } else {
                scalars.append(scalar.value == Vocabulary.spaceMarker ? " " : scalar)
            }
        }
        if scalars.first == " " { scalars.removeFirst() }
        return String(scalars)
    }

    /// The words of `text` after normalization, each with its space marker, as one sequence
    /// of scalars.
    public func markedWords(_ text: String) throws(TextError) -> (scalars: [UInt32], words: [Range<Int>]) {
        try preTokenizer.markedWords(normalizer.normalize(text).scalars)
    }

    private func lattice(for text: String) throws(TextError) -> (Lattice, [UInt32]) {
        let (marked, words) = try markedWords(text)
        var lattice = Lattice(length: marked.count)
        marked.withUnsafeBufferPointer { buffer in
            for word in words { model.populate(&lattice, text: buffer, range: word) }
        }
        return (lattice, marked)
    }
}

/// Working memory for `Tokenizer.encode`, kept between calls by whoever encodes many lines
/// (one per thread): buffers, and the segmentations of the words seen so far.
public struct EncodingWorkspace {
    var cache = SegmentationCache()
    var normalized = NormalizedText()
    var words: [PreToken] = []
    var word: [UInt32] = []
    var viterbi = ViterbiScratch()

    public init() {}
}
