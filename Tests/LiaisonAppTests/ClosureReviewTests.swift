import Foundation
import LiaisonCore
import LiaisonData
import LiaisonMail
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Closure reviews through the API and the pages: the facts of a small project run (a task late, one on time, a
/// missed report, a risk that happened, a breached request, a rating), a draft on any project, finalising refused
/// while the project is active and frozen once done, the customer's evaluation by link and in the portal, audited.
@Suite struct ClosureReviewTests {
    static func facts(_ review: TestingHTTPResponse) throws -> [String: Any] {
        try #require(review.object["facts"] as? [String: Any], "\(review.body.string)")
    }

    static func part(_ facts: [String: Any], _ name: String) -> [String: Int] {
        (facts[name] as? [String: Any] ?? [:]).compactMapValues { $0 as? Int }
    }

    @Test func theFactsMatchWhatHappenedInTheProject() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await WorkPlanTests.world(app)
            let p = "/api/v1/projects/\(w.project)"
            let customer = try #require(try await w.pm.call(.GET, p).object["customerId"] as? String)
            // Tasks: one done before its due day, one done after it, one still open past its due day.
            let onTime = try await WorkPlanTests.task(w.pm, w.project, ["name": "验收文档", "dueOn": "2026-09-30"])
            let late = try await WorkPlanTests.task(w.pm, w.project, ["name": "现场调试", "dueOn": "2026-09-10"])
            _ = try await WorkPlanTests.task(w.pm, w.project, ["name": "培训", "dueOn": "2026-09-15"])
            for task in [onTime, late] {
                let id = try #require(task["id"] as? String)
                let done = try await w.pm.call(.PATCH, "\(p)/tasks/\(id)", json: ["status": "done"])
                #expect(done.status == .ok, "\(done.body.string)")
            }
            // A milestone whose day passed unreached; a risk that happened.
            let milestone = try await w.pm.call(
                .POST, "\(p)/milestones", json: ["name": "初验", "date": "2026-08-15", "reached": false])
            #expect(milestone.status == .created, "\(milestone.body.string)")
            let risk = try await w.pm.call(.POST, "\(p)/risks", json: ["title": "到货延迟", "probability": 3, "impact": 4])
            let riskID = try #require(risk.object["id"] as? String)
            #expect(try await w.pm.call(.POST, "\(p)/risks/\(riskID)/occurred").status == .created)
            // A weekly progress report nobody sends, and a complaint nobody answers.
            let row = try await w.pm.call(
                .POST, "\(p)/communication-plan", json: CommunicationPlanTests.weekly(w.engineer))
            #expect(row.status == .created, "\(row.body.string)")
            let request = try await w.admin.call(
                .POST, "/api/v1/requests",
                json: [
                    "customerId": customer, "kind": "complaint", "priority": "normal", "subject": "投诉：调试延误",
                    "body": "调试一再推迟",
                ])
            let requestID = try #require(request.object["id"] as? String, "\(request.body.string)")
            app.clock.advance(by: 2 * 86_400)
            _ = try await CommunicationJobs.sweepAll(app.app, at: app.clock.now)
            try await RequestJobs.sweep.run(
                "{}", JobContext(application: app.app, now: app.clock.now, logger: app.app.logger))
            let breached = try await w.admin.call(.GET, "/api/v1/requests/\(requestID)")
            #expect((breached.object["breaches"] as? [String])?.isEmpty == false, "\(breached.body.string)")
            try await app.db.sql.raw(
                "UPDATE requests SET csat_score = 4, csat_at = \(bind: app.clock.now) WHERE id = \(bind: UUID(uuidString: requestID)!)"
            ).run()

            // MUT
            let review = try await w.pm.call(.GET, "\(p)/review")

            // validate
            #expect(review.status == .ok, "\(review.body.string)")
            #expect(review.object["status"] as? String == "draft")
            let facts = try Self.facts(review)
            let tasks = Self.part(facts, "tasks")
            #expect(tasks["total"] == 3 && tasks["doneOnTime"] == 1 && tasks["doneLate"] == 1, "\(tasks)")
            #expect(tasks["open"] == 1 && tasks["overdue"] == 1, "\(tasks)")
            let milestones = Self.part(facts, "milestones")
            #expect(milestones["missed"] == 1 && milestones["met"] == 0, "\(milestones)")
            let communication = Self.part(facts, "communication")
            #expect(communication["due"] == 1 && communication["missed"] == 1, "\(communication)")
            #expect(Self.part(facts, "reportOccurrences")["missed"] == 1)
            // No report was sent: the missed weekly one shows as none sent.
            #expect(Self.part(facts, "reports") == ["sent": 0, "sentOnTime": 0], "\(facts)")
            #expect(Self.part(facts, "changeRequests") == ["raised": 0, "approved": 0, "rejected": 0], "\(facts)")
            let sla = Self.part(facts, "sla")
            #expect(sla["requests"] == 1 && sla["breached"] == 1 && sla["met"] == 0, "\(sla)")
            let satisfaction = try #require(facts["satisfaction"] as? [String: Any])
            #expect(satisfaction["csatCount"] as? Int == 1 && satisfaction["csatAverage"] as? Double == 4)
            let risks = Self.part(facts, "risks")
            #expect(risks["occurred"] == 1 && risks["issues"] == 1 && risks["issuesOpen"] == 1, "\(risks)")
        }
    }

    @Test func anyProjectHasADraftThatIsFinalisedOnlyWhenClosingAndThenFrozen() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await WorkPlanTests.world(app)
            let p = "/api/v1/projects/\(w.project)"
            let empty = try await w.engineerAPI.call(.GET, "\(p)/review")
            #expect(empty.status == .ok)
            #expect(empty.object["status"] as? String == "draft" && empty.object["wentWell"] as? String == "")
            #expect(empty.headers.first(name: .eTag) == "\"0\"")
            #expect(try await w.engineerAPI.call(.PUT, "\(p)/review", json: ["wentWell": "x"]).status == .forbidden)

            let saved = try await w.pm.call(
                .PUT, "\(p)/review", json: ["wentWell": "每周例会准时", "fellShort": "测试环境准备晚了"],
                headers: [("If-Match", "\"0\"")])
            #expect(saved.status == .ok, "\(saved.body.string)")
            #expect(saved.object["wentWell"] as? String == "每周例会准时")
            let stale = try await w.pm.call(
                .PUT, "\(p)/review", json: ["lessons": "x"], headers: [("If-Match", "\"0\"")])
            #expect(stale.status == .preconditionFailed)
            let bad = try await w.pm.call(.PUT, "\(p)/review", json: ["lessons": "a\u{0}b"])
            #expect(bad.status == .unprocessableEntity)

            let refused = try await w.pm.call(.POST, "\(p)/review/finalise")
            #expect(refused.status == .conflict, "\(refused.body.string)")
            for status in ["active", "closing"] {
                #expect(try await w.pm.call(.POST, "\(p)/status", json: ["status": status, "reason": "合同已签，先行开工"]).status == .ok)
            }
            let final = try await w.pm.call(.POST, "\(p)/review/finalise")
            #expect(final.status == .ok, "\(final.body.string)")
            #expect(final.object["status"] as? String == "final")
            #expect(Self.part(try Self.facts(final), "risks")["risks"] == 0)
            // Later records do not change the final review; its notes are closed.
            _ = try await w.pm.call(.POST, "\(p)/risks", json: ["title": "迟到的风险", "probability": 1, "impact": 1])
            app.clock.advance(by: 3_600)
            let later = try await w.pm.call(.GET, "\(p)/review")
            #expect(Self.part(try Self.facts(later), "risks")["risks"] == 0)
            #expect(try await w.pm.call(.PUT, "\(p)/review", json: ["lessons": "x"]).status == .conflict)
            #expect(try await w.pm.call(.POST, "\(p)/review/finalise").status == .conflict)
            let audit = try await w.admin.call(.GET, "/api/v1/audit?recordType=projectReview&recordId=\(w.project)")
            let actions = Set(audit.items.compactMap { $0["action"] as? String })
            #expect(actions == ["review.update", "review.finalise"], "\(actions)")
        }
    }

    @Test func theCustomerEvaluatesByLinkOnceAndInThePortal() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await WorkPlanTests.world(app)
            let p = "/api/v1/projects/\(w.project)"
            let customer = try #require(try await w.pm.call(.GET, p).object["customerId"] as? String)
            let contact = try await ProjectsTests.contact(w.admin, customer, "王经理", email: "wang@customer.test")
            let asked = try await w.pm.call(.POST, "\(p)/review/evaluations", json: ["contactIds": [contact]])
            #expect(asked.status == .created, "\(asked.body.string)")
            let first = try #require((asked.object["asked"] as? [[String: Any]])?.first)
            let link = TestApp.path(of: try #require(first["link"] as? String))
            #expect(link.hasPrefix("/public/evaluate/"))

            // The mail that carries it: queued in the asking write, in the contact's language, naming the link.
            let queued = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'evaluation.mail'")
                .first()?.decode(column: "n", as: Int.self)
            #expect(queued == 1)
            let asking = try await w.pm.call(.GET, "\(p)/review")
            let evaluationID = try #require(
                ((asking.object["evaluations"] as? [[String: Any]])?.first?["id"] as? String).flatMap {
                    UUID(uuidString: $0)
                })
            let delivery = try #require(try await CustomerEvaluationQueries.delivery(evaluationID, on: app.db))
            let mail = EvaluationMail.render(
                delivery, link: "https://liaison.test" + link, from: .sample, at: app.clock.now, app: app.app)
            #expect(mail.subject.contains("请评价项目") && mail.text.contains("https://liaison.test" + link))
            #expect(mail.to.first?.address == "wang@customer.test")

            let browser = Browser(app)
            let form = try await browser.get(link)
            #expect(form.status == .ok && form.body.string.contains("王经理"), "\(form.body.string)")
            let incomplete = try await browser.post(link, [("overall", "5"), ("quality", "9")])
            #expect(incomplete.status == .unprocessableEntity)
            let scores = [
                ("overall", "4"), ("communication", "5"), ("quality", "4"), ("timeliness", "3"), ("comment", "沟通及时"),
            ]
            let sent = try await browser.post(link, scores)
            #expect(sent.status == .ok && sent.body.string.contains("谢谢"), "\(sent.body.string)")
            let again = try await browser.post(
                link, [("overall", "1"), ("communication", "1"), ("quality", "1"), ("timeliness", "1")])
            #expect(again.status == .conflict)

            let review = try await w.pm.call(.GET, "\(p)/review")
            let evaluation = try #require((review.object["evaluations"] as? [[String: Any]])?.first)
            #expect(
                (evaluation["scores"] as? [String: Int]) == [
                    "overall": 4, "communication": 5, "quality": 4, "timeliness": 3,
                ])
            #expect(evaluation["comment"] as? String == "沟通及时")
            let audit = try await w.admin.call(.GET, "/api/v1/audit?action=evaluation.submit")
            #expect(audit.items.count == 1)

            // In the portal: another contact of the same customer evaluates a closing project unasked.
            for status in ["active", "closing"] {
                #expect(try await w.pm.call(.POST, "\(p)/status", json: ["status": status, "reason": "合同已签，先行开工"]).status == .ok)
            }
            let portal = try await app.portalContact(
                by: w.admin, customerID: customer, name: "李工", email: "li@customer.test")
            let list = try await portal.browser.get("/portal/evaluations")
            #expect(
                list.body.string.contains("/portal/evaluations/\(w.project.lowercased())")
                    || list.body.string.contains(w.project), "\(list.body.string)")
            let given = try await portal.browser.post(
                "/portal/evaluations/\(w.project)",
                [("overall", "5"), ("communication", "5"), ("quality", "5"), ("timeliness", "4")])
            #expect(given.status == .ok, "\(given.body.string)")
            let both = try await w.pm.call(.GET, "\(p)/review")
            #expect((both.object["evaluations"] as? [[String: Any]])?.filter { $0["submittedAt"] != nil }.count == 2)
            // Another customer's contact finds nothing.
            let other = try await ProjectsTests.customer(w.admin, "别家公司")
            let stranger = try await app.portalContact(
                by: w.admin, customerID: other, name: "赵", email: "zhao@other.test")
            #expect(try await stranger.browser.get("/portal/evaluations/\(w.project)").status == .notFound)
        }
    }
}
