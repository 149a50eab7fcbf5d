import Foundation
import LiaisonCore
import LiaisonData
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Projects: numbers, validation and the status machine; need-to-know through the customer's classification and
/// the team (which joins the account team); the charter, its versions, sign-off links and the portal.
@Suite struct ProjectsTests {
    struct World {
        let admin: APIClient
        let manager: Person
        let pm: APIClient
        let customer: String
        let contacts: [String]
    }

    static func customer(_ api: APIClient, _ name: String, classification: String = "internal") async throws
        -> String
    {
        let made = try await api.call(
            .POST, "/api/v1/customers", json: ["name": name, "classification": classification])
        #expect(made.status == .created, "\(made.body.string)")
        return try #require(made.object["id"] as? String)
    }

    static func contact(_ api: APIClient, _ customer: String, _ name: String, email: String) async throws -> String {
        let made = try await api.call(
            .POST, "/api/v1/contacts", json: ["customerId": customer, "name": name, "emails": [email]])
        #expect(made.status == .created, "\(made.body.string)")
        return try #require(made.object["id"] as? String)
    }

    static func world(_ app: TestApp) async throws -> World {
        let (_, token) = try await app.admin()
        let admin = APIClient(app: app, token: token)
        let manager = try await app.person("pm@test.local", name: "项目经理甲", roles: [.projectManager])
        let pm = APIClient(app: app, token: try await app.token(for: manager))
        let customer = try await customer(admin, "苏州精密")
        let a = try await contact(admin, customer, "王芳", email: "wang@jingmi.test")
        let b = try await contact(admin, customer, "李强", email: "li@jingmi.test")
        return World(admin: admin, manager: manager, pm: pm, customer: customer, contacts: [a, b])
    }

    static func project(_ api: APIClient, _ customer: String, _ extra: [String: Any] = [:]) async throws -> String {
        var json: [String: Any] = ["customerId": customer, "name": "ERP 实施"]
        json.merge(extra) { $1 }
        let made = try await api.call(.POST, "/api/v1/projects", json: json)
        #expect(made.status == .created, "\(made.body.string)")
        return try #require(made.object["id"] as? String)
    }

