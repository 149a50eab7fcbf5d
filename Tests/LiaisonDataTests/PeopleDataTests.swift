import FluentKit
import Foundation
import LiaisonCore
import Testing

@testable import LiaisonData

@Suite struct PeopleDataTests {
    private let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test func deactivationEndsSessionsAndRevokesTokensInOneTransaction() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            let now = self.now
            let admin = try await writer.write(on: db) { tx in
                try await PeopleCommands.create(
                    try PersonInput(email: "admin@t.cn", name: "管理员", roles: ["admin"]).validated(), passwordHash: "x",
                    mustChangePassword: false, by: .system(), at: now, on: tx)
            }
            let person = try await writer.write(on: db) { tx in
                try await PeopleCommands.create(
                    try PersonInput(email: "p@t.cn", name: "员工", roles: ["sales"]).validated(), passwordHash: "x",
                    mustChangePassword: false, by: .system(), at: now, on: tx)
            }
            try await writer.write(on: db) { tx in
                _ = try await SessionStore.create(
                    userID: person.id, tokenHash: "s1", now: now, lifetime: 3600, address: nil, userAgent: nil, on: tx)
                _ = try await APITokenStore.create(
                    userID: person.id, name: "t", tokenHash: "t1", prefix: "lia_", expiresAt: nil, by: .system(), at: now,
                    on: tx)
            }
            #expect(try await SessionStore.resolve(tokenHash: "s1", now: now, on: db) != nil)
            let actor = AuditActor(userID: admin.id, label: admin.email, address: nil)
            _ = try await writer.write(on: db) { tx in
                try await PeopleCommands.setActive(id: person.id, active: false, expectedVersion: 1, by: actor, at: now, on: tx)
            }
            #expect(try await SessionStore.resolve(tokenHash: "s1", now: now, on: db) == nil)
            #expect(try await APITokenStore.resolve(tokenHash: "t1", now: now, on: db) == nil)
            #expect(try await APITokenStore.list(userID: person.id, on: db).first?.revokedAt != nil)
        }
    }

    @Test func aStaleVersionIsRefused() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            let now = self.now
            let person = try await writer.write(on: db) { tx in
                try await PeopleCommands.create(
                    try PersonInput(email: "p@t.cn", name: "员工", roles: ["sales"]).validated(), passwordHash: "x",
                    mustChangePassword: false, by: .system(), at: now, on: tx)
            }
            let renamed = try PersonInput(email: "p@t.cn", name: "新名字", roles: ["sales"]).validated()
            _ = try await writer.write(on: db) { tx in
                try await PeopleCommands.update(id: person.id, with: renamed, expectedVersion: 1, by: .system(), at: now, on: tx)
            }
            await #expect(throws: DataError.staleVersion(current: 2)) {
                try await writer.write(on: db) { tx in
                    try await PeopleCommands.update(id: person.id, with: renamed, expectedVersion: 1, by: .system(), at: now, on: tx)
                }
            }
        }
    }
}
