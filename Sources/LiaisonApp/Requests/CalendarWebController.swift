import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import NIOFoundationCompat
import Vapor

/// The business calendar admin pages: list, create, edit working hours, holidays and make-up workdays, import an
/// iCalendar file, and preview due times.
struct CalendarWebController {
    static let create = Endpoint(.POST, "admin/calendars", .capability(.slaManage))
    static let update = Endpoint(.POST, "admin/calendars/:id", .capability(.slaManage))
    static let addDay = Endpoint(.POST, "admin/calendars/:id/days", .capability(.slaManage))
    static let removeDay = Endpoint(.POST, "admin/calendars/:id/days/remove", .capability(.slaManage))
    static let importICS = Endpoint(.POST, "admin/calendars/:id/import", .capability(.slaManage))
    static let addSchedule = Endpoint(.POST, "admin/calendars/:id/schedule", .capability(.slaManage))

    func register(_ routes: any RoutesBuilder) {
        routes.on(CalendarRoutes.list, use: list)
        routes.on(CalendarRoutes.show, use: show)
        routes.on(Self.create, use: create)
        routes.on(Self.update, use: update)
        routes.on(Self.addDay, use: addDay)
        routes.on(Self.removeDay, use: removeDay)
        routes.on(Self.importICS, body: .collect(maxSize: "2mb"), use: importFile)
        routes.on(Self.addSchedule, body: .collect(maxSize: "1mb"), use: addScheduleText)
    }

    struct CalendarForm: Content {
        var name: String?
        var timeZone: String?
        var week1: String?
        var week2: String?
        var week3: String?
        var week4: String?
        var week5: String?
        var week6: String?
        var week7: String?
        var makeupBlocks: String?
        var holidayPreset: String?
        var isDefault: String?
        var version: String?

        var weekTexts: [String?] { [week1, week2, week3, week4, week5, week6, week7] }

        /// The same request the API takes: blocks separated by commas (either width), 、 or spaces.
        var apiRequest: CalendarRequest {
            var week: [String: [String]] = [:]
            for (index, text) in weekTexts.enumerated() { week[String(index + 1)] = Self.blocks(text) }
            return CalendarRequest(
                name: name, timeZone: timeZone, week: week, makeupBlocks: makeupBlocks.map(Self.blocks),
                holidayPreset: holidayPreset, isDefault: isDefault != nil, days: nil)
        }

        static func blocks(_ text: String?) -> [String] {
            (text ?? "").split { ",，、; \n\r\t".contains($0) }.map(String.init)
        }
    }

    static func tabs(_ request: Request, current: String) -> [QueuePage.Tab] {
        [
            QueuePage.Tab(label: request.t("sla.policies"), link: CalendarRoutes.policies.link(), current: current == "policies"),
            QueuePage.Tab(label: request.t("calendars.title"), link: CalendarRoutes.list.link(), current: current == "calendars"),
        ]
    }

    func list(_ request: Request) async throws -> Response {
        try await renderList(request, form: CalendarForm(timeZone: BusinessCalendar.defaultTimeZone.identifier, week1: "09:00-12:00, 13:30-18:00",
            week2: "09:00-12:00, 13:30-18:00", week3: "09:00-12:00, 13:30-18:00", week4: "09:00-12:00, 13:30-18:00",
            week5: "09:00-12:00, 13:30-18:00", holidayPreset: "CN"), errors: [:], status: .ok)
    }

    private func renderList(_ request: Request, form: CalendarForm, errors: [String: String], status: HTTPStatus) async throws -> Response {
        let rows = try await CalendarStore.all(on: request.db).map {
            CalendarListPage.Row(
                name: $0.name, link: CalendarRoutes.show.link($0.id), timeZone: $0.timeZone, preset: $0.preset ?? "—",
                holidays: $0.days.filter { !$0.isWorkday }.count, makeupDays: $0.days.filter(\.isWorkday).count, isDefault: $0.isDefault)
        }
        let page = CalendarListPage(
            rows: rows, tabs: Self.tabs(request, current: "calendars"),
            form: formPage(request, form: form, action: Self.create.link(), version: 0, errors: errors, withPresets: true))
        let response = try await request.page("calendars/list", title: request.t("calendars.title"), page)
        response.status = status
        return response
    }

