// `ieum corpus`: builds and inspects the Korean-English corpus.
import ArgumentParser

struct CorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corpus",
        abstract: "Build and inspect the parallel corpus (korean<TAB>english<TAB>source lines).",
        discussion: """
            `make corpus` downloads the Debian packages of corpora/recipe and runs \
            `ieum corpus build` on them. `extract` shows what one catalog gives; `stats` counts \
            a corpus file.
            """,
        subcommands: [CorpusBuild.self, CorpusExtract.self, CorpusStats.self]
    )
}
