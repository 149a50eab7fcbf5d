import FluentKit
import Foundation
import LiaisonCore

final class RiskModel: Model, @unchecked Sendable {
    static let schema = "project_risks"

    @ID(key: .id) var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "title") var title: String
    @OptionalField(key: "description") var description: String?
    @Field(key: "probability") var probability: Int
    @Field(key: "impact") var impact: Int
    @OptionalField(key: "owner_id") var ownerID: UUID?
    @OptionalField(key: "mitigation") var mitigation: String?
    @OptionalField(key: "contingency") var contingency: String?
    @OptionalField(key: "due_on") var dueOn: String?
    @Field(key: "status") var status: String
    @OptionalField(key: "issue_id") var issueID: UUID?
    @OptionalField(key: "told_at") var toldAt: Date?
    @OptionalField(key: "told_interaction_id") var toldInteractionID: UUID?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var statusValue: RiskStatus { RiskStatus(rawValue: status) ?? .open }

    var value: Risk {
        Risk(
            id: id ?? UUID(), projectID: projectID, title: title, description: description,
            score: RiskScore(probability: probability, impact: impact), ownerID: ownerID, mitigation: mitigation,
            contingency: contingency, dueOn: dueOn.flatMap(LocalDate.init), status: statusValue, issueID: issueID,
            toldAt: toldAt, version: version, createdAt: createdAt, updatedAt: updatedAt)
    }

    /// Sets the fields of the input (all but the status), noting each change for the audit trail.
    func apply(_ input: ValidRisk, changes: inout AuditChanges, isNew: Bool) {
        func field(_ name: String, _ old: String?, _ new: String?) {
            if isNew { if new != nil { changes.set(name, new) } } else { changes.field(name, from: old, to: new) }
        }
        field("title", $title.value, input.title)
        field("description", $description.value ?? nil, input.description)
        field("probability", $probability.value.map(String.init), String(input.score.probability))
        field("impact", $impact.value.map(String.init), String(input.score.impact))
        field("ownerId", ($ownerID.value ?? nil)?.idText, input.ownerID?.idText)
        field("mitigation", $mitigation.value ?? nil, input.mitigation)
        field("contingency", $contingency.value ?? nil, input.contingency)
        field("dueOn", $dueOn.value ?? nil, input.dueOn?.description)
        title = input.title
        description = input.description
        probability = input.score.probability
        impact = input.score.impact
        ownerID = input.ownerID
        mitigation = input.mitigation
        contingency = input.contingency
        dueOn = input.dueOn?.description
    }
}

final class ProjectIssueModel: Model, @unchecked Sendable {
    static let schema = "project_issues"

    @ID(key: .id) var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "title") var title: String
    @OptionalField(key: "description") var description: String?
    @Field(key: "severity") var severity: String
    @OptionalField(key: "owner_id") var ownerID: UUID?
    @OptionalField(key: "resolution") var resolution: String?
    @OptionalField(key: "due_on") var dueOn: String?
    @Field(key: "status") var status: String
    @OptionalField(key: "risk_id") var riskID: UUID?
    @OptionalField(key: "told_at") var toldAt: Date?
    @OptionalField(key: "told_interaction_id") var toldInteractionID: UUID?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var statusValue: ProjectIssueStatus { ProjectIssueStatus(rawValue: status) ?? .open }

    var value: ProjectIssue {
        ProjectIssue(
            id: id ?? UUID(), projectID: projectID, title: title, description: description,
            severity: ProjectIssueSeverity(rawValue: severity) ?? .medium, ownerID: ownerID, resolution: resolution,
            dueOn: dueOn.flatMap(LocalDate.init), status: statusValue, riskID: riskID, toldAt: toldAt,
            version: version, createdAt: createdAt, updatedAt: updatedAt)
    }

    func apply(_ input: ValidProjectIssue, changes: inout AuditChanges, isNew: Bool) {
        func field(_ name: String, _ old: String?, _ new: String?) {
            if isNew { if new != nil { changes.set(name, new) } } else { changes.field(name, from: old, to: new) }
        }
        field("title", $title.value, input.title)
        field("description", $description.value ?? nil, input.description)
        field("severity", $severity.value, input.severity.rawValue)
        field("ownerId", ($ownerID.value ?? nil)?.idText, input.ownerID?.idText)
        field("resolution", $resolution.value ?? nil, input.resolution)
        field("dueOn", $dueOn.value ?? nil, input.dueOn?.description)
        title = input.title
        description = input.description
        severity = input.severity.rawValue
        ownerID = input.ownerID
        resolution = input.resolution
        dueOn = input.dueOn?.description
    }
}
