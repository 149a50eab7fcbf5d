import FluentKit
import Foundation
import LiaisonCore

/// What adding days to a calendar did: days that were new, and days whose kind or name changed.
public struct CalendarDayChanges: Sendable, Equatable {
    public struct Changed: Sendable, Equatable {
        public var before: CalendarRecord.Day
        public var after: CalendarRecord.Day
    }

    public var added: [CalendarRecord.Day] = []
    public var changed: [Changed] = []

    public var isEmpty: Bool { added.isEmpty && changed.isEmpty }

    /// How `days` would change `existing`: a listed date replaces the kind and name it had; equal entries are left
    /// alone. A date listed twice counts once, its last listing winning.
    public static func of(_ days: [CalendarRecord.Day], over existing: [CalendarRecord.Day]) -> CalendarDayChanges {
        let current = Dictionary(existing.map { ($0.date, $0) }, uniquingKeysWith: { first, _ in first })
        let wanted = Dictionary(days.map { ($0.date, $0) }, uniquingKeysWith: { _, last in last })
        var changes = CalendarDayChanges()
        for date in wanted.keys.sorted() {
            guard let day = wanted[date] else { continue }
            if let before = current[date] {
                if before != day { changes.changed.append(Changed(before: before, after: day)) }
            } else {
                changes.added.append(day)
            }
        }
        return changes
    }
}

/// A calendar whose SLA clocks are about to run past its holiday data, with the years it lacks.
public struct CalendarPastItsData: Sendable, Equatable {
    public var id: UUID
    public var name: String
    public var years: [Int]
}

extension CalendarRecord {
    /// Whether the calendar observes public holidays: it has a holiday preset or at least one day listed.
    public var keepsHolidays: Bool {
        preset != nil || !days.isEmpty
    }

    /// The years (oldest first) for which the calendar lacks holiday data at `now` (`HolidayCoverage`).
    public func missingHolidayYears(at now: Date) -> [Int] {
        HolidayCoverage.missingYears(business, at: now, keepsHolidays: keepsHolidays)
    }
}

extension CalendarStore {
    /// Adds holidays and make-up workdays to a calendar, replacing the kind and name of dates it already lists,
    /// in one audited change (`source` says where the days came from: "text", "list", "ics"). The merge is worked
    /// out inside the transaction against the stored days, so nothing another change added meanwhile is lost.
    /// Nothing is written when every day is already there as given.
    public static func addDays(
        _ id: UUID, _ days: [CalendarRecord.Day], source: String, expectedVersion: Int?, by actor: AuditActor,
        at now: Date, on tx: any Database
    ) async throws -> (CalendarRecord, CalendarDayChanges) {
        guard let model = try await CalendarModel.find(id, on: tx) else { throw DataError.notFound }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        let stored = try await CalendarDayModel.query(on: tx).filter(\.$calendarID == id).all()
        let existing = stored.compactMap { row in
            LocalDate(row.date).map { CalendarRecord.Day(date: $0, isWorkday: row.kind == "workday", name: row.name) }
        }
        let clipped = days.map {
            CalendarRecord.Day(date: $0.date, isWorkday: $0.isWorkday, name: String($0.name.prefix(100)))
        }
        let changes = CalendarDayChanges.of(clipped, over: existing)
        if changes.isEmpty {
            guard let record = try await find(id, on: tx) else { throw DataError.notFound }
            return (record, changes)
        }
        let rows = Dictionary(stored.map { ($0.date, $0) }, uniquingKeysWith: { first, _ in first })
        for change in changes.changed {
            guard let row = rows[change.after.date.description] else { continue }
            row.kind = change.after.isWorkday ? "workday" : "holiday"
            row.name = change.after.name
            try await row.update(on: tx)
        }
        for day in changes.added {
            let row = CalendarDayModel()
            row.id = UUID()
            row.calendarID = id
            row.date = day.date.description
            row.kind = day.isWorkday ? "workday" : "holiday"
            row.name = day.name
            try await row.create(on: tx)
        }
        model.version += 1
        model.updatedAt = now
        try await model.update(on: tx)
        var audit = AuditChanges()
        audit.note("source", source)
        if !changes.added.isEmpty { audit.note("added", changes.added.map(describe).joined(separator: "; ")) }
        if !changes.changed.isEmpty {
            audit.note(
                "changed",
                changes.changed.map { "\(describe($0.before)) → \(describe($0.after))" }.joined(separator: "; "))
        }
        try await AuditLog.append(
            .calendarUpdated, recordType: .calendar, recordID: id.uuidString, changes: audit, by: actor, at: now,
            on: tx)
        guard let updated = try await find(id, on: tx) else { throw DataError.notFound }
        return (updated, changes)
    }

    /// "2027-02-14 workday 春节调休".
    private static func describe(_ day: CalendarRecord.Day) -> String {
        "\(day.date) \(day.isWorkday ? "workday" : "holiday")" + (day.name.isEmpty ? "" : " \(day.name)")
    }

    /// The calendars SLA clocks run on (those of SLA policies, and the default calendar, which the default policy
    /// takes) that are past their holiday data at `now`, by name.
    public static func pastTheirData(at now: Date, on db: any Database) async throws -> [CalendarPastItsData] {
        let used = Set(try await SLAPolicyModel.query(on: db).field(\.$calendarID).all().map(\.calendarID))
        let models = try await CalendarModel.query(on: db).group(.or) { group in
            group.filter(\.$isDefault == true)
            if !used.isEmpty { group.filter(\.$id ~~ Array(used)) }
        }.sort(\.$name).all()
        return try await withDays(models, on: db).compactMap { calendar in
            let years = calendar.missingHolidayYears(at: now)
            return years.isEmpty ? nil : CalendarPastItsData(id: calendar.id, name: calendar.name, years: years)
        }
    }
}
