import Foundation
import Testing

@testable import LiaisonCore

@Suite struct HolidayPresetsTests {
    let china = HolidayPresets.china

    func holidays(in year: Int) -> [HolidayPresets.Holiday] {
        china.holidays.filter { $0.date.year == year }
    }

    func holiday(_ text: String) -> HolidayPresets.Holiday? {
        china.holidays.first { $0.date == CalendarFixtures.day(text) }
    }

    @Test func chinaIsCodeCNAndCovers2025And2026() {
        #expect(china.code == "CN")
        #expect(china.years == 2025...2026)
        #expect(china.holidays.allSatisfy { china.years.contains($0.date.year) })
        #expect(china.makeupWorkdays.allSatisfy { china.years.contains($0.year) })
    }

    @Test func presetsAreFoundByCodeInAnyCase() {
        #expect(HolidayPresets.preset("CN") == china)
        #expect(HolidayPresets.preset("cn") == china)
        #expect(HolidayPresets.preset("US") == nil)
        #expect(HolidayPresets.preset("") == nil)
        #expect(HolidayPresets.all.map(\.code) == ["CN"])
    }

    @Test func everyDayOfEachHolidayPeriodIsListedWeekendsIncluded() {
        // 2025: 1 + 8 + 3 + 5 + 3 + 8 = 28; 2026: 3 + 9 + 3 + 5 + 3 + 3 + 7 = 33.
        #expect(holidays(in: 2025).count == 28)
        #expect(holidays(in: 2026).count == 33)
        #expect(Set(china.holidays.map(\.date)).count == china.holidays.count)
    }

    @Test func holidayPeriodsHaveTheOfficialLengths() {
        let periods2026 = Dictionary(grouping: holidays(in: 2026), by: \.nameZh).mapValues(\.count)
        #expect(periods2026 == ["元旦": 3, "春节": 9, "清明节": 3, "劳动节": 5, "端午节": 3, "中秋节": 3, "国庆节": 7])
        let periods2025 = Dictionary(grouping: holidays(in: 2025), by: \.nameZh).mapValues(\.count)
        #expect(periods2025 == ["元旦": 1, "春节": 8, "清明节": 3, "劳动节": 5, "端午节": 3, "国庆节、中秋节": 8])
    }

    @Test func makeupWorkdaysAreTheOfficialWeekendDays() {
        #expect(
            china.makeupWorkdays.map(\.description) == [
                "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
                "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
            ])
        #expect(china.makeupWorkdays.allSatisfy { $0.weekday >= 6 })
        #expect(Set(china.makeupWorkdays).isDisjoint(with: china.holidays.map(\.date)))
    }

    @Test func springFestival2026RunsFromFebruaryFifteenthToTwentyThird() {
        #expect(holiday("2026-02-14") == nil)
        #expect(holiday("2026-02-15")?.nameEn == "Spring Festival")
        #expect(holiday("2026-02-23")?.nameZh == "春节")
        #expect(holiday("2026-02-24") == nil)
    }

    @Test func nationalDay2026IsSevenDaysAndMidAutumnIsSeparate() {
        #expect(holiday("2026-10-01")?.nameEn == "National Day")
        #expect(holiday("2026-10-07")?.nameEn == "National Day")
        #expect(holiday("2026-10-08") == nil)
        #expect(holiday("2026-09-25")?.nameEn == "Mid-Autumn Festival")
        #expect(holiday("2026-09-27")?.nameZh == "中秋节")
    }

    @Test func nationalDay2025IsCombinedWithMidAutumnForEightDays() {
        #expect(holiday("2025-10-08")?.nameEn == "National Day and Mid-Autumn Festival")
        #expect(holiday("2025-10-01")?.nameZh == "国庆节、中秋节")
        #expect(holiday("2025-10-09") == nil)
    }

    @Test func otherHolidaysFallOnTheirOfficialDates() {
        #expect(holiday("2025-01-01")?.nameEn == "New Year's Day")
        #expect(holiday("2025-01-02") == nil)
        #expect(holiday("2026-01-03")?.nameEn == "New Year's Day")
        #expect(holiday("2025-01-28")?.nameEn == "Spring Festival")
        #expect(holiday("2025-02-04")?.nameEn == "Spring Festival")
        #expect(holiday("2026-04-06")?.nameEn == "Qingming Festival")
        #expect(holiday("2026-05-05")?.nameEn == "Labour Day")
        #expect(holiday("2025-06-02")?.nameEn == "Dragon Boat Festival")
        #expect(holiday("2026-06-19")?.nameZh == "端午节")
    }

    @Test func holidaysAreListedInDateOrder() {
        let dates = china.holidays.map(\.date)
        #expect(dates == dates.sorted())
        #expect(china.makeupWorkdays == china.makeupWorkdays.sorted())
    }

    @Test func applyingThePresetAddsItsDaysToACalendar() {
        let calendar = BusinessCalendar.standardChina().applying(china)
        #expect(calendar.holidays.count == 61)
        #expect(calendar.makeupWorkdays.count == 11)
        #expect(calendar.blocks(on: CalendarFixtures.day("2026-10-01")).isEmpty)
        #expect(calendar.blocks(on: CalendarFixtures.day("2026-10-10")).count == 2)
    }
}
