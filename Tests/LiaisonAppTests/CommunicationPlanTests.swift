import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// The communication plan through the API and the pages: a weekly report that shows up as due, is reminded, and
/// is marked missed when not done; what is done is recorded by its owner; bad rows are refused whole; the plan is
/// frozen into the charter the customer signs; it pauses with the project; an outsider to a confidential customer
/// sees none of it.
@Suite struct CommunicationPlanTests {
    /// The test clock starts on Monday 2026-09-21 13:33:20 UTC; Tuesday 09:00 in Shanghai is 01:00 UTC.
    static let firstDue = "2026-09-22T01:00:00.000Z"

    static func weekly(_ owner: Person, _ extra: [String: Any] = [:]) -> [String: Any] {
        var row: [String: Any] = [
            "audiences": ["customer:technical", "team:projectManager"], "content": "progressReport",
            "topic": "周报", "channel": "email", "cadence": "weekly", "weekday": "tue", "time": "09:00",
            "timeZone": "Asia/Shanghai", "ownerId": owner.id.uuidString,
        ]
        row.merge(extra) { $1 }
        return row
    }

    static func notices(_ app: TestApp, _ person: Person, kind: NotificationKind) async throws -> [[String: Any]] {
        let api = APIClient(app: app, token: try await app.token(for: person))
        return try await api.call(.GET, "/api/v1/notifications?kind=\(kind.rawValue)").items
    }

    @Test func aWeeklyReportIsDueThenMissedWhenNotDone() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await WorkPlanTests.world(app)
            let base = "/api/v1/projects/\(w.project)/communication-plan"
            let added = try await w.pm.call(.POST, base, json: Self.weekly(w.engineer))
            #expect(added.status == .created, "\(added.body.string)")
            let row = added.object
            let rowID = try #require(row["id"] as? String)
            #expect(row["nextDueAt"] as? String == Self.firstDue)
            #expect((row["cadence"] as? [String: Any])?["text"] as? String == "weekly tue 09:00 Asia/Shanghai")
            #expect(row["agreedInCharterVersion"] == nil)
            #expect(added.headers.first(name: .location)?.hasSuffix("/communication-plan/rows/\(rowID)") == true)

            // Due: listed as scheduled; the sweep reminds its owner once (24 hours ahead by default).
            let due = try await w.pm.call(.GET, "\(base)/occurrences?state=scheduled")
            #expect(due.items.compactMap { $0["dueAt"] as? String } == [Self.firstDue])
            let first = try #require(due.items.first?["id"] as? String)
            let swept = try await CommunicationJobs.sweepAll(app.app, at: app.clock.now)
            #expect(swept.reminded == 1 && swept.missed == 0)
            #expect(try await CommunicationJobs.sweepAll(app.app, at: app.clock.now).reminded == 0)
            let reminded = try await Self.notices(app, w.engineer, kind: .communicationDue)
            #expect(reminded.count == 1)
            #expect((reminded.first?["text"] as? String)?.contains("周报") == true, "\(reminded)")

