// `ieum align`: which source words each target word attended to.
import ArgumentParser
import Foundation
import Ieum

struct Align: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the word alignment of a sentence and its translation, from the model's cross-attention.",
        discussion: """
            With --target the model reads the given translation (forced decoding); without it, \
            the model translates first. Formats: pharaoh (source-target pairs, 0-based), json \
            (the soft matrix), text (a heatmap for the terminal), svg, html.

            Examples:
              ieum align --model DIR --source "파일을 저장합니다." --target "Saves the file."
              ieum align --model DIR --source "파일을 저장합니다." --format svg > alignment.svg
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case pharaoh, json, text, svg, html
    }

    @OptionGroup var model: ModelOption

    @Option(help: "The source sentence.")
    var source: String

    @Option(help: "Its translation; omitted, the model translates.")
    var target: String?

    @Option(help: "pharaoh, json, text, svg or html.")
    var format = Format.text

    @Option(help: "Decoder layer whose cross-attention is read, from 0 (default: the last).")
    var layer: Int?

    @Option(help: "Head, from 0.")
    var head = 0

    func validate() throws {
        guard (layer ?? 0) >= 0 && head >= 0 else { throw ValidationError("--layer and --head count from 0") }
    }

    func run() throws {
        let directory = try model.directory()
        var options = DecodingOptions()
        (options.alignmentLayer, options.alignmentHead) = (layer, head)
        let alignment = try Translator(modelDirectory: directory).align(source: source, target: target, options: options)
        switch format {
        case .pharaoh: print(alignment.pharaoh)
        case .json: print(alignment.json)
        case .text: print(alignment.heatmap)
        case .svg: print(alignment.svg)
        case .html: print(alignment.html)
        }
    }
}
