import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// A contact an NPS campaign would ask (or asked): who, at which customer, at which address, in which language.
public struct NPSRecipient: Sendable, Equatable {
    public var contactID: UUID
    public var contactName: String
    public var customerID: UUID
    public var customerName: String
    public var tier: CustomerTier
    public var email: String
    public var locale: AppLocale
}

public enum NPSSurveyQueries {
    /// Every campaign, newest first, with how many were invited and how many answered.
    public static func all(on db: any Database) async throws -> [NPSSurvey] {
        let models = try await NPSSurveyModel.query(on: db).sort(\.$createdAt, .descending).sort(\.$id).all()
        let counts = try await self.counts(on: db)
        return try models.map {
            let count = counts[$0.id!] ?? (0, 0)
            return try $0.value(invited: count.invited, answered: count.answered)
        }
    }

    public static func find(_ id: UUID, on db: any Database) async throws -> NPSSurvey? {
        guard let model = try await NPSSurveyModel.find(id, on: db) else { return nil }
        let count = try await counts(survey: id, on: db)[id] ?? (0, 0)
        return try model.value(invited: count.invited, answered: count.answered)
    }

    private struct CountRow: Decodable {
        @RowUUID var survey_id: UUID
        var invited: Int
        var answered: Int
    }

    private static func counts(survey: UUID? = nil, on db: any Database) async throws
        -> [UUID: (invited: Int, answered: Int)]
    {
        var only: SQLQueryString = ""
        if let survey { only = "WHERE survey_id = \(bind: survey)" }
        let rows = try await db.sql.raw(
            """
            SELECT survey_id, COUNT(*) AS invited, COUNT(answered_at) AS answered FROM nps_invitations \(only)
            GROUP BY survey_id
            """
        ).all(decoding: CountRow.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.survey_id, ($0.invited, $0.answered)) })
    }

    private struct RecipientRow: Decodable {
        @RowUUID var id: UUID
        var name: String
        @RowUUID var customer_id: UUID
        var emails: String
        var consent: String
        var preferred_language: String?
        var customer_name: String
        var tier: String
    }

    /// The contacts a campaign for these tiers and customers asks, of the customers `viewer` may see: contacts
    /// (not deleted) of customers (not deleted) with an email address whose consent to email is not refused.
    /// Each is asked at its first address, in its preferred language (Chinese when it has none). Ordered by
    /// customer and contact name.
    public static func audience(
        tiers: [CustomerTier], customerIDs: [UUID], for viewer: CustomerViewer, on db: any Database
    ) async throws -> [NPSRecipient] {
        var chosen: [SQLQueryString] = []
        if !tiers.isEmpty { chosen.append("k.tier IN (\(binds: tiers.map(\.rawValue)))") }
        if !customerIDs.isEmpty { chosen.append("k.id IN (\(binds: customerIDs))") }
        guard !chosen.isEmpty else { return [] }
        let either = chosen.joined(separator: " OR ")
        let visible = viewer.visibility(customerColumn: "k.id", classificationColumn: "k.classification")
        let rows = try await db.sql.raw(
            """
            SELECT c.id, c.name, c.customer_id, c.emails, c.consent, c.preferred_language, k.name AS customer_name,
                k.tier
            FROM contacts c JOIN customers k ON k.id = c.customer_id
            WHERE c.deleted_at IS NULL AND k.deleted_at IS NULL AND (\(either)) AND \(visible)
            ORDER BY k.sort_key, k.id, c.sort_key, c.id
            """
        ).all(decoding: RecipientRow.self)
        return rows.compactMap { row in
            // A damaged list (logged and counted) asks nobody rather than someone who refused.
            let emails = JSONColumn.decode(
                [String].self, row.emails, default: [], column: "contacts.emails", row: row.id)
            let consentMap = JSONColumn.decode(
                [String: Bool].self, row.consent, default: ["email": false], column: "contacts.consent", row: row.id)
            let consent = Dictionary(
                uniqueKeysWithValues: consentMap.compactMap { key, allowed in
                    Channel(rawValue: key).map { ($0, allowed) }
                })
            guard NPSAudience.mayBeAsked(emails: emails, consent: consent), let email = emails.first else { return nil }
            return NPSRecipient(
                contactID: row.id, contactName: row.name, customerID: row.customer_id, customerName: row.customer_name,
                tier: CustomerTier(rawValue: row.tier) ?? .standard, email: email,
                locale: row.preferred_language.flatMap(AppLocale.init(rawValue:)) ?? .zhHans)
        }
    }

    /// The customers of these ids that `viewer` may see, with their names, for showing a campaign's choice.
    public static func visibleCustomers(_ ids: [UUID], for viewer: CustomerViewer, on db: any Database) async throws
        -> [(id: UUID, name: String)]
    {
        guard !ids.isEmpty else { return [] }
        struct Row: Decodable {
            @RowUUID var id: UUID
            var name: String
        }
        let visible = viewer.visibility(customerColumn: "k.id", classificationColumn: "k.classification")
        let rows = try await db.sql.raw(
            """
            SELECT k.id, k.name FROM customers k
            WHERE k.id IN (\(binds: ids)) AND k.deleted_at IS NULL AND \(visible) ORDER BY k.sort_key, k.id
            """
        ).all(decoding: Row.self)
        return rows.map { ($0.id, $0.name) }
    }
}

