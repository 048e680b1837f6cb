// `ieum align`: which source words each target word attended to.
import ArgumentParser
import Foundation
import Ieum

struct Align: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the word alignment of a sentence and its translation, from the model's cross-attention, or align a corpus.",
        discussion: """
            With --corpus FILE (korean<TAB>english lines) a statistical aligner is trained on \
            the whole file (IBM Model 1, then fast_align's diagonal Model 2 with both directions trained by \
            agreement, five iterations each; a link is kept when its two directions' posteriors average \
            above 0.5; no model needed) and writes one Pharaoh line per input line, \
            over whitespace-separated words: an empty or malformed line gives an empty line \
            (malformed ones are reported on stderr with their number). With --corpus and \
            --model, the model's head (--layer, --head) aligns each pair instead.

            With --target the model reads the given translation (forced decoding); without it, \
            the model translates first. Formats: pharaoh (source-target pairs, 0-based), json \
            (the soft matrix), text (a heatmap for the terminal), svg, html.

            Examples:
              ieum align --model DIR --source "파일을 저장합니다." --target "Saves the file."
              ieum align --model DIR --source "파일을 저장합니다." --format svg > alignment.svg
              ieum align --corpus pairs.tsv > pairs.align
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case pharaoh, json, text, svg, html
    }

    @OptionGroup var model: ModelOption

    @Option(help: "The source sentence.")
    var source: String?

    @Option(help: ArgumentHelp("Align every korean<TAB>english line of this file with the statistical aligner.", valueName: "file"))
    var corpus: String?

    @Option(help: "With --corpus: iterations of the HMM alignment model after the diagonal model (0: none; it takes several times as long).")
    var hmmIterations = 0

    @Option(help: "Its translation; omitted, the model translates.")
    var target: String?

    @Option(help: "pharaoh, json, text, svg or html.")
    var format = Format.text

    @Option(help: "Decoder layer whose cross-attention is read, from 0 (default: the model's supervised alignment head, or the last layer).")
    var layer: Int?

    @Option(help: "Head, from 0 (default: the model's supervised alignment head, or 0).")
    var head: Int?

    func validate() throws {
        guard (layer ?? 0) >= 0 && (head ?? 0) >= 0 else { throw ValidationError("--layer and --head count from 0") }
        guard (source == nil) != (corpus == nil) else { throw ValidationError("give --source (one sentence) or --corpus (a file), not both") }
        if corpus != nil && target != nil { throw ValidationError("--corpus takes its targets from the file; give no --target") }
        guard (0...20).contains(hmmIterations) else { throw ValidationError("--hmm-iterations must be between 0 and 20") }
        if corpus != nil && model.path == nil && (layer != nil || head != nil) {
            throw ValidationError("--layer and --head choose a model's head; with --corpus they need --model")
        }
    }

    func run() throws {
        if let corpus {
            if try alignCorpus(URL(fileURLWithPath: corpus)) > 0 { throw ExitCode(1) }
            return
        }
        guard let source else { return }
        let directory = try model.directory()
        let options = DecodingOptions(alignment: AttentionProbe(layer: layer, head: head))
        let alignment = try Translator(modelDirectory: directory).align(source: source, target: target, options: options)
        switch format {
        case .pharaoh: print(alignment.pharaoh)
        case .json: print(alignment.json)
        case .text: print(alignment.heatmap)
        case .svg: print(alignment.svg)
        case .html: print(alignment.html)
        }
    }

    /// Aligns every line of the file; returns how many lines were malformed.
    private func alignCorpus(_ url: URL) throws -> Int {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw ValidationError("cannot read \(url.path)") }
        var pairs: [CorpusPair] = [], lineOfPair: [Int] = []
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        // A final line break ends the last line; it does not start another.
        let lineCount = data.isEmpty ? 0 : lines.count - (data.last == 0x0A ? 1 : 0)
        var failures = 0
        for (index, bytes) in lines.prefix(lineCount).enumerated() {
            guard !bytes.isEmpty else { continue }
            guard let line = String(validating: bytes, as: UTF8.self) else {
                failures += 1
                FileHandle.standardError.write(Data("\(url.path): line \(index + 1): invalid UTF-8\n".utf8))
                continue
            }
            guard let pair = CorpusPair(line: Substring(line)) else {
                failures += 1
                FileHandle.standardError.write(Data("\(url.path): line \(index + 1): expected korean<TAB>english\n".utf8))
                continue
            }
            pairs.append(pair)
            lineOfPair.append(index)
        }
        var output = [String](repeating: "", count: lineCount)
        let links: [String]
        if model.path != nil {
            let translator = try Translator(modelDirectory: try model.directory())
            let options = DecodingOptions(alignment: AttentionProbe(layer: layer, head: head))
            links = try pairs.map { try translator.align(source: $0.korean, target: $0.english, options: options).pharaoh }
        } else {
            var options = StatisticalAligner.Options()
            options.hmmIterations = hmmIterations
            links = StatisticalAligner(options: options).align(pairs.map { pair in
                (pair.korean.split(whereSeparator: \.isWhitespace).map(String.init), pair.english.split(whereSeparator: \.isWhitespace).map(String.init))
            }).map(\.pharaoh)
        }
        for (line, text) in zip(lineOfPair, links) { output[line] = text }
        FileHandle.standardOutput.write(Data(output.map { $0 + "\n" }.joined().utf8))
        return failures
    }
}
