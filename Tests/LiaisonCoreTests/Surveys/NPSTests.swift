import Foundation
import Testing

@testable import LiaisonCore

/// NPS maths: categories, the score of a set and its rounding, the distribution, and campaign input.
@Suite struct NPSTests {
    @Test func scoresFallIntoTheirCategories() {
        #expect((0...6).allSatisfy { NPSCategory.of($0) == .detractor })
        #expect((7...8).allSatisfy { NPSCategory.of($0) == .passive })
        #expect((9...10).allSatisfy { NPSCategory.of($0) == .promoter })
        #expect(NPSCategory.of(-1) == nil)
        #expect(NPSCategory.of(11) == nil)
    }

    @Test func theScoreIsPromotersLessDetractorsInPercent() {
        // setup: 5 promoters, 3 passives, 2 detractors
        let summary = NPSSummary([10, 9, 9, 10, 9, 7, 8, 7, 0, 6])
        // validate
        #expect(summary.count == 10)
        #expect(summary.score == 30)
        #expect(summary.distribution == [1, 0, 0, 0, 0, 0, 1, 2, 1, 3, 2])
        #expect(summary.share(of: .promoter) == 50)
        #expect(summary.share(of: .detractor) == 20)
    }

    @Test func anEmptySetHasNoScore() {
        #expect(NPSSummary([]).score == nil)
        #expect(NPSSummary([]).share(of: .promoter) == nil)
        #expect(NPSMath.responseRate(answered: 0, invited: 0) == nil)
    }

    @Test func numbersOutsideTheScaleAreNotAnswers() {
        let summary = NPSSummary([10, 11, -3, 100])
        #expect(summary.count == 1)
        #expect(summary.score == 100)
    }

    @Test func halvesAreRoundedAwayFromZero() {
        // 1 promoter in 8 = 12.5 → 13; 1 detractor in 8 = −12.5 → −13
        #expect(NPSSummary([10, 7, 7, 7, 7, 7, 7, 7]).score == 13)
        #expect(NPSSummary([0, 7, 7, 7, 7, 7, 7, 7]).score == -13)
        // 2 of 3 = 66.67 → 67; 1 of 3 = 33.33 → 33
        #expect(NPSSummary([9, 9, 8]).score == 67)
        #expect(NPSSummary([9, 8, 8]).score == 33)
        #expect(NPSMath.responseRate(answered: 1, invited: 3) == 33)
        #expect(NPSMath.responseRate(answered: 1, invited: 200) == 1)  // 0.5 → 1
    }

    @Test func allPromotersIsAHundredAndAllDetractorsMinusAHundred() {
        #expect(NPSSummary([9, 10, 10]).score == 100)
        #expect(NPSSummary([0, 3, 6]).score == -100)
        #expect(NPSSummary([7, 8]).score == 0)
    }

    /// Property: for random sets, the score lies in −100…100, agrees with the exact rational rounded half away
    /// from zero, the distribution adds up to the count, and adding a promoter never lowers it.
    @Test(arguments: 0..<40) func theScoreAgreesWithExactArithmetic(index: Int) {
        var generator = SeededGenerator(seed: 1_000 + UInt64(index))
        let size = Int.random(in: 1...300, using: &generator)
        let scores = (0..<size).map { _ in Int.random(in: 0...10, using: &generator) }
        let summary = NPSSummary(scores)
        let promoters = scores.filter { $0 >= 9 }.count
        let detractors = scores.filter { $0 <= 6 }.count
        let exact = Decimal(100 * (promoters - detractors)) / Decimal(size)
        var rounded = Decimal()
        var value = exact
        NSDecimalRound(&rounded, &value, 0, .plain)  // .plain rounds halves away from zero
        let score = summary.score ?? .min
        #expect(score == NSDecimalNumber(decimal: rounded).intValue, "\(scores)")
        #expect((-100...100).contains(score))
        #expect(summary.distribution.reduce(0, +) == size)
        #expect(summary.promoters + summary.passives + summary.detractors == size)
        var more = summary
        more.add(10)
        #expect((more.score ?? .min) >= score)
    }

    @Test func aCampaignNeedsANameAndAnAudience() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(throws: ValidationFailure.self) { try NPSSurveyInput(name: " ", tiers: ["key"]).validated(now: now) }
        do {
            _ = try NPSSurveyInput(name: "年度调查").validated(now: now)
            Issue.record("no audience accepted")
        } catch {
            #expect((error as? ValidationFailure)?.issues.map(\.code) == ["audienceRequired"])
        }
        do {
            _ = try NPSSurveyInput(name: "年度调查", tiers: ["gold"], customerIDs: ["nope"]).validated(now: now)
            Issue.record("bad tier accepted")
        } catch {
            #expect(Set((error as? ValidationFailure)?.issues.map(\.field) ?? []) == ["tiers", "customerIds"])
        }
        let valid = try? NPSSurveyInput(
            name: " 年度调查 ", intro: "您好\n谢谢", tiers: ["key", "key", "strategic"],
            closesAt: "2027-02-01T09:00:00+08:00"
        ).validated(now: now)
        #expect(valid?.name == "年度调查")
        #expect(valid?.tiers == [.key, .strategic])
        #expect(valid?.intro == "您好\n谢谢")
        #expect(valid?.closesAt == Date(timeIntervalSince1970: 1_801_443_600))
    }

    @Test func aClosingTimeMustLieAhead() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        do {
            _ = try NPSSurveyInput(name: "调查", tiers: ["key"], closesAt: "2020-01-01T00:00:00Z").validated(now: now)
            Issue.record("a past closing time accepted")
        } catch {
            #expect((error as? ValidationFailure)?.issues.map(\.code) == ["notInFuture"])
        }
        do {
            _ = try NPSSurveyInput(name: "调查", tiers: ["key"], closesAt: "2026-02-30T25:61:00Z").validated(now: now)
            Issue.record("an impossible date accepted")
        } catch {
            #expect((error as? ValidationFailure)?.issues.first?.field == "closesAt")
        }
    }

    @Test func anAnswerIsAWholeNumberFromZeroToTen() {
        #expect(NPSAnswerInput.score("0") == 0)
        #expect(NPSAnswerInput.score(" 10 ") == 10)
        #expect(NPSAnswerInput.score("11") == nil)
        #expect(NPSAnswerInput.score("-1") == nil)
        #expect(NPSAnswerInput.score("7.5") == nil)
        #expect(NPSAnswerInput.score("99999999999999999999") == nil)
        #expect(NPSAnswerInput.score(nil) == nil)
    }

    @Test func onlyContactsWithAnAddressWhoDidNotRefuseEmailAreAsked() {
        #expect(NPSAudience.mayBeAsked(emails: ["a@b.cn"], consent: [:]))
        #expect(NPSAudience.mayBeAsked(emails: ["a@b.cn"], consent: [.email: true, .phone: false]))
        #expect(!NPSAudience.mayBeAsked(emails: ["a@b.cn"], consent: [.email: false]))
        #expect(!NPSAudience.mayBeAsked(emails: [], consent: [.email: true]))
    }

    struct SeededGenerator: RandomNumberGenerator {
        private var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = state
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            return mixed ^ (mixed >> 31)
        }
    }
}
