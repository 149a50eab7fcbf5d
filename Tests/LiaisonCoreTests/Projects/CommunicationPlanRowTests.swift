import Foundation
import Testing

@testable import LiaisonCore

@Suite struct CommunicationPlanRowTests {
    let owner = UUID(uuidString: "00000000-0000-0000-0000-0000000000A1") ?? UUID()
    let planStart = LocalDate(year: 2026, month: 3, day: 2)

    func weeklyReport() -> CommunicationPlanRowInput {
        CommunicationPlanRowInput(
            audiences: ["customer:decisionMaker", "team:projectManager"], content: "progressReport", channel: "email",
            cadence: "weekly", weekday: "fri", time: "16:00", timeZone: "Asia/Shanghai", ownerID: owner.uuidString)
    }

    func codes(_ input: CommunicationPlanRowInput) -> [String] {
        do {
            _ = try input.validated(defaultAnchor: planStart, defaultTimeZone: "Asia/Shanghai")
            return []
        } catch {
            return error.issues.map { "\($0.field):\($0.code)" }
        }
    }

    @Test func aWeeklyReportRowIsAccepted() throws {
        let row = try weeklyReport().validated(defaultAnchor: planStart, defaultTimeZone: "UTC")
        #expect(row.audiences == [.customer(.decisionMaker), .team(.projectManager)])
        #expect(row.content == .progressReport)
        #expect(row.channel == .email)
        #expect(row.cadence.description == "weekly fri 16:00 Asia/Shanghai")
        #expect(row.ownerID == owner)
        #expect(row.topic == nil)
    }

    @Test func everyMissingFieldIsNamedAtOnce() {
        #expect(
            codes(CommunicationPlanRowInput())
                == [
                    "audiences:required", "content:required", "channel:required", "cadence:required",
                    "ownerId:required",
                ])
    }

    @Test func theCadencePartsAreCheckedByKind() {
        var input = weeklyReport()
        input.weekday = "someday"
        #expect(codes(input) == ["weekday:invalidWeekday"])
        input.weekday = "5"
        #expect(codes(input) == [])
        input.cadence = "monthly"
        input.dayOfMonth = "32"
        #expect(codes(input) == ["dayOfMonth:outOfRange"])
        input.cadence = "daily"
        #expect(codes(input) == ["cadence:invalidChoice"])
        input.cadence = "weekly"
        input.time = "25:00"
        input.timeZone = "Mars/Olympus"
        #expect(codes(input) == ["time:invalidClockTime", "timeZone:unknownTimeZone"])
    }

    @Test func aShortHourAndTheDefaultZoneAreTaken() throws {
        var input = weeklyReport()
        input.time = "9:05"
        input.timeZone = nil
        let row = try input.validated(defaultAnchor: planStart, defaultTimeZone: "Europe/Berlin")
        #expect(row.cadence.description == "weekly fri 09:05 Europe/Berlin")
    }

    @Test func aFortnightlyRowWithoutAnAnchorStartsWithThePlan() throws {
        var input = weeklyReport()
        input.cadence = "fortnightly"
        let row = try input.validated(defaultAnchor: planStart, defaultTimeZone: "UTC")
        #expect(row.cadence.rule == .fortnightly(weekday: 5, anchor: planStart))
        input.anchor = "2026-02-30"
        #expect(codes(input) == ["anchor:invalidDate"])
    }

    @Test func aMilestoneRowNeedsNoDay() throws {
        var input = weeklyReport()
        input.content = "milestoneReview"
        input.cadence = "milestones"
        input.weekday = nil
        let row = try input.validated(defaultAnchor: planStart, defaultTimeZone: "UTC")
        #expect(row.cadence.followsMilestones)
    }

    @Test func anOtherRowNeedsATopic() {
        var input = weeklyReport()
        input.content = "other"
        #expect(codes(input) == ["topic:required"])
        input.topic = "月度账单核对"
        #expect(codes(input) == [])
    }

    @Test func audiencesAreRolesOrANamedGroup() {
        var input = weeklyReport()
        input.audiences = ["customer:boss"]
        #expect(codes(input) == ["audiences:invalidAudience"])
        input.audiences = ["other:" + String(repeating: "组", count: 81)]
        #expect(codes(input) == ["audiences:tooLong"])
        input.audiences = ["other:采购委员会", "other:采购委员会", " "]
        #expect(codes(input) == [])
    }

    @Test func anAudienceIsStoredAsOneString() throws {
        let audiences: [CommunicationAudience] = [.customer(.technical), .team(.engineer), .other("IT 部门: 全体")]
        #expect(audiences.map(\.description) == ["customer:technical", "team:engineer", "other:IT 部门: 全体"])
        for audience in audiences { #expect(CommunicationAudience(audience.description) == audience) }
        let json = try JSONEncoder().encode(audiences)
        #expect(try JSONDecoder().decode([CommunicationAudience].self, from: json) == audiences)
        #expect(CommunicationAudience("other:") == nil)
        #expect(CommunicationAudience("partner:technical") == nil)
        #expect(CommunicationAudience(".customer(.technical)") == nil)
        #expect(CommunicationAudience.customer(.finance).labelKey == "contactRole.finance")
        #expect(CommunicationAudience.team(.sales).labelKey == "teamRole.sales")
        #expect(CommunicationAudience.other("x").labelKey == nil)
        #expect(CommunicationAudience.customer(.user).isCustomer && !CommunicationAudience.team(.sales).isCustomer)
    }

    @Test func contentKindsHaveCatalogLabels() {
        #expect(CommunicationContent.allCases.map(\.labelKey).contains("commplan.content.steeringMeeting"))
        #expect(CommunicationContent.allCases.count == 6)
    }
}
