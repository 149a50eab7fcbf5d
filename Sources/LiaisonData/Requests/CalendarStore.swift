import FluentKit
import Foundation
import LiaisonCore

final class CalendarModel: Model, @unchecked Sendable {
    static let schema = "calendars"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "time_zone") var timeZone: String
    @Field(key: "week") var week: String
    @Field(key: "makeup_blocks") var makeupBlocks: String
    @OptionalField(key: "preset") var preset: String?
    @Field(key: "is_default") var isDefault: Bool
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

final class CalendarDayModel: Model, @unchecked Sendable {
    static let schema = "calendar_days"

    @ID(key: .id) var id: UUID?
    @Field(key: "calendar_id") var calendarID: UUID
    @Field(key: "date") var date: String
    @Field(key: "kind") var kind: String
    @Field(key: "name") var name: String

    init() {}
}

/// A named business calendar as stored: its week, special days and where its holidays came from.
public struct CalendarRecord: Sendable, Equatable {
    public struct Day: Sendable, Equatable {
        public var date: LocalDate
        public var isWorkday: Bool
        public var name: String

        public init(date: LocalDate, isWorkday: Bool, name: String) {
            self.date = date
            self.isWorkday = isWorkday
            self.name = name
        }
    }

    public var id: UUID
    public var name: String
    public var timeZone: String
    public var week: [Int: [WorkingBlock]]
    public var makeupBlocks: [WorkingBlock]
    public var preset: String?
    public var isDefault: Bool
    public var days: [Day]
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    /// The calendar to do arithmetic with.
    public var business: BusinessCalendar {
        BusinessCalendar(
            timeZone: TimeZone(identifier: timeZone) ?? BusinessCalendar.defaultTimeZone, week: week,
            holidays: Set(days.filter { !$0.isWorkday }.map(\.date)),
            makeupWorkdays: Set(days.filter(\.isWorkday).map(\.date)), makeupBlocks: makeupBlocks)
    }
}

/// What a person sends to create or change a calendar, after checking.
public struct CalendarDraft: Sendable, Equatable {
    public var name: String
    public var timeZone: String
    public var week: [Int: [WorkingBlock]]
    public var makeupBlocks: [WorkingBlock]?
    public var preset: String?
    public var isDefault: Bool
    /// Replaces all special days when not nil.
    public var days: [CalendarRecord.Day]?

    public init(
        name: String, timeZone: String, week: [Int: [WorkingBlock]], makeupBlocks: [WorkingBlock]?, preset: String?,
        isDefault: Bool, days: [CalendarRecord.Day]?
    ) {
        self.name = name
        self.timeZone = timeZone
        self.week = week
        self.makeupBlocks = makeupBlocks
        self.preset = preset
        self.isDefault = isDefault
        self.days = days
    }
}

public enum CalendarStore {
    public static func all(on db: any Database) async throws -> [CalendarRecord] {
        let models = try await CalendarModel.query(on: db).sort(\.$name).all()
        return try await withDays(models, on: db)
    }

    public static func find(_ id: UUID, on db: any Database) async throws -> CalendarRecord? {
        guard let model = try await CalendarModel.find(id, on: db) else { return nil }
        return try await withDays([model], on: db).first
    }

    /// The default calendar, when there is one (a read: nothing is created).
    public static func findDefault(on db: any Database) async throws -> CalendarRecord? {
        guard let model = try await CalendarModel.query(on: db).filter(\.$isDefault == true).first() else { return nil }
        return try await withDays([model], on: db).first
    }

    /// The default calendar, created (standard Chinese office week with the CN holidays) when there is none yet.
    public static func defaultCalendar(by actor: AuditActor, at now: Date, on tx: any Database) async throws
        -> CalendarRecord
    {
        if let model = try await CalendarModel.query(on: tx).filter(\.$isDefault == true).first() {
            return try await withDays([model], on: tx)[0]
        }
        let standard = BusinessCalendar.standardChina()
        let preset = HolidayPresets.china
        let days = preset.holidays.map { CalendarRecord.Day(date: $0.date, isWorkday: false, name: $0.nameZh) }
            + preset.makeupWorkdays.map { CalendarRecord.Day(date: $0, isWorkday: true, name: "调休上班") }
        return try await create(
            CalendarDraft(
                name: "中国大陆工作日历", timeZone: standard.timeZone.identifier, week: standard.week,
                makeupBlocks: standard.makeupBlocks, preset: preset.code, isDefault: true, days: days),
            by: actor, at: now, on: tx)
    }

