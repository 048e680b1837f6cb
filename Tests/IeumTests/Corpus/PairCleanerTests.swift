// Each cleaning rule on a table of hand-written examples.
import Testing
@testable import Ieum

@Suite struct PairCleanerTests {
    static let kept: [(korean: String, english: String, cleanKorean: String, cleanEnglish: String)] = [
        ("저장(_S)", "_Save", "저장", "Save"),
        ("파일 (&F)", "&File", "파일", "File"),
        ("~파일 열기", "~Open File", "파일 열기", "Open File"),
        ("끝내기(_X)", "E_xit", "끝내기", "Exit"),
        ("<b>굵게</b> 표시", "<b>Bold</b> text", "굵게 표시", "Bold text"),
        ("<a href=\"https://example.org\">웹사이트</a>를 방문하세요", "Visit the <a href=\"https://example.org\">website</a>",
         "웹사이트를 방문하세요", "Visit the website"),
        ("첫 줄<br/>둘째 줄", "First line<br>second line", "첫 줄 둘째 줄", "First line second line"),
        ("찾기 &amp; 바꾸기", "Find &amp; Replace", "찾기 & 바꾸기", "Find & Replace"),
        ("복사 && 붙여넣기", "Copy && Paste", "복사 & 붙여넣기", "Copy & Paste"),
        ("&#8220;인용&#8221;", "&#x201C;quote&#x201D;", "\u{201C}인용\u{201D}", "\u{201C}quote\u{201D}"),
        ("  여러   공백\n줄 ", " many\t spaces ", "여러 공백 줄", "many spaces"),
        ("%s 파일을 열 수 없습니다", "Cannot open %s", "%s 파일을 열 수 없습니다", "Cannot open %s"),
        ("%2$s의 %1$s", "%1$s of %2$s", "%2$s의 %1$s", "%1$s of %2$s"),
        ("{0}개 항목", "{0} items", "{0}개 항목", "{0} items"),
        ("%1개 중 %2번째", "%2 of %1", "%1개 중 %2번째", "%2 of %1"),
        ("100%% 완료", "100%% done", "100%% 완료", "100%% done"),
        ("%(name)s 님, 안녕하세요", "Hello, %(name)s", "%(name)s 님, 안녕하세요", "Hello, %(name)s"),
        ("%-5.2f초 남음", "%-5.2f seconds left", "%-5.2f초 남음", "%-5.2f seconds left"),
        ("my_file_name 파일", "the my_file_name file", "my_file_name 파일", "the my_file_name file"),
        ("확인", "OK", "확인", "OK"),
        ("어느 부분으로 갈까요 (<ret>: 더 보기)?", "go to which hunk (<ret> to see more)?",
         "어느 부분으로 갈까요 (<ret>: 더 보기)?", "go to which hunk (<ret> to see more)?"),
        ("S&W 탄", "S&W round", "S&W 탄", "S&W round"),
        ("약 ~5분", "about ~5 minutes", "약 ~5분", "about ~5 minutes"),
    ]

    static let dropped: [(korean: String, english: String, reason: PairCleaner.Rejection)] = [
        ("", "Empty", .empty),
        ("<b></b>", "Bold", .empty),
        ("열기", "   ", .empty),
        ("GNU", "GNU", .identical),
        ("Save", "Save as", .noHangul),
        ("ㅋㅋ", "^^", .noLetters),
        ("오후 12:30", "12:30", .noLetters),
        ("%d개 파일", "%s files", .placeholdersDiffer),
        ("파일 %s", "File", .placeholdersDiffer),
        ("{0}개", "{1} items", .placeholdersDiffer),
        ("가", "A very long English sentence that goes on and on", .lengthRatio),
        ("아주 긴 한국어 문장입니다 정말로 길어요 계속 길어요", "Hi", .lengthRatio),
        (String(repeating: "가나다 ", count: 200), String(repeating: "abc def ", count: 200), .tooLong),
    ]

    @Test(arguments: kept)
    func keepsAndCleans(_ example: (korean: String, english: String, cleanKorean: String, cleanEnglish: String)) throws {
        let result = try PairCleaner().clean(korean: example.korean, english: example.english).get()
        #expect(result.korean.unicodeScalars.map(\.value) == example.cleanKorean.unicodeScalars.map(\.value), "\(example.korean)")
        #expect(result.english.unicodeScalars.map(\.value) == example.cleanEnglish.unicodeScalars.map(\.value), "\(example.english)")
    }

    @Test(arguments: dropped)
    func dropsWithAReason(_ example: (korean: String, english: String, reason: PairCleaner.Rejection)) {
        let result = PairCleaner().clean(korean: example.korean, english: example.english)
        guard case .failure(let reason) = result else {
            Issue.record("kept \(example.korean) / \(example.english)")
            return
        }
        #expect(reason == example.reason, "\(example.korean) / \(example.english)")
    }

    @Test func placeholderForms() {
        #expect(PairCleaner.placeholders(in: "%s and %1$d, %(x)s, %L1, %2, {0} {name} 100%% %5d %.3f")
            == ["%(x)s", "%.3f", "%1$d", "%2", "%5d", "%L1", "%s", "{0}", "{name}"])
        #expect(PairCleaner.placeholders(in: "no placeholders here: 50% {not one}") == [])
    }
}
