import FluentKit
import Foundation
import LiaisonCore
import SQLKit
import Testing

@testable import LiaisonData

/// Work plans at the data level: dependencies checked against the project's other tasks in the write (circles
/// named and refused with nothing saved), milestones within the schedule, deleting a task releases its successors,
/// and a person's open tasks follow the customer's need-to-know.
@Suite struct TaskDataTests {
    private func project(_ f: DataFixture, _ customer: Customer, start: String? = nil, end: String? = nil)
        async throws -> Project
    {
        let valid = try ProjectInput(customerID: customer.id.uuidString, name: "ERP", startOn: start, endOn: end)
            .validated()
        let (actor, now, viewer) = (f.actor(f.admin), f.now, f.admin.viewer)
        return try await f.write { tx in
            try await ProjectCommands.create(valid, for: viewer, in: WriteContext(actor: actor, now: now), on: tx)
        }
    }

    private func task(
        _ f: DataFixture, _ project: Project, _ name: String, after: [ProjectTask] = [], start: String? = nil,
        due: String? = nil, owner: Person? = nil
    ) async throws -> ProjectTask {
        let valid = try TaskInput(
            name: name, ownerID: owner?.id.uuidString, startOn: start, dueOn: due,
            predecessors: after.map(\.id.uuidString)
        ).validated()
        let (actor, now, viewer) = (f.actor(f.admin), f.now, f.admin.viewer)
        return try await f.write { tx in
            try await TaskCommands.create(
                projectID: project.id, valid, for: viewer, in: WriteContext(actor: actor, now: now), on: tx)
        }
    }

    private func setPredecessors(_ f: DataFixture, _ task: ProjectTask, _ after: [ProjectTask]) async throws
        -> ProjectTask
    {
        var valid = try TaskInput(name: task.name, predecessors: after.map(\.id.uuidString)).validated()
        valid.startOn = task.startOn
        valid.dueOn = task.dueOn
        let (input, actor, now, viewer) = (valid, f.actor(f.admin), f.now, f.admin.viewer)
        return try await f.write { tx in
            try await TaskCommands.update(
                projectID: task.projectID, taskID: task.id, with: input, expectedVersion: nil, for: viewer,
                in: WriteContext(actor: actor, now: now), on: tx)
        }
    }

