// Help-page pairing on small team-written pages: ids missing, extra or repeated on a side.
import Foundation
import Testing
@testable import Ieum

@Suite struct HelpPagePairingTests {
    static let korean = """
        <!DOCTYPE html><html lang="ko"><head><title>표 삽입</title></head><body>
        <h1 id="hd_id1">표 삽입</h1>
        <p id="par_id2" class="paragraph">새 표를 <a href="x.html">삽입</a>합니다.</p>
        <p id="par_id3">행 &amp; 열의 수를 지정하십시오.
        <p id="par_id4">한국어에만 있는 문단.</p>
        <table><tr><td><p id="par_id5">셀 안의 문단</p></td></tr></table>
        <p id="par_id6">같은 id 하나</p><p id="par_id6">같은 id 둘</p>
        <p>id 없는 문단</p>
        </body></html>
        """
    static let english = """
        <!DOCTYPE html><html lang="en"><head><title>Insert Table</title></head><body>
        <h1 id="hd_id1">Insert Table</h1>
        <p id="par_id2" class="paragraph">Inserts a new <a href="x.html">table</a>.</p>
        <p id="par_id3">Specify the number of rows &amp; columns.</p>
        <p id="par_id5">A paragraph in a cell</p>
        <p id="par_id7">Only in English.</p>
        <p id="par_id6">Same id once</p><p id="par_id6">Same id twice</p>
        <p>A paragraph without an id</p>
        </body></html>
        """

    func page(_ html: String) throws -> HTMLPage { try HTMLPage(data: Data(html.utf8), name: "page.html") }

    @Test func readsBlocksInDocumentOrder() throws {
        let blocks = try page(Self.korean).blocks
        #expect(blocks.map(\.id) == ["", "hd_id1", "par_id2", "par_id3", "par_id4", "par_id5", "par_id6", "par_id6", ""])
        #expect(blocks[0].path == "html/head/title")
        #expect(blocks[5].path == "html/body/table/tr/td/p")
        // Markup inside a block is flattened, entities decoded, an unclosed <p> closed.
        #expect(blocks[2].text == "새 표를 삽입합니다.")
        #expect(blocks[3].text.hasPrefix("행 & 열의 수를 지정하십시오."))
    }

    @Test func pairsByIDSkippingMissingExtraAndRepeatedIDs() throws {
        let pairs = HelpPagePairing.byID.pairs(korean: try page(Self.korean), english: try page(Self.english))
        #expect(pairs.map(\.korean) == ["표 삽입", "새 표를 삽입합니다.", "행 & 열의 수를 지정하십시오.\n", "셀 안의 문단"])
        #expect(pairs.map(\.english) == ["Insert Table", "Inserts a new table.", "Specify the number of rows & columns.", "A paragraph in a cell"])
    }

    @Test func pairsByDocumentOrderOnlyWhenTheStructuresMatch() throws {
        let korean = try page("<html><body><h2>소개</h2><p>첫 문단</p><ul><li>항목</li></ul></body></html>")
        let english = try page("<html><body><h2>Introduction</h2><p>First paragraph</p><ul><li>Item</li></ul></body></html>")
        let pairs = HelpPagePairing.byDocumentOrder.pairs(korean: korean, english: english)
        #expect(pairs.map(\.korean) == ["소개", "첫 문단", "항목"])
        #expect(pairs.map(\.english) == ["Introduction", "First paragraph", "Item"])
        let reordered = try page("<html><body><p>First paragraph</p><h2>Introduction</h2><ul><li>Item</li></ul></body></html>")
        #expect(HelpPagePairing.byDocumentOrder.pairs(korean: korean, english: reordered).isEmpty)
    }
}
