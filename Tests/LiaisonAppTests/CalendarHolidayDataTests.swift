import Foundation
import LiaisonCore
import LiaisonData
import NIOCore
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Calendars past their holiday data: the warning on the home page, the daily notice to administrators, and the
/// short ways to add a year's schedule (pasted text, a list, an .ics file) on the page and through the API.
@Suite struct CalendarHolidayDataTests {
    /// 2026-11-02 10:00 in Shanghai: past 1 November, so the shipped 2025–2026 schedule lacks 2027.
    static let november = Date(timeIntervalSince1970: 1_793_584_800)

    private func defaultCalendar(_ app: TestApp) async throws -> CalendarRecord {
        let now = app.clock.now
        return try await app.app.write { tx in
            try await CalendarStore.defaultCalendar(by: .system("test"), at: now, on: tx)
        }
    }

    private func browser(_ app: TestApp, _ email: String, locale: String = "zh-Hans") async throws -> Browser {
        let browser = Browser(app)
        try await browser.signIn(email, "Test-Passw0rd!")
        try await browser.post("/locale", [("locale", locale)])
        return browser
    }

    private func auditEntries(_ app: TestApp, _ id: UUID) async throws -> [AuditRecord] {
        try await AuditQueries.list(
            AuditFilter(recordType: AuditRecordType.calendar.rawValue, recordID: id.uuidString), page: PageQuery(limit: 50), on: app.db
        ).items
    }

    // MARK: The home page

    @Test(arguments: ["zh-Hans", "en"])
    func theHomePageWarnsThoseWhoManageCalendarsOnlyAndOnlyFromNovember(locale: String) async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (admin, _) = try await app.admin()
            let agent = try await app.person("agent@test.local", roles: [.agent])
            let calendar = try await defaultCalendar(app)
            let warning = locale == "en" ? "has no public holidays for 2027" : "还没有 2027 年的法定节假日"

            // September 2026: the 2026 data is there and 2027's is not due yet.
            let september = try await browser(app, admin.email, locale: locale).get("/")
            #expect(september.status == .ok)
            #expect(!september.text.contains("calendar-warning"))

            app.clock.set(Self.november)
            let adminBrowser = try await browser(app, admin.email, locale: locale)
            let agentBrowser = try await browser(app, agent.email, locale: locale)
            let home = try await adminBrowser.get("/")
            #expect(home.status == .ok)
            #expect(home.text.contains(warning))
            #expect(home.text.contains(calendar.name))
            #expect(home.text.contains("href=\"/admin/calendars/\(calendar.id.uuidString)\""))
            #expect(!home.text.contains("home.calendarNeedsYear"))
            let agentHome = try await agentBrowser.get("/")
            #expect(agentHome.status == .ok)
            #expect(!agentHome.text.contains("calendar-warning"))

