import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// Automatic assignment per queue: round-robin or fewest open requests, among the queue's active members who are
/// not away.
public enum Assignment {
    /// The next assignee from a queue that assigns automatically, among its active, present people who may know
    /// the customer (a confidential customer's request skips people outside its account team).
    static func pick(queue: UUID, customerID: UUID?, at now: Date, on tx: any Database) async throws -> UUID? {
        guard let department = try await DepartmentModel.find(queue, on: tx),
            let mode = AssignmentMode(rawValue: department.assignment), mode != .manual
        else { return nil }
        let members = try await UserModel.query(on: tx).filter(\.$department.$id == queue).filter(\.$active == true)
            .all().filter { ($0.absentUntil ?? .distantPast) <= now }
        var people = try await PeopleQueries.withRoles(members, on: tx).filter {
            !$0.roles.isDisjoint(with: [.agent, .sales, .engineer, .projectManager, .departmentLead])
        }
        // A request without a customer (mail from an unknown sender) is its queue's to see: any member may take it.
        if let customerID, (try await CustomerRow.classification(of: customerID, on: tx) ?? .secret).isRestricted {
            var cleared: [Person] = []
            for person in people {
                if try await CustomerQueries.mayKnow(customerID, person: person.id, on: tx) { cleared.append(person) }
            }
            people = cleared
        }
        var open: [UUID: Int] = [:]
        if mode == .fewestOpen, !people.isEmpty {
            struct Row: Decodable { var assignee_id: UUID; var n: Int }
            let rows = try await tx.sql.raw(
                """
                SELECT assignee_id, COUNT(*) AS n FROM requests
                WHERE assignee_id IN (\(binds: people.map(\.id))) AND status IN ('new', 'open', 'waitingOnCustomer')
                GROUP BY assignee_id
                """
            ).all(decoding: Row.self)
            for row in rows { open[row.assignee_id] = row.n }
        }
        let candidates = people.map {
            AssignmentRule.Candidate(id: $0.id, sortKey: SortKey.make($0.name), openRequests: open[$0.id] ?? 0)
        }
        guard let chosen = AssignmentRule.pick(mode, candidates: candidates, after: department.assignmentCursor) else {
            return nil
        }
        department.assignmentCursor = chosen
        try await department.update(on: tx)
        return chosen
    }

    /// Sets how a queue assigns; audited as a department change.
    public static func setMode(
        _ mode: AssignmentMode, for queue: UUID, by actor: AuditActor, at now: Date, on tx: any Database
    ) async throws {
        guard let department = try await DepartmentModel.find(queue, on: tx) else { throw DataError.notFound }
        guard department.assignment != mode.rawValue else { return }
        var changes = AuditChanges()
        changes.field("assignment", from: department.assignment, to: mode.rawValue)
        department.assignment = mode.rawValue
        department.version += 1
        department.updatedAt = now
        try await department.update(on: tx)
        try await AuditLog.append(
            .departmentUpdated, recordType: .department, recordID: queue.idText, changes: changes, by: actor,
            at: now, on: tx)
    }

    /// Marks a person away until a moment (nil: back now); automatic assignment skips them meanwhile.
    public static func setAbsence(
        of userID: UUID, until: Date?, by actor: AuditActor, at now: Date, on tx: any Database
    ) async throws {
        guard let user = try await UserModel.find(userID, on: tx) else { throw DataError.notFound }
        var changes = AuditChanges()
        changes.field(
            "absentUntil", from: user.absentUntil.map { AuditContent.millis($0).description },
            to: until.map { AuditContent.millis($0).description })
        user.absentUntil = until
        try await user.update(on: tx)
        try await AuditLog.append(
            .userUpdated, recordType: .user, recordID: userID.idText, changes: changes, by: actor, at: now, on: tx)
    }
}
