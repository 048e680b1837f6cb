// `ieum corpus extract` and `ieum corpus stats` as a user runs them.
import Foundation
import Testing

@Suite struct CorpusCommandTests {
    @Test func extractPrintsCleanedPairs() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ieum-extract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let catalog = directory.appendingPathComponent("ko.mo")
        try GettextCatalogTests.compile(GettextCatalogTests.po).write(to: catalog)

        let cleaned = try TokenizeCommandTests.run(["corpus", "extract", "--mo", catalog.path])
        #expect(cleaned.status == 0)
        #expect(cleaned.output.split(separator: "\n").sorted() == ["열기\tOpen", "열다\tOpen", "저장\tSave", "파일 %d개\t%d file", "파일 %d개\t%d files"])
        let raw = try TokenizeCommandTests.run(["corpus", "extract", "--raw", "--mo", catalog.path])
        #expect(raw.output.contains("저장(_S)\t_Save"))

        let damaged = directory.appendingPathComponent("damaged.mo")
        try Data(repeating: 0, count: 10).write(to: damaged)
        let failure = try TokenizeCommandTests.run(["corpus", "extract", "--mo", damaged.path])
        #expect(failure.status != 0)
        #expect(failure.errors.contains("damaged.mo") && failure.errors.contains("too short"))
    }

    @Test func statsCountsByKindOfSource() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ieum-stats-\(UUID().uuidString).tsv")
        defer { try? FileManager.default.removeItem(at: file) }
        try """
            열기\tOpen\tgedit:usr/share/locale/ko/LC_MESSAGES/gedit.mo
            새 앨범\tNew album\tdeepin-album:usr/share/deepin-album/translations/deepin-album_ko.qm
            표 삽입하기\tInsert a table\tlibreoffice-help-ko:usr/share/libreoffice/help/ko/text/swriter/main0110.html

            """.write(to: file, atomically: true, encoding: .utf8)
        let (status, output, _) = try TokenizeCommandTests.run(["corpus", "stats", file.path])
        #expect(status == 0)
        // Hand counts: characters and space-separated words of each side.
        #expect(output.contains("| gettext | 1 | 2 | 4 | 1 | 1 |"))
        #expect(output.contains("| Qt | 1 | 4 | 9 | 2 | 2 |"))
        #expect(output.contains("| LibreOffice help | 1 | 6 | 14 | 2 | 3 |"))
        #expect(output.contains("| **total** | 3 | 12 | 27 | 5 | 6 |"))
    }
}
