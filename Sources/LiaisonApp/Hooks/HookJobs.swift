import Crypto
import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The background side of webhooks and robots: the dispatcher that turns new audit entries into deliveries, and
/// the job that sends one delivery (retried with the runner's backoff, `HookLimits.attempts` tries in all).
enum HookJobs {
    /// Runs on every turn of the job runner (every 2 s at most): one read when nothing is new, one write when
    /// something is.
    static let dispatcher = JobTicker(name: "hooks.dispatch", interval: 2) { app in
        while try await dispatch(app) == HookLimits.entriesPerRun {}
    }

    /// Reads one batch of new audit entries and records their deliveries; returns how many entries it read.
    @discardableResult
    static func dispatch(_ app: Application) async throws -> Int {
        guard let plan = try await app.db.costlyRead({ db in try await HookDispatcher.plan(on: db) }) else { return 0 }
        let now = app.context.effects.clock.now()
        let before = try await HookDispatcher.cursor(on: app.db)
        try await app.write { tx in try await HookDispatcher.record(plan, at: now, on: tx) }
        return Int(max(0, plan.cursor - before))
    }

    struct DeliveryFailed: Error, CustomStringConvertible {
        var description: String
    }

    /// Sends one delivery. A failure that is not the last try is recorded and thrown (the runner tries again
    /// later); the last try's failure counts against its target, which is switched off after
    /// `HookLimits.failuresBeforeDisabling` in a row.
    static let deliver = JobHandler(kind: HookDispatcher.jobKind) { payload, context in
        let app = context.application
        guard let id = UUID(uuidString: payload.trimmedSpaces()),
            let delivery = try await HookDeliveries.find(id, on: app.db), delivery.status == .pending
        else { return }
        let call: HookCall
        switch try await prepare(delivery, app: app, now: context.now) {
        case .skip(let reason):
            try await app.write { tx in try await HookDeliveries.skip(id, reason: reason, at: context.now, on: tx) }
            return
        case .send(let prepared):
            call = prepared
        }
        try await app.hooks.durable()
        let clock = app.context.effects.clock
        let outcome = await HookMessages.send(call, transport: app.hooks.transport, clock: clock)
        let now = clock.now()
        let attempt = context.attempt
        if outcome.succeeded || context.isLastAttempt {
            let disabled = try await app.write { tx in
                try await HookDeliveries.finish(id, attempt: attempt, outcome, at: now, on: tx)
            }
            if disabled {
                context.logger.warning("\(delivery.targetKind.rawValue) \(delivery.targetID) disabled after failures")
            }
        } else {
            try await app.write { tx in
                try await HookDeliveries.retrying(id, attempt: attempt, outcome, at: now, on: tx)
            }
        }
        if !outcome.succeeded { throw DeliveryFailed(description: outcome.error ?? "failed") }
    }

    enum Prepared {
        case send(HookCall)
        case skip(String)
    }

