import FluentKit
import FluentSQL
import SQLKit

/// Meetings (`meetings`: kind, title, customer and project or neither, start and end, IANA zone, place, video link,
/// agenda, status, the invitation's sequence, minutes and whether the customer sees them, decisions, organiser;
/// soft-deleted), who is invited (`meeting_attendees`: a person or a contact, the answer, and the meeting's start,
/// so that a person's meetings are one index in order: `meeting_attendees_person (person_id, starts_at)`; the
/// organiser is always one of them) and the action items of its minutes (`meeting_action_items`: owner, due day,
/// the project task it became, when it was done).
struct CreateMeetings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("meetings")
            .id()
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("customer_id", .uuid, .references("customers", "id"))
            .field("project_id", .uuid, .references("projects", "id"))
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("time_zone", .string, .required)
            .field("place", .string)
            .field("video_link", .string)
            .field("agenda", .string)
            .field("status", .string, .required)
            .field("sequence", .int, .required)
            .field("minutes", .string)
            .field("minutes_shared", .bool, .required)
            .field("decisions", .string)
            .field("organiser_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("deleted_at", .datetime)
            .create()
        try await database.schema("meeting_attendees")
            .id()
            .field("meeting_id", .uuid, .required, .references("meetings", "id", onDelete: .cascade))
            .field("person_id", .uuid, .references("users", "id", onDelete: .cascade))
            .field("contact_id", .uuid, .references("contacts", "id", onDelete: .cascade))
            .field("response", .string)
            .field("starts_at", .datetime, .required)
            .create()
        try await database.schema("meeting_action_items")
            .id()
            .field("meeting_id", .uuid, .required, .references("meetings", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("title", .string, .required)
            .field("owner_id", .uuid, .required, .references("users", "id"))
            .field("due_on", .string, .required)
            .field("task_id", .uuid, .references("project_tasks", "id", onDelete: .setNull))
            .field("done_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "meeting_attendees_person").on("meeting_attendees").column("person_id")
            .column("starts_at").run()
        try await sql.create(index: "meeting_attendees_meeting").on("meeting_attendees").column("meeting_id").run()
        try await sql.create(index: "meetings_customer").on("meetings").column("customer_id").column("starts_at").run()
        try await sql.create(index: "meetings_project").on("meetings").column("project_id").column("starts_at").run()
        try await sql.create(index: "meetings_starts").on("meetings").column("starts_at").run()
        try await sql.create(index: "meeting_action_items_meeting").on("meeting_action_items").column("meeting_id")
            .column("position").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("meeting_action_items").delete()
        try await database.schema("meeting_attendees").delete()
        try await database.schema("meetings").delete()
    }
}
