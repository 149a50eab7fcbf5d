import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// One meeting's page and what is done from it: cancel, delete, minutes, the invitation file.
extension MeetingsWebController {
    struct MinutesForm: Content {
        var minutes: String?
        var decisions: String?
        var minutesShared: String?
        var itemTitle: [String]?
        var itemOwner: [String]?
        var itemDue: [String]?
        var version: String?
        var confirmWarnings: String?
        var overrideReason: String?

        /// The rows of the form; a row left wholly empty is no item.
        var input: MinutesInput {
            let titles = itemTitle ?? []
            let owners = itemOwner ?? []
            let dues = itemDue ?? []
            var items: [MinutesInput.Item] = []
            for index in 0..<max(titles.count, owners.count, dues.count) {
                let title = index < titles.count ? titles[index] : ""
                let owner = index < owners.count ? owners[index] : ""
                let due = index < dues.count ? dues[index] : ""
                if [title, owner, due].allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
                items.append(.init(title: title, ownerID: owner.isEmpty ? nil : owner, dueOn: due.isEmpty ? nil : due))
            }
            return MinutesInput(
                minutes: minutes, decisions: decisions, minutesShared: minutesShared == "true" || minutesShared == "on",
                actionItems: items)
        }
    }

    struct VersionForm: Content {
        var version: String?
    }

    func show(_ request: Request) async throws -> Response {
        try await renderShow(request, try await MeetingWorkflow.find(request), errors: [:], form: nil, status: .ok)
    }

