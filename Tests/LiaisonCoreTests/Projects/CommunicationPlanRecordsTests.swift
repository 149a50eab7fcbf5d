import Foundation
import Testing

@testable import LiaisonCore

/// The plan's records: a row back into input form (what a change that names only some fields starts from), a
/// cadence in parts, a row frozen into a charter, a charter stored before plans existed, and what an owner records.
@Suite struct CommunicationPlanRecordsTests {
    let owner = UUID(uuidString: "00000000-0000-0000-0000-0000000000A1") ?? UUID()
    let start = LocalDate(year: 2026, month: 3, day: 2)

    @Test(arguments: [
        "weekly fri 16:00 Asia/Shanghai", "fortnightly mon 2026-03-06 09:30 Europe/Berlin", "monthly 31 10:00 UTC",
        "milestones 09:00 Asia/Shanghai",
    ])
    func aRowGoesBackIntoInputAndValidatesToItself(_ text: String) throws {
        let cadence = try #require(CommunicationCadence(text))
        let row = CommunicationPlanRow(
            audiences: [.customer(.technical), .team(.projectManager), .other("采购委员会")], content: .riskReview,
            topic: "风险周会", channel: .meeting, cadence: cadence, ownerID: owner)
        let again = try CommunicationPlanRowInput(row).validated(defaultAnchor: start, defaultTimeZone: "UTC")
        #expect(again == row)
    }

    @Test func aCadenceInParts() throws {
        let fortnight = CadenceParts(try #require(CommunicationCadence("fortnightly sun 2026-03-08 07:05 UTC")))
        #expect(fortnight.kind == "fortnightly")
        #expect(fortnight.weekday == 7)
        #expect(fortnight.weekdayName == "sun")
        #expect(fortnight.anchor == LocalDate(year: 2026, month: 3, day: 8))
        #expect(fortnight.time == "07:05")
        #expect(fortnight.dayOfMonth == nil)
        let monthly = CadenceParts(try #require(CommunicationCadence("monthly 15 18:00 Asia/Shanghai")))
        #expect(monthly.kind == "monthly" && monthly.dayOfMonth == 15 && monthly.weekday == nil)
        #expect(monthly.timeZone == "Asia/Shanghai")
    }

    @Test func aFrozenRowReadsAsOneLineAndTheCharterShowsAndComparesIt() throws {
        let row = CommunicationPlanRow(
            audiences: [.customer(.decisionMaker)], content: .progressReport, topic: nil, channel: .email,
            cadence: try #require(CommunicationCadence("weekly mon 09:30 Asia/Shanghai")), ownerID: owner)
        let frozen = CharterPlanRow(row, ownerName: "张伟")
        #expect(frozen.line == "progressReport · email · weekly mon 09:30 Asia/Shanghai · customer:decisionMaker · 张伟")
        var content = CharterContent(goals: "上线")
        #expect(content.text(of: .communicationPlan).isEmpty)
        content.communicationPlan = [frozen]
        #expect(content.text(of: .communicationPlan) == frozen.line)
        #expect(!CharterContent.Section.communicationPlan.isWritten)
        #expect(CharterContent.Section.goals.isWritten)
        let decoded = try JSONDecoder().decode(CharterContent.self, from: JSONEncoder().encode(content))
        #expect(decoded == content)
        // A version stored before plans were frozen into charters reads with an empty plan.
        let old = try JSONDecoder().decode(CharterContent.self, from: Data(#"{"goals":"上线","milestones":[]}"#.utf8))
        #expect(old.communicationPlan.isEmpty && old.goals == "上线")
    }

    @Test func anOwnerRecordsWhatWasDoneOrTheInteractionThatCarriedIt() throws {
        #expect(try OccurrenceDoneInput(note: "  周报已发  ").validated().note == "周报已发")
        let interaction = UUID()
        #expect(try OccurrenceDoneInput(interactionID: interaction.uuidString).validated().interactionID == interaction)
        for (input, code) in [
            (OccurrenceDoneInput(), "note:required"), (OccurrenceDoneInput(note: "   "), "note:required"),
            (OccurrenceDoneInput(note: String(repeating: "字", count: 4_001)), "note:tooLong"),
            (OccurrenceDoneInput(note: "x", interactionID: "nope"), "interactionId:invalidReference"),
        ] {
            do {
                _ = try input.validated()
                Issue.record("accepted \(input)")
            } catch {
                #expect(error.issues.map { "\($0.field):\($0.code)" } == [code])
            }
        }
    }
}
