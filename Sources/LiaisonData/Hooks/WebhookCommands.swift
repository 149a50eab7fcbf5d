import FluentKit
import Foundation
import LiaisonCore

/// Webhooks are set up by administrators. The secret is sealed before it is stored and never written to the audit
/// trail: an entry says only that one was set or changed.
public enum WebhookCommands {
    /// Creates a webhook; returns it and its secret, which the caller shows this once (the one given, or
    /// `generatedSecret` when none was).
    public static func create(
        _ input: ValidWebhook, generatedSecret: String, secrets: SecretBox, by actor: AuditActor, at now: Date,
        on tx: any Database
    ) async throws -> (webhook: Webhook, secret: String) {
        let model = WebhookModel()
        model.id = UUID()
        model.version = 1
        model.createdAt = now
        model.updatedAt = now
        model.consecutiveFailures = 0
        model.sinceAuditID = try await HookModels.trailEnd(on: tx)
        var secret = generatedSecret
        if case .set(let given) = input.secret { secret = given }
        model.secret = try secrets.seal(secret)
        var changes = AuditChanges()
        apply(input, to: model, isNew: true, changes: &changes)
        changes.set("secret", "set")
        try await model.create(on: tx)
        try await AuditLog.append(
            .webhookCreated, recordType: .webhook, recordID: model.id!.idText, changes: changes, by: actor, at: now,
            on: tx)
        return (model.webhook, secret)
    }

    public static func update(
        id: UUID, with input: ValidWebhook, expectedVersion: Int?, secrets: SecretBox, by actor: AuditActor,
        at now: Date, on tx: any Database
    ) async throws -> Webhook {
        let model = try await find(id, expectedVersion: expectedVersion, on: tx)
        var changes = AuditChanges()
        let wasActive = model.active
        apply(input, to: model, isNew: false, changes: &changes)
        if case .set(let given) = input.secret {
            model.secret = try secrets.seal(given)
            changes.set("secret", "changed")
        }
        // Switched on again by hand: it starts counting failures afresh.
        if input.active != wasActive {
            if input.active {
                try await reenable(model, on: tx)
            } else {
                disable(model, reason: "byAdministrator", at: now)
            }
        }
        if !changes.isEmpty {
            model.version += 1
            model.updatedAt = now
            try await model.update(on: tx)
            try await AuditLog.append(
                .webhookUpdated, recordType: .webhook, recordID: id.idText, changes: changes, by: actor, at: now,
                on: tx)
        }
        return model.webhook
    }

    public static func delete(id: UUID, expectedVersion: Int?, by actor: AuditActor, at now: Date, on tx: any Database)
        async throws
    {
        let model = try await find(id, expectedVersion: expectedVersion, on: tx)
        var changes = AuditChanges()
        changes.field("name", from: model.name, to: nil)
        try await HookDeliveryModel.query(on: tx).filter(\.$targetID == id).delete()
        try await model.delete(on: tx)
        try await AuditLog.append(
            .webhookDeleted, recordType: .webhook, recordID: id.idText, changes: changes, by: actor, at: now, on: tx)
    }

    /// Switches a webhook on (its failure count starts again from zero) or off.
    public static func setActive(
        id: UUID, _ active: Bool, expectedVersion: Int?, by actor: AuditActor, at now: Date, on tx: any Database
    ) async throws -> Webhook {
        let model = try await find(id, expectedVersion: expectedVersion, on: tx)
        guard model.active != active else { return model.webhook }
        var changes = AuditChanges()
        changes.field("active", from: String(model.active), to: String(active))
        if active { try await reenable(model, on: tx) } else { disable(model, reason: "byAdministrator", at: now) }
        model.version += 1
        model.updatedAt = now
        try await model.update(on: tx)
        try await AuditLog.append(
            active ? .webhookEnabled : .webhookDisabled, recordType: .webhook, recordID: id.idText, changes: changes,
            by: actor, at: now, on: tx)
        return model.webhook
    }

    /// Switched on again: failures count afresh, and what happened while it was off is not sent.
    private static func reenable(_ model: WebhookModel, on tx: any Database) async throws {
        model.sinceAuditID = try await HookModels.trailEnd(on: tx)
        model.active = true
        model.consecutiveFailures = 0
        model.disabledAt = nil
        model.disabledReason = nil
    }

    static func disable(_ model: WebhookModel, reason: String, at now: Date) {
        model.active = false
        model.disabledAt = now
        model.disabledReason = reason
    }

    static func find(_ id: UUID, expectedVersion: Int?, on tx: any Database) async throws -> WebhookModel {
        guard let model = try await WebhookModel.find(id, on: tx) else { throw DataError.notFound }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        return model
    }

    private static func apply(_ input: ValidWebhook, to model: WebhookModel, isNew: Bool, changes: inout AuditChanges) {
        func field(_ name: String, _ old: String?, _ new: String) {
            if isNew { changes.set(name, new) } else { changes.field(name, from: old, to: new) }
        }
        let events = HookModels.store(input.events)
        field("name", model.$name.value, input.name)
        field("url", model.$url.value, input.url)
        field("events", model.$events.value, events)
        field("maxClassification", model.$maxClassification.value, input.maxClassification.rawValue)
        field("active", model.$active.value.map { String($0) }, String(input.active))
        model.name = input.name
        model.url = input.url
        model.events = events
        model.maxClassification = input.maxClassification.rawValue
        if isNew { model.active = input.active }
    }
}
