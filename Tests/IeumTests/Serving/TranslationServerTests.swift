// `ieum serve` over loopback: LibreTranslate's requests and errors, batching across clients.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import Ieum
@testable import IeumServer
import Logging

@Suite(.serialized) struct TranslationServerTests {
    static let lines = ["파일을 저장합니다.", "문서를 엽니다.", "창을 닫습니다.", "설정을 바꿉니다.", "다시 시도하십시오.", "연결이 끊어졌습니다."]

    /// A server of the random test model for ko-en on a free port, for the duration of `body`.
    static func withServer(limits: TranslationBatcher.Limits = TranslationBatcher.Limits(), maxCharacters: Int = 5000,
                           apiKey: String? = nil, _ body: (URL, URL) async throws -> Void) async throws {
        let model = try TranslateCommandTests.makeModel()
        defer { try? FileManager.default.removeItem(at: model) }
        let batcher = TranslationBatcher(translator: try Translator(modelDirectory: model), options: DecodingOptions(beamSize: 2),
                                         threads: 2, limits: limits)
        defer { batcher.stop() }
        let server = TranslationServer(service: LibreTranslateService(batchers: [.koreanToEnglish: batcher], maxCharacters: maxCharacters,
                                                                      apiKey: apiKey),
                                       host: "127.0.0.1", port: 0, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let running = Task { try await server.run(stopsOnSignals: false) { continuation.yield($0) } }
        defer { running.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        try await body(URL(string: "http://127.0.0.1:\(port)")!, model)
    }

    /// Status and JSON of a request; `body` as JSON unless `form` is set.
    static func post(_ base: URL, _ path: String, json body: String? = nil, form: String? = nil) async throws -> (Int, Any) {
        var request = URLRequest(url: base.appendingPathComponent(path))
        request.httpMethod = "POST"
        request.setValue(form == nil ? "application/json" : "application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data((body ?? form ?? "").utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, try JSONSerialization.jsonObject(with: data))
    }

    static func jsonString(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value), as: UTF8.self)
    }

    /// What `ieum translate` writes for the same lines with the same model and beam.
    static func commandLineTranslations(_ model: URL, _ lines: [String]) throws -> [String] {
        let (status, output, _) = try TokenizeCommandTests.run(["translate", "--model", model.path, "--beam", "2"],
                                                               input: Data((lines.joined(separator: "\n") + "\n").utf8))
        #expect(status == 0)
        return output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    @Test func stringsArraysFormsAndLanguages() async throws {
        try await Self.withServer { base, model in
            let expected = try Self.commandLineTranslations(model, Self.lines)
            let (status, one) = try await Self.post(base, "translate",
                                                    json: try Self.jsonString(["q": Self.lines[0], "source": "ko", "target": "en"]))
            #expect(status == 200)
            #expect((one as? [String: Any])?["translatedText"] as? String == expected[0])

            // An array, one text of two lines, the source detected.
            let texts = [Self.lines[1], Self.lines[2] + "\n" + Self.lines[3]]
            let (arrayStatus, many) = try await Self.post(base, "translate", json: try Self.jsonString(["q": texts, "source": "auto", "target": "en"]))
            #expect(arrayStatus == 200)
            let answer = many as? [String: Any]
            #expect(answer?["translatedText"] as? [String] == [expected[1], expected[2] + "\n" + expected[3]])
            #expect((answer?["detectedLanguage"] as? [[String: Any]])?.compactMap { $0["language"] as? String } == ["ko", "ko"])

            let encoded = Self.lines[4].addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let (formStatus, form) = try await Self.post(base, "translate", form: "q=\(encoded)&source=ko&target=en")
            #expect(formStatus == 200 && (form as? [String: Any])?["translatedText"] as? String == expected[4])

            let (data, _) = try await URLSession.shared.data(from: base.appendingPathComponent("languages"))
            let languages = try JSONSerialization.jsonObject(with: data) as? [[String: Any]]
            #expect(languages?.count == 1 && languages?[0]["code"] as? String == "ko" && languages?[0]["targets"] as? [String] == ["en"])
        }
    }

    @Test func errorsComeAsJSONWithTheirStatus() async throws {
        try await Self.withServer(maxCharacters: 20, apiKey: "secret") { base, _ in
            let cases: [(body: String, status: Int, says: String)] = [
                ("{not json", 400, "not a JSON object"),
                (#"{"source": "ko", "target": "en", "api_key": "secret"}"#, 400, "missing q"),
                (#"{"q": 5, "source": "ko", "target": "en", "api_key": "secret"}"#, 400, "q must be"),
                (#"{"q": "Hello", "source": "en", "target": "ko", "api_key": "secret"}"#, 400, "not a supported language pair"),
                (#"{"q": "안녕", "source": "ko", "target": "en", "format": "html", "api_key": "secret"}"#, 400, "format html"),
                (#"{"q": "\#(String(repeating: "가", count: 21))", "source": "ko", "target": "en", "api_key": "secret"}"#, 413, "exceeds text limit (20)"),
                (#"{"q": "안녕", "source": "ko", "target": "en", "api_key": "wrong"}"#, 403, "Invalid API key"),
                (#"{"q": "안녕", "source": "ko", "target": "en"}"#, 403, "Invalid API key"),
            ]
            for (body, status, says) in cases {
                let (got, answer) = try await Self.post(base, "translate", json: body)
                #expect(got == status, "\(body)")
                #expect(((answer as? [String: Any])?["error"] as? String)?.contains(says) == true, "\(body): \(answer)")
            }
            let (good, _) = try await Self.post(base, "translate", json: #"{"q": "안녕", "source": "ko", "target": "en", "api_key": "secret"}"#)
            #expect(good == 200)
        }
    }

    /// Eight clients at once, three requests each: every answer equals the command's
    /// translation of the same line, whatever batch it was translated in.
    @Test func concurrentClientsGetTheCommandsTranslations() async throws {
        try await Self.withServer { base, model in
            let expected = try Self.commandLineTranslations(model, Self.lines)
            let answers = try await withThrowingTaskGroup(of: [(Int, String?)].self) { group in
                for client in 0..<8 {
                    group.addTask {
                        var got: [(Int, String?)] = []
                        for request in 0..<3 {
                            let index = (client + request) % Self.lines.count
                            let (_, answer) = try await Self.post(base, "translate",
                                                                  json: try Self.jsonString(["q": Self.lines[index], "source": "ko", "target": "en"]))
                            got.append((index, (answer as? [String: Any])?["translatedText"] as? String))
                        }
                        return got
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(answers.count == 24)
            for (index, text) in answers { #expect(text == expected[index]) }
        }
    }

    @Test func aFullQueueRefusesAndALateRequestTimesOut() async throws {
        var limits = TranslationBatcher.Limits()
        (limits.maxWait, limits.maxQueuedLines) = (.milliseconds(800), 2)
        try await Self.withServer(limits: limits) { base, _ in
            // Two lines wait for the batch (800 ms); a third line finds the queue full.
            let first = Task {
                try await Self.post(base, "translate", json: try Self.jsonString(["q": [Self.lines[0], Self.lines[1]], "source": "ko", "target": "en"])).0
            }
            try await Task.sleep(for: .milliseconds(200))
            let (status, answer) = try await Self.post(base, "translate", json: try Self.jsonString(["q": Self.lines[2], "source": "ko", "target": "en"]))
            #expect(status == 429)
            #expect(((answer as? [String: Any])?["error"] as? String)?.contains("queue is full") == true)
            #expect(try await first.value == 200)
        }
        (limits.maxWait, limits.maxQueuedLines, limits.timeout) = (.milliseconds(800), 100, .milliseconds(100))
        try await Self.withServer(limits: limits) { base, _ in
            let (status, _) = try await Self.post(base, "translate", json: try Self.jsonString(["q": Self.lines[0], "source": "ko", "target": "en"]))
            #expect(status == 500)
            // The worker wakes after its wait to find the expired request gone: it must go on.
            try await Task.sleep(for: .seconds(1))
        }
    }

    @Test func detectedLanguagesByScript() {
        #expect(DetectedLanguage.of("LibreOffice에서 문서를 저장하십시오.").language == "ko")
        #expect(DetectedLanguage.of("I visited 서울 yesterday with my friends.").language == "en")
        #expect(DetectedLanguage.of("파일") == DetectedLanguage(language: "ko", confidence: 100))
    }
}
