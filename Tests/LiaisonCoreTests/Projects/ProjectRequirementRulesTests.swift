import Foundation
import Testing

@testable import LiaisonCore

/// Which requirements a project takes, and how inclusion and removal move a requirement between specified and
/// planned.
@Suite struct ProjectRequirementRulesTests {
    @Test func onlyAcceptedSpecifiedAndPlannedRequirementsAreIncluded() {
        for status in RequirementStatus.allCases {
            let refusal = ProjectRequirementRules.refusal(toInclude: status)
            if [.accepted, .specified, .planned].contains(status) {
                #expect(refusal == nil, "\(status)")
            } else {
                #expect(refusal == .notIncludable(status), "\(status)")
            }
        }
    }

    @Test func inclusionPlansASpecifiedRequirementAndLeavesTheOthersWhereTheyAre() {
        #expect(ProjectRequirementRules.status(onInclusion: .specified) == .planned)
        #expect(ProjectRequirementRules.status(onInclusion: .accepted) == .accepted)
        #expect(ProjectRequirementRules.status(onInclusion: .planned) == .planned)
        // The move inclusion makes is the state machine's own, the project manager's.
        #expect(RequirementStatus.specified.capability(toMove: .planned) == .projectsManage)
    }

    @Test func aPlannedRequirementInNoProjectAnyMoreIsSpecifiedAgain() {
        #expect(ProjectRequirementRules.status(onRemoval: .planned, remaining: 0) == .specified)
        #expect(ProjectRequirementRules.status(onRemoval: .planned, remaining: 1) == .planned)
        #expect(ProjectRequirementRules.status(onRemoval: .accepted, remaining: 0) == .accepted)
        #expect(ProjectRequirementRules.status(onRemoval: .specified, remaining: 0) == .specified)
    }

    @Test func aDeliveredRequirementStaysWithItsProject() {
        #expect(ProjectRequirementRules.refusal(toRemove: .delivered) == .delivered)
        for status in RequirementStatus.allCases where status != .delivered {
            #expect(ProjectRequirementRules.refusal(toRemove: status) == nil, "\(status)")
        }
    }
}
