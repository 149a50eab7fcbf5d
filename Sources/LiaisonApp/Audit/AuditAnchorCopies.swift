import Foundation
import LiaisonCore
import LiaisonData
import Logging
import NIOConcurrencyHelpers
import NIOFoundationCompat
import Vapor

/// Copies of the audit anchor kept away from the data folder, where someone who can rewrite the database and the
/// anchor file cannot reach them: a log line (`audit.anchor seq=… hash=…`, for syslog or journald;
/// `LIAISON_AUDIT_ANCHOR_LOG`) and a JSON POST to a webhook (`LIAISON_AUDIT_ANCHOR_WEBHOOK`).
///
/// At most one copy per `interval`, always of the newest anchor: anchors offered while one is sent or during the
/// pause replace each other. Copies are made by a task of their own, so nothing here ever holds up a write; a
/// webhook that fails or does not answer is logged and the next anchor is tried as usual.
final class AuditAnchorCopies: Sendable {
    /// Sends one anchor's JSON to the webhook.
    struct Transport: Sendable {
        var post: @Sendable (URL, ByteBuffer) async throws -> Void

        /// Vapor's HTTP client, five seconds at most per POST; any answer but 2xx is a failure.
        static func live(_ client: @escaping @Sendable () -> (any Client)?) -> Transport {
            Transport { url, body in
                guard let client = client() else { return }
                var headers = HTTPHeaders()
                headers.contentType = .json
                let request = ClientRequest(
                    method: .POST, url: URI(string: url.absoluteString), headers: headers, body: body,
                    timeout: .seconds(5))
                let response = try await client.send(request).get()
                guard (200..<300).contains(response.status.code) else {
                    throw WebhookRefused(status: response.status.code)
                }
            }
        }
    }

    struct WebhookRefused: Error, CustomStringConvertible {
        var status: UInt
        var description: String { "the webhook answered HTTP \(status)" }
    }

    /// The JSON posted: what the anchor records, and which server sent it.
    struct Body: Encodable {
        var event = "audit.anchor"
        var sequence: Int64
        var hash: String
        var recordedAt: Date
        var source: String
    }

    let log: Bool
    let webhook: URL?
    let source: String
    private let transport: Transport
    private let logger: Logger
    private let interval: Duration
    private let stream: AsyncStream<AuditAnchor>
    private let continuation: AsyncStream<AuditAnchor>.Continuation
    private let sender = NIOLockedValueBox<Task<Void, Never>?>(nil)

    init(
        log: Bool, webhook: URL?, source: String, transport: Transport, logger: Logger,
        interval: Duration = .seconds(1)
    ) {
        self.log = log
        self.webhook = webhook
        self.source = source
        self.transport = transport
        self.logger = logger
        self.interval = interval
        (stream, continuation) = AsyncStream.makeStream(of: AuditAnchor.self, bufferingPolicy: .bufferingNewest(1))
    }

    var enabled: Bool { log || webhook != nil }

    /// Takes the newest anchor; returns at once.
    func offer(_ anchor: AuditAnchor) {
        guard enabled else { return }
        sender.withLockedValue { sender in
            if sender == nil {
                sender = Task(executorPreference: globalConcurrentExecutor) { await self.send() }
            }
        }
        continuation.yield(anchor)
    }

    /// Makes the copy of the last anchor offered, if it is not made yet, and stops.
    func close() async {
        continuation.finish()
        await sender.withLockedValue { $0 }?.value
    }

    private func send() async {
        for await anchor in stream {
            if log {
                logger.notice("audit.anchor seq=\(anchor.sequence) hash=\(anchor.hash)")
            }
            if let webhook {
                do {
                    let body = Body(
                        sequence: anchor.sequence, hash: anchor.hash, recordedAt: anchor.recordedAt, source: source)
                    try await transport.post(webhook, ByteBuffer(data: try JSONCoding.encoder.encode(body)))
                } catch {
                    logger.warning(
                        "the audit anchor \(anchor.sequence) could not be posted to the webhook: \(String(describing: error))"
                    )
                }
            }
            try? await Task.sleep(for: interval)
        }
    }
}
