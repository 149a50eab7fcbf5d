import FluentKit
import Foundation
import LiaisonCore

/// Writing meetings. A customer meeting follows its customer's need-to-know (a meeting of a customer the viewer may
/// not know is not found); an internal one (no customer) is known to its attendees only, the organiser always
/// among them. Each change of what the invitation carries (time, zone, place, link, attendees) and the
/// cancellation raise `sequence`; every write is audited and leaves nothing half-saved (one write each).
public enum MeetingCommands {
    public static func create(
        _ input: ValidMeeting, for viewer: CustomerViewer, in context: WriteContext, on tx: any Database
    ) async throws -> MeetingDetail {
        let customerID = try await settleCustomer(input, for: viewer, on: tx)
        let model = MeetingModel()
        model.id = UUID.timeOrdered(at: context.now)
        model.customerID = customerID
        model.projectID = input.projectID
        model.status = MeetingStatus.scheduled.rawValue
        model.sequence = 0
        model.minutesShared = false
        model.organiserID = context.actor.userID
        model.version = 1
        model.createdAt = context.now
        model.updatedAt = context.now
        var changes = AuditChanges()
        model.apply(input, changes: &changes, isNew: true)
        if let customerID { changes.set("customerId", customerID.idText) }
        if let projectID = input.projectID { changes.set("projectId", projectID.idText) }
        try await model.create(on: tx)
        let meetingID = model.id!
        var people = input.personIDs
        if let organiser = context.actor.userID, !people.contains(organiser) { people.insert(organiser, at: 0) }
        try await checkAttendees(people: people, contacts: input.contactIDs, customerID: customerID, on: tx)
        try await putAttendees(meetingID, people: people, contacts: input.contactIDs, startsAt: input.startsAt, on: tx)
        changes.set("attendees", attendeeText(people: people, contacts: input.contactIDs))
        try await AuditLog.append(
            .meetingCreated, recordType: .meeting, recordID: meetingID.idText, changes: changes, by: context.actor,
            at: context.now, on: tx)
        try await MeetingTimeline.put(model, actorLabel: context.actor.label, on: tx)
        return try await MeetingQueries.detail(model.value, on: tx)
    }

    /// Changes the fields and the attendees; the customer and project may not change. A change of what the
    /// invitation carries raises the sequence.
    public static func update(
        id: UUID, _ input: ValidMeeting, expectedVersion: Int?, for viewer: CustomerViewer, in context: WriteContext,
        on tx: any Database
    ) async throws -> MeetingDetail {
        let model = try await load(id, expectedVersion: expectedVersion, for: viewer, on: tx)
        if model.statusValue == .cancelled { throw DataError.conflict(reason: "meetingCancelled") }
        if (input.customerID != nil && input.customerID != model.customerID)
            || (input.projectID != nil && input.projectID != model.projectID)
        {
            throw ValidationFailure([ValidationIssue("customerId", "meetingCustomerFixed")])
        }
        var people = input.personIDs
        if let organiser = model.organiserID, !people.contains(organiser) { people.insert(organiser, at: 0) }
        let before = try await MeetingAttendeeModel.query(on: tx).filter(\.$meetingID == id).all()
        let oldPeople = Set(before.compactMap(\.personID))
        let oldContacts = Set(before.compactMap(\.contactID))
        let attendeesChanged = oldPeople != Set(people) || oldContacts != Set(input.contactIDs)
        var changes = AuditChanges()
        let timeChanged = model.apply(input, changes: &changes, isNew: false)
        if attendeesChanged {
            try await checkAttendees(people: people, contacts: input.contactIDs, customerID: model.customerID, on: tx)
            changes.field(
                "attendees", from: attendeeText(people: Array(oldPeople), contacts: Array(oldContacts)),
                to: attendeeText(people: people, contacts: input.contactIDs))
        }
        guard !changes.isEmpty else { return try await MeetingQueries.detail(model.value, on: tx) }
        if timeChanged || attendeesChanged {
            changes.field("sequence", from: String(model.sequence), to: String(model.sequence + 1))
            model.sequence += 1
        }
        model.version += 1
        model.updatedAt = context.now
        try await model.update(on: tx)
        if attendeesChanged {
            try await MeetingAttendeeModel.query(on: tx).filter(\.$meetingID == id).delete()
            try await putAttendees(id, people: people, contacts: input.contactIDs, startsAt: input.startsAt, on: tx)
        } else if before.contains(where: { $0.startsAt != input.startsAt }) {
            try await MeetingAttendeeModel.query(on: tx).filter(\.$meetingID == id).set(\.$startsAt, to: input.startsAt)
                .update()
        }
        try await AuditLog.append(
            .meetingUpdated, recordType: .meeting, recordID: id.idText, changes: changes, by: context.actor,
            at: context.now, on: tx)
        try await MeetingTimeline.put(model, actorLabel: context.actor.label, on: tx)
        return try await MeetingQueries.detail(model.value, on: tx)
    }

