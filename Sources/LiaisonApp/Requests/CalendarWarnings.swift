import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// Warnings about business calendars past their holiday data (`HolidayCoverage`): on the home page of those who
/// manage calendars, and as a notification to every active administrator, once per calendar and year.
enum CalendarWarnings {
    struct Warning: Encodable, Equatable {
        var text: String
        var link: String
    }

    /// The home page's warnings for this person: one per calendar and missing year, linking to the calendar's page;
    /// none for people who cannot change calendars.
    static func forHome(_ request: Request, person: Person) async throws -> [Warning] {
        guard person.can(.slaManage) else { return [] }
        return try await CalendarStore.pastTheirData(at: request.now, on: request.db).flatMap { calendar in
            calendar.years.map { year in
                Warning(
                    text: request.t("home.calendarNeedsYear", calendar.name, String(year)),
                    link: CalendarRoutes.show.link(calendar.id))
            }
        }
    }

    /// The daily check: notifies every active administrator of each calendar and year past its data. The dedupe
    /// key makes a repeat (the next day, another node, a rerun of the job) a no-op, and an administrator added
    /// later is told at the next check.
    static let check = JobHandler(kind: "calendars.holidayCheck") { _, context in
        let notified = try await notify(context.application, at: context.now)
        if notified > 0 { context.logger.info("calendars past their holiday data: \(notified) notices") }
    }

    static let recurring = RecurringJob(kind: check.kind, interval: 86_400)

    /// Returns how many (calendar, year, administrator) notices were offered.
    @discardableResult
    static func notify(_ application: Application, at now: Date) async throws -> Int {
        let db = application.db
        let calendars = try await CalendarStore.pastTheirData(at: now, on: db)
        guard !calendars.isEmpty else { return 0 }
        let admins = try await activeAdmins(on: db)
        guard !admins.isEmpty else { return 0 }
        try await application.write { tx in
            for calendar in calendars {
                for year in calendar.years {
                    for admin in admins {
                        try await NotificationStore.add(
                            to: admin, kind: .calendarNeedsYear, textKey: "notify.calendarNeedsYear",
                            values: [calendar.name, String(year)], subject: .calendar(calendar.id), about: nil,
                            dedupeKey: "calendarNeedsYear.\(calendar.id.uuidString).\(year)", at: now, on: tx)
                    }
                }
            }
        }
        return calendars.reduce(0) { $0 + $1.years.count } * admins.count
    }

    private static func activeAdmins(on db: any Database) async throws -> [UUID] {
        var ids: [UUID] = []
        var after: Cursor?
        repeat {
            let page = try await PeopleQueries.list(
                PeopleFilter(role: .admin, active: true), page: PageQuery(limit: PageQuery.maximumLimit, after: after),
                on: db)
            ids += page.items.map(\.id)
            after = page.nextCursor.flatMap(Cursor.init(encoded:))
        } while after != nil
        return ids
    }
}
