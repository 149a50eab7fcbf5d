import Foundation
import LiaisonCore
import LiaisonData
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Risks and issues through the API and the pages: raised and scored, refused whole when wrong, a risk that
/// happens becoming an issue once, the heat map, and an outsider to a confidential customer seeing none of it.
@Suite struct ProjectRiskTests {
    @Test func aRiskIsScoredChangedAndBecomesAnIssueOnce() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await WorkPlanTests.world(app)
            let risks = "/api/v1/projects/\(w.project)/risks"
            let bad = try await w.pm.call(.POST, risks, json: ["probability": 7, "impact": "高"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.fieldErrors["title"] == "required")
            #expect(bad.fieldErrors["probability"] == "outOfRange")
            #expect(bad.fieldErrors["impact"] == "outOfRange")
            #expect(try await w.pm.call(.GET, risks).items.isEmpty)
            #expect(
                try await w.engineerAPI.call(.POST, risks, json: ["title": "x", "probability": 1, "impact": 1]).status
                    == .forbidden)

            let made = try await w.pm.call(
                .POST, risks,
                json: ["title": "供应商交期延误", "probability": 4, "impact": "5", "ownerId": w.engineer.id.uuidString,
                       "mitigation": "提前备货", "contingency": "启用备选供应商", "dueOn": "2026-10-01"])
            #expect(made.status == .created, "\(made.body.string)")
            #expect(made.object["score"] as? Int == 20)
            #expect(made.object["level"] as? String == "critical")
            let riskID = try #require(made.object["id"] as? String)
            let moved = try await w.pm.call(.PATCH, "\(risks)/\(riskID)", json: ["status": "mitigating", "impact": 3])
            #expect(moved.object["status"] as? String == "mitigating")
            #expect(moved.object["level"] as? String == "high")
            let set = try await w.pm.call(.PATCH, "\(risks)/\(riskID)", json: ["status": "occurred"])
            #expect(set.fieldErrors["status"] == "riskOccursThroughIssue")

            let svg = try await w.pm.call(.GET, "/api/v1/projects/\(w.project)/risk-heatmap.svg")
            #expect(svg.headers.contentType?.description.hasPrefix("image/svg+xml") == true)
            #expect(svg.body.string.contains(">1</text>"))

            // It happened: an issue from it, the risk kept and naming it; a second time is refused.
            let occurred = try await w.pm.call(.POST, "\(risks)/\(riskID)/occurred")
            #expect(occurred.status == .created, "\(occurred.body.string)")
            let issue = try #require(occurred.object["issue"] as? [String: Any])
            #expect(issue["severity"] as? String == "high")
            #expect(issue["resolution"] as? String == "启用备选供应商")
            #expect(issue["riskId"] as? String == riskID)
            let risk = try #require(occurred.object["risk"] as? [String: Any])
            #expect(risk["status"] as? String == "occurred")
            #expect(risk["issueId"] as? String == issue["id"] as? String)
            #expect(try await w.pm.call(.POST, "\(risks)/\(riskID)/occurred").status == .conflict)
            #expect(try await w.pm.call(.PATCH, "\(risks)/\(riskID)", json: ["title": "x"]).status == .conflict)
            let issueID = try #require(issue["id"] as? String)
            let issues = "/api/v1/projects/\(w.project)/issues"
            let resolved = try await w.pm.call(.PATCH, "\(issues)/\(issueID)", json: ["status": "resolved"])
            #expect(resolved.object["status"] as? String == "resolved")
            let back = try await w.pm.call(.PATCH, "\(issues)/\(issueID)", json: ["status": "open"])
            #expect(back.fieldErrors["status"] == "projectIssueBadTransition")
            let audit = try await w.admin.call(.GET, "/api/v1/audit?recordType=risk&recordId=\(riskID)")
            let actions = Set(audit.items.compactMap { $0["action"] as? String })
            #expect(actions.isSuperset(of: ["risk.create", "risk.update", "risk.occurred"]), "\(actions)")
        }
    }

    @Test func anOutsiderToAConfidentialCustomerSeesNoneOfItsRisks() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await WorkPlanTests.world(app, classification: "confidential")
            let p = "/api/v1/projects/\(w.project)"
            let risk = try await w.admin.call(.POST, "\(p)/risks", json: ["title": "雷达", "probability": 2, "impact": 2])
            let riskID = try #require(risk.object["id"] as? String)
            let issue = try await w.admin.call(.POST, "\(p)/issues", json: ["title": "联调失败", "severity": "high"])
            let issueID = try #require(issue.object["id"] as? String)
            let stranger = try await app.person("other@test.local", name: "外人丙", roles: [.projectManager])
            let outsider = APIClient(app: app, token: try await app.token(for: stranger))
            for path in ["\(p)/risks", "\(p)/risks/\(riskID)", "\(p)/risk-heatmap.svg", "\(p)/issues", "\(p)/issues/\(issueID)"] {
                #expect(try await outsider.call(.GET, path).status == .notFound, "\(path)")
            }
            #expect(try await outsider.call(.POST, "\(p)/risks/\(riskID)/occurred").status == .notFound)
            let refused = try await w.admin.call(
                .POST, "\(p)/risks", json: ["title": "x", "probability": 1, "impact": 1, "ownerId": stranger.id.uuidString])
            #expect(refused.fieldErrors["ownerId"] == "taskOwnerMayNotKnow")
        }
    }

    @Test func theRisksPageRaisesAndMovesInBothLanguages() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await WorkPlanTests.world(app)
            let browser = Browser(app)
            _ = try await browser.signIn("pm@test.local", "Test-Passw0rd!")
            let page = "/projects/\(w.project)/risks"
            #expect(try await browser.get(page).body.string.contains("尚未登记风险"))
            let bad = try await browser.post(page, [("title", ""), ("probability", "3"), ("impact", "3")])
            #expect(bad.status == .unprocessableEntity)
            let made = try await browser.post(
                page, [("title", "需求变更频繁"), ("probability", "3"), ("impact", "4"), ("mitigation", "每周确认范围")])
            #expect(made.status == .seeOther)
            let shown = try await browser.get(page)
            #expect(shown.body.string.contains("需求变更频繁"))
            #expect(shown.body.string.contains("risk-heatmap.svg"))
            let list = try await w.pm.call(.GET, "/api/v1/projects/\(w.project)/risks")
            let riskID = try #require(list.items.first?["id"] as? String)
            let happened = try await browser.post("\(page)/\(riskID)/occurred", [("version", "1")])
            #expect(happened.status == .seeOther)
            browser.acceptLanguage = "en"
            let english = try await browser.get(page)
            #expect(english.body.string.contains("Happened (now an issue)"), "\(english.body.string)")
            #expect(try await browser.post(
                "/projects/\(w.project)/issues", [("title", "测试环境不可用"), ("severity", "critical")]).status == .seeOther)
            #expect(try await browser.get(page).body.string.contains("测试环境不可用"))
        }
    }
}
