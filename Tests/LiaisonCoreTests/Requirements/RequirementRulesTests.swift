import Foundation
import Testing

@testable import LiaisonCore

/// The requirement's state machine and who makes each move, the input rules, and the assessment period counted in
/// business days.
@Suite struct RequirementRulesTests {
    private let sales = AccessPolicy.capabilities(of: .sales)
    private let engineer = AccessPolicy.capabilities(of: .engineer)
    private let lead = AccessPolicy.capabilities(of: .departmentLead)
    private let manager = AccessPolicy.capabilities(of: .projectManager)

    @Test func theHappyPathRunsFromSalesThroughRAndDToTheProjectManager() {
        #expect(RequirementStatus.captured.refusal(toMove: .inReview, with: sales) == nil)
        #expect(RequirementStatus.inReview.refusal(toMove: .accepted, with: engineer) == nil)
        #expect(RequirementStatus.inReview.refusal(toMove: .accepted, with: lead) == nil)
        #expect(RequirementStatus.accepted.refusal(toMove: .specified, with: engineer) == nil)
        #expect(RequirementStatus.specified.refusal(toMove: .planned, with: manager) == nil)
        #expect(RequirementStatus.planned.refusal(toMove: .delivered, with: manager) == nil)
    }

    @Test func aMoveByTheWrongRoleIsForbiddenAndNamesTheCapabilityItNeeds() {
        #expect(RequirementStatus.captured.refusal(toMove: .inReview, with: engineer) == .forbidden(needs: .requirementsCapture))
        #expect(RequirementStatus.inReview.refusal(toMove: .accepted, with: sales) == .forbidden(needs: .requirementsAssess))
        #expect(RequirementStatus.specified.refusal(toMove: .planned, with: engineer) == .forbidden(needs: .projectsManage))
        #expect(RequirementStatus.planned.refusal(toMove: .delivered, with: sales) == .forbidden(needs: .projectsManage))
    }

