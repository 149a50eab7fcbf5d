import FluentKit
import Foundation
import LiaisonCore

public enum RequestMergeSplit {
    /// Merges a duplicate into another request of the same customer: the duplicate keeps its history, is closed and
    /// points at the surviving request; the customer is told on the duplicate, colleagues on the survivor.
    public static func merge(
        _ duplicateID: UUID, into targetID: UUID, in context: WriteContext, on tx: any Database
    ) async throws -> ServiceRequest {
        let (actor, now, settings) = (context.actor, context.now, context.settings)
        guard duplicateID != targetID else { throw DataError.conflict(reason: "mergeIntoItself") }
        guard let duplicate = try await RequestModel.load(duplicateID, on: tx),
            let target = try await RequestModel.load(targetID, on: tx)
        else { throw DataError.notFound }
        guard duplicate.customerID == target.customerID else { throw DataError.conflict(reason: "mergeAcrossCustomers") }
        guard duplicate.mergedIntoID == nil, target.mergedIntoID == nil else { throw DataError.conflict(reason: "alreadyMerged") }
        let duplicateNumber = RequestNumber.format(Int(duplicate.number))
        let targetNumber = RequestNumber.format(Int(target.number))
        if (RequestStatus(rawValue: duplicate.status) ?? .open) != .closed {
            _ = try await RequestConversation.add(
                .init(visibility: .public, channel: Channel(rawValue: duplicate.channel) ?? .portal,
                    body: "此请求与 \(targetNumber) 重复，已合并，后续进展请见 \(targetNumber)。\nThis request duplicates \(targetNumber) and was merged into it; follow \(targetNumber) for progress."),
                to: duplicateID, in: context, on: tx)
        }
        _ = try await RequestConversation.add(
            .init(visibility: .internal, channel: .portal, body: "合并自 \(duplicateNumber) / Merged from \(duplicateNumber)"),
            to: targetID, in: context, on: tx)
        let reloaded = try await RequestCommands.load(duplicateID, expectedVersion: nil, on: tx)
        if (RequestStatus(rawValue: reloaded.status) ?? .open) != .closed {
            let calendar = try await RequestCommands.calendar(for: reloaded.slaPolicyID, by: actor, at: now, on: tx)
            try await RequestCommands.move(reloaded, to: .closed, calendar: calendar, settings: settings, at: now)
        }
        reloaded.mergedIntoID = targetID
        reloaded.version += 1
        reloaded.updatedAt = now
        try await reloaded.save(on: tx)
        LiveEvents.announce(.requestChanged(duplicateID, customer: reloaded.customerID))
        var changes = AuditChanges()
        changes.set("mergedIntoId", targetID.uuidString)
        try await AuditLog.append(
            .requestMerged, recordType: .request, recordID: duplicateID.uuidString, changes: changes, by: actor,
            at: now, on: tx)
        return try reloaded.value
    }

    /// Starts a new request from one message of an existing one (a customer raised a second matter in the same
    /// thread). Both requests note the split.
    public static func split(
        message messageID: UUID, subject: String, in context: WriteContext, on tx: any Database
    ) async throws -> ServiceRequest {
        let (actor, now) = (context.actor, context.now)
        guard let message = try await RequestMessageModel.find(messageID, on: tx),
            let source = try await RequestModel.load(message.requestID, on: tx)
        else { throw DataError.notFound }
        // A request without a customer is linked to one first (a new request needs its customer).
        guard let customerID = source.customerID else { throw DataError.conflict(reason: "requestHasNoCustomer") }
        let input = ValidRequest(
            customerID: customerID, contactID: message.contactID ?? source.contactID,
            kind: RequestKind(rawValue: source.kind) ?? .inquiry, priority: Priority(rawValue: source.priority) ?? .normal,
            channel: Channel(rawValue: message.channel) ?? .portal, subject: subject, body: message.body,
            queueID: source.queueID, assigneeID: source.assigneeID)
        let created = try await RequestCommands.create(input, in: context, on: tx)
        let carried = try await carryAttachments(of: messageID, to: created.id, at: now, on: tx)
        let sourceNumber = RequestNumber.format(Int(source.number))
        _ = try await RequestConversation.add(
            .init(visibility: .internal, channel: .portal, body: "拆分为 \(created.numberText) / Split into \(created.numberText)"),
            to: source.id!, in: context, on: tx)
        var changes = AuditChanges()
        changes.set("from", sourceNumber)
        changes.note("messageId", messageID.uuidString)
        if carried > 0 { changes.note("attachments", String(carried)) }
        try await AuditLog.append(
            .requestSplit, recordType: .request, recordID: created.id.uuidString, changes: changes, by: actor, at: now,
            on: tx)
        return created
    }

    /// The split message's files go with it: the new request's first message lists them too (the stored content
    /// is shared; the original message keeps its own). Returns how many.
    private static func carryAttachments(of messageID: UUID, to requestID: UUID, at now: Date, on tx: any Database)
        async throws -> Int
    {
        let files = try await AttachmentModel.query(on: tx).filter(\.$messageID == messageID).all()
        guard !files.isEmpty,
            let first = try await RequestMessageModel.query(on: tx).filter(\.$requestID == requestID).sort(\.$createdAt)
                .first()
        else { return 0 }
        for file in files {
            let copy = AttachmentModel()
            copy.id = UUID.timeOrdered()
            copy.sha256 = file.sha256
            copy.size = file.size
            copy.mime = file.mime
            copy.filename = file.filename
            copy.customerID = file.customerID
            copy.messageID = first.id
            copy.uploadedBy = file.uploadedBy
            copy.createdAt = now
            try await copy.create(on: tx)
        }
        return files.count
    }
}
