import Foundation
import LiaisonCore
import LiaisonData
import Vapor

struct CalendarDTO: Content {
    struct Day: Content {
        var date: String
        var kind: String
        var name: String
    }

    var id: UUID
    var name: String
    var timeZone: String
    /// ISO weekday ("1" = Monday … "7" = Sunday) → working blocks such as "09:00-12:00".
    var week: [String: [String]]
    var makeupBlocks: [String]
    var preset: String?
    var isDefault: Bool
    var days: [Day]
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ c: CalendarRecord) {
        id = c.id
        name = c.name
        timeZone = c.timeZone
        week = Dictionary(uniqueKeysWithValues: (1...7).map { (String($0), (c.week[$0] ?? []).map(\.description)) })
        makeupBlocks = c.makeupBlocks.map(\.description)
        preset = c.preset
        isDefault = c.isDefault
        days = c.days.map { Day(date: $0.date.description, kind: $0.isWorkday ? "workday" : "holiday", name: $0.name) }
        version = c.version
        createdAt = c.createdAt
        updatedAt = c.updatedAt
    }
}

/// A calendar as sent by a client. With `holidayPreset` ("CN"), the official holidays and make-up workdays are
/// added to `days`.
struct CalendarRequest: Content {
    var name: String?
    var timeZone: String?
    var week: [String: [String]]?
    var makeupBlocks: [String]?
    var holidayPreset: String?
    var isDefault: Bool?
    var days: [CalendarDTO.Day]?

    /// Checks everything and builds a draft; `current` fills what a partial update leaves out.
    func draft(over current: CalendarRecord? = nil) throws(ValidationFailure) -> CalendarDraft {
        var v = FieldValidator()
        let name: String
        if let current, self.name == nil {
            name = current.name
        } else {
            name = v.requiredText("name", self.name, max: 100)
        }
        let zone = timeZone?.nilIfBlank ?? current?.timeZone ?? BusinessCalendar.defaultTimeZone.identifier
        if !TimeZoneName.isKnown(zone) { v.add("timeZone", "unknownTimeZone") }
        var parsedWeek: [Int: [WorkingBlock]] = current?.week ?? BusinessCalendar.standardChina().week
        if let week {
            parsedWeek = [:]
            for (key, blocks) in week {
                guard let day = Int(key), (1...7).contains(day) else {
                    v.add("week", "outOfRange", ["1", "7"])
                    continue
                }
                var parsed: [WorkingBlock] = []
                for text in blocks {
                    if let block = WorkingBlock(text) { parsed.append(block) } else { v.add("week.\(key)", "invalidBlock", [text]) }
                }
                parsedWeek[day] = parsed.sorted { $0.start < $1.start }
            }
        }
        var makeup: [WorkingBlock]? = current?.makeupBlocks
        if let makeupBlocks {
            makeup = []
            for text in makeupBlocks {
                if let block = WorkingBlock(text) { makeup?.append(block) } else { v.add("makeupBlocks", "invalidBlock", [text]) }
            }
        }
        var preset: String? = current?.preset
        var days: [CalendarRecord.Day]? = nil
        if let list = self.days {
            days = []
            for (index, day) in list.enumerated() {
                guard let date = LocalDate(day.date) else {
                    v.add("days[\(index)].date", "invalidDate")
                    continue
                }
                guard ["holiday", "workday"].contains(day.kind) else {
                    v.add("days[\(index)].kind", "invalidChoice", ["holiday, workday"])
                    continue
                }
                let name = v.cleanText("days[\(index)].name", day.name, max: 100)
                days?.append(.init(date: date, isWorkday: day.kind == "workday", name: name))
            }
        }
        if let code = holidayPreset?.nilIfBlank {
            if let found = HolidayPresets.preset(code) {
                preset = found.code
                var merged = days ?? current?.days ?? []
                let taken = Set(merged.map(\.date))
                merged += found.holidays.filter { !taken.contains($0.date) }.map {
                    CalendarRecord.Day(date: $0.date, isWorkday: false, name: $0.nameZh)
                }
                merged += found.makeupWorkdays.filter { !taken.contains($0) }.map {
                    CalendarRecord.Day(date: $0, isWorkday: true, name: "调休上班")
                }
                days = merged
            } else {
                v.add("holidayPreset", "invalidChoice", ["CN"])
            }
        }
        let draft = CalendarDraft(
            name: name, timeZone: zone, week: parsedWeek, makeupBlocks: makeup, preset: preset,
            isDefault: isDefault ?? current?.isDefault ?? false, days: days)
        let probe = BusinessCalendar(
            timeZone: TimeZone(identifier: zone) ?? .gmt, week: parsedWeek,
            makeupWorkdays: Set((days ?? current?.days ?? []).filter(\.isWorkday).map(\.date)), makeupBlocks: makeup)
        for issue in probe.issues() { v.add(issue.field, issue.code, issue.values) }
        try v.check()
        return draft
    }
}

/// Days to add to a calendar (`POST /api/v1/calendars/{id}/days`): a list, or the schedule as text
/// (`HolidayScheduleText`, one day or period a line); exactly one of the two.
struct CalendarAddDays: Content {
    struct Day: Content {
        var date: String?
        var kind: String?
        var name: String?
    }

    var days: [Day]?
    var text: String?

    /// The days and where they came from ("list" or "text").
    func parsed() throws(ValidationFailure) -> ([CalendarRecord.Day], String) {
        switch (days, text) {
        case (let days?, nil): return (try Self.fromList(days), "list")
        case (nil, let text?): return (try Self.fromText(text), "text")
        case (nil, nil): throw ValidationFailure([ValidationIssue("days", "required")])
        case (_?, _?): throw ValidationFailure([ValidationIssue("text", "daysOrText")])
        }
    }

