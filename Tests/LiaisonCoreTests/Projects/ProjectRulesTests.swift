import Foundation
import Testing

@testable import LiaisonCore

/// Projects in the domain: the status machine, numbers, project and charter input, and sign-off.
@Suite struct ProjectRulesTests {
    @Test func projectsMoveOnlyAlongTheLegalTransitions() {
        #expect(ProjectStatus.planning.allowedNext == [.active])
        #expect(ProjectStatus.active.canMove(to: .onHold))
        #expect(ProjectStatus.onHold.canMove(to: .active))
        #expect(ProjectStatus.closing.canMove(to: .closed))
        #expect(ProjectStatus.closing.canMove(to: .active))
        #expect(!ProjectStatus.planning.canMove(to: .closed))
        #expect(!ProjectStatus.active.canMove(to: .planning))
        #expect(!ProjectStatus.active.canMove(to: .closed))
        #expect(ProjectStatus.closed.allowedNext.isEmpty)
        // No state moves to itself.
        #expect(ProjectStatus.allCases.allSatisfy { !$0.canMove(to: $0) })
    }

    @Test func everyMoveNeedsTheProjectManagersCapability() {
        for status in ProjectStatus.allCases {
            let needed = ProjectStatus.requiredCapability(to: status)
            #expect(AccessPolicy.allows([.projectManager], needed))
            #expect(AccessPolicy.allows([.supervisor], needed))
            #expect(!AccessPolicy.allows([.sales], needed))
            #expect(!AccessPolicy.allows([.engineer], needed))
            #expect(!AccessPolicy.allows([.customer], needed))
        }
    }

    @Test func projectNumbersHaveFourDigitsAtLeastAndReadBack() {
        #expect(ProjectNumber.format(42) == "P-0042")
        #expect(ProjectNumber.format(12345) == "P-12345")
        #expect(ProjectNumber.parse("p-0042") == 42)
        #expect(ProjectNumber.parse(" P-7 ") == 7)
        #expect(ProjectNumber.parse("P-0") == nil)
        #expect(ProjectNumber.parse("R-0042") == nil)
        #expect(ProjectNumber.parse("P-99999999999999999999999") == nil)
    }

