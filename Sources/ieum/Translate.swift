// `ieum translate`: one translation per input line.
import ArgumentParser
import Foundation
import Ieum

struct Translate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Translate Korean lines from standard input into English, one output line per input line.",
        discussion: """
            With --nbest N each output line holds the N best translations separated by tabs; \
            --scores follows each translation with " ||| " and its score. An empty line gives an \
            empty line; a line that cannot be translated gives an empty line and a message on \
            stderr with its number.

            Examples:
              echo "문서를 저장합니다." | ieum translate --model DIR
              ieum translate --model DIR --beam 5 --nbest 3 --scores < ko.txt
              ieum translate --model DIR --alignments < ko.txt      # "translation ||| 0-0 1-2 …"
            """
    )

    @Option(help: ArgumentHelp("Model directory (config.json, model.safetensors, tokenizer.vocab).", valueName: "folder"))
    var model = "models/ko-en"

    @Option(help: "Beam size; 1 is greedy search.")
    var beam = 4

    @Option(help: "Translations to write per line (at most the beam size).")
    var nbest = 1

    @Flag(help: "Follow each translation with \" ||| \" and its score.")
    var scores = false

    @Option(help: "Length penalty α: finished hypotheses are ranked by log probability / length^α.")
    var lengthPenalty: Float = 1

    @Flag(help: "Follow the translation with \" ||| \" and its word alignment in Pharaoh format (source-target, 0-based).")
    var alignments = false

    func validate() throws {
        guard beam >= 1 else { throw ValidationError("--beam must be at least 1") }
        guard nbest >= 1 && nbest <= beam else { throw ValidationError("--nbest must be between 1 and --beam") }
    }

    func run() throws {
        let directory = URL(fileURLWithPath: model)
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("config.json").path) else {
            throw ValidationError("no model in \(model) (config.json is missing); pass --model with an Ieum model directory")
        }
        let translator = try Translator(modelDirectory: directory)
        let options = DecodingOptions(beamSize: beam, lengthPenalty: lengthPenalty)
        let (nbest, scores, alignments) = (nbest, scores, alignments)
        let failures = LineStream.run { line, output in
            let translation = try translator.translate(line, options: options, nBest: nbest, alignment: alignments)
            let texts = translation.alternatives.map { scores ? "\($0.text) ||| \($0.score)" : $0.text }
            output += texts.joined(separator: "\t").utf8
            if let alignment = translation.alignment { output += " ||| \(alignment.pharaoh)".utf8 }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}
