import FluentKit
import Foundation
import LiaisonCore

final class ChangeRequestModel: Model, @unchecked Sendable {
    static let schema = "project_change_requests"

    @ID(key: .id) var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "number") var number: Int
    @Field(key: "title") var title: String
    /// `ChangeRequestKind.text`: "scope,schedule".
    @Field(key: "kinds") var kinds: String
    @OptionalField(key: "description") var description: String?
    @OptionalField(key: "reason") var reason: String?
    @OptionalField(key: "impact_scope") var impactScope: String?
    @OptionalField(key: "impact_schedule_days") var impactScheduleDays: Int?
    @OptionalField(key: "impact_cost_amount") var impactCostAmount: String?
    @OptionalField(key: "impact_cost_currency") var impactCostCurrency: String?
    @OptionalField(key: "impact_note") var impactNote: String?
    /// `CharterPatch` as JSON.
    @Field(key: "charter_changes") var charterChanges: String
    @Field(key: "status") var status: String
    @OptionalField(key: "requested_by") var requestedBy: UUID?
    @OptionalField(key: "assessed_by") var assessedBy: UUID?
    @OptionalField(key: "assessed_at") var assessedAt: Date?
    @OptionalField(key: "sent_at") var sentAt: Date?
    @OptionalField(key: "decided_by_contact") var decidedByContact: UUID?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "decision_channel") var decisionChannel: String?
    @OptionalField(key: "decision_note") var decisionNote: String?
    @OptionalField(key: "charter_version_id") var charterVersionID: UUID?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var statusValue: ChangeRequestStatus { ChangeRequestStatus(rawValue: status) ?? .proposed }

    var patchValue: CharterPatch {
        JSONColumn.decode(
            CharterPatch.self, charterChanges, default: CharterPatch(), column: "project_change_requests.charter_changes",
            row: id)
    }

    var impact: ChangeImpact {
        get {
            ChangeImpact(
                scope: impactScope, scheduleDays: impactScheduleDays, costAmount: impactCostAmount,
                costCurrency: impactCostCurrency, note: impactNote)
        }
        set {
            impactScope = newValue.scope
            impactScheduleDays = newValue.scheduleDays
            impactCostAmount = newValue.costAmount
            impactCostCurrency = newValue.costCurrency
            impactNote = newValue.note
        }
    }

    func value(charterNumber: Int?) -> ChangeRequest {
        ChangeRequest(
            id: id ?? UUID(), projectID: projectID, number: number, title: title,
            kinds: ChangeRequestKind.parse(kinds), description: description, reason: reason, impact: impact,
            charterChanges: patchValue, status: statusValue, requestedBy: requestedBy, assessedBy: assessedBy,
            assessedAt: assessedAt, sentAt: sentAt, decidedByContact: decidedByContact, decidedAt: decidedAt,
            decisionChannel: decisionChannel, decisionNote: decisionNote, charterVersionID: charterVersionID,
            charterVersionNumber: charterNumber, version: version, createdAt: createdAt, updatedAt: updatedAt)
    }

    /// Sets the fields of the input, noting each change for the audit trail.
    func apply(_ input: ValidChangeRequest, changes: inout AuditChanges, isNew: Bool) {
        func field(_ name: String, _ old: String?, _ new: String?) {
            if isNew { if new != nil { changes.set(name, new) } } else { changes.field(name, from: old, to: new) }
        }
        let patch = JSONColumn.encode(input.charterChanges)
        field("title", $title.value, input.title)
        field("kinds", $kinds.value, ChangeRequestKind.text(input.kinds))
        field("description", $description.value ?? nil, input.description)
        field("reason", $reason.value ?? nil, input.reason)
        if isNew || $charterChanges.value != patch {
            changes.note("charterChanges", input.charterChanges.sections.map(\.rawValue).joined(separator: ","))
        }
        title = input.title
        kinds = ChangeRequestKind.text(input.kinds)
        description = input.description
        reason = input.reason
        charterChanges = patch
    }
}

/// A contact of the customer asked to decide a change request through a single-use link.
final class ChangeRequestLinkModel: Model, @unchecked Sendable {
    static let schema = "project_change_request_links"

    @ID(key: .id) var id: UUID?
    @Field(key: "change_request_id") var changeRequestID: UUID
    @Field(key: "contact_id") var contactID: UUID
    @Field(key: "name") var name: String
    @OptionalField(key: "email") var email: String?
    @Field(key: "locale") var locale: String
    @Field(key: "token_hash") var tokenHash: String
    @OptionalField(key: "mailed_at") var mailedAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
