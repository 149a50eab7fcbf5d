import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// A person's notification centre: their notifications (mentions, assignments, customers' replies, SLA warnings
/// and breaches, failed deliveries…), marking them read, and where each kind reaches them.
struct NotificationsController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(NotificationRoutes.apiList, use: list)
        routes.on(NotificationRoutes.apiCount, use: count)
        routes.on(NotificationRoutes.apiRead, use: markRead)
        routes.on(NotificationRoutes.apiPreferences, use: preferences)
        routes.on(NotificationRoutes.apiPreferencesUpdate, use: updatePreferences)
        routes.on(NotificationRoutes.page, use: page)
        routes.on(NotificationRoutes.read, use: markReadFromPage)
        routes.on(NotificationRoutes.preferences, use: preferencesPage)
        routes.on(NotificationRoutes.preferencesSubmit, use: submitPreferences)
    }

    // MARK: - The list

    struct ListQuery: Content {
        var unread: String?
        var kind: String?
        var limit: String?
        var cursor: String?

        func parse() throws(ValidationFailure) -> (NotificationFilter, limit: Int) {
            var v = FieldValidator()
            var filter = NotificationFilter()
            switch unread?.nilIfBlank {
            case nil, "false": break
            case "true": filter.unreadOnly = true
            default: v.add("unread", "invalidBoolean")
            }
            filter.kind = v.optionalChoice("kind", kind?.nilIfBlank, as: NotificationKind.self)
            var page = PageQuery()
            do { page = try PageQuery.parse(limit: limit, cursor: cursor) } catch {
                for issue in error.issues { v.add(issue.field, issue.code, issue.values) }
            }
            if let after = page.after {
                // The cursor is the last shown one's time and id.
                if let millis = Int64(after.key), let id = UUID(uuidString: after.id) {
                    filter.before = (Date(timeIntervalSince1970: Double(millis) / 1000), id)
                } else {
                    v.add("cursor", "invalidCursor")
                }
            }
            try v.check()
            return (filter, page.limit)
        }
    }

    /// One page and the cursor that continues it.
    static func load(_ filter: NotificationFilter, limit: Int, request: Request) async throws
        -> (items: [AppNotification], next: String?)
    {
        var items = try await NotificationStore.page(for: request.viewer, filter, limit: limit + 1, on: request.db)
        var next: String?
        if items.count > limit {
            items.removeLast()
            if let last = items.last {
                let millis = Int64((last.createdAt.timeIntervalSince1970 * 1000).rounded(.down))
                next = Cursor(key: String(millis), id: last.id.uuidString).encoded
            }
        }
        return (items, next)
    }

    func list(_ request: Request) async throws -> Response {
        let (filter, limit) = try request.query.decode(ListQuery.self).parse()
        let (items, next) = try await Self.load(filter, limit: limit, request: request)
        return try ListDTO(items: items.map { dto($0, request) }, nextCursor: next).apiResponse(for: request)
    }

    struct CountDTO: Content {
        var unread: Int
    }

    func count(_ request: Request) async throws -> Response {
        let unread = try await NotificationStore.unreadCount(for: request.viewer, cap: 1000, on: request.db)
        return try CountDTO(unread: unread).apiResponse(for: request)
    }

    struct ReadBody: Content {
        var id: String?
        var all: Bool?
    }

    /// Marks one notification (`{"id": …}`) or all of them (`{"all": true}`) as read. Anything else is refused:
    /// a mistaken body must not quietly mark everything read.
    func markRead(_ request: Request) async throws -> Response {
        let body = try request.content.decode(ReadBody.self)
        var v = FieldValidator()
        let id = v.reference("id", body.id)
        let all = body.all ?? false
        if v.issues.isEmpty, (id == nil) == !all { v.add("id", "idOrAll") }
        try v.check()
        let person = try request.person.id
        let now = request.now
        if let id {
            let found = try await request.write { tx in try await NotificationStore.markRead(id, for: person, at: now, on: tx) }
            guard found else { throw AppError.notFound }
        } else {
            try await request.write { tx in try await NotificationStore.markAllRead(for: person, at: now, on: tx) }
        }
        return Response(status: .noContent)
    }

    struct PageReadForm: Content {
        var id: String?
        var all: Bool?
        /// The page to go back to (the notification centre or home); only a path of this site.
        var back: String?
    }

    func markReadFromPage(_ request: Request) async throws -> Response {
        let form = try? request.content.decode(PageReadForm.self)
        do {
            _ = try await markRead(request)
        } catch AppError.notFound {
            // Already gone (read elsewhere and tidied away): nothing left to mark.
        }
        let back = form?.back.flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") && !$0.contains("\\") ? $0 : nil }
        return request.redirect(to: back ?? HomeRoutes.home.link())
    }

    func dto(_ n: AppNotification, _ request: Request) -> NotificationDTO {
        NotificationDTO(
            id: n.id, kind: n.kind, text: Self.text(n, locale: request.locale, catalog: request.catalog),
            link: NotificationLinks.link(to: n.subject),
            createdAt: n.createdAt, readAt: n.readAt)
    }

    /// The notification's sentence in `locale` (an SLA metric's name translated too).
    static func text(_ n: AppNotification, locale: AppLocale, catalog: Catalog) -> String {
        var values = n.values
        if n.textKey.hasPrefix("notify.sla"), values.count == 3 {
            values[2] = catalog.text("slaMetric.\(values[2])", locale, [])
        }
        return catalog.text(n.textKey, locale, values)
    }

    // MARK: - The page

    func page(_ request: Request) async throws -> Response {
        let query = try request.query.decode(ListQuery.self)
        let (filter, limit): (NotificationFilter, Int)
        do { (filter, limit) = try query.parse() } catch { (filter, limit) = (NotificationFilter(), 50) }
        let (items, next) = try await Self.load(filter, limit: limit, request: request)
        let unread = try await NotificationStore.unreadCount(for: request.viewer, on: request.db)
        var base: [String] = []
        if filter.unreadOnly { base.append("unread=true") }
        if let kind = filter.kind { base.append("kind=" + kind.rawValue) }
        let here = NotificationRoutes.page.link() + (base.isEmpty ? "" : "?" + base.joined(separator: "&"))
        let body = NotificationsPage(
            items: items.map { n in
                NotificationsPage.Item(
                    id: n.id.uuidString, text: Self.text(n, locale: request.locale, catalog: request.catalog),
                    link: NotificationLinks.link(to: n.subject), at: request.format(n.createdAt),
                    kind: NotificationKind(rawValue: n.kind).map { request.t("notificationKind.\($0.rawValue)") } ?? "",
                    unread: n.readAt == nil, urgent: n.kind == NotificationKind.slaBreach.rawValue)
            },
            unreadOnly: filter.unreadOnly,
            kinds: NotificationKind.allCases.map {
                Choice(value: $0.rawValue, label: request.t("notificationKind.\($0.rawValue)"), selected: $0 == filter.kind)
            },
            hasItems: !items.isEmpty, hasUnread: unread > 0,
            summary: unread > 0 ? request.t("notifications.unreadCount", unread > 99 ? "99+" : String(unread))
                : request.t("notifications.allRead"),
            filterAction: NotificationRoutes.page.link(), readAction: NotificationRoutes.read.link(),
            back: here, preferencesLink: NotificationRoutes.preferences.link(),
            nextLink: next.map { here + (base.isEmpty ? "?" : "&") + "cursor=" + $0 })
        return try await request.page("notifications/index", title: request.t("notifications.title"), body)
    }

    // MARK: - Preferences

    struct PreferenceDTO: Content {
        var kind: String
        var inApp: Bool
        var email: Bool
        var chat: Bool
    }

    struct QuietHoursDTO: Content {
        var start: String
        var end: String
    }

    struct PreferencesDTO: Content {
        var preferences: [PreferenceDTO]
        var quietHours: QuietHoursDTO?
        /// The time zone the quiet hours are read in (the person's own; changed on the account page).
        var timeZone: String
    }

    struct PreferencesBody: Content {
        var preferences: [PreferenceInput]?
        var quietHours: QuietHoursInput?

        struct PreferenceInput: Content {
            var kind: String?
            var inApp: Bool?
            var email: Bool?
            var chat: Bool?
        }

        struct QuietHoursInput: Content {
            var start: String?
            var end: String?
        }
    }

    static func dto(_ settings: NotificationSettings) -> PreferencesDTO {
        PreferencesDTO(
            preferences: NotificationKind.allCases.map { kind in
                let p = settings.preference(kind)
                return PreferenceDTO(kind: kind.rawValue, inApp: p.inApp, email: p.email, chat: p.chat)
            },
            quietHours: settings.quietHours.map {
                QuietHoursDTO(start: QuietHours.clock($0.start), end: QuietHours.clock($0.end))
            },
            timeZone: settings.timeZone)
    }

    func preferences(_ request: Request) async throws -> Response {
        guard let settings = try await NotificationPreferences.settings(of: request.person.id, on: request.db) else {
            throw AppError.notFound
        }
        return try Self.dto(settings).apiResponse(for: request)
    }

    /// Replaces the caller's settings: each kind listed is set (a kind left out goes back to "in Liaison only"),
    /// and the quiet hours are the ones given (none when left out or null).
    func updatePreferences(_ request: Request) async throws -> Response {
        let body = try request.content.decode(PreferencesBody.self)
        var v = FieldValidator()
        var wanted: [NotificationKind: NotificationPreference] = [:]
        for kind in NotificationKind.allCases { wanted[kind] = NotificationKind.defaultPreference }
        var seen: Set<NotificationKind> = []
        for (index, item) in (body.preferences ?? []).enumerated() {
            let field = "preferences[\(index)]"
            guard let raw = item.kind?.nilIfBlank else {
                v.add(field + ".kind", "required")
                continue
            }
            guard let kind = v.optionalChoice(field + ".kind", raw, as: NotificationKind.self) else { continue }
            if !seen.insert(kind).inserted {
                v.add(field + ".kind", "duplicateValue", [raw])
                continue
            }
            wanted[kind] = NotificationPreference(
                inApp: item.inApp ?? true, email: item.email ?? false, chat: item.chat ?? false)
        }
        let quiet = Self.quietHours(start: body.quietHours?.start, end: body.quietHours?.end, field: "quietHours", &v)
        try v.check()
        let context = request.writeContext
        let person = try request.person.id
        let chosen = wanted
        try await request.write { tx in
            try await NotificationPreferences.save(chosen, quietHours: quiet, for: person, in: context, on: tx)
        }
        guard let settings = try await NotificationPreferences.settings(of: person, on: request.db) else {
            throw AppError.notFound
        }
        return try Self.dto(settings).apiResponse(for: request)
    }

    /// Quiet hours from two clock times: none when both are empty; each must be a 24-hour time, and they must differ.
    static func quietHours(start: String?, end: String?, field: String, _ v: inout FieldValidator) -> QuietHours? {
        let start = start?.nilIfBlank
        let end = end?.nilIfBlank
        if start == nil, end == nil { return nil }
        var minutes: [Int?] = []
        for (name, value) in [("start", start), ("end", end)] {
            guard let value else {
                v.add("\(field).\(name)", "required")
                minutes.append(nil)
                continue
            }
            let parsed = QuietHours.minutes(value)
            if parsed == nil { v.add("\(field).\(name)", "invalidClockTime") }
            minutes.append(parsed)
        }
        guard let from = minutes[0], let to = minutes[1] else { return nil }
        guard let quiet = QuietHours(start: from, end: to) else {
            v.add("\(field).end", "quietHoursEmpty")
            return nil
        }
        return quiet
    }

    func preferencesPage(_ request: Request) async throws -> Response {
        guard let settings = try await NotificationPreferences.settings(of: request.person.id, on: request.db) else {
            throw AppError.notFound
        }
        return try await renderPreferences(request, settings: settings, errors: [:])
    }

    private func renderPreferences(
        _ request: Request, settings: NotificationSettings, errors: [String: String], status: HTTPStatus = .ok
    ) async throws -> Response {
        let person = try request.person
        var hasRobot = false
        if let department = person.departmentID {
            hasRobot = try await HookQueries.hasActiveRobot(department: department, on: request.db)
        }
        let body = NotificationPreferencesPage(
            rows: NotificationKind.allCases.map { kind in
                let p = settings.preference(kind)
                return .init(
                    kind: kind.rawValue, label: request.t("notificationKind.\(kind.rawValue)"), inApp: p.inApp,
                    email: p.email, chat: p.chat)
            },
            quietStart: settings.quietHours.map { QuietHours.clock($0.start) } ?? "",
            quietEnd: settings.quietHours.map { QuietHours.clock($0.end) } ?? "",
            timeZone: settings.timeZone, email: person.email, chatAvailable: hasRobot,
            action: NotificationRoutes.preferencesSubmit.link(), listLink: NotificationRoutes.page.link(),
            accountLink: AccountRoutes.overview.link(), errors: errors)
        let response = try await request.page(
            "notifications/preferences", title: request.t("notifications.preferences"), body)
        response.status = status
        return response
    }

    /// The form: a checkbox per kind and channel (`inApp_mention`, `email_assigned`…), and the quiet hours.
    func submitPreferences(_ request: Request) async throws -> Response {
        let form = (try? request.content.decode([String: String].self)) ?? [:]
        var v = FieldValidator()
        var wanted: [NotificationKind: NotificationPreference] = [:]
        for kind in NotificationKind.allCases {
            func on(_ channel: String) -> Bool { form["\(channel)_\(kind.rawValue)"] != nil }
            wanted[kind] = NotificationPreference(inApp: on("inApp"), email: on("email"), chat: on("chat"))
        }
        let quiet = Self.quietHours(start: form["quietStart"], end: form["quietEnd"], field: "quiet", &v)
        let person = try request.person.id
        guard v.issues.isEmpty else {
            guard var settings = try await NotificationPreferences.settings(of: person, on: request.db) else {
                throw AppError.notFound
            }
            settings.preferences = wanted
            var errors: [String: String] = [:]
            for issue in v.issues {
                let key = issue.field == "quiet.end" ? "quietEnd" : "quietStart"
                errors[key] = errors[key] ?? request.catalog.text("validation.\(issue.code)", request.locale, issue.values)
            }
            return try await renderPreferences(request, settings: settings, errors: errors, status: .unprocessableEntity)
        }
        let context = request.writeContext
        let chosen = wanted
        try await request.write { tx in
            try await NotificationPreferences.save(chosen, quietHours: quiet, for: person, in: context, on: tx)
        }
        return request.redirect(to: NotificationRoutes.preferences.link(), flash: "flash.notificationPreferencesSaved")
    }
}

struct NotificationsPage: Encodable {
    struct Item: Encodable {
        var id: String
        var text: String
        var link: String
        var at: String
        var kind: String
        var unread: Bool
        var urgent: Bool
    }

    var items: [Item]
    var unreadOnly: Bool
    var kinds: [Choice]
    var hasItems: Bool
    var hasUnread: Bool
    /// "3 unread" or "All read".
    var summary: String
    var filterAction: String
    var readAction: String
    /// This page with its filter, where marking read comes back to.
    var back: String
    var preferencesLink: String
    var nextLink: String?
}

struct NotificationPreferencesPage: Encodable {
    struct Row: Encodable {
        var kind: String
        var label: String
        var inApp: Bool
        var email: Bool
        var chat: Bool
    }

    var rows: [Row]
    var quietStart: String
    var quietEnd: String
    var timeZone: String
    var email: String
    /// Whether the person's department has a chat robot switched on (else chat reaches no one).
    var chatAvailable: Bool
    var action: String
    var listLink: String
    var accountLink: String
    var errors: [String: String]
}
