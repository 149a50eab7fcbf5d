import Foundation
import LiaisonCore

/// The requirement board: one column per status with its count and the newest cards, and the filters.
struct RequirementBoardPage: Encodable {
    struct Card: Encodable {
        var title: String
        var link: String
        var customer: String
        var priority: String
        var priorityKey: String
        var desired: String
    }

    struct Column: Encodable {
        var status: String
        var label: String
        var count: Int
        var cards: [Card]
        var more: Bool
    }

    var columns: [Column]
    var total: Int
    var newLink: String?
    var filterAction: String
    var customers: [Choice]
    var departments: [Choice]
    var priorities: [Choice]
    var owners: [Choice]
    var filtered: Bool
}

/// A requirement's form (new or edit).
struct RequirementFormPage: Encodable {
    var isNew: Bool
    var action: String
    var cancelLink: String
    var version: Int
    var customers: [Choice]
    var customerID: String
    var contacts: [Choice]
    var title: String
    var description: String
    var businessValue: String
    var desiredDate: String
    var priorities: [Choice]
    var owners: [Choice]
    var sourceKinds: [Choice]
    var sourceKind: String
    var sourceID: String
    var sourceReference: String
    var sourceLabel: String?
    var errors: [String: String]
}

/// One requirement: its facts, where it came from, the moves its reader may make, the assessment, documents,
/// files and history.
struct RequirementPage: Encodable {
    struct Move: Encodable {
        var status: String
        var label: String
        var handOff: Bool
    }

    struct Event: Encodable {
        var time: String
        var who: String
        var text: String
        var note: String?
    }

    struct File: Encodable {
        var name: String
        var link: String
        var size: String
    }

    struct Document: Encodable {
        var title: String
        var kind: String
        var link: String
        var version: Int
        var updated: String
    }

    /// A project that includes the requirement.
    struct Project: Encodable {
        var label: String
        var link: String
        var first: Bool
    }

    struct Assessment: Encodable {
        var feasibility: String
        var effort: String
        var value: String
        var risks: String?
        var decision: String
        var customerReason: String?
        var internalNotes: String?
        var assessedBy: String
        var decidedAt: String
    }

    struct AssessmentForm: Encodable {
        var action: String
        var version: Int
        var feasibilities: [Choice]
        var values: [Choice]
        var decisions: [Choice]
        var effortDays: String
        var risks: String
        var customerReason: String
        var internalNotes: String
        var errors: [String: String]
    }

    var id: String
    var title: String
    var status: String
    var statusKey: String
    var customer: String
    var customerLink: String?
    var classification: String?
    var contact: String
    var description: String
    var businessValue: String?
    var desired: String
    var priority: String
    var priorityKey: String
    var owner: String
    var department: String
    var handedOff: String
    var due: String?
    var source: String
    var sourceLink: String?
    var sourceText: String?
    var created: String
    var createdBy: String
    var editLink: String?
    var boardLink: String
    var version: Int
    var moveAction: String
    var moves: [Move]
    var departments: [Choice]
    var moveError: String?
    var assessment: Assessment?
    var assessmentForm: AssessmentForm?
    var documents: [Document]
    var newSpecificationLink: String?
    var newPlanLink: String?
    var files: [File]
    var attachAction: String
    var history: [Event]
    var projects: [Project] = []
    var hasDocuments = false
    var hasMoves = false
    var hasFiles = false
}

/// A specification or development plan: one version rendered, the list of versions, and the diff chooser.
struct RequirementDocumentPage: Encodable {
    struct Version: Encodable {
        var number: Int
        var link: String
        var author: String
        var time: String
        var note: String?
        var current: Bool
    }

    struct Linked: Encodable {
        var title: String
        var link: String
    }

    var title: String
    var kind: String
    var customer: String
    var shownNumber: Int
    var latest: Bool
    var body: String
    var author: String
    var time: String
    var requirements: [Linked]
    var versions: [Version]
    var reviseLink: String?
    var diffAction: String
    var fromChoices: [Choice]
    var toChoices: [Choice]
    var hasSeveral: Bool
}

/// A new document or a new version of one.
struct RequirementDocumentFormPage: Encodable {
    var isNew: Bool
    var action: String
    var cancelLink: String
    var version: Int
    var kinds: [Choice]
    var title: String
    var body: String
    var note: String
    var requirements: [Choice]
    var errors: [String: String]
}

/// Two versions of a document compared line by line.
struct RequirementDiffPage: Encodable {
    struct Line: Encodable {
        var kind: String
        var sign: String
        var text: String
        var oldNumber: String
        var newNumber: String
    }

    var title: String
    var documentLink: String
    var from: Int
    var to: Int
    var fromInfo: String
    var toInfo: String
    var added: Int
    var removed: Int
    var lines: [Line]
    var same: Bool
    var diffAction: String
    var fromChoices: [Choice]
    var toChoices: [Choice]
}
