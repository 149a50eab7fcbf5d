import Foundation

/// Where an improvement action (改进措施) stands. Open and in progress are the working states; done and cancelled
/// end it, and either may be taken up again (back to in progress).
public enum ImprovementStatus: String, CaseIterable, Codable, Sendable {
    case open
    case inProgress
    case done
    case cancelled

    public var labelKey: String { "improvement.status.\(rawValue)" }

    /// Still to be done: reminded about, and overdue once its due day has passed.
    public var isOpen: Bool { self == .open || self == .inProgress }

    public func canMove(to next: ImprovementStatus) -> Bool {
        guard next != self else { return true }
        switch self {
        case .open: return true
        case .inProgress: return next != .open
        case .done, .cancelled: return next == .inProgress
        }
    }
}

/// Human numbers of improvement actions: IA-1, IA-2 …
public enum ImprovementNumber {
    public static func format(_ sequence: Int) -> String { "IA-" + String(sequence) }
}

/// An improvement action: what is to change, who sees to it and by when; from a project's closure review, or
/// from elsewhere (no project). It follows its project's customer for need-to-know.
public struct ImprovementAction: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var number: Int
    public var title: String
    public var description: String?
    public var ownerID: UUID
    public var dueOn: LocalDate
    public var status: ImprovementStatus
    public var doneAt: Date?
    public var projectID: UUID?
    public var customerID: UUID?
    public var createdBy: UUID?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, number: Int, title: String, description: String?, ownerID: UUID, dueOn: LocalDate,
        status: ImprovementStatus, doneAt: Date?, projectID: UUID?, customerID: UUID?, createdBy: UUID?, version: Int,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.number = number
        self.title = title
        self.description = description
        self.ownerID = ownerID
        self.dueOn = dueOn
        self.status = status
        self.doneAt = doneAt
        self.projectID = projectID
        self.customerID = customerID
        self.createdBy = createdBy
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var numberText: String { ImprovementNumber.format(number) }

    /// Open and past its due day.
    public func isOverdue(today: LocalDate) -> Bool { status.isOpen && today > dueOn }
}

/// An improvement action as entered; on a change the caller fills what was left out from the action as it is.
public struct ImprovementInput: Sendable, Equatable {
    public var title: String?
    public var description: String?
    public var ownerID: String?
    public var dueOn: String?
    public var status: String?
    public var projectID: String?

    public init(
        title: String? = nil, description: String? = nil, ownerID: String? = nil, dueOn: String? = nil,
        status: String? = nil, projectID: String? = nil
    ) {
        self.title = title
        self.description = description
        self.ownerID = ownerID
        self.dueOn = dueOn
        self.status = status
        self.projectID = projectID
    }

    public static let maxTitle = 200
    public static let maxText = 20_000

    public func validated() throws(ValidationFailure) -> ValidImprovement {
        var v = FieldValidator()
        let title = v.requiredText("title", title, max: Self.maxTitle)
        let description = v.optionalText("description", description, max: Self.maxText, multiline: true)
        let owner = v.requiredReference("ownerId", ownerID)
        if dueOn?.trimmedSpaces().isEmpty ?? true { v.add("dueOn", "required") }
        let due = v.day("dueOn", dueOn)
        let status = v.optionalChoice("status", status, as: ImprovementStatus.self)
        let project = v.reference("projectId", projectID)
        try v.check()
        return ValidImprovement(
            title: title, description: description, ownerID: try v.unwrap(owner, "ownerId"),
            dueOn: try v.unwrap(due, "dueOn"), status: status, projectID: project)
    }
}

public struct ValidImprovement: Sendable, Equatable {
    public var title: String
    public var description: String?
    public var ownerID: UUID
    public var dueOn: LocalDate
    /// nil: left as it is (a new action is open).
    public var status: ImprovementStatus?
    public var projectID: UUID?
}

/// When the reminder job tells an action's owner: once the day before its due day ("due tomorrow"), once the day
/// after it ("overdue"), each on the organisation's clock and each once. Pure, so the sweep is a thin loop.
public enum ImprovementReminder {
    public enum Notice: String, Sendable, Equatable {
        case dueSoon
        case overdue
    }

    /// What to send now, and when the action next needs a look (nil: never again while it stays as it is).
    public static func decide(
        status: ImprovementStatus, dueOn: LocalDate, remindedDueSoon: Bool, remindedOverdue: Bool, now: Date,
        in zone: TimeZone
    ) -> (notice: Notice?, nextCheck: Date?) {
        guard status.isOpen else { return (nil, nil) }
        let dayBefore = start(of: dueOn.adding(days: -1), in: zone)
        let dayAfter = start(of: dueOn.adding(days: 1), in: zone)
        if now >= dayAfter { return (remindedOverdue ? nil : .overdue, nil) }
        if now >= dayBefore { return (remindedDueSoon ? nil : .dueSoon, dayAfter) }
        return (nil, dayBefore)
    }

    /// Midnight at the start of `day` in `zone`.
    public static func start(of day: LocalDate, in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: day.year, month: day.month, day: day.day)
        return calendar.date(from: components) ?? Date(timeIntervalSince1970: 0)
    }
}
