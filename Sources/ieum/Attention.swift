// `ieum attention`: the keys each query attends to most, in one layer and head.
import ArgumentParser
import Foundation
import Ieum

struct Attention: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show, for each query token, the keys it attends to most in one layer and head.",
        discussion: """
            --kind self looks into the encoder's self-attention (source pieces over source \
            pieces); --kind cross into the decoder's cross-attention while it reads the model's \
            own translation (target pieces over source pieces). Layers and heads count from 0.

            Example:
              ieum attention --model DIR --source "파일을 저장합니다." --layer 2 --head 1 --kind cross --top 3
            """
    )

    @OptionGroup var model: ModelOption

    @Option(help: "The source sentence.")
    var source: String

    @Option(help: "Layer, from 0.")
    var layer = 0

    @Option(help: "Head, from 0.")
    var head = 0

    @Option(help: "self (encoder) or cross (decoder over the source).")
    var kind = Translator.AttentionKind.cross

    @Option(help: "Keys listed per query.")
    var top = 3

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
        guard layer >= 0 && head >= 0 else { throw ValidationError("--layer and --head count from 0") }
    }

    func run() throws {
        let directory = try model.directory()
        let (queries, keys, weights) = try Translator(modelDirectory: directory).attention(source: source, kind: kind, layer: layer, head: head)
        var rows = [["query", "key", "weight"]]
        for (row, query) in queries.enumerated() {
            let scores = weights[(row * keys.count)..<((row + 1) * keys.count)]
            let best = scores.indices.sorted { scores[$0] > scores[$1] }.prefix(top)
            for (rank, index) in best.enumerated() {
                rows.append([rank == 0 ? query : "", keys[index - row * keys.count], String(format: "%.3f", scores[index])])
            }
        }
        let widths = (0..<3).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            print(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: " | "))
        }
    }
}

extension Translator.AttentionKind: ExpressibleByArgument {}
