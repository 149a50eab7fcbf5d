import Foundation
import Testing

@testable import LiaisonCore

/// Time expressions resolved on the standard office week with the shipped Mainland China schedule (09:00–12:00,
/// 13:30–18:00). Mid-Autumn 2026 is Fri Sep 25–Sun Sep 27, National Day Thu Oct 1–Wed Oct 7 with Sat Oct 10 worked.
@Suite struct CommitmentTimeTests {
    let calendar = CalendarFixtures.china

    func due(_ text: String, at now: String) -> [String] {
        CommitmentTime.find(in: text, calendar: calendar, now: CalendarFixtures.local(now)).map { label($0.dueAt) }
    }

    func label(_ date: Date) -> String {
        CommitmentResolver(calendar: calendar, now: date).label(date)
    }

    func issues(_ text: String, at now: String) -> [String] {
        CommitmentTime.scan(Array(text.unicodeScalars), calendar: calendar, now: CalendarFixtures.local(now)).issues
            .map(\.code.rawValue)
    }

    // Wed 2026-09-23 10:00, two days before Mid-Autumn.
    let wednesday = "2026-09-23 10:00"

    @Test func tomorrowAfternoonAtThreeIsFifteenHundredTomorrow() {
        #expect(due("我们会在明天下午三点前给您回复。", at: wednesday) == ["2026-09-24 15:00"])
        #expect(due("We will send it by 3pm tomorrow.", at: wednesday) == ["2026-09-24 15:00"])
        #expect(due("tomorrow at 15:00", at: wednesday) == ["2026-09-24 15:00"])
    }

    @Test func endOfTodayIsTheEndOfTheLastWorkingBlock() {
        #expect(due("今天下班前发给您", at: wednesday) == ["2026-09-23 18:00"])
        #expect(due("by EOD", at: wednesday) == ["2026-09-23 18:00"])
        #expect(due("tomorrow EOD", at: wednesday) == ["2026-09-24 18:00"])
    }

    @Test func fridayOnAHolidayMovesToTheNextWorkingDayWithAWarning() {
        #expect(due("本周五前完成", at: wednesday) == ["2026-09-28 18:00"])
        #expect(due("by Friday", at: wednesday) == ["2026-09-28 18:00"])
        #expect(issues("本周五前完成", at: wednesday) == ["date.holiday"])
    }

    @Test func nextMondayMorningIsNoonOfNextWeeksMonday() {
        #expect(due("下周一上午给您答复", at: wednesday) == ["2026-09-28 12:00"])
        #expect(due("next Monday morning", at: wednesday) == ["2026-09-28 12:00"])
    }

    @Test func monthEndIsTheLastWorkingDayOfTheMonth() {
        #expect(due("月底前上线", at: wednesday) == ["2026-09-30 18:00"])
        #expect(due("by end of month", at: wednesday) == ["2026-09-30 18:00"])
        // October 31 2026 is a Saturday: Friday the 30th.
        #expect(due("月底前上线", at: "2026-10-12 10:00") == ["2026-10-30 18:00"])
    }

    @Test func businessDaysSkipTheHolidayAndCountFromTomorrow() {
        // Thu 24 (1), Mon 28 (2), Tue 29 (3).
        #expect(due("3个工作日内", at: wednesday) == ["2026-09-29 18:00"])
        #expect(due("三个工作日内", at: wednesday) == ["2026-09-29 18:00"])
        #expect(due("within 2 business days", at: wednesday) == ["2026-09-28 18:00"])
    }

    @Test func calendarDaysLandingOnAHolidayMove() {
        #expect(due("两天内", at: wednesday) == ["2026-09-28 18:00"])
        #expect(issues("两天内", at: wednesday) == ["date.holiday"])
        #expect(due("within 24 hours", at: wednesday) == ["2026-09-24 10:00"])
    }

    @Test func afterTheHolidayIsTheFirstWorkingDayAfterTheNextHolidayRun() {
        #expect(due("节后第一个工作日", at: wednesday) == ["2026-09-28 18:00"])
        #expect(due("国庆后第一个工作日", at: wednesday) == ["2026-10-08 18:00"])
        #expect(due("first working day after National Day", at: wednesday) == ["2026-10-08 18:00"])
        #expect(due("春节后", at: "2026-02-10 10:00") == ["2026-02-24 18:00"])
        #expect(due("节前", at: "2026-09-28 10:00") == ["2026-09-30 18:00"])
    }

    @Test func makeupWorkdaysCountAsWorkingDays() {
        // Fri Oct 9: Saturday Oct 10 is worked.
        #expect(due("明天下班前", at: "2026-10-09 10:00") == ["2026-10-10 18:00"])
        #expect(due("1个工作日内", at: "2026-10-09 10:00") == ["2026-10-10 18:00"])
        #expect(issues("明天下班前", at: "2026-10-09 10:00").isEmpty)
        // 元旦 2026 (Jan 1–3) ends on a worked Sunday, Jan 4.
        #expect(due("元旦后第一个工作日", at: "2025-12-30 10:00") == ["2026-01-04 18:00"])
    }

