import Foundation
import LiaisonCore
import LiaisonData
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Requests through the API: SLA clocks on the Chinese 2026 calendar, the conversation, escalation, assignment,
/// satisfaction, merge and split.
@Suite struct RequestsAPITests {
    /// 2026-09-30 (Wednesday) 17:00 in Shanghai: the eve of National Day.
    static let nationalDayEve = Date(timeIntervalSince1970: 1_790_758_800)

    private func setUp(_ app: TestApp, at start: Date = nationalDayEve) async throws -> (APIClient, Person, customer: String, contact: String) {
        app.clock.set(start)
        let agent = try await app.person("huang.li@test.local", name: "黄丽", roles: [.agent])
        let api = APIClient(app: app, token: try await app.token(for: agent))
        let customer = try await api.call(.POST, "/api/v1/customers", json: ["name": "宁波港集团", "tier": "standard"]).object["id"] as! String
        let contact = try await api.call(.POST, "/api/v1/contacts", json: ["customerId": customer, "name": "陈工", "email": "chen@nbport.cn"]).object["id"] as! String
        return (api, agent, customer, contact)
    }

    /// The first requests create the default SLA policy; on PostgreSQL concurrent first writes used to deadlock
    /// (the audit chain's lock against the request counter's row) and answer 500.
    @Test func concurrentFirstRequestsAllSucceed() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (api, _, customer, _) = try await setUp(app)
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        let path = index % 3 == 0 ? "/api/v1/customers" : "/api/v1/requests"
                        let body: [String: Any] = index % 3 == 0
                            ? ["name": "并发客户\(index)"]
                            : ["customerId": customer, "kind": "issue", "priority": "low", "subject": "并发\(index)", "body": "b"]
                        return try await api.call(.POST, path, json: body).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .created })
        }
    }

    @Test func dueTimesOnTheChinese2026CalendarSkipNationalDayExactlyToTheMinute() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (api, _, customer, contact) = try await setUp(app)
            let created = try await api.call(
                .POST, "/api/v1/requests",
                json: ["customerId": customer, "contactId": contact, "kind": "inquiry", "priority": "low",
                       "subject": "码头系统账号开通", "body": "请为三名新同事开通系统账号。"])
            #expect(created.status == .created)
            #expect(created.object["number"] as? String == "R-000001")
            #expect(created.object["status"] as? String == "new")
            // Default policy, inquiry/low → 240 minutes first response, 4800 resolution, on the CN calendar.
            // 17:00–18:00 Sep 30 is 60 minutes; Oct 1–7 are holidays; Oct 8 09:00 + 180 → 12:00.
            #expect(created.object["firstResponseDueAt"] as? String == "2026-10-08T04:00:00.000Z")
        }
    }

    @Test func theCalendarPreviewAnswersDueTimesAcrossSpringFestival() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (admin, token) = try await app.admin()
            _ = admin
            let api = APIClient(app: app, token: token)
            let calendar = try await api.call(
                .POST, "/api/v1/calendars",
                json: ["name": "上海办公室", "holidayPreset": "CN",
                       "week": ["1": ["09:00-12:00", "13:30-18:00"], "2": ["09:00-12:00", "13:30-18:00"], "3": ["09:00-12:00", "13:30-18:00"],
                                "4": ["09:00-12:00", "13:30-18:00"], "5": ["09:00-12:00", "13:30-18:00"]]])
            #expect(calendar.status == .created)
            let id = calendar.object["id"] as! String
            // Fri Feb 13 17:00 + 480: 60 on Friday, Sat Feb 14 is a make-up workday: 180 + 240 → 17:30.
            let before = try await api.call(.GET, "/api/v1/calendars/\(id)/due?start=2026-02-13T17:00:00%2B08:00&minutes=480")
            #expect(before.status == .ok)
            #expect(before.object["due"] as? String == "2026-02-14T09:30:00.000Z")
            // Sat Feb 14 18:00 + 60: Feb 15–23 off, Tue Feb 24 09:00 + 60 → 10:00.
            let after = try await api.call(.GET, "/api/v1/calendars/\(id)/due?start=2026-02-14T18:00:00%2B08:00&minutes=60")
            #expect(after.object["due"] as? String == "2026-02-24T02:00:00.000Z")
            // Make-up Saturday Oct 10 counts: Fri Oct 9 17:00 + 120 → 60 Friday + 60 Saturday → Oct 10 10:00.
            let october = try await api.call(.GET, "/api/v1/calendars/\(id)/due?start=2026-10-09T17:00:00%2B08:00&minutes=120")
            #expect(october.object["due"] as? String == "2026-10-10T02:00:00.000Z")
            let policy = try await api.call(
                .POST, "/api/v1/sla-policies",
                json: ["name": "战略客户", "calendarId": id,
                       "rules": [["kinds": ["complaint"], "priorities": [], "tiers": ["strategic"],
                                  "targets": ["firstResponse": 15, "nextResponse": 30, "resolution": 240]]],
                       "fallback": ["firstResponse": 60, "nextResponse": 120, "resolution": 960]])
            #expect(policy.status == .created)
            let emptyCalendar = try await api.call(
                .POST, "/api/v1/sla-policies",
                json: ["name": "x", "calendarId": "", "fallback": ["firstResponse": 0, "nextResponse": 1, "resolution": 1]])
            #expect(emptyCalendar.fieldErrors["calendarId"] == "required")
            #expect(emptyCalendar.fieldErrors["fallback.firstResponse"] == "outOfRange")
            let bad = try await api.call(.GET, "/api/v1/calendars/\(id)/due?start=tomorrow&minutes=-5")
            #expect(bad.fieldErrors["start"] == "invalidDate")
            #expect(bad.fieldErrors["minutes"] == "outOfRange")
            let ics = """
                BEGIN:VCALENDAR\r
                BEGIN:VEVENT\r
                DTSTART;VALUE=DATE:20261231\r
                SUMMARY:公司年会\r
                END:VEVENT\r
                END:VCALENDAR\r

                """
            var headers = HTTPHeaders()
            headers.add(name: .authorization, value: "Bearer \(token)")
            headers.contentType = HTTPMediaType(type: "text", subType: "calendar")
            let imported = try await app.tester.sendRequest(.POST, "/api/v1/calendars/\(id)/import", headers: headers, body: ByteBuffer(string: ics))
            #expect(imported.status == .ok)
            #expect((imported.object["days"] as? [[String: Any]])?.contains { $0["date"] as? String == "2026-12-31" } == true)
        }
    }

    @Test func statusMovesFollowTheRulesAndWaitingPausesTheClock() async throws {
        try await withTestApp { (app: TestApp) async throws in
            // Monday 2026-11-30 09:00 Shanghai.
            let (api, _, customer, _) = try await setUp(app, at: Date(timeIntervalSince1970: 1_796_000_400))
            let id = try await api.call(
                .POST, "/api/v1/requests",
                json: ["customerId": customer, "kind": "issue", "priority": "normal", "subject": "系统报错", "body": "登录时报错 500"]
            ).object["id"] as! String
            let unknown = try await api.call(.PATCH, "/api/v1/requests/\(id)", json: ["status": "sleeping"])
            #expect(unknown.fieldErrors["status"] == "invalidChoice")
            app.clock.advance(by: 1800)
            let waiting = try await api.call(.PATCH, "/api/v1/requests/\(id)", json: ["status": "waitingOnCustomer"])
            #expect(waiting.object["status"] as? String == "waitingOnCustomer")
            #expect(waiting.object["resolutionDueAt"] == nil)
            app.clock.advance(by: 86_400)
            let resumed = try await api.call(.PATCH, "/api/v1/requests/\(id)", json: ["status": "open"])
            // 4800 − 30 minutes remain from Tuesday 09:30: the pause did not count.
            let due = resumed.object["resolutionDueAt"] as? String
            #expect(due != nil)
            let closed = try await api.call(.PATCH, "/api/v1/requests/\(id)", json: ["status": "closed"])
            #expect(closed.object["status"] as? String == "closed")
            let impossible = try await api.call(.PATCH, "/api/v1/requests/\(id)", json: ["status": "resolved"])
            #expect(impossible.fieldErrors["status"] == "badTransition")
            let reply = try await api.call(.POST, "/api/v1/requests/\(id)/messages", json: ["body": "还在吗？"])
            #expect(reply.status == .conflict)
            let reopened = try await api.call(.PATCH, "/api/v1/requests/\(id)", json: ["status": "open"])
            #expect(reopened.object["status"] as? String == "open")
        }
    }

    @Test func aPublicReplyAnswersTheCustomerAndNotesStayInternal() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (api, _, customer, contact) = try await setUp(app, at: Date(timeIntervalSince1970: 1_796_000_400))
            let colleague = try await app.person("wu.hao@test.local", name: "吴昊", roles: [.agent])
            let id = try await api.call(
                .POST, "/api/v1/requests",
                json: ["customerId": customer, "contactId": contact, "kind": "inquiry", "priority": "normal", "subject": "发票", "body": "请开发票"]
            ).object["id"] as! String
            app.clock.advance(by: 60)
            let note = try await api.call(.POST, "/api/v1/requests/\(id)/messages", json: ["body": "@吴昊 请帮忙确认抬头", "visibility": "internal"])
            #expect(note.status == .created)
            let notes = try await NotificationStore.unread(for: colleague.viewer, on: app.db)
            #expect(notes.first?.textKey == "notify.mentioned")
            let still = try await api.call(.GET, "/api/v1/requests/\(id)")
            #expect(still.object["firstRespondedAt"] == nil)
            #expect(still.object["status"] as? String == "new")
            app.clock.advance(by: 600)
            _ = try await api.call(.POST, "/api/v1/requests/\(id)/messages", json: ["body": "已为您开具，请查收。"])
            let answered = try await api.call(.GET, "/api/v1/requests/\(id)")
            #expect(answered.object["firstRespondedAt"] as? String != nil)
            #expect(answered.object["firstResponseDueAt"] == nil)
            #expect(answered.object["status"] as? String == "open")
            app.clock.advance(by: 60)
            _ = try await api.call(.POST, "/api/v1/requests/\(id)/messages", json: ["body": "抬头写错了", "contactId": contact])
            let owed = try await api.call(.GET, "/api/v1/requests/\(id)")
            #expect(owed.object["nextResponseDueAt"] as? String != nil)
            let messages = try await api.call(.GET, "/api/v1/requests/\(id)/messages")
            #expect(messages.items.map { $0["visibility"] as? String } == ["public", "internal", "public", "public"])
            let timeline = try await api.call(.GET, "/api/v1/customers/\(customer)/timeline")
            #expect(timeline.items.count >= 4)
            // Chinese runs on without a space after the name.
            _ = try await api.call(.POST, "/api/v1/requests/\(id)/messages", json: ["body": "@吴昊请再看一下", "visibility": "internal"])
            #expect(try await NotificationStore.unread(for: colleague.viewer, on: app.db).count == 2)
        }
    }

    @Test func theSweepWarnsAtThreeQuartersThenRecordsTheBreachForGood() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (api, agent, customer, _) = try await setUp(app, at: Date(timeIntervalSince1970: 1_796_000_400))
            let lead = try await app.person("lead@test.local", name: "主管", roles: [.departmentLead])
            let supervisor = try await app.person("zhou.min@test.local", name: "周敏", roles: [.supervisor])
            let id = try await api.call(
                .POST, "/api/v1/requests",
                json: ["customerId": customer, "kind": "complaint", "priority": "normal", "subject": "投诉：发货延误",
                       "body": "货物晚到三天", "assigneeId": agent.id.uuidString]
            ).object["id"] as! String
            let runner = app.app.jobRunner
            // Complaint: first response 60 minutes → warning at 45, breach after 60.
            app.clock.advance(by: 46 * 60)
            try await runner.scheduleRecurring(app.app)
            _ = try await runner.runDue(app.app)
            #expect(try await NotificationStore.unread(for: agent.viewer, on: app.db).contains { $0.textKey == "notify.slaWarning" })
            app.clock.advance(by: 15 * 60)
            try await RequestJobs.sweep.run("{}", JobContext(application: app.app, now: app.clock.now, logger: app.app.logger))
            try await RequestJobs.sweep.run("{}", JobContext(application: app.app, now: app.clock.now, logger: app.app.logger))
            let breached = try await api.call(.GET, "/api/v1/requests/\(id)")
            #expect(breached.object["breaches"] as? [String] == ["firstResponse"])
            #expect(try await NotificationStore.unread(for: lead.viewer, on: app.db).filter { $0.textKey == "notify.slaBreach" }.count == 1)
            #expect(try await NotificationStore.unread(for: supervisor.viewer, on: app.db).filter { $0.textKey == "notify.slaBreach" }.count == 1)
            // Answering and resolving later does not erase the breach.
            _ = try await api.call(.POST, "/api/v1/requests/\(id)/messages", json: ["body": "非常抱歉，已加急处理。"])
            let resolved = try await api.call(.PATCH, "/api/v1/requests/\(id)", json: ["status": "resolved"])
            #expect(resolved.object["breaches"] as? [String] == ["firstResponse"])
            let breaches = try await api.call(.GET, "/api/v1/requests?status=all&breached=true")
            #expect(breaches.items.count == 1)
            let audit = try await AuditQueries.list(AuditFilter(action: AuditAction.requestBreached.rawValue), page: PageQuery(), on: app.db)
            #expect(audit.items.count == 1)
        }
    }

    @Test func queuesAssignRoundRobinSkippingAbsentPeople() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (admin, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let created = try await api.call(.POST, "/api/v1/departments", json: ["name": "客户服务部", "assignment": "roundRobin"])
            #expect(created.object["assignment"] as? String == "roundRobin")
            let queue = created.object["id"] as! String
            let queueID = UUID(uuidString: queue)!
            let a = try await app.person("a@test.local", name: "安", roles: [.agent], department: queueID)
            let b = try await app.person("b@test.local", name: "白", roles: [.agent], department: queueID)
            let c = try await app.person("c@test.local", name: "陈", roles: [.agent], department: queueID)
            let away = try await api.call(.PATCH, "/api/v1/users/\(b.id)", json: ["absentUntil": "2099-01-01T09:00:00+08:00"])
            #expect(away.object["absentUntil"] as? String == "2099-01-01T01:00:00.000Z")
            #expect(try await api.call(.PATCH, "/api/v1/users/\(b.id)", json: ["absentUntil": "next week"]).fieldErrors["absentUntil"] == "invalidDate")
            #expect(try await api.call(.PATCH, "/api/v1/departments/\(queue)", json: ["assignment": "lottery"]).fieldErrors["assignment"] == "invalidChoice")
            let customer = try await api.call(.POST, "/api/v1/customers", json: ["name": "轮询测试"]).object["id"] as! String
            var assignees: [String] = []
            for index in 1...4 {
                let r = try await api.call(
                    .POST, "/api/v1/requests",
                    json: ["customerId": customer, "kind": "inquiry", "priority": "normal", "subject": "问题\(index)", "body": "x", "queueId": queue])
                assignees.append(r.object["assigneeId"] as? String ?? "none")
            }
            // Names in pinyin order: an (安), bai (白, away), chen (陈).
            #expect(assignees == [a.id.uuidString, c.id.uuidString, a.id.uuidString, c.id.uuidString])
            _ = admin

            // Fewest open requests: 白 is back and has none, so the next two go to 白, then to whoever has fewest.
            #expect(try await api.call(.PATCH, "/api/v1/users/\(b.id)", json: ["absentUntil": NSNull()]).status == .ok)
            #expect(try await api.call(.PATCH, "/api/v1/departments/\(queue)", json: ["assignment": "fewestOpen"]).object["assignment"] as? String == "fewestOpen")
            var next: [String] = []
            for index in 5...7 {
                let r = try await api.call(
                    .POST, "/api/v1/requests",
                    json: ["customerId": customer, "kind": "inquiry", "priority": "normal", "subject": "问题\(index)", "body": "x", "queueId": queue])
                next.append(r.object["assigneeId"] as? String ?? "none")
            }
            #expect(next == [b.id.uuidString, b.id.uuidString, a.id.uuidString])
        }
    }

    @Test func theSatisfactionLinkIsInTheContactsLanguageOnTheConfiguredAddress() async throws {
        try await withTestApp(["LIAISON_BASE_URL": "https://liaison.example.com/"]) { (app: TestApp) async throws in
            let (api, _, customer, _) = try await setUp(app, at: Date(timeIntervalSince1970: 1_796_000_400))
            let contact = try #require(
                try await api.call(
                    .POST, "/api/v1/contacts", json: ["customerId": customer, "name": "Anna", "preferredLanguage": "en"]
                ).object["id"] as? String)
            let id = try #require(
                try await api.call(
                    .POST, "/api/v1/requests",
                    json: ["customerId": customer, "contactId": contact, "kind": "inquiry", "priority": "normal",
                           "subject": "Question", "body": "A question"]
                ).object["id"] as? String)
            _ = try await api.call(.PATCH, "/api/v1/requests/\(id)", json: ["status": "resolved"])
            let survey = try #require(
                try await api.call(.GET, "/api/v1/requests/\(id)/messages").items.last?["body"] as? String)
            #expect(survey.hasPrefix("Your request has been resolved."), "\(survey)")
            #expect(!survey.contains("您的请求"))
            #expect(survey.contains(" https://liaison.example.com/public/csat/"), "\(survey)")
        }
    }

    @Test func resolvingSendsASingleUseSatisfactionLink() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (api, _, customer, _) = try await setUp(app, at: Date(timeIntervalSince1970: 1_796_000_400))
            let id = try await api.call(
                .POST, "/api/v1/requests",
                json: ["customerId": customer, "kind": "inquiry", "priority": "normal", "subject": "咨询", "body": "问个问题"]
            ).object["id"] as! String
            app.clock.advance(by: 60)
            _ = try await api.call(.PATCH, "/api/v1/requests/\(id)", json: ["status": "resolved"])
            let messages = try await api.call(.GET, "/api/v1/requests/\(id)/messages")
            let survey = try #require(messages.items.last?["body"] as? String)
            // An absolute link (on the address the request came to while LIAISON_BASE_URL is unset), in the
            // contact's language only (the server's default, Chinese, when the contact states none).
            let link = try #require(survey.range(of: #"https?://\S+"#, options: .regularExpression).map { String(survey[$0]) })
            #expect(link.hasPrefix("http://localhost/public/csat/"), "\(survey)")
            #expect(survey.hasPrefix("您的请求已处理完毕") && !survey.contains("Your request"), "\(survey)")
            let path = String(link.dropFirst("http://localhost".count))
            let visitor = Browser(app)
            let page = try await visitor.get(path)
            #expect(page.status == .ok)
            #expect(page.text.contains("咨询"))
            let rated = try await visitor.post(path, [("score", "5"), ("comment", "很快，谢谢")])
            #expect(rated.status == .ok)
            #expect(try await api.call(.GET, "/api/v1/requests/\(id)").object["satisfaction"] as? Int == 5)
            let again = try await visitor.get(path)
            #expect(again.text.contains("已经评过分") || again.text.contains("already"))
            app.clock.advance(by: 15 * 86_400)
            #expect(try await Browser(app).get("/public/csat/nonsense").status == .notFound)
        }
    }

    @Test func oneChangeOfFieldsAndStatusAnswersWithTheRequestAsItThenStands() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (api, _, customer, _) = try await setUp(app, at: Date(timeIntervalSince1970: 1_796_000_400))
            let id = try await api.call(
                .POST, "/api/v1/requests",
                json: ["customerId": customer, "kind": "inquiry", "priority": "normal", "subject": "咨询", "body": "问个问题"]
            ).object["id"] as! String
            app.clock.advance(by: 60)
            let changed = try await api.call(
                .PATCH, "/api/v1/requests/\(id)", json: ["priority": "high", "status": "resolved"],
                headers: [("If-Match", "\"1\"")])
            #expect(changed.status == .ok)
            // The fields, the status and the survey message each count as a change of the request.
            #expect(changed.object["version"] as? Int == 4)
            #expect(changed.headers.first(name: .eTag) == "\"4\"")
            #expect(changed.object["priority"] as? String == "high")
            #expect(changed.object["status"] as? String == "resolved")
            let shown = try await api.call(.GET, "/api/v1/requests/\(id)")
            #expect(shown.object["version"] as? Int == 4)
            // The survey link is the first public reply: the answer already shows the clock it stopped.
            #expect(changed.object["firstRespondedAt"] as? String != nil)
            for field in ["firstRespondedAt", "resolvedAt", "resolutionDueAt", "updatedAt"] {
                #expect(shown.object[field] as? String == changed.object[field] as? String, "\(field)")
            }
            let trail = try await AuditQueries.list(
                AuditFilter(recordType: AuditRecordType.request.rawValue, recordID: id), page: PageQuery(), on: app.db)
            #expect(
                trail.items.map(\.action).reversed() == [
                    AuditAction.requestCreated, .requestRetargeted, .requestUpdated, .requestStatusChanged, .messageAdded,
                ].map(\.rawValue))
            // A move the status does not allow names the field and changes nothing.
            let reopened = try await api.call(.PATCH, "/api/v1/requests/\(id)", json: ["priority": "low", "status": "new"])
            #expect(reopened.status == .unprocessableEntity)
            #expect(reopened.fieldErrors["status"] == "badTransition")
            #expect(try await api.call(.GET, "/api/v1/requests/\(id)").object["priority"] as? String == "high")
        }
    }

    @Test func duplicatesMergeAndMessagesSplitOff() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (api, _, customer, contact) = try await setUp(app, at: Date(timeIntervalSince1970: 1_796_000_400))
            let first = try await api.call(.POST, "/api/v1/requests", json: ["customerId": customer, "contactId": contact, "kind": "issue", "priority": "high", "subject": "网络中断", "body": "A 区网络中断"]).object["id"] as! String
            let second = try await api.call(.POST, "/api/v1/requests", json: ["customerId": customer, "contactId": contact, "kind": "issue", "priority": "high", "subject": "网络又断了", "body": "同一问题"]).object["id"] as! String
            let merged = try await api.call(.POST, "/api/v1/requests/\(second)/merge", json: ["into": first])
            #expect(merged.object["status"] as? String == "closed")
            #expect(merged.object["mergedIntoId"] as? String == first)
            let told = try await api.call(.GET, "/api/v1/requests/\(second)/messages")
            #expect(told.items.contains { ($0["body"] as? String)?.contains("R-000001") == true && $0["visibility"] as? String == "public" })
            #expect(try await api.call(.POST, "/api/v1/requests/\(first)/merge", json: ["into": first]).status == .conflict)
            let message = try await api.call(.POST, "/api/v1/requests/\(first)/messages", json: ["body": "另外，打印机也坏了", "contactId": contact]).object["id"] as! String
            let split = try await api.call(.POST, "/api/v1/requests/\(first)/messages/\(message)/split", json: ["subject": "打印机故障"])
            #expect(split.status == .created)
            #expect(split.object["number"] as? String == "R-000003")
        }
    }

    @Test func repliesAndANewSubjectAreFoundBySearch() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (api, _, customer, _) = try await setUp(app)
            let id = try await api.call(.POST, "/api/v1/requests", json: ["customerId": customer, "kind": "issue", "priority": "normal", "subject": "打印机卡纸", "body": "第一台打印机卡纸"]).object["id"] as! String
            func found(_ query: String) async throws -> [String] {
                let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                return try await api.call(.GET, "/api/v1/search?q=\(encoded)").items.compactMap { $0["title"] as? String }
            }
            #expect(try await found("固件升级").isEmpty)
            _ = try await api.call(.POST, "/api/v1/requests/\(id)/messages", json: ["body": "请先做**固件升级**再试", "visibility": "public"])
            #expect(try await found("固件升级") == ["R-000001 打印机卡纸"])
            let renamed = try await api.call(.PATCH, "/api/v1/requests/\(id)", json: ["subject": "复印机卡纸"])
            #expect(renamed.status == .ok)
            #expect(try await found("复印机") == ["R-000001 复印机卡纸"])
            #expect(try await found("固件升级") == ["R-000001 复印机卡纸"])
            #expect(try await found("第一台打印机") == ["R-000001 复印机卡纸"])
            // The customer's timeline shows the request under its new subject too.
            let timeline = try await api.call(.GET, "/api/v1/customers/\(customer)/timeline")
            #expect(Set(timeline.items.compactMap { $0["title"] as? String }) == ["R-000001 复印机卡纸"])
        }
    }

    @Test func requestsOfAConfidentialCustomerAreInvisibleOutsideItsTeam() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (api, _, _, _) = try await setUp(app)
            let secret = try await api.call(.POST, "/api/v1/customers", json: ["name": "机密客户", "classification": "secret"]).object["id"] as! String
            let id = try await api.call(.POST, "/api/v1/requests", json: ["customerId": secret, "kind": "issue", "priority": "normal", "subject": "机密问题", "body": "x"]).object["id"] as! String
            let outsider = try await app.person("outsider@test.local", roles: [.agent])
            let other = APIClient(app: app, token: try await app.token(for: outsider))
            #expect(try await other.call(.GET, "/api/v1/requests/\(id)").status == .notFound)
            #expect(try await other.call(.GET, "/api/v1/requests/\(id)/messages").status == .notFound)
            #expect(try await other.call(.POST, "/api/v1/requests/\(id)/messages", json: ["body": "hi"]).status == .notFound)
            #expect(try await other.call(.GET, "/api/v1/requests?status=all").items.isEmpty)
            #expect(try await other.call(.GET, "/api/v1/search?q=%E6%9C%BA%E5%AF%86").items.isEmpty)
            let create = try await other.call(.POST, "/api/v1/requests", json: ["customerId": secret, "kind": "issue", "priority": "normal", "subject": "x", "body": "x"])
            #expect(create.fieldErrors["customerId"] == "invalidReference")
        }
    }

    @Test func badInputIsExplainedAndNothingIsSaved() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (api, _, customer, _) = try await setUp(app)
            let response = try await api.call(.POST, "/api/v1/requests", json: ["customerId": customer, "kind": "praise", "priority": "whenever", "subject": "", "body": ""])
            #expect(response.status == .unprocessableEntity)
            #expect(Set(response.fieldErrors.keys) == ["kind", "priority", "subject", "body"])
            #expect(try await api.call(.GET, "/api/v1/requests?status=all").items.isEmpty)
        }
    }
    /// A reply writes only the request's columns it changes: SQLite rewrites every index over a column an UPDATE
    /// sets (all of them when the column is `merged_into_id`, a key to the same table), changed or not.
    @Test func aReplySetsOnlyTheColumnsItChanges() async throws {
        try await withTestApp { (app: TestApp) async throws in
            guard Engine(app.db) == .sqlite else { return }
            let (api, _, customer, contact) = try await setUp(app)
            func create(_ subject: String) async throws -> String {
                try await api.call(
                    .POST, "/api/v1/requests",
                    json: ["customerId": customer, "contactId": contact, "kind": "issue", "priority": "high",
                           "subject": subject, "body": "请尽快处理"]
                ).object["id"] as! String
            }
            let first = try await create("闸口识别失败")
            let second = try await create("闸口识别失败（重复）")
            let sql = app.db.sql
            try await sql.raw("CREATE TABLE set_columns (name TEXT)").run()
            for column in ["merged_into_id", "customer_id", "assignee_id", "queue_id", "kind", "priority", "subject"] {
                try await sql.raw(
                    """
                    CREATE TRIGGER set_\(unsafeRaw: column) AFTER UPDATE OF \(unsafeRaw: column) ON requests
                    BEGIN INSERT INTO set_columns VALUES ('\(unsafeRaw: column)'); END
                    """
                ).run()
            }
            struct Name: Decodable { var name: String }
            func setColumns() async throws -> [String] {
                try await sql.raw("SELECT name FROM set_columns ORDER BY rowid").all(decoding: Name.self).map(\.name)
            }
            #expect(try await api.call(.POST, "/api/v1/requests/\(first)/messages", json: ["body": "已定位原因，补丁今天发布"]).status == .created)
            #expect(try await api.call(.POST, "/api/v1/requests/\(first)/messages", json: ["body": "已修复，请确认"]).status == .created)
            #expect(try await setColumns() == [])
            #expect(try await api.call(.PATCH, "/api/v1/requests/\(first)", json: ["priority": "urgent"]).status == .ok)
            #expect(try await setColumns() == ["priority"])
            let merged = try await api.call(.POST, "/api/v1/requests/\(second)/merge", json: ["into": first])
            #expect(merged.object["mergedIntoId"] as? String == first)
            #expect(try await setColumns().contains("merged_into_id"))
            let shown = try await api.call(.GET, "/api/v1/requests/\(first)")
            #expect(shown.object["priority"] as? String == "urgent")
            #expect(shown.object["firstRespondedAt"] is String)
        }
    }
}

