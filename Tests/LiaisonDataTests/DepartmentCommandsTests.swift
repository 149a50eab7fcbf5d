import FluentKit
import Foundation
import LiaisonCore
import Testing

@testable import LiaisonData

/// Departments at the data level: codes, the parent tree, what keeps one from being deleted, how a queue assigns.
@Suite struct DepartmentCommandsTests {
    @discardableResult
    private func update(
        _ f: DataFixture, _ department: Department, _ input: DepartmentInput, expectedVersion: Int? = nil
    ) async throws -> Department {
        let valid = try input.validated()
        let (actor, now, id) = (f.actor(f.admin), f.now, department.id)
        return try await f.write { tx in
            try await DepartmentCommands.update(
                id: id, with: valid, expectedVersion: expectedVersion, by: actor, at: now, on: tx)
        }
    }

    private func delete(_ f: DataFixture, _ department: Department, expectedVersion: Int? = nil) async throws {
        let (actor, now, id) = (f.actor(f.admin), f.now, department.id)
        try await f.write { tx in
            try await DepartmentCommands.delete(id: id, expectedVersion: expectedVersion, by: actor, at: now, on: tx)
        }
    }

    @Test func aCodeIsTakenOnceAndChangesAreAuditedFieldByField() async throws {
        try await withFixture { f in
            let support = try await f.department("客户服务部", code: "SUP")
            #expect(try await f.lastAudit(.departmentCreated)?.fields["code"]?.to == "SUP")
            await #expect(throws: ValidationFailure([ValidationIssue("code", "codeTaken")])) {
                try await f.department("售后服务部", code: "SUP")
            }
            f.advance()
            let renamed = try await update(
                f, support, DepartmentInput(name: "客户成功部", nameEn: "Customer Success", code: "SUP"))
            #expect(renamed.version == 2)
            let audit = try #require(try await f.lastAudit(.departmentUpdated))
            #expect(Set(audit.fields.keys) == ["name", "nameEn"])
            #expect(audit.fields["name"]?.from == "客户服务部")
            // Keeping its own code is not a clash; an unchanged department writes nothing.
            let entries = try await f.auditCount()
            #expect(
                try await update(
                    f, renamed, DepartmentInput(name: "客户成功部", nameEn: "Customer Success", code: "SUP")
                ).version == 2)
            #expect(try await f.auditCount() == entries)
            await #expect(throws: DataError.staleVersion(current: 2)) {
                try await update(f, renamed, DepartmentInput(name: "客户部"), expectedVersion: 1)
            }
        }
    }

    @Test func aDepartmentCannotSitUnderItselfOrUnderADepartmentThatDoesNotExist() async throws {
        try await withFixture { f in
            let top = try await f.department("总部")
            let middle = try await f.department("销售中心", parent: top.id)
            let bottom = try await f.department("华东销售部", parent: middle.id)
            let cycle = ValidationFailure([ValidationIssue("parentId", "parentCycle")])
            await #expect(throws: cycle) {
                try await update(f, top, DepartmentInput(name: "总部", parentID: bottom.id.uuidString))
            }
            await #expect(throws: cycle) {
                try await update(f, middle, DepartmentInput(name: "销售中心", parentID: middle.id.uuidString))
            }
            await #expect(throws: ValidationFailure([ValidationIssue("parentId", "invalidReference")])) {
                try await f.department("海外销售部", parent: UUID())
            }
        }
    }

    @Test func aDepartmentWithPeopleSubDepartmentsOrCannedResponsesIsNotDeleted() async throws {
        try await withFixture { f in
            let parent = try await f.department("销售中心")
            let child = try await f.department("华东销售部", parent: parent.id)
            await #expect(throws: DataError.conflict(reason: "departmentHasChildren")) { try await delete(f, parent) }

            let member = try await f.person("li.na@test.cn", name: "李娜", roles: [.sales], department: child.id)
            await #expect(throws: DataError.conflict(reason: "departmentHasMembers")) { try await delete(f, child) }
            let (actor, now) = (f.actor(f.admin), f.now)
            let moved = try PersonInput(email: member.email, name: member.name, roles: ["sales"]).validated()
            _ = try await f.write { tx in
                try await PeopleCommands.update(
                    id: member.id, with: moved, expectedVersion: nil, by: actor, at: now, on: tx)
            }

            let draft = CannedResponseDraft(departmentID: child.id, title: "已收到", bodyZh: "已收到。", bodyEn: "Received.")
            let canned = try await f.write { tx in
                try await CannedResponseStore.save(nil, draft, expectedVersion: nil, by: actor, at: now, on: tx)
            }
            await #expect(throws: DataError.conflict(reason: "departmentHasCannedResponses")) {
                try await delete(f, child)
            }
            try await f.write { tx in try await CannedResponseStore.delete(canned.id, by: actor, at: now, on: tx) }

            try await delete(f, child, expectedVersion: 1)
            #expect(try await f.lastAudit(.departmentDeleted)?.fields["name"]?.from == "华东销售部")
            #expect(try await DepartmentQueries.find(id: child.id, on: f.db) == nil)
            await #expect(throws: DataError.notFound) { try await delete(f, child) }
        }
    }

    @Test func settingHowAQueueAssignsIsAuditedAsADepartmentChange() async throws {
        try await withFixture { f in
            let queue = try await f.department("客户服务部")
            let (actor, now) = (f.actor(f.admin), f.now)
            try await f.write { tx in
                try await Assignment.setMode(.fewestOpen, for: queue.id, by: actor, at: now, on: tx)
            }
            let changed = try #require(try await DepartmentQueries.find(id: queue.id, on: f.db))
            #expect(changed.assignment == .fewestOpen)
            #expect(changed.version == 2)
            let audit = try #require(try await f.lastAudit(.departmentUpdated))
            #expect(audit.fields["assignment"]?.from == "manual")
            #expect(audit.fields["assignment"]?.to == "fewestOpen")
            let entries = try await f.auditCount()
            try await f.write { tx in
                try await Assignment.setMode(.fewestOpen, for: queue.id, by: actor, at: now, on: tx)
            }
            #expect(try await f.auditCount() == entries)
        }
    }
}
