import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The steps of quality checks and deliverable acceptance the API and the pages share.
enum QualityCheckWorkflow {
    static func create(_ projectID: UUID, _ input: QualityCheckInput, _ request: Request) async throws
        -> QualityCheck
    {
        let valid = try input.validated()
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await QualityCheckCommands.create(projectID: projectID, valid, for: viewer, in: context, on: tx)
        }
    }

    /// Records the customer's answer on a deliverable, given in writing.
    static func record(
        _ projectID: UUID, _ taskID: UUID, decision raw: String?, contactID rawContact: String?, note rawNote: String?,
        _ request: Request
    ) async throws -> DeliverableAcceptance {
        var v = FieldValidator()
        if raw?.trimmedSpaces().isEmpty ?? true { v.add("decision", "required") }
        let decision = v.choice("decision", raw, default: DeliverableDecision.accepted)
        let contact = v.requiredReference("contactId", rawContact)
        let note = v.optionalText("note", rawNote, max: QualityCheckInput.maxText, multiline: true)
        try v.check()
        let contactID = try v.unwrap(contact, "contactId")
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await QualityCheckCommands.decide(
                projectID: projectID, taskID: taskID, decision, contactID: contactID, channel: "recorded", note: note,
                for: viewer, in: context, on: tx)
        }
    }
}