    static func fromText(_ text: String) throws(ValidationFailure) -> [CalendarRecord.Day] {
        try HolidayScheduleText.parse(text, field: "text").map {
            CalendarRecord.Day(date: $0.date, isWorkday: $0.isWorkday, name: $0.summary)
        }
    }

    static func fromList(_ list: [Day]) throws(ValidationFailure) -> [CalendarRecord.Day] {
        var v = FieldValidator()
        if list.isEmpty { v.add("days", "required") }
        if list.count > HolidayScheduleText.maximumDays { v.add("days", "tooMany", [String(HolidayScheduleText.maximumDays)]) }
        var days: [CalendarRecord.Day] = []
        var seen = Set<LocalDate>()
        for (index, day) in list.prefix(HolidayScheduleText.maximumDays).enumerated() {
            let field = "days[\(index)]"
            let date = day.date.flatMap { LocalDate($0) }
            if day.date?.nilIfBlank == nil {
                v.add("\(field).date", "required")
            } else if date == nil {
                v.add("\(field).date", "invalidDate")
            }
            let kind = day.kind ?? "holiday"
            if !["holiday", "workday"].contains(kind) { v.add("\(field).kind", "invalidChoice", ["holiday, workday"]) }
            let name = v.optionalText("\(field).name", day.name, max: HolidayScheduleText.maximumNameLength) ?? ""
            guard let date else { continue }
            if !seen.insert(date).inserted { v.add("\(field).date", "duplicateDate", [date.description]) }
            days.append(CalendarRecord.Day(date: date, isWorkday: kind == "workday", name: name))
        }
        try v.check()
        return days
    }
}

struct DueDTO: Content {
    var start: Date
    var minutes: Int
    var due: Date
}

struct SLAPolicyDTO: Content {
    struct Rule: Content {
        var kinds: [String]
        var priorities: [String]
        var tiers: [String]
        var targets: SLATargets
    }

    var id: UUID
    var name: String
    var calendarId: UUID
    var rules: [Rule]
    var fallback: SLATargets
    var isDefault: Bool
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ p: SLAPolicyRecord) {
        id = p.id
        name = p.name
        calendarId = p.calendarID
        rules = p.policy.rules.map {
            Rule(
                kinds: $0.kinds.map(\.rawValue).sorted(), priorities: $0.priorities.map(\.rawValue).sorted(),
                tiers: $0.tiers.map(\.rawValue).sorted(), targets: $0.targets)
        }
        fallback = p.policy.fallback
        isDefault = p.isDefault
        version = p.version
        createdAt = p.createdAt
        updatedAt = p.updatedAt
    }
}

extension SLATargets: Content {}

struct SLAPolicyRequest: Content {
    var name: String?
    var calendarId: String?
    var rules: [SLAPolicyDTO.Rule]?
    var fallback: SLATargets?
    var isDefault: Bool?

    func parsed(over current: SLAPolicyRecord? = nil) throws(ValidationFailure) -> (String, UUID, SLAPolicy, Bool) {
        var v = FieldValidator()
        let name: String
        if let current, self.name == nil {
            name = current.name
        } else {
            name = v.requiredText("name", self.name, max: 100)
        }
        var calendar = current?.calendarID
        if let raw = calendarId { calendar = v.reference("calendarId", raw) }
        if calendar == nil, calendarId?.nilIfBlank == nil { v.add("calendarId", "required") }
        var rules: [SLARule] = current?.policy.rules ?? []
        if let given = self.rules {
            rules = []
            for (index, rule) in given.enumerated() {
                var parsed = SLARule(targets: rule.targets)
                for kind in rule.kinds {
                    if let value = RequestKind(rawValue: kind) { parsed.kinds.insert(value) } else { v.add("rules[\(index)].kinds", "invalidChoice", [RequestKind.allCases.map(\.rawValue).joined(separator: ", ")]) }
                }
                for priority in rule.priorities {
                    if let value = Priority(rawValue: priority) { parsed.priorities.insert(value) } else { v.add("rules[\(index)].priorities", "invalidChoice", [Priority.allCases.map(\.rawValue).joined(separator: ", ")]) }
                }
                for tier in rule.tiers {
                    if let value = CustomerTier(rawValue: tier) { parsed.tiers.insert(value) } else { v.add("rules[\(index)].tiers", "invalidChoice", [CustomerTier.allCases.map(\.rawValue).joined(separator: ", ")]) }
                }
                check(rule.targets, field: "rules[\(index)].targets", into: &v)
                rules.append(parsed)
            }
        }
        let fallback = self.fallback ?? current?.policy.fallback ?? SLAPolicy.standard.fallback
        check(fallback, field: "fallback", into: &v)
        try v.check()
        guard let calendar else { throw ValidationFailure([ValidationIssue("calendarId", "required")]) }
        return (name, calendar, SLAPolicy(rules: rules, fallback: fallback), isDefault ?? current?.isDefault ?? false)
    }

    private func check(_ targets: SLATargets, field: String, into v: inout FieldValidator) {
        for (name, value) in [("firstResponse", targets.firstResponse), ("nextResponse", targets.nextResponse), ("resolution", targets.resolution)]
        where !(1...525_600).contains(value) {
            v.add("\(field).\(name)", "outOfRange", ["1", "525600"])
        }
    }
}
