import Foundation

/// Where a version of a project's charter stands: being written (the one draft a project may have), sent to the
/// customer's named contacts for sign-off (frozen from then on), signed by all of them, or replaced by a later
/// version sent before it was signed (its sign-off links no longer work).
public enum CharterVersionStatus: String, CaseIterable, Codable, Sendable {
    case draft
    case sent
    case signed
    case superseded

    public var labelKey: String { "charter.status.\(rawValue)" }

    /// Only a draft may be changed; a sent or signed version needs a new version and a new sign-off.
    public var isEditable: Bool { self == .draft }
}

/// A dated step of the schedule a charter agrees (plain data inside the charter).
public struct CharterMilestone: Sendable, Equatable, Codable {
    public var name: String
    public var date: LocalDate

    public init(name: String, date: LocalDate) {
        self.name = name
        self.date = date
    }
}

/// What a version of a project charter (项目章程) says. Stored as one JSON document per version, so a later
/// version may carry more sections: a section it does not know yet reads as empty.
public struct CharterContent: Sendable, Equatable, Codable {
    public var goals: String
    public var scopeIn: String
    public var scopeOut: String
    public var milestones: [CharterMilestone]
    public var deliveryStandards: String
    public var acceptanceCriteria: String
    public var assumptions: String
    public var stakeholders: String
    /// The communication plan the version agrees, frozen when the version is sent (not edited in the charter:
    /// it is the project's plan as it then stood).
    public var communicationPlan: [CharterPlanRow]

    public init(
        goals: String = "", scopeIn: String = "", scopeOut: String = "", milestones: [CharterMilestone] = [],
        deliveryStandards: String = "", acceptanceCriteria: String = "", assumptions: String = "",
        stakeholders: String = "", communicationPlan: [CharterPlanRow] = []
    ) {
        self.goals = goals
        self.scopeIn = scopeIn
        self.scopeOut = scopeOut
        self.milestones = milestones
        self.deliveryStandards = deliveryStandards
        self.acceptanceCriteria = acceptanceCriteria
        self.assumptions = assumptions
        self.stakeholders = stakeholders
        self.communicationPlan = communicationPlan
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        goals = try c.decodeIfPresent(String.self, forKey: .goals) ?? ""
        scopeIn = try c.decodeIfPresent(String.self, forKey: .scopeIn) ?? ""
        scopeOut = try c.decodeIfPresent(String.self, forKey: .scopeOut) ?? ""
        milestones = try c.decodeIfPresent([CharterMilestone].self, forKey: .milestones) ?? []
        deliveryStandards = try c.decodeIfPresent(String.self, forKey: .deliveryStandards) ?? ""
        acceptanceCriteria = try c.decodeIfPresent(String.self, forKey: .acceptanceCriteria) ?? ""
        assumptions = try c.decodeIfPresent(String.self, forKey: .assumptions) ?? ""
        stakeholders = try c.decodeIfPresent(String.self, forKey: .stakeholders) ?? ""
        communicationPlan = try c.decodeIfPresent([CharterPlanRow].self, forKey: .communicationPlan) ?? []
    }

    /// The sections in the order a charter shows them.
    public enum Section: String, CaseIterable, Sendable {
        case goals
        case scopeIn
        case scopeOut
        case milestones
        case deliveryStandards
        case acceptanceCriteria
        case assumptions
        case stakeholders
        case communicationPlan

        /// Whether the charter's form edits the section (the communication plan comes from the plan itself).
        public var isWritten: Bool { self != .communicationPlan }

        public var labelKey: String { "charter.section.\(rawValue)" }
    }

    /// A section as lines of text, for showing and comparing: a milestone is "2026-05-01 Name".
    public func text(of section: Section) -> String {
        switch section {
        case .goals: goals
        case .scopeIn: scopeIn
        case .scopeOut: scopeOut
        case .milestones: milestones.map { "\($0.date) \($0.name)" }.joined(separator: "\n")
        case .deliveryStandards: deliveryStandards
        case .acceptanceCriteria: acceptanceCriteria
        case .assumptions: assumptions
        case .stakeholders: stakeholders
        case .communicationPlan: communicationPlan.map(\.line).joined(separator: "\n")
        }
    }

    public var isEmpty: Bool { Section.allCases.allSatisfy { text(of: $0).isEmpty } }
}

/// A charter's content as entered; a field left out keeps the draft's value.
public struct CharterInput: Sendable, Equatable {
    public struct Milestone: Sendable, Equatable {
        public var name: String?
        public var date: String?

        public init(name: String?, date: String?) {
            self.name = name
            self.date = date
        }
    }

    public var goals: String?
    public var scopeIn: String?
    public var scopeOut: String?
    public var milestones: [Milestone]?
    public var deliveryStandards: String?
    public var acceptanceCriteria: String?
    public var assumptions: String?
    public var stakeholders: String?