    private func count(_ f: DataFixture, _ table: String) async throws -> Int? {
        try await f.db.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self)
    }

    @Test func aCircleOfDependenciesIsRefusedNamedAndNothingIsSaved() async throws {
        try await withFixture { f in
            let customer = try await f.customer("苏州精密")
            let p = try await project(f, customer)
            let a = try await task(f, p, "设计")
            let b = try await task(f, p, "开发", after: [a])
            let c = try await task(f, p, "测试", after: [b])
            let audited = try await count(f, "audit_entries")
            do {
                _ = try await setPredecessors(f, a, [c])
                Issue.record("a circle was accepted")
            } catch let failure as ValidationFailure {
                #expect(failure.issues.count == 1)
                #expect(failure.issues.first?.field == "predecessors")
                #expect(failure.issues.first?.code == "taskDependencyCycle")
                #expect(failure.issues.first?.values == ["设计 → 开发 → 测试 → 设计"])
            }
            #expect(try await count(f, "audit_entries") == audited)
            let stored = try await TaskQueries.find(a.id, projectID: p.id, on: f.db)
            #expect(stored?.task.predecessors == [])
            #expect(stored?.task.version == 1)

            await #expect(throws: ValidationFailure.self) { _ = try await self.setPredecessors(f, b, [b]) }
            let other = try await project(f, customer)
            let foreign = try await task(f, other, "别的项目")
            do {
                _ = try await task(f, p, "部署", after: [foreign])
                Issue.record("a task of another project was accepted as a predecessor")
            } catch let failure as ValidationFailure {
                #expect(failure.issues.map(\.code) == ["unknownTask"])
            }
            #expect(try await TaskQueries.all(projectID: p.id, on: f.db).count == 3)
        }
    }

    @Test func datesAreCheckedAndStartingBeforeAPredecessorIsDueIsOnlyAWarning() async throws {
        try await withFixture { f in
            let p = try await project(f, try await f.customer("苏州精密"))
            #expect(throws: ValidationFailure.self) {
                _ = try TaskInput(name: "x", startOn: "2026-05-10", dueOn: "2026-05-01").validated()
            }
            let a = try await task(f, p, "设计", start: "2026-05-01", due: "2026-05-10")
            let b = try await task(f, p, "开发", after: [a], start: "2026-05-05", due: "2026-05-20")
            let all = try await TaskQueries.all(projectID: p.id, on: f.db)
            let warnings = TaskGraph(all.map(\.task.node)).warnings()
            #expect(warnings.map(\.task) == [b.id])
            #expect(warnings.first?.predecessor == a.id)
        }
    }

    @Test func milestonesStayWithinTheProjectsSchedule() async throws {
        try await withFixture { f in
            let p = try await project(f, try await f.customer("苏州精密"), start: "2026-05-01", end: "2026-08-31")
            let (actor, now, viewer) = (f.actor(f.admin), f.now, f.admin.viewer)
            func add(_ date: String) async throws -> ProjectMilestone {
                let valid = try MilestoneInput(name: "验收", date: date).validated()
                return try await f.write { tx in
                    try await MilestoneCommands.create(
                        projectID: p.id, valid, for: viewer, in: WriteContext(actor: actor, now: now), on: tx)
                }
            }
            do {
                _ = try await add("2026-09-01")
                Issue.record("a milestone after the project's end was accepted")
            } catch let failure as ValidationFailure {
                #expect(failure.issues.map(\.code) == ["milestoneAfterProjectEnd"])
            }
            await #expect(throws: ValidationFailure.self) { _ = try await add("2026-04-30") }
            #expect(try await count(f, "project_milestones") == 0)
            let made = try await add("2026-08-31")
            #expect(try await MilestoneQueries.all(projectID: p.id, on: f.db) == [made])
        }
    }

    @Test func deletingATaskReleasesTheTasksThatWaitedForIt() async throws {
        try await withFixture { f in
            let p = try await project(f, try await f.customer("苏州精密"))
            let a = try await task(f, p, "设计")
            let b = try await task(f, p, "开发", after: [a])
            let (actor, now, viewer) = (f.actor(f.admin), f.now, f.admin.viewer)
            try await f.write { tx in
                try await TaskCommands.delete(
                    projectID: p.id, taskID: a.id, expectedVersion: nil, for: viewer,
                    in: WriteContext(actor: actor, now: now), on: tx)
            }
            let left = try await TaskQueries.all(projectID: p.id, on: f.db)
            #expect(left.map(\.task.id) == [b.id])
            #expect(left.first?.task.predecessors == [])
        }
    }

    @Test func anOwnerMustKnowTheCustomerAndTheirOpenTasksFollowNeedToKnow() async throws {
        try await withFixture { f in
            let secret = try await f.customer("保密客户", classification: .confidential)
            let p = try await project(f, secret)
            let outsider = try await f.person("engineer@test.cn", name: "工程师", roles: [.engineer])
            do {
                _ = try await task(f, p, "调研", owner: outsider)
                Issue.record("an owner who may not know the customer was accepted")
            } catch let failure as ValidationFailure {
                #expect(failure.issues.map(\.code) == ["taskOwnerMayNotKnow"])
            }
            let (actor, now, viewer) = (f.actor(f.admin), f.now, f.admin.viewer)
            _ = try await f.write { tx in
                try await ProjectCommands.addMember(
                    projectID: p.id, userID: outsider.id, role: .member, for: viewer,
                    in: WriteContext(actor: actor, now: now), on: tx)
            }
            let made = try await task(f, p, "调研", due: "2026-05-01", owner: outsider)
            let mine = try await TaskQueries.openTasks(ownedBy: outsider.id, for: outsider.viewer, limit: 10, on: f.db)
            #expect(mine.map(\.task.id) == [made.id])
            let stranger = try await f.person("pm@test.cn", name: "外人", roles: [.projectManager])
            #expect(try await TaskQueries.openTasks(ownedBy: outsider.id, for: stranger.viewer, limit: 10, on: f.db).isEmpty)
        }
    }
}
