import Foundation

/// A customer (客户) as the rest of the system sees it.
public struct Customer: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var kind: CustomerKind
    public var name: String
    public var nameEn: String?
    public var industry: String?
    public var tier: CustomerTier
    public var region: String?
    public var status: CustomerStatus
    public var classification: Classification
    public var tags: [String]
    public var ownerID: UUID?
    public var website: String?
    public var phone: String?
    public var address: String?
    public var notes: String?
    public var contactCount: Int
    public var lastActivityAt: Date
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, kind: CustomerKind, name: String, nameEn: String?, industry: String?, tier: CustomerTier,
        region: String?, status: CustomerStatus, classification: Classification, tags: [String], ownerID: UUID?,
        website: String?, phone: String?, address: String?, notes: String?, contactCount: Int,
        lastActivityAt: Date, version: Int, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.kind = kind
        self.name = name
        self.nameEn = nameEn
        self.industry = industry
        self.tier = tier
        self.region = region
        self.status = status
        self.classification = classification
        self.tags = tags
        self.ownerID = ownerID
        self.website = website
        self.phone = phone
        self.address = address
        self.notes = notes
        self.contactCount = contactCount
        self.lastActivityAt = lastActivityAt
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public func displayName(in locale: AppLocale) -> String {
        locale == .en ? (nameEn ?? name) : name
    }
}

/// A person on a customer's account team.
public struct TeamMember: Sendable, Equatable {
    public var userID: UUID
    public var name: String
    public var email: String
    public var role: TeamRole
    public var addedAt: Date

    public init(userID: UUID, name: String, email: String, role: TeamRole, addedAt: Date) {
        self.userID = userID
        self.name = name
        self.email = email
        self.role = role
        self.addedAt = addedAt
    }
}

/// A contact person at a customer.
public struct Contact: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var customerID: UUID
    public var name: String
    public var title: String?
    public var role: ContactRole?
    public var emails: [String]
    public var phones: [String]
    public var wechat: String?
    public var otherIDs: [String: String]
    public var preferredChannel: Channel?
    public var preferredLanguage: AppLocale?
    public var consent: [Channel: Bool]
    public var notes: String?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, customerID: UUID, name: String, title: String?, role: ContactRole?, emails: [String],
        phones: [String], wechat: String?, otherIDs: [String: String], preferredChannel: Channel?,
        preferredLanguage: AppLocale?, consent: [Channel: Bool], notes: String?, version: Int, createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.customerID = customerID
        self.name = name
        self.title = title
        self.role = role
        self.emails = emails
        self.phones = phones
        self.wechat = wechat
        self.otherIDs = otherIDs
        self.preferredChannel = preferredChannel
        self.preferredLanguage = preferredLanguage
        self.consent = consent
        self.notes = notes
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Whether the contact agreed to be contacted on a channel; unknown counts as not refused.
    public func mayContact(on channel: Channel) -> Bool { consent[channel] ?? true }
}

/// One logged conversation with a customer.
public struct Interaction: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var customerID: UUID
    public var channel: Channel
    public var direction: Direction
    public var subject: String
    public var body: String
    public var occurredAt: Date
    public var durationMinutes: Int?
    public var outcome: String?
    public var staffIDs: [UUID]
    public var contactIDs: [UUID]
    public var nextStep: String?
    public var nextStepOwnerID: UUID?
    public var nextStepDueAt: Date?
    public var nextStepDoneAt: Date?
    public var createdByID: UUID?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, customerID: UUID, channel: Channel, direction: Direction, subject: String, body: String,
        occurredAt: Date, durationMinutes: Int?, outcome: String?, staffIDs: [UUID], contactIDs: [UUID],
        nextStep: String?, nextStepOwnerID: UUID?, nextStepDueAt: Date?, nextStepDoneAt: Date?, createdByID: UUID?,
        version: Int, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.customerID = customerID
        self.channel = channel
        self.direction = direction
        self.subject = subject
        self.body = body
        self.occurredAt = occurredAt
        self.durationMinutes = durationMinutes
        self.outcome = outcome
        self.staffIDs = staffIDs
        self.contactIDs = contactIDs
        self.nextStep = nextStep
        self.nextStepOwnerID = nextStepOwnerID
        self.nextStepDueAt = nextStepDueAt
        self.nextStepDoneAt = nextStepDoneAt
        self.createdByID = createdByID
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One entry of a customer's timeline: an interaction, a request (its opening message), a message on one, a project
/// or a requirement.
public struct TimelineEntry: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case interaction
        case request
        case requestMessage
        case project
        /// A requirement captured for the customer (shown to those who see requirements).
        case requirement
        /// A meeting with the customer (one entry per meeting, at its start, kept up to date as it changes).
        case meeting
        /// A commitment made to the customer (one entry per commitment, at its making, kept up to date as it
        /// changes); an interaction's next step has none, its interaction's entry tells it.
        case commitment
    }

    public var id: UUID
    public var customerID: UUID
    public var kind: Kind
    public var refID: UUID
    public var occurredAt: Date
    public var channel: Channel?
    public var direction: Direction?
    public var title: String
    public var excerpt: String
    public var actorLabel: String

    public init(
        id: UUID, customerID: UUID, kind: Kind, refID: UUID, occurredAt: Date, channel: Channel?,
        direction: Direction?, title: String, excerpt: String, actorLabel: String
    ) {
        self.id = id
        self.customerID = customerID
        self.kind = kind
        self.refID = refID
        self.occurredAt = occurredAt
        self.channel = channel
        self.direction = direction
        self.title = title
        self.excerpt = excerpt
        self.actorLabel = actorLabel
    }
}
