// The .po reader against msgfmt: the same team-written catalog read as text and as msgfmt compiles it.
import Foundation
import Testing
@testable import Ieum

@Suite struct GettextPOFileTests {
    /// A debconf-style catalog: multi-line strings with escapes, a context, a plural, a fuzzy
    /// entry, an untranslated one, an obsolete one and comments.
    static let po = """
        # Korean translation of ieum's debconf templates.
        msgid ""
        msgstr ""
        "Content-Type: text/plain; charset=UTF-8\\n"
        "Plural-Forms: nplurals=1; plural=0;\\n"

        #. Type: boolean
        #. Description
        #: ../templates:1001
        msgid "Restart services during package upgrades without asking?"
        msgstr "패키지 업그레이드 중 묻지 않고 서비스를 다시 시작하시겠습니까?"

        #. Type: note
        #: ../templates:2001
        msgid ""
        "There are services installed on your system which need to be restarted "
        "when certain libraries are upgraded.\\n"
        "\\"Quoted\\" words stay quoted."
        msgstr ""
        "어떤 라이브러리를 업그레이드할 때 다시 시작해야 하는 서비스가 시스템에 "
        "설치되어 있습니다.\\n"
        "\\"따옴표\\" 안의 말은 그대로 둡니다."

        msgctxt "button"
        msgid "Open"
        msgstr "열기"

        #, c-format
        msgid "%d service"
        msgid_plural "%d services"
        msgstr[0] "서비스 %d개"

        #, fuzzy
        #| msgid "Old text"
        msgid "Text that changed"
        msgstr "예전 번역"

        msgid "Not translated yet"
        msgstr ""

        #~ msgid "Obsolete"
        #~ msgstr "더 이상 쓰지 않음"

        """

    @Test func readsWhatMsgfmtCompiles() throws {
        let text = try GettextPOFile(data: Data(Self.po.utf8), name: "ko.po")
        let compiled = try GettextCatalog(data: try GettextCatalogTests.compile(Self.po), name: "ko.mo")
        // msgfmt leaves out fuzzy and untranslated entries; so do the pairs.
        let translated = text.entries.filter { !$0.isFuzzy && $0.message.translations.contains { !$0.isEmpty } }.map(\.message)
        func byKey(_ messages: [GettextCatalog.Message]) -> [GettextCatalog.Message] {
            messages.sorted { ($0.context ?? "", $0.id) < ($1.context ?? "", $1.id) }
        }
        #expect(byKey(translated) == byKey(compiled.messages))
        #expect(text.pairs.map(\.source).sorted() == compiled.pairs.map(\.source).sorted())
        #expect(text.pairs.map(\.translation).sorted() == compiled.pairs.map(\.translation).sorted())
        #expect(text.entries.first { $0.message.id == "Text that changed" }?.isFuzzy == true)
        #expect(text.entries.first { $0.message.id == "%d service" }?.flags == ["c-format"])
        #expect(!text.entries.contains { $0.message.id == "Obsolete" })
    }

    @Test func damagedCatalogsNameTheLine() {
        for (po, line) in [("msgid \"a\"\nmsgstr \"b\nmsgid", 2), ("\"orphan\"\n", 1), ("msgid \"a\"\nmsgfoo \"b\"\n", 2)] {
            #expect {
                try GettextPOFile(data: Data(po.utf8), name: "bad.po")
            } throws: { error in
                (error as? FormatError).map { $0.file == "bad.po" && $0.reason.hasPrefix("line \(line):") } ?? false
            }
        }
    }
}
