import Fluent
import Foundation
import LiaisonCore
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp
@testable import LiaisonData

/// Commitments (承诺跟进) through the API and the sweep: made with a due time ahead, listed by scope and overdue,
/// corrected with If-Match, done and cancelled; seen only by those who may know the customer; the owner reminded
/// once before the due time, the breach recorded once and escalated to the owner's department lead.
@Suite struct CommitmentTests {
    struct World {
        var admin: APIClient
        var agent: Person
        var agentAPI: APIClient
        var lead: Person
        var leadAPI: APIClient
        var outsider: Person
        var outsiderAPI: APIClient
        /// A confidential customer whose account team has the agent (and not the lead or the outsider).
        var secret: String
        /// An internal customer anyone may know.
        var open: String
    }

    static func world(_ app: TestApp) async throws -> World {
        let (_, token) = try await app.admin()
        let admin = APIClient(app: app, token: token)
        let department = try #require(
            try await admin.call(.POST, "/api/v1/departments", json: ["name": "客服部"]).object["id"] as? String)
        let dept = try #require(UUID(uuidString: department))
        let agent = try await app.person("agent@test.local", name: "客服小王", roles: [.agent], department: dept)
        let lead = try await app.person("lead@test.local", name: "主管老李", roles: [.departmentLead], department: dept)
        let outsider = try await app.person("out@test.local", name: "外人小赵", roles: [.agent])
        let secret = try await ProjectsTests.customer(admin, "机密客户", classification: "confidential")
        let joined = try await admin.call(
            .POST, "/api/v1/customers/\(secret)/team", json: ["userId": agent.id.uuidString, "role": "member"])
        #expect(joined.status == .ok || joined.status == .created, "\(joined.body.string)")
        let open = try await ProjectsTests.customer(admin, "普通客户", classification: "internal")
        return World(
            admin: admin, agent: agent, agentAPI: APIClient(app: app, token: try await app.token(for: agent)),
            lead: lead, leadAPI: APIClient(app: app, token: try await app.token(for: lead)), outsider: outsider,
            outsiderAPI: APIClient(app: app, token: try await app.token(for: outsider)), secret: secret, open: open)
    }

    static func iso(_ date: Date) -> String { DateText.rfc3339(date) }

    @Test func commitmentsAreKeptByTheirOwnerAndSeenOnlyUnderNeedToKnow() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let base = "/api/v1/commitments"
            let now = app.clock.now
            let past = try await w.agentAPI.call(
                .POST, base,
                json: ["text": "下周一上午给您方案", "dueAt": Self.iso(now.addingTimeInterval(-60)), "customerId": w.secret])
            #expect(past.status == .unprocessableEntity)
            #expect(past.fieldErrors["dueAt"] == "commitmentDueInPast", "\(past.body.string)")
            let blank = try await w.agentAPI.call(.POST, base, json: ["text": " ", "dueAt": "2026-02-30T10:00:00Z"])
            #expect(blank.fieldErrors["text"] == "required" && blank.fieldErrors["dueAt"] != nil)
            let made = try await w.agentAPI.call(
                .POST, base,
                json: [
                    "text": "下周一上午给您方案", "dueAt": Self.iso(now.addingTimeInterval(3 * 86_400)), "customerId": w.secret,
                ])
            #expect(made.status == .created, "\(made.body.string)")
            #expect(made.object["ownerId"] as? String == w.agent.id.uuidString)
            #expect(made.object["source"] as? String == "manual" && made.object["status"] as? String == "open")
            let id = try #require(made.object["id"] as? String)
            // An owner who may not know the confidential customer is refused.
            let stranger = try await w.agentAPI.call(
                .POST, base,
                json: [
                    "text": "x", "dueAt": Self.iso(now.addingTimeInterval(86_400)), "customerId": w.secret,
                    "ownerId": w.outsider.id.uuidString,
                ])
            #expect(stranger.fieldErrors["ownerId"] == "assigneeCannotSeeCustomer", "\(stranger.body.string)")

            // Need-to-know: the outsider sees it neither listed, nor by id, nor can change it.
            #expect(try await w.agentAPI.call(.GET, "\(base)?scope=mine").items.count == 1)
            #expect(try await w.outsiderAPI.call(.GET, base).items.isEmpty)
            #expect(try await w.outsiderAPI.call(.GET, "\(base)/\(id)").status == .notFound)
            #expect(try await w.outsiderAPI.call(.POST, "\(base)/\(id)/done").status == .notFound)
            #expect(try await w.admin.call(.GET, "\(base)?customerId=\(w.secret)").items.count == 1)
            // One of no customer: its owner and management see it, a colleague does not.
            let own = try await w.outsiderAPI.call(
                .POST, base, json: ["text": "周五前回电", "dueAt": Self.iso(now.addingTimeInterval(86_400))])
            #expect(own.status == .created, "\(own.body.string)")
            #expect(try await w.outsiderAPI.call(.GET, "\(base)?scope=mine").items.count == 1)
            #expect(try await w.agentAPI.call(.GET, "\(base)?scope=all").items.count == 1)
            #expect(try await w.admin.call(.GET, "\(base)?scope=all").items.count == 2)

            // The team scope: the lead of the agent's department sees the agent's commitments of customers the lead
            // may know (an internal customer's), not the confidential one's.
            let teamMade = try await w.agentAPI.call(
                .POST, base,
                json: ["text": "明天下午发报价", "dueAt": Self.iso(now.addingTimeInterval(2 * 86_400)), "customerId": w.open])
            #expect(teamMade.status == .created)
            let team = try await w.leadAPI.call(.GET, "\(base)?scope=team")
            #expect(team.items.map { $0["text"] as? String } == ["明天下午发报价"], "\(team.body.string)")
            #expect(try await w.outsiderAPI.call(.GET, "\(base)?scope=team").items.isEmpty)
            #expect(try await w.agentAPI.call(.GET, "\(base)?scope=nobody").fieldErrors["scope"] == "invalidChoice")

            // Corrected with If-Match; a stale version is refused.
            let stale = try await w.agentAPI.call(
                .PATCH, "\(base)/\(id)", json: ["text": "下周二给您方案"], headers: [("If-Match", "\"9\"")])
            #expect(stale.status == .preconditionFailed)
            let corrected = try await w.agentAPI.call(
                .PATCH, "\(base)/\(id)", json: ["text": "下周二给您方案"], headers: [("If-Match", "\"1\"")])
            #expect(corrected.status == .ok, "\(corrected.body.string)")
            #expect(corrected.object["text"] as? String == "下周二给您方案" && corrected.object["version"] as? Int == 2)

            // Overdue once its due time passes; done then leaves the overdue list.
            app.clock.advance(by: 4 * 86_400)
            let overdue = try await w.agentAPI.call(.GET, "\(base)?overdue=true&scope=mine")
            #expect(overdue.items.count == 2 && overdue.items.allSatisfy { $0["overdue"] as? Bool == true })
            let done = try await w.agentAPI.call(.POST, "\(base)/\(id)/done")
            #expect(done.status == .ok && done.object["status"] as? String == "done" && done.object["doneAt"] != nil)
            #expect(try await w.agentAPI.call(.GET, "\(base)?overdue=true&scope=mine").items.count == 1)
            // Cancelled by DELETE: kept, cancelled.
            let ownID = try #require(own.object["id"] as? String)
            #expect(try await w.outsiderAPI.call(.DELETE, "\(base)/\(ownID)").status == .noContent)
            #expect(try await w.outsiderAPI.call(.GET, "\(base)/\(ownID)").object["status"] as? String == "cancelled")
            #expect(try await w.outsiderAPI.call(.POST, "\(base)/\(ownID)/done").status == .conflict)

            let audit = try await w.admin.call(.GET, "/api/v1/audit?recordType=commitment&recordId=\(id)")
            let actions = Set(audit.items.compactMap { $0["action"] as? String })
            #expect(
                actions.isSuperset(of: ["commitment.create", "commitment.update", "commitment.done"]), "\(actions)")
            let cancelled = try await w.admin.call(.GET, "/api/v1/audit?recordType=commitment&recordId=\(ownID)")
            #expect(cancelled.items.contains { $0["action"] as? String == "commitment.cancel" })
        }
    }

    @Test func theOwnerIsRemindedOnceAndABreachIsEscalatedOnce() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let now = app.clock.now
            let made = try await w.agentAPI.call(
                .POST, "/api/v1/commitments",
                json: ["text": "周一上午给您方案", "dueAt": Self.iso(now.addingTimeInterval(30 * 3_600)), "customerId": w.open])
            #expect(made.status == .created, "\(made.body.string)")
            let secret = try await w.agentAPI.call(
                .POST, "/api/v1/commitments",
                json: ["text": "机密承诺", "dueAt": Self.iso(now.addingTimeInterval(30 * 3_600)), "customerId": w.secret])
            #expect(secret.status == .created)
            #expect(try await CommitmentJobs.sweepAll(app.app, at: app.clock.now).0.reminded == 0)
            app.clock.advance(by: 7 * 3_600)
            #expect(try await CommitmentJobs.sweepAll(app.app, at: app.clock.now).0.reminded == 2)
            #expect(try await CommitmentJobs.sweepAll(app.app, at: app.clock.now).0.reminded == 0)
            #expect(try await CommunicationPlanTests.notices(app, w.agent, kind: .commitmentDue).count == 2)
            app.clock.advance(by: 24 * 3_600)
            let breach = try await CommitmentJobs.sweepAll(app.app, at: app.clock.now).0
            #expect(breach.breached == 2 && breach.reminded == 0)
            let again = try await CommitmentJobs.sweepAll(app.app, at: app.clock.now).0
            #expect(again.breached == 0 && again.reminded == 0)
            #expect(try await CommunicationPlanTests.notices(app, w.agent, kind: .commitmentBreached).count == 2)
            // The lead hears of the internal customer's breach only: the confidential one is not theirs to know.
            let lead = try await CommunicationPlanTests.notices(app, w.lead, kind: .commitmentBreached)
            #expect(lead.count == 1, "\(lead)")
            #expect((lead.first?["text"] as? String)?.contains("客服小王") == true, "\(lead)")
            #expect(try await CommunicationPlanTests.notices(app, w.outsider, kind: .commitmentBreached).isEmpty)
            let id = try #require(made.object["id"] as? String)
            let shown = try await w.agentAPI.call(.GET, "/api/v1/commitments/\(id)")
            #expect(shown.object["breachedAt"] != nil && shown.object["remindedAt"] != nil)
            // A corrected due time is reminded and breached afresh.
            let later = try await w.agentAPI.call(
                .PATCH, "/api/v1/commitments/\(id)",
                json: ["dueAt": Self.iso(app.clock.now.addingTimeInterval(10 * 3_600))])
            #expect(later.status == .ok, "\(later.body.string)")
            #expect(later.object["breachedAt"] is NSNull || later.object["breachedAt"] == nil)
            #expect(try await CommitmentJobs.sweepAll(app.app, at: app.clock.now).0.reminded == 1)
        }
    }

    @Test func nudgesAreFoundLiveAndSentOncePerItemAndPeriod() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let quiet = try await w.admin.call(
                .POST, "/api/v1/customers",
                json: [
                    "name": "久未联系客户", "tier": "strategic", "ownerId": w.agent.id.uuidString,
                    "classification": "internal",
                ])
            #expect(quiet.status == .created, "\(quiet.body.string)")
            let quietID = try #require(quiet.object["id"] as? String)
            let busy = try await w.admin.call(
                .POST, "/api/v1/customers",
                json: [
                    "name": "常联系客户", "tier": "strategic", "ownerId": w.agent.id.uuidString,
                    "classification": "internal",
                ])
            let busyID = try #require(busy.object["id"] as? String)
            #expect(try await CommitmentJobs.sweepAll(app.app, at: app.clock.now).1.sent == 0)
            app.clock.advance(by: 10 * 86_400)
            let logged = try await w.agentAPI.call(
                .POST, "/api/v1/interactions",
                json: [
                    "customerId": busyID, "channel": "phone", "direction": "outbound", "subject": "回访", "body": "电话回访",
                    "occurredAt": Self.iso(app.clock.now),
                ])
            #expect(logged.status == .created, "\(logged.body.string)")
            app.clock.advance(by: 5 * 86_400)
            // Strategic customers may go 14 days: the untouched one is a nudge, the one called 5 days ago is not.
            let first = try await CommitmentJobs.sweepAll(app.app, at: app.clock.now).1
            #expect(first.sent == 1, "\(first)")
            #expect(try await CommitmentJobs.sweepAll(app.app, at: app.clock.now).1.sent == 0)
            let told = try await CommunicationPlanTests.notices(app, w.agent, kind: .nudge)
            #expect(told.count == 1 && (told.first?["text"] as? String)?.contains("久未联系客户") == true, "\(told)")
            #expect((told.first?["link"] as? String)?.contains(quietID) == true, "\(told)")
            // The owner's home page shows it; the threshold is a setting.
            let home = Browser(app)
            _ = try await home.signIn("agent@test.local", "Test-Passw0rd!")
            let page = try await home.get("/")
            #expect(page.body.string.contains("主动沟通提醒") && page.body.string.contains("久未联系客户：自"))
            #expect(!page.body.string.contains("常联系客户："))
            let settings = try await w.admin.call(.PUT, "/api/v1/settings", json: ["quietDaysStrategic": 0])
            #expect(settings.fieldErrors["quietDaysStrategic"] == "outOfRange", "\(settings.body.string)")
            let longer = try await w.admin.call(.PUT, "/api/v1/settings", json: ["quietDaysStrategic": 60])
            #expect(longer.status == .ok && longer.object["quietDaysStrategic"] as? Int == 60, "\(longer.body.string)")
            #expect(!(try await home.get("/").body.string.contains("久未联系客户：自")))
            // A commitment due within a day is a nudge too, once.
            let soon = try await w.agentAPI.call(
                .POST, "/api/v1/commitments",
                json: [
                    "text": "今晚发纪要", "dueAt": Self.iso(app.clock.now.addingTimeInterval(5 * 3_600)),
                    "customerId": w.open,
                ])
            #expect(soon.status == .created)
            #expect(try await CommitmentJobs.sweepAll(app.app, at: app.clock.now).1.sent == 1)
            #expect(try await CommitmentJobs.sweepAll(app.app, at: app.clock.now).1.sent == 0)
        }
    }

    @Test func interactionNextStepsAreCommitmentsAndMigrationCopiesTheOldOnes() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let occurred = app.clock.now
            let logged = try await w.agentAPI.call(
                .POST, "/api/v1/interactions",
                json: [
                    "customerId": w.open, "channel": "phone", "direction": "outbound", "subject": "需求沟通",
                    "body": "电话沟通", "occurredAt": Self.iso(occurred), "nextStep": "周三前提交报价",
                    "nextStepOwnerId": w.agent.id.uuidString,
                    "nextStepDueAt": Self.iso(occurred.addingTimeInterval(2 * 86_400)),
                ])
            #expect(logged.status == .created, "\(logged.body.string)")
            let interaction = try #require(logged.object["id"] as? String)
            let listed = try await w.agentAPI.call(.GET, "/api/v1/commitments?scope=mine")
            #expect(listed.items.count == 1 && listed.items.first?["source"] as? String == "interaction")
            #expect(listed.items.first?["interactionId"] as? String == interaction)
            // Marking the step done finishes its commitment.
            let stepDone = try await w.agentAPI.call(
                .PATCH, "/api/v1/interactions/\(interaction)", json: ["nextStepDone": true])
            #expect(stepDone.status == .ok, "\(stepDone.body.string)")
            #expect(try await w.agentAPI.call(.GET, "/api/v1/commitments?scope=mine&status=done").items.count == 1)

            // Before migration 150 there was no commitment: an open step with a due time and one without.
            _ = try await w.agentAPI.call(
                .POST, "/api/v1/interactions",
                json: [
                    "customerId": w.open, "channel": "visit", "direction": "outbound", "subject": "拜访",
                    "body": "上门拜访", "occurredAt": Self.iso(occurred), "nextStep": "整理拜访纪要",
                    "nextStepOwnerId": w.agent.id.uuidString,
                ])
            try await CreateNudges().revert(on: app.app.db)
            try await CreateCommitments().revert(on: app.app.db)
            try await CreateCommitments().prepare(on: app.app.db)
            try await CreateNudges().prepare(on: app.app.db)
            let migrated = try await w.agentAPI.call(.GET, "/api/v1/commitments?scope=mine&status=open")
            #expect(migrated.items.map { $0["text"] as? String } == ["整理拜访纪要"], "\(migrated.body.string)")
            let due = try #require(migrated.items.first?["dueAt"] as? String)
            #expect(try DateText.moment(due) == occurred.addingTimeInterval(7 * 86_400))
            #expect(try await w.agentAPI.call(.GET, "/api/v1/commitments?scope=mine&status=done").items.count == 1)
        }
    }

    @Test func thePagesListCorrectAndConfirmCommitmentsInBothLanguages() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let requestID = try #require(
                try await w.agentAPI.call(
                    .POST, "/api/v1/requests",
                    json: [
                        "customerId": w.open, "kind": "issue", "priority": "normal", "subject": "方案咨询", "body": "请给方案",
                    ]
                ).object["id"] as? String)
            let browser = Browser(app)
            _ = try await browser.signIn("agent@test.local", "Test-Passw0rd!")
            // The reply form's one click: text and due time as the check found them.
            let due = Self.iso(app.clock.now.addingTimeInterval(3 * 86_400))
            let confirmed = try await browser.post(
                "/requests/\(requestID)/commitments",
                [("text", "下周一上午给您方案"), ("dueAt", due), ("start", "0"), ("end", "9")])
            #expect(confirmed.status == .seeOther, "\(confirmed.body.string)")
            #expect(confirmed.headers.first(name: .location)?.hasPrefix("/requests/\(requestID)") == true)
            let onRequest = try await browser.get("/requests/\(requestID)")
            #expect(onRequest.body.string.contains("下周一上午给您方案"), "\(onRequest.body.string)")
            let made = try await w.agentAPI.call(.GET, "/api/v1/commitments?requestId=\(requestID)")
            #expect(
                made.items.first?["source"] as? String == "reply"
                    && made.items.first?["customerId"] as? String == w.open)
            let id = try #require(made.items.first?["id"] as? String)
            let refused = try await browser.post(
                "/requests/\(requestID)/commitments", [("text", "昨天给您"), ("dueAt", "2020-01-01T10:00:00Z")])
            #expect(refused.status == .seeOther)
            #expect(try await w.agentAPI.call(.GET, "/api/v1/commitments?requestId=\(requestID)").items.count == 1)

            // The list, the form, a correction and done.
            let list = try await browser.get("/commitments")
            #expect(list.status == .ok && list.body.string.contains("承诺跟进") && list.body.string.contains("下周一上午给您方案"))
            let added = try await browser.post(
                "/commitments",
                [
                    ("text", "周五前寄样品"), ("dueAt", "2026-09-25T10:00"), ("ownerId", w.agent.id.uuidString),
                    ("customerId", w.open),
                ])
            #expect(added.status == .seeOther, "\(added.body.string)")
            let bad = try await browser.post("/commitments", [("text", "过去的承诺"), ("dueAt", "2026-09-01T10:00")])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("到期时间已过"))
            #expect(try await browser.get("/commitments/\(id)/edit").body.string.contains("更正承诺"))
            let edited = try await browser.post(
                "/commitments/\(id)", [("text", "下周二上午给您方案"), ("dueAt", "2026-09-29T10:00"), ("version", "1")])
            #expect(edited.status == .seeOther, "\(edited.body.string)")
            let finished = try await browser.post("/commitments/\(id)/done", [("version", "2")])
            #expect(finished.status == .seeOther)
            #expect(try await w.agentAPI.call(.GET, "/api/v1/commitments/\(id)").object["status"] as? String == "done")
            // The customer's page shows its commitments and its timeline the commitment once.
            let customer = try await browser.get("/customers/\(w.open)")
            #expect(customer.body.string.contains("周五前寄样品"))
            let timeline = try await w.agentAPI.call(.GET, "/api/v1/customers/\(w.open)/timeline")
            #expect(
                timeline.items.filter { $0["kind"] as? String == "commitment" }.count == 2, "\(timeline.body.string)")
            // The home page lists my commitments; English pages too.
            #expect(try await browser.get("/").body.string.contains("我的承诺"))
            browser.acceptLanguage = "en"
            let english = try await browser.get("/commitments?scope=all")
            #expect(english.body.string.contains("Commitments") && english.body.string.contains("New commitment"))
            #expect(try await browser.get("/").body.string.contains("My commitments"))
            let lead = Browser(app)
            _ = try await lead.signIn("lead@test.local", "Test-Passw0rd!")
            #expect(try await lead.get("/commitments?scope=team").body.string.contains("周五前寄样品"))
        }
    }
}