/// What an invitation's mail needs, read when its job runs.
public struct NPSDelivery: Sendable, Equatable {
    public var email: String
    public var contactName: String
    public var locale: AppLocale
    public var surveyName: String
    public var intro: String?
    public var closesAt: Date?
    public var mailed: Bool
    public var answered: Bool

    public init(
        email: String, contactName: String, locale: AppLocale, surveyName: String, intro: String?, closesAt: Date?,
        mailed: Bool, answered: Bool
    ) {
        self.email = email
        self.contactName = contactName
        self.locale = locale
        self.surveyName = surveyName
        self.intro = intro
        self.closesAt = closesAt
        self.mailed = mailed
        self.answered = answered
    }
}

extension NPSSurveyQueries {
    /// Nil when the invitation, its campaign or its contact is gone.
    public static func delivery(_ invitationID: UUID, on db: any Database) async throws -> NPSDelivery? {
        guard let invitation = try await NPSInvitationModel.find(invitationID, on: db),
            let survey = try await NPSSurveyModel.find(invitation.surveyID, on: db),
            let contact = try await ContactModel.find(invitation.contactID, on: db), contact.deletedAt == nil
        else { return nil }
        return NPSDelivery(
            email: invitation.email, contactName: contact.name,
            locale: AppLocale(rawValue: invitation.locale) ?? .zhHans, surveyName: survey.name, intro: survey.intro,
            closesAt: survey.closesAt, mailed: invitation.mailedAt != nil, answered: invitation.answeredAt != nil)
    }

    /// The contacts a sent campaign asked that `viewer` may see, with whether each answered.
    public static func invited(_ surveyID: UUID, for viewer: CustomerViewer, on db: any Database) async throws
        -> [(recipient: NPSRecipient, mailed: Bool, answered: Bool)]
    {
        struct Row: Decodable {
            @RowUUID var contact_id: UUID
            var contact_name: String
            @RowUUID var customer_id: UUID
            var customer_name: String
            var tier: String
            var email: String
            var locale: String
            var mailed_at: Date?
            var answered_at: Date?
        }
        let visible = viewer.visibility(customerColumn: "k.id", classificationColumn: "k.classification")
        let rows = try await db.sql.raw(
            """
            SELECT i.contact_id, c.name AS contact_name, i.customer_id, k.name AS customer_name, k.tier, i.email,
                i.locale, i.mailed_at, i.answered_at
            FROM nps_invitations i JOIN customers k ON k.id = i.customer_id JOIN contacts c ON c.id = i.contact_id
            WHERE i.survey_id = \(bind: surveyID) AND k.deleted_at IS NULL AND \(visible)
            ORDER BY k.sort_key, k.id, c.sort_key, c.id
            """
        ).all(decoding: Row.self)
        return rows.map {
            (
                NPSRecipient(
                    contactID: $0.contact_id, contactName: $0.contact_name, customerID: $0.customer_id,
                    customerName: $0.customer_name, tier: CustomerTier(rawValue: $0.tier) ?? .standard, email: $0.email,
                    locale: AppLocale(rawValue: $0.locale) ?? .zhHans),
                $0.mailed_at != nil, $0.answered_at != nil
            )
        }
    }
}

extension NPSSurveyQueries {
    /// The customers a form offers besides those chosen: the most recently active that `viewer` may see.
    public static func recentCustomers(for viewer: CustomerViewer, limit: Int, on db: any Database) async throws
        -> [(id: UUID, name: String)]
    {
        struct Row: Decodable {
            @RowUUID var id: UUID
            var name: String
        }
        let visible = viewer.visibility(customerColumn: "k.id", classificationColumn: "k.classification")
        let rows = try await db.sql.raw(
            """
            SELECT k.id, k.name FROM customers k WHERE k.deleted_at IS NULL AND \(visible)
            ORDER BY k.last_activity_at DESC, k.id LIMIT \(bind: limit)
            """
        ).all(decoding: Row.self)
        return rows.map { ($0.id, $0.name) }
    }
}
