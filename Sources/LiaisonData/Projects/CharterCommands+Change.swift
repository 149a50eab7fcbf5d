import FluentKit
import Foundation
import LiaisonCore

extension CharterCommands {
    /// Puts an approved change request's charter changes into a draft, inside the approval's write: into the
    /// draft when there is one, else into a new version made from the latest one's content (as `newVersion`
    /// does), else into a first version. Nil when there is no charter and nothing to put in one.
    static func applyChange(
        projectID: UUID, patch: CharterPatch, changeRequest label: String, in context: WriteContext,
        on tx: any Database
    ) async throws -> CharterVersionModel? {
        let latest = try await CharterQueries.latestModel(of: projectID, on: tx)
        if latest == nil, patch.isEmpty { return nil }
        let model: CharterVersionModel
        let current: CharterContent
        let isNew: Bool
        if let latest, latest.statusValue.isEditable {
            model = latest
            current = try latest.contentValue()
            isNew = false
        } else {
            model = CharterVersionModel()
            model.id = UUID()
            model.projectID = projectID
            model.number = (latest?.number ?? 0) + 1
            model.status = CharterVersionStatus.draft.rawValue
            model.createdBy = context.actor.userID
            model.createdAt = context.now
            model.version = 0
            var content = try latest?.contentValue() ?? CharterContent()
            content.communicationPlan = []  // frozen again when this version is sent
            current = content
            isNew = true
        }
        let content = patch.apply(to: current)
        var changes = AuditChanges()
        changes.set("number", String(model.number))
        if isNew, let latest { changes.note("from", String(latest.number)) }
        changes.note("changeRequest", label)
        for section in CharterContent.Section.allCases where current.text(of: section) != content.text(of: section) {
            changes.note(section.rawValue, "changed")
        }
        model.content = JSONColumn.encode(content)
        model.updatedAt = context.now
        model.version += 1
        if isNew { try await model.create(on: tx) } else { try await model.update(on: tx) }
        try await AuditLog.append(
            isNew ? .charterDrafted : .charterUpdated, recordType: .project, recordID: projectID.idText,
            changes: changes, by: context.actor, at: context.now, on: tx)
        return model
    }
}
