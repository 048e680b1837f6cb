// `ieum translate` on bad input and damaged models: one line out per line in, clear messages.
import Foundation
import Testing
@testable import Ieum

@Suite struct TranslateCommandTests {
    /// A random 1+1-layer model over the bundled vocabulary, written as an Ieum model directory.
    static func makeModel() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ieum-model-\(UUID().uuidString)")
        let vocabulary = Fixtures.bundledTokenizer.vocabulary
        let json = """
            {"d_model": 16, "encoder_layers": 1, "decoder_layers": 1, "encoder_attention_heads": 2,
             "decoder_attention_heads": 2, "encoder_ffn_dim": 32, "decoder_ffn_dim": 32,
             "vocab_size": \(vocabulary.count), "max_position_embeddings": 256, "activation_function": "swish",
             "pad_token_id": 0, "eos_token_id": 2, "decoder_start_token_id": 0, "forced_eos_token_id": 2}
            """
        let config = try JSONDecoder().decode(ModelConfig.self, from: Data(json.utf8))
        let layout = ParameterLayout(config: config)
        try ModelDirectory.write(config: config, tensors: layout.tensors(layout.randomValues(standardDeviation: 0.1, seed: 5)),
                                 vocabulary: vocabulary, to: directory)
        return directory
    }

    @Test(arguments: ["float32", "int8"])
    func badLinesAreReportedAndEveryLineAnswered(_ computeType: String) throws {
        let model = try Self.makeModel()
        defer { try? FileManager.default.removeItem(at: model) }
        var input = Data("문서를 저장합니다.\n\n".utf8)
        input.append(contentsOf: [0xC3, 0x28, 0x0A])  // line 3: not UTF-8
        input.append(Data((String(repeating: "가나다라 ", count: 4000) + "\n마지막 줄\n").utf8))  // line 4: 20,000 characters
        let (status, output, errors) = try TokenizeCommandTests.run(["translate", "--model", model.path, "--beam", "2", "--compute-type", computeType],
                                                                input: input)
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 5)
        #expect(lines[1].isEmpty && lines[2].isEmpty && lines[3].isEmpty)
        #expect(errors.contains("line 3") && errors.contains("UTF-8"))
        #expect(errors.contains("line 4") && errors.contains("too long"))
        #expect(!errors.contains("line 1") && !errors.contains("line 5"))
        #expect(!errors.contains("lines/s"), "no progress line when stderr is not a terminal")
        #expect(status == 1)
    }

    /// Through a pipe, as a person typing: each line's translation arrives before the next
    /// line is written (the tool does not wait for the end of its input).
    @Test func eachLineIsAnsweredBeforeTheNext() throws {
        let model = try Self.makeModel()
        defer { try? FileManager.default.removeItem(at: model) }
        let process = Process()
        process.executableURL = TokenizeCommandTests.executable
        process.arguments = ["translate", "--model", model.path, "--beam", "1"]
        let input = Pipe(), output = Pipe()
        (process.standardInput, process.standardOutput) = (input, output)
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let reader = output.fileHandleForReading
        for line in ["문서를 저장합니다.", "", "창을 닫습니다."] {
            input.fileHandleForWriting.write(Data((line + "\n").utf8))
            // One line of output within 60 s, read on another thread so that a tool that
            // waits for the end of input fails the test instead of hanging it.
            let answered = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var received = Data()
            Thread.detachNewThread {
                while received.last != 0x0A {
                    let byte = reader.readData(ofLength: 1)
                    if byte.isEmpty { break }
                    received.append(byte)
                }
                answered.signal()
            }
            #expect(answered.wait(timeout: .now() + 60) == .success, "no answer to \(line) before the next line")
            #expect(received.last == 0x0A)
        }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    /// In a terminal (util-linux's `script` gives the tool one), a file on standard input
    /// shows a progress line with the ETA.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func progressInATerminal() throws {
        let model = try Self.makeModel()
        defer { try? FileManager.default.removeItem(at: model) }
        let input = model.appendingPathComponent("input.txt")
        try String(repeating: "문서를 저장합니다.\n", count: 40).write(to: input, atomically: true, encoding: .utf8)
        let command = "'\(TokenizeCommandTests.executable.path)' translate --model '\(model.path)' --beam 1 --threads 1 < '\(input.path)' > /dev/null"
        let result = try TokenizeCommandTests.runProgram("/usr/bin/script", ["-qec", command, "/dev/null"])
        #expect(result.status == 0)
        #expect(result.output.contains(" lines | ") && result.output.contains("lines/s") && result.output.contains("ETA"), "\(result.output)")
    }

    @Test func damagedModelsAreNamed() throws {
        let model = try Self.makeModel()
        defer { try? FileManager.default.removeItem(at: model) }
        let weights = model.appendingPathComponent("model.safetensors")
        let data = try Data(contentsOf: weights)
        try data.prefix(data.count / 2).write(to: weights)
        let truncated = try TokenizeCommandTests.run(["translate", "--model", model.path], input: Data("안녕\n".utf8))
        #expect(truncated.status != 0)
        #expect(truncated.errors.contains("model.safetensors") && truncated.errors.contains("truncated"))

        let config = model.appendingPathComponent("config.json")
        let text = try String(contentsOf: config, encoding: .utf8).replacingOccurrences(of: "\"d_model\"", with: "\"width\"")
        try text.write(to: config, atomically: true, encoding: .utf8)
        let missingKey = try TokenizeCommandTests.run(["translate", "--model", model.path], input: Data("안녕\n".utf8))
        #expect(missingKey.status != 0)
        #expect(missingKey.errors.contains("config.json") && missingKey.errors.contains("d_model"))

        let absent = try TokenizeCommandTests.run(["translate", "--model", "/nonexistent/model"], input: Data("안녕\n".utf8))
        #expect(absent.status != 0 && absent.errors.contains("/nonexistent/model"))
    }
}

