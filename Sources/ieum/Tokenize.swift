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
        if let sample, !(sample >= 0) { throw ValidationError("--sample must be 0 or more") }
    }

    func run() throws {
        let tokenizer = try vocabulary.load()
        var generator = SeededGenerator(seed: seed)
        let pieces = tokenizer.vocabulary.pieces.map { Array($0.utf8) }
        let (decode, sample, ids) = (decode, sample, ids)  // read the options once, not once a line
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
                if ids { output.appendDecimal(id) } else { output += pieces[Int(id)] }
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}

extension [UInt8] {
    /// Appends the decimal digits of a non-negative number.
    mutating func appendDecimal(_ value: Int32) {
        let start = count
        var rest = UInt32(value)
        repeat {
            append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        var (low, high) = (start, count - 1)
        while low < high {
            swapAt(low, high)
            low += 1
            high -= 1
        }
    }
}