    public static func create(_ draft: CalendarDraft, by actor: AuditActor, at now: Date, on tx: any Database)
        async throws -> CalendarRecord
    {
        if draft.isDefault { try await clearDefault(on: tx) }
        let id = UUID()
        let model = CalendarModel()
        model.id = id
        apply(draft, to: model)
        model.version = 1
        model.createdAt = now
        model.updatedAt = now
        try await model.create(on: tx)
        try await replaceDays(id, with: draft.days ?? [], on: tx)
        var changes = AuditChanges()
        changes.set("name", draft.name)
        changes.set("timeZone", draft.timeZone)
        changes.note("days", String(draft.days?.count ?? 0))
        try await AuditLog.append(
            .calendarCreated, recordType: .calendar, recordID: id.uuidString, changes: changes,
            by: actor, at: now, on: tx)
        guard let created = try await find(id, on: tx) else { throw DataError.notFound }
        return created
    }

    public static func update(
        _ id: UUID, with draft: CalendarDraft, expectedVersion: Int?, by actor: AuditActor, at now: Date,
        on tx: any Database
    ) async throws -> CalendarRecord {
        guard let model = try await CalendarModel.find(id, on: tx) else { throw DataError.notFound }
        if let expectedVersion, expectedVersion != model.version {
            throw DataError.staleVersion(current: model.version)
        }
        if model.isDefault, !draft.isDefault { throw DataError.conflict(reason: "keepOneDefaultCalendar") }
        if draft.isDefault, !model.isDefault { try await clearDefault(on: tx) }
        var changes = AuditChanges()
        changes.field("name", from: model.name, to: draft.name)
        changes.field("timeZone", from: model.timeZone, to: draft.timeZone)
        changes.field("week", from: model.week, to: JSONColumn.encode(stringWeek(draft.week)))
        if let days = draft.days { changes.note("days", String(days.count)) }
        apply(draft, to: model)
        model.version += 1
        model.updatedAt = now
        try await model.update(on: tx)
        if let days = draft.days { try await replaceDays(id, with: days, on: tx) }
        try await AuditLog.append(
            .calendarUpdated, recordType: .calendar, recordID: id.uuidString, changes: changes, by: actor,
            at: now, on: tx)
        guard let updated = try await find(id, on: tx) else { throw DataError.notFound }
        return updated
    }

    private static func apply(_ draft: CalendarDraft, to model: CalendarModel) {
        model.name = draft.name
        model.timeZone = draft.timeZone
        model.week = JSONColumn.encode(stringWeek(draft.week))
        let makeup = draft.makeupBlocks ?? draft.week[1] ?? draft.week.sorted { $0.key < $1.key }.first?.value ?? []
        model.makeupBlocks = JSONColumn.encode(makeup.map(\.description))
        model.preset = draft.preset
        model.isDefault = draft.isDefault
    }

    private static func stringWeek(_ week: [Int: [WorkingBlock]]) -> [String: [String]] {
        Dictionary(uniqueKeysWithValues: week.map { (String($0.key), $0.value.map(\.description)) })
    }

    private static func clearDefault(on tx: any Database) async throws {
        try await CalendarModel.query(on: tx).filter(\.$isDefault == true).set(\.$isDefault, to: false).update()
    }

    private static func replaceDays(_ id: UUID, with days: [CalendarRecord.Day], on tx: any Database) async throws {
        try await CalendarDayModel.query(on: tx).filter(\.$calendarID == id).delete()
        var seen = Set<LocalDate>()
        for day in days where seen.insert(day.date).inserted {
            let model = CalendarDayModel()
            model.id = UUID()
            model.calendarID = id
            model.date = day.date.description
            model.kind = day.isWorkday ? "workday" : "holiday"
            model.name = String(day.name.prefix(100))
            try await model.create(on: tx)
        }
    }

    static func withDays(_ models: [CalendarModel], on db: any Database) async throws -> [CalendarRecord] {
        let ids = models.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let days = try await CalendarDayModel.query(on: db).filter(\.$calendarID ~~ ids).sort(\.$date).all()
        let byCalendar = Dictionary(grouping: days, by: \.calendarID)
        return try models.map { model in
            let week = try JSONColumn.decode(
                [String: [String]].self, model.week, column: "calendars.week", row: model.id)
            return CalendarRecord(
                id: model.id!, name: model.name, timeZone: model.timeZone,
                week: Dictionary(uniqueKeysWithValues: week.compactMap { key, blocks in
                    Int(key).map { ($0, blocks.compactMap(WorkingBlock.init)) }
                }),
                makeupBlocks: try JSONColumn.decode(
                    [String].self, model.makeupBlocks, column: "calendars.makeup_blocks", row: model.id
                ).compactMap(WorkingBlock.init),
                preset: model.preset, isDefault: model.isDefault,
                days: (byCalendar[model.id!] ?? []).compactMap { day in
                    LocalDate(day.date).map { CalendarRecord.Day(date: $0, isWorkday: day.kind == "workday", name: day.name) }
                },
                version: model.version, createdAt: model.createdAt, updatedAt: model.updatedAt)
        }
    }
}
