import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The steps of meetings the API and the pages share: each write once, for both, and the invitation each answers
/// with or mails.
enum MeetingWorkflow {
    /// The meeting named by the path's `:id`, if the caller may know of it.
    static func find(_ request: Request) async throws -> MeetingDetail {
        guard let found = try await MeetingQueries.find(try request.recordID("id"), for: try request.viewer, on: request.db)
        else { throw AppError.notFound }
        return found
    }

    static func create(_ input: MeetingInput, _ request: Request) async throws -> MeetingDetail {
        let valid = try input.validated(defaultTimeZone: try request.person.timeZone)
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            let made = try await MeetingCommands.create(valid, for: viewer, in: context, on: tx)
            try await MeetingInvitations.queue(made, in: context, on: tx)
            return made
        }
    }

    static func update(_ id: UUID, _ input: MeetingInput, expected: Int?, _ request: Request) async throws
        -> MeetingDetail
    {
        let valid = try input.validated(defaultTimeZone: try request.person.timeZone)
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            let before = try await MeetingQueries.find(id, for: viewer, on: tx)
            let changed = try await MeetingCommands.update(
                id: id, valid, expectedVersion: expected, for: viewer, in: context, on: tx)
            if changed.meeting.sequence != before?.meeting.sequence {
                try await MeetingInvitations.queue(changed, removed: before?.attendees ?? [], in: context, on: tx)
            }
            return changed
        }
    }

    static func cancel(_ id: UUID, expected: Int?, _ request: Request) async throws -> MeetingDetail {
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { tx in
            let cancelled = try await MeetingCommands.cancel(
                id: id, expectedVersion: expected, for: viewer, in: context, on: tx)
            try await MeetingInvitations.queue(cancelled, in: context, on: tx)
            return cancelled
        }
    }

    static func delete(_ id: UUID, expected: Int?, _ request: Request) async throws {
        let context = request.writeContext
        let viewer = try request.viewer
        try await request.write { tx in
            try await MeetingCommands.delete(id: id, expectedVersion: expected, for: viewer, in: context, on: tx)
        }
    }

    /// Minutes shared with the customer pass the message check first (their dates record what was said, so the
    /// date findings do not apply); minutes kept internal are not checked.
    static func recordMinutes(
        _ meeting: Meeting, _ input: MinutesInput, expected: Int?,
        confirmation: MessageCheckWorkflow.Confirmation? = nil, _ request: Request
    ) async throws -> MeetingDetail {
        let valid = try input.validated()
        var override: MessageCheckOverride?
        if input.minutesShared, let customer = meeting.customerID {
            let addressee = try await MessageCheckQueries.addressee(customer: customer, contact: nil, on: request.db)
            let text = [input.minutes ?? "", input.decisions ?? ""].filter { !$0.isEmpty }.joined(separator: "\n\n")
            override = try await MessageCheckWorkflow.clear(
                text, for: .init(addressee: addressee, ignored: [.date]), confirmation: confirmation, field: "minutes",
                request)
        }
        let context = request.writeContext
        let viewer = try request.viewer
        return try await request.write { [override] tx in
            let recorded = try await MeetingMinutesCommands.record(
                id: meeting.id, valid, expectedVersion: expected, for: viewer, in: context, on: tx)
            try await override?.record(on: .meeting, id: meeting.id.idText, by: context.actor, at: context.now, on: tx)
            return recorded
        }
    }

    /// The host in the invitation's UID: the public address's, else the configured host name.
    static func invitationHost(_ app: Application) -> String {
        let config = app.context.config
        if let base = config.baseURL, let host = URL(string: base)?.host, !host.isEmpty { return host }
        return config.host.isEmpty ? "liaison.invalid" : config.host
    }

    /// The meeting's invitation as it now stands (a cancellation once it is called off).
    static func invitation(_ detail: MeetingDetail, host: String, at now: Date) -> MeetingInvitation {
        MeetingInvitation(
            meeting: detail.meeting,
            organiser: detail.organiser.map { .init(name: $0.name, email: $0.email) },
            attendees: detail.attendees.map { .init(name: $0.name, email: $0.email) }, host: host, stamp: now)
    }

    /// `text/calendar` with the method, as a download named after the meeting.
    static func icsResponse(_ detail: MeetingDetail, _ request: Request) -> Response {
        let invitation = invitation(detail, host: invitationHost(request.application), at: request.now)
        let response = Response(status: .ok, body: .init(string: invitation.render()))
        response.headers.replaceOrAdd(
            name: .contentType, value: "text/calendar; charset=utf-8; method=\(invitation.method)")
        response.headers.replaceOrAdd(
            name: .contentDisposition, value: "attachment; filename=\"meeting-\(detail.meeting.id.idText.prefix(8)).ics\"")
        return response
    }

    /// Answers an `.ics` request for a meeting that is gone: a clear 404 when the caller could have known it.
    static func icsMissing(_ request: Request) async throws -> Never {
        if try await MeetingQueries.wasDeleted(try request.recordID("id"), for: try request.viewer, on: request.db) {
            throw AppError.gone("meeting.deleted")
        }
        throw AppError.notFound
    }
}
