// `ieum convert`: a Hugging Face Marian (opus-mt) directory, or Ieum checkpoints averaged,
// become an Ieum model directory.
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
            reads; --fp16 halves the weights' size. Several directories of one model, such as \
            the last checkpoints of a training run, are averaged weight by weight.

            Examples:
              ieum convert --from marian opus-mt-ko-en --output models/opus-ko-en
              ieum convert --from ieum runs/small/best --output models/ko-en --fp16
              ieum convert --from ieum runs/small/step-7000 runs/small/step-7500 --output models/ko-en
            """
    )

    enum Source: String, ExpressibleByArgument { case marian, ieum }

    @Option(name: .customLong("from"), help: "The kind of directory: marian or ieum.")
    var kind: Source

    @Argument(help: ArgumentHelp("The model directory, or several of one model to average.", valueName: "directory"))
    var inputs: [String]

    @Option(help: ArgumentHelp("Where the Ieum model directory goes.", valueName: "folder"))
    var output: String

    @Flag(help: "Store the weights as 16-bit floats.")
    var fp16 = false

    @Flag(help: "Store the weight matrices as int8 with a scale per row (a quarter of float32's size); the rest as float32.")
    var int8 = false

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("Give the model directory to convert.") }
        guard !(fp16 && int8) else { throw ValidationError("--fp16 and --int8 are two storage types; give one") }
        let marker = kind == .marian ? "source.spm" : "tokenizer.vocab"
        for input in inputs where !FileManager.default.fileExists(atPath: URL(fileURLWithPath: input).appendingPathComponent(marker).path) {
            throw ValidationError("\(input) has no \(marker): not a \(kind.rawValue) model directory")
        }
    }

    func run() throws {
        try ModelConversion.convert(inputs.map { URL(fileURLWithPath: $0) }, to: URL(fileURLWithPath: output), dataType: int8 ? .i8 : fp16 ? .f16 : .f32)
        print(inputs.count > 1 ? "wrote the mean of \(inputs.count) models to \(output)" : "wrote \(output)")
    }
}
