import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import NIOConcurrencyHelpers
import NIOCore
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Live updates: what a stream receives follows need-to-know (the customer's classification and account team when
/// the event is sent, the recipient of a notification, the roles of the person), and the streams at
/// `/api/v1/events` and `/events` speak `text/event-stream`.
@Suite struct LiveEventsTests {
    /// The events of a stream up to and including the first that `last` accepts (heartbeats skipped). Gives up
    /// after a minute, so that a missing event fails the test instead of hanging it.
    private func events(
        _ subscription: LiveEventSubscription, until last: @escaping @Sendable (LiveEvent) -> Bool
    ) async -> [LiveEvent] {
        await withTaskGroup(of: [LiveEvent]?.self) { group in
            group.addTask {
                var seen: [LiveEvent] = []
                for await item in subscription.items {
                    guard case .event(let event) = item else { continue }
                    seen.append(event)
                    if last(event) { return seen }
                }
                Issue.record("the stream ended after \(seen.map(\.kind))")
                return seen
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(60))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            if first == nil { Issue.record("no such event within a minute") }
            return first ?? []
        }
    }

    struct World {
        var insider: Person
        var outsider: Person
        var insiderAPI: APIClient
        var outsiderAPI: APIClient
        /// Confidential; its account team is the insider.
        var secret: String
        var secretRequest: String
        /// Internal (every agent may know it).
        var open: String
        var openRequest: String
    }

    private func world(_ app: TestApp) async throws -> World {
        let insider = try await app.person("li.na@test.local", name: "李娜", roles: [.agent])
        let outsider = try await app.person("zhao.gang@test.local", name: "赵刚", roles: [.agent])
        let insiderAPI = APIClient(app: app, token: try await app.token(for: insider))
        let outsiderAPI = APIClient(app: app, token: try await app.token(for: outsider))
        func customer(_ name: String, _ classification: String) async throws -> String {
            try #require(
                try await insiderAPI.call(
                    .POST, "/api/v1/customers", json: ["name": name, "classification": classification]
                )
                .object["id"] as? String)
        }
        func request(_ customer: String, _ subject: String) async throws -> String {
            try #require(
                try await insiderAPI.call(
                    .POST, "/api/v1/requests",
                    json: [
                        "customerId": customer, "kind": "issue", "priority": "normal", "subject": subject, "body": "请看",
                    ]
                ).object["id"] as? String)
        }
        let secret = try await customer("华东保密项目组", "confidential")
        let open = try await customer("苏州精工", "internal")
        return World(
            insider: insider, outsider: outsider, insiderAPI: insiderAPI, outsiderAPI: outsiderAPI, secret: secret,
            secretRequest: try await request(secret, "并购尽调资料"), open: open, openRequest: try await request(open, "发票"))
    }

    private func reply(_ api: APIClient, _ request: String, _ body: String, visibility: String = "public") async throws
        -> UUID
    {
        let answer = try await api.call(
            .POST, "/api/v1/requests/\(request)/messages", json: ["body": body, "visibility": visibility])
        #expect(answer.status == .created, "\(answer.text)")
        return try #require((answer.object["id"] as? String).flatMap(UUID.init(uuidString:)))
    }

    @Test func aReplyReachesWhoMayKnowItsCustomerAndNobodyElse() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await world(app)
            let hub = app.app.liveEvents
            let insider = await hub.subscribe(person: w.insider.id, seesRequests: true)
            let outsider = await hub.subscribe(person: w.outsider.id, seesRequests: true)

            let secretReply = try await reply(w.insiderAPI, w.secretRequest, "资料已上传")
            let marker = try await reply(w.outsiderAPI, w.openRequest, "发票已重开")

            let insiderSaw = await events(insider) { $0.messageID == marker }
            let told = insiderSaw.first { $0.messageID == secretReply }
            #expect(told?.kind == .messageAdded)
            #expect(told?.requestID?.uuidString == w.secretRequest)
            #expect(told?.customerID?.uuidString == w.secret)
            let outsiderSaw = await events(outsider) { $0.messageID == marker }
            #expect(outsiderSaw.last?.requestID?.uuidString == w.openRequest)
            #expect(!outsiderSaw.contains { $0.customerID?.uuidString == w.secret }, "\(outsiderSaw)")
        }
    }

    @Test func aCustomerReclassifiedIsNoLongerToldOfToThoseOffItsTeam() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await world(app)
            let outsider = await app.app.liveEvents.subscribe(person: w.outsider.id, seesRequests: true)
            let before = try await reply(w.insiderAPI, w.openRequest, "第一次答复")
            #expect(await events(outsider) { $0.messageID == before }.last?.customerID?.uuidString == w.open)

            let patched = try await w.insiderAPI.call(
                .PATCH, "/api/v1/customers/\(w.open)", json: ["classification": "confidential"])
            #expect(patched.status == .ok)
            let after = try await reply(w.insiderAPI, w.openRequest, "第二次答复")
            let marker = try await reply(w.insiderAPI, w.outsiderVisibleRequest(app), "别的客户")
            let seen = await events(outsider) { $0.messageID == marker }
            #expect(!seen.contains { $0.messageID == after || $0.customerID?.uuidString == w.open }, "\(seen)")
        }
    }

    @Test func aNotificationGoesToItsRecipientOnly() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await world(app)
            let colleague = try await app.person("wang.fang@test.local", name: "王芳", roles: [.agent])
            let hub = app.app.liveEvents
            let mentioned = await hub.subscribe(person: colleague.id, seesRequests: true)
            let bystander = await hub.subscribe(person: w.outsider.id, seesRequests: true)

            let note = try await reply(w.insiderAPI, w.openRequest, "@王芳 请核对", visibility: "internal")
            let marker = try await reply(w.insiderAPI, w.openRequest, "已核对")

            let told = await events(mentioned) { $0.messageID == marker }
            let notification = told.first { $0.kind == .notification }
            #expect(notification?.recipientID == colleague.id)
            #expect(notification?.requestID?.uuidString == w.openRequest)
            #expect(told.contains { $0.messageID == note })
            let other = await events(bystander) { $0.messageID == marker }
            #expect(!other.contains { $0.kind == .notification }, "\(other)")
            #expect(other.contains { $0.messageID == note }, "an internal note is news to every colleague who may know")
        }
    }

    @Test func someoneWhoSeesNoRequestsIsToldOnlyOfTheirOwnNotifications() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await world(app)
            let employee = try await app.person("sun.li@test.local", name: "孙丽", roles: [.employee])
            let stream = await app.app.liveEvents.subscribe(person: employee.id, seesRequests: false)
            _ = try await reply(w.insiderAPI, w.openRequest, "答复")
            let now = app.clock.now
            let calendar = UUID()
            try await app.app.write { tx in
                try await NotificationStore.add(
                    to: employee.id, kind: .calendarNeedsYear, textKey: "notify.assigned", values: [], subject: .calendar(calendar),
                    about: nil, at: now, on: tx)
            }
            let seen = await events(stream) { $0.kind == .notification }
            #expect(seen.map(\.kind) == [.notification], "\(seen)")
            #expect(seen.first?.recipientID == employee.id)
        }
    }

    // MARK: The HTTP streams

    @Test func theAPIStreamAnswersAnEventStreamThatATimeoutOfZeroEndsAfterReady() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let answer = try await APIClient(app: app, token: token).call(.GET, "/api/v1/events?timeout=0")
            #expect(answer.status == .ok)
            #expect(answer.headers.first(name: .contentType) == "text/event-stream; charset=utf-8")
            #expect(answer.headers.first(name: .cacheControl) == "no-cache")
            #expect(answer.headers.first(name: "X-Accel-Buffering") == "no")
            #expect(answer.text.hasPrefix("retry: 3000\n\nid: "))
            #expect(answer.text.hasSuffix("\nevent: ready\ndata: {}\n\n"))
            #expect(app.app.liveEvents.subscriberCount == 0, "the stream's subscription ended with it")
        }
    }

    @Test func aTimeoutOutOfRangeIsRefused() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            for bad in ["-1", "86401", "x", "1.5", "%00"] {
                let answer = try await APIClient(app: app, token: token).call(.GET, "/api/v1/events?timeout=\(bad)")
                #expect(
                    answer.status == .unprocessableEntity || answer.status == .badRequest, "\(bad): \(answer.status)")
                #expect(answer.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            }
        }
    }

    @Test func theBrowserStreamUsesTheSession() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let agent = try await app.person("agent@test.local", roles: [.agent])
            let browser = Browser(app)
            #expect(try await browser.get("/events?timeout=0").status == .seeOther, "signed out: to the sign-in page")
            try await browser.signIn(agent.email, "Test-Passw0rd!")
            let answer = try await browser.get("/events?timeout=0")
            #expect(answer.status == .ok)
            #expect(answer.headers.first(name: .contentType) == "text/event-stream; charset=utf-8")
            #expect(answer.text.contains("event: ready"))
        }
    }

    @Test func aReplyArrivesOnAnOpenAPIStreamWhichEndsWhenTheServerStops() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await world(app)
            let hub = app.app.liveEvents
            let listening = Task { try await w.outsiderAPI.call(.GET, "/api/v1/events") }
            try await until { hub.subscriberCount == 1 }
            let message = try await reply(w.insiderAPI, w.openRequest, "已处理")
            try await until { hub.sentCount >= 1 }
            await hub.close()
            let answer = try await listening.value
            #expect(answer.status == .ok)
            let text = answer.text
            #expect(text.contains("event: ready"))
            #expect(
                text.contains(
                    "event: messageAdded\ndata: {\"customerId\":\"\(w.open)\",\"messageId\":\"\(message.uuidString)\",\"requestId\":\"\(w.openRequest)\"}\n\n"
                ),
                "\(text)")
        }
    }

    @Test func aStreamEndsAtTheHeartbeatAfterItsCredentialLapsed() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (admin, _) = try await app.admin()
            let hub = LiveEventHub(
                transport: .inProcess, database: { app.app.db }, eventLoop: app.app.eventLoopGroup.any(),
                logger: app.app.logger, heartbeat: .milliseconds(20))
            let written = RecordingWriter()
            let checks = NIOLockedValueBox(0)
            // Valid at the first heartbeat, gone at the second.
            await EventsController.send(to: written, hub: hub, person: admin, timeout: nil) {
                checks.withLockedValue { $0 += 1 }
                return checks.withLockedValue { $0 } == 1 ? admin : nil
            }
            #expect(checks.withLockedValue { $0 } == 2)
            #expect(written.text.components(separatedBy: ServerSentEvent.heartbeat).count == 2, "one heartbeat written")
            #expect(written.ended)
            #expect(hub.subscriberCount == 0)
            await hub.close()
        }
    }

    // MARK: Pages

    @Test func pagesNameTheStreamAndTheirLiveParts() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await world(app)
            let browser = Browser(app)
            try await browser.signIn(w.insider.email, "Test-Passw0rd!")
            let page = try await browser.get("/requests/\(w.openRequest)")
            #expect(page.text.contains("<body data-live=\"/events\">"))
            for part in ["head", "conversation", "reply", "sla", "actions"] {
                #expect(
                    page.text.contains("data-live-part=\"\(part)\" data-live-when=\"request:\(w.openRequest)\""),
                    "\(part)")
            }
            #expect(
                try await browser.get("/requests").text.contains("data-live-part=\"queue\" data-live-when=\"requests\"")
            )
            let home = try await browser.get("/").text
            #expect(home.contains("data-live-part=\"notifications\" data-live-when=\"notifications\""))
            #expect(home.contains("data-live-part=\"work\""))
            #expect(
                !(try await Browser(app).get("/sign-in").text.contains("data-live=")), "nobody signed in: no stream")
        }
    }
}

