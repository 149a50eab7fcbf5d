import Foundation
import LiaisonCore
import LiaisonData
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Need-to-know reaches everything that tells a person about a confidential customer: mentions, assignment (by
/// hand and by a queue), SLA warnings and breaches, the notification list, the home page, the import preview.
@Suite struct NeedToKnowNotificationTests {
    /// 2026-11-16 (Monday) 10:00 in Shanghai.
    static let monday = Date(timeIntervalSince1970: 1_795_312_800)

    struct World {
        var api: APIClient
        var insider: Person
        var outsider: Person
        var customer: String
        var request: String
    }

    /// A confidential customer whose account team is `insider` (its owner); `outsider` is an agent elsewhere.
    private func world(_ app: TestApp, queue: UUID? = nil) async throws -> World {
        app.clock.set(Self.monday)
        let insider = try await app.person("li.na@test.local", name: "李娜", roles: [.agent], department: queue)
        let outsider = try await app.person("zhao.gang@test.local", name: "赵刚", roles: [.agent], department: queue)
        let api = APIClient(app: app, token: try await app.token(for: insider))
        let customer = try await api.call(
            .POST, "/api/v1/customers", json: ["name": "华东保密项目组", "classification": "confidential"]
        ).object["id"] as! String
        let request = try await api.call(
            .POST, "/api/v1/requests",
            json: ["customerId": customer, "kind": "issue", "priority": "normal", "subject": "并购尽调资料", "body": "请核对附件"]
        ).object["id"] as! String
        return World(api: api, insider: insider, outsider: outsider, customer: customer, request: request)
    }

    @Test func aMentionOfSomeoneOutsideTheTeamTellsThemNothing() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await world(app)
            let supervisor = try await app.person("zhou.min@test.local", name: "周敏", roles: [.supervisor])
            let note = try await w.api.call(
                .POST, "/api/v1/requests/\(w.request)/messages", json: ["body": "@赵刚 @周敏 请看一下", "visibility": "internal"])
            #expect(note.status == .created)
            #expect(try await NotificationStore.unread(for: w.outsider.viewer, on: app.db).isEmpty)
            #expect(try await NotificationStore.unread(for: supervisor.viewer, on: app.db).map(\.textKey) == ["notify.mentioned"])
            let outsiderAPI = APIClient(app: app, token: try await app.token(for: w.outsider))
            let list = try await outsiderAPI.call(.GET, "/api/v1/notifications")
            #expect(list.status == .ok)
            #expect(!list.text.contains("并购"))
            let audit = try await AuditQueries.list(
                AuditFilter(action: AuditAction.messageAdded.rawValue), page: PageQuery(), on: app.db)
            #expect(audit.items.first?.changes.contains("mentionsWithheld") == true)
        }
    }

    @Test func aConfidentialRequestIsNotAssignedToSomeoneWhoCannotSeeIt() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await world(app)
            let direct = try await w.api.call(
                .POST, "/api/v1/requests",
                json: ["customerId": w.customer, "kind": "issue", "priority": "normal", "subject": "合同", "body": "x",
                       "assigneeId": w.outsider.id.uuidString])
            #expect(direct.status == .unprocessableEntity)
            #expect(direct.fieldErrors["assigneeId"] == "assigneeCannotSeeCustomer")
            let patched = try await w.api.call(
                .PATCH, "/api/v1/requests/\(w.request)", json: ["assigneeId": w.outsider.id.uuidString])
            #expect(patched.fieldErrors["assigneeId"] == "assigneeCannotSeeCustomer")
            #expect(try await NotificationStore.unread(for: w.outsider.viewer, on: app.db).isEmpty)
            // Once on the team, the same assignment is allowed and notified.
            let added = try await w.api.call(
                .POST, "/api/v1/customers/\(w.customer)/team", json: ["userId": w.outsider.id.uuidString])
            #expect(added.status == .created)
            let assigned = try await w.api.call(
                .PATCH, "/api/v1/requests/\(w.request)", json: ["assigneeId": w.outsider.id.uuidString])
            #expect(assigned.object["assigneeId"] as? String == w.outsider.id.uuidString)
            #expect(try await NotificationStore.unread(for: w.outsider.viewer, on: app.db).map(\.textKey) == ["notify.assigned"])
        }
    }

    @Test func aNextStepIsNotHandedToSomeoneWhoCannotSeeTheCustomer() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await world(app)
            let logged = try await w.api.call(
                .POST, "/api/v1/interactions",
                json: ["customerId": w.customer, "channel": "phone", "direction": "outbound", "subject": "电话沟通",
                       "occurredAt": "2026-11-16T01:00:00Z", "nextStep": "寄送合同", "nextStepOwnerId": w.outsider.id.uuidString])
            #expect(logged.fieldErrors["nextStepOwnerId"] == "assigneeCannotSeeCustomer")
            let mine = try await w.api.call(
                .POST, "/api/v1/interactions",
                json: ["customerId": w.customer, "channel": "phone", "direction": "outbound", "subject": "电话沟通",
                       "occurredAt": "2026-11-16T01:00:00Z", "nextStep": "寄送合同", "nextStepOwnerId": w.insider.id.uuidString])
            #expect(mine.status == .created)
        }
    }

    @Test func aQueueAssignsConfidentialRequestsOnlyWithinTheTeam() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let admin = APIClient(app: app, token: token)
            let queue = try await admin.call(.POST, "/api/v1/departments", json: ["name": "大客户部", "assignment": "roundRobin"])
                .object["id"] as! String
            let w = try await world(app, queue: UUID(uuidString: queue))
            var assignees: Set<String> = []
            for index in 1...4 {
                let created = try await w.api.call(
                    .POST, "/api/v1/requests",
                    json: ["customerId": w.customer, "kind": "inquiry", "priority": "normal", "subject": "问题\(index)",
                           "body": "x", "queueId": queue])
                #expect(created.status == .created)
                assignees.insert(created.object["assigneeId"] as? String ?? "none")
            }
            #expect(assignees == [w.insider.id.uuidString])
            #expect(try await NotificationStore.unread(for: w.outsider.viewer, on: app.db).isEmpty)
        }
    }

    @Test func breachNoticesSkipLeadsOutsideTheTeam() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await world(app)
            let lead = try await app.person("lead@test.local", name: "主管", roles: [.departmentLead])
            let supervisor = try await app.person("zhou.min@test.local", name: "周敏", roles: [.supervisor])
            _ = try await w.api.call(
                .POST, "/api/v1/requests",
                json: ["customerId": w.customer, "kind": "complaint", "priority": "normal", "subject": "投诉：泄密风险",
                       "body": "x", "assigneeId": w.insider.id.uuidString])
            app.clock.advance(by: 3 * 86_400)
            let context = JobContext(application: app.app, now: app.clock.now, logger: app.app.logger)
            try await RequestJobs.sweep.run("{}", context)
            #expect(try await NotificationStore.unread(for: lead.viewer, on: app.db).isEmpty)
            #expect(try await NotificationStore.unread(for: supervisor.viewer, on: app.db).contains { $0.textKey == "notify.slaBreach" })
            #expect(try await NotificationStore.unread(for: w.insider.viewer, on: app.db).contains { $0.textKey == "notify.slaBreach" })
            let home = Browser(app)
            _ = try await home.signIn("lead@test.local", "Test-Passw0rd!")
            let page = try await home.get("/")
            #expect(page.status == .ok)
            #expect(!page.text.contains("泄密"))
            #expect(!page.text.contains("R-00000"))
        }
    }

    @Test func aNotificationIsHiddenOnceItsReaderLeavesTheTeam() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await world(app)
            _ = try await w.api.call(.POST, "/api/v1/customers/\(w.customer)/team", json: ["userId": w.outsider.id.uuidString])
            _ = try await w.api.call(.POST, "/api/v1/requests/\(w.request)/messages", json: ["body": "@赵刚 请看", "visibility": "internal"])
            #expect(try await NotificationStore.unread(for: w.outsider.viewer, on: app.db).count == 1)
            let removed = try await w.api.call(.DELETE, "/api/v1/customers/\(w.customer)/team/\(w.outsider.id)")
            #expect(removed.status == .noContent)
            #expect(try await NotificationStore.unread(for: w.outsider.viewer, on: app.db).isEmpty)
            #expect(try await NotificationStore.recent(for: w.outsider.viewer, on: app.db).isEmpty)
        }
    }

    @Test func markingReadTakesOneIdOrAllAndNothingElse() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await world(app)
            _ = try await w.api.call(.POST, "/api/v1/customers/\(w.customer)/team", json: ["userId": w.outsider.id.uuidString])
            _ = try await w.api.call(.POST, "/api/v1/requests/\(w.request)/messages", json: ["body": "@赵刚 一", "visibility": "internal"])
            _ = try await w.api.call(.POST, "/api/v1/requests/\(w.request)/messages", json: ["body": "@赵刚 二", "visibility": "internal"])
            let api = APIClient(app: app, token: try await app.token(for: w.outsider))
            #expect(try await api.call(.POST, "/api/v1/notifications/read", json: [String: Any]()).fieldErrors["id"] == "idOrAll")
            #expect(try await api.call(.POST, "/api/v1/notifications/read", json: ["id": "   "]).fieldErrors["id"] == "idOrAll")
            #expect(try await api.call(.POST, "/api/v1/notifications/read", json: ["id": "nope"]).fieldErrors["id"] == "invalidReference")
            #expect(try await api.call(.POST, "/api/v1/notifications/read", json: ["id": UUID().uuidString]).status == .notFound)
            let notes = try await NotificationStore.unread(for: w.outsider.viewer, on: app.db)
            #expect(notes.count == 2)
            // Someone else's notification is not found either.
            #expect(try await w.api.call(.POST, "/api/v1/notifications/read", json: ["id": notes[0].id.uuidString]).status == .notFound)
            #expect(
                try await api.call(.POST, "/api/v1/notifications/read", json: ["id": notes[0].id.uuidString, "all": true])
                    .fieldErrors["id"] == "idOrAll")
            #expect(try await api.call(.POST, "/api/v1/notifications/read", json: ["id": notes[0].id.uuidString]).status == .noContent)
            #expect(try await NotificationStore.unread(for: w.outsider.viewer, on: app.db).map(\.id) == [notes[1].id])
            #expect(try await api.call(.POST, "/api/v1/notifications/read", json: ["all": true]).status == .noContent)
            #expect(try await NotificationStore.unread(for: w.outsider.viewer, on: app.db).isEmpty)
        }
    }

    @Test func blankIdsOfAnyWidthAreRequiredNotACrash() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await world(app)
            for blank in ["", "   ", "\u{3000}", "\t\u{3000} "] {
                let team = try await w.api.call(.POST, "/api/v1/customers/\(w.customer)/team", json: ["userId": blank])
                #expect(team.fieldErrors["userId"] == "required")
                let merge = try await w.api.call(.POST, "/api/v1/requests/\(w.request)/merge", json: ["into": blank])
                #expect(merge.fieldErrors["into"] == "required")
                let patch = try await w.api.call(.PATCH, "/api/v1/requests/\(w.request)", json: ["assigneeId": blank])
                #expect(patch.fieldErrors["assigneeId"] == "required")
            }
            #expect(try await w.api.call(.POST, "/api/v1/customers/\(w.customer)/team", json: [String: Any]()).fieldErrors["userId"] == "required")
            #expect(try await w.api.call(.POST, "/api/v1/requests/\(w.request)/merge", json: ["into": "R-1"]).fieldErrors["into"] == "invalidReference")
            #expect(try await w.api.call(.GET, "/api/v1/requests/\(w.request)").status == .ok)
        }
    }

    @Test func theImportPreviewDoesNotConfirmAHiddenContact() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await world(app)
            _ = try await w.api.call(.POST, "/api/v1/contacts", json: ["customerId": w.customer, "name": "保密联系人", "email": "secret@baomi.cn", "phones": ["13800138000"]])
            let importer = try await app.person("wang.lei@test.local", name: "王磊", roles: [.departmentLead, .sales])
            let api = APIClient(app: app, token: try await app.token(for: importer))
            let csv = "name,contactName,email,mobile\n新客户甲,某人,secret@baomi.cn,\n新客户乙,某人二,,+86 138-0013-8000\n"
            let preview = try await api.upload("/api/v1/imports?filename=a.csv", data: Data(csv.utf8))
            #expect(preview.status == .created)
            let rows = preview.object["rows"] as? [[String: Any]] ?? []
            #expect(rows.count == 2)
            #expect(rows.allSatisfy { $0["outcome"] as? String == "create" && $0["duplicateOf"] == nil })
            #expect(!preview.text.contains("secret@baomi.cn\"}") && !preview.text.contains("duplicate\""))
            // On the account team, the same file shows both rows as duplicates.
            _ = try await w.api.call(.POST, "/api/v1/customers/\(w.customer)/team", json: ["userId": importer.id.uuidString])
            let insider = try await api.upload("/api/v1/imports?filename=a.csv", data: Data(csv.utf8))
            let insiderRows = insider.object["rows"] as? [[String: Any]] ?? []
            #expect(insiderRows.map { $0["outcome"] as? String } == ["duplicate", "duplicate"])
        }
    }
}
