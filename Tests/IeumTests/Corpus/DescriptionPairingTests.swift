// Package descriptions (DDTP) and debconf templates, on records written by the team.
import Testing
@testable import Ieum

@Suite struct DescriptionPairingTests {
    /// A DDTP Translation-ko excerpt: wrapped Korean (one break inside 프로그램), a list, and a
    /// description whose paragraphs do not correspond to its original.
    static let korean = """
        Package: hello-ieum
        Description-md5: 0123456789abcdef0123456789abcdef
        Description-ko: 인사말을 출력하는 예제 프로그램
         이 패키지는 여러 언어로 인사말을 출력하는 작은 예제를 제공합니다. 이 프로
         그램은 번역 도구를 시험할 때 쓰입니다.
         .
         주요 기능:
          * 인사말 출력
          * 언어 선택

        Package: broken-ieum
        Description-md5: fedcba9876543210fedcba9876543210
        Description-ko: 문단이 맞지 않는 설명
         첫째 문단과 둘째 문단을 하나로 합친 번역입니다.

        Package: orphan-ieum
        Description-md5: 00000000000000000000000000000000
        Description-ko: 원문이 없는 설명

        """

    static let english = """
        Package: hello-ieum
        Description-md5: 0123456789abcdef0123456789abcdef
        Description-en: example program that prints greetings
         This package provides a small example program that prints greetings in
         several languages. The program is used to test translation tools.
         .
         Main features:
          * printing greetings
          * choosing a language

        Package: broken-ieum
        Description-md5: fedcba9876543210fedcba9876543210
        Description-en: description whose paragraphs differ
         The first paragraph.
         .
         The second paragraph.

        """

    @Test func pairsSynopsesParagraphsAndItems() {
        let koreanFile = DebianControlFile(text: Self.korean), englishFile = DebianControlFile(text: Self.english)
        let pairing = DescriptionPairing(learningFrom: DebianControlFile(text: "Description-ko: 프로그램은 작은 프로그램입니다\n"))
        let documents = pairing.packageDocuments(korean: koreanFile, english: englishFile)
        #expect(documents.map(\.source) == ["ddtp:hello-ieum", "ddtp:broken-ieum"])
        let hello = documents[0].pairs
        #expect(hello.map(\.english) == [
            "example program that prints greetings",
            "This package provides a small example program that prints greetings in several languages. The program is used to test translation tools.",
            "Main features:", "printing greetings", "choosing a language",
        ])
        #expect(hello.map(\.korean.scalarValues) == [
            "인사말을 출력하는 예제 프로그램",
            "이 패키지는 여러 언어로 인사말을 출력하는 작은 예제를 제공합니다. 이 프로그램은 번역 도구를 시험할 때 쓰입니다.",
            "주요 기능:", "인사말 출력", "언어 선택",
        ].map(\.scalarValues))
        // Paragraph counts differ: the synopsis alone.
        #expect(documents[1].pairs.map(\.english) == ["description whose paragraphs differ"])
    }

    @Test func pairsDebconfTemplates() {
        let templates = DebianControlFile(text: """
            Template: ieum/restart
            Type: boolean
            Default: true
            Description: Restart services during upgrades?
             Some services must be restarted when their libraries are upgraded.
            Description-ko.UTF-8: 업그레이드할 때 서비스를 다시 시작하시겠습니까?
             일부 서비스는 라이브러리를 업그레이드할 때 다시 시작해야 합니다.

            Template: ieum/mode
            Type: select
            Choices: automatic, manual\\, with questions
            Choices-ko.UTF-8: 자동, 수동\\, 질문과 함께
            Description: Configuration mode:
            Description-ko.UTF-8: 설정 방식:

            Template: ieum/untranslated
            Type: note
            Description: Nobody translated this.

            """)
        let pairs = DescriptionPairing(learningFrom: DebianControlFile(text: "")).templatePairs(templates)
        #expect(pairs.map(\.english) == ["Restart services during upgrades?",
                                         "Some services must be restarted when their libraries are upgraded.",
                                         "Configuration mode:", "automatic", "manual, with questions"])
        #expect(pairs.map(\.korean.scalarValues) == ["업그레이드할 때 서비스를 다시 시작하시겠습니까?",
                                                     "일부 서비스는 라이브러리를 업그레이드할 때 다시 시작해야 합니다.",
                                                     "설정 방식:", "자동", "수동, 질문과 함께"].map(\.scalarValues))
    }
}
