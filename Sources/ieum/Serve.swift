// `ieum serve`: the LibreTranslate HTTP API for other programs.
import ArgumentParser
import Foundation
import Ieum
import IeumServer
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve translations over HTTP with the LibreTranslate API (POST /translate, POST /detect, GET /languages).",
        discussion: """
            Loads every direction found under --models (ko-en/ and en-ko/ model directories) and \
            answers LibreTranslate clients: q is a string or an array, source may be "auto" \
            (Hangul or Latin letters decide), format must be text; errors come as {"error": "…"} \
            with status 400, 403 (wrong --api-key), 413 (over --max-chars), 429 (queue full) or \
            500. Lines of concurrent requests are translated together: the first waits at most \
            --batch-wait-ms for others. SIGTERM or SIGINT stop it after the requests in flight. \
            One log line per request goes to standard error.

            Examples:
              ieum serve --port 5000
              curl -s localhost:5000/translate -H 'Content-Type: application/json' \\
                   -d '{"q": "파일을 저장합니다.", "source": "ko", "target": "en"}'
            """
    )

    @Option(help: "Address to listen on; 0.0.0.0 for every interface.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port, printed at start).")
    var port = 5000

    @Option(help: ArgumentHelp("Folder with the model directories ko-en/ and en-ko/ (default: the bundled models/).", valueName: "folder"))
    var models: String?

    @Option(help: "Characters one request may hold, all its texts together.")
    var maxChars = 5000

    @OptionGroup var search: SearchOption

    @Option(help: "Key clients must send as api_key (none: open).")
    var apiKey: String?

    @Option(help: "Milliseconds the first request of a batch waits for others.")
    var batchWaitMs = 5

    @Option(help: "Lines translated together at most.")
    var maxBatch = 64

    @Option(help: "Lines waiting at most; requests beyond get 429.")
    var queueLimit = 4096

    @Option(help: "Seconds a request may wait and run before it gets 500.")
    var timeout = 60

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard maxChars >= 1 else { throw ValidationError("--max-chars must be at least 1") }
        guard (0...10_000).contains(batchWaitMs) else { throw ValidationError("--batch-wait-ms must be between 0 and 10000") }
        guard maxBatch >= 1, queueLimit >= maxBatch else { throw ValidationError("--max-batch must be at least 1 and at most --queue-limit") }
        guard timeout >= 1 else { throw ValidationError("--timeout must be at least 1") }
        if let apiKey, apiKey.isEmpty { throw ValidationError("--api-key must not be empty") }
    }

    func run() async throws {
        guard let folder = models.map({ URL(fileURLWithPath: $0) }) ?? bundledFile("models") else {
            throw ValidationError("no --models given and the bundled models/ was not found")
        }
        var limits = TranslationBatcher.Limits()
        (limits.maxWait, limits.maxBatchLines, limits.maxQueuedLines, limits.timeout) =
            (.milliseconds(batchWaitMs), maxBatch, queueLimit, .seconds(timeout))
        var batchers: [TranslationDirection: TranslationBatcher] = [:]
        for direction in TranslationDirection.allCases {
            let directory = folder.appendingPathComponent(direction.rawValue)
            guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("config.json").path) else { continue }
            batchers[direction] = TranslationBatcher(translator: try Translator(modelDirectory: directory, computeType: search.computeType),
                                                     options: DecodingOptions(beamSize: search.beam), threads: search.threads, limits: limits)
        }
        guard !batchers.isEmpty else {
            throw ValidationError("no model in \(folder.path): it needs ko-en/ or en-ko/ with a config.json")
        }
        var logger = Logger(label: "ieum.serve")
        logger.logLevel = .info
        let server = TranslationServer(service: LibreTranslateService(batchers: batchers, maxCharacters: maxChars, apiKey: apiKey),
                                       host: host, port: port, logger: logger)
        let served = batchers.keys.map(\.rawValue).sorted().joined(separator: ", ")
        try await server.run { port in
            FileHandle.standardError.write(Data("ieum serve: \(served) on http://\(host):\(port)\n".utf8))
        }
    }
}
