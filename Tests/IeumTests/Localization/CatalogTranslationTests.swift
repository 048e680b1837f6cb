// `ieum po translate` on a team-written template with every case: msgfmt -c accepts the result.
import Foundation
import Testing
@testable import Ieum

@Suite struct CatalogTranslationTests {
    static let template = Fixtures.url("Tests/Fixtures/po/messages.pot")

    @Test func placeholdersAcceleratorsAndMarkupSurvive() throws {
        let model = try TranslateCommandTests.makeModel()
        defer { try? FileManager.default.removeItem(at: model) }
        let result = try TokenizeCommandTests.run(["po", "translate", "--model", model.path, "--beam", "1", Self.template.path])
        #expect(result.status == 0, "\(result.errors)")
        let output = model.appendingPathComponent("ko.po")
        try result.output.write(to: output, atomically: true, encoding: .utf8)
        // msgfmt's own checks: header, format strings against their flags, plural forms.
        try GettextCatalogTests.run("/usr/bin/env", ["msgfmt", "-c", "-o", "/dev/null", output.path])

        let translated = try GettextPOFile.read(output)
        let original = try GettextPOFile.read(Self.template)
        #expect(translated.entries.count == original.entries.count)
        for (entry, source) in zip(translated.entries, original.entries) {
            let message = entry.message
            #expect(message.translations.allSatisfy { !$0.isEmpty }, "\(message.id)")
            #expect(entry.isFuzzy, "\(message.id)")
            for translation in message.translations {
                #expect(PairCleaner.placeholders(in: translation) == PairCleaner.placeholders(in: source.message.pluralId ?? source.message.id),
                        "\(message.id) → \(translation)")
                #expect(CatalogTranslation.markup(translation) == CatalogTranslation.markup(message.id), "\(message.id) → \(translation)")
                #expect(translation.components(separatedBy: "\n").count == message.id.components(separatedBy: "\n").count)
            }
        }
        func translation(of id: String) -> String { translated.entries.first { $0.message.id == id }?.message.translations.first ?? "" }
        #expect(translation(of: "_Save").hasSuffix("(_S)"))
        #expect(translation(of: "Save _As...").hasSuffix("(_A)..."))
        #expect(translation(of: "E_xit").hasSuffix("(_X)"))
        #expect(translation(of: "&Open File").hasSuffix("(&O)"))
        // Korean has one plural form; the header says so.
        #expect(translated.entries.first { $0.message.pluralId != nil }?.message.translations.count == 1)
        #expect(translated.header?.message.translations.first?.contains("nplurals=1; plural=0;") == true)
        // Comments, flags, previous msgids and obsolete entries are still there.
        #expect(result.output.contains("#| msgid \"Print the document\"") && result.output.contains("#~ msgid \"An obsolete message\""))
        #expect(result.output.contains("#, fuzzy, c-format"))
    }

    @Test func translatedCatalogsComeBackByteForByte() throws {
        let model = try TranslateCommandTests.makeModel()
        defer { try? FileManager.default.removeItem(at: model) }
        // A catalog translated once, then again: nothing is left to fill, so every byte stays.
        let first = try TokenizeCommandTests.run(["po", "translate", "--model", model.path, "--beam", "1", Self.template.path])
        let translated = model.appendingPathComponent("ko.po")
        try first.output.write(to: translated, atomically: true, encoding: .utf8)
        let second = try TokenizeCommandTests.run(["po", "translate", "--model", model.path, "--beam", "1", translated.path])
        #expect(second.output == first.output)
        #expect(second.errors.contains("0 entries translated"))
    }

    @Test func messagesComeApartAndTogether() {
        let message = ProtectedMessage("Copy %d files to <b>%s</b>?")
        #expect(message.parts == [.text("Copy "), .kept("%d"), .text(" files to "), .kept("<b>"), .kept("%s"), .kept("</b>"), .kept("?")])
        #expect(message.texts == ["Copy", "files to"])
        #expect(message.assembled(["복사", "개 파일을"]) == "복사 %d 개 파일을 <b>%s</b>?")
        let save = ProtectedMessage("_Save")
        #expect(save.texts == ["Save"] && save.assembled(["저장"]) == "저장(_S)")
        let lines = ProtectedMessage("First line.\nSecond line.")
        #expect(lines.texts == ["First line.", "Second line."])
        #expect(lines.assembled(["첫째 줄.", "둘째 줄."]) == "첫째 줄.\n둘째 줄.")
        #expect(ProtectedMessage("R&D and AT&T").accelerator == nil)
        // Identifiers are not accelerators; capitalised words and word starts are.
        #expect(ProtectedMessage("could not clear search_path: %s").accelerator == nil)
        #expect(ProtectedMessage("The -R option requires pg_basebackup to parse the archive.").accelerator == nil)
        for (label, key) in [("Pre_ferences", "F"), ("Save _As", "A"), ("_open", "O")] {
            #expect(ProtectedMessage(label).accelerator?.key == Character(key), "\(label)")
        }
    }
}
