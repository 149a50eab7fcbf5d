import FluentKit
import FluentSQL
import SQLKit

/// NPS campaigns (`nps_surveys`: who is asked, as tiers and customer ids in JSON, closing time, draft or sent) and
/// their invitations (`nps_invitations`: one per contact asked, the hash of its single-use link, when it was mailed,
/// and the answer — score, comment, time — and the follow-up request a detractor's answer opened).
struct CreateNPSSurveys: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("nps_surveys")
            .id()
            .field("name", .string, .required)
            .field("intro", .string)
            .field("tiers", .string, .required)
            .field("customer_ids", .string, .required)
            .field("closes_at", .datetime)
            .field("status", .string, .required)
            .field("sent_at", .datetime)
            .field("sent_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("nps_invitations")
            .id()
            .field("survey_id", .uuid, .required, .references("nps_surveys", "id", onDelete: .cascade))
            .field("contact_id", .uuid, .required, .references("contacts", "id", onDelete: .cascade))
            .field("customer_id", .uuid, .required, .references("customers", "id", onDelete: .cascade))
            .field("email", .string, .required)
            .field("locale", .string, .required)
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("mailed_at", .datetime)
            .field("answered_at", .datetime)
            .field("score", .int)
            .field("comment", .string)
            .field("follow_up_request_id", .uuid)
            .unique(on: "token_hash")
            .unique(on: "survey_id", "contact_id")
            .create()
        let sql = database.sql
        try await sql.create(index: "nps_surveys_created").on("nps_surveys").column("created_at").run()
        try await sql.create(index: "nps_invitations_customer").on("nps_invitations").column("customer_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("nps_invitations").delete()
        try await database.schema("nps_surveys").delete()
    }
}
