// `ieum tokenize`: text to pieces or ids, and ids back to text.
import ArgumentParser
import Ieum

struct Tokenize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Split lines of text into subword pieces, or turn piece ids back into text.",
        discussion: """
            Reads standard input, one sentence a line, and writes one line per input line: the \
            pieces separated by spaces (▁ marks a space in the text), or with --ids their ids. \
            --decode reads lines of ids and writes the text they spell, which is the input \
            after normalization, exactly.

            Examples:
              echo "철수가 사과를 먹었다." | ieum tokenize
              ieum tokenize --ids < ko.txt | ieum tokenize --decode
            """
    )

    @OptionGroup var vocabulary: VocabularyOption

    @Flag(help: "Write piece ids instead of pieces.")
    var ids = false

    @Flag(help: "Read lines of piece ids and write the text they spell.")
    var decode = false

    @Option(help: ArgumentHelp(
        "Draw a random segmentation instead of the best one (subword regularization); 1 follows the model's probabilities, smaller values flatten them.",
        valueName: "inverse-temperature"))
    var sample: Float?

    @Option(help: "Seed for --sample.")
    var seed: UInt64 = 1

    func validate() throws {
        if decode && (ids || sample != nil) {
            throw ValidationError("--decode reads ids; it cannot be combined with --ids or --sample")
        }
        if let sample, !(sample >= 0 && sample.isFinite) { throw ValidationError("--sample must be a finite number, 0 or more") }
    }

    func run() throws {
        let tokenizer = try vocabulary.load()
        var generator = SeededGenerator(seed: seed)
        // What each id prints as, laid out flat: label of id i is labels[starts[i]..<starts[i + 1]].
        let texts = ids ? tokenizer.vocabulary.pieces.indices.map(String.init) : tokenizer.vocabulary.pieces
        let labels = texts.flatMap(\.utf8)
        let starts = texts.reduce(into: [0]) { starts, text in starts.append(starts.last! + text.utf8.count) }
        let (decode, sample) = (decode, sample)  // read the options once, not once a line
        var workspace = EncodingWorkspace()
        var encoded: [Int32] = []
        let failures = LineStream.run { line, output in
            if decode {
                let ids = try line.split(separator: " ").map { field in
                    guard let id = Int32(field) else { throw ValidationError("\"\(field)\" is not a piece id") }
                    return id
                }
                output += try tokenizer.decode(ids).utf8
                return
            }
            if let sample {
                encoded = try tokenizer.encode(line, sampling: sample, using: &generator)
            } else {
                encoded.removeAll(keepingCapacity: true)
                try tokenizer.encode(line, appendingTo: &encoded, workspace: &workspace)
            }
            for (index, id) in encoded.enumerated() {
                if index > 0 { output.append(0x20) }
                output += labels[starts[Int(id)]..<starts[Int(id) + 1]]
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}
