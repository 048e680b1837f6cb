// `ieum translate`: one translation per input line.
import ArgumentParser
import Foundation
import Ieum

struct Translate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Translate lines from standard input (Korean into English, or English into Korean with --to ko), one output line per input line.",
        discussion: """
            With --nbest N each output line holds the N best translations separated by tabs; \
            --scores follows each translation with " ||| " and its score. An empty line gives an \
            empty line; a line that cannot be translated gives an empty line and a message on \
            stderr with its number.

            Examples:
              echo "문서를 저장합니다." | ieum translate
              echo "Save the document." | ieum translate --to ko
              echo "문서를 저장합니다." | ieum translate --model DIR
              ieum translate --model DIR --beam 5 --nbest 3 --scores < ko.txt
              ieum translate --model DIR --alignments < ko.txt      # "translation ||| 0-0 1-2 …"
            """
    )

    @OptionGroup var model: ModelOption

    @OptionGroup var search: SearchOption

    @Option(help: "Translations to write per line (at most the beam size).")
    var nbest = 1

    @Flag(help: "Follow each translation with \" ||| \" and its score.")
    var scores = false

    @Option(help: "Length penalty α: finished hypotheses are ranked by log probability / length^α.")
    var lengthPenalty: Float = 1

    @Flag(help: "Follow the translation with \" ||| \" and its word alignment in Pharaoh format (source-target, 0-based).")
    var alignments = false

    @Flag(help: "Read lines of source token ids (the end token included) and write target token ids: no tokenizer.")
    var ids = false

    @Option(help: "Output length limit in tokens, decoder start included (default: 1.5 × source + 10).")
    var maxLength: Int?

    @Option(help: "The end token cannot come before this many tokens, decoder start included.")
    var minLength = 0

    func validate() throws {
        guard nbest >= 1 && nbest <= search.beam else { throw ValidationError("--nbest must be between 1 and --beam") }
        guard lengthPenalty.isFinite else { throw ValidationError("--length-penalty must be a finite number") }
        guard (maxLength ?? 1) >= 1 else { throw ValidationError("--max-length must be at least 1") }
        guard minLength >= 0 else { throw ValidationError("--min-length must be 0 or more") }
        if ids && alignments { throw ValidationError("--alignments needs words; it cannot be combined with --ids") }
    }

    func run() throws {
        let directory = try model.directory()
        var options = DecodingOptions(beamSize: search.beam, nBest: nbest, lengthPenalty: lengthPenalty, minLength: minLength,
                                      alignment: alignments ? AttentionProbe() : nil)
        if let maxLength {
            (options.maxLengthRatio, options.maxLengthOffset, options.maxLengthLimit) = (0, maxLength, maxLength)
        }
        let failures = ids ? try translateIds(directory: directory, options: options) : try translateText(directory: directory, options: options)
        if failures > 0 { throw ExitCode(1) }
    }

    /// Lines handed to the translator at once when input keeps coming (a file, a fast pipe):
    /// eight batches of 32 per thread, sorted by length and taken by whichever thread is free,
    /// so that one long batch does not leave the other threads idle. Slower input goes as it
    /// arrives.
    static func blockLines(threads: Int) -> Int { 32 * 8 * threads }

    private func translateText(directory: URL, options: DecodingOptions) throws -> Int {
        let translator = try Translator(modelDirectory: directory, computeType: search.computeType)
        let (scores, threads) = (scores, search.threads)
        let progress = ProgressLine(), started = Date(), size = LineStream.inputSize
        defer { progress.finish() }
        return LineStream.run(batchSize: Self.blockLines(threads: threads), progress: { lines, bytes in
            progress.show(lines: lines, seconds: Date().timeIntervalSince(started), fractionDone: size.map { Double(bytes) / Double($0) })
        }) { lines in
            let results = translator.translate(lines.map { $0 ?? "" }, options: options, threads: threads)
            return zip(lines, results).map { line, result in
                guard line != nil else { return .failure(ValidationError("invalid UTF-8")) }
                return result.map { translation in
                    let texts = translation.alternatives.map { scores ? "\($0.text) ||| \($0.score)" : $0.text }
                    return texts.joined(separator: "\t") + (translation.alignment.map { " ||| \($0.pharaoh)" } ?? "")
                }
            }
        }
    }

    private func translateIds(directory: URL, options: DecodingOptions) throws -> Int {
        let translator = try Translator.forIds(modelDirectory: directory, computeType: search.computeType)
        let threads = search.threads
        return LineStream.run(batchSize: Self.blockLines(threads: threads)) { lines in
            let sources = lines.map { line in
                Result { () throws -> [Int32] in
                    guard let line else { throw ValidationError("invalid UTF-8") }
                    return try line.split(separator: " ").map { field in
                        guard let id = Int32(field) else { throw ValidationError("\"\(field)\" is not a source token id") }
                        return id
                    }
                }
            }
            let results = translator.translate(ids: sources.map { (try? $0.get()) ?? [] }, options: options, threads: threads)
            return zip(sources, results).map { source, result in
                source.flatMap { _ in result }.map { alternatives in
                    alternatives.map { $0.ids.map(String.init).joined(separator: " ") }.joined(separator: "\t")
                }
            }
        }
    }
}
