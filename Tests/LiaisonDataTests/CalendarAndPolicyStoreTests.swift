import FluentKit
import Foundation
import LiaisonCore
import Testing

@testable import LiaisonData

/// Business calendars, SLA policies and canned responses at the data level: one default of each kind, versions,
/// references and audit entries.
@Suite struct CalendarAndPolicyStoreTests {
    private static let week: [Int: [WorkingBlock]] = Dictionary(
        uniqueKeysWithValues: (1...5).map { ($0, [WorkingBlock(start: 9 * 60, end: 18 * 60)]) })

    private func calendar(
        _ f: DataFixture, _ name: String, isDefault: Bool = false, days: [CalendarRecord.Day]? = nil
    ) async throws -> CalendarRecord {
        let draft = CalendarDraft(
            name: name, timeZone: "Asia/Shanghai", week: Self.week, makeupBlocks: nil, preset: nil,
            isDefault: isDefault, days: days)
        let (actor, now) = (f.actor(f.admin), f.now)
        return try await f.write { tx in try await CalendarStore.create(draft, by: actor, at: now, on: tx) }
    }

    private func defaultCalendar(_ f: DataFixture) async throws -> CalendarRecord {
        let (actor, now) = (f.actor(f.admin), f.now)
        return try await f.write { tx in try await CalendarStore.defaultCalendar(by: actor, at: now, on: tx) }
    }

    @Test func theDefaultCalendarIsMadeOnceWithTheChineseHolidays() async throws {
        try await withFixture { f in
            let first = try await defaultCalendar(f)
            #expect(first.isDefault)
            #expect(first.preset == HolidayPresets.china.code)
            #expect(first.days.count == HolidayPresets.china.holidays.count + HolidayPresets.china.makeupWorkdays.count)
            #expect(try await defaultCalendar(f).id == first.id)
            #expect(try await CalendarStore.all(on: f.db).count == 1)
            let audit = try #require(try await f.lastAudit(.calendarCreated))
            #expect(audit.recordID == first.id.uuidString)
            #expect(audit.notes["days"] == String(first.days.count))
        }
    }

