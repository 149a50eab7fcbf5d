import Foundation
import LiaisonCore
import LiaisonData
import MailTestServers
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Meetings through the API: made for a project (its customer's) or internal, need-to-know, bad input refused whole,
/// the invitation's UID and rising SEQUENCE up to the cancellation, minutes whose action items become tasks, the
/// kickoff rule, one timeline entry per meeting, and the audit trail.
@Suite struct MeetingsTests {
    struct World {
        let work: WorkPlanTests.World
        let customer: String
        let contact: String
    }

    static func world(_ app: TestApp, classification: String = "internal") async throws -> World {
        let work = try await WorkPlanTests.world(app, classification: classification)
        let project = try await work.admin.call(.GET, "/api/v1/projects/\(work.project)")
        let customer = try #require(project.object["customerId"] as? String)
        let contact = try await ProjectsTests.contact(work.admin, customer, "王经理", email: "wang@customer.test")
        return World(work: work, customer: customer, contact: contact)
    }

    static func meeting(_ api: APIClient, _ json: [String: Any]) async throws -> [String: Any] {
        let made = try await api.call(.POST, "/api/v1/meetings", json: json)
        #expect(made.status == .created, "\(made.body.string)")
        return made.object
    }

    @Test func aProjectMeetingIsItsCustomersAndAnOutsiderSeesNoneOfIt() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app, classification: "confidential")
            let made = try await Self.meeting(
                w.work.pm,
                [
                    "kind": "progress", "title": "第一次进度会", "projectId": w.work.project,
                    "startsAt": "2026-10-12T14:00", "endsAt": "2026-10-12T15:30", "timeZone": "Asia/Shanghai",
                    "place": "苏州", "attendees": [["personId": w.work.engineer.id.uuidString], ["contactId": w.contact]],
                ])
            let id = try #require(made["id"] as? String)
            #expect(made["customerId"] as? String == w.customer)
            #expect(made["sequence"] as? Int == 0)
            #expect(made["startsAt"] as? String == "2026-10-12T06:00:00.000Z")
            let attendees = try #require(made["attendees"] as? [[String: Any]])
            #expect(attendees.count == 3, "\(attendees)")  // the organiser, the engineer, the contact

            let mine = try await w.work.engineerAPI.call(.GET, "/api/v1/meetings?mine=true")
            #expect(mine.items.map { $0["id"] as? String } == [id])
            let stranger = try await app.person("other@test.local", name: "外人丙", roles: [.projectManager])
            let outsider = APIClient(app: app, token: try await app.token(for: stranger))
            for path in ["/api/v1/meetings/\(id)", "/api/v1/meetings/\(id)/ics"] {
                #expect(try await outsider.call(.GET, path).status == .notFound, "\(path)")
            }
            #expect(try await outsider.call(.GET, "/api/v1/meetings").items.isEmpty)
            #expect(try await outsider.call(.POST, "/api/v1/meetings/\(id)/cancel").status == .notFound)

            // Internal: no customer, seen by its attendees only (not even by an administrator).
            let inside = try await Self.meeting(
                w.work.pm,
                [
                    "kind": "other", "title": "内部复盘", "startsAt": "2026-10-13T09:00:00+08:00",
                    "endsAt": "2026-10-13T10:00:00+08:00", "attendees": [["personId": w.work.engineer.id.uuidString]],
                ])
            let internalID = try #require(inside["id"] as? String)
            #expect(inside["customerId"] is NSNull || inside["customerId"] == nil)
            #expect(try await w.work.engineerAPI.call(.GET, "/api/v1/meetings/\(internalID)").status == .ok)
            #expect(try await outsider.call(.GET, "/api/v1/meetings/\(internalID)").status == .notFound)
            #expect(try await w.work.admin.call(.GET, "/api/v1/meetings/\(internalID)").status == .notFound)
            let all = try await w.work.engineerAPI.call(.GET, "/api/v1/meetings")
            #expect(Set(all.items.compactMap { $0["id"] as? String }) == [id, internalID])
            // Paged by start: one a page.
            let first = try await w.work.engineerAPI.call(.GET, "/api/v1/meetings?mine=true&limit=1")
            #expect(first.items.first?["id"] as? String == id)
            let cursor = try #require(first.object["nextCursor"] as? String)
            let second = try await w.work.engineerAPI.call(.GET, "/api/v1/meetings?mine=true&limit=1&cursor=\(cursor)")
            #expect(second.items.first?["id"] as? String == internalID)
            #expect(try await w.work.pm.call(.GET, "/api/v1/meetings?mine=maybe").status == .unprocessableEntity)
        }
    }

    @Test func badInputIsRefusedWholeAndNothingIsSaved() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let backwards = try await w.work.pm.call(
                .POST, "/api/v1/meetings",
                json: ["kind": "review", "title": "评审", "customerId": w.customer, "startsAt": "2026-10-12T14:00",
                       "endsAt": "2026-10-12T13:00"])
            #expect(backwards.status == .unprocessableEntity)
            #expect(backwards.fieldErrors["endsAt"] == "meetingEndsBeforeStart")
            let other = try await ProjectsTests.customer(w.work.admin, "无锡机电")
            let stranger = try await ProjectsTests.contact(w.work.admin, other, "李工", email: "li@other.test")
            let foreign = try await w.work.pm.call(
                .POST, "/api/v1/meetings",
                json: ["kind": "review", "title": "评审", "customerId": w.customer, "startsAt": "2026-10-12T14:00",
                       "endsAt": "2026-10-12T15:00", "attendees": [["contactId": w.contact], ["contactId": stranger]]])
            #expect(foreign.fieldErrors["attendees"] == "meetingAttendeeOtherCustomer", "\(foreign.body.string)")
            let mismatch = try await w.work.pm.call(
                .POST, "/api/v1/meetings",
                json: ["kind": "review", "title": "评审", "customerId": other, "projectId": w.work.project,
                       "startsAt": "2026-10-12T14:00", "endsAt": "2026-10-12T15:00"])
            #expect(mismatch.fieldErrors["customerId"] == "meetingProjectOtherCustomer")
            #expect(try await w.work.pm.call(.GET, "/api/v1/meetings").items.isEmpty)

            // An action item without an owner: the minutes are refused, the meeting stays as it was.
            let made = try await Self.meeting(
                w.work.pm,
                ["kind": "issue", "title": "问题会", "customerId": w.customer, "startsAt": "2026-09-01T10:00",
                 "endsAt": "2026-09-01T11:00"])
            let id = try #require(made["id"] as? String)
            let noOwner = try await w.work.pm.call(
                .PUT, "/api/v1/meetings/\(id)/minutes",
                json: ["minutes": "纪要", "actionItems": [["title": "跟进", "dueOn": "2026-09-10"]]],
                headers: [("Accept-Language", "en")])
            #expect(noOwner.fieldErrors["actionItems"] == "actionItemOwnerRequired")
            #expect(noOwner.body.string.contains("Action item 1 needs an owner"), "\(noOwner.body.string)")
            let unchanged = try await w.work.pm.call(.GET, "/api/v1/meetings/\(id)")
            #expect(unchanged.object["status"] as? String == "scheduled")
            #expect(unchanged.object["minutes"] is NSNull || unchanged.object["minutes"] == nil)
        }
    }

    @Test func theInvitationKeepsItsUIDAndItsSequenceRisesUpToTheCancellation() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let made = try await Self.meeting(
                w.work.pm,
                ["kind": "review", "title": "方案评审；第一轮", "customerId": w.customer, "startsAt": "2026-10-12T14:00",
                 "endsAt": "2026-10-12T15:30", "timeZone": "Europe/Berlin", "attendees": [["contactId": w.contact]]])
            let id = try #require(made["id"] as? String)
            let path = "/api/v1/meetings/\(id)"
            func ics() async throws -> String {
                let answer = try await w.work.pm.call(.GET, "\(path)/ics")
                #expect(answer.status == .ok)
                #expect(answer.headers.contentType?.description.hasPrefix("text/calendar") == true)
                return answer.body.string.replacingOccurrences(of: "\r\n ", with: "")
            }
            let first = try await ics()
            let uid = "UID:\(id.lowercased())@"
            #expect(first.contains("METHOD:REQUEST\r\n"))
            #expect(first.contains(uid))
            #expect(first.contains("SEQUENCE:0\r\n"))
            #expect(first.contains("DTSTART;TZID=Europe/Berlin:20261012T140000\r\n"))
            #expect(first.contains("SUMMARY:方案评审\\；第一轮\r\n") || first.contains("SUMMARY:方案评审；第一轮\r\n"))
            #expect(first.contains("ATTENDEE;CN=王经理;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:wang@customer.test"))

            let moved = try await w.work.pm.call(.PATCH, path, json: ["place": "会议室 B"], headers: [("If-Match", "\"1\"")])
            #expect(moved.object["sequence"] as? Int == 1, "\(moved.body.string)")
            let agenda = try await w.work.pm.call(.PATCH, path, json: ["agenda": "1. 方案"])
            #expect(agenda.object["sequence"] as? Int == 1)  // the agenda alone does not re-invite
            let stale = try await w.work.pm.call(.PATCH, path, json: ["place": "x"], headers: [("If-Match", "\"1\"")])
            #expect(stale.status == .preconditionFailed)
            let second = try await ics()
            #expect(second.contains(uid) && second.contains("SEQUENCE:1\r\n") && second.contains("LOCATION:会议室 B"))

            let cancelled = try await w.work.pm.call(.POST, "\(path)/cancel")
            #expect(cancelled.object["status"] as? String == "cancelled")
            let third = try await ics()
            #expect(third.contains("METHOD:CANCEL\r\n") && third.contains("STATUS:CANCELLED\r\n"))
            #expect(third.contains(uid) && third.contains("SEQUENCE:2\r\n"))
            #expect(try await w.work.pm.call(.POST, "\(path)/cancel").status == .conflict)
            #expect(try await w.work.pm.call(.PATCH, path, json: ["title": "x"]).status == .conflict)

            // Each invitation was queued for the contact, once per sequence.
            let jobs = try await app.db.sql.raw(
                "SELECT unique_key FROM jobs WHERE kind = 'meeting.invite' ORDER BY unique_key"
            ).all(decoding: JobKey.self).map(\.unique_key)
            #expect(jobs.count == 3, "\(jobs)")
            #expect(jobs.allSatisfy { $0.hasSuffix("wang@customer.test") })

            #expect(try await w.work.pm.call(.DELETE, path).status == .noContent)
            let gone = try await w.work.pm.call(.GET, "\(path)/ics", headers: [("Accept-Language", "en")])
            #expect(gone.status == .notFound)
            #expect(gone.body.string.contains("was deleted"), "\(gone.body.string)")
            #expect(try await w.work.pm.call(.GET, path).status == .notFound)

            let audit = try await w.work.admin.call(.GET, "/api/v1/audit?recordType=meeting&recordId=\(id)")
            let actions = Set(audit.items.compactMap { $0["action"] as? String })
            #expect(actions == ["meeting.create", "meeting.update", "meeting.cancel", "meeting.delete"], "\(actions)")
        }
    }

    struct JobKey: Decodable {
        var unique_key: String
    }

    @Test func actionItemsBecomeTasksAndTheTimelineShowsTheMeetingOnce() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let made = try await Self.meeting(
                w.work.pm,
                ["kind": "progress", "title": "周例会", "projectId": w.work.project, "startsAt": "2026-09-20T10:00",
                 "endsAt": "2026-09-20T11:00", "attendees": [["contactId": w.contact]]])
            let id = try #require(made["id"] as? String)
            _ = try await w.work.pm.call(.PATCH, "/api/v1/meetings/\(id)", json: ["title": "周例会（第 1 周）"])
            let owner = w.work.engineer.id.uuidString
            let minutes = try await w.work.pm.call(
                .PUT, "/api/v1/meetings/\(id)/minutes",
                json: ["minutes": "确认了范围", "decisions": "下周上线", "minutesShared": true,
                       "actionItems": [["title": "准备上线清单", "ownerId": owner, "dueOn": "2026-09-25"]]])
            #expect(minutes.status == .ok, "\(minutes.body.string)")
            #expect(minutes.object["status"] as? String == "held")
            let items = try #require(minutes.object["actionItems"] as? [[String: Any]])
            let taskID = try #require(items.first?["taskId"] as? String)
            let task = try await w.work.pm.call(.GET, "/api/v1/projects/\(w.work.project)/tasks/\(taskID)")
            #expect(task.object["name"] as? String == "准备上线清单")
            #expect(task.object["ownerId"] as? String == owner)
            #expect(task.object["dueOn"] as? String == "2026-09-25")

            // The same item again keeps its task; a new one adds one.
            let again = try await w.work.pm.call(
                .PUT, "/api/v1/meetings/\(id)/minutes",
                json: ["minutes": "确认了范围", "minutesShared": true,
                       "actionItems": [["title": "准备上线清单", "ownerId": owner, "dueOn": "2026-09-25"],
                                       ["title": "通知用户", "ownerId": owner, "dueOn": "2026-09-26"]]])
            let twice = try #require(again.object["actionItems"] as? [[String: Any]])
            #expect(twice.first?["taskId"] as? String == taskID)
            #expect(twice.count == 2 && twice.last?["taskId"] as? String != nil)
            let tasks = try await w.work.pm.call(.GET, "/api/v1/projects/\(w.work.project)/tasks")
            #expect(tasks.items.count == 2)

            // Minutes before the meeting starts are refused.
            let later = try await Self.meeting(
                w.work.pm,
                ["kind": "progress", "title": "下周例会", "projectId": w.work.project, "startsAt": "2026-09-27T10:00",
                 "endsAt": "2026-09-27T11:00"])
            let early = try await w.work.pm.call(
                .PUT, "/api/v1/meetings/\(try #require(later["id"] as? String))/minutes", json: ["minutes": "x"])
            #expect(early.status == .conflict)

            let timeline = try await w.work.pm.call(.GET, "/api/v1/customers/\(w.customer)/timeline")
            let entries = timeline.items.filter { $0["kind"] as? String == "meeting" }
            #expect(entries.filter { $0["refId"] as? String == id }.count == 1, "\(entries)")
            #expect(entries.count == 2)
            #expect(entries.contains { $0["title"] as? String == "周例会（第 1 周）" })
            let audit = try await w.work.admin.call(.GET, "/api/v1/audit?recordType=meeting&recordId=\(id)")
            #expect(Set(audit.items.compactMap { $0["action"] as? String }).contains("meeting.minutes"))
        }
    }

    @Test func aProjectStartsOnlyAfterItsKickoffOrWithAReason() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let status = "/api/v1/projects/\(w.work.project)/status"
            let refused = try await w.work.pm.call(.POST, status, json: ["status": "active"])
            #expect(refused.fieldErrors["reason"] == "projectKickoffRequired", "\(refused.body.string)")
            // A kickoff still to come does not count; one that has begun does.
            let kickoff = try await Self.meeting(
                w.work.pm,
                ["kind": "kickoff", "title": "启动会", "projectId": w.work.project, "startsAt": "2026-09-22T10:00",
                 "endsAt": "2026-09-22T12:00"])
            #expect(try await w.work.pm.call(.POST, status, json: ["status": "active"]).status == .unprocessableEntity)
            app.clock.advance(by: 86_400)
            let started = try await w.work.pm.call(.POST, status, json: ["status": "active"])
            #expect(started.status == .ok, "\(started.body.string)")
            #expect(kickoff["kind"] as? String == "kickoff")

            // Another project, started with a reason: the reason is in the audit entry.
            let other = try await ProjectsTests.project(w.work.admin, w.customer, ["name": "二期"])
            let reasoned = try await w.work.admin.call(
                .POST, "/api/v1/projects/\(other)/status", json: ["status": "active", "reason": "客户要求立即开工"])
            #expect(reasoned.status == .ok, "\(reasoned.body.string)")
            let audit = try await w.work.admin.call(.GET, "/api/v1/audit?recordType=project&recordId=\(other)&action=project.status")
            #expect(audit.body.string.contains("客户要求立即开工"), "\(audit.body.string)")
        }
    }

    @Test func theCustomerReadsSharedMinutesInThePortalAndNothingElse() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let portal = try await app.portalContact(
                by: w.work.admin, customerID: w.customer, name: "陈静", email: "chen@customer.test")
            func held(_ title: String, shared: Bool, customer: String?) async throws {
                var json: [String: Any] = ["kind": "review", "title": title, "startsAt": "2026-09-20T10:00",
                                           "endsAt": "2026-09-20T11:00"]
                if let customer { json["customerId"] = customer }
                let id = try #require(try await Self.meeting(w.work.pm, json)["id"] as? String)
                let minutes = try await w.work.pm.call(
                    .PUT, "/api/v1/meetings/\(id)/minutes",
                    json: ["minutes": "纪要：\(title)", "decisions": "决议：\(title)", "minutesShared": shared])
                #expect(minutes.status == .ok, "\(minutes.body.string)")
            }
            let other = try await ProjectsTests.customer(w.work.admin, "无锡机电")
            try await held("共享的评审", shared: true, customer: w.customer)
            try await held("内部的评审", shared: false, customer: w.customer)
            try await held("别家的评审", shared: true, customer: other)
            try await held("内部会议", shared: true, customer: nil)
            let page = try await portal.browser.get("/portal/meetings")
            #expect(page.status == .ok)
            let text = page.body.string
            #expect(text.contains("纪要：共享的评审") && text.contains("决议：共享的评审"))
            for hidden in ["内部的评审", "别家的评审", "内部会议"] { #expect(!text.contains(hidden), "\(hidden)") }
            #expect(try await portal.browser.get("/meetings").status == .forbidden)
            #expect(try await portal.api.call(.GET, "/api/v1/meetings").status == .forbidden)
        }
    }

    @Test func holdingAProjectMeetingMarksThePlannedMeetingDone() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let plan = "/api/v1/projects/\(w.work.project)/communication-plan"
            let row = try await w.work.pm.call(
                .POST, plan,
                json: ["audiences": ["customer:decisionMaker"], "content": "steeringMeeting", "channel": "meeting",
                       "cadence": "weekly", "weekday": "tue", "time": "10:00", "timeZone": "Asia/Shanghai",
                       "ownerId": w.work.engineer.id.uuidString])
            #expect(row.status == .created, "\(row.body.string)")
            let due = try await w.work.pm.call(.GET, "\(plan)/occurrences?state=scheduled")
            #expect(due.items.first?["dueAt"] as? String == "2026-09-22T02:00:00.000Z", "\(due.body.string)")
            let meeting = try await Self.meeting(
                w.work.pm,
                ["kind": "progress", "title": "周二例会", "projectId": w.work.project, "startsAt": "2026-09-22T10:30",
                 "endsAt": "2026-09-22T11:30"])
            app.clock.advance(by: 86_400)
            let minutes = try await w.work.pm.call(
                .PUT, "/api/v1/meetings/\(try #require(meeting["id"] as? String))/minutes", json: ["minutes": "例会纪要"])
            #expect(minutes.status == .ok, "\(minutes.body.string)")
            let done = try await w.work.pm.call(.GET, "\(plan)/occurrences?state=done")
            #expect(done.items.count == 1, "\(done.body.string)")
            #expect(done.items.first?["doneNote"] as? String == "周二例会" || done.body.string.contains("周二例会"))
        }
    }

    @Test func thePagesScheduleAMeetingAndRecordItsMinutes() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let w = try await Self.world(app)
            let browser = Browser(app)
            _ = try await browser.signIn("pm@test.local", "Test-Passw0rd!")
            let form = try await browser.get("/meetings/new?projectId=\(w.work.project)")
            #expect(form.status == .ok)
            #expect(form.body.string.contains("王经理"), "the customer's contacts are offered")
            let bad = try await browser.post(
                "/meetings",
                [("kind", "progress"), ("title", "周会"), ("projectId", w.work.project), ("startsAt", "2026-09-20T10:00"),
                 ("endsAt", "2026-09-20T09:00")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("会议结束时间必须晚于开始时间"))
            let made = try await browser.post(
                "/meetings",
                [("kind", "progress"), ("title", "周会"), ("projectId", w.work.project), ("customerId", w.customer),
                 ("startsAt", "2026-09-20T10:00"), ("endsAt", "2026-09-20T11:00"), ("timeZone", "Asia/Shanghai"),
                 ("personIds[]", w.work.engineer.id.uuidString), ("contactIds[]", w.contact)])
            #expect(made.status == .seeOther, "\(made.body.string)")
            let location = try #require(made.headers.first(name: .location))
            let page = try await browser.get(location)
            #expect(page.body.string.contains("周会") && page.body.string.contains("invitation.ics"))
            let ics = try await browser.get(location + "/invitation.ics")
            #expect(ics.body.string.contains("BEGIN:VCALENDAR"))
            let noOwner = try await browser.post(
                location + "/minutes",
                [("minutes", "纪要"), ("version", "1"), ("itemTitle[]", "跟进报价"), ("itemOwner[]", ""),
                 ("itemDue[]", "2026-09-30")])
            #expect(noOwner.status == .unprocessableEntity)
            #expect(noOwner.body.string.contains("第 1 项行动项需要指定负责人"), "\(noOwner.body.string)")
            let recorded = try await browser.post(
                location + "/minutes",
                [("minutes", "纪要"), ("minutesShared", "true"), ("version", "1"), ("itemTitle[]", "跟进报价"),
                 ("itemOwner[]", w.work.engineer.id.uuidString), ("itemDue[]", "2026-09-30"), ("itemTitle[]", ""),
                 ("itemOwner[]", ""), ("itemDue[]", "")])
            #expect(recorded.status == .seeOther, "\(recorded.body.string)")
            browser.acceptLanguage = "en"
            let english = try await browser.get(location)
            #expect(english.body.string.contains("Held") && english.body.string.contains("跟进报价"))
            let tab = try await browser.get("/projects/\(w.work.project)/meetings")
            #expect(tab.body.string.contains("周会"))
            let list = try await browser.get("/meetings")
            #expect(list.body.string.contains("周会"))
        }
    }
}

