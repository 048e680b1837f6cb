// The vocabulary file: a written file reads back the same, damaged files are named by line.
import Testing
@testable import Ieum

@Suite struct VocabularyFileTests {
    let header = "#ieum-vocabulary 1 normalization=nfc\n"
    let specials = "<pad>\t0\n<s>\t0\n</s>\t0\n<unk>\t0\n"

    @Test func readsWhatItWrites() throws {
        let vocabulary = try VocabularyFile.parse(header + specials + "▁사과\t-3.5\n를\t-2.25\n")
        #expect(vocabulary.pieces == ["<pad>", "<s>", "</s>", "<unk>", "▁사과", "를"])
        #expect(vocabulary.scores[4] == -3.5)
        #expect(vocabulary.normalization == .nfc)
        let again = try VocabularyFile.parse(VocabularyFile.serialize(vocabulary))
        #expect(again.pieces == vocabulary.pieces)
        #expect(again.scores == vocabulary.scores)
    }

    @Test func damagedFilesAreReportedByLine() {
        #expect(throws: TextError.invalidVocabulary(file: "v", line: 7, reason: "expected \"piece<TAB>log probability\"")) {
            try VocabularyFile.parse(header + specials + "ok\t-1\nbroken\n", name: "v")
        }
        #expect(throws: TextError.invalidVocabulary(file: "v", line: 7, reason: "piece \"a\" appears twice")) {
            try VocabularyFile.parse(header + specials + "a\t-1\na\t-2\n", name: "v")
        }
        #expect(throws: TextError.self) { try VocabularyFile.parse("<pad>\t0\n", name: "v") }
        #expect(throws: TextError.self) { try VocabularyFile.parse("#ieum-vocabulary 9\n" + specials, name: "v") }
        #expect(throws: TextError.self) { try VocabularyFile.parse(header + "<s>\t0\n<pad>\t0\n</s>\t0\n<unk>\t0\n", name: "v") }
    }
}