    @Test func thereIsAlwaysExactlyOneDefaultCalendar() async throws {
        try await withFixture { f in
            let first = try await defaultCalendar(f)
            let (actor, now) = (f.actor(f.admin), f.now)
            var draft = CalendarDraft(
                name: first.name, timeZone: first.timeZone, week: first.week, makeupBlocks: first.makeupBlocks,
                preset: first.preset, isDefault: false, days: nil)
            let undefault = draft
            await #expect(throws: DataError.conflict(reason: "keepOneDefaultCalendar")) {
                try await f.write { tx in
                    try await CalendarStore.update(
                        first.id, with: undefault, expectedVersion: nil, by: actor, at: now, on: tx)
                }
            }
            let second = try await calendar(f, "上海办公室", isDefault: true)
            let all = try await CalendarStore.all(on: f.db)
            #expect(all.filter(\.isDefault).map(\.id) == [second.id])

            draft.name = "中国大陆工作日历（旧）"
            let renamed = draft
            await #expect(throws: DataError.staleVersion(current: 1)) {
                try await f.write { tx in
                    try await CalendarStore.update(
                        first.id, with: renamed, expectedVersion: 2, by: actor, at: now, on: tx)
                }
            }
            let updated = try await f.write { tx in
                try await CalendarStore.update(first.id, with: renamed, expectedVersion: 1, by: actor, at: now, on: tx)
            }
            #expect(updated.version == 2)
            #expect(updated.days == first.days, "days are kept when the draft leaves them out")
            #expect(try await f.lastAudit(.calendarUpdated)?.fields["name"]?.to == "中国大陆工作日历（旧）")
        }
    }

    @Test func aDayListedTwiceIsKeptOnce() async throws {
        try await withFixture { f in
            let day = try #require(LocalDate("2026-10-01"))
            let created = try await calendar(
                f, "上海办公室",
                days: [
                    CalendarRecord.Day(date: day, isWorkday: false, name: "国庆节"),
                    CalendarRecord.Day(date: day, isWorkday: true, name: "重复"),
                ])
            #expect(created.days == [CalendarRecord.Day(date: day, isWorkday: false, name: "国庆节")])
        }
    }

    @Test func aPolicyNeedsACalendarAndThereIsAlwaysExactlyOneDefaultPolicy() async throws {
        try await withFixture { f in
            let (actor, now) = (f.actor(f.admin), f.now)
            let standard = try await f.write { tx in try await SLAPolicyStore.defaultPolicy(by: actor, at: now, on: tx)
            }
            #expect(standard.isDefault)
            #expect(standard.policy == .standard)
            await #expect(throws: ValidationFailure([ValidationIssue("calendarId", "invalidReference")])) {
                try await f.write { tx in
                    try await SLAPolicyStore.create(
                        name: "大客户", calendarID: UUID(), policy: .standard, isDefault: false, by: actor, at: now,
                        on: tx)
                }
            }
            await #expect(throws: DataError.conflict(reason: "keepOneDefaultPolicy")) {
                try await f.write { tx in
                    try await SLAPolicyStore.update(
                        standard.id, name: standard.name, calendarID: standard.calendarID, policy: .standard,
                        isDefault: false, expectedVersion: nil, by: actor, at: now, on: tx)
                }
            }
            let faster = SLAPolicy(
                rules: [
                    SLARule(
                        tiers: [.strategic, .key],
                        targets: SLATargets(firstResponse: 15, nextResponse: 30, resolution: 240))
                ],
                fallback: SLATargets(firstResponse: 60, nextResponse: 120, resolution: 960))
            let vip = try await f.write { tx in
                try await SLAPolicyStore.create(
                    name: "大客户", calendarID: standard.calendarID, policy: faster, isDefault: true, by: actor, at: now,
                    on: tx)
            }
            #expect(vip.policy == faster)
            #expect(try await SLAPolicyStore.all(on: f.db).filter(\.isDefault).map(\.id) == [vip.id])
            let audit = try #require(try await f.lastAudit(.slaPolicyCreated))
            #expect(audit.recordID == vip.id.uuidString)
            #expect(audit.fields["rules"]?.to?.contains(#""tiers":["strategic","key"]"#) == true)

            // The same rules again change nothing in the stored text.
            let same = try await f.write { tx in
                try await SLAPolicyStore.update(
                    vip.id, name: "大客户", calendarID: standard.calendarID, policy: faster, isDefault: true,
                    expectedVersion: 1, by: actor, at: now, on: tx)
            }
            #expect(same.version == 2)
            #expect(try await f.lastAudit(.slaPolicyUpdated)?.fields.isEmpty == true)
        }
    }

    @Test func cannedResponsesBelongToAnExistingDepartmentOrToEveryone() async throws {
        try await withFixture { f in
            let support = try await f.department("客户服务部")
            let sales = try await f.department("销售部")
            let (actor, now) = (f.actor(f.admin), f.now)
            @discardableResult func save(_ id: UUID?, _ draft: CannedResponseDraft, expectedVersion: Int? = nil)
                async throws
                -> CannedResponseRecord
            {
                try await f.write { tx in
                    try await CannedResponseStore.save(
                        id, draft, expectedVersion: expectedVersion, by: actor, at: now, on: tx)
                }
            }
            await #expect(throws: ValidationFailure([ValidationIssue("departmentId", "invalidReference")])) {
                try await save(
                    nil, CannedResponseDraft(departmentID: UUID(), title: "已收到", bodyZh: "已收到。", bodyEn: "Received."))
            }
            let everyone = try await save(
                nil, CannedResponseDraft(departmentID: nil, title: "感谢反馈", bodyZh: "感谢反馈。", bodyEn: "Thank you."))
            let received = try await save(
                nil, CannedResponseDraft(departmentID: support.id, title: "已收到", bodyZh: "已收到。", bodyEn: "Received."))
            try await save(
                nil,
                CannedResponseDraft(departmentID: sales.id, title: "报价", bodyZh: "报价见附件。", bodyEn: "Quote attached."))
            let listed = try await CannedResponseStore.list(department: support.id, on: f.db)
            #expect(Set(listed.map(\.id)) == [received.id, everyone.id], "its department's and everyone's")

            let edited = CannedResponseDraft(
                departmentID: support.id, title: "已收到", bodyZh: "您好，已收到。", bodyEn: "Received.")
            await #expect(throws: DataError.staleVersion(current: 1)) {
                try await save(received.id, edited, expectedVersion: 2)
            }
            #expect(try await save(received.id, edited, expectedVersion: 1).version == 2)
            let audit = try #require(try await f.lastAudit(.cannedResponseUpdated))
            #expect(audit.fields.keys.sorted() == ["bodyZh"])
            try await f.write { tx in try await CannedResponseStore.delete(received.id, by: actor, at: now, on: tx) }
            #expect(try await f.lastAudit(.cannedResponseDeleted)?.fields["title"]?.from == "已收到")
            await #expect(throws: DataError.notFound) { try await save(received.id, edited) }
        }
    }
}
