import FluentKit
import SQLKit

/// Every migration, in order. A landed migration is never edited; changes come as new numbered files.
public enum Migrations {
    public static let all: [any Migration] = [
        CreateDepartments(),
        CreateUsers(),
        CreateUserRoles(),
        CreateSessions(),
        CreateAPITokens(),
        CreateAuditEntries(),
        CreateJobs(),
        CreateCustomers(),
        CreateCustomerTeam(),
        CreateContacts(),
        CreateInteractions(),
        CreateTimeline(),
        CreateAttachments(),
        CreateSearchIndex(),
        CreateImports(),
        CreateCalendars(),
        CreateSLAPolicies(),
        CreateRequests(),
        CreateNotifications(),
        CreateCannedResponses(),
        UpdateForAssignment(),
        AddMessageAttachments(),
        AddRequestQueueOrder(),
        AddSearchNameIndex(),
        TuneSearchIndexMerges(),
        DropSearchTitleIndex(),
        IndexFirstSearchDocumentsByCustomer(),
        IndexNotesAndFoldTraditionalChinese(),
        AddNotificationCustomer(),
        UpdateNotificationsForSubjects(),
        RekeyTimelineContacts(),
        ReadRequestEntriesFromMessages(),
        CompactAuditTrail(),
        DropSearchPartTitles(),
        TrimRequestMessageIndexes(),
        SlimSearchAndAuditIndexes(),
        AddNameLookup(),
        CreateMailboxes(),
        AddMailboxTimeouts(),
        CreateMailMessages(),
        AllowRequestsWithoutCustomer(),
        CreateWebhooks(),
        CreateChatRobots(),
        CreateNotificationPreferences(),
        AddMailboxAcknowledgement(),
        CreatePortalAccounts(),
        CreateSettings(),
        CreateAnnouncements(),
        CreateFeedbackStamps(),
        CreateNPSSurveys(),
        CreateRequirements(),
        CreateProjects(),
        CreateProjectTasks(),
        CreateCommunicationPlan(),
        CreateRisks(),
        CreateProjectRequirements(),
        CreateMeetings(),
        CreateClosureReviews(),
        CreateProgressReports(),
        AddProjectAlerts(),
        CreateChangeRequests(),
        CreateQualityChecks(),
        CreateCommitments(),
        CreateNudges(),
        CreateMessageLexicon(),
    ]
}

extension Migrations {
    /// Whether every migration is already recorded in Fluent's log: a short command (`liaison mail ingest`, run once
    /// per message by a mail server) then skips Fluent's migrator, whose start alone costs more than the message.
    public static func allApplied(on db: any Database) async throws -> Bool {
        struct Row: Decodable { var name: String }
        let applied: [Row]
        do {
            applied = try await db.sql.raw("SELECT name FROM _fluent_migrations").all(decoding: Row.self)
        } catch {
            return false  // no log yet: a new database
        }
        return Set(all.map(\.name)).isSubset(of: Set(applied.map(\.name)))
    }
}

extension AsyncMigration {
    /// The name the migration log knows it by: the type's qualified name ("LiaisonData.CreateDepartments"), the same
    /// as Fluent's own default, without its `String(reflecting:)` (a runtime scan of every protocol conformance in
    /// the program per migration, a fifth of a short command's start, such as `liaison mail ingest`).
    var name: String { _typeName(Self.self, qualified: true) }
}
