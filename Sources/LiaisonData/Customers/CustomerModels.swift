import FluentKit
import Foundation

final class CustomerModel: Model, @unchecked Sendable {
    static let schema = "customers"

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "name") var name: String
    @OptionalField(key: "name_en") var nameEn: String?
    @Field(key: "sort_key") var sortKey: String
    @OptionalField(key: "industry") var industry: String?
    @Field(key: "tier") var tier: String
    @OptionalField(key: "region") var region: String?
    @Field(key: "status") var status: String
    @Field(key: "classification") var classification: String
    @Field(key: "tags") var tags: String
    @OptionalField(key: "owner_id") var ownerID: UUID?
    @OptionalField(key: "website") var website: String?
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "address") var address: String?
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "contact_count") var contactCount: Int
    @Field(key: "last_activity_at") var lastActivityAt: Date
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "deleted_at") var deletedAt: Date?

    init() {}
}

final class TeamMemberModel: Model, @unchecked Sendable {
    static let schema = "customer_team"

    @ID(key: .id) var id: UUID?
    @Field(key: "customer_id") var customerID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "role") var role: String
    @Field(key: "added_at") var addedAt: Date

    init() {}
}

final class ContactModel: Model, @unchecked Sendable {
    static let schema = "contacts"

    @ID(key: .id) var id: UUID?
    @Field(key: "customer_id") var customerID: UUID
    @Field(key: "name") var name: String
    @Field(key: "sort_key") var sortKey: String
    @OptionalField(key: "title") var title: String?
    @OptionalField(key: "role") var role: String?
    @Field(key: "emails") var emails: String
    @Field(key: "phones") var phones: String
    @OptionalField(key: "wechat") var wechat: String?
    @Field(key: "other_ids") var otherIDs: String
    @OptionalField(key: "preferred_channel") var preferredChannel: String?
    @OptionalField(key: "preferred_language") var preferredLanguage: String?
    @Field(key: "consent") var consent: String
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "deleted_at") var deletedAt: Date?
    /// What the contact sees in the portal (`PortalScope`).
    @Field(key: "portal_scope") var portalScope: String

    init() {}
}

final class ContactIdentityModel: Model, @unchecked Sendable {
    static let schema = "contact_identities"

    @ID(key: .id) var id: UUID?
    @Field(key: "contact_id") var contactID: UUID
    @Field(key: "customer_id") var customerID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "value") var value: String

    init() {}

    init(contactID: UUID, customerID: UUID, kind: String, value: String) {
        self.id = UUID()
        self.contactID = contactID
        self.customerID = customerID
        self.kind = kind
        self.value = value
    }
}

final class InteractionModel: Model, @unchecked Sendable {
    static let schema = "interactions"

    @ID(key: .id) var id: UUID?
    @Field(key: "customer_id") var customerID: UUID
    @Field(key: "channel") var channel: String
    @Field(key: "direction") var direction: String
    @Field(key: "subject") var subject: String
    @Field(key: "body") var body: String
    @Field(key: "occurred_at") var occurredAt: Date
    @OptionalField(key: "duration_minutes") var durationMinutes: Int?
    @OptionalField(key: "outcome") var outcome: String?
    @OptionalField(key: "next_step") var nextStep: String?
    @OptionalField(key: "next_step_owner_id") var nextStepOwnerID: UUID?
    @OptionalField(key: "next_step_due_at") var nextStepDueAt: Date?
    @OptionalField(key: "next_step_done_at") var nextStepDoneAt: Date?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

final class ParticipantModel: Model, @unchecked Sendable {
    static let schema = "interaction_participants"

    @ID(key: .id) var id: UUID?
    @Field(key: "interaction_id") var interactionID: UUID
    @OptionalField(key: "user_id") var userID: UUID?
    @OptionalField(key: "contact_id") var contactID: UUID?

    init() {}

    init(interactionID: UUID, userID: UUID? = nil, contactID: UUID? = nil) {
        self.id = UUID()
        self.interactionID = interactionID
        self.userID = userID
        self.contactID = contactID
    }
}

