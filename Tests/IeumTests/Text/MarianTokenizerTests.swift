// Tokenization parity with transformers' MarianTokenizer on the fixture inputs.
import Foundation
import Testing
@testable import Ieum

@Suite struct MarianTokenizerTests {
    @Test(arguments: MarianParityTests.models)
    func idsEqualTheirs(_ name: String) throws {
        let directory = Fixtures.url("Tests/Fixtures/marian/\(name)")
        let tokenizer = try MarianTokenizer(directory: directory)
        let (_, expected, _) = try MarianParityTests.load(name)
        var equal = 0
        for input in expected.inputs {
            let ids = try tokenizer.encode(input.text)
            #expect(ids == input.input_ids, "\(input.text)")
            if ids == input.input_ids { equal += 1 }
        }
        print("\(name): \(equal)/\(expected.inputs.count) inputs tokenized as MarianTokenizer does")
    }

    @Test func damagedModelsAreNamed() {
        #expect(throws: FormatError.self) { try SentencePieceModelFile(data: Data([0x0A, 0xFF]), name: "bad.spm") }
        #expect(throws: FormatError.self) { try SentencePieceModelFile(data: Data(), name: "empty.spm") }
    }
}

extension MarianTokenizerTests {
    /// A Hugging Face Marian directory translates as it is: text in, the same tokens as
    /// transformers' generate out.
    @Test(arguments: MarianParityTests.models)
    func marianDirectoriesTranslateDirectly(_ name: String) throws {
        let directory = Fixtures.url("Tests/Fixtures/marian/\(name)")
        let translator = try Translator(modelDirectory: directory)
        let (_, expected, _) = try MarianParityTests.load(name)
        let options = DecodingOptions(beamSize: 4, maxLengthRatio: 0, maxLengthOffset: 24, maxLengthLimit: 24)
        let translations = translator.translate(expected.inputs.map(\.text), options: options, threads: 2)
        for (input, translation) in zip(expected.inputs, translations) {
            let reference = try translator.codec.text(ofTarget: Array(input.beam4.dropFirst()))
            let text = try translation.get().text
            #expect(text == reference, "\(input.text)")
        }
    }
}