    public init(
        goals: String? = nil, scopeIn: String? = nil, scopeOut: String? = nil, milestones: [Milestone]? = nil,
        deliveryStandards: String? = nil, acceptanceCriteria: String? = nil, assumptions: String? = nil,
        stakeholders: String? = nil
    ) {
        self.goals = goals
        self.scopeIn = scopeIn
        self.scopeOut = scopeOut
        self.milestones = milestones
        self.deliveryStandards = deliveryStandards
        self.acceptanceCriteria = acceptanceCriteria
        self.assumptions = assumptions
        self.stakeholders = stakeholders
    }

    public static let maxSection = 20_000
    public static let maxMilestones = 100
    public static let maxMilestoneName = 200

    /// The draft's content with the given fields, every field checked at once. A milestone needs a name and a real
    /// day, within the project's dates when it has them.
    public func validated(over current: CharterContent, projectStart: LocalDate?, projectEnd: LocalDate?)
        throws(ValidationFailure) -> CharterContent
    {
        var v = FieldValidator()
        var content = current
        func section(_ field: String, _ raw: String?, _ keep: String) -> String {
            guard let raw else { return keep }
            return v.optionalText(field, raw, max: Self.maxSection, multiline: true) ?? ""
        }
        content.goals = section("goals", goals, current.goals)
        content.scopeIn = section("scopeIn", scopeIn, current.scopeIn)
        content.scopeOut = section("scopeOut", scopeOut, current.scopeOut)
        content.deliveryStandards = section("deliveryStandards", deliveryStandards, current.deliveryStandards)
        content.acceptanceCriteria = section("acceptanceCriteria", acceptanceCriteria, current.acceptanceCriteria)
        content.assumptions = section("assumptions", assumptions, current.assumptions)
        content.stakeholders = section("stakeholders", stakeholders, current.stakeholders)
        if let milestones {
            if milestones.count > Self.maxMilestones {
                v.add("milestones", "tooMany", [String(Self.maxMilestones)])
            } else {
                var list: [CharterMilestone] = []
                for (index, item) in milestones.enumerated() {
                    let field = "milestones[\(index)]"
                    let name = v.requiredText(field + ".name", item.name, max: Self.maxMilestoneName)
                    let date = v.day(field + ".date", item.date)
                    if date == nil, item.date?.trimmedSpaces().isEmpty ?? true { v.add(field + ".date", "required") }
                    if let date {
                        if let projectStart, date < projectStart {
                            v.add(field + ".date", "charterMilestoneOutsideProject", [projectStart.description])
                        } else if let projectEnd, date > projectEnd {
                            v.add(field + ".date", "charterMilestoneOutsideProject", [projectEnd.description])
                        }
                        if !name.isEmpty { list.append(CharterMilestone(name: name, date: date)) }
                    }
                }
                content.milestones = list.sorted { $0.date < $1.date }
            }
        }
        try v.check()
        return content
    }
}

/// What the customer's named contacts are asked: all of them must sign a version before it counts as signed.
public enum CharterSignOff {
    public static let maxSigners = 20

    /// Whether a sent version is signed once these signers' answers are in.
    public static func isComplete(signed: Int, of total: Int) -> Bool { total > 0 && signed >= total }
}

/// A contact asked to sign a charter version, and whether and how they did.
public struct CharterSigner: Sendable, Equatable {
    public var contactID: UUID
    public var name: String
    public var email: String?
    public var signedAt: Date?
    public var signedAddress: String?
    /// The portal account that signed, when it was signed in the portal rather than through the mailed link.
    public var signedUserID: UUID?

    public init(
        contactID: UUID, name: String, email: String?, signedAt: Date?, signedAddress: String?, signedUserID: UUID?
    ) {
        self.contactID = contactID
        self.name = name
        self.email = email
        self.signedAt = signedAt
        self.signedAddress = signedAddress
        self.signedUserID = signedUserID
    }
}

/// One version of a project's charter.
public struct CharterVersion: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var projectID: UUID
    public var number: Int
    public var status: CharterVersionStatus
    public var content: CharterContent
    public var createdBy: UUID?
    public var createdAt: Date
    public var updatedAt: Date
    public var sentAt: Date?
    public var signedAt: Date?
    public var version: Int
    public var signers: [CharterSigner]

    public init(
        id: UUID, projectID: UUID, number: Int, status: CharterVersionStatus, content: CharterContent,
        createdBy: UUID?, createdAt: Date, updatedAt: Date, sentAt: Date?, signedAt: Date?, version: Int,
        signers: [CharterSigner]
    ) {
        self.id = id
        self.projectID = projectID
        self.number = number
        self.status = status
        self.content = content
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.sentAt = sentAt
        self.signedAt = signedAt
        self.version = version
        self.signers = signers
    }
}