    @Test func aProjectIsNumberedValidatedAndMovesOnlyAlongItsStatuses() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await Self.world(app)
            let bad = try await world.pm.call(
                .POST, "/api/v1/projects",
                json: ["customerId": UUID().uuidString, "name": " ", "startOn": "2026-06-01", "endOn": "2026-05-01"])
            #expect(bad.status == .unprocessableEntity)
            #expect(Set(bad.fieldErrors.keys) == ["name", "endOn"], "\(bad.body.string)")
            let unknown = try await world.pm.call(
                .POST, "/api/v1/projects", json: ["customerId": UUID().uuidString, "name": "x"])
            #expect(unknown.fieldErrors["customerId"] == "invalidReference")
            let malformed = try await world.pm.call(
                .POST, "/api/v1/projects", json: ["customerId": world.customer, "name": "x", "startOn": "2026-02-30"])
            #expect(malformed.fieldErrors["startOn"] == "invalidDate", "\(malformed.body.string)")
            #expect(
                try await app.db.sql.raw("SELECT COUNT(*) AS n FROM projects").first()?.decode(
                    column: "n", as: Int.self) == 0)

            let made = try await world.pm.call(
                .POST, "/api/v1/projects", json: ["customerId": world.customer, "name": "ERP 实施"])
            #expect(made.status == .created, "\(made.body.string)")
            #expect(made.object["number"] as? String == "P-0001")
            #expect(made.object["status"] as? String == "planning")
            #expect(made.object["managerId"] as? String == world.manager.id.uuidString)
            let id = try #require(made.object["id"] as? String)
            #expect(made.headers.first(name: .location) == "/api/v1/projects/\(id)")
            let second = try await world.pm.call(
                .POST, "/api/v1/projects", json: ["customerId": world.customer, "name": "MES 二期"])
            #expect(second.object["number"] as? String == "P-0002")

            // Illegal move, then legal ones; a stale version is refused.
            let skip = try await world.pm.call(.POST, "/api/v1/projects/\(id)/status", json: ["status": "closed"])
            #expect(skip.status == .unprocessableEntity)
            #expect(skip.fieldErrors["status"] == "projectBadTransition")
            // Starting needs a kickoff meeting or a reason; without either it is refused, with the field named.
            let noKickoff = try await world.pm.call(
                .POST, "/api/v1/projects/\(id)/status", json: ["status": "active"], headers: [("If-Match", "\"1\"")])
            #expect(noKickoff.fieldErrors["reason"] == "projectKickoffRequired", "\(noKickoff.body.string)")
            let start = try await world.pm.call(
                .POST, "/api/v1/projects/\(id)/status", json: ["status": "active", "reason": "客户书面确认后开工"],
                headers: [("If-Match", "\"1\"")])
            #expect(start.status == .ok, "\(start.body.string)")
            #expect(start.object["status"] as? String == "active")
            #expect(start.object["allowedStatuses"] as? [String] == ["onHold", "closing"])
            let stale = try await world.pm.call(
                .POST, "/api/v1/projects/\(id)/status", json: ["status": "onHold"], headers: [("If-Match", "\"1\"")])
            #expect(stale.status == .preconditionFailed)

            // The wrong role: a salesperson may read the project but not move it.
            let sales = try await app.person("sales@test.local", name: "销售乙", roles: [.sales])
            let salesAPI = APIClient(app: app, token: try await app.token(for: sales))
            #expect(try await salesAPI.call(.GET, "/api/v1/projects/\(id)").status == .ok)
            let refused = try await salesAPI.call(.POST, "/api/v1/projects/\(id)/status", json: ["status": "onHold"])
            #expect(refused.status == .forbidden)
            #expect(
                try await salesAPI.call(.POST, "/api/v1/projects", json: ["customerId": world.customer, "name": "x"])
                    .status == .forbidden)

            // Filters.
            let active = try await world.pm.call(.GET, "/api/v1/projects?status=active")
            #expect(active.items.compactMap { $0["number"] as? String } == ["P-0001"])
            let all = try await world.pm.call(.GET, "/api/v1/projects?customerId=\(world.customer)&limit=1")
            #expect(all.items.count == 1)
            let cursor = try #require(all.object["nextCursor"] as? String)
            let next = try await world.pm.call(
                .GET, "/api/v1/projects?customerId=\(world.customer)&limit=1&cursor=\(cursor)")
            #expect(next.items.compactMap { $0["number"] as? String } == ["P-0001"])
            #expect(try await world.pm.call(.GET, "/api/v1/projects?status=done").status == .unprocessableEntity)

            // On the customer's timeline and in search; audited.
            let timeline = try await world.pm.call(.GET, "/api/v1/customers/\(world.customer)/timeline")
            #expect(
                timeline.items.contains { ($0["title"] as? String)?.contains("P-0001") == true },
                "\(timeline.body.string)")
            let search = try await world.pm.call(.GET, "/api/v1/search?q=MES")
            #expect(search.items.contains { $0["kind"] as? String == "project" }, "\(search.body.string)")
            let audit = try await world.admin.call(.GET, "/api/v1/audit?recordType=project&recordId=\(id)")
            let actions = audit.items.compactMap { $0["action"] as? String }
            #expect(actions.contains("project.create") && actions.contains("project.status"), "\(actions)")
        }
    }

    @Test func theFormsRefuseBadInputWithLocalisedMessagesAndCreateAProject() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await Self.world(app)
            let browser = Browser(app)
            _ = try await browser.signIn("pm@test.local", "Test-Passw0rd!")
            browser.acceptLanguage = "zh-CN"
            let bad = try await browser.post(
                "/projects",
                [
                    ("customerId", world.customer), ("name", "ERP"), ("managerId", ""), ("startOn", "2026-06-01"),
                    ("endOn", "2026-05-01"),
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("结束日期早于开始日期"), "\(bad.body.string)")
            let made = try await browser.post(
                "/projects", [("customerId", world.customer), ("name", "ERP 实施"), ("managerId", "")])
            #expect(made.status == .seeOther)
            let location = try #require(made.location)
            let page = try await browser.get(location)
            #expect(page.body.string.contains("P-0001"))
            // An illegal move from the page says why.
            let id = String(location.split(separator: "/").last ?? "")
            let moved = try await browser.post("/projects/\(id)/status", [("status", "closed")])
            #expect(moved.status == .seeOther)
            #expect(try await browser.get(location).body.string.contains("项目不能从当前状态转到该状态"))
            // The charter form refuses a milestone outside the project's dates, in the page's language.
            _ = try await world.pm.call(
                .PATCH, "/api/v1/projects/\(id)", json: ["startOn": "2026-10-01", "endOn": "2026-12-31"])
            let charter = try await browser.post(
                "/projects/\(id)/charter",
                [("goals", "上线"), ("milestoneName[]", "验收"), ("milestoneDate[]", "2027-03-01")])
            #expect(charter.status == .unprocessableEntity)
            #expect(charter.body.string.contains("里程碑超出了项目日期范围"), "\(charter.body.string)")
        }
    }

    @Test func anOutsiderToAConfidentialCustomerSeesNoneOfItsProjectsAndTheTeamSeesThem() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await Self.world(app)
            let secret = try await Self.customer(world.admin, "国防研究所", classification: "confidential")
            // A project manager outside the account team cannot start a project there.
            let refused = try await world.pm.call(.POST, "/api/v1/projects", json: ["customerId": secret, "name": "x"])
            #expect(refused.fieldErrors["customerId"] == "invalidReference")
            let id = try await Self.project(world.admin, secret, ["name": "保密雷达项目"])

            let outsider = world.pm
            #expect(try await outsider.call(.GET, "/api/v1/projects").items.isEmpty)
            #expect(try await outsider.call(.GET, "/api/v1/projects/\(id)").status == .notFound)
            #expect(try await outsider.call(.GET, "/api/v1/projects/\(id)/charter").status == .notFound)
            #expect(try await outsider.call(.GET, "/api/v1/projects/\(id)/team").status == .notFound)
            #expect(
                try await outsider.call(.POST, "/api/v1/projects/\(id)/status", json: ["status": "active"]).status
                    == .notFound)
            #expect(try await outsider.call(.GET, "/api/v1/search?q=雷达项目").items.isEmpty)
            #expect(try await outsider.call(.GET, "/api/v1/customers/\(secret)/timeline").status == .notFound)
            let browser = Browser(app)
            _ = try await browser.signIn("pm@test.local", "Test-Passw0rd!")
            #expect(try await browser.get("/projects/\(id)").status == .notFound)
            #expect(try await browser.get("/projects/\(id)/charter").status == .notFound)
            #expect(!(try await browser.get("/projects").body.string.contains("保密雷达项目")))
            #expect(!(try await browser.get("/search?q=雷达项目").body.string.contains("保密雷达项目")))

            // Joining the project's team puts the person on the account team: they see the project and the customer.
            let added = try await world.admin.call(
                .POST, "/api/v1/projects/\(id)/team", json: ["userId": world.manager.id.uuidString, "role": "member"])
            #expect(added.status == .ok, "\(added.body.string)")
            #expect(try await outsider.call(.GET, "/api/v1/projects").items.count == 1)
            #expect(try await outsider.call(.GET, "/api/v1/projects/\(id)").status == .ok)
            #expect(try await outsider.call(.GET, "/api/v1/customers/\(secret)").status == .ok)
            #expect(try await browser.get("/projects/\(id)").status == .ok)
            let team = try await world.admin.call(.GET, "/api/v1/customers/\(secret)/team")
            #expect(team.body.string.uppercased().contains(world.manager.id.uuidString))
            // The read of a confidential project is audited.
            let reads = try await world.admin.call(.GET, "/api/v1/audit?action=project.read")
            #expect(
                reads.items.contains { ($0["actorId"] as? String)?.uppercased() == world.manager.id.uuidString },
                "\(reads.body.string)")
            // The manager stays on the team.
            let me = try await world.admin.call(.GET, "/api/v1/projects/\(id)")
            let managerID = try #require(me.object["managerId"] as? String)
            let kept = try await world.admin.call(.DELETE, "/api/v1/projects/\(id)/team/\(managerID)")
            #expect(kept.status == .conflict)
        }
    }

    /// The sign-off links of a version's signers, answered by the send when no mailbox is on.
    static func links(_ sent: TestingHTTPResponse) -> [String: String] {
        var result: [String: String] = [:]
        for item in sent.object["links"] as? [[String: Any]] ?? [] {
            if let contact = item["contactId"] as? String, let link = item["link"] as? String {
                result[contact.uppercased()] = TestApp.path(of: link)
            }
        }
        return result
    }

    @Test func aCharterIsDraftedSentSignedByEveryContactAndFrozen() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await Self.world(app)
            let id = try await Self.project(world.pm, world.customer, ["startOn": "2026-10-01", "endOn": "2026-12-31"])
            let empty = try await world.pm.call(.GET, "/api/v1/projects/\(id)/charter")
            #expect(empty.status == .ok)
            #expect(empty.object["number"] as? Int == 0)
            #expect(empty.object["status"] as? String == "draft")
            #expect(
                try await world.pm.call(
                    .POST, "/api/v1/projects/\(id)/charter/send", json: ["contactIds": world.contacts]
                ).status == .conflict)

            let outside = try await world.pm.call(
                .PUT, "/api/v1/projects/\(id)/charter",
                json: ["goals": "上线", "milestones": [["name": "验收", "date": "2027-02-01"]]])
            #expect(
                outside.fieldErrors["milestones[0].date"] == "charterMilestoneOutsideProject", "\(outside.body.string)")
            #expect(try await world.pm.call(.GET, "/api/v1/projects/\(id)/charter").object["number"] as? Int == 0)
            let saved = try await world.pm.call(
                .PUT, "/api/v1/projects/\(id)/charter",
                json: [
                    "goals": "三个月内上线 ERP", "scopeIn": "财务\n采购", "scopeOut": "人事",
                    "milestones": [["name": "启动", "date": "2026-10-08"], ["name": "上线", "date": "2026-12-20"]],
                    "acceptanceCriteria": "月结在两天内完成",
                ])
            #expect(saved.status == .ok, "\(saved.body.string)")
            #expect(saved.object["number"] as? Int == 1)

            // Another customer's contact cannot be asked.
            let other = try await Self.customer(world.admin, "杭州电子")
            let stranger = try await Self.contact(world.admin, other, "赵六", email: "zhao@hz.test")
            let wrong = try await world.pm.call(
                .POST, "/api/v1/projects/\(id)/charter/send", json: ["contactIds": [stranger]])
            #expect(wrong.fieldErrors["contactIds"] == "notOfThisCustomer")

            let sent = try await world.pm.call(
                .POST, "/api/v1/projects/\(id)/charter/send", json: ["contactIds": world.contacts])
            #expect(sent.status == .ok, "\(sent.body.string)")
            let links = Self.links(sent)
            #expect(links.count == 2, "\(sent.body.string)")
            // Frozen: editing the sent version is refused, nothing changes.
            let frozen = try await world.pm.call(.PUT, "/api/v1/projects/\(id)/charter", json: ["goals": "改"])
            #expect(frozen.status == .conflict)
            #expect(
                frozen.text.contains("conflict.charterFrozen") || frozen.text.contains("frozen")
                    || frozen.text.contains("冻结"), "\(frozen.text)")

            // The first contact signs through the link; the link is then used up.
            let first = try #require(links[world.contacts[0].uppercased()])
            let page = Browser(app)
            let shown = try await page.get(first)
            #expect(shown.status == .ok)
            #expect(shown.body.string.contains("三个月内上线 ERP"))
            let unconfirmed = try await page.post(first, [])
            #expect(unconfirmed.status == .unprocessableEntity)
            let signed = try await page.post(first, [("agree", "yes")])
            #expect(signed.status == .ok, "\(signed.body.string)")
            #expect(try await page.post(first, [("agree", "yes")]).status == .gone)
            #expect(try await page.get(first).status == .gone)
            #expect(
                try await world.pm.call(.GET, "/api/v1/projects/\(id)/charter").object["status"] as? String == "sent")

            // A newer version replaces this one: the second contact's link no longer works.
            let next = try await world.pm.call(.POST, "/api/v1/projects/\(id)/charter/versions")
            #expect(next.status == .created, "\(next.body.string)")
            #expect(next.object["number"] as? Int == 2)
            _ = try await world.pm.call(.PUT, "/api/v1/projects/\(id)/charter", json: ["scopeOut": "人事\n薪酬"])
            let resent = try await world.pm.call(
                .POST, "/api/v1/projects/\(id)/charter/send", json: ["contactIds": world.contacts])
            #expect(resent.status == .ok)
            let oldSecond = try #require(links[world.contacts[1].uppercased()])
            #expect(try await page.post(oldSecond, [("agree", "yes")]).status == .gone)
            let version1 = try await world.pm.call(.GET, "/api/v1/projects/\(id)/charter/versions/1")
            #expect(version1.object["status"] as? String == "superseded")

            // Everyone signs the new version: it is signed, with who, when and from where.
            for link in Self.links(resent).values {
                #expect(try await Browser(app).post(link, [("agree", "yes")]).status == .ok)
            }
            let done = try await world.pm.call(.GET, "/api/v1/projects/\(id)/charter")
            #expect(done.object["status"] as? String == "signed", "\(done.body.string)")
            let signers = done.object["signers"] as? [[String: Any]] ?? []
            #expect(signers.count == 2 && signers.allSatisfy { $0["signed"] as? Bool == true && $0["signedAt"] != nil })
            #expect(
                try await world.pm.call(.PUT, "/api/v1/projects/\(id)/charter", json: ["goals": "改"]).status
                    == .conflict)

            // The difference between the versions, section by section.
            let diff = try await world.pm.call(.GET, "/api/v1/projects/\(id)/charter/diff?from=1&to=2")
            #expect(diff.status == .ok, "\(diff.body.string)")
            let sections = diff.object["sections"] as? [[String: Any]] ?? []
            let changed = sections.filter { $0["changed"] as? Bool == true }.compactMap { $0["section"] as? String }
            #expect(changed == ["scopeOut"], "\(changed)")
            let lines = sections.first { $0["section"] as? String == "scopeOut" }?["lines"] as? [[String: Any]] ?? []
            #expect(lines.contains { $0["kind"] as? String == "added" && $0["text"] as? String == "薪酬" })
            let audit = try await world.admin.call(.GET, "/api/v1/audit?recordType=project&recordId=\(id)")
            let actions = Set(audit.items.compactMap { $0["action"] as? String })
            #expect(
                actions.isSuperset(of: ["charter.draft", "charter.update", "charter.send", "charter.sign"]),
                "\(actions)")

            // The pages render in both languages.
            let browser = Browser(app)
            _ = try await browser.signIn("pm@test.local", "Test-Passw0rd!")
            for language in ["zh-CN", "en"] {
                browser.acceptLanguage = language
                for path in [
                    "/projects", "/projects/\(id)", "/projects/\(id)/team", "/projects/\(id)/charter",
                    "/projects/\(id)/charter?version=1", "/projects/\(id)/charter/diff", "/projects/\(id)/edit",
                    "/projects/new",
                ] {
                    let response = try await browser.get(path)
                    #expect(response.status == .ok, "\(path) \(response.status)")
                }
            }
        }
    }

    @Test func aContactSignsInThePortalAndAnotherCustomersContactSeesNothing() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await Self.world(app)
            let other = try await Self.customer(world.admin, "杭州电子")
            let mine = try await app.portalContact(
                by: world.admin, customerID: world.customer, name: "周门户", email: "zhou@jingmi.test")
            let theirs = try await app.portalContact(
                by: world.admin, customerID: other, name: "钱门户", email: "qian@hz.test")
            let id = try await Self.project(world.pm, world.customer)
            _ = try await world.pm.call(.PUT, "/api/v1/projects/\(id)/charter", json: ["goals": "上线"])
            let sent = try await world.pm.call(
                .POST, "/api/v1/projects/\(id)/charter/send", json: ["contactIds": [mine.contactID]])
            #expect(sent.status == .ok, "\(sent.body.string)")
            let versionID = try #require((sent.object["charter"] as? [String: Any])?["id"] as? String)

            let list = try await mine.api.call(.GET, "/api/v1/portal/charters")
            #expect(list.items.count == 1)
            #expect(list.items.first?["awaitingMySignature"] as? Bool == true)
            #expect(try await theirs.api.call(.GET, "/api/v1/portal/charters").items.isEmpty)
            #expect(try await theirs.api.call(.GET, "/api/v1/portal/charters/\(versionID)").status == .notFound)
            #expect(try await theirs.api.call(.POST, "/api/v1/portal/charters/\(versionID)/sign").status == .notFound)
            #expect(try await theirs.browser.get("/portal/charters/\(versionID)").status == .notFound)
            // Staff routes stay closed to the portal.
            #expect(try await mine.api.call(.GET, "/api/v1/projects").status == .forbidden)

            let page = try await mine.browser.get("/portal/charters/\(versionID)")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("上线"))
            let signed = try await mine.api.call(.POST, "/api/v1/portal/charters/\(versionID)/sign")
            #expect(signed.status == .ok, "\(signed.body.string)")
            #expect(signed.object["awaitingMySignature"] as? Bool == false)
            #expect(try await mine.api.call(.POST, "/api/v1/portal/charters/\(versionID)/sign").status == .conflict)
            let charter = try await world.pm.call(.GET, "/api/v1/projects/\(id)/charter")
            #expect(charter.object["status"] as? String == "signed")
            let signer = (charter.object["signers"] as? [[String: Any]])?.first
            #expect(signer?["signedInPortal"] as? Bool == true)
            // Its mailed link is used up too.
            let link = try #require(Self.links(sent).values.first)
            #expect(try await Browser(app).get(link).status == .gone)
        }
    }
}
