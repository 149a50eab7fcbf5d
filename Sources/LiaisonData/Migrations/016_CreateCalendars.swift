import FluentKit
import SQLKit

struct CreateCalendars: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("calendars")
            .id()
            .field("name", .string, .required)
            .field("time_zone", .string, .required)
            .field("week", .string, .required)
            .field("makeup_blocks", .string, .required)
            .field("preset", .string)
            .field("is_default", .bool, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        // Holidays (kind "holiday") and make-up workdays (kind "workday"), one row per date.
        try await database.schema("calendar_days")
            .id()
            .field("calendar_id", .uuid, .required, .references("calendars", "id", onDelete: .cascade))
            .field("date", .string, .required)
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .unique(on: "calendar_id", "date")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("calendar_days").delete()
        try await database.schema("calendars").delete()
    }
}
