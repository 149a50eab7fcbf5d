import Foundation

/// The part a person plays for one deliverable (RACI).
public enum RACIRole: String, CaseIterable, Codable, Sendable, Comparable {
    /// Does the work.
    case responsible
    /// Answers for the result and signs it off: exactly one person.
    case accountable
    /// Asked before (two-way).
    case consulted
    /// Told after (one-way).
    case informed

    public var labelKey: String { "raci.role.\(rawValue)" }

    /// The letter of the matrix, the same in every language (the RACI letters are used as they are in Chinese
    /// project practice too).
    public var letter: String {
        switch self {
        case .responsible: "R"
        case .accountable: "A"
        case .consulted: "C"
        case .informed: "I"
        }
    }

    /// R, A, C, I: the order of the name.
    public static func < (lhs: RACIRole, rhs: RACIRole) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One person's part for one deliverable.
public struct RACIAssignment: Hashable, Codable, Sendable {
    public var personID: UUID
    public var role: RACIRole

    public init(personID: UUID, role: RACIRole) {
        self.personID = personID
        self.role = role
    }
}

/// Who does what for one deliverable (a task's deliverable, or any other the plan names).
///
/// The rules (`issues()`): exactly one person accountable; at least one responsible; a person holds one part, except
/// that the accountable person may also be responsible (a small team's lead often does the work and answers for
/// it, shown "A/R"); consulted and informed are open to anyone else. The same assignment given twice counts once.
public struct RACIChart: Equatable, Codable, Sendable {
    public var deliverableID: UUID
    public var assignments: [RACIAssignment]

    public init(deliverableID: UUID, assignments: [RACIAssignment]) {
        self.deliverableID = deliverableID
        self.assignments = assignments
    }

    /// The people holding `role`, in the order given, each once.
    public func people(_ role: RACIRole) -> [UUID] {
        var seen = Set<UUID>()
        return assignments.filter { $0.role == role && seen.insert($0.personID).inserted }.map(\.personID)
    }

    /// The parts `person` holds, in R, A, C, I order.
    public func roles(of person: UUID) -> [RACIRole] {
        Set(assignments.filter { $0.personID == person }.map(\.role)).sorted()
    }

    /// What breaks the rules, as validation issues on `field`.
    public func issues(field: String = "raci") -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let accountable = people(.accountable)
        if accountable.isEmpty { issues.append(ValidationIssue(field, "raciNoAccountable")) }
        if accountable.count > 1 { issues.append(ValidationIssue(field, "raciSeveralAccountable")) }
        if people(.responsible).isEmpty { issues.append(ValidationIssue(field, "raciNoResponsible")) }
        var people: [UUID] = []
        var seen = Set<UUID>()
        for assignment in assignments where seen.insert(assignment.personID).inserted {
            people.append(assignment.personID)
        }
        if people.contains(where: { !Self.mayHold(roles(of: $0)) }) {
            issues.append(ValidationIssue(field, "raciConflictingRoles"))
        }
        return issues
    }

    /// The chart, or every broken rule at once.
    public func validated(field: String = "raci") throws(ValidationFailure) -> RACIChart {
        let issues = issues(field: field)
        guard issues.isEmpty else { throw ValidationFailure(issues) }
        return self
    }

    /// One part, or accountable and responsible together.
    static func mayHold(_ roles: [RACIRole]) -> Bool {
        roles.count <= 1 || roles == [.responsible, .accountable]
    }
}

/// The RACI matrix a page shows: deliverables as rows, people as columns, letters in the cells.
public struct RACIMatrix: Equatable, Encodable, Sendable {
    public struct Row: Equatable, Encodable, Sendable {
        public var deliverableID: UUID
        /// One cell per column, in the order of `people`.
        public var cells: [Cell]
    }

    public struct Cell: Equatable, Encodable, Sendable {
        /// In R, A, C, I order; empty when the person has no part.
        public var roles: [RACIRole]
        /// "R", "A", "A/R", "C", "I", or "" for no part: accountable first when a person holds both.
        public var letters: String
    }

    /// The columns: everyone with a part in any deliverable, accountable people first (in the order of the rows),
    /// then the others in the order they first appear.
    public var people: [UUID]
    public var rows: [Row]

    /// The matrix of `charts`, rows in the order given.
    public init(_ charts: [RACIChart]) {
        var seen = Set<UUID>()
        var people: [UUID] = []
        for chart in charts {
            for id in chart.people(.accountable) where seen.insert(id).inserted { people.append(id) }
        }
        for chart in charts {
            for assignment in chart.assignments where seen.insert(assignment.personID).inserted {
                people.append(assignment.personID)
            }
        }
        self.people = people
        rows = charts.map { chart in
            Row(
                deliverableID: chart.deliverableID,
                cells: people.map { person in
                    let roles = chart.roles(of: person)
                    return Cell(roles: roles, letters: Self.letters(roles))
                })
        }
    }

    /// The cell's letters, accountable first: "A/R" rather than "R/A".
    static func letters(_ roles: [RACIRole]) -> String {
        let ordered = roles.contains(.accountable) ? [.accountable] + roles.filter { $0 != .accountable } : roles
        return ordered.map(\.letter).joined(separator: "/")
    }
}
