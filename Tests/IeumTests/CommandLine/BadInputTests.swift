// No input crashes Ieum: each class of bad input a fuzzing pass found, built in the test.
import Foundation
import Testing
@testable import Ieum

@Suite struct BadInputTests {
    /// A safetensors file from a header written by hand and `payload` bytes of data.
    static func safetensors(_ header: String, payload: Int) -> Data {
        var json = Data(header.utf8)
        while json.count % 8 != 0 { json.append(0x20) }
        var file = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { file.append(contentsOf: $0) }
        return file + json + Data(count: payload)
    }

    static let damagedHeaders: [(header: String, payload: Int, expected: String)] = [
        // 2^32 × 2^32 elements overflow Int.
        (#"{"w": {"dtype": "F32", "shape": [4294967296, 4294967296], "data_offsets": [0, 16]}}"#, 16, "impossible shape"),
        (#"{"w": {"dtype": "F32", "shape": [-1, 4], "data_offsets": [0, 16]}}"#, 16, "impossible shape"),
        // A zero-size tensor whose offsets run backwards, or past the data.
        (#"{"w": {"dtype": "F32", "shape": [0], "data_offsets": [8, 4]}}"#, 16, "needs bytes 8..<4"),
        (#"{"w": {"dtype": "F32", "shape": [0], "data_offsets": [64, 64]}}"#, 16, "needs bytes 64..<64"),
        (#"{"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}, "v": {"dtype": "F32", "shape": [2], "data_offsets": [8, 16]}}"#, 16,
         "overlap"),
        (#"{"w": {"dtype": "I64", "shape": [2], "data_offsets": [0, 16]}}"#, 16, "supported: F32, F16, BF16"),
    ]

    @Test func damagedSafetensorsHeadersAreRefusedByKey() {
        for (header, payload, expected) in Self.damagedHeaders {
            #expect {
                try SafeTensorsFile(data: Self.safetensors(header, payload: payload), name: "model.safetensors")
            } throws: { error in
                guard let error = error as? FormatError else { return false }
                return error.file == "model.safetensors" && error.reason.contains(expected)
            }
        }
    }

    /// Found by FuzzSentencePieceModel: a field length or piece type of 2^64 − 1 trapped converting to Int.
    @Test func sentencePieceModelsWithHugeLengthsAreRefused() {
        for bytes: [UInt8] in [[0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]] {
            #expect(throws: FormatError.self) { try SentencePieceModelFile(data: Data(bytes), name: "source.spm") }
        }
        // A piece whose type is 2^64 − 1 (also a trap before) reads as a normal piece.
        let piece: [UInt8] = [0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]
        #expect(throws: Never.self) { try SentencePieceModelFile(data: Data([0x0A, UInt8(piece.count)] + piece), name: "source.spm") }
    }

    @Test func weightsWithNaNAreRefused() throws {
        let header = #"{"w": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}"#
        var data = Self.safetensors(header, payload: 0)
        for value in [Float(1), .nan] { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        let file = try SafeTensorsFile(data: data, name: "model.safetensors")
        #expect(throws: FormatError(file: "model.safetensors", reason: "tensor w holds nan at element 1; the weights are damaged")) {
            try file.floats("w")
        }
    }

    /// A valid config with one key replaced, and the words the error must contain.
    static let badConfigs: [(key: String, value: String, expected: String)] = [
        ("encoder_attention_heads", "0", "expected 1 to 256"),
        ("encoder_attention_heads", "-2", "expected 1 to 256"),
        ("decoder_attention_heads", "1000000", "expected 1 to 256"),
        ("decoder_attention_heads", "3", "does not divide d_model (16)"),
        ("encoder_layers", "-1", "expected 1 to 64"),
        ("decoder_layers", "1000000000", "expected 1 to 64"),
        ("max_position_embeddings", "4000000000", "expected 1 to 16384"),
        ("d_model", "0", "expected 1 to 8192"),
        ("eos_token_id", "16000", "expected a token id from 0 to 15999"),
        ("decoder_start_token_id", "-1", "expected a token id from 0 to 15999"),
        ("pad_token_id", "99999", "expected a token id from 0 to 15999"),
        ("layer_norm_eps", "0", "expected a small positive number"),
        ("layer_norm_eps", "-1e-5", "expected a small positive number"),
        ("eos_token_id", "99999999999", "not a whole number that fits"),
        ("d_model", "1.5", "not a whole number that fits"),
    ]

    static func config(_ key: String, _ value: String) -> String {
        var fields = ["d_model": "16", "encoder_layers": "1", "decoder_layers": "1", "encoder_attention_heads": "2",
                      "decoder_attention_heads": "2", "encoder_ffn_dim": "32", "decoder_ffn_dim": "32", "vocab_size": "16000",
                      "pad_token_id": "0", "eos_token_id": "2", "decoder_start_token_id": "0"]
        fields[key] = value
        return "{" + fields.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
    }

    @Test func badConfigFieldsAreNamed() {
        #expect(throws: Never.self) { try ModelConfig.decode(Data(Self.config("d_model", "16").utf8), name: "config.json") }
        for (key, value, expected) in Self.badConfigs {
            #expect("\(key)=\(value)") {
                try ModelConfig.decode(Data(Self.config(key, value).utf8), name: "config.json")
            } throws: { error in
                guard let error = error as? FormatError else { return false }
                return error.file.hasSuffix("config.json") && error.reason.contains(key) && error.reason.contains(expected)
            }
        }
    }

    /// Bad options through the command line: a message naming the option, a usage error's
    /// status or 1, never a signal.
    @Test func badOptionsAreRefused() throws {
        let model = try TranslateCommandTests.makeModel()
        defer { try? FileManager.default.removeItem(at: model) }
        let cases: [(arguments: [String], expected: String)] = [
            (["translate", "--max-length", "0"], "--max-length"),
            (["translate", "--max-length", "-5"], "--max-length"),
            (["translate", "--beam", "100000"], "--beam"),
            (["translate", "--length-penalty", "nan"], "--length-penalty"),
            (["translate", "--min-length", "-1"], "--min-length"),
            (["align", "--source", "안녕", "--head", "99"], "head is 99"),
            (["align", "--source", "안녕", "--layer", "99"], "layer is 99"),
            (["align", "--source", "안녕", "--head", "-1"], "--head"),
            (["attention", "--source", "안녕", "--top", "-1"], "--top"),
            (["attention", "--source", "안녕", "--layer", "5"], "layers 0…0"),
        ]
        for (arguments, expected) in cases {
            let result = try TokenizeCommandTests.run(arguments + ["--model", model.path], input: Data("안녕\n".utf8))
            #expect(result.status == 1 || result.status == 64, "\(arguments)")
            #expect(result.errors.contains(expected), "\(arguments): \(result.errors)")
        }
        let withoutModel: [(arguments: [String], expected: String)] = [
            (["train-vocab", "--input", "x.tsv", "--output", "y.vocab", "--size", "0"], "--size"),
            (["train-vocab", "--input", "x.tsv", "--output", "y.vocab", "--character-coverage", "nan"], "--character-coverage"),
            (["tokenize", "--sample", "inf"], "--sample"),
            (["train", "--resume", "run", "--max-hours", "-1"], "--max-hours"),
            (["train", "--resume", "run", "--max-steps", "0"], "--max-steps"),
            (["corpus", "build", "--held-out", "-3"], "--held-out"),
            (["translate", "--compute-type", "int4"], "--compute-type"),
        ]
        for (arguments, expected) in withoutModel {
            let result = try TokenizeCommandTests.run(arguments)
            #expect(result.status == 64 && result.errors.contains(expected), "\(arguments): \(result.errors)")
        }
        // The shortest limit still answers every line.
        let shortest = try TokenizeCommandTests.run(["translate", "--max-length", "1", "--model", model.path], input: Data("안녕\n\n".utf8))
        #expect(shortest.output.split(separator: "\n", omittingEmptySubsequences: false).count == 3)
    }

    @Test func badTrainingSettingsAreNamed() {
        for training in [#"{"dropout": 1.5}"#, #"{"batch_tokens": 0}"#, #"{"learning_rate": -1}"#, #"{"max_length": 1}"#,
                         #"{"validate_every": 0}"#] {
            let key = String(training.dropFirst(2).prefix { $0 != "\"" })
            #expect("\(training)") {
                try JSONDecoder().decode(TrainingOptions.self, from: Data(training.utf8))
            } throws: { error in
                "\(error)".contains("\(key) must be")
            }
        }
    }

    @Test func decodedLineBreaksStayOnOneLine() throws {
        let vocabulary = Fixtures.bundledTokenizer.vocabulary
        let newline = try #require(vocabulary.pieces.firstIndex(of: "<0x0A>")), carriageReturn = try #require(vocabulary.pieces.firstIndex(of: "<0x0D>"))
        let breaks = [Int32(newline), Int32(carriageReturn)]
        let ids = try Fixtures.bundledTokenizer.encode("첫 줄") + breaks + (try Fixtures.bundledTokenizer.encode("둘째 줄"))
        let input = Data((ids.map(String.init).joined(separator: " ") + "\n").utf8)
        let result = try TokenizeCommandTests.run(["tokenize", "--decode", "--vocab", Fixtures.url("vocab/ko-en.vocab").path], input: input)
        #expect(result.status == 0)
        #expect(result.output.split(separator: "\n", omittingEmptySubsequences: false).count == 2)
        // "첫 줄", a space for each break, then "▁둘째 줄" with its own space.
        #expect(try Fixtures.bundledTokenizer.decode(ids).scalarValues == "첫 줄   둘째 줄".scalarValues)
    }

    @Test func rawCatalogPairsStayOnOneLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ieum-raw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let catalog = directory.appendingPathComponent("ko.mo")
        try GettextCatalogTests.compile("""
            msgid ""
            msgstr "Content-Type: text/plain; charset=UTF-8\\n"

            msgid "Name:\\tValue\\nNext line \\\\ end"
            msgstr "이름:\\t값\\n다음 줄 \\\\ 끝"

            """).write(to: catalog)
        let result = try TokenizeCommandTests.run(["corpus", "extract", "--raw", "--mo", catalog.path])
        #expect(result.output == "이름:\\t값\\n다음 줄 \\\\ 끝\tName:\\tValue\\nNext line \\\\ end\n")
    }

    @Test func vocabularyFilesFromWindowsAndBadScores() throws {
        let text = VocabularyFile.serialize(Fixtures.bundledTokenizer.vocabulary)
        let crlf = try VocabularyFile.parse(text.replacingOccurrences(of: "\n", with: "\r\n"), name: "crlf.vocab")
        #expect(crlf.pieces == Fixtures.bundledTokenizer.vocabulary.pieces)
        let badHeader = text.replacingOccurrences(of: "normalization=nfkc\n", with: "normalisation=nfkc\r\n")
        #expect(throws: TextError.invalidVocabulary(file: "bad.vocab", line: 1, reason: "unknown header field \"normalisation=nfkc\"")) {
            try VocabularyFile.parse(badHeader, name: "bad.vocab")
        }
        for score in ["nan", "inf", "-inf"] {
            let lines = text.split(separator: "\n").map(String.init)
            let piece = lines[400].split(separator: "\t")[0]
            let damaged = (lines[..<400] + ["\(piece)\t\(score)"] + lines[401...]).joined(separator: "\n")
            #expect(throws: TextError.self) { try VocabularyFile.parse(damaged, name: "bad.vocab") }
        }
    }
}
