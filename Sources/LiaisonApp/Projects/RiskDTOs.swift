import Foundation
import LiaisonCore
import LiaisonData
import Vapor

struct RiskDTO: Content {
    var id: UUID
    var projectId: UUID
    var title: String
    var description: String?
    var probability: Int
    var impact: Int
    var score: Int
    var level: String
    var ownerId: UUID?
    var mitigation: String?
    var contingency: String?
    var dueOn: String?
    var status: String
    var issueId: UUID?
    var toldAt: Date?
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ risk: Risk) {
        id = risk.id
        projectId = risk.projectID
        title = risk.title
        description = risk.description
        probability = risk.score.probability
        impact = risk.score.impact
        score = risk.score.value
        level = risk.score.level.rawValue
        ownerId = risk.ownerID
        mitigation = risk.mitigation
        contingency = risk.contingency
        dueOn = risk.dueOn?.description
        status = risk.status.rawValue
        issueId = risk.issueID
        toldAt = risk.toldAt
        version = risk.version
        createdAt = risk.createdAt
        updatedAt = risk.updatedAt
    }
}

struct ProjectIssueDTO: Content {
    var id: UUID
    var projectId: UUID
    var title: String
    var description: String?
    var severity: String
    var ownerId: UUID?
    var resolution: String?
    var dueOn: String?
    var status: String
    var riskId: UUID?
    var toldAt: Date?
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ issue: ProjectIssue) {
        id = issue.id
        projectId = issue.projectID
        title = issue.title
        description = issue.description
        severity = issue.severity.rawValue
        ownerId = issue.ownerID
        resolution = issue.resolution
        dueOn = issue.dueOn?.description
        status = issue.status.rawValue
        riskId = issue.riskID
        toldAt = issue.toldAt
        version = issue.version
        createdAt = issue.createdAt
        updatedAt = issue.updatedAt
    }
}

/// A risk as the API takes it; on a change, a field left out keeps its value (an empty text clears it).
struct RiskBody: Decodable {
    var title: String?
    var description: String?
    var probability: TextOrNumber?
    var impact: TextOrNumber?
    var ownerId: String?
    var mitigation: String?
    var contingency: String?
    var dueOn: String?
    var status: String?

    func input(over current: Risk? = nil) -> RiskInput {
        RiskInput(
            title: title ?? current?.title, description: description ?? current?.description,
            probability: probability?.text ?? current.map { String($0.score.probability) },
            impact: impact?.text ?? current.map { String($0.score.impact) },
            ownerID: ownerId ?? current?.ownerID?.idText, mitigation: mitigation ?? current?.mitigation,
            contingency: contingency ?? current?.contingency, dueOn: dueOn ?? current?.dueOn?.description,
            status: status)
    }
}

struct ProjectIssueBody: Decodable {
    var title: String?
    var description: String?
    var severity: String?
    var ownerId: String?
    var resolution: String?
    var dueOn: String?
    var status: String?

    func input(over current: ProjectIssue? = nil) -> ProjectIssueInput {
        ProjectIssueInput(
            title: title ?? current?.title, description: description ?? current?.description,
            severity: severity ?? current?.severity.rawValue, ownerID: ownerId ?? current?.ownerID?.idText,
            resolution: resolution ?? current?.resolution, dueOn: dueOn ?? current?.dueOn?.description,
            status: status)
    }
}

/// What turning a risk into an issue answers: both, as they now are.
struct RiskOccurredDTO: Content {
    var risk: RiskDTO
    var issue: ProjectIssueDTO
}
