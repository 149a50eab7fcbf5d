import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// After a meeting: its minutes, decisions and action items, in one write that also marks it held. An action item
/// of a project's meeting becomes one of the project's tasks (`TaskCommands.create`, owner and due day) in the same
/// write, and the item names it; so does nothing else. Holding a meeting of a project marks the communication
/// plan's next open `meeting` occurrence done when it falls within three days of the meeting.
public enum MeetingMinutesCommands {
    /// How far from the meeting's start a planned meeting occurrence may be due and still be this one.
    public static let planWindow: TimeInterval = 3 * 86_400

    public static func record(
        id: UUID, _ input: ValidMinutes, expectedVersion: Int?, for viewer: CustomerViewer, in context: WriteContext,
        on tx: any Database
    ) async throws -> MeetingDetail {
        let model = try await MeetingCommands.load(id, expectedVersion: expectedVersion, for: viewer, on: tx)
        if model.statusValue == .cancelled { throw DataError.conflict(reason: "meetingCancelled") }
        if context.now < model.startsAt { throw DataError.conflict(reason: "meetingNotStarted") }
        for item in input.actionItems {
            try await CustomerCommands.requireActivePerson(item.ownerID, field: "actionItems", on: tx)
            if let customerID = model.customerID,
                !(try await CustomerQueries.mayKnow(customerID, person: item.ownerID, on: tx))
            {
                throw ValidationFailure([ValidationIssue("actionItems", "meetingAttendeeMayNotKnow")])
            }
        }
        var changes = AuditChanges()
        changes.field("minutes", from: model.minutes, to: input.minutes)
        changes.field("decisions", from: model.decisions, to: input.decisions)
        changes.field(
            "minutesShared", from: String(model.minutesShared), to: String(input.minutesShared))
        let wasHeld = model.statusValue == .held
        if !wasHeld { changes.field("status", from: model.status, to: MeetingStatus.held.rawValue) }
        let items = try await putItems(input.actionItems, of: model, changes: &changes, for: viewer, in: context, on: tx)
        guard !changes.isEmpty else { return try await MeetingQueries.detail(model.value, on: tx) }
        model.minutes = input.minutes
        model.decisions = input.decisions
        model.minutesShared = input.minutesShared
        model.status = MeetingStatus.held.rawValue
        model.version += 1
        model.updatedAt = context.now
        try await model.update(on: tx)
        changes.note("actionItems", String(items))
        try await AuditLog.append(
            .meetingMinutes, recordType: .meeting, recordID: id.idText, changes: changes, by: context.actor,
            at: context.now, on: tx)
        if !wasHeld, let projectID = model.projectID {
            try await markPlanDone(projectID: projectID, meeting: model, for: viewer, in: context, on: tx)
        }
        try await MeetingTimeline.put(model, actorLabel: context.actor.label, on: tx)
        return try await MeetingQueries.detail(model.value, on: tx)
    }

    /// Replaces the action items: those the input repeats (same title, owner and due day) stay as they are, with
    /// their tasks; the others go (a task one became stays the project's); new ones are added, as tasks of the
    /// project when there is one. Returns how many there are.
    static func putItems(
        _ wanted: [ValidMinutes.Item], of meeting: MeetingModel, changes: inout AuditChanges,
        for viewer: CustomerViewer, in context: WriteContext, on tx: any Database
    ) async throws -> Int {
        let existing = try await MeetingActionItemModel.query(on: tx).filter(\.$meetingID == meeting.id!)
            .sort(\.$position).all()
        func key(_ title: String, _ owner: UUID, _ due: String) -> String { title + "\u{1F}" + owner.idText + "\u{1F}" + due }
        var unused = Dictionary(grouping: existing, by: { key($0.title, $0.ownerID, $0.dueOn) })
        var added: [String] = []
        var kept: [MeetingActionItemModel] = []
        for (position, item) in wanted.enumerated() {
            let k = key(item.title, item.ownerID, item.dueOn.description)
            if var same = unused[k], !same.isEmpty {
                let row = same.removeFirst()
                unused[k] = same
                if row.position != position {
                    row.position = position
                    try await row.update(on: tx)
                }
                kept.append(row)
                continue
            }
            let row = MeetingActionItemModel()
            row.id = UUID.timeOrdered(at: context.now)
            row.meetingID = meeting.id!
            row.position = position
            row.title = item.title
            row.ownerID = item.ownerID
            row.dueOn = item.dueOn.description
            row.createdAt = context.now
            if let projectID = meeting.projectID {
                let task = try TaskInput(name: item.title, ownerID: item.ownerID.idText, dueOn: item.dueOn.description)
                    .validated()
                row.taskID = try await TaskCommands.create(projectID: projectID, task, for: viewer, in: context, on: tx).id
            }
            try await row.create(on: tx)
            added.append(item.title)
        }
        let removed = unused.values.flatMap { $0 }
        for row in removed { try await row.delete(on: tx) }
        if !added.isEmpty { changes.set("actionItemsAdded", added.joined(separator: "; ")) }
        if !removed.isEmpty { changes.set("actionItemsRemoved", removed.map(\.title).joined(separator: "; ")) }
        return kept.count + added.count
    }

    /// The project's next open occurrence of a `meeting` row due within `planWindow` of the meeting: recorded done.
    static func markPlanDone(
        projectID: UUID, meeting: MeetingModel, for viewer: CustomerViewer, in context: WriteContext,
        on tx: any Database
    ) async throws {
        struct Row: Decodable {
            @RowUUID var id: UUID
        }
        let from = meeting.startsAt.addingTimeInterval(-planWindow)
        let to = meeting.startsAt.addingTimeInterval(planWindow)
        guard let row = try await tx.sql.raw(
            """
            SELECT o.id FROM communication_occurrences o JOIN communication_plan_rows r ON r.id = o.row_id
            WHERE o.project_id = \(bind: projectID) AND r.channel = \(bind: Channel.meeting.rawValue)
                AND r.removed_at IS NULL AND o.state = \(bind: OccurrenceState.scheduled.rawValue)
                AND o.due_at >= \(bind: from) AND o.due_at <= \(bind: to)
            ORDER BY o.due_at LIMIT 1
            """
        ).first(decoding: Row.self) else { return }
        let note = try OccurrenceDoneInput(note: meeting.title).validated()
        _ = try await CommunicationPlanCommands.recordDone(
            projectID: projectID, occurrenceID: row.id, note, expectedVersion: nil, mayManage: true, for: viewer,
            in: context, on: tx)
    }
}