    func renderShow(
        _ request: Request, _ found: MeetingDetail, errors: [String: String], form: MinutesForm?, status: HTTPStatus
    ) async throws -> Response {
        let m = found.meeting
        let canChange = try request.person.can(.interactionsLog)
        let people = try await ProjectQueries.people(limit: 500, on: request.db)
        let names = Dictionary(people.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var rows = found.actionItems.enumerated().map { index, item in
            MeetingShowPage.ItemRow(
                index: index, title: item.title, ownerId: item.ownerID.idText, dueOn: item.dueOn.description)
        }
        if let form {
            let input = form.input
            rows = input.actionItems.enumerated().map {
                .init(index: $0.offset, title: $0.element.title ?? "", ownerId: $0.element.ownerID ?? "", dueOn: $0.element.dueOn ?? "")
            }
        }
        for _ in 0..<3 { rows.append(.init(index: rows.count, title: "", ownerId: "", dueOn: "")) }
        let page = MeetingShowPage(
            id: m.id.idText, title: m.title, kind: request.t(m.kind.labelKey), status: request.t(m.status.labelKey),
            statusCode: m.status.rawValue, when: m.whenText, place: m.place ?? "", videoLink: m.videoLink ?? "",
            agenda: m.agenda ?? "", customer: found.customerName ?? request.t("meetings.internal"),
            customerLink: m.customerID.map { CustomerRoutes.show.link($0) },
            project: found.projectNumber.map { ProjectNumber.format($0) + " " + (found.projectName ?? "") } ?? "",
            projectLink: m.projectID.map { ProjectRoutes.show.link($0) }, organiser: found.organiser?.name ?? "—",
            sequence: request.t("meeting.sequence", String(m.sequence)),
            attendees: found.attendees.map {
                .init(
                    name: $0.name, email: $0.email ?? "",
                    kind: request.t($0.personID != nil ? "meeting.field.staff" : "meeting.field.contacts"))
            },
            icsLink: MeetingRoutes.ics.link(m.id),
            editLink: canChange && m.status != .cancelled ? MeetingRoutes.edit.link(m.id) : nil,
            cancelAction: canChange && m.status == .scheduled ? MeetingRoutes.cancel.link(m.id) : nil,
            deleteAction: canChange ? MeetingRoutes.delete.link(m.id) : nil,
            minutesAction: canChange && m.status != .cancelled && request.now >= m.startsAt
                ? MeetingRoutes.minutes.link(m.id) : nil,
            minutes: form?.minutes ?? m.minutes ?? "", decisions: form?.decisions ?? m.decisions ?? "",
            minutesShared: form.map { $0.input.minutesShared } ?? m.minutesShared,
            items: found.actionItems.map { item in
                .init(
                    title: item.title, owner: names[item.ownerID] ?? "—", due: item.dueOn.description,
                    taskLink: item.taskID.flatMap { task in
                        m.projectID.map { WorkPlanRoutes.editTask.link($0.idText, task.idText) }
                    })
            },
            itemRows: rows, owners: people.map { Choice(value: $0.id.idText, label: $0.name, selected: false) },
            version: m.version, errors: errors)
        let response = try await request.page("meetings/show", title: m.title, page)
        response.status = status
        return response
    }

    func edit(_ request: Request) async throws -> Response {
        let found = try await MeetingWorkflow.find(request)
        return try await renderForm(request, found, form: Form(), errors: [:], status: .ok)
    }

    func cancel(_ request: Request) async throws -> Response {
        let found = try await MeetingWorkflow.find(request)
        let form = try request.content.decode(VersionForm.self)
        let back = MeetingRoutes.show.link(found.meeting.id)
        do {
            _ = try await MeetingWorkflow.cancel(found.meeting.id, expected: form.version.flatMap { Int($0) }, request)
            return request.redirect(to: back, flash: "flash.meetingCancelled")
        } catch DataError.conflict(let reason) {
            return request.redirect(to: back, flash: "conflict.\(reason)", kind: "error")
        } catch DataError.staleVersion {
            return request.redirect(to: back, flash: "conflict.meetingChanged", kind: "error")
        }
    }

    func delete(_ request: Request) async throws -> Response {
        let found = try await MeetingWorkflow.find(request)
        let form = try request.content.decode(VersionForm.self)
        do {
            try await MeetingWorkflow.delete(found.meeting.id, expected: form.version.flatMap { Int($0) }, request)
            return request.redirect(to: MeetingRoutes.list.link(), flash: "flash.meetingDeleted")
        } catch DataError.staleVersion {
            return request.redirect(
                to: MeetingRoutes.show.link(found.meeting.id), flash: "conflict.meetingChanged", kind: "error")
        }
    }

    func minutes(_ request: Request) async throws -> Response {
        let found = try await MeetingWorkflow.find(request)
        let form = try request.content.decode(MinutesForm.self)
        let back = MeetingRoutes.show.link(found.meeting.id)
        do {
            let confirmation = try MessageCheckWorkflow.confirmation(
                confirm: form.confirmWarnings.map { !$0.isEmpty }, reason: form.overrideReason)
            _ = try await MeetingWorkflow.recordMinutes(
                found.meeting, form.input, expected: form.version.flatMap { Int($0) }, confirmation: confirmation,
                request)
            return request.redirect(to: back, flash: "flash.minutesSaved")
        } catch let refusal as MessageCheckRefusal {
            return try await renderShow(
                request, found, errors: ["minutes": refusal.summary], form: form,
                status: .unprocessableEntity)
        } catch let failure as ValidationFailure {
            return try await renderShow(
                request, found, errors: request.fieldErrors(failure), form: form, status: .unprocessableEntity)
        } catch DataError.conflict(let reason) {
            return request.redirect(to: back, flash: "conflict.\(reason)", kind: "error")
        } catch DataError.staleVersion {
            return request.redirect(to: back, flash: "conflict.meetingChanged", kind: "error")
        }
    }

    func ics(_ request: Request) async throws -> Response {
        guard let found = try await MeetingQueries.find(
            try request.recordID("id"), for: try request.viewer, on: request.db)
        else { try await MeetingWorkflow.icsMissing(request) }
        return MeetingWorkflow.icsResponse(found, request)
    }
}
