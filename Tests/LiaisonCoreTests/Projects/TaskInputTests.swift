import Foundation
import LiaisonCore
import Testing

/// A task and a milestone as entered: every bad field named at once, RACI rules applied when parts are given.
@Suite struct TaskInputTests {
    let person = UUID(uuidString: "00000000-0000-0000-0000-000000000001")!
    let other = UUID(uuidString: "00000000-0000-0000-0000-000000000002")!

    @Test func everyBadFieldIsNamedAtOnce() {
        let input = TaskInput(
            name: " ", ownerID: "nobody", startOn: "2026-05-10", dueOn: "2026-05-01", estimateHours: "-3",
            predecessors: ["x"], status: "finished")
        #expect(throws: ValidationFailure.self) { try input.validated() }
        do {
            _ = try input.validated()
        } catch {
            #expect(
                Set(error.issues.map(\.field)) == ["name", "ownerId", "dueOn", "estimateHours", "predecessors", "status"])
            #expect(error.issues.first { $0.field == "dueOn" }?.code == "dueBeforeStart")
        }
    }

    @Test func aValidTaskKeepsItsValuesAndDropsRepeatedPredecessors() throws {
        let id = UUID()
        let valid = try TaskInput(
            name: " 设计 ", startOn: "2026-05-01", dueOn: "2026-05-01", estimateHours: "2.5",
            predecessors: [id.uuidString, id.uuidString.lowercased()], status: "inProgress"
        ).validated()
        #expect(valid.name == "设计")
        #expect(valid.estimateHours == 2.5)
        #expect(valid.predecessors == [id])
        #expect(valid.status == .inProgress)
        #expect(valid.raci.isEmpty)
    }

    @Test func raciPartsFollowTheChartsRulesAndNeedADeliverable() throws {
        func parts(_ list: [(UUID, String)]) -> [(personID: String?, role: String?)] {
            list.map { (personID: $0.0.uuidString, role: $0.1) }
        }
        #expect(throws: ValidationFailure.self) {
            try TaskInput(name: "x", raci: parts([(person, "accountable"), (person, "responsible")])).validated()
        }
        let noAccountable = TaskInput(name: "x", deliverable: "报告", raci: parts([(person, "responsible")]))
        do {
            _ = try noAccountable.validated()
            Issue.record("RACI without an accountable person was accepted")
        } catch {
            #expect(error.issues.map(\.code) == ["raciNoAccountable"])
        }
        let valid = try TaskInput(
            name: "x", deliverable: "报告",
            raci: parts([(person, "accountable"), (person, "responsible"), (other, "informed")])
        ).validated()
        #expect(valid.raci.count == 3)
        #expect(throws: ValidationFailure.self) {
            try TaskInput(name: "x", deliverable: "报告", raci: parts([(person, "boss")])).validated()
        }
    }

    @Test func aMilestoneNeedsANameAndARealDay() throws {
        #expect(throws: ValidationFailure.self) { try MilestoneInput(name: "验收", date: "2026-02-30").validated() }
        #expect(throws: ValidationFailure.self) { try MilestoneInput(name: "验收").validated() }
        let valid = try MilestoneInput(name: "验收", date: "2026-08-31").validated()
        #expect(valid.date == LocalDate(year: 2026, month: 8, day: 31))
        #expect(!valid.reached)
    }
}
