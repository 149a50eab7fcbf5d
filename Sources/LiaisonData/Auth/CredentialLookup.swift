import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// Who a token or session belongs to, read with plain SQL: this runs before every request, where model reflection
/// would cost more than the two indexed reads it takes.
enum CredentialLookup {
    /// The person's columns, prefixed `u_`, next to whatever the credential query selects; the roles come along
    /// as one comma-separated column, so a request is identified with a single statement.
    static func personColumns(_ engine: Engine) -> SQLQueryString {
        let aggregate = engine == .postgres ? "string_agg(r.role, ',')" : "group_concat(r.role, ',')"
        return "\(unsafeRaw: personColumnList), (SELECT \(unsafeRaw: aggregate) FROM user_roles r WHERE r.user_id = u.id) AS u_roles"
    }

    private static let personColumnList = """
        u.id AS u_id, u.email AS u_email, u.name AS u_name, u.title AS u_title, u.phone AS u_phone, \
        u.department_id AS u_department_id, u.locale AS u_locale, u.time_zone AS u_time_zone, u.active AS u_active, \
        u.must_change_password AS u_must_change_password, u.locked_until AS u_locked_until, \
        u.absent_until AS u_absent_until, u.last_sign_in_at AS u_last_sign_in_at, u.contact_id AS u_contact_id, u.version AS u_version, \
        u.created_at AS u_created_at, u.updated_at AS u_updated_at
        """

    struct PersonRow {
        var u_id: UUID
        var u_email: String
        var u_name: String
        var u_title: String?
        var u_phone: String?
        var u_department_id: UUID?
        var u_locale: String?
        var u_time_zone: String
        var u_active: Bool
        var u_must_change_password: Bool
        var u_locked_until: Date?
        var u_absent_until: Date?
        var u_last_sign_in_at: Date?
        var u_contact_id: UUID?
        var u_version: Int
        var u_created_at: Date
        var u_updated_at: Date
        var u_roles: String?

        /// Read column by column: this runs for every API call not answered from the token memo.
        init(row: any SQLRow) throws {
            u_id = try row.uuid("u_id")
            u_email = try row.decode(column: "u_email", as: String.self)
            u_name = try row.decode(column: "u_name", as: String.self)
            u_title = try row.optional("u_title", String.self)
            u_phone = try row.optional("u_phone", String.self)
            u_department_id = try row.optionalUUID("u_department_id")
            u_locale = try row.optional("u_locale", String.self)
            u_time_zone = try row.decode(column: "u_time_zone", as: String.self)
            u_active = try row.decode(column: "u_active", as: Bool.self)
            u_must_change_password = try row.decode(column: "u_must_change_password", as: Bool.self)
            u_locked_until = try row.optional("u_locked_until", Date.self)
            u_absent_until = try row.optional("u_absent_until", Date.self)
            u_last_sign_in_at = try row.optional("u_last_sign_in_at", Date.self)
            u_contact_id = try row.optionalUUID("u_contact_id")
            u_version = try row.decode(column: "u_version", as: Int.self)
            u_created_at = try row.decode(column: "u_created_at", as: Date.self)
            u_updated_at = try row.decode(column: "u_updated_at", as: Date.self)
            u_roles = try row.optional("u_roles", String.self)
        }

        var value: Person {
            Person(
                id: u_id, email: u_email, name: u_name, title: u_title, phone: u_phone, departmentID: u_department_id,
                roles: Set((u_roles ?? "").split(separator: ",").compactMap { Role(rawValue: String($0)) }), locale: u_locale.flatMap(AppLocale.init(rawValue:)),
                timeZone: u_time_zone, active: u_active, mustChangePassword: u_must_change_password,
                lockedUntil: u_locked_until, absentUntil: u_absent_until, lastSignInAt: u_last_sign_in_at,
                contactID: u_contact_id, version: u_version, createdAt: u_created_at, updatedAt: u_updated_at)
        }
    }

    struct TokenRow {
        var t_id: UUID
        var t_user_id: UUID
        var t_name: String
        var t_prefix: String
        var t_created_at: Date
        var t_last_used_at: Date?
        var t_expires_at: Date?
        var t_revoked_at: Date?
        var person: PersonRow

        init(row: any SQLRow) throws {
            t_id = try row.uuid("t_id")
            t_user_id = try row.uuid("t_user_id")
            t_name = try row.decode(column: "t_name", as: String.self)
            t_prefix = try row.decode(column: "t_prefix", as: String.self)
            t_created_at = try row.decode(column: "t_created_at", as: Date.self)
            t_last_used_at = try row.optional("t_last_used_at", Date.self)
            t_expires_at = try row.optional("t_expires_at", Date.self)
            t_revoked_at = try row.optional("t_revoked_at", Date.self)
            person = try PersonRow(row: row)
        }

        var info: APITokenInfo {
            APITokenInfo(
                id: t_id, userID: t_user_id, name: t_name, prefix: t_prefix, createdAt: t_created_at, lastUsedAt: t_last_used_at,
                expiresAt: t_expires_at, revokedAt: t_revoked_at)
        }
    }

    static func token(hash: String, on db: any Database) async throws -> TokenRow? {
        try await db.sql.raw(
            """
            SELECT t.id AS t_id, t.user_id AS t_user_id, t.name AS t_name, t.prefix AS t_prefix, t.created_at AS t_created_at,
            t.last_used_at AS t_last_used_at, t.expires_at AS t_expires_at, t.revoked_at AS t_revoked_at, \(personColumns(Engine(db)))
            FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = \(bind: hash)
            """
        ).first().map(TokenRow.init(row:))
    }

    struct SessionRow {
        var s_id: UUID
        var s_last_seen_at: Date
        var s_expires_at: Date
        var person: PersonRow

        init(row: any SQLRow) throws {
            s_id = try row.uuid("s_id")
            s_last_seen_at = try row.decode(column: "s_last_seen_at", as: Date.self)
            s_expires_at = try row.decode(column: "s_expires_at", as: Date.self)
            person = try PersonRow(row: row)
        }
    }

    static func session(hash: String, on db: any Database) async throws -> SessionRow? {
        try await db.sql.raw(
            """
            SELECT s.id AS s_id, s.last_seen_at AS s_last_seen_at, s.expires_at AS s_expires_at, \(personColumns(Engine(db)))
            FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = \(bind: hash)
            """
        ).first().map(SessionRow.init(row:))
    }
}
