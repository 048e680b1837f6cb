// `ieum serve`: the LibreTranslate HTTP API over Hummingbird, one log line per request.
import Foundation
import Hummingbird
import Logging

/// The HTTP server: POST /translate, POST /detect and GET /languages (LibreTranslate's paths
/// and shapes; JSON or form bodies), errors as `{"error": "…"}`. SIGTERM or SIGINT stop it
/// gracefully: no new connections, requests in flight answered.
package struct TranslationServer: Sendable {
    package let service: LibreTranslateService
    package let host: String
    package let port: Int
    package let logger: Logger

    package init(service: LibreTranslateService, host: String, port: Int, logger: Logger) {
        self.service = service
        self.host = host
        self.port = port
        self.logger = logger
    }

    /// Serves until SIGTERM or SIGINT (unless `stopsOnSignals` is false) or cancellation;
    /// `onRunning` gets the port the server listens on (the chosen one when `port` is 0).
    package func run(stopsOnSignals: Bool = true, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let application = Application(router: router(), configuration: .init(address: .hostname(host, port: port), serverName: "ieum"),
                                      onServerRunning: { await onRunning($0.localAddress?.port ?? 0) }, logger: logger)
        try await application.runService(gracefulShutdownSignals: stopsOnSignals ? [.sigterm, .sigint] : [])
    }

    /// The largest body accepted: enough for `maxCharacters` characters of 4 UTF-8 bytes each,
    /// escaped, and the other fields.
    var maxBodyBytes: Int { 64 * 1024 + 12 * service.maxCharacters }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: RequestLog(logger: logger))
        let service = service, maxBodyBytes = maxBodyBytes
        router.get("languages") { _, _ in Self.json(service.languages()) }
        router.post("translate") { request, _ in
            await Self.answer {
                let parsed = try await Self.parse(request, maxBodyBytes: maxBodyBytes)
                return Self.json(try await service.translate(parsed))
            }
        }
        router.post("detect") { request, _ in
            await Self.answer { Self.json(try service.detect(try await Self.parse(request, maxBodyBytes: maxBodyBytes))) }
        }
        return router
    }

    private static func parse(_ request: Request, maxBodyBytes: Int) async throws(APIError) -> LibreTranslateRequest {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maxBodyBytes)
        } catch {
            throw APIError(status: 413, message: "Invalid request: the body is larger than \(maxBodyBytes) bytes")
        }
        // A form may come as the query of the URL instead of a body.
        if body.readableBytes == 0, let query = request.uri.query {
            return try LibreTranslateRequest.parse(Data(query.utf8), contentType: "application/x-www-form-urlencoded")
        }
        return try LibreTranslateRequest.parse(Data(body.readableBytesView), contentType: request.headers[.contentType])
    }

    /// The response `work` gives, or the error answer of what it throws.
    private static func answer(_ work: () async throws -> Response) async -> Response {
        do {
            return try await work()
        } catch let error as APIError {
            return json(["error": error.message], status: HTTPResponse.Status(code: error.status))
        } catch {
            return json(["error": "\(error)"], status: .internalServerError)
        }
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        let data = (try? encoder.encode(value)) ?? Data(#"{"error":"the answer could not be encoded"}"#.utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// One log line per request: method, path, status, request bytes, latency.
struct RequestLog<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let milliseconds = (ContinuousClock.now - start) / .milliseconds(1)
        logger.info("\(request.method) \(request.uri.path) \(response.status.code) \(request.headers[.contentLength] ?? "-")B \(String(format: "%.1f", milliseconds))ms")
        return response
    }
}
