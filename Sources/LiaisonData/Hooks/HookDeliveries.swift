import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// The delivery log: what a delivery job reads before it sends, and what it records afterwards.
public enum HookDeliveries {
    /// What one try came to.
    public struct Outcome: Sendable, Equatable {
        public var succeeded: Bool
        public var responseStatus: Int?
        public var responseExcerpt: String?
        public var error: String?
        public var durationMillis: Int?

        public init(
            succeeded: Bool, responseStatus: Int? = nil, responseExcerpt: String? = nil, error: String? = nil,
            durationMillis: Int? = nil
        ) {
            self.succeeded = succeeded
            self.responseStatus = responseStatus
            self.responseExcerpt = responseExcerpt
            self.error = error
            self.durationMillis = durationMillis
        }
    }

    public static func find(_ id: UUID, on db: any Database) async throws -> HookDelivery? {
        try await HookDeliveryModel.find(id, on: db)?.delivery
    }

    /// The newest deliveries of a webhook or robot first.
    public static func list(target: UUID, limit: Int = 50, on db: any Database) async throws -> [HookDelivery] {
        try await HookDeliveryModel.query(on: db).filter(\.$targetID == target).sort(\.$createdAt, .descending)
            .sort(\.$id, .descending).limit(limit).all().map(\.delivery)
    }

    /// A delivery that will not be sent (the record is gone or more restricted than the target may receive, or
    /// the target was switched off or deleted meanwhile).
    public static func skip(_ id: UUID, reason: String, at now: Date, on tx: any Database) async throws {
        try await HookDeliveryModel.query(on: tx).filter(\.$id == id)
            .filter(\.$status == HookDelivery.Status.pending.rawValue)
            .set(\.$status, to: HookDelivery.Status.skipped.rawValue).set(\.$error, to: reason)
            .set(\.$updatedAt, to: now).update()
    }

    /// A try that was not its delivery's last: recorded, the job retries later.
    public static func retrying(_ id: UUID, attempt: Int, _ outcome: Outcome, at now: Date, on tx: any Database)
        async throws
    {
        guard let model = try await HookDeliveryModel.find(id, on: tx) else { return }
        apply(outcome, attempt: attempt, to: model, status: .pending, at: now)
        try await model.update(on: tx)
    }

    /// A delivery's last word: succeeded, or failed on its last try. A success sets its target's count of failures
    /// in a row back to zero; a failure adds one, and at `HookLimits.failuresBeforeDisabling` switches the target
    /// off and tells every active administrator. Returns whether the target was switched off now.
    @discardableResult
    public static func finish(
        _ id: UUID, attempt: Int, _ outcome: Outcome, at now: Date, on tx: any Database
    ) async throws -> Bool {
        guard let model = try await HookDeliveryModel.find(id, on: tx) else { return false }
        apply(outcome, attempt: attempt, to: model, status: outcome.succeeded ? .succeeded : .failed, at: now)
        try await model.update(on: tx)
        try await purge(target: model.targetID, on: tx)
        let limit = HookLimits.failuresBeforeDisabling
        switch HookTargetKind(rawValue: model.targetKind) {
        case .webhook:
            guard let target = try await WebhookModel.find(model.targetID, on: tx) else { return false }
            target.consecutiveFailures = outcome.succeeded ? 0 : target.consecutiveFailures + 1
            let disabling = target.active && target.consecutiveFailures >= limit
            if disabling { WebhookCommands.disable(target, reason: "failures", at: now) }
            try await target.update(on: tx)
            if disabling {
                try await disabled(.webhook, id: model.targetID, name: target.name, at: now, on: tx)
            }
            return disabling
        case .robot:
            guard let target = try await ChatRobotModel.find(model.targetID, on: tx) else { return false }
            target.consecutiveFailures = outcome.succeeded ? 0 : target.consecutiveFailures + 1
            let disabling = target.active && target.consecutiveFailures >= limit
            if disabling { RobotCommands.disable(target, reason: "failures", at: now) }
            try await target.update(on: tx)
            if disabling {
                try await disabled(.robot, id: model.targetID, name: target.name, at: now, on: tx)
            }
            return disabling
        case nil:
            return false
        }
    }

