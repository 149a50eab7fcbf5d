import Foundation
import Testing

@testable import LiaisonCore

@Suite struct RACITests {
    let lead = UUID()
    let engineer = UUID()
    let tester = UUID()
    let customerManager = UUID()
    let design = UUID()
    let rollout = UUID()

    func chart(_ deliverable: UUID, _ parts: [(UUID, RACIRole)]) -> RACIChart {
        RACIChart(deliverableID: deliverable, assignments: parts.map { RACIAssignment(personID: $0.0, role: $0.1) })
    }

    @Test func aChartWithOneAccountableAndSomeoneResponsibleIsValid() throws {
        let plan = chart(
            design,
            [(lead, .accountable), (engineer, .responsible), (tester, .consulted), (customerManager, .informed)])
        #expect(plan.issues().isEmpty)
        #expect(try plan.validated() == plan)
        #expect(plan.people(.responsible) == [engineer])
        #expect(plan.roles(of: tester) == [.consulted])
    }

    @Test func exactlyOnePersonIsAccountable() {
        #expect(chart(design, [(engineer, .responsible)]).issues().map(\.code) == ["raciNoAccountable"])
        #expect(
            chart(design, [(lead, .accountable), (tester, .accountable), (engineer, .responsible)]).issues().map(\.code)
                == ["raciSeveralAccountable"])
    }

    @Test func someoneIsResponsible() {
        #expect(
            chart(design, [(lead, .accountable), (tester, .informed)]).issues().map(\.code) == ["raciNoResponsible"])
        #expect(
            throws: ValidationFailure([
                ValidationIssue("raci", "raciNoAccountable"), ValidationIssue("raci", "raciNoResponsible"),
            ])
        ) {
            try chart(design, []).validated()
        }
    }

    @Test func theAccountablePersonMayAlsoBeResponsibleButNoOtherPairIsAllowed() {
        #expect(chart(design, [(lead, .accountable), (lead, .responsible)]).issues().isEmpty)
        #expect(
            chart(design, [(lead, .accountable), (engineer, .responsible), (engineer, .consulted)]).issues().map(\.code)
                == ["raciConflictingRoles"])
        #expect(
            chart(design, [(lead, .accountable), (engineer, .responsible), (lead, .informed)]).issues().map(\.code)
                == ["raciConflictingRoles"])
    }

    @Test func theSameAssignmentTwiceCountsOnce() {
        let twice = chart(design, [(lead, .accountable), (lead, .accountable), (engineer, .responsible)])
        #expect(twice.issues().isEmpty)
        #expect(twice.people(.accountable) == [lead])
    }

    @Test func theMatrixHasDeliverablesAsRowsAndPeopleAsColumns() {
        let charts = [
            chart(design, [(engineer, .responsible), (lead, .accountable), (tester, .consulted)]),
            chart(
                rollout,
                [(customerManager, .accountable), (engineer, .responsible), (lead, .responsible), (tester, .informed)]),
        ]
        let matrix = RACIMatrix(charts)
        // Accountable people first, then the others as they first appear.
        #expect(matrix.people == [lead, customerManager, engineer, tester])
        #expect(matrix.rows.map(\.deliverableID) == [design, rollout])
        #expect(matrix.rows[0].cells.map(\.letters) == ["A", "", "R", "C"])
        #expect(matrix.rows[1].cells.map(\.letters) == ["R", "A", "R", "I"])
        #expect(matrix.rows[1].cells[2].roles == [.responsible])
    }

    @Test func aPersonAccountableAndResponsibleReadsAR() {
        let matrix = RACIMatrix([chart(design, [(lead, .responsible), (lead, .accountable)])])
        #expect(matrix.rows[0].cells.map(\.letters) == ["A/R"])
        #expect(matrix.rows[0].cells[0].roles == [.responsible, .accountable])
    }

    @Test func rolesHaveLettersAndCatalogLabels() {
        #expect(RACIRole.allCases.map(\.letter).joined() == "RACI")
        #expect(RACIRole.accountable.labelKey == "raci.role.accountable")
        #expect(RACIRole.allCases.sorted() == RACIRole.allCases)
    }

    @Test func theMatrixEncodesForAPage() throws {
        let matrix = RACIMatrix([chart(design, [(lead, .accountable), (engineer, .responsible)])])
        let text = String(decoding: try JSONEncoder().encode(matrix), as: UTF8.self)
        #expect(text.contains(#""letters":"A""#))
        #expect(text.contains(#""roles":["accountable"]"#))
        #expect(RACIMatrix([]).people.isEmpty && RACIMatrix([]).rows.isEmpty)
    }
}
