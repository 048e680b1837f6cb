// The `ieum` command-line tool: a thin layer over the Ieum library.
import ArgumentParser

@main
struct IeumCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ieum",
        abstract: "Korean↔English neural machine translation toolkit.",
        discussion: """
            Every command that reads lines writes exactly one line per input line. A line that \
            cannot be processed gives an empty line and a message on stderr with its number; \
            the exit status is 1 when any line failed.
            """,
        subcommands: [Translate.self, Serve.self, Po.self, Align.self, Attention.self, Convert.self, Tokenize.self, TrainVocab.self, Train.self, Score.self,
                      CorpusCommand.self]
    )
}
