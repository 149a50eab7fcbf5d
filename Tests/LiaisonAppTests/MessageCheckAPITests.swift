import Foundation
import LiaisonCore
import LiaisonData
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// The message check on the way out: `POST /api/v1/message-checks` without a send, public replies refused on a
/// block and on unconfirmed warnings (nothing saved), a confirmed override audited with who and why, the settings
/// and the lexicon (CSV in and out, a bad row refusing the whole import), need-to-know on every reference, and the
/// reply form's findings panel.
@Suite struct MessageCheckAPITests {
    struct World {
        var admin: APIClient
        var agent: APIClient
        var agentPerson: Person
        var customer: String
        var contact: String
        var request: String
        var secretCustomer: String
    }

    static func world(_ app: TestApp) async throws -> World {
        let (_, token) = try await app.admin()
        let admin = APIClient(app: app, token: token)
        let agentPerson = try await app.person("agent@test.local", name: "黄丽", roles: [.agent])
        let agent = APIClient(app: app, token: try await app.token(for: agentPerson))
        let customer = try await admin.call(.POST, "/api/v1/customers", json: ["name": "宁波港集团"]).object["id"] as! String
        let contact = try await admin.call(
            .POST, "/api/v1/contacts",
            json: ["customerId": customer, "name": "陈志远", "emails": ["chen@nbport.cn"], "preferredLanguage": "zh-Hans"]
        ).object["id"] as! String
        let other = try await admin.call(.POST, "/api/v1/customers", json: ["name": "星河科技有限公司"]).object["id"] as! String
        _ = try await admin.call(.POST, "/api/v1/contacts", json: ["customerId": other, "name": "王建国"])
        let secret = try await admin.call(
            .POST, "/api/v1/customers", json: ["name": "华东保密项目组", "classification": "confidential"]
        ).object["id"] as! String
        let made = try await admin.call(
            .POST, "/api/v1/requests",
            json: ["customerId": customer, "contactId": contact, "kind": "issue", "priority": "normal",
                   "subject": "堆场系统无法登录", "body": "今天早上开始无法登录，请问什么时候能恢复？"])
        #expect(made.status == .created, "\(made.text)")
        let request = made.object["id"] as! String
        let note = try await admin.call(
            .POST, "/api/v1/requests/\(request)/messages",
            json: ["body": "内部：根因是上周发布时数据库连接池配置写错，暂不要告诉客户具体原因", "visibility": "internal"])
        #expect(note.status == .created)
        return World(
            admin: admin, agent: agent, agentPerson: agentPerson, customer: customer, contact: contact,
            request: request, secretCustomer: secret)
    }

    @Test func theCheckFindsPlaceholdersVaguenessAndPromisesWithoutSendingAnything() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let text = "{{客户名}}您好，我们会尽快处理。方案下周一上午给您。"
            let answer = try await w.agent.call(
                .POST, "/api/v1/message-checks",
                json: ["text": text, "customerId": w.customer, "contactId": w.contact, "at": "2026-04-03T16:00:00+08:00"])
            #expect(answer.status == .ok, "\(answer.text)")
            let findings = try #require(answer.object["findings"] as? [[String: Any]])
            let placeholder = try #require(findings.first { $0["kind"] as? String == "placeholder" })
            #expect(placeholder["start"] as? Int == 0)
            #expect(placeholder["end"] as? Int == 7)
            #expect(placeholder["severity"] as? String == "block")
            #expect((placeholder["message"] as? String)?.isEmpty == false)
            let vague = try #require(findings.first { $0["kind"] as? String == "vagueness" })
            let characters = Array(text.unicodeScalars)
            let start = try #require(vague["start"] as? Int)
            let end = try #require(vague["end"] as? Int)
            #expect(String(String.UnicodeScalarView(characters[start..<end])) == "尽快")
            // Friday 3 April 2026, before Qingming (4–6 April): "next Monday morning" is a holiday; the promise moves
            // to the morning of the next working day, Tuesday 7 April, as the calendar resolves it.
            let commitments = try #require(answer.object["commitments"] as? [[String: Any]])
            let due = try #require(commitments.first?["dueAt"] as? String)
            let expected = CommitmentTime.find(
                in: text, calendar: BusinessCalendar.standardChina().applying(HolidayPresets.china),
                now: try DateText.moment("2026-04-03T16:00:00+08:00"))
            #expect(expected.count == 1)
            #expect(try DateText.moment(due) == expected.first?.dueAt)
            #expect(due.hasPrefix("2026-04-07"))
            #expect(findings.contains { $0["code"] as? String == "date.holiday" })
            // Nothing was sent or stored by a check.
            let audit = try await w.admin.call(.GET, "/api/v1/audit?limit=5")
            #expect(!audit.text.contains("messageCheck"))

