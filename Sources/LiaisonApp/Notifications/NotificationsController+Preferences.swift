import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// Where each kind of notification reaches a person, and their quiet hours: the API and the settings page.
extension NotificationsController {
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
