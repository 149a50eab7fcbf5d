import Foundation
import LiaisonCore
import LiaisonData
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Dates read strictly and text cleaned at the edge, as the API sees them.
@Suite struct InputRulesAPITests {
    @Test func aFullWidthLookAlikeOfAnEmailIsTheSameEmail() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let first = try await api.call(
                .POST, "/api/v1/users", json: ["email": "foo@example.com", "name": "甲", "roles": ["sales"]])
            #expect(first.status == .created)
            let twin = try await api.call(
                .POST, "/api/v1/users", json: ["email": "ｆｏｏ＠ｅｘａｍｐｌｅ．ｃｏｍ", "name": "乙", "roles": ["sales"]])
            #expect(twin.status == .unprocessableEntity)
            #expect(twin.fieldErrors["email"] == "emailTaken")
            let upper = try await api.call(
                .POST, "/api/v1/users", json: ["email": "ＦＯＯ＠ＥＸＡＭＰＬＥ．ＣＯＭ", "name": "丙", "roles": ["sales"]])
            #expect(upper.fieldErrors["email"] == "emailTaken")
            #expect(try await PeopleQueries.count(on: app.db) == 2)
        }
    }

    @Test(arguments: [
        ("2026-02-30T25:61:00Z", "invalidDate"), ("0001-01-01T00:00:00Z", "dateOutOfRange"),
        ("9999-12-31T23:59:59Z", "dateOutOfRange"), ("2026-09-21", "invalidDate"),
    ])
    func impossibleAndFarDatesInBodiesAreRefusedByField(_ text: String, _ code: String) async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (person, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let customer = try await api.call(.POST, "/api/v1/customers", json: ["name": "华为"])
            let id = try #require(customer.object["id"] as? String)
            let logged = try await api.call(
                .POST, "/api/v1/interactions",
                json: [
                    "customerId": id, "channel": "phone", "direction": "outbound", "subject": "回访", "occurredAt": text,
                ])
            #expect(logged.status == .unprocessableEntity)
            #expect(logged.fieldErrors == ["occurredAt": code])
            let due = try await api.call(
                .POST, "/api/v1/interactions",
                json: [
                    "customerId": id, "channel": "phone", "direction": "outbound", "subject": "回访",
                    "occurredAt": "2026-09-21T09:30:00+08:00", "nextStep": "回电", "nextStepDueAt": text,
                ])
            #expect(due.fieldErrors == ["nextStepDueAt": code])

            let away = try await api.call(.PATCH, "/api/v1/users/\(person.id)", json: ["absentUntil": text])
            #expect(away.status == .unprocessableEntity)
            #expect(away.fieldErrors == ["absentUntil": code])
            #expect(try await api.call(.GET, "/api/v1/interactions").status != .internalServerError)
        }
    }

    @Test func queryDatesAreStrictToo() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let customer = try await api.call(.POST, "/api/v1/customers", json: ["name": "华为"])
            let id = try #require(customer.object["id"] as? String)
            let rolled = try await api.call(.GET, "/api/v1/customers/\(id)/timeline?from=2026-02-30")
            #expect(rolled.fieldErrors == ["from": "invalidDate"])
            let far = try await api.call(.GET, "/api/v1/customers/\(id)/timeline?to=9999-12-31")
            #expect(far.fieldErrors == ["to": "dateOutOfRange"])
            let hour = try await api.call(.GET, "/api/v1/customers/\(id)/timeline?from=2026-02-01T24:00:00Z")
            #expect(hour.fieldErrors == ["from": "invalidDate"])
            #expect(
                try await api.call(.GET, "/api/v1/customers/\(id)/timeline?from=2026-02-01&to=2026-02-28T23:59:59.5Z")
                    .status == .ok)
            let audit = try await api.call(.GET, "/api/v1/audit?from=0001-01-01")
            #expect(audit.fieldErrors == ["from": "dateOutOfRange"])

            let calendar = try await api.call(.POST, "/api/v1/calendars", json: ["name": "上海办公室"])
            let calendarID = try #require(calendar.object["id"] as? String)
            let preview = try await api.call(
                .GET, "/api/v1/calendars/\(calendarID)/due?start=9999-12-31T23:59:59Z&minutes=60")
            #expect(preview.status == .unprocessableEntity)
            #expect(preview.fieldErrors["start"] != nil)
        }
    }

    @Test func controlCharactersAreRefusedByField() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let user = try await api.call(
                .POST, "/api/v1/users", json: ["email": "a\u{0}@b.cn", "name": "李\u{0}娜", "roles": ["sales"]])
            #expect(user.fieldErrors == ["email": "controlCharacter", "name": "controlCharacter"])
            let customer = try await api.call(
                .POST, "/api/v1/customers", json: ["name": "华为\u{0}", "notes": "一\u{202E}二"])
            #expect(customer.fieldErrors == ["name": "controlCharacter", "notes": "controlCharacter"])
            let canned = try await api.call(
                .POST, "/api/v1/canned-responses",
                json: ["title": "问候\u{0}", "bodyZh": "您好\u{0}", "bodyEn": "Hello\r\nthere"])
            #expect(canned.fieldErrors == ["title": "controlCharacter", "bodyZh": "controlCharacter"])
            let calendar = try await api.call(
                .POST, "/api/v1/calendars",
                json: [
                    "name": "上海\u{0}",
                    "days": [
                        ["date": "2026-02-30", "kind": "holiday", "name": "x"],
                        ["date": "2026-10-01", "kind": "holiday", "name": "国庆\u{0}"],
                    ],
                ])
            #expect(
                calendar.fieldErrors == [
                    "name": "controlCharacter", "days[0].date": "invalidDate", "days[1].name": "controlCharacter",
                ])
            let search = try await api.call(.GET, "/api/v1/search?q=%E5%8D%8E%00%E4%B8%BA")
            #expect(search.status == .ok)
        }
    }

    @Test func csvImportRowsAreCheckedByTheSameRules() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let person = try await app.person("wang.lei@test.local", name: "王磊", roles: [.departmentLead, .sales])
            let token = try await app.token(for: person)
            let api = APIClient(app: app, token: token)
            let existing = try #require(
                try await api.call(.POST, "/api/v1/customers", json: ["name": "北京老客户有限公司"]).object["id"] as? String)
            _ = try await api.call(
                .POST, "/api/v1/contacts", json: ["customerId": existing, "name": "老联系人", "email": "old@laokehu.cn"])
            let csv = "客户名称,联系人,邮箱,手机\r\n坏\u{0}数据公司,赵敏,zhao@x.cn,\r\n北京老客户有限公司,重复的人,ｏｌｄ＠ｌａｏｋｅｈｕ．ｃｎ,\r\n"
            var headers = HTTPHeaders()
            headers.add(name: .authorization, value: "Bearer \(token)")
            headers.contentType = HTTPMediaType(type: "text", subType: "csv")
            let preview = try await app.tester.sendRequest(
                .POST, "/api/v1/imports", headers: headers, body: ByteBuffer(string: csv))
            #expect(preview.status == .created)
            let rows = preview.object["rows"] as? [[String: Any]] ?? []
            let fields = rows.flatMap {
                ($0["problems"] as? [[String: Any]] ?? []).compactMap { "\($0["field"] ?? ""):\($0["code"] ?? "")" }
            }
            #expect(fields == ["name:controlCharacter"])
            #expect(rows.last?["duplicateOf"] as? String == "old@laokehu.cn")
        }
    }

    @Test func theWebLogFormRefusesAnImpossibleTimeInsteadOfRollingItOver() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let person = try await app.person("li.na@test.local", name: "李娜", roles: [.sales])
            let api = APIClient(app: app, token: try await app.token(for: person))
            let customer = try #require(
                try await api.call(.POST, "/api/v1/customers", json: ["name": "华为"]).object["id"] as? String)
            let browser = Browser(app)
            try await browser.signIn(person.email, "Test-Passw0rd!")
            for (occurred, message) in [
                ("2026-02-30T09:30", "日期格式不正确"), ("2026-09-21T25:61", "日期格式不正确"), ("9999-12-31T09:30", "1900"),
            ] {
                let bad = try await browser.post(
                    "/interactions",
                    [
                        ("customerId", customer), ("channel", "phone"), ("direction", "inbound"),
                        ("subject", "询问发票"), ("occurredAt", occurred), ("body", ""),
                    ])
                #expect(bad.status == .unprocessableEntity, "\(occurred)")
                #expect(bad.text.contains(message), "\(occurred)")
            }
            let nul = try await browser.post(
                "/interactions",
                [
                    ("customerId", customer), ("channel", "phone"), ("direction", "inbound"),
                    ("subject", "询问\u{0}发票"), ("occurredAt", "2026-09-21T09:30"), ("body", "第一行\r\n第二行"),
                ])
            #expect(nul.status == .unprocessableEntity)
            let good = try await browser.post(
                "/interactions",
                [
                    ("customerId", customer), ("channel", "phone"), ("direction", "inbound"),
                    ("subject", "询问发票"), ("occurredAt", "2026-09-21T09:30"), ("body", "第一行\r\n第二行"),
                ])
            #expect(good.status == .seeOther)
            let timeline = try await api.call(.GET, "/api/v1/customers/\(customer)/timeline")
            #expect(timeline.items.first?["occurredAt"] as? String == "2026-09-21T01:30:00.000Z")

            for text in ["2099-02-30T09:00", "2099-02-01T24:00", "9999-12-31T09:00", "2099-02-01T09:00:00+25:00"] {
                let away = try await browser.post("/account/absence", [("absentUntil", text)])
                #expect(away.status == .unprocessableEntity, "\(text)")
            }
            #expect(
                try await browser.post("/account/absence", [("absentUntil", "2099-02-01T09:00:00Z")]).status
                    == .seeOther)
        }
    }
}
