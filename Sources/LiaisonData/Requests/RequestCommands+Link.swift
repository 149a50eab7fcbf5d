import FluentKit
import Foundation
import LiaisonCore
import SQLKit

extension RequestCommands {
    /// Gives a request without a customer (mail from an unknown sender) its customer and, optionally, the contact
    /// who wrote: its messages and files become the customer's (on its timeline, under its need-to-know rule), the
    /// request is indexed for search, and its later mail from that contact threads as usual.
    public static func link(
        _ id: UUID, customerID: UUID, contactID: UUID?, expectedVersion: Int?, in context: WriteContext,
        on tx: any Database
    ) async throws -> ServiceRequest {
        let model = try await load(id, expectedVersion: expectedVersion, on: tx)
        guard model.customerID == nil else { throw DataError.conflict(reason: "alreadyLinked") }
        guard let customer = try await CustomerRow.find(customerID, on: tx) else {
            throw ValidationFailure([ValidationIssue("customerId", "invalidReference")])
        }
        if let contactID {
            guard try await CustomerRow.customerID(ofContact: contactID, on: tx) == customerID else {
                throw ValidationFailure([ValidationIssue("contactId", "notOfThisCustomer")])
            }
        }
        if let assignee = model.assigneeID, try await !CustomerQueries.mayKnow(customerID, person: assignee, on: tx) {
            // Whoever took the mail may not know this customer: the request goes back to its queue.
            model.assigneeID = nil
        }
        let now = context.now
        let sql = tx.sql
        try await sql.raw(
            """
            UPDATE requests SET customer_id = \(bind: customerID), contact_id = \(bind: contactID),
                assignee_id = \(bind: model.assigneeID), version = version + 1, updated_at = \(bind: now)
            WHERE id = \(bind: id)
            """
        ).run()
        try await sql.raw("UPDATE request_messages SET customer_id = \(bind: customerID) WHERE request_id = \(bind: id)")
            .run()
        if let contactID {
            try await sql.raw(
                """
                UPDATE request_messages SET contact_id = \(bind: contactID)
                WHERE request_id = \(bind: id) AND author_id IS NULL AND contact_id IS NULL
                """
            ).run()
        }
        try await sql.raw(
            """
            UPDATE attachments SET customer_id = \(bind: customerID)
            WHERE customer_id IS NULL AND message_id IN (SELECT id FROM request_messages WHERE request_id = \(bind: id))
            """
        ).run()
        guard let linked = try await RequestModel.load(id, on: tx) else { throw DataError.notFound }
        let texts = try await RequestConversation.list(id, includeInternal: false, on: tx).map {
            Markdown.plainText($0.body)
        }
        try await index(linked, plainBody: texts.joined(separator: "\n"), customer: customer, isNew: true, on: tx)
        try await CustomerCommands.touch(customerID, activityAt: now, on: tx)
        LiveEvents.announce(.requestChanged(id, customer: customerID))
        var changes = AuditChanges()
        changes.field("customerId", from: nil, to: customerID.idText)
        changes.field("contactId", from: nil, to: contactID?.idText)
        try await AuditLog.append(
            .requestLinked, recordType: .request, recordID: id.idText, changes: changes, by: context.actor, at: now,
            on: tx)
        return try linked.value
    }
}
