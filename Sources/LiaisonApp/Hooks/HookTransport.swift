import Foundation
import LiaisonCore
import NIOCore
import NIOFoundationCompat
import Vapor

/// How webhooks and robots reach the world: one POST, its answer's status and first bytes. Handed in at startup
/// (`Application.hooks`), so tests may replace it; the live one is Vapor's HTTP client, which `configure` sets
/// up to follow no redirect (a 3xx is a failure, so an address cannot send Liaison's payloads elsewhere).
struct HookTransport: Sendable {
    struct Answer: Sendable {
        var status: Int
        var body: Data
    }

    var post:
        @Sendable (_ url: String, _ headers: [(String, String)], _ body: Data, _ timeoutSeconds: Int64) async throws
            -> Answer

    static func live(_ client: @escaping @Sendable () -> (any Client)?) -> HookTransport {
        HookTransport { url, headers, body, timeout in
            guard let client = client() else { throw Abort(.serviceUnavailable, reason: "the server is stopping") }
            // Checked again where it is used: a stored address passed validation, but schemes are refused here too.
            guard HookURL.parse(url) != nil else { throw Abort(.badRequest, reason: "not an http(s) address") }
            var httpHeaders = HTTPHeaders()
            for (name, value) in headers { httpHeaders.add(name: name, value: value) }
            let request = ClientRequest(
                method: .POST, url: URI(string: url), headers: httpHeaders, body: ByteBuffer(data: body),
                timeout: .seconds(timeout))
            let response = try await client.send(request).get()
            let bytes =
                response.body.map { Data($0.readableBytesView.prefix(HookLimits.responseExcerpt * 4)) } ?? Data()
            return Answer(status: Int(response.status.code), body: bytes)
        }
    }
}

/// What webhooks and robots need from the application: the transport, and a wait until what a job read is
/// durable (on SQLite a reader may see a commit a moment before its log is synced; nothing leaves the server
/// about a commit that a power cut could still undo).
struct HookServices: Sendable {
    var transport: HookTransport
    var durable: @Sendable () async throws -> Void
}

extension Application {
    private struct HookServicesKey: StorageKey {
        typealias Value = HookServices
    }

    var hooks: HookServices {
        get { configured(HookServicesKey.self, "no webhook services") }
        set { storage[HookServicesKey.self] = newValue }
    }
}
