import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOFoundationCompat
import Vapor

/// A real HTTP server on 127.0.0.1 (a port of its own) that records every POST it is sent and answers as told:
/// what webhooks and chat robots reach, checked as their receivers would check it.
final class HookReceiver: Sendable {
    struct Received: Sendable {
        var path: String
        var query: String?
        var headers: HTTPHeaders
        var body: Data

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:] }
        func header(_ name: String) -> String? { headers.first(name: name) }
    }

    private let app: Application
    let port: Int
    private let log = NIOLockedValueBox<[Received]>([])
    /// Status and body of each next answer; when empty, `fallback`.
    private let queued = NIOLockedValueBox<[(Int, String)]>([])
    private let fallbackAnswer = NIOLockedValueBox<(Int, String)>((200, "ok"))

    private init(app: Application, port: Int) {
        self.app = app
        self.port = port
    }

    static func start() async throws -> HookReceiver {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .error
        app.http.server.configuration.hostname = "127.0.0.1"
        app.http.server.configuration.port = 0
        let box = NIOLockedValueBox<HookReceiver?>(nil)
        app.on(.POST, .catchall, body: .collect(maxSize: "1mb")) { request -> Response in
            guard let receiver = box.withLockedValue({ $0 }) else { return Response(status: .serviceUnavailable) }
            return receiver.take(request)
        }
        try await app.server.start()
        guard let port = app.http.server.shared.localAddress?.port else {
            try await app.asyncShutdown()
            throw Abort(.internalServerError, reason: "the receiver has no port")
        }
        let receiver = HookReceiver(app: app, port: port)
        box.withLockedValue { $0 = receiver }
        return receiver
    }

    private func take(_ request: Request) -> Response {
        let body = request.body.data.map { Data($0.readableBytesView) } ?? Data()
        log.withLockedValue {
            $0.append(Received(path: request.url.path, query: request.url.query, headers: request.headers, body: body))
        }
        let (status, text) =
            queued.withLockedValue { $0.isEmpty ? nil : $0.removeFirst() } ?? fallbackAnswer.withLockedValue { $0 }
        var headers = HTTPHeaders()
        headers.contentType = text.hasPrefix("{") ? .json : .plainText
        return Response(status: HTTPResponseStatus(statusCode: status), headers: headers, body: .init(string: text))
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    var received: [Received] { log.withLockedValue { $0 } }

    func answer(_ status: Int, _ body: String) {
        fallbackAnswer.withLockedValue { $0 = (status, body) }
    }

    func stop() async {
        await app.server.shutdown()
        try? await app.asyncShutdown()
    }
}

/// Runs `body` with a receiver, stopping it afterwards whatever happens.
func withHookReceiver<T>(_ body: (HookReceiver) async throws -> T) async throws -> T {
    let receiver = try await HookReceiver.start()
    do {
        let result = try await body(receiver)
        await receiver.stop()
        return result
    } catch {
        await receiver.stop()
        throw error
    }
}
