// The .mo reader on catalogs that msgfmt compiles from team-written .po files.
import Foundation
import Testing
@testable import Ieum

@Suite struct GettextCatalogTests {
    static let po = """
        msgid ""
        msgstr ""
        "Content-Type: text/plain; charset=UTF-8\\n"
        "Plural-Forms: nplurals=1; plural=0;\\n"

        msgid "_Save"
        msgstr "저장(_S)"

        msgctxt "menu"
        msgid "Open"
        msgstr "열기"

        msgctxt "verb"
        msgid "Open"
        msgstr "열다"

        msgid "%d file"
        msgid_plural "%d files"
        msgstr[0] "파일 %d개"

        msgid "Untranslated"
        msgstr ""

        """

    /// Compiles `po` (written in `charset`) with msgfmt and returns the .mo bytes.
    static func compile(_ po: String, charset: String = "UTF-8", arguments: [String] = []) throws -> Data {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ieum-mo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let utf8 = directory.appendingPathComponent("utf8.po"), source = directory.appendingPathComponent("messages.po")
        let output = directory.appendingPathComponent("messages.mo")
        try po.write(to: utf8, atomically: true, encoding: .utf8)
        try run("/bin/sh", ["-c", "iconv -f UTF-8 -t \(charset) \"$0\" > \"$1\"", utf8.path, source.path])
        try run("/usr/bin/env", ["msgfmt"] + arguments + ["-o", output.path, source.path])
        return try Data(contentsOf: output)
    }

    static func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FormatError(file: executable, reason: "\(arguments) failed; is gettext installed (make setup)?")
        }
    }

    func expectMessages(_ catalog: GettextCatalog) {
        #expect(catalog.pluralFormCount == 1)
        #expect(catalog.messages.contains(.init(context: nil, id: "_Save", pluralId: nil, translations: ["저장(_S)"])))
        #expect(catalog.messages.contains(.init(context: "menu", id: "Open", pluralId: nil, translations: ["열기"])))
        #expect(catalog.messages.contains(.init(context: "verb", id: "Open", pluralId: nil, translations: ["열다"])))
        #expect(catalog.messages.contains(.init(context: nil, id: "%d file", pluralId: "%d files", translations: ["파일 %d개"])))
        // msgfmt leaves untranslated messages out; the header is not a message.
        #expect(catalog.messages.count == 4)
        let pairs = catalog.pairs.map { "\($0.source)=\($0.translation)" }
        #expect(pairs.sorted() == ["%d file=파일 %d개", "%d files=파일 %d개", "Open=열기", "Open=열다", "_Save=저장(_S)"])
    }

    @Test func readsContextsAndPlurals() throws {
        expectMessages(try GettextCatalog(data: Self.compile(Self.po), name: "little.mo"))
    }

    @Test func readsBothByteOrders() throws {
        let big = try Self.compile(Self.po, arguments: ["--endianness=big"])
        #expect(big.prefix(4) == Data([0x95, 0x04, 0x12, 0xDE]))
        expectMessages(try GettextCatalog(data: big, name: "big.mo"))
    }

    @Test func convertsTheDeclaredCharset() throws {
        let euckr = Self.po.replacingOccurrences(of: "charset=UTF-8", with: "charset=EUC-KR")
        let data = try Self.compile(euckr, charset: "EUC-KR")
        #expect(!data.contains(0xEC))  // 저 is B1 B3 in EUC-KR, EC A0 80 in UTF-8
        let catalog = try GettextCatalog(data: data, name: "euc-kr.mo")
        #expect(catalog.charset == "EUC-KR")
        expectMessages(catalog)
    }

    @Test func truncatedCatalogsAreReportedNotCrashed() throws {
        let data = try Self.compile(Self.po)
        for length in [0, 3, 27, 40, data.count / 2, data.count - 1] {
            #expect(throws: FormatError.self) { try GettextCatalog(data: data.prefix(length), name: "cut.mo") }
        }
        #expect(throws: FormatError(file: "x.mo", reason: "not a gettext .mo catalog (no magic number 0x950412de)")) {
            try GettextCatalog(data: Data(repeating: 7, count: 64), name: "x.mo")
        }
    }
}
