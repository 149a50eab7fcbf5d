import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The steps of change requests the API and the pages share: each write once, for both.
enum ChangeRequestWorkflow {
    static func create(_ projectID: UUID, _ input: ChangeRequestInput, _ request: Request) async throws
        -> ChangeRequest
    {
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await ChangeRequestCommands.create(projectID: projectID, input, for: viewer, in: context, on: tx)
        }
    }

    static func update(
        _ projectID: UUID, _ changeID: UUID, _ input: ChangeRequestInput, expected: Int?, _ request: Request
    ) async throws -> ChangeRequest {
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await ChangeRequestCommands.update(
                projectID: projectID, changeID: changeID, input, expectedVersion: expected, for: viewer, in: context,
                on: tx)
        }
    }

    static func assess(
        _ projectID: UUID, _ changeID: UUID, _ input: ChangeAssessmentInput, expected: Int?, _ request: Request
    ) async throws -> ChangeRequest {
        let impact = try input.validated()
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await ChangeRequestCommands.assess(
                projectID: projectID, changeID: changeID, impact, expectedVersion: expected, for: viewer, in: context,
                on: tx)
        }
    }

    /// Sends the request to the named contacts (or the charter's signers); the links are answered too when no
    /// mailbox is switched on (then nobody mails them).
    static func send(_ projectID: UUID, _ changeID: UUID, contactIDs raw: [String]?, expected: Int?, _ request: Request)
        async throws -> (changeRequest: ChangeRequest, links: [CharterSentDTO.Link])
    {
        var v = FieldValidator()
        var contactIDs: [UUID] = []
        let given = raw ?? []
        if given.count > CharterSignOff.maxSigners {
            v.add("contactIds", "tooMany", [String(CharterSignOff.maxSigners)])
        } else {
            for text in given {
                guard let contact = v.requiredReference("contactIds", text) else { break }
                if !contactIDs.contains(contact) { contactIDs.append(contact) }
            }
        }
        try v.check()
        let context = request.writeContext
        let viewer = try request.viewer
        let secrets = try request.secretBox()
        let seed = request.effects.randomBytes(32)
        let base = request.publicURL("")
        let canMail = try await PortalMail.canSend(on: request.db)
        let ids = contactIDs
        let result = try await request.write { tx in
            try await ChangeRequestCommands.send(
                projectID: projectID, changeID: changeID, contactIDs: ids, expectedVersion: expected, seed: seed,
                secrets: secrets, link: { base + ChangeRequestRoutes.decide.link($0) }, for: viewer, in: context,
                on: tx)
        }
        let links = result.links.map {
            let mailed = canMail && $0.email != nil
            return CharterSentDTO.Link(
                contactId: $0.contactID, name: $0.name, email: $0.email,
                link: mailed ? nil : base + ChangeRequestRoutes.decide.link($0.token), mailed: mailed)
        }
        return (result.changeRequest, links)
    }

    /// Records the customer's answer given in writing: the contact who gave it and a note saying where it is.
    static func record(
        _ projectID: UUID, _ changeID: UUID, _ decision: ChangeDecision, contactID raw: String?, note rawNote: String?,
        expected: Int?, _ request: Request
    ) async throws -> ChangeRequest {
        var v = FieldValidator()
        let contact = v.requiredReference("contactId", raw)
        let note = v.requiredText("note", rawNote, max: ChangeRequestInput.maxText, multiline: true)
        try v.check()
        let contactID = try v.unwrap(contact, "contactId")
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await ChangeRequestCommands.record(
                projectID: projectID, changeID: changeID, decision, contactID: contactID, note: note,
                expectedVersion: expected, for: viewer, in: context, on: tx)
        }
    }

    static func withdraw(_ projectID: UUID, _ changeID: UUID, note rawNote: String?, expected: Int?, _ request: Request)
        async throws -> ChangeRequest
    {
        var v = FieldValidator()
        let note = v.optionalText("note", rawNote, max: ChangeRequestInput.maxText, multiline: true)
        try v.check()
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await ChangeRequestCommands.withdraw(
                projectID: projectID, changeID: changeID, note: note, expectedVersion: expected, for: viewer,
                in: context, on: tx)
        }
    }

    /// A note the customer adds to a decision: optional, checked as any text.
    static func customerNote(_ raw: String?) throws -> String? {
        var v = FieldValidator()
        let note = v.optionalText("note", raw, max: ChangeRequestInput.maxText, multiline: true)
        try v.check()
        return note
    }
}
