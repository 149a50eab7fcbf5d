import FluentKit
import Foundation
import LiaisonCore
import Testing

@testable import LiaisonData

/// People at the data level: unique addresses, administrators who cannot lock everyone out, sign-in failures and
/// preferences (deactivation and versions are in `PeopleDataTests`).
@Suite struct PeopleCommandsTests {
    @discardableResult
    private func update(_ f: DataFixture, _ person: Person, _ input: PersonInput, by author: Person? = nil)
        async throws -> Person
    {
        let valid = try input.validated()
        let (actor, now, id) = (f.actor(author ?? f.admin), f.now, person.id)
        return try await f.write { tx in
            try await PeopleCommands.update(id: id, with: valid, expectedVersion: nil, by: actor, at: now, on: tx)
        }
    }

    private func setActive(_ f: DataFixture, _ person: Person, _ active: Bool, by author: Person? = nil) async throws {
        let (actor, now, id) = (f.actor(author ?? f.admin), f.now, person.id)
        _ = try await f.write { tx in
            try await PeopleCommands.setActive(id: id, active: active, expectedVersion: nil, by: actor, at: now, on: tx)
        }
    }

    @Test func anAddressBelongsToOnePersonAndADepartmentMustExist() async throws {
        try await withFixture { f in
            let person = try await f.person("li.na@test.cn", name: "李娜", roles: [.sales])
            #expect(try await f.lastAudit(.userCreated)?.fields["roles"]?.to == "sales")
            await #expect(throws: ValidationFailure([ValidationIssue("email", "emailTaken")])) {
                try await f.person("LI.NA@test.cn", name: "另一个李娜", roles: [.agent])
            }
            let other = try await f.person("wang.fang@test.cn", name: "王芳", roles: [.agent])
            await #expect(throws: ValidationFailure([ValidationIssue("email", "emailTaken")])) {
                try await update(f, other, PersonInput(email: person.email, name: "王芳", roles: ["agent"]))
            }
            await #expect(throws: ValidationFailure([ValidationIssue("departmentId", "invalidReference")])) {
                try await f.person("zhou.min@test.cn", name: "周敏", roles: [.agent], department: UUID())
            }
        }
    }

    @Test func anUpdateAuditsItsChangesAndReplacesTheRoles() async throws {
        try await withFixture { f in
            let person = try await f.person("li.na@test.cn", name: "李娜", roles: [.sales])
            f.advance()
            let updated = try await update(
                f, person,
                PersonInput(email: person.email, name: "李娜", title: "大客户经理", roles: ["sales", "projectManager"]))
            #expect(updated.roles == [.sales, .projectManager])
            #expect(updated.version == 2)
            let audit = try #require(try await f.lastAudit(.userUpdated))
            #expect(audit.fields["title"]?.to == "大客户经理")
            #expect(audit.fields["roles"]?.from == "sales")
            #expect(audit.fields["roles"]?.to == "projectManager,sales")
            #expect(try await PeopleQueries.find(id: person.id, on: f.db)?.roles == [.sales, .projectManager])
        }
    }

    @Test func administrationIsNeverLeftWithoutAnActiveAdministrator() async throws {
        try await withFixture { f in
            let admin = f.admin
            let asSales = PersonInput(email: admin.email, name: admin.name, roles: ["sales"])
            await #expect(throws: DataError.conflict(reason: "cannotDemoteSelf")) {
                try await update(f, admin, asSales, by: admin)
            }
            await #expect(throws: DataError.conflict(reason: "cannotDeactivateSelf")) {
                try await setActive(f, admin, false, by: admin)
            }
            let colleague = try await f.person("it@test.cn", name: "信息部", roles: [.supervisor])
            await #expect(throws: DataError.conflict(reason: "lastAdmin")) {
                try await update(f, admin, asSales, by: colleague)
            }
            await #expect(throws: DataError.conflict(reason: "lastAdmin")) {
                try await setActive(f, admin, false, by: colleague)
            }
            // With a second administrator, either may step down.
            try await f.person("second.admin@test.cn", name: "第二管理员", roles: [.admin])
            #expect(try await update(f, admin, asSales, by: colleague).roles == [.sales])
        }
    }

    @Test func repeatedFailedSignInsLockTheAccountForLongerEachTimeAndASignInResetsThem() async throws {
        try await withFixture { f in
            let person = try await f.person("li.na@test.cn", name: "李娜", roles: [.sales])
            let (actor, now, id) = (
                AuditActor(userID: nil, label: person.email, address: "203.0.113.9"), f.now, person.id
            )
            var locks: [Date?] = []
            for _ in 1...SignInThrottle.threshold + 1 {
                locks.append(
                    try await f.write { tx in
                        try await PeopleCommands.recordFailedSignIn(id: id, by: actor, at: now, on: tx)
                    })
            }
            #expect(locks.dropLast(2).allSatisfy { $0 == nil })
            #expect(locks.suffix(2) == [now.addingTimeInterval(60), now.addingTimeInterval(120)])
            let locked = try #require(try await f.lastAudit(.accountLocked))
            #expect(locked.recordID == person.id.uuidString)
            #expect(locked.address == "203.0.113.9")
            #expect(try await f.lastAudit(.signInFailed)?.notes["failures"] == "6")

            try await f.write { tx in try await PeopleCommands.recordSignIn(id: id, by: actor, at: now, on: tx) }
            let after = try #require(try await PeopleQueries.find(id: id, on: f.db))
            #expect(after.lockedUntil == nil)
            #expect(after.lastSignInAt == now)
        }
    }

    @Test func preferencesChangeOnlyWhatIsGivenAndAnUnchangedOneWritesNothing() async throws {
        try await withFixture { f in
            let person = try await f.person("li.na@test.cn", name: "李娜", roles: [.sales])
            let (actor, now, id) = (f.actor(person), f.now, person.id)
            try await f.write { tx in
                try await PeopleCommands.setPreferences(id: id, locale: .en, timeZone: nil, by: actor, at: now, on: tx)
            }
            let changed = try #require(try await PeopleQueries.find(id: id, on: f.db))
            #expect(changed.locale == .en)
            #expect(changed.timeZone == person.timeZone)
            #expect(try await f.lastAudit(.preferencesChanged)?.fields.keys.sorted() == ["locale"])
            let entries = try await f.auditCount()
            try await f.write { tx in
                try await PeopleCommands.setPreferences(id: id, locale: .en, timeZone: nil, by: actor, at: now, on: tx)
            }
            #expect(try await f.auditCount() == entries)
        }
    }
}