    @Test func movesOutsideTheMachineAreIllegalForEveryone() {
        let all = AccessPolicy.capabilities(of: .admin)
        #expect(RequirementStatus.captured.refusal(toMove: .accepted, with: all) == .illegal(from: .captured, to: .accepted))
        #expect(RequirementStatus.captured.refusal(toMove: .delivered, with: all) == .illegal(from: .captured, to: .delivered))
        #expect(RequirementStatus.rejected.allowedNext.isEmpty)
        #expect(RequirementStatus.delivered.allowedNext.isEmpty)
        // Every allowed move has exactly one capability, and the administrator holds them all.
        for from in RequirementStatus.allCases {
            for to in RequirementStatus.allCases {
                #expect((from.capability(toMove: to) != nil) == from.canMove(to: to))
                if from.canMove(to: to) { #expect(from.refusal(toMove: to, with: all) == nil) }
            }
        }
    }

    @Test func theNewCapabilitiesGoToTheirRoles() {
        #expect(sales.contains(.requirementsCapture) && !sales.contains(.requirementsAssess))
        #expect(engineer.contains(.requirementsAssess) && !engineer.contains(.requirementsCapture))
        #expect(lead.contains(.requirementsAssess))
        #expect(manager.contains(.projectsManage) && manager.contains(.requirementsView))
        #expect(!AccessPolicy.capabilities(of: .agent).contains(.requirementsView))
        #expect(AccessPolicy.capabilities(of: .customer).isEmpty)
    }

    @Test func aNewRequirementNeedsCustomerTitleAndDescriptionAndChecksItsSource() throws {
        let customer = UUID().uuidString
        let valid = try RequirementInput(customerID: customer, title: " 批量导出 ", description: "需要按月导出").validated()
        #expect(valid.title == "批量导出" && valid.priority == .normal && valid.sourceKind == .typed)

        #expect(throws: ValidationFailure.self) { try RequirementInput(title: "x", description: "y").validated() }
        func codes(_ input: RequirementInput) -> [String: String] {
            do {
                _ = try input.validated()
                return [:]
            } catch {
                return Dictionary(error.issues.map { ($0.field, $0.code) }, uniquingKeysWith: { a, _ in a })
            }
        }
        #expect(codes(RequirementInput(customerID: customer, title: "a", description: "b", sourceKind: "request"))
            == ["sourceId": "required"])
        #expect(codes(RequirementInput(customerID: customer, title: "a", description: "b", sourceKind: "meeting"))
            == ["sourceReference": "required"])
        #expect(codes(RequirementInput(
            customerID: customer, title: "a", description: "b", sourceID: UUID().uuidString)) == ["sourceId": "notAllowed"])
        #expect(codes(RequirementInput(customerID: customer, title: "a", description: "b", desiredDate: "2026-02-30"))
            == ["desiredDate": "invalidDate"])
        #expect(codes(RequirementInput(
            customerID: customer, title: String(repeating: "长", count: 201), description: "b")) == ["title": "tooLong"])
        #expect(codes(RequirementInput(customerID: customer, title: "a", description: "b", priority: "asap"))
            == ["priority": "invalidChoice"])
        #expect(codes(RequirementInput(customerID: "not-an-id", title: "a\u{202E}", description: "b"))
            == ["customerId": "invalidReference", "title": "controlCharacter"])
    }

    @Test func anUpdateKeepsWhatIsLeftOutAndNeverChangesTheCustomerOrSource() throws {
        let current = Requirement(
            id: UUID(), customerID: UUID(), contactID: nil, title: "旧标题", description: "描述", businessValue: "高",
            desiredDate: LocalDate(year: 2026, month: 12, day: 31), priority: .high, sourceKind: .meeting,
            sourceID: nil, sourceReference: "周会", status: .captured, departmentID: nil, handedOffAt: nil,
            ownerID: nil, createdByID: nil, version: 1, createdAt: Date(), updatedAt: Date())
        let changed = try RequirementInput(title: "新标题", businessValue: "").validated(over: current)
        #expect(changed.title == "新标题" && changed.description == "描述" && changed.businessValue == nil)
        #expect(changed.priority == .high && changed.sourceReference == "周会" && changed.desiredDate == current.desiredDate)
        #expect(throws: ValidationFailure.self) {
            try RequirementInput(customerID: UUID().uuidString).validated(over: current)
        }
        // The source given again unchanged is fine; anything else is refused, never silently ignored.
        #expect(try RequirementInput(sourceKind: "meeting", sourceReference: "周会").validated(over: current).title == "旧标题")
        func code(_ input: RequirementInput) -> [String] {
            do {
                _ = try input.validated(over: current)
                return []
            } catch {
                return error.issues.map { "\($0.field) \($0.code)" }
            }
        }
        #expect(code(RequirementInput(sourceID: "\u{0}")) == ["sourceId invalidReference"])
        #expect(code(RequirementInput(sourceID: UUID().uuidString)) == ["sourceId cannotChange"])
        #expect(code(RequirementInput(sourceReference: "月会")) == ["sourceReference cannotChange"])
        #expect(code(RequirementInput(sourceReference: String(repeating: "长", count: 50_000))) == ["sourceReference tooLong"])
        #expect(code(RequirementInput(sourceKind: "request")) == ["sourceKind cannotChange"])
    }

    @Test func aDecisionNeedsTheFeasibilityAndAReasonForTheCustomer() throws {
        #expect(throws: ValidationFailure.self) {
            try RequirementAssessmentInput(decision: "accept").validated(over: nil)
        }
        let decided = try RequirementAssessmentInput(
            feasibility: "feasible", effortDays: "12.5", value: "high", decision: "accept",
            customerReason: "符合产品方向", internalNotes: "需要两名后端"
        ).validated(over: nil)
        #expect(decided.decision == .accept && decided.effortDays == 12.5 && decided.internalNotes == "需要两名后端")
        #expect(decided.decision?.status == .accepted)
        #expect(throws: ValidationFailure.self) {
            try RequirementAssessmentInput(effortDays: "-1").validated(over: nil)
        }
        #expect(throws: ValidationFailure.self) {
            try RequirementAssessmentInput(effortDays: "1e400").validated(over: nil)
        }
        #expect(throws: ValidationFailure.self) {
            try RequirementAssessmentInput(decision: "maybe").validated(over: nil)
        }
    }

    @Test func aDocumentNeedsItsKindABodyAndARequirement() throws {
        let id = UUID()
        let valid = try RequirementDocumentInput(
            kind: "specification", title: "导出规格", body: "# 目标\n按月导出", requirementIDs: [id.uuidString, id.uuidString]
        ).validated()
        #expect(valid.requirementIDs == [id] && valid.kind == .specification)
        #expect(throws: ValidationFailure.self) {
            try RequirementDocumentInput(title: "t", body: "b", requirementIDs: [id.uuidString]).validated()
        }
        #expect(throws: ValidationFailure.self) {
            try RequirementDocumentInput(kind: "specification", title: "t", body: "b", requirementIDs: []).validated()
        }
    }

    // MARK: The assessment period

    private func shanghai(_ text: String) -> Date {
        try! DateText.localMoment(text, in: TimeZone(identifier: "Asia/Shanghai")!)
    }

    @Test func theAssessmentPeriodCountsWorkingDaysAfterTheHandOffSkippingWeekendsAndHolidays() {
        // setup: a standard week with the National Day holiday of 2026 (1–7 Oct) and the make-up Saturday 10 Oct
        var calendar = BusinessCalendar.standardChina()
        calendar.holidays = Set((1...7).map { LocalDate(year: 2026, month: 10, day: $0) })
        calendar.makeupWorkdays = [LocalDate(year: 2026, month: 10, day: 10)]
        // Handed off on Tuesday 29 Sep: 30 Sep is day 1, the holiday is skipped, 8 and 9 Oct (Thu, Fri) are days
        // 2 and 3, the make-up Saturday is day 4, Monday 12 Oct day 5.
        let handedOff = shanghai("2026-09-29T16:00")
        #expect(
            AssessmentDeadline.lastDay(handedOffAt: handedOff, days: 5, calendar: calendar)
                == LocalDate(year: 2026, month: 10, day: 12))
        #expect(!AssessmentDeadline.isOverdue(handedOffAt: handedOff, days: 5, calendar: calendar, at: shanghai("2026-10-12T23:59")))
        #expect(AssessmentDeadline.isOverdue(handedOffAt: handedOff, days: 5, calendar: calendar, at: shanghai("2026-10-13T00:00")))
    }

    @Test func aCalendarWithoutWorkingDaysNeverMakesAnAssessmentLate() {
        var calendar = BusinessCalendar.standardChina()
        calendar.week = [:]
        calendar.makeupWorkdays = []
        #expect(AssessmentDeadline.lastDay(handedOffAt: Date(timeIntervalSince1970: 0), days: 5, calendar: calendar) == nil)
        #expect(!AssessmentDeadline.isOverdue(
            handedOffAt: Date(timeIntervalSince1970: 0), days: 5, calendar: calendar, at: Date(timeIntervalSince1970: 1e9)))
    }
}