@Suite struct CannedResponsesTests {
    @Test func cannedResponsesFillTheRequestsBlanksInTheContactsLanguage() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let lead = try await app.person("lead@test.local", name: "黄丽", roles: [.departmentLead])
            let api = APIClient(app: app, token: try await app.token(for: lead))
            let bad = try await api.call(.POST, "/api/v1/canned-responses", json: ["title": "x", "bodyZh": "{{contact.nmae}}", "bodyEn": "ok"])
            #expect(bad.fieldErrors["bodyZh"] == "unknownVariable")
            let canned = try await api.call(
                .POST, "/api/v1/canned-responses",
                json: ["title": "受理确认", "bodyZh": "{{contact.name}}您好，您的请求 {{request.number}} 已由{{agent.name}}受理。",
                       "bodyEn": "Dear {{contact.name}}, {{agent.name}} is handling your request {{request.number}}."]
            ).object["id"] as! String
            let customer = try await api.call(.POST, "/api/v1/customers", json: ["name": "Global Ltd"]).object["id"] as! String
            let contact = try await api.call(.POST, "/api/v1/contacts", json: ["customerId": customer, "name": "Anna", "email": "anna@global.example", "preferredLanguage": "en"]).object["id"] as! String
            let id = try await api.call(.POST, "/api/v1/requests", json: ["customerId": customer, "contactId": contact, "kind": "inquiry", "priority": "normal", "subject": "Pricing", "body": "?"]).object["id"] as! String
            let rendered = try await api.call(.GET, "/api/v1/requests/\(id)/canned-responses/\(canned)")
            #expect(rendered.object["text"] as? String == "Dear Anna, 黄丽 is handling your request R-000001.")
            #expect(rendered.object["locale"] as? String == "en")
            let agent = try await app.person("agent@test.local", roles: [.agent])
            let agentAPI = APIClient(app: app, token: try await app.token(for: agent))
            #expect(try await agentAPI.call(.GET, "/api/v1/canned-responses").items.count == 1)
            #expect(try await agentAPI.call(.DELETE, "/api/v1/canned-responses/\(canned)").status == .forbidden)
        }
    }

}
