import FluentKit
import Foundation
import LiaisonCore

final class NPSSurveyModel: Model, @unchecked Sendable {
    static let schema = "nps_surveys"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @OptionalField(key: "intro") var intro: String?
    /// JSON list of tier names.
    @Field(key: "tiers") var tiers: String
    /// JSON list of customer ids.
    @Field(key: "customer_ids") var customerIDs: String
    @OptionalField(key: "closes_at") var closesAt: Date?
    @Field(key: "status") var status: String
    @OptionalField(key: "sent_at") var sentAt: Date?
    @OptionalField(key: "sent_by") var sentBy: UUID?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    func value(invited: Int, answered: Int) throws -> NPSSurvey {
        let tierNames = try JSONColumn.decode([String].self, tiers, column: "nps_surveys.tiers", row: id)
        let ids = try JSONColumn.decode([String].self, customerIDs, column: "nps_surveys.customer_ids", row: id)
        return NPSSurvey(
            id: id!, name: name, intro: intro, tiers: tierNames.compactMap(CustomerTier.init(rawValue:)),
            customerIDs: ids.compactMap(UUIDText.parse), closesAt: closesAt,
            status: NPSSurveyStatus(rawValue: status) ?? .draft, sentAt: sentAt, invitedCount: invited,
            answeredCount: answered, createdBy: createdBy, version: version, createdAt: createdAt,
            updatedAt: updatedAt)
    }

    static func auditTime(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    func apply(_ input: ValidNPSSurvey, changes: inout AuditChanges, isNew: Bool) {
        let newTiers = JSONColumn.encode(input.tiers.map(\.rawValue))
        let newCustomers = JSONColumn.encode(input.customerIDs.map(\.idText))
        func field(_ name: String, _ old: String?, _ new: String?) {
            if isNew { changes.set(name, new) } else { changes.field(name, from: old, to: new) }
        }
        field("name", $name.value, input.name)
        field("intro", $intro.value ?? nil, input.intro)
        field("tiers", $tiers.value, newTiers)
        field("customerIds", $customerIDs.value, newCustomers)
        field("closesAt", ($closesAt.value ?? nil).map(Self.auditTime), input.closesAt.map(Self.auditTime))
        name = input.name
        intro = input.intro
        tiers = newTiers
        customerIDs = newCustomers
        closesAt = input.closesAt
    }
}

final class NPSInvitationModel: Model, @unchecked Sendable {
    static let schema = "nps_invitations"

    @ID(key: .id) var id: UUID?
    @Field(key: "survey_id") var surveyID: UUID
    @Field(key: "contact_id") var contactID: UUID
    @Field(key: "customer_id") var customerID: UUID
    @Field(key: "email") var email: String
    @Field(key: "locale") var locale: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "mailed_at") var mailedAt: Date?
    @OptionalField(key: "answered_at") var answeredAt: Date?
    @OptionalField(key: "score") var score: Int?
    @OptionalField(key: "comment") var comment: String?
    @OptionalField(key: "follow_up_request_id") var followUpRequestID: UUID?

    init() {}
}
