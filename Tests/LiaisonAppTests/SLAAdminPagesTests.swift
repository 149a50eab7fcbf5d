import Foundation
import LiaisonCore
import LiaisonData
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// The business calendar and SLA policy admin pages in both languages.
@Suite struct SLAAdminPagesTests {
    private func signedInAdmin(_ app: TestApp) async throws -> Browser {
        let (admin, _) = try await app.admin()
        let browser = Browser(app)
        try await browser.signIn(admin.email, "Test-Passw0rd!")
        return browser
    }

    private func createShanghaiCalendar(_ browser: Browser) async throws -> String {
        let created = try await browser.post(
            "/admin/calendars",
            [("name", "上海办公室"), ("timeZone", "Asia/Shanghai"), ("week1", "09:00-12:00，13:30-18:00"), ("week2", "09:00-12:00, 13:30-18:00"),
             ("week3", "09:00-12:00, 13:30-18:00"), ("week4", "09:00-12:00, 13:30-18:00"), ("week5", "09:00-12:00、13:30-18:00"),
             ("week6", ""), ("week7", ""), ("holidayPreset", "CN")])
        #expect(created.status == .seeOther)
        return try #require(created.headers.first(name: .location))
    }

    @Test(arguments: ["zh-Hans", "en"])
    func calendarAndPolicyPagesRender(locale: String) async throws {
        try await withTestApp { (app: TestApp) async throws in
            let browser = try await signedInAdmin(app)
            try await browser.post("/locale", [("locale", locale)])
            let english = locale == "en"
            let calendar = try await createShanghaiCalendar(browser)
            let policies = try await browser.get("/admin/sla-policies")
            #expect(policies.status == .ok)
            #expect(policies.text.contains(english ? "SLA policies" : "服务时限策略"))
            let pages: [(String, String)] = [
                ("/admin/calendars", "上海办公室"),
                (calendar, english ? "Make-up workday" : "调休上班"),
                ("/admin/sla-policies/new", english ? "Everything else (fallback)" : "其他情况（默认时限）"),
            ]
            for (path, expected) in pages {
                let response = try await browser.get(path)
                #expect(response.status == .ok, "\(path): \(response.status)")
                #expect(response.text.contains(expected), "\(path) lacks \(expected)")
                #expect(!response.text.contains("#t("), "\(path) has an unrendered tag")
                for prefix in ["calendars.", "sla.", "weekday.", "duration."] {
                    #expect(!response.text.contains(prefix), "\(path) shows a raw \(prefix) key")
                }
            }
        }
    }

