import FluentKit
import Foundation
import LiaisonCore

/// Telling the customer of a risk or an issue: one action that sends the message (by mail, and in the portal),
/// records it on the customer's timeline, and marks the risk or issue as told (when, and by which interaction).
/// The recipients are the contacts named, or else the customer-side audiences of the plan's risk-review and
/// progress-report rows.
extension RiskCommands {
    static let tellContents: [CommunicationContent] = [.riskReview, .progressReport]

    public static func tellRisk(
        projectID: UUID, riskID: UUID, _ input: CustomerMessageInput.Valid, record: CustomerMessages.Record,
        for viewer: CustomerViewer, in context: WriteContext, on tx: any Database
    ) async throws -> Risk {
        let project = try await openProject(projectID, newOwner: nil, for: viewer, on: tx)
        let risk = try await loadRisk(riskID, projectID: projectID, expectedVersion: nil, on: tx)
        let recipients = try await CustomerMessages.recipients(
            project: project, contactIDs: input.contactIDs, contents: tellContents, on: tx)
        let interaction = try await CustomerMessages.send(
            .risk, recordID: riskID, project: project, to: recipients, record: record, in: context, on: tx)
        risk.toldAt = context.now
        risk.toldInteractionID = interaction
        risk.version += 1
        risk.updatedAt = context.now
        try await risk.update(on: tx)
        try await AuditLog.append(
            .riskTold, recordType: .risk, recordID: riskID.idText,
            changes: told(recipients, interaction: interaction, message: record.body, projectID: projectID),
            by: context.actor, at: context.now, on: tx)
        return risk.value
    }

    public static func tellIssue(
        projectID: UUID, issueID: UUID, _ input: CustomerMessageInput.Valid, record: CustomerMessages.Record,
        for viewer: CustomerViewer, in context: WriteContext, on tx: any Database
    ) async throws -> ProjectIssue {
        let project = try await openProject(projectID, newOwner: nil, for: viewer, on: tx)
        guard let issue = try await ProjectIssueModel.query(on: tx).filter(\.$id == issueID)
            .filter(\.$projectID == projectID).first()
        else { throw DataError.notFound }
        let recipients = try await CustomerMessages.recipients(
            project: project, contactIDs: input.contactIDs, contents: tellContents, on: tx)
        let interaction = try await CustomerMessages.send(
            .issue, recordID: issueID, project: project, to: recipients, record: record, in: context, on: tx)
        issue.toldAt = context.now
        issue.toldInteractionID = interaction
        issue.version += 1
        issue.updatedAt = context.now
        try await issue.update(on: tx)
        try await AuditLog.append(
            .projectIssueTold, recordType: .projectIssue, recordID: issueID.idText,
            changes: told(recipients, interaction: interaction, message: record.body, projectID: projectID),
            by: context.actor, at: context.now, on: tx)
        return issue.value
    }

    static func told(_ recipients: [ReportRecipient], interaction: UUID, message: String, projectID: UUID)
        -> AuditChanges
    {
        var changes = AuditChanges()
        changes.set("contactIds", recipients.map(\.contactID.idText).joined(separator: ","))
        changes.set("interactionId", interaction.idText)
        changes.set("message", message)
        changes.note("projectId", projectID.idText)
        return changes
    }
}