@Suite struct CheckpointTests {
    /// Weights written back under their checkpoint names and read again give the same logits.
    @Test(arguments: MarianParityTests.models)
    func writtenWeightsReadBackTheSame(_ name: String) throws {
        let (model, expected, _) = try MarianParityTests.load(name)
        let file = try SafeTensorsFile(url: Fixtures.url("Tests/Fixtures/marian/\(name)/model.safetensors"))
        let data = SafeTensorsWriter.data(try ParameterLayout(config: model.config).tensors(from: file))
        let reread = try Transformer(config: model.config,
                                     weights: TransformerWeights(file: SafeTensorsFile(data: data, name: "rewritten"), config: model.config))
        let input = expected.inputs[0]
        var first = model.startDecoding(encoderOutput: model.encode(input.input_ids), sourceLength: input.input_ids.count, maxLength: 24)
        var second = reread.startDecoding(encoderOutput: reread.encode(input.input_ids), sourceLength: input.input_ids.count, maxLength: 24)
        #expect(model.decode(input.greedy, cache: &first) == reread.decode(input.greedy, cache: &second))
    }
}

@Suite struct TranslatorAlignmentTests {
    /// Shapes, rows summing to 1 and links in range, from a (random) model's real attention.
    @Test(arguments: [1, 3])
    func alignmentsFromTheModelsAttention(_ beam: Int) throws {
        let model = try TranslateCommandTests.makeModel()
        defer { try? FileManager.default.removeItem(at: model) }
        let translator = try Translator(modelDirectory: model)
        let translation = try translator.translate("LibreOffice에서  파일을 여세요", options: DecodingOptions(beamSize: beam, alignment: AttentionProbe()))
        let alignment = try #require(translation.alignment)
        #expect(alignment.sourceWords == ["LibreOffice에서", "파일을", "여세요"])
        #expect(alignment.targetWords == translation.text.split(separator: " ").map(String.init))
        #expect(alignment.weights.count == alignment.targetWords.count * 3)
        for row in alignment.targetWords.indices {
            #expect(abs(alignment.weights[(row * 3)..<(row * 3 + 3)].reduce(0, +) - 1) < 1e-5)
        }
        #expect(alignment.links.count == alignment.targetWords.count)
        #expect(alignment.links.allSatisfy { (0..<3).contains($0.source) && alignment.targetWords.indices.contains($0.target) })

        let (status, output, _) = try TokenizeCommandTests.run(["translate", "--model", model.path, "--alignments"],
                                                               input: Data("LibreOffice에서 파일을 여세요\n".utf8))
        #expect(status == 0)
        #expect(output.contains(" ||| "))
    }
}

