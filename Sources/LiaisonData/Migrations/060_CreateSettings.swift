import FluentKit

/// The organisation's settings, one row per named value (`OrganisationSettings.Key`), so that a later feature adds
/// a value without a new table. The row `settings.version` counts every change of the set, for `If-Match`.
struct CreateSettings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("settings")
            .field("key", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .field("updated_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("settings").delete()
    }
}