            // Not done by its due time: missed, its owner and the project's manager told, the miss audited.
            app.clock.advance(by: 12 * 3_600)
            let missed = try await CommunicationJobs.sweepAll(app.app, at: app.clock.now)
            #expect(missed.missed == 1, "\(missed)")
            let gone = try await w.pm.call(.GET, "\(base)/occurrences/\(first)")
            #expect(gone.object["state"] as? String == "missed")
            #expect(try await Self.notices(app, w.engineer, kind: .communicationMissed).count == 1)
            let managerID = try #require(
                try await w.pm.call(.GET, "/api/v1/projects/\(w.project)").object["managerId"] as? String)
            let managerUUID = try #require(UUID(uuidString: managerID))
            let found = try await PeopleQueries.find(id: managerUUID, on: app.app.db)
            let manager = try #require(found)
            #expect(try await Self.notices(app, manager, kind: .communicationMissed).count == 1)
            let audit = try await w.admin.call(.GET, "/api/v1/audit?recordType=communicationPlan&recordId=\(rowID)")
            let actions = audit.items.compactMap { $0["action"] as? String }
            #expect(actions.contains("communicationPlan.add") && actions.contains("communicationPlan.missed"))
            // A missed occurrence stays missed.
            let late = try await w.engineerAPI.call(.POST, "\(base)/occurrences/\(first)/done", json: ["note": "补发"])
            #expect(late.status == .conflict)

            // The next week's is there; its owner records it done, someone else may not.
            let listed = try await w.pm.call(.GET, base)
            let counts = try #require(listed.items.first)
            #expect(counts["missedCount"] as? Int == 1)
            #expect(counts["nextDueAt"] as? String == "2026-09-29T01:00:00.000Z")
            let next = try #require(counts["nextOccurrenceId"] as? String)
            let stranger = try await app.person("sales@test.local", name: "销售丁", roles: [.sales])
            let salesAPI = APIClient(app: app, token: try await app.token(for: stranger))
            #expect(
                try await salesAPI.call(.POST, "\(base)/occurrences/\(next)/done", json: ["note": "x"]).status
                    == .forbidden)
            let empty = try await w.engineerAPI.call(.POST, "\(base)/occurrences/\(next)/done", json: [:])
            #expect(empty.fieldErrors["note"] == "required")
            let done = try await w.engineerAPI.call(
                .POST, "\(base)/occurrences/\(next)/done", json: ["note": "周报已发送，客户确认收到"])
            #expect(done.status == .ok, "\(done.body.string)")
            #expect(done.object["state"] as? String == "done")
            #expect(done.object["doneByName"] as? String == "工程师乙")
            // Two weeks on, the one after it was not done: missed; the one done stays done.
            app.clock.advance(by: 15 * 86_400)
            #expect(try await CommunicationJobs.sweepAll(app.app, at: app.clock.now).missed == 1)
            let after = try await w.pm.call(.GET, base)
            #expect(after.items.first?["doneCount"] as? Int == 1)
            #expect(after.items.first?["missedCount"] as? Int == 2)
        }
    }

    @Test func aBadRowIsRefusedWholeAndTheWrongRoleMayNotChangeThePlan() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await WorkPlanTests.world(app)
            let base = "/api/v1/projects/\(w.project)/communication-plan"
            let bad = try await w.pm.call(
                .POST, base,
                json: Self.weekly(
                    w.engineer,
                    ["audiences": ["customer:astronaut"], "weekday": "someday", "time": "25:00", "timeZone": "Mars/Base",
                     "channel": "pigeon"]),
                headers: [("Accept-Language", "en")])
            #expect(bad.status == .unprocessableEntity)
            let errors = bad.fieldErrors
            #expect(errors["audiences"] == "invalidAudience", "\(bad.body.string)")
            #expect(errors["weekday"] == "invalidWeekday")
            #expect(errors["time"] == "invalidClockTime")
            #expect(errors["timeZone"] == "unknownTimeZone")
            #expect(errors["channel"] == "invalidChoice")
            let monthly = try await w.pm.call(
                .POST, base, json: Self.weekly(w.engineer, ["cadence": "monthly", "dayOfMonth": 32]))
            #expect(monthly.fieldErrors["dayOfMonth"] == "outOfRange")
            let other = try await w.pm.call(.POST, base, json: Self.weekly(w.engineer, ["content": "other", "topic": ""]))
            #expect(other.fieldErrors["topic"] == "required")
            #expect(try await w.pm.call(.GET, base).items.isEmpty)
            #expect(try await w.pm.call(.GET, "\(base)/occurrences").items.isEmpty)
            // Only people who manage projects change the plan.
            #expect(try await w.engineerAPI.call(.POST, base, json: Self.weekly(w.engineer)).status == .forbidden)

            // A number for the weekday works too; a change keeps what it does not name; a new cadence starts anew.
            let made = try await w.pm.call(.POST, base, json: Self.weekly(w.engineer, ["weekday": 2]))
            #expect(made.status == .created, "\(made.body.string)")
            let rowID = try #require(made.object["id"] as? String)
            let stale = try await w.pm.call(
                .PATCH, "\(base)/rows/\(rowID)", json: ["time": "10:00"], headers: [("If-Match", "\"7\"")])
            #expect(stale.status == .preconditionFailed)
            let monthlyNow = try await w.pm.call(
                .PATCH, "\(base)/rows/\(rowID)", json: ["cadence": "monthly", "dayOfMonth": "31"])
            #expect(monthlyNow.status == .ok, "\(monthlyNow.body.string)")
            #expect((monthlyNow.object["cadence"] as? [String: Any])?["text"] as? String == "monthly 31 09:00 Asia/Shanghai")
            #expect(monthlyNow.object["topic"] as? String == "周报")
            // More than a week ahead: not made yet, but shown as next due.
            #expect(monthlyNow.object["nextDueAt"] as? String == "2026-09-30T01:00:00.000Z")
            #expect(try await w.pm.call(.GET, "\(base)/occurrences?state=scheduled").items.isEmpty)
            app.clock.advance(by: 2 * 86_400)
            #expect(try await CommunicationJobs.sweepAll(app.app, at: app.clock.now).created == 1)
            let scheduled = try await w.pm.call(.GET, "\(base)/occurrences?state=scheduled")
            #expect(scheduled.items.compactMap { $0["dueAt"] as? String } == ["2026-09-30T01:00:00.000Z"])

            // Removed: kept on record, out of the plan, nothing left to come.
            #expect(try await w.pm.call(.DELETE, "\(base)/rows/\(rowID)").status == .noContent)
            #expect(try await w.pm.call(.GET, base).items.isEmpty)
            #expect(try await w.pm.call(.GET, "\(base)?includeRemoved=true").items.count == 1)
            #expect(try await w.pm.call(.GET, "\(base)/occurrences").items.isEmpty)
            #expect(try await w.pm.call(.PATCH, "\(base)/rows/\(rowID)", json: ["time": "10:00"]).status == .conflict)
        }
    }

    @Test func thePlanIsFrozenIntoTheCharterTheCustomerSignsAndPausesWithTheProject() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await WorkPlanTests.world(app)
            let base = "/api/v1/projects/\(w.project)/communication-plan"
            let customer = try #require(
                try await w.pm.call(.GET, "/api/v1/projects/\(w.project)").object["customerId"] as? String)
            let contact = try await ProjectsTests.contact(w.admin, customer, "王五", email: "wang@sz.test")
            let made = try await w.pm.call(.POST, base, json: Self.weekly(w.engineer))
            let rowID = try #require(made.object["id"] as? String)
            _ = try await w.pm.call(.PUT, "/api/v1/projects/\(w.project)/charter", json: ["goals": "按时交付"])
            app.clock.advance(by: 60)
            let sent = try await w.pm.call(
                .POST, "/api/v1/projects/\(w.project)/charter/send", json: ["contactIds": [contact]])
            #expect(sent.status == .ok, "\(sent.body.string)")
            let charter = try await w.pm.call(.GET, "/api/v1/projects/\(w.project)/charter")
            let plan = (charter.object["content"] as? [String: Any])?["communicationPlan"] as? [[String: Any]] ?? []
            #expect(plan.first?["cadence"] as? String == "weekly tue 09:00 Asia/Shanghai", "\(charter.body.string)")
            #expect(plan.first?["owner"] as? String == "工程师乙")
            #expect(try await w.pm.call(.GET, "\(base)/rows/\(rowID)").object["agreedInCharterVersion"] == nil)

            // The contact signs; the page shows the plan in words; the row as it stands is agreed.
            let link = try #require(ProjectsTests.links(sent).values.first)
            let signPage = try await Browser(app).get(link)
            #expect(signPage.body.string.contains("每周二 09:00（Asia/Shanghai）"), "\(signPage.body.string)")
            #expect(try await Browser(app).post(link, [("agree", "yes")]).status == .ok)
            #expect(try await w.pm.call(.GET, "\(base)/rows/\(rowID)").object["agreedInCharterVersion"] as? Int == 1)
            // A change after the sign-off is not agreed until a new version is signed.
            app.clock.advance(by: 60)
            _ = try await w.pm.call(.PATCH, "\(base)/rows/\(rowID)", json: ["time": "10:00"])
            #expect(try await w.pm.call(.GET, "\(base)/rows/\(rowID)").object["agreedInCharterVersion"] == nil)

            // On hold: nothing comes; active again: the plan runs from now.
            let project = "/api/v1/projects/\(w.project)"
            #expect(
                try await w.pm.call(.POST, "\(project)/status", json: ["status": "active", "reason": "启动会已线下召开"])
                    .status == .ok)
            #expect(try await w.pm.call(.POST, "\(project)/status", json: ["status": "onHold"]).status == .ok)
            #expect(try await w.pm.call(.GET, "\(base)/occurrences?state=scheduled").items.isEmpty)
            app.clock.advance(by: 10 * 86_400)
            #expect(try await CommunicationJobs.sweepAll(app.app, at: app.clock.now).created == 0)
            #expect(try await w.pm.call(.POST, "\(project)/status", json: ["status": "active"]).status == .ok)
            let resumed = try await CommunicationJobs.sweepAll(app.app, at: app.clock.now)
            #expect(resumed.created == 1 && resumed.missed == 0, "\(resumed)")
        }
    }

    @Test func anOutsiderToAConfidentialCustomerSeesNoneOfItsPlan() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await WorkPlanTests.world(app, classification: "confidential")
            let base = "/api/v1/projects/\(w.project)/communication-plan"
            let stranger = try await app.person("other@test.local", name: "外人丙", roles: [.projectManager])
            let refused = try await w.admin.call(.POST, base, json: Self.weekly(stranger))
            #expect(refused.fieldErrors["ownerId"] == "taskOwnerMayNotKnow")
            let made = try await w.admin.call(.POST, base, json: Self.weekly(w.engineer))
            let rowID = try #require(made.object["id"] as? String)
            let occurrence = try #require(
                try await w.admin.call(.GET, "\(base)/occurrences").items.first?["id"] as? String)
            let outsider = APIClient(app: app, token: try await app.token(for: stranger))
            for path in [base, "\(base)/rows/\(rowID)", "\(base)/occurrences", "\(base)/occurrences/\(occurrence)"] {
                #expect(try await outsider.call(.GET, path).status == .notFound, "\(path)")
            }
            #expect(try await outsider.call(.POST, base, json: Self.weekly(stranger)).status == .notFound)
            #expect(try await outsider.call(.DELETE, "\(base)/rows/\(rowID)").status == .notFound)
            let browser = Browser(app)
            _ = try await browser.signIn("other@test.local", "Test-Passw0rd!")
            #expect(try await browser.get("/projects/\(w.project)/communication-plan").status == .notFound)
            // The owner, on the team, sees it and is reminded.
            _ = try await CommunicationJobs.sweepAll(app.app, at: app.clock.now)
            #expect(try await Self.notices(app, w.engineer, kind: .communicationDue).count == 1)
            #expect(try await Self.notices(app, stranger, kind: .communicationDue).isEmpty)
        }
    }

    @Test func thePlanPageListsFormsAndRecordsInBothLanguages() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await WorkPlanTests.world(app)
            let browser = Browser(app)
            _ = try await browser.signIn("pm@test.local", "Test-Passw0rd!")
            let page = "/projects/\(w.project)/communication-plan"
            let empty = try await browser.get(page)
            #expect(empty.status == .ok)
            #expect(empty.body.string.contains("尚无沟通方案"))
            #expect(try await browser.get("\(page)/new").status == .ok)
            let bad = try await browser.post(
                page, [("content", "progressReport"), ("channel", "email"), ("cadence", "weekly"), ("weekday", "2"),
                       ("time", "9:00"), ("timeZone", "Asia/Shanghai"), ("ownerId", w.engineer.id.uuidString)])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("field-error"))
            let created = try await browser.post(
                page, [("audiences[]", "customer:technical"), ("audiences[]", "team:projectManager"),
                       ("otherAudience", "采购委员会"), ("content", "progressReport"), ("topic", "周报"),
                       ("channel", "email"), ("cadence", "weekly"), ("weekday", "2"), ("time", "9:00"),
                       ("timeZone", "Asia/Shanghai"), ("ownerId", w.engineer.id.uuidString)])
            #expect(created.status == .seeOther, "\(created.body.string)")
            let shown = try await browser.get(page)
            #expect(shown.body.string.contains("每周二 09:00（Asia/Shanghai）"), "\(shown.body.string)")
            #expect(shown.body.string.contains("采购委员会"))
            #expect(shown.body.string.contains("客户尚未确认"))
            browser.acceptLanguage = "en"
            let english = try await browser.get(page)
            #expect(english.body.string.contains("Weekly on Tuesday at 09:00 (Asia/Shanghai)"))
            #expect(english.body.string.contains("Customer · Technical contact") || english.body.string.contains("Customer · "))

            // The owner records it done on the page.
            let owner = Browser(app)
            _ = try await owner.signIn("eng@test.local", "Test-Passw0rd!")
            let list = try await w.pm.call(.GET, "/api/v1/projects/\(w.project)/communication-plan/occurrences")
            let occurrence = try #require(list.items.first?["id"] as? String)
            let form = try await owner.get(page)
            #expect(form.body.string.contains("/communication-plan/occurrences/\(occurrence)/done"))
            let recorded = try await owner.post(
                "\(page)/occurrences/\(occurrence)/done", [("note", "已发送"), ("version", "1")])
            #expect(recorded.status == .seeOther)
            let after = try await w.pm.call(.GET, "/api/v1/projects/\(w.project)/communication-plan/occurrences")
            #expect(after.items.first?["state"] as? String == "done")
            #expect(after.items.first?["note"] as? String == "已发送")
        }
    }
}

