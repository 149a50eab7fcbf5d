import Fluent
import LiaisonCore
import LiaisonData
import Vapor

extension Request {
    /// The signed-in person as a viewer of customer data.
    var viewer: CustomerViewer {
        get throws {
            let person = try person
            return CustomerViewer(userID: person.id, roles: person.roles)
        }
    }

    /// The customer if the caller may see it. Otherwise "not found", whether it exists or not, so that a
    /// confidential customer's existence does not leak.
    func visibleCustomer(_ id: UUID) async throws -> Customer {
        guard let customer = try await CustomerQueries.find(id, for: viewer, on: db) else { throw AppError.notFound }
        return customer
    }

    /// Writes an audit entry when the caller reads a confidential or secret record.
    func auditRead(
        _ action: AuditAction, recordType: AuditRecordType, recordID: UUID, classification: Classification,
        notes: [String: String] = [:]
    ) async throws {
        guard classification.isRestricted else { return }
        let actor = auditActor
        let now = self.now
        var changes = AuditChanges()
        changes.note("classification", classification.rawValue)
        for (key, value) in notes { changes.note(key, value) }
        let recordedChanges = changes
        try await write { tx in
            try await AuditLog.append(
                action, recordType: recordType, recordID: recordID.uuidString, changes: recordedChanges, by: actor,
                at: now, on: tx)
        }
    }
}
