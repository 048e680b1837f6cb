// `ieum train-vocab`: learns a unigram subword vocabulary from a corpus.
import ArgumentParser
import Foundation
import Ieum

struct TrainVocab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-vocab",
        abstract: "Learn a subword vocabulary (unigram language model) from a corpus.",
        discussion: """
            The first two tab-separated fields of every input line are training sentences, so \
            a parallel corpus (korean<TAB>english[<TAB>source]) gives a joint Korean-English \
            vocabulary, and plain text works too. Progress goes to stderr.

            Example:
              ieum train-vocab --input corpora/sample/ko-en.tsv --size 4000 --output my.vocab
            """
    )

    @Option(help: ArgumentHelp("Corpus: plain text or TSV, UTF-8; repeat for several.", valueName: "file"))
    var input: [String]

    @Option(help: ArgumentHelp("Where to write the vocabulary.", valueName: "file"))
    var output: String

    @Option(help: "Number of pieces, including the 4 special and 256 byte pieces.")
    var size = 8000

    @Option(help: "Fraction of character occurrences covered by pieces; rarer characters fall back to bytes.")
    var characterCoverage = 0.9995

    @Option(help: "Unicode normalization applied before training and tokenizing: nfkc or nfc.")
    var normalization = NormalizationForm.nfkc

    func validate() throws {
        guard !input.isEmpty else { throw ValidationError("give at least one --input") }
        guard size > 300 && size <= 1 << 20 else {
            throw ValidationError("--size must be more than 300 (260 ids are special and byte pieces) and at most 1048576")
        }
        guard characterCoverage > 0 && characterCoverage <= 1 else { throw ValidationError("--character-coverage must be in (0, 1]") }
    }

    func run() throws {
        var sentences: [String] = []
        for file in input {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            guard let text = String(data: data, encoding: .utf8) else { throw ValidationError("\(file) is not valid UTF-8") }
            sentences += text.split(separator: "\n").flatMap { line in
                line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false).prefix(2).map(String.init)
            }
        }
        var options = UnigramTrainer.Options()
        options.vocabularySize = size
        options.characterCoverage = characterCoverage
        options.normalization = normalization
        let start = Date()
        let vocabulary = try UnigramTrainer(options: options).train(lines: sentences) { progress in
            let elapsed = String(format: "%6.1fs", Date().timeIntervalSince(start))
            let message: String
            switch progress {
            case .counted(let lines, let words):
                message = "read \(lines) sentences, \(words) distinct words"
            case .seeded(let pieces, let characters):
                message = "seeded \(pieces) pieces (\(characters) characters needed)"
            case .round(let round, let pieces, let loss):
                message = "EM round \(round): \(pieces) pieces, \(String(format: "%.4f", loss)) nats per word"
            }
            FileHandle.standardError.write(Data("[\(elapsed)] \(message)\n".utf8))
        }
        try VocabularyFile.write(vocabulary, to: URL(fileURLWithPath: output))
        FileHandle.standardError.write(Data("wrote \(vocabulary.count) pieces to \(output)\n".utf8))
    }
}

extension NormalizationForm: ExpressibleByArgument {}
