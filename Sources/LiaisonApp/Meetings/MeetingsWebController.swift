import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The meeting pages: the list (mine, upcoming and past), the form (prefilled from `?projectId=` or
/// `?customerId=`), a meeting with its invitation and minutes, and a project's meetings tab.
struct MeetingsWebController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(MeetingRoutes.list, use: list)
        routes.on(MeetingRoutes.new, use: new)
        routes.on(MeetingRoutes.create, use: create)
        routes.on(MeetingRoutes.show, use: show)
        routes.on(MeetingRoutes.edit, use: edit)
        routes.on(MeetingRoutes.update, use: update)
        routes.on(MeetingRoutes.cancel, use: cancel)
        routes.on(MeetingRoutes.delete, use: delete)
        routes.on(MeetingRoutes.minutes, use: minutes)
        routes.on(MeetingRoutes.ics, use: ics)
        routes.on(MeetingRoutes.projectPage, use: projectPage)
    }

    struct Form: Content {
        var kind: String?
        var title: String?
        var customerId: String?
        var projectId: String?
        var startsAt: String?
        var endsAt: String?
        var timeZone: String?
        var place: String?
        var videoLink: String?
        var agenda: String?
        var personIds: [String]?
        var contactIds: [String]?
        var version: String?

        var input: MeetingInput {
            MeetingInput(
                kind: kind, title: title, customerID: customerId, projectID: projectId, startsAt: startsAt,
                endsAt: endsAt, timeZone: timeZone, place: place, videoLink: videoLink, agenda: agenda,
                personIDs: personIds ?? [], contactIDs: contactIds ?? [])
        }
    }

    struct ListQuery: Content {
        var all: String?
    }

    func list(_ request: Request) async throws -> Response {
        let mine = (try? request.query.decode(ListQuery.self).all) == nil
        return try await renderList(request, filter: MeetingFilter(mine: mine), head: nil, title: request.t("meetings.title"))
    }

    func projectPage(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request)
        let head = try ProjectsWebController().base(request, found, tab: "meetings")
        return try await renderList(
            request, filter: MeetingFilter(projectID: found.project.id), head: head,
            title: found.project.numberText + " " + found.project.name)
    }

    private func renderList(_ request: Request, filter: MeetingFilter, head: ProjectPage?, title: String) async throws
        -> Response
    {
        let viewer = try request.viewer
        let now = request.now
        var upcomingFilter = filter
        upcomingFilter.from = now.addingTimeInterval(-12 * 3_600)
        let upcoming = try await MeetingQueries.list(upcomingFilter, for: viewer, limit: 100, on: request.db)
        var pastFilter = filter
        pastFilter.from = now.addingTimeInterval(-180 * 86_400)
        pastFilter.to = upcomingFilter.from
        let past = try await MeetingQueries.list(pastFilter, for: viewer, limit: 200, on: request.db)
        func row(_ s: MeetingSummary) -> MeetingListPage.Row {
            .init(
                link: MeetingRoutes.show.link(s.meeting.id), title: s.meeting.title, kind: request.t(s.meeting.kind.labelKey),
                when: s.meeting.whenText, status: request.t(s.meeting.status.labelKey), statusCode: s.meeting.status.rawValue,
                customer: s.customerName ?? request.t("meetings.internal"))
        }
        var newLink: String? = nil
        if try request.person.can(.interactionsLog) {
            newLink = MeetingRoutes.new.link() + (filter.projectID.map { "?projectId=" + $0.idText } ?? "")
        }
        let page = MeetingListPage(
            title: title, newLink: newLink, mine: filter.mine, mineLink: MeetingRoutes.list.link(),
            allLink: MeetingRoutes.list.link() + "?all=1", upcoming: upcoming.items.map(row),
            past: past.items.reversed().map(row), head: head)
        return try await request.page(head == nil ? "meetings/list" : "meetings/project", title: title, page)
    }

    // MARK: Form

    func new(_ request: Request) async throws -> Response {
        struct Prefill: Content {
            var projectId: String?
            var customerId: String?
        }
        let prefill = (try? request.query.decode(Prefill.self)) ?? Prefill()
        var form = Form(kind: "progress", customerId: prefill.customerId, projectId: prefill.projectId)
        if let projectID = prefill.projectId.flatMap({ UUIDText.parse($0) }),
            let found = try await ProjectQueries.find(projectID, for: try request.viewer, on: request.db)
        {
            form.customerId = found.summary.project.customerID.idText
            if found.summary.project.status == .planning { form.kind = "kickoff" }
        }
        return try await renderForm(request, nil, form: form, errors: [:], status: .ok)
    }

    func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(Form.self)
        do {
            let made = try await MeetingWorkflow.create(form.input, request)
            return request.redirect(to: MeetingRoutes.show.link(made.meeting.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await renderForm(
                request, nil, form: form, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        }
    }

    func update(_ request: Request) async throws -> Response {
        let found = try await MeetingWorkflow.find(request)
        let form = try request.content.decode(Form.self)
        var input = form.input
        input.customerID = found.meeting.customerID?.idText
        input.projectID = found.meeting.projectID?.idText
        do {
            _ = try await MeetingWorkflow.update(
                found.meeting.id, input, expected: form.version.flatMap { Int($0) }, request)
            return request.redirect(to: MeetingRoutes.show.link(found.meeting.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await renderForm(
                request, found, form: form, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        } catch DataError.staleVersion {
            return try await renderForm(
                request, found, form: form, errors: ["form": request.t("error.staleForm")], status: .conflict)
        } catch DataError.conflict(let reason) {
            return request.redirect(
                to: MeetingRoutes.show.link(found.meeting.id), flash: "conflict.\(reason)", kind: "error")
        }
    }

    func renderForm(
        _ request: Request, _ found: MeetingDetail?, form: Form, errors: [String: String], status: HTTPStatus
    ) async throws -> Response {
        let viewer = try request.viewer
        let meeting = found?.meeting
        let chosenCustomer = (form.customerId ?? meeting?.customerID?.idText).flatMap { UUIDText.parse($0.trimmedSpaces()) }
        let customers = try await ProjectQueries.customerChoices(
            chosen: chosenCustomer, for: viewer, limit: 30, on: request.db)
        let chosenPeople = Set(form.personIds ?? found?.attendees.compactMap { $0.personID?.idText } ?? [])
        let chosenContacts = Set(form.contactIds ?? found?.attendees.compactMap { $0.contactID?.idText } ?? [])
        let people = try await ProjectQueries.people(limit: 500, on: request.db)
        var contacts: [Choice] = []
        if let chosenCustomer, try await CustomerQueries.access(chosenCustomer, for: viewer, on: request.db) != nil {
            contacts = try await ContactQueries.list(customerID: chosenCustomer, on: request.db).map {
                Choice(value: $0.id.idText, label: $0.name, selected: chosenContacts.contains($0.id.idText))
            }
        }
        var projectLabel = ""
        let projectID = form.projectId ?? meeting?.projectID?.idText
        if let id = projectID.flatMap({ UUIDText.parse($0) }),
            let project = try await ProjectQueries.find(id, for: viewer, on: request.db)
        {
            projectLabel = project.summary.project.numberText + " " + project.summary.project.name
        }
        let zone = try form.timeZone ?? meeting?.timeZone ?? request.person.timeZone
        let tz = TimeZone(identifier: zone) ?? .current
        func local(_ date: Date?) -> String { date.map { Meeting.wallClock($0, in: tz).replacingOccurrences(of: " ", with: "T") } ?? "" }
        let title = meeting?.title ?? request.t("meetings.new")
        let page = MeetingFormPage(
            isNew: found == nil, title: title,
            action: meeting.map { MeetingRoutes.update.link($0.id) } ?? MeetingRoutes.create.link(),
            cancelLink: meeting.map { MeetingRoutes.show.link($0.id) } ?? MeetingRoutes.list.link(),
            version: form.version.flatMap { Int($0) } ?? meeting?.version ?? 0,
            kinds: MeetingKind.allCases.map {
                Choice(value: $0.rawValue, label: request.t($0.labelKey), selected: $0.rawValue == (form.kind ?? meeting?.kind.rawValue))
            },
            meetingTitle: form.title ?? meeting?.title ?? "",
            customers: customers.map { Choice(value: $0.id.idText, label: $0.name, selected: $0.id == chosenCustomer) },
            customerLocked: found != nil || (projectID != nil && !projectLabel.isEmpty), projectId: projectID ?? "",
            projectLabel: projectLabel, startsAt: form.startsAt ?? local(meeting?.startsAt),
            endsAt: form.endsAt ?? local(meeting?.endsAt), timeZone: zone, place: form.place ?? meeting?.place ?? "",
            videoLink: form.videoLink ?? meeting?.videoLink ?? "", agenda: form.agenda ?? meeting?.agenda ?? "",
            people: people.filter { $0.id != (meeting?.organiserID ?? viewer.userID) }.map {
                Choice(value: $0.id.idText, label: $0.name, selected: chosenPeople.contains($0.id.idText))
            },
            contacts: contacts, errors: errors)
        let response = try await request.page("meetings/form", title: title, page)
        response.status = status
        return response
    }
}
