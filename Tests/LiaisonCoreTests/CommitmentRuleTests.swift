import Foundation
import Testing

@testable import LiaisonCore

/// The commitment rules without a database: when the sweep reminds and breaches, what input is refused, and the
/// follow-up settings' checks.
@Suite struct CommitmentRuleTests {
    let due = Date(timeIntervalSince1970: 1_790_000_000)

    @Test func theOwnerIsRemindedOnceWithinTheLeadTimeThenBreachedOnceAtTheDueTime() {
        let early = due.addingTimeInterval(-30 * 3_600)
        var decision = CommitmentReminder.decide(
            status: .open, dueAt: due, leadHours: 24, reminded: false, breached: false, now: early)
        #expect(decision.notice == nil && decision.nextCheck == due.addingTimeInterval(-24 * 3_600))
        let within = due.addingTimeInterval(-3_600)
        decision = CommitmentReminder.decide(
            status: .open, dueAt: due, leadHours: 24, reminded: false, breached: false, now: within)
        #expect(decision.notice == .dueSoon && decision.nextCheck == due)
        decision = CommitmentReminder.decide(
            status: .open, dueAt: due, leadHours: 24, reminded: true, breached: false, now: within)
        #expect(decision.notice == nil && decision.nextCheck == due)
        decision = CommitmentReminder.decide(
            status: .open, dueAt: due, leadHours: 24, reminded: true, breached: false, now: due)
        #expect(decision.notice == .breached && decision.nextCheck == nil)
        decision = CommitmentReminder.decide(
            status: .open, dueAt: due, leadHours: 24, reminded: true, breached: true, now: due.addingTimeInterval(60))
        #expect(decision.notice == nil && decision.nextCheck == nil)
        // Done or cancelled: nothing, ever.
        for status in [CommitmentStatus.done, .cancelled] {
            let closed = CommitmentReminder.decide(
                status: status, dueAt: due, leadHours: 24, reminded: false, breached: false, now: due)
            #expect(closed.notice == nil && closed.nextCheck == nil)
        }
    }

    @Test func aDueTimeAlreadyPastIsRefusedOnlyWhenItIsSet() throws {
        let input = CommitmentInput(text: "下周一上午给您方案", dueAt: "2026-09-21T10:00:00+08:00")
        #expect(throws: ValidationFailure([ValidationIssue("dueAt", "commitmentDueInPast")])) {
            try input.validated(notBefore: due)
        }
        let kept = try input.validated(notBefore: nil)
        #expect(kept.text == "下周一上午给您方案" && kept.source == .manual && kept.ownerID == nil)
        let long = CommitmentInput(
            text: String(repeating: "长", count: 501), dueAt: "2030-01-01T00:00:00Z", source: "fax")
        let codes = Set(((try? long.validated(notBefore: due)) == nil ? failureCodes(long) : []))
        #expect(codes == ["tooLong", "invalidChoice"])
    }

    @Test func followUpSettingsAreWholeNumbersWithinTheirRanges() throws {
        let current = OrganisationSettings()
        #expect(current.followUp.days(for: .strategic) == 14 && current.followUp.days(for: .small) == 180)
        #expect(current.followUp.reminderHours == 24)
        let next = try SettingsInput(quietDays: [.key: "45"], reminderHours: "48").validated(over: current)
        #expect(next.followUp.days(for: .key) == 45 && next.followUp.reminderHours == 48)
        #expect(next.followUp.days(for: .standard) == 90)
        for (days, hours, code) in [
            ("0", "24", "outOfRange"), ("3651", "24", "outOfRange"), ("x", "24", "invalidNumber"),
            ("30", "169", "outOfRange"), (" ", "24", "required"),
        ] {
            do {
                _ = try SettingsInput(quietDays: [.strategic: days], reminderHours: hours).validated(over: current)
                Issue.record("\(days) / \(hours) accepted")
            } catch {
                #expect(error.issues.map(\.code) == [code], "\(days) / \(hours)")
            }
        }
    }

    private func failureCodes(_ input: CommitmentInput) -> [String] {
        do {
            _ = try input.validated(notBefore: due)
            return []
        } catch {
            return error.issues.map(\.code)
        }
    }
}
