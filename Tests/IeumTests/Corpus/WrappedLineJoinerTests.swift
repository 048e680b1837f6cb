// The Korean line-join rule on a table of wrapped examples written by the team.
import Testing
@testable import Ieum

@Suite struct WrappedLineJoinerTests {
    /// Unbroken text the joiner learns its words from: 전쟁, 하나로, 수, 있습니다 … occur
    /// away from any break; 쟁, 을 and 록 never stand alone.
    static let evidence: [[String]] = [
        ["이 게임은 전쟁 게임입니다. 두 팀이 하나로 합쳐질 수 있습니다."],
        ["사용자는 프로젝트를 만들 수 있습니다. 한쌍을 고르면 점수를 얻을 수 있도록 합니다."],
        ["설정 파일을 읽어 하나로 모은 다음 전쟁 기록을 남길 수 있습니다."],
    ]

    /// (a wrapped line, the next line, the joined text): a full line takes 73 columns or more
    /// with the space before it, each Hangul syllable two of them. Hand-decided from the meaning of each sentence.
    static let table: [(String, String, String)] = [
        // Inside a word: the joined word is known, its second half never stands alone.
        ("이 프로그램은 고대 역사를 배경으로 하는 실시간 전략 시뮬레이션인 고대 전", "쟁 게임입니다.",
         "이 프로그램은 고대 역사를 배경으로 하는 실시간 전략 시뮬레이션인 고대 전쟁 게임입니다."),
        ("게이머는 자원을 모으고 도시를 세우며 다른 여러 문명과 함께 경쟁할 수 있도", "록 합니다.",
         "게이머는 자원을 모으고 도시를 세우며 다른 여러 문명과 함께 경쟁할 수 있도록 합니다."),
        ("이 패키지는 전통적인 체스 말 서른두 개에 추가로 아주 새로운 모양의 말 한쌍", "을 더합니다.",
         "이 패키지는 전통적인 체스 말 서른두 개에 추가로 아주 새로운 모양의 말 한쌍을 더합니다."),
        // At a dropped space: the second half is a word of its own.
        ("같은 숫자가 적힌 타일 두 개가 서로 만나게 되면 그 두 개의 타일들은 곧바로", "하나로 합쳐집니다.",
         "같은 숫자가 적힌 타일 두 개가 서로 만나게 되면 그 두 개의 타일들은 곧바로 하나로 합쳐집니다."),
        ("플레이어는 여러 종류의 무기를 사용하여 상대방을 완전히 정복할 때까지 싸울", "수 있습니다.",
         "플레이어는 여러 종류의 무기를 사용하여 상대방을 완전히 정복할 때까지 싸울 수 있습니다."),
        // A short line ended at a space, whatever the words.
        ("짧은 줄 전", "쟁", "짧은 줄 전 쟁"),
        // No letters touch across the break.
        ("이 게임에서는 화살표 키를 네 방향으로 사용해서 비슷한 숫자가 적혀 있는 타일", "(2n)을 결합합니다.",
         "이 게임에서는 화살표 키를 네 방향으로 사용해서 비슷한 숫자가 적혀 있는 타일 (2n)을 결합합니다."),
    ]

    @Test func joinsInsideWordsOnly() {
        let joiner = WrappedLineJoiner(learningFrom: Self.evidence)
        for (first, second, expected) in Self.table {
            #expect(joiner.join([first, second]).scalarValues == expected.scalarValues, "\(first) | \(second)")
        }
    }

    @Test func columnsCountHangulTwice() {
        #expect(WrappedLineJoiner.displayWidth("가나 ab") == 7)
        #expect(WrappedLineJoiner.displayWidth(Self.table[0].0) == 72)
        #expect(WrappedLineJoiner.displayWidth(Self.table[5].0) == 10)
    }
}
