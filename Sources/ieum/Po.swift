// `ieum po translate`: a gettext catalog pre-translated for review.
import ArgumentParser
import Foundation
import Ieum

struct Po: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Work with gettext catalogs (.po, .pot).",
        subcommands: [PoTranslate.self]
    )
}

struct PoTranslate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate",
        abstract: "Pre-translate the untranslated entries of a gettext catalog, marked fuzzy for review.",
        discussion: """
            Reads a .po or .pot file and writes it to standard output with every untranslated \
            entry (or every entry, with --retranslate) filled in and marked fuzzy; every other \
            line comes out exactly as it was. Placeholders (%s, %1$d, %(name)s, {0}, %1), markup \
            (<b>, &amp;) and line breaks are kept as they are, and an accelerator follows the \
            Korean convention (_Save becomes 저장(_S)). An entry whose placeholders would not come \
            through is left untranslated and reported on stderr with its line. A template's \
            header becomes a Korean catalog's (UTF-8, Language: ko, one plural form).

            Example:
              ieum po translate --to ko messages.pot > ko.po && msgfmt -c -o /dev/null ko.po
            """
    )

    @OptionGroup var model: ModelOption

    @Argument(help: ArgumentHelp("The catalog: a .po or .pot file.", valueName: "file"))
    var file: String

    @Flag(help: "Translate every entry, not only the untranslated ones.")
    var retranslate = false

    @OptionGroup var search: SearchOption

    func run() throws {
        let catalog = try GettextPOFile.read(URL(fileURLWithPath: file))
        let translator = try Translator(modelDirectory: try model.directory(), computeType: search.computeType)
        let result = CatalogTranslation(catalog, translator: translator, options: DecodingOptions(beamSize: search.beam), threads: search.threads,
                                        retranslate: retranslate)
        FileHandle.standardOutput.write(Data(result.text.utf8))
        for (line, reason) in result.skipped {
            FileHandle.standardError.write(Data("ieum: \(file): line \(line): left untranslated: \(reason)\n".utf8))
        }
        FileHandle.standardError.write(Data("ieum: \(result.translatedCount) entries translated (marked fuzzy), \(result.skipped.count) left as they were\n".utf8))
    }
}
