// `ieum align`: which source words each target word attended to.
import ArgumentParser
import Foundation
import Ieum

struct Align: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the word alignment of a sentence and its translation, from the model's cross-attention, or align a corpus.",
        discussion: """
            With --source the model of --to reads the sentence and --target, its translation \
            (forced decoding); without --target it translates first. When the other direction's \
            model is at hand too (the other bundled model, or --reverse-model), it reads the pair \
            the other way round and the two models' attention is averaged: a link is kept where \
            the mean is above 0.45 (--link-threshold), so a word may have several links or none. With one model \
            (--one-way, --model alone, or --layer/--head to look at one head) each target word \
            is linked to the source word it attends to most. Formats: pharaoh (source-target \
            pairs, 0-based), json (the soft matrix), text (a heatmap for the terminal), svg, html.

            With --corpus FILE (korean<TAB>english lines) a statistical aligner is trained on \
            the whole file (IBM Model 1, then fast_align's diagonal Model 2 with both directions trained by \
            agreement, five iterations each, then three of the HMM alignment model; a link is kept when \
            its two directions' posteriors average above 0.5; no model needed) and writes one Pharaoh line per input line (korean-english), \
            over whitespace-separated words: an empty or malformed line gives an empty line \
            (malformed ones are reported on stderr with their number). With --corpus and \
            --model or --reverse-model, the models align each pair instead, as above.

            Examples:
              ieum align --source "파일을 저장합니다." --target "Saves the file."
              ieum align --to ko --source "Save the file." --format svg > alignment.svg
              ieum align --corpus pairs.tsv > pairs.align
              ieum align --corpus pairs.tsv --model models/ko-en --reverse-model models/en-ko
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case pharaoh, json, text, svg, html
    }

    @OptionGroup var model: ModelOption

    @Option(help: "The source sentence.")
    var source: String?

    @Option(help: ArgumentHelp("Align every korean<TAB>english line of this file: with the statistical aligner, or with --model and --reverse-model the models.", valueName: "file"))
    var corpus: String?

    @Option(help: "With --corpus: iterations of the HMM alignment model after the diagonal model (0: none, about twice as fast).")
    var hmmIterations = 3

    @Option(help: "Its translation; omitted, the model translates.")
    var target: String?

    @Option(help: "pharaoh, json, text, svg or html.")
    var format = Format.text

    @Option(help: ArgumentHelp("The other direction's model, read together with --to's (default: the other bundled model when no --model is given).",
                               valueName: "folder"))
    var reverseModel: String?

    @Option(help: "With two models: a link is kept where their mean attention is above this.")
    var linkThreshold = Alignment.agreementThreshold

    @Flag(help: "Use only the model of --to, even when the other direction's is at hand.")
    var oneWay = false

    @Option(help: "Decoder layer whose cross-attention is read, from 0 (default: the model's supervised alignment head, or the last layer).")
    var layer: Int?

    @Option(help: "Head, from 0 (default: the model's supervised alignment head, or 0).")
    var head: Int?

    func validate() throws {
        guard (layer ?? 0) >= 0 && (head ?? 0) >= 0 else { throw ValidationError("--layer and --head count from 0") }
        guard (source == nil) != (corpus == nil) else { throw ValidationError("give --source (one sentence) or --corpus (a file), not both") }
        if corpus != nil && target != nil { throw ValidationError("--corpus takes its targets from the file; give no --target") }
        guard linkThreshold >= 0 && linkThreshold < 1 else { throw ValidationError("--link-threshold must be at least 0 and below 1") }
        guard (0...20).contains(hmmIterations) else { throw ValidationError("--hmm-iterations must be between 0 and 20") }
        if corpus != nil && model.path == nil && (layer != nil || head != nil) {
            throw ValidationError("--layer and --head choose a model's head; with --corpus they need --model")
        }
        if reverseModel != nil && (oneWay || layer != nil || head != nil) {
            throw ValidationError("--reverse-model joins two models' supervised heads; --one-way, --layer and --head look at one model")
        }
    }

    func run() throws {
        if let corpus {
            if try alignCorpus(URL(fileURLWithPath: corpus)) > 0 { throw ExitCode(1) }
            return
        }
        guard let source else { return }
        let alignment = try align(source: source, target: target, with: try translators())
        switch format {
        case .pharaoh: print(alignment.pharaoh)
        case .json: print(alignment.json)
        case .text: print(alignment.heatmap)
        case .svg: print(alignment.svg)
        case .html: print(alignment.html)
        }
    }

    /// The model of --to and, unless one way is asked for, the other direction's.
    private func translators() throws -> (forward: Translator, reverse: Translator?) {
        let forward = try Translator(modelDirectory: try model.directory())
        guard !oneWay && layer == nil && head == nil else { return (forward, nil) }
        let reverse = try reverseModel.map { try ModelOption.checked(URL(fileURLWithPath: $0)) } ?? model.bundledReverseDirectory()
        return (forward, try reverse.map { try Translator(modelDirectory: $0) })
    }

    /// One pair's alignment by the forward model, joined with the reverse model's when there is one.
    private func align(source: String, target: String?, with translators: (forward: Translator, reverse: Translator?)) throws -> Alignment {
        let forward = try translators.forward.align(source: source, target: target, options: DecodingOptions(alignment: AttentionProbe(layer: layer, head: head)))
        guard let reverse = translators.reverse else { return forward }
        let backward = try reverse.align(source: target ?? forward.targetWords.joined(separator: " "), target: source)
        guard let both = forward.agreeing(with: backward, threshold: linkThreshold) else {
            throw ValidationError("the two models split the pair into different words (\(forward.sourceWords.count)×\(forward.targetWords.count) "
                                  + "against \(backward.targetWords.count)×\(backward.sourceWords.count)); use --one-way")
        }
        return both
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
        var links: [String] = []
        if model.path != nil || reverseModel != nil {
            let translators = try translators()
            let englishToKorean = model.direction == .englishToKorean
            for (pair, line) in zip(pairs, lineOfPair) {
                do {
                    let alignment = englishToKorean
                        ? try align(source: pair.english, target: pair.korean, with: translators)
                        : try align(source: pair.korean, target: pair.english, with: translators)
                    let wordLinks = WordLinks(alignment.links.map { WordLinks.Link($0.source, $0.target) })
                    links.append((englishToKorean ? wordLinks.inverted : wordLinks).pharaoh)
                } catch {
                    failures += 1
                    links.append("")
                    FileHandle.standardError.write(Data("\(url.path): line \(line + 1): \(error)\n".utf8))
                }
            }
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
