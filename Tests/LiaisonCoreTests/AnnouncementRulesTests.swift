import Foundation
import LiaisonCore
import Testing

@Suite struct AnnouncementRulesTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    func input(_ changes: (inout AnnouncementInput) -> Void = { _ in }) -> AnnouncementInput {
        var input = AnnouncementInput(
            kind: "maintenance", audience: "public", titleZh: "系统维护", titleEn: "Maintenance", bodyZh: "周六维护",
            bodyEn: "Maintenance on Saturday")
        changes(&input)
        return input
    }

    @Test func bothLanguagesAreRequiredAndEveryBadFieldIsNamedAtOnce() {
        let failure = #expect(throws: ValidationFailure.self) {
            try input {
                $0.titleEn = "  "
                $0.bodyZh = nil
                $0.kind = "gossip"
                $0.publishAt = "2026-02-30T25:61:00Z"
            }.validated()
        }
        let fields = Set(failure?.issues.map(\.field) ?? [])
        #expect(fields == ["titleEn", "bodyZh", "kind", "publishAt"])
    }

    @Test func aSelectedAudienceNeedsATierOrACustomerAndOthersTakeNone() throws {
        let empty = #expect(throws: ValidationFailure.self) { try input { $0.audience = "selected" }.validated() }
        #expect(empty?.issues.first?.code == "noRecipientsChosen")
        let stray = #expect(throws: ValidationFailure.self) {
            try input { $0.tiers = ["key"]; $0.customerIDs = [UUID().uuidString] }.validated()
        }
        #expect(Set(stray?.issues.map(\.code) ?? []) == ["notForAudience"])
        let chosen = try input { $0.audience = "selected"; $0.tiers = ["small", "key", "key"] }.validated()
        #expect(chosen.tiers == [.key, .small])
        let badID = #expect(throws: ValidationFailure.self) {
            try input { $0.audience = "selected"; $0.customerIDs = ["not-a-uuid"] }.validated()
        }
        #expect(badID?.issues.first?.field == "customerIds[0]")
    }

    @Test func expiryMustFollowPublicationAndPageTimesAreTheWritersWallClock() throws {
        let backwards = #expect(throws: ValidationFailure.self) {
            try input { $0.publishAt = "2026-10-01T09:00:00Z"; $0.expiresAt = "2026-10-01T08:00:00Z" }.validated()
        }
        #expect(backwards?.issues.first?.code == "notAfterPublication")
        let shanghai = try #require(TimeZone(identifier: "Asia/Shanghai"))
        let local = try input { $0.publishAt = "2026-10-01T09:00" }.validated(in: shanghai)
        #expect(local.publishAt.map(DateText.rfc3339) == "2026-10-01T01:00:00Z")
    }

    @Test func visibilityFollowsStatusPublicationAndExpiry() {
        let later = Self.now.addingTimeInterval(3600)
        #expect(AnnouncementRules.isVisible(status: .published, publishedAt: Self.now, expiresAt: nil, at: Self.now))
        #expect(!AnnouncementRules.isVisible(status: .published, publishedAt: later, expiresAt: nil, at: Self.now))
        #expect(!AnnouncementRules.isVisible(status: .published, publishedAt: Self.now, expiresAt: Self.now, at: Self.now))
        #expect(!AnnouncementRules.isVisible(status: .withdrawn, publishedAt: Self.now, expiresAt: nil, at: Self.now))
        #expect(AnnouncementRules.publicationTime(publishAt: later, now: Self.now) == later)
        #expect(AnnouncementRules.publicationTime(publishAt: Self.now.addingTimeInterval(-60), now: Self.now) == Self.now)
    }

    @Test func theAuthorNeverDecidesOnTheirOwnAnnouncement() throws {
        let author = UUID()
        #expect(AnnouncementRules.mayDecide(author: author, approver: author, status: .pending) == .ownAnnouncement)
        #expect(AnnouncementRules.mayDecide(author: author, approver: UUID(), status: .pending) == nil)
        #expect(AnnouncementRules.mayDecide(author: author, approver: UUID(), status: .draft) == .notPending)
        let pending = try AnnouncementRules.submitted(from: .draft, needsApproval: true).get()
        #expect(pending == .pending)
        let published = try AnnouncementRules.submitted(from: .withdrawn, needsApproval: false).get()
        #expect(published == .published)
        #expect(throws: AnnouncementRefusal.self) { try AnnouncementRules.submitted(from: .pending, needsApproval: false).get() }
    }

    @Test func aCustomerIsReachedByItsTierOrByName() {
        let customer = UUID()
        #expect(AnnouncementRules.reaches(audience: .selected, tiers: [.key], customerIDs: [], customerID: customer, tier: .key))
        #expect(!AnnouncementRules.reaches(audience: .selected, tiers: [.key], customerIDs: [], customerID: customer, tier: .small))
        #expect(AnnouncementRules.reaches(audience: .selected, tiers: [], customerIDs: [customer], customerID: customer, tier: .small))
        #expect(AnnouncementRules.reaches(audience: .allCustomers, tiers: [], customerIDs: [], customerID: customer, tier: .small))
    }
}

@Suite struct FeedbackInputTests {
    @Test func aVisitorMustLeaveAWayToBeReached() throws {
        let none = #expect(throws: ValidationFailure.self) {
            try FeedbackInput(name: "李雷", message: "你好").validated()
        }
        #expect(none?.issues.map(\.code) == ["contactRequired"])
        let phone = try FeedbackInput(name: "李雷", phone: "１３８ ００１３ ８０００", message: "你好").validated()
        #expect(phone.phone == "138 0013 8000" && phone.email == nil)
        let bad = #expect(throws: ValidationFailure.self) {
            try FeedbackInput(name: "", email: "not an address", phone: "abc", message: "\u{202E}x").validated()
        }
        #expect(Set(bad?.issues.map(\.code) ?? []) == ["required", "invalidEmail", "invalidPhone", "controlCharacter"])
    }

    @Test func theSubjectIsTheMessagesFirstLineShortened() throws {
        let long = String(repeating: "很", count: 100)
        let valid = try FeedbackInput(name: "n", email: "a@b.cn", message: "\(long)\n第二行").validated()
        #expect(valid.subject.count == 80 && valid.subject.hasSuffix("…"))
    }

    @Test func anAddressIsRefusedPastItsShareUntilTheWindowEnds() {
        var limit = FeedbackRateLimit(limit: 2, window: 60)
        let t0 = Date(timeIntervalSince1970: 1_000)
        var answers: [Bool] = []
        answers.append(limit.admit("10.0.0.1", now: t0))
        answers.append(limit.admit("10.0.0.1", now: t0.addingTimeInterval(1)))
        answers.append(limit.admit("10.0.0.1", now: t0.addingTimeInterval(2)))
        answers.append(limit.admit("10.0.0.2", now: t0.addingTimeInterval(2)))
        answers.append(limit.admit("10.0.0.1", now: t0.addingTimeInterval(61)))
        #expect(answers == [true, true, false, true, true])
        var off = FeedbackRateLimit(limit: 0, window: 60)
        var all = true
        for _ in 0..<100 where !off.admit("x", now: t0) { all = false }
        #expect(all)
    }
}
