import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// A project in the API.
struct ProjectDTO: Content {
    var id: UUID
    var number: String
    var customerId: UUID
    var customerName: String
    var name: String
    var description: String?
    var managerId: UUID?
    var managerName: String?
    var status: String
    var allowedStatuses: [String]
    var startOn: String?
    var endOn: String?
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ summary: ProjectSummary) {
        let project = summary.project
        id = project.id
        number = project.numberText
        customerId = project.customerID
        customerName = summary.customerName
        name = project.name
        description = project.description
        managerId = project.managerID
        managerName = summary.managerName
        status = project.status.rawValue
        allowedStatuses = project.status.allowedNext.map(\.rawValue)
        startOn = project.startOn?.description
        endOn = project.endOn?.description
        version = project.version
        createdAt = project.createdAt
        updatedAt = project.updatedAt
    }
}

/// The body of a create or an update; on an update a field left out keeps its value, and an empty text clears an
/// optional one.
struct ProjectBody: Content {
    var customerId: String?
    var name: String?
    var description: String?
    var managerId: String?
    var startOn: String?
    var endOn: String?
    /// On a create only: requirements to include.
    var requirementIds: [String]?

    func input(over current: Project? = nil) -> ProjectInput {
        ProjectInput(
            customerID: customerId ?? current?.customerID.idText, name: name ?? current?.name,
            description: description ?? current?.description, managerID: managerId ?? current?.managerID?.idText,
            startOn: startOn ?? current?.startOn?.description, endOn: endOn ?? current?.endOn?.description,
            requirementIDs: current == nil ? requirementIds : nil)
    }
}

/// A requirement a project includes.
struct ProjectRequirementDTO: Content {
    var requirementId: UUID
    var title: String
    var status: String
    var priority: String
    var addedAt: Date
    var addedBy: UUID?

    init(_ item: IncludedRequirement) {
        requirementId = item.requirementID
        title = item.title
        status = item.status.rawValue
        priority = item.priority.rawValue
        addedAt = item.addedAt
        addedBy = item.addedBy
    }
}

struct ProjectRequirementBody: Content {
    var requirementId: String?
}

/// A project as a requirement names it.
struct RequirementProjectDTO: Content {
    var id: UUID
    var number: String
    var name: String

    init(_ project: RequirementProject) {
        id = project.id
        number = project.numberText
        name = project.name
    }
}

struct ProjectStatusBody: Content {
    var status: String?
    /// Why a project starts without a kickoff meeting.
    var reason: String?
}

struct ProjectMemberDTO: Content {
    var userId: UUID
    var name: String
    var role: String
    var addedAt: Date

    init(_ member: ProjectMember) {
        userId = member.userID
        name = member.name
        role = member.role.rawValue
        addedAt = member.addedAt
    }
}

struct ProjectMemberBody: Content {
    var userId: String?
    var role: String?
}

struct CharterMilestoneDTO: Content {
    var name: String
    var date: String
}

/// A charter's content, in the API and the portal alike.
struct CharterContentDTO: Content {
    var goals: String
    var scopeIn: String
    var scopeOut: String
    var milestones: [CharterMilestoneDTO]
    var deliveryStandards: String
    var acceptanceCriteria: String
    var assumptions: String
    var stakeholders: String
    /// The communication plan as the version froze it when sent (empty on a draft).
    var communicationPlan: [CharterPlanRowDTO]

    init(_ content: CharterContent) {
        goals = content.goals
        scopeIn = content.scopeIn
        scopeOut = content.scopeOut
        milestones = content.milestones.map { CharterMilestoneDTO(name: $0.name, date: $0.date.description) }
        deliveryStandards = content.deliveryStandards
        acceptanceCriteria = content.acceptanceCriteria
        assumptions = content.assumptions
        stakeholders = content.stakeholders
        communicationPlan = content.communicationPlan.map(CharterPlanRowDTO.init)
    }
}

/// A row of the communication plan as a charter version froze it.
struct CharterPlanRowDTO: Content {
    var audiences: [String]
    var content: String
    var topic: String?
    var channel: String
    var cadence: String
    var owner: String

    init(_ row: CharterPlanRow) {
        audiences = row.audiences
        content = row.content
        topic = row.topic
        channel = row.channel
        cadence = row.cadence
        owner = row.owner
    }
}

struct CharterSignerDTO: Content {
    var contactId: UUID
    var name: String
    var email: String?
    var signed: Bool
    var signedAt: Date?
    var signedAddress: String?
    var signedInPortal: Bool

    init(_ signer: CharterSigner) {
        contactId = signer.contactID
        name = signer.name
        email = signer.email
        signed = signer.signedAt != nil
        signedAt = signer.signedAt
        signedAddress = signer.signedAddress
        signedInPortal = signer.signedUserID != nil
    }
}

/// A version of a project's charter. A project with no charter yet answers an empty draft (`number` 0, no id).
struct CharterDTO: Content {
    var projectId: UUID
    var id: UUID?
    var number: Int
    var status: String
    var editable: Bool
    var content: CharterContentDTO
    var createdAt: Date?
    var updatedAt: Date?
    var sentAt: Date?
    var signedAt: Date?
    var version: Int
    var signers: [CharterSignerDTO]

    init(projectID: UUID, _ version: CharterVersion?) {
        projectId = projectID
        id = version?.id
        number = version?.number ?? 0
        status = (version?.status ?? .draft).rawValue
        editable = version?.status.isEditable ?? true
        content = CharterContentDTO(version?.content ?? CharterContent())
        createdAt = version?.createdAt
        updatedAt = version?.updatedAt
        sentAt = version?.sentAt
        signedAt = version?.signedAt
        self.version = version?.version ?? 0
        signers = version?.signers.map(CharterSignerDTO.init) ?? []
    }
}

/// The body of a charter save: each section left out keeps the draft's text; `milestones` replaces the list.
struct CharterBody: Content {
    struct Milestone: Content {
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
            deliveryStandards: deliveryStandards, acceptanceCriteria: acceptanceCriteria, assumptions: assumptions,
            stakeholders: stakeholders)
    }
}

struct CharterSendBody: Content {
    var contactIds: [String]?
}

/// The answer to a send: the version as sent, and each contact's single-use link when no mailbox is switched on
/// to mail it (else the links go out by mail only).
struct CharterSentDTO: Content {
    struct Link: Content {
        var contactId: UUID
        var name: String
        var email: String?
        var link: String?
        var mailed: Bool
    }

    var charter: CharterDTO
    var links: [Link]
}

/// The difference between two versions, section by section; long text as a line diff.
struct CharterDiffDTO: Content {
    struct Line: Content {
        var kind: String
        var text: String
        var oldNumber: Int?
        var newNumber: Int?
    }

    struct Section: Content {
        var section: String
        var changed: Bool
        var lines: [Line]
    }

    var from: Int
    var to: Int
    var sections: [Section]
}

/// A charter as a portal contact sees it: no staff-only field (no addresses, no other signers' details).
struct PortalCharterDTO: Content {
    var id: UUID
    var projectNumber: String
    var projectName: String
    var versionNumber: Int
    var status: String
    var awaitingMySignature: Bool
    var sentAt: Date?
    var signedAt: Date?
    var content: CharterContentDTO?
}
