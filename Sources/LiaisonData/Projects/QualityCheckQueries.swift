import FluentKit
import Foundation
import LiaisonCore

/// Reads of a project's quality checks and deliverables, for a project the caller already found through
/// `ProjectQueries.find` (need-to-know). Lists are read whole, newest first, at most `limit`.
public enum QualityCheckQueries {
    public static let limit = 500

    public static func checks(
        projectID: UUID, taskID: UUID? = nil, result: QualityCheckResult? = nil, on db: any Database
    ) async throws -> [QualityCheck] {
        var query = QualityCheckModel.query(on: db).filter(\.$projectID == projectID)
        if let taskID { query = query.filter(\.$taskID == taskID) }
        if let result { query = query.filter(\.$result == result.rawValue) }
        return try await query.sort(\.$checkedAt, .descending).sort(\.$id, .descending).limit(limit).all()
            .map(\.value)
    }

    /// A deliverable: the task that names it, its latest check, whether it is ready for the customer, and the
    /// customer's latest answer.
    public struct Deliverable: Sendable, Equatable {
        public var task: ProjectTask
        public var latestCheck: QualityCheck?
        public var checkCount: Int
        public var acceptance: DeliverableAcceptance?

        public var readiness: DeliverableReadiness { DeliverableReadiness(latest: latestCheck?.result) }
    }

    /// The deliverables of every project of this customer, for its portal: project number and name beside each.
    public static func forCustomer(_ customerID: UUID, on db: any Database) async throws
        -> [(projectNumber: String, projectName: String, deliverable: Deliverable)]
    {
        var result: [(projectNumber: String, projectName: String, deliverable: Deliverable)] = []
        for project in try await ProjectModel.query(on: db).filter(\.$customerID == customerID).sort(\.$number).all() {
            guard let id = project.id else { continue }
            for item in try await deliverables(projectID: id, on: db) {
                result.append((ProjectNumber.format(project.number), project.name, item))
            }
        }
        return result
    }

    /// Whether the task is of a project of this customer (a portal contact's reach).
    public static func isOfCustomer(task taskID: UUID, customerID: UUID, on db: any Database) async throws -> Bool {
        guard let task = try await ProjectTaskModel.find(taskID, on: db) else { return false }
        return try await ProjectModel.find(task.projectID, on: db)?.customerID == customerID
    }

    /// Every task of the project that names a deliverable, in the plan's order.
    public static func deliverables(projectID: UUID, on db: any Database) async throws -> [Deliverable] {
        let tasks = try await TaskQueries.all(projectID: projectID, on: db).map(\.task)
            .filter { !($0.deliverable ?? "").isEmpty }
        guard !tasks.isEmpty else { return [] }
        let checks = try await QualityCheckModel.query(on: db).filter(\.$projectID == projectID)
            .sort(\.$checkedAt, .descending).sort(\.$id, .descending).all().map(\.value)
        let answers = try await DeliverableAcceptanceModel.query(on: db).filter(\.$projectID == projectID)
            .sort(\.$decidedAt, .descending).sort(\.$id, .descending).all().map(\.value)
        return tasks.map { task in
            let own = checks.filter { $0.taskID == task.id }
            return Deliverable(
                task: task, latestCheck: own.first, checkCount: own.count,
                acceptance: answers.first { $0.taskID == task.id })
        }
    }
}
