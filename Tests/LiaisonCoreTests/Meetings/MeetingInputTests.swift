import Foundation
import Testing

@testable import LiaisonCore

/// Checking a meeting and its minutes as entered: every problem at once, on the field it concerns.
@Suite struct MeetingInputTests {
    func input(_ change: (inout MeetingInput) -> Void = { _ in }) -> MeetingInput {
        var input = MeetingInput(
            kind: "kickoff", title: "项目启动会", startsAt: "2026-05-04T09:30", endsAt: "2026-05-04T11:00")
        change(&input)
        return input
    }

    @Test func wallClockTimesAreReadInTheMeetingsZone() throws {
        let valid = try input { $0.timeZone = "Europe/Berlin" }.validated(defaultTimeZone: "Asia/Shanghai")
        #expect(valid.timeZone == "Europe/Berlin")
        #expect(valid.startsAt == ISO8601DateFormatter().date(from: "2026-05-04T07:30:00Z"))
        let shanghai = try input().validated(defaultTimeZone: "Asia/Shanghai")
        #expect(shanghai.startsAt == ISO8601DateFormatter().date(from: "2026-05-04T01:30:00Z"))
        let offset = try input { $0.startsAt = "2026-05-04T09:30:00+02:00"; $0.endsAt = "2026-05-04T11:00:00+02:00" }.validated(defaultTimeZone: "Asia/Shanghai")
        #expect(offset.startsAt == ISO8601DateFormatter().date(from: "2026-05-04T07:30:00Z"))
    }

    @Test func aMeetingThatEndsBeforeItStartsIsRefusedOnEndsAt() {
        #expect(throws: ValidationFailure([ValidationIssue("endsAt", "meetingEndsBeforeStart")])) {
            try input { $0.endsAt = "2026-05-04T09:00" }.validated(defaultTimeZone: "Asia/Shanghai")
        }
        #expect(throws: ValidationFailure([ValidationIssue("endsAt", "meetingEndsBeforeStart")])) {
            try input { $0.endsAt = $0.startsAt }.validated(defaultTimeZone: "Asia/Shanghai")
        }
    }

    @Test func everyProblemIsReportedAtOnce() {
        do {
            _ = try MeetingInput(
                kind: "party", title: String(repeating: "长", count: 201), startsAt: "tomorrow", timeZone: nil,
                videoLink: "ftp://example.com/x", agenda: String(repeating: "a", count: 20_001),
                personIDs: ["not-an-id"], contactIDs: [UUID().uuidString + "\u{0}"]
            ).validated(defaultTimeZone: "Asia/Shanghai")
            Issue.record("accepted")
        } catch {
            let fields = Dictionary(error.issues.map { ($0.field, $0.code) }, uniquingKeysWith: { a, _ in a })
            #expect(fields["kind"] == "invalidChoice")
            #expect(fields["title"] == "tooLong")
            #expect(fields["startsAt"] == "invalidDate")
            #expect(fields["endsAt"] == "required")
            #expect(fields["videoLink"] == "invalidURL")
            #expect(fields["agenda"] == "tooLong")
            #expect(fields["attendees"] == "invalidReference")
        }
    }

    @Test func theTimeZoneMustBeKnown() {
        #expect(throws: ValidationFailure([ValidationIssue("timeZone", "unknownTimeZone")])) {
            try input { $0.timeZone = "Mars/Olympus" }.validated(defaultTimeZone: "Asia/Shanghai")
        }
        #expect(throws: ValidationFailure([ValidationIssue("timeZone", "unknownTimeZone")])) {
            try input { $0.timeZone = "Asia/Shanghai\u{0}x" }.validated(defaultTimeZone: "Asia/Shanghai")
        }
    }

    @Test func videoLinksAreWebAddresses() {
        #expect(MeetingInput.isWebLink("https://meeting.tencent.com/dm/abc"))
        #expect(MeetingInput.isWebLink("http://10.0.0.1:8080/room"))
        #expect(!MeetingInput.isWebLink("javascript:alert(1)"))
        #expect(!MeetingInput.isWebLink("https://"))
        #expect(!MeetingInput.isWebLink("https://a b.com"))
    }

    @Test func anActionItemNeedsAnOwnerAndADueDay() {
        let owner = UUID().uuidString
        #expect(throws: ValidationFailure([ValidationIssue("actionItems", "actionItemOwnerRequired", ["2"])])) {
            try MinutesInput(actionItems: [
                .init(title: "发送报价", ownerID: owner, dueOn: "2026-05-10"), .init(title: "确认范围", dueOn: "2026-05-11"),
            ]).validated()
        }
        #expect(throws: ValidationFailure([ValidationIssue("actionItems", "actionItemDueRequired", ["1"])])) {
            try MinutesInput(actionItems: [.init(title: "发送报价", ownerID: owner)]).validated()
        }
        let valid = try? MinutesInput(
            minutes: "讨论了范围", minutesShared: true, actionItems: [.init(title: "发送报价", ownerID: owner, dueOn: "2026-05-10")]
        ).validated()
        #expect(valid?.actionItems.first?.dueOn == LocalDate("2026-05-10"))
        #expect(valid?.minutesShared == true)
    }
}
