import Foundation
import LiaisonCore
import LiaisonData
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

@Suite struct DepartmentsAPITests {
    @Test func departmentsHaveTheFullLifecycle() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let parent = try await api.call(.POST, "/api/v1/departments", json: ["name": "研发中心", "code": "RND"])
            let parentID = parent.object["id"] as! String
            let child = try await api.call(.POST, "/api/v1/departments", json: ["name": "测试部", "parentId": parentID])
            #expect(child.status == .created)
            let childID = child.object["id"] as! String

            let cycle = try await api.call(.PATCH, "/api/v1/departments/\(parentID)", json: ["parentId": childID])
            #expect(cycle.fieldErrors["parentId"] == "parentCycle")
            let duplicate = try await api.call(.POST, "/api/v1/departments", json: ["name": "x", "code": "rnd"])
            #expect(duplicate.fieldErrors["code"] == "codeTaken")

            let hasChildren = try await api.call(.DELETE, "/api/v1/departments/\(parentID)")
            #expect(hasChildren.status == .conflict)
            try await app.person("member@test.local", department: UUID(uuidString: childID))
            let hasMembers = try await api.call(.DELETE, "/api/v1/departments/\(childID)")
            #expect(hasMembers.status == .conflict)
            let shown = try await api.call(.GET, "/api/v1/departments/\(childID)")
            #expect(shown.object["memberCount"] as? Int == 1)
            // A department's canned responses are not deleted with it behind anyone's back.
            let team = try await api.call(.POST, "/api/v1/departments", json: ["name": "客服部"])
            let teamID = team.object["id"] as! String
            let canned = try await api.call(
                .POST, "/api/v1/canned-responses", json: ["title": "问候", "bodyZh": "您好", "bodyEn": "Hello", "departmentId": teamID])
            #expect(canned.status == .created)
            let hasCanned = try await api.call(.DELETE, "/api/v1/departments/\(teamID)")
            #expect(hasCanned.status == .conflict)
            #expect(hasCanned.text.contains("快捷回复") || hasCanned.text.contains("canned responses"), "\(hasCanned.text)")
            let cannedID = canned.object["id"] as! String
            #expect(try await api.call(.DELETE, "/api/v1/canned-responses/\(cannedID)").status == .noContent)
            #expect(try await api.call(.DELETE, "/api/v1/departments/\(teamID)").status == .noContent)

            let renamed = try await api.call(
                .PATCH, "/api/v1/departments/\(parentID)", json: ["nameEn": "R&D"], headers: [("If-Match", "\"1\"")])
            #expect(renamed.status == .ok)
            #expect(renamed.object["nameEn"] as? String == "R&D")
            let list = try await api.call(.GET, "/api/v1/departments")
            #expect(list.items.count == 2)
            #expect(list.object.keys.contains("nextCursor"))
            #expect(try await api.call(.GET, "/api/v1/departments/not-a-uuid").status == .notFound)
            #expect(try await api.call(.GET, "/api/v1/departments/\(UUID())").status == .notFound)
        }
    }
}