    /// The call for a delivery, with the record read as it stands now; or why it is not sent.
    static func prepare(_ delivery: HookDelivery, app: Application, now: Date) async throws -> Prepared {
        let db = app.db
        let secrets = try app.secretBox()
        switch delivery.targetKind {
        case .webhook:
            guard let webhook = try await HookQueries.webhook(delivery.targetID, on: db), webhook.active else {
                return .skip("targetInactive")
            }
            guard let recordID = delivery.recordID, let event = WebhookEvent(rawValue: delivery.event) else {
                return .skip("unknownEvent")
            }
            var data = WebhookPayload.Body()
            switch event {
            case .customerCreated, .customerUpdated:
                guard let customer = try await HookQueries.customer(recordID, on: db),
                    customer.classification <= webhook.maxClassification
                else { return .skip("recordUnavailable") }
                data.customer = CustomerDTO(customer)
            case .requestCreated, .requestUpdated, .requestReplied, .requestSLABreached:
                guard let (request, classification) = try await HookQueries.request(recordID, on: db),
                    classification <= webhook.maxClassification
                else { return .skip("recordUnavailable") }
                data.request = RequestDTO(request)
                if event == .requestReplied, let auditID = delivery.auditID {
                    guard let message = try await HookQueries.message(ofEntry: auditID, on: db),
                        message.visibility == .public
                    else { return .skip("recordUnavailable") }
                    data.message = MessageDTO(message)
                }
                if event == .requestSLABreached, let auditID = delivery.auditID {
                    data.metric = try await HookQueries.breachMetric(ofEntry: auditID, on: db)
                }
            }
            var occurredAt = delivery.createdAt
            if let auditID = delivery.auditID, let at = try await HookQueries.occurredAt(ofEntry: auditID, on: db) {
                occurredAt = at
            }
            return .send(
                try HookMessages.webhookCall(
                    url: webhook.url, secret: try await HookQueries.webhookSecret(webhook.id, secrets: secrets, on: db),
                    deliveryID: delivery.id, event: event.rawValue, occurredAt: occurredAt,
                    data: data, now: now))
        case .robot:
            guard let robot = try await HookQueries.robot(delivery.targetID, on: db), robot.active else {
                return .skip("targetInactive")
            }
            guard let recordID = delivery.recordID,
                let (request, classification) = try await HookQueries.request(recordID, on: db)
            else { return .skip("recordUnavailable") }
            var metric: String?
            if delivery.event == RobotEvent.requestSLABreached.rawValue, let auditID = delivery.auditID {
                metric = try await HookQueries.breachMetric(ofEntry: auditID, on: db)
            }
            let address = try await HookQueries.robotAddress(robot.id, secrets: secrets, on: db)
            let notice = HookMessages.notice(
                event: delivery.event, request: request, classification: classification, metric: metric, robot: robot,
                catalog: app.context.catalog, baseURL: app.context.config.baseURL)
            return .send(
                HookMessages.robotCall(
                    kind: robot.kind, url: address.url, secret: address.secret, notice: notice, now: now))
        }
    }

    /// "Send test": a `ping` sent at once (no retries), recorded in the delivery log and the audit trail.
    static func test(webhook: Webhook, request: Request) async throws -> HookDelivery {
        let app = request.application
        let now = request.now
        let deliveryID = UUID.timeOrdered()
        let secret = try await HookQueries.webhookSecret(webhook.id, secrets: try request.secretBox(), on: request.db)
        let call = try HookMessages.webhookCall(
            url: webhook.url, secret: secret, deliveryID: deliveryID, event: WebhookEvent.ping, occurredAt: now,
            data: .init(webhookId: webhook.id, webhookName: webhook.name), now: now)
        return try await record(
            .webhook, target: webhook.id, deliveryID: deliveryID, call: call, app: app, request: request)
    }

    static func test(robot: ChatRobot, request: Request) async throws -> HookDelivery {
        let app = request.application
        let address = try await HookQueries.robotAddress(robot.id, secrets: try request.secretBox(), on: request.db)
        let notice = HookMessages.testNotice(
            robot: robot, catalog: app.context.catalog, baseURL: app.context.config.baseURL)
        let call = HookMessages.robotCall(
            kind: robot.kind, url: address.url, secret: address.secret, notice: notice, now: request.now)
        return try await record(
            .robot, target: robot.id, deliveryID: UUID.timeOrdered(), call: call, app: app, request: request)
    }

    private static func record(
        _ kind: HookTargetKind, target: UUID, deliveryID: UUID, call: HookCall, app: Application, request: Request
    ) async throws -> HookDelivery {
        let outcome = await HookMessages.send(call, transport: app.hooks.transport, clock: app.context.effects.clock)
        let actor = request.auditActor
        let now = request.now
        return try await request.write { tx in
            try await HookDeliveries.recordTest(
                kind, target: target, deliveryID: deliveryID, outcome, by: actor, at: now, on: tx)
        }
    }
}
