import FluentKit
import FluentSQL
import SQLKit

/// The requirements a project includes (`project_requirements`: who included each and when). A requirement may be in
/// several projects of its customer, once in each (the pair is unique, and its index serves a project's list); the
/// index by requirement serves a requirement's projects and the check, on removal, whether it is still in any.
///
/// Requirements join their customer's timeline from now on (entries of kind `requirement`, written when one is
/// captured); the requirements captured before get their entry here, at the time they were captured, with the
/// start of their description as it was typed.
struct CreateProjectRequirements: AsyncMigration {
    /// The timeline entry kind of a requirement, and how much of its description the entry keeps.
    static let kind = "requirement"
    static let excerptLength = 280
    /// A new random (version 4) id for each row, in the text form SQLite keeps ids in (upper case, with hyphens).
    static let sqliteNewID = """
        hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' \
        || substr('89AB', 1 + abs(random() % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))
        """

    func prepare(on database: any Database) async throws {
        try await database.schema("project_requirements")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("requirement_id", .uuid, .required, .references("requirements", "id", onDelete: .cascade))
            .field("added_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("added_at", .datetime, .required)
            .unique(on: "project_id", "requirement_id")
            .create()
        let sql = database.sql
        try await sql.create(index: "project_requirements_requirement").on("project_requirements")
            .column("requirement_id").run()

        let newID = sql.dialect.name == "postgresql" ? "gen_random_uuid()" : Self.sqliteNewID
        try await sql.raw(
            """
            INSERT INTO timeline_entries (id, customer_id, kind, ref_id, occurred_at, channel, direction, title,
                excerpt, actor_label)
            SELECT \(unsafeRaw: newID), r.customer_id, \(bind: Self.kind), r.id, r.created_at, NULL, NULL, r.title,
                substr(r.description, 1, \(literal: Self.excerptLength)), COALESCE(u.email, 'system')
            FROM requirements r LEFT JOIN users u ON u.id = r.created_by
            """
        ).run()
        try await sql.raw(
            """
            INSERT INTO timeline_contacts (contact_id, occurred_at, entry_id)
            SELECT r.contact_id, e.occurred_at, e.id
            FROM timeline_entries e JOIN requirements r ON r.id = e.ref_id
            WHERE e.kind = \(bind: Self.kind) AND r.contact_id IS NOT NULL
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DELETE FROM timeline_entries WHERE kind = \(bind: Self.kind)").run()
        try await database.schema("project_requirements").delete()
    }
}
