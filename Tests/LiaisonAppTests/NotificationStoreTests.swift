import Foundation
import LiaisonCore
import LiaisonData
import Testing

@testable import LiaisonApp

@Suite struct NotificationStoreTests {
    @Test func aDedupeKeyIsNotifiedOnceAndNoKeyAlways() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let person = try await app.person("notify@test.local")
            func add(_ key: String?) async throws {
                try await app.app.write { tx in
                    try await NotificationStore.add(
                        to: person.id, kind: .slaWarning, textKey: "notify.slaWarning", values: ["R-000001", "打印机", "resolution"],
                        subject: .request(UUID()), about: nil, dedupeKey: key, at: app.clock.now, on: tx)
                }
            }
            try await add("r1.resolution.warning")
            try await add("r1.resolution.warning")
            try await add("r1.resolution.breach")
            try await add(nil)
            try await add(nil)
            let notes = try await NotificationStore.unread(for: person.viewer, on: app.db)
            #expect(notes.count == 4)
            #expect(notes.allSatisfy { $0.values == ["R-000001", "打印机", "resolution"] })
        }
    }
}
