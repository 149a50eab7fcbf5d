import Foundation

/// The outcome of an internal quality check (质量检查) of a deliverable.
public enum QualityCheckResult: String, CaseIterable, Codable, Sendable {
    case pass
    case fail

    public var labelKey: String { "qualityCheck.result.\(rawValue)" }
}

/// A deliverable (a task of the work plan with a `deliverable`) checked against an acceptance criterion of the
/// charter or the task's own acceptance check: pass or fail, the evidence, the reviewer and when.
public struct QualityCheck: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var projectID: UUID
    public var taskID: UUID
    public var criterion: String
    public var result: QualityCheckResult
    public var evidence: String?
    public var evidenceLink: String?
    public var note: String?
    public var reviewerID: UUID?
    public var checkedAt: Date
    public var createdAt: Date

    public init(
        id: UUID, projectID: UUID, taskID: UUID, criterion: String, result: QualityCheckResult, evidence: String?,
        evidenceLink: String?, note: String?, reviewerID: UUID?, checkedAt: Date, createdAt: Date
    ) {
        self.id = id
        self.projectID = projectID
        self.taskID = taskID
        self.criterion = criterion
        self.result = result
        self.evidence = evidence
        self.evidenceLink = evidenceLink
        self.note = note
        self.reviewerID = reviewerID
        self.checkedAt = checkedAt
        self.createdAt = createdAt
    }
}

/// The customer's answer on a deliverable.
public enum DeliverableDecision: String, CaseIterable, Codable, Sendable {
    case accepted
    case rejected

    public var labelKey: String { "deliverable.decision.\(rawValue)" }
}

/// One answer of the customer on a deliverable: who of the customer, how ("recorded" by staff from a written
/// answer, or "portal"), when and with what note. The latest answer counts.
public struct DeliverableAcceptance: Sendable, Equatable {
    public var id: UUID
    public var taskID: UUID
    public var decision: DeliverableDecision
    public var contactID: UUID?
    public var channel: String
    public var note: String?
    public var recordedBy: UUID?
    public var decidedAt: Date

    public init(
        id: UUID, taskID: UUID, decision: DeliverableDecision, contactID: UUID?, channel: String, note: String?,
        recordedBy: UUID?, decidedAt: Date
    ) {
        self.id = id
        self.taskID = taskID
        self.decision = decision
        self.contactID = contactID
        self.channel = channel
        self.note = note
        self.recordedBy = recordedBy
        self.decidedAt = decidedAt
    }
}

/// When a deliverable may go to the customer: its latest internal check passed. The customer cannot accept one
/// whose latest check failed, or one never checked; rejecting is always possible.
public enum DeliverableReadiness: String, Sendable, Equatable {
    case notChecked
    case failed
    case ready

    public init(latest: QualityCheckResult?) {
        switch latest {
        case nil: self = .notChecked
        case .fail: self = .failed
        case .pass: self = .ready
        }
    }

    public var labelKey: String { "deliverable.readiness.\(rawValue)" }

    /// The conflict a decision meets, if any (`conflict.<reason>`).
    public func refusal(of decision: DeliverableDecision) -> String? {
        guard decision == .accepted else { return nil }
        switch self {
        case .ready: return nil
        case .failed: return "deliverableCheckFailed"
        case .notChecked: return "deliverableNotChecked"
        }
    }
}

/// A quality check as entered.
public struct QualityCheckInput: Sendable, Equatable {
    public var taskID: String?
    public var criterion: String?
    public var result: String?
    public var evidence: String?
    public var evidenceLink: String?
    public var note: String?
    public var checkedAt: String?

    public init(
        taskID: String? = nil, criterion: String? = nil, result: String? = nil, evidence: String? = nil,
        evidenceLink: String? = nil, note: String? = nil, checkedAt: String? = nil
    ) {
        self.taskID = taskID
        self.criterion = criterion
        self.result = result
        self.evidence = evidence
        self.evidenceLink = evidenceLink
        self.note = note
        self.checkedAt = checkedAt
    }

    public static let maxCriterion = 2_000
    public static let maxText = 20_000
    public static let maxLink = 2_000

    /// Every field checked at once. A failed check needs its evidence (what failed), a pass may rest on the link.
    public func validated() throws(ValidationFailure) -> ValidQualityCheck {
        var v = FieldValidator()
        let task = v.requiredReference("taskId", taskID)
        let criterion = v.requiredText("criterion", criterion, max: Self.maxCriterion, multiline: true)
        if result?.trimmedSpaces().isEmpty ?? true { v.add("result", "required") }
        let result = v.choice("result", result, default: QualityCheckResult.pass)
        let evidence = v.optionalText("evidence", evidence, max: Self.maxText, multiline: true)
        let link = v.optionalText("evidenceLink", evidenceLink, max: Self.maxLink)
        if let link, !WebAddress.isPlausible(link) { v.add("evidenceLink", "invalidURL") }
        if evidence == nil, link == nil { v.add("evidence", "qualityCheckNeedsEvidence") }
        let note = v.optionalText("note", note, max: Self.maxText, multiline: true)
        let checkedAt = v.moment("checkedAt", checkedAt)
        try v.check()
        return ValidQualityCheck(
            taskID: try v.unwrap(task, "taskId"), criterion: criterion, result: result, evidence: evidence,
            evidenceLink: link, note: note, checkedAt: checkedAt)
    }
}

public struct ValidQualityCheck: Sendable, Equatable {
    public var taskID: UUID
    public var criterion: String
    public var result: QualityCheckResult
    public var evidence: String?
    public var evidenceLink: String?
    public var note: String?
    /// nil: now.
    public var checkedAt: Date?
}
