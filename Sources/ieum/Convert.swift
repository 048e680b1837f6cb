// `ieum convert`: a Hugging Face Marian (opus-mt) directory becomes an Ieum model directory.
import ArgumentParser
import Foundation
import Ieum

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert a Hugging Face Marian (opus-mt) or Ieum model directory into an Ieum model directory.",
        discussion: """
            Reads config.json, model.safetensors and the tokenizer files of a MarianMTModel \
            directory (--from marian) or of an Ieum model directory such as a training \
            checkpoint (--from ieum), and writes an Ieum model directory that `ieum translate` \
            reads; --fp16 halves the weights' size.

            Examples:
              ieum convert --from marian opus-mt-ko-en --output models/opus-ko-en
              ieum convert --from ieum runs/small/best --output models/ko-en --fp16
            """
    )

    enum Source: String, ExpressibleByArgument { case marian, ieum }

    @Option(name: .customLong("from"), help: "The kind of directory: marian or ieum.")
    var kind: Source

    @Argument(help: ArgumentHelp("The Hugging Face directory.", valueName: "directory"))
    var input: String

    @Option(help: ArgumentHelp("Where the Ieum model directory goes.", valueName: "folder"))
    var output: String

    @Flag(help: "Store the weights as 16-bit floats.")
    var fp16 = false

    func run() throws {
        let marker = kind == .marian ? "source.spm" : "tokenizer.vocab"
        guard FileManager.default.fileExists(atPath: URL(fileURLWithPath: input).appendingPathComponent(marker).path) else {
            throw ValidationError("\(input) has no \(marker): not a \(kind.rawValue) model directory")
        }
        try ModelConversion.convert(URL(fileURLWithPath: input), to: URL(fileURLWithPath: output), dataType: fp16 ? .f16 : .f32)
        print("wrote \(output)")
    }
}