    @Test func explicitDatesAndTimes() {
        #expect(due("12月18日前", at: wednesday) == ["2026-12-18 18:00"])
        #expect(due("2026年12月18日下午3点", at: wednesday) == ["2026-12-18 15:00"])
        #expect(due("Dec 18", at: wednesday) == ["2026-12-18 18:00"])
        #expect(due("18 December", at: wednesday) == ["2026-12-18 18:00"])
        #expect(due("12/18", at: wednesday) == ["2026-12-18 18:00"])
        #expect(due("2026-12-18 15:00", at: wednesday) == ["2026-12-18 15:00"])
        #expect(due("下午3点半", at: wednesday) == ["2026-09-23 15:30"])
        #expect(due("3:30 pm", at: wednesday) == ["2026-09-23 15:30"])
        #expect(due("十二月十八日", at: wednesday) == ["2026-12-18 18:00"])
        // Sunday Dec 20 → Monday.
        #expect(due("12月20日前", at: wednesday) == ["2026-12-21 18:00"])
    }

    @Test func aDateThatDoesNotExistIsReportedNotResolved() {
        #expect(due("2月30日前", at: wednesday).isEmpty)
        #expect(issues("2月30日前", at: wednesday) == ["date.invalid"])
        #expect(issues("by Feb 30", at: wednesday) == ["date.invalid"])
        #expect(issues("25:00", at: wednesday) == ["date.invalid"])
    }

    @Test func aDeadlineAlreadyPastIsReported() {
        #expect(issues("今天上午9点前", at: wednesday) == ["date.past"])
        #expect(issues("by 9am today", at: wednesday) == ["date.past"])
    }

    @Test func pastReferencesAreNotCommitments() {
        #expect(due("昨天您提到的问题", at: wednesday).isEmpty)
        #expect(due("上周五的会议纪要", at: wednesday).isEmpty)
        #expect(due("您9月15日提交的工单", at: wednesday).isEmpty)
        #expect(due("as discussed last Monday", at: wednesday).isEmpty)
        #expect(due("以下三点建议", at: wednesday).isEmpty)
        #expect(due("下午好，上午好", at: wednesday).isEmpty)
        #expect(due("Good morning, good afternoon", at: wednesday).isEmpty)
    }

    @Test func moreWaysOfSayingTheSameDay() {
        // Mon Dec 7 2026, an ordinary week.
        let monday = "2026-12-07 10:00"
        #expect(due("周末前", at: monday) == ["2026-12-11 18:00"])
        #expect(due("before the weekend", at: monday) == ["2026-12-11 18:00"])
        #expect(due("by Tuesday next week", at: monday) == ["2026-12-15 18:00"])
        #expect(due("by the 15th", at: monday) == ["2026-12-15 18:00"])
        #expect(due("tomorrow afternoon at 2", at: monday) == ["2026-12-08 14:00"])
        #expect(due("first thing in the morning", at: monday) == ["2026-12-08 09:00"])
        #expect(due("first thing Monday", at: "2026-12-07 15:00") == ["2026-12-14 09:00"])
        #expect(due("下星期二下午两点", at: monday) == ["2026-12-15 14:00"])
        #expect(due("48小时之内", at: monday) == ["2026-12-09 10:00"])
        #expect(due("EOD Friday", at: monday) == ["2026-12-11 18:00"])
        #expect(due("10 a.m. on Wednesday", at: monday) == ["2026-12-09 10:00"])
        // A bare time already past means the next working day's.
        #expect(due("at 9am", at: monday) == ["2026-12-08 09:00"])
    }

    @Test func holidayWordsInChineseAndEnglish() {
        #expect(due("国庆节后", at: wednesday) == ["2026-10-08 18:00"])
        #expect(due("十一之后", at: wednesday) == ["2026-10-08 18:00"])
        #expect(due("假期结束后", at: wednesday) == ["2026-09-28 18:00"])
        #expect(due("放假前", at: wednesday) == ["2026-09-24 18:00"])
        #expect(due("after Golden Week", at: wednesday) == ["2026-10-08 18:00"])
        #expect(due("before the Mid-Autumn Festival", at: wednesday) == ["2026-09-24 18:00"])
        // 一年后 is a year from now, not "after the new year".
        #expect(due("一年后", at: wednesday).isEmpty)
        // A period is not a promise.
        #expect(due("9月25日至27日放假", at: wednesday).isEmpty)
        #expect(due("maintenance from 2:00-4:00 am on Saturday", at: wednesday).isEmpty)
    }

    @Test func spansCoverTheWholeExpressionWithItsDeadlineWord() {
        let found = CommitmentTime.find(in: "好的，明天下午三点前回复", calendar: calendar, now: CalendarFixtures.local(wednesday))
        #expect(found.map(\.text) == ["明天下午三点前"])
        #expect(found.first?.start == 3)
        #expect(found.first?.end == 10)
    }
}