    /// Records a "send test" try (no retries, no effect on the failure count): a delivery of its own.
    public static func recordTest(
        _ kind: HookTargetKind, target: UUID, deliveryID: UUID, _ outcome: Outcome, by actor: AuditActor,
        at now: Date, on tx: any Database
    ) async throws -> HookDelivery {
        let model = HookDeliveryModel()
        model.id = deliveryID
        model.targetKind = kind.rawValue
        model.targetID = target
        model.event = WebhookEvent.ping
        model.createdAt = now
        apply(outcome, attempt: 1, to: model, status: outcome.succeeded ? .succeeded : .failed, at: now)
        try await model.create(on: tx)
        try await purge(target: target, on: tx)
        var changes = AuditChanges()
        changes.note("deliveryId", deliveryID.idText)
        changes.note("succeeded", String(outcome.succeeded))
        if let status = outcome.responseStatus { changes.note("responseStatus", String(status)) }
        try await AuditLog.append(
            kind == .webhook ? .webhookTested : .robotTested, recordType: kind == .webhook ? .webhook : .robot,
            recordID: target.idText, changes: changes, by: actor, at: now, on: tx)
        return model.delivery
    }

    private static func apply(
        _ outcome: Outcome, attempt: Int, to model: HookDeliveryModel, status: HookDelivery.Status, at now: Date
    ) {
        model.status = status.rawValue
        model.attempts = attempt
        model.responseStatus = outcome.responseStatus
        model.responseExcerpt = outcome.responseExcerpt.map { String($0.prefix(HookLimits.responseExcerpt)) }
        model.error = outcome.error.map { String($0.prefix(1000)) }
        model.durationMillis = outcome.durationMillis
        model.updatedAt = now
    }

    /// Keeps the newest `HookLimits.deliveriesKept` finished deliveries of a target.
    private static func purge(target: UUID, on tx: any Database) async throws {
        let old = try await HookDeliveryModel.query(on: tx).filter(\.$targetID == target)
            .filter(\.$status != HookDelivery.Status.pending.rawValue).sort(\.$createdAt, .descending)
            .sort(\.$id, .descending).offset(HookLimits.deliveriesKept).limit(100).all().compactMap(\.id)
        if !old.isEmpty { try await HookDeliveryModel.query(on: tx).filter(\.$id ~~ old).delete() }
    }

    /// Audits the switching off and tells the administrators (a notification about no customer).
    private static func disabled(_ kind: HookTargetKind, id: UUID, name: String, at now: Date, on tx: any Database)
        async throws
    {
        var changes = AuditChanges()
        changes.field("active", from: "true", to: "false")
        changes.note("reason", "failures")
        changes.note("failures", String(HookLimits.failuresBeforeDisabling))
        try await AuditLog.append(
            kind == .webhook ? .webhookDisabled : .robotDisabled, recordType: kind == .webhook ? .webhook : .robot,
            recordID: id.idText, changes: changes, by: .system("jobs"), at: now, on: tx)
        let admins = try await UserModel.query(on: tx).filter(\.$active == true)
            .join(UserRoleModel.self, on: \UserRoleModel.$user.$id == \UserModel.$id)
            .filter(UserRoleModel.self, \.$role == Role.admin.rawValue).all().compactMap(\.id)
        for admin in Set(admins).sorted(by: { $0.idText < $1.idText }) {
            try await NotificationStore.add(
                to: admin, kind: kind == .webhook ? .webhookDisabled : .robotDisabled,
                textKey: kind == .webhook ? "notify.webhookDisabled" : "notify.robotDisabled",
                values: [name, String(HookLimits.failuresBeforeDisabling)],
                subject: kind == .webhook ? .webhook(id) : .robot(id), about: nil, at: now, on: tx)
        }
    }
}

/// Reading webhooks and robots (administrators), and the records a delivery describes (the delivery job, which
/// decides itself what it may send).
public enum HookQueries {
    public static func webhooks(on db: any Database) async throws -> [Webhook] {
        try await WebhookModel.query(on: db).sort(\.$name).sort(\.$id).all().map(\.webhook)
    }