            // The calendar's own page says the same, and the warning goes once 2027 has a day.
            let page = try await adminBrowser.get("/admin/calendars/\(calendar.id.uuidString)")
            #expect(page.text.contains("missing-years"))
            let saved = try await adminBrowser.post(
                "/admin/calendars/\(calendar.id.uuidString)/schedule", [("text", "2027-01-01 元旦"), ("step", "save")])
            #expect(saved.status == .seeOther)
            #expect(!(try await adminBrowser.get("/").text.contains("calendar-warning")))
        }
    }

    @Test func aCalendarNoPolicyUsesIsNotWarnedAbout() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            _ = try await defaultCalendar(app)
            let api = APIClient(app: app, token: token)
            let spare = try await api.call(.POST, "/api/v1/calendars", json: ["name": "备用日历", "holidayPreset": "CN"])
            #expect(spare.status == .created)
            let past = try await CalendarStore.pastTheirData(at: Self.november, on: app.db)
            #expect(past.map(\.name) == ["中国大陆工作日历"])
            #expect(past.first?.years == [2027])
            // Once a policy runs on it, it is checked too.
            let id = try #require(spare.object["id"] as? String)
            let policy = try await api.call(.POST, "/api/v1/sla-policies", json: ["name": "备用", "calendarId": id])
            #expect(policy.status == .created)
            #expect(try await CalendarStore.pastTheirData(at: Self.november, on: app.db).count == 2)
        }
    }

    // MARK: The daily notice

    @Test func theDailyJobNotifiesEveryActiveAdministratorOncePerCalendarAndYear() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (admin, _) = try await app.admin()
            let second = try await app.person("admin2@test.local", roles: [.admin])
            let supervisor = try await app.person("boss@test.local", roles: [.supervisor])
            let agent = try await app.person("agent@test.local", roles: [.agent])
            let calendar = try await defaultCalendar(app)

            // Before November nothing is due.
            try await app.app.jobRunner.scheduleRecurring(app.app)
            try await app.app.jobRunner.runDue(app.app, limit: 50)
            #expect(try await NotificationStore.recent(for: CustomerViewer(userID: admin.id, roles: admin.roles), on: app.db).isEmpty)

            app.clock.set(Self.november)
            try await app.app.jobRunner.scheduleRecurring(app.app)
            try await app.app.jobRunner.runDue(app.app, limit: 50)
            // A second node schedules the same slot: nothing new is queued or run.
            let otherNode = JobRunner(handlers: [CalendarWarnings.check], recurring: [CalendarWarnings.recurring])
            try await otherNode.scheduleRecurring(app.app)
            #expect(try await otherNode.runDue(app.app, limit: 50) == 0)
            let slot = CalendarWarnings.recurring.slot(at: Self.november).key
            #expect(
                try await JobQueue.find(kind: CalendarWarnings.check.kind, uniqueKey: slot, on: app.db)?.status
                    == .succeeded)
            // The next day's run (and any rerun) does not repeat the notice.
            app.clock.advance(by: 86_400)
            try await app.app.jobRunner.scheduleRecurring(app.app)
            try await app.app.jobRunner.runDue(app.app, limit: 50)
            try await CalendarWarnings.notify(app.app, at: app.clock.now)

            for person in [admin, second] {
                let notices = try await NotificationStore.recent(for: CustomerViewer(userID: person.id, roles: person.roles), on: app.db).filter {
                    $0.kind == "calendarNeedsYear"
                }
                #expect(notices.count == 1)
                #expect(notices.first?.values == [calendar.name, "2027"])
                #expect(notices.first?.textKey == "notify.calendarNeedsYear")
                #expect(notices.first?.subject == .calendar(calendar.id))
                #expect(NotificationLinks.link(to: notices.first?.subject) == "/admin/calendars/\(calendar.id.uuidString)")
            }
            for person in [supervisor, agent] {
                #expect(try await NotificationStore.recent(for: CustomerViewer(userID: person.id, roles: person.roles), on: app.db).isEmpty)
            }

            // The notice reads well in both languages on the home page.
            let home = try await browser(app, admin.email, locale: "en").get("/")
            #expect(
                home.text.contains(
                    "Business calendar “\(calendar.name)” has no public holidays for 2027: add the official schedule"))
        }
    }

    // MARK: Adding a year's schedule on the page

    @Test(arguments: ["zh-Hans", "en"])
    func thePastedScheduleIsPreviewedThenSavedInOneAuditedChange(locale: String) async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (admin, _) = try await app.admin()
            let calendar = try await defaultCalendar(app)
            let browser = try await browser(app, admin.email, locale: locale)
            let path = "/admin/calendars/\(calendar.id.uuidString)"
            let english = locale == "en"

            let form = try await browser.get(path)
            #expect(form.text.contains(english ? "Add a year&#39;s holidays" : "添加一年的节假日"))
            #expect(!form.text.contains("calendars."))

            let text = "2027-01-01 元旦\n2027-02-06..2027-02-12 春节\n2027-02-14 班 春节调休\n2026-10-01 国庆"
            let preview = try await browser.post(path + "/schedule", [("text", text), ("step", "preview")])
            #expect(preview.status == .ok)
            #expect(preview.text.contains("schedule-preview"))
            #expect(preview.text.contains("2027-02-12"))
            #expect(
                preview.text.contains(
                    english ? "9 new, 1 replacing an entry, 0 already there." : "新增 9 天，替换 1 天，已存在 0 天。"))
            #expect(!preview.text.contains("calendars."))
            // A preview saves nothing.
            #expect(try await CalendarStore.find(calendar.id, on: app.db)?.version == calendar.version)

            let saved = try await browser.post(path + "/schedule", [("text", text), ("step", "save")])
            #expect(saved.status == .seeOther)
            #expect(saved.headers.first(name: .location) == path + "?year=2027#days")
            let record = try #require(try await CalendarStore.find(calendar.id, on: app.db))
            #expect(record.version == calendar.version + 1)
            #expect(record.days.filter { $0.date.year == 2027 }.count == 9)
            #expect(
                record.days.contains {
                    $0.date == LocalDate(year: 2027, month: 2, day: 14) && $0.isWorkday && $0.name == "春节调休"
                })
            #expect(record.days.contains { $0.date == LocalDate(year: 2026, month: 10, day: 1) && $0.name == "国庆" })
            let entries = try await auditEntries(app, calendar.id).filter { $0.action == "calendar.update" }
            #expect(entries.count == 1)
            #expect(entries.first?.changes.contains("2027-02-14 workday 春节调休") == true)
            #expect(entries.first?.changes.contains("2026-10-01 holiday 国庆节 → 2026-10-01 holiday 国庆") == true)

            // Saving the same text again changes nothing and writes no audit entry.
            #expect(try await browser.post(path + "/schedule", [("text", text), ("step", "save")]).status == .seeOther)
            #expect(try await auditEntries(app, calendar.id).filter { $0.action == "calendar.update" }.count == 1)
        }
    }

    @Test(arguments: ["zh-Hans", "en"])
    func badLinesAreListedWithTheirNumbersAndNothingIsSaved(locale: String) async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (admin, _) = try await app.admin()
            let calendar = try await defaultCalendar(app)
            let browser = try await browser(app, admin.email, locale: locale)
            let text = "2027-01-01 元旦\n2027-13-01 坏日期\n2027-02-12..2027-02-06 春节"
            let refused = try await browser.post(
                "/admin/calendars/\(calendar.id.uuidString)/schedule", [("text", text), ("step", "save")])
            #expect(refused.status == .unprocessableEntity)
            if locale == "en" {
                #expect(refused.text.contains("Line 2: “2027-13-01” is not a date like 2027-01-01."))
                #expect(refused.text.contains("Line 3: the period ends (2027-02-06) before it starts (2027-02-12)."))
            } else {
                #expect(refused.text.contains("第 2 行：“2027-13-01”不是 2027-01-01 这样的日期。"))
                #expect(refused.text.contains("第 3 行"))
            }
            // The text stays in the form to be corrected.
            #expect(refused.text.contains("2027-13-01 坏日期"))
            #expect(try await CalendarStore.find(calendar.id, on: app.db)?.version == calendar.version)
        }
    }

    @Test func anICSFileWithAYearsHolidaysIsImportedFromThePage() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (admin, _) = try await app.admin()
            let calendar = try await defaultCalendar(app)
            let browser = try await browser(app, admin.email)
            let imported = try await browser.upload(
                "/admin/calendars/\(calendar.id.uuidString)/import", filename: "2027.ics", type: "text/calendar",
                content: Self.ics2027)
            #expect(imported.status == .seeOther)
            let record = try #require(try await CalendarStore.find(calendar.id, on: app.db))
            #expect(record.days.filter { $0.date.year == 2027 }.count == 8)
            #expect(record.days.count == calendar.days.count + 8)
            let entry = try #require(try await auditEntries(app, calendar.id).first { $0.action == "calendar.update" })
            #expect(entry.changes.contains("ics"))
            #expect(entry.changes.contains("2027-02-14 workday 春节调休"))
        }
    }

    static let ics2027 = """
        BEGIN:VCALENDAR\r
        VERSION:2.0\r
        BEGIN:VEVENT\r
        DTSTART;VALUE=DATE:20270101\r
        SUMMARY:元旦\r
        END:VEVENT\r
        BEGIN:VEVENT\r
        DTSTART;VALUE=DATE:20270206\r
        DTEND;VALUE=DATE:20270212\r
        SUMMARY:春节\r
        END:VEVENT\r
        BEGIN:VEVENT\r
        DTSTART;VALUE=DATE:20270214\r
        SUMMARY:春节调休 上班\r
        END:VEVENT\r
        END:VCALENDAR\r

        """

    // MARK: The API

    @Test func theAPIAddsDaysFromTextAListOrAnICSFileAndRefusesBadOnes() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let calendar = try await defaultCalendar(app)
            let api = APIClient(app: app, token: token)
            let path = "/api/v1/calendars/\(calendar.id.uuidString)/days"

            let text = try await api.call(.POST, path, json: ["text": "2027-01-01 元旦\n2027-02-14 班 春节调休"])
            #expect(text.status == .ok)
            #expect(text.headers.first(name: .eTag) == "\"\(calendar.version + 1)\"")
            let days = text.object["days"] as? [[String: Any]] ?? []
            #expect(days.contains { $0["date"] as? String == "2027-02-14" && $0["kind"] as? String == "workday" })

            let list = try await api.call(
                .POST, path,
                json: [
                    "days": [
                        ["date": "2027-10-01", "kind": "holiday", "name": "国庆节"],
                        ["date": "2027-09-26", "kind": "workday"],
                    ]
                ],
                headers: [("If-Match", "\"\(calendar.version + 1)\"")])
            #expect(list.status == .ok)
            let stale = try await api.call(
                .POST, path, json: ["days": [["date": "2027-10-02"]]], headers: [("If-Match", "\"1\"")])
            #expect(stale.status == .preconditionFailed)

            var headers = HTTPHeaders()
            headers.add(name: .authorization, value: "Bearer \(token)")
            headers.contentType = .plainText
            let plain = try await app.tester.sendRequest(
                .POST, path, headers: headers, body: ByteBuffer(string: "2027-10-02..2027-10-07 国庆节"))
            #expect(plain.status == .ok)
            headers.contentType = HTTPMediaType(type: "text", subType: "calendar")
            let ics = try await app.tester.sendRequest(
                .POST, "/api/v1/calendars/\(calendar.id.uuidString)/import", headers: headers,
                body: ByteBuffer(string: Self.ics2027))
            #expect(ics.status == .ok)

            let record = try #require(try await CalendarStore.find(calendar.id, on: app.db))
            #expect(record.days.filter { $0.date.year == 2027 }.count == 16)
            let updates = try await auditEntries(app, calendar.id).filter { $0.action == "calendar.update" }
            // text, list, plain text; the .ics file only adds the Spring Festival days (the rest were there already).
            #expect(updates.count == 4)

            // Bad lines and bad list entries name where they are.
            let badText = try await api.call(.POST, path, json: ["text": "2027-01-01 元旦\n2027-02-30 坏\n2027-01-01 又一次"])
            #expect(badText.status == .unprocessableEntity)
            let errors = badText.object["errors"] as? [[String: Any]] ?? []
            #expect(errors.map { $0["code"] as? String } == ["scheduleBadDate", "scheduleDuplicate"])
            #expect(errors.allSatisfy { $0["field"] as? String == "text" })
            let badList = try await api.call(
                .POST, path,
                json: [
                    "days": [["date": "2027-01-01"], ["date": "2027-02-30"], ["date": "2027-01-01", "kind": "off"]]
                ])
            #expect(badList.status == .unprocessableEntity)
            #expect(badList.fieldErrors["days[1].date"] == "invalidDate")
            #expect(badList.fieldErrors["days[2].kind"] == "invalidChoice")
            #expect(badList.fieldErrors["days[2].date"] == "duplicateDate")
            #expect(
                try await api.call(.POST, path, json: ["days": [], "text": "x"]).fieldErrors["text"] == "daysOrText")
            #expect(try await api.call(.POST, path, json: [:]).fieldErrors["days"] == "required")
            #expect(try #require(try await CalendarStore.find(calendar.id, on: app.db)).version == record.version)

            // Only those who manage calendars may add days.
            let agent = try await app.person("agent@test.local", roles: [.agent])
            let agentAPI = APIClient(app: app, token: try await app.token(for: agent))
            #expect(try await agentAPI.call(.POST, path, json: ["text": "2027-05-01 劳动节"]).status == .forbidden)
        }
    }

    // MARK: The due-time preview

    @Test func absurdStartsAndMinutesGetValidationErrorsNotCrashes() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (admin, token) = try await app.admin()
            let calendar = try await defaultCalendar(app)
            let api = APIClient(app: app, token: token)
            let due = "/api/v1/calendars/\(calendar.id.uuidString)/due"
            for start in ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "1899-12-31T23:59:59%2B08:00"] {
                let answer = try await api.call(.GET, due + "?start=\(start)&minutes=5256000")
                #expect(answer.status == .unprocessableEntity, "\(start)")
                #expect(answer.fieldErrors["start"] == "dateOutOfRange", "\(start)")
            }
            for minutes in ["99999999999999999999999", "-1", "1e9", "5256001"] {
                let answer = try await api.call(.GET, due + "?start=2026-10-01T09:00:00Z&minutes=\(minutes)")
                #expect(answer.status == .unprocessableEntity, "\(minutes)")
                #expect(answer.fieldErrors["minutes"] == "outOfRange", "\(minutes)")
            }
            let latest = try await api.call(.GET, due + "?start=2200-12-31T09:00:00Z&minutes=5256000")
            #expect(latest.status == .ok)
            #expect((latest.object["due"] as? String)?.count == 24)

            let browser = try await browser(app, admin.email, locale: "en")
            let page = "/admin/calendars/\(calendar.id.uuidString)"
            for query in [
                "?start=9999-12-31T23:59&minutes=5256000", "?start=0001-01-01T00:00&minutes=60",
                "?start=2026-10-01T09:00&minutes=99999999999999999999",
            ] {
                let answer = try await browser.get(page + query)
                #expect(answer.status == .ok, "\(query)")
                #expect(answer.text.contains("field-error"), "\(query)")
            }
        }
    }

    @Test func aDueTimeBeyondTheCalendarsReachIsAValidationError() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            // Only make-up workdays work, and the last one is in 2026: nothing lies ahead after it.
            let created = try await api.call(
                .POST, "/api/v1/calendars",
                json: [
                    "name": "只有调休", "week": [:] as [String: [String]], "makeupBlocks": ["09:00-17:00"],
                    "days": [["date": "2026-10-10", "kind": "workday", "name": "调休"]],
                ])
            #expect(created.status == .created)
            let id = try #require(created.object["id"] as? String)
            let answer = try await api.call(.GET, "/api/v1/calendars/\(id)/due?start=2026-11-01T09:00:00Z&minutes=60")
            #expect(answer.status == .unprocessableEntity)
            #expect(answer.fieldErrors["minutes"] == "noDueTime")
        }
    }
}
