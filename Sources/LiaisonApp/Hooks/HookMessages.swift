import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// A POST ready to send: where, with which headers and body, and how to read the answer.
struct HookCall: Sendable {
    var url: String
    var headers: [(String, String)]
    var body: Data
    /// Set for robots: the chat app's JSON answer says whether it took the message.
    var robotKind: RobotKind?
}

/// What a webhook receives: `{"id", "event", "occurredAt", "data"}`, signed (`HookSigning.webhook`).
struct WebhookPayload: Encodable {
    struct Body: Encodable {
        var request: RequestDTO?
        var message: MessageDTO?
        var customer: CustomerDTO?
        /// The SLA target that was missed (`request.sla_breached`): firstResponse, nextResponse or resolution.
        var metric: String?
        /// `ping` only: which webhook is being tested.
        var webhookId: UUID?
        var webhookName: String?
    }

    var id: UUID
    var event: String
    var occurredAt: Date
    var data: Body
}

enum HookMessages {
    /// The signed call for a webhook: the payload's JSON and the `X-Liaison-*` headers.
    static func webhookCall(
        url: String, secret: String, deliveryID: UUID, event: String, occurredAt: Date, data: WebhookPayload.Body,
        now: Date
    ) throws -> HookCall {
        let payload = WebhookPayload(id: deliveryID, event: event, occurredAt: occurredAt, data: data)
        let body = try JSONCoding.encoder.encode(payload)
        let timestamp = Int64(now.timeIntervalSince1970.rounded(.down))
        return HookCall(
            url: url,
            headers: [
                ("Content-Type", "application/json"), ("User-Agent", "Liaison-Webhook/1"),
                ("X-Liaison-Event", event), ("X-Liaison-Delivery", deliveryID.uuidString),
                ("X-Liaison-Timestamp", String(timestamp)),
                ("X-Liaison-Signature", HookSigning.webhook(secret: secret, timestamp: timestamp, body: body)),
            ],
            body: body, robotKind: nil)
    }

    /// The call for a robot, signed the way its app wants when it has a secret.
    static func robotCall(kind: RobotKind, url: String, secret: String?, notice: RobotNotice, now: Date) -> HookCall {
        var target = url
        var feishu: (timestamp: Int64, sign: String)?
        if let secret {
            switch kind {
            case .dingtalk:
                let millis = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
                target = RobotMessage.signedURL(
                    url, timestampMillis: millis, sign: HookSigning.dingTalk(secret: secret, timestampMillis: millis))
            case .feishu:
                let seconds = Int64(now.timeIntervalSince1970.rounded(.down))
                feishu = (seconds, HookSigning.feishu(secret: secret, timestampSeconds: seconds))
            case .wecom, .slack:
                break
            }
        }
        return HookCall(
            url: target, headers: [("Content-Type", "application/json; charset=utf-8"), ("User-Agent", "Liaison/1")],
            body: RobotMessage.body(kind, notice, feishuSignature: feishu), robotKind: kind)
    }

    /// A robot's message about a request: the event, its number, kind and priority, and a link. The group chat is
    /// outside the system, so no customer data: the subject only when the robot asks for it and the customer is
    /// neither confidential nor secret.
    static func notice(
        event: String, request: ServiceRequest, classification: Classification, metric: String?, robot: ChatRobot,
        catalog: Catalog, baseURL: String?
    ) -> RobotNotice {
        let locale = AppLocale(rawValue: robot.language.rawValue) ?? .zhHans
        func t(_ key: String, _ values: String...) -> String { catalog.text(key, locale, values) }
        var lines = [
            t(
                "robots.line.request", request.numberText, t("requestKind.\(request.kind.rawValue)"),
                t("priority.\(request.priority.rawValue)"))
        ]
        if let metric { lines.append(t("robots.line.metric", t("slaMetric.\(metric)"))) }
        if robot.includeSubject, !classification.isRestricted {
            lines.append(t("robots.line.subject", request.subject))
        }
        return RobotNotice(
            title: t("robots.event.\(event)"), lines: lines, link: link(baseURL, RequestRoutes.show.link(request.id)),
            linkLabel: t("robots.open"))
    }

    /// The "send test" message.
    static func testNotice(robot: ChatRobot, catalog: Catalog, baseURL: String?) -> RobotNotice {
        let locale = AppLocale(rawValue: robot.language.rawValue) ?? .zhHans
        return RobotNotice(
            title: catalog.text("robots.event.ping", locale),
            lines: [catalog.text("robots.line.ping", locale, [robot.name])],
            link: link(baseURL, HomeRoutes.home.link()), linkLabel: catalog.text("robots.open", locale))
    }

    private static func link(_ base: String?, _ path: String) -> String? {
        guard let base, !base.isEmpty else { return nil }
        return (base.hasSuffix("/") ? String(base.dropLast()) : base) + path
    }

    /// Sends a call and says what came of it; never throws (a failure is an outcome).
    static func send(_ call: HookCall, transport: HookTransport, clock: Clock) async -> HookDeliveries.Outcome {
        let started = clock.now()
        do {
            let answer = try await transport.post(call.url, call.headers, call.body, HookLimits.timeoutSeconds)
            let millis = Int(max(0, clock.now().timeIntervalSince(started)) * 1000)
            let excerpt = excerpt(answer.body)
            guard (200..<300).contains(answer.status) else {
                return .init(
                    succeeded: false, responseStatus: answer.status, responseExcerpt: excerpt,
                    error: "HTTP \(answer.status)", durationMillis: millis)
            }
            if let kind = call.robotKind, let refusal = RobotMessage.refusal(kind, body: answer.body) {
                return .init(
                    succeeded: false, responseStatus: answer.status, responseExcerpt: excerpt, error: refusal,
                    durationMillis: millis)
            }
            return .init(
                succeeded: true, responseStatus: answer.status, responseExcerpt: excerpt, durationMillis: millis)
        } catch {
            let millis = Int(max(0, clock.now().timeIntervalSince(started)) * 1000)
            return .init(succeeded: false, error: String(describing: error), durationMillis: millis)
        }
    }

    /// The first bytes of an answer as text, cut at a character boundary.
    static func excerpt(_ body: Data) -> String? {
        guard !body.isEmpty else { return nil }
        let text = String(decoding: body.prefix(HookLimits.responseExcerpt), as: UTF8.self)
        return text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r" })
            ? text.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\n" || $0 == "\t" }.map(String.init).joined()
            : text
    }
}
