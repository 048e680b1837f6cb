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
        Number type of the matrix products: float32, or int8 (weights quantized as the model loads, \
        faster, slightly different output).
        """, valueName: "type"))
    var computeType = ComputeType.float32

    func validate() throws {
        guard (1...DecodingOptions.maxBeamSize).contains(beam) else {
            throw ValidationError("--beam must be between 1 and \(DecodingOptions.maxBeamSize)")
        }
        guard (1...1024).contains(threads) else { throw ValidationError("--threads must be between 1 and 1024") }
    }
}

extension ComputeType: ExpressibleByArgument {}
