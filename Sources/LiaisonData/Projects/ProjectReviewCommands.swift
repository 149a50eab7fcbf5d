import FluentKit
import Foundation
import LiaisonCore

/// Writing a project's closure review: the team's notes (kept as a draft, one row per project, made on the first
/// save) and finalising it, which freezes the facts as they are at that moment. Each write loads the project under
/// the viewer's need-to-know (`ProjectCommands.load`); a final review is never changed again.
public enum ProjectReviewCommands {
    /// Saves the notes of the draft. Refused once the review is final.
    public static func save(
        projectID: UUID, _ notes: ValidReviewNotes, expectedVersion: Int?, for viewer: CustomerViewer,
        in context: WriteContext, on tx: any Database
    ) async throws -> ProjectReview {
        _ = try await ProjectCommands.load(projectID, expectedVersion: nil, for: viewer, on: tx)
        let model = try await loadOrMake(projectID, expectedVersion: expectedVersion, at: context.now, on: tx)
        if model.statusValue == .final { throw DataError.conflict(reason: "reviewFinal") }
        var changes = AuditChanges()
        let isNew = model.id == nil
        changes.field("wentWell", from: isNew ? nil : model.wentWell, to: notes.wentWell)
        changes.field("fellShort", from: isNew ? nil : model.fellShort, to: notes.fellShort)
        changes.field("lessons", from: isNew ? nil : model.lessons, to: notes.lessons)
        guard !changes.isEmpty || isNew else { return try model.value() }
        model.wentWell = notes.wentWell
        model.fellShort = notes.fellShort
        model.lessons = notes.lessons
        model.updatedAt = context.now
        if isNew {
            model.id = UUID.timeOrdered(at: context.now)
            try await model.create(on: tx)
        } else {
            model.version += 1
            try await model.update(on: tx)
        }
        try await AuditLog.append(
            .reviewUpdated, recordType: .projectReview, recordID: projectID.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
        return try model.value()
    }

    /// Finalises the review: only while the project is closing or once it is closed; the facts are worked out in
    /// this write and kept, so the final review says what was true when it was finalised.
    public static func finalise(
        projectID: UUID, expectedVersion: Int?, zone: TimeZone, for viewer: CustomerViewer, in context: WriteContext,
        on tx: any Database
    ) async throws -> ProjectReview {
        let (project, _) = try await ProjectCommands.load(projectID, expectedVersion: nil, for: viewer, on: tx)
        guard ReviewStatus.mayFinalise(project.value.status) else {
            throw DataError.conflict(reason: "reviewProjectNotClosing")
        }
        let model = try await loadOrMake(projectID, expectedVersion: expectedVersion, at: context.now, on: tx)
        if model.statusValue == .final { throw DataError.conflict(reason: "reviewFinal") }
        let facts = try await ProjectReviewFacts.facts(of: project.value, now: context.now, in: zone, on: tx)
        model.status = ReviewStatus.final.rawValue
        model.facts = JSONColumn.encode(facts)
        model.finalisedBy = context.actor.userID
        model.finalisedAt = context.now
        model.updatedAt = context.now
        if model.id == nil {
            model.id = UUID.timeOrdered(at: context.now)
            try await model.create(on: tx)
        } else {
            model.version += 1
            try await model.update(on: tx)
        }
        var changes = AuditChanges()
        changes.field("status", from: ReviewStatus.draft.rawValue, to: ReviewStatus.final.rawValue)
        changes.note("tasksLate", String(facts.tasks.doneLate))
        changes.note("communicationMissed", String(facts.communication.missed))
        changes.note("slaBreached", String(facts.sla.breached))
        changes.note("risksOccurred", String(facts.risks.occurred))
        try await AuditLog.append(
            .reviewFinalised, recordType: .projectReview, recordID: projectID.idText, changes: changes,
            by: context.actor, at: context.now, on: tx)
        return try model.value()
    }

    /// The project's review row, or a new one (not yet stored, `id` nil) for a review never written. A version
    /// named must be the stored one (0 for a review never written).
    static func loadOrMake(_ projectID: UUID, expectedVersion: Int?, at now: Date, on tx: any Database) async throws
        -> ProjectReviewModel
    {
        if let model = try await ProjectReviewModel.query(on: tx).filter(\.$projectID == projectID).first() {
            if let expectedVersion, expectedVersion != model.version {
                throw DataError.staleVersion(current: model.version)
            }
            return model
        }
        if let expectedVersion, expectedVersion != 0 { throw DataError.staleVersion(current: 0) }
        let model = ProjectReviewModel()
        model.projectID = projectID
        model.wentWell = ""
        model.fellShort = ""
        model.lessons = ""
        model.status = ReviewStatus.draft.rawValue
        model.version = 1
        model.createdAt = now
        model.updatedAt = now
        return model
    }
}

/// Reads of closure reviews, for a project the caller already found through `ProjectQueries.find`.
public enum ProjectReviewQueries {
    /// The stored review, or nil when none was written yet.
    public static func review(projectID: UUID, on db: any Database) async throws -> ProjectReview? {
        try await ProjectReviewModel.query(on: db).filter(\.$projectID == projectID).first()?.value()
    }

    /// The review as shown: the stored one with live facts while it is a draft, its frozen facts once final; a
    /// project without a review gets an empty draft.
    public static func show(project: Project, now: Date, in zone: TimeZone, on db: any Database) async throws
        -> (review: ProjectReview, facts: ClosureReviewFacts)
    {
        let review = try await review(projectID: project.id, on: db) ?? ProjectReview(projectID: project.id)
        if let frozen = review.frozenFacts { return (review, frozen) }
        return (review, try await ProjectReviewFacts.facts(of: project, now: now, in: zone, on: db))
    }

    /// The project's customer evaluations, asked or given, the submitted ones first, by contact name.
    public static func evaluations(projectID: UUID, on db: any Database) async throws -> [CustomerEvaluation] {
        try await CustomerEvaluationModel.query(on: db).filter(\.$projectID == projectID).all().map(\.value)
            .sorted {
                ($0.submittedAt == nil ? 1 : 0, $0.contactName, $0.id.idText)
                    < ($1.submittedAt == nil ? 1 : 0, $1.contactName, $1.id.idText)
            }
    }
}
