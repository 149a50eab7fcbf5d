import FluentKit
import Foundation
import LiaisonCore

/// Reads of a project's risks and issues, for a project the caller already found through `ProjectQueries.find`
/// (need-to-know). A plan has tens of them, not thousands: lists are read whole, newest first, at most `limit`.
public enum RiskQueries {
    public static let limit = 500

    public static func risks(projectID: UUID, status: RiskStatus? = nil, on db: any Database) async throws -> [Risk] {
        var query = RiskModel.query(on: db).filter(\.$projectID == projectID)
        if let status { query = query.filter(\.$status == status.rawValue) }
        return try await query.sort(\.$id, .descending).limit(limit).all().map(\.value)
    }

    public static func risk(_ id: UUID, projectID: UUID, on db: any Database) async throws -> Risk? {
        try await RiskModel.query(on: db).filter(\.$id == id).filter(\.$projectID == projectID).first()?.value
    }

    public static func issues(projectID: UUID, status: ProjectIssueStatus? = nil, on db: any Database) async throws
        -> [ProjectIssue]
    {
        var query = ProjectIssueModel.query(on: db).filter(\.$projectID == projectID)
        if let status { query = query.filter(\.$status == status.rawValue) }
        return try await query.sort(\.$id, .descending).limit(limit).all().map(\.value)
    }

    public static func issue(_ id: UUID, projectID: UUID, on db: any Database) async throws -> ProjectIssue? {
        try await ProjectIssueModel.query(on: db).filter(\.$id == id).filter(\.$projectID == projectID).first()?.value
    }
}
