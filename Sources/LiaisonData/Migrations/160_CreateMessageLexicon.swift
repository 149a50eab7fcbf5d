import FluentKit
import FluentSQL
import SQLKit

/// The lexicon of the message check as the organisation edits it: one row per phrase (disrespectful or vague
/// wording), its kind, severity, language and suggestions, and whether a vague phrase is a promise without a time. The table stays empty until an administrator first
/// edits the lexicon; until then the built-in lexicon applies (`MessageCheckSettings.lexiconEdited`).
struct CreateMessageLexicon: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("message_lexicon")
            .id()
            .field("phrase", .string, .required)
            .field("kind", .string, .required)
            .field("severity", .string, .required)
            .field("language", .string)
            .field("suggestion_zh", .string)
            .field("suggestion_en", .string)
            .field("is_promise", .bool, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.sql.create(index: "message_lexicon_phrase").on("message_lexicon").column("phrase").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("message_lexicon").delete()
    }
}
