// --beam, --threads and --compute-type, shared by the commands that translate.
import ArgumentParser
import Foundation
import Ieum

struct SearchOption: ParsableArguments {
    @Option(help: "Beam size; 1 is greedy search.")
    var beam = 4

    @Option(help: "Sentences translated at once, one per thread (default: one per core).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: ArgumentHelp("""
        Number type of the matrix products: float32, or int8 (weights quantized as the model loads; \
        about 2.5× as fast, slightly different output). Default: the model's own, int8 when its \
        weights are stored in int8 (ieum convert --int8), float32 otherwise.
        """, valueName: "type"))
    var computeType: ComputeType?

    func validate() throws {
        guard (1...DecodingOptions.maxBeamSize).contains(beam) else {
            throw ValidationError("--beam must be between 1 and \(DecodingOptions.maxBeamSize)")
        }
        guard (1...1024).contains(threads) else { throw ValidationError("--threads must be between 1 and 1024") }
    }
}

extension ComputeType: ExpressibleByArgument {}
