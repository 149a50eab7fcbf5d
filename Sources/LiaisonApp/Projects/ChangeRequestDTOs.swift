import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// A change request as the API answers it. `number` is the request's code within its project ("CR-1").
struct ChangeRequestDTO: Content {
    struct Impact: Content {
        var scope: String?
        var scheduleDays: Int?
        var costAmount: String?
        var costCurrency: String?
        var note: String?
    }

    struct Milestone: Content {
        var name: String
        var date: String
    }

    /// The charter sections the change would rewrite; a section left out keeps its text.
    struct CharterChanges: Content {
        var goals: String?
        var scopeIn: String?
        var scopeOut: String?
        var milestones: [Milestone]?
        var deliveryStandards: String?
        var acceptanceCriteria: String?
        var assumptions: String?
        var stakeholders: String?

        init(_ patch: CharterPatch) {
            goals = patch.goals
            scopeIn = patch.scopeIn
            scopeOut = patch.scopeOut
            milestones = patch.milestones?.map { Milestone(name: $0.name, date: $0.date.description) }
            deliveryStandards = patch.deliveryStandards
            acceptanceCriteria = patch.acceptanceCriteria
            assumptions = patch.assumptions
            stakeholders = patch.stakeholders
        }
    }

    var id: UUID
    var projectId: UUID
    var number: String
    var title: String
    var kinds: [String]
    var description: String?
    var reason: String?
    var impact: Impact
    var charterChanges: CharterChanges
    var status: String
    var requestedBy: UUID?
    var assessedBy: UUID?
    var assessedAt: Date?
    var sentAt: Date?
    var decidedByContactId: UUID?
    var decidedAt: Date?
    var decisionChannel: String?
    var decisionNote: String?
    var charterVersionId: UUID?
    var charterVersionNumber: Int?
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ cr: ChangeRequest) {
        id = cr.id
        projectId = cr.projectID
        number = cr.numberText
        title = cr.title
        kinds = cr.kinds.sorted().map(\.rawValue)
        description = cr.description
        reason = cr.reason
        impact = Impact(
            scope: cr.impact.scope, scheduleDays: cr.impact.scheduleDays, costAmount: cr.impact.costAmount,
            costCurrency: cr.impact.costCurrency, note: cr.impact.note)
        charterChanges = CharterChanges(cr.charterChanges)
        status = cr.status.rawValue
        requestedBy = cr.requestedBy
        assessedBy = cr.assessedBy
        assessedAt = cr.assessedAt
        sentAt = cr.sentAt
        decidedByContactId = cr.decidedByContact
        decidedAt = cr.decidedAt
        decisionChannel = cr.decisionChannel
        decisionNote = cr.decisionNote
        charterVersionId = cr.charterVersionID
        charterVersionNumber = cr.charterVersionNumber
        version = cr.version
        createdAt = cr.createdAt
        updatedAt = cr.updatedAt
    }
}

/// A change request as the API takes it; on a change, a field left out keeps its value.
struct ChangeRequestBody: Decodable {
    struct Changes: Decodable {
        struct Milestone: Decodable {
            var name: String?
            var date: String?
        }

        var goals: String?
        var scopeIn: String?
        var scopeOut: String?
        var milestones: [Milestone]?
        var deliveryStandards: String?
        var acceptanceCriteria: String?
        var assumptions: String?
        var stakeholders: String?

        var input: CharterInput {
            CharterInput(
                goals: goals, scopeIn: scopeIn, scopeOut: scopeOut,
                milestones: milestones?.map { CharterInput.Milestone(name: $0.name, date: $0.date) },
                deliveryStandards: deliveryStandards, acceptanceCriteria: acceptanceCriteria,
                assumptions: assumptions, stakeholders: stakeholders)
        }
    }

    var title: String?
    var kinds: [String]?
    var description: String?
    var reason: String?
    var charterChanges: Changes?

    func input(over current: ChangeRequest? = nil) -> ChangeRequestInput {
        ChangeRequestInput(
            title: title ?? current?.title, kinds: kinds ?? current.map { $0.kinds.sorted().map(\.rawValue) },
            description: description ?? current?.description, reason: reason ?? current?.reason,
            charterChanges: charterChanges?.input ?? current.flatMap { Self.input($0.charterChanges) })
    }

    /// A stored patch as input again, so that an update that leaves the changes out keeps them.
    static func input(_ patch: CharterPatch) -> CharterInput? {
        guard !patch.isEmpty else { return nil }
        return CharterInput(
            goals: patch.goals, scopeIn: patch.scopeIn, scopeOut: patch.scopeOut,
            milestones: patch.milestones?.map { CharterInput.Milestone(name: $0.name, date: $0.date.description) },
            deliveryStandards: patch.deliveryStandards, acceptanceCriteria: patch.acceptanceCriteria,
            assumptions: patch.assumptions, stakeholders: patch.stakeholders)
    }
}

/// The assessment as the API takes it: days and amount as numbers or text.
struct ChangeAssessmentBody: Decodable {
    var scope: String?
    var scheduleDays: TextOrNumber?
    var costAmount: AmountText?
    var costCurrency: String?
    var note: String?

    var input: ChangeAssessmentInput {
        ChangeAssessmentInput(
            scope: scope, scheduleDays: scheduleDays?.text, costAmount: costAmount?.text, costCurrency: costCurrency,
            note: note)
    }
}

/// Whom to send a change request to: contacts of the customer; none named means the charter's signers.
struct ChangeSendBody: Decodable {
    var contactIds: [String]?
}

/// The customer's written answer recorded by staff: who gave it and where it is.
struct ChangeDecisionBody: Decodable {
    var contactId: String?
    var note: String?
}

/// What sending a change request answers: the request and its decision links (a link is answered only when no
/// mailbox would mail it).
struct ChangeRequestSentDTO: Content {
    var changeRequest: ChangeRequestDTO
    var links: [CharterSentDTO.Link]
}

/// How many change requests of the project stand at each status.
struct ChangeRequestSummaryDTO: Content {
    var counts: [String: Int]
    var total: Int
    var open: Int

    init(_ summary: ChangeRequestSummary) {
        counts = Dictionary(uniqueKeysWithValues: ChangeRequestStatus.allCases.map { ($0.rawValue, summary.count($0)) })
        total = summary.total
        open = summary.open
    }
}

/// A change request as its customer's portal shows it: no staff-only field (no people of ours).
struct PortalChangeRequestDTO: Content {
    var id: UUID
    var projectNumber: String
    var projectName: String
    var number: String
    var title: String
    var kinds: [String]
    var description: String?
    var reason: String?
    var impact: ChangeRequestDTO.Impact
    var charterChanges: ChangeRequestDTO.CharterChanges
    var status: String
    var sentAt: Date?
    var decidedAt: Date?
    var decisionNote: String?

    init(projectNumber: String, projectName: String, _ cr: ChangeRequest) {
        let full = ChangeRequestDTO(cr)
        id = cr.id
        self.projectNumber = projectNumber
        self.projectName = projectName
        number = full.number
        title = full.title
        kinds = full.kinds
        description = full.description
        reason = full.reason
        impact = full.impact
        charterChanges = full.charterChanges
        status = full.status
        sentAt = full.sentAt
        decidedAt = full.decidedAt
        decisionNote = full.decisionNote
    }
}

/// An amount the API takes as a JSON number (whole or decimal) or as text; kept as the text it was written as.
struct AmountText: Decodable, Sendable {
    var text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            text = String(number)
        } else if let number = try? container.decode(Decimal.self) {
            text = "\(number)"
        } else {
            text = try container.decode(String.self)
        }
    }
}
