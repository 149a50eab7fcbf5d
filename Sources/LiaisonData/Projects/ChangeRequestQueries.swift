import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// Reads of a project's change requests, for a project the caller already found through `ProjectQueries.find`
/// (need-to-know), and what a customer's contact is shown of one. A project has tens of them: lists are read
/// whole, newest first, at most `limit`.
public enum ChangeRequestQueries {
    public static let limit = 500

    public static func list(projectID: UUID, status: ChangeRequestStatus? = nil, on db: any Database) async throws
        -> [ChangeRequest]
    {
        var query = ChangeRequestModel.query(on: db).filter(\.$projectID == projectID)
        if let status { query = query.filter(\.$status == status.rawValue) }
        return try await values(query.sort(\.$number, .descending).limit(limit).all(), on: db)
    }

    public static func one(_ id: UUID, projectID: UUID, on db: any Database) async throws -> ChangeRequest? {
        guard let model = try await ChangeRequestModel.query(on: db).filter(\.$id == id)
            .filter(\.$projectID == projectID).first()
        else { return nil }
        return try await values([model], on: db).first
    }

    /// How many of the project's change requests stand at each status; every status is counted, 0 included.
    public static func summary(projectId: UUID, on db: any Database) async throws -> ChangeRequestSummary {
        struct Row: Decodable {
            var status: String
            var count: Int
        }
        let rows = try await db.sql.raw(
            """
            SELECT status, COUNT(*) AS count FROM project_change_requests
            WHERE project_id = \(bind: projectId) GROUP BY status
            """
        ).all(decoding: Row.self)
        var counts = Dictionary(uniqueKeysWithValues: ChangeRequestStatus.allCases.map { ($0, 0) })
        for row in rows {
            if let status = ChangeRequestStatus(rawValue: row.status) { counts[status, default: 0] += row.count }
        }
        return ChangeRequestSummary(counts: counts)
    }

    static func values(_ models: [ChangeRequestModel], on db: any Database) async throws -> [ChangeRequest] {
        let ids = Set(models.compactMap(\.charterVersionID))
        var numbers: [UUID: Int] = [:]
        if !ids.isEmpty {
            for version in try await CharterVersionModel.query(on: db).filter(\.$id ~~ Array(ids)).all() {
                if let id = version.id { numbers[id] = version.number }
            }
        }
        return models.map { $0.value(charterNumber: $0.charterVersionID.flatMap { numbers[$0] }) }
    }

    /// The contacts asked to sign the charter's latest version that was sent: who decides its changes by default.
    static func charterSigners(of projectID: UUID, on db: any Database) async throws -> [UUID] {
        guard
            let version = try await CharterVersionModel.query(on: db).filter(\.$projectID == projectID)
                .filter(\.$sentAt != nil).sort(\.$number, .descending).first(),
            let versionID = version.id
        else { return [] }
        return try await CharterSignerModel.query(on: db).filter(\.$versionID == versionID).all().map(\.contactID)
    }

    /// What a contact deciding a change request is shown: the request, its project and customer, in the
    /// contact's language.
    public struct DecisionView: Sendable, Equatable {
        public var changeRequest: ChangeRequest
        public var projectNumber: String
        public var projectName: String
        public var customerName: String
        public var contactName: String
        public var locale: AppLocale
    }

    static func view(_ link: ChangeRequestLinkModel, on db: any Database) async throws -> DecisionView {
        guard let model = try await ChangeRequestModel.find(link.changeRequestID, on: db),
            let project = try await ProjectModel.find(model.projectID, on: db),
            let customer = try await CustomerModel.find(project.customerID, on: db)
        else { throw DataError.notFound }
        return DecisionView(
            changeRequest: try await values([model], on: db)[0], projectNumber: ProjectNumber.format(project.number),
            projectName: project.name, customerName: customer.name, contactName: link.name,
            locale: AppLocale(rawValue: link.locale) ?? .zhHans)
    }

    /// What a decision link is worth now, without deciding.
    public static func check(tokenHash: String, on db: any Database) async throws
        -> ChangeRequestCommands.LinkOutcome
    {
        guard let link = try await ChangeRequestLinkModel.query(on: db).filter(\.$tokenHash == tokenHash).first(),
            let model = try await ChangeRequestModel.find(link.changeRequestID, on: db),
            let project = try await ProjectModel.find(model.projectID, on: db),
            let customer = try await CustomerModel.find(project.customerID, on: db), customer.deletedAt == nil,
            let contact = try await ContactModel.find(link.contactID, on: db), contact.deletedAt == nil
        else { return .unknown }
        let view = try await view(link, on: db)
        guard model.statusValue == .sentToCustomer, project.status != ProjectStatus.closed.rawValue else {
            return .closed(view)
        }
        return .open(view)
    }

    /// What a decision mail needs, read when its job runs; nil when the request is no longer to be decided.
    public struct Delivery: Sendable, Equatable {
        public var email: String
        public var view: DecisionView
        public var mailed: Bool
    }

    public static func delivery(_ linkID: UUID, on db: any Database) async throws -> Delivery? {
        guard let link = try await ChangeRequestLinkModel.find(linkID, on: db), let email = link.email,
            case .open(let view) = try await check(tokenHash: link.tokenHash, on: db)
        else { return nil }
        return Delivery(email: email, view: view, mailed: link.mailedAt != nil)
    }

    /// The change requests sent to this customer (awaiting a decision or decided), for its portal; newest first.
    public static func forCustomer(_ customerID: UUID, changeID: UUID? = nil, on db: any Database) async throws
        -> [(projectNumber: String, projectName: String, changeRequest: ChangeRequest)]
    {
        let projects = try await ProjectModel.query(on: db).filter(\.$customerID == customerID).all()
        let byID = Dictionary(uniqueKeysWithValues: projects.compactMap { p in p.id.map { ($0, p) } })
        guard !byID.isEmpty else { return [] }
        let shown = [ChangeRequestStatus.sentToCustomer, .approved, .rejected].map(\.rawValue)
        var query = ChangeRequestModel.query(on: db).filter(\.$projectID ~~ Array(byID.keys))
            .filter(\.$status ~~ shown)
        if let changeID { query = query.filter(\.$id == changeID) }
        let models = try await query.sort(\.$createdAt, .descending).limit(limit).all()
        return try await values(models, on: db).compactMap { cr in
            byID[cr.projectID].map { (ProjectNumber.format($0.number), $0.name, cr) }
        }
    }
}
