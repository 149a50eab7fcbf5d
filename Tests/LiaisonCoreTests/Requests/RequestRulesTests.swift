import Foundation
import Testing

@testable import LiaisonCore

@Suite struct RequestStatusTests {
    @Test func theUsualPathIsAllowed() {
        #expect(RequestStatus.new.canMove(to: .open))
        #expect(RequestStatus.open.canMove(to: .waitingOnCustomer))
        #expect(RequestStatus.waitingOnCustomer.canMove(to: .open))
        #expect(RequestStatus.open.canMove(to: .resolved))
        #expect(RequestStatus.resolved.canMove(to: .closed))
    }

    @Test func resolvedAndClosedRequestsMayBeReopened() {
        #expect(RequestStatus.resolved.canMove(to: .open))
        #expect(RequestStatus.closed.canMove(to: .open))
    }

    @Test func impossibleMovesAreRefused() {
        #expect(!RequestStatus.closed.canMove(to: .resolved))
        #expect(!RequestStatus.closed.canMove(to: .waitingOnCustomer))
        #expect(!RequestStatus.resolved.canMove(to: .waitingOnCustomer))
        #expect(!RequestStatus.open.canMove(to: .new))
        for status in RequestStatus.allCases { #expect(!status.canMove(to: status)) }
    }

    @Test func clocksRunOnlyWhileTheCompanyOwesAnAnswer() {
        #expect(RequestStatus.new.clocksRun && RequestStatus.open.clocksRun)
        #expect(!RequestStatus.waitingOnCustomer.clocksRun)
        #expect(!RequestStatus.resolved.clocksRun && !RequestStatus.closed.clocksRun)
    }

    @Test func numbersAreSixDigitsWithAPrefix() {
        #expect(RequestNumber.format(123) == "R-000123")
        #expect(RequestNumber.format(1_234_567) == "R-1234567")
        #expect(RequestNumber.parse("r-000123") == 123)
        #expect(RequestNumber.parse("R-abc") == nil)
        #expect(RequestNumber.parse("123") == nil)
    }
}

@Suite struct SLAPolicyTests {
    @Test func theFirstMatchingRuleWins() {
        let policy = SLAPolicy.standard
        #expect(policy.targets(kind: .complaint, priority: .urgent, tier: .small).firstResponse == 30)
        #expect(policy.targets(kind: .complaint, priority: .normal, tier: .small).firstResponse == 60)
        #expect(policy.targets(kind: .issue, priority: .high, tier: .strategic).firstResponse == 60)
        #expect(policy.targets(kind: .issue, priority: .high, tier: .standard).firstResponse == 120)
    }

    @Test func unmatchedRequestsGetTheDefault() {
        #expect(SLAPolicy.standard.targets(kind: .inquiry, priority: .low, tier: .standard) == SLAPolicy.standard.fallback)
    }

    @Test func anEmptyConditionMatchesEverything() {
        let rule = SLARule(targets: SLATargets(firstResponse: 1, nextResponse: 2, resolution: 3))
        #expect(rule.matches(kind: .feedback, priority: .low, tier: .small))
    }

    /// Stored rules are compared on update and hashed into the audit trail, so the text may not follow a set's
    /// order, which differs from one process to the next (with every case in each set, an unordered encoding
    /// would match this text about once in 13,824 runs).
    @Test func aRuleIsEncodedWithItsSetsInDeclaredOrder() throws {
        let rule = SLARule(
            kinds: Set(RequestKind.allCases.reversed()), priorities: Set(Priority.allCases.reversed()),
            tiers: Set(CustomerTier.allCases.reversed()),
            targets: SLATargets(firstResponse: 1, nextResponse: 2, resolution: 3))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(rule), as: UTF8.self)
        #expect(
            text == #"{"kinds":["inquiry","issue","complaint","feedback"],"priorities":["low","normal","high","urgent"],"#
                + #""targets":{"firstResponse":1,"nextResponse":2,"resolution":3},"#
                + #""tiers":["strategic","key","standard","small"]}"#)
        #expect(try JSONDecoder().decode(SLARule.self, from: Data(text.utf8)) == rule)
    }
}

