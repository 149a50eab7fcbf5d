import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The steps the API and the pages share: each write once, for both.
enum ProjectWorkflow {
    /// The project of the route's `:id` if the caller may know it, its restricted read audited; else not found.
    static func find(_ request: Request, audit: Bool = true) async throws -> ProjectSummary {
        guard let found = try await ProjectQueries.find(try request.recordID(), for: try request.viewer, on: request.db)
        else { throw AppError.notFound }
        if audit {
            try await request.auditRead(
                .projectRead, recordType: .project, recordID: found.summary.project.id,
                classification: found.access.classification)
        }
        return found.summary
    }

    /// One audit entry for a list that shows projects of confidential or secret customers, as customer lists do.
    static func auditListed(_ items: [ProjectSummary], _ request: Request) async throws {
        let restricted = items.filter { $0.classification.isRestricted }
        guard let first = restricted.first else { return }
        try await request.auditRead(
            .projectRead, recordType: .project, recordID: first.project.id, classification: first.classification,
            notes: ["listed": restricted.map(\.project.id.uuidString).joined(separator: ",")])
    }

    /// The project of the route's `:id` for reading its charter, the read audited as the charter's.
    static func findForCharter(_ request: Request) async throws -> ProjectSummary {
        let found = try await find(request, audit: false)
        try await request.auditRead(
            .charterRead, recordType: .project, recordID: found.project.id, classification: found.classification)
        return found
    }

    static func create(_ input: ProjectInput, _ request: Request) async throws -> Project {
        let valid = try input.validated()
        let context = request.writeContext
        let viewer = try request.viewer
        return try await refusing("requirementIds", request) {
            try await request.write { tx in
                try await ProjectCommands.create(valid, for: viewer, in: context, on: tx)
            }
        }
    }

    static func update(_ current: Project, _ input: ProjectInput, expected: Int?, _ request: Request) async throws
        -> Project
    {
        let valid = try input.validated()
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await ProjectCommands.update(
                id: current.id, with: valid, expectedVersion: expected, for: viewer, in: context, on: tx)
        }
    }

    /// `reason` explains starting a project without a kickoff meeting (recorded in the audit entry).
    static func move(_ id: UUID, to raw: String?, reason rawReason: String? = nil, expected: Int?, _ request: Request)
        async throws -> Project
    {
        var v = FieldValidator()
        let next = v.optionalChoice("status", raw, as: ProjectStatus.self)
        let reason = v.optionalText("reason", rawReason, max: 2_000, multiline: true)
        if next == nil, !v.issues.contains(where: { $0.field == "status" }) { v.add("status", "required") }
        try v.check()
        guard let next else { throw ValidationFailure([ValidationIssue("status", "required")]) }
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await ProjectCommands.move(
                id: id, to: next, reason: reason, expectedVersion: expected, for: viewer, in: context, on: tx)
        }
    }

    static func addMember(_ id: UUID, _ input: ProjectMemberInput, _ request: Request) async throws
        -> [ProjectMember]
    {
        let (userID, role) = try input.validated()
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await ProjectCommands.addMember(
                projectID: id, userID: userID, role: role, for: viewer, in: context, on: tx)
        }
    }

    static func removeMember(_ id: UUID, userID: UUID, _ request: Request) async throws -> [ProjectMember] {
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await ProjectCommands.removeMember(projectID: id, userID: userID, for: viewer, in: context, on: tx)
        }
    }

    static func saveCharter(_ id: UUID, _ input: CharterInput, expected: Int?, _ request: Request) async throws
        -> CharterVersion
    {
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await CharterCommands.saveDraft(
                projectID: id, input: input, expectedVersion: expected, for: viewer, in: context, on: tx)
        }
    }

    static func newCharterVersion(_ id: UUID, _ request: Request) async throws -> CharterVersion {
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            try await CharterCommands.newVersion(projectID: id, for: viewer, in: context, on: tx)
        }
    }

    /// Sends the draft for sign-off to the named contacts; the links are answered too when no mailbox is switched
    /// on (then nobody mails them).
    static func sendCharter(_ id: UUID, contactIDs raw: [String]?, expected: Int?, _ request: Request) async throws
        -> (version: CharterVersion, links: [CharterSentDTO.Link])
    {
        var v = FieldValidator()
        var contactIDs: [UUID] = []
        let given = raw ?? []
        if given.isEmpty { v.add("contactIds", "required") }
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
            try await CharterCommands.send(
                projectID: id, contactIDs: ids, expectedVersion: expected, seed: seed, secrets: secrets,
                link: { base + ProjectRoutes.sign.link($0) }, for: viewer, in: context, on: tx)
        }
        let links = result.links.map {
            let mailed = canMail && $0.email != nil
            return CharterSentDTO.Link(
                contactId: $0.contactID, name: $0.name, email: $0.email,
                link: mailed ? nil : base + ProjectRoutes.sign.link($0.token), mailed: mailed)
        }
        return (result.version, links)
    }

    /// The two versions a diff compares: `from` and `to` when given, else the latest and the one before it.
    static func diff(_ id: UUID, from rawFrom: String?, to rawTo: String?, _ request: Request) async throws
        -> (from: CharterVersion, to: CharterVersion)?
    {
        var v = FieldValidator()
        func number(_ field: String, _ raw: String?) -> Int? {
            guard let text = raw?.trimmedSpaces(), !text.isEmpty else { return nil }
            guard text.count <= 6, let value = Int(text), value > 0 else {
                v.add(field, "invalidValue")
                return nil
            }
            return value
        }
        let from = number("from", rawFrom)
        let to = number("to", rawTo)
        try v.check()
        let versions = try await CharterQueries.versions(of: id, on: request.db)
        guard let newest = versions.first else { return nil }
        let target =
            try to.map { n in
                guard let found = versions.first(where: { $0.number == n }) else {
                    throw ValidationFailure([ValidationIssue("to", "invalidReference")])
                }
                return found
            } ?? newest
        let base =
            try from.map { n in
                guard let found = versions.first(where: { $0.number == n }) else {
                    throw ValidationFailure([ValidationIssue("from", "invalidReference")])
                }
                return found
            } ?? versions.first(where: { $0.number < target.number })
        guard let base else { return nil }
        return (base, target)
    }
}
