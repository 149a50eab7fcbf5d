import Foundation
import Testing

@testable import LiaisonCore

/// A year's holidays pasted as text, as admins copy the State Council's notice.
@Suite struct HolidayScheduleTextTests {
    private func issues(_ text: String) -> [ValidationIssue] {
        do {
            _ = try HolidayScheduleText.parse(text)
            return []
        } catch {
            return error.issues
        }
    }

    @Test func daysPeriodsAndMakeupWorkdaysAreRead() throws {
        let text = """
            # 2027 (example)
            2027-01-01 元旦

            2027-02-06..2027-02-12 春节
            2027-02-14 班 春节调休
            """
        let entries = try HolidayScheduleText.parse(text)
        #expect(entries.count == 9)
        #expect(entries.first == .init(date: CalendarFixtures.day("2027-01-01"), summary: "元旦", isWorkday: false))
        let spring = entries.filter { $0.summary == "春节" }
        #expect(spring.map(\.date.description) == (6...12).map { "2027-02-\($0 < 10 ? "0" : "")\($0)" })
        #expect(spring.allSatisfy { !$0.isWorkday })
        #expect(entries.last == .init(date: CalendarFixtures.day("2027-02-14"), summary: "春节调休", isWorkday: true))
    }

    @Test func periodSeparatorsMarkersAndSpacingVary() throws {
        let text =
            "2027-05-01 ~ 2027-05-03\t劳动节\r\n2027-04-25　补班\r2027-10-01至2027-10-03 国庆节\n2027-12-31 Workday year end\n2027-06-01 .. 2027-06-02"
        let entries = try HolidayScheduleText.parse(text)
        #expect(entries.filter { $0.summary == "劳动节" }.count == 3)
        #expect(entries.contains(.init(date: CalendarFixtures.day("2027-04-25"), summary: "", isWorkday: true)))
        #expect(entries.filter { $0.summary == "国庆节" }.count == 3)
        #expect(entries.contains(.init(date: CalendarFixtures.day("2027-12-31"), summary: "year end", isWorkday: true)))
        #expect(entries.filter { $0.date.month == 6 }.count == 2)
        #expect(entries == entries.sorted { $0.date < $1.date })
    }

    @Test func aNameStartingWithTheMarkersCharacterIsNotAMarker() throws {
        let entries = try HolidayScheduleText.parse("2027-03-01 班组活动日")
        #expect(entries == [.init(date: CalendarFixtures.day("2027-03-01"), summary: "班组活动日", isWorkday: false)])
    }

    @Test func everyBadLineIsNamedByItsNumber() {
        let found = issues(
            """
            2027-01-01 元旦
            2027-1-2 错误
            2027-02-30 不存在
            2027-02-12..2027-02-06 春节
            2027-03-01..2027-05-01 太长
            2027-01-01 重复
            元旦 2027-01-01
            """)
        #expect(
            found.map(\.code) == [
                "scheduleBadDate", "scheduleBadDate", "scheduleBadPeriod", "schedulePeriodTooLong", "scheduleDuplicate",
                "scheduleBadDate",
            ])
        #expect(found.map { $0.values.first } == ["2", "3", "4", "5", "6", "7"])
        #expect(found[0].values == ["2", "2027-1-2"])
        #expect(found[2].values == ["4", "2027-02-12", "2027-02-06"])
        #expect(found[4].values == ["6", "2027-01-01", "1"])
        #expect(found.allSatisfy { $0.field == "text" })
    }

    @Test func emptyTextLongNamesAndControlCharactersAreRefused() {
        #expect(issues("").map(\.code) == ["scheduleEmpty"])
        #expect(issues("\n# only a comment\n  \n").map(\.code) == ["scheduleEmpty"])
        #expect(issues("2027-01-01 " + String(repeating: "元", count: 101)).map(\.code) == ["scheduleNameTooLong"])
        #expect(issues("2027-01-01 元\u{7}旦").map(\.code) == ["scheduleControlCharacter"])
        #expect(issues("2027-01-01..").map(\.code) == ["scheduleBadDate"])
    }

    @Test func tooManyDaysStopTheReading() {
        let lines = (0..<170).map { offset -> String in
            let start = LocalDate(year: 2027, month: 1, day: 1).adding(days: offset * 31)
            return "\(start)..\(start.adding(days: 30)) x"
        }
        #expect(issues(lines.joined(separator: "\n")).map(\.code) == ["tooMany"])
    }
}