/// The invitation mail, received by a real SMTP server: the `.ics` attached as `text/calendar; method=REQUEST`,
/// only the newest copy of a meeting changed before the mail went out, and the cancellation as `method=CANCEL`.
@Suite(.timeLimit(.minutes(15))) struct MeetingMailTests {
    @Test(.enabled(if: SMTPTestServer.enabled, Comment(rawValue: SMTPTestServer.missing)))
    func attendeesGetTheInvitationAndTheCancellation() async throws {
        let folder = try SMTPTestServer.temporaryFolder()
        let smtp = try SMTPTestServer(folder: folder)
        defer { smtp.stop() }
        try await withTestApp { (app: TestApp) async throws in
            let w = try await MeetingsTests.world(app)
            let api = w.work.admin
            let queue = try #require(
                try await api.call(.POST, "/api/v1/departments", json: ["name": "客服部"]).object["id"] as? String)
            let mailbox = try await api.call(
                .POST, "/api/v1/mailboxes",
                json: [
                    "address": "meetings@liaison.example", "departmentId": queue, "smtpHost": "127.0.0.1",
                    "smtpPort": smtp.port, "smtpSecurity": "none",
                ])
            #expect(mailbox.status == .created, "\(mailbox.text)")
            let made = try await MeetingsTests.meeting(
                w.work.pm,
                ["kind": "review", "title": "方案评审会", "customerId": w.customer, "startsAt": "2026-10-12T14:00",
                 "endsAt": "2026-10-12T15:00", "attendees": [["contactId": w.contact],
                                                            ["personId": w.work.engineer.id.uuidString]]])
            let id = try #require(made["id"] as? String)
            // Changed before the mail went out: only the newer copy is sent.
            _ = try await w.work.pm.call(.PATCH, "/api/v1/meetings/\(id)", json: ["place": "二号会议室"])
            _ = try await app.app.jobRunner.runDue(app.app, limit: 50)
            func unfolded(_ mail: [UInt8]) -> String {
                String(decoding: mail, as: UTF8.self).replacingOccurrences(of: "\r\n ", with: " ")
            }
            let first = try smtp.received()
            #expect(Set(first.flatMap(\.to)) == ["wang@customer.test", "eng@test.local"], "\(first.map(\.to))")
            #expect(first.count == 2)
            for mail in first {
                let text = unfolded(mail.message)
                #expect(text.contains("Content-Type: text/calendar; charset=utf-8; method=REQUEST; name="), "\(text)")
                let calendar = try #require(Self.attachment(text))
                #expect(calendar.contains("SEQUENCE:1\r\n") && calendar.contains("METHOD:REQUEST\r\n"))
                #expect(calendar.contains("LOCATION:二号会议室"))
            }
            _ = try await w.work.pm.call(.POST, "/api/v1/meetings/\(id)/cancel")
            _ = try await app.app.jobRunner.runDue(app.app, limit: 50)
            let cancellations = try smtp.received().dropFirst(2)
            #expect(cancellations.count == 2)
            for mail in cancellations {
                let text = unfolded(mail.message)
                #expect(text.contains("method=CANCEL"))
                let calendar = try #require(Self.attachment(text))
                #expect(calendar.contains("METHOD:CANCEL\r\n") && calendar.contains("SEQUENCE:2\r\n"))
            }
        }
    }

    /// The base64 body of the message's `text/calendar` part, decoded.
    static func attachment(_ message: String) -> String? {
        guard let start = message.range(of: "Content-Type: text/calendar") else { return nil }
        let rest = message[start.upperBound...]
        guard let blank = rest.range(of: "\r\n\r\n") else { return nil }
        let body = rest[blank.upperBound...].prefix { $0 != "-" }
        let base64 = body.filter { !$0.isWhitespace }
        return Data(base64Encoded: String(base64)).map { String(decoding: $0, as: UTF8.self) }
    }
}