            // A customer added after the check compiled its names is known to it within a second.
            _ = try await w.admin.call(.POST, "/api/v1/customers", json: ["name": "云帆物流有限公司"])
            app.clock.advance(by: 2)
            let named = try await w.agent.call(
                .POST, "/api/v1/message-checks", json: ["text": "云帆物流也是这样处理的。", "customerId": w.customer])
            #expect((named.object["findings"] as? [[String: Any]])?.contains { $0["kind"] as? String == "otherCustomer" } == true,
                "\(named.text)")

            let english = try await w.agent.call(
                .POST, "/api/v1/message-checks", json: ["text": "We will fix it ASAP.", "language": "en"])
            #expect(english.status == .ok)
            #expect((english.object["findings"] as? [[String: Any]])?.contains { $0["kind"] as? String == "vagueness" } == true)
        }
    }

    @Test func badBodiesAndUnseenReferencesAreRefusedClearly() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let empty = try await w.agent.call(.POST, "/api/v1/message-checks", json: ["text": "  "])
            #expect(empty.fieldErrors["text"] == "required")
            let bad = try await w.agent.call(
                .POST, "/api/v1/message-checks",
                json: ["text": "您好", "recipients": ["不是地址"], "language": "fr", "at": "2026-02-30T10:00:00+08:00"])
            #expect(bad.fieldErrors["recipients[0]"] == "invalidEmail")
            #expect(bad.fieldErrors["language"] == "invalidChoice")
            #expect(bad.fieldErrors["at"] == "invalidDate")
            // A confidential customer the agent is not on the team of is as if it did not exist.
            let unseen = try await w.agent.call(
                .POST, "/api/v1/message-checks", json: ["text": "您好", "customerId": w.secretCustomer])
            #expect(unseen.fieldErrors["customerId"] == "invalidReference")
            let foreignContact = try await w.agent.call(
                .POST, "/api/v1/message-checks",
                json: ["text": "您好", "customerId": w.customer, "contactId": UUID().uuidString])
            #expect(foreignContact.fieldErrors["contactId"] == "invalidReference")
            let huge = String(repeating: "您好，", count: 70_000)
            let tooLong = try await w.agent.call(.POST, "/api/v1/message-checks", json: ["text": huge])
            #expect(tooLong.fieldErrors["text"] == "tooLong")
            let dodged = try await w.agent.call(
                .POST, "/api/v1/message-checks", json: ["text": "这是你们自\u{200B}己的问\u{FF0C}题，😀"])
            #expect(dodged.status == .ok)
            #expect((dodged.object["findings"] as? [[String: Any]])?.contains { $0["kind"] as? String == "disrespect" } == true)
        }
    }

    @Test func aReplyIsRefusedOnABlockAndOnUnconfirmedWarningsAndAnOverrideIsAudited() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let messages = "/api/v1/requests/\(w.request)/messages"
            let before = try await w.admin.call(.GET, messages).items.count

            let leak = try await w.admin.call(
                .POST, messages, json: ["body": "陈工您好，星河科技上周也遇到同样的问题，已经修复。", "confirmWarnings": true,
                                        "overrideReason": "试试"])
            #expect(leak.status == .unprocessableEntity)
            #expect(leak.object["type"] as? String == "https://liaison.dev/problems/message-check")
            let blocking = try #require(leak.object["findings"] as? [[String: Any]])
            #expect(blocking.contains { $0["kind"] as? String == "otherCustomer" && $0["severity"] as? String == "block" })
            #expect(leak.fieldErrors["body"] == "messageCheck.otherCustomer")

            let vague = try await w.admin.call(.POST, messages, json: ["body": "陈工您好，我们会尽快处理。"])
            #expect(vague.status == .unprocessableEntity)
            #expect((vague.object["findings"] as? [[String: Any]])?.allSatisfy { $0["severity"] as? String == "warn" } == true)
            let noReason = try await w.admin.call(
                .POST, messages, json: ["body": "陈工您好，我们会尽快处理。", "confirmWarnings": true])
            #expect(noReason.fieldErrors["overrideReason"] == "required")
            #expect(try await w.admin.call(.GET, messages).items.count == before)

            let confirmed = try await w.admin.call(
                .POST, messages,
                json: ["body": "陈工您好，我们会尽快处理。", "confirmWarnings": true, "overrideReason": "客户要求先回个消息"])
            #expect(confirmed.status == .created, "\(confirmed.text)")
            let audit = try await w.admin.call(.GET, "/api/v1/audit?recordType=request&recordId=\(w.request)")
            #expect(audit.text.contains("messageCheck.override"))
            #expect(audit.text.contains("客户要求先回个消息"))
            #expect(audit.text.contains("尽快"))

            // Internal notes and messages recorded from the customer are not checked; a precise reply goes through.
            #expect(try await w.admin.call(.POST, messages, json: ["body": "尽快跟进 {{TODO}}", "visibility": "internal"]).status == .created)
            #expect(
                try await w.admin.call(.POST, messages, json: ["body": "你们尽快！", "contactId": w.contact, "channel": "phone"])
                    .status == .created)
            let clean = try await w.admin.call(
                .POST, messages, json: ["body": "陈工您好，登录问题已修复，请您再试一次。如仍有问题，请直接回复此邮件。"])
            #expect(clean.status == .created, "\(clean.text)")
        }
    }

    @Test func settingsAndLexiconAreAdministeredWithClearRefusals() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let settings = "/api/v1/message-checks/settings"
            #expect(try await w.agent.call(.GET, settings).status == .forbidden)
            let shown = try await w.admin.call(.GET, settings)
            #expect((shown.object["kinds"] as? [String: String])?["otherCustomer"] == "block")
            let refused = try await w.admin.call(
                .PUT, settings, json: ["kinds": ["otherCustomer": "warn", "gossip": "off", "vagueness": "maybe"]])
            #expect(refused.fieldErrors["kinds.otherCustomer"] == "alwaysBlocks")
            #expect(refused.fieldErrors["kinds.gossip"] == "unknownKind")
            #expect(refused.fieldErrors["kinds.vagueness"] == "invalidChoice")
            let off = try await w.admin.call(.PUT, settings, json: ["kinds": ["vagueness": "off"]])
            #expect((off.object["kinds"] as? [String: String])?["vagueness"] == "off")
            let messages = "/api/v1/requests/\(w.request)/messages"
            #expect(try await w.admin.call(.POST, messages, json: ["body": "陈工您好，我们会尽快处理。"]).status == .created)

            let lexicon = "/api/v1/message-checks/lexicon"
            let builtIn = try await w.admin.call(.GET, lexicon)
            #expect(builtIn.object["edited"] as? Bool == false)
            #expect(((builtIn.object["entries"] as? [Any])?.count ?? 0) > 50)
            let csv = try await w.admin.call(.GET, "\(lexicon)?format=csv")
            #expect(csv.headers.contentType?.subType == "csv")
            #expect(csv.text.hasPrefix("phrase,kind,severity,language,suggestion_zh,suggestion_en"))

            let badCSV = "phrase,kind,severity,language,suggestion_zh,suggestion_en\n磨磨蹭蹭,disrespect,block,zh,,\n,disrespect,warn,,,\n拖拉,rudeness,sometimes,fr,,\n"
            var csvHeaders = HTTPHeaders()
            csvHeaders.add(name: .authorization, value: "Bearer \(w.admin.token ?? "")")
            csvHeaders.contentType = HTTPMediaType(type: "text", subType: "csv")
            let refusedCSV = try await app.tester.sendRequest(.PUT, lexicon, headers: csvHeaders, body: ByteBuffer(string: badCSV))
            #expect(refusedCSV.status == .unprocessableEntity, "\(refusedCSV.text)")
            // Named by the line of the file (the header is line 1).
            #expect(refusedCSV.fieldErrors.keys.contains { $0.hasPrefix("rows[3]") })
            #expect(refusedCSV.fieldErrors.keys.contains { $0.hasPrefix("rows[4]") })
            #expect(try await w.admin.call(.GET, lexicon).object["edited"] as? Bool == false)

            let good = "phrase,kind,severity,language,suggestion_zh,suggestion_en\n磨磨蹭蹭,disrespect,block,zh,请说明具体进展,Say what is being done\n"
            let replaced = try await app.tester.sendRequest(.PUT, lexicon, headers: csvHeaders, body: ByteBuffer(string: good))
            #expect(replaced.status == .ok, "\(replaced.text)")
            #expect(replaced.object["edited"] as? Bool == true)
            #expect((replaced.object["entries"] as? [Any])?.count == 1)
            let found = try await w.agent.call(.POST, "/api/v1/message-checks", json: ["text": "你们磨磨蹭蹭的，什么时候好？"])
            let disrespect = (found.object["findings"] as? [[String: Any]])?.first { $0["kind"] as? String == "disrespect" }
            #expect(disrespect?["severity"] as? String == "block")
            #expect(disrespect?["suggestion"] as? String == "请说明具体进展")

            let badJSON = try await w.admin.call(.PUT, lexicon, json: ["entries": [["phrase": "", "kind": "placeholder"]]])
            #expect(badJSON.fieldErrors["entries[0].phrase"] == "required")
            #expect(badJSON.fieldErrors["entries[0].kind"] == "invalidChoice")
            let reset = try await w.admin.call(.DELETE, lexicon)
            #expect(reset.object["edited"] as? Bool == false)
            let audit = try await w.admin.call(.GET, "/api/v1/audit?recordType=settings")
            #expect(audit.text.contains("messageCheck.lexicon"))
            #expect(audit.text.contains("messageCheck.settings"))
        }
    }

    @Test func theReplyFormShowsTheFindingsAndSendsOnceConfirmedWithAReason() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let browser = Browser(app)
            try await browser.signIn("agent@test.local", "Test-Passw0rd!")
            let admin = Browser(app)
            try await admin.signIn("admin@test.local", "Test-Passw0rd!")
            let page = try await admin.get("/requests/\(w.request)")
            #expect(page.text.contains("data-message-check=\"/message-checks\""))
            let refused = try await admin.post(
                "/requests/\(w.request)/messages", [("body", "陈工您好，我们会尽快处理。"), ("visibility", "public")])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("按原文发送"))
            #expect(refused.text.contains("尽快"))
            let noReason = try await admin.post(
                "/requests/\(w.request)/messages",
                [("body", "陈工您好，我们会尽快处理。"), ("visibility", "public"), ("confirmWarnings", "on")])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.text.contains("field-error"))
            let sent = try await admin.post(
                "/requests/\(w.request)/messages",
                [("body", "陈工您好，我们会尽快处理。"), ("visibility", "public"), ("confirmWarnings", "on"),
                 ("overrideReason", "先安抚客户")])
            #expect(sent.status == .seeOther)
            let check = try await admin.postJSON("/message-checks", ["text": "{{客户名}}您好", "requestId": w.request])
            #expect(check.status == .ok, "\(check.text)")
            #expect(check.text.contains("placeholder"))

            let settingsPage = try await admin.get("/admin/message-checks")
            #expect(settingsPage.status == .ok)
            #expect(settingsPage.text.contains("沟通质量检查"))
            admin.acceptLanguage = "en"
            #expect(try await admin.get("/admin/message-checks").status == .ok)
            let added = try await admin.post(
                "/admin/message-checks/lexicon", [("phrase", "磨磨蹭蹭"), ("kind", "disrespect"), ("severity", "block")])
            #expect(added.status == .seeOther)
            let badAdd = try await admin.post("/admin/message-checks/lexicon", [("phrase", "！！"), ("kind", "disrespect")])
            #expect(badAdd.status == .unprocessableEntity)
            #expect(try await browser.get("/admin/message-checks").status == .forbidden)
        }
    }
}