    @Test func thePreviewOnTheCalendarPageSkipsNationalDayToTheMinute() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let browser = try await signedInAdmin(app)
            let calendar = try await createShanghaiCalendar(browser)
            // Wed Sep 30 17:00 + 120: 60 minutes that day, National Day Oct 1–7 off, the other 60 from Thu Oct 8 09:00.
            let page = try await browser.get(calendar + "?start=2026-09-30T17:00&minutes=120").text
            #expect(page.contains("2026-10-08 10:00 (Asia/Shanghai)"))
            #expect(page.contains("2026-10-08T02:00:00.000Z"))
            let bad = try await browser.get(calendar + "?start=yesterday&minutes=60").text
            #expect(bad.contains("field-error"))
            // Holidays are listed a year at a time.
            let year2025 = try await browser.get(calendar + "?year=2025").text
            #expect(year2025.contains("2025-10-01"))
            #expect(!year2025.contains("2026-10-01"))
        }
    }

    @Test func editingHoursDaysAndImportingAnICSFile() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let browser = try await signedInAdmin(app)
            let calendar = try await createShanghaiCalendar(browser)
            let id = String(calendar.split(separator: "/").last!)

            // A broken block is named next to its day and nothing is saved.
            let bad = try await browser.post(calendar, [("name", "上海办公室"), ("week1", "09:00-25:00"), ("version", "1")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("09:00-25:00"))
            #expect(bad.text.contains("field-error"))

            // Company anniversary off; an extra make-up Saturday.
            #expect(try await browser.post(calendar + "/days", [("date", "2026-11-20"), ("kind", "holiday"), ("name", "公司年会")]).status == .seeOther)
            #expect(try await browser.post(calendar + "/days", [("date", "2026-13-01"), ("kind", "holiday")]).status == .unprocessableEntity)
            var record = try #require(try await CalendarStore.find(UUID(uuidString: id)!, on: app.db))
            #expect(record.days.contains { $0.date == LocalDate(year: 2026, month: 11, day: 20) && !$0.isWorkday && $0.name == "公司年会" })

            let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261128\r\nSUMMARY:调休上班\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
            let imported = try await browser.upload(calendar + "/import", filename: "extra.ics", type: "text/calendar", content: ics)
            #expect(imported.status == .seeOther)
            let broken = try await browser.upload(calendar + "/import", filename: "bad.ics", type: "text/calendar", content: "hello")
            #expect(broken.status == .unprocessableEntity)
            record = try #require(try await CalendarStore.find(UUID(uuidString: id)!, on: app.db))
            #expect(record.days.contains { $0.date == LocalDate(year: 2026, month: 11, day: 28) && $0.isWorkday })

            #expect(try await browser.post(calendar + "/days/remove", [("date", "2026-11-20")]).status == .seeOther)
            record = try #require(try await CalendarStore.find(UUID(uuidString: id)!, on: app.db))
            #expect(!record.days.contains { $0.date == LocalDate(year: 2026, month: 11, day: 20) })

            let saved = try await browser.post(
                calendar, [("name", "上海总部"), ("timeZone", "Asia/Shanghai"), ("week1", "08:30-12:00, 13:00-17:30"), ("version", String(record.version))])
            #expect(saved.status == .seeOther)
            record = try #require(try await CalendarStore.find(UUID(uuidString: id)!, on: app.db))
            #expect(record.name == "上海总部")
            #expect(record.week[1]?.map(\.description) == ["08:30-12:00", "13:00-17:30"])
            let stale = try await browser.post(calendar, [("name", "旧名字"), ("version", "1")])
            #expect(stale.status == .conflict)
        }
    }

    @Test func policiesAreCreatedAndEditedFromOrderedRuleRows() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let browser = try await signedInAdmin(app)
            let calendar = try await createShanghaiCalendar(browser)
            let calendarID = String(calendar.split(separator: "/").last!)
            let bad = try await browser.post(
                "/admin/sla-policies",
                [("name", "重点客户"), ("calendarId", calendarID), ("rules[0][kinds][]", "complaint"), ("rules[0][first]", "0"),
                 ("rules[0][next]", "60"), ("rules[0][resolution]", "480"), ("fallbackFirst", "240"), ("fallbackNext", "480"),
                 ("fallbackResolution", "2400")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("field-error"))
            #expect(try await SLAPolicyStore.all(on: app.db).allSatisfy { $0.name != "重点客户" })

            let good = try await browser.post(
                "/admin/sla-policies",
                [("name", "重点客户"), ("calendarId", calendarID), ("rules[0][kinds][]", "complaint"), ("rules[0][tiers][]", "key"),
                 ("rules[0][tiers][]", "strategic"), ("rules[0][first]", "30"), ("rules[0][next]", "60"), ("rules[0][resolution]", "480"),
                 ("rules[1][priorities][]", "urgent"), ("rules[1][first]", "60"), ("rules[1][next]", "120"), ("rules[1][resolution]", "960"),
                 ("rules[2][first]", ""), ("fallbackFirst", "240"), ("fallbackNext", "480"), ("fallbackResolution", "2400")])
            #expect(good.status == .seeOther)
            let policy = try #require(try await SLAPolicyStore.all(on: app.db).first { $0.name == "重点客户" })
            #expect(policy.policy.rules.count == 2)
            #expect(policy.policy.rules[0].kinds == [.complaint])
            #expect(policy.policy.rules[0].tiers == [.key, .strategic])
            #expect(policy.policy.rules[1].priorities == [.urgent])
            #expect(policy.policy.targets(kind: .complaint, priority: .low, tier: .key).firstResponse == 30)
            #expect(policy.policy.targets(kind: .issue, priority: .normal, tier: .small).resolution == 2400)

            let list = try await browser.get("/admin/sla-policies").text
            #expect(list.contains("30 分钟 / 1 小时 / 8 小时"))

            // Clearing a rule's targets removes it.
            let edited = try await browser.post(
                "/admin/sla-policies/\(policy.id)",
                [("name", "重点客户"), ("calendarId", calendarID), ("version", String(policy.version)), ("rules[0][kinds][]", "complaint"),
                 ("rules[0][first]", ""), ("rules[0][next]", ""), ("rules[0][resolution]", ""), ("rules[1][priorities][]", "urgent"),
                 ("rules[1][first]", "45"), ("rules[1][next]", "120"), ("rules[1][resolution]", "960"), ("fallbackFirst", "240"),
                 ("fallbackNext", "480"), ("fallbackResolution", "2400")])
            #expect(edited.status == .seeOther)
            let after = try #require(try await SLAPolicyStore.find(policy.id, on: app.db))
            #expect(after.policy.rules.count == 1)
            #expect(after.policy.rules[0].targets.firstResponse == 45)
        }
    }

    @Test func onlyThoseWhoManageSLAsReachTheAdminPages() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let agent = try await app.person("agent@test.local", roles: [.agent])
            let browser = Browser(app)
            try await browser.signIn(agent.email, "Test-Passw0rd!")
            #expect(try await browser.get("/admin/calendars").status == .forbidden)
            #expect(try await browser.get("/admin/sla-policies").status == .forbidden)
            #expect(try await browser.post("/admin/calendars", [("name", "x")]).status == .forbidden)
        }
    }
}
