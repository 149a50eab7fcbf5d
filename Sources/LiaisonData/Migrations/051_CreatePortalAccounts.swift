import FluentKit
import FluentSQL
import SQLKit

/// Portal accounts: a user with the `customer` role tied to exactly one contact (`users.contact_id`, unique), what a
/// contact sees there (`contacts.portal_scope`: its own requests or its organisation's), and the single-use links
/// that invite a contact or sign one in (only their hashes). Contacts are only ever marked deleted, and deleting one
/// closes its account, so the reference has no delete rule: an account never silently becomes a staff member's.
struct CreatePortalAccounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .field("contact_id", .uuid, .references("contacts", "id")).update()
        try await database.schema("contacts")
            .field("portal_scope", .string, .required, .sql(.default("own"))).update()
        try await database.schema("portal_links")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("purpose", .string, .required)
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        let sql = database.sql
        try await sql.create(index: "users_contact").unique().on("users").column("contact_id").run()
        try await sql.create(index: "portal_links_user").on("portal_links").column("user_id").column("purpose").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("portal_links").delete()
        try await database.sql.drop(index: "users_contact").run()
        try await database.schema("users").deleteField("contact_id").update()
        try await database.schema("contacts").deleteField("portal_scope").update()
    }
}