    public static func webhook(_ id: UUID, on db: any Database) async throws -> Webhook? {
        try await WebhookModel.find(id, on: db)?.webhook
    }

    /// The webhook's signing secret, opened: for signing only, never for showing.
    public static func webhookSecret(_ id: UUID, secrets: SecretBox, on db: any Database) async throws -> String {
        guard let model = try await WebhookModel.find(id, on: db) else { throw DataError.notFound }
        return try secrets.open(model.secret)
    }

    public static func robots(department: UUID? = nil, on db: any Database) async throws -> [ChatRobot] {
        let query = ChatRobotModel.query(on: db)
        if let department { query.filter(\.$departmentID == department) }
        return try await query.sort(\.$name).sort(\.$id).all().map(\.robot)
    }

    /// A department's chat robots that are switched on, oldest first.
    public static func activeRobots(department: UUID, on db: any Database) async throws -> [ChatRobot] {
        try await ChatRobotModel.query(on: db).filter(\.$departmentID == department).filter(\.$active == true)
            .sort(\.$createdAt).all().map(\.robot)
    }

    public static func hasActiveRobot(department: UUID, on db: any Database) async throws -> Bool {
        try await ChatRobotModel.query(on: db).filter(\.$departmentID == department).filter(\.$active == true)
            .first() != nil
    }

    public static func robot(_ id: UUID, on db: any Database) async throws -> ChatRobot? {
        try await ChatRobotModel.find(id, on: db)?.robot
    }

    /// The robot's address and signing secret, opened: for sending only, never for showing.
    public static func robotAddress(_ id: UUID, secrets: SecretBox, on db: any Database) async throws
        -> (url: String, secret: String?)
    {
        guard let model = try await ChatRobotModel.find(id, on: db) else { throw DataError.notFound }
        return (try secrets.open(model.url), try model.secret.map { try secrets.open($0) })
    }

    /// A request as it stands, with its customer's classification (confidential without a customer); nil when it or its
    /// customer is gone.
    public static func request(_ id: UUID, on db: any Database) async throws
        -> (request: ServiceRequest, classification: Classification)?
    {
        guard
            let row = try await db.sql.raw("SELECT * FROM requests WHERE id = \(bind: id)").first()
                .map(RequestRow.init(row:))
        else { return nil }
        let request = try row.value
        // A request without a customer (mail from an unknown sender) is as private as a confidential customer's
        // until it is linked: only its queue's department may know of it.
        guard let customerID = request.customerID else { return (request, .confidential) }
        guard let classification = try await CustomerRow.classification(of: customerID, on: db) else { return nil }
        return (request, classification)
    }

    public static func customer(_ id: UUID, on db: any Database) async throws -> Customer? {
        try await CustomerRow.find(id, on: db)?.value
    }

    /// The message an audit entry of `request.message` names.
    public static func message(ofEntry auditID: Int64, on db: any Database) async throws -> RequestMessage? {
        guard
            let changes = try await db.sql.raw("SELECT changes FROM audit_entries WHERE id = \(bind: auditID)").first()
                .map({ try $0.decode(column: "changes", as: String.self) }),
            let id = HookDispatcher.notes(changes)["messageId"].flatMap(UUID.init(uuidString:))
        else { return nil }
        return try await RequestMessageModel.find(id, on: db)?.value
    }

    /// The SLA metric an audit entry of `request.slaBreach` names.
    public static func breachMetric(ofEntry auditID: Int64, on db: any Database) async throws -> String? {
        try await db.sql.raw("SELECT changes FROM audit_entries WHERE id = \(bind: auditID)").first()
            .map { HookDispatcher.notes(try $0.decode(column: "changes", as: String.self))["metric"] } ?? nil
    }

    /// The time of an audit entry.
    public static func occurredAt(ofEntry auditID: Int64, on db: any Database) async throws -> Date? {
        try await db.sql.raw("SELECT at_ms FROM audit_entries WHERE id = \(bind: auditID)").first()
            .map { Date(timeIntervalSince1970: Double(try $0.decode(column: "at_ms", as: Int64.self)) / 1000) }
    }
}