    @Test func aProjectNeedsACustomerAndANameAndEndsAfterItStarts() throws {
        let customer = UUID()
        let bad = #expect(throws: ValidationFailure.self) {
            try ProjectInput(name: " ", startOn: "2026-05-01", endOn: "2026-04-30").validated()
        }
        #expect(Set(bad?.issues.map(\.field) ?? []) == ["customerId", "name", "endOn"])
        #expect(bad?.issues.first { $0.field == "endOn" }?.code == "projectEndBeforeStart")
        let impossible = #expect(throws: ValidationFailure.self) {
            try ProjectInput(customerID: customer.uuidString, name: "x", startOn: "2026-02-30").validated()
        }
        #expect(impossible?.issues.first?.field == "startOn")
        let valid = try ProjectInput(
            customerID: customer.uuidString, name: "  ERP 实施 ", startOn: "2026-05-01", endOn: "2026-05-01"
        ).validated()
        #expect(valid.name == "ERP 实施")
        #expect(valid.startOn == LocalDate(year: 2026, month: 5, day: 1))
    }

    @Test func aBlankManagerOrRoleIsRefusedRatherThanReadAsNone() {
        let manager = #expect(throws: ValidationFailure.self) {
            try ProjectInput(customerID: UUID().uuidString, name: "x", managerID: "  ").validated()
        }
        #expect(manager?.issues.map(\.field) == ["managerId"])
        let role = #expect(throws: ValidationFailure.self) {
            try ProjectMemberInput(userID: UUID().uuidString, role: " ").validated()
        }
        #expect(role?.issues.map(\.code) == ["invalidChoice"])
        #expect((try? ProjectMemberInput(userID: UUID().uuidString, role: nil).validated())?.role == .member)
    }

    @Test func charterMilestonesMustFallWithinTheProjectsDates() throws {
        let start = LocalDate(year: 2026, month: 5, day: 1)
        let end = LocalDate(year: 2026, month: 12, day: 31)
        let input = CharterInput(
            goals: "上线",
            milestones: [
                .init(name: "验收", date: "2027-01-15"), .init(name: "启动", date: "2026-04-01"),
                .init(name: "", date: "2026-06-01"), .init(name: "设计", date: "2026-13-01"),
            ])
        let failure = #expect(throws: ValidationFailure.self) {
            try input.validated(over: CharterContent(), projectStart: start, projectEnd: end)
        }
        let fields = Set(failure?.issues.map(\.field) ?? [])
        #expect(fields == ["milestones[0].date", "milestones[1].date", "milestones[2].name", "milestones[3].date"])
        #expect(failure?.issues.first?.code == "charterMilestoneOutsideProject")
    }

    @Test func aSaveKeepsTheSectionsItLeavesOutAndSortsTheMilestones() throws {
        let current = CharterContent(goals: "旧目标", scopeIn: "范围")
        let saved = try CharterInput(
            goals: "新目标", milestones: [.init(name: "上线", date: "2026-09-01"), .init(name: "启动", date: "2026-05-01")]
        ).validated(over: current, projectStart: nil, projectEnd: nil)
        #expect(saved.goals == "新目标")
        #expect(saved.scopeIn == "范围")
        #expect(saved.milestones.map(\.name) == ["启动", "上线"])
        #expect(saved.text(of: .milestones) == "2026-05-01 启动\n2026-09-01 上线")
    }

    @Test func aStoredCharterWithoutALaterSectionReadsItAsEmpty() throws {
        let old = #"{"goals":"目标","milestones":[{"name":"启动","date":"2026-05-01"}]}"#
        let content = try JSONDecoder().decode(CharterContent.self, from: Data(old.utf8))
        #expect(content.goals == "目标")
        #expect(content.stakeholders == "")
        #expect(content.milestones == [CharterMilestone(name: "启动", date: LocalDate(year: 2026, month: 5, day: 1))])
    }

    @Test func onlyADraftMayBeChangedAndAVersionIsSignedWhenEveryoneSigned() {
        #expect(CharterVersionStatus.draft.isEditable)
        #expect(!CharterVersionStatus.sent.isEditable)
        #expect(!CharterVersionStatus.signed.isEditable)
        #expect(!CharterVersionStatus.superseded.isEditable)
        #expect(!CharterSignOff.isComplete(signed: 1, of: 2))
        #expect(CharterSignOff.isComplete(signed: 2, of: 2))
        #expect(!CharterSignOff.isComplete(signed: 0, of: 0))
    }
}

/// The difference between charter versions: each section compared line by line.
@Suite struct CharterDiffTests {
    @Test func onlyTheSectionsThatChangedAreMarkedAndTheirLinesAreDiffed() {
        let old = CharterContent(
            goals: "上线", scopeIn: "财务\n采购",
            milestones: [CharterMilestone(name: "启动", date: LocalDate(year: 2026, month: 5, day: 1))])
        var new = old
        new.scopeIn = "财务\n销售"
        new.milestones.append(CharterMilestone(name: "上线", date: LocalDate(year: 2026, month: 9, day: 1)))
        let diff = CharterDiff.compare(old, new)
        #expect(diff.map(\.section) == CharterContent.Section.allCases)
        #expect(diff.filter(\.changed).map(\.section) == [.scopeIn, .milestones])
        let scope = diff.first { $0.section == .scopeIn }?.lines ?? []
        #expect(scope.map(\.kind) == [.same, .removed, .added])
        #expect(scope.last?.text == "销售")
        let milestones = diff.first { $0.section == .milestones }?.lines ?? []
        #expect(milestones.last == LineDiff.Line(kind: .added, text: "2026-09-01 上线", oldNumber: nil, newNumber: 2))
    }
}
