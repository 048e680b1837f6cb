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

extension MarianTokenizerTests {
    /// `ieum convert --from marian` gives a directory that translates exactly as the original
    /// (F32), and nearly so in F16, in half the size.
    @Test func convertedDirectoriesTranslateTheSame() throws {
        let original = Fixtures.url("Tests/Fixtures/marian/tiny-separate")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("ieum-convert-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let (_, expected, _) = try MarianParityTests.load("tiny-separate")
        let input = Data(expected.inputs.map(\.text).joined(separator: "\n").utf8)
        let reference = try TokenizeCommandTests.run(["translate", "--model", original.path, "--beam", "2"], input: input)

        let converted = try TokenizeCommandTests.run(["convert", "--from", "marian", original.path, "--output", output.path])
        #expect(converted.status == 0)
        let again = try TokenizeCommandTests.run(["translate", "--model", output.path, "--beam", "2"], input: input)
        #expect(again.output == reference.output)

        let half = output.appendingPathComponent("fp16")
        _ = try TokenizeCommandTests.run(["convert", "--from", "marian", original.path, "--output", half.path, "--fp16"])
        let size = { (url: URL) in (try FileManager.default.attributesOfItem(atPath: url.appendingPathComponent("model.safetensors").path)[.size] as? Int) ?? 0 }
        #expect(try size(half) < size(output) * 6 / 10)
        let tensors = try SafeTensorsFile(url: original.appendingPathComponent("expected.safetensors"))
        let halfModel = try Transformer(directory: half)
        let first = expected.inputs[0]
        var cache = halfModel.startDecoding(encoderOutput: halfModel.encode(first.input_ids), sourceLength: first.input_ids.count, maxLength: 24)
        let logits = halfModel.decode(first.greedy, cache: &cache)
        #expect(MarianParityTests.maxDifference(logits, try tensors.floats("logits.0")) < 0.05)
    }
}