    /// Calls the meeting off: the invitation becomes a cancellation under the same UID with a higher sequence.
    public static func cancel(
        id: UUID, expectedVersion: Int?, for viewer: CustomerViewer, in context: WriteContext, on tx: any Database
    ) async throws -> MeetingDetail {
        let model = try await load(id, expectedVersion: expectedVersion, for: viewer, on: tx)
        switch model.statusValue {
        case .cancelled: throw DataError.conflict(reason: "meetingCancelled")
        case .held: throw DataError.conflict(reason: "meetingHeld")
        case .scheduled: break
        }
        var changes = AuditChanges()
        changes.field("status", from: model.status, to: MeetingStatus.cancelled.rawValue)
        changes.field("sequence", from: String(model.sequence), to: String(model.sequence + 1))
        model.status = MeetingStatus.cancelled.rawValue
        model.sequence += 1
        model.version += 1
        model.updatedAt = context.now
        try await model.update(on: tx)
        try await AuditLog.append(
            .meetingCancelled, recordType: .meeting, recordID: id.idText, changes: changes, by: context.actor,
            at: context.now, on: tx)
        try await MeetingTimeline.put(model, actorLabel: context.actor.label, on: tx)
        return try await MeetingQueries.detail(model.value, on: tx)
    }

    /// Deletes the meeting (soft): it is found no more, its invitation neither, and it leaves the timeline.
    public static func delete(
        id: UUID, expectedVersion: Int?, for viewer: CustomerViewer, in context: WriteContext, on tx: any Database
    ) async throws {
        let model = try await load(id, expectedVersion: expectedVersion, for: viewer, on: tx)
        model.deletedAt = context.now
        model.version += 1
        model.updatedAt = context.now
        try await model.update(on: tx)
        var changes = AuditChanges()
        changes.note("title", model.title)
        try await AuditLog.append(
            .meetingDeleted, recordType: .meeting, recordID: id.idText, changes: changes, by: context.actor,
            at: context.now, on: tx)
        try await MeetingTimeline.remove(id, on: tx)
    }

    // MARK: Checks

    /// The meeting for a change, under the viewer's need-to-know (an internal one: its attendees only), at the
    /// expected version.
    static func load(_ id: UUID, expectedVersion: Int?, for viewer: CustomerViewer, on tx: any Database) async throws
        -> MeetingModel
    {
        guard let model = try await MeetingModel.query(on: tx).filter(\.$id == id).filter(\.$deletedAt == nil).first(),
            try await MeetingQueries.mayKnow(model.value, viewer: viewer, on: tx)
        else { throw DataError.notFound }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        return model
    }

    /// The customer a new meeting is for: the project's when a project is named (the two must agree), the one named,
    /// or none (internal). Either must be one the viewer may know.
    static func settleCustomer(_ input: ValidMeeting, for viewer: CustomerViewer, on tx: any Database) async throws
        -> UUID?
    {
        if let projectID = input.projectID {
            let project: ProjectModel
            do {
                (project, _) = try await ProjectCommands.load(projectID, expectedVersion: nil, for: viewer, on: tx)
            } catch DataError.notFound {
                throw ValidationFailure([ValidationIssue("projectId", "invalidReference")])
            }
            if let customerID = input.customerID, customerID != project.customerID {
                throw ValidationFailure([ValidationIssue("customerId", "meetingProjectOtherCustomer")])
            }
            return project.customerID
        }
        guard let customerID = input.customerID else { return nil }
        guard try await CustomerQueries.access(customerID, for: viewer, on: tx) != nil else {
            throw ValidationFailure([ValidationIssue("customerId", "invalidReference")])
        }
        return customerID
    }

    /// Staff invited must be active people who may know the customer; contacts must be the customer's own (an
    /// internal meeting has none).
    static func checkAttendees(people: [UUID], contacts: [UUID], customerID: UUID?, on tx: any Database) async throws {
        for person in people {
            try await CustomerCommands.requireActivePerson(person, field: "attendees", on: tx)
            if let customerID, !(try await CustomerQueries.mayKnow(customerID, person: person, on: tx)) {
                throw ValidationFailure([ValidationIssue("attendees", "meetingAttendeeMayNotKnow")])
            }
        }
        guard !contacts.isEmpty else { return }
        guard let customerID else {
            throw ValidationFailure([ValidationIssue("attendees", "meetingAttendeeOtherCustomer")])
        }
        let found = try await ContactModel.query(on: tx).filter(\.$id ~~ contacts).filter(\.$deletedAt == nil).all()
        guard found.count == contacts.count, found.allSatisfy({ $0.customerID == customerID }) else {
            throw ValidationFailure([ValidationIssue("attendees", "meetingAttendeeOtherCustomer")])
        }
    }

    static func putAttendees(_ meetingID: UUID, people: [UUID], contacts: [UUID], startsAt: Date, on tx: any Database)
        async throws
    {
        for person in people {
            let row = MeetingAttendeeModel()
            row.id = UUID()
            row.meetingID = meetingID
            row.personID = person
            row.startsAt = startsAt
            try await row.create(on: tx)
        }
        for contact in contacts {
            let row = MeetingAttendeeModel()
            row.id = UUID()
            row.meetingID = meetingID
            row.contactID = contact
            row.startsAt = startsAt
            try await row.create(on: tx)
        }
    }

    static func attendeeText(people: [UUID], contacts: [UUID]) -> String {
        (people.map { "person:" + $0.idText }.sorted() + contacts.map { "contact:" + $0.idText }.sorted())
            .joined(separator: ",")
    }
}
