// The .qm reader on a catalog that Qt's lrelease compiled from a team-written .ts file.
import Foundation
import Testing
@testable import Ieum

@Suite struct QtCatalogTests {
    static let url = Fixtures.url("Tests/Fixtures/qt/ko.qm")

    @Test func readsWhatLreleaseWrote() throws {
        let catalog = try QtCatalog.read(Self.url)
        #expect(catalog.language == "ko_KR")
        // Context, source and translations of ko.ts's finished messages (lrelease leaves out
        // the unfinished one, orders messages by hash, and may drop comments).
        let expected = [
            "MainWindow|&Open File...|파일 열기(&O)...",
            "MainWindow|Save|저장",
            "MainWindow|%n photo(s) selected|사진 %n장 선택됨",
            "AlbumDialog|Delete the album “%1”?|“%1” 앨범을 삭제할까요?",
        ]
        let found = catalog.messages.map { "\($0.context ?? "")|\($0.source ?? "")|\($0.translations.joined(separator: "/"))" }
        #expect(found.sorted() == expected.sorted())
        #expect(catalog.pairs.count == 4)
    }

    @Test func damagedCatalogsAreReportedNotCrashed() throws {
        let data = try Data(contentsOf: Self.url)
        for length in [0, 10, 15, 20, data.count / 2, data.count - 1] {
            #expect(throws: FormatError.self) { try QtCatalog(data: data.prefix(length), name: "cut.qm") }
        }
    }
}