@Suite struct AlignCommandTests {
    @Test func forcedAlignmentInEveryFormat() throws {
        let model = try TranslateCommandTests.makeModel()
        defer { try? FileManager.default.removeItem(at: model) }
        let alignment = try Translator(modelDirectory: model).align(source: "파일을 저장합니다.", target: "Saves the file.")
        #expect(alignment.sourceWords == ["파일을", "저장합니다."])
        #expect(alignment.targetWords == ["Saves", "the", "file."])
        #expect(alignment.weights.count == 6)

        let json = try TokenizeCommandTests.run(["align", "--model", model.path, "--source", "파일을 저장합니다.",
                                                 "--target", "Saves the file.", "--format", "json"])
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        let rows = try #require(object["weights"] as? [[Double]])
        #expect(rows.count == 3 && rows.allSatisfy { $0.count == 2 && abs($0.reduce(0, +) - 1) < 1e-5 })
        #expect((object["pharaoh"] as? String)?.split(separator: " ").count == 3)

        let svg = try TokenizeCommandTests.run(["align", "--model", model.path, "--source", "파일을 저장합니다.",
                                                "--target", "Saves the file.", "--format", "svg"])
        #expect(svg.output.hasPrefix("<svg") && svg.output.components(separatedBy: "<rect").count - 1 == 6)
        let text = try TokenizeCommandTests.run(["align", "--model", model.path, "--source", "파일을 저장합니다.", "--format", "text"])
        #expect(text.status == 0 && text.output.contains("파일을"))
    }
}

@Suite struct TranslateThreadsTests {
    @Test func threadsDoNotChangeTheOutput() throws {
        let model = try TranslateCommandTests.makeModel()
        defer { try? FileManager.default.removeItem(at: model) }
        let input = Data(["파일을 저장합니다.", "", "LibreOffice에서 문서를 여세요", "오늘은 날씨가 정말 좋네요.", "ㅋㅋㅋ"].joined(separator: "\n").utf8)
        let one = try TokenizeCommandTests.run(["translate", "--model", model.path, "--threads", "1"], input: input)
        let two = try TokenizeCommandTests.run(["translate", "--model", model.path, "--threads", "2", "--beam", "4"], input: input)
        #expect(one.status == 0 && two.status == 0)
        #expect(one.output == two.output)
        #expect(one.output.split(separator: "\n", omittingEmptySubsequences: false).count == 6)
    }

    /// Token ids need no tokenizer: the model directory has none here.
    @Test func idsInIdsOutWithAFixedLength() throws {
        let model = try TranslateCommandTests.makeModel()
        defer { try? FileManager.default.removeItem(at: model) }
        try FileManager.default.removeItem(at: model.appendingPathComponent("tokenizer.vocab"))
        // Output of exactly 20 tokens: the end token allowed only as the 21st token after the start.
        let (status, output, _) = try TokenizeCommandTests.run(
            ["translate", "--model", model.path, "--ids", "--beam", "2", "--min-length", "21", "--max-length", "22"],
            input: Data("300 400 500 2\n7 8 2\n".utf8))
        #expect(status == 0)
        let lines = output.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.split(separator: " ").count == 20 })
    }
}

@Suite struct AttentionCommandTests {
    @Test func topKeysPerQuery() throws {
        let model = try TranslateCommandTests.makeModel()
        defer { try? FileManager.default.removeItem(at: model) }
        let (status, output, _) = try TokenizeCommandTests.run(["attention", "--model", model.path, "--source", "파일을 저장합니다.",
                                                                "--kind", "self", "--layer", "0", "--head", "1", "--top", "2"])
        #expect(status == 0)
        let rows = output.split(separator: "\n").map { $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } }
        #expect(rows.first == ["query", "key", "weight"])
        let pieces = try Fixtures.bundledTokenizer.pieces("파일을 저장합니다.") + ["</s>"]
        #expect(rows.count == 1 + 2 * pieces.count)
        for pair in stride(from: 1, to: rows.count, by: 2) {
            #expect(rows[pair][0] == pieces[(pair - 1) / 2])
            #expect(Double(rows[pair][2]) ?? 0 >= Double(rows[pair + 1][2]) ?? 1)
        }
        let bad = try TokenizeCommandTests.run(["attention", "--model", model.path, "--source", "안녕", "--layer", "5"])
        #expect(bad.status != 0 && bad.errors.contains("layers 0…0"))
    }
}
