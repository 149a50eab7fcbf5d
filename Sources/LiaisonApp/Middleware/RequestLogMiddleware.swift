import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// One log line per request, at info level, when it has been answered: the request's id, the signed-in person,
/// the method, the route's pattern (`/api/v1/customers/:id`: never the path as sent, whose ids and query string may
/// carry tokens), the status and the time taken in milliseconds. First in the chain, so the time covers all of it.
struct RequestLogMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.logger.logLevel <= .info else { return try await next.respond(to: request) }
        let start = ContinuousClock.now
        RequestID.replaceUnsafe(in: request)
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            Self.log(request, status: 500, since: start)
            throw error
        }
        Self.log(request, status: response.status.code, since: start)
        return response
    }

    private static func log(_ request: Request, status: UInt, since start: ContinuousClock.Instant) {
        let elapsed = (ContinuousClock.now - start).components
        let milliseconds = Double(elapsed.seconds) * 1000 + Double(elapsed.attoseconds / 1_000_000_000) / 1_000_000
        let route = request.routePattern
        var fields: Logger.Metadata = [
            "method": .string(request.method.rawValue), "route": .string(route),
            "status": .stringConvertible(Int(status)),
            "durationMs": .stringConvertible((milliseconds * 1000).rounded() / 1000),
        ]
        if let principal = request.principal { fields["userId"] = .string(principal.person.id.uuidString) }
        request.logger.info("\(request.method.rawValue) \(route) \(status)", metadata: fields)
    }
}

extension Request {
    /// The route's registered path (`/api/v1/customers/:id`), `/assets` for static files, `unmatched` otherwise:
    /// what logs and metrics name a request by, never the path as sent.
    var routePattern: String {
        if let route { return "/" + route.path.map(\.description).joined(separator: "/") }
        return url.path.hasPrefix("/assets/") ? "/assets" : "unmatched"
    }
}

/// The id Vapor gives each request's logger: the caller's `X-Request-Id` (nginx's `$request_id`, so the proxy's
/// log and Liaison's share it) when it is short and plain, otherwise a new one, so that a caller cannot write
/// arbitrary text into the log.
enum RequestID {
    static func replaceUnsafe(in request: Request) {
        guard let given = request.headers.first(name: .xRequestId), !isPlain(given) else { return }
        request.logger[metadataKey: "request-id"] = .string(UUID().uuidString)
    }

    static func isPlain(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count)
            && id.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
            }
    }
}