extension LiveEventsTests.World {
    /// A request of a customer the outsider may know, other than `openRequest`'s.
    fileprivate func outsiderVisibleRequest(_ app: TestApp) async throws -> String {
        let customer = try #require(
            try await insiderAPI.call(.POST, "/api/v1/customers", json: ["name": "无锡物流", "classification": "public"])
                .object["id"] as? String)
        return try #require(
            try await insiderAPI.call(
                .POST, "/api/v1/requests",
                json: ["customerId": customer, "kind": "inquiry", "priority": "low", "subject": "报价", "body": "请报价"]
            ).object["id"] as? String)
    }
}

/// A response body that keeps what is written to it.
private final class RecordingWriter: AsyncBodyStreamWriter, Sendable {
    private let state = NIOLockedValueBox((text: "", ended: false))

    var text: String { state.withLockedValue { $0.text } }
    var ended: Bool { state.withLockedValue { $0.ended } }

    func write(_ result: BodyStreamResult) async throws {
        state.withLockedValue { state in
            switch result {
            case .buffer(let buffer): state.text += String(buffer: buffer)
            case .end, .error: state.ended = true
            }
        }
    }
}

/// Waits (up to a minute) until `condition` holds, and records an issue if it never does.
private func until(_ condition: () -> Bool) async throws {
    for _ in 0..<6000 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
    #expect(condition())
}
