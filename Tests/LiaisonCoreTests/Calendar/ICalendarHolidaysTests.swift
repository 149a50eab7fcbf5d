import Foundation
import Testing

@testable import LiaisonCore

@Suite struct ICalendarHolidaysTests {
    /// An export as calendar apps write it: CRLF, a time-zone block, a folded description and a folded title.
    static let nationalDay = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Example Corp//Holidays 2026//ZH",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:中国法定节假日 2026",
        "BEGIN:VTIMEZONE",
        "TZID:Asia/Shanghai",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0800",
        "TZOFFSETTO:+0800",
        "TZNAME:CST",
        "END:STANDARD",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        "UID:20261001-guoqing@example.cn",
        "DTSTAMP:20251104T080000Z",
        "DTSTART;VALUE=DATE:20261001",
        "DTEND;VALUE=DATE:20261008",
        "SUMMARY:国庆节",
        "DESCRIPTION:10月1日至7日放假调休\\，共7天。9月20日（周日）、10月10日（周六）上",
        " 班。",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER:-PT15H",
        "DESCRIPTION:明天放假",
        "END:VALARM",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:20260920-buban@example.cn",
        "DTSTART;VALUE=DATE:20260920",
        "SUMMARY:国庆节补班",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:20261010-buban@example.cn",
        "DTSTART;VALUE=DATE:20261010",
        "DTEND;VALUE=DATE:20261011",
        "SUMMARY:国庆节 补",
        "\t班",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ].joined(separator: "\r\n")

    func wrap(_ lines: [String]) -> String {
        (["BEGIN:VCALENDAR", "VERSION:2.0"] + lines + ["END:VCALENDAR"]).joined(separator: "\n")
    }

    func event(_ lines: [String]) -> String {
        wrap(["BEGIN:VEVENT"] + lines + ["END:VEVENT"])
    }

    @Test func aHolidayRangeExpandsToOneEntryPerDayAndMakeupDaysAreWorkdays() throws {
        let entries = try ICalendarHolidays.parse(Self.nationalDay)
        #expect(entries.count == 9)
        #expect(entries.filter(\.isWorkday).map(\.date.description) == ["2026-09-20", "2026-10-10"])
        let daysOff = entries.filter { !$0.isWorkday }
        // DTEND is exclusive: Oct 1 to Oct 7.
        #expect(daysOff.map(\.date.description) == (1...7).map { "2026-10-0\($0)" })
        #expect(daysOff.allSatisfy { $0.summary == "国庆节" })
    }

    @Test func entriesAreSortedByDate() throws {
        let entries = try ICalendarHolidays.parse(Self.nationalDay)
        #expect(entries.map(\.date) == entries.map(\.date).sorted())
        #expect(entries.first?.date == CalendarFixtures.day("2026-09-20"))
    }

    @Test func foldedLinesAreJoinedWithoutTheirLeadingWhitespace() throws {
        let entries = try ICalendarHolidays.parse(Self.nationalDay)
        #expect(entries.last?.summary == "国庆节 补班")
        #expect(entries.last?.isWorkday == true)
    }

    @Test func lineFeedsAloneReadTheSameAsCRLF() throws {
        let lf = Self.nationalDay.replacingOccurrences(of: "\r\n", with: "\n")
        #expect(try ICalendarHolidays.parse(lf) == ICalendarHolidays.parse(Self.nationalDay))
    }

    @Test func escapedTextIsUnescaped() throws {
        let text = event([
            "DTSTART;VALUE=DATE:20260925", #"SUMMARY:Mid-Autumn Festival\, family day\; 团圆\nreunion \\ moon"#,
        ])
        let entries = try ICalendarHolidays.parse(text)
        // A day's name is a single line: the escaped line break reads as a space.
        #expect(entries.map(\.summary) == ["Mid-Autumn Festival, family day; 团圆 reunion \\ moon"])
    }

    @Test func aStartWithATimeZoneOrATimeTakesItsDate() throws {
        let zoned = event([
            "DTSTART;TZID=Asia/Shanghai:20260925T000000", "DTEND;TZID=Asia/Shanghai:20260928T000000",
            "SUMMARY:中秋节",
        ])
        #expect(
            try ICalendarHolidays.parse(zoned).map(\.date.description) == ["2026-09-25", "2026-09-26", "2026-09-27"])
        let utc = event(["DTSTART:20261010T010000Z", "SUMMARY:Make-up workday"])
        #expect(
            try ICalendarHolidays.parse(utc) == [
                .init(date: CalendarFixtures.day("2026-10-10"), summary: "Make-up workday", isWorkday: true)
            ])
    }

    @Test func aTimedEventCoversTheDayItEndsOn() throws {
        let text = event(["DTSTART:20261010T090000", "DTEND:20261010T180000", "SUMMARY:上班"])
        #expect(try ICalendarHolidays.parse(text).map(\.date.description) == ["2026-10-10"])
    }

    @Test func aDurationGivesTheNumberOfDays() throws {
        let text = event(["DTSTART;VALUE=DATE:20260619", "DURATION:P3D", "SUMMARY:端午节"])
        #expect(try ICalendarHolidays.parse(text).count == 3)
    }

    @Test func workdayTitlesAreRecognisedInChineseAndEnglish() {
        for title in ["补班", "春节上班", "调休上班日", "Workday", "MAKE-UP WORK DAY", "Working day (National Day)"] {
            #expect(ICalendarHolidays.isWorkday(title), "\(title)")
        }
        for title in ["春节", "Labour Day", "National Day", "休"] {
            #expect(!ICalendarHolidays.isWorkday(title), "\(title)")
        }
    }

    @Test func cancelledEventsAreSkipped() throws {
        let text = event(["DTSTART;VALUE=DATE:20261001", "STATUS:CANCELLED", "SUMMARY:国庆节"])
        #expect(try ICalendarHolidays.parse(text).isEmpty)
    }

    @Test func importedDaysDriveTheCalendarLikeThePreset() throws {
        let calendar = BusinessCalendar.standardChina().applying(try ICalendarHolidays.parse(Self.nationalDay))
        // Fri Sep 18 17:00–18:00 = 60; Sun Sep 20 worked: 450; Mon Sep 21 09:00 + 90.
        let due = calendar.addingBusinessMinutes(600, to: CalendarFixtures.local("2026-09-18 17:00"))
        #expect(due == CalendarFixtures.local("2026-09-21 10:30"))
        // Wed Sep 30 17:00–18:00 = 60; Oct 1–7 off; Oct 8 09:00 + 180.
        let later = calendar.addingBusinessMinutes(240, to: CalendarFixtures.local("2026-09-30 17:00"))
        #expect(later == CalendarFixtures.local("2026-10-08 12:00"))
    }

    // MARK: Malformed input

    @Test func textThatIsNotACalendarIsRefusedOnItsFirstLine() {
        #expect(throws: ICalendarError(line: 1, reason: "not an iCalendar file: BEGIN:VCALENDAR expected")) {
            try ICalendarHolidays.parse("Name,Date\n国庆节,2026-10-01\n")
        }
        #expect(throws: ICalendarError.self) { try ICalendarHolidays.parse("") }
        #expect(throws: ICalendarError.self) { try ICalendarHolidays.parse("BEGIN:VEVENT\nEND:VEVENT\n") }
    }

    @Test func anImpossibleDateIsReportedWithItsLine() throws {
        let text = event(["SUMMARY:坏日期", "DTSTART;VALUE=DATE:20261301"])
        let error = try #require(throws: ICalendarError.self) { try ICalendarHolidays.parse(text) }
        #expect(error.line == 5)
        #expect(error.reason.contains("DTSTART"))
    }

    @Test func unbalancedComponentsAreRefused() {
        let unterminated = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261001\n"
        #expect(throws: ICalendarError(line: 3, reason: "missing END:VEVENT")) {
            try ICalendarHolidays.parse(unterminated)
        }
        let crossed = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261001\nEND:VCALENDAR\n"
        #expect(throws: ICalendarError.self) { try ICalendarHolidays.parse(crossed) }
        let nested = event(["BEGIN:VEVENT", "DTSTART;VALUE=DATE:20261001", "END:VEVENT"])
        #expect(throws: ICalendarError.self) { try ICalendarHolidays.parse(nested) }
    }

    @Test func anEventWithoutAStartOrALineWithoutAColonIsRefused() {
        #expect(throws: ICalendarError(line: 3, reason: "event without DTSTART")) {
            try ICalendarHolidays.parse(event(["SUMMARY:国庆节"]))
        }
        #expect(throws: ICalendarError.self) {
            try ICalendarHolidays.parse(event(["DTSTART;VALUE=DATE:20261001", "SUMMARY 国庆节"]))
        }
    }

    @Test func eventsLongerThanAYearAreRefused() {
        let text = event(["DTSTART;VALUE=DATE:20260101", "DTEND;VALUE=DATE:20270103", "SUMMARY:too long"])
        #expect(throws: ICalendarError.self) { try ICalendarHolidays.parse(text) }
        let leapYear = event(["DTSTART;VALUE=DATE:20280101", "DTEND;VALUE=DATE:20290101", "SUMMARY:366 days"])
        #expect((try? ICalendarHolidays.parse(leapYear))?.count == 366)
    }

    @Test func moreThanFiveThousandDaysAreRefused() {
        let events = (0..<14).flatMap { index in
            [
                "BEGIN:VEVENT", "DTSTART;VALUE=DATE:\(2030 + index * 2)0101",
                "DTEND;VALUE=DATE:\(2031 + index * 2)0101", "SUMMARY:long", "END:VEVENT",
            ]
        }
        #expect(throws: ICalendarError.self) { try ICalendarHolidays.parse(wrap(events)) }
        // Thirteen years from 2030 to 2055, six of them leap years.
        #expect((try? ICalendarHolidays.parse(wrap(Array(events.prefix(5 * 13)))))?.count == 365 * 13 + 6)
    }
}
