// `ieum convert`: a Hugging Face Marian (opus-mt) directory becomes an Ieum model directory.
import ArgumentParser
import Foundation
import Ieum

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert a Hugging Face Marian (opus-mt) directory into an Ieum model directory.",
        discussion: """
            Reads config.json, model.safetensors and the SentencePiece tokenizer files of a \
            MarianMTModel directory and writes an Ieum model directory that `ieum translate` \
            reads; --fp16 halves the weights' size.

            Example:
              ieum convert --from marian opus-mt-ko-en --output models/opus-ko-en
            """
    )

    enum Source: String, ExpressibleByArgument { case marian }

    @Option(name: .customLong("from"), help: "The kind of checkpoint: marian.")
    var kind: Source

    @Argument(help: ArgumentHelp("The Hugging Face directory.", valueName: "directory"))
    var input: String

    @Option(help: ArgumentHelp("Where the Ieum model directory goes.", valueName: "folder"))
    var output: String

    @Flag(help: "Store the weights as 16-bit floats.")
    var fp16 = false

    func run() throws {
        try MarianConversion.convert(URL(fileURLWithPath: input), to: URL(fileURLWithPath: output), dataType: fp16 ? .f16 : .f32)
        print("wrote \(output)")
    }
}
