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
    @Test func staffToChooseFromAreTheActivePeopleInNameOrderWithTheirRoles() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            let now = self.now
            func create(_ email: String, _ name: String, _ roles: [String]) async throws -> Person {
                try await writer.write(on: db) { tx in
                    try await PeopleCommands.create(
                        try PersonInput(email: email, name: name, roles: roles).validated(), passwordHash: "x",
                        mustChangePassword: false, by: .system(), at: now, on: tx)
                }
            }
            let zhang = try await create("zhang@t.cn", "张伟", ["sales", "projectManager"])
            let an = try await create("an@t.cn", "安娜", ["agent"])
            let bob = try await create("bob@t.cn", "Bob Li", ["engineer"])
            let gone = try await create("gone@t.cn", "阿离", ["agent"])
            _ = try await writer.write(on: db) { tx in
                try await PeopleCommands.setActive(id: gone.id, active: false, expectedVersion: 1, by: .system(), at: now, on: tx)
            }
            let staff = try await PeopleQueries.staff(limit: 10, on: db)
            // Pinyin order: an (安娜), bob, zhang (张伟); the deactivated person is not offered.
            #expect(staff.map(\.id) == [an.id, bob.id, zhang.id])
            #expect(staff.map(\.name) == ["安娜", "Bob Li", "张伟"])
            #expect(staff.last?.roles == [.sales, .projectManager])
            #expect(staff.first?.roles == [.agent])
            #expect(try await PeopleQueries.staff(limit: 2, on: db).map(\.id) == [an.id, bob.id])
            #expect(try await PeopleQueries.names([zhang.id, gone.id], on: db) == [zhang.id: "张伟", gone.id: "阿离"])
            #expect(try await PeopleQueries.names([], on: db).isEmpty)
        }
    }
}