@Suite struct AuditTests {
    @Test func everyChangeIsAuditedAndTheTrailCanBeFiltered() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (admin, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let department = try await api.call(.POST, "/api/v1/departments", json: ["name": "客户服务部"])
            let id = department.object["id"] as! String
            _ = try await api.call(.PATCH, "/api/v1/departments/\(id)", json: ["name": "客服部"])
            _ = try await api.call(.DELETE, "/api/v1/departments/\(id)")
            let trail = try await api.call(.GET, "/api/v1/audit?recordType=department&recordId=\(id)")
            #expect(trail.status == .ok)
            #expect(trail.items.map { $0["action"] as? String } == ["department.delete", "department.update", "department.create"])
            let update = trail.items[1]
            #expect(update["actorId"] as? String == admin.id.uuidString)
            let changes = update["changes"] as? [String: Any]
            let name = (changes?["fields"] as? [String: Any])?["name"] as? [String: String]
            #expect(name == ["from": "客户服务部", "to": "客服部"])

            let byPrefix = try await api.call(.GET, "/api/v1/audit?action=department.")
            #expect(byPrefix.items.count == 3)
            let paged = try await api.call(.GET, "/api/v1/audit?limit=2")
            #expect(paged.items.count == 2)
            let next = try #require(paged.object["nextCursor"] as? String)
            let rest = try await api.call(.GET, "/api/v1/audit?limit=2&cursor=\(next)")
            #expect((rest.items.first?["id"] as? Int ?? 0) < (paged.items.last?["id"] as? Int ?? 0))
            let badDate = try await api.call(.GET, "/api/v1/audit?from=yesterday")
            #expect(badDate.fieldErrors["from"] == "invalidDate")
        }
    }

    @Test func verificationNamesTheFirstAlteredEntry() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            for name in ["一部", "二部", "三部"] {
                _ = try await api.call(.POST, "/api/v1/departments", json: ["name": name])
            }
            let intact = try await api.call(.GET, "/api/v1/audit/verify")
            #expect(intact.object["ok"] as? Bool == true)
            let count = intact.object["count"] as? Int ?? 0
            #expect(count >= 5)
            try await app.db.sql.raw(
                "UPDATE audit_entries SET actor_label = 'someone else' WHERE id = 3").run()
            let broken = try await api.call(.GET, "/api/v1/audit/verify")
            #expect(broken.object["ok"] as? Bool == false)
            #expect(broken.object["brokenEntryId"] as? Int == 3)
            #expect(broken.object["reason"] as? String == "hashMismatch")
        }
    }

    @Test func onlySupervisorsAndAdministratorsReadTheTrail() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let supervisor = try await app.person("zhou.min@test.local", roles: [.supervisor])
            let sales = try await app.person("sales@test.local", roles: [.sales])
            #expect(try await APIClient(app: app, token: try await app.token(for: supervisor)).call(.GET, "/api/v1/audit").status == .ok)
            #expect(try await APIClient(app: app, token: try await app.token(for: sales)).call(.GET, "/api/v1/audit").status == .forbidden)
        }
    }

    @Test func theAuditAnchorCatchesATrailCutShortAndStaysPut() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            for name in ["一部", "二部", "三部"] {
                _ = try await api.call(.POST, "/api/v1/departments", json: ["name": name])
            }
            // The recurring job records the anchor; `audit verify` moves it on after a clean check.
            try await app.app.jobRunner.scheduleRecurring(app.app)
            _ = try await app.app.jobRunner.runDue(app.app)
            let recorded = try #require(try app.app.auditAnchor.read())
            let count = try await AuditQueries.count(on: app.db)
            #expect(recorded.sequence == Int64(count))
            _ = try await api.call(.POST, "/api/v1/departments", json: ["name": "四部"])
            let output = try await app.run(AuditVerifyCommand(), [])
            #expect(output.hasPrefix("OK "))
            let moved = try #require(try app.app.auditAnchor.read())
            #expect(moved.sequence > recorded.sequence)

            // Cutting entries off the end leaves a valid chain, but not the anchored entry.
            try await app.db.sql.raw("DELETE FROM audit_entries WHERE id > \(bind: moved.sequence - 2)").run()
            let verdict = try await app.run(AuditVerifyCommand(), [])
            #expect(verdict.contains("BROKEN at entry \(moved.sequence - 1)"), "\(verdict)")
            #expect(verdict.contains("audit anchor"))
            #expect(app.app.exitCode == 1)
            let api_ = try await api.call(.GET, "/api/v1/audit/verify")
            #expect(api_.object["ok"] as? Bool == false)
            #expect(api_.object["reason"] as? String == "truncated")
            // The anchor is evidence: neither the job nor a later write moves it along the shortened trail.
            app.clock.advance(by: 600)
            try await app.app.jobRunner.scheduleRecurring(app.app)
            _ = try await app.app.jobRunner.runDue(app.app)
            #expect(try app.app.auditAnchor.read() == moved)
        }
    }
}
