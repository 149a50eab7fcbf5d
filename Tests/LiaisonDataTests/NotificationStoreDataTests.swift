import FluentKit
import Foundation
import LiaisonCore
import Testing

@testable import LiaisonData

/// Notifications obey need-to-know when written and again when read, are written once per dedupe key, and are
/// marked read only by their own reader.
@Suite struct NotificationStoreDataTests {
    private func notify(
        _ f: DataFixture, _ person: Person, about customer: Customer?, dedupeKey: String? = nil
    ) async throws -> Bool {
        let (now, subject) = (f.now, NotificationSubject.request(UUID()))
        return try await f.write { tx in
            try await NotificationStore.add(
                to: person.id, kind: .assigned, textKey: "notify.assigned", values: ["R-000001", "门户登录失败"],
                subject: subject, about: customer?.id, dedupeKey: dedupeKey, at: now, on: tx)
        }
    }

    @Test func nobodyIsToldAboutACustomerTheyMayNotKnowNorShownOneTheyNoLongerMayKnow() async throws {
        try await withFixture { f in
            let owner = try await f.person("li.na@test.cn", name: "李娜", roles: [.sales])
            let outsider = try await f.person("zhao.gang@test.cn", name: "赵刚", roles: [.agent])
            let secret = try await f.customer("华东保密项目组", classification: .confidential, owner: owner)
            #expect(try await notify(f, outsider, about: secret) == false)
            #expect(try await notify(f, outsider, about: nil), "about no customer: an account, a calendar")
            #expect(try await f.notifications(for: outsider).count == 1)

            let open = try await f.customer("杭州云栖科技有限公司", owner: owner)
            f.advance()
            #expect(try await notify(f, outsider, about: open))
            #expect(try await f.notifications(for: outsider).count == 2)
            // Reclassified later: what was said about it is no longer shown to someone outside its team.
            let (actor, now) = (f.actor(owner), f.now)
            let confidential = try CustomerInput(name: open.name, classification: "confidential").validated()
            _ = try await f.write { tx in
                try await CustomerCommands.update(
                    open.id, with: confidential, expectedVersion: nil, in: WriteContext(actor: actor, now: now), on: tx)
            }
            #expect(try await f.notifications(for: outsider).count == 1)
        }
    }

    @Test func aDedupeKeyWritesANotificationOnceAndOnlyItsReaderMarksItRead() async throws {
        try await withFixture { f in
            let person = try await f.person("zhou.min@test.cn", name: "周敏", roles: [.agent])
            let other = try await f.person("wang.fang@test.cn", name: "王芳", roles: [.agent])
            let customer = try await f.customer("杭州云栖科技有限公司")
            for _ in 1...2 {
                #expect(try await notify(f, person, about: customer, dedupeKey: "R-000001.firstResponse.breach"))
            }
            let list = try await f.notifications(for: person)
            #expect(list.count == 1)
            let id = try #require(list.first?.id)
            let now = f.now
            #expect(
                try await f.write { tx in try await NotificationStore.markRead(id, for: other.id, at: now, on: tx) }
                    == false)
            #expect(try await NotificationStore.unread(for: person.viewer, on: f.db).count == 1)
            #expect(
                try await f.write { tx in try await NotificationStore.markRead(id, for: person.id, at: now, on: tx) })
            #expect(try await NotificationStore.unread(for: person.viewer, on: f.db).isEmpty)
            #expect(try await f.notifications(for: person).first?.readAt == now)
        }
    }
}