@Suite struct CannedResponseTests {
    @Test func variablesAreFilledInBothLanguages() {
        let text = CannedResponse.fill(
            "{{contact.name}}您好，您的请求 {{request.number}} 已由{{ agent.name }}受理。",
            with: ["contact.name": "张伟", "request.number": "R-000042", "agent.name": "黄丽"])
        #expect(text == "张伟您好，您的请求 R-000042 已由黄丽受理。")
    }

    @Test func unknownAndUnclosedBlanksStayVisible() {
        #expect(CannedResponse.fill("Dear {{contact.title}} {{contact.name}}", with: ["contact.name": "Li"]) == "Dear {{contact.title}} Li")
        #expect(CannedResponse.fill("Hi {{contact.name", with: ["contact.name": "Li"]) == "Hi {{contact.name")
        #expect(CannedResponse.unknownVariables(in: "{{contact.title}} {{agent.name}} {{x}}") == ["contact.title", "x"])
    }
}

@Suite struct RequestSLATests {
    let calendar = BusinessCalendar.standardChina()
    let targets = SLATargets(firstResponse: 60, nextResponse: 120, resolution: 480)

    /// Monday 2026-11-30 09:00 in Shanghai.
    let monday = Date(timeIntervalSince1970: 1_796_000_400)

    @Test func aNewRequestRunsFirstResponseAndResolution() {
        let sla = RequestSLA.start(targets, at: monday)
        #expect(sla.dueDate(.firstResponse, calendar: calendar) == monday.addingTimeInterval(3600))
        #expect(sla.dueDate(.resolution, calendar: calendar) != nil)
        #expect(sla.dueDate(.nextResponse, calendar: calendar) == nil)
    }

    @Test func waitingOnTheCustomerPausesAndAReplyStopsTheFirstResponse() {
        var sla = RequestSLA.start(targets, at: monday)
        sla.statusChanged(to: .waitingOnCustomer, at: monday.addingTimeInterval(1800), calendar: calendar)
        #expect(sla.dueDate(.firstResponse, calendar: calendar) == nil)
        sla.statusChanged(to: .open, at: monday.addingTimeInterval(7200), calendar: calendar)
        // 30 minutes used before the pause: 30 remain from 11:00.
        #expect(sla.dueDate(.firstResponse, calendar: calendar) == monday.addingTimeInterval(7200 + 1800))
        sla.publicReply(at: monday.addingTimeInterval(7300))
        #expect(sla.firstResponse == nil)
        #expect(sla.firstRespondedAt == monday.addingTimeInterval(7300))
        sla.customerMessage(at: monday.addingTimeInterval(7400), status: .open)
        #expect(sla.nextResponse?.targetMinutes == 120)
    }

    @Test func warningsComeBeforeBreachesAndEachHappensOnce() {
        let sla = RequestSLA.start(targets, at: monday)
        let warnAt = monday.addingTimeInterval(45 * 60)  // 75% of 60 minutes
        #expect(sla.nextCheck(calendar: calendar, warnShare: 0.75, handled: []) == warnAt)
        let early = sla.events(at: warnAt, calendar: calendar, warnShare: 0.75, handled: [])
        #expect(early == [SLAEvent(metric: .firstResponse, kind: .warning)])
        let late = sla.events(at: monday.addingTimeInterval(3601), calendar: calendar, warnShare: 0.75, handled: ["firstResponse.warning"])
        #expect(late == [SLAEvent(metric: .firstResponse, kind: .breach)])
        let handled: Set<String> = ["firstResponse.warning", "firstResponse.breach"]
        #expect(sla.events(at: monday.addingTimeInterval(4000), calendar: calendar, warnShare: 0.75, handled: handled).isEmpty)
        // The next thing to look at is the resolution warning.
        #expect(sla.nextCheck(calendar: calendar, warnShare: 0.75, handled: handled)! > monday.addingTimeInterval(3600))
    }

    @Test func retargetingKeepsTheTimeAlreadyUsed() {
        var sla = RequestSLA.start(targets, at: monday)
        sla.statusChanged(to: .waitingOnCustomer, at: monday.addingTimeInterval(1200), calendar: calendar)
        sla.retarget(SLATargets(firstResponse: 30, nextResponse: 60, resolution: 240))
        #expect(sla.firstResponse?.consumedMinutes == 20)
        #expect(sla.firstResponse?.targetMinutes == 30)
    }
}
