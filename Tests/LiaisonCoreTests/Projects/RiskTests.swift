import Foundation
import Testing

@testable import LiaisonCore

/// Risks and issues: the score and its band, the moves, what an input must hold, and the heat map.
@Suite struct RiskTests {
    @Test func theScoreIsProbabilityTimesImpactInFourBands() {
        #expect(RiskScore(probability: 1, impact: 1).value == 1)
        #expect(RiskScore(probability: 5, impact: 5).value == 25)
        let bands = (1...5).flatMap { p in (1...5).map { i in RiskScore(probability: p, impact: i) } }
        for score in bands {
            let expected: RiskScore.Level =
                score.value >= 16 ? .critical : score.value >= 10 ? .high : score.value >= 5 ? .medium : .low
            #expect(score.level == expected, "\(score)")
        }
        #expect(RiskScore(probability: 2, impact: 2).level == .low)
        #expect(RiskScore(probability: 3, impact: 3).level == .medium)
        #expect(RiskScore(probability: 3, impact: 5).level == .high)
        #expect(RiskScore(probability: 4, impact: 4).level == .critical)
        #expect(RiskScore.Level.low < .critical)
        #expect(ProjectIssueSeverity(RiskScore(probability: 4, impact: 5).level) == .critical)
    }

    @Test func aRiskOccursOnlyByBecomingAnIssueAndThatIsFinal() {
        #expect(RiskStatus.open.canMove(to: .mitigating))
        #expect(RiskStatus.closed.canMove(to: .open))
        #expect(!RiskStatus.open.canMove(to: .occurred))
        for next in RiskStatus.allCases where next != .occurred {
            #expect(!RiskStatus.occurred.canMove(to: next))
        }
        #expect(ProjectIssueStatus.closed.canMove(to: .inProgress))
        #expect(!ProjectIssueStatus.resolved.canMove(to: .open))
    }

    func codes(_ input: RiskInput) -> [String] {
        do {
            _ = try input.validated()
            return []
        } catch {
            return error.issues.map { "\($0.field):\($0.code)" }.sorted()
        }
    }

    @Test func aRiskNeedsATitleAndBothStepsOfTheScale() throws {
        let valid = try RiskInput(
            title: " 供应商交期延误 ", probability: "4", impact: " 3", mitigation: "提前备货", dueOn: "2026-10-01"
        ).validated()
        #expect(valid.title == "供应商交期延误")
        #expect(valid.score == RiskScore(probability: 4, impact: 3))
        #expect(valid.dueOn == LocalDate(year: 2026, month: 10, day: 1))
        #expect(valid.status == nil)
        #expect(codes(RiskInput()) == ["impact:required", "probability:required", "title:required"])
        #expect(codes(RiskInput(title: "x", probability: "0", impact: "6")) == ["impact:outOfRange", "probability:outOfRange"])
        #expect(codes(RiskInput(title: "x", probability: "2.5", impact: "一")) == ["impact:outOfRange", "probability:outOfRange"])
        #expect(codes(RiskInput(title: "x", probability: "1", impact: "1", status: "occurred")) == ["status:riskOccursThroughIssue"])
        #expect(codes(RiskInput(title: "x", probability: "1", impact: "1", ownerID: "nobody")) == ["ownerId:invalidReference"])
        #expect(codes(RiskInput(title: "x", probability: "1", impact: "1", dueOn: "2026-02-30")).first?.hasPrefix("dueOn:") == true)
    }

    @Test func anIssueNeedsATitleAndASeverity() throws {
        let valid = try ProjectIssueInput(title: "接口联调失败", severity: "high", status: "inProgress").validated()
        #expect(valid.severity == .high && valid.status == .inProgress)
        do {
            _ = try ProjectIssueInput(severity: "dire").validated()
            Issue.record("accepted")
        } catch {
            #expect(Set(error.issues.map { "\($0.field):\($0.code)" }) == ["title:required", "severity:invalidChoice"])
        }
    }

    @Test func theHeatMapCountsActiveRisksPerCellAndEscapesItsWords() {
        let map = RiskHeatMap(
            scores: [
                RiskScore(probability: 4, impact: 5), RiskScore(probability: 4, impact: 5),
                RiskScore(probability: 1, impact: 2), RiskScore(probability: 9, impact: 1),
            ],
            labels: .init(title: "风险 <热图> & \"矩阵\"", probability: "可能性", impact: "影响"))
        #expect(map.counts[RiskScore(probability: 4, impact: 5)] == 2)
        #expect(map.counts.values.reduce(0, +) == 3)
        let svg = map.svg()
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("风险 &lt;热图&gt; &amp; &quot;矩阵&quot;"))
        #expect(!svg.contains("<script") && !svg.contains("style="))
        #expect(svg.components(separatedBy: "<rect ").count - 1 == 26)
        #expect(svg.contains(">2</text>") && svg.contains(">1</text>"))
        #expect(svg == map.svg())
    }
}