extension CommunicationPlanTests {
    @Test func aRowAtEachMilestoneFollowsTheWorkPlansMilestones() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await WorkPlanTests.world(app)
            let project = "/api/v1/projects/\(w.project)"
            #expect(try await w.pm.call(.PATCH, project, json: ["endOn": "2026-12-31"]).status == .ok)
            let base = "\(project)/communication-plan"
            let made = try await w.pm.call(
                .POST, base,
                json: Self.weekly(w.engineer, ["cadence": "milestones", "content": "milestoneReview", "time": "14:00"]))
            #expect(made.status == .created, "\(made.body.string)")
            #expect(try await w.pm.call(.GET, "\(base)/occurrences").items.isEmpty)
            let milestone = try await w.pm.call(
                .POST, "\(project)/milestones", json: ["name": "样机交付", "date": "2026-09-25"])
            let milestoneID = try #require(milestone.object["id"] as? String)
            _ = try await CommunicationJobs.sweepAll(app.app, at: app.clock.now)
            let first = try await w.pm.call(.GET, "\(base)/occurrences?state=scheduled")
            #expect(first.items.compactMap { $0["dueAt"] as? String } == ["2026-09-25T06:00:00.000Z"])
            // Moved past the look-ahead: the occurrence to come is dropped, and made again nearer the day.
            _ = try await w.pm.call(.PATCH, "\(project)/milestones/\(milestoneID)", json: ["date": "2026-10-20"])
            _ = try await CommunicationJobs.sweepAll(app.app, at: app.clock.now)
            #expect(try await w.pm.call(.GET, "\(base)/occurrences").items.isEmpty)
            app.clock.advance(by: 25 * 86_400)
            _ = try await CommunicationJobs.sweepAll(app.app, at: app.clock.now)
            let moved = try await w.pm.call(.GET, "\(base)/occurrences?state=scheduled")
            #expect(moved.items.compactMap { $0["dueAt"] as? String } == ["2026-10-20T06:00:00.000Z"])
        }
    }
}
