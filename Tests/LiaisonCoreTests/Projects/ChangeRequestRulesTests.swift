import Foundation
import Testing

@testable import LiaisonCore

/// The rules of change requests and quality checks without a server: which moves a request may make, what an
/// assessment and a request accept, how a charter patch applies, and when a deliverable may be accepted.
@Suite struct ChangeRequestRulesTests {
    @Test func theCustomerDecidesOnlyOnceAndOnlyWhatWasSent() {
        for decided in [ChangeRequestStatus.approved, .rejected, .withdrawn] {
            for next in ChangeRequestStatus.allCases {
                #expect(!decided.canMove(to: next), "\(decided) → \(next)")
            }
        }
        #expect(!ChangeRequestStatus.proposed.canMove(to: .approved))
        #expect(!ChangeRequestStatus.assessed.canMove(to: .approved))
        #expect(!ChangeRequestStatus.proposed.canMove(to: .sentToCustomer))
        #expect(ChangeRequestStatus.sentToCustomer.canMove(to: .approved))
        #expect(ChangeRequestStatus.sentToCustomer.canMove(to: .rejected))
        #expect(ChangeRequestStatus.sentToCustomer.canMove(to: .withdrawn))
        #expect(!ChangeRequestStatus.sentToCustomer.canMove(to: .assessed))
    }

    @Test func anAssessmentNeedsOnePartAndExactAmounts() throws {
        #expect(throws: ValidationFailure([ValidationIssue("scope", "assessmentEmpty")])) {
            try ChangeAssessmentInput().validated()
        }
        for bad in ["1,000", "12.345", "1e3", "-", ".5", "12.", "１２"] {
            #expect(throws: ValidationFailure.self, "\(bad)") {
                try ChangeAssessmentInput(costAmount: bad).validated()
            }
        }
        let impact = try ChangeAssessmentInput(scheduleDays: "-3", costAmount: "-350.50").validated()
        #expect(impact.scheduleDays == -3)
        #expect(impact.costAmount == "-350.50")
        #expect(impact.costCurrency == "CNY")
        #expect(throws: ValidationFailure.self) { try ChangeAssessmentInput(scheduleDays: "3651").validated() }
        #expect(throws: ValidationFailure.self) { try ChangeAssessmentInput(costAmount: "1", costCurrency: "rmb").validated() }
    }

    @Test func aRequestTouchesSeveralKindsAndItsPatchRewritesOnlyItsSections() throws {
        let valid = try ChangeRequestInput(
            title: "增加仓储", kinds: ["schedule", "scope", "scope"],
            charterChanges: CharterInput(scopeIn: "财务\n仓储", milestones: [.init(name: "上线", date: "2026-11-01")])
        ).validated(projectStart: LocalDate(year: 2026, month: 5, day: 1), projectEnd: nil)
        #expect(valid.kinds == [.scope, .schedule])
        #expect(ChangeRequestKind.text(valid.kinds) == "scope,schedule")
        #expect(ChangeRequestKind.parse("schedule,scope,unknown") == [.scope, .schedule])
        #expect(valid.charterChanges.sections == [.scopeIn, .milestones])
        let before = CharterContent(goals: "上线", scopeIn: "财务", scopeOut: "人事")
        let after = valid.charterChanges.apply(to: before)
        #expect(after.goals == "上线")
        #expect(after.scopeOut == "人事")
        #expect(after.scopeIn == "财务\n仓储")
        #expect(after.milestones.map(\.name) == ["上线"])
        #expect(throws: ValidationFailure.self) {
            try ChangeRequestInput(title: "x", kinds: []).validated(projectStart: nil, projectEnd: nil)
        }
    }

    @Test func aDeliverableIsAcceptedOnlyWhenItsLatestCheckPassed() {
        #expect(DeliverableReadiness(latest: nil).refusal(of: .accepted) == "deliverableNotChecked")
        #expect(DeliverableReadiness(latest: .fail).refusal(of: .accepted) == "deliverableCheckFailed")
        #expect(DeliverableReadiness(latest: .pass).refusal(of: .accepted) == nil)
        #expect(DeliverableReadiness(latest: .fail).refusal(of: .rejected) == nil)
    }
}