    private func formPage(
        _ request: Request, form: CalendarForm, action: String, version: Int, errors: [String: String], withPresets: Bool
    ) -> CalendarFormPage {
        CalendarFormPage(
            action: action, version: version, name: form.name ?? "", timeZone: form.timeZone ?? "",
            weekdays: form.weekTexts.enumerated().map {
                .init(day: $0.offset + 1, label: request.t("weekday.\($0.offset + 1)"), value: $0.element ?? "", error: errors["week.\($0.offset + 1)"])
            },
            makeupBlocks: form.makeupBlocks ?? "", isDefault: form.isDefault != nil,
            presets: withPresets
                ? [Choice(value: "", label: "—", selected: form.holidayPreset?.nilIfBlank == nil),
                   Choice(value: "CN", label: request.t("calendars.presetCN"), selected: form.holidayPreset == "CN")]
                : [],
            showPresets: withPresets, errors: errors)
    }

    func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(CalendarForm.self)
        do {
            let draft = try form.apiRequest.draft()
            let actor = request.auditActor
            let now = request.now
            let calendar = try await request.write { tx in try await CalendarStore.create(draft, by: actor, at: now, on: tx) }
            return request.redirect(to: CalendarRoutes.show.link(calendar.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await renderList(request, form: form, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        }
    }

    struct PreviewQuery: Content {
        var start: String?
        var minutes: String?
        var year: Int?
    }

    func show(_ request: Request) async throws -> Response {
        let calendar = try await find(request)
        return try await render(request, calendar, form: Self.form(from: calendar), errors: [:], dayErrors: [:], status: .ok)
    }

    static func form(from calendar: CalendarRecord) -> CalendarForm {
        let text: (Int) -> String = { day in (calendar.week[day] ?? []).map(\.description).joined(separator: ", ") }
        return CalendarForm(
            name: calendar.name, timeZone: calendar.timeZone, week1: text(1), week2: text(2), week3: text(3), week4: text(4),
            week5: text(5), week6: text(6), week7: text(7), makeupBlocks: calendar.makeupBlocks.map(\.description).joined(separator: ", "),
            isDefault: calendar.isDefault ? "on" : nil, version: String(calendar.version))
    }

    private func render(
        _ request: Request, _ calendar: CalendarRecord, form: CalendarForm, errors: [String: String], dayErrors: [String: String],
        schedule: CalendarShowPage.Schedule? = nil, status: HTTPStatus
    ) async throws -> Response {
        let query = try request.query.decode(PreviewQuery.self)
        let zone = TimeZone(identifier: calendar.timeZone) ?? BusinessCalendar.defaultTimeZone
        var preview = CalendarShowPage.Preview(start: query.start ?? "", minutes: query.minutes ?? "")
        if query.start != nil || query.minutes != nil {
            let outcome = Result { () throws(ValidationFailure) in
                try CalendarDueInput.validated(start: query.start, minutes: query.minutes, localIn: zone).due(on: calendar.business)
            }
            switch outcome {
            case .success(let due):
                preview.due = LocalDateTime.format(due, in: zone) + " (\(calendar.timeZone))"
                preview.dueISO = RFC3339.format(due)
            case .failure(let failure):
                preview.error = failure.issues.map { request.catalog.message(for: $0, request.locale) }.joined(separator: " ")
            }
        }
        let missing = calendar.missingHolidayYears(at: request.now)
        // Days are shown a year at a time: the one asked for, else this year when it has any, else the latest.
        let years = Array(Set(calendar.days.map(\.date.year))).sorted()
        let thisYear = Calendar(identifier: .gregorian).dateComponents(in: zone, from: request.now).year ?? 0
        let shownYear = query.year.flatMap { years.contains($0) ? $0 : nil } ?? (years.contains(thisYear) ? thisYear : years.last ?? thisYear)
        let link = CalendarRoutes.show.link(calendar.id)
        let page = CalendarShowPage(
            name: calendar.name, tabs: Self.tabs(request, current: "calendars"),
            form: formPage(request, form: form, action: Self.update.link(calendar.id), version: calendar.version, errors: errors, withPresets: false),
            days: calendar.days.filter { $0.date.year == shownYear }.sorted { $0.date < $1.date }.map {
                CalendarShowPage.Day(
                    date: $0.date.description, weekday: request.t("weekday.\($0.date.weekday)"),
                    kind: request.t($0.isWorkday ? "calendars.makeupWorkday" : "calendars.holiday"), isWorkday: $0.isWorkday, name: $0.name)
            },
            hasDays: calendar.days.contains { $0.date.year == shownYear },
            years: years.count > 1 ? years.map { .init(label: String($0), link: link + "?year=\($0)#days", current: $0 == shownYear) } : [],
            showYears: years.count > 1,
            addDayAction: Self.addDay.link(calendar.id), removeDayAction: Self.removeDay.link(calendar.id),
            importAction: Self.importICS.link(calendar.id), dayErrors: dayErrors, preview: preview,
            previewAction: CalendarRoutes.show.link(calendar.id),
            schedule: schedule
                ?? .init(
                    action: Self.addSchedule.link(calendar.id) + "#schedule", text: "", errors: [], hasErrors: false, rows: [], hasPreview: false,
                    summary: ""),
            missingYears: missing.isEmpty
                ? nil : request.t("calendars.missingYears", missing.map(String.init).joined(separator: ", ")))
        let response = try await request.page("calendars/show", title: calendar.name, page)
        response.status = status
        return response
    }

    func update(_ request: Request) async throws -> Response {
        let current = try await find(request)
        let form = try request.content.decode(CalendarForm.self)
        do {
            let draft = try form.apiRequest.draft(over: current)
            _ = try await save(request, current, draft: draft, expected: form.version.flatMap { Int($0) })
            return request.redirect(to: CalendarRoutes.show.link(current.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await render(request, current, form: form, errors: request.fieldErrors(failure), dayErrors: [:], status: .unprocessableEntity)
        } catch DataError.staleVersion {
            let fresh = try await find(request)
            return try await render(request, fresh, form: Self.form(from: fresh), errors: ["form": request.t("error.staleForm")], dayErrors: [:], status: .conflict)
        } catch DataError.conflict(let reason) {
            return try await render(request, current, form: form, errors: ["form": request.t("conflict.\(reason)")], dayErrors: [:], status: .conflict)
        }
    }

    struct DayForm: Content {
        var date: String?
        var kind: String?
        var name: String?
    }

    /// Adds or replaces one holiday or make-up workday.
    func addDay(_ request: Request) async throws -> Response {
        let current = try await find(request)
        let form = try request.content.decode(DayForm.self)
        var v = FieldValidator()
        let date = form.date.flatMap { LocalDate($0.trimmedSpaces()) }
        if form.date?.nilIfBlank == nil { v.add("date", "required") } else if date == nil { v.add("date", "invalidDate") }
        let kind = form.kind ?? ""
        if !["holiday", "workday"].contains(kind) { v.add("kind", "invalidChoice", ["holiday, workday"]) }
        let name = v.cleanText("name", form.name ?? "", max: 100)
        do {
            try v.check()
            guard let date else { throw ValidationFailure([ValidationIssue("date", "invalidDate")]) }
            let days = current.days.filter { $0.date != date } + [.init(date: date, isWorkday: kind == "workday", name: name)]
            try await saveDays(request, current, days: days)
            return request.redirect(to: CalendarRoutes.show.link(current.id) + "#days", flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await render(
                request, current, form: Self.form(from: current), errors: [:], dayErrors: request.fieldErrors(failure), status: .unprocessableEntity)
        }
    }

    func removeDay(_ request: Request) async throws -> Response {
        let current = try await find(request)
        let form = try request.content.decode(DayForm.self)
        guard let date = form.date.flatMap(LocalDate.init), current.days.contains(where: { $0.date == date }) else { throw AppError.notFound }
        try await saveDays(request, current, days: current.days.filter { $0.date != date })
        return request.redirect(to: CalendarRoutes.show.link(current.id) + "#days", flash: "flash.saved")
    }

    func importFile(_ request: Request) async throws -> Response {
        let current = try await find(request)
        do {
            let data: Data
            if request.headers.contentType?.type == "multipart" {
                data = Data(buffer: try AttachmentUpload.multipartFile(request).file.data)
            } else {
                data = request.body.data.map { Data(buffer: $0) } ?? Data()
            }
            let days = try CalendarImport.days(data)
            return try await addDays(days, source: "ics", to: current, flash: "flash.imported", request: request)
        } catch let failure as ValidationFailure {
            return try await render(
                request, current, form: Self.form(from: current), errors: [:], dayErrors: request.fieldErrors(failure), status: .unprocessableEntity)
        }
    }

    /// Adds days (from an .ics file or pasted text) in one audited change, then shows the calendar at the latest
    /// year added, most likely the one just published.
    private func addDays(
        _ days: [CalendarRecord.Day], source: String, to current: CalendarRecord, flash: String, request: Request
    ) async throws -> Response {
        let actor = request.auditActor
        let now = request.now
        let id = current.id
        _ = try await request.write { tx in
            try await CalendarStore.addDays(id, days, source: source, expectedVersion: nil, by: actor, at: now, on: tx)
        }
        let year = days.map(\.date.year).max().map { "?year=\($0)" } ?? ""
        return request.redirect(to: CalendarRoutes.show.link(current.id) + year + "#days", flash: flash)
    }

    struct ScheduleForm: Content {
        var text: String?
        var step: String?
    }

    /// A year's holidays pasted as text (`HolidayScheduleText`): "preview" lists what would be added or changed,
    /// "save" adds it in one audited change. Problems are listed line by line and nothing is saved.
    func addScheduleText(_ request: Request) async throws -> Response {
        let current = try await find(request)
        let form = try request.content.decode(ScheduleForm.self)
        let text = form.text ?? ""
        var schedule = CalendarShowPage.Schedule(
            action: Self.addSchedule.link(current.id) + "#schedule", text: text, errors: [], hasErrors: false, rows: [], hasPreview: false,
            summary: "")
        let days: [CalendarRecord.Day]
        switch Result(catching: { () throws(ValidationFailure) in try CalendarAddDays.fromText(text) }) {
        case .success(let parsed):
            days = parsed
        case .failure(let failure):
            schedule.errors = failure.issues.map { request.catalog.message(for: $0, request.locale) }
            schedule.hasErrors = true
            return try await render(
                request, current, form: Self.form(from: current), errors: [:], dayErrors: [:], schedule: schedule,
                status: .unprocessableEntity)
        }
        if form.step == "save" {
            return try await addDays(days, source: "text", to: current, flash: "flash.saved", request: request)
        }
        let changes = CalendarDayChanges.of(days, over: current.days)
        let added = Set(changes.added.map(\.date))
        let changed = Set(changes.changed.map(\.after.date))
        schedule.rows = days.map { day in
            let change = added.contains(day.date) ? "new" : changed.contains(day.date) ? "changed" : "same"
            return .init(
                date: day.date.description, weekday: request.t("weekday.\(day.date.weekday)"),
                kind: request.t(day.isWorkday ? "calendars.makeupWorkday" : "calendars.holiday"), isWorkday: day.isWorkday,
                name: day.name, change: change, status: request.t("calendars.change.\(change)"))
        }
        schedule.hasPreview = true
        schedule.summary = request.t(
            "calendars.scheduleSummary", String(added.count), String(changed.count), String(days.count - added.count - changed.count))
        return try await render(
            request, current, form: Self.form(from: current), errors: [:], dayErrors: [:], schedule: schedule, status: .ok)
    }

    private func saveDays(_ request: Request, _ current: CalendarRecord, days: [CalendarRecord.Day]) async throws {
        var draft = try CalendarRequest(name: nil, timeZone: nil, week: nil, makeupBlocks: nil, holidayPreset: nil, isDefault: nil, days: nil)
            .draft(over: current)
        draft.days = days.sorted { $0.date < $1.date }
        _ = try await save(request, current, draft: draft, expected: current.version)
    }

    private func save(_ request: Request, _ current: CalendarRecord, draft: CalendarDraft, expected: Int?) async throws -> CalendarRecord {
        let actor = request.auditActor
        let now = request.now
        return try await request.write { tx in
            try await CalendarStore.update(current.id, with: draft, expectedVersion: expected, by: actor, at: now, on: tx)
        }
    }

    private func find(_ request: Request) async throws -> CalendarRecord {
        guard let calendar = try await CalendarStore.find(request.recordID(), on: request.db) else { throw AppError.notFound }
        return calendar
    }
}

/// Reading holidays and make-up workdays from an iCalendar file, as days to add to a calendar.
enum CalendarImport {
    static func days(_ data: Data) throws(ValidationFailure) -> [CalendarRecord.Day] {
        guard !data.isEmpty else { throw ValidationFailure([ValidationIssue("file", "emptyFile")]) }
        let text = TextDecoding.decode(data)?.text ?? ""
        let entries: [ICalendarHolidays.Entry]
        do { entries = try ICalendarHolidays.parse(text) } catch {
            throw ValidationFailure([ValidationIssue("file", "badICS", [String(error.line), error.reason])])
        }
        // A date listed by several events takes the last one, as the file reads.
        let byDate = Dictionary(entries.map { ($0.date, $0) }, uniquingKeysWith: { $1 })
        return byDate.values.sorted { $0.date < $1.date }.map {
            CalendarRecord.Day(date: $0.date, isWorkday: $0.isWorkday, name: $0.summary)
        }
    }
}

/// "2026-09-30T17:00" (as an HTML datetime-local input sends it) read and written in a calendar's own time zone.
enum LocalDateTime {
    static func parse(_ text: String, in zone: TimeZone) -> Date? {
        try? DateText.localMoment(text, in: zone)
    }

    static func format(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        guard let year = c.year, let month = c.month, let day = c.day, let hour = c.hour, let minute = c.minute else {
            return RFC3339.format(date)
        }
        return String(format: "%04d-%02d-%02d %02d:%02d", year, month, day, hour, minute)
    }
}
