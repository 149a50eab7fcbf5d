import Foundation

struct CustomerListPage: Encodable {
    struct Row: Encodable {
        var name: String
        var nameEn: String
        var link: String
        var status: String
        var tier: String
        var classification: String
        var classificationCode: String
        var owner: String
        var contacts: Int
        var lastActivity: String
    }

    var rows: [Row]
    var hasRows: Bool
    var total: Int
    var action: String
    var q: String
    var statuses: [Choice]
    var tiers: [Choice]
    var classifications: [Choice]
    var sorts: [Choice]
    var mine: Bool
    var nextLink: String?
    var newLink: String?
    var importLink: String?
    var exportLink: String?
    var errorMessages: [String]
}

struct CustomerFormPage: Encodable {
    var action: String
    var cancelLink: String
    var isNew: Bool
    var version: String
    var name: String
    var nameEn: String
    var industry: String
    var region: String
    var tags: String
    var website: String
    var phone: String
    var address: String
    var notes: String
    var kinds: [Choice]
    var tiers: [Choice]
    var statuses: [Choice]
    var classifications: [Choice]
    var owners: [Choice]
    var errors: [String: String]
}

struct CustomerPage: Encodable {
    struct Fact: Encodable {
        var label: String
        var value: String
        var link: String?
    }

    struct ContactRow: Encodable {
        var name: String
        var link: String
        var title: String
        var role: String
        var email: String
        var phone: String
    }

    struct Member: Encodable {
        var name: String
        var email: String
        var role: String
        var removeAction: String?
    }

    struct Entry: Encodable {
        var date: String
        var channel: String
        var channelCode: String
        var direction: String
        var title: String
        var excerpt: String
        var actor: String
        var link: String
    }

    struct File: Encodable {
        var name: String
        var size: String
        var link: String
        var date: String
    }

    var id: String
    var name: String
    var nameEn: String
    var classification: String
    var classificationCode: String
    var status: String
    var facts: [Fact]
    var tags: [String]
    var notes: String
    var contacts: [ContactRow]
    var hasContacts: Bool
    var team: [Member]
    var timeline: [Entry]
    var hasTimeline: Bool
    var timelineNext: String?
    var timelineAction: String
    var channelFilter: [Choice]
    var from: String
    var to: String
    var files: [File]
    var hasFiles: Bool
    var canEdit: Bool
    var canDelete: Bool
    var canLog: Bool
    /// The customer's newest requirements, for those who see requirements.
    var requirements: RequirementLinks? = nil
    /// The customer's open commitments.
    var commitmentBlock: CommitmentBlock? = nil
    var editLink: String
    var deleteAction: String
    var newContactLink: String
    var logLink: String
    var teamAction: String
    var teamCandidates: [Choice]
    var teamRoles: [Choice]
    var log: InteractionForm
}

/// The quick "log an interaction" form, on the customer page and on its own page.
struct InteractionForm: Encodable {
    var action: String
    var customerID: String
    var channels: [Choice]
    var directions: [Choice]
    var contacts: [Choice]
    var hasContacts: Bool
    var owners: [Choice]
    var subject: String
    var body: String
    var occurredAt: String
    var durationMinutes: String
    var outcome: String
    var nextStep: String
    var nextStepDueAt: String
    var errors: [String: String]
}
