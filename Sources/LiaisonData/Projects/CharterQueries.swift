import FluentKit
import Foundation
import LiaisonCore
import SQLKit

public enum CharterQueries {
    static func latestModel(of projectID: UUID, on db: any Database) async throws -> CharterVersionModel? {
        try await CharterVersionModel.query(on: db).filter(\.$projectID == projectID).sort(\.$number, .descending)
            .first()
    }

    static func value(_ model: CharterVersionModel, on db: any Database) async throws -> CharterVersion {
        guard let id = model.id else { throw DataError.notFound }
        let signers = try await CharterSignerModel.query(on: db).filter(\.$versionID == id).sort(\.$name)
            .sort(\.$id).all()
        return CharterVersion(
            id: id, projectID: model.projectID, number: model.number, status: model.statusValue,
            content: try model.contentValue(), createdBy: model.createdBy, createdAt: model.createdAt,
            updatedAt: model.updatedAt, sentAt: model.sentAt, signedAt: model.signedAt, version: model.version,
            signers: signers.map {
                CharterSigner(
                    contactID: $0.contactID, name: $0.name, email: $0.email, signedAt: $0.signedAt,
                    signedAddress: $0.signedAddress, signedUserID: $0.signedUserID)
            })
    }

    /// The latest version of a project's charter, or nil when none was written yet. The caller has checked that
    /// the viewer may know the project.
    public static func latest(of projectID: UUID, on db: any Database) async throws -> CharterVersion? {
        guard let model = try await latestModel(of: projectID, on: db) else { return nil }
        return try await value(model, on: db)
    }

    /// Every version, newest first.
    public static func versions(of projectID: UUID, on db: any Database) async throws -> [CharterVersion] {
        var result: [CharterVersion] = []
        for model in try await CharterVersionModel.query(on: db).filter(\.$projectID == projectID)
            .sort(\.$number, .descending).all()
        {
            result.append(try await value(model, on: db))
        }
        return result
    }

    public static func version(_ number: Int, of projectID: UUID, on db: any Database) async throws
        -> CharterVersion?
    {
        guard
            let model = try await CharterVersionModel.query(on: db).filter(\.$projectID == projectID)
                .filter(\.$number == number).first()
        else { return nil }
        return try await value(model, on: db)
    }

    /// What a signer is shown: the version to sign, its project and customer, in the signer's language.
    public struct SigningView: Sendable, Equatable {
        public var versionID: UUID
        public var projectNumber: String
        public var projectName: String
        public var customerName: String
        public var versionNumber: Int
        public var content: CharterContent
        public var contactName: String
        public var locale: AppLocale
        public var sentAt: Date?
    }

    static func check(_ signer: CharterSignerModel, on db: any Database) async throws
        -> CharterCommands.SignOutcome
    {
        let locale = AppLocale(rawValue: signer.locale) ?? .zhHans
        guard let version = try await CharterVersionModel.find(signer.versionID, on: db),
            let project = try await ProjectModel.find(version.projectID, on: db),
            let customer = try await CustomerModel.find(project.customerID, on: db), customer.deletedAt == nil,
            let contact = try await ContactModel.find(signer.contactID, on: db), contact.deletedAt == nil
        else { return .unknown }
        if signer.signedAt != nil { return .used(locale) }
        guard version.statusValue == .sent, project.status != ProjectStatus.closed.rawValue else {
            return .superseded(locale)
        }
        return .open(
            SigningView(
                versionID: signer.versionID, projectNumber: ProjectNumber.format(project.number),
                projectName: project.name, customerName: customer.name, versionNumber: version.number,
                content: try version.contentValue(), contactName: contact.name, locale: locale, sentAt: version.sentAt))
    }

    /// What a sign-off link is worth now.
    public static func check(tokenHash: String, on db: any Database) async throws -> CharterCommands.SignOutcome {
        guard let signer = try await CharterSignerModel.query(on: db).filter(\.$tokenHash == tokenHash).first()
        else { return .unknown }
        return try await check(signer, on: db)
    }

    static func portalSigner(versionID: UUID, contactID: UUID, customerID: UUID, on db: any Database) async throws
        -> CharterSignerModel?
    {
        guard
            let signer = try await CharterSignerModel.query(on: db).filter(\.$versionID == versionID)
                .filter(\.$contactID == contactID).first(),
            let version = try await CharterVersionModel.find(versionID, on: db),
            let project = try await ProjectModel.find(version.projectID, on: db), project.customerID == customerID
        else { return nil }
        return signer
    }

    /// A version as a portal contact sees it: only one they were asked to sign, of their own customer.
    public static func forPortal(versionID: UUID, contactID: UUID, customerID: UUID, on db: any Database)
        async throws -> (outcome: CharterCommands.SignOutcome, signedAt: Date?)
    {
        guard
            let signer = try await portalSigner(
                versionID: versionID, contactID: contactID, customerID: customerID, on: db)
        else { return (.unknown, nil) }
        return (try await check(signer, on: db), signer.signedAt)
    }

    /// A version a portal contact was asked to sign.
    public struct PortalItem: Sendable, Equatable {
        public var versionID: UUID
        public var projectNumber: String
        public var projectName: String
        public var versionNumber: Int
        public var status: CharterVersionStatus
        public var sentAt: Date?
        public var signedAt: Date?
    }

    /// The versions a contact of this customer was asked to sign, newest first (awaiting ones and signed ones).
    public static func forContact(_ contactID: UUID, customerID: UUID, on db: any Database) async throws
        -> [PortalItem]
    {
        let rows = try await db.sql.raw(
            """
            SELECT v.id, p.number AS project_number, p.name, v.number, v.status, v.sent_at, s.signed_at
            FROM charter_signers s JOIN charter_versions v ON v.id = s.charter_version_id
            JOIN projects p ON p.id = v.project_id
            WHERE s.contact_id = \(bind: contactID) AND p.customer_id = \(bind: customerID)
                AND v.status IN (\(bind: CharterVersionStatus.sent.rawValue), \(bind: CharterVersionStatus.signed.rawValue))
            ORDER BY v.sent_at DESC, v.id LIMIT 200
            """
        ).all()
        return try rows.map { row in
            PortalItem(
                versionID: try row.uuid("id"),
                projectNumber: ProjectNumber.format(try row.decode(column: "project_number", as: Int.self)),
                projectName: try row.decode(column: "name", as: String.self),
                versionNumber: try row.decode(column: "number", as: Int.self),
                status: CharterVersionStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .sent,
                sentAt: try row.optional("sent_at", Date.self), signedAt: try row.optional("signed_at", Date.self))
        }
    }

    /// What a sign-off mail needs, read when its job runs; nil when the signer is gone.
    public struct Delivery: Sendable, Equatable {
        public var email: String
        public var view: SigningView
        public var mailed: Bool
    }

    public static func delivery(_ signerID: UUID, on db: any Database) async throws -> Delivery? {
        guard let signer = try await CharterSignerModel.find(signerID, on: db), let email = signer.email,
            case .open(let view) = try await check(signer, on: db)
        else { return nil }
        return Delivery(email: email, view: view, mailed: signer.mailedAt != nil)
    }
}

extension CharterQueries {
    /// A version's content, for a portal contact already found to be one of its signers.
    public static func portalContent(versionID: UUID, on db: any Database) async throws -> CharterContent? {
        try await CharterVersionModel.find(versionID, on: db)?.contentValue()
    }
}
