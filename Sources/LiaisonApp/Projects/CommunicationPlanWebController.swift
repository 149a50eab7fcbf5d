import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The communication plan tab of the project page, the row form, and recording that an occurrence took place.
struct CommunicationPlanWebController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(CommunicationPlanRoutes.page, use: page)
        routes.on(CommunicationPlanRoutes.newRow, use: newRow)
        routes.on(CommunicationPlanRoutes.addRow, use: addRow)
        routes.on(CommunicationPlanRoutes.editRow, use: editRow)
        routes.on(CommunicationPlanRoutes.updateRow, use: updateRow)
        routes.on(CommunicationPlanRoutes.removeRow, use: removeRow)
        routes.on(CommunicationPlanRoutes.done, use: done)
    }

    // MARK: The tab

    struct FilterQuery: Content {
        var state: String?
        var cursor: String?
    }

    func page(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request)
        let p = found.project
        let head = try ProjectsWebController().base(request, found, tab: "commplan")
        let person = try request.person
        let query = (try? request.query.decode(FilterQuery.self)) ?? FilterQuery()
        let state = query.state.flatMap(OccurrenceState.init(rawValue:))
        let rows = try await CommunicationPlanQueries.rows(projectID: p.id, on: request.db)
        let listed = try await CommunicationPlanQueries.occurrences(
            projectID: p.id, OccurrenceFilter(state: state), limit: 50,
            after: query.cursor.flatMap(Cursor.init(encoded:)), on: request.db)
        let text = CommunicationPlanText(request)
        var nextLink: String?
        if let next = listed.nextCursor {
            nextLink = CommunicationPlanRoutes.page.link(p.id) + "?cursor=" + next
                + (state.map { "&state=" + $0.rawValue } ?? "")
        }
        let page = CommunicationPlanPage(
            head: head,
            rows: rows.map { row in
                let r = row.entry.row
                return .init(
                    id: row.entry.id.idText, what: text.what(r.content, r.topic),
                    audiences: r.audiences.map(text.audience), channel: request.t(r.channel.labelKey),
                    cadence: text.cadence(r.cadence), owner: row.ownerName ?? "—",
                    next: row.nextDueAt.map { request.format($0) } ?? "—", done: row.done, missed: row.missed,
                    agreed: row.agreedIn.map { request.t("commplan.agreedIn", String($0)) },
                    editLink: head.canManage
                        ? CommunicationPlanRoutes.editRow.link(p.id.idText, row.entry.id.idText) : nil,
                    removeAction: head.canManage
                        ? CommunicationPlanRoutes.removeRow.link(p.id.idText, row.entry.id.idText) : nil,
                    version: row.entry.version)
            },
            hasRows: !rows.isEmpty, newLink: head.canManage ? CommunicationPlanRoutes.newRow.link(p.id) : nil,
            stateFilter: OccurrenceState.allCases.map {
                Choice(value: $0.rawValue, label: request.t($0.labelKey), selected: $0 == state)
            },
            filterAction: CommunicationPlanRoutes.page.link(p.id),
            occurrences: listed.items.map { item in
                let o = item.occurrence
                let mayRecord = o.state == .scheduled && (head.canManage || item.ownerID == person.id)
                var outcome = ""
                if o.state == .done {
                    outcome = request.t("commplan.doneBy", item.doneByName ?? "—", request.format(o.doneAt))
                        + (o.doneNote.map { " · " + $0 } ?? "")
                } else if o.state == .missed {
                    outcome = request.t("commplan.missedAt", request.format(o.missedAt))
                }
                return .init(
                    id: o.id.idText, due: request.format(o.dueAt), dueISO: DateText.rfc3339(o.dueAt),
                    what: text.what(item.content, item.topic), owner: item.ownerName ?? "—",
                    state: request.t(o.state.labelKey), stateCode: o.state.rawValue, outcome: outcome,
                    doneAction: mayRecord ? CommunicationPlanRoutes.done.link(p.id.idText, o.id.idText) : nil,
                    version: o.version)
            },
            hasOccurrences: !listed.items.isEmpty, nextLink: nextLink,
            reminderHours: request.appConfig.communicationReminderHours,
            agreedVersion: nil)
        return try await request.page("projects/commplan", title: p.numberText + " " + p.name, page)
    }

    // MARK: The row form

    struct RowForm: Content {
        var audiences: [String]?
        var otherAudience: String?
        var content: String?
        var topic: String?
        var channel: String?
        var cadence: String?
        var weekday: String?
        var dayOfMonth: String?
        var anchor: String?
        var time: String?
        var timeZone: String?
        var ownerId: String?
        var version: String?

        var input: CommunicationPlanRowInput {
            var all = audiences ?? []
            if let other = otherAudience?.trimmedSpaces(), !other.isEmpty { all.append("other:" + other) }
            return CommunicationPlanRowInput(
                audiences: all, content: content, topic: topic, channel: channel, cadence: cadence, weekday: weekday,
                dayOfMonth: dayOfMonth, anchor: anchor, time: time, timeZone: timeZone, ownerID: ownerId)
        }

        init() {}

        init(_ row: CommunicationPlanRow, version: Int) {
            let parts = CadenceParts(row.cadence)
            audiences = row.audiences.filter { if case .other = $0 { false } else { true } }.map(\.description)
            otherAudience = row.audiences.compactMap { if case .other(let text) = $0 { text } else { nil } }.first
            content = row.content.rawValue
            topic = row.topic
            channel = row.channel.rawValue
            cadence = parts.kind
            weekday = parts.weekday.map(String.init)
            dayOfMonth = parts.dayOfMonth.map(String.init)
            anchor = parts.anchor?.description
            time = parts.time
            timeZone = parts.timeZone
            ownerId = row.ownerID.idText
            self.version = String(version)
        }
    }

    private func findRow(_ request: Request) async throws -> (ProjectSummary, CommunicationPlanRowSummary) {
        let found = try await ProjectWorkflow.find(request, audit: false)
        guard let row = try await CommunicationPlanQueries.row(
                try request.recordID("rowId"), projectID: found.project.id, on: request.db),
            row.entry.removedAt == nil
        else { throw AppError.notFound }
        return (found, row)
    }

    func newRow(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        return try await renderForm(request, found, nil, form: RowForm(), errors: [:], status: .ok)
    }

    func addRow(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let form = try request.content.decode(RowForm.self)
        let back = CommunicationPlanRoutes.page.link(found.project.id)
        do {
            _ = try await CommunicationPlanWorkflow.add(found.project, form.input, request)
            return request.redirect(to: back, flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await renderForm(
                request, found, nil, form: form, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        } catch DataError.conflict(let reason) {
            return request.redirect(to: back, flash: "conflict.\(reason)", kind: "error")
        }
    }

    func editRow(_ request: Request) async throws -> Response {
        let (found, row) = try await findRow(request)
        return try await renderForm(
            request, found, row.entry, form: RowForm(row.entry.row, version: row.entry.version), errors: [:],
            status: .ok)
    }

    func updateRow(_ request: Request) async throws -> Response {
        let (found, row) = try await findRow(request)
        var form = try request.content.decode(RowForm.self)
        let back = CommunicationPlanRoutes.page.link(found.project.id)
        do {
            _ = try await CommunicationPlanWorkflow.update(
                found.project, row.entry.id, form.input, expected: form.version.flatMap { Int($0) }, request)
            return request.redirect(to: back, flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await renderForm(
                request, found, row.entry, form: form, errors: request.fieldErrors(failure),
                status: .unprocessableEntity)
        } catch DataError.staleVersion {
            form.version = String(row.entry.version)
            return try await renderForm(
                request, found, row.entry, form: form, errors: ["form": request.t("error.staleForm")],
                status: .conflict)
        } catch DataError.conflict(let reason) {
            return request.redirect(to: back, flash: "conflict.\(reason)", kind: "error")
        }
    }

    struct VersionForm: Content {
        var version: String?
    }

    func removeRow(_ request: Request) async throws -> Response {
        let (found, row) = try await findRow(request)
        let form = try request.content.decode(VersionForm.self)
        let back = CommunicationPlanRoutes.page.link(found.project.id)
        do {
            try await CommunicationPlanWorkflow.remove(
                found.project, row.entry.id, expected: form.version.flatMap { Int($0) }, request)
            return request.redirect(to: back, flash: "flash.commplanRemoved")
        } catch DataError.staleVersion {
            return request.redirect(to: back, flash: "flash.commplanChanged", kind: "error")
        } catch DataError.conflict(let reason) {
            return request.redirect(to: back, flash: "conflict.\(reason)", kind: "error")
        }
    }

    struct DoneForm: Content {
        var note: String?
        var version: String?
    }

    func done(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let form = try request.content.decode(DoneForm.self)
        let back = CommunicationPlanRoutes.page.link(found.project.id)
        do {
            _ = try await CommunicationPlanWorkflow.recordDone(
                found.project, try request.recordID("occurrenceId"), OccurrenceDoneInput(note: form.note),
                expected: form.version.flatMap { Int($0) }, request)
            return request.redirect(to: back, flash: "flash.commplanRecorded")
        } catch is ValidationFailure {
            return request.redirect(to: back, flash: "flash.commplanDoneInvalid", kind: "error")
        } catch DataError.staleVersion {
            return request.redirect(to: back, flash: "flash.commplanChanged", kind: "error")
        } catch DataError.conflict(let reason) {
            return request.redirect(to: back, flash: "conflict.\(reason)", kind: "error")
        }
    }

    private func renderForm(
        _ request: Request, _ found: ProjectSummary, _ row: CommunicationPlanEntry?, form: RowForm,
        errors: [String: String], status: HTTPStatus
    ) async throws -> Response {
        let p = found.project
        let head = try ProjectsWebController().base(request, found, tab: "commplan")
        let members = try await ProjectQueries.members(of: p.id, on: request.db)
        let chosen = Set(form.audiences ?? [])
        let owner = form.ownerId.flatMap { UUIDText.parse($0.trimmedSpaces()) } ?? (row == nil ? p.managerID : nil)
        let title = request.t(row == nil ? "commplan.new" : "commplan.edit")
        func choices<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ value: String?, _ key: (T) -> String)
            -> [Choice] where T.RawValue == String
        {
            T.allCases.map { Choice(value: $0.rawValue, label: request.t(key($0)), selected: $0.rawValue == value) }
        }
        let page = CommunicationRowFormPage(
            head: head, isNew: row == nil, title: title,
            action: row.map { CommunicationPlanRoutes.updateRow.link(p.id.idText, $0.id.idText) }
                ?? CommunicationPlanRoutes.addRow.link(p.id),
            cancelLink: CommunicationPlanRoutes.page.link(p.id),
            version: form.version.flatMap { Int($0) } ?? row?.version ?? 0,
            customerAudiences: ContactRole.allCases.map {
                let value = CommunicationAudience.customer($0).description
                return Choice(value: value, label: request.t($0.labelKey), selected: chosen.contains(value))
            },
            teamAudiences: TeamRole.allCases.map {
                let value = CommunicationAudience.team($0).description
                return Choice(value: value, label: request.t($0.labelKey), selected: chosen.contains(value))
            },
            otherAudience: form.otherAudience ?? "",
            contents: choices(CommunicationContent.self, form.content, \.labelKey), topic: form.topic ?? "",
            channels: choices(LiaisonCore.Channel.self, form.channel ?? LiaisonCore.Channel.email.rawValue, \.labelKey),
            cadences: CommunicationPlanRowInput.cadenceKinds.map {
                Choice(value: $0, label: request.t("commplan.kind.\($0)"), selected: $0 == (form.cadence ?? "weekly"))
            },
            weekdays: (1...7).map {
                Choice(value: String($0), label: request.t("weekday.\($0)"), selected: String($0) == (form.weekday ?? "1"))
            },
            dayOfMonth: form.dayOfMonth ?? "", anchor: form.anchor ?? "", time: form.time ?? "09:30",
            timeZone: form.timeZone ?? request.appConfig.defaultTimeZone,
            owners: members.map { Choice(value: $0.userID.idText, label: $0.name, selected: $0.userID == owner) },
            errors: errors)
        let response = try await request.page("projects/commplan-form", title: title, page)
        response.status = status
        return response
    }
}

/// The plan's words in the page's language: a cadence ("Weekly on Monday at 09:30 (Asia/Shanghai)"), an
/// audience ("Customer · Technical contact"), what a row delivers (its topic, else its kind).
struct CommunicationPlanText {
    let request: Request

    init(_ request: Request) { self.request = request }

    func cadence(_ cadence: CommunicationCadence) -> String {
        let parts = CadenceParts(cadence)
        let day = parts.weekday.map { request.t("weekday.\($0)") } ?? ""
        switch parts.kind {
        case "weekly": return request.t("commplan.cadence.weekly", day, parts.time, parts.timeZone)
        case "fortnightly":
            return request.t(
                "commplan.cadence.fortnightly", day, parts.time, parts.timeZone, parts.anchor?.description ?? "")
        case "monthly":
            return request.t("commplan.cadence.monthly", String(parts.dayOfMonth ?? 1), parts.time, parts.timeZone)
        default: return request.t("commplan.cadence.milestones", parts.time, parts.timeZone)
        }
    }

    func audience(_ audience: CommunicationAudience) -> String {
        switch audience {
        case .customer(let role): request.t("commplan.audience.customer", request.t(role.labelKey))
        case .team(let role): request.t("commplan.audience.team", request.t(role.labelKey))
        case .other(let text): text
        }
    }

    func what(_ content: CommunicationContent, _ topic: String?) -> String {
        let kind = request.t(content.labelKey)
        guard let topic, !topic.isEmpty else { return kind }
        return content == .other ? topic : kind + " · " + topic
    }

    /// A row as a charter version froze it, in words: "Progress report · Email · Weekly on Monday at 09:30
    /// (Asia/Shanghai) · Customer · Technical contact · 张伟".
    func line(_ row: CharterPlanRow) -> String {
        let content = CommunicationContent(rawValue: row.content) ?? .other
        let channel = LiaisonCore.Channel(rawValue: row.channel).map { request.t($0.labelKey) } ?? row.channel
        let cadence = CommunicationCadence(row.cadence).map(self.cadence) ?? row.cadence
        let audiences = row.audiences.map { CommunicationAudience($0).map(audience) ?? $0 }
        return ([what(content, row.topic), channel, cadence] + audiences + [row.owner]).joined(separator: " · ")
    }
}
